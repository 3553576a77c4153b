"""The user experience of a long run: a progress bar and the final summary.

The bar (`tqdm.auto`, so it also renders in notebooks) counts input records as
articles (a reject counts as one, done instantly) and shows articles/s, the reused count
and an ETA against a cheap estimate of the number of records; it stays off with
`--quiet`, when stderr is not a terminal, or when `CI` is set.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pyarrow.parquet as pq
from tqdm.auto import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from pipeline.ingest import discover

CHUNK = 1 << 20


def progress_wanted(requested: bool | None) -> bool:
    """An explicit choice wins; otherwise a bar only on an interactive terminal outside CI."""
    if requested is not None:
        return requested
    return not os.environ.get("CI") and sys.stderr.isatty()


def estimate_records(input_path: Path) -> int | None:
    """Roughly how many records the input holds, read cheaply (for the ETA only).

    One per `.txt` file, lines of `.jsonl`, lines minus the header of `.csv` (records
    with embedded newlines make it an overestimate), and the row count of `.parquet`.
    """
    try:
        files = discover(Path(input_path))
    except OSError:
        return None
    total = 0
    for path in files:
        try:
            total += _records_in(path)
        except Exception:  # an unreadable file becomes one reject row
            total += 1
    return total


def _records_in(path: Path) -> int:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pq.ParquetFile(path).metadata.num_rows
    if suffix not in (".jsonl", ".csv"):
        return 1
    lines, last = 0, b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    lines += last != b"\n"
    return max(lines - (suffix == ".csv"), 0)


class Progress:
    """A records bar, or nothing at all when not wanted."""

    def __init__(self, enabled: bool, input_path: Path):
        self._bar = self._logging = None
        if enabled:
            self._bar = tqdm(total=estimate_records(input_path), unit=" articles", desc="run",
                             dynamic_ncols=True, smoothing=0.1, file=sys.stderr)
            # Log lines go through tqdm.write meanwhile, so they do not break the bar.
            self._logging = logging_redirect_tqdm()
            self._logging.__enter__()

    def update(self, records: int, reused: int) -> None:
        """Count `records` more input records done; show how many articles were reused."""
        if self._bar is not None:
            self._bar.update(records)
            self._bar.set_postfix(reused=reused, refresh=False)

    def close(self) -> None:
        """Finish the bar and give logging its handlers back."""
        if self._bar is not None:
            self._logging.__exit__(None, None, None)
            self._bar.close()


def summary_lines(manifest: dict) -> list[str]:
    """The final summary of a run, from its manifest: a few human-readable lines."""
    counts = manifest["row_counts"]
    rejects = manifest.get("rejects_by_reason", {})
    reuse = manifest.get("reuse", {})
    lines = [f"articles {counts['articles']} ({manifest.get('articles_processed', 0)} processed, "
             f"{manifest.get('articles_reused', 0)} reused; {reuse.get('reason') or 'incremental'})",
             f"rejects {counts['rejects']}" + (": " + ", ".join(f"{r} {n}" for r, n in rejects.items())
                                               if rejects else ""),
             "rows: " + ", ".join(f"{name} {n}" for name, n in counts.items()),
             *([f"layout dataset: {manifest.get('parts_written_by_workers', 0)} parts written by the workers"]
               if manifest.get("layout") == "dataset" else []),
             "seconds: " + ", ".join(f"{stage} {s:.2f}" for stage, s in manifest["stage_seconds"].items()
                                     if "." not in stage)]
    return lines
