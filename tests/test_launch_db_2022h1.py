"""End to end on `tests/launch_db_2022h1`, the sixth replica of the issue-5 launch bars (January-June 2022
reporting). Its first, untuned score is recorded in its README (three bars missed); the event rules were then
changed because of what it showed, so these floors (just under the current scores) guard in-sample scores: a
regression fails, an improvement passes."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.launch_replica import assert_consistent, assert_scores, run_pipeline

LAUNCH_DB_2022H1 = ROOT / "tests" / "launch_db_2022h1"

# First score, 2026-11-23 at 035551c (untuned): recall 17/17, outcome 16/16, family 4/10, false launches 2/12,
# 23 events for 17 launch days. After the fixes of the same day: 17/17, 16/16, 4/10, 0/12, 20 events.
FLOORS = {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.39}
CEILINGS = {"false_on_negatives": ("rate", 0.0), "event_ratio": ("value", 1.18)}


def test_launch_db_2022h1_scores_do_not_regress(tmp_path):
    assert_consistent(LAUNCH_DB_2022H1, min_negatives=12)
    out = tmp_path / "out"
    run_pipeline(LAUNCH_DB_2022H1, out)
    metrics = assert_scores(out, LAUNCH_DB_2022H1, FLOORS, CEILINGS)
    assert metrics["false_on_negatives"]["missing"] == []
