"""Short reprs and Jupyter's rich display of Verdict, Proof and Derivation (issue 17 item 7)."""
import pytest

import kronsym as ks

m, n, p, q = ks.dims("m n p q")
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
X, Y = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("Y", n, n)


def _one_line(r: str) -> None:
    assert "\n" not in r and len(r) <= 130 and r.startswith("<") and r.endswith(">"), r


def test_verdict_repr_and_display():
    holds = ks.verify("tr(X @ Y) == tr(Y @ X)", {"X": "n,n", "Y": "n,n"})
    fails = ks.verify("X @ Y == Y @ X", {"X": "n,n", "Y": "n,n"})
    never = ks.verify("kron(A, I(2)) == A", {"A": "m,n"})
    assert repr(holds) == "<Verdict holds: tr(X @ Y) == tr(Y @ X)>"
    assert repr(fails) == "<Verdict fails: X @ Y == Y @ X>"
    assert repr(never) == "<Verdict shapes never agree: kron(A, I(2)) == A>"
    for v in (holds, fails, never):
        _one_line(repr(v))
    lx, rx = ks.latex(fails.lhs), ks.latex(fails.rhs)
    assert fails._repr_latex_() == f"$${lx} \\neq {rx} \\qquad \\text{{(fails)}}$$"
    assert holds._repr_latex_().startswith(f"$${ks.latex(holds.lhs)} = {ks.latex(holds.rhs)} ")
    md = fails._repr_markdown_()
    assert md.startswith(f"**fails**: ${lx} \\neq {rx}$") and "counterexample at $n = " in md
    assert holds._repr_markdown_().startswith("**holds**: $") and "proved" in holds._repr_markdown_()
    # a side that could not be built shows as code, with the reason
    assert never._repr_markdown_().startswith("**shapes never agree**: $A \\otimes I_{2} \\neq A$")
    unbuilt = ks.verify("inv(A) == A", {"A": "2,3"})
    md = unbuilt._repr_markdown_()
    assert md.startswith("**shapes never agree**: `inv(A) == A`") and "cannot be built" in md
    assert unbuilt._repr_latex_() == "$$\\text{(shapes never agree)}$$"
    undecided = ks.verify("A + B == B + A", {"A": "m,n", "B": "p,n"})
    assert undecided.verdict == "shapes undecided" and repr(undecided).startswith("<Verdict shapes")


def test_a_long_claim_is_cut_in_the_repr():
    claim = " + ".join(["X"] * 40) + " == " + "40 * X"
    r = repr(ks.verify(claim, {"X": "n,n"}))
    _one_line(r)
    assert r.startswith("<Verdict holds: X + X") and "…" in r


def test_proof_repr_and_markdown():
    yes = ks.prove(ks.kron(A, B).T, ks.kron(A.T, B.T))
    no = ks.prove(X @ Y, Y @ X)
    ev = ks.prove(2 * ks.logdet(X), ks.logdet(X @ X))
    assert repr(yes) == "<Proof holds (canonical)>"
    assert repr(no).startswith("<Proof fails (counterexample) at n = ")
    assert repr(ev) == "<Proof holds (high-precision)>"
    for r in (yes, no, ev):
        _one_line(repr(r))
    assert yes._repr_markdown_() == "**holds** (proved: both sides have the same canonical form)"
    assert no._repr_markdown_().startswith("**fails**: the sides differ at n = ")
    assert "not a symbolic proof" in ev._repr_markdown_()
    assert no.holds is False and "Proof(" not in repr(no)


def test_derivation_repr_and_markdown():
    d = ks.derive(A.T @ A, A)
    r = repr(d)
    _one_line(r)
    assert r.startswith("<Derivation d vec(A.T @ A) / d vec(A)ᵀ = ") and "(4 steps)>" in r
    assert d._repr_latex_() == d.latex() and d.latex().startswith("\\begin{align*}")
    md = d._repr_markdown_()
    body = md.split("$$")[1]
    assert md.count("$$") == 2 and body.strip().startswith("\\begin{aligned}")
    assert body.strip().endswith("\\end{aligned}") and "align*" not in md
    # the same lines as .latex(), only the environment differs
    inner = d.latex().strip().split("\n")[1:-1]
    assert body.strip().split("\n")[1:-1] == inner


def test_ipython_picks_the_rich_formats():
    IPython = pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    fmt = InteractiveShell.instance().display_formatter
    for obj, kinds in ((ks.verify("X @ Y == Y @ X", {"X": "n,n", "Y": "n,n"}),
                        {"text/plain", "text/latex", "text/markdown"}),
                       (ks.prove(X, X), {"text/plain", "text/markdown"}),
                       (ks.derive(ks.inv(X), X), {"text/plain", "text/latex", "text/markdown"})):
        data, _ = fmt.format(obj)
        assert kinds <= set(data), (type(obj).__name__, set(data))
        assert data["text/plain"] == repr(obj)
    assert IPython.__version__
