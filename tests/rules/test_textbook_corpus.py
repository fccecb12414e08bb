"""The textbook corpus (textbook_corpus.py): every kronsym result equals its textbook form
in value (simplified and as ks.grad/diff/hessian return it, at dims including 1 and
non-square), at least 95% of the simplified results are no larger than the textbook form,
and the examples of issue #17 come out exactly in textbook form."""
import numpy as np
import pytest
import sympy

import kronsym as ks
from kronsym.testing import random_values
from textbook_corpus import CORPUS, compute, tree_size, m, n, p, N_, lam

DIMSETS = [{m: 1, n: 1, p: 1}, {m: 3, n: 2, p: 4}, {m: 2, n: 3, p: 1}]
SCALARS = {N_: 5.0, lam: 0.7}
FN = {"grad": ks.grad, "diff": ks.diff, "hessian": ks.hessian}


@pytest.mark.parametrize("entry", CORPUS, ids=[e[0] for e in CORPUS])
def test_result_equals_textbook_form(entry):
    name, op, f, X, book = entry
    got, raw = compute(op, f, X), FN[op](f, X)
    assert got.shape == book.shape == raw.shape, name
    for k, dims in enumerate(DIMSETS):
        vals = random_values(f, dims, seed=k, extra=sorted(book.free_symbols, key=str))
        vals.update(SCALARS)
        want = ks.evaluate(book, vals)
        for e in (got, raw):
            np.testing.assert_allclose(ks.evaluate(e, vals), want, rtol=1e-8, atol=1e-8,
                                       err_msg=f"{name} at {dims}: {e} vs {book}")


def test_corpus_share_no_larger_than_textbook():
    assert len(CORPUS) >= 40
    small = [tree_size(compute(op, f, X)) <= tree_size(book) for _, op, f, X, book in CORPUS]
    assert sum(small) / len(small) >= 0.95, [e[0] for e, ok in zip(CORPUS, small) if not ok]


# the examples of issue #17, exactly as printed
mm, nn, pp = ks.dims("m n p")
X_ = ks.MatrixSymbol("X", mm, nn)
Xs = ks.MatrixSymbol("X", nn, nn)
EXAMPLES = [
    (lambda: ks.grad(ks.logdet(X_.T @ X_), X_), "2*(X @ inv(X.T @ X))"),
    (lambda: ks.grad(ks.log(ks.det(Xs)), Xs), "inv(X).T"),
    (lambda: ks.grad(ks.det(Xs @ Xs @ Xs), Xs), "3*(det(X)**3*inv(X).T)"),
    (lambda: ks.grad(ks.trace(ks.kron(ks.MatrixSymbol("A", pp, pp), Xs)), Xs), "tr(A)*I(n)"),
    (lambda: ks.simplify(ks.diff(ks.diag(ks.MatrixSymbol("x", nn, 1)) @ ks.MatrixSymbol("y", nn, 1),
                                 ks.MatrixSymbol("x", nn, 1))), "diag(y)"),
    (lambda: ks.simplify(ks.MatrixSymbol("y", mm, 1) - X_ @ ks.MatrixSymbol("b", nn, 1)),
     "y - (X @ b)"),
    (lambda: ks.simplify(ks.det(ks.MatrixSymbol("A", nn, nn)) * ks.det(Xs)
                         * ks.det(ks.MatrixSymbol("A", nn, nn)) * ks.det(ks.MatrixSymbol("A", nn, nn))),
     "det(A)**3*det(X)"),
    (lambda: ks.grad(-sympy.Rational(1, 2) * ks.logdet(ks.symmetric("S", nn))
                     - sympy.Rational(1, 2) * (ks.MatrixSymbol("u", nn, 1).T @ ks.inv(ks.symmetric("S", nn))
                                               @ ks.MatrixSymbol("u", nn, 1)), ks.symmetric("S", nn)),
     "(1/2)*(inv(S) @ u @ u.T @ inv(S) - inv(S))"),
    (lambda: ks.grad(ks.sum(ks.power(X_, 2)), X_), "2*X"),
]


@pytest.mark.parametrize("make,text", EXAMPLES, ids=[t for _, t in EXAMPLES])
def test_issue_17_examples(make, text):
    assert str(make()) == text


def test_gaussian_covariance_gradient_reads_as_in_the_textbook():
    S, C = ks.symmetric("S", nn), ks.symmetric("C", nn)
    N = sympy.Symbol("N", positive=True)
    g = ks.grad(-(N / 2) * ks.logdet(S) - sympy.Rational(1, 2) * ks.trace(ks.inv(S) @ C), S)
    assert ks.latex(g) == r"\frac{1}{2} (S^{-1} C S^{-1} - N S^{-1})"
