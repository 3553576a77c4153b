"""Resolvers of halves, weekends and holidays (same contract as `absolute`).

``(lexicon, words, anchor, tense) -> Resolution | None``; None drops the match.
"""

from __future__ import annotations

from datetime import date, timedelta

from pipeline.dates import calendar as cal
from pipeline.dates.lexicon import Lexicon
from pipeline.dates.model import Resolution
from pipeline.dates.phrase import as_ordinal, find, find_year, year_for_day, year_for_month


def half(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"the first half of 2023" (2023-H1), "the second half" (the anchor's, by tense), "first-half", "H2 2024"."""
    number = find(lex, "half", words) or next((o for w in words if (o := as_ordinal(lex, w))), None)
    if number not in (1, 2):
        return None
    year = find_year(lex, words)
    if year is not None:
        return cal.half_res(year, number, "half")
    if anchor is None:
        return cal.unresolved(f"XXXX-H{number}", "DATE", "half", "half.no_anchor")
    rel = find(lex, "relative", words)
    if rel is not None:  # "the second half of last year"
        return cal.half_res(anchor.year + rel, number, "half.relative_year")
    if "year" in words:  # "the first half of the year": the anchor's year
        return cal.half_res(anchor.year, number, "half.this_year")
    if tense == "past":  # the most recent half that is over: "slowed in the second half" in August is last year's
        return cal.half_res(anchor.year - (number >= cal.half_of(anchor)), number, "half.past")
    # Compare halves the way `year_for_month` compares months: the anchor's half stands in for its month.
    year, how = year_for_month(anchor.replace(day=1, month=cal.half_of(anchor)), number, tense)
    return cal.half_res(year, number, f"half.{how}")


def weekend(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"the weekend", "over the weekend": the one just past in past tense, the next one in future tense.

    In present tense the weekend of the anchor's week when the anchor is Friday..Sunday, else the last one.
    """
    if anchor is None:
        return cal.unresolved("XXXX-WXX-WE", "DATE", "week", "weekend.no_anchor")
    weekday = anchor.isoweekday()
    saturday = anchor + timedelta(days=6 - weekday)  # the Saturday of the anchor's ISO week
    if tense == "future":
        day, how = (saturday if weekday < 7 else saturday + timedelta(weeks=1)), "future"
    elif tense == "past" or weekday < 5:
        day, how = (saturday if weekday >= 6 else saturday - timedelta(weeks=1)), tense
    else:
        day, how = saturday, "present"
    return cal.week_res(day, f"weekend.{how}", weekend=True)



def holiday(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"Christmas" (12-25), "New Year's Day", "Thanksgiving" (fourth Thursday of November), "Christmas 2022"."""
    year = find_year(lex, words)
    key = " ".join(w.replace("’", "'") for w in words if not lex.is_year(w))
    place = lex.get("holiday", key)
    if place is None:
        return None
    month, day = place.split("-")
    month = int(month)
    if year is None and anchor is None:
        return cal.unresolved(f"XXXX-{month:02d}-{_day_of(2000, month, day):02d}", "DATE", "day", "holiday.no_anchor")
    how = "holiday"
    if year is None:
        year, tense_rule = year_for_day(anchor, month, _day_of(anchor.year, month, day), tense)
        how = f"holiday.{tense_rule}"
    return cal.day_res(date(year, month, _day_of(year, month, day)), how)


def _day_of(year: int, month: int, day: str) -> int:
    """A day of month: "25", or "TH4" for the fourth Thursday."""
    if not day.startswith("TH"):
        return int(day)
    first = date(year, month, 1)
    return 1 + (3 - first.weekday()) % 7 + 7 * (int(day[2:]) - 1)
