"""Run the per-article stages on the workers of a Dask cluster (`--engine dask`).

The client reads the rule files once and ships them as `{relative path: bytes}`: a
remote cluster does not share our disk.  Each worker process writes them to a folder of
its machine keyed by their hash, checks that it runs the client's pipeline code, and
builds its `ArticleProcessor` once per rules version (`engines.init_processor`).
Batches of article rows go out, rows of every per-article table come back (never a
spaCy `Doc`).  The client keeps at most a few batches per worker thread in flight and
yields results in input order, so memory stays flat however long the input is; the
runner, on the client, writes the tables.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import threading
import traceback
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline import engines
from pipeline.engines import BatchResult
from pipeline.parts import BatchTask, PartTarget
from pipeline.runner import code_hash
from pipeline.settings import Settings

RulesBundle = dict[str, bytes]

# Dask's own logs are silenced below this level: a failed batch, or a worker lost too often,
# reaches the client as `BatchFailed` anyway, and shutdown chatter is only noise.
DASK_LOG_LEVEL = logging.CRITICAL

# Batches in flight per worker thread: one running and one queued, so that a worker never
# waits for the client to collect a result; more would only hold rows in memory.
IN_FLIGHT_PER_THREAD = 2


class BatchFailed(RuntimeError):
    """A batch raised on a Dask worker; the message carries the worker's traceback."""


def read_rules(models_dir: Path) -> RulesBundle:
    """Every file under `models_dir` as {relative POSIX path: bytes}, to ship to the workers."""
    root = Path(models_dir)
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def bundle_hash(bundle: RulesBundle) -> str:
    """Hash of a rules bundle's paths and bytes (lengths included, so no two bundles collide by concatenation)."""
    hasher = hashlib.sha1()
    for name in sorted(bundle):
        data = bundle[name]
        hasher.update(f"{name}\0{len(data)}\0".encode())
        hasher.update(data)
    return hasher.hexdigest()[:16]


def materialise(bundle: RulesBundle, digest: str, root: Path | None = None) -> Path:
    """The bundle's files in `<root>/news-events-rules/<digest>` on this machine, written once.

    Files are written to a staging folder that is then renamed into place, so the workers
    of one machine never read a half-written rules folder, and the first one wins.
    """
    target = Path(root or tempfile.gettempdir()) / "news-events-rules" / digest
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{digest}-", dir=target.parent))
    for name, data in bundle.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    try:
        staging.rename(target)
    except OSError:  # another worker of this machine renamed its copy first
        shutil.rmtree(staging, ignore_errors=True)
    return target


def hold_rules(bundle: RulesBundle) -> RulesBundle:
    """Worker task whose result is the rules bundle the batch tasks depend on.

    A task rather than scattered data: if every worker holding the bundle dies (a nanny
    restarting a worker on memory pressure, a lost machine), the scheduler recomputes it
    from the task instead of cancelling every batch for "lost dependencies".
    """
    return bundle


# (rules digest, batch size) that `engines`' processor of this worker process was built with.
_BUILT: tuple[str, int] | None = None
# A worker with several threads runs tasks concurrently; the processor keeps per-batch state.
_LOCK = threading.Lock()


def run_batch(bundle: RulesBundle, digest: str, batch_size: int, code: str, articles: list[dict],
              target: PartTarget | None = None) -> BatchResult:
    """Worker task: the rows of one batch, building this process's processor once per rules version.

    With a `target` the worker writes the batch's parts itself (`engines.process_batch`).
    """
    global _BUILT
    with _LOCK:
        if _BUILT != (digest, batch_size):
            _check_code(code)
            engines.init_processor(str(materialise(bundle, digest)), batch_size)
            _BUILT = (digest, batch_size)
        return engines.process_batch(articles, target)


def reconcile_on_worker(code: str, table, day_tolerance: int):
    """Worker task: reconcile one block of event mentions (`reconcile_stream.reconcile_table`)."""
    from pipeline.reconcile_stream import reconcile_table
    if code not in _CODE_CHECKED:
        _check_code(code)
        _CODE_CHECKED.add(code)
    return reconcile_table(table, day_tolerance)


# Code hashes this worker process has already compared with its own.
_CODE_CHECKED: set[str] = set()


def _check_code(expected: str) -> None:
    """Refuse to run other pipeline code than the client's: its tables would silently differ."""
    actual = code_hash()
    if actual != expected:
        raise RuntimeError(f"this worker's pipeline code (hash {actual}) differs from the client's ({expected}): "
                           "install the same version of news-events on every worker")


def local_cluster(workers: int, **options):
    """A quiet `LocalCluster` on this machine: `workers` processes (at least 1) of one thread each.

    One thread per process because the stages hold the GIL; no dashboard, and its workers'
    logs silenced, so that a pipeline run prints what it printed with the local engine.
    `options` go to `LocalCluster` (e.g. `env` for the worker processes).
    """
    from distributed import LocalCluster

    with warnings.catch_warnings():
        # Its health/metrics HTTP server falls back to a random port when another cluster holds 8787.
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        return LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                            dashboard_address=None, silence_logs=DASK_LOG_LEVEL, **options)


class DaskEngine:
    """The workers of a Dask cluster: the user's (`settings.scheduler`) or a local one we start."""

    def __init__(self, settings: Settings):
        from distributed import Client

        self.settings = settings
        # This process hosts the client (and a local cluster's scheduler and nannies), whose
        # INFO logs would flood the run's console; restored by `close`.
        self._logger = logging.getLogger("distributed")
        self._log_level = self._logger.level
        self._logger.setLevel(DASK_LOG_LEVEL)
        self._cluster = self._client = None
        try:
            self._cluster = None if settings.scheduler else local_cluster(settings.workers)
            # Not the default scheduler: a notebook's own dask work must not move onto our cluster.
            self._client = Client(settings.scheduler or self._cluster, set_as_default=False)
        except BaseException:  # e.g. an unreachable scheduler: leave no cluster or log level behind
            self.close()
            raise
        self._rules = None  # (future of the rules bundle, its digest, the code hash), shipped on first use

    def map_batches(self, batches: Iterable[BatchTask | list[dict]]) -> Iterator[BatchResult]:
        """Results of each batch (`BatchTask` or list of articles), in input order; the input is
        consumed lazily, a window at a time."""
        rules, digest, code = self._ship_rules()
        tasks = (task if isinstance(task, BatchTask) else BatchTask(task) for task in batches)
        return self._in_order((_describe(index, task.articles), run_batch,
                               (rules, digest, self.settings.batch_size, code, task.articles, task.target))
                              for index, task in enumerate(tasks))

    def _ship_rules(self):
        if self._rules is None:
            bundle = read_rules(self.settings.models_dir)
            digest = bundle_hash(bundle)
            future = self._client.submit(hold_rules, bundle, key=f"news-events-rules-{digest}")
            self._rules = (future, digest, code_hash())
        return self._rules

    def map_blocks(self, tables: Iterable, day_tolerance: int) -> Iterator:
        """`reconcile_stream.reconcile_table` over event-mention blocks on the workers (the reduce
        over event mentions), a window at a time, results in order."""
        code = self._ship_rules()[2]
        return self._in_order((f"event-mention block {index} ({table.num_rows} mentions)", reconcile_on_worker,
                                (code, table, day_tolerance)) for index, table in enumerate(tables))

    def _in_order(self, tasks: Iterable[tuple]) -> Iterator:
        """Run (description, function, arguments) tasks on the workers, at most a window of them
        in flight (the input is consumed lazily), and yield their results in input order."""
        pending: deque = deque()
        try:
            for description, function, arguments in tasks:
                pending.append((description, self._client.submit(function, *arguments, pure=False)))
                while len(pending) >= self._window():
                    yield _result(*pending.popleft())
            while pending:
                yield _result(*pending.popleft())
        finally:
            # On an error, or a consumer that stops early: free the workers of what is left.
            self._client.cancel([future for _, future in pending])

    def _window(self) -> int:
        # Asked again at every batch: workers may join or leave a user's (adaptive) cluster.
        return IN_FLIGHT_PER_THREAD * max(1, sum(self._client.nthreads().values()))

    def close(self) -> None:
        """Disconnect; stop the cluster only if this engine started it (never the user's)."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        self._logger.setLevel(self._log_level)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _describe(index: int, batch: list[dict]) -> str:
    first = batch[0].get("source_id") if batch else None
    return f"batch {index} ({len(batch)} articles, first {first!r})"


def _result(description: str, future) -> BatchResult:
    """A batch's rows, or `BatchFailed` with the exception and traceback raised on the worker."""
    try:
        return future.result()
    except Exception as exc:
        remote = "".join(traceback.format_exception(type(exc), exc, future.traceback()))
        raise BatchFailed(f"{description} failed on a Dask worker:\n{remote}") from exc
