"""Parquet storage: streaming table writers, atomic single writes, reading back, the manifest.

A run writes its tables with `TableWriter`s into a staging folder and commits them all
at once (`pipeline.staging`).  Readers here first finish any committed-but-interrupted
commit in the folder they read, so they never see a mix of two runs' tables.

`write_table` writes one whole table atomically (temporary file + `os.replace`); tests
and tools that build small outputs by hand use it.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schemas import TABLES, to_table
from pipeline.staging import recover

MANIFEST = "manifest.json"
DATE_COLUMNS = {name: [f.name for f in schema if f.type == pa.date32()] for name, schema in TABLES.items()}
# Row groups hold exactly this many rows (the last one fewer), so the files' bytes depend
# only on the rows, never on how they were batched, computed or reused.  Articles carry
# whole texts, so their groups are smaller: a writer buffers at most one group.
ROW_GROUP_ROWS = 16_384
ROW_GROUP_ROWS_BY_TABLE = {"articles": 1_024}


def table_path(output_dir: Path, name: str) -> Path:
    """Where table `name` lives in an output folder."""
    return Path(output_dir) / f"{name}.parquet"


class TableWriter:
    """Append rows to one Parquet table, writing fixed-size row groups as they fill up.

    Memory holds at most one row group of Arrow columns (plus the rows of one append).
    """

    def __init__(self, path: Path, name: str, compression: str = "zstd", level: int = 3):
        self.name = name
        self.rows = 0
        self.group_rows = ROW_GROUP_ROWS_BY_TABLE.get(name, ROW_GROUP_ROWS)
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._writer = pq.ParquetWriter(path, TABLES[name], compression=compression, compression_level=level)

    def append(self, rows: list[dict]) -> None:
        """Add rows (dicts with the table's columns; missing ones are null)."""
        if rows:
            self.append_table(to_table(self.name, rows))

    def append_table(self, table: pa.Table) -> None:
        """Add the rows of an Arrow table with the table's schema (the same bytes as appending them as dicts)."""
        if not table.num_rows:
            return
        self._pending.append(table.cast(TABLES[self.name]))
        self._pending_rows += table.num_rows
        self.rows += table.num_rows
        while self._pending_rows >= self.group_rows:
            self._flush(self.group_rows)

    def close(self) -> None:
        """Write the last, partial row group and the file footer."""
        if self._pending_rows:
            self._flush(self._pending_rows)
        self._writer.close()

    def _flush(self, n_rows: int) -> None:
        pending = pa.concat_tables(self._pending)
        # One contiguous chunk per column: page layout must not depend on append sizes.
        self._writer.write_table(pending.slice(0, n_rows).combine_chunks(), row_group_size=n_rows)
        rest = pending.slice(n_rows)
        self._pending = [rest] if rest.num_rows else []
        self._pending_rows = rest.num_rows


def write_table(output_dir: Path, name: str, table: pa.Table, compression: str = "zstd", level: int = 3) -> Path:
    """Write one table atomically (temp file + rename) after casting it to its schema."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    table = table.cast(TABLES[name])
    target = table_path(output_dir, name)
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=output_dir)
    os.close(fd)
    try:
        pq.write_table(table, temp, compression=compression, compression_level=level)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def write_json(path: Path, data: dict) -> None:
    """Write a JSON document atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True, default=str)
        handle.write("\n")
    os.chmod(temp, 0o644)  # mkstemp creates owner-only files; a manifest is for everyone to read
    os.replace(temp, path)


def read_arrow(output_dir: Path, name: str) -> pa.Table | None:
    """A table as written, or None if the output folder has no such table."""
    recover(output_dir)
    path = table_path(output_dir, name)
    if not path.exists():
        return None
    return pq.read_table(path)


def read_rows(output_dir: Path, name: str) -> list[dict]:
    """A table's rows as dicts (dates as `datetime.date`), [] if the folder has no such table."""
    table = read_arrow(output_dir, name)
    return table.to_pylist() if table is not None else []


def read_table(output_dir: Path, name: str, datetimes: bool = True) -> pd.DataFrame:
    """A table as a DataFrame; with `datetimes`, date columns become datetime64 (NaT for null)."""
    recover(output_dir)
    frame = pd.read_parquet(table_path(output_dir, name))
    if datetimes:
        for column in DATE_COLUMNS[name]:
            frame[column] = pd.to_datetime(frame[column])
    return frame


def read_manifest(output_dir: Path) -> dict | None:
    """The manifest of the last committed run in `output_dir`, or None."""
    recover(output_dir)
    path = Path(output_dir) / MANIFEST
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
