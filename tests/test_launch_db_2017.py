"""End to end on `tests/launch_db_2017`, the third, independent replica of the issue-5 launch bars (2017
reporting). Its first, untuned score is recorded in its README; the rules were then changed because of what it
showed, so these floors (just under the current scores) guard in-sample scores: a regression fails, an
improvement passes."""

from __future__ import annotations

import subprocess
import sys

from pipeline.evaluate_launches import format_launch_report, load_launches, load_negatives, score_launches
from tests.conftest import ROOT

LAUNCH_DB_2017 = ROOT / "tests" / "launch_db_2017"

# First score, 2026-11-23 at 924fae2 (untuned): recall 14/16, outcome 12/13, family 5/9, false launches 0/12,
# 22 events for 16 launch days. After the fixes of the same day: recall 16/16, outcome 15/15, family 9/11 (the
# Kumsong-3 and the Scud-ER are named in no article), 0/12, 17 events for 16 launch days.
FLOORS = {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.81}
CEILINGS = {"false_on_negatives": ("rate", 0.0), "event_ratio": ("value", 1.07)}


def test_launch_db_2017_scores_do_not_regress(tmp_path):
    articles = {p.stem for p in (LAUNCH_DB_2017 / "articles").glob("*.txt")}
    launches = load_launches(LAUNCH_DB_2017 / "launches.csv")
    reporting = {source for launch in launches for source in launch["reported_in"]}
    negatives = set(load_negatives(LAUNCH_DB_2017 / "negatives.txt"))
    assert reporting <= articles and negatives <= articles and not reporting & negatives
    assert len(negatives) >= 10 and len({launch["launch_id"] for launch in launches}) == len(launches)

    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--input", str(LAUNCH_DB_2017 / "articles"),
                             "--output", str(out), "-q"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    metrics = score_launches(out, LAUNCH_DB_2017 / "launches.csv", LAUNCH_DB_2017 / "negatives.txt")
    assert metrics["false_on_negatives"]["missing"] == []
    for key, floor in FLOORS.items():
        assert metrics[key]["value"] >= floor, (key, metrics[key], format_launch_report(metrics))
    for key, (field, ceiling) in CEILINGS.items():
        assert metrics[key][field] <= ceiling, (key, metrics[key], format_launch_report(metrics))
