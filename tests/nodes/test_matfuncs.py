"""expm, logm, sqrtm and their Jacobians as nodes: shapes, errors, printing, parsing,
JSON, dense values against scipy, domains (kronsym/nodes/matfuncs.py)."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg as sl

import kronsym as ks
from kronsym import nodes as N

m, n = ks.dims("m n")
X = ks.MatrixSymbol("X", n, n)
Y = ks.MatrixSymbol("Y", n, n)
A = ks.MatrixSymbol("A", m, n)
RNG = np.random.default_rng(16)


def _spd(k):
    a = RNG.normal(size=(k, k))
    return a @ a.T + 0.5 * np.eye(k)


def test_shapes_and_node_types():
    for f, cls in ((ks.expm, N.Expm), (ks.logm, N.Logm), (ks.sqrtm, N.Sqrtm)):
        e = f(X)
        assert type(e) is cls and e.shape == (n, n)
        assert f(A @ A.T).shape == (m, m)
    J = N.MatFuncJacobian(X, "expm")
    assert J.shape == (n ** 2, n ** 2) and J.func == "expm"


@pytest.mark.parametrize("f", [ks.expm, ks.logm, ks.sqrtm])
def test_non_square_operand_names_it_and_its_shape(f):
    with pytest.raises(ks.ShapeError, match=r"of A: A is m×n"):
        f(A)
    with pytest.raises(ks.ShapeError, match=r"A is 2×3"):
        f(ks.MatrixSymbol("A", 2, 3))


@pytest.mark.parametrize("f", [ks.expm, ks.logm, ks.sqrtm])
def test_wrong_type_is_a_type_error_naming_the_call(f):
    with pytest.raises(TypeError, match=rf"{f.__name__}\(X\): X must be a square kronsym"):
        f(np.eye(2))


def test_jacobian_refuses_an_unknown_function():
    with pytest.raises(Exception, match="expm, logm, sqrtm"):
        N.MatFuncJacobian(X, "exp")


def test_printing_is_distinct_from_the_entrywise_functions():
    assert str(ks.expm(X)) == "expm(X)" and str(ks.exp(X)) == "exp(X)"
    assert ks.latex(ks.expm(X)) == "e^{X}"
    assert ks.latex(ks.exp(X)) != ks.latex(ks.expm(X))
    assert ks.latex(ks.logm(X)) == "\\log(X)"
    assert ks.latex(ks.sqrtm(X)) == "X^{1/2}"
    assert ks.latex(ks.sqrtm(X @ Y)) == "(X Y)^{1/2}"
    assert "J}_{\\exp}" in ks.latex(N.MatFuncJacobian(X, "expm"))


@pytest.mark.parametrize("e", [ks.expm(X), ks.logm(X + Y), ks.sqrtm(X @ Y).T,
                               ks.expm(X) @ ks.logm(Y), N.MatFuncJacobian(X.T, "sqrtm"),
                               N.MatFuncJacobian(X, "logm") @ ks.vec(Y)])
def test_parse_and_json_round_trip(e):
    assert ks.parse(str(e), [X, Y]) is e
    assert ks.from_json(ks.to_json(e)) is e


@pytest.mark.parametrize("k", [1, 2, 5])
def test_dense_values_are_scipys(k):
    x, s = RNG.normal(size=(k, k)), _spd(k)
    np.testing.assert_allclose(ks.evaluate(ks.expm(X), {X: x}), sl.expm(x), rtol=1e-13)
    np.testing.assert_allclose(ks.evaluate(ks.logm(X), {X: s}), sl.logm(s), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(ks.evaluate(ks.sqrtm(X), {X: s}), sl.sqrtm(s), rtol=1e-12)
    assert ks.evaluate(ks.logm(X), {X: s}).dtype == float


def test_principal_branches():
    # the principal logarithm of a rotation by 3 radians is the generator itself ...
    g = np.array([[0.0, -3.0], [3.0, 0.0]])
    np.testing.assert_allclose(ks.evaluate(ks.logm(ks.expm(X)), {X: g}), g, atol=1e-12)
    # ... but not past π: log e^{X} = X fails when |Im λ| > π (no rule applies it)
    g4 = np.array([[0.0, -4.0], [4.0, 0.0]])
    assert not np.allclose(ks.evaluate(ks.logm(ks.expm(X)), {X: g4}), g4)
    assert str(ks.simplify(ks.logm(ks.expm(X)))) == "logm(expm(X))"
    # the principal square root has eigenvalues in the right half-plane
    s = ks.evaluate(ks.sqrtm(X), {X: np.diag([4.0, 9.0])})
    np.testing.assert_allclose(s, np.diag([2.0, 3.0]))


def test_outside_the_domain_is_nan_as_every_function():
    neg = np.diag([-1.0, 2.0])
    for f in (ks.logm, ks.sqrtm):
        assert np.all(np.isnan(ks.evaluate(f(X), {X: neg})))
        assert np.all(np.isnan(ks.lambdify([X], f(X))(neg)))
    assert np.all(np.isnan(ks.evaluate(ks.logm(X), {X: np.zeros((2, 2))})))


def test_explicit_refuses_clearly():
    with pytest.raises(NotImplementedError, match="no closed form"):
        ks.explicit(ks.expm(X), {n: 2})


def test_sympy_bridge_says_why():
    with pytest.raises(Exception, match="matrix-exponential"):
        ks.to_sympy(ks.expm(X))
