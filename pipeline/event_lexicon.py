"""The event stage's vocabulary, read from `models/events/lexicon.jsonl` into one `EventLexicon`.

Each record is one word list with a stable ``id`` and a ``kind``; the kinds are the fields of
`EventLexicon`, so a rule reads ``ctx.lexicon.coast_word`` and a misspelt kind in the file is
an error, not a silently empty list.  Every kind must be given exactly once.  Kind ``number``
maps words to their value (``null`` for a count of unsaid size, "dozens") instead of listing them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from pipeline.rules.loader import RuleError, RuleRecord, duplicate_id_errors, read_jsonl_rules

LEXICON_FILE = "models/events/lexicon.jsonl"
# Kinds whose record gives `values` (word -> number or null) instead of `words`.
VALUE_KINDS = frozenset({"number"})


@dataclass(frozen=True)
class EventLexicon:
    """One attribute per word list of `models/events/lexicon.jsonl` (see each record's note)."""

    launch_noun: frozenset[str]
    plural_launch_noun: frozenset[str]
    reported_launch_noun: frozenset[str]
    noun_like_trigger: frozenset[str]
    time_of_day: frozenset[str]
    option_noun: frozenset[str]
    submarine_word: frozenset[str]
    platform_preposition: frozenset[str]
    speaker_doing_verb: frozenset[str]
    agent_doing_verb: frozenset[str]
    carry_out_verb: frozenset[str]
    coast_word: frozenset[str]
    place_preposition: frozenset[str]
    before_today: frozenset[str]
    foreign_clause_opener: frozenset[str]
    content_clause_noun: frozenset[str]
    upper_bound: frozenset[str]
    upper_bound_comparative: frozenset[str]
    topic_preposition: frozenset[str]
    reaction_verb: frozenset[str]
    play_down_verb: frozenset[str]
    saying_verb: frozenset[str]
    reporting_verb: frozenset[str]
    presenting_verb: frozenset[str]
    many_word: frozenset[str]
    times_count: frozenset[str]
    habitual_verb: frozenset[str]
    light_verb: frozenset[str]
    frequency_adverb: frozenset[str]
    same_day_before_after: frozenset[str]
    single_word: frozenset[str]
    member_opener: frozenset[str]
    span_opener: frozenset[str]
    span_word: frozenset[str]
    period_noun: frozenset[str]
    period_relative_preposition: frozenset[str]
    prior_clause_opener: frozenset[str]
    hedge_gap: frozenset[str]
    identify_clause_break: frozenset[str]
    contrast_word: frozenset[str]
    object_filler: frozenset[str]
    bare_weapon_noun: frozenset[str]
    number: Mapping[str, int | None]

    @property
    def any_launch_noun(self) -> frozenset[str]:
        """Singular and plural launch nouns (`launch_noun` | `plural_launch_noun`)."""
        return self.launch_noun | self.plural_launch_noun


KINDS = tuple(f.name for f in fields(EventLexicon))


def _token_problem(word) -> str | None:
    """Why `word` is not a single lower-case token, or None."""
    if not isinstance(word, str) or not word.strip():
        return f"word {word!r} must be a non-empty string"
    if word != word.lower():
        return f"word {word!r} must be lower-case"
    if len(word.split()) != 1 or word != word.strip():
        return f"word {word!r} must be a single token (no spaces)"
    return None


def _words_problems(data: dict) -> list[str]:
    """Problems of a plain list record: `words`, a non-empty list of distinct single tokens."""
    if "values" in data:
        return [f"kind {data['kind']!r} takes 'words', not 'values'"]
    words = data.get("words")
    if not isinstance(words, list) or not words:
        return ["'words' must be a non-empty list of single lower-case tokens"]
    problems = [p for p in map(_token_problem, words) if p]
    if not problems and len(set(words)) != len(words):
        problems.append(f"duplicate word(s) {sorted({w for w in words if words.count(w) > 1})}")
    return problems


def _values_problems(data: dict) -> list[str]:
    """Problems of a `values` record: an object of single tokens to a whole number or null."""
    if "words" in data:
        return [f"kind {data['kind']!r} takes 'values' (word -> number or null), not 'words'"]
    values = data.get("values")
    if not isinstance(values, dict) or not values:
        return ["'values' must be a non-empty object of word -> whole number or null"]
    problems = [p for p in map(_token_problem, values) if p]
    problems += [f"value of {word!r} must be a whole number or null, got {value!r}" for word, value in values.items()
                 if value is not None and (isinstance(value, bool) or not isinstance(value, int))]
    return problems


def _record_problems(data: dict) -> list[str]:
    kind = data.get("kind")
    if kind not in KINDS:
        return [f"kind {kind!r} not one of {sorted(KINDS)}"]
    return _values_problems(data) if kind in VALUE_KINDS else _words_problems(data)


def _kind_errors(records: list[RuleRecord], found: dict[str, RuleRecord]) -> list[RuleError]:
    """A kind given twice (at the second record) and kinds never given (at line 0)."""
    errors = []
    for record in records:
        first = found.setdefault(record.get("kind"), record)
        if first is not record:
            errors.append(record.error(f"kind {record.get('kind')!r} already given at line {first.line}"))
    missing = [kind for kind in KINDS if kind not in found]
    if missing:
        errors.append(RuleError(LEXICON_FILE, 0, f"missing kind(s) {missing}"))
    return errors


def load_event_lexicon(models_dir: Path) -> tuple[EventLexicon | None, list[RuleError]]:
    """Read and check `models_dir/events/lexicon.jsonl`: the lexicon, or None and every error found."""
    rule_file = read_jsonl_rules(Path(models_dir) / "events" / "lexicon.jsonl", {"id", "kind"},
                                 {"words", "values", "example", "note"}, LEXICON_FILE)
    errors = rule_file.errors + duplicate_id_errors(rule_file.records)
    valid = []
    for record in rule_file.records:
        problems = _record_problems(record.data)
        errors += [record.error(p) for p in problems]
        if not problems:
            valid.append(record)
    found: dict[str, RuleRecord] = {}
    errors += _kind_errors(valid, found)
    if errors:
        return None, errors
    lists = {kind: MappingProxyType(dict(record.get("values"))) if kind in VALUE_KINDS
             else frozenset(record.get("words")) for kind, record in found.items()}
    return EventLexicon(**lists), []
