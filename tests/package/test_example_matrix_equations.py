"""examples/matrix_equations.py runs and reports agreement of every route."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_matrix_equations_example_runs():
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / "matrix_equations.py")],
                          capture_output=True, text=True, timeout=120, cwd=str(ROOT),
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "all routes agree: True" in out, out
    assert "eig(A⊗B) = products: True" in out and "eig(A⊕B) = sums:     True" in out, out
    assert "A recovered up to scale: True" in out, out
