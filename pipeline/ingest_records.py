"""The records that ingest passes around: a raw input record, a reject, and the reason codes.

Reason codes are stable (analysts filter `rejects` on them); `pipeline.ingest` documents
what each one means.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from pipeline.ingest_text import printable

# Input fields, in the order records are validated; `id` and `text` are required.
FIELDS = ("id", "date", "title", "text")
REQUIRED_FIELDS = ("id", "text")

# Reject reason codes.
UNSUPPORTED = "unsupported_format"
UNREADABLE = "unreadable_file"
BINARY = "binary_file"
EMPTY_FILE = "empty_file"
UNDECODABLE = "undecodable"
MALFORMED = "malformed_record"
MISSING_FIELD = "missing_field"
WRONG_TYPE = "wrong_type"
EMPTY_TEXT = "empty_text"
TOO_LONG = "too_long"
BAD_DATE = "bad_date"
DUPLICATE_ID = "duplicate_id"
DUPLICATE_CONTENT = "duplicate_content"


@dataclass(frozen=True)
class InputFile:
    """One input file: its name in `source` (relative to the input folder) and how to open it as bytes."""

    source: str
    open: Callable[[], BinaryIO]


@dataclass(frozen=True)
class RawRecord:
    """One input record before validation: fields exactly as the file gave them."""

    source: str
    source_id: object
    line: int | None
    date: object
    title: object
    text: object


@dataclass(frozen=True)
class Reject:
    """One input record (or a whole file) that could not become an article."""

    source: str
    source_id: str | None
    reason: str
    message: str
    line: int | None = None

    def row(self) -> dict:
        """The `rejects` table row; every string is made encodable, as Parquet needs UTF-8."""
        source_id = None if self.source_id is None else printable(self.source_id)
        return {"source": printable(self.source), "source_id": source_id, "reason": self.reason,
                "message": printable(self.message), "line": self.line}


def record_from_mapping(obj: dict, source: str, line: int) -> RawRecord:
    """A raw record from a JSON object, a CSV row or a Parquet row (absent fields are None)."""
    return RawRecord(source, obj.get("id"), line, obj.get("date"), obj.get("title"), obj.get("text"))
