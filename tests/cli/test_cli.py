"""The command line: every sub-command, formats, exit codes, errors; verify; spy."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import kronsym as ks
from kronsym.cli import main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_diff_text_and_steps(capsys):
    code, out, _ = run(capsys, "diff", "kron(A, B)", "--wrt", "A", "--let", "A=m,n", "--let", "B=p,q")
    assert code == 0 and out.strip() == "(I(n) ⊗ K(q, m) ⊗ I(p)) @ (I(m*n) ⊗ vec(B))"
    code, out, _ = run(capsys, "diff", "A.T @ A", "--wrt", "A", "--let", "A=m,n", "--steps")
    assert code == 0 and "differential" in out and "identify" in out


def test_diff_latex_steps_is_an_align_block(capsys):
    code, out, _ = run(capsys, "diff", "inv(X)", "--wrt", "X", "--let", "X=n,n", "--format", "latex",
                       "--steps")
    assert code == 0 and out.startswith("\\begin{align*}") and out.strip().endswith("\\end{align*}")
    assert "ᵀ" not in out and "⊗" not in out         # LaTeX-safe justifications


def test_diff_python_output_runs_and_is_right(capsys):
    code, out, _ = run(capsys, "diff", "inv(X)", "--wrt", "X", "--let", "X=n,n", "--format", "python")
    assert code == 0 and "kron" in out
    ns = {}
    exec(compile(out, "<generated>", "exec"), ns)  # our own generated source
    x = np.random.default_rng(1).normal(size=(3, 3)) + 3 * np.eye(3)
    xi = np.linalg.inv(x)
    np.testing.assert_allclose(ns["f"](x), -np.kron(xi.T, xi), rtol=1e-12)


def test_json_output(capsys):
    code, out, _ = run(capsys, "grad", "logdet(X)", "--wrt", "X", "--let", "X=n,n", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["result"] == "inv(X).T" and data["shape"] == ["n", "n"]
    assert data["latex"] == ks.latex(ks.inv(ks.MatrixSymbol("X", *ks.dims("n n"))).T)


def test_grad_hessian_simplify_latex(capsys):
    assert run(capsys, "grad", "tr(X.T @ A @ X)", "--wrt", "X", "--let", "X=n,p", "--let",
               "A=n,n")[1].strip() == "(A + A.T) @ X"
    code, out, _ = run(capsys, "hessian", "tr(X.T @ A @ X)", "--wrt", "X", "--let", "X=n,p",
                       "--let", "A=n,n")
    assert code == 0 and "I(p)" in out
    code, out, _ = run(capsys, "simplify", "(A ⊗ B) @ (C ⊗ D)", "--let", "A=m,n", "--let", "B=p,q",
                       "--let", "C=n,r", "--let", "D=q,s")
    assert code == 0 and out.strip() == "A @ C ⊗ B @ D" or out.strip() == "(A @ C) ⊗ (B @ D)"
    code, out, _ = run(capsys, "latex", "vec(kron(A, B).T)", "--let", "A=m,n", "--let", "B=p,q")
    assert out.strip() == "\\operatorname{vec}\\bigl((A \\otimes B)^{\\top}\\bigr)"


def test_verify_exit_codes(capsys):
    code, out, _ = run(capsys, "verify", "vec(A @ X @ B) == kron(B.T, A) @ vec(X)", "--let", "A=m,n",
                       "--let", "X=n,p", "--let", "B=p,q")
    assert code == 0 and out.startswith("holds")
    code, out, _ = run(capsys, "verify", "kron(A, B) == kron(B, A)", "--let", "A=m,n", "--let", "B=p,q")
    assert code == 1 and out.startswith("fails") and "counterexample dims" in out
    code, out, _ = run(capsys, "verify", "kron(A, I(2)) == A", "--let", "A=m,n")
    assert code == 1 and out.startswith("shapes never agree")
    code, out, _ = run(capsys, "verify", "A @ B == B @ A", "--let", "A=n,n", "--let", "B=n,n",
                       "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["verdict"] == "fails" and "A" in data["counterexample"]["values"]


@pytest.mark.parametrize("argv, words", [
    (["diff", "A @", "--wrt", "A", "--let", "A=m,n"], "column 4"),
    (["diff", "A", "--wrt", "B", "--let", "A=m,n"], "no matrix B is declared"),
    (["diff", "A @ B", "--wrt", "A", "--let", "A=m,n", "--let", "B=p,q"], "matrix product"),
    (["simplify", "A", "--let", "A"], "--let A: bad dim spec"),
    (["verify", "A", "--let", "A=m,n"], "needs '=='"),
    (["grad", "A", "--wrt", "A", "--let", "A=m,n"], "needs a scalar (1×1) expression"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_no_command_prints_help(capsys):
    code, out, _ = run(capsys)
    assert code == 2 and "examples:" in out


def test_spy_option_writes_a_png(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    target = tmp_path / "psi.png"
    code, _, err = run(capsys, "diff", "kron(A, B)", "--wrt", "A", "--let", "A=m,n", "--let", "B=p,q",
                       "--spy", str(target), "--at", "m=2,n=2,p=2,q=3")
    assert code == 0 and target.read_bytes()[:4] == b"\x89PNG" and "wrote" in err


def test_spy_function():
    pytest.importorskip("matplotlib")
    m, n = ks.dims("m n")
    fig = ks.spy(ks.K(m, n), {"m": 2, "n": 3})
    ax = fig.axes[0]
    assert "6 non-zeros" in ax.get_xlabel()          # a permutation matrix: one per row
    assert len(ax.lines) == (3 - 1) + (2 - 1)          # block lines: n-1 horizontal, m-1 vertical
    with pytest.raises(ValueError, match="not a dimension"):
        ks.spy(ks.K(m, n), {"p": 2})
    with pytest.raises(TypeError):
        ks.spy("K", {})


def test_console_script_and_module_entry_point():
    env = {**os.environ, "PYTHONPATH": ROOT}
    r = subprocess.run([sys.executable, "-m", "kronsym", "verify", "tr(A @ B) == tr(B @ A)",
                        "--let", "A=m,n", "--let", "B=n,m"], capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 0 and r.stdout.startswith("holds")
    r = subprocess.run([sys.executable, "-m", "kronsym", "diff", "(A", "--wrt", "A", "--let", "A=m,n"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_broken_pipe_is_quiet():
    env = {**os.environ, "PYTHONPATH": ROOT}
    r = subprocess.run(f'"{sys.executable}" -m kronsym paper | head -1', shell=True,
                       capture_output=True, text=True, env=env, timeout=300)
    assert "BrokenPipeError" not in r.stderr and "Traceback" not in r.stderr


def test_verify_function_returns_reason_and_counterexample():
    v = ks.verify("A @ B == B @ A", {"A": "n,n", "B": "n,n"})
    assert not v and v.verdict == "fails" and v.counterexample["dims"]
    ce = v.counterexample
    a_, b_ = ce["values"][v.lhs.children[0]], ce["values"][v.lhs.children[1]]
    assert not np.allclose(a_ @ b_, b_ @ a_)
    v = ks.verify("diff(A.T @ A, A) == kron(I(n), A.T) + K(n, n) @ kron(I(n), A.T)", {"A": "m,n"})
    assert v and v.method == "canonical"


def test_main_in_process_never_redirects_a_file_descriptor(monkeypatch):
    # issue 13 item 22: on a broken pipe, main() pointed sys.stdout's file descriptor at
    # /dev/null for good. Called in-process (tests, notebooks, programs) that silences
    # the caller: when it is pytest's own descriptor, the run ends at "[100%]" without its
    # "N passed" line. Only the console entry point (console_main) may do it.
    import stat
    r, w = os.pipe()
    os.close(r)                                   # the reader went away: writes fail
    out = os.fdopen(w, "w", buffering=1)          # line-buffered: print() writes at once
    monkeypatch.setattr(sys, "stdout", out)
    try:
        with pytest.raises(BrokenPipeError):
            main(["grad", "logdet(X)", "--wrt", "X", "--let", "X=n,n"])
        assert stat.S_ISFIFO(os.fstat(w).st_mode), "main() redirected its caller's stdout"
    finally:
        monkeypatch.undo()
        try:
            out.close()
        except BrokenPipeError:
            pass


def test_a_pytest_session_over_the_cli_tests_prints_its_summary(tmp_path):
    # issue 13 item 22: the summary line of a pytest run over the tests that run the
    # command line in-process (these tests and the cli doctests) is printed, also with
    # the "-q" people add (pyproject's addopts had "-q" too: -qq drops the summary)
    env = {**os.environ, "PYTHONPATH": ROOT}
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        "-k", "not a_pytest_session and not spy and not broken_pipe",
                        os.path.join(ROOT, "tests", "cli", "test_cli.py"),
                        os.path.join(ROOT, "kronsym", "cli.py")],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    last = r.stdout.strip().splitlines()[-1]
    assert " passed" in last and " in " in last, r.stdout[-2000:]
