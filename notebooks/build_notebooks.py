"""Build the kronsym notebooks (notebooks/*.ipynb) from the cell sources below.

The notebooks are generated, not edited by hand, so that they can be reviewed
as code and cannot drift: ``tests/package/test_notebooks.py`` rebuilds them and checks
that the committed files are identical, then executes every notebook.
Notebooks are written without outputs, with fixed cell ids (deterministic).

Run (from the repository root):  python notebooks/build_notebooks.py [--out DIR]
"""
from __future__ import annotations

import argparse
import os
import sys
import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True      # no __pycache__ in notebooks/
# the cell sources, one module per notebook (edit those, then rebuild)
import cells_01_paper  # noqa: E402
import cells_02_vec_trick_matrix_equations  # noqa: E402
import cells_03_numeric_export  # noqa: E402
import cells_04_seed_extras  # noqa: E402
import cells_05_ml_losses  # noqa: E402

NOTEBOOKS = {
    "01_paper.ipynb": cells_01_paper.CELLS,
    "02_vec_trick_matrix_equations.ipynb": cells_02_vec_trick_matrix_equations.CELLS,
    "03_numeric_export.ipynb": cells_03_numeric_export.CELLS,
    "04_seed_extras.ipynb": cells_04_seed_extras.CELLS,
    "05_ml_losses.ipynb": cells_05_ml_losses.CELLS,
}


def make_notebook(cells) -> nbformat.NotebookNode:
    """A notebook from [(kind, source)] with kind "md" or "code"; ids are fixed."""
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, (kind, src) in enumerate(cells):
        src = textwrap.dedent(src).strip("\n")
        cell = new_markdown_cell(src) if kind == "md" else new_code_cell(src)
        cell.id = f"cell-{i:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render(cells) -> str:
    """The .ipynb text of a notebook (what is written to disk)."""
    return nbformat.writes(make_notebook(cells)) + "\n"


def build(out_dir: Path = HERE) -> list:
    """Write every notebook into ``out_dir``; returns the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, cells in NOTEBOOKS.items():
        path = out_dir / name
        path.write_text(render(cells), encoding="utf-8")
        written.append(path)
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(HERE), help="output folder (default: notebooks/)")
    args = ap.parse_args(argv)
    for path in build(Path(args.out)):
        print(f"wrote {os.path.relpath(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
