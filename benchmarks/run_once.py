"""Run the full pipeline once, in this process, and print one JSON line of measurements.

    .venv/bin/python benchmarks/run_once.py --input corpus.jsonl --output /tmp/out [--workers 1]
                                            [--batch-size 32] [--engine local] [--layout file]

`throughput.py` starts this script as a child process so that the peak RSS it reports belongs to this one run
(`ru_maxrss` only ever grows within a process, and `RUSAGE_CHILDREN` of the parent mixes all its children).
It prints `wall_seconds` (just `pipeline.runner.run`, without interpreter start-up and imports, which are in
`import_seconds`), `cpu_seconds` of this process and `worker_cpu_seconds` of its finished worker processes
during the run (the workers of a remote Dask cluster are not counted), the run manifest's `stage_seconds` and
`row_counts`, `peak_rss_mib` of this process and `peak_rss_workers_mib` of its largest worker process (0
without workers). The output folder must be new or empty: nothing of a previous output is reused.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import inspect  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]  # run as a script from anywhere, installed or not

from pipeline.runner import run  # noqa: E402
from pipeline.settings import Settings, load_settings  # noqa: E402
from report import peak_rss_mib  # noqa: E402


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) used so far by this process and by its finished worker processes."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime


def fresh_settings(source: Path, output: Path, workers: int, batch_size: int, engine: str,
                   layout: str = "file") -> Settings:
    """Settings for a run that recomputes everything (incremental reuse off, where the setting exists)."""
    known = {f.name for f in dataclasses.fields(Settings)}
    wanted = {"input_path": source, "output_dir": output, "workers": workers, "batch_size": batch_size,
              "engine": engine, "incremental": False, "layout": layout}
    return load_settings(**{k: v for k, v in wanted.items() if k in known})


def run_fresh(settings: Settings):
    """`run(settings)` with `force=True` (redo everything) and no progress bar, where the runner takes them."""
    accepted = inspect.signature(run).parameters
    options = {"force": True, "progress": False}
    return run(settings, **{k: v for k, v in options.items() if k in accepted})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True, help="a new or empty folder")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--engine", default="local")
    parser.add_argument("--layout", default="file")
    args = parser.parse_args(argv)

    settings = fresh_settings(args.input, args.output, args.workers, args.batch_size, args.engine, args.layout)
    imported, cpu_before = time.perf_counter(), cpu_seconds()
    result = run_fresh(settings)
    wall, cpu = time.perf_counter() - imported, cpu_seconds()
    print(json.dumps({
        "wall_seconds": wall,
        "cpu_seconds": cpu[0] - cpu_before[0],
        "worker_cpu_seconds": cpu[1] - cpu_before[1],
        "import_seconds": imported - _STARTED,
        "stage_seconds": result.manifest.get("stage_seconds", {}),
        "row_counts": result.manifest.get("row_counts", {}),
        "peak_rss_mib": peak_rss_mib(resource.RUSAGE_SELF),
        "peak_rss_workers_mib": peak_rss_mib(resource.RUSAGE_CHILDREN),
    }))


if __name__ == "__main__":
    main()
