"""Entrywise functions (issue #15, items 1, 3, 4, 5, 7): ks.exp, log, ..., softplus,
ks.power, X / Y and c / X on any shape, one node over one function table.

Each function is tested structurally (the node, the derivative's expression, the rules)
and numerically (dense evaluation against numpy, derivatives against central
differences and jax, every backend against the dense evaluator), at dims including 1
and non-square, with values inside each function's domain and off its kinks.
"""
from __future__ import annotations

import json

import numpy as np
import pytest
import sympy

import kronsym as ks
from kronsym import nodes as N
from kronsym.entrywise_funcs import ENTRYWISE_FUNCS
from kronsym.testing import check_jacobian, numerical_jacobian

m, n = ks.dims("m n")
X = ks.MatrixSymbol("X", m, n)
Y = ks.MatrixSymbol("Y", m, n)
NAMES = list(ENTRYWISE_FUNCS)
PUBLIC = {name: getattr(ks, name) for name in NAMES}
SHAPES = [(1, 1), (2, 3), (3, 1), (1, 4), (3, 3)]
REFERENCE = {"exp": np.exp, "log": np.log, "sqrt": np.sqrt, "sin": np.sin, "cos": np.cos,
             "tan": np.tan, "tanh": np.tanh, "arcsin": np.arcsin, "arccos": np.arccos,
             "arctan": np.arctan, "abs": np.abs, "sign": np.sign,
             "heaviside": lambda x: (x > 0).astype(float),
             "sigmoid": lambda x: 1 / (1 + np.exp(-x)), "relu": lambda x: np.where(x > 0, x, 0.0),
             "softplus": lambda x: np.log1p(np.exp(x))}
#: the exact derivative of each function, written out independently of the table
DERIVATIVE = {"exp": np.exp, "log": lambda x: 1 / x, "sqrt": lambda x: 0.5 / np.sqrt(x),
              "sin": np.cos, "cos": lambda x: -np.sin(x), "tan": lambda x: 1 / np.cos(x) ** 2,
              "tanh": lambda x: 1 / np.cosh(x) ** 2, "arcsin": lambda x: 1 / np.sqrt(1 - x * x),
              "arccos": lambda x: -1 / np.sqrt(1 - x * x), "arctan": lambda x: 1 / (1 + x * x),
              "abs": np.sign, "sign": np.zeros_like, "heaviside": np.zeros_like,
              "sigmoid": lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2,
              "relu": lambda x: (x > 0).astype(float),
              "softplus": lambda x: 1 / (1 + np.exp(-x))}


def values_in_domain(name, shape, seed=0):
    """Random values inside the function's domain and at least 0.1 away from its kinks."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.1, 1.0, size=shape) * rng.choice([-1, 1], size=shape)
    dom = ENTRYWISE_FUNCS[name].domain
    if dom == "positive":
        return np.abs(a) + 0.2
    if dom == "unit":
        return 0.8 * a
    return 2 * a


def concrete(r, c):
    return ks.MatrixSymbol("Z", r, c)


# --- 1. the node family ---------------------------------------------------------------
def test_one_class_for_every_function():
    assert set(NAMES) >= {"exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "arcsin",
                          "arccos", "arctan", "abs", "sign", "sigmoid", "relu", "softplus"}
    for name in NAMES:
        e = PUBLIC[name](X)
        assert type(e) is N.EntrywiseFunc and e.name == name and e.shape == (m, n)
        assert e.rebuild(*e.children) is e
    assert N.ScalarFunc is N.EntrywiseFunc
    assert sum(t is N.EntrywiseFunc for t in N.NODE_TYPES) == 1


def test_scalar_argument_is_the_scalar_function():
    s = ks.trace(ks.MatrixSymbol("A", 2, 2))
    assert ks.exp(s) is N.ScalarFunc("exp", s) and ks.exp(s).is_scalar
    assert str(ks.log(ks.det(ks.MatrixSymbol("A", 2, 2)))) == "log(det(A))"
    assert ks.exp(2).shape == (1, 1)
    v = {ks.MatrixSymbol("A", 2, 2): np.array([[0.3, 1.0], [2.0, 0.4]])}
    for name in NAMES:
        got = ks.evaluate(PUBLIC[name](s), v)
        assert got.shape == (1, 1)
        np.testing.assert_allclose(got[0, 0], REFERENCE[name](np.array(0.7)), rtol=1e-13)


def test_bad_input_names_operand_and_shapes():
    with pytest.raises(ValueError, match="unknown entrywise function 'system'"):
        N.EntrywiseFunc("system", X)
    with pytest.raises(TypeError, match="tanh"):
        ks.tanh("X")
    Z = ks.MatrixSymbol("Z", n, m)
    with pytest.raises(ks.ShapeError, match=r"X is m×n.*Z is n×m"):
        X / Z
    with pytest.raises(TypeError, match="power"):
        ks.power(X, ks.MatrixSymbol("P", 2, 2))
    with pytest.raises(ks.ShapeError, match="matrix power of X"):
        X ** 2      # ** of a matrix is the matrix power (ew-reduce); entrywise: ks.power


def test_power_and_division_nodes():
    assert ks.power(X, 3) is N.Power(X, 3) and ks.power(X, 3).shape == (m, n)
    assert X / Y is ks.hadamard(X, N.Power(Y, -1))
    assert 2 / X is N.ScalarMul(2, N.Power(X, -1)) and 1 / X is N.Power(X, -1)
    a, b = np.array([[1.0, 2.0, -3.0]]), np.array([[4.0, -5.0, 0.5]])
    Xc, Yc = ks.MatrixSymbol("Xc", 1, 3), ks.MatrixSymbol("Yc", 1, 3)
    v = {Xc: a, Yc: b}
    np.testing.assert_allclose(ks.evaluate(Xc / Yc, v), a / b)
    np.testing.assert_allclose(ks.evaluate(3 / Xc, v), 3 / a)
    np.testing.assert_allclose(ks.evaluate(ks.power(Yc, 3), v), b ** 3)
    p = sympy.Symbol("p")
    np.testing.assert_allclose(ks.evaluate(ks.power(Xc, p), {Xc: np.abs(a), p: 0.5}),
                               np.sqrt(np.abs(a)))


# --- numerics: evaluate, explicit, nan outside the domain --------------------------------
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("shape", SHAPES)
def test_evaluate_and_explicit(name, shape):
    Z = concrete(*shape)
    x = values_in_domain(name, shape)
    got = ks.evaluate(PUBLIC[name](Z), {Z: x})
    np.testing.assert_allclose(got, REFERENCE[name](x), rtol=1e-13, atol=1e-15)
    ex = ks.explicit(PUBLIC[name](Z), {})
    Zs = sympy.MatrixSymbol("Z", *shape)
    subs = {Zs[i, j]: sympy.Float(float(x[i, j]), 30) for i in range(shape[0])
            for j in range(shape[1])}
    got = np.array(ex.xreplace(subs).evalf(20).tolist(), dtype=float)
    np.testing.assert_allclose(got, REFERENCE[name](x), rtol=1e-12, atol=1e-14)


def test_out_of_domain_is_nan_not_an_error():
    Z = concrete(1, 2)
    v = {Z: np.array([[-1.0, 2.0]])}
    assert np.isnan(ks.evaluate(ks.log(Z), v)[0, 0])
    assert np.isnan(ks.evaluate(ks.sqrt(Z), v)[0, 0])
    assert np.isnan(ks.evaluate(ks.arcsin(Z), v)[0, 1])
    big = {Z: np.array([[1000.0, -1000.0]])}
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_allclose(ks.evaluate(ks.softplus(Z), big), [[1000.0, 0.0]])
        np.testing.assert_allclose(ks.evaluate(ks.sigmoid(Z), big), [[1.0, 0.0]])


# --- 2. derivatives: f(X) -> diag(vec f'(X)), structure and numbers ------------------------
@pytest.mark.parametrize("name", NAMES)
def test_derivative_is_a_diagonal_scaling(name):
    J = ks.simplify(ks.diff(PUBLIC[name](X), X))
    if name in ("sign", "heaviside"):
        assert J is ks.zeros(m * n, m * n)
        return
    fprime = ENTRYWISE_FUNCS[name].derivative(N, X, PUBLIC[name](X))
    assert J is ks.simplify(ks.diag(ks.vec(fprime)))
    assert isinstance(J, N.Diag) or isinstance(J, N.ScalarMul) and isinstance(J.children[0], N.Diag)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("shape", SHAPES)
def test_derivative_numerically(name, shape):
    Z = concrete(*shape)
    x = values_in_domain(name, shape, seed=shape[0] * 7 + shape[1])
    F = PUBLIC[name](Z)
    J = ks.diff(F, Z)
    got = ks.evaluate(J, {Z: x}) if J.free_symbols else ks.evaluate(J, {})
    np.testing.assert_allclose(got, np.diag(DERIVATIVE[name](x).ravel(order="F")),
                               rtol=1e-11, atol=1e-12)
    check_jacobian(F, Z, J=J, values={Z: x}, method="central", rtol=1e-6, atol=1e-7)


def test_power_derivative():
    for k in (2, 3, -1, sympy.Rational(1, 2)):
        for shape in SHAPES:
            Z = concrete(*shape)
            x = values_in_domain("log", shape, seed=3)
            J = ks.diff(ks.power(Z, k), Z)
            want = np.diag((float(k) * x ** (float(k) - 1)).ravel(order="F"))
            np.testing.assert_allclose(ks.evaluate(J, {Z: x}), want, rtol=1e-12)
    J = ks.simplify(ks.diff(ks.power(X, 3), X))
    assert J is ks.simplify(3 * ks.diag(ks.vec(ks.power(X, 2))))
    J = ks.diff(X / Y, Y)
    x, y = values_in_domain("exp", (2, 3), 1), values_in_domain("log", (2, 3), 2)
    Xc, Yc = concrete(2, 3), ks.MatrixSymbol("W", 2, 3)
    check_jacobian(Xc / Yc, Yc, values={Xc: x, Yc: y}, method="central", rtol=1e-6)
    assert J.shape == (m * n, m * n)


def _logistic():
    Xd = ks.MatrixSymbol("X", m, n)
    w, y = ks.MatrixSymbol("w", n, 1), ks.MatrixSymbol("y", m, 1)
    f = ks.ones(m, 1).T @ ks.softplus(Xd @ w) - y.T @ Xd @ w
    return Xd, w, y, f


def test_logistic_regression_textbook_forms():
    Xd, w, y, f = _logistic()
    g = ks.simplify(ks.grad(f, w))
    assert g is ks.simplify(Xd.T @ (ks.sigmoid(Xd @ w) - y))
    assert str(g) == "X.T @ (sigmoid(X @ w) - y)"
    H = ks.simplify(ks.hessian(f, w))
    s = ks.sigmoid(Xd @ w)
    assert H is ks.simplify(Xd.T @ ks.diag(ks.hadamard(s, ks.ones(m, 1) - s)) @ Xd)
    assert ks.equals(g, Xd.T @ (s - y))
    assert ks.equals(H, Xd.T @ ks.diag(ks.hadamard(s, ks.ones(m, 1) - s)) @ Xd)
    assert not ks.equals(H, Xd.T @ ks.diag(s) @ Xd)


def test_logistic_regression_against_jax():
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp
    Xd, w, y, f = _logistic()
    g, H = ks.simplify(ks.grad(f, w)), ks.simplify(ks.hessian(f, w))
    rng = np.random.default_rng(5)
    for (mm, nn) in ((1, 1), (4, 3), (3, 1), (1, 2)):
        xv, wv = rng.normal(size=(mm, nn)), rng.normal(size=(nn, 1))
        yv = rng.integers(0, 2, size=(mm, 1)).astype(float)
        v = {Xd: xv, w: wv, y: yv}

        def loss(wf, xv=xv, yv=yv):
            z = jnp.asarray(xv) @ wf
            return jnp.sum(jnp.logaddexp(0.0, z)) - (jnp.asarray(yv).T @ z)[0, 0]
        jg = np.asarray(jax.grad(loss)(jnp.asarray(wv)))       # x64: tests/conftest.py
        jh = np.asarray(jax.hessian(loss)(jnp.asarray(wv))).reshape(nn, nn)
        np.testing.assert_allclose(ks.evaluate(g, v), jg, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ks.evaluate(H, v), jh, rtol=1e-10, atol=1e-12)


def test_tanh_layer_gradient_against_jax():
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp
    p = ks.dims("p")[0]
    W, x, c = ks.MatrixSymbol("W", p, n), ks.MatrixSymbol("x", n, 1), ks.MatrixSymbol("c", p, 1)
    f = c.T @ ks.tanh(W @ x)
    g = ks.simplify(ks.grad(f, W))
    assert ks.equals(g, ks.hadamard(c, ks.ones(p, 1) - ks.power(ks.tanh(W @ x), 2)) @ x.T)
    rng = np.random.default_rng(2)
    for pp, nn in ((1, 1), (3, 2), (2, 4)):
        Wv, xv, cv = rng.normal(size=(pp, nn)), rng.normal(size=(nn, 1)), rng.normal(size=(pp, 1))
        def layer(Wf, cv=cv, xv=xv):
            return (jnp.asarray(cv).T @ jnp.tanh(Wf @ xv))[0, 0]
        jg = np.asarray(jax.grad(layer)(jnp.asarray(Wv)))
        np.testing.assert_allclose(ks.evaluate(g, {W: Wv, x: xv, c: cv}), jg, rtol=1e-11)


def test_hessian_of_sum_of_functions_numerically():
    """Hessians of 1ᵀ f(A x) for each twice-differentiable f, against central differences
    of the (already checked) gradient, at dims including 1."""
    p = ks.dims("p")[0]
    A, x = ks.MatrixSymbol("A", p, n), ks.MatrixSymbol("x", n, 1)
    for name in ("exp", "sin", "cos", "tanh", "arctan", "sigmoid", "softplus"):
        f = ks.ones(p, 1).T @ PUBLIC[name](A @ x)
        g, H = ks.grad(f, x), ks.simplify(ks.hessian(f, x))
        for pp, nn in ((1, 1), (3, 2), (2, 3)):
            rng = np.random.default_rng(pp + nn)
            v = {A: 0.5 * rng.normal(size=(pp, nn)), x: 0.5 * rng.normal(size=(nn, 1))}
            want = numerical_jacobian(g, x, v, method="central")
            np.testing.assert_allclose(ks.evaluate(H, v), want, rtol=1e-6, atol=1e-8)


# --- 3. rules ------------------------------------------------------------------------------
def _same_values(a, b, symbols, seed=0, domain="real", shape=(2, 3)):
    rng = np.random.default_rng(seed)
    vals = {}
    for s in symbols:
        v = rng.normal(size=tuple(int(d) for d in (shape if s.shape == (m, n) else shape[::-1])))
        vals[s] = np.abs(v) + 0.1 if domain == "positive" else v
    dims = {m: shape[0], n: shape[1]}
    np.testing.assert_allclose(ks.evaluate(a, {**vals, **dims}),
                               ks.evaluate(b, {**vals, **dims}), rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("name", NAMES)
def test_transpose_of_entrywise(name):
    e = PUBLIC[name](X).T
    assert ks.simplify(e) is PUBLIC[name](X.T)
    dom = ENTRYWISE_FUNCS[name].domain
    for shape in ((2, 3), (1, 4), (1, 1)):
        rng = np.random.default_rng(3)
        x = rng.normal(size=shape)
        x = np.abs(x) + 0.1 if dom == "positive" else np.tanh(x) if dom == "unit" else x
        np.testing.assert_allclose(ks.evaluate(e, {X: x}), ks.evaluate(PUBLIC[name](X.T), {X: x}))


def test_rules_structurally_and_numerically():
    cases = [
        (ks.exp(ks.log(X)), X, "positive"),
        (ks.log(ks.exp(X)), X, "real"),
        (ks.sigmoid(-X), ks.ones(m, n) - ks.sigmoid(X), "real"),
        (ks.power(ks.power(X, 3), 2), ks.power(X, 6), "real"),
        (ks.power(ks.power(X, sympy.Rational(1, 2)), 4), ks.power(X, 2), "positive"),
        (ks.hadamard(X, X), ks.power(X, 2), "real"),
        (ks.hadamard(ks.power(X, 2), ks.power(X, -3)), ks.power(X, -1), "positive"),
        (ks.power(X, 1), X, "real"),
        (ks.power(X, 3).T, ks.power(X.T, 3), "real"),
        (ks.hadamard(X, Y).T, ks.hadamard(X.T, Y.T), "real"),
    ]
    for lhs, rhs, dom in cases:
        assert ks.simplify(lhs) is ks.simplify(rhs), (lhs, rhs)
        for shape in ((2, 3), (1, 1), (3, 1)):
            _same_values(lhs, rhs, [X, Y], domain=dom, shape=shape)
    # only where valid: (X²)^{1/2} is |X|, not X
    e = ks.simplify(ks.power(ks.power(X, 2), sympy.Rational(1, 2)))
    assert e is not X and ks.equals(e, ks.abs(X)) and not ks.equals(e, X)
    assert ks.simplify(ks.log(ks.exp(X) + ks.ones(m, n))) is ks.log(ks.exp(X) + ks.ones(m, n))


def test_diag_times_column_and_khatri_rao_of_ones():
    v, y = ks.MatrixSymbol("v", m, 1), ks.MatrixSymbol("y", m, 1)
    assert ks.simplify(ks.diag(v) @ y) is ks.simplify(ks.hadamard(v, y))
    assert ks.simplify(ks.diag(v) @ ks.ones(m, 1)) is v
    A = ks.MatrixSymbol("A", n, m)
    assert ks.simplify(ks.khatri_rao(ks.ones(1, m), A)) is A
    rng = np.random.default_rng(0)
    for mm in (1, 3):
        vals = {v: rng.normal(size=(mm, 1)), y: rng.normal(size=(mm, 1))}
        np.testing.assert_allclose(ks.evaluate(ks.diag(v) @ y, vals),
                                   ks.evaluate(ks.hadamard(v, y), vals))
        Ac = ks.MatrixSymbol("Ac", 2, mm)
        a = rng.normal(size=(2, mm))
        np.testing.assert_allclose(ks.evaluate(ks.khatri_rao(ks.ones(1, mm), Ac), {Ac: a}), a)


# --- prover soundness for the new functions ---------------------------------------------
TRUE = [
    (ks.sin(ks.arcsin(X)), X), (ks.sqrt(ks.power(X, 2)), ks.abs(X)),
    (ks.relu(X) - ks.relu(-X), X), (ks.softplus(X) - ks.softplus(-X), X),
    (ks.tanh(X), 2 * ks.sigmoid(2 * X) - ks.ones(m, n)),
    (ks.sign(X), ks.hadamard(X, ks.power(ks.abs(X), -1))),
    (ks.power(ks.sin(X), 2) + ks.power(ks.cos(X), 2), ks.ones(m, n)),
    (ks.arccos(X) + ks.arcsin(X), sympy.pi / 2 * ks.ones(m, n)),
    (ks.exp(X + Y), ks.hadamard(ks.exp(X), ks.exp(Y))),
    (ks.log(ks.hadamard(X, Y)), ks.log(X) + ks.log(Y)),
    (ks.relu(X), ks.hadamard(X, ks.heaviside(X))),
    (ks.abs(X), ks.hadamard(X, ks.sign(X))),
]
FALSE = [
    (ks.sqrt(ks.power(X, 2)), X), (ks.arcsin(ks.sin(3 * X)), 3 * X),
    (ks.relu(X), ks.abs(X)), (ks.sigmoid(-X), ks.sigmoid(X)),
    (ks.exp(X), ks.exp(Y)), (ks.exp(X).T, ks.exp(Y.T)),
    (ks.sign(X), ks.ones(m, n)), (ks.abs(X), X), (ks.heaviside(X), ks.ones(m, n)),
    (ks.tan(X), ks.hadamard(ks.sin(X), ks.cos(X))),
    (ks.softplus(X), ks.relu(X)),
]


@pytest.mark.parametrize("lhs,rhs", TRUE, ids=[str(a) for a, _ in TRUE])
def test_prover_says_holds_for_true_identities(lhs, rhs):
    assert ks.prove(lhs, rhs).holds


@pytest.mark.parametrize("lhs,rhs", FALSE, ids=[str(a) for a, _ in FALSE])
def test_prover_finds_counterexamples(lhs, rhs):
    p = ks.prove(lhs, rhs)
    assert not p.holds and p.method == "counterexample"


def test_prover_draws_inside_domains():
    from kronsym.entrywise_exact import in_domain_draw, symbol_domains
    assert symbol_domains(ks.log(X.T), ks.arcsin(X)) == {X: "unit01"}
    assert symbol_domains(ks.sqrt(ks.vec(X)), ks.power(Y, sympy.Rational(1, 3))) == \
        {X: "positive", Y: "positive"}
    assert symbol_domains(ks.log(X @ Y.T)) == {}
    a = np.random.default_rng(0).normal(size=(200,))
    assert np.all(in_domain_draw(a, "positive") > 0)
    assert np.all(np.abs(in_domain_draw(a, "unit")) < 1)
    assert (in_domain_draw(a, "unit") < 0).any() and (in_domain_draw(a, "unit") > 0).any()
    # log of a square with both signs: the draws reach negative X, so this is refuted
    assert not ks.equals(ks.exp(ks.log(ks.power(X, 2))) , X)


# --- 4. lowering: every backend natively ----------------------------------------------------
@pytest.mark.parametrize("backend", ["numpy", "jax", "torch", "mpmath"])
def test_every_backend(backend):
    if backend in ("jax", "torch"):
        pytest.importorskip(backend)
    Z = concrete(2, 3)
    for name in NAMES:
        x = values_in_domain(name, (2, 3), seed=9)
        e = PUBLIC[name](Z)
        got = np.asarray(ks.lambdify([Z], e, backend=backend)(x), dtype=float)
        np.testing.assert_allclose(got, ks.evaluate(e, {Z: x}), rtol=1e-12, atol=1e-14,
                                   err_msg=f"{name} on {backend}")
    e = ks.power(Z, 3) + 2 / Z
    x = values_in_domain("log", (2, 3))
    got = np.asarray(ks.lambdify([Z], e, backend="numpy")(x))
    np.testing.assert_allclose(got, x ** 3 + 2 / x)


def test_native_names_in_the_table():
    assert ENTRYWISE_FUNCS["tanh"].backends["numpy"] == "numpy.tanh"
    assert ENTRYWISE_FUNCS["sigmoid"].backends["jax"] == "jax.nn.sigmoid"
    assert ENTRYWISE_FUNCS["sigmoid"].backends["torch"] == "torch.special.expit"
    src = ks.codegen([X], ks.softplus(X))
    assert "_rt.func('softplus'" in src


def test_diag_times_matrix_lowers_to_a_broadcast_product():
    v, M = ks.MatrixSymbol("v", m, 1), ks.MatrixSymbol("M", m, n)
    src = ks.codegen([v, M], ks.diag(v) @ M)
    assert "diag" not in src.split("):", 1)[1] and "hadamard" in src
    rng = np.random.default_rng(1)
    vv, MM = rng.normal(size=(4, 1)), rng.normal(size=(4, 3))
    np.testing.assert_allclose(ks.lambdify([v, M], ks.diag(v) @ M)(vv, MM), vv * MM)
    Xd, w, y, f = _logistic()
    src = ks.codegen([Xd, w, y], ks.simplify(ks.hessian(f, w)))
    assert "diag" not in src.split("):", 1)[1]
    # the Hessian-vector product at m = 200 000 rows: X.T @ (d * (X @ u)), nothing m×m
    u = ks.MatrixSymbol("u", n, 1)
    hv = ks.simplify(ks.hessian(f, w)) @ u
    body = ks.codegen([Xd, w, y, u], hv).split("):", 1)[1]
    assert "diag" not in body and "kron" not in body
    mm, nn = 200_000, 5
    xv, wv, uv = rng.normal(size=(mm, nn)), rng.normal(size=(nn, 1)) / 4, rng.normal(size=(nn, 1))
    got = ks.lambdify([Xd, w, y, u], hv)(xv, wv, np.zeros((mm, 1)), uv)
    sv = 1 / (1 + np.exp(-(xv @ wv)))
    np.testing.assert_allclose(got, xv.T @ (sv * (1 - sv) * (xv @ uv)), rtol=1e-10)


# --- 5. printing and interop -------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_text_parses_back_and_latex_marks_entrywise(name):
    shapes = {"X": (m, n), "Y": (m, n)}
    for e in (PUBLIC[name](X), PUBLIC[name](X + Y).T, ks.hadamard(PUBLIC[name](X), Y)):
        assert ks.parse(str(e), shapes) is e
    assert "\\circ" in ks.latex(PUBLIC[name](X))
    s = ks.trace(ks.MatrixSymbol("A", m, m))
    assert "\\circ" not in ks.latex(PUBLIC[name](s))


def test_power_and_division_print_and_parse():
    shapes = {"X": (m, n), "Y": (m, n)}
    for e in (ks.power(X, 3), X / Y, 2 / X, ks.power(X, sympy.Rational(1, 2))):
        assert ks.parse(str(e), shapes) is e
    assert ks.latex(ks.power(X, 2)) == "X^{\\circ 2}"
    assert ks.latex(ks.exp(X)) == "\\exp^{\\circ}(X)"
    assert ks.latex(ks.exp(ks.trace(ks.MatrixSymbol("A", m, m)))) == "\\exp\\bigl(\\operatorname{tr}(A)\\bigr)"


def test_json_round_trip_and_v1_scalar_func():
    for name in NAMES:
        e = PUBLIC[name](X) + ks.power(Y, 2)
        assert ks.from_json(ks.to_json(e)) is e
    doc = {"kronsym": 1, "scalars": [["Integer", 2]],
           "nodes": [["MatrixSymbol", ["A", 0, 0], []], ["Trace", [], [0]],
                     ["ScalarFunc", ["exp"], [1]]], "root": 2}
    e = ks.from_json(json.dumps(doc))
    A = ks.MatrixSymbol("A", 2, 2)
    assert e is ks.exp(ks.trace(A))
    assert json.loads(ks.to_json(e))["nodes"][-1][0] == "ScalarFunc"     # v1 readers read it
    assert json.loads(ks.to_json(ks.exp(X)))["nodes"][-1][0] == "EntrywiseFunc"


def test_sympy_bridge_both_ways():
    for name in NAMES:
        e = PUBLIC[name](X)
        assert ks.from_sympy(ks.to_sympy(e)) is e
    assert ks.to_sympy(ks.power(X, 2)) == sympy.HadamardPower(ks.to_sympy(X), 2)
    Xs = sympy.MatrixSymbol("X", m, n)
    assert ks.from_sympy(Xs.applyfunc(sympy.exp)) is ks.exp(X)
    assert ks.from_sympy(sympy.HadamardPower(Xs, 3)) is ks.power(X, 3)


def test_strategies_produce_entrywise_nodes():
    from hypothesis import given, settings, HealthCheck
    from kronsym.strategies import expressions, node_types
    seen = set()

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(expressions(max_depth=3))
    def collect(e):
        seen.update(node_types(e))
    collect()
    assert N.EntrywiseFunc in seen
