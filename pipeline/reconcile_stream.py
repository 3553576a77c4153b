"""Reconcile a whole corpus's event mentions block by block, from disk, in bounded memory.

`reconcile.reconcile` needs every mention in memory; a run streams them to a spill file
instead (`pipeline.runner`) and calls `reconcile_spill`, which

1. copies the columns reconciliation reads (`reconcile.MENTION_FIELDS`) plus each row's
   number in the spill into `BlockRuns`: an Arrow IPC file of sorted runs, where every run
   of `RUN_ROWS` spill rows is stored as one record batch per block (`reconcile.block_key`);
2. reads back one block at a time (its batches from every run) and reconciles it with
   `reconcile.reconcile_block`, which gives the same result as reconciling everything at once
   because nothing crosses blocks.  A block travels as Arrow columns (`reconcile_table`), so
   an engine can reconcile several at once on its workers (`map_blocks`: the reduce over
   event mentions), while the results are still taken in order;
3. records each mention's event id by spill row number in a fixed-width array (16 bytes a
   mention), and writes the events in `EVENT_ORDER`: blocks are reconciled grouped by
   (event type, actor), the first two sort columns, so one group's events (as compact Arrow
   columns) are all that is held to sort them.

So memory holds the largest block's mentions (as compact `MentionRow`s), its
events, one run of Arrow columns while the runs are written, and the event-id array,
instead of every mention of the corpus as a dict.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.reconcile import BLOCK_FIELDS, MENTION_FIELDS, block_order, reconcile_block
from pipeline.schemas import to_table

EVENT_ORDER = ("event_type", "actor_country", "date_start", "event_id")
READ_FIELDS = tuple(f for f in MENTION_FIELDS if f != "event_id")  # event_id is what reconciliation writes
ROW_NUMBER = "spill_row"  # the mention's row number in the spill, carried through reconciliation
RUN_ROWS = 16_384         # spill rows sorted into blocks at a time: a few MB of Arrow columns
# Spill files are decoded in this thread: Arrow's pool (mimalloc) keeps per-thread heaps, and
# decoding on its thread pool left ~30 MiB more resident for the same rows.
EVENT_ID_BYTES = 16       # `pipeline.ids.content_id`'s default length, in ASCII hex
# Columns whose values are mostly distinct; the others' equal values share one Python object
# in a block's rows (article ids, dates, countries...), which saves memory and time.
UNIQUE_FIELDS = frozenset({"mention_id", ROW_NUMBER, "start_char"})
ROW_FIELDS = (*READ_FIELDS, ROW_NUMBER, "event_id")


# (row numbers, their event ids, the block's `events` table): what reconciling one block gives.
BlockResult = tuple[np.ndarray, list[str], pa.Table]
# Maps the blocks' mention tables to their results, in order (lazily: a few blocks at a time).
BlockMap = Callable[[Iterator[pa.Table], int], Iterator[BlockResult]]


def reconcile_spill(spill_path: Path, runs_path: Path, day_tolerance: int,
                    write_events: Callable[[pa.Table], None], run_rows: int = RUN_ROWS,
                    map_blocks: BlockMap | None = None) -> np.ndarray:
    """Reconcile the mentions of a Parquet spill file (`event_mentions` columns) block by block.

    Events go to `write_events` as `events` tables, in `EVENT_ORDER` over all calls;
    `runs_path` is a scratch file (deleted afterwards).  Returns the event id of every
    spill row, in spill order, as `EVENT_ID_BYTES`-wide byte strings.  `map_blocks` runs
    `reconcile_table` over the blocks (default: here, one after the other; an engine's runs
    them on its workers: the reduce over event mentions).
    """
    spill = pq.ParquetFile(spill_path)
    runs = BlockRuns(runs_path)
    try:
        runs.write(spill.iter_batches(batch_size=run_rows, columns=list(READ_FIELDS), use_threads=False))
        return reconcile_runs(runs, spill.metadata.num_rows, day_tolerance, write_events, map_blocks)
    finally:
        runs.close()
        Path(runs_path).unlink(missing_ok=True)


def reconcile_runs(runs: BlockRuns, n_rows: int, day_tolerance: int,
                   write_events: Callable[[pa.Table], None], map_blocks: BlockMap | None = None) -> np.ndarray:
    """Reconcile every block of `runs`; write the events in `EVENT_ORDER`; return the event ids by row number."""
    event_ids = np.zeros(n_rows, dtype=f"S{EVENT_ID_BYTES}")
    keys = sorted(runs.keys, key=_group_order)
    results = (map_blocks or map_locally)((runs.read_table(key) for key in keys), day_tolerance)
    group, tables = None, []
    for key, (numbers, ids, events) in zip(keys, results):
        if tables and key[:2] != group:
            write_events(_in_event_order(pa.concat_tables(tables)))
            tables = []
        group = key[:2]
        _store_event_ids(numbers, ids, event_ids)
        tables.append(events)
    if tables:
        write_events(_in_event_order(pa.concat_tables(tables)))
    if n_rows and not event_ids.all():
        raise RuntimeError("reconciliation left mentions without an event id")
    return event_ids


def reconcile_table(table: pa.Table, day_tolerance: int) -> BlockResult:
    """Reconcile one block given as its mention columns (plus `ROW_NUMBER`): a pure function of
    Arrow data, so that it can run on a worker process or machine."""
    rows = _rows(table)
    events = reconcile_block(rows, day_tolerance)
    numbers = np.fromiter((row[ROW_NUMBER] for row in rows), dtype=np.int64, count=len(rows))
    return numbers, [row["event_id"] for row in rows], to_table("events", events)


def map_locally(tables: Iterable[pa.Table], day_tolerance: int) -> Iterator[BlockResult]:
    """`reconcile_table` over the blocks in this process, one at a time."""
    return (reconcile_table(table, day_tolerance) for table in tables)


class BlockRuns:
    """Mention columns grouped by block on disk: an Arrow IPC file of sorted runs.

    `write` takes the mentions in row order, `RUN_ROWS` at a time, and stores each run as
    one record batch per block; `read_table` gathers a block's batches from every run (with
    `ROW_NUMBER`, each row's position in the input), which `reconcile_table` turns into `MentionRow`s.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.batches: dict[tuple, list[int]] = defaultdict(list)  # block key -> batch numbers
        self._file: pa.NativeFile | None = None
        self._reader = None

    @property
    def keys(self) -> list[tuple]:
        """The block keys seen, in `reconcile.block_order`."""
        return sorted(self.batches, key=block_order)

    def write(self, runs: Iterable[pa.RecordBatch]) -> None:
        """Store the mention columns of `runs` (consecutive record batches), grouped by block."""
        sink, writer, first_row, count = pa.OSFile(str(self.path), "wb"), None, 0, 0
        try:
            for run in runs:
                table = pa.Table.from_batches([run]).append_column(
                    ROW_NUMBER, pa.array(np.arange(first_row, first_row + run.num_rows, dtype=np.int64)))
                first_row += run.num_rows
                if writer is None:
                    # Buffers compressed: the file holds every mention of the corpus.
                    options = pa.ipc.IpcWriteOptions(compression="zstd")
                    writer = pa.ipc.new_file(sink, table.schema, options=options)
                for key, indices in _block_indices(table).items():
                    writer.write_batch(table.take(indices).combine_chunks().to_batches()[0])
                    self.batches[key].append(count)
                    count += 1
        finally:
            if writer is not None:
                writer.close()
            sink.close()

    def read_table(self, key: tuple) -> pa.Table:
        """The mention columns of one block (plus `ROW_NUMBER`), gathered from every run."""
        if self._reader is None:
            # Read, not memory-mapped: mapped pages would stay in the resident set.
            self._file = pa.OSFile(str(self.path), "rb")
            self._reader = pa.ipc.open_file(self._file)
        return pa.Table.from_batches([self._reader.get_batch(i) for i in self.batches[key]])

    def close(self) -> None:
        """Close the file (the runs stay on disk until the caller deletes them)."""
        if self._file is not None:
            self._file.close()
        self._file = self._reader = None


def _block_indices(table: pa.Table) -> dict[tuple, np.ndarray]:
    """Row positions of each block in `table`, in row order (computed on dictionary codes, not per row in Python)."""
    codes = np.zeros(table.num_rows, dtype=np.int64)
    dictionaries = []
    for field in BLOCK_FIELDS:
        dictionary, indices = _dictionary_encoded(table.column(field))
        codes = codes * len(dictionary) + indices
        dictionaries.append(dictionary)
    order = np.argsort(codes, kind="stable")
    distinct, starts = np.unique(codes[order], return_index=True)
    blocks = {}
    for code, rows in zip(distinct.tolist(), np.split(order, starts[1:])):
        key = []
        for dictionary in reversed(dictionaries):
            code, position = divmod(code, len(dictionary))
            key.append(dictionary[position])
        blocks[tuple(reversed(key))] = rows
    return blocks


def _dictionary_encoded(column: pa.ChunkedArray) -> tuple[list, np.ndarray]:
    """(distinct values, then None; each row's position in that list) of a column."""
    encoded = pc.dictionary_encode(column.combine_chunks())
    values = [*encoded.dictionary.to_pylist(), None]
    return values, encoded.indices.fill_null(len(values) - 1).to_numpy().astype(np.int64)


class MentionRow:
    """One mention as reconciliation reads it: `row[field]`, `row[field] = value` and
    `row.get(field)` work as on a dict, in fixed slots (~200 bytes, a dict of these 23
    fields takes 830): the largest block's mentions are held this way."""

    __slots__ = ROW_FIELDS
    # Subscripts are attribute accesses, kept in C: about 10% slower than a dict's.
    __getitem__ = object.__getattribute__
    __setitem__ = object.__setattr__

    def get(self, field: str, default=None):
        """The field's value, or `default` for an unknown field."""
        return getattr(self, field, default)


def _rows(table: pa.Table) -> list[MentionRow]:
    """The table's rows (plus `event_id`, which reconciliation sets), filled column by column."""
    rows = list(map(object.__new__, repeat(MentionRow, table.num_rows)))
    for name in table.column_names:
        column = table.column(name)
        _fill(rows, name, column.to_pylist() if name in UNIQUE_FIELDS else _shared_values(column))
    _fill(rows, "event_id", repeat(None))
    return rows


def _fill(rows: list[MentionRow], field: str, values: Iterable) -> None:
    # The slot's descriptor, mapped in C over the rows: no Python loop per row and field.
    deque(map(getattr(MentionRow, field).__set__, rows, values), maxlen=0)


def _shared_values(column: pa.ChunkedArray) -> list:
    """The column's values with one Python object per distinct value (to_pylist makes one per
    row, and dates are slow to make)."""
    values, indices = _dictionary_encoded(column)
    return list(map(values.__getitem__, indices.tolist()))


def _store_event_ids(numbers: np.ndarray, ids: list[str], event_ids: np.ndarray) -> None:
    if not ids:
        return
    if any(len(i) != EVENT_ID_BYTES for i in ids):
        raise ValueError(f"event ids are expected to be {EVENT_ID_BYTES} characters long")
    event_ids[numbers] = ids


def _group_order(key: tuple) -> tuple:
    """Blocks in `EVENT_ORDER` of their (event type, actor): None last, as the events are sorted."""
    return (*(_none_last(v) for v in key[:2]), block_order(key))


def _none_last(value) -> tuple:
    return (value is None, "" if value is None else value)


def _in_event_order(events: pa.Table) -> pa.Table:
    """Events of one (event type, actor) group sorted as `sorted(rows, key=event_order)` would."""
    columns = [events.column(field).to_pylist() for field in EVENT_ORDER]
    keys = [tuple(_none_last(v) for v in values) for values in zip(*columns)]
    return events.take(sorted(range(len(keys)), key=keys.__getitem__))


def event_order(row: dict) -> tuple:
    """Sort key of an `events` row: `EVENT_ORDER`, None last."""
    return tuple(_none_last(row.get(field)) for field in EVENT_ORDER)


def event_id_column(event_ids: np.ndarray, start: int, stop: int) -> pa.Array:
    """The event ids of rows start..stop (of `reconcile_spill`'s result) as an Arrow string column."""
    return pa.array(event_ids[start:stop]).cast(pa.string())

