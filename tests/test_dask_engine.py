"""The Dask engine on a real `LocalCluster` of 2 worker processes: same rows and tables as
the local engine, input order, bounded streaming, rules shipped as bytes, errors surfaced."""

from __future__ import annotations

import os
import subprocess
import sys

import distributed
import pyarrow.parquet as pq
import pytest

from pipeline import dask_engine
from pipeline.dask_engine import (BatchFailed, DaskEngine, bundle_hash, local_cluster, materialise, read_rules,
                                  run_batch)
from pipeline.engines import LocalEngine
from pipeline.ingest import ingest
from pipeline.runner import run
from pipeline.schemas import TABLES
from pipeline.settings import Settings
from tests.conftest import MODELS, ROOT

RAW = ROOT / "data" / "raw"
BATCH_SIZE = 4  # several batches from the sample data, so both workers get some


@pytest.fixture(scope="module")
def worker_tmp(tmp_path_factory):
    """The workers' temporary folder, where they write the rules shipped to them."""
    return tmp_path_factory.mktemp("worker-tmp")


@pytest.fixture(scope="module")
def cluster(worker_tmp):
    """One cluster for the module: 2 worker processes, 1 thread each, as the user's cluster would be."""
    with local_cluster(2, env={"TMPDIR": str(worker_tmp)}) as started:
        yield started


@pytest.fixture(scope="module")
def settings(cluster):
    return Settings(engine="dask", scheduler=cluster.scheduler_address, batch_size=BATCH_SIZE)


@pytest.fixture(scope="module")
def engine(settings):
    with DaskEngine(settings) as dask:
        yield dask


@pytest.fixture(scope="module")
def articles():
    rows, _ = ingest(RAW)
    return rows


def uneven_batches(articles):
    """A long first batch, then single articles: later batches finish first on the other worker."""
    return [articles[:12]] + [[article] for article in articles[12:]]


def test_rows_equal_the_local_engine_in_input_order(engine, articles):
    batches = uneven_batches(articles)
    with LocalEngine(Settings(workers=1, batch_size=BATCH_SIZE)) as local:
        expected = [rows for rows, _ in local.map_batches(batches)]
    results = list(engine.map_batches(batches))
    assert [rows for rows, _ in results] == expected
    assert [[a["article_id"] for a in rows["articles"]] for rows, _ in results] == \
           [[a["article_id"] for a in batch] for batch in batches]
    assert all(seconds["tokenize_and_match"] > 0 for _, seconds in results)


def test_each_worker_builds_its_processor_once_from_the_shipped_rules(engine, articles, worker_tmp):
    client = engine._client
    list(engine.map_batches(uneven_batches(articles)))
    before = client.run(lambda: id(dask_engine.engines._PROCESSOR))
    list(engine.map_batches(uneven_batches(articles)))
    assert client.run(lambda: id(dask_engine.engines._PROCESSOR)) == before
    digest = bundle_hash(read_rules(MODELS))
    assert set(client.run(lambda: dask_engine._BUILT).values()) == {(digest, BATCH_SIZE)}
    assert read_rules(worker_tmp / "news-events-rules" / digest) == read_rules(MODELS)


def test_input_is_consumed_lazily_a_window_at_a_time(engine, articles):
    pulled = []

    def batches():
        for index in range(50):
            pulled.append(index)
            yield [articles[index % len(articles)]]

    results = engine.map_batches(batches())
    assert pulled == []
    next(results)
    assert len(pulled) == dask_engine.IN_FLIGHT_PER_THREAD * 2  # 2 workers of 1 thread
    results.close()
    assert len(pulled) == dask_engine.IN_FLIGHT_PER_THREAD * 2


def test_a_failing_batch_raises_with_the_worker_traceback(engine, articles):
    broken = {key: value for key, value in articles[1].items() if key != "text"}
    with pytest.raises(BatchFailed, match=r"batch 1 \(1 articles") as raised:
        list(engine.map_batches([[articles[0]], [broken], [articles[2]]]))
    message = str(raised.value)
    assert "KeyError: 'text'" in message and "extract.py" in message
    # The workers are still usable afterwards.
    [(rows, _)] = engine.map_batches([[articles[0]]])
    assert [a["article_id"] for a in rows["articles"]] == [articles[0]["article_id"]]


def test_the_rules_survive_a_restart_of_every_worker(engine, cluster, articles):
    list(engine.map_batches([[articles[0]]]))
    with distributed.Client(cluster) as client:
        client.restart_workers(list(client.scheduler_info()["workers"]))
    [(rows, _)] = engine.map_batches([[articles[1]]])
    assert [a["article_id"] for a in rows["articles"]] == [articles[1]["article_id"]]


def test_a_worker_running_other_pipeline_code_refuses_to_build(articles):
    bundle = read_rules(MODELS)
    with pytest.raises(RuntimeError, match="differs from the client's"):
        run_batch(bundle, bundle_hash(bundle), BATCH_SIZE, "other-code", articles[:1])


def test_rules_are_written_once_per_machine_keyed_by_hash(tmp_path):
    bundle = read_rules(MODELS)
    folder = materialise(bundle, bundle_hash(bundle), tmp_path)
    assert read_rules(folder) == bundle
    assert materialise(bundle, bundle_hash(bundle), tmp_path) == folder
    changed = {**bundle, "extra/new.txt": b"x"}
    assert bundle_hash(changed) != bundle_hash(bundle)
    assert materialise(changed, bundle_hash(changed), tmp_path) != folder
    assert [p.name for p in (tmp_path / "news-events-rules").iterdir() if p.name.startswith(".")] == []


def assert_same_tables(left, right):
    for name in TABLES:
        assert pq.read_table(left / f"{name}.parquet").equals(pq.read_table(right / f"{name}.parquet")), name


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    output = tmp_path_factory.mktemp("local")
    # One process: forking this multi-threaded test process (the Dask client) would be unsafe.
    run(Settings(input_path=RAW, output_dir=output, batch_size=BATCH_SIZE, workers=1))
    return output


def test_runner_writes_the_same_tables_on_the_users_cluster(local_run, settings, cluster, tmp_path):
    result = run(settings.replace(input_path=RAW, output_dir=tmp_path))
    assert result.manifest["row_counts"]["articles"] > 2 * BATCH_SIZE
    assert_same_tables(local_run, tmp_path)
    # The engine disconnected from the user's cluster without shutting it down.
    with distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2


def test_cli_with_its_own_local_cluster_writes_the_same_tables(local_run, tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text(f"[pipeline]\nbatch_size = {BATCH_SIZE}\n", encoding="utf-8")
    output = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--engine", "dask", "--workers", "2",
                             "--config", config, "--input", RAW, "--output", output],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "distributed." not in result.stderr  # the cluster's logs stay off the run's console
    assert_same_tables(local_run, output)


def test_workers_write_the_parts_of_the_dataset_layout_themselves(local_run, settings, tmp_path):
    local = run(Settings(input_path=RAW, output_dir=tmp_path / "local", batch_size=BATCH_SIZE, workers=1,
                         layout="dataset")).manifest
    result = run(settings.replace(input_path=RAW, output_dir=tmp_path / "dask", layout="dataset"))
    # Every batch was computed whole, so its parts came from a Dask worker, not the client.
    assert result.manifest["parts_written_by_workers"] == local["parts_written_by_workers"] > 5
    for name in TABLES:
        assert sorted((tmp_path / "dask" / f"{name}.parquet").iterdir()) != []
        assert pq.read_table(tmp_path / "dask" / f"{name}.parquet").equals(
            pq.read_table(local_run / f"{name}.parquet")), name
        local_parts = sorted(p.name for p in (tmp_path / "local" / f"{name}.parquet").iterdir())
        for part in local_parts:
            assert (tmp_path / "dask" / f"{name}.parquet" / part).read_bytes() == \
                   (tmp_path / "local" / f"{name}.parquet" / part).read_bytes(), (name, part)
