"""End to end on `tests/launch_db_2016`, the fifth replica of the issue-5 launch bars (January-June 2016
reporting). Its first, untuned score is recorded in its README (three bars missed); the event rules were then
changed because of what it showed, so these floors (just under the current scores) guard in-sample scores: a
regression fails, an improvement passes."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.launch_replica import assert_consistent, assert_scores, run_pipeline

LAUNCH_DB_2016 = ROOT / "tests" / "launch_db_2016"

# First score, 2026-11-23 at f3dfb5e (untuned): recall 10/10, outcome 6/7, family 5/10, false launches 2/12,
# 15 events for 10 launch days. After the fixes of the same day: 10/10, 6/7, 7/10, 0/12, 10 events; with
# KCNA's 2016 names as dated weapon aliases ("carrier rocket Kwangmyongsong", the March "newly developed
# large-caliber multiple rocket launching system"): family 9/10.
FLOORS = {"recall": 0.99, "outcome_accuracy": 0.85, "family_accuracy": 0.89}
CEILINGS = {"false_on_negatives": ("rate", 0.0), "event_ratio": ("value", 1.01)}


def test_launch_db_2016_scores_do_not_regress(tmp_path):
    assert_consistent(LAUNCH_DB_2016, min_negatives=12)
    out = tmp_path / "out"
    run_pipeline(LAUNCH_DB_2016, out)
    metrics = assert_scores(out, LAUNCH_DB_2016, FLOORS, CEILINGS)
    assert metrics["false_on_negatives"]["missing"] == []
