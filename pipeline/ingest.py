"""Ingest: read a file or a folder of articles into `articles` and `rejects` rows.

Formats: `.txt` in the seeds' format (optional leading spaces, `date YYYY-MM-DD`, then
the body), `.jsonl`, `.csv` and `.parquet` with columns `id, date, title, text` (title
optional).  Every input record becomes exactly one article row or one reject row with
a reason code; one bad record never takes its neighbours with it.

`articles.text` is the input text exactly as given (for `.txt`, the body after the
header), because every character offset in every other table indexes it.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.ids import content_id

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".csv", ".parquet")
TXT_HEADER = re.compile(r"\A[\s\ufeff]*date[:\s]\s*(\S+)\s*", re.IGNORECASE)
REQUIRED_FIELDS = ("id", "text")

# Reject reason codes (stable: analysts filter on them).
UNDECODABLE = "undecodable"
UNREADABLE = "unreadable_file"
UNSUPPORTED = "unsupported_format"
MALFORMED = "malformed_record"
MISSING_FIELD = "missing_field"
EMPTY_TEXT = "empty_text"
BAD_DATE = "bad_date"
DUPLICATE_ID = "duplicate_id"
DUPLICATE_CONTENT = "duplicate_content"


@dataclass(frozen=True)
class RawRecord:
    """One input record before validation."""

    source: str
    source_id: str
    line: int | None
    date: object
    title: str | None
    text: object


@dataclass(frozen=True)
class Reject:
    """One input record (or file) that could not become an article."""

    source: str
    source_id: str | None
    reason: str
    message: str
    line: int | None = None

    def row(self) -> dict:
        return {"source": self.source, "source_id": self.source_id, "reason": self.reason,
                "message": self.message, "line": self.line}


def discover(input_path: Path) -> list[Path]:
    """The input files: the file itself, or every non-hidden file below a folder, sorted."""
    if input_path.is_file():
        return [input_path]
    if not input_path.is_dir():
        raise FileNotFoundError(f"input not found: {input_path}")
    files = [p for p in input_path.rglob("*") if p.is_file()]
    visible = [p for p in files if not any(part.startswith(".") for part in p.relative_to(input_path).parts)]
    return sorted(visible)


def source_name(path: Path, root: Path) -> str:
    """How a file is named in `source`: relative to the input folder, with forward slashes."""
    base = root if root.is_dir() else root.parent
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.name


def read_records(path: Path, source: str) -> Iterator[RawRecord | Reject]:
    """Yield the raw records of one file, or rejects for what cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield Reject(source, None, UNSUPPORTED, f"unsupported file type {suffix or '(none)'}; "
                     f"expected one of {', '.join(SUPPORTED_SUFFIXES)}")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Reject(source, None, UNREADABLE, f"cannot read file: {exc.strerror}")
        return
    if suffix == ".parquet":
        yield from _parquet_records(data, source)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Reject(source, path.stem if suffix == ".txt" else None, UNDECODABLE,
                     f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}")
        return
    readers = {".txt": _txt_records, ".jsonl": _jsonl_records, ".csv": _csv_records}
    yield from readers[suffix](text, source, path.stem)


def _txt_records(text: str, source: str, stem: str) -> Iterator[RawRecord]:
    match = TXT_HEADER.match(text)
    if match is None:
        yield RawRecord(source, stem, None, None, None, text)
        return
    yield RawRecord(source, stem, None, match.group(1), None, text[match.end():])


def _jsonl_records(text: str, source: str, stem: str) -> Iterator[RawRecord | Reject]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Reject(source, None, MALFORMED, f"line {number}: invalid JSON: {exc.msg} at column {exc.colno}",
                         number)
            continue
        if not isinstance(obj, dict):
            yield Reject(source, None, MALFORMED, f"line {number}: expected a JSON object", number)
            continue
        yield _record_from_mapping(obj, source, number)


def _csv_records(text: str, source: str, stem: str) -> Iterator[RawRecord | Reject]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [name for name in REQUIRED_FIELDS if name not in (reader.fieldnames or [])]
    if missing:
        yield Reject(source, None, MISSING_FIELD, f"CSV header lacks column(s) {missing}", 1)
        return
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Reject(source, None, MALFORMED, f"line {line}: unreadable CSV: {exc}", line)
            return
        if None in row:
            yield Reject(source, row.get("id") or None, MALFORMED, f"line {line}: more cells than columns", line)
            continue
        yield _record_from_mapping(row, source, line)


def _parquet_records(data: bytes, source: str) -> Iterator[RawRecord | Reject]:
    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises many types for corrupt files
        yield Reject(source, None, UNREADABLE, f"not a readable Parquet file: {exc}")
        return
    missing = [name for name in REQUIRED_FIELDS if name not in table.column_names]
    if missing:
        yield Reject(source, None, MISSING_FIELD, f"Parquet file lacks column(s) {missing}")
        return
    for number, row in enumerate(table.to_pylist(), start=1):
        yield _record_from_mapping(row, source, number)


def _record_from_mapping(obj: dict, source: str, line: int) -> RawRecord | Reject:
    record_id = obj.get("id")
    if record_id is None or str(record_id).strip() == "":
        return Reject(source, None, MISSING_FIELD, f"record {line}: no id", line)
    if "text" not in obj:
        return Reject(source, str(record_id), MISSING_FIELD, f"record {line}: no text field", line)
    title = obj.get("title")
    return RawRecord(source, str(record_id), line, obj.get("date"), None if title in (None, "") else str(title),
                     obj.get("text"))


def parse_published(value: object) -> date | None:
    """The publication date of a record: None when absent, ValueError when unparseable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"unparseable date {text!r}; expected YYYY-MM-DD") from None


def validate(record: RawRecord) -> dict | Reject:
    """Turn a raw record into an article row, or a reject saying why not."""
    if not isinstance(record.text, str):
        return Reject(record.source, record.source_id, MISSING_FIELD, "text is not a string", record.line)
    if not record.text.strip():
        return Reject(record.source, record.source_id, EMPTY_TEXT, "text is empty", record.line)
    try:
        published = parse_published(record.date)
    except ValueError as exc:
        return Reject(record.source, record.source_id, BAD_DATE, str(exc), record.line)
    article_id = content_id(published, record.title, record.text)
    return {"article_id": article_id, "source": record.source, "source_id": record.source_id,
            "published": published, "title": record.title, "text": record.text,
            "content_hash": article_id}


def ingest(input_path: Path) -> tuple[list[dict], list[dict]]:
    """Read every input file below `input_path`: (article rows, reject rows).

    The first record with a given `source_id` (in sorted file order, then line order)
    wins; later ones are rejected as duplicates, and so are exact duplicate contents.
    """
    articles: list[dict] = []
    rejects: list[Reject] = []
    seen_ids: dict[str, str] = {}
    seen_content: dict[str, str] = {}
    for path in discover(input_path):
        source = source_name(path, input_path)
        for item in read_records(path, source):
            outcome = item if isinstance(item, Reject) else validate(item)
            if isinstance(outcome, Reject):
                rejects.append(outcome)
                continue
            duplicate = _duplicate(outcome, seen_ids, seen_content, item)
            if duplicate is not None:
                rejects.append(duplicate)
                continue
            articles.append(outcome)
    log.info("ingested %d articles, %d rejects", len(articles), len(rejects))
    return articles, [r.row() for r in rejects]


def _duplicate(article: dict, seen_ids: dict, seen_content: dict, record: RawRecord) -> Reject | None:
    where = f"{article['source']}" + (f" line {record.line}" if record.line else "")
    if article["source_id"] in seen_ids:
        return Reject(article["source"], article["source_id"], DUPLICATE_ID,
                      f"id {article['source_id']!r} already read from {seen_ids[article['source_id']]}", record.line)
    if article["article_id"] in seen_content:
        return Reject(article["source"], article["source_id"], DUPLICATE_CONTENT,
                      f"same date, title and text as {seen_content[article['article_id']]}", record.line)
    seen_ids[article["source_id"]] = where
    seen_content[article["article_id"]] = where
    return None

