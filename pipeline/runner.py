"""Run the stages: ingest -> per-article extraction -> reconcile -> write.

Per-article work is independent and runs in `settings.workers` processes (texts in,
rows out).  Rows of articles whose content, rules, code and settings are unchanged are
taken from the previous output instead of being recomputed.  Only `reconcile` looks
across articles, over the small `event_mentions` table.
"""

from __future__ import annotations

import hashlib
import logging
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path

import dateparser
import pandas as pd
import pyarrow as pa
import spacy

from pipeline import __version__
from pipeline.engines import make_engine
from pipeline.entities import GUARD_POLICY, OVERLAP_POLICY
from pipeline.event_anaphora import ANAPHORA_POLICY
from pipeline.ingest import ingest
from pipeline.reconcile import POLICY as RECONCILE_POLICY, reconcile
from pipeline.schemas import PER_ARTICLE_TABLES, SCHEMA_VERSION, TABLES, to_table
from pipeline.settings import Settings
from pipeline.store import MANIFEST, read_arrow, read_manifest, write_json, write_table
from pipeline.validate import check_rules

log = logging.getLogger(__name__)


class EmptyInputError(RuntimeError):
    """Raised instead of replacing a good previous output with an empty one."""


@dataclass
class RunResult:
    """What a run produced: the tables (as Arrow) and its manifest."""

    tables: dict[str, pa.Table] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)


def rules_hash(models_dir: Path) -> str:
    """Hash of every rule file's path and bytes: any edit to `models/` changes it."""
    hasher = hashlib.sha1()
    for path in sorted(p for p in Path(models_dir).rglob("*") if p.is_file() and p.suffix != ".md"):
        hasher.update(path.relative_to(models_dir).as_posix().encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:16]


def code_hash() -> str:
    """Hash of the pipeline's own source: an edited stage invalidates reusable rows."""
    package = Path(__file__).resolve().parent
    hasher = hashlib.sha1()
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:16]


def cache_key(settings: Settings, rules: str) -> str:
    """Rows computed under the same key are reusable: code, schema, rules and settings."""
    return f"{__version__}/{code_hash()}/{SCHEMA_VERSION}/{rules}/{settings.fingerprint()}"


def run(settings: Settings, force: bool = False) -> RunResult:
    """Run the whole pipeline on `settings.input_path`, writing to `settings.output_dir`."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    check_rules(settings.models_dir)
    timings["validate_rules"] = time.perf_counter() - started

    started = time.perf_counter()
    articles, rejects = ingest(settings.input_path)
    timings["ingest"] = time.perf_counter() - started
    _refuse_to_blank(settings, articles, force)

    rules = rules_hash(settings.models_dir)
    key = cache_key(settings, rules)
    reused, todo = _split_reusable(settings, key, articles)
    log.info("%d articles to process, %d reused from the previous output", len(todo), len(reused["articles"]))

    started = time.perf_counter()
    fresh, stage_seconds = _process(settings, todo)
    timings["extract"] = time.perf_counter() - started
    timings.update({f"extract.{k}": v for k, v in sorted(stage_seconds.items())})

    rows = {name: reused[name] + fresh[name] for name in ("articles", *PER_ARTICLE_TABLES)}
    started = time.perf_counter()
    rows["event_mentions"], rows["events"] = reconcile(rows["event_mentions"], settings.day_tolerance)
    timings["reconcile"] = time.perf_counter() - started
    rows["rejects"] = rejects

    tables = {name: to_table(name, _sorted_rows(name, rows[name])) for name in TABLES}
    started = time.perf_counter()
    for name, table in tables.items():
        write_table(settings.output_dir, name, table, settings.compression, settings.compression_level)
    timings["write"] = time.perf_counter() - started

    manifest = _manifest(settings, rules, key, tables, len(articles) + len(rejects), len(reused["articles"]), timings)
    write_json(Path(settings.output_dir) / MANIFEST, manifest)
    return RunResult(tables, manifest)


def _refuse_to_blank(settings: Settings, articles: list[dict], force: bool) -> None:
    previous = read_manifest(settings.output_dir)
    if articles or force or not previous:
        return
    if previous.get("row_counts", {}).get("articles", 0) > 0:
        raise EmptyInputError(f"no readable article in {settings.input_path}; keeping the previous output in "
                              f"{settings.output_dir} (use --force to overwrite it with empty tables)")


def _split_reusable(settings: Settings, key: str, articles: list[dict]) -> tuple[dict[str, list[dict]], list[dict]]:
    """Rows of the previous output for unchanged articles, and the articles to process."""
    reused: dict[str, list[dict]] = {name: [] for name in ("articles", *PER_ARTICLE_TABLES)}
    previous = read_manifest(settings.output_dir)
    if not settings.incremental or not previous or previous.get("cache_key") != key:
        return reused, articles
    old_articles = read_arrow(settings.output_dir, "articles")
    if old_articles is None:
        return reused, articles
    by_id = {row["article_id"]: row for row in old_articles.to_pylist()}
    wanted = {a["article_id"]: a for a in articles if a["article_id"] in by_id}
    for article_id, article in wanted.items():
        reused["articles"].append({**by_id[article_id], "source": article["source"],
                                   "source_id": article["source_id"]})
    for name in PER_ARTICLE_TABLES:
        table = read_arrow(settings.output_dir, name)
        if table is None:
            return {n: [] for n in reused}, articles
        reused[name] = [row for row in table.to_pylist() if row["article_id"] in wanted]
    return reused, [a for a in articles if a["article_id"] not in wanted]


def _process(settings: Settings, articles: list[dict]) -> tuple[dict[str, list[dict]], dict[str, float]]:
    """Run per-article extraction on the engine the settings name, in batches."""
    merged: dict[str, list[dict]] = {name: [] for name in ("articles", *PER_ARTICLE_TABLES)}
    seconds: dict[str, float] = {}
    if not articles:
        return merged, seconds
    batches = [articles[i:i + settings.batch_size] for i in range(0, len(articles), settings.batch_size)]
    if len(batches) == 1:
        settings = settings.replace(workers=1)
    with make_engine(settings) as engine:
        for rows, batch_seconds in engine.map_batches(batches):
            for name, table_rows in rows.items():
                merged[name].extend(table_rows)
            for stage, value in batch_seconds.items():
                seconds[stage] = seconds.get(stage, 0.0) + value
    return merged, seconds


SORT_KEYS = {
    "articles": ("source", "source_id"),
    "rejects": ("source", "line", "source_id", "reason"),
    "sentences": ("article_id", "sentence_index"),
    "entities": ("article_id", "start_char", "end_char", "label"),
    "dates": ("article_id", "start_char", "end_char"),
    "claims": ("article_id", "start_char", "speaker_start_char", "content_start_char"),
    "event_mentions": ("article_id", "start_char", "event_type", "mention_id"),
    "events": ("event_type", "actor_country", "date_start", "event_id"),
}


def _sorted_rows(name: str, rows: list[dict]) -> list[dict]:
    """Rows in a canonical order, so identical input gives byte-identical tables."""
    def key(row):
        return tuple((row.get(k) is None, "" if row.get(k) is None else row.get(k)) for k in SORT_KEYS[name])
    return sorted(rows, key=key)


def _manifest(settings: Settings, rules: str, key: str, tables: dict[str, pa.Table], n_inputs: int, n_reused: int,
              timings: dict[str, float]) -> dict:
    return {
        "pipeline_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "versions": {"python": platform.python_version(), "spacy": spacy.__version__,
                     "dateparser": dateparser.__version__, "pandas": pd.__version__, "pyarrow": pa.__version__},
        "rules_hash": rules,
        "cache_key": key,
        "settings": settings.as_dict(),
        "settings_hash": settings.fingerprint(),
        "policies": {"entity_overlap": OVERLAP_POLICY, "ambiguous_names": GUARD_POLICY,
                     "event_anaphora": ANAPHORA_POLICY, "reconcile": RECONCILE_POLICY},
        "input_records": n_inputs,
        "articles_reused": n_reused,
        "row_counts": {name: table.num_rows for name, table in tables.items()},
        "stage_seconds": {k: round(v, 4) for k, v in timings.items()},
    }
