"""Date stage: TIMEX3-style temporal expressions resolved against the publication date.

Extents come from spaCy token rules in ``models/timex/*.jsonl``; values from the
resolvers in `absolute` and `relative` (dateparser only for the long tail).

Modules: `model` (Timex), `lexicon` and `rules` (reading and validating
``models/timex``), `compile` and `gate` (fast matching), `tense` (clause tense),
`phrase`, `calendar`, `absolute`, `relative`, `periods`, `fallback` and `resolve`
(from words to values), `anaphora` (event-relative expressions against the
narrative's reference time), `context` (range ends, clock times), `tagger` (the
component: match, overlap policy, context passes, annotate).
"""

from pipeline.dates.model import Timex
from pipeline.dates.rules import load_timex_rules, validate_timex_rules
from pipeline.dates.tagger import DateTagger

__all__ = ["Timex", "DateTagger", "load_timex_rules", "validate_timex_rules"]
