"""End to end on `tests/launch_db_2019`, the fourth, independent replica of the issue-5 launch bars (2019
reporting). Its first, untuned score is recorded in its README; the rules were then changed because of what it
showed, so these floors (just under the current scores) guard in-sample scores: a regression fails, an
improvement passes. The run's manifest must also name the event policies it ran with."""

from __future__ import annotations

import json
import subprocess
import sys

from pipeline.evaluate_launches import format_launch_report, load_launches, load_negatives, score_launches
from tests.conftest import ROOT

LAUNCH_DB_2019 = ROOT / "tests" / "launch_db_2019"

# First score, 2026-11-23 at a64ca94 (untuned): recall 13/13, outcome 11/12, family 2/11, false launches 1/8,
# 15 events for 13 launch days. After the fixes of the same day: recall 13/13, outcome 12/12, family 2/11 (four
# KN-23 days named in no article, four KN-25 days named only as a "super-large multiple rocket launcher", a
# class phrase of models/weapon_classes.csv, and one KN-24 day named only by comparison), 0/8, 13 events.
# Then "super-large multiple rocket launcher" became a KN-25 alias (it names that system, not a class) and
# "launched weapons seven times" a count: family 6/11, 13 events.
FLOORS = {"recall": 0.99, "outcome_accuracy": 0.99, "family_accuracy": 0.54}
CEILINGS = {"false_on_negatives": ("rate", 0.0), "event_ratio": ("value", 1.01)}
EVENT_POLICIES = {"event_anaphora": "anaphora_main_event_v2", "event_agent": "agent_in_clause_v2",
                  "event_weapon": "weapon_in_clause_v2", "reconcile": "interval_blocks_v3"}


def test_launch_db_2019_scores_do_not_regress(tmp_path):
    articles = {p.stem for p in (LAUNCH_DB_2019 / "articles").glob("*.txt")}
    launches = load_launches(LAUNCH_DB_2019 / "launches.csv")
    reporting = {source for launch in launches for source in launch["reported_in"]}
    negatives = set(load_negatives(LAUNCH_DB_2019 / "negatives.txt"))
    assert reporting <= articles and negatives <= articles and not reporting & negatives
    assert len(negatives) >= 8 and len({launch["launch_id"] for launch in launches}) == len(launches)

    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--input", str(LAUNCH_DB_2019 / "articles"),
                             "--output", str(out), "-q"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    policies = json.loads((out / "manifest.json").read_text())["policies"]
    assert EVENT_POLICIES.items() <= policies.items(), policies
    metrics = score_launches(out, LAUNCH_DB_2019 / "launches.csv", LAUNCH_DB_2019 / "negatives.txt")
    assert metrics["false_on_negatives"]["missing"] == []
    for key, floor in FLOORS.items():
        assert metrics[key]["value"] >= floor, (key, metrics[key], format_launch_report(metrics))
    for key, (field, ceiling) in CEILINGS.items():
        assert metrics[key][field] <= ceiling, (key, metrics[key], format_launch_report(metrics))
