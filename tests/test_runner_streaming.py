"""The streaming pieces of the runner: fixed row groups, batch planning and row order,
the row cache's round trip, the progress bar's switch and the final summary."""

from __future__ import annotations

import datetime
import threading
from collections import deque

import pyarrow.parquet as pq
import pytest

from pipeline import store
from pipeline.batches import assemble, plan
from pipeline.cache import RowCache, decode, encode, is_validated, mark_validated
from pipeline.progress import estimate_records, progress_wanted, summary_lines
from pipeline.schemas import PER_ARTICLE_TABLES
from pipeline.store import TableWriter


def sentence(article_id, index, start):
    return {"article_id": article_id, "sentence_index": index, "start_char": start, "end_char": start + 3,
            "text": "abc"}


def write_in_chunks(path, rows, chunk):
    writer = TableWriter(path, "sentences")
    for i in range(0, len(rows), chunk):
        writer.append(rows[i:i + chunk])
    writer.close()
    return writer


def test_row_groups_do_not_depend_on_how_rows_were_appended(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "ROW_GROUP_ROWS", 7)
    rows = [sentence("a", i, i * 4) for i in range(30)]
    one = write_in_chunks(tmp_path / "one.parquet", rows, 30)
    several = write_in_chunks(tmp_path / "several.parquet", rows, 4)
    assert (tmp_path / "one.parquet").read_bytes() == (tmp_path / "several.parquet").read_bytes()
    metadata = pq.ParquetFile(tmp_path / "several.parquet").metadata
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [7, 7, 7, 7, 2]
    assert one.rows == several.rows == 30
    assert pq.read_table(tmp_path / "one.parquet").column("sentence_index").to_pylist() == list(range(30))


def test_an_empty_table_still_has_its_schema(tmp_path):
    TableWriter(tmp_path / "e.parquet", "events").close()
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 0
    assert pq.read_schema(tmp_path / "e.parquet").names[0] == "event_id"


def records(n_articles, reject_every=0):
    for i in range(n_articles):
        if reject_every and i % reject_every == 0:
            yield "reject", {"source": f"{i}.txt", "reason": "empty_text"}
        yield "article", {"article_id": f"id{i}", "source": f"{i}.txt", "source_id": str(i), "text": "x"}


class FakeCache:
    def __init__(self, ids):
        self.ids = set(ids)

    def get_many(self, article_ids):
        return {a: ({"n_sentences": 1, "n_tokens": 2}, rows_of(a, cached=True)) for a in article_ids if a in self.ids}


def rows_of(article_id, cached=False):
    tables = {name: [] for name in PER_ARTICLE_TABLES}
    # Deliberately out of order: assemble must sort fresh rows within the article.
    tables["sentences"] = [sentence(article_id, 1, 10), sentence(article_id, 0, 0)]
    if cached:
        tables["sentences"].sort(key=lambda r: r["sentence_index"])
    return tables


def test_plan_batches_records_and_asks_only_for_uncached_articles():
    planned = deque()
    todo = list(plan(records(7, reject_every=3), FakeCache({"id1", "id2"}), 4, planned, threading.Event()))
    assert [[a["article_id"] for a in batch] for batch in todo] == [["id0"], ["id3", "id4", "id5"], ["id6"]]
    assert [len(b.articles) + len(b.rejects) for b in planned] == [4, 4, 2]
    assert sorted(planned[0].cached) == ["id1", "id2"]


def test_plan_stops_feeding_when_the_run_failed():
    stop = threading.Event()
    feed = plan(records(100), None, 2, deque(), stop)
    next(feed)
    stop.set()
    assert list(feed) == []


def test_assemble_keeps_input_order_and_sorts_rows_within_an_article():
    planned = deque()
    [todo] = plan(records(3), FakeCache({"id1"}), 3, planned, threading.Event())
    fresh = {name: [] for name in ("articles", *PER_ARTICLE_TABLES)}
    for article in reversed(todo):  # an engine's rows need not come in article order
        fresh["articles"].append({**article, "n_sentences": 2, "n_tokens": 5})
        fresh["sentences"] += rows_of(article["article_id"])["sentences"]
    assembled = assemble(planned[0], fresh)
    assert [a["article_id"] for a in assembled.tables["articles"]] == ["id0", "id1", "id2"]
    assert [a["n_tokens"] for a in assembled.tables["articles"]] == [5, 2, 5]
    assert [(s["article_id"], s["sentence_index"]) for s in assembled.tables["sentences"]] == \
        [("id0", 0), ("id0", 1), ("id1", 0), ("id1", 1), ("id2", 0), ("id2", 1)]
    assert [article_id for article_id, _, _ in assembled.fresh] == ["id0", "id2"]


def test_cached_rows_come_back_identical_with_dates_and_nulls():
    tables = {name: [] for name in PER_ARTICLE_TABLES}
    tables["dates"] = [{"article_id": "a", "date_id": "d", "sentence_index": 0, "start_char": 1, "end_char": 5,
                        "text": "May", "timex_type": "DATE", "value": "2023-05", "start": datetime.date(2023, 5, 1),
                        "end": datetime.date(2023, 5, 31), "granularity": "month", "anchor": None,
                        "rule_id": "r", "resolver": None, "tense": None}]
    tables["entities"] = [{"article_id": "a", "mention_id": "m", "metonym": True, "start_char": 0}]
    counts, back = decode(encode({"n_sentences": 1, "n_tokens": 3}, tables))
    assert counts == {"n_sentences": 1, "n_tokens": 3}
    assert back["dates"] == tables["dates"]
    assert back["entities"][0]["metonym"] is True and back["entities"][0]["label"] is None


def test_values_the_cache_cannot_restore_fail_loudly():
    tables = {name: [] for name in PER_ARTICLE_TABLES}
    tables["sentences"] = [{"article_id": "a", "text": {1, 2}}]
    with pytest.raises(TypeError, match="cannot cache"):
        encode({}, tables)


def test_row_cache_reports_why_it_was_emptied(tmp_path):
    key = {"code": "c1", "rules": "r1", "settings": "s1"}
    cache = RowCache(tmp_path, key)
    assert cache.reason == "no row cache"
    cache.put_many([("a", {"n_sentences": 0, "n_tokens": 0}, {})])
    cache.close()
    cache = RowCache(tmp_path, key)
    assert cache.reason is None and set(cache.get_many(["a", "b"])) == {"a"}
    cache.close()
    cache = RowCache(tmp_path, {**key, "rules": "r2", "settings": "s2"})
    assert cache.reason == "changed: rules, settings" and cache.get_many(["a"]) == {}
    cache.close()


def test_row_cache_prunes_articles_a_run_did_not_see(tmp_path):
    cache = RowCache(tmp_path, {"code": "c"})
    cache.put_many([(a, {}, {}) for a in ("a", "b", "c")])
    cache.mark_seen(["a", "c"])
    assert cache.prune() == 1
    assert set(cache.get_many(["a", "b", "c"])) == {"a", "c"}
    cache.close()


def test_validated_rules_are_remembered_per_output(tmp_path):
    assert not is_validated(tmp_path, "r1")
    mark_validated(tmp_path, "r1")
    mark_validated(tmp_path, "r2")
    assert is_validated(tmp_path, "r1") and is_validated(tmp_path, "r2") and not is_validated(tmp_path / "x", "r1")


@pytest.mark.parametrize("requested, ci, tty, expected", [
    (True, "1", False, True),
    (False, None, True, False),
    (None, None, True, True),
    (None, "true", True, False),
    (None, None, False, False),
])
def test_progress_bar_only_on_an_interactive_terminal_outside_ci(monkeypatch, requested, ci, tty, expected):
    monkeypatch.delenv("CI", raising=False)
    if ci:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setattr("sys.stderr.isatty", lambda: tty)
    assert progress_wanted(requested) is expected


def test_record_estimate_counts_lines_and_files(tmp_path):
    (tmp_path / "a.txt").write_text("date 2023-01-01 x")
    (tmp_path / "b.jsonl").write_text('{"id": 1}\n{"id": 2}\n{"id": 3}')
    (tmp_path / "c.csv").write_text("id,text\n1,x\n2,y\n")
    assert estimate_records(tmp_path) == 1 + 3 + 2
    assert estimate_records(tmp_path / "missing") is None


def test_summary_names_rejects_by_reason_rows_and_stage_times():
    manifest = {"row_counts": {"articles": 3, "rejects": 2, "events": 1}, "articles_processed": 1,
                "articles_reused": 2, "reuse": {"mode": "incremental", "reason": None},
                "rejects_by_reason": {"bad_date": 1, "empty_text": 1},
                "stage_seconds": {"extract": 1.5, "extract.dates": 0.5, "reconcile": 0.25}}
    lines = summary_lines(manifest)
    assert lines[0] == "articles 3 (1 processed, 2 reused; incremental)"
    assert lines[1] == "rejects 2: bad_date 1, empty_text 1"
    assert "events 1" in lines[2] and lines[3] == "seconds: extract 1.50, reconcile 0.25"
