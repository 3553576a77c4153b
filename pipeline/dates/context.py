"""Passes over the chosen candidates that read their neighbours: range ends, months of when-years, clock times.

Both run after the overlap policy, on candidates in text order, and return new
candidates (``dataclasses.replace``); they read token hashes, and the text of a
token only where a range end may follow.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc

from pipeline.dates import calendar as cal
from pipeline.dates.model import Resolution

LINK_SENTENCES_BACK = 2
# Resolvers of days counted back from today ("four days ago"): a gap measured from now, which
# seldom sets the scene a later clock time belongs to ("..., since Moon took office four days ago.
# The missile was launched at 5:27 a.m.").  Such a day links a clock only when no other day does.
COUNTED_OFFSET_RESOLVERS = frozenset({"ago"})
YEAR_VALUE_RE = re.compile(r"^\d{4}$")
LIST_BULLETS = {"*", "-", "•", "·"}


def attach_range_ends(chosen: list, doc, lowers: list[int], signals: frozenset[int],
                      blockers: frozenset[int]) -> list:
    """Add the bare second end of a range, read in the month (or century) of the first.

    "Aug. 2-4" gives "Aug. 2" and "4" (2023-08-04), "Sept. 12 and 13" gives "13",
    "1950-53" gives "53" (1953): a day or year, a range signal (`signals`, LOWER
    hashes), then a one- or two-digit number past the first end that counts nothing
    (`blockers`: "Sept. 12 and 13 people").  The new row's rule id is the first
    end's with ``#range_end``.  Looking only after chosen days and years costs
    nothing on text without them, unlike a rule tried at every small number.
    """
    taken = {c.start for c in chosen}
    out: list = []
    for cand in chosen:
        out.append(cand)
        at = cand.end + 1
        if at >= len(lowers) or lowers[cand.end] not in signals or at in taken:
            continue
        digits = doc[at].text
        if not (digits.isdigit() and len(digits) <= 2) or (at + 1 < len(lowers) and lowers[at + 1] in blockers):
            continue
        resolution = _range_end(cand.resolution, digits)
        if resolution is not None:
            rule = replace(cand.rule, id=f"{cand.rule.id}#range_end")
            out.append(replace(cand, start=at, end=at + 1, rule=rule, resolution=resolution, words=(digits,)))
    return out


def _range_end(first: Resolution, digits: str) -> Resolution | None:
    """The second end, read in the period of the first (None if it does not continue it)."""
    number = int(digits)
    if first.granularity == "day" and first.start is not None and len(digits) <= 2:
        if number <= first.start.day:
            return None
        try:
            return cal.day_res(first.start.replace(day=number), "range_end.day")
        except ValueError:  # "Feb. 28-30"
            return None
    if first.granularity == "year" and YEAR_VALUE_RE.match(first.value) and len(digits) == 2:
        year = int(first.value) // 100 * 100 + number
        return cal.year_res(year, "range_end.year") if year > int(first.value) else None
    return None


def months_of_when_years(chosen: list, sent_starts: list[int], doc: Doc | None) -> list:
    """A month named without a year inside a when-clause about a year is of that year: in "Unlike
    2012, when the North launched rockets in April and December" April is April 2012, not the last
    April before publication.  Another date of the sentence ends the clause's reach.  So is one in a
    sentence that a year opens ("In 2019 talks collapsed in February"), and "that July" after a
    year named in its sentence or the one before ("in 2017, ... the ICBM tests of that July")."""
    if doc is None:
        return chosen
    out, year, named = [], None, None
    for cand in chosen:
        res = cand.resolution
        sentence = bisect_right(sent_starts, cand.start)
        if year is not None and sentence != bisect_right(sent_starts, year[0]):
            year = None
        month = res.resolver.startswith("month.") and res.granularity == "month" and res.start is not None
        yearless_day = res.resolver.startswith("explicit.day.") and res.start is not None
        if res.granularity == "year" and YEAR_VALUE_RE.match(res.value):
            named = (cand.start, int(res.value))
            if _opens_when(doc, cand.end) or _opens_sentence(doc, cand.start, sent_starts):
                year = (cand.start, int(res.value))
        elif res.resolver == "explicit.month_year" and _opens_sentence(doc, cand.start, sent_starts):
            # "* March 2020 - Short-range missiles were launched on March 2, March 9 and March 29"
            named = year = (cand.start, res.start.year)
        elif month and (reference := year or _that_year(doc, cand.start, named, sent_starts)) is not None:
            year = (cand.start, reference[1])   # "that July and November": the months after it too
            if res.start.year != reference[1]:
                cand = replace(cand, resolution=cal.month_res(reference[1], res.start.month, "month.when_year"))
        elif yearless_day and year is not None:
            year = (cand.start, year[1])
            if res.start.year != year[1]:
                cand = replace(cand, resolution=_day_of_year(res, year[1]))
        elif res.start is not None:
            year = None
        out.append(cand)
    return out


def _day_of_year(res, year: int):
    """A day resolved without a year ("March 2"), moved to `year` (None when it does not exist there)."""
    try:
        return cal.day_res(res.start.replace(year=year), "explicit.day.when_year")
    except ValueError:   # February 29 of a common year
        return res


def _opens_sentence(doc: Doc, start: int, sent_starts: list[int]) -> bool:
    """Does the expression at token `start` open its sentence, alone or after "In" (list bullets
    such as "*" or "-" before it aside)?"""
    first = sent_starts[bisect_right(sent_starts, start) - 1]
    while first < start and (doc[first].is_space or doc[first].text in LIST_BULLETS):
        first += 1
    return start == first or (start == first + 1 and doc[first].lower_ == "in")


def _that_year(doc: Doc, start: int, named: tuple[int, int] | None, sent_starts: list[int]):
    """The year a "that <month>" refers to: the last named in its sentence or the one before."""
    if named is None or start == 0 or doc[start - 1].lower_ != "that":
        return None
    return named if bisect_right(sent_starts, start) - bisect_right(sent_starts, named[0]) <= 1 else None


def _opens_when(doc: Doc, end: int) -> bool:
    """Does a when-clause open right after token `end - 1` ("2012, when ...", "2012 when ...")?"""
    at = end + 1 if end < len(doc) and doc[end].text == "," else end
    return at < len(doc) and doc[at].lower_ == "when"


def link_clock_times(chosen: list, sent_starts: list[int], zones: frozenset[str] = frozenset(),
                     doc: Doc | None = None, report_verbs: frozenset[str] = frozenset()) -> list:
    """Give a clock time the day it belongs to, not blindly the publication day.

    The day is the nearest day (or day + part of day) named in the same sentence
    ("at 10:48 a.m. on Tuesday"), else the last one named in the previous
    `LINK_SENTENCES_BACK` sentences ("It failed Monday night. ... detected at 10:44 p.m."),
    passing over days counted back from today when another day is there (see
    `COUNTED_OFFSET_RESOLVERS`), and over the day of a report ("fired four missiles on Thursday
    evening, the ministry said Friday. ... the first at 5:42 p.m." is Thursday's) when another is there.
    A day named later in the sentence counts only inside the clock's clause (a comma of `doc`
    outside parentheses ends it).
    A day right after a clock time with a time zone belongs to that clock alone: in "at
    5:55 a.m. (2055 GMT Thursday)" and "(2150 GMT on Tuesday)" the day is the GMT day, not the
    local one.
    """
    zoned_ends = {c.end for c in chosen if c.resolution.resolver == "clock" and c.words and c.words[-1] in zones}
    if doc is not None:
        # "(2150 GMT on Tuesday)": the zone's day may follow an "on".
        zoned_ends |= {end + 1 for end in zoned_ends if end < len(doc) and doc[end].lower_ == "on"}
    days = [c for c in chosen if c.resolution.granularity in ("day", "time") and c.resolution.start is not None
            and not c.resolution.resolver.startswith("clock")]
    if not days:
        return chosen
    out = []
    for cand in chosen:
        res = cand.resolution
        if res.resolver == "clock":
            usable = [d for d in days if d.start not in zoned_ends or d.start == cand.end]
            sentence = bisect_right(sent_starts, cand.start)
            # A day later in the sentence names the clock's day only close after it ("at 10:48 a.m.
            # on Tuesday"), not from another clause ("at 3:32 a.m., as Americans were celebrating
            # the Fourth of July").
            same = [d for d in usable if bisect_right(sent_starts, d.start) == sentence
                    and (d.start < cand.start or doc is None or _same_clause(doc, cand.end, d.start))]
            earlier = [d for d in usable if d.start < cand.start
                       and sentence - LINK_SENTENCES_BACK <= bisect_right(sent_starts, d.start) < sentence]
            earlier = [d for d in earlier if d.resolution.resolver not in COUNTED_OFFSET_RESOLVERS] or earlier
            if doc is not None:
                earlier = [d for d in earlier if not _dates_report(doc, d.start, report_verbs)] or earlier
            if doc is not None and _timestamp(doc, cand.start, cand.end):
                # A live blog's "11:48 -- ..." is the entry's time: its day is the last entry header's
                # ("2019-09-10 07:41 KST -- ..."), not a day some earlier entry's text names.
                same, earlier = [], [d for d in earlier if _timestamp(doc, d.start, d.end)]
            adjacent = [d for d in same if d.start == cand.end]   # "2055 GMT Thursday"
            if same or earlier:
                link = adjacent[0] if adjacent else \
                    min(same, key=lambda d: abs(d.start - cand.start)) if same else earlier[-1]
                day: date = link.resolution.start
                clock = res.value.split("T", 1)[1]
                res = Resolution("TIME", f"{day.isoformat()}T{clock}", day, day, "time", "clock.linked")
                cand = replace(cand, resolution=res)
        out.append(cand)
    return out


# Separators after a live blog entry's time ("11:48 -- Cheong Wa Dae says ...").
TIMESTAMP_SEPARATORS = frozenset({"--", "—", "–", "-"})


def _timestamp(doc: Doc, start: int, end: int) -> bool:
    """Does the expression open a line, followed by a dash or by a clock time and a dash ("11:48 --",
    "2019-09-10 07:41 KST --"): a live blog entry's time stamp?"""
    opens_line = start == 0 or "\n" in doc[start - 1].text_with_ws
    following = doc[end].text if end < len(doc) else ""
    if not opens_line:
        return False
    if following in TIMESTAMP_SEPARATORS:
        return True
    # "2019-09-10 07:41 KST --": a date followed by the entry's clock time (and its zone).
    after = [t.text for t in doc[end:end + 4]]
    return any(text in TIMESTAMP_SEPARATORS for text in after) and any(":" in text for text in after)


def _dates_report(doc: Doc, start: int, report_verbs: frozenset[str]) -> bool:
    """Does the day at token `start` date a report ("said Friday", "said on Friday")?"""
    before = start - 2 if start >= 2 and doc[start - 1].lower_ == "on" else start - 1
    return before >= 0 and doc[before].lower_ in report_verbs


def _same_clause(doc: Doc, start: int, end: int) -> bool:
    """No comma or semicolon outside parentheses between tokens `start` and `end`: "at 10:48 a.m.
    (0148 GMT) on Tuesday" is one clause, "at 3:32 a.m., as Americans were celebrating the Fourth
    of July" two."""
    depth = 0
    for token in doc[start:end]:
        depth += token.text == "("
        depth -= token.text == ")" and depth > 0
        if depth == 0 and token.text in {",", ";"}:
            return False
    return True
