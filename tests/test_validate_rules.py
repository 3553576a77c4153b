"""`validate-rules` reports each class of error as file:line: problem, and `run` refuses bad rules."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.validate import collect_rule_errors
from tests.conftest import MODELS, ROOT


def append(path, line):
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def line_count(path):
    return len(path.read_text(encoding="utf-8").splitlines())


def problems(models):
    return [str(e) for e in collect_rule_errors(models, examples=False)]


def test_shipped_rules_are_valid():
    assert [str(e) for e in collect_rule_errors(MODELS)] == []


def test_unknown_column(models):
    path = models / "locations.csv"
    text = path.read_text(encoding="utf-8").replace("id,name,aliases", "id,name,aliasez", 1)
    path.write_text(text, encoding="utf-8")
    assert any(p.startswith("models/locations.csv:1: unknown column(s) ['aliasez']") for p in problems(models))


def test_unknown_iso3(models):
    path = models / "locations.csv"
    append(path, "loc.nowhere,Nowhere Range,,ZZZ,launch_site,,")
    n = line_count(path)
    assert f"models/locations.csv:{n}: unknown ISO3 code 'ZZZ'" in problems(models)


def test_duplicate_id(models):
    path = models / "locations.csv"
    append(path, "loc.sohae,Another Sohae,,PRK,launch_site,,")
    n = line_count(path)
    assert any(p.startswith(f"models/locations.csv:{n}: duplicate id 'loc.sohae'") for p in problems(models))


def test_alias_pointing_to_two_entities(models):
    path = models / "locations.csv"
    append(path, "loc.fake,Fake Place,Pyongyang,PRK,city,,")
    n = line_count(path)
    assert any(p.startswith(f"models/locations.csv:{n}: form 'Pyongyang' of loc.fake is also a form of country.prk")
               for p in problems(models))


def test_bad_token_pattern_and_unknown_key(models):
    path = models / "events" / "triggers.jsonl"
    append(path, '{"id": "x.bad", "event_type": "LAUNCH", "pattern": [{"LOWERR": "x"}]}')
    append(path, '{"id": "x.key", "event_type": "LAUNCH", "pattern": [{"LOWER": "x"}], "colour": "red"}')
    n = line_count(path)
    found = problems(models)
    assert any(p.startswith(f"models/events/triggers.jsonl:{n - 1}: bad pattern") for p in found)
    assert any(p.startswith(f"models/events/triggers.jsonl:{n}: unknown key(s) ['colour']") for p in found)


@pytest.mark.parametrize("cue_type, value", [
    ("outcome", "partial"),
    ("realis", "plannned"),   # a typo would otherwise reach the realis ranking at run time as a KeyError
])
def test_cue_with_an_unknown_value(models, cue_type, value):
    path = models / "events" / "cues.jsonl"
    append(path, f'{{"id": "{cue_type}.x", "cue_type": "{cue_type}", "value": "{value}", "pattern": [{{"LOWER": "x"}}]}}')
    n = line_count(path)
    assert any(p.startswith(f"models/events/cues.jsonl:{n}: {cue_type} value '{value}' not one of")
               for p in problems(models))


@pytest.mark.parametrize("extra, problem", [
    ('"cue_type": "outcome", "value": "failure", "takes_anaphors": true', "takes_anaphors applies to veto cues only"),
    ('"cue_type": "veto", "value": "LAUNCH", "takes_anaphors": "yes"', "takes_anaphors must be true or false"),
])
def test_takes_anaphors_only_on_veto_cues(models, extra, problem):
    path = models / "events" / "cues.jsonl"
    append(path, f'{{"id": "cue.x", {extra}, "pattern": [{{"LOWER": "x"}}]}}')
    n = line_count(path)
    assert any(p.startswith(f"models/events/cues.jsonl:{n}: {problem}") for p in problems(models))


def test_invalid_json_line(models):
    path = models / "patterns" / "person_names.jsonl"
    append(path, '{"id": "name.broken", "pattern": [')
    n = line_count(path)
    assert any(p.startswith(f"models/patterns/person_names.jsonl:{n}: invalid JSON") for p in problems(models))


def test_phrase_that_tokenizes_differently_in_lower_case(models):
    path = models / "weapon_classes.csv"
    append(path, "class.test,U.S.-made rocket,ROCKET,ROCKET,,")
    found = problems(models)
    assert any("tokenizes as" in p and p.startswith("models/weapon_classes.csv:") for p in found)


def test_example_that_does_not_match(models):
    path = models / "locations.csv"
    append(path, "loc.testrange,Zzyzx Test Range,,USA,launch_site,,It flew from the White Sands range.")
    n = line_count(path)
    found = [str(e) for e in collect_rule_errors(models)]
    assert any(p.startswith(f"models/locations.csv:{n}: example") for p in found)


def test_cli_exit_codes_and_run_refuses_invalid_rules(models, tmp_path):
    ok = subprocess.run([sys.executable, "-m", "pipeline", "validate-rules", "--models", str(MODELS)],
                        cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    append(models / "locations.csv", "loc.nowhere,Nowhere Range,,ZZZ,launch_site,,")
    bad = subprocess.run([sys.executable, "-m", "pipeline", "validate-rules", "--models", str(models)],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1 and "unknown ISO3 code 'ZZZ'" in bad.stdout
    run = subprocess.run([sys.executable, "-m", "pipeline", "run", "--models", str(models),
                          "--output", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and "unknown ISO3 code 'ZZZ'" in run.stderr
    assert not (tmp_path / "out").exists()


def test_readme_walkthrough_adds_a_missile_and_an_official(models):
    """The two example rows of the README validate and are found by the entity stage."""
    from datetime import date

    from pipeline.entities import extract_entities
    from pipeline.nlp import build_nlp

    append(models / "weapons.csv", "weapon.hwasong-21,Hwasong-21,KN-99|Hwasong 21,ROCKET,IRBM,PRK,hwasong-21,,"
                                   "new in 2026,North Korea tested a Hwasong-21 on Monday.")
    append(models / "officials.csv", "official.jane-doe,Jane Doe,,Doe,GBR,Foreign Secretary@2026-09-01/,")
    assert [str(e) for e in collect_rule_errors(models)] == []
    nlp = build_nlp(models)
    doc = nlp("Jane Doe said the KN-99 flew far. Doe added more.")
    found = {(m.text, m.entity_id, m.role) for m in extract_entities(doc, date(2026, 10, 1),
                                                                    nlp.get_pipe("entity_candidates"))}
    assert ("KN-99", "weapon.hwasong-21", "IRBM") in found
    assert ("Jane Doe", "official.jane-doe", "Foreign Secretary") in found
    assert ("Doe", "official.jane-doe", "Foreign Secretary") in found
