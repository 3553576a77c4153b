"""The `dataset` output layout: every table a folder of Parquet part files.

With `layout = "dataset"` a table is not one file `entities.parquet` but a folder
`entities.parquet/` of parts `part-000000.parquet`, `part-000001.parquet`, ...: a
partitioned Parquet dataset that `pandas.read_parquet("out/entities.parquet")`,
`pyarrow.parquet.read_table` and Dask read as one table, in file-name order.

- The tables of input records (`articles`, `rejects`, `sentences`, `entities`, `dates`,
  `claims`) get one part per input batch (`batch_size` records), named by the batch's
  number in input order, so reading the parts in name order gives the rows in the same
  order as the single-file layout.  A batch without rows for a table has no part there.
- The part of a batch that is computed whole by an engine worker is written **by that
  worker** (`write_worker_parts`), straight into the run's staging folder, when the worker
  can reach it (`ReachProbe`); otherwise, and for batches reused from the row cache, the
  client writes it.  The bytes are the same either way.
- `events` and `event_mentions`, made by the reconciliation on the client, are one part each.
- A table without any row still gets an empty part (`finish_datasets`), so that readers
  find its schema.

Parts are written under a hidden temporary name and renamed into place (readers skip
names starting with "." or "_"), so a batch retried on another worker never leaves a
half-written part.  The staging folder is committed as a whole (`pipeline.staging`).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pipeline.schemas import TABLES, to_table
from pipeline.staging import fsync_file
from pipeline.store import TableWriter

DATASET = "dataset"   # a value of `Settings.layout` (the other is "file")
# Tables whose parts the worker that computed a whole batch writes itself.
WORKER_TABLES = ("articles", "sentences", "entities", "dates", "claims")
# The pseudo-table of engine results saying which parts a worker wrote: {"table", "rows"}.
WRITTEN = "parts_written"
PROBE_PREFIX = ".reach-"


def part_name(index: int) -> str:
    """The file name of part number `index` (zero-padded: name order is number order)."""
    return f"part-{index:06d}.parquet"


def part_path(folder: Path, table: str, index: int) -> Path:
    """Where part `index` of `table` lives in an output (or staging) folder."""
    return Path(folder) / f"{table}.parquet" / part_name(index)


@dataclass(frozen=True)
class PartTarget:
    """Where the worker computing one whole batch writes that batch's parts."""

    folder: str          # the run's staging folder, as a path the worker can open
    index: int           # the batch's number in input order
    probe: str           # `ReachProbe` file in that folder, and its token
    token: str
    compression: str = "zstd"
    compression_level: int = 3


@dataclass(frozen=True)
class BatchTask:
    """One batch for an engine: the articles to compute, and where to write their parts (or None)."""

    articles: list[dict]
    target: PartTarget | None = None


def write_part(path: Path, name: str, table: pa.Table, compression: str = "zstd", level: int = 3) -> int:
    """Write `table` (rows of table `name`) as the part file `path`, atomically and durably; return its rows."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        writer = TableWriter(temporary, name, compression, level)
        writer.append_table(table)
        writer.close()
        fsync_file(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return table.num_rows


def write_rows_part(folder: Path, name: str, index: int, rows: list[dict], compression: str = "zstd",
                    level: int = 3) -> int:
    """Write one batch's `rows` of table `name` as part `index` (nothing when there are no rows)."""
    if not rows:
        return 0
    return write_part(part_path(folder, name, index), name, to_table(name, rows), compression, level)


def write_worker_parts(out: dict[str, list[dict]], target: PartTarget) -> dict[str, list[dict]]:
    """Write the `WORKER_TABLES` rows of one computed batch as its parts; return the result to send back.

    The rows written are replaced by their counts (`WRITTEN`), so only the event mentions
    (which the client reconciles) and the row-cache payloads travel back to the client.
    A worker that cannot read the target's probe (a machine without the client's disk)
    writes nothing and sends every row back, for the client to write.
    """
    if not can_reach(target.probe, target.token):
        return out
    written = []
    for name in WORKER_TABLES:
        rows = write_rows_part(Path(target.folder), name, target.index, out[name], target.compression,
                               target.compression_level)
        written.append({"table": name, "rows": rows})
    sent = {name: rows for name, rows in out.items() if name not in WORKER_TABLES}
    sent[WRITTEN] = written
    return sent


def finish_datasets(folder: Path, names, compression: str = "zstd", level: int = 3) -> None:
    """Give every table folder in `names` without a part an empty first part (its schema)."""
    for name in names:
        directory = Path(folder) / f"{name}.parquet"
        if not any(directory.glob("part-*.parquet")):
            write_part(directory / part_name(0), name, TABLES[name].empty_table(), compression, level)


class ReachProbe:
    """A file in the staging folder that workers read to prove they see the client's disk.

    A remote Dask worker that cannot read it sends the rows back: the client writes the parts.
    """

    def __init__(self, folder: Path):
        self.token = uuid.uuid4().hex
        # Absolute: a worker process may run in another working directory.
        self.path = Path(folder).resolve() / f"{PROBE_PREFIX}{self.token[:8]}"
        self.path.write_text(self.token, encoding="utf-8")

    def target(self, index: int, compression: str, level: int) -> PartTarget:
        """Where the worker computing batch `index` writes its parts."""
        return PartTarget(str(self.path.parent), index, str(self.path), self.token, compression, level)

    def remove(self) -> None:
        """Delete the probe file (the run's streaming pass is over)."""
        self.path.unlink(missing_ok=True)


# Probe files this process has read (path -> whether it held the token): one read per run.
_REACHED: dict[str, bool] = {}


def can_reach(path: str, token: str) -> bool:
    """Whether this process reads `token` in the file `path`, i.e. shares the client's folder."""
    if path not in _REACHED:
        try:
            _REACHED[path] = Path(path).read_text(encoding="utf-8") == token
        except OSError:
            _REACHED[path] = False
    return _REACHED[path]
