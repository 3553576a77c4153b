"""Settings: overrides, and the worker count ("auto" = one process per usable CPU)."""

from __future__ import annotations

import os

import pytest

from pipeline.cli import main
from pipeline.settings import load_settings, worker_count


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


@pytest.mark.parametrize("value, expected", [
    (1, 1), (3, 3), ("2", 2), (" 4 ", 4), ("auto", None), ("AUTO", None),
])
def test_worker_count(value, expected):
    assert worker_count(value) == (expected if expected is not None else usable_cpus())


@pytest.mark.parametrize("value", [0, -1, "many", "", None])
def test_worker_count_rejects(value):
    with pytest.raises(ValueError, match="workers must be"):
        worker_count(value)


def test_workers_auto_from_a_config_file(tmp_path):
    config = tmp_path / "run.toml"
    config.write_text('[pipeline]\nworkers = "auto"\nbatch_size = 8\n', encoding="utf-8")
    settings = load_settings(config)
    assert (settings.workers, settings.batch_size) == (usable_cpus(), 8)
    assert load_settings(config, workers="1").workers == 1   # the command line wins


def test_cli_refuses_a_bad_worker_count(tmp_path, capsys):
    assert main(["run", "--workers", "none", "--output", str(tmp_path / "out")]) == 2
    assert "workers must be a positive number or 'auto'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
