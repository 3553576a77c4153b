"""Fuzzed ingest: random bytes and random records never crash it, and every record is accounted for."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline.ingest
from pipeline.ingest import ingest, iter_ingest
from pipeline.ingest_text import decode, normalise
from pipeline.schemas import to_table

FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SURROGATE = re.compile("[\ud800-\udfff]")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
DOCUMENTED_REASONS = set(re.findall(r"^- `(\w+)`:", pipeline.ingest.__doc__, re.MULTILINE))

# Every code point, surrogates and control characters included.
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
odd_values = st.one_of(st.none(), any_text, st.integers(), st.floats(), st.booleans(),
                       st.lists(st.integers(), max_size=3),
                       st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
good_text = st.from_regex(r"[A-Z][a-z ]{0,30}\.", fullmatch=True)
good_date = st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(str))


def run_in(folder: Path, files: dict[str, bytes]) -> list[tuple[str, dict]]:
    """Write the files into a fresh folder, ingest it both ways, check the two agree and are writable."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    streamed = list(iter_ingest(folder))
    articles, rejects = ingest(folder)
    assert [row for kind, row in streamed if kind == "article"] == articles
    assert [row for kind, row in streamed if kind == "reject"] == rejects
    assert to_table("articles", articles).num_rows == len(articles)
    assert to_table("rejects", rejects).num_rows == len(rejects)
    for row in articles:
        assert row["text"].strip() and not SURROGATE.search(row["text"]) and not CONTROL.search(row["text"])
        assert row["published"] is None or isinstance(row["published"], date)
    for row in rejects:
        assert row["reason"] in DOCUMENTED_REASONS and row["message"]
    return streamed


def rows_of(streamed, source):
    return [(kind, row) for kind, row in streamed if row["source"] == source]


@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".parquet"]))
@FUZZ
def test_random_bytes_never_crash_and_a_txt_file_is_one_record(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        streamed = run_in(Path(tmp) / "in", {"f" + suffix: data})
        if suffix == ".txt":
            assert len(streamed) == 1


@given(data=st.binary(max_size=400))
@FUZZ
def test_random_bytes_as_jsonl_give_one_row_per_non_blank_line(data):
    with tempfile.TemporaryDirectory() as tmp:
        streamed = run_in(Path(tmp) / "in", {"f.jsonl": data})
        reasons = [row.get("reason") for _, row in streamed]
        if reasons in (["binary_file"], ["empty_file"]):
            return
        lines = [line for line in re.split(r"\r\n|\r|\n", decode(data)) if line.lstrip("\ufeff").strip()]
        assert len(streamed) == len(lines)


records = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.text(max_size=8), st.integers(), odd_values),
    "date": st.one_of(good_date, st.just("2023-02-30"), odd_values),
    "title": st.one_of(st.none(), any_text, odd_values),
    "text": st.one_of(good_text, any_text, odd_values, st.just(""), st.text(min_size=2000, max_size=3000)),
})


@given(rows=st.lists(records, min_size=1, max_size=12), ascii_only=st.booleans())
@FUZZ
def test_random_jsonl_records_each_become_one_row_in_order(rows, ascii_only):
    body = "".join(json.dumps(row, ensure_ascii=ascii_only) + "\n" for row in rows)
    with tempfile.TemporaryDirectory() as tmp:
        streamed = run_in(Path(tmp) / "in", {"f.jsonl": body.encode("utf-8", "surrogatepass")})
    if [row.get("reason") for _, row in streamed] == ["binary_file"]:
        return
    assert len(streamed) == len(rows)
    for number, (record, (kind, row)) in enumerate(zip(rows, streamed), start=1):
        if kind == "reject":
            assert row["line"] == number
        else:
            assert row["source_id"] == str(record["id"]) and row["text"] == normalise(record["text"])


good_records = st.fixed_dictionaries({"id": st.uuids().map(str), "date": good_date, "title": st.none(),
                                      "text": good_text})


@given(rows=st.lists(good_records, min_size=1, max_size=8, unique_by=lambda r: r["text"]))
@FUZZ
def test_distinct_good_jsonl_records_all_become_articles(rows):
    body = "".join(json.dumps(row) + "\n" for row in rows)
    with tempfile.TemporaryDirectory() as tmp:
        streamed = run_in(Path(tmp) / "in", {"f.jsonl": body.encode("utf-8")})
    articles = [row for kind, row in streamed if kind == "article"]
    assert len(articles) == len(streamed)
    assert [(a["source_id"], a["text"], a["published"]) for a in articles] == [
        (r["id"], r["text"], None if r["date"] is None else date.fromisoformat(r["date"])) for r in rows]


csv_cell = st.one_of(any_text, good_text, st.just(""), st.sampled_from(['"', '""', "a,b", "\r\n", "\n\n", "\x00"]))


# With "\n" line ends, minimal quoting leaves a lone CR unquoted, and a lone CR ends a CSV row.
csv_styles = st.sampled_from([("\r\n", csv.QUOTE_MINIMAL), ("\r\n", csv.QUOTE_ALL), ("\n", csv.QUOTE_ALL)])


@given(rows=st.lists(st.tuples(csv_cell, csv_cell, csv_cell, csv_cell, st.integers(1, 5)), min_size=1, max_size=10),
       style=csv_styles)
@FUZZ
def test_random_csv_rows_each_become_one_row_in_order(rows, style):
    terminator, quoting = style
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=terminator, quoting=quoting)
    writer.writerow(["id", "date", "title", "text"])
    for *cells, keep in rows:  # keep < 4 cells makes a ragged row (an empty row would be a blank line)
        writer.writerow(cells[:keep] if keep < 4 else cells)
    with tempfile.TemporaryDirectory() as tmp:
        streamed = run_in(Path(tmp) / "in", {"f.csv": buffer.getvalue().encode("utf-8", "surrogatepass")})
    if [row.get("reason") for _, row in streamed] == ["binary_file"]:
        return
    assert len(streamed) == len(rows)
    for (*cells, keep), (kind, row) in zip(rows, streamed):
        if kind == "article":
            assert keep >= 4 and row["source_id"] == cells[0] and row["text"] == normalise(cells[3])


@given(bad=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".parquet", ".bin"]))
@FUZZ
def test_a_bad_file_never_changes_the_good_articles(bad, suffix):
    good = {
        "a.txt": b"date 2023-09-01 North Korea launched a missile.",
        "b.jsonl": b'{"id": "j1", "date": "2023-09-02", "text": "Japan protested."}\n'
                   b'{"id": "j2", "text": "Seoul condemned it."}\n',
        "c.csv": b'id,date,title,text\nc1,2023-09-03,T,"The UN met,\nagain."\n',
    }
    with tempfile.TemporaryDirectory() as tmp:
        alone = run_in(Path(tmp) / "in", good)
        # Named to sort first: the bad file is read before the good ones.
        mixed = run_in(Path(tmp) / "in", {**good, "0bad" + suffix: bad})
    for source in good:
        assert rows_of(mixed, source) == rows_of(alone, source)
