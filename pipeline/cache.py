"""The row cache of incremental runs, and the record of already validated rules.

Both live in the output folder's hidden `.cache/` folder.

`RowCache` keeps, for every article of the last runs, the rows of every per-article
table, in one SQLite database (stdlib, no server) keyed by `article_id`, which is the
content hash of the article's date, title and text.  The database belongs to one cache
key (pipeline version, code, schema, rules and settings hashes): opened with another
key it is wiped, and the components that changed are the reason for the full recompute.

Why SQLite rather than reading the previous output's row groups:
- lookups by article id are indexed, so reuse stays streaming (one batch of articles at
  a time) whatever order the articles arrive in, and nothing is loaded whole;
- a fresh article's rows are stored as soon as its batch is done, and they stay valid
  whatever happens to the run (the key is a content hash), so a killed run's work is
  reused by the next run instead of being redone;
- it is independent of the output's commit protocol and of the output's row order.
The cost is disk: rows are stored a second time, as compressed JSON (about 5 KB per
sample article, more than the Parquet tables, which compress across articles; zlib
level 1 because the main thread encodes while the workers extract).  Articles no
longer in the input are pruned at the end of every successful run.

Rows are stored as JSON (not pickle: a cache folder must never be able to run code),
column values in schema order; dates as ISO strings, parsed back by their schema type.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from datetime import date
from pathlib import Path

import pyarrow as pa

from pipeline.schemas import PER_ARTICLE_TABLES, TABLES
from pipeline.store import write_json

CACHE_DIR = ".cache"
ROWS_DB = "rows.sqlite"
VALIDATED = "validated_rules.json"
KEEP_VALIDATED = 16
COLUMNS = {name: [f.name for f in TABLES[name]] for name in PER_ARTICLE_TABLES}
DATE_COLUMNS = {name: {f.name for f in TABLES[name] if f.type == pa.date32()} for name in PER_ARTICLE_TABLES}

# The rows of one article: its counts (n_sentences, n_tokens) and rows per table.
CachedArticle = tuple[dict, dict[str, list[dict]]]


class RowCache:
    """Per-article rows computed under one cache key; safe to share between two threads."""

    def __init__(self, output_dir: Path, key: dict[str, str], wipe_reason: str | None = None):
        """Open (or create) the cache of `output_dir` for `key`.

        With `wipe_reason` the cache is emptied for that reason; otherwise it is emptied
        when it was built under another key.  `self.reason` says why nothing is reusable
        (None when the cache was kept).
        """
        folder = Path(output_dir) / CACHE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(folder / ROWS_DB, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        self._db.execute("CREATE TABLE IF NOT EXISTS rows (article_id TEXT PRIMARY KEY, payload BLOB)")
        self._db.execute("CREATE TEMP TABLE seen (article_id TEXT PRIMARY KEY)")
        self.reason = wipe_reason or self._key_change(key)
        if self.reason is not None:
            self._reset(key)

    def _key_change(self, key: dict[str, str]) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        if row is None:
            return "no row cache"
        old = json.loads(row[0])
        changed = [name for name in key if old.get(name) != key[name]]
        return f"changed: {', '.join(changed)}" if changed else None

    def _reset(self, key: dict[str, str]) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM rows")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('key', ?)", (json.dumps(key, sort_keys=True),))
            self._db.execute("COMMIT")

    def get_many(self, article_ids: list[str]) -> dict[str, CachedArticle]:
        """The cached rows of those of `article_ids` that are in the cache."""
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        with self._lock:
            found = self._db.execute(f"SELECT article_id, payload FROM rows WHERE article_id IN ({marks})",
                                     article_ids).fetchall()
        return {article_id: decode(payload) for article_id, payload in found}

    def put_many(self, items: list[tuple[str, dict, dict[str, list[dict]]]],
                 payloads: dict[str, bytes] | None = None) -> None:
        """Store (article_id, counts, rows per table) for freshly computed articles; `payloads`
        holds articles already encoded (by `encode`, in a worker)."""
        payloads = payloads or {}
        self._insert([(article_id, payloads.get(article_id) or encode(counts, tables))
                      for article_id, counts, tables in items])

    def put_payloads(self, payloads: dict[str, bytes]) -> None:
        """Store articles already encoded (by `encode`, in a worker), {article_id: payload}."""
        self._insert(list(payloads.items()))

    def _insert(self, records: list[tuple[str, bytes]]) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO rows VALUES (?, ?)", records)
            self._db.execute("COMMIT")

    def mark_seen(self, article_ids: list[str]) -> None:
        """Remember that these articles are in this run's input (see `prune`)."""
        with self._lock:
            self._db.executemany("INSERT OR IGNORE INTO seen VALUES (?)", [(a,) for a in article_ids])

    def prune(self) -> int:
        """Forget articles this run did not see; returns how many were dropped."""
        with self._lock:
            cursor = self._db.execute("DELETE FROM rows WHERE article_id NOT IN (SELECT article_id FROM seen)")
        return cursor.rowcount

    def close(self) -> None:
        """Close the database (every write was committed already)."""
        with self._lock:
            self._db.close()


def encode(counts: dict, tables: dict[str, list[dict]]) -> bytes:
    """Compressed JSON of one article's rows, columns in schema order."""
    document = {"counts": counts,
                "tables": {name: [[row.get(c) for c in COLUMNS[name]] for row in tables.get(name, [])]
                           for name in PER_ARTICLE_TABLES}}
    return zlib.compress(json.dumps(document, separators=(",", ":"), default=_iso_date).encode("utf-8"), 1)


def decode(payload: bytes) -> CachedArticle:
    """The (counts, rows per table) stored by `encode`, dates back as `datetime.date`."""
    document = json.loads(zlib.decompress(payload))
    tables = {}
    for name, rows in document["tables"].items():
        columns, dates = COLUMNS[name], DATE_COLUMNS[name]
        tables[name] = [{c: (date.fromisoformat(v) if c in dates and v is not None else v)
                         for c, v in zip(columns, values)} for values in rows]
    return document["counts"], tables


def _iso_date(value):
    # Only dates are expected besides JSON types; anything else must fail loudly here,
    # not come back from the cache as a string.
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot cache a {type(value).__name__} value: {value!r}")


def is_validated(output_dir: Path, rules_key: str) -> bool:
    """Whether rules with this hash already passed validation for this output folder."""
    return rules_key in _validated_keys(output_dir)


def mark_validated(output_dir: Path, rules_key: str) -> None:
    """Record that rules with this hash passed validation (the last few are kept)."""
    known = [k for k in _validated_keys(output_dir) if k != rules_key][-(KEEP_VALIDATED - 1):] + [rules_key]
    write_json(Path(output_dir) / CACHE_DIR / VALIDATED, {"validated": known})


def _validated_keys(output_dir: Path) -> list[str]:
    """The recorded keys; an unreadable or malformed record counts as none."""
    try:
        return json.loads((Path(output_dir) / CACHE_DIR / VALIDATED).read_text(encoding="utf-8"))["validated"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
