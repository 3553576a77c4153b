"""Event-relative expressions: "the next day", "two days earlier", "the year-earlier period".

TimeML resolves these against the *reference time* of the narrative, not the
publication date: in "The rocket was launched on Nov. 1. Debris was found the
next day." the next day is Nov. 2.  Policy `narrative_reference_v2`:

1. the most recent date resolved earlier in the same paragraph: day-level for
   day and week shifts; for month, quarter and year shifts preferably one of the
   period the phrase names ("the previous quarter" after "the April-June
   quarter" is Q1, even if "on Thursday" came in between), else any date down to
   a year ("a year earlier" after "the third quarter" is last year's Q3);
2. else, for a phrase ending in its signal ("the day before the Nov. 21
   launch"), the first such date later in the same sentence (elsewhere a later
   date is an apposition, "Three weeks later, on Dec. 12", not the reference);
3. else the publication date; but a distal demonstrative ("that morning", rule flag
   `distal`, v2) takes the most recent day-level date of an earlier paragraph other
   than the publication day ("The missile ... last Wednesday ... \n The first launch that
   morning broke up"), and with none stays unresolved: it never means today.

The row's `anchor` is that reference date and its resolver names the step
(``relative.anaphoric.paragraph`` / ``.sentence`` / ``.published``).  A phrase
is first resolved against the publication date like any other (so that the
overlap policy can keep it), then re-resolved here once the reference is known.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from pipeline.dates import calendar as cal
from pipeline.dates.lexicon import Lexicon
from pipeline.dates.model import Resolution
from pipeline.dates.phrase import find, quantity

NARRATIVE_POLICY = "narrative_reference_v2"
UNIT_GRANULARITY = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year", "DE": "decade"}
# A period shifted by a year keeps its own granularity when it is one of these ("a year earlier" after "in October").
KEPT_GRANULARITIES = frozenset({"month", "quarter", "half", "year"})
# A reference that a year shift prefers over a more recent day ("in October ... on Thursday ... a year earlier").
PERIODS = frozenset({"month", "quarter", "half"})
DAY_LEVEL = frozenset({"day", "time"})
DATED = DAY_LEVEL | {"week", "month", "quarter", "half", "season", "year"}
PLACEHOLDERS = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX",
                "year": "XXXX", "decade": "XXX", "REF": "XXXX"}


@dataclass(frozen=True)
class Shift:
    """A move from the reference: `by` units (signed), the granularity of the result, a part of day."""

    by: int
    unit: str
    target: str  # a granularity, or "REF": the reference's own when it is in KEPT_GRANULARITIES, else year
    part: str | None = None
    month: int | None = None  # "in April that year": a month of the shifted year


def parse_shift(lex: Lexicon, words: Sequence[str]) -> Shift | None:
    """Read "two days earlier", "the next morning", "the same period last year" (None: not a shift)."""
    codes = []
    for word in words:
        code = lex.get("unit", word) or lex.get("calendar_unit", word)
        if code is not None:
            codes.append(("W", 2) if code == "2W" else (code, 1))
    part = find(lex, "part_of_day", words)
    if not codes and part:
        codes = [("D", 1)]  # "the next morning"
    if not codes or len(codes) > 2 or any(code not in UNIT_GRANULARITY for code, _ in codes):
        return None
    count = quantity(lex, words)
    if count is None and any(w.endswith("s") and lex.get("unit", w) for w in words):
        return None  # "days later": vague, the duration reading wins
    if not isinstance(count, (int, type(None))):
        return None
    direction = next((d for w in words if (d := lex.get("shift_direction", w))), 0)
    month = next((m for w in words if (m := lex.get("month", w))), None)
    if month is not None:
        # "April that year", "in March of the following year": that month of the year the shift names.
        return Shift(direction, "Y", "month", month=month) if [code for code, _ in codes] == ["Y"] else None
    period = any(w in lex.words("period_noun") for w in words)
    # "the year-earlier quarter", "the same period last year": the year moves, the other unit is the period.
    unit, factor = next((c for c in codes if c[0] == "Y"), codes[0]) if len(codes) == 2 or period else codes[0]
    others = [code for code, _ in codes if code != unit]
    # "a year earlier" after "in October" is last October; "the previous year" is a year whatever the reference.
    keeps = period or (unit == "Y" and any(w in ("earlier", "later", "ago") for w in words))
    target = UNIT_GRANULARITY[others[0]] if others else ("REF" if keeps else UNIT_GRANULARITY[unit])
    return Shift(direction * factor * (count or 1), unit, target, part)


def shifted(shift: Shift, ref: Resolution, resolver: str) -> Resolution:
    """The period `shift` names, counted from the start of the reference `ref`."""
    day = cal.shift_day(ref.start, shift.unit, shift.by)
    if shift.month is not None:
        return cal.month_res(day.year, shift.month, resolver)
    if shift.part:
        return cal.time_res(day, shift.part, resolver)
    target = shift.target
    if target == "REF":
        target = ref.granularity if ref.granularity in KEPT_GRANULARITIES else "year"
    return cal.period_of(day, target, resolver)


def anaphoric(lex: Lexicon, words, anchor, tense) -> Resolution | None:
    """Family resolver: the shift counted from the anchor (the tagger re-anchors it, see module doc)."""
    shift = parse_shift(lex, words)
    if shift is None:
        return None
    if anchor is None:
        if shift.part:
            return cal.unresolved(f"XXXX-XX-XXT{shift.part}", "TIME", "time", "relative.anaphoric.no_anchor")
        granularity = "year" if shift.target == "REF" else shift.target
        return cal.unresolved(PLACEHOLDERS[shift.target], "DATE", granularity, "relative.anaphoric.no_anchor")
    return shifted(shift, cal.day_res(anchor, ""), "relative.anaphoric.published")


@lru_cache(maxsize=4096)
def _from_reference(lex: Lexicon, words: tuple[str, ...], ref: Resolution, how: str) -> Resolution | None:
    shift = parse_shift(lex, words)
    return None if shift is None else shifted(shift, ref, f"relative.anaphoric.{how}")


def _granularities(shift: Shift) -> tuple[frozenset, frozenset]:
    """Granularities of a reference: (preferred, acceptable)."""
    if shift.unit in ("D", "W"):
        return DAY_LEVEL, DAY_LEVEL
    return (PERIODS if shift.target == "REF" else frozenset({shift.target})), DATED


def _pick(cands, wanted: tuple[frozenset, frozenset]):
    """The first candidate of a preferred granularity, else the first acceptable one.

    A clock time is never a reference: it is not linked to its day yet.
    """
    usable = [c for c in cands if c.resolution.start is not None and c.rule.family != "clock"]
    for granularities in wanted:
        found = next((c for c in usable if c.resolution.granularity in granularities), None)
        if found is not None:
            return found
    return None


def anchor_anaphors(chosen: list, lex: Lexicon, published: date | None, sentence_of: Callable[[int], int],
                    paragraph_of: Callable[[int], int]) -> list:
    """Re-resolve every anaphoric candidate against its reference (policy `narrative_reference_v2`).

    `chosen` are the tagger's candidates in text order (with `start`, `rule`,
    `resolution`, `words`); `sentence_of`/`paragraph_of` map a token index to
    its sentence/paragraph.  Returns new candidates with `anchor` set.
    """
    out: list = []
    for index, cand in enumerate(chosen):
        if cand.rule.family == "anaphoric":
            cand = _anchor_one(cand, out, chosen[index + 1:], lex, published, sentence_of, paragraph_of)
        out.append(cand)
    return out


def _anchor_one(cand, before: list, after: list, lex, published, sentence_of, paragraph_of):
    """`cand` re-resolved against the reference the policy picks among `before` and `after`."""
    shift = parse_shift(lex, cand.words)
    if shift is None:
        return cand
    wanted = _granularities(shift)
    paragraph, sentence = paragraph_of(cand.start), sentence_of(cand.start)
    ref = _pick([c for c in reversed(before) if paragraph_of(c.start) == paragraph], wanted)
    how = "paragraph"
    if ref is None and cand.rule.trailing_signal:
        ref = _pick([c for c in after if sentence_of(c.start) == sentence and c.rule.family != "anaphoric"], wanted)
        how = "sentence"
    if ref is None and cand.rule.distal:
        own = [c for c in before if paragraph_of(c.start) == paragraph]
        ref, how = _distal_reference(before, own, published), "article"
        if ref is None:
            return replace(cand, resolution=anaphoric(lex, cand.words, None, None))
    if ref is not None:
        reference = ref.resolution
    elif published is not None:
        reference, how = cal.day_res(published, ""), "published"
    else:
        return cand
    resolution = _from_reference(lex, cand.words, reference, how)
    return replace(cand, resolution=resolution, anchor=reference.start) if resolution else cand


def _distal_reference(before: list, own_paragraph: list, published):
    """The day a distal "that morning" refers to when its paragraph names none: the latest earlier
    day that is not the publication day, inside the period its paragraph names if it names one ("last
    week's two launches ... that morning"; not "Last month, ... launched that day" with a day of
    August before it)."""
    own = next((c for c in reversed(own_paragraph) if c.resolution.start is not None), None)
    earlier = [c for c in reversed(before) if c.resolution.start != published and (
        own is None or own.resolution.start <= (c.resolution.start or own.resolution.start) <= own.resolution.end)]
    return _pick(earlier, (DAY_LEVEL, DAY_LEVEL))


def paragraph_index(newline_tokens: list[int]) -> Callable[[int], int]:
    """Token index -> paragraph number, given the (sorted) indices of tokens holding a line break."""
    return lambda token: bisect_right(newline_tokens, token)
