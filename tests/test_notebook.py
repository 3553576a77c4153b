"""The exploration notebook runs on the sample data, so it can never rot."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.runner import run
from pipeline.settings import load_settings
from tests.conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore_events.ipynb"


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    out = tmp_path_factory.mktemp("nb-run")
    run(load_settings(input_path=ROOT / "data" / "raw", output_dir=out))
    return out


def test_notebook_executes_and_plots(processed, monkeypatch):
    monkeypatch.setenv("NEWS_EVENTS_PROCESSED", str(processed))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the timeline produced no plot"
