"""The command line speaks its own terms (issue 17 item 6): no Python advice in its
messages, --assume to declare dims equal, bad --let specs named, did-you-mean for
sub-commands and functions, and a failed verify that names its two sides."""
import json

import numpy as np
import pytest

import kronsym as ks
from kronsym.cli import main
from kronsym.cli_messages import CLI_HINTS, cli_message
from kronsym.dims import dims_equal
from kronsym.errors import PYTHON_HINTS, hint, hints_of, with_hints

PYTHON_WORDS = ("ks.", "assume_equal", "shapes={", "scalars=[", "MatrixSymbol", "parse(")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# each: argv, a phrase the message must hold
BAD = [
    (["diff", "A @ B", "--wrt", "A", "--let", "A=m,n", "--let", "B=p,q"], "--assume n=p"),
    (["grad", "tr(A)", "--wrt", "A", "--let", "A=m,n"], "--assume m=n"),
    (["grad", "A", "--wrt", "A", "--let", "A=m,n"], "use kronsym diff"),
    (["hessian", "X", "--wrt", "X", "--let", "X=n,n"], "use kronsym diff"),
    (["simplify", "X ** 2", "--let", "X=m,n"], "power(X, k)"),
    (["simplify", "X ** 0.5", "--let", "X=n,n"], "power(X, p)"),
    (["diff", "A*B", "--wrt", "A", "--let", "A=m,n", "--let", "B=m,n"], "hadamard for"),
    (["diff", "A @ B", "--wrt", "A", "--let", "A=m,n"], "--let B=ROWS,COLS"),
    (["diff", "softmax(A)", "--wrt", "A", "--let", "A=m,n"], "--let x=n declares an n×1"),
    (["diff", "diag(A)", "--wrt", "A", "--let", "A=m,n"], "--assume m=n"),
    (["grad", "logdt(X)", "--wrt", "X", "--let", "X=n,n"], "did you mean logdet()"),
    (["grad", "trase(X)", "--wrt", "X", "--let", "X=n,n"], "did you mean trace()"),
    (["grad", "sum(x .^ 2)", "--wrt", "x", "--syntax", "matrixcalculus"], ""),
    (["grad", "lgo(x'*x)", "--wrt", "x", "--syntax", "matrixcalculus"], "did you mean log()"),
    (["diff", "A", "--wrt", "A", "--let", "A=n,"], "--let A=n,: bad dim spec"),
    (["diff", "A", "--wrt", "A", "--let", "A=,n"], "--let A=,n: bad dim spec (the rows are empty)"),
    (["diff", "A", "--wrt", "A", "--let", "A=m,n,q"], "--let A=m,n,q: bad dim spec"),
    (["diff", "A", "--wrt", "A", "--let", "A=m,n,sym,x"], "4 parts"),
    (["diff", "A", "--wrt", "A", "--let", "A=m,1.5"], "--let A=m,1.5: bad dim spec"),
    (["diff", "A", "--wrt", "A", "--let", "A=m,n+"], "--let A=m,n+: bad dim spec"),
    (["diff", "A", "--wrt", "A", "--let", "=m,n"], "no name before '='"),
    (["diff", "A", "--wrt", "A", "--let", "A=m,n", "--assume", "m"], "--assume m: write two dims"),
    (["diff", "A", "--wrt", "A", "--let", "A=m,n", "--assume", "m=1.5"], "--assume m=1.5"),
    (["verify", "A + B == B + A", "--let", "A=m,n", "--let", "B=n,m"], "--assume m=n"),
    (["simplify", "A", "--let", "A=m,n", "--let", "A=p,q"], "A is declared twice"),
    (["simplify", "A", "--let", "A=m,n", "--let", "m=3"], "m is also a dimension (--let A=m,n)"),
    (["verify", "A == A", "--let", "A=m,n", "--trials", "0"], "--trials 0"),
    (["simplify", "A'", "--let", "A=n,n"], "the transpose is A.T"),
    (["grad", "x.T @ x'", "--wrt", "x", "--let", "x=n"], "--syntax matrixcalculus"),
    (["simplify", "A.t", "--let", "A=n,n"], "capital T"),
    (["simplify", "A + 1", "--let", "A=m,n"], "'+' of the scalar 1 and the m×n matrix A"),
    (["simplify", "A + A - 2", "--let", "A=m,n"], "c * ones(m, n)"),
]


@pytest.mark.parametrize("argv, words", BAD, ids=[" ".join(a[:2]) for a, _ in BAD])
def test_messages_are_in_command_line_terms(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    text = out + err
    if argv[1] == "sum(x .^ 2)":          # a control: this one is fine
        assert code == 0
        return
    assert code == 2, text
    assert words in text, text
    assert not any(w in text for w in PYTHON_WORDS), text
    assert "Traceback" not in text and "assume_equal(1" not in text


def test_a_number_and_a_scalar_still_add(capsys):
    code, out, _ = run(capsys, "grad", "x.T @ x + 1", "--wrt", "x", "--let", "x=n")
    assert code == 0 and out.strip() == "2*x"


def test_python_keeps_its_python_advice():
    m, n = ks.dims("m n")
    with pytest.raises(ks.ShapeError, match=r"ks\.assume_equal\(n, m\)") as info:
        ks.MatrixSymbol("A", m, n) @ ks.MatrixSymbol("B", m, n)
    (h,) = hints_of(info.value)
    assert h == hint("assume_equal", "n", "m")
    assert cli_message(info.value).endswith("declare them equal with --assume n=m")
    with pytest.raises(ks.ShapeError) as info:     # the parser passes the hints on
        ks.parse("A @ B", {"A": "m,n", "B": "m,n"})
    assert "ks.assume_equal(n, m)" in str(info.value)
    assert "--assume n=m" in cli_message(info.value) and "ks." not in cli_message(info.value)
    with pytest.raises(ks.ParseError, match=r"c \* ks\.ones\(m, n\)"):
        ks.parse("A + 1", {"A": "m,n"})


def test_every_hint_kind_has_a_command_line_wording():
    assert set(CLI_HINTS) == set(PYTHON_HINTS)
    for kind in PYTHON_HINTS:
        h = hint(kind, "a", "b")
        e = with_hints(ValueError(f"something; {h.python()} (column 3)"), h)
        msg = cli_message(e)
        assert h.python() not in msg and msg.startswith("something; ") and "(column 3)" in msg
        assert "ks." not in msg
    with pytest.raises(KeyError, match="hint kind"):
        hint("no such kind")


def test_unknown_command_suggests_the_close_one(capsys):
    code, out, err = run(capsys, "difff", "A")
    assert code == 2 and "did you mean diff?" in err and "commands are: diff, grad" in err
    code, out, err = run(capsys, "frobnicate")
    assert code == 2 and "unknown command 'frobnicate'" in err and "did you mean" not in err


def test_assume_declares_dims_equal(capsys):
    code, out, _ = run(capsys, "diff", "A @ B", "--wrt", "A", "--let", "A=m,n", "--let", "B=p,q",
                       "--assume", "n=p", "--format", "json")
    assert code == 0
    J = ks.from_json(json.dumps(json.loads(out)["tree"]))
    m, n, p, q = ks.dims("m n p q")
    A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    with ks.assume_equal(n, p):                # the same Jacobian, checked numerically
        F = A @ B
        for dims in ({m: 1, n: 1, p: 1, q: 1}, {m: 2, n: 3, p: 3, q: 4}):
            assert ks.testing.check_jacobian(F, A, J=J, dims=dims, seed=1) < 1e-8
    code, out, _ = run(capsys, "verify", "A + B == B + A", "--let", "A=m,n", "--let", "B=n,m",
                       "--assume", "m=n")
    assert code == 0 and out.startswith("holds")
    code, out, _ = run(capsys, "verify", "A @ B == B @ A", "--let", "A=m,n", "--let", "B=n,m",
                       "--assume", "m=n")
    assert code == 1 and out.startswith("fails")
    code, out, _ = run(capsys, "grad", "tr(X)", "--wrt", "X", "--let", "X=m,n", "--assume", "m=n",
                       "--assume", "p=q")       # repeatable
    assert code == 0


def test_assume_a_product_of_dims():
    # an assumption between two products (n*p = m*q) is usable: the constructors accept it
    m, n, p, q = ks.dims("m n p q")
    A, B = ks.MatrixSymbol("A", m, n * p), ks.MatrixSymbol("B", q * m, n)
    with pytest.raises(ks.UndecidedShapeError, match=r"assume_equal\(n\*p, m\*q\)"):
        A @ B
    with ks.assume_equal(n * p, q * m):
        assert (A @ B).shape == (m, n)
        assert dims_equal(n, 2) is None and dims_equal(n * p, m * q) is True      # nothing more is decided than declared


def test_a_failed_verify_names_the_sides_and_the_entry(capsys):
    code, out, _ = run(capsys, "verify", "A @ B == B @ A", "--let", "A=n,n", "--let", "B=n,n",
                       "--format", "json")
    data = json.loads(out)
    reason = data["reason"]
    assert code == 1 and reason.startswith("A @ B ≠ B @ A at n = ")
    vals = {k: np.array(v, dtype=float) for k, v in data["counterexample"]["values"].items()}
    left, right = vals["A"] @ vals["B"], vals["B"] @ vals["A"]
    i, j = np.argwhere(left != right)[0]
    assert (f"entry ({i + 1}, {j + 1}) of A @ B is {left[i, j]:.6g}, of B @ A "
            f"{right[i, j]:.6g}") in reason
    code, out, _ = run(capsys, "verify", "tr(A @ B) == tr(A) * tr(B)", "--let", "A=n,n",
                       "--let", "B=n,n")
    assert code == 1 and out.startswith("fails: tr(A @ B) ≠ tr(A)*tr(B) at n = ")
    assert " is " in out.splitlines()[0] and "max difference" not in out


def test_help_speaks_of_assume(capsys):
    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    out, _ = capsys.readouterr()
    assert "--assume M=N" in out and "declare two dims equal" in out
