"""Run the stages: ingest -> per-article extraction -> reconcile -> write, streaming.

Input records flow lazily from `iter_ingest` into batches of `settings.batch_size`
(`pipeline.batches`); articles whose rows are in the row cache (`pipeline.cache`: same
content, code, schema, rules and settings) are reused, the others go to the engine
(`pipeline.engines`: this process, a process pool, or Dask), which returns rows in input
order.  Each batch's rows are appended to streaming Parquet writers in a staging folder
(`pipeline.store.TableWriter`), so memory holds a few batches, one row group per table,
the ingest's dedup sets and, while reconciling, one block of event mentions: the mention
rows wait in a staged spill file, which `pipeline.reconcile_stream` reconciles block by
block into `events`; the mentions are then copied in with their event ids, the manifest is
staged, and everything is committed at once (`pipeline.staging`): a killed run leaves the
previous output intact or recoverable.

Row order: articles and rejects in input order; every per-article table in article
order, and within an article by `pipeline.batches.WITHIN_ARTICLE`; `events` by
`reconcile_stream.EVENT_ORDER`.  So tables are byte-identical whatever the engine, the
worker count or what was reused.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import __version__
from pipeline.batches import CACHE_PAYLOADS, Batch, assemble, plan
from pipeline.cache import RowCache, is_validated, mark_validated
from pipeline.engines import make_engine
from pipeline.ingest import iter_ingest
from pipeline.manifest import build_manifest
from pipeline.parts import DATASET, WRITTEN, BatchTask, ReachProbe
from pipeline.progress import Progress, progress_wanted
from pipeline.publish import mirror_dir, publish
from pipeline.event_families import infer_families, load_periods
from pipeline.reconcile_stream import event_id_column, map_locally, reconcile_spill
from pipeline.rules.fingerprint import rules_hash
from pipeline.schemas import PER_ARTICLE_TABLES, SCHEMA_VERSION, TABLES
from pipeline.settings import Settings, is_url
from pipeline.staging import Staging, crash_point, output_lock, recover
from pipeline.store import MANIFEST, TableWriter, read_manifest, read_table, write_json
from pipeline.table_sinks import make_sink
from pipeline.validate import check_rules

log = logging.getLogger(__name__)

STREAMED_TABLES = ("articles", "rejects", "sentences", "entities", "dates", "claims")
MENTION_SPILL = "event_mentions.spill.parquet"  # staging files only: never committed
MENTION_BLOCKS = "event_mentions.blocks.arrow"
SPILL_READ_ROWS = 8192


class EmptyInputError(RuntimeError):
    """Raised instead of replacing a good previous output with an empty one."""


@dataclass
class RunResult:
    """Where a run wrote its tables, and its manifest."""

    output_dir: Path
    manifest: dict = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        """One of the written tables (date columns as datetime64)."""
        return read_table(self.output_dir, name)


@dataclass
class StreamStats:
    """What streaming the input produced, for the manifest and the empty-input guard."""

    rows: dict[str, int] = field(default_factory=dict)
    rejects_by_reason: Counter = field(default_factory=Counter)
    reused: int = 0
    stage_seconds: Counter = field(default_factory=Counter)
    worker_parts: int = 0   # parts of the `dataset` layout that engine workers wrote themselves


def code_hash() -> str:
    """Hash of the pipeline's own source: an edited stage invalidates reusable rows."""
    package = Path(__file__).resolve().parent
    hasher = hashlib.sha1()
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:16]


def cache_key_parts(settings: Settings, rules: str) -> dict[str, str]:
    """What cached rows depend on, by component (the manifest names the ones that changed)."""
    return {"version": __version__, "code": code_hash(), "schema": SCHEMA_VERSION, "rules": rules,
            "settings": settings.fingerprint()}


def run(settings: Settings, force: bool = False, allow_empty: bool = False,
        progress: bool | None = None) -> RunResult:
    """Run the whole pipeline on `settings.input_path`, writing to `settings.output_dir`.

    `force` recomputes every article (no reuse); `allow_empty` lets an input without any
    readable article replace a non-empty previous output; `progress` forces the progress
    bar on or off (default: only on an interactive terminal outside CI).  An fsspec URL as
    the output runs into its local mirror and then uploads the tables (`pipeline.publish`);
    the result's tables are read from the mirror.
    """
    if is_url(settings.output_dir):
        url = settings.output_dir
        result = run(settings.replace(output_dir=mirror_dir(url)), force, allow_empty, progress)
        publish(result.output_dir, url, [f"{name}.parquet" for name in TABLES], MANIFEST)
        return result
    output_dir = Path(settings.output_dir)
    # A missing input or invalid rules fail before anything is created in the output folder.
    records = iter_ingest(settings.input_path)
    timings: dict[str, float] = {}
    rules = rules_hash(settings.models_dir)
    parts = cache_key_parts(settings, rules)
    validation = _validate_rules(settings, f"{rules}/{parts['code']}", timings)
    with output_lock(output_dir):
        recover(output_dir, discard_uncommitted=True)
        previous = read_manifest(output_dir)
        cache = RowCache(output_dir, parts, _wipe_reason(settings, force))
        reason = "no previous output" if cache.reason == "no row cache" and previous is None else cache.reason
        if reason:
            log.info("computing every article: %s", reason)
        staging = Staging(output_dir)
        try:
            stats = _stream(settings, records, cache, staging, Progress(progress_wanted(progress),
                                                                        settings.input_path))
            _refuse_to_blank(settings, previous, stats, allow_empty)
            dropped = cache.prune()
            manifest = build_manifest(settings, parts, stats, reason, validation, dropped, timings)
            write_json(staging.path(MANIFEST), manifest)
            crash_point("staged")
            staging.commit([f"{name}.parquet" for name in TABLES] + [MANIFEST])
        except BaseException:
            staging.discard()
            raise
        finally:
            cache.close()
    return RunResult(output_dir, manifest)


def _validate_rules(settings: Settings, key: str, timings: dict[str, float]) -> str:
    """Validate the rules unless these exact rules (and validator code) already passed here."""
    if is_validated(settings.output_dir, key):
        timings["validate_rules"] = 0.0
        return "skipped: already validated"
    started = time.perf_counter()
    check_rules(settings.models_dir)
    timings["validate_rules"] = time.perf_counter() - started
    mark_validated(settings.output_dir, key)
    return "validated"


def _wipe_reason(settings: Settings, force: bool) -> str | None:
    if force:
        return "--force"
    if not settings.incremental:
        return "incremental off in settings"
    return None


def _refuse_to_blank(settings: Settings, previous: dict | None, stats: StreamStats, allow_empty: bool) -> None:
    if stats.rows["articles"] or allow_empty or not previous:
        return
    if previous.get("row_counts", {}).get("articles", 0) > 0:
        raise EmptyInputError(f"no readable article in {settings.input_path}; keeping the previous output in "
                              f"{settings.output_dir} (use --allow-empty to overwrite it with empty tables)")


def _stream(settings: Settings, records: Iterator, cache: RowCache, staging: Staging,
            progress: Progress) -> StreamStats:
    """Stream the input through the engine into staged tables; reconcile; return the stats."""
    stats = StreamStats()
    sink = make_sink(staging.folder, settings)
    # Mention rows wait in a spill file until reconciliation has given them their event ids.
    spill_path = staging.path(MENTION_SPILL)
    spill = TableWriter(spill_path, "event_mentions", settings.compression, settings.compression_level)
    probe = ReachProbe(staging.folder) if settings.layout == DATASET else None
    started = time.perf_counter()
    engine = _RunEngine()
    try:
        timed_records = _timed(records, stats.stage_seconds, "ingest")
        with closing(_batch_results(settings, timed_records, cache, stats, engine, probe)) as results:
            for batch, rows in results:
                _write_batch(batch, rows, sink, spill, cache, stats)
                progress.update(len(batch.articles) + len(batch.rejects), stats.reused)
                crash_point("extract")
        # Wall time of the streaming pass: ingest, reuse, extraction and writes overlap in it.
        stats.stage_seconds["extract"] = time.perf_counter() - started
        started = time.perf_counter()
        spill.close()
        periods = load_periods(settings.models_dir)
        event_ids = reconcile_spill(spill_path, staging.path(MENTION_BLOCKS), settings.day_tolerance,
                                    lambda events: sink.writer("events").append_table(infer_families(events, periods)),
                                    map_blocks=engine.map_blocks)
        _write_mentions(spill_path, event_ids, sink.writer("event_mentions"))
        spill_path.unlink()
        stats.stage_seconds["reconcile"] = time.perf_counter() - started
    finally:
        engine.close()
        progress.close()
        spill.close()
        sink.close()
        if probe is not None:
            probe.remove()
    stats.rows = sink.rows
    return stats


def _write_mentions(spill_path: Path, event_ids, writer: TableWriter) -> None:
    """Copy the spilled mention rows, in their order, into the table with their event ids (by row number)."""
    start = 0
    # Decoded in this thread, as in `reconcile_stream`: the thread pool's heaps stay resident.
    for batch in pq.ParquetFile(spill_path).iter_batches(batch_size=SPILL_READ_ROWS, use_threads=False):
        table = pa.Table.from_batches([batch])
        column = table.schema.get_field_index("event_id")
        stop = start + batch.num_rows
        writer.append_table(table.set_column(column, "event_id", event_id_column(event_ids, start, stop)))
        start = stop


def _write_batch(batch: Batch, rows: dict[str, list[dict]], sink, spill: TableWriter, cache: RowCache,
                 stats: StreamStats) -> None:
    """Write one batch's rows (mentions to the spill), or count the parts its worker wrote; cache the fresh rows."""
    started = time.perf_counter()
    if WRITTEN in rows:
        cache.put_payloads({row["article_id"]: row["payload"] for row in rows[CACHE_PAYLOADS]})
        for written in rows[WRITTEN]:
            sink.count(written["table"], written["rows"])
            stats.worker_parts += written["rows"] > 0
        sink.append(batch.index, "rejects", batch.rejects)
        spill.append(rows["event_mentions"])
    else:
        assembled = assemble(batch, rows)
        cache.put_many(assembled.fresh, assembled.payloads)
        for name in STREAMED_TABLES:
            sink.append(batch.index, name, batch.rejects if name == "rejects" else assembled.tables[name])
        spill.append(assembled.tables["event_mentions"])
    cache.mark_seen([a["article_id"] for a in batch.articles])
    stats.reused += len(batch.cached)
    stats.rejects_by_reason.update(r["reason"] for r in batch.rejects)
    stats.stage_seconds["write"] += time.perf_counter() - started


class _RunEngine:
    """The run's engine: started by the first batch to compute, kept open after the streaming
    pass so that its workers also reconcile the event-mention blocks, closed by the run."""

    def __init__(self):
        self.engine = None

    def start(self, settings: Settings):
        self.engine = make_engine(settings)
        return self.engine

    def map_blocks(self, tables, day_tolerance: int):
        """Reconcile blocks on the engine's workers; in this process when no engine started."""
        if self.engine is None:
            return map_locally(tables, day_tolerance)
        return self.engine.map_blocks(tables, day_tolerance)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
            self.engine = None


def _batch_results(settings: Settings, records: Iterator, cache: RowCache, stats: StreamStats,
                   run_engine: _RunEngine, probe: ReachProbe | None):
    """Yield (batch, rows computed for it) in input order.

    Batches that are wholly reused before the first article to compute never start the
    engine (a re-run of unchanged input builds no spaCy pipeline); a single batch to
    compute runs in this process rather than starting workers.  With a `probe` (the
    `dataset` layout), a batch computed whole goes out with the target of its parts.
    """
    planned: deque = deque()
    stop = threading.Event()

    def task(batch: Batch) -> BatchTask:
        todo = batch.todo()
        whole = probe is not None and bool(todo) and not batch.cached
        return BatchTask(todo, probe.target(batch.index, settings.compression, settings.compression_level)
                         if whole else None)

    feed = plan(records, cache, settings.batch_size, planned, stop, task)
    empty = {name: [] for name in ("articles", *PER_ARTICLE_TABLES)}
    for todo in feed:
        if todo.articles:
            break
        yield planned.popleft(), empty
    else:
        return
    head = [todo, *itertools.islice(feed, 1)]
    engine_settings = settings if len(head) > 1 else settings.replace(workers=1)
    engine = run_engine.start(engine_settings)
    try:
        for rows, seconds in engine.map_batches(itertools.chain(head, feed)):
            for stage, value in seconds.items():
                stats.stage_seconds[f"extract.{stage}"] += value
            yield planned.popleft(), rows
    finally:
        stop.set()  # before the engine closes: a failed run must not feed it the rest of the input


def _timed(iterable, seconds: Counter, stage: str):
    """Iterate `iterable`, adding the time spent producing its items to `seconds[stage]`."""
    iterator = iter(iterable)
    while True:
        started = time.perf_counter()
        try:
            item = next(iterator)
        except StopIteration:
            return
        finally:
            seconds[stage] += time.perf_counter() - started
        yield item
