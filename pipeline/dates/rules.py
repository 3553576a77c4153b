"""Timex rule files: load, expand lexicon references, validate.

A rule file is ``models/timex/*.jsonl``; each line is one rule::

    {"id": "timex.weekday", "label": "DATE", "family": "weekday",
     "pattern": [{"LOWER": {"IN": ["@weekday"]}}, ...],
     "example": "The launch took place on Thursday morning.",
     "example_text": "Thursday morning", "note": "..."}

Keys: ``id``, ``label`` (the usual TIMEX3 type: DATE, TIME, DURATION, SET; NONE for a veto) and
``pattern`` (one spaCy token pattern) are required.  Optional: ``family`` (the
resolver that turns the matched words into a value; default ``explicit``),
``priority`` (an int breaking ties between equally long matches, default 0),
``head`` (index of the required token every match contains, where the rule is
tried: see `pipeline.dates.gate`; default: the last required word-class token),
``example`` / ``example_text`` (checked by `validate_timex_rules`) and ``note``.

Inside ``IN`` / ``NOT_IN`` lists an item ``"@name"`` stands for every word of
list or map `name` of ``lexicon.json``, so word lists live in one place.
Matched extents are trimmed of the lexicon's ``edge_signal`` words (TimeML keeps
prepositions outside the TIMEX3), which lets a rule use "in May" as context for
the ambiguous "May" and still tag only "May".  ``trailing_signal: true`` keeps a
final signal word that belongs to the expression ("the day before"); ``distal: true`` marks
a demonstrative ("that morning") that never means the publication day (`pipeline.dates.anaphora`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from pipeline.dates.gate import head_of
from pipeline.dates.lexicon import Lexicon, read_lexicon
from pipeline.dates.resolve import FAMILIES
from pipeline.rules.loader import (
    InvalidRules,
    RuleError,
    RuleRecord,
    duplicate_id_errors,
    read_jsonl_rules,
    token_pattern_problems,
)

REQUIRED_KEYS = {"id", "label", "pattern"}
OPTIONAL_KEYS = {"family", "priority", "head", "example", "example_text", "note", "trailing_signal", "distal"}
LABELS = {"DATE", "TIME", "DURATION", "SET", "NONE"}  # NONE: a veto (see resolve.veto)
RULE_GLOB = "*.jsonl"


@dataclass(frozen=True)
class TimexRule:
    """One validated rule, its pattern expanded with lexicon words."""

    id: str
    label: str
    family: str
    pattern: list
    priority: int
    head: int | None
    example: str | None
    example_text: str | None
    path: str
    line: int
    trailing_signal: bool = False
    distal: bool = False


def expand_pattern(pattern: list, lexicon: Lexicon) -> tuple[list, list[str]]:
    """Replace ``"@name"`` items of IN/NOT_IN lists by lexicon words.

    Returns the expanded copy and the names that the lexicon lacks.
    """
    expanded = copy.deepcopy(pattern)
    unknown: list[str] = []
    for token in expanded if isinstance(expanded, list) else []:
        if not isinstance(token, dict):
            continue
        for spec in token.values():
            if not isinstance(spec, dict):
                continue
            for op in ("IN", "NOT_IN"):
                items = spec.get(op)
                if isinstance(items, list):
                    spec[op] = _expand_items(items, lexicon, unknown)
    return expanded, unknown


def _expand_items(items: list, lexicon: Lexicon, unknown: list[str]) -> list:
    out: list = []
    for item in items:
        if isinstance(item, str) and item.startswith("@"):
            words = lexicon.words(item[1:])
            if words is None:
                unknown.append(item)
            else:
                out.extend(sorted(words))
        else:
            out.append(item)
    return out


def _rule_problems(record: RuleRecord) -> list[str]:
    """Problems of one rule's scalar keys (patterns are checked after expansion)."""
    problems = []
    if record.get("label") not in LABELS:
        problems.append(f"label {record.get('label')!r} not in {sorted(LABELS)}")
    family = record.get("family", "explicit")
    if family not in FAMILIES:
        problems.append(f"family {family!r} unknown; known: {sorted(FAMILIES)}")
    if not isinstance(record.get("priority", 0), int):
        problems.append("priority must be an integer")
    for flag in ("trailing_signal", "distal"):
        if not isinstance(record.get(flag, False), bool):
            problems.append(f"{flag} must be true or false")
    if "example_text" in record.data and "example" not in record.data:
        problems.append("example_text without example")
    return problems


def _read_rules(models_dir: Path) -> tuple[list[TimexRule], Lexicon | None, list[RuleError]]:
    """Read lexicon and every rule file; collect all static errors."""
    models_dir = Path(models_dir)
    lexicon, errors = read_lexicon(models_dir)
    records: list[RuleRecord] = []
    paths = sorted(models_dir.glob(RULE_GLOB))
    if not paths:
        errors.append(RuleError(str(models_dir), 0, f"no {RULE_GLOB} rule files"))
    for path in paths:
        rule_file = read_jsonl_rules(path, REQUIRED_KEYS, OPTIONAL_KEYS)
        errors.extend(rule_file.errors)
        records.extend(rule_file.records)
    errors.extend(duplicate_id_errors(records))
    rules = []
    for record in records:
        problems = _rule_problems(record)
        pattern = record.get("pattern")
        if lexicon is not None:
            pattern, unknown = expand_pattern(pattern, lexicon)
            problems += [f"unknown lexicon name {name!r}" for name in unknown]
        problems += token_pattern_problems(pattern)
        if not problems and head_of(pattern, record.get("head")) is None:
            problems.append("no head: give a required token with a word or shape test (or fix 'head')")
        if problems:
            errors.extend(record.error(p) for p in problems)
            continue
        rules.append(TimexRule(
            id=record.get("id"), label=record.get("label"), family=record.get("family", "explicit"),
            pattern=pattern, priority=record.get("priority", 0), head=record.get("head"),
            example=record.get("example"),
            example_text=record.get("example_text"), path=record.path, line=record.line,
            trailing_signal=record.get("trailing_signal", False), distal=record.get("distal", False),
        ))
    return rules, lexicon, errors


def load_timex_rules(models_dir: Path) -> tuple[list[TimexRule], Lexicon]:
    """Load and statically validate the rules; raise `InvalidRules` listing every error.

    Examples are not checked here (that needs a tokenizer and costs time at every
    start-up); `validate_timex_rules` checks them.
    """
    rules, lexicon, errors = _read_rules(models_dir)
    if errors or lexicon is None:
        raise InvalidRules(errors)
    return rules, lexicon


def validate_timex_rules(models_dir: Path) -> list[RuleError]:
    """Every problem of the timex rules: keys, patterns, duplicate ids, failing examples."""
    rules, lexicon, errors = _read_rules(models_dir)
    if lexicon is not None:
        errors.extend(_example_errors(rules, lexicon))
    return sorted(errors, key=lambda e: (e.path, e.line, e.problem))


def _example_errors(rules: list[TimexRule], lexicon: Lexicon) -> list[RuleError]:
    """An error for each rule whose example does not yield its example_text."""
    import spacy  # local: only validation needs a tokenizer of its own

    from pipeline.dates.tagger import match_rule

    tokenizer = spacy.blank("en").tokenizer
    errors = []
    for rule in rules:
        if not rule.example:
            continue
        found = match_rule(tokenizer(rule.example), rule, lexicon)
        wanted = rule.example_text
        if not found or (wanted is not None and wanted not in found):
            problem = f"example does not match {wanted!r}" if wanted else "example matches nothing"
            errors.append(RuleError(rule.path, rule.line, f"{problem} (found {found})"))
    return errors
