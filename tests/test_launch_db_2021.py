"""End to end on `tests/launch_db_2021`, the seventh replica of the issue-5 launch bars (March 2020 -
December 2021 reporting). Its first, untuned score is recorded in its README (three bars missed); the event rules were then
changed because of what it showed, so these floors (just under the current scores) guard in-sample scores: a
regression fails, an improvement passes."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.launch_replica import assert_consistent, assert_scores, run_pipeline

LAUNCH_DB_2021 = ROOT / "tests" / "launch_db_2021"

# First score, 2026-11-23 at 8490920 (untuned): recall 13/14, outcome 9/11, family 4/7, false launches 2/12,
# 16 events for 14 launch days. After the fixes of the same day: 14/14, 10/12, 4/7, 0/12, 14 events.
FLOORS = {"recall": 0.99, "outcome_accuracy": 0.83, "family_accuracy": 0.57}
CEILINGS = {"false_on_negatives": ("rate", 0.0), "event_ratio": ("value", 1.01)}


def test_launch_db_2021_scores_do_not_regress(tmp_path):
    assert_consistent(LAUNCH_DB_2021, min_negatives=12)
    out = tmp_path / "out"
    run_pipeline(LAUNCH_DB_2021, out)
    metrics = assert_scores(out, LAUNCH_DB_2021, FLOORS, CEILINGS)
    assert metrics["false_on_negatives"]["missing"] == []
