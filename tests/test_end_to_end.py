"""End to end through `python -m pipeline run`: the output contract, row order,
byte-identical determinism, incremental re-runs, the summary, and safety against bad input."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.schemas import TABLES
from tests.conftest import ROOT

RAW = ROOT / "data" / "raw"


def run_cli(*args, check=True):
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", *map(str, args)], cwd=ROOT,
                            capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "processed"
    run_cli("--input", RAW, "--output", out)
    return out


def read(out, name):
    return pd.read_parquet(out / f"{name}.parquet")


def test_every_table_has_its_schema(sample_run):
    for name, schema in TABLES.items():
        assert pq.read_schema(sample_run / f"{name}.parquet").remove_metadata() == schema, name


def test_every_input_record_is_accounted_for(sample_run):
    articles, rejects = read(sample_run, "articles"), read(sample_run, "rejects")
    assert len(articles) >= 20 and articles.article_id.is_unique
    assert set(rejects.reason) >= {"undecodable", "malformed_record", "bad_date", "empty_text", "duplicate_id"}
    manifest = json.loads((sample_run / "manifest.json").read_text())
    assert manifest["input_records"] == len(articles) + len(rejects)
    assert manifest["row_counts"]["articles"] == len(articles)
    assert {"versions", "rules_hash", "settings", "stage_seconds", "policies"} <= set(manifest)


def test_dates_arrive_as_python_dates(sample_run):
    articles = read(sample_run, "articles")
    assert isinstance(articles.published.dropna().iloc[0], datetime.date)
    assert articles.published.isna().sum() == 1  # the CSV record with no date


@pytest.mark.parametrize("table, start, end, text", [
    ("entities", "start_char", "end_char", "text"),
    ("dates", "start_char", "end_char", "text"),
    ("claims", "speaker_start_char", "speaker_end_char", "speaker"),
    ("claims", "content_start_char", "content_end_char", "content"),
    ("event_mentions", "start_char", "end_char", "trigger"),
    ("sentences", "start_char", "end_char", "text"),
])
def test_offsets_index_article_text(sample_run, table, start, end, text):
    texts = read(sample_run, "articles").set_index("article_id").text
    rows = read(sample_run, table)
    assert len(rows) > 0
    for row in rows.itertuples():
        assert texts[row.article_id][getattr(row, start):getattr(row, end)] == getattr(row, text)


def test_sentences_are_trimmed_and_in_order(sample_run):
    sentences = read(sample_run, "sentences")
    assert not sentences.text.str.match(r"\s").any() and not sentences.text.str.contains(r"\s$").any()
    for _, group in sentences.groupby("article_id"):
        assert list(group.sentence_index) == list(range(len(group)))
        assert (group.start_char.values[1:] >= group.end_char.values[:-1]).all()


def test_every_row_names_its_rule(sample_run):
    for table in ("entities", "dates", "claims", "event_mentions"):
        assert read(sample_run, table).rule_id.notna().all(), table


def test_mentions_and_events_are_linked(sample_run):
    mentions, events = read(sample_run, "event_mentions"), read(sample_run, "events")
    assert mentions.event_id.notna().all() and events.event_id.is_unique
    assert set(mentions.event_id) == set(events.event_id)
    counts = mentions.groupby("event_id").size()
    assert (events.set_index("event_id").n_mentions == counts[events.event_id].values).all()


def test_same_input_gives_byte_identical_tables_whatever_the_worker_count(sample_run, tmp_path):
    again = tmp_path / "again"
    run_cli("--input", RAW, "--output", again, "--workers", "2", "--config", small_batches(tmp_path))
    for name in TABLES:
        assert (sample_run / f"{name}.parquet").read_bytes() == (again / f"{name}.parquet").read_bytes(), name


def small_batches(tmp_path):
    """A settings file with batches of 4, so that two workers really share the input."""
    path = tmp_path / "small.toml"
    path.write_text("[pipeline]\nbatch_size = 4\n")
    return path


def test_tables_follow_the_input_order(sample_run):
    articles = read(sample_run, "articles")
    assert list(articles.source) == sorted(articles.source)  # files in sorted order, then records in file order
    order = {article_id: i for i, article_id in enumerate(articles.article_id)}
    entities = read(sample_run, "entities")
    keys = list(zip(entities.article_id.map(order), entities.start_char, entities.end_char))
    assert keys == sorted(keys)
    events = read(sample_run, "events")
    assert list(events.event_type) == sorted(events.event_type)


def test_the_summary_names_rejects_by_reason_on_one_line(tmp_path):
    result = run_cli("--input", RAW, "--output", tmp_path / "out", "--quiet")
    lines = result.stdout.splitlines()
    assert any(line.strip().startswith("rejects 5: bad_date 1, duplicate_id 1,") for line in lines), lines
    assert any(line.strip().startswith("rows: articles ") for line in lines) and "INFO" not in result.stderr


def test_rerun_processes_only_changed_articles(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(RAW, raw)
    run_cli("--input", raw, "--output", out)
    first = read(out, "entities")
    run_cli("--input", raw, "--output", out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["articles_reused"] == manifest["row_counts"]["articles"]
    pd.testing.assert_frame_equal(first, read(out, "entities"))
    (raw / "100_new.txt").write_text("date 2024-01-14 North Korea fired a Hwasong-18 on Sunday, Seoul said.\n")
    run_cli("--input", raw, "--output", out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["row_counts"]["articles"] == manifest["articles_reused"] + 1
    assert manifest["articles_processed"] == 1 and manifest["reuse"] == {"mode": "incremental", "reason": None}
    assert not list(out.glob(".staging-*")) and not list(out.glob(".*.tmp"))


def test_force_recomputes_everything_and_full_is_its_deprecated_alias(sample_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(sample_run, out)
    run_cli("--input", RAW, "--output", out, "--force")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["reuse"] == {"mode": "full", "reason": "--force"} and manifest["articles_reused"] == 0
    result = run_cli("--input", RAW, "--output", out, "--full")
    assert "--full is deprecated" in result.stderr
    assert json.loads((out / "manifest.json").read_text())["reuse"]["reason"] == "--force"


def test_bad_input_never_blanks_good_output(tmp_path):
    out = tmp_path / "out"
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text("date 2023-11-21 North Korea launched a satellite on Tuesday.\n")
    run_cli("--input", good, "--output", out)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.txt").write_bytes(b"date 2023-11-21 \xff\xfe")
    result = run_cli("--input", bad, "--output", out, check=False)
    assert result.returncode == 1 and "keeping the previous output" in result.stderr
    assert len(read(out, "articles")) == 1
    run_cli("--input", bad, "--output", out, "--allow-empty")
    assert len(read(out, "articles")) == 0 and len(read(out, "rejects")) == 1


def test_missing_input_is_a_clear_error(tmp_path):
    result = run_cli("--input", tmp_path / "nope", "--output", tmp_path / "out", check=False)
    assert result.returncode == 1 and "input not found" in result.stderr


def test_input_can_be_an_fsspec_url(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    for path in sorted(RAW.glob("00*.txt"))[:3]:
        (source / path.name).write_bytes(path.read_bytes())
    run_cli("--input", source.as_uri(), "--output", tmp_path / "out", "--quiet")
    articles = read(tmp_path / "out", "articles")
    assert len(articles) == 3 and articles["source"].str.endswith(".txt").all()
