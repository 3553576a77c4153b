"""Derived figures and printed tables of `throughput.py`, plus the two small probes it needs.

Kept apart from the measuring code so that what is timed and how it is shown can change independently.
All derived figures go into `results["summary"]`, so the `--json` file holds what the tables show.
"""

from __future__ import annotations

import multiprocessing
import platform
import resource
import time

CEILING = "(a) blank en + sentencizer"
WARM_CEILING = "(a) again, warm (vocab and tokenizer cache filled)"
EXTRACTION = "extraction only (ArticleProcessor)"
REFERENCE = "reference: (a) on data/raw/*.txt"
STAGES = ["validate_rules", "ingest", "extract", "reconcile", "write"]
TARGET = 0.40  # issue 6: the full pipeline at >= 40% of blank spaCy's speed on one core


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MiB (`ru_maxrss` is KiB on Linux, bytes on macOS)."""
    value = resource.getrusage(who).ru_maxrss
    return value / (1024 * 1024) if platform.system() == "Darwin" else value / 1024


def _burn(_: int) -> float:
    """A fixed amount of pure-Python CPU work; returns its own duration."""
    started = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i
    return time.perf_counter() - started


def cpu_parallelism(workers: int) -> float:
    """How much faster W processes do W units of trivial CPU work than one process does them in turn.

    About W on an idle machine with W free cores, about 1 where the cores are shared or throttled: the ceiling
    of any worker speed-up on this machine at this moment, to read the pipeline's speed-up against.
    """
    context = multiprocessing.get_context("fork" if platform.system() == "Linux" else "spawn")
    with context.Pool(workers) as pool:
        pool.map(_burn, range(workers))  # start-up excluded
        serial = sum(_burn(i) for i in range(workers))
        started = time.perf_counter()
        pool.map(_burn, range(workers), chunksize=1)
        return serial / (time.perf_counter() - started)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]

    def line(cells: list) -> str:
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *map(line, rows)])


def run_cpu(run: dict) -> float:
    """CPU seconds of a full run: the main process plus its local worker processes."""
    return run["cpu_seconds"] + run["worker_cpu_seconds"]


def _cpu_split(run: dict) -> str:
    """`25.15`, or `8.08+20.27` when worker processes did part of the work (the main process's share is serial)."""
    if not run["worker_cpu_seconds"]:
        return f"{run['cpu_seconds']:.2f}"
    return f"{run['cpu_seconds']:.2f}+{run['worker_cpu_seconds']:.2f}"


def startup_seconds(results: dict) -> float:
    """The one-off cost of a run, whatever its size: validating the rules (from the run's manifest)
    and building the spaCy pipeline and rule stages (timed in this process)."""
    one = results["end_to_end"]["1"]
    return one["stage_seconds"].get("validate_rules", 0.0) + results["in_process"]["build_seconds"]


def summarise(results: dict, n: int) -> dict:
    """Articles/s of every measurement, the ratio b/a and the worker speed-ups, into `results["summary"]`.

    The headline b/a uses CPU seconds (what one core of its own would do, steady under other people's load);
    the wall-clock ratio is kept next to it.
    """
    seconds = results["in_process"]["seconds"]
    runs = results["end_to_end"]
    one = runs["1"]
    summary = {
        "articles_per_second": {name: {kind: n / v for kind, v in t.items()} for name, t in seconds.items()},
        "full_run_articles_per_second": {w: {"wall": n / r["wall_seconds"], "cpu": n / run_cpu(r)}
                                         for w, r in runs.items()},
        "ratio_b_over_a": seconds[CEILING]["cpu"] / run_cpu(one),
        "ratio_b_over_a_wall": seconds[CEILING]["wall"] / one["wall_seconds"],
        "ratio_extraction_over_a": seconds[CEILING]["cpu"] / seconds[EXTRACTION]["cpu"],
        "startup_seconds": startup_seconds(results),
        "ratio_b_over_a_steady": seconds[CEILING]["cpu"] / (run_cpu(one) - startup_seconds(results)),
    }
    many = [w for w in runs if w != "1"]
    if many:
        w = many[0]
        summary["speedup"] = {"workers": int(w), "end_to_end": one["wall_seconds"] / runs[w]["wall_seconds"],
                              "extract": one["stage_seconds"]["extract"] / runs[w]["stage_seconds"]["extract"]}
    results["summary"] = summary
    return summary


def print_in_process(results: dict, n: int) -> None:
    """The per-measurement table and the extraction's per-stage table (all in the parent process)."""
    measured = results["in_process"]
    seconds, ceiling = measured["seconds"], measured["seconds"][CEILING]
    rows = [[name, f"{n / t['cpu']:,.0f}", f"{1000 * t['cpu'] / n:.2f}", f"{ceiling['cpu'] / t['cpu']:.3f}",
             f"{n / t['wall']:,.0f}"] for name, t in seconds.items()]
    print(table(["in this process", "articles/s (CPU)", "CPU ms/article", "speed vs (a)", "articles/s (wall)"],
                rows))
    stages = measured["stages"]
    total = sum(stages.values())
    rows = [[stage, f"{1000 * s / n:.2f}", f"{100 * s / total:.0f}%"]
            for stage, s in sorted(stages.items(), key=lambda item: -item[1])]
    rows.append(["sum of stages", f"{1000 * total / n:.2f}", "100%"])
    print("\n" + table(["extraction by stage (processor.seconds, wall)", "ms/article", "share"], rows))
    print("tokenize_and_match = tokenizer + sentencizer + entity candidate matchers (the project's nlp.pipe)")
    print(f"building the ArticleProcessor: {measured['build_seconds']:.2f} s once per process; "
          f"peak RSS of this process: {measured['peak_rss_mib']:.0f} MiB")


def print_end_to_end(results: dict, n: int, engine: str) -> None:
    """(b) per run, its stages from the manifest, RSS, then b/a against the target and the speed-up."""
    summary = summarise(results, n)
    rows = []
    for w, r in results["end_to_end"].items():
        stage = r["stage_seconds"]
        rows.append([f"(b) run() workers={w}", f"{r['wall_seconds']:.2f}", f"{n / r['wall_seconds']:,.0f}",
                     _cpu_split(r), *[f"{stage.get(s, 0):.2f}" for s in STAGES],
                     f"{r['peak_rss_mib']:.0f}", f"{r['peak_rss_workers_mib']:.0f}"])
    headers = [f"full pipeline ({engine}, child process)", "wall s", "articles/s", "CPU s (main+workers)",
               *[f"{s} s" for s in STAGES], "RSS MiB", "worker RSS"]
    print("\n" + table(headers, rows))
    print_substages(results, n)
    counts = results["end_to_end"]["1"]["row_counts"]
    print("rows: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
    verdict = "meets" if summary["ratio_b_over_a"] >= TARGET else "below"
    print(f"\nratio b/a (full pipeline vs blank en + sentencizer, one core, CPU seconds): "
          f"{summary['ratio_b_over_a']:.3f} ({verdict} the {TARGET:.2f} target); wall clock: "
          f"{summary['ratio_b_over_a_wall']:.3f}")
    print(f"  the same without the one-off start-up ({summary['startup_seconds']:.2f} s: rule validation, building "
          f"the pipeline), i.e. per article on a large corpus: {summary['ratio_b_over_a_steady']:.3f}")
    print(f"  extraction alone in this process vs (a): {summary['ratio_extraction_over_a']:.3f}")
    if "speedup" in summary:
        s = summary["speedup"]
        print(f"speed-up with {s['workers']} workers (wall clock): {s['end_to_end']:.2f}x end to end, "
              f"{s['extract']:.2f}x on the extract stage")
    if "cpu_parallelism" in results:
        print(f"machine check: {summary.get('speedup', {}).get('workers', 2)} processes burn CPU "
              f"{results['cpu_parallelism']:.2f}x as fast as one (the ceiling for any speed-up right now)")


def print_substages(results: dict, n: int) -> None:
    """The `extract.<stage>` seconds of each full run (CPU time summed over workers), in ms/article."""
    runs = results["end_to_end"]
    names = sorted({k for r in runs.values() for k in r["stage_seconds"] if k.startswith("extract.")})
    if not names:
        return
    rows = [[name.removeprefix("extract."), *[f"{1000 * r['stage_seconds'].get(name, 0) / n:.2f}"
                                             for r in runs.values()]] for name in names]
    headers = ["full run: extract by stage, ms/article", *[f"workers={w}" for w in runs]]
    print("\n" + table(headers, rows))


def print_scan(results: dict) -> None:
    """Peak RSS of single-worker full runs at each corpus size."""
    if not results.get("rss_scan"):
        return
    rows = [[f"{r['articles']:,}", f"{r['wall_seconds']:.0f}", f"{r['articles'] / r['wall_seconds']:,.0f}",
             f"{run_cpu(r):.0f}", f"{r['stage_seconds'].get('reconcile', 0):.0f}", f"{r['peak_rss_mib']:.0f}"]
            for r in results["rss_scan"]]
    print("\n" + table(["RSS scan: articles", "wall s", "articles/s", "CPU s", "reconcile s", "peak RSS MiB"], rows))
    streaming = "yes" if results.get("streaming_writer") else "no (all rows are built in memory)"
    print(f"pipeline writes Parquet in batches (ParquetWriter): {streaming}")
