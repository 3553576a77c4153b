"""Where a run writes its tables in the staging folder: one file each, or a dataset of parts each.

The runner hands both sinks the same calls, so the layout (`settings.layout`,
`pipeline.parts`) changes only the files, never the rows or their order:

- `append(batch_index, name, rows)`: one batch's rows of a streamed table, in output order;
- `count(name, rows)`: rows of a batch's part that an engine worker wrote itself;
- `writer(name)`: the streaming writer of `events` or `event_mentions` (reconciliation output);
- `close()`, then `rows` (rows per table).

Either way each table is `<name>.parquet` in the folder, a file or a folder of parts, so the
commit moves the same names.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.parts import DATASET, finish_datasets, part_path, write_rows_part
from pipeline.schemas import TABLES
from pipeline.settings import Settings
from pipeline.store import TableWriter

RECONCILED_TABLES = ("events", "event_mentions")


def make_sink(folder: Path, settings: Settings):
    """The sink of `settings.layout` writing into the staging folder `folder`."""
    sink = DatasetSink if settings.layout == DATASET else FileSink
    return sink(Path(folder), settings.compression, settings.compression_level)


class FileSink:
    """Every table one Parquet file, `<name>.parquet`, appended to batch after batch."""

    def __init__(self, folder: Path, compression: str, level: int):
        self._writers = {name: TableWriter(folder / f"{name}.parquet", name, compression, level) for name in TABLES}

    def append(self, batch_index: int, name: str, rows: list[dict]) -> None:
        self._writers[name].append(rows)

    def count(self, name: str, rows: int) -> None:
        raise RuntimeError(f"the file layout writes every table itself; a worker wrote {rows} rows of {name}")

    def writer(self, name: str) -> TableWriter:
        return self._writers[name]

    @property
    def rows(self) -> dict[str, int]:
        return {name: writer.rows for name, writer in self._writers.items()}

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()


class DatasetSink:
    """Every table a folder `<name>.parquet/` of parts: one per batch, or one for a reconciled table."""

    def __init__(self, folder: Path, compression: str, level: int):
        self.folder, self.compression, self.level = folder, compression, level
        self._rows: Counter = Counter()
        self._writers: dict[str, TableWriter] = {}
        for name in RECONCILED_TABLES:
            path = part_path(folder, name, 0)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._writers[name] = TableWriter(path, name, compression, level)

    def append(self, batch_index: int, name: str, rows: list[dict]) -> None:
        self.count(name, write_rows_part(self.folder, name, batch_index, rows, self.compression, self.level))

    def count(self, name: str, rows: int) -> None:
        self._rows[name] += rows

    def writer(self, name: str) -> TableWriter:
        return self._writers[name]

    @property
    def rows(self) -> dict[str, int]:
        counts = {name: self._rows[name] for name in TABLES}
        counts.update({name: writer.rows for name, writer in self._writers.items()})
        return counts

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        finish_datasets(self.folder, TABLES, self.compression, self.level)
