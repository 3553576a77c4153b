"""Validation: a raw record becomes an article row (normalised text and title), or a reject saying why.

Checks run in a fixed order (id, field types, undecodable characters, text, date), and the
first failure names the reject reason, so the same record always gets the same reason.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from pipeline.ids import content_id
from pipeline.ingest_records import (BAD_DATE, EMPTY_TEXT, MISSING_FIELD, TOO_LONG, UNDECODABLE, WRONG_TYPE,
                                     RawRecord, Reject)
from pipeline.ingest_text import excerpt, first_invalid, normalise

# `YYYY-MM-DD`, optionally with an ISO time and offset, whose date is taken as written.
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?")


def parse_published(value: object) -> date | None:
    """The publication date of a record: None when absent; TypeError or ValueError when unusable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"date is {type(value).__name__} {excerpt(value)}; expected a 'YYYY-MM-DD' string")
    match = _ISO_DATE.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"unparseable date {excerpt(value)}; expected YYYY-MM-DD")
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        raise ValueError(f"impossible date {excerpt(value)}") from None


def validate(record: RawRecord, max_chars: int) -> dict | Reject:
    """Turn a raw record into an article row (with normalised text and title), or a reject saying why not."""
    source_id = None
    try:
        source_id = _source_id(record.source_id)
        _check_types(record, source_id)
        text = _text(record.text, max_chars)
        published = _published(record.date)
    except _Unusable as exc:
        where = f"line {record.line}: " if record.line is not None else ""
        return Reject(record.source, source_id, exc.reason, where + exc.message, record.line)
    title = None if record.title is None else normalise(record.title)
    title = title if title and title.strip() else None
    article_id = content_id(published, title, text)
    return {"article_id": article_id, "source": record.source, "source_id": source_id,
            "published": published, "title": title, "text": text, "content_hash": article_id}


class _Unusable(Exception):
    """Raised by the checks in `validate`: the record becomes a reject with this reason."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason, self.message = reason, message


def _source_id(value: object) -> str:
    """The record id as a string: strings as given, integers converted (JSON and Parquet have numeric ids)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value is not None and not isinstance(value, str):
        raise _Unusable(WRONG_TYPE, f"id is {type(value).__name__} {excerpt(value)}, not a string")
    if value is None or not value.strip():
        raise _Unusable(MISSING_FIELD, "no id")
    return value


def _check_types(record: RawRecord, source_id: str) -> None:
    """Text present and a string, title a string or absent, no undecodable bytes in any of them."""
    if record.text is None:
        raise _Unusable(MISSING_FIELD, "no text")
    for name, value in (("text", record.text), ("title", record.title)):
        if value is not None and not isinstance(value, str):
            raise _Unusable(WRONG_TYPE, f"{name} is {type(value).__name__}, not a string")
    for name, value in (("id", source_id), ("title", record.title), ("text", record.text)):
        invalid = first_invalid(value) if value is not None else None
        if invalid is not None:
            raise _Unusable(UNDECODABLE, f"{name} has {invalid[0]} at character {invalid[1]}")


def _text(raw: str, max_chars: int) -> str:
    """The stored text: normalised, not blank, within the length limit."""
    text = normalise(raw)
    if not text.strip():
        raise _Unusable(EMPTY_TEXT, "text is empty")
    if len(text) > max_chars:
        raise _Unusable(TOO_LONG, f"text has {len(text)} characters, over the limit of {max_chars}")
    return text


def _published(value: object) -> date | None:
    try:
        return parse_published(value)
    except TypeError as exc:
        raise _Unusable(WRONG_TYPE, str(exc)) from None
    except ValueError as exc:
        raise _Unusable(BAD_DATE, str(exc)) from None
