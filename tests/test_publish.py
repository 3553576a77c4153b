"""Output to an fsspec URL: a run into the URL's local mirror, then the tables uploaded (pipeline.publish)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from pipeline.publish import MIRRORS_ENV, mirror_dir
from pipeline.runner import run
from pipeline.schemas import TABLES
from pipeline.settings import load_settings
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "raw"
URL = "memory://publish-test/out"


@pytest.fixture
def memory(tmp_path, monkeypatch):
    fsspec = pytest.importorskip("fsspec")
    monkeypatch.setenv(MIRRORS_ENV, str(tmp_path / "mirrors"))
    fs = fsspec.filesystem("memory")
    yield fs
    if fs.exists("/publish-test"):
        fs.rm("/publish-test", recursive=True)


def test_output_url_gets_the_same_tables_as_a_local_folder(tmp_path, memory):
    local = run(load_settings(input_path=SAMPLE, output_dir=tmp_path / "local"), progress=False)
    published = run(load_settings(input_path=SAMPLE, output_dir=URL), progress=False)
    assert published.output_dir == mirror_dir(URL)
    for name in TABLES:
        assert memory.cat(f"/publish-test/out/{name}.parquet") == (local.output_dir / f"{name}.parquet").read_bytes()
    manifest = json.loads(memory.cat("/publish-test/out/manifest.json"))
    assert manifest["output_url"] == URL and manifest["row_counts"] == local.manifest["row_counts"]
    assert not [p for p in memory.find("/publish-test") if p.endswith(".uploading")]
    # Data scientists read it back with pandas, through fsspec.
    events = pd.read_parquet(f"{URL}/events.parquet")
    assert len(events) == local.manifest["row_counts"]["events"] > 0


def test_a_rerun_into_the_same_url_reuses_its_mirror(memory):
    first = run(load_settings(input_path=SAMPLE, output_dir=URL), progress=False)
    before = memory.cat("/publish-test/out/events.parquet")
    second = run(load_settings(input_path=SAMPLE, output_dir=URL), progress=False)
    assert second.manifest["articles_reused"] == first.manifest["articles_processed"] > 0
    assert memory.cat("/publish-test/out/events.parquet") == before


def test_output_urls_stay_strings_and_mirrors_differ_by_url():
    assert load_settings(output_dir=URL).output_dir == URL
    assert mirror_dir("memory://a/out") != mirror_dir("memory://b/out")
    assert mirror_dir("memory://a/out/") == mirror_dir("memory://a/out")


def test_cli_publishes_to_a_file_url(tmp_path):
    pytest.importorskip("fsspec")
    env = {**os.environ, MIRRORS_ENV: str(tmp_path / "mirrors")}
    target = tmp_path / "published"
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--input", str(SAMPLE), "--output",
                             f"file://{target}", "-q"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert f"wrote file://{target}" in result.stdout
    assert sorted(p.name for p in target.iterdir()) == sorted([f"{name}.parquet" for name in TABLES] + ["manifest.json"])
    assert len(pd.read_parquet(target / "articles.parquet")) > 0


def test_a_dataset_layout_is_published_part_by_part_and_stale_parts_go(tmp_path, memory):
    local = run(load_settings(input_path=SAMPLE, output_dir=tmp_path / "local"), progress=False)
    run(load_settings(input_path=SAMPLE, output_dir=URL, layout="dataset", batch_size=8), progress=False)
    remote = "/publish-test/out/entities.parquet"
    assert sorted(p.rsplit("/", 1)[-1] for p in memory.ls(remote, detail=False)) == \
           [f"part-00000{i}.parquet" for i in range(4)]
    for name in TABLES:
        assert pd.read_parquet(f"{URL}/{name}.parquet").equals(pd.read_parquet(local.output_dir / f"{name}.parquet"))
    # Fewer batches next time: the parts it no longer has are deleted, nothing hidden is left behind.
    run(load_settings(input_path=SAMPLE, output_dir=URL, layout="dataset", batch_size=16), progress=False)
    assert len(memory.ls(remote, detail=False)) == 2
    assert pd.read_parquet(f"{URL}/entities.parquet").equals(pd.read_parquet(local.output_dir / "entities.parquet"))
    assert not [p for p in memory.find("/publish-test") if ".uploading" in p]
    # And back to one file per table.
    run(load_settings(input_path=SAMPLE, output_dir=URL), progress=False)
    assert memory.cat(remote) == (local.output_dir / "entities.parquet").read_bytes()
