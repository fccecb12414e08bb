"""Fit a logistic regression with scipy.optimize using kronsym's loss, gradient and Hessian.

Run:  python examples/logistic_regression_scipy.py [m] [n]      (default 400 rows, 5 features)

The loss f(w) = 1ᵀ softplus(X w) − yᵀ X w is written once; ``ks.grad`` and ``ks.hessian``
derive Xᵀ(σ(Xw) − y) and Xᵀ diag(σ ∘ (1 − σ)) X, ``ks.equals`` proves both against the
textbook, and ``ks.lambdify`` exports the three functions, which are handed to
``scipy.optimize.minimize(method="trust-ncg")``. The fit is compared with a plain-numpy
Newton iteration on the same data, and the gradient at the optimum is checked to be ~0.

scipy passes w as a 1-D array; kronsym then returns the loss 0-d and the gradient 1-D
(a column result follows a 1-D column argument; docs/export_boundary.md), so the three
lambdified functions go to scipy as they are, with no wrapper.
"""
from __future__ import annotations

import sys

import numpy as np
import scipy.optimize

import kronsym as ks


def build():
    """The symbolic loss, its simplified gradient and Hessian, and the symbols."""
    m, n = ks.dims("m n")
    X = ks.MatrixSymbol("X", m, n)
    y = ks.MatrixSymbol("y", m, 1)
    w = ks.MatrixSymbol("w", n, 1)
    f = ks.sum(ks.softplus(X @ w)) - y.T @ X @ w
    g = ks.simplify(ks.grad(f, w))
    H = ks.simplify(ks.hessian(f, w))
    s = ks.sigmoid(X @ w)
    assert ks.equals(g, X.T @ (s - y))
    assert ks.equals(H, X.T @ ks.diag(ks.hadamard(s, ks.ones(m) - s)) @ X)
    return (f, g, H), (w, X, y)


def newton_numpy(X, y, iters=50):
    """Reference fit: plain Newton steps on the textbook gradient and Hessian."""
    w = np.zeros((X.shape[1], 1))
    for _ in range(iters):
        s = 1.0 / (1.0 + np.exp(-(X @ w)))
        step = np.linalg.solve(X.T @ (s * (1 - s) * X), X.T @ (s - y))
        w -= step
        if np.max(np.abs(step)) < 1e-13:
            break
    return w


def main(m_: int = 400, n_: int = 5) -> None:
    (f, g, H), (w, X, y) = build()
    print(f"loss:      {f}\ngradient:  {g}\nHessian:   {H}")
    print("gradient and Hessian proved equal to the textbook forms (ks.equals)")
    fun, jac, hess = (ks.lambdify([w, X, y], e) for e in (f, g, H))   # passed to scipy as they are

    rng = np.random.default_rng(0)
    Xv = rng.standard_normal((m_, n_))
    w_true = 0.5 * rng.standard_normal((n_, 1))
    yv = (rng.random((m_, 1)) < 1.0 / (1.0 + np.exp(-(Xv @ w_true)))).astype(float)

    res = scipy.optimize.minimize(fun, np.zeros(n_), args=(Xv, yv), jac=jac, hess=hess,
                                  method="trust-ncg", options={"gtol": 1e-7})
    print(f"scipy trust-ncg: {res.message} after {res.nit} iterations "
          f"({res.nfev} loss, {res.njev} gradient, {res.nhev} Hessian evaluations)")
    print(f"loss at the optimum: {res.fun:.6f}")
    print("fitted w:", np.array2string(res.x, precision=4))
    print("true w:  ", np.array2string(w_true[:, 0], precision=4))
    gnorm = np.max(np.abs(jac(res.x, Xv, yv)))
    print(f"max |gradient| at the optimum: {gnorm:.2e}")
    # trust-ncg may stop with "A bad approximation ..." once the predicted decrease is below
    # rounding; the test of the fit is the gradient itself
    assert gnorm < 1e-6, "the gradient does not vanish at the optimum"
    print("gradient at the optimum is ~0")
    w_ref = newton_numpy(Xv, yv)
    err = np.max(np.abs(res.x - w_ref[:, 0]))
    assert err < 1e-6, err
    print(f"matches a plain-numpy Newton fit (max difference {err:.1e})")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
