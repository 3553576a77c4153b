"""The `dataset` layout (`pipeline.parts`): every table a folder of part files, one per batch,
written by the process that computed the batch; the same rows as the file layout, committed,
reused, published and switched like it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.parts import ReachProbe, WRITTEN, BatchTask, PartTarget, part_name
from pipeline.engines import LocalEngine
from pipeline.ingest import ingest
from pipeline.runner import run
from pipeline.schemas import TABLES, to_table
from pipeline.settings import Settings, load_settings
from pipeline.staging import COMMIT_MARKER, REPLACED, recover
from pipeline.store import read_table
from tests.conftest import MODELS, ROOT

RAW = ROOT / "data" / "raw"
BATCH = 8   # the sample data's 31 records: 4 batches


def settings_for(out, **changes):
    return Settings(input_path=RAW, output_dir=out, models_dir=MODELS, batch_size=BATCH).replace(**changes)


@pytest.fixture(scope="module")
def file_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("file")
    run(settings_for(out), progress=False)
    return out


@pytest.fixture(scope="module")
def dataset_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("dataset")
    manifest = run(settings_for(out, layout="dataset"), progress=False).manifest
    return out, manifest


def parts(folder, name):
    return sorted(p.name for p in (folder / f"{name}.parquet").iterdir())


def tree_bytes(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.parquet")) if p.is_file()
            and not p.relative_to(folder).parts[0].startswith(".")}


def test_every_table_reads_back_equal_to_the_file_layout(file_run, dataset_run):
    out, manifest = dataset_run
    for name in TABLES:
        assert (out / f"{name}.parquet").is_dir()
        pd.testing.assert_frame_equal(read_table(out, name), read_table(file_run, name), check_like=False)
        assert pq.read_table(out / f"{name}.parquet").equals(pq.read_table(file_run / f"{name}.parquet")), name
    assert manifest["layout"] == "dataset"
    assert manifest["row_counts"] == json.loads((file_run / "manifest.json").read_text())["row_counts"]


def test_parts_are_one_per_batch_named_in_input_order_and_reconciled_tables_are_one_part(dataset_run):
    out, manifest = dataset_run
    assert parts(out, "articles") == [part_name(i) for i in range(4)]
    assert parts(out, "events") == parts(out, "event_mentions") == [part_name(0)]
    # The sample's five rejects sit in the last two batches: batches without rows have no part.
    assert parts(out, "rejects") == [part_name(2), part_name(3)]
    # The engine (this process, workers=1) wrote the parts of the batches it computed whole.
    assert manifest["parts_written_by_workers"] == 4 * 5


def test_a_table_without_rows_still_has_a_part_with_its_schema(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(sorted(RAW.glob("0*.txt"))[0], source)
    run(settings_for(tmp_path / "out", input_path=source, layout="dataset"), progress=False)
    assert parts(tmp_path / "out", "rejects") == [part_name(0)]
    frame = read_table(tmp_path / "out", "rejects")
    assert frame.empty and list(frame.columns) == TABLES["rejects"].names


def test_worker_processes_write_the_parts_and_tables_stay_identical(dataset_run, tmp_path):
    out, _ = dataset_run
    manifest = run(settings_for(tmp_path / "out", layout="dataset", workers=2), progress=False).manifest
    assert manifest["parts_written_by_workers"] == 4 * 5
    assert tree_bytes(tmp_path / "out") == tree_bytes(out)


def test_a_rerun_reuses_rows_and_rewrites_the_same_bytes(dataset_run, tmp_path):
    out, _ = dataset_run
    copy = tmp_path / "in"
    shutil.copytree(RAW, copy)
    settings = settings_for(tmp_path / "out", input_path=copy, layout="dataset")
    run(settings, progress=False)
    edited = sorted(copy.glob("0*.txt"))[9]   # in the second batch
    edited.write_text(edited.read_text(encoding="utf-8") + "\nSeoul condemned the launch on Monday.\n",
                      encoding="utf-8")
    manifest = run(settings, progress=False).manifest
    assert (manifest["articles_processed"], manifest["articles_reused"]) == (1, 25)
    # Only the batches computed whole are written by a worker; the mixed one by the client.
    assert manifest["parts_written_by_workers"] == 0
    fresh = tmp_path / "fresh"
    run(settings.replace(output_dir=fresh), progress=False)
    assert tree_bytes(tmp_path / "out") == tree_bytes(fresh)


def test_switching_layouts_replaces_the_tables_in_place(file_run, tmp_path):
    out = tmp_path / "out"
    run(settings_for(out), progress=False)
    run(settings_for(out, layout="dataset"), progress=False)
    assert all((out / f"{name}.parquet").is_dir() for name in TABLES)
    run(settings_for(out), progress=False)
    assert all((out / f"{name}.parquet").is_file() for name in TABLES)
    assert tree_bytes(out) == tree_bytes(file_run)
    assert [p.name for p in out.iterdir() if p.name.startswith(".staging")] == []


def test_a_commit_killed_between_the_two_renames_of_a_folder_is_finished_by_a_reader(dataset_run, tmp_path):
    out, _ = dataset_run
    target = tmp_path / "out"
    shutil.copytree(out, target)
    staging = target / ".staging-killed"
    staging.mkdir()
    shutil.copytree(out / "events.parquet", staging / "events.parquet")
    (staging / "events.parquet" / part_name(1)).write_bytes((out / "events.parquet" / part_name(0)).read_bytes())
    (staging / COMMIT_MARKER).write_text(json.dumps({"files": ["events.parquet"]}), encoding="utf-8")
    # The old folder was moved aside, the new one not yet moved in: the table is missing.
    (staging / REPLACED).mkdir()
    (target / "events.parquet").rename(staging / REPLACED / "events.parquet")
    assert recover(target) == 1
    assert parts(target, "events") == [part_name(0), part_name(1)]
    assert len(read_table(target, "events")) == 2 * len(read_table(out, "events"))
    assert not staging.exists()


def test_the_engine_writes_parts_only_where_it_reads_the_clients_probe(tmp_path):
    articles, _ = ingest(RAW)
    probe = ReachProbe(tmp_path)
    with LocalEngine(Settings(models_dir=MODELS, batch_size=BATCH)) as engine:
        [(plain, _)] = engine.map_batches([articles[:3]])
        [(sent, _)] = engine.map_batches([BatchTask(articles[:3], probe.target(7, "zstd", 3))])
        blind = PartTarget(str(tmp_path / "elsewhere"), 8, str(tmp_path / "elsewhere" / "probe"), probe.token)
        [(unreachable, _)] = engine.map_batches([BatchTask(articles[:3], blind)])
    assert {row["table"]: row["rows"] for row in sent[WRITTEN]} == {
        name: len(plain[name]) for name in ("articles", "sentences", "entities", "dates", "claims")}
    assert "entities" not in sent and sent["event_mentions"] == plain["event_mentions"]
    assert pq.read_table(tmp_path / "entities.parquet" / part_name(7)).equals(to_table("entities", plain["entities"]))
    assert unreachable == plain and not (tmp_path / "elsewhere").exists()


def test_layout_and_batch_size_are_checked_and_never_invalidate_the_row_cache(tmp_path):
    with pytest.raises(ValueError, match="layout must be one of file, dataset"):
        load_settings(layout="folders")
    with pytest.raises(ValueError, match="batch_size must be a positive number"):
        load_settings(batch_size=0)
    assert Settings().fingerprint() == Settings(layout="dataset", batch_size=5).fingerprint()


def test_cli_writes_a_dataset_that_pandas_reads_by_table_name(file_run, tmp_path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--layout", "dataset", "--batch-size", "8",
                             "--input", RAW, "--output", tmp_path / "out", "--quiet"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "layout dataset: 20 parts written by the workers" in result.stdout
    events = pd.read_parquet(tmp_path / "out" / "events.parquet")
    assert events.equals(pd.read_parquet(file_run / "events.parquet"))
