"""End to end on `tests/launch_db_2017`, the third, independent replica of the issue-5 launch bars (2017
reporting). Its first, untuned score is recorded in its README; the rules were then changed because of what it
showed, so these floors (just under the current scores) guard in-sample scores: a regression fails, an
improvement passes."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.launch_replica import assert_consistent, assert_scores, run_pipeline

LAUNCH_DB_2017 = ROOT / "tests" / "launch_db_2017"

# First score, 2026-11-23 at 924fae2 (untuned): recall 14/16, outcome 12/13, family 5/9, false launches 0/12,
# 22 events for 16 launch days. After the fixes of the same day: recall 16/16, outcome 15/15, family 9/11 (the
# Kumsong-3 and the Scud-ER are named in no article), 0/12, 17 events for 16 launch days.
FLOORS = {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.81}
CEILINGS = {"false_on_negatives": ("rate", 0.0), "event_ratio": ("value", 1.07)}


def test_launch_db_2017_scores_do_not_regress(tmp_path):
    assert_consistent(LAUNCH_DB_2017, min_negatives=10)
    out = tmp_path / "out"
    run_pipeline(LAUNCH_DB_2017, out)
    metrics = assert_scores(out, LAUNCH_DB_2017, FLOORS, CEILINGS)
    assert metrics["false_on_negatives"]["missing"] == []
