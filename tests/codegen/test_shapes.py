"""Shapes at the boundary of lambdified functions (issue #18, item 1): 1-D arguments
for n×1 symbols, 1-D / 0-d results, scipy.optimize taking kronsym's functions as they
are, errors naming the argument; the operator form as a scipy LinearOperator and the
forms a backend cannot give."""
from __future__ import annotations

import numpy as np
import pytest

import kronsym as ks

m, n = ks.dims("m n")
X = ks.MatrixSymbol("X", m, n)
w = ks.MatrixSymbol("w", n, 1)
y = ks.MatrixSymbol("y", m, 1)
z = X @ w
LOSS = ks.sum(ks.softplus(z)) - y.T @ z           # logistic regression, labels y in {0, 1}
GRAD = ks.grad(LOSS, w)
HESS = ks.hessian(LOSS, w)


def _data(rows=30, cols=3, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((rows, cols))
    b = (rng.random(rows) < 1 / (1 + np.exp(-a @ np.arange(1.0, cols + 1)))).astype(float)
    return a, b


def _hand(wv, a, b):
    t = a @ wv
    s = 1 / (1 + np.exp(-t))
    return np.sum(np.logaddexp(0, t)) - b @ t, a.T @ (s - b), a.T @ ((s * (1 - s))[:, None] * a)


@pytest.mark.parametrize("dims", [(1, 1), (5, 1), (4, 3), (2, 5)])
def test_flat_results_follow_flat_arguments(dims):
    rows, cols = dims
    a, b = _data(rows, cols, seed=rows + cols)
    wv = np.linspace(-0.5, 0.5, cols)
    F, G, H = (ks.lambdify([w, X, y], e) for e in (LOSS, GRAD, HESS))
    f0, g0, h0 = _hand(wv, a, b)
    # 1-D in: 1×1 comes back 0-d, a column 1-D (also when n = 1), a matrix stays 2-D
    assert F(wv, a, b).shape == ()
    assert G(wv, a, b).shape == (cols,)
    assert H(wv, a, b).shape == (cols, cols)
    np.testing.assert_allclose(F(wv, a, b), f0, rtol=1e-12)
    np.testing.assert_allclose(G(wv, a, b), g0, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(H(wv, a, b), h0, rtol=1e-12, atol=1e-14)
    # 2-D (n, 1) in: 2-D out, the same numbers
    assert F(wv[:, None], a, b[:, None]).shape == (1, 1)
    assert G(wv[:, None], a, b[:, None]).shape == (cols, 1)
    np.testing.assert_allclose(G(wv[:, None], a, b[:, None])[:, 0], G(wv, a, b))
    # any one n×1 argument given 1-D is enough
    assert G(wv[:, None], a, b).shape == (cols,)
    assert G(list(wv), a.tolist(), list(b)).shape == (cols,)


def test_column_outputs_of_matrix_arguments_stay_2d():
    f = ks.lambdify([X], X @ ks.ones(n))
    assert f(np.ones((3, 2))).shape == (3, 1)       # no n×1 argument given 1-D
    g = ks.lambdify([X, w], X.T @ X)                # a matrix result: never reshaped
    assert g(np.ones((3, 2)), np.ones(2)).shape == (2, 2)
    assert "flat" not in g.source                   # and no dead flag line


def test_scalar_argument_as_float():
    c = ks.MatrixSymbol("c", 1, 1)
    f = ks.lambdify([c, w], c * w)
    assert f(2.0, np.ones(3)).shape == (3,)
    assert f(2.0, np.ones((3, 1))).shape == (3,)     # c given 0-d counts as a flat argument
    assert f(np.full((1, 1), 2.0), np.ones((3, 1))).shape == (3, 1)


def test_scipy_minimize_takes_kronsym_functions():
    from scipy.optimize import minimize
    a, b = _data(60, 3, seed=4)
    F, G, H = (ks.lambdify([w, X, y], e) for e in (LOSS, GRAD, HESS))
    r = minimize(F, np.zeros(3), args=(a, b), jac=G, hess=H, method="trust-ncg")
    assert r.success
    ref = minimize(lambda v: _hand(v, a, b)[0], np.zeros(3), jac=lambda v: _hand(v, a, b)[1],
                   hess=lambda v: _hand(v, a, b)[2], method="trust-ncg")
    np.testing.assert_allclose(r.x, ref.x, rtol=1e-8, atol=1e-10)
    assert np.linalg.norm(G(r.x, a, b)) < 1e-4 * np.linalg.norm(G(np.zeros(3), a, b))
    r2 = minimize(F, np.zeros(3), args=(a, b), jac=G, method="BFGS")
    np.testing.assert_allclose(r2.x, ref.x, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_scipy_minimize_other_backends(backend):
    """jax (float64) and torch functions passed to scipy directly: scipy converts their
    0-d and 1-D arrays (jax needs x64 for scipy's float64 line searches)."""
    pytest.importorskip(backend)
    import contextlib
    from scipy.optimize import minimize
    a, b = _data(40, 3, seed=5)
    F, G, H = (ks.lambdify([w, X, y], e, backend=backend) for e in (LOSS, GRAD, HESS))
    ctx = contextlib.nullcontext()
    if backend == "jax":
        import jax
        ctx = jax.enable_x64(True)
    with ctx:
        assert tuple(F(np.zeros(3), a, b).shape) == () and tuple(G(np.zeros(3), a, b).shape) == (3,)
        r = minimize(F, np.zeros(3), args=(a, b), jac=G, hess=H, method="trust-ncg")
        r2 = minimize(F, np.zeros(3), args=(a, b), jac=G, method="BFGS")
    ref = minimize(lambda v: _hand(v, a, b)[0], np.zeros(3), jac=lambda v: _hand(v, a, b)[1],
                   hess=lambda v: _hand(v, a, b)[2], method="trust-ncg")
    np.testing.assert_allclose(r.x, ref.x, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(r2.x, ref.x, rtol=1e-4, atol=1e-5)


def test_wrong_length_vector_is_blamed_not_the_matrix():
    F = ks.lambdify([w, X, y], GRAD)
    a, b = _data(6, 3)
    with pytest.raises(ks.EvaluationError) as e:
        F(np.zeros(4), a, b)
    msg = str(e.value)
    assert "argument w is n×1" in msg and "(4,)" in msg and "n = 3 from the columns of X" in msg
    with pytest.raises(ks.EvaluationError, match=r"argument y is m×1.*\(5,\).*y must be 6×1"):
        F(np.zeros(3), a, b[:5])
    with pytest.raises(ks.EvaluationError, match=r"argument w is n×1.*\(3, 2\).*never guess|"
                                                 r"argument w is n×1.*\(3, 2\)"):
        F(np.zeros((3, 2)), a, b)                        # a batch of vectors is refused
    with pytest.raises(ks.EvaluationError, match=r"argument w .*\(2, 3, 1\).*batch axis"):
        F(np.zeros((2, 3, 1)), a, b)


def test_operator_form_is_a_linear_operator():
    from scipy.sparse.linalg import LinearOperator, gmres
    A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", n, m)
    rng = np.random.default_rng(2)
    for dm, dn in [(1, 1), (2, 3), (3, 2)]:
        a, b = rng.standard_normal((dm, dn)), rng.standard_normal((dn, dm))
        op = ks.lambdify([A, B], ks.kron(A, B), form="operator")(a, b)
        dense = np.kron(a, b)
        assert isinstance(op, LinearOperator) and op.shape == dense.shape
        assert op.dtype == np.float64
        assert repr(op) == f"<KronsymOperator {dm * dn}×{dn * dm}, float64: A ⊗ B>"
        v, u = rng.standard_normal(dn * dm), rng.standard_normal(dm * dn)
        np.testing.assert_allclose(op.matvec(v), dense @ v)
        np.testing.assert_allclose(op.rmatvec(u), dense.T @ u)
        np.testing.assert_allclose(op.matmat(np.eye(dn * dm)), dense)
        np.testing.assert_allclose(op.T.matvec(u), dense.T @ u)
        np.testing.assert_allclose((op.T @ op).matvec(v), dense.T @ dense @ v)
        np.testing.assert_allclose((2 * op + op).matvec(v), 3 * dense @ v)
        np.testing.assert_allclose(op.H.matvec(u), dense.T @ u)
    sq = ks.lambdify([A, B], ks.kron(A, B), form="operator")(np.eye(2) * 2, np.eye(2) + 0.5)
    rhs = np.arange(4.0)
    x, info = gmres(sq, rhs, atol=1e-12)
    assert info == 0 and np.allclose(np.kron(np.eye(2) * 2, np.eye(2) + 0.5) @ x, rhs)
    with pytest.raises(ValueError, match=r"operator is 4×4, so the argument needs 4 rows, got "
                                         r"an array of shape \(3,\)"):
        sq.matvec(np.ones(3))


def test_complex_operator_adjoint():
    A = ks.MatrixSymbol("A", m, n)
    a = np.array([[1 + 2j, 3], [0.5j, -1]])
    op = ks.lambdify([A], ks.kron(A, A), form="operator")(a)
    dense = np.kron(a, a)
    u = np.arange(4.0) + 1j
    assert op.dtype == np.complex128
    np.testing.assert_allclose(op.rmatvec(u), dense.conj().T @ u)
    np.testing.assert_allclose(op.T.matvec(u), dense.T @ u)


@pytest.mark.parametrize("backend", ["jax", "torch", "mpmath"])
@pytest.mark.parametrize("form", ["sparse", "operator"])
def test_forms_other_backends_cannot_give(backend, form):
    with pytest.raises(ValueError, match=rf"form='{form}', backend='{backend}'.*only "
                                         rf"backend='numpy'"):
        ks.lambdify([X], ks.kron(X, X), backend=backend, form=form)


@pytest.mark.parametrize("backend", ["numpy", "jax", "torch", "mpmath"])
def test_norm_gradient_at_zero_is_the_subgradient_zero(backend):
    """grad ‖w‖ = w/‖w‖ is 0 at w = 0 (a subgradient: 0 is in the unit ball), not nan;
    away from 0 it is the gradient (central differences)."""
    from kronsym.testing import backend_to_numpy
    g = ks.lambdify([w], ks.grad(ks.norm(w), w), backend)
    assert "norm_power" in g.source
    for dim in (1, 3):
        np.testing.assert_array_equal(np.asarray(backend_to_numpy(g(np.zeros(dim))), float),
                                      np.zeros(dim))
    x0 = np.array([3.0, -4.0, 1.0])
    h = 1e-6
    fd = [(np.linalg.norm(x0 + h * e) - np.linalg.norm(x0 - h * e)) / (2 * h) for e in np.eye(3)]
    np.testing.assert_allclose(np.asarray(backend_to_numpy(g(x0)), float), fd, rtol=1e-8)


def test_norm_guard_only_where_the_limit_or_a_subgradient_is_0():
    a = np.eye(2)
    g = ks.lambdify([w, X, y], ks.grad(ks.norm(X @ w - y), w))      # Xᵀ r / ‖r‖ at r = 0
    np.testing.assert_array_equal(g(np.ones(2), a, np.ones(2)), np.zeros(2))
    g2 = ks.lambdify([w], ks.grad(3 * ks.norm(w) + ks.norm(w) ** 2, w))
    np.testing.assert_array_equal(g2(np.zeros(2)), np.zeros(2))
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = ks.lambdify([w], ks.power(ks.norm(w), -1))                  # 1/‖w‖ alone: inf
        assert "norm_power" not in inv.source and np.isinf(inv(np.zeros(2)))
        H = ks.lambdify([w], ks.hessian(ks.norm(w), w))                  # undefined at 0
        assert np.isnan(H(np.zeros(2))).all()
    src = ks.codegen([w], ks.grad(ks.norm(w), w), standalone=True)
    ns: dict = {}
    exec(compile(src, "<standalone>", "exec"), ns)
    np.testing.assert_array_equal(ns["f"](np.zeros(3)), np.zeros(3))


def test_norm_guard_under_jax_grad():
    jax = pytest.importorskip("jax")
    with jax.enable_x64(True):
        g = ks.lambdify([w], ks.grad(ks.norm(w), w), "jax")
        J = jax.jacfwd(g)(jax.numpy.array([3.0, 4.0]))
        x = np.array([3.0, 4.0])
        np.testing.assert_allclose(np.asarray(J), (np.eye(2) - np.outer(x, x) / 25) / 5, rtol=1e-12)
