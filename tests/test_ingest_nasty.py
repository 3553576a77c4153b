"""Nasty input: no crash, every record ends as exactly one article or one reject, neighbours unaffected.

Small nasty files live in `tests/fixtures/nasty/`; big and binary ones are made here in `tmp_path`.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline.ingest
from pipeline import ingest_records
from pipeline.ingest import MAX_CHARS, ingest, iter_ingest
from pipeline.ingest_text import normalise
from pipeline.schemas import to_table

NASTY = Path(__file__).parent / "fixtures" / "nasty"
A = "article"


def outcomes(path, **kwargs) -> list[tuple]:
    """(article or reason, source_id, line) for every output row, in order."""
    return [(A if kind == A else row["reason"], row["source_id"], row["line"] if kind != A else None)
            for kind, row in iter_ingest(path, **kwargs)]


def only_article(path, **kwargs) -> dict:
    articles, rejects = ingest(path, **kwargs)
    assert rejects == [] and len(articles) == 1
    return articles[0]


# One line per fixture: what each record of the file becomes.
FILES = [
    ("good.txt", [(A, "good", None)]),
    ("controls.txt", [(A, "controls", None)]),
    ("crlf.txt", [(A, "crlf", None)]),
    ("lone_cr.txt", [(A, "lone_cr", None)]),
    ("utf8_bom.txt", [(A, "utf8_bom", None)]),
    ("utf16_bom.txt", [(A, "utf16_bom", None)]),
    ("utf16be_bom.txt", [(A, "utf16be_bom", None)]),
    ("no_header.txt", [(A, "no_header", None)]),
    ("invalid_utf8.txt", [("undecodable", "invalid_utf8", None)]),
    ("png_renamed.txt", [("binary_file", "png_renamed", None)]),
    ("zip_renamed.txt", [("binary_file", "zip_renamed", None)]),
    ("elf_renamed.txt", [("binary_file", "elf_renamed", None)]),
    ("mostly_binary.txt", [("binary_file", "mostly_binary", None)]),
    ("empty.txt", [("empty_text", "empty", None)]),
    ("whitespace.txt", [("empty_text", "whitespace", None)]),
    ("header_only.txt", [("empty_text", "header_only", None)]),
    ("impossible_feb.txt", [("bad_date", "impossible_feb", None)]),
    ("impossible_month.txt", [("bad_date", "impossible_month", None)]),
    ("notes.docx", [("unsupported_format", None, None)]),
    ("README", [("unsupported_format", None, None)]),
    ("empty.jsonl", [("empty_file", None, None)]),
    ("header_only.csv", [("empty_file", None, None)]),
    ("no_text_column.csv", [("missing_field", None, 2), ("missing_field", None, 3)]),
    ("mixed.jsonl", [
        (A, "j1", None),                        # line 2 is blank: no record
        ("malformed_record", None, 3),          # broken JSON in the middle
        ("malformed_record", None, 5),          # valid JSON, but a list; line 4 is blank
        (A, "7", None),                         # numeric id converted to a string
        ("wrong_type", "j4", 7),                # text is a list
        ("missing_field", "j5", 8),             # text is null
        ("wrong_type", "j6", 9),                # date is a number
        ("wrong_type", "j7", 10),               # title is a dict
        ("undecodable", "j8", 11),              # a lone surrogate escape
        ("bad_date", "j9", 12),                 # 2023-02-30
        ("duplicate_id", "j1", 13),
        ("duplicate_content", "j10", 14),
        (A, "j11", None),                       # raw tab kept, NUL stripped
        ("wrong_type", None, 16),               # id is a float
        (A, "j12", None),
        ("undecodable", None, 18),              # an invalid byte costs only its line
        (A, "j14", None),
    ]),
    ("messy.csv", [
        (A, "c1", None),                        # quotes and a CRLF inside quoted fields
        (A, "c2", None),                        # empty cells: no date, no title
        ("malformed_record", "c3", 5),          # too few cells (the record started on line 5)
        ("malformed_record", "c4", 6),          # too many cells
        ("bad_date", "c5", 7),
        ("undecodable", "c6", 8),
        (A, "c7", None),                        # after a blank line
    ]),
]


@pytest.mark.parametrize("name, expected", FILES, ids=[name for name, _ in FILES])
def test_every_record_of_a_nasty_file_is_accounted_for(name, expected):
    assert outcomes(NASTY / name) == expected


def test_every_fixture_has_a_row_in_the_table_above():
    assert sorted(p.name for p in NASTY.iterdir()) == sorted(name for name, _ in FILES)


def test_nasty_folder_rows_are_writable_and_every_reject_explains_itself():
    articles, rejects = ingest(NASTY)
    assert to_table("articles", articles).num_rows == len(articles)
    assert to_table("rejects", rejects).num_rows == len(rejects)
    assert all(r["message"] and r["reason"] for r in rejects)
    assert [r["line"] for r in rejects if r["source"] == "mixed.jsonl"][:2] == [3, 5]
    assert all(f"line {r['line']}" in r["message"] for r in rejects if r["line"] is not None)


@pytest.mark.parametrize("name, published, text", [
    ("crlf.txt", date(2023, 9, 5), "First line.\nSecond line.\n"),
    ("lone_cr.txt", date(2023, 9, 6), "First line.\nSecond line.\n"),
    ("controls.txt", date(2023, 9, 7), "The rocket flew east."),
    ("utf8_bom.txt", date(2023, 9, 4), "The UN met on Monday."),
    ("utf16_bom.txt", date(2023, 9, 2), "Japan protested the launch.\n"),
    ("utf16be_bom.txt", date(2023, 9, 3), "Seoul condemned the test."),
    ("no_header.txt", None, "Date palms grow in the desert near the launch site."),
])
def test_decoded_and_normalised_text_is_what_is_stored(name, published, text):
    article = only_article(NASTY / name)
    assert (article["published"], article["text"]) == (published, text)


@pytest.mark.parametrize("raw, stored", [
    ("a\r\nb\rc\n", "a\nb\nc\n"),
    ("tab\tkept", "tab\tkept"),
    ("x\x00y\x0bz\x1f!", "xyz!"),                # C0 controls but tab and LF
    ("x\x7fy\x85z\x9f!", "xyz!"),                # DEL and C1 controls
    ("\ufeffBOM and zero\ufeff-width", "BOM and zero-width"),
    ("über\u2028line", "über\u2028line"),         # real Unicode stays
])
def test_normalise(raw, stored):
    assert normalise(raw) == stored


def test_every_reason_code_is_documented_in_the_module_docstring():
    codes = {value for name, value in vars(ingest_records).items() if name.isupper() and isinstance(value, str)}
    assert codes and all(f"- `{code}`:" in pipeline.ingest.__doc__ for code in codes)


def test_jsonl_and_csv_fields_are_normalised():
    by_id = {a["source_id"]: a for a in ingest(NASTY)[0]}
    assert by_id["j11"]["text"] == "Tab\tand NUL are stripped."
    assert by_id["c1"]["title"] == 'He said "no"' and by_id["c1"]["text"] == "Line one,\nline two."
    assert by_id["c2"]["published"] is None and by_id["c2"]["title"] is None


def test_good_neighbours_are_unaffected_by_each_nasty_file(tmp_path):
    shutil.copy(NASTY / "good.txt", tmp_path / "good.txt")
    alone = ingest(tmp_path)[0]
    for nasty in sorted(p for p in NASTY.iterdir() if p.name != "good.txt"):
        shutil.copy(nasty, tmp_path / nasty.name)
        mixed = [a for a in ingest(tmp_path)[0] if a["source"] == "good.txt"]
        assert mixed == alone, nasty.name
        (tmp_path / nasty.name).unlink()


def test_a_twenty_megabyte_article_is_too_long_in_every_format(tmp_path):
    body = ("North Korea launched a missile. " * 700_000)[:20_000_000]
    (tmp_path / "huge.txt").write_text("date 2023-01-01 " + body)
    (tmp_path / "huge.jsonl").write_text(json.dumps({"id": "j", "text": body}) + "\n"
                                         + json.dumps({"id": "after", "text": "Still read after JSON."}) + "\n")
    (tmp_path / "huge.csv").write_text(f"id,text\nc,{body}\nafter-csv,Still read.\n")
    pq.write_table(pa.table({"id": ["p", "after-pq"], "text": [body, "Still read too."]}), tmp_path / "huge.parquet")
    assert outcomes(tmp_path) == [
        ("too_long", "c", 2), (A, "after-csv", None),
        ("too_long", None, 1), (A, "after", None),  # a line that long is skipped unparsed
        ("too_long", "p", 1), (A, "after-pq", None),
        ("too_long", "huge", None)]


def test_the_length_limit_is_a_parameter_on_normalised_text(tmp_path):
    (tmp_path / "a.txt").write_text("date 2023-01-01 " + "x" * 100 + "\x00" * 10)
    assert outcomes(tmp_path, max_chars=100) == [(A, "a", None)]
    assert outcomes(tmp_path, max_chars=99) == [("too_long", "a", None)]
    assert MAX_CHARS == 1_000_000  # spaCy's default nlp.max_length


def test_a_jsonl_line_too_long_to_parse_is_skipped_unread(tmp_path):
    lines = [json.dumps({"id": "a", "text": "x" * 2_000_000}), json.dumps({"id": "b", "text": "Kept."}), "{broken"]
    (tmp_path / "f.jsonl").write_text("\r\n".join(lines))
    assert outcomes(tmp_path, max_chars=1000) == [("too_long", None, 1), (A, "b", None), ("malformed_record", None, 3)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32"])
def test_jsonl_and_csv_with_a_byte_order_mark(tmp_path, encoding):
    (tmp_path / "f.jsonl").write_text(json.dumps({"id": "j", "text": "Über."}) + "\r\n", encoding=encoding)
    (tmp_path / "f.csv").write_text("id,text\r\nc,Größe.\r\n", encoding=encoding)
    articles, rejects = ingest(tmp_path)
    assert rejects == [] and [(a["source_id"], a["text"]) for a in articles] == [("c", "Größe."), ("j", "Über.")]


def test_jsonl_raw_control_and_unicode_line_separators_stay_inside_their_record(tmp_path):
    """Only CR and LF end a JSONL line: U+2028 and NEL inside a string do not split the record."""
    (tmp_path / "f.jsonl").write_bytes('{"id": "a", "text": "Tab\there, NUL\x00, NEL\x85, LS\u2028end."}\n'
                                       '{"id": "b", "text": "Next."}\n'.encode("utf-8"))
    articles, rejects = ingest(tmp_path)
    assert rejects == [] and [a["text"] for a in articles] == ["Tab\there, NUL, NEL, LS\u2028end.", "Next."]


def test_jsonl_with_lone_cr_line_endings(tmp_path):
    (tmp_path / "mac.jsonl").write_bytes(b'{"id": "a", "text": "A."}\r{"id": "b", "text": "B."}\r')
    assert outcomes(tmp_path) == [(A, "a", None), (A, "b", None)]


def test_duplicate_ids_across_files_first_in_sorted_order_wins(tmp_path):
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "a", "text": "From the JSONL."}) + "\n")
    (tmp_path / "a.txt").write_text("date 2023-01-01 From the text file.")
    (tmp_path / "c.csv").write_text("id,text\na,From the CSV.\n")
    articles, rejects = ingest(tmp_path)
    assert [(a["source"], a["text"]) for a in articles] == [("a.txt", "From the text file.")]
    assert [(r["source"], r["reason"], r["line"]) for r in rejects] == [
        ("b.jsonl", "duplicate_id", 1), ("c.csv", "duplicate_id", 2)]
    assert "a.txt" in rejects[0]["message"]


def test_random_binary_named_txt_is_binary(tmp_path):
    (tmp_path / "noise.txt").write_bytes(bytes((i * 7919 + 13) % 256 for i in range(5000)))
    (tmp_path / "noise.jsonl").write_bytes(bytes((i * 104729 + 7) % 256 for i in range(5000)))
    assert outcomes(tmp_path) == [("binary_file", None, None), ("binary_file", "noise", None)]


def test_a_file_name_that_is_not_utf8_still_gives_a_writable_row(tmp_path):
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"date 2023-01-01 A body.")
    article = only_article(tmp_path)
    assert article["source"] == "caf\\udce9.txt" and article["source_id"] == "caf\\udce9"
    assert to_table("articles", [article]).num_rows == 1


def write_parquet(path, columns: dict, schema=None):
    pq.write_table(pa.table(columns, schema=schema), path)


@pytest.mark.parametrize("columns, expected", [
    ({"id": ["a", "b"], "date": ["2023-01-01", None]}, [("missing_field", None, 1), ("missing_field", None, 2)]),
    ({"text": ["A.", "B."]}, [("missing_field", None, 1), ("missing_field", None, 2)]),
    ({"id": [1, 2], "text": ["A.", "B."]}, [(A, "1", None), (A, "2", None)]),
    ({"id": ["a", "b"], "text": [1, 2]}, [("wrong_type", "a", 1), ("wrong_type", "b", 2)]),
    ({"id": ["a", "b"], "text": [b"A.", b"B."]}, [("wrong_type", "a", 1), ("wrong_type", "b", 2)]),
    ({"id": ["a", "b"], "date": [20230101, 20230102], "text": ["A.", "B."]},
     [("wrong_type", "a", 1), ("wrong_type", "b", 2)]),
    ({"id": ["a", "b"], "date": [datetime(2023, 1, 1, 8), None], "title": [{"x": 1}, None], "text": ["A.", "B."]},
     [("wrong_type", "a", 1), (A, "b", None)]),
    ({"id": ["a", "b", "c"], "date": ["2023-02-30", "2023-13-01", "2023-01-03"], "text": ["A.", "B.", "C."]},
     [("bad_date", "a", 1), ("bad_date", "b", 2), (A, "c", None)]),
    ({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())}, [("empty_file", None, None)]),
])
def test_parquet_with_missing_columns_and_wrong_types(tmp_path, columns, expected):
    write_parquet(tmp_path / "f.parquet", columns)
    assert outcomes(tmp_path) == expected


def test_parquet_dates_and_timestamps_are_publication_dates(tmp_path):
    write_parquet(tmp_path / "f.parquet", {"id": ["a", "b"], "date": [datetime(2023, 1, 1, 23), None],
                                           "text": ["A.", "B."]})
    assert [a["published"] for a in ingest(tmp_path)[0]] == [date(2023, 1, 1), None]


def test_corrupt_and_truncated_parquet_files_are_unreadable(tmp_path):
    write_parquet(tmp_path / "whole.parquet", {"id": ["a"], "text": ["A."]})
    data = (tmp_path / "whole.parquet").read_bytes()
    (tmp_path / "whole.parquet").unlink()
    (tmp_path / "cut.parquet").write_bytes(data[: len(data) // 2])
    (tmp_path / "junk.parquet").write_bytes(b"PAR1 not really")
    (tmp_path / "text.parquet").write_text("id,text\na,A.\n")
    assert [r[0] for r in outcomes(tmp_path)] == ["unreadable_file"] * 3


def test_a_damaged_parquet_page_rejects_every_row_it_hides(tmp_path):
    path = tmp_path / "f.parquet"
    pq.write_table(pa.table({"id": [f"r{i}" for i in range(6)], "text": [f"Text {i}." for i in range(6)]}),
                   path, row_group_size=3, compression="none")
    data = bytearray(path.read_bytes())
    start = data.index(b"Text 3.")  # inside the second row group's text column
    data[start - 40:start + 20] = b"\xff" * 60
    path.write_bytes(bytes(data))
    assert outcomes(tmp_path) == [(A, "r0", None), (A, "r1", None), (A, "r2", None),
                                  ("unreadable_file", None, 4), ("unreadable_file", None, 5),
                                  ("unreadable_file", None, 6)]
    assert "\n" not in ingest(tmp_path)[1][0]["message"]


def test_iter_ingest_reads_lazily(tmp_path):
    """The second file is opened, and a JSONL file read further, only as the iterator is consumed."""
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a1", "text": "One."}) + "\n")
    (tmp_path / "b.txt").write_text("date 2023-01-01 Before.")
    stream = iter_ingest(tmp_path)
    assert next(stream)[1]["source_id"] == "a1"
    with open(tmp_path / "a.jsonl", "a") as handle:
        handle.write(json.dumps({"id": "a2", "text": "Appended."}) + "\n")
    (tmp_path / "b.txt").write_text("date 2023-01-01 After.")
    assert [(row["source_id"], row["text"]) for _, row in stream] == [("a2", "Appended."), ("b", "After.")]


def test_iter_ingest_raises_on_a_missing_input_at_the_call(tmp_path):
    with pytest.raises(FileNotFoundError):
        iter_ingest(tmp_path / "nowhere")


def test_iter_ingest_and_ingest_agree_on_the_nasty_folder():
    articles, rejects = ingest(NASTY)
    streamed = list(iter_ingest(NASTY))
    assert [row for kind, row in streamed if kind == A] == articles
    assert [row for kind, row in streamed if kind == "reject"] == rejects
