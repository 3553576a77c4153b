"""`models/events/lexicon.jsonl`: the event stage's word lists are data, checked on load and read at run time."""

from __future__ import annotations

import json

import pytest

from pipeline.event_lexicon import KINDS, load_event_lexicon
from pipeline.validate import collect_rule_errors
from tests.conftest import MODELS

LEXICON = "models/events/lexicon.jsonl"


def lexicon_path(models):
    return models / "events" / "lexicon.jsonl"


def append(models, line):
    """Add a line to the copy's lexicon; its 1-based line number."""
    path = lexicon_path(models)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    return len(path.read_text(encoding="utf-8").splitlines())


def edit_kind(models, kind, change):
    """Rewrite the record of `kind` in place with `change(record)`; its 1-based line number."""
    path = lexicon_path(models)
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, text in enumerate(lines, start=1):
        if not text.startswith("//") and text.strip() and json.loads(text)["kind"] == kind:
            record = json.loads(text)
            change(record)
            lines[number - 1] = json.dumps(record)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return number
    raise AssertionError(f"no {kind} record")


def test_shipped_lexicon_gives_every_kind():
    lexicon, errors = load_event_lexicon(MODELS)
    assert errors == []
    assert all(getattr(lexicon, kind) for kind in KINDS)
    assert lexicon.number["two"] == 2 and lexicon.number["dozens"] is None


# (record appended to the lexicon, start of the expected problem on its line)
BAD_RECORDS = [
    ('{"id": "evlex.x", "kind": "coast_words", "words": ["bay"]}', "kind 'coast_words' not one of"),
    ('{"id": "evlex.x", "words": ["bay"]}', "missing key(s) ['kind']"),
    ('{"id": "evlex.x", "kind": "coast_word", "words": ["bay"]}', "kind 'coast_word' already given at line"),
    ('{"id": "evlex.x", "kind": "coast_word", "words": ["Bay"]}', "word 'Bay' must be lower-case"),
    ('{"id": "evlex.x", "kind": "coast_word", "words": ["sea shore"]}', "word 'sea shore' must be a single token"),
    ('{"id": "evlex.x", "kind": "coast_word", "words": [""]}', "word '' must be a non-empty string"),
    ('{"id": "evlex.x", "kind": "coast_word", "words": [3]}', "word 3 must be a non-empty string"),
    ('{"id": "evlex.x", "kind": "coast_word", "words": []}', "'words' must be a non-empty list"),
    ('{"id": "evlex.x", "kind": "coast_word", "words": ["bay", "bay"]}', "duplicate word(s) ['bay']"),
    ('{"id": "evlex.x", "kind": "number", "words": ["two"]}', "kind 'number' takes 'values'"),
    ('{"id": "evlex.x", "kind": "number", "values": {"two": "2"}}', "value of 'two' must be a whole number or null"),
    ('{"id": "evlex.x", "kind": "coast_word", "words": ["bay"], "colour": "red"}', "unknown key(s) ['colour']"),
    ('{"id": "evlex.coast-words", "kind": "coast_word", "words": ["bay"]}', "duplicate id 'evlex.coast-words'"),
]


@pytest.mark.parametrize("line, problem", BAD_RECORDS)
def test_a_bad_record_is_named_by_file_and_line(models, line, problem):
    number = append(models, line)
    found = [str(e) for e in collect_rule_errors(models, examples=False)]
    assert any(p.startswith(f"{LEXICON}:{number}: {problem}") for p in found), found


def test_a_missing_kind_is_reported_for_the_file(models):
    path = lexicon_path(models)
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if '"kind": "coast_word"' not in line]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    found = [str(e) for e in collect_rule_errors(models, examples=False)]
    assert f"{LEXICON}:0: missing kind(s) ['coast_word']" in found


def test_a_run_refuses_a_bad_lexicon(models):
    from pipeline.events import EventExtractor
    from pipeline.nlp import blank_english
    from pipeline.rules.loader import InvalidRules
    edit_kind(models, "time_of_day", lambda record: record["words"].append("Dawn"))
    with pytest.raises(InvalidRules, match="must be lower-case"):
        EventExtractor(blank_english().vocab, models)


def first_launch(models, text):
    from pipeline.extract import ArticleProcessor
    article = {"article_id": "t", "source": "t", "source_id": "t", "published": None, "title": None, "text": text}
    (_, rows), = ArticleProcessor(models).process([article])
    return next(m for m in rows["event_mentions"] if m["event_type"] == "LAUNCH")


# (kind, edit of its record, text, field of the first LAUNCH, value with the shipped lexicon, value after the edit)
EDITS = [
    ("number", lambda r: r["values"].pop("two"),
     "North Korea fired two short-range ballistic missiles on Thursday.", "count", 2, None),
    ("number", lambda r: r["values"].update(two=3),
     "North Korea fired two short-range ballistic missiles on Thursday.", "count", 2, 3),
]


@pytest.mark.parametrize("kind, change, text, field, shipped, edited", EDITS)
def test_editing_the_lexicon_changes_the_output(models, kind, change, text, field, shipped, edited):
    assert first_launch(models, text)[field] == shipped
    edit_kind(models, kind, change)
    assert first_launch(models, text)[field] == edited
