"""Reading the words of a matched phrase: numbers, days, modifiers, tense-based years.

Resolvers receive a phrase as a tuple of normalized words (lower case, final
abbreviation dot removed, punctuation dropped); these helpers read them.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from pipeline.dates.lexicon import Lexicon

DAY_RE = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")
NUMBER_RE = re.compile(r"^\d+(,\d{3})*$")
TENSE_SLACK_DAYS = 31


def normalize(text: str) -> str:
    """Lower case; "a.m."/"p.m." -> "am"/"pm"; abbreviation dot dropped ("Sept." -> "sept")."""
    word = text.lower()
    if word in ("a.m.", "p.m.", "a.m", "p.m"):
        return word.replace(".", "")
    if len(word) > 1 and word.endswith("."):
        return word[:-1]
    return word


def as_day(lex: Lexicon, word: str) -> int | None:
    """A day of month from "31", "31st" or "fourth"; None otherwise."""
    match = DAY_RE.match(word)
    value = int(match.group(1)) if match else lex.get("ordinal", word)
    return value if isinstance(value, int) and 1 <= value <= 31 else None


def as_ordinal(lex: Lexicon, word: str) -> int | None:
    """An ordinal from "third" or "3rd" (not from a bare "3")."""
    match = DAY_RE.match(word)
    if match and match.group(2):
        return int(match.group(1))
    return lex.get("ordinal", word)


def as_number(lex: Lexicon, word: str):
    """An int from "24", "1,000" or "three"; "X" for vague words ("several"); else None."""
    if NUMBER_RE.match(word):
        return int(word.replace(",", ""))
    return lex.get("number", word)


def quantity(lex: Lexicon, words) -> int | str | None:
    """The quantity of a measure phrase: the last number word before the unit.

    "some 60 years" -> 60, "a few days" -> "X", "a couple of weeks" -> 2.
    """
    found = None
    for word in words:
        value = as_number(lex, word)
        if value is not None:
            found = value
    return found


def find(lex: Lexicon, map_name: str, words):
    """The value of the first word of `words` found in map `map_name`, else None."""
    for word in words:
        value = lex.get(map_name, word)
        if value is not None:
            return value
    return None


def find_year(lex: Lexicon, words) -> int | None:
    """The first plausible four-digit year among `words`."""
    for word in words:
        if lex.is_year(word):
            return int(word)
    return None


def split_modifier(lex: Lexicon, words) -> tuple[str | None, tuple]:
    """Separate a modifier ("early", "the end of", "earlier") from the core words.

    Returns the first modifier found (START, MID, END, BEFORE, AFTER) and the words
    that are neither modifiers nor fillers ("the", "of").
    """
    mod = None
    core = []
    fillers = lex.words("filler")
    for word in words:
        value = lex.get("modifier", word)
        if value is not None and mod is None:
            mod = value
        elif word not in fillers:
            core.append(word)
    return mod, tuple(core)


def year_for_month(anchor: date, month: int, tense: str) -> tuple[int, str]:
    """The year of a month named without one, and the rule used.

    Future: the next occurrence (this year if not yet past); past: the most recent
    one; present: the anchor's year.
    """
    if tense == "future":
        return (anchor.year if month >= anchor.month else anchor.year + 1), "future"
    if tense == "past":
        return (anchor.year if month <= anchor.month else anchor.year - 1), "past"
    return anchor.year, "present"


def year_for_day(anchor: date, month: int, day: int, tense: str) -> tuple[int, str]:
    """The year of a month and day named without one, and the rule used.

    News names days close to the publication date, so the nearest occurrence
    (last, this or next year) wins, except that a past-tense clause does not
    take one more than `TENSE_SLACK_DAYS` ahead and a future-tense clause none
    as far behind ("the launch failed on Sept. 30" in August is last year's).
    """
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:  # 29 February outside leap years
            continue
    if tense == "past":
        options = [d for d in options if d <= anchor + timedelta(days=TENSE_SLACK_DAYS)]
    elif tense == "future":
        options = [d for d in options if d >= anchor - timedelta(days=TENSE_SLACK_DAYS)]
    if not options:
        return anchor.year, tense
    return min(options, key=lambda d: (abs((d - anchor).days), d)).year, tense
