"""Throughput of the pipeline, as ratios to spaCy's bare tokenizer, measured in one run.

    python benchmarks/throughput.py [--n 400] [--workers]

Builds a corpus from the bodies of data/raw/*.txt repeated to N articles, then times on the
same texts: (a) the blank English tokenizer, (b) tokenizer + sentencizer, (c) the full
per-article extraction (all rule stages), with per-stage milliseconds and peak memory.
With --workers it also times `pipeline.runner.run` end to end with 1 and 2 processes.
Numbers are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

import spacy

from pipeline.extract import ArticleProcessor
from pipeline.ingest import ingest
from pipeline.runner import run
from pipeline.settings import PROJECT_ROOT, load_settings


def corpus(n: int) -> list[dict]:
    """N article rows made from the sample .txt articles (unique ids, same texts repeated)."""
    base = [a for a in ingest(PROJECT_ROOT / "data" / "raw")[0] if a["source"].endswith(".txt")]
    return [{**base[i % len(base)], "article_id": f"bench-{i}", "source_id": f"bench-{i}"} for i in range(n)]


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def per_article_rates(articles: list[dict]) -> dict[str, float]:
    texts = [a["text"] for a in articles]
    bare = spacy.blank("en")
    sentencized = spacy.blank("en")
    sentencized.add_pipe("sentencizer")
    processor = ArticleProcessor(PROJECT_ROOT / "models")
    list(processor.process(articles[:5]))  # warm caches
    processor.seconds.clear()
    seconds = {
        "tokenizer": timed(lambda: [bare.make_doc(t) for t in texts]),
        "tokenizer+sentencizer": timed(lambda: list(sentencized.pipe(texts))),
        "full extraction": timed(lambda: list(processor.process(articles))),
    }
    return seconds, dict(processor.seconds)


def end_to_end(articles: list[dict], workers: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "input.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for a in articles:
                handle.write(json.dumps({"id": a["article_id"], "date": str(a["published"] or ""),
                                         "title": a["title"], "text": a["text"] + f" ({a['article_id']})"}) + "\n")
        settings = load_settings(input_path=source, output_dir=Path(folder) / "out", workers=workers,
                                 incremental=False)
        return timed(lambda: run(settings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--workers", action="store_true", help="also time run() with 1 and 2 processes")
    args = parser.parse_args()
    articles = corpus(args.n)
    words = sum(len(a["text"].split()) for a in articles) / len(articles)
    seconds, stages = per_article_rates(articles)
    base = seconds["tokenizer"]
    print(f"{args.n} articles, {words:.0f} words on average")
    print(f"{'what':28} {'articles/s':>11} {'ms/article':>11} {'x tokenizer':>12}")
    for name, value in seconds.items():
        print(f"{name:28} {args.n / value:11.0f} {1000 * value / args.n:11.2f} {value / base:12.1f}")
    print("\nper stage inside full extraction (ms/article):")
    for stage, value in sorted(stages.items()):
        print(f"  {stage:26} {1000 * value / args.n:8.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS: {peak:.0f} MiB")
    if args.workers:
        one, two = end_to_end(articles, 1), end_to_end(articles, 2)
        print(f"\nrun() end to end: 1 worker {one:.2f} s, 2 workers {two:.2f} s, speed-up {one / two:.2f}x")


if __name__ == "__main__":
    main()
