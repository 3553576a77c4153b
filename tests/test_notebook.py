"""The exploration notebook runs on the sample data, so it can never rot.

The pipeline runs on `data/raw` into a temporary folder, `NEWS_EVENTS_PROCESSED` points the notebook at it, and
the notebook is executed top to bottom in a fresh `python3` kernel with `notebooks/` as working directory.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import nbclient  # noqa: E402  (test extras: never skipped, so the notebook cannot rot silently)
import nbformat  # noqa: E402

from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402

from pipeline.runner import run  # noqa: E402
from pipeline.settings import load_settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK = NOTEBOOKS / "explore_events.ipynb"
KERNEL = "python3"


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> Path:
    """A fresh pipeline run over the bundled sample articles."""
    out = tmp_path_factory.mktemp("notebook-run")
    run(load_settings(input_path=ROOT / "data" / "raw", output_dir=out))
    return out


@pytest.fixture
def python3_kernel(tmp_path, monkeypatch) -> str:
    """Make sure a `python3` kernel spec exists, without touching the user's Jupyter folders.

    ipykernel ships one in `<venv>/share/jupyter/kernels/python3`, which jupyter_client finds through
    `sys.prefix`.  If it is missing (e.g. ipykernel installed without its data files), write a spec for this very
    interpreter into a temporary folder and put that folder first on `JUPYTER_PATH`.
    """
    if KERNEL in KernelSpecManager().find_kernel_specs():
        return KERNEL
    from ipykernel.kernelspec import write_kernel_spec
    write_kernel_spec(tmp_path / "kernels" / KERNEL, overrides={"argv": [
        sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]})
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    assert KERNEL in KernelSpecManager().find_kernel_specs()
    return KERNEL


def test_notebook_is_stored_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert notebook.metadata.kernelspec.name == KERNEL
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


def test_notebook_executes_and_plots(processed, python3_kernel, monkeypatch):
    monkeypatch.setenv("NEWS_EVENTS_PROCESSED", str(processed))
    monkeypatch.setenv("MPLBACKEND", "Agg")  # the notebook must still render inline on a headless machine
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name=python3_kernel,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError on the first failing cell

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = [output for cell in code for output in cell.outputs if output.output_type == "error"]
    assert not errors
    assert str(processed) in _text(code[0]), "the notebook did not read NEWS_EVENTS_PROCESSED"
    timeline = [cell for cell in code if "timeline" in cell.metadata.get("tags", [])]
    assert len(timeline) == 1, "the timeline cell should carry the `timeline` tag"
    assert any("image/png" in output.get("data", {}) for output in timeline[0].outputs), \
        "the timeline cell produced no image"


def _text(cell) -> str:
    return "".join(str(output.get("data", {}).get("text/plain", output.get("text", ""))) for output in cell.outputs)
