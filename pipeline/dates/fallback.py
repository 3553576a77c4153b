"""dateparser for the long tail: numeric and odd forms that the rules found but our code does not read.

dateparser never sees free text here, only a span a rule matched.  One parser
per (anchor, preference) is created and reused: its settings are fixed at
construction, and building one is costly.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from pipeline.dates import calendar as cal
from pipeline.dates.model import Resolution

PREFER = {"past": "past", "future": "future", "present": "current_period"}


@lru_cache(maxsize=32)
def _parser(anchor: date | None, prefer: str):
    from dateparser.date import DateDataParser  # imported lazily: slow to import, rarely needed

    settings = {
        "PREFER_DATES_FROM": prefer,
        "RETURN_AS_TIMEZONE_AWARE": False,  # naive datetimes: an aware RELATIVE_BASE misbehaves
        "PREFER_DAY_OF_MONTH": "first",
    }
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    return DateDataParser(languages=["en"], settings=settings)


def parse_with_dateparser(text: str, anchor: date | None, tense: str) -> Resolution | None:
    """Normalize one matched span with dateparser, keeping the period it reports.

    Without an anchor only spans that name a year are accepted, since dateparser
    would otherwise fill the missing parts from today.
    """
    if anchor is None and not any(part.isdigit() and len(part) == 4 for part in _digit_runs(text)):
        return None
    data = _parser(anchor, PREFER.get(tense, "current_period")).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    found = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return cal.year_res(found.year, "dateparser")
    if period == "month":
        return cal.month_res(found.year, found.month, "dateparser")
    if period == "week":
        return cal.week_res(found, "dateparser")
    if period == "time":
        return cal.time_res(found, data.date_obj.strftime("%H:%M"), "dateparser")
    return cal.day_res(found, "dateparser")


def _digit_runs(text: str) -> list[str]:
    run, runs = "", []
    for char in text + " ":
        if char.isdigit():
            run += char
        elif run:
            runs.append(run)
            run = ""
    return runs
