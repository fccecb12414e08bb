"""Inverses lowered to solves (kronsym/codegen/lower_solve.py) and the pseudo-inverse
family's ops on every backend: generated code for tr(A X⁻¹ B), its gradient and
inv(A) @ B contains a solve and no inverse, and agrees with the dense evaluator."""
import importlib.util
import re

import numpy as np
import pytest

import kronsym as ks
from kronsym.testing import backend_to_numpy, reference_evaluate

n, p = ks.dims("n p")
A, X, B = ks.MatrixSymbol("A", p, n), ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("B", n, p)
BACKENDS = ["numpy", "mpmath"] + [b for b in ("jax", "torch") if importlib.util.find_spec(b)]
F = ks.trace(A @ ks.inv(X) @ B)


def _ops(src):
    return set(re.findall(r"_rt\.(\w+)\(", src))


@pytest.mark.parametrize("backend", ["numpy", "jax", "torch", "mpmath"])
@pytest.mark.parametrize("expr", [F, ks.grad(F, X), ks.inv(X) @ B, ks.solve(X, B), A @ ks.inv(X),
                                  ks.grad(F, X).T @ ks.inv(X)],
                         ids=["tr(A inv(X) B)", "its gradient", "inv(X) B", "solve(X, B)",
                              "A inv(X)", "gradient.T inv(X)"])
def test_generated_code_has_a_solve_and_no_inverse(expr, backend):
    if backend in ("jax", "torch") and importlib.util.find_spec(backend) is None:
        pytest.skip(f"{backend} not installed")
    src = ks.codegen([A, X, B], expr, backend)
    ops = _ops(src)
    assert "inv" not in ops, src
    assert ops & {"solve", "lu_solve"}, src


def test_gradient_factors_x_once():
    src = ks.codegen([A, X, B], ks.grad(F, X))
    assert src.count("_rt.lu_factor(") == 1 and src.count("_rt.lu_solve(") == 2


@pytest.mark.parametrize("backend", BACKENDS)
def test_solves_and_pseudo_ops_agree_with_the_oracle(backend):
    Y = ks.MatrixSymbol("Y", n, n)
    W = ks.MatrixSymbol("W", p, n)
    exprs = [F, ks.grad(F, X), A @ ks.inv(X), ks.grad(F, X).T @ ks.inv(X),
             ks.pinv(W), ks.adj(Y), ks.eigvalsh(Y), ks.eigvecsh(Y), ks.nuclear_norm(W), ks.polar(W),
             ks.grad(ks.nuclear_norm(W), W), ks.diff(ks.eigvalsh(Y), Y)]
    if backend == "jax":   # jax compiles each op per shape (slow): its own ops only, one shape
        exprs = exprs[4:10]
    rng = np.random.default_rng(5)
    dimsets = ({n: 1, p: 1}, {n: 3, p: 2}, {n: 2, p: 4})
    for dims in dimsets[1:2] if backend == "jax" else dimsets:   # jax compiles per shape: slow
        vals = {A: rng.normal(size=(dims[p], dims[n])), B: rng.normal(size=(dims[n], dims[p])),
                X: rng.normal(size=(dims[n], dims[n])) + 3 * np.eye(dims[n]),
                Y: rng.normal(size=(dims[n], dims[n])), W: rng.normal(size=(dims[p], dims[n]))}
        for e in exprs:
            args = sorted(e.free_symbols, key=lambda s: s.name)
            want = reference_evaluate(e, vals)
            got = backend_to_numpy(ks.lambdify(args, e, backend=backend)(*[vals[a] for a in args]))
            np.testing.assert_allclose(got.reshape(want.shape), want, rtol=1e-8, atol=1e-10,
                                       err_msg=f"{backend} {e} at {dims}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_repeated_eigenvalue_raises_on_every_backend(backend):
    Y = ks.MatrixSymbol("Y", 3, 3)
    f = ks.lambdify([Y], ks.eigvecsh(Y), backend=backend)
    with pytest.raises(np.linalg.LinAlgError, match="multiplicity 2"):
        f(np.diag([1.0, 4.0, 4.0]))
