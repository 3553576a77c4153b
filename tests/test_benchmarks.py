"""Smoke tests of the benchmark scripts: they run on a tiny corpus and report what they promise.

Speed is never asserted here (it is measured in `benchmarks/`); these only catch a benchmark that no longer runs
against the current pipeline. The scripts are run as the README says, in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"


def run_script(script: str, *args: str, cwd: Path) -> None:
    """Run a benchmark script with this interpreter; a failure shows the script's own error."""
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, cwd=cwd)
    assert done.returncode == 0, done.stderr[-3000:]


def generate(tmp_path: Path, n: int, name: str) -> list[dict]:
    path = tmp_path / name
    run_script("corpus.py", "--articles", str(n), "--output", str(path), cwd=tmp_path)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_corpus_is_distinct_deterministic_and_prefix_stable(tmp_path):
    twenty = generate(tmp_path, 20, "a.jsonl")
    assert len(twenty) == 20
    assert all(set(record) == {"id", "date", "title", "text"} for record in twenty)
    assert len({record["text"] for record in twenty}) == 20  # distinct articles, not one repeated
    assert generate(tmp_path, 20, "b.jsonl") == twenty  # seeded: the same corpus every time
    assert generate(tmp_path, 5, "c.jsonl") == twenty[:5]  # article i does not depend on the corpus size


def test_throughput_runs_and_reports_its_keys(tmp_path):
    report = tmp_path / "throughput.json"
    run_script("throughput.py", "--articles", "20", "--repeat", "1", "--workers", "1", "--json", str(report),
               cwd=tmp_path)
    results = json.loads(report.read_text(encoding="utf-8"))
    # One worker keeps the smoke test cheap: the 2-worker path is the runner's tests' business.
    assert {"machine", "corpus", "in_process", "end_to_end", "summary"} <= set(results)
    assert set(results["end_to_end"]) == {"1"}
    for run in results["end_to_end"].values():
        assert {"wall_seconds", "cpu_seconds", "stage_seconds", "row_counts", "peak_rss_mib"} <= set(run)
        assert "extract" in run["stage_seconds"]
        assert run["row_counts"]["articles"] == 20
    assert {"ratio_b_over_a", "ratio_b_over_a_wall", "articles_per_second"} <= set(results["summary"])
