"""Parquet storage: atomic writes, reading back, and the run manifest.

Each table is written to a temporary file in the output folder and moved into place
with `os.replace`, which is atomic on POSIX: a reader (or a crashed run) only ever sees
a complete old file or a complete new file.  The manifest is written last, so a
manifest always describes tables that are fully on disk.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schemas import TABLES

MANIFEST = "manifest.json"
DATE_COLUMNS = {name: [f.name for f in schema if f.type == pa.date32()] for name, schema in TABLES.items()}


def table_path(output_dir: Path, name: str) -> Path:
    return Path(output_dir) / f"{name}.parquet"


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
    os.replace(temp, path)


def read_arrow(output_dir: Path, name: str) -> pa.Table | None:
    """A table as written, or None if the output folder has no such table."""
    path = table_path(output_dir, name)
    if not path.exists():
        return None
    return pq.read_table(path)


def read_table(output_dir: Path, name: str, datetimes: bool = True) -> pd.DataFrame:
    """A table as a DataFrame; with `datetimes`, date columns become datetime64 (NaT for null)."""
    frame = pd.read_parquet(table_path(output_dir, name))
    if datetimes:
        for column in DATE_COLUMNS[name]:
            frame[column] = pd.to_datetime(frame[column])
    return frame


def read_manifest(output_dir: Path) -> dict | None:
    path = Path(output_dir) / MANIFEST
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
