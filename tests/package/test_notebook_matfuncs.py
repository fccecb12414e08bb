"""notebooks/06_matrix_functions.py (jupytext percent format) runs as a script without
errors and prints what its text claims (the expm Jacobian equals expm_frechet; the guessed
logm gradient is off; the identities' verdicts)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_matrix_functions_notebook_runs():
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "OPENBLAS_NUM_THREADS": "1"}
    r = subprocess.run([sys.executable, str(ROOT / "notebooks" / "06_matrix_functions.py")],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "expm_frechet_apply" in out and "expm_jacobian(X)" in out
    assert "log(AB) = log A + log B (false)        holds=False method=counterexample" in out
    assert "e^{C ⊕ X} = e^C ⊗ e^X                  holds=True  method=canonical" in out
    assert "log e^X = X (false past |Im λ| = π)    holds=False method=counterexample" in out
