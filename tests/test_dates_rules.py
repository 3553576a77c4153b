"""Timex rule files: every example matches, and validation names file and line of each problem."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import spacy

from pipeline.dates import DateTagger, load_timex_rules, validate_timex_rules
from pipeline.rules.loader import InvalidRules

MODELS = Path(__file__).resolve().parents[1] / "models" / "timex"
RULES, _ = load_timex_rules(MODELS)
GOOD = {"id": "timex.ok", "label": "DATE", "family": "year", "pattern": [{"SHAPE": "dddd"}],
        "example": "It happened in 2019.", "example_text": "2019"}


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    return pipeline


@pytest.fixture(scope="module")
def tagger(nlp):
    return DateTagger(nlp.vocab, MODELS)


def write_models(tmp_path: Path, lines: list) -> Path:
    """A models dir with the real lexicon and one rule file made of `lines` (dicts or raw strings)."""
    shutil.copy(MODELS / "lexicon.json", tmp_path / "lexicon.json")
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    (tmp_path / "bad.jsonl").write_text(text + "\n", encoding="utf-8")
    return tmp_path


def test_shipped_rules_are_valid():
    assert validate_timex_rules(MODELS) == []


def test_every_rule_has_an_example():
    assert [rule.id for rule in RULES if not rule.example] == []


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_rule_example_is_tagged(nlp, tagger, rule):
    """The whole tagger (not only the rule) yields the example's expected extent; a veto hides it."""
    texts = [t.text for t in tagger(nlp(rule.example), date(2023, 11, 6))]
    if rule.label == "NONE":
        assert [t for t in texts if t in rule.example_text] == []
    else:
        assert rule.example_text in texts


def test_bad_pattern_is_reported_with_line(tmp_path):
    bad = dict(GOOD, id="timex.bad", pattern=[{"SHAPE": "dddd", "OP": "+++"}])
    errors = validate_timex_rules(write_models(tmp_path, [GOOD, bad]))
    assert any(e.path.endswith("bad.jsonl") and e.line == 2 and "bad pattern" in e.problem for e in errors)


def test_unknown_key_is_reported_with_line(tmp_path):
    errors = validate_timex_rules(write_models(tmp_path, ["// comment", GOOD, dict(GOOD, id="timex.x", colour="red")]))
    assert [(e.line, "unknown key" in e.problem) for e in errors] == [(3, True)]


def test_duplicate_id_is_reported_with_both_places(tmp_path):
    errors = validate_timex_rules(write_models(tmp_path, [GOOD, GOOD]))
    assert len(errors) == 1 and errors[0].line == 2 and "bad.jsonl:1" in errors[0].problem


def test_failing_example_is_reported(tmp_path):
    errors = validate_timex_rules(write_models(tmp_path, [dict(GOOD, example="No year here.")]))
    assert len(errors) == 1 and errors[0].line == 1 and "example" in errors[0].problem


def test_unknown_lexicon_name_and_family_are_reported(tmp_path):
    rule = dict(GOOD, family="astrology", pattern=[{"LOWER": {"IN": ["@zodiac"]}}])
    problems = [e.problem for e in validate_timex_rules(write_models(tmp_path, [rule]))]
    assert any("'@zodiac'" in p for p in problems) and any("astrology" in p for p in problems)


def test_tagger_refuses_invalid_rules_listing_all_errors(tmp_path, nlp):
    bad = [dict(GOOD, colour="red"), dict(GOOD, id="timex.b", label="WHEN"), "{not json"]
    with pytest.raises(InvalidRules) as caught:
        DateTagger(nlp.vocab, write_models(tmp_path, bad))
    assert [e.line for e in caught.value.errors] == [1, 2, 3]


def test_missing_lexicon_is_an_error(tmp_path):
    (tmp_path / "r.jsonl").write_text(json.dumps(GOOD) + "\n")
    assert any("lexicon" in e.problem for e in validate_timex_rules(tmp_path))


GATE_TEXT = (
    "North Korea fired a missile on Thursday morning, two days after a failed launch on May 31st. "
    "It plans to try again in October, and more than 60 years of tension may follow in the coming weeks. "
    "The council met at 10:48 a.m. and again for three hours in the third quarter of 2022, every year since 2019. "
    "We may march 10 miles; Resolution 2087 and 1,000 km are not dates, but the 1990s and Juche 113 (2024) are. "
    "The next day, two days later and the day before that day, sales beat the year-earlier period and year-earlier "
    "levels, as in the same period last year and the first nine months of the year, by year-end in the first half. "
    "It fired at 10:30 a.m. local time in the early hours of Sunday, on the night of Nov. 21 and Aug. 2-4, at Christmas."
)


def test_gated_matcher_finds_what_a_plain_matcher_finds(nlp, tagger):
    """Head gating and flag compilation are optimizations: same matches as one plain Matcher."""
    from spacy.matcher import Matcher

    doc = nlp(GATE_TEXT)
    plain = Matcher(nlp.vocab)
    for rule in RULES:
        plain.add(rule.id, [rule.pattern])
    assert sorted(tagger.matcher(doc)) == sorted(plain(doc))


def test_rules_without_a_head_are_rejected(tmp_path):
    rule = dict(GOOD, id="timex.headless", pattern=[{"ORTH": ",", "OP": "?"}, {"IS_DIGIT": True}])
    problems = [e.problem for e in validate_timex_rules(write_models(tmp_path, [rule]))]
    assert any("no head" in p for p in problems)


def test_taggers_sharing_a_vocab_reuse_their_flags(nlp, tagger):
    from pipeline.dates.compile import FLAG_BUDGET, FREE_FLAG_IDS, WordTest

    DateTagger(nlp.vocab, MODELS)
    ours = [i for i in FREE_FLAG_IDS if isinstance(nlp.vocab.lex_attr_getters.get(i), WordTest)]
    assert 0 < len(ours) <= FLAG_BUDGET
    assert len(FREE_FLAG_IDS) - len(ours) >= len(FREE_FLAG_IDS) - FLAG_BUDGET
