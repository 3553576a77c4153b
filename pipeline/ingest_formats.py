"""Readers: one file in, its raw records (or rejects for what cannot be read) out, lazily.

`.jsonl` is read line by line and `.csv` row by row through an incremental decoder, and
`.parquet` batch by batch, so memory holds one record (or one small batch), never a file.
A `.txt` file is one record; files too big to hold an article under the length limit are
rejected from their size without being read.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import BinaryIO, TextIO

import pyarrow.parquet as pq

from pipeline.ingest_records import (BINARY, EMPTY_FILE, FIELDS, MALFORMED, MISSING_FIELD, REQUIRED_FIELDS,
                                     TOO_LONG, UNDECODABLE, UNREADABLE, UNSUPPORTED, InputFile, RawRecord, Reject,
                                     record_from_mapping)
from pipeline.ingest_text import (DECODE_ERRORS, SNIFF_BYTES, binary_reason, decode, first_invalid, normalise,
                                  sniff_encoding)

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".csv", ".parquet")
TXT_HEADER = re.compile(r"\A\s*date[:\s]\s*(\d\S*)\s*", re.IGNORECASE)
# A character takes at most 4 bytes in UTF-8, UTF-16 and UTF-32; margin for the header.
BYTES_PER_CHAR = 4
SIZE_MARGIN = 65536
# A JSON string escape spells a character in up to 12 characters (a `\ud83d\ude00` pair).
JSON_CHARS_PER_CHAR = 12
PARQUET_BATCH_ROWS = 128
# The csv module refuses fields over 128 KiB by default; articles are longer.  The limit is
# process-wide, so it is only ever raised, to the largest value every platform accepts.
CSV_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


def read_records(file: InputFile, *, max_chars: int) -> Iterator[RawRecord | Reject]:
    """Yield the raw records of one file in file order, or rejects for what cannot be read."""
    source, name = file.source, PurePosixPath(file.source)
    suffix = name.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield Reject(source, None, UNSUPPORTED, f"unsupported file type {suffix or '(none)'}; "
                     f"expected one of {', '.join(SUPPORTED_SUFFIXES)}")
        return
    try:
        with file.open() as handle:
            yield from _read_open(handle, suffix, source, name.stem, max_chars)
    except OSError as exc:
        yield Reject(source, None, UNREADABLE, f"cannot read file: {exc.strerror or exc}")


def _read_open(handle: BinaryIO, suffix: str, source: str, stem: str, max_chars: int) -> Iterator:
    if suffix == ".parquet":
        yield from _parquet_records(handle, source)
        return
    head = handle.read(SNIFF_BYTES)
    reason = binary_reason(head)
    if reason is not None:
        yield Reject(source, stem if suffix == ".txt" else None, BINARY, reason)
        return
    if suffix == ".txt":
        yield _txt_record(head, handle, source, stem, max_chars)
        return
    handle.seek(0)
    stream = io.TextIOWrapper(handle, encoding=sniff_encoding(head[:4]), errors=DECODE_ERRORS, newline="")
    reader = _jsonl_records(stream, source, max_chars) if suffix == ".jsonl" else _csv_records(stream, source)
    empty = True
    for item in reader:
        empty = False
        yield item
    if empty:
        yield Reject(source, None, EMPTY_FILE, "no records in file")


def _txt_record(head: bytes, handle: BinaryIO, source: str, stem: str, max_chars: int) -> RawRecord | Reject:
    """The one record of a `.txt` file: `date YYYY-MM-DD` header (optional), then the body."""
    limit = BYTES_PER_CHAR * max_chars + SIZE_MARGIN
    data = head + handle.read(limit + 1 - len(head))  # limit >= SNIFF_BYTES >= len(head)
    if len(data) > limit:
        return Reject(source, stem, TOO_LONG, f"file is over {limit} bytes, so its text is over "
                      f"{max_chars} characters")
    # Normalised before the header is matched, so a control character cannot hide the header;
    # `validate` normalises the body again, which changes nothing.
    text = normalise(decode(data))
    match = TXT_HEADER.match(text)
    if match is None:
        return RawRecord(source, stem, None, None, None, text)
    return RawRecord(source, stem, None, match.group(1), None, text[match.end():])


def _jsonl_records(stream: TextIO, source: str, max_chars: int) -> Iterator[RawRecord | Reject]:
    limit = JSON_CHARS_PER_CHAR * max_chars + SIZE_MARGIN
    for number, line in _bounded_lines(stream, limit):
        if line is None:
            yield Reject(source, None, TOO_LONG, f"line {number}: over {limit} characters; not parsed", number)
            continue
        # Concatenated files keep their byte-order marks at the start of a line.
        line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        invalid = first_invalid(line)
        if invalid is not None:
            what, position = invalid
            yield Reject(source, None, UNDECODABLE, f"line {number}, column {position + 1}: {what}", number)
            continue
        yield _json_object(line, source, number)


def _bounded_lines(stream: TextIO, limit: int) -> Iterator[tuple[int, str | None]]:
    """(line number, line) pairs; the line is None when longer than `limit`, and then skipped unread."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) <= limit or line.endswith(("\n", "\r")):
            yield number, line
            continue
        while (rest := stream.readline(SIZE_MARGIN)) and not rest.endswith(("\n", "\r")):
            pass
        yield number, None


def _json_object(line: str, source: str, number: int) -> RawRecord | Reject:
    try:
        # strict=False: raw tabs and control characters inside strings are tolerated; normalise drops them.
        obj = json.loads(line, strict=False)
    except json.JSONDecodeError as exc:
        return Reject(source, None, MALFORMED, f"line {number}: invalid JSON: {exc.msg} (column {exc.colno})",
                      number)
    except (ValueError, RecursionError) as exc:  # integers over 4300 digits, absurd nesting
        return Reject(source, None, MALFORMED, f"line {number}: invalid JSON: {exc}", number)
    if not isinstance(obj, dict):
        return Reject(source, None, MALFORMED, f"line {number}: expected a JSON object, got {type(obj).__name__}",
                      number)
    return record_from_mapping(obj, source, number)


def _csv_records(stream: TextIO, source: str) -> Iterator[RawRecord | Reject]:
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    reader = csv.reader(stream)
    header = _csv_row(reader)
    while header == []:  # blank lines before the header
        header = _csv_row(reader)
    if header is None:
        return
    if isinstance(header, csv.Error):
        yield Reject(source, None, MALFORMED, f"line 1: unreadable CSV header: {header}", 1)
        return
    columns = {}
    for index, name in enumerate(cell.strip() for cell in header):
        columns.setdefault(name, index)
    missing = [name for name in REQUIRED_FIELDS if name not in columns]
    while True:
        line = reader.line_num + 1
        row = _csv_row(reader)
        if row is None:
            return
        if isinstance(row, csv.Error):
            yield Reject(source, None, MALFORMED, f"line {line}: unreadable CSV: {row}", line)
        elif row:  # the csv module returns [] for a blank line, which is no record
            yield _csv_record(row, header, columns, missing, source, line)


def _csv_row(reader) -> list[str] | csv.Error | None:
    try:
        return next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        return exc


def _csv_record(row: list[str], header: list[str], columns: dict, missing: list[str], source: str,
                line: int) -> RawRecord | Reject:
    if missing:
        return Reject(source, None, MISSING_FIELD, f"line {line}: the CSV header lacks column(s) {missing}", line)
    if len(row) != len(header):
        cell = row[columns["id"]] if columns["id"] < len(row) else ""
        return Reject(source, cell.strip() or None, MALFORMED,
                      f"line {line}: {len(row)} cells, but the header has {len(header)}", line)
    # An empty CSV cell is the only way to write "no value".
    fields = {name: row[columns[name]] or None for name in FIELDS if name in columns}
    return record_from_mapping(fields, source, line)


def _parquet_records(handle: BinaryIO, source: str) -> Iterator[RawRecord | Reject]:
    try:
        parquet = pq.ParquetFile(handle)
        names = parquet.schema_arrow.names
        total = parquet.metadata.num_rows
    except Exception as exc:  # pyarrow raises many types for damaged files
        yield Reject(source, None, UNREADABLE, f"not a readable Parquet file: {_one_line(exc)}")
        return
    if total == 0:
        yield Reject(source, None, EMPTY_FILE, "no rows in Parquet file")
        return
    missing = [name for name in REQUIRED_FIELDS if name not in names]
    if missing:
        for number in range(1, total + 1):
            yield Reject(source, None, MISSING_FIELD, f"row {number}: the Parquet file lacks column(s) {missing}",
                         number)
        return
    columns = [name for name in FIELDS if name in names]
    first = 1
    for group in range(parquet.metadata.num_row_groups):
        size = parquet.metadata.row_group(group).num_rows
        yield from _parquet_group(parquet, group, columns, source, first, size)
        first += size


def _parquet_group(parquet: pq.ParquetFile, group: int, columns: list[str], source: str, first: int,
                   size: int) -> Iterator[RawRecord | Reject]:
    """The rows of one row group, batch by batch; a damaged group costs only its unread rows."""
    done = 0
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, row_groups=[group], columns=columns):
            values = batch.to_pydict()
            for index in range(batch.num_rows):
                yield record_from_mapping({name: column[index] for name, column in values.items()}, source,
                                          first + done)
                done += 1
    except Exception as exc:  # a damaged page, or values Python cannot hold (dates past year 9999)
        for number in range(first + done, first + size):
            yield Reject(source, None, UNREADABLE, f"row {number}: unreadable: {_one_line(exc)}", number)


def _one_line(exc: Exception) -> str:
    """pyarrow's multi-line error text on one line, for the `message` column."""
    return " ".join(str(exc).split())
