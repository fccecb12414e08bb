"""The notebooks in notebooks/ execute without errors and match their builder.

* every ``notebooks/*.ipynb`` (glob) is executed with nbclient in a python3
  kernel whose cwd is the repository root and whose PYTHONPATH starts with it,
  so the notebooks import the checkout under test; no cell may raise;
* ``notebooks/build_notebooks.py`` regenerates exactly the committed files
  (they are generated, never edited by hand) and they carry no outputs.

Skipped, with the reason, when nbformat / nbclient / ipykernel are missing.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NB_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NB_DIR.glob("*.ipynb"))

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (pip install -e '.[test]')")


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


def test_there_are_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert {"01_paper.ipynb", "02_vec_trick_matrix_equations.ipynb",
            "03_numeric_export.ipynb", "04_seed_extras.ipynb"} <= names


def test_builder_regenerates_the_committed_notebooks(tmp_path):
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    r = subprocess.run([sys.executable, str(NB_DIR / "build_notebooks.py"), "--out", str(tmp_path)],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    built = sorted(p.name for p in tmp_path.glob("*.ipynb"))
    assert built == [p.name for p in NOTEBOOKS], \
        "notebooks/ and the builder disagree on the set of notebooks; run notebooks/build_notebooks.py"
    for name in built:
        assert (tmp_path / name).read_text(encoding="utf-8") == \
            (NB_DIR / name).read_text(encoding="utf-8"), \
            f"{name} differs from what build_notebooks.py generates; edit the cells_*.py and rebuild"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name} has outputs"


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
    nb = nbformat.read(str(path), as_version=4)
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
