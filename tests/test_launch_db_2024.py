"""End to end on `tests/launch_db_2024`, the independent 2024 replica of the issue-5 launch bars: the rules were
never tuned on it before its first score (see its README). Floors sit just under that first score, so a
regression fails and an improvement passes."""

from __future__ import annotations

import subprocess
import sys

from pipeline.evaluate_launches import format_launch_report, load_launches, load_negatives, score_launches
from tests.conftest import ROOT

LAUNCH_DB_2024 = ROOT / "tests" / "launch_db_2024"

# First score, 2026-11-23 at aa69735: recall 11/12, outcome 9/10, family 3/6 (three launches whose family no
# reporting article names), false launches 1/11 negatives, 13 events for 13 launch days. Raise the floors when
# the event stage improves, and note in the README that the corpus is then no longer untouched.
# Since the 2017 replica's fixes (in-sample): recall 11/12, outcome 10/10, family 3/6, 0/11, 13 events for
# 14 launch days; the floors sit just under that.
FLOORS = {"recall": 0.91, "outcome_accuracy": 0.99, "family_accuracy": 0.49}
CEILINGS = {"false_on_negatives": ("rate", 0.0), "event_ratio": ("value", 0.95)}


def test_launch_db_2024_scores_do_not_regress(tmp_path):
    articles = {p.stem for p in (LAUNCH_DB_2024 / "articles").glob("*.txt")}
    launches = load_launches(LAUNCH_DB_2024 / "launches.csv")
    reporting = {source for launch in launches for source in launch["reported_in"]}
    negatives = set(load_negatives(LAUNCH_DB_2024 / "negatives.txt"))
    assert reporting <= articles and negatives <= articles and not reporting & negatives
    assert len(negatives) >= 8 and len({launch["launch_id"] for launch in launches}) == len(launches)

    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--input", str(LAUNCH_DB_2024 / "articles"),
                             "--output", str(out), "-q"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    metrics = score_launches(out, LAUNCH_DB_2024 / "launches.csv", LAUNCH_DB_2024 / "negatives.txt")
    assert metrics["false_on_negatives"]["missing"] == []
    for key, floor in FLOORS.items():
        assert metrics[key]["value"] >= floor, (key, metrics[key], format_launch_report(metrics))
    for key, (field, ceiling) in CEILINGS.items():
        assert metrics[key][field] <= ceiling, (key, metrics[key], format_launch_report(metrics))
