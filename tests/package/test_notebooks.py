"""The notebooks in notebooks/: paired with their jupytext sources, committed with
their outputs, and executing without errors.

* every ``notebooks/NN_name.ipynb`` has its jupytext percent-format source
  ``notebooks/NN_name.py`` (and the reverse), the pair is declared in the notebook's
  metadata (``jupytext.formats``), and both hold the same cells (kinds and sources;
  outputs are compared to nothing, since timing cells differ from run to run);
* the committed ``.ipynb`` carries the outputs of a full run (every code cell has an
  execution count, no cell shows an error), so GitHub and nbviewer show them;
* every notebook is executed with nbclient in a python3 kernel whose cwd is the
  repository root and whose PYTHONPATH starts with it, so the notebooks import the
  checkout under test; no cell may raise.

Skipped, with the reason, when jupytext / nbformat / nbclient / ipykernel are missing.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NB_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NB_DIR.glob("[0-9][0-9]_*.ipynb"))
SOURCES = sorted(NB_DIR.glob("[0-9][0-9]_*.py"))

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (pip install -e '.[test]')")
jupytext = pytest.importorskip("jupytext", reason="jupytext is not installed (pip install -e '.[test]')")


def _kernel_ready():
    try:
        import nbclient  # noqa: F401
        import ipykernel  # noqa: F401
        from jupyter_client.kernelspec import KernelSpecManager
    except ImportError as e:
        return f"{e.name} is not installed (pip install -e '.[test]')"
    try:
        KernelSpecManager().get_kernel_spec("python3")
    except Exception as e:  # NoSuchKernel
        return f"no python3 Jupyter kernel: {e}"
    return None


def _cells(nb):
    return [(c.cell_type, c.source.strip("\n")) for c in nb.cells]


def test_there_are_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert {"01_paper.ipynb", "02_vec_trick_matrix_equations.ipynb",
            "03_numeric_export.ipynb", "04_seed_extras.ipynb", "05_ml_losses.ipynb"} <= names


def test_every_notebook_has_its_jupytext_source():
    assert [p.stem for p in NOTEBOOKS] == [p.stem for p in SOURCES], \
        "each notebooks/NN_name.py needs its .ipynb and the reverse: run jupytext --sync"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_in_sync_with_its_source(path):
    nb = jupytext.read(str(path))
    assert nb.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent", \
        f"{path.name} is not paired with its .py (jupytext --set-formats ipynb,py:percent)"
    src = jupytext.read(str(path.with_suffix(".py")))
    assert _cells(nb) == _cells(src), \
        f"{path.name} and {path.stem}.py differ: edit the .py, then jupytext --sync {path.stem}.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_with_outputs(path):
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), \
        f"{path.name} is committed without its outputs: execute it (see notebooks/README.md)"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), \
        f"{path.name}: cells were not executed once, in order, from a fresh kernel"
    assert any(c.outputs for c in code), f"{path.name} shows no output at all"
    for c in code:
        for out in c.outputs:
            assert out.output_type != "error", f"{path.name} is committed with an error: {out.ename}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path, monkeypatch):
    reason = _kernel_ready()
    if reason:
        pytest.skip(reason)
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    # the kernel inherits this process's environment: make it import the checkout
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = jupytext.read(str(path.with_suffix(".py")))     # the source, as a reader edits it
    client = NotebookClient(nb, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(ROOT)}})
    try:
        client.execute()
    except CellExecutionError as e:
        pytest.fail(f"{path.name}: a cell raised\n{e}")
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name}: {out.get('ename')}: {out.get('evalue')}"
            if out.output_type == "stream" and out.name == "stderr":
                assert "Traceback" not in out.text, out.text
    # pictures are really shown (as PNG), not as "<Figure ...>" text
    if "ks.spy(" in "".join(c.source for c in nb.cells):
        assert any("image/png" in out.get("data", {}) for c in nb.cells if c.cell_type == "code"
                   for out in c.outputs), f"{path.name}: no figure was displayed as PNG"
    # the notebook really imported this checkout
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code.source.startswith("# Use the checkout")
