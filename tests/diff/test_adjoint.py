"""kronsym.diff.adjoint: the gradient read off the differential in matrix form.

Every rule of ADJOINT and the vec-identification fallback, tested twice: the expected
tree for small cases, and numerically: vec(G) equals d f / d (vec X)ᵀ transposed (the
Jacobian of kronsym.diff.identify, an independent path) and central differences, at
dims including 1 and non-square."""
import numpy as np
import pytest

import kronsym as ks
from kronsym import nodes as N
from kronsym.diff.adjoint import ADJOINT, gradient_matrix
from kronsym.diff.jacobian import gradient_unsimplified
from kronsym.testing import random_values

m, n = ks.dims("m n")
X = ks.MatrixSymbol("X", m, n)
Xs = ks.MatrixSymbol("X", n, n)
A, B = ks.MatrixSymbol("A", n, m), ks.MatrixSymbol("B", m, n)
P = ks.MatrixSymbol("P", n, n)
a, b = ks.MatrixSymbol("a", m, 1), ks.MatrixSymbol("b", n, 1)
x = ks.MatrixSymbol("x", n, 1)
dX = ks.MatrixSymbol("dX", m, n)

CASES = [  # (f, variable): each line exercises the rules named
    (ks.trace(A @ X @ P), X),                                     # MatMul, Trace
    (a.T @ X @ b + 2 * ks.trace(A @ X) - 3 * (b.T @ X.T @ a), X),  # MatAdd, ScalarMul, Transpose
    (ks.trace(Xs) * ks.trace(P @ Xs), Xs),                         # Scale (both operands)
    (ks.sum(ks.hadamard(B, X, X)), X),                             # Hadamard, Sum
    (ks.sum(X, axis=0) @ b + a.T @ ks.sum(X, axis=1), X),          # Sum by axis
    (ks.vec(X).T @ ks.vec(B), X),                                  # Vec
    (ks.trace(A @ ks.unvec(ks.vec(X), m, n)), X),                  # Unvec
    (b.T @ ks.diag(x) @ x, x),                                     # Diag
    (b.T @ ks.diag(Xs @ Xs), Xs),                                  # DiagPart
    (ks.trace(ks.kron(P, Xs)), Xs),                                # Kron, weight c·I splits
    (ks.vec(ks.kron(B, X)).T @ ks.vec(ks.kron(B, B)), X),          # Kron, fallback
    (ks.sum(ks.khatri_rao(B, X)), X),                              # KhatriRao: fallback
    (ks.ones(n * (n + 1) / 2, 1).T @ ks.vech(Xs @ Xs), Xs),        # Vech: fallback
    (ks.logdet(Xs) + ks.det(Xs @ P), Xs),                          # det, logdet, inverse
    (ks.logsumexp(X @ b) + ks.norm2(X) + ks.sum(ks.tanh(X)), X),   # entrywise, norms
    (ks.trace(ks.matrix_power(Xs, 3)), Xs),                        # matrix power
]
DIMSETS = [{m: 1, n: 1}, {m: 2, n: 3}, {m: 3, n: 2}]


def test_every_linear_node_type_has_a_rule_or_falls_back():
    for t in (N.MatMul, N.MatAdd, N.ScalarMul, N.Transpose, N.Trace, N.Scale, N.Hadamard,
              N.Vec, N.Unvec, N.Diag, N.DiagPart, N.Sum, N.Kron):
        assert t in ADJOINT


def test_structure():
    C = ks.MatrixSymbol("C", m, m)
    Cmn = ks.MatrixSymbol("C", m, n)
    assert gradient_matrix(ks.trace(A @ dX), dX) == A.T
    assert gradient_matrix(ks.trace(P @ dX.T @ Cmn), dX) == N.Transpose(N.MatMul(P.T, Cmn.T))
    assert ks.simplify(gradient_matrix(ks.trace(P @ dX.T @ Cmn), dX)) == Cmn @ P
    assert gradient_matrix(ks.trace(C), dX) is None
    assert gradient_matrix(a.T @ dX @ b, dX) == N.MatMul(a, b.T)
    # a fallback: the Khatri–Rao product goes through the vec identification
    g = gradient_matrix(ks.sum(ks.khatri_rao(B, dX)), dX)
    assert isinstance(g, N.Unvec)


@pytest.mark.parametrize("k", range(len(CASES)))
def test_gradient_matches_jacobian_and_differences(k):
    f, V = CASES[k]
    G_raw = gradient_unsimplified(f, V)
    G = ks.grad(f, V)
    J = ks.diff(f, V)
    assert G.shape == V.shape == G_raw.shape
    for s, dims in enumerate(DIMSETS):
        vals = random_values(f, dims, seed=s)
        want = ks.evaluate(J, vals).reshape(-1)
        for g in (G_raw, G):
            got = ks.evaluate(ks.vec(g), vals).reshape(-1)
            np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-10, err_msg=f"{f} at {dims}")
        # central differences in one random direction
        E = np.random.default_rng(s).normal(size=vals[V].shape)
        h = 1e-6
        fp = ks.evaluate(f, {**vals, V: vals[V] + h * E})[0, 0]
        fm = ks.evaluate(f, {**vals, V: vals[V] - h * E})[0, 0]
        np.testing.assert_allclose((fp - fm) / (2 * h), np.sum(ks.evaluate(G, vals) * E),
                                   rtol=1e-5, atol=1e-6)
