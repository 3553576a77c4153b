"""Throughput of the per-article extraction, as ratios to spaCy's own tokenizer, measured in one run.

    .venv/bin/python benchmarks/throughput.py [--n 400] [--repeat 3] [--workers 2]

Builds a corpus from the bodies of `data/raw/*.txt` (the text after the `date YYYY-MM-DD` header), repeated
to N articles, and times on exactly the same texts, in this one process:

  (a) `spacy.blank("en")` tokenizer only (`nlp.make_doc`);
  (b) blank English + sentencizer (`nlp.pipe`);
  (c) the project's full per-article extraction, `pipeline.extract.ArticleProcessor.process`
      (tokenizer, sentencizer, entity candidate matcher, entities, dates, claims, events).

It prints articles/s and ms/article for each, the ratios of their costs to (a) and to (b), the per-stage
seconds the processor records (`processor.seconds`) as ms/article, and the peak RSS.  With `--workers W` it also
times `pipeline.runner.run` end to end on the N articles written as one JSONL file, with 1 and with W worker
processes, and reports the speed-up and the run's own stage timings (from its manifest).

Numbers are reported, never asserted: compare ratios across machines, not absolute speeds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere, installed or not

import spacy  # noqa: E402

from pipeline.extract import ArticleProcessor  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402
from pipeline.runner import run  # noqa: E402
from pipeline.settings import load_settings  # noqa: E402

RAW = ROOT / "data" / "raw"
MODELS = ROOT / "models"


def corpus(n: int) -> list[dict]:
    """N article dicts made from the sample .txt articles: unique ids, the same texts repeated in order."""
    articles, _ = ingest(RAW)  # parses the `date YYYY-MM-DD` header; undecodable files become rejects
    base = sorted((a for a in articles if a["source"].endswith(".txt")), key=lambda a: a["source"])
    if not base:
        raise SystemExit(f"no readable .txt article in {RAW}")
    rows = []
    for i in range(n):
        article = base[i % len(base)]
        rows.append({"article_id": f"bench-{i:05d}", "source": article["source"], "source_id": f"bench-{i:05d}",
                     "published": article["published"], "title": article["title"], "text": article["text"]})
    return rows


def best_of(repeat: int, function) -> float:
    """The fastest of `repeat` timings (the least disturbed by the rest of the machine)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def measure_in_process(articles: list[dict], repeat: int, batch_size: int) -> dict:
    texts = [a["text"] for a in articles]
    tokenizer_only = spacy.blank("en")
    with_sentencizer = spacy.blank("en")
    with_sentencizer.add_pipe("sentencizer")

    started = time.perf_counter()
    processor = ArticleProcessor(MODELS, batch_size)
    build_seconds = time.perf_counter() - started

    # Warm up every path once (lazy caches, dateparser, first allocation of vocab strings).
    for nlp in (tokenizer_only, with_sentencizer):
        list(nlp.pipe(texts[:10]))
    list(processor.process(articles[:10]))

    stages: dict[str, float] = {}

    def full() -> None:
        nonlocal stages
        processor.seconds.clear()
        list(processor.process(articles))
        if not stages or sum(processor.seconds.values()) < sum(stages.values()):
            stages = dict(processor.seconds)

    seconds = {
        "(a) tokenizer (make_doc)": best_of(repeat, lambda: [tokenizer_only.make_doc(t) for t in texts]),
        "(b) tokenizer + sentencizer": best_of(repeat, lambda: list(with_sentencizer.pipe(texts,
                                                                                          batch_size=batch_size))),
        "(c) full extraction": best_of(repeat, full),
    }
    return {"seconds": seconds, "stages": stages, "build_seconds": build_seconds}


def write_jsonl(articles: list[dict], path: Path) -> None:
    """The corpus as one JSONL file; titles differ so that ingest does not drop copies as duplicate content."""
    with path.open("w", encoding="utf-8") as handle:
        for a in articles:
            record = {"id": a["source_id"], "date": a["published"].isoformat() if a["published"] else None,
                      "title": f"{a['source']} copy {a['source_id']}", "text": a["text"]}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def measure_end_to_end(articles: list[dict], workers: int, batch_size: int) -> dict:
    """`run()` on a fresh output folder (incremental reuse off); wall seconds plus the run's manifest."""
    with tempfile.TemporaryDirectory(prefix="news-events-bench-") as folder:
        source = Path(folder) / "input.jsonl"
        write_jsonl(articles, source)
        settings = load_settings(input_path=source, output_dir=Path(folder) / "out", workers=workers,
                                 batch_size=batch_size, incremental=False)
        started = time.perf_counter()
        result = run(settings)
        wall = time.perf_counter() - started
    counts = result.manifest["row_counts"]
    if counts["articles"] != len(articles):
        print(f"warning: run() kept {counts['articles']} of {len(articles)} articles "
              f"({counts['rejects']} rejects)", file=sys.stderr)
    return {"wall": wall, "stages": result.manifest["stage_seconds"], "counts": counts}


def _burn(_: int) -> float:
    """A fixed amount of pure-Python CPU work; returns its own duration."""
    started = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i
    return time.perf_counter() - started


def cpu_parallelism(workers: int) -> float:
    """How much faster W processes do W units of trivial CPU work than one process does them in turn.

    W on an idle machine with W free cores; about 1 where cores are shared or throttled.  It bounds the
    speed-up `run()` can get from workers on this machine at this moment.
    """
    import multiprocessing
    context = multiprocessing.get_context("fork" if platform.system() == "Linux" else "spawn")
    with context.Pool(workers) as pool:
        pool.map(_burn, range(workers))  # start-up excluded
        serial = sum(_burn(i) for i in range(workers))
        started = time.perf_counter()
        pool.map(_burn, range(workers), chunksize=1)
        return serial / (time.perf_counter() - started)


def peak_rss_mib(who: int) -> float:
    """Peak resident set size in MiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    value = resource.getrusage(who).ru_maxrss
    return value / (1024 * 1024) if platform.system() == "Darwin" else value / 1024


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]
    line = "  ".join("-" * w for w in widths)
    fmt = lambda cells: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)  # noqa: E731
                                  for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([fmt(headers), line, *map(fmt, rows)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400, help="articles in the corpus (default 400)")
    parser.add_argument("--repeat", type=int, default=3, help="timings per measurement; the best is kept (3)")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe / worker batch size (32)")
    parser.add_argument("--workers", type=int, default=0, metavar="W",
                        help="also time run() end to end with 1 and with W worker processes (e.g. 2)")
    args = parser.parse_args(argv)

    articles = corpus(args.n)
    n = len(articles)
    words = sum(len(a["text"].split()) for a in articles) / n
    distinct = len({a["text"] for a in articles})
    print(f"corpus: {n} articles ({distinct} distinct texts from {RAW.relative_to(ROOT)}/*.txt), "
          f"{words:.0f} words per article on average")
    print(f"python {platform.python_version()}, spaCy {spacy.__version__}, {os.cpu_count()} CPUs, "
          f"best of {args.repeat}\n")

    result = measure_in_process(articles, args.repeat, args.batch_size)
    seconds = result["seconds"]
    a, b = seconds["(a) tokenizer (make_doc)"], seconds["(b) tokenizer + sentencizer"]
    rows = [[name, f"{n / s:,.0f}", f"{1000 * s / n:.2f}", f"{s / a:.1f}x", f"{s / b:.1f}x"]
            for name, s in seconds.items()]
    print(table(["in one process", "articles/s", "ms/article", "cost vs (a)", "cost vs (b)"], rows))

    stages = result["stages"]
    total = sum(stages.values())
    rows = [[stage, f"{1000 * s / n:.2f}", f"{100 * s / total:.0f}%"]
            for stage, s in sorted(stages.items(), key=lambda item: -item[1])]
    rows.append(["sum of stages", f"{1000 * total / n:.2f}", "100%"])
    print("\n" + table(["(c) by stage (processor.seconds)", "ms/article", "share"], rows))
    print("tokenize_and_match = tokenizer + sentencizer + entity candidate matcher (the nlp.pipe part)")
    print(f"building the ArticleProcessor (Language, matchers, rule stages): {result['build_seconds']:.2f} s, "
          f"once per process")
    print(f"peak RSS of this process: {peak_rss_mib(resource.RUSAGE_SELF):.0f} MiB")

    if args.workers:
        runs = {w: measure_end_to_end(articles, w, args.batch_size) for w in sorted({1, args.workers})}
        stage_names = ["validate_rules", "ingest", "extract", "reconcile", "write"]
        rows = []
        for w, r in runs.items():
            rows.append([f"workers={w}", f"{r['wall']:.2f}", f"{n / r['wall']:,.0f}",
                         *[f"{r['stages'].get(s, 0):.2f}" for s in stage_names]])
        print("\n" + table(["run() end to end", "wall s", "articles/s", *[f"{s} s" for s in stage_names]], rows))
        if args.workers != 1:
            one, many = runs[1], runs[args.workers]
            print(f"speed-up with {args.workers} workers: {one['wall'] / many['wall']:.2f}x end to end, "
                  f"{one['stages']['extract'] / many['stages']['extract']:.2f}x on the extract stage")
            print(f"machine check: {args.workers} processes burn CPU {cpu_parallelism(args.workers):.2f}x as fast "
                  f"as one (the ceiling for any speed-up here)")
        print(f"peak RSS of one worker process: {peak_rss_mib(resource.RUSAGE_CHILDREN):.0f} MiB "
              f"(largest child; the parent's is above)")


if __name__ == "__main__":
    main()
