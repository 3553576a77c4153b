"""End to end on `tests/launch_db_2024`, the independent 2024 replica of the issue-5 launch bars: the rules were
never tuned on it before its first score (see its README). Floors sit just under that first score, so a
regression fails and an improvement passes."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.launch_replica import assert_consistent, assert_scores, run_pipeline

LAUNCH_DB_2024 = ROOT / "tests" / "launch_db_2024"

# First score, 2026-11-23 at aa69735: recall 11/12, outcome 9/10, family 3/6 (three launches whose family no
# reporting article names), false launches 1/11 negatives, 13 events for 13 launch days. Raise the floors when
# the event stage improves, and note in the README that the corpus is then no longer untouched.
# Since the 2017 replica's fixes (in-sample): recall 11/12, outcome 10/10, family 3/6, 0/11, 13 events for
# 14 launch days; the floors sit just under that.
# After the fresh 2016 replica's fixes (a debut "first tested on Wednesday" is background; a detection dates an
# undated lead launch): recall 12/12 (January 28 found), outcome 11/11, 13 events for 13 launch days.
# Then dated weapon aliases (models/weapon_aliases.csv: KCNA's "hypersonic maneuverable controlled warhead" of
# January 2024 = the Hwasong-16B): family 4/7 -> 5/7.
FLOORS = {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.71}
CEILINGS = {"false_on_negatives": ("rate", 0.0), "event_ratio": ("value", 1.01)}


def test_launch_db_2024_scores_do_not_regress(tmp_path):
    assert_consistent(LAUNCH_DB_2024, min_negatives=8)
    out = tmp_path / "out"
    run_pipeline(LAUNCH_DB_2024, out)
    metrics = assert_scores(out, LAUNCH_DB_2024, FLOORS, CEILINGS)
    assert metrics["false_on_negatives"]["missing"] == []
