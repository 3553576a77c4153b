"""Resolvers of phrases relative to the anchor, of durations, sets, references and clock times.

Same contract as `absolute`: ``(lexicon, words, anchor, tense) -> Resolution | None``.
"""

from __future__ import annotations

import re
from datetime import timedelta

from pipeline.dates import calendar as cal
from pipeline.dates.lexicon import Lexicon
from pipeline.dates.model import Resolution
from pipeline.dates.phrase import as_number, find, quantity, split_modifier

CLOCK_RE = re.compile(r"^(\d{1,2})(?::?(\d{2}))?$")
TIME_UNITS = {"H", "TM", "S"}
SUNDAY = 6  # date.weekday()
HALF_UNIT = {"TM": "PT30S", "H": "PT30M", "D": "PT12H", "Y": "P6M", "DE": "P5Y", "CE": "P50Y"}


def deictic(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"today", "yesterday", "tomorrow", "tonight", "this morning", "last night", "yesterday afternoon"."""
    _, core = split_modifier(lex, words)
    offset = find(lex, "deictic", core)
    part = find(lex, "part_of_day", core)
    if offset is None:
        rel = find(lex, "relative", core)
        if rel not in (0, -1) or part is None:
            return None
        # "last night" is the night before the anchor; "this morning" is the anchor's.
        offset = rel
    if "tonight" in core:
        part = "NI"
    elif "overnight" in core:  # in past copy, the night before the anchor
        part, offset = "NI", (-1 if tense == "past" else 0)
    day = anchor + timedelta(days=offset) if anchor is not None else None
    if part:
        return cal.time_res(day, part, "deictic")
    if day is None:
        return cal.unresolved("XXXX-XX-XX", "DATE", "day", "deictic.no_anchor")
    return cal.day_res(day, "deictic")


def relative(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"last year", "next week", "earlier this year", "late last year", "the end of the month"."""
    mod, core = split_modifier(lex, words)
    if find(lex, "month", core) is not None:  # "the end of May"
        from pipeline.dates.absolute import month
        return month(lex, words, anchor, tense)
    unit = find(lex, "calendar_unit", core)
    rel = find(lex, "relative", core)
    if unit is None or (rel is None and mod is None):
        return None
    rel = rel or 0
    if anchor is None:
        placeholder = {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "Q": "XXXX-QX",
                       "DE": "XXX", "CE": "XX"}[unit]
        return cal.unresolved(placeholder, "DATE", _granularity(unit), "relative.no_anchor")
    res = _shifted_period(anchor, unit, rel)
    if unit == "Y" and "fiscal" in core:  # "the current fiscal year", approximated by the calendar year
        res = cal.year_res(anchor.year + rel, "relative", "FY")
    return cal.narrow(res, mod, anchor)


def _granularity(unit: str) -> str:
    return {"Y": "year", "M": "month", "W": "week", "WE": "week", "Q": "quarter",
            "DE": "decade", "CE": "century"}[unit]


def _shifted_period(anchor, unit: str, by: int) -> Resolution:
    """The calendar period of kind `unit` that is `by` periods away from the anchor's."""
    if unit == "Y":
        return cal.year_res(anchor.year + by, "relative")
    if unit == "M":
        return cal.month_res(*cal.shift_month(anchor.year, anchor.month, by), "relative")
    if unit == "W" and anchor.weekday() == SUNDAY:
        # English copy counts weeks from Sunday: in Sunday's paper "last week" is the seven days
        # that ended yesterday, "this week" the seven starting today.
        return cal.sunday_week_res(anchor + timedelta(weeks=by), "relative")
    if unit in ("W", "WE"):
        return cal.week_res(anchor + timedelta(weeks=by), "relative", weekend=unit == "WE")
    if unit == "Q":
        year, month = cal.shift_month(anchor.year, 3 * (cal.quarter_of(anchor) - 1) + 1, 3 * by)
        return cal.quarter_res(year, cal.quarter_of(anchor.replace(year=year, month=month, day=1)), "relative")
    if unit == "DE":
        return cal.decade_res(anchor.year // 10 + by, "relative")
    return cal.century_res(anchor.year // 100 + by, "relative")


def ago(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"a year ago" (2022), "two days ago" (a day), "three weeks ago" (a week), "years ago" (PAST_REF)."""
    count = quantity(lex, words)
    unit = find(lex, "unit", words)
    if unit is None:
        return None
    if count is None and not any(w.endswith("s") for w in words if lex.get("unit", w)):
        count = 1
    if not isinstance(count, int) or unit in TIME_UNITS:
        return Resolution("DATE", "PAST_REF", None, None, None, "ago.vague")
    if anchor is None:
        return cal.unresolved("PAST_REF", "DATE", None, "ago.no_anchor")
    if unit == "D":
        return cal.day_res(anchor - timedelta(days=count), "ago")
    if unit in ("W", "2W"):
        weeks = count * (2 if unit == "2W" else 1)
        return cal.week_res(anchor - timedelta(weeks=weeks), "ago")
    if unit == "M":
        return cal.month_res(*cal.shift_month(anchor.year, anchor.month, -count), "ago")
    if unit == "Y":
        return cal.year_res(anchor.year - count, "ago")
    if unit == "DE":
        return cal.decade_res((anchor.year - 10 * count) // 10, "ago")
    return cal.century_res(anchor.year // 100 - count, "ago")


def duration(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"three years" (P3Y), "the past 24 hours" (PT24H), "a decade" (P1DE), "years" (PXY)."""
    unit_word = next((w for w in words if lex.get("unit", w)), None)
    if unit_word is None:
        return None
    unit = lex.get("unit", unit_word)
    head = words[: words.index(unit_word)]
    if _misread_extent(lex, head, unit_word):
        return None
    if "half" in head:
        return _half_duration(lex, head, unit)
    count = quantity(lex, head)
    if count is None:
        if "past" in words:
            count = 1  # "the past year"; "last year" and "the 21st century" are dates
        elif unit_word.endswith("s") or unit_word in ("centuries",):
            count = "X"  # "for years"
        else:
            return None  # a bare "year", "the day": not a duration
    if unit == "2W":
        unit, count = "W", (count * 2 if isinstance(count, int) else count)
    if isinstance(count, int) and not 0 < count < 10000:
        return None
    code = "M" if unit == "TM" else unit
    value = f"PT{count}{code}" if unit in TIME_UNITS else f"P{count}{code}"
    return Resolution("DURATION", value, None, None, None, "duration")


def _half_duration(lex: Lexicon, head, unit: str) -> Resolution | None:
    """"half an hour" (PT30M), "six and a half hours" (PT6.5H); None for a stray "half"."""
    if "and" in head:
        whole = quantity(lex, head[: head.index("and")])
        if not isinstance(whole, int) or unit == "2W":
            return None
        code = "M" if unit == "TM" else unit
        value = f"PT{whole}.5{code}" if unit in TIME_UNITS else f"P{whole}.5{code}"
        return Resolution("DURATION", value, None, None, None, "duration.half")
    if quantity(lex, head) == 1 and unit in HALF_UNIT:
        return Resolution("DURATION", HALF_UNIT[unit], None, None, None, "duration.half")
    return None


def _misread_extent(lex: Lexicon, head, unit_word: str) -> bool:
    """Words before the unit that belong elsewhere; a shorter match then wins.

    "last" without "the" is the verb in "will last two weeks"; "a" or "the" before
    a number and a singular unit is the article of a compound ("a three-year deal",
    "the 10-year bond").
    """
    spans = any(w in lex.words("span_word") for w in head)
    if spans and "the" not in head:
        return True
    if len(head) > 1 and head[0] == "the" and not spans and not unit_word.endswith("s"):
        following = as_number(lex, head[1])
        return isinstance(following, int) and following > 1
    if len(head) > 1 and head[0] in ("a", "an"):
        following = as_number(lex, head[1])
        return isinstance(following, int) and head[1] not in ("couple", "hundred")
    return False


def set_(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"every year", "annually", "twice a year", "every two weeks", "every Monday"."""
    adverb = find(lex, "set_adverb", words)
    if adverb:
        return Resolution("SET", adverb, None, None, None, "set.adverb")
    weekday = find(lex, "weekday", words)
    if weekday:
        return Resolution("SET", f"XXXX-WXX-{weekday}", None, None, None, "set.weekday")
    month = find(lex, "month", words)
    if month:  # "every April"
        return Resolution("SET", f"XXXX-{month:02d}", None, None, None, "set.month")
    part = find(lex, "part_of_day", words)
    if part:
        return Resolution("SET", f"XXXX-XX-XXT{part}", None, None, None, "set.part_of_day")
    unit = find(lex, "unit", words) or find(lex, "calendar_unit", words)
    if unit is None:
        return None
    # In "twice a year" the number counts events, not units: the period is one unit.
    frequency = find(lex, "frequency", words)
    count = 1 if frequency is not None else quantity(lex, words) or 1
    count = 1 if not isinstance(count, int) else count
    if unit == "WE":
        unit = "W"
    if unit == "2W":
        unit, count = "W", count * 2
    if unit == "Q":
        unit, count = "M", count * 3
    code = "M" if unit == "TM" else unit
    value = f"PT{count}{code}" if unit in TIME_UNITS else f"P{count}{code}"
    return Resolution("SET", value, None, None, None, "set")


def ref(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"now", "currently", "recently", "the future", "the past", "recent years", "the coming weeks"."""
    value = find(lex, "ref", words)
    if value is None:
        return None
    return Resolution("DATE", value, None, None, None, "ref")


def clock(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"10:48 a.m.", "3 p.m.", "22:00", "0148 GMT", "noon" on the anchor day.

    The tagger later moves the time to a day named in the same sentence.
    """
    # "noon", "the early hours", "(in) the afternoon"
    named = find(lex, "clock_word", words) or find(lex, "hours_part", words) or find(lex, "part_of_day", words)
    if named:
        return cal.time_res(anchor, named, "clock")
    word = next((w for w in words if CLOCK_RE.match(w)), None)
    if word is None:
        return None
    match = CLOCK_RE.match(word)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if "pm" in words and hour < 12:
        hour += 12
    elif "am" in words and hour == 12:
        hour = 0
    zone = "time" in words or any(w in lex.words("timezone") for w in words)  # "0130 GMT", "2200 local time"
    has_marker = "am" in words or "pm" in words or zone
    if not has_marker and ":" not in word:
        return None  # a bare number ("22", "2023") is not a time
    if hour > 24 or minute > 59:
        return None
    return cal.time_res(anchor, f"{hour:02d}:{minute:02d}", "clock")

