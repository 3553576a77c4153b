"""Batches of the streaming run: plan them from the input, assemble their rows in order.

`plan` turns the ingest stream into batches of at most `batch_size` input records; for
each it looks the articles up in the row cache and yields the articles still to compute
(possibly none: an engine returns empty rows for an empty batch).  It records every batch
in a queue *before* yielding its work, so whoever consumes the engine's results (in
input order) finds the matching batch at the head of the queue.  `plan` runs in whatever
thread the engine pulls its input from, so it only touches thread-safe objects.

`assemble` merges a batch's reused and freshly computed rows into the output order:
articles in input order, and within an article each table's rows sorted by
`WITHIN_ARTICLE` keys.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pipeline.cache import CachedArticle, RowCache, encode
from pipeline.schemas import PER_ARTICLE_TABLES

# The pseudo-table of engine results holding {"article_id", "payload"}: cache payloads encoded by the engine.
CACHE_PAYLOADS = "cache_payloads"

# Row order inside one article, per table (ties broken by the row's content-hash id).
WITHIN_ARTICLE = {
    "sentences": ("sentence_index",),
    "entities": ("start_char", "end_char", "label", "mention_id"),
    "dates": ("start_char", "end_char", "date_id"),
    "claims": ("start_char", "speaker_start_char", "content_start_char", "claim_id"),
    "event_mentions": ("start_char", "event_type", "mention_id"),
}


@dataclass
class Batch:
    """Consecutive input records: articles (input order), rejects, and what the cache had."""

    articles: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    cached: dict[str, CachedArticle] = field(default_factory=dict)
    index: int = 0   # the batch's number in input order (names its parts in the `dataset` layout)

    def todo(self) -> list[dict]:
        """The articles the engine must compute."""
        return [a for a in self.articles if a["article_id"] not in self.cached]


@dataclass
class Assembled:
    """A batch's rows in output order, and the fresh ones to store in the cache."""

    tables: dict[str, list[dict]]
    fresh: list[tuple[str, dict, dict[str, list[dict]]]]
    payloads: dict[str, bytes] = field(default_factory=dict)   # cache payloads the engine already encoded


def plan(records: Iterable[tuple[str, dict]], cache: RowCache | None, batch_size: int, planned: deque,
         stop: threading.Event, task=Batch.todo) -> Iterator:
    """Yield each batch's work, `task(batch)` (default: the articles to compute), after
    appending the batch to `planned`.

    Stops early when `stop` is set (the run failed: do not feed the engine the rest).
    """
    batch = Batch()
    for kind, row in records:
        if stop.is_set():
            return
        (batch.articles if kind == "article" else batch.rejects).append(row)
        if len(batch.articles) + len(batch.rejects) >= batch_size:
            yield _planned(batch, cache, planned, task)
            batch = Batch(index=batch.index + 1)
    if batch.articles or batch.rejects:
        yield _planned(batch, cache, planned, task)


def _planned(batch: Batch, cache: RowCache | None, planned: deque, task):
    if cache is not None:
        batch.cached = cache.get_many([a["article_id"] for a in batch.articles])
    planned.append(batch)
    return task(batch)


def assemble(batch: Batch, rows: dict[str, list[dict]]) -> Assembled:
    """Rows of every table for `batch`, from the cache or from the engine's `rows`."""
    fresh_by_article = _by_article(rows)
    # Articles whose rows the engine sorted and encoded for the cache already (`article_rows`).
    payloads = {row["article_id"]: row["payload"] for row in rows.get(CACHE_PAYLOADS, [])}
    out: dict[str, list[dict]] = {name: [] for name in ("articles", *PER_ARTICLE_TABLES)}
    fresh = []
    for article in batch.articles:
        article_id = article["article_id"]
        if article_id in batch.cached:
            counts, tables = batch.cached[article_id]
        else:
            row, tables = fresh_by_article[article_id]
            counts = {"n_sentences": row["n_sentences"], "n_tokens": row["n_tokens"]}
            if article_id not in payloads:
                tables = {name: sort_within_article(name, tables[name]) for name in PER_ARTICLE_TABLES}
            fresh.append((article_id, counts, tables))
        # Source names come from this run's input: the same text may have moved files.
        out["articles"].append({**article, **counts})
        for name in PER_ARTICLE_TABLES:
            out[name].extend(tables[name])
    return Assembled(out, fresh, payloads)


def article_rows(counts: dict, tables: dict[str, list[dict]]) -> tuple[dict[str, list[dict]], bytes]:
    """One freshly computed article's rows in output order, and their row-cache payload.

    Engines call this where they compute (a worker process), so that the sorting and the
    encoding do not queue up in the main process, which writes every table alone.
    """
    tables = {name: sort_within_article(name, tables.get(name, [])) for name in PER_ARTICLE_TABLES}
    return tables, encode(counts, tables)


def _by_article(rows: dict[str, list[dict]]) -> dict[str, tuple[dict, dict[str, list[dict]]]]:
    grouped = {row["article_id"]: (row, {name: [] for name in PER_ARTICLE_TABLES}) for row in rows["articles"]}
    for name in PER_ARTICLE_TABLES:
        for row in rows.get(name, []):
            grouped[row["article_id"]][1][name].append(row)
    return grouped


def sort_within_article(name: str, rows: list[dict]) -> list[dict]:
    """One article's rows of table `name` in their canonical order (nulls last)."""
    keys = WITHIN_ARTICLE[name]
    return sorted(rows, key=lambda row: tuple((row.get(k) is None, "" if row.get(k) is None else row.get(k))
                                              for k in keys))
