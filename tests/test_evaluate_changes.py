"""`evaluate` shows what changed: scores that moved, errors fixed and new, against the previous
evaluation of the same run folder or a saved baseline."""

from __future__ import annotations

import json

import pytest

from pipeline.cli import main
from pipeline.evaluate_changes import compare, error_lists, format_changes, score_leaves
from pipeline.schemas import to_table
from pipeline.store import read_rows, write_table
from tests.test_evaluate import synthetic  # noqa: F401  (the fixture: a tiny run folder and its gold)

BEFORE = {
    "claims": {"overlap": {"f1": 0.9, "tp": 9}, "stance_accuracy": {"accuracy": 0.8}},
    "recall": {"value": 0.5},
    "errors": {"claims": {"fp": [{"source_id": "a", "start": 3, "text": "x"}],
                          "fn": [{"source_id": "a", "start": 9, "text": "y"}]},
               "missed": [{"launch_id": "prk-1", "date": "2024-01-14"}]},
}


def after(**changes) -> dict:
    document = json.loads(json.dumps(BEFORE))
    for path, value in changes.items():
        node = document
        *parents, leaf = path.split("__")
        for key in parents:
            node = node[key]
        node[leaf] = value
    return document


def test_score_leaves_are_floats_outside_errors():
    assert score_leaves(BEFORE) == {"claims.overlap.f1": 0.9, "claims.stance_accuracy.accuracy": 0.8,
                                    "recall.value": 0.5}


def test_error_lists_by_path():
    assert set(error_lists(BEFORE)) == {"claims.fp", "claims.fn", "missed"}


@pytest.mark.parametrize("current, scores, fixed, new", [
    (after(), [], {}, {}),
    (after(claims__overlap__f1=0.90001), [], {}, {}),                       # rounding noise
    (after(claims__overlap__f1=0.95), [("claims.overlap.f1", 0.9, 0.95)], {}, {}),
    (after(recall__value=None), [("recall.value", 0.5, None)], {}, {}),      # a score that disappeared
    (after(errors__missed=[]), [], {"missed": 1}, {}),
    (after(errors__claims__fp=[{"source_id": "a", "start": 3, "text": "x2"}]), [], {"claims.fp": 1},
     {"claims.fp": 1}),                                                      # same place, other text: both
    (after(errors__claims__new=[{"source_id": "b", "start": 1}]), [], {}, {"claims.new": 1}),
])
def test_compare(current, scores, fixed, new):
    changes = compare(BEFORE, current, "test")
    assert changes.scores == scores
    assert {path: len(errors) for path, errors in changes.fixed.items()} == fixed
    assert {path: len(errors) for path, errors in changes.new.items()} == new
    assert changes.empty == (not scores and not fixed and not new)


def test_format_changes_lists_moves_and_errors():
    text = format_changes(compare(BEFORE, after(claims__overlap__f1=0.95, errors__missed=[]), "base"), 5)
    assert "CHANGES since base" in text
    assert "claims.overlap.f1" in text and "0.9000 -> 0.9500" in text and "(+0.0500)" in text
    assert "fixed missed (1, showing 1)" in text and "prk-1" in text
    assert "no score moved" in format_changes(compare(BEFORE, BEFORE, "base"))


def test_cli_evaluate_reports_what_changed_since_the_last_evaluation(synthetic, capsys):  # noqa: F811
    gold, run = synthetic
    args = ["evaluate", "--gold", str(gold), "--run", str(run)]
    assert main(args) == 0
    assert "first evaluation of this run folder" in capsys.readouterr().out
    assert main(args) == 0
    assert "no score moved and no error was fixed or added" in capsys.readouterr().out

    # A rule edit that drops the spurious "officials" entity: precision rises, its false positive is fixed.
    rows = [row for row in read_rows(run, "entities") if row["text"] != "officials"]
    write_table(run, "entities", to_table("entities", rows))
    assert main(args) == 0
    out = capsys.readouterr().out
    changes = out[out.index("CHANGES since the previous evaluation"):]
    assert "entities.strict.overall.precision" in changes
    assert "fixed entities.fp (1" in changes and "officials" in changes
    assert "new " not in changes


def test_cli_evaluate_against_a_saved_baseline(synthetic, tmp_path, capsys):  # noqa: F811
    gold, run = synthetic
    baseline = tmp_path / "before.json"
    assert main(["evaluate", "--gold", str(gold), "--run", str(run), "--output", str(baseline)]) == 0
    rows = [row for row in read_rows(run, "entities") if row["text"] != "North Korea"]
    write_table(run, "entities", to_table("entities", rows))
    capsys.readouterr()
    assert main(["evaluate", "--gold", str(gold), "--run", str(run), "--baseline", str(baseline)]) == 0
    changes = capsys.readouterr().out.split("CHANGES since ")[1]
    assert changes.startswith(str(baseline))
    assert "entities.strict.overall.recall" in changes and "new entities.fn (1" in changes
    assert main(["evaluate", "--gold", str(gold), "--run", str(run), "--baseline", str(tmp_path / "none.json")]) == 0
    assert "no readable baseline" in capsys.readouterr().out


def test_cli_evaluate_without_a_run_or_launch_table_is_an_error_message(synthetic, tmp_path, capsys):  # noqa: F811
    assert main(["evaluate", "--run", str(tmp_path / "none")]) == 1
    assert "no articles table" in capsys.readouterr().err
    _, run = synthetic
    assert main(["evaluate", "--launches", str(tmp_path / "none.csv"), "--run", str(run)]) == 1
    assert "no such file" in capsys.readouterr().err
