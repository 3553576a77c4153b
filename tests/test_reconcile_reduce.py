"""Reconciliation as a reduce over event-mention blocks: whoever reconciles the blocks (this
process, a pool of worker processes, in any order), the ids and events are the same."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa

from pipeline.engines import LocalEngine, bounded_imap
from pipeline.reconcile_stream import reconcile_spill, reconcile_table
from pipeline.settings import Settings
from tests.test_reconcile_stream import generated_mentions, spill


def reconciled(tmp_path, rows, map_blocks=None):
    tmp_path.mkdir()
    written: list[pa.Table] = []
    ids = reconcile_spill(spill(tmp_path, rows), tmp_path / "runs.arrow", 1, written.append, run_rows=200,
                          map_blocks=map_blocks)
    return ids.tolist(), pa.concat_tables(written)


def out_of_order(tables, day_tolerance):
    """Reconciles every block at once on threads, finishing in any order, and yields in order."""
    tables = list(tables)
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(reconcile_table, t, day_tolerance) for t in reversed(tables)]
        results = [f.result() for f in futures]
    yield from reversed(results)


def test_blocks_reconciled_elsewhere_and_in_any_order_give_the_same_tables(tmp_path):
    rows = generated_mentions(180)
    ids, events = reconciled(tmp_path / "a", rows)
    assert len(set(ids)) > 20 and events.num_rows > 20
    assert reconciled(tmp_path / "b", rows, out_of_order) == (ids, events)


def test_the_local_engine_reconciles_blocks_on_its_worker_processes(tmp_path):
    rows = generated_mentions(120)
    expected = reconciled(tmp_path / "a", rows)
    engine = LocalEngine(Settings(workers=2))
    try:
        engine._pool = multiprocessing.get_context("spawn").Pool(2)   # as map_batches would have started it
        assert reconciled(tmp_path / "b", rows, engine.map_blocks) == expected
    finally:
        engine.close()


class CountingPool:
    """A pool that runs tasks at once and counts how many were submitted and not yet collected."""

    def __init__(self):
        self.outstanding = self.most = 0

    def apply_async(self, function, args):
        self.outstanding += 1
        self.most = max(self.most, self.outstanding)
        pool = self

        class Result:
            def get(self):
                pool.outstanding -= 1
                return function(*args)
        return Result()


def test_bounded_imap_keeps_results_in_order_and_few_in_flight():
    pool = CountingPool()
    assert list(bounded_imap(pool, lambda x: x * x, range(50), window=3)) == [x * x for x in range(50)]
    assert pool.most == 3 and pool.outstanding == 0
