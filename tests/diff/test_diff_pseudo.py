"""Derivatives of the pseudo-inverse family (MN3 ch. 8), each tested two ways: the
expected expression (structure) and numerically (central differences or complex step of
the dense value), at several dims including 1 and non-square."""
import numpy as np
import pytest

import kronsym as ks
from kronsym.testing import check_jacobian, numerical_jacobian

RNG = np.random.default_rng(11)


def _fd(F, X, vals):
    return numerical_jacobian(F, X, vals, method="central")


# --- pinv: MN3's three-term formula on the set of constant rank --------------------------
def test_pinv_differential_is_the_three_term_formula():
    m, n = ks.dims("m n")
    X, dX = ks.MatrixSymbol("X", m, n), ks.MatrixSymbol("dX", m, n)
    from kronsym.diff.differential import differential
    P = ks.pinv(X)
    want = (-(P @ dX @ P) + P @ P.T @ dX.T @ (ks.I(m) - X @ P)
            + (ks.I(n) - P @ X) @ dX.T @ P.T @ P)
    got = differential(P, X, dX)
    assert ks.simplify(got) is ks.simplify(want)


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (1, 1), (4, 1), (2, 2)])
def test_pinv_jacobian_full_rank_matches_finite_differences(shape):
    X = ks.MatrixSymbol("X", *shape)
    x = RNG.normal(size=shape)
    J = ks.evaluate(ks.diff(ks.pinv(X), X), {X: x})
    np.testing.assert_allclose(J, _fd(ks.pinv(X), X, {X: x}), atol=1e-7)
    check_jacobian(ks.pinv(X), X, ks.diff(ks.pinv(X), X), values={X: x})   # complex step


def test_pinv_jacobian_rank_2_within_rank_2():
    """X = B C (5×3, rank 2), perturbed within rank 2 by perturbing B (5×2) and C (2×3): the
    chain rule through D pinv X, evaluated at the rank-deficient X, matches differences."""
    B, C = ks.MatrixSymbol("B", 5, 2), ks.MatrixSymbol("C", 2, 3)
    vals = {B: RNG.normal(size=(5, 2)), C: RNG.normal(size=(2, 3))}
    F = ks.pinv(B @ C)
    assert np.linalg.matrix_rank(vals[B] @ vals[C]) == 2
    for W in (B, C):
        J = ks.evaluate(ks.diff(F, W), vals)
        fd = _fd(F, W, vals)
        assert np.max(np.abs(fd)) > 0.1
        np.testing.assert_allclose(J, fd, atol=1e-6)
    # and the Jacobian of pinv at that X itself, applied to a direction tangent to rank 2
    X = ks.MatrixSymbol("X", 5, 3)
    x = vals[B] @ vals[C]
    db, dc = RNG.normal(size=(5, 2)), RNG.normal(size=(2, 3))
    E = db @ vals[C] + vals[B] @ dc
    h = 1e-6
    curve = [np.linalg.pinv((vals[B] + t * db) @ (vals[C] + t * dc)) for t in (h, -h)]
    fd = ((curve[0] - curve[1]) / (2 * h)).reshape(-1, 1, order="F")
    JX = ks.evaluate(ks.diff(ks.pinv(X), X), {X: x})
    np.testing.assert_allclose(JX @ E.reshape(-1, 1, order="F"), fd, atol=1e-6)


# --- adj ---------------------------------------------------------------------------------
def test_adj_differential_structure_and_numbers():
    n, = ks.dims("n")
    X, dX = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("dX", n, n)
    from kronsym.diff.differential import differential
    got = differential(ks.adj(X), X, dX)
    want = ks.trace(ks.adj(X) @ dX) * ks.inv(X) - ks.inv(X) @ dX @ ks.adj(X)
    assert ks.simplify(got) is ks.simplify(want)
    for k in (1, 2, 4):
        Y = ks.MatrixSymbol("Y", k, k)
        y = RNG.normal(size=(k, k))
        J = ks.evaluate(ks.diff(ks.adj(Y), Y), {Y: y})
        np.testing.assert_allclose(J, _fd(ks.adj(Y), Y, {Y: y}), atol=1e-6)


# --- eigvalsh, eigvecsh ---------------------------------------------------------------------
def test_eigvalsh_gradient_of_c_lambda_is_u_diag_c_ut():
    n, = ks.dims("n")
    S, c = ks.MatrixSymbol("S", n, n), ks.MatrixSymbol("c", n, 1)
    g = ks.grad(c.T @ ks.eigvalsh(S), S)
    U = ks.eigvecsh(S)
    assert ks.simplify(g) is ks.simplify(U @ ks.diag(c) @ U.T)          # the structure
    for k in (1, 3, 5):
        s, cv = RNG.normal(size=(k, k)), RNG.normal(size=(k, 1))
        s = s + s.T
        w, u = np.linalg.eigh(s)
        got = ks.evaluate(g, {S: s, c: cv, n: k})
        np.testing.assert_allclose(got, u @ np.diag(cv[:, 0]) @ u.T, atol=1e-12)


def test_eigvalsh_jacobian_rows_are_ui_kron_ui_with_duplication_for_symmetric():
    k = 4
    S = ks.symmetric("S", k)
    J = ks.diff(ks.eigvalsh(S), S)
    s = RNG.normal(size=(k, k))
    s = s + s.T
    _, u = np.linalg.eigh(s)
    from kronsym.halfvec import duplication_matrix
    want = np.stack([np.kron(u[:, i], u[:, i]) for i in range(k)]) @ duplication_matrix(k)
    np.testing.assert_allclose(ks.evaluate(J, {S: s}), want, atol=1e-12)
    np.testing.assert_allclose(ks.evaluate(J, {S: s}), _fd(ks.eigvalsh(S), S, {S: s}), atol=1e-7)


@pytest.mark.parametrize("k", [1, 2, 4])
def test_eigvecsh_jacobian_matches_differences(k):
    S = ks.MatrixSymbol("S", k, k)
    s = RNG.normal(size=(k, k))
    J = ks.diff(ks.eigvecsh(S), S)
    np.testing.assert_allclose(ks.evaluate(J, {S: s}), _fd(ks.eigvecsh(S), S, {S: s}), atol=1e-6)


def test_eigvalsh_derivative_at_a_repeated_eigenvalue_is_an_error_not_nan():
    S = ks.MatrixSymbol("S", 3, 3)
    J = ks.diff(ks.eigvalsh(S), S)
    with pytest.raises(ks.EvaluationError, match="multiplicity 2"):
        ks.evaluate(J, {S: np.diag([2.0, 2.0, 5.0])})
    f = ks.lambdify([S], J)
    with pytest.raises(np.linalg.LinAlgError, match="multiplicity 2"):
        f(np.diag([2.0, 2.0, 5.0]))


# --- nuclear norm ----------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (3, 3), (1, 1), (1, 4)])
def test_nuclear_norm_gradient_is_u_vt(shape):
    X = ks.MatrixSymbol("X", *shape)
    g = ks.grad(ks.nuclear_norm(X), X)
    if shape[0] > 1:   # a 1×n X gives unvec(polar(X)ᵀ, 1, n), the same matrix
        assert g is ks.polar(X)
    x = RNG.normal(size=shape)
    u, _, vt = np.linalg.svd(x, full_matrices=False)
    np.testing.assert_allclose(ks.evaluate(g, {X: x}), u @ vt, atol=1e-12)
    fd = _fd(ks.nuclear_norm(X), X, {X: x}).reshape(shape, order="F")
    np.testing.assert_allclose(u @ vt, fd, atol=1e-7)
    H = ks.hessian(ks.nuclear_norm(X), X)       # through polar's eigen-structure
    np.testing.assert_allclose(ks.evaluate(H, {X: x}), _fd(g, X, {X: x}), atol=1e-6)
