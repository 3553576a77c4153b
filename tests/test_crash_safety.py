"""Crash safety: a run killed with a real SIGKILL at several points leaves the previous
output readable, complete and consistent with its manifest; the next run recovers and
writes exactly what an uninterrupted run writes.

The kill points are named pauses (`pipeline.staging.crash_point`), switched on by the
environment variables `NEWS_EVENTS_PAUSE_AT` and `NEWS_EVENTS_PAUSE_FILE`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from pipeline import staging
from pipeline.schemas import TABLES
from pipeline.store import read_manifest, read_table
from tests.conftest import ROOT

RAW = ROOT / "data" / "raw"
NEW_ARTICLE = "date 2024-01-14 North Korea fired a Hwasong-18 on Sunday, Seoul said.\n"


def run_cli(*args, env=None, check=True):
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "-q", *map(str, args)], cwd=ROOT,
                            capture_output=True, text=True, env=env)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def table_bytes(folder):
    return {name: (folder / f"{name}.parquet").read_bytes() for name in TABLES}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """An old input and its output, a new input (one article more, one less) and its uninterrupted output."""
    root = tmp_path_factory.mktemp("crash")
    old, new = root / "old", root / "new"
    shutil.copytree(RAW, old)
    shutil.copytree(RAW, new)
    (new / "100_new.txt").write_text(NEW_ARTICLE)
    (new / sorted(p.name for p in new.glob("*.txt"))[0]).unlink()
    (root / "small.toml").write_text("[pipeline]\nbatch_size = 4\n")
    run_cli("--input", old, "--output", root / "previous")
    run_cli("--input", new, "--output", root / "reference")
    return root


def kill_at(point, args, tmp_path):
    """Start a run that pauses at `point`, wait until it gets there, SIGKILL it."""
    flag = tmp_path / "paused"
    env = {**os.environ, staging.PAUSE_ENV: point, staging.PAUSE_FILE_ENV: str(flag)}
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "-q", *map(str, args)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300  # a guard against hanging, not a speed assertion
    while not flag.exists():
        if process.poll() is not None:
            pytest.fail(f"the run ended before reaching {point}: {process.stderr.read()}")
        assert time.monotonic() < deadline, f"the run never reached {point}"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()


def assert_consistent(folder, expected):
    """Every table readable, with the row counts its manifest states; the manifest is `expected`'s."""
    manifest = read_manifest(folder)
    assert manifest["row_counts"] == expected["row_counts"]
    assert manifest["cache_key"] == expected["cache_key"]
    for name in TABLES:
        assert len(read_table(folder, name)) == manifest["row_counts"][name], name


@pytest.mark.parametrize("point, extra, survivor", [
    ("extract", ["--force"], "previous"),  # killed while computing (after the first batch was written)
    ("staged", [], "previous"),            # every new file staged, no commit marker yet
    ("renaming", [], "reference"),         # marker written, killed between two renames
])
def test_a_killed_run_leaves_a_consistent_output_and_the_next_run_recovers(corpus, tmp_path, point, extra,
                                                                           survivor):
    out = tmp_path / "out"
    shutil.copytree(corpus / "previous", out)
    kill_at(point, ["--input", corpus / "new", "--output", out, "--config", corpus / "small.toml", *extra], tmp_path)

    # A reader sees either the old output or, once a commit was marked, the new one: never a mix.
    assert_consistent(out, read_manifest(corpus / survivor))
    assert table_bytes(out) == table_bytes(corpus / survivor)

    run_cli("--input", corpus / "new", "--output", out)
    assert table_bytes(out) == table_bytes(corpus / "reference")
    assert not list(out.glob(f"{staging.STAGING_PREFIX}*"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["row_counts"] == read_manifest(corpus / "reference")["row_counts"]
    if point == "extract":  # the forced run's first batch, computed before the kill, is not computed again
        assert 0 < manifest["articles_reused"] < manifest["row_counts"]["articles"]
    else:  # the killed run had computed the new article already
        assert manifest["articles_processed"] == 0


@pytest.mark.parametrize("point, survivor", [("extract", "previous"), ("renaming", "reference")])
def test_a_killed_run_into_the_dataset_layout_leaves_one_whole_output(corpus, tmp_path, point, survivor):
    """The previous output is one file per table; the killed run writes folders of parts (by its worker)."""
    out = tmp_path / "out"
    shutil.copytree(corpus / "previous", out)
    kill_at(point, ["--input", corpus / "new", "--output", out, "--config", corpus / "small.toml", "--layout",
                    "dataset", "--force"], tmp_path)
    assert_consistent(out, read_manifest(corpus / survivor))
    for name in TABLES:
        assert read_table(out, name).equals(read_table(corpus / survivor, name)), name
        assert (out / f"{name}.parquet").is_dir() == (survivor == "reference")
    run_cli("--input", corpus / "new", "--output", out, "--layout", "dataset")
    for name in TABLES:
        assert read_table(out, name).equals(read_table(corpus / "reference", name)), name
    assert not list(out.glob(f"{staging.STAGING_PREFIX}*"))


def make_staging(out, files, committed):
    folder = out / f"{staging.STAGING_PREFIX}test"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    if committed:
        (folder / staging.COMMIT_MARKER).write_text(json.dumps({"files": list(files)}))
    return folder


def test_a_committed_staging_folder_is_rolled_forward_by_any_reader(tmp_path):
    (tmp_path / "a.txt").write_text("new a")  # moved before the crash
    (tmp_path / "b.txt").write_text("old b")
    folder = make_staging(tmp_path, {"a.txt": "new a", "b.txt": "new b"}, committed=True)
    (folder / "a.txt").unlink()
    assert read_manifest(tmp_path) is None  # any store reader finishes the commit first
    assert (tmp_path / "b.txt").read_text() == "new b" and not folder.exists()


def test_an_uncommitted_staging_folder_is_left_to_readers_and_discarded_by_the_next_run(tmp_path):
    (tmp_path / "a.txt").write_text("old a")
    folder = make_staging(tmp_path, {"a.txt": "half-written"}, committed=False)
    assert staging.recover(tmp_path) == 0 and folder.exists()  # it may belong to a run still going
    assert staging.recover(tmp_path, discard_uncommitted=True) == 1
    assert not folder.exists() and (tmp_path / "a.txt").read_text() == "old a"


def test_staged_files_replace_the_output_only_on_commit(tmp_path):
    (tmp_path / "t.parquet").write_text("old")
    stage = staging.Staging(tmp_path)
    stage.path("t.parquet").write_text("new")
    assert (tmp_path / "t.parquet").read_text() == "old"
    stage.commit(["t.parquet"])
    assert (tmp_path / "t.parquet").read_text() == "new" and not stage.folder.exists()


def test_two_runs_cannot_write_the_same_output(tmp_path):
    with staging.output_lock(tmp_path):
        with pytest.raises(staging.OutputBusyError):
            with staging.output_lock(tmp_path):
                pass
    with staging.output_lock(tmp_path):
        pass


def test_a_commit_that_fails_half_way_is_kept_for_recovery_not_discarded(tmp_path, monkeypatch):
    stage = staging.Staging(tmp_path)
    for name in ("a.txt", "b.txt"):
        stage.path(name).write_text(f"new {name}")
    real_replace, calls = os.replace, []

    def flaky_replace(source, target):
        calls.append(target)
        if len(calls) == 3:  # the marker, then a.txt, then b.txt fails
            raise OSError("disk trouble")
        real_replace(source, target)

    monkeypatch.setattr(staging.os, "replace", flaky_replace)
    with pytest.raises(OSError):
        stage.commit(["a.txt", "b.txt"])
    stage.discard()
    monkeypatch.setattr(staging.os, "replace", real_replace)
    assert staging.recover(tmp_path) == 1
    assert (tmp_path / "a.txt").read_text() == "new a.txt" and (tmp_path / "b.txt").read_text() == "new b.txt"
