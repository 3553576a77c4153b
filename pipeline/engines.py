"""Engines run the per-article stages over batches of article rows.

An engine maps an iterable of batches (lists of article row dicts) to an iterator of
`BatchResult`s **in the same order**: the rows of every per-article table (plus the
`articles` rows with their counts) and the seconds spent per stage.  Everything that
crosses a process or machine boundary is plain rows, never a spaCy `Doc`.

- `LocalEngine`: this process, or `settings.workers` forked processes on this machine.
- `pipeline.dask_engine.DaskEngine`: the workers of a Dask cluster (`--engine dask`).

The runner does not care which engine produced a batch, so both give identical tables.
"""

from __future__ import annotations

import multiprocessing
import platform
from collections import deque
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from pipeline.parts import BatchTask, PartTarget, write_worker_parts
from pipeline.schemas import PER_ARTICLE_TABLES
from pipeline.settings import Settings

# (rows per table name, including "articles"; seconds per stage)
BatchResult = tuple[dict[str, list[dict]], dict[str, float]]

# One processor per worker process, built once by the pool initializer (or on first use).
_PROCESSOR = None


def init_processor(models_dir: str, batch_size: int) -> None:
    """Build this process's `ArticleProcessor` (the spaCy Language and rule stages) once."""
    global _PROCESSOR
    from pipeline.extract import ArticleProcessor
    _PROCESSOR = ArticleProcessor(Path(models_dir), batch_size)


def process_batch(articles: list[dict], target: PartTarget | None = None) -> BatchResult:
    """Rows of every per-article table for one batch, with this process's processor.

    With a `target` (the batch is computed whole, in the `dataset` layout), this process
    writes the batch's parts of `parts.WORKER_TABLES` itself and sends back only their counts.
    """
    from pipeline.batches import CACHE_PAYLOADS, article_rows
    out: dict[str, list[dict]] = {name: [] for name in ("articles", *PER_ARTICLE_TABLES, CACHE_PAYLOADS)}
    _PROCESSOR.seconds.clear()
    for article, tables in _PROCESSOR.process(articles):
        tables, payload = article_rows({"n_sentences": article["n_sentences"], "n_tokens": article["n_tokens"]},
                                       tables)
        out["articles"].append(article)
        out[CACHE_PAYLOADS].append({"article_id": article["article_id"], "payload": payload})
        for name, rows in tables.items():
            out[name].extend(rows)
    if target is not None:
        out = write_worker_parts(out, target)
    return out, dict(_PROCESSOR.seconds)


def process_task(task: BatchTask | list[dict]) -> BatchResult:
    """`process_batch` for one engine input item: a `BatchTask`, or a plain list of articles."""
    if isinstance(task, BatchTask):
        return process_batch(task.articles, task.target)
    return process_batch(task)


# Blocks sent to the pool per worker before their results are collected: enough to keep every
# worker busy, few enough that the corpus's mentions are never all in memory at once.
IN_FLIGHT_PER_WORKER = 2


def bounded_imap(pool, function, items: Iterable, window: int) -> Iterator:
    """`pool.imap(function, items)` with at most `window` items submitted and not yet collected
    (`Pool.imap` reads its whole input at once)."""
    pending: deque = deque()
    for item in items:
        pending.append(pool.apply_async(function, (item,)))
        while len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


class LocalEngine:
    """This process (workers <= 1) or a pool of `workers` processes on this machine."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._pool = None

    def map_batches(self, batches: Iterable[BatchTask | list[dict]]) -> Iterator[BatchResult]:
        """Results of `process_batch` for each batch (`BatchTask` or list of articles), in input order.

        Worker processes of this machine share its disk, so they write the parts of a task's target.
        """
        init_args = (str(self.settings.models_dir), self.settings.batch_size)
        if self.settings.workers <= 1:
            if _PROCESSOR is None:
                init_processor(*init_args)
            return map(process_task, batches)
        if self._pool is None:
            context = multiprocessing.get_context("fork" if platform.system() == "Linux" else "spawn")
            self._pool = context.Pool(self.settings.workers, initializer=init_processor, initargs=init_args)
        return self._pool.imap(process_task, batches)

    def map_blocks(self, tables: Iterable, day_tolerance: int) -> Iterator:
        """`reconcile_stream.reconcile_table` over event-mention blocks, in order: on the worker
        processes when this engine started them, else in this process."""
        from pipeline.reconcile_stream import map_locally, reconcile_table
        if self._pool is None:
            return map_locally(tables, day_tolerance)
        window = IN_FLIGHT_PER_WORKER * self.settings.workers
        return bounded_imap(self._pool, partial(reconcile_table, day_tolerance=day_tolerance), tables, window)

    def close(self) -> None:
        """Stop the worker processes, if any."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def make_engine(settings: Settings):
    """The engine named by `settings.engine` ("local" or "dask")."""
    if settings.engine == "local":
        return LocalEngine(settings)
    if settings.engine == "dask":
        from pipeline.dask_engine import DaskEngine
        return DaskEngine(settings)
    raise ValueError(f"unknown engine {settings.engine!r} (expected 'local' or 'dask')")
