"""Validate every rule file in `models/`: the `validate-rules` command and the run's gate.

Checks: schema of each file (unknown keys/columns, missing values, bad token patterns,
duplicate ids, unknown ISO3 codes), surface forms shared by different entities,
case-insensitive phrases that tokenize differently in lower case, and every rule's
`example` actually producing a match of that rule (a dated weapon alias's on its first valid day).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pipeline.rules.gazetteers import Form, Gazetteer, load_gazetteer
from pipeline.rules.loader import InvalidRules, RuleError


def form_clash_errors(gazetteer: Gazetteer) -> list[RuleError]:
    """A surface form (case-insensitive) that points to two different entities."""
    owners: dict[str, list[Form]] = defaultdict(list)
    for form in gazetteer.forms:
        owners[form.text.lower()].append(form)
    errors = []
    for text, forms in sorted(owners.items()):
        ids = {f.entry.entity_id for f in forms}
        if len(ids) < 2:
            continue
        first = forms[0].entry
        for form in forms[1:]:
            if form.entry.entity_id != first.entity_id:
                errors.append(RuleError(form.entry.path, form.entry.line,
                                        f"form {form.text!r} of {form.entry.entity_id} is also a form of "
                                        f"{first.entity_id} ({first.path}:{first.line})"))
    return errors


def lowercase_tokenization_errors(gazetteer: Gazetteer, tokenizer) -> list[RuleError]:
    """Case-insensitive phrases must split into the same tokens in lower case, or the
    LOWER phrase matcher silently never matches them ("U.S." vs "u.s")."""
    errors = []
    for form in gazetteer.forms:
        if form.case_sensitive:
            continue
        original = [t.text.lower() for t in tokenizer(form.text)]
        lowered = [t.text for t in tokenizer(form.text.lower())]
        if original != lowered:
            errors.append(RuleError(form.entry.path, form.entry.line,
                                    f"phrase {form.text!r} tokenizes as {original} but in lower case as {lowered}"))
    return errors


def example_errors(gazetteer: Gazetteer, nlp) -> list[RuleError]:
    """Every entity with an `example` must be found in it by the full entity stage."""
    from pipeline.entities import extract_entities
    matcher = nlp.get_pipe("entity_candidates")
    errors = []
    for entry in gazetteer.entries.values():
        if not entry.example:
            continue
        found = {m.entity_id for m in extract_entities(nlp(entry.example), None, matcher)}
        if entry.entity_id not in found:
            errors.append(RuleError(entry.path, entry.line,
                                    f"example {entry.example!r} does not produce {entry.entity_id} "
                                    f"(found {sorted(found) or 'nothing'})"))
    return errors


def collect_rule_errors(models_dir: Path, examples: bool = True) -> list[RuleError]:
    """Every problem in every rule file of `models_dir`, sorted by file and line."""
    from pipeline.claims import validate_claim_rules
    from pipeline.dates import validate_timex_rules
    from pipeline.event_rules import validate_event_rules
    from pipeline.nlp import blank_english, load_name_patterns, shared_nlp
    from pipeline.rules.class_periods import class_period_errors, load_class_periods
    from pipeline.rules.time_zones import load_time_zones
    from pipeline.rules.weapon_aliases import alias_example_errors

    models_dir = Path(models_dir)
    gazetteer = load_gazetteer(models_dir)
    errors = list(gazetteer.errors)
    errors += load_name_patterns(models_dir)[1]
    errors += form_clash_errors(gazetteer)
    errors += lowercase_tokenization_errors(gazetteer, blank_english().tokenizer)
    errors += validate_timex_rules(models_dir / "timex")
    errors += validate_claim_rules(models_dir)
    errors += validate_event_rules(models_dir)
    periods, period_errors = load_class_periods(models_dir)
    errors += period_errors + class_period_errors(periods, gazetteer)
    countries = {e.country for e in gazetteer.entries.values() if e.label == "COUNTRY"}
    errors += load_time_zones(models_dir, countries)[1]
    if examples and not errors:
        errors += example_errors(gazetteer, shared_nlp(models_dir))
        errors += alias_example_errors(gazetteer, shared_nlp(models_dir))
    return sorted(set(errors), key=lambda e: (e.path, e.line, e.problem))


def check_rules(models_dir: Path, examples: bool = True) -> None:
    """Raise `InvalidRules` listing every problem, or return quietly."""
    errors = collect_rule_errors(models_dir, examples)
    if errors:
        raise InvalidRules(errors)
