"""One typed settings object: commented defaults, overrides from a file and from the CLI.

Resources are found through these settings (never through `__file__` arithmetic in
stage code); the settings hash goes into the run manifest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
URL_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]+://")


# Settings that never change a row: where things are, how the work is spread, how
# files are encoded.  (The rules' content is hashed separately from `models_dir`.)
ROW_NEUTRAL = frozenset({"models_dir", "input_path", "output_dir", "workers", "engine", "scheduler", "batch_size",
                         "compression", "compression_level", "layout"})
LAYOUTS = ("file", "dataset")   # `pipeline.parts`


@dataclass(frozen=True)
class Settings:
    """Everything a run depends on besides its input and the rule files."""

    # Where the rule files live (gazetteers, patterns, lexicons).
    models_dir: Path = field(default=PROJECT_ROOT / "models")
    # Input file or folder; folders are read recursively in sorted order.
    input_path: Path | str = field(default=PROJECT_ROOT / "data" / "raw")
    # Output folder for the Parquet tables and the manifest, or an fsspec URL (`pipeline.publish`).
    output_dir: Path | str = field(default=PROJECT_ROOT / "data" / "processed")
    # Worker processes for the per-article stages (texts in, rows out); "auto" in a config
    # file or on the command line means one per CPU.
    workers: int = 1
    # Where the per-article stages run: "local" (this machine) or "dask" (a Dask cluster).
    engine: str = "local"
    # Dask scheduler address (tcp://host:8786); None starts a local cluster of `workers` processes.
    scheduler: str | None = None
    # Input records per batch sent to nlp.pipe / a worker (memory holds a few batches).
    batch_size: int = 32
    # Reuse the rows of unchanged articles computed by earlier runs into the same output
    # folder (same code, schema, rules and settings); false recomputes every article.
    incremental: bool = True
    # Parquet compression codec and level.
    compression: str = "zstd"
    compression_level: int = 3
    # Output layout: "file" (each table one Parquet file) or "dataset" (each table a folder of
    # part files, one per batch, written by the worker that computed the batch: `pipeline.parts`).
    layout: str = "file"
    # Event reconciliation: day-level tolerance for time zones and reporting lag.
    day_tolerance: int = 1

    def replace(self, **changes) -> Settings:
        """A copy with some fields changed; unknown names are an error."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(f"unknown setting(s): {sorted(unknown)}")
        return dataclasses.replace(self, **changes)

    def fingerprint(self) -> str:
        """Hash of the settings that change the rows of the tables (the row cache's key)."""
        relevant = {k: v for k, v in self.as_dict().items() if k not in ROW_NEUTRAL}
        return hashlib.sha1(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]

    def as_dict(self) -> dict:
        return {k: str(v) if isinstance(v, Path) else v for k, v in dataclasses.asdict(self).items()}


def is_url(value) -> bool:
    """A string with a URL scheme ("s3://", "memory://", "file://")."""
    return isinstance(value, str) and URL_SCHEME.match(value) is not None


def load_settings(path: Path | None = None, **overrides) -> Settings:
    """Defaults, then a TOML file's `[pipeline]` table, then explicit overrides (None = unset)."""
    values: dict = {}
    if path is not None:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        values.update(data.get("pipeline", data))
    values.update({k: v for k, v in overrides.items() if v is not None})
    path_fields = {"models_dir", "input_path", "output_dir"}
    # An input or output URL ("s3://bucket/prefix", through fsspec) stays a string: Path would
    # collapse its "//".
    values = {k: Path(v) if k in path_fields and not (k != "models_dir" and is_url(v)) else v
              for k, v in values.items()}
    if "workers" in values:
        values["workers"] = worker_count(values["workers"])
    if "batch_size" in values:
        values["batch_size"] = _positive(values["batch_size"], "batch_size")
    if values.get("layout", "file") not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {values['layout']!r}")
    return Settings().replace(**values)


def _positive(value, name: str, alternatives: str = "") -> int:
    """`value` as a positive int, else a ValueError naming the setting (and what else it accepts)."""
    problem = f"{name} must be a positive number{alternatives}, not {value!r}"
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(problem) from None
    if number < 1:
        raise ValueError(problem)
    return number


def worker_count(value) -> int:
    """A number of worker processes from an int, a numeric string, or "auto" (every CPU this
    process may run on)."""
    if isinstance(value, str) and value.strip().lower() == "auto":
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:   # not on Linux
            return max(1, os.cpu_count() or 1)
    return _positive(value, "workers", " or 'auto'")
