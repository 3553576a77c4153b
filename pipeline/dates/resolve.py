"""From matched words to a TIMEX3 value: the family registry and the memoized entry point."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from pipeline.dates import absolute, anaphora, periods, relative
from pipeline.dates.lexicon import Lexicon
from pipeline.dates.model import Resolution

def veto(lexicon: Lexicon, words, anchor, tense) -> Resolution:
    """A phrase that hides a temporal word ("as soon as"): kept by the overlap policy, then dropped."""
    return Resolution("NONE", "", resolver="veto")


# A rule's "family" names the resolver that reads its matches.
FAMILIES = {
    "explicit": absolute.explicit,
    "numeric": absolute.numeric,
    "year": absolute.year,
    "decade": absolute.decade,
    "century": absolute.century,
    "juche": absolute.juche,
    "month": absolute.month,
    "weekday": absolute.weekday,
    "quarter": absolute.quarter,
    "season": absolute.season,
    "deictic": relative.deictic,
    "relative": relative.relative,
    "ago": relative.ago,
    "duration": relative.duration,
    "set": relative.set_,
    "ref": relative.ref,
    "clock": relative.clock,
    "half": periods.half,
    "weekend": periods.weekend,
    "holiday": periods.holiday,
    "anaphoric": anaphora.anaphoric,
    "veto": veto,
}

# Families whose value depends on the tense of the clause; the others are resolved
# without it (and the tagger detects tense only for the expressions it keeps).
TENSE_FAMILIES = frozenset({"explicit", "numeric", "month", "weekday", "quarter", "season", "half", "weekend",
                            "deictic", "holiday"})


@lru_cache(maxsize=16384)
def resolve_phrase(lexicon: Lexicon, family: str, words: tuple[str, ...], anchor: date | None,
                   tense: str) -> Resolution | None:
    """Resolve normalized `words` with the resolver of `family` (None: not a date).

    Pure, hence memoized: the same phrase with the same anchor and tense is
    resolved once per process.
    """
    return FAMILIES[family](lexicon, words, anchor, tense)
