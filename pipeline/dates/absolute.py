"""Resolvers of calendar names: dates, years, decades, months, weekdays, quarters, seasons.

Each resolver is a pure function ``(lexicon, words, anchor, tense) -> Resolution | None``;
None means "these words are not a date after all" and drops the match.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from pipeline.dates import calendar as cal
from pipeline.dates.lexicon import Lexicon
from pipeline.dates.model import Resolution
from pipeline.dates.phrase import (
    as_day,
    as_number,
    as_ordinal,
    find,
    find_year,
    split_modifier,
    year_for_day,
    year_for_month,
)

ISO_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
DECADE_RE = re.compile(r"^(?:mid-|early-|late-)?(\d{1,3})0s$")
PREFIXED_YEAR_RE = re.compile(r"^(mid-|fy)(\d{4})$")
QUARTER_CODE_RE = re.compile(r"^q([1-4])$")


def explicit(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """Month + day (+ year), day + month (+ year), "the 4th of July", month + year, "the night of Nov. 21"."""
    res = _explicit_day(lex, words, anchor, tense)
    part = part_of_day(lex, words)
    if res is None or part is None or res.granularity != "day":
        return res
    return cal.time_res(res.start, part, res.resolver) if res.start else cal.unresolved(
        f"{res.value}T{part}", "TIME", "time", res.resolver)


def part_of_day(lex: Lexicon, words) -> str | None:
    """"morning" (MO), "night" (NI)..., and "the early hours" (MO)."""
    return find(lex, "part_of_day", words) or find(lex, "hours_part", words)


def _explicit_day(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    mod, words = split_modifier(lex, words)
    month = find(lex, "month", words)
    year = find_year(lex, words)
    day = next((d for w in words if not lex.is_year(w) and lex.get("month", w) is None
                and (d := as_day(lex, w))), None)
    if month is None:
        return None
    if day is None:
        return cal.narrow(cal.month_res(year, month, "explicit.month_year"), mod, anchor) if year else None
    if year is None:
        if anchor is None:
            return cal.unresolved(f"XXXX-{month:02d}-{day:02d}", "DATE", "day", "explicit.no_anchor")
        year, how = year_for_day(anchor, month, day, tense)
        resolver = f"explicit.day.{how}"
    else:
        resolver = "explicit.day"
    try:
        return cal.day_res(date(year, month, day), resolver)
    except ValueError:  # "February 30": not a date
        return None


def numeric(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """ISO dates ("2023-05-31"); other numeric forms go to dateparser."""
    match = ISO_RE.match("".join(words))
    if match:
        try:
            return cal.day_res(date(*map(int, match.groups())), "numeric.iso")
        except ValueError:
            return None
    from pipeline.dates.fallback import parse_with_dateparser
    return parse_with_dateparser(" ".join(words), anchor, tense)


def year(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """A year with optional modifier or fiscal marker: "2022", "mid-2022", "fiscal 2023"."""
    mod, core = split_modifier(lex, words)
    prefix = "FY" if any(w in lex.words("fiscal") for w in core) else ""
    value = find_year(lex, core)
    for word in core:
        match = PREFIXED_YEAR_RE.match(word)
        if match and lex.is_year(match.group(2)):
            value = int(match.group(2))
            prefix = "FY" if match.group(1) == "fy" else prefix
            mod = "MID" if match.group(1) == "mid-" else mod
    if value is None:
        return None
    return cal.narrow(cal.year_res(value, "year", prefix), mod, anchor)


def decade(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"the 1990s", "the '90s" (read as 19x0s), "the early 2000s"."""
    mod, core = split_modifier(lex, words)
    for word in core:
        match = DECADE_RE.match(word)
        if match:
            digits = match.group(1)
            number = int(digits) if len(digits) == 3 else 190 + int(digits[-1])  # '90s -> 199
            mod = "MID" if word.startswith("mid-") else mod
            return cal.narrow(cal.decade_res(number, "decade"), mod, anchor)
    return None


def century(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"the 21st century" (value 20), "this century" (the anchor's), "the turn of the century" (2000)."""
    mod, core = split_modifier(lex, words)
    if "turn" in core:  # the century boundary nearest the anchor: 2000 for today's copy
        if anchor is None:
            return cal.unresolved("XXXX", "DATE", "year", "century.turn.no_anchor")
        return cal.year_res((anchor.year + 50) // 100 * 100, "century.turn")
    rel = find(lex, "relative", core)
    ordinal = next((o for w in core if (o := as_ordinal(lex, w))), None)
    if ordinal:
        number = ordinal - 1
    elif rel is not None and anchor is not None:
        number = anchor.year // 100 + rel
    elif rel is not None:
        return cal.unresolved("XX", "DATE", "century", "century.no_anchor")
    else:
        return None
    return cal.narrow(cal.century_res(number, "century"), mod, anchor)


def juche(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """North Korea's Juche calendar: Juche 1 = 1912."""
    given = find_year(lex, words)
    number = next((n for w in words if isinstance(n := as_number(lex, w), int) and n < 1000), None)
    if number is None:
        return None
    return cal.year_res(given or number + 1911, "juche")


def month(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """A month named without a year: "October", "last May", "early October"."""
    mod, core = split_modifier(lex, words)
    number = find(lex, "month", core)
    if number is None:
        return None
    rel = find(lex, "relative", core)
    if anchor is None:
        return cal.unresolved(f"XXXX-{number:02d}", "DATE", "month", "month.no_anchor")
    if rel is not None and find(lex, "calendar_unit", core) == "Y":  # "October of last year"
        year, how = anchor.year + rel, "relative_year"
    elif rel == -1:
        year, how = (anchor.year if number < anchor.month else anchor.year - 1), "last"
    elif rel == 1:
        year, how = (anchor.year if number > anchor.month else anchor.year + 1), "next"
    elif rel == 0:
        year, how = anchor.year, "this"
    else:
        year, how = year_for_month(anchor, number, tense)
    return cal.narrow(cal.month_res(year, number, f"month.{how}"), mod, anchor)


def weekday(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """A weekday, optionally with "last/next/this" and a part of day ("Thursday morning")."""
    mod, core = split_modifier(lex, words)
    number = find(lex, "weekday", core)
    if number is None:
        return None
    part = part_of_day(lex, core)
    rel = find(lex, "relative", core)
    if anchor is None:
        value = f"XXXX-WXX-{number}" + (f"T{part}" if part else "")
        return cal.unresolved(value, "TIME" if part else "DATE", "time" if part else "day", "weekday.no_anchor")
    back = (anchor.isoweekday() - number) % 7      # days since the most recent such weekday
    ahead = (number - anchor.isoweekday()) % 7 or 7  # days to the next one, strictly after
    if rel == -1:
        day, how = anchor - timedelta(days=back or 7), "last"
    elif rel == 1:
        day, how = anchor + timedelta(days=ahead), "next"
    elif rel == 0:
        day, how = anchor + timedelta(days=number - anchor.isoweekday()), "this"
    elif back == 0:
        # Wire copy names the publication day by its weekday, whatever the tense ("the council
        # would meet later on Wednesday" in Wednesday's copy); a week ahead says "next Wednesday".
        day, how = anchor, "same_day"
    elif tense == "future":
        day, how = anchor + timedelta(days=ahead), "future"
    else:
        # Newswire reports what happened: past and present tense take the most recent one.
        day, how = anchor - timedelta(days=back), tense
    if part:
        return cal.time_res(day, part, f"weekday.{how}")
    return cal.day_res(day, f"weekday.{how}")


def quarter(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"the third quarter", "third-quarter", "Q3 2023", "the fourth quarter of 2022", "the July-September quarter"."""
    _, core = split_modifier(lex, words)
    number = None
    for word in core:
        match = QUARTER_CODE_RE.match(word)
        number = int(match.group(1)) if match else (as_ordinal(lex, word) or number)
    months = [m for w in core if (m := lex.get("month", w))]
    if number is None and len(months) == 2 and months[1] == months[0] + 2 and months[0] % 3 == 1:
        number = cal.quarter_of(date(2000, months[0], 1))
    if number is None or not 1 <= number <= 4:
        return None
    year = find_year(lex, core)
    if year is not None:
        return cal.quarter_res(year, number, "quarter")
    if anchor is None:
        return cal.unresolved(f"XXXX-Q{number}", "DATE", "quarter", "quarter.no_anchor")
    year, how = year_for_month(anchor.replace(day=1, month=cal.quarter_of(anchor)), number, tense)
    return cal.quarter_res(year, number, f"quarter.{how}")


def season(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """"this summer", "last winter", "the summer of 2022", "in spring"."""
    mod, core = split_modifier(lex, words)
    code = find(lex, "season", core)
    if code is None:
        return None
    year = find_year(lex, core)
    if year is not None:
        return cal.narrow(cal.season_res(year, code, "season"), mod, anchor)
    if anchor is None:
        return cal.unresolved(f"XXXX-{code}", "DATE", "season", "season.no_anchor")
    rel = find(lex, "relative", core)
    first = cal.SEASON_START[code]
    # The season the anchor is in starts in month `current`; winter started last year in Jan/Feb.
    current_year = anchor.year - 1 if anchor.month <= 2 else anchor.year
    if rel == 0:
        year, how = (current_year if code == "WI" else anchor.year), "this"
    elif rel == -1:
        year, how = (anchor.year if first < anchor.month - 2 else anchor.year - 1), "last"
    elif rel == 1:
        year, how = (anchor.year if first > anchor.month else anchor.year + 1), "next"
    else:
        year, how = year_for_month(anchor, first, tense)
    return cal.narrow(cal.season_res(year, code, f"season.{how}"), mod, anchor)
