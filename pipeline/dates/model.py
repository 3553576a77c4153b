"""Data types of the date stage: the output row and an intermediate resolution."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Timex:
    """One temporal expression found in an article, TIMEX3-style.

    `value` follows TimeML (``2023-05-31``, ``2023-W44``, ``P3Y``, ``PAST_REF``...);
    `start`/`end` give the covered calendar interval (None for durations, sets,
    references and unresolved values); `anchor` is the date the value was
    resolved against: the publication date, or for an event-relative phrase
    ("the next day") the narrative's reference date (see `anaphora`); None
    without either.
    """

    start_char: int
    end_char: int
    text: str
    sentence_index: int
    timex_type: str
    value: str
    start: date | None
    end: date | None
    granularity: str | None
    anchor: date | None
    rule_id: str
    resolver: str
    tense: str


@dataclass(frozen=True)
class Resolution:
    """What a resolver made of a phrase: everything of a Timex but its position."""

    timex_type: str
    value: str
    start: date | None = None
    end: date | None = None
    granularity: str | None = None
    resolver: str = ""
