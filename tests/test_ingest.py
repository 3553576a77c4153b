"""Ingest: every input record becomes an article row or a reject row with a reason."""

from __future__ import annotations

import json
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.ingest import ingest, iter_ingest
from pipeline.ingest_validate import parse_published


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("raw, published, body", [
    (" date 2023-11-06 Despite a setback, the agency tried.", date(2023, 11, 6),
     "Despite a setback, the agency tried."),
    ("date 2023-08-03 Body text.\n\nSecond paragraph.", date(2023, 8, 3), "Body text.\n\nSecond paragraph."),
    ("\n  date 2024-01-02\nBody on the next line.", date(2024, 1, 2), "Body on the next line."),
    ("No header at all, just text.", None, "No header at all, just text."),
    ("Date set for the next launch.", None, "Date set for the next launch."),  # prose, not a header
    ("DATE: 2023-05-31\r\nBody.", date(2023, 5, 31), "Body."),
])
def test_txt_header_and_body(tmp_path, raw, published, body):
    write(tmp_path, "a.txt", raw)
    articles, rejects = ingest(tmp_path)
    assert rejects == []
    assert articles[0]["published"] == published
    assert articles[0]["text"] == body
    assert articles[0]["source_id"] == "a"


@pytest.mark.parametrize("name, content, reason", [
    ("bad.txt", b"date 2023-09-01 Launch \xff\xfe report", "undecodable"),
    ("empty.txt", "date 2023-09-01    \n\n", "empty_text"),
    ("baddate.txt", "date 2023-13-45 A body.", "bad_date"),
    ("notes.docx", "whatever", "unsupported_format"),
    ("broken.parquet", b"PAR1 not really", "unreadable_file"),
])
def test_bad_files_become_rejects(tmp_path, name, content, reason):
    write(tmp_path, name, content)
    write(tmp_path, "good.txt", "date 2023-09-01 A good article.")
    articles, rejects = ingest(tmp_path)
    assert [a["source_id"] for a in articles] == ["good"]
    assert [r["reason"] for r in rejects] == [reason]
    assert rejects[0]["message"]


def test_jsonl_bad_lines_do_not_take_neighbours(tmp_path):
    lines = [
        json.dumps({"id": "a", "date": "2023-01-01", "title": "A", "text": "First."}),
        '{"id": "b", "date": "2023-01-02", "text": "trunc',
        json.dumps({"id": "c", "date": "2023-13-45", "text": "Bad date."}),
        json.dumps({"id": "d", "date": "2023-01-04", "text": ""}),
        json.dumps({"id": "a", "date": "2023-01-05", "text": "Same id again."}),
        json.dumps({"id": "e", "text": "No date is allowed."}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"date": "2023-01-06", "text": "No id."}),
    ]
    write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    articles, rejects = ingest(tmp_path)
    assert [(a["source_id"], a["published"]) for a in articles] == [("a", date(2023, 1, 1)), ("e", None)]
    assert [(r["reason"], r["line"]) for r in rejects] == [
        ("malformed_record", 2), ("bad_date", 3), ("empty_text", 4), ("duplicate_id", 5),
        ("malformed_record", 7), ("missing_field", 8)]
    assert "line 2" in rejects[0]["message"]


def test_csv_and_parquet(tmp_path):
    write(tmp_path, "feed.csv", 'id,date,title,text\nc1,2023-05-31,T,"Multi-line,\ntext."\nc2,,,Undated.\n')
    table = pa.table({"id": ["p1"], "date": [date(2024, 5, 27)], "title": [None], "text": ["From parquet."]})
    pq.write_table(table, tmp_path / "feed.parquet")
    articles, rejects = ingest(tmp_path)
    assert rejects == []
    by_id = {a["source_id"]: a for a in articles}
    assert by_id["c1"]["text"] == "Multi-line,\ntext."
    assert by_id["c2"]["published"] is None and by_id["c2"]["title"] is None
    assert by_id["p1"]["published"] == date(2024, 5, 27)


def test_duplicate_content_is_rejected_and_ids_are_content_hashes(tmp_path):
    write(tmp_path, "one.txt", "date 2023-01-01 Same text.")
    write(tmp_path, "two.txt", "date 2023-01-01 Same text.")
    articles, rejects = ingest(tmp_path)
    assert len(articles) == 1 and rejects[0]["reason"] == "duplicate_content"
    again, _ = ingest(tmp_path)
    assert again[0]["article_id"] == articles[0]["article_id"]


@pytest.mark.parametrize("value, expected", [
    ("2023-11-06", date(2023, 11, 6)), ("2023-11-06T08:00:00Z", date(2023, 11, 6)),
    (None, None), ("", None), (date(2020, 2, 9), date(2020, 2, 9)),
    (" 2023-11-06 ", date(2023, 11, 6)), ("2023-11-06 23:30", date(2023, 11, 6)),
    ("2023-11-06T23:30:00.5-05:00", date(2023, 11, 6)),
])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["2023-13-45", "2023-02-30", "yesterday", "06/11/2023", "20231106",
                                   "2023-11-06 and more", "2023-11-06T8"])
def test_parse_published_rejects_garbage(value):
    with pytest.raises(ValueError):
        parse_published(value)


@pytest.mark.parametrize("value", [20231106, 2023.5, True, ["2023-11-06"], {"date": "2023-11-06"}])
def test_parse_published_rejects_other_types(value):
    with pytest.raises(TypeError):
        parse_published(value)


def test_fsspec_urls_read_like_local_folders(tmp_path):
    fsspec = pytest.importorskip("fsspec")
    files = {"b/two.jsonl": json.dumps({"id": "j", "text": "From JSONL."}) + "\n",
             "a.txt": "date 2023-01-01 From a text file.", ".hidden/x.txt": "date 2023-01-01 Hidden."}
    memory = fsspec.filesystem("memory")
    try:
        for name, content in files.items():
            memory.pipe(f"/ingest-test/{name}", content.encode())
            (tmp_path / name).parent.mkdir(exist_ok=True)
            write(tmp_path, name, content)
        assert list(iter_ingest("memory://ingest-test")) == list(iter_ingest(tmp_path))
        assert [row["source"] for _, row in iter_ingest("memory://ingest-test")] == ["a.txt", "b/two.jsonl"]
        assert [row["source"] for _, row in iter_ingest("memory://ingest-test/a.txt")] == ["a.txt"]
        with pytest.raises(FileNotFoundError):
            iter_ingest("memory://ingest-test/nowhere")
    finally:
        memory.rm("/ingest-test", recursive=True)
