"""Every script in examples/ runs: exit code 0 and its key output lines.

Each ``examples/*.py`` (found by glob, so a new example is picked up without
editing this file) is run in a subprocess with PYTHONPATH = the repository root
(the checkout under test, never an installed kronsym), cwd = a temporary
directory, and the Agg matplotlib backend. ``ARGS`` gives small sizes where a
script takes them; ``EXPECT`` lists lines a script must print (a script not
listed must still exit 0 and print something).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))

ARGS = {
    "gaussian_mle.py": ["2", "60"],
    "kron_least_squares.py": ["3", "6"],
}

EXPECT = {
    "derive_identity.py": [
        "result (text):  ((X.T @ A.T) ⊗ I(n)) @ K(n, n) + I(n) ⊗ (X.T @ A)",
        "result (text):  (I(n) ⊗ K(q, m) ⊗ I(p)) @ (I(m*n) ⊗ vec(B))",
        "\\begin{align*}",
        "numeric check at n=3: OK",
        "  -> holds: proved",
        "  -> fails: vec(A @ X @ B) ≠ (B ⊗ A.T) @ vec(X) at n = ",
        "  -> shapes undecided",
        "  -> shapes never agree",
    ],
    "latex_for_paper.py": ["5 align* blocks"],
    "gaussian_mle.py": ["matches the closed form μ̂ = x̄, Σ̂ = S/N", "(converged)"],
    "logistic_regression_scipy.py": [
        "gradient:  X.T @ (sigmoid(X @ w) - y)",
        "gradient and Hessian proved equal to the textbook forms (ks.equals)",
        "scipy trust-ncg: Optimization terminated successfully. after",
        "gradient at the optimum is ~0",
        "matches a plain-numpy Newton fit",
    ],
    "kron_least_squares.py": [
        "vec trick (A⁺ ⊗ B⁺) vec C = vec(B⁺ C A⁺ᵀ): proved",
        "structured and dense solutions agree",
    ],
}


def run_example(path: Path, args, cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, str(path), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_examples_exist():
    names = {p.name for p in EXAMPLES}
    assert set(EXPECT) <= names, f"missing examples: {set(EXPECT) - names}"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(path, tmp_path):
    args = list(ARGS.get(path.name, []))
    if path.name == "latex_for_paper.py":
        args = [str(tmp_path / "out" / "paper.tex")]
    r = run_example(path, args, tmp_path)
    assert r.returncode == 0, f"{path.name} exited {r.returncode}\n{r.stdout}\n{r.stderr}"
    assert r.stdout.strip(), f"{path.name} printed nothing"
    with open(path, encoding="utf-8") as fh:
        head = fh.read(4000)
    assert head.lstrip().startswith('"""'), f"{path.name} needs a module docstring"
    if path.name in EXPECT:        # ours say how to run them on a "Run:" line
        assert "Run:" in head.split('"""')[1], f"{path.name}: the docstring lacks a Run: line"
    for line in EXPECT.get(path.name, []):
        assert line in r.stdout, f"{path.name}: expected {line!r} in the output\n{r.stdout}"


def test_latex_for_paper_writes_a_document(tmp_path):
    out = tmp_path / "doc.tex"
    r = run_example(ROOT / "examples" / "latex_for_paper.py", [str(out)], tmp_path)
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\\documentclass") and text.rstrip().endswith("\\end{document}")
    assert "\\usepackage{amsmath" in text
    assert text.count("\\begin{align*}") == text.count("\\end{align*}") == 5
    assert text.count("{") == text.count("}")
    assert text.count("\\left") == text.count("\\right")
    assert text.count("l(") == text.count("r)")        # \\bigl( ... \\bigr) pairs
    # Theorem 4.1's result, as kronsym prints it
    assert ("(I_{n} \\otimes K_{q,m} \\otimes I_{p}) "
            "\\bigl(I_{mn} \\otimes \\operatorname{vec}(B)\\bigr)") in text
    assert "landscape" not in text and "margin=1in" in text
    assert ("skipped compiling" in r.stdout) or ("compiled:" in r.stdout)


def test_gaussian_mle_newton_matches_closed_form():
    """The Newton solver itself (imported), on data far from the start point."""
    import numpy as np
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        import gaussian_mle as g
    finally:
        sys.path.pop(0)
    _, funcs = g.build()
    rng = np.random.default_rng(3)
    x = 5.0 + 0.3 * rng.normal(size=(3, 40))          # small variance: Σ0 = I is not concave
    mu, Sigma, _ = g.newton(funcs, x, np.zeros((3, 1)), np.eye(3), out=lambda *a: None)
    xbar = x.mean(axis=1, keepdims=True)
    S = (x - xbar) @ (x - xbar).T
    assert np.allclose(mu, xbar, atol=1e-9)
    assert np.allclose(Sigma, S / 40, rtol=1e-7, atol=1e-10)
