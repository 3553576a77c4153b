"""Read and validate the event rule files: `models/events/triggers.jsonl`, `cues.jsonl` and, through
`pipeline.event_lexicon`, `lexicon.jsonl`."""

from __future__ import annotations

from pathlib import Path

from spacy.matcher import Matcher

from pipeline.event_lexicon import load_event_lexicon
from pipeline.rules.loader import (RuleError, RuleRecord, duplicate_id_errors, read_jsonl_rules,
                                   token_pattern_problems)

EVENT_TYPES = {"LAUNCH", "NUCLEAR_TEST", "CONDEMN", "SANCTION", "EXERCISE", "TALKS"}
CUE_TYPES = {"outcome", "stage", "realis", "observer", "veto", "hedge", "subordinator", "identify", "detection"}
REQUIREMENTS = {"weapon"}
# Where a cue applies: before the trigger in its clause (absent), after it, or over it (veto cues).
SCOPES = {None, "after", "over"}
# Values an outcome cue may give; a "guard" masks the failure words it overlaps.
OUTCOME_VALUES = {"success", "failure", "guard"}
# Values a realis cue may give (`events._stronger_realis` ranks them).
REALIS_VALUES = {"actual", "planned", "hypothetical", "negated"}


def read_event_rules(models_dir: Path) -> tuple[list[RuleRecord], list[RuleRecord], list[RuleError]]:
    base = Path(models_dir) / "events"
    triggers = read_jsonl_rules(base / "triggers.jsonl", {"id", "event_type", "pattern"},
                                {"form", "requires", "example", "note"}, "models/events/triggers.jsonl")
    cues = read_jsonl_rules(base / "cues.jsonl", {"id", "cue_type", "pattern"},
                            {"value", "scope", "within", "classes", "evidence", "any_sentence", "takes_anaphors", "example",
                             "note"},
                            "models/events/cues.jsonl")
    errors = triggers.errors + cues.errors + duplicate_id_errors(triggers.records + cues.records)
    for record in triggers.records:
        errors += [record.error(p) for p in token_pattern_problems(record.get("pattern"))]
        if record.get("event_type") not in EVENT_TYPES:
            errors.append(record.error(f"event_type {record.get('event_type')!r} not one of {sorted(EVENT_TYPES)}"))
        if record.get("requires") is not None and record.get("requires") not in REQUIREMENTS:
            errors.append(record.error(f"requires {record.get('requires')!r} not one of {sorted(REQUIREMENTS)}"))
    for record in cues.records:
        errors += [record.error(p) for p in token_pattern_problems(record.get("pattern"))]
        if record.get("cue_type") not in CUE_TYPES:
            errors.append(record.error(f"cue_type {record.get('cue_type')!r} not one of {sorted(CUE_TYPES)}"))
        if record.get("cue_type") == "outcome" and record.get("value") not in OUTCOME_VALUES:
            errors.append(record.error(f"outcome value {record.get('value')!r} not one of {sorted(OUTCOME_VALUES)}"))
        if record.get("cue_type") == "realis" and record.get("value") not in REALIS_VALUES:
            errors.append(record.error(f"realis value {record.get('value')!r} not one of {sorted(REALIS_VALUES)}"))
        if record.get("scope") not in SCOPES:
            errors.append(record.error(f"scope {record.get('scope')!r} not one of {sorted(SCOPES - {None})} (or absent)"))
        if record.get("evidence") not in {None, "stated", "inferred"}:
            errors.append(record.error(f"evidence {record.get('evidence')!r} not 'stated' or 'inferred'"))
        if record.get("any_sentence") not in {None, True, False}:
            errors.append(record.error(f"any_sentence must be true or false, got {record.get('any_sentence')!r}"))
        if record.get("takes_anaphors") not in {None, True, False}:
            errors.append(record.error(f"takes_anaphors must be true or false, got {record.get('takes_anaphors')!r}"))
        if record.get("takes_anaphors") and record.get("cue_type") != "veto":
            errors.append(record.error("takes_anaphors applies to veto cues only"))
        within = record.get("within")
        if within is not None and not (isinstance(within, int) and within >= 0):
            errors.append(record.error(f"within must be a token count >= 0, got {within!r}"))
    return triggers.records, cues.records, errors


def validate_event_rules(models_dir: Path) -> list[RuleError]:
    """Problems in the event rule files, including examples their rule does not match."""
    triggers, cues, errors = read_event_rules(models_dir)
    errors += load_event_lexicon(models_dir)[1]
    if errors:
        return errors
    from pipeline.nlp import blank_english
    nlp = blank_english()
    for record in triggers + cues:
        example = record.get("example")
        if not example:
            continue
        matcher = Matcher(nlp.vocab)
        matcher.add(record.get("id"), [record.get("pattern")])
        if not matcher(nlp(example)):
            errors.append(record.error(f"example {example!r} is not matched by its pattern"))
    return errors
