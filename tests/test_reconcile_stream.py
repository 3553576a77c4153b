"""Block-by-block reconciliation from a spill file: the same events and ids as `reconcile`, in bounded memory."""

from __future__ import annotations

import copy
import random
from collections import Counter
from datetime import date, timedelta

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline.reconcile_stream as reconcile_stream
from pipeline.reconcile import block_key, reconcile
from pipeline.reconcile_stream import MentionRow, event_order, reconcile_spill
from pipeline.schemas import to_table
from pipeline.store import TableWriter

ACTORS = ["PRK", "CHN", "USA", None]
FAMILIES = [None, None, "hwasong-18", "chollima-1", "kn-23"]
CLASSES = [None, "SLV", "ICBM", "SRBM", "BM"]
GRANULARITIES = ["day", "day", "day", "time", "week", "month", "year", None]


def generated_mentions(n_articles: int = 260, seed: int = 7) -> list[dict]:
    """Event mentions shaped like the pipeline's: articles reporting the same launches (or not)
    with dates of every granularity, undated ones, votes and conflicts to settle."""
    rng = random.Random(seed)
    first_day = date(2023, 1, 1)
    rows = []
    for a in range(n_articles):
        article = f"article-{a:04d}"
        published = first_day + timedelta(days=rng.randrange(200))
        for m in range(rng.randint(1, 14)):
            rows.append(_mention(rng, article, m, published))
    rng.shuffle(rows)  # spill order is article order, not id order: reconcile must not rely on it
    return rows


def _mention(rng: random.Random, article: str, m: int, published: date) -> dict:
    granularity = rng.choice(GRANULARITIES)
    start = end = None
    if granularity in ("day", "time"):
        start = end = published - timedelta(days=rng.choice([0, 0, 1, 2, 5, 30]))
    elif granularity == "week":
        start = published - timedelta(days=published.weekday() + 7)
        end = start + timedelta(days=6)
    elif granularity == "month":
        start = published.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    elif granularity == "year":
        start, end = date(published.year, 1, 1), date(published.year, 12, 31)
    family = rng.choice(FAMILIES)
    return {
        "article_id": article, "mention_id": f"{article}-m{m}", "start_char": 40 * m + rng.randrange(30),
        "event_type": rng.choice(["LAUNCH", "LAUNCH", "LAUNCH", "CONDEMN", "TALKS"]),
        "actor_country": rng.choice(ACTORS), "target_country": rng.choice([None, None, "KOR", "JPN"]),
        "realis": rng.choice(["actual", "actual", "actual", "planned", "negated"]),
        "historical": rng.random() < 0.1, "date_start": start, "date_end": end, "granularity": granularity,
        "date_source": rng.choice(["sentence", "sentence", "anaphora", "published"]) if start else None,
        "date_relative": rng.random() < 0.3, "published": published,
        "outcome": rng.choice([None, "success", "failure", "unknown"]),
        "outcome_evidence": rng.choice(["stated", "stated", "inferred"]),
        "failure_stage": rng.choice([None, None, None, "third stage", "second stage"]),
        "weapon_entity_id": f"weapon.{family}" if family else rng.choice([None, "class.ballistic-missile"]),
        "weapon_class": rng.choice(CLASSES), "weapon_family": family,
        "payload_entity_id": rng.choice([None, None, "satellite.malligyong-1", "class.satellite"]),
        "sentence_index": m,
        # Columns reconciliation never reads still travel through the spill.
        "trigger": "fired", "sentence": "North Korea fired a missile.", "rule_id": "event.launch.fired",
        "event_id": None,
    }


def spill(tmp_path, rows: list[dict]):
    path = tmp_path / "event_mentions.spill.parquet"
    pq.write_table(to_table("event_mentions", rows), path)
    return path


def in_memory(rows: list[dict]) -> tuple[list[str], pa.Table]:
    """What `reconcile` gives: every mention's event id, and the events table in event order."""
    mentions, events = reconcile(copy.deepcopy(rows))
    return [m["event_id"] for m in mentions], to_table("events", sorted(events, key=event_order))


def blockwise(tmp_path, rows: list[dict], run_rows: int) -> tuple[list[str], pa.Table, list[pa.Table]]:
    written: list[pa.Table] = []
    ids = reconcile_spill(spill(tmp_path, rows), tmp_path / "runs.arrow", 1, written.append, run_rows=run_rows)
    events = pa.concat_tables(written) if written else to_table("events", [])
    return [i.decode() for i in ids], events, written


def test_generated_mentions_exercise_what_reconciliation_does():
    rows = generated_mentions()
    _, events = reconcile(copy.deepcopy(rows))
    assert len({block_key(r) for r in rows}) > 20
    assert max(e["n_mentions"] for e in events) > 5
    assert any(e["conflicts"] for e in events)
    # Undated mentions of different articles: clusters with one canonical key, ids salted.
    canonical = Counter((e["event_type"], e["actor_country"], e["realis"], e["date_start"], e["granularity"],
                         e["weapon_family"]) for e in events)
    assert max(canonical.values()) > 1


@pytest.mark.parametrize("run_rows", [97, 1_000, 100_000])
def test_blockwise_reconciliation_equals_reconciling_everything_at_once(tmp_path, run_rows):
    rows = generated_mentions()
    expected_ids, expected_events = in_memory(rows)
    ids, events, _ = blockwise(tmp_path, rows, run_rows)
    assert ids == expected_ids
    assert events.equals(expected_events)
    assert not (tmp_path / "runs.arrow").exists()


def test_date_conflicts_are_flagged_as_in_memory(tmp_path):
    # The seed case: "Thursday" resolved against the wrong week vs the dated report of the same failure.
    rows = generated_mentions(40)
    for i, (day, relative) in enumerate([(date(2023, 8, 24), False), (date(2023, 11, 2), True)]):
        rows.append({**rows[0], "article_id": f"z{i}", "mention_id": f"z{i}-0", "event_type": "LAUNCH",
                     "actor_country": "PRK", "realis": "actual", "date_start": day, "date_end": day,
                     "granularity": "day", "date_source": "sentence", "date_relative": relative,
                     "failure_stage": "third stage", "weapon_family": "chollima-1", "weapon_class": "SLV",
                     "weapon_entity_id": "weapon.chollima-1", "outcome": "failure"})
    expected_ids, expected_events = in_memory(rows)
    ids, events, _ = blockwise(tmp_path, rows, 50)
    assert expected_events.column("date_conflict_articles").null_count < expected_events.num_rows
    assert ids == expected_ids and events.equals(expected_events)


def test_one_block_at_a_time_is_held(tmp_path, monkeypatch):
    rows = generated_mentions()
    seen: list[int] = []
    original = reconcile_stream.reconcile_block

    def recording(block_rows, tolerance):
        seen.append(len(block_rows))
        assert len({block_key(r) for r in block_rows}) == 1
        return original(block_rows, tolerance)

    monkeypatch.setattr(reconcile_stream, "reconcile_block", recording)
    blockwise(tmp_path, rows, 97)
    assert sorted(seen) == sorted(Counter(block_key(r) for r in rows).values())


def test_events_arrive_group_by_group_in_event_order(tmp_path):
    _, events, written = blockwise(tmp_path, generated_mentions(), 1_000)
    assert len(written) > 1
    assert all(len(set(zip(t.column("event_type").to_pylist(), t.column("actor_country").to_pylist()))) == 1
               for t in written)
    keys = [event_order(e) for e in events.to_pylist()]
    assert keys == sorted(keys)


def test_no_mentions_no_events(tmp_path):
    ids, events, written = blockwise(tmp_path, [], 97)
    assert ids == [] and written == [] and events.num_rows == 0


def test_a_mention_row_reads_and_writes_like_a_dict():
    row = MentionRow()
    row["weapon_family"] = "kn-23"
    assert row["weapon_family"] == "kn-23" and row.get("weapon_family") == "kn-23"
    assert row.get("no_such_field", "stated") == "stated"
    with pytest.raises(AttributeError):
        row["no_such_field"] = 1


def test_appending_an_arrow_table_writes_the_same_bytes_as_appending_rows(tmp_path):
    rows = generated_mentions(60)
    by_rows, by_table = TableWriter(tmp_path / "a.parquet", "event_mentions"), \
        TableWriter(tmp_path / "b.parquet", "event_mentions")
    for start in range(0, len(rows), 150):
        by_rows.append(rows[start:start + 150])
    # As the runner does: a spill file read back, batch by batch.
    pq.write_table(to_table("event_mentions", rows), tmp_path / "spill.parquet")
    for batch in pq.ParquetFile(tmp_path / "spill.parquet").iter_batches(batch_size=333):
        by_table.append_table(pa.Table.from_batches([batch]))
    by_rows.close()
    by_table.close()
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
