"""Pure calendar helpers: intervals and TIMEX3 values of days, weeks, months...

Every function returns a `Resolution`; none looks at text.  `narrow` encodes
TimeML's ``mod`` (START/MID/END, and BEFORE/AFTER the anchor for "earlier/later
this year") as a smaller covered interval while the value stays the period's.
"""

from __future__ import annotations

import calendar as _stdcal
from datetime import date, timedelta

from pipeline.dates.model import Resolution

# Meteorological seasons: first month and length; winter runs into the next year.
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, _stdcal.monthrange(year, month)[1])


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """(year, month) moved by `by` months."""
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def day_res(day: date, resolver: str) -> Resolution:
    """A single calendar day."""
    return Resolution("DATE", day.isoformat(), day, day, "day", resolver)


def time_res(day: date | None, clock: str, resolver: str) -> Resolution:
    """A time of a day: `clock` is ``HH:MM`` or a part of day (MO, AF, EV, NI)."""
    if day is None:
        return Resolution("TIME", f"XXXX-XX-XXT{clock}", None, None, "time", resolver)
    return Resolution("TIME", f"{day.isoformat()}T{clock}", day, day, "time", resolver)


def month_res(year: int, month: int, resolver: str) -> Resolution:
    """A calendar month."""
    return Resolution("DATE", f"{year:04d}-{month:02d}", date(year, month, 1), last_day(year, month),
                      "month", resolver)


def year_res(year: int, resolver: str, prefix: str = "") -> Resolution:
    """A calendar year (`prefix` "FY" for fiscal years, approximated by the calendar year)."""
    return Resolution("DATE", f"{prefix}{year:04d}", date(year, 1, 1), date(year, 12, 31), "year", resolver)


def week_res(day: date, resolver: str, weekend: bool = False) -> Resolution:
    """The ISO week (Monday..Sunday) containing `day`, or its weekend."""
    iso_year, week, weekday = day.isocalendar()
    monday = day - timedelta(days=weekday - 1)
    if weekend:
        return Resolution("DATE", f"{iso_year:04d}-W{week:02d}-WE", monday + timedelta(days=5),
                          monday + timedelta(days=6), "week", resolver)
    return Resolution("DATE", f"{iso_year:04d}-W{week:02d}", monday, monday + timedelta(days=6), "week", resolver)


def sunday_week_res(sunday: date, resolver: str) -> Resolution:
    """The week from `sunday` to the Saturday after, as copy that counts weeks from Sunday means
    it; its value names the ISO week holding six of its seven days."""
    iso_year, week, _ = (sunday + timedelta(days=1)).isocalendar()
    return Resolution("DATE", f"{iso_year:04d}-W{week:02d}", sunday, sunday + timedelta(days=6), "week", resolver)


def quarter_res(year: int, quarter: int, resolver: str) -> Resolution:
    """A calendar quarter."""
    first = 3 * (quarter - 1) + 1
    return Resolution("DATE", f"{year:04d}-Q{quarter}", date(year, first, 1), last_day(year, first + 2),
                      "quarter", resolver)


def half_res(year: int, half: int, resolver: str) -> Resolution:
    """A half year (H1 = January..June, H2 = July..December)."""
    first = 6 * (half - 1) + 1
    return Resolution("DATE", f"{year:04d}-H{half}", date(year, first, 1), last_day(year, first + 5),
                      "half", resolver)


def season_res(year: int, season: str, resolver: str) -> Resolution:
    """A meteorological season (winter Y = December Y .. February Y+1)."""
    first = SEASON_START[season]
    end_year, end_month = shift_month(year, first, 2)
    return Resolution("DATE", f"{year:04d}-{season}", date(year, first, 1), last_day(end_year, end_month),
                      "season", resolver)


def decade_res(decade: int, resolver: str) -> Resolution:
    """A decade given by its first three digits (199 = the 1990s)."""
    return Resolution("DATE", f"{decade:03d}", date(decade * 10, 1, 1), date(decade * 10 + 9, 12, 31),
                      "decade", resolver)


def century_res(century: int, resolver: str) -> Resolution:
    """A century given by its first two digits (20 = 2000..2099, the 21st century)."""
    return Resolution("DATE", f"{century:02d}", date(century * 100, 1, 1), date(century * 100 + 99, 12, 31),
                      "century", resolver)


def unresolved(value: str, timex_type: str, granularity: str | None, resolver: str) -> Resolution:
    """A value that needs an anchor we do not have: X's in the value, no interval."""
    return Resolution(timex_type, value, None, None, granularity, resolver)


def narrow(res: Resolution, mod: str | None, anchor: date | None) -> Resolution:
    """Shrink the interval of `res` to the part a modifier names; the value is kept."""
    if mod is None or res.start is None or res.end is None:
        return res
    start, end = res.start, res.end
    third = (end - start).days // 3
    if mod == "START":
        end = start + timedelta(days=third)
    elif mod == "MID":
        start, end = start + timedelta(days=third), end - timedelta(days=third)
    elif mod == "END":
        start = end - timedelta(days=third)
    elif mod == "BEFORE" and anchor is not None:
        end = min(end, anchor)
    elif mod == "AFTER" and anchor is not None:
        start = max(start, anchor)
    return Resolution(res.timex_type, res.value, start, end, res.granularity, res.resolver)


def quarter_of(day: date) -> int:
    """The calendar quarter (1..4) of a day."""
    return (day.month - 1) // 3 + 1


def half_of(day: date) -> int:
    """The half year (1 or 2) of a day."""
    return 1 if day.month <= 6 else 2


def shift_day(day: date, unit: str, by: int) -> date:
    """`day` moved by `by` units (D, W, M, Q, Y, DE); month-end days are clamped ("Jan. 31" + 1 month)."""
    if unit == "D":
        return day + timedelta(days=by)
    if unit == "W":
        return day + timedelta(weeks=by)
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120}[unit] * by
    year, month = shift_month(day.year, day.month, months)
    return date(year, month, min(day.day, last_day(year, month).day))


def period_of(day: date, granularity: str, resolver: str) -> Resolution:
    """The calendar period of the given granularity that contains `day` (a year when unknown)."""
    if granularity in ("day", "time"):
        return day_res(day, resolver)
    if granularity == "week":
        return week_res(day, resolver)
    if granularity == "month":
        return month_res(day.year, day.month, resolver)
    if granularity == "quarter":
        return quarter_res(day.year, quarter_of(day), resolver)
    if granularity == "half":
        return half_res(day.year, half_of(day), resolver)
    if granularity == "decade":
        return decade_res(day.year // 10, resolver)
    return year_res(day.year, resolver)
