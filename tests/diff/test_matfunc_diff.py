"""Derivatives of expm, logm, sqrtm (kronsym/diff/matfuncs.py): the expected expressions,
the Jacobian against scipy.linalg.expm_frechet, trace gradients against central
differences on SPD matrices, and the guessed logm gradient Bᵀ A⁻¹ shown wrong."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg as sl

import kronsym as ks
from kronsym import nodes as N
from kronsym.testing import backend_to_numpy, check_jacobian

m, n = ks.dims("m n")
X = ks.MatrixSymbol("X", n, n)
B = ks.MatrixSymbol("B", n, n)
E = ks.MatrixSymbol("E", n, n)
P = ks.MatrixSymbol("P", m, n)
Q = ks.MatrixSymbol("Q", n, m)
RNG = np.random.default_rng(1616)


def _spd(k, sym=True):
    a = RNG.normal(size=(k, k))
    s = a @ a.T + np.eye(k)
    return s if sym else s + 0.3 * RNG.normal(size=(k, k))   # no eigenvalue on (−∞, 0]


def _vec(a):
    return a.reshape(-1, 1, order="F")


def _central_grad(f, x, h=1e-6):
    g = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        d = np.zeros_like(x)
        d[idx] = h
        g[idx] = (f(x + d) - f(x - d)) / (2 * h)
    return g


def test_expected_expressions():
    assert str(ks.diff(ks.expm(X), X)) == "expm_jacobian(X)"
    assert str(ks.diff(ks.logm(X), X)) == "logm_jacobian(X)"
    assert str(ks.diff(ks.trace(B.T @ ks.logm(X)), X)) == "vec(B).T @ logm_jacobian(X)"
    # the gradient is one Jacobian applied to a vector: J_f(X)ᵀ = J_f(Xᵀ)
    assert str(ks.grad(ks.trace(B.T @ ks.logm(X)), X)) == "unvec(logm_jacobian(X.T) @ vec(B), n, n)"
    # trace gradients close: d tr f(X) = tr(f′(X) dX)
    assert str(ks.grad(ks.trace(ks.expm(X)), X)) == "expm(X).T"
    assert str(ks.grad(ks.trace(ks.logm(X)), X)) == "inv(X).T"
    assert str(ks.grad(ks.trace(ks.sqrtm(X)), X)) == "(1/2)*inv(sqrtm(X)).T"
    J = ks.diff(ks.expm(2 * X), X)
    assert str(J) == "2*expm_jacobian(2*X)"


@pytest.mark.parametrize("k", [1, 2, 4, 7])
def test_expm_jacobian_times_vec_e_is_expm_frechet(k):
    x, e = RNG.normal(size=(k, k)), RNG.normal(size=(k, k))
    want = _vec(sl.expm_frechet(x, e, compute_expm=False))
    J = ks.diff(ks.expm(X), X)
    dense = ks.evaluate(J, {X: x})                              # the n²×n² matrix (small n)
    np.testing.assert_allclose(dense @ _vec(e), want, rtol=0, atol=1e-10 * max(1, abs(want).max()))
    jvp = ks.lambdify([X, E], J @ ks.vec(E))                     # applied, never formed
    np.testing.assert_allclose(jvp(x, e), want, rtol=0, atol=1e-10 * max(1, abs(want).max()))
    # J = ∫₀¹ e^{(1−s)Xᵀ} ⊗ e^{sX} ds (Gauss–Legendre, 30 points)
    s, w = np.polynomial.legendre.leggauss(30)
    s, w = (s + 1) / 2, w / 2
    integral = sum(wi * np.kron(sl.expm((1 - si) * x.T), sl.expm(si * x)) for si, wi in zip(s, w))
    np.testing.assert_allclose(dense, integral, atol=1e-10 * max(1, abs(integral).max()))


def test_the_jvp_never_forms_the_jacobian():
    J = ks.diff(ks.expm(X), X)
    src = ks.codegen([X, E], J @ ks.vec(E), backend="numpy")
    assert "expm_frechet_apply" in src and "expm_jacobian" not in src and "kron" not in src
    g = ks.grad(ks.trace(B.T @ ks.logm(X)), X)
    src = ks.codegen([X, B], g, backend="numpy")
    assert "logm_frechet_apply" in src and "_jacobian" not in src and "inv" not in src
    # a scalar's derivative vec(B)ᵀ J_f(X) (a row) is one Fréchet derivative at Xᵀ as well
    D = ks.diff(ks.trace(B.T @ ks.sqrtm(X)), X)
    src = ks.codegen([X, B], D, backend="numpy")
    assert "sqrtm_frechet_apply" in src and "_jacobian" not in src
    x, b = _spd(3, sym=False), RNG.normal(size=(3, 3))
    np.testing.assert_allclose(ks.lambdify([X, B], D)(x, b), ks.evaluate(D, {X: x, B: b}),
                               atol=1e-10)


@pytest.mark.parametrize("func, ref", [("logm", sl.logm), ("sqrtm", sl.sqrtm)])
@pytest.mark.parametrize("k, sym", [(1, True), (4, True), (3, False)])
def test_trace_gradients_match_central_differences(func, ref, k, sym):
    f = getattr(ks, func)
    x, b = _spd(k, sym), RNG.normal(size=(k, k))
    g = ks.lambdify([X, B], ks.grad(ks.trace(B.T @ f(X)), X))(x, b)
    fd = _central_grad(lambda y: np.trace(b.T @ np.real(ref(y))), x)
    np.testing.assert_allclose(g, fd, atol=1e-7 * max(1, abs(fd).max()))
    ge = ks.evaluate(ks.grad(ks.trace(B.T @ f(X)), X), {X: x, B: b})    # the dense oracle agrees
    np.testing.assert_allclose(ge, g, atol=1e-10 * max(1, abs(g).max()))


def test_guessed_logm_gradient_is_wrong_and_the_jacobian_right():
    """The issue's example: for tr(Bᵀ logm A) at n = 4 the guessed gradient Bᵀ A⁻¹ is off."""
    k = 4
    a, b = _spd(k), RNG.normal(size=(k, k))
    fd = _central_grad(lambda y: np.trace(b.T @ sl.logm(y).real), a)
    right = ks.lambdify([X, B], ks.grad(ks.trace(B.T @ ks.logm(X)), X))(a, b)
    guessed = b.T @ np.linalg.inv(a)
    assert np.abs(right - fd).max() < 1e-7
    assert np.abs(guessed - fd).max() > 1e-2
    # Daleckii–Krein, U (F ∘ Uᵀ B U) Uᵀ with F the divided differences of log, is the same
    lam, U = np.linalg.eigh(a)
    d = lam[:, None] - lam[None, :]
    F = np.where(np.abs(d) > 1e-12, (np.log(lam)[:, None] - np.log(lam)[None, :]) / np.where(
        d == 0, 1, d), 1 / lam[:, None])
    np.testing.assert_allclose(U @ (F * (U.T @ b @ U)) @ U.T, right, atol=1e-10)


@pytest.mark.parametrize("func", ["expm", "logm", "sqrtm"])
def test_jacobian_transpose_is_the_jacobian_at_the_transpose(func):
    x = _spd(3, sym=False)
    J = ks.evaluate(N.MatFuncJacobian(X, func), {X: x})
    Jt = ks.evaluate(N.MatFuncJacobian(X.T, func), {X: x})
    np.testing.assert_allclose(J.T, Jt, atol=1e-9 * abs(J).max())


@pytest.mark.parametrize("f", [ks.expm, ks.logm, ks.sqrtm])
@pytest.mark.parametrize("dims", [{m: 1, n: 1}, {m: 3, n: 2}])
def test_jacobians_of_products_with_non_square_factors(f, dims):
    # F = P f(X) Q is m×m with P m×n, Q n×m: complex step through scipy's routines
    check_jacobian(P @ f(X) @ Q, X, dims=dims, rtol=1e-6, atol=1e-8)
    check_jacobian(ks.trace(P @ f(X) @ Q) * ks.trace(f(X)), X, dims=dims, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("backend", ["jax", "torch", "mpmath"])
def test_backends_apply_the_expm_jacobian(backend):
    pytest.importorskip(backend)
    x, e = RNG.normal(size=(3, 3)), RNG.normal(size=(3, 3))
    want = _vec(sl.expm_frechet(x, e, compute_expm=False))
    f = ks.lambdify([X, E], ks.diff(ks.expm(X), X) @ ks.vec(E), backend=backend)
    got = backend_to_numpy(f(x, e)).reshape(want.shape)
    tol = 1e-5 if backend == "jax" else 1e-10     # jax computes in float32 unless x64 is on
    np.testing.assert_allclose(got, want, atol=tol * max(1, abs(want).max()))


@pytest.mark.parametrize("backend, func", [("jax", "sqrtm"), ("mpmath", "logm"),
                                           ("mpmath", "sqrtm")])
def test_backends_trace_gradients(backend, func):
    pytest.importorskip(backend)
    x, b = _spd(3), RNG.normal(size=(3, 3))
    g = ks.grad(ks.trace(B.T @ getattr(ks, func)(X)), X)
    want = ks.lambdify([X, B], g)(x, b)
    got = backend_to_numpy(ks.lambdify([X, B], g, backend=backend)(x, b))
    tol = 1e-4 if backend == "jax" else 1e-10
    np.testing.assert_allclose(got.reshape(want.shape), want, atol=tol * max(1, abs(want).max()))


@pytest.mark.parametrize("backend, func", [("torch", "logm"), ("torch", "sqrtm"), ("jax", "logm")])
def test_a_backend_without_the_routine_refuses_naming_it(backend, func):
    pytest.importorskip(backend)
    with pytest.raises(NotImplementedError, match=f"no IR op '{func}'.*has no"):
        ks.lambdify([X], getattr(ks, func)(X), backend=backend)


def test_second_derivative_is_refused_clearly():
    with pytest.raises(NotImplementedError, match="second Fréchet derivative of expm"):
        ks.hessian(ks.trace(B.T @ ks.expm(X)), X)
    # a trace of f(X) alone has the closed-form gradient f′(Xᵀ), whose Hessian exists
    assert ks.hessian(ks.trace(ks.expm(X)), X).shape == (n ** 2, n ** 2)
