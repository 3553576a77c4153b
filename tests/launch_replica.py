"""What every launch-database replica test does: check the replica's files agree, run the pipeline
on its articles, and hold its scores to floors and ceilings (`tests/launch_db*/`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.evaluate_launches import format_launch_report, load_launches, load_negatives, score_launches
from tests.conftest import ROOT


def assert_consistent(replica: Path, min_negatives: int) -> None:
    """Every reported_in and negative names an article of the corpus; no article is both; launch ids are unique."""
    articles = {p.stem for p in (replica / "articles").glob("*.txt")}
    launches = load_launches(replica / "launches.csv")
    reporting = {source for launch in launches for source in launch["reported_in"]}
    negatives = set(load_negatives(replica / "negatives.txt"))
    assert reporting <= articles and negatives <= articles and not reporting & negatives
    assert len(negatives) >= min_negatives and len({launch["launch_id"] for launch in launches}) == len(launches)


def run_pipeline(replica: Path, out: Path) -> None:
    """`python -m pipeline run` on the replica's articles into `out`."""
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--input", str(replica / "articles"),
                             "--output", str(out), "-q"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def assert_scores(out: Path, replica: Path, floors: dict[str, float], ceilings: dict[str, tuple[str, float]]) -> dict:
    """Score the run against the replica; every floor met and every ceiling kept; return the metrics."""
    metrics = score_launches(out, replica / "launches.csv", replica / "negatives.txt")
    for key, floor in floors.items():
        assert metrics[key]["value"] >= floor, (key, metrics[key], format_launch_report(metrics))
    for key, (field, ceiling) in ceilings.items():
        assert metrics[key][field] <= ceiling, (key, metrics[key], format_launch_report(metrics))
    return metrics
