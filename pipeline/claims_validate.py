"""Checking the claim rule files: `validate_claim_rules` (``python -m pipeline validate-rules``).

Every problem is reported with file and line: unknown keys, bad patterns and duplicate ids
(`pipeline.claims_rules`), then, when the files are otherwise valid, examples that do not do
what their rule says, run through the real extractor.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.claims_match import match_ends
from pipeline.claims_rules import ClaimRules, load_claim_rules
from pipeline.rules.loader import InvalidRules, RuleError


def _example_errors(rules: ClaimRules, models_dir: Path) -> list[RuleError]:
    """Each rule's example must work: cue, speaker and continuation examples yield a claim made by
    that rule, stance examples a claim with that stance, lexicon examples a claim, guard examples
    match their guard."""
    from pipeline.claims import ClaimExtractor   # here: pipeline.claims imports this module
    from pipeline.entities import extract_entities
    from pipeline.nlp import blank_english, shared_nlp

    try:
        nlp = shared_nlp(models_dir)
        matcher = nlp.get_pipe("entity_candidates")
        def mentions(doc):
            return extract_entities(doc, None, matcher)
    except (InvalidRules, OSError, ValueError):   # gazetteer errors are reported by the entity checks
        nlp = blank_english()
        def mentions(doc):
            return []
    extractor = ClaimExtractor(nlp.vocab, models_dir)
    errors = []
    for family, record in rules.records:
        example = record.get("example")
        if not example:
            continue
        doc = nlp(example)
        rule_id = record.get("id")
        if family == "guards.jsonl":
            steps = rules.guards[rule_id]
            if not any(match_ends(doc, start, steps) for start in range(len(doc))):
                errors.append(record.error(f"example {example!r} does not match the guard"))
            continue
        claims = extractor(doc, mentions(doc))
        if family == "stance.jsonl":   # a stance rule's example must give a claim its stance
            stances = [c.stance for c in claims]
            if record.get("stance") not in stances:
                errors.append(record.error(f"example {example!r} yields no claim with this stance (got {stances})"))
            continue
        ids = [c.rule_id for c in claims]
        wanted = {"cues.jsonl": lambda r: r.startswith(rule_id + "+"),
                  "continuations.jsonl": lambda r: r.startswith(rule_id + "+"),
                  "speakers.jsonl": lambda r: r.endswith("+" + rule_id)}.get(family, lambda r: True)
        if not any(wanted(r) for r in ids):
            errors.append(record.error(f"example {example!r} yields no claim from this rule (got {ids or 'none'})"))
    return errors


def validate_claim_rules(models_dir: Path, examples: bool = True) -> list[RuleError]:
    """Every problem of the claim rule files: unknown keys, bad patterns, duplicate ids and,
    when the files are otherwise valid, examples that do not work."""
    rules = load_claim_rules(Path(models_dir))
    if rules.errors or not examples:
        return list(rules.errors)
    return _example_errors(rules, Path(models_dir))
