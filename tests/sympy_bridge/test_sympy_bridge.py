"""ks.from_sympy / ks.to_sympy: structure, round trips, numbers, refusals.

Every round trip is checked three ways: structurally (exactly, or after
ks.simplify on both sides), and numerically (the SymPy side evaluated with
explicit sympy matrices at concrete dims, against ks.evaluate), at dims that
include 1 and non-square shapes.
"""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from sympy.matrices.expressions.kronecker import KroneckerProduct
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions.special import GenericIdentity

import kronsym as ks
from kronsym import nodes as N
from kronsym.sympy_bridge import SympyDepthError
from kronsym.testing import random_values

m, n, p = ks.dims("m n p")
A, C = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("C", m, n)
B = ks.MatrixSymbol("B", n, p)
X, Y = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("Y", n, n)
Z = ks.MatrixSymbol("Z", p, p)
x = ks.MatrixSymbol("x", n, 1)
c = sp.Symbol("c")
i_, j_ = sp.symbols("i j")

# the same leaves on the SymPy side
sA, sC = sp.MatrixSymbol("A", m, n), sp.MatrixSymbol("C", m, n)
sB = sp.MatrixSymbol("B", n, p)
sX, sY = sp.MatrixSymbol("X", n, n), sp.MatrixSymbol("Y", n, n)
sZ = sp.MatrixSymbol("Z", p, p)
sx = sp.MatrixSymbol("x", n, 1)

DIMS = ({m: 1, n: 1, p: 1}, {m: 2, n: 3, p: 1}, {m: 3, n: 2, p: 2})
C_VALUE = 0.75


def sympy_numeric(s, dims, values):
    """The SymPy expression s evaluated with explicit matrices (complex ndarray)."""
    s = s.xreplace({d: sp.Integer(v) for d, v in dims.items()})
    mats = {}
    for sym, arr in values.items():
        if isinstance(sym, N.MatrixSymbol):
            r, k = arr.shape
            mats[sp.MatrixSymbol(sym.name, r, k)] = sp.ImmutableMatrix(
                [[sp.Float(float(v), 30) for v in row] for row in arr])
    s = s.xreplace(mats).xreplace({c: sp.Float(C_VALUE, 30)}).doit()
    if getattr(s, "is_Matrix", False):
        return np.array(sp.N(sp.Matrix(s)).tolist(), dtype=complex)
    return np.array([[complex(sp.N(s))]])


def kronsym_numeric(e, values):
    v = np.asarray(ks.evaluate(e, {**values, c: C_VALUE}), dtype=complex)
    return v if v.ndim == 2 else v.reshape(1, 1)


def assert_same_numbers(e, s, dims_list=DIMS):
    """kronsym e and SymPy s have the same value at every dims assignment."""
    for dims in dims_list:
        values = random_values(e, dims, seed=3)
        want = kronsym_numeric(e, values)
        got = sympy_numeric(s, dims, values)
        assert got.shape == want.shape, (e, dims)
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9, err_msg=f"{e} at {dims}")


# (kronsym e, True: from_sympy(to_sympy(e)) is e | False: equal after ks.simplify |
#  an expression: exactly what comes back)
KRONSYM_CASES = [
    (A @ B, True),
    (A + C, True),
    (2 * A - C, True),
    (c * A @ B, True),
    ((A @ B).T, True),
    (X.T, True),
    (ks.inv(X), True),
    (ks.inv(X).T @ Y, True),
    (ks.kron(A, X), True),
    (ks.kron(A, B, X), True),
    (ks.kron(A, X).T + 2 * ks.kron(A.T, X.T), True),
    (ks.trace(X), True),
    (ks.det(X), True),
    (ks.logdet(X), True),
    (ks.log(ks.det(X)), False),                  # comes back as logdet(X)
    (ks.hadamard(A, C), True),
    (X + ks.I(n), True),
    (A + ks.zeros(m, n), True),
    (ks.ones(m, n) + A, True),
    (2 * ks.trace(X) + 1, False),                # SymPy orders the sum: 1 + 2*tr(X)
    (ks.trace(X) * A, True),
    (ks.log(ks.trace(X)), True),
    (ks.exp(ks.trace(X) / 8), True),
    (ks.sqrt(ks.trace(X)), True),
    (N.ScalarFunc("sin", ks.trace(X)) + N.ScalarFunc("cos", ks.det(X)), False),
    (ks.trace(X) ** 2, True),
    (ks.det(X) ** -1 * ks.inv(X), True),
    (x.T @ X @ x, True),                         # a 1×1 matrix stays a matrix
    (ks.trace(X) + x.T @ x, False),              # mixed: x.T@x becomes (x.T*x)[0, 0]
    (ks.kron_sum(X, Z), ks.kron(X, ks.I(p)) + ks.kron(ks.I(n), Z)),   # the definition
    (ks.scalar(3) * ks.trace(X @ Y), False),
    (-(A @ B) + c * A @ B, True),
]


@pytest.mark.parametrize("e,exact", KRONSYM_CASES, ids=[str(e) for e, _ in KRONSYM_CASES])
def test_kronsym_round_trip(e, exact):
    s = ks.to_sympy(e)
    back = ks.from_sympy(s)
    if isinstance(exact, N.Expr):
        assert back == exact, (str(back), str(exact))
        assert ks.equals(back, e)
    elif exact:
        assert back == e, (str(back), str(e))
    else:
        assert back != e                         # the flag above is accurate
        assert ks.simplify(back) == ks.simplify(e), (str(back), str(e))
    assert_same_numbers(e, s)
    assert_same_numbers(back, s)


def _sympy_cases():
    return [
        (sA * sB, A @ B),
        (sA + sC, A + C),
        (2 * sA - sC, ks.add(-C, 2 * A)),            # SymPy orders the terms
        (c * sA * sB, c * (A @ B)),
        (sX.T, X.T),
        (sX.I, ks.inv(X)),
        (sX ** -1, ks.inv(X)),
        (sX ** 2, X @ X),
        (sX ** 3, X @ X @ X),
        (sX ** -2, ks.inv(X) @ ks.inv(X)),
        (sp.MatPow(sX, 0), ks.I(n)),
        (KroneckerProduct(sA, sX), ks.kron(A, X)),
        (sp.HadamardProduct(sA, sC), ks.hadamard(A, C)),
        (sp.Trace(sX), ks.trace(X)),
        (sp.Determinant(sX), ks.det(X)),
        (sp.log(sp.Determinant(sX)), ks.logdet(X)),
        (2 * sp.Trace(sX) + 1, ks.add(ks.scalar(1), 2 * ks.trace(X))),
        (sp.Trace(sX) * sA, ks.trace(X) * A),
        (sp.Identity(n) + sX, ks.add(ks.I(n), X)),
        (sp.MatAdd(sA, sp.ZeroMatrix(m, n)), ks.add(A, ks.zeros(m, n))),
        (sp.OneMatrix(m, n) + sA, ks.add(A, ks.ones(m, n))),
        (sp.exp(sp.Trace(sX) / 8), ks.exp(ks.trace(X) / 8)),
        (sp.Trace(sX) ** 2, ks.trace(X) ** 2),
        (sp.sqrt(sp.Trace(sX)), ks.sqrt(ks.trace(X))),
        (sx.T * sX * sx, x.T @ X @ x),
        (sp.Trace(sX.T * sY) - sp.log(sp.Determinant(sX)),
         ks.add(-ks.logdet(X), ks.trace(X.T @ Y))),
        (sp.Trace(sX) ** -1 * sX.T, ks.trace(X) ** -1 * X.T),
    ]


SYMPY_CASES = _sympy_cases()


@pytest.mark.parametrize("s,expected", SYMPY_CASES, ids=[str(s) for s, _ in SYMPY_CASES])
def test_sympy_round_trip(s, expected):
    k = ks.from_sympy(s)
    assert k == expected, (str(k), str(expected))
    back = ks.to_sympy(k)
    if isinstance(s, sp.MatPow) and not isinstance(s, sp.Inverse):
        assert back.doit() == s.doit()           # X**2 comes back as X*X
    else:
        assert back == s, (back, s)
    assert_same_numbers(k, s)


def test_plain_symbol_dims_become_kronsym_dims():
    nn = sp.Symbol("n")                          # no assumptions
    W = sp.MatrixSymbol("W", nn, 2 * nn)
    k = ks.from_sympy(nn * W)
    assert k == N.ScalarMul(n, ks.MatrixSymbol("W", n, 2 * n))
    assert k.shape == (n, 2 * n) and n.is_integer and n.is_positive
    assert ks.to_sympy(k) == n * sp.MatrixSymbol("W", n, 2 * n)
    int_only = sp.Symbol("n", integer=True)      # positivity unknown: renamed too
    assert ks.from_sympy(sp.MatrixSymbol("X", int_only, int_only)) == X


def test_int_dims_and_plain_scalars():
    W = sp.MatrixSymbol("W", 2, 3)
    assert ks.from_sympy(W) == ks.MatrixSymbol("W", 2, 3)
    assert ks.from_sympy(sp.Integer(3)) == ks.scalar(3)
    assert ks.from_sympy(5) == ks.scalar(5)
    assert ks.to_sympy(ks.scalar(3)) == 3
    assert ks.to_sympy(ks.MatrixSymbol("W", 2, 3)) == W


def test_matrix_element_of_1x1_only():
    q = sx.T * sx
    assert ks.from_sympy(MatrixElement(q, 0, 0)) == x.T @ x
    with pytest.raises(TypeError, match=r"MatrixElement.*X\[0, 1\]"):
        ks.from_sympy(sX[0, 1])


def test_sympy_getting_log_det_wrong_and_kronsym_right():
    """The reason kronsym exists. Observed with SymPy 1.14: the derivative of
    log(det X) with respect to X is returned as the zero matrix (and d det X / dX
    stays an unevaluated Derivative), while the answer is X⁻ᵀ."""
    sym_result = sp.diff(sp.log(sp.Determinant(sX)), sX)
    if sp.__version__.startswith("1.14"):
        assert sym_result == sp.ZeroMatrix(n, n)             # wrong
        assert isinstance(sp.diff(sp.Determinant(sX), sX), sp.Derivative)
    Xk = ks.from_sympy(sX)
    g = ks.grad(ks.from_sympy(sp.log(sp.Determinant(sX))), Xk)
    assert g == ks.inv(Xk).T
    assert ks.to_sympy(g) == sp.Transpose(sp.Inverse(sX))
    for dims in DIMS:
        vals = random_values(ks.logdet(Xk), dims, seed=1)
        want = np.linalg.inv(vals[Xk]).T
        np.testing.assert_allclose(ks.evaluate(g, vals), want, rtol=1e-10)
        assert not np.allclose(want, 0)                      # so SymPy's 0 is wrong


# --- refusals --------------------------------------------------------------------------
@pytest.mark.parametrize("e,node", [
    (ks.vec(A), "Vec"),
    (ks.unvec(ks.vec(A), n, m), "Vec"),
    (ks.K(m, n), "Commutation"),
    (ks.khatri_rao(A, C), "KhatriRao"),
    (ks.softmax(x), "Softmax"),
    (ks.trace(ks.K(n, n) @ ks.kron(X, X)), "Commutation"),
])
def test_to_sympy_refuses_with_explicit_hint(e, node):
    with pytest.raises(TypeError) as info:
        ks.to_sympy(e)
    msg = str(info.value)
    assert f"kronsym {node} node" in msg and "ks.explicit(expr, {" in msg
    # the hint is right: explicit does give a concrete sympy.Matrix
    assert isinstance(ks.explicit(e, {m: 2, n: 2, p: 1}), sp.MatrixBase)


@pytest.mark.parametrize("s,cls", [
    (sX[0, 1], "MatrixElement"),
    (sp.MatPow(sX, sp.Symbol("k")), "MatPow"),
    (sp.MatPow(sX, sp.Rational(1, 2)), "MatPow"),
    (sp.floor(sp.Trace(sX)), "floor"),
    (sp.Adjoint(sX), "Adjoint"),
    (sp.ImmutableMatrix([[1, 2]]), "ImmutableDenseMatrix"),
    (2 ** sp.Trace(sX), "Pow"),
    (sp.Trace(sX) + sp.floor(sp.Determinant(sX)), "floor"),
    (GenericIdentity(), "GenericIdentity"),          # a subclass of Identity, without a shape
    # an elementwise function that is none of kronsym's (exp, sigmoid ... are: test_entrywise)
    (sX.applyfunc(lambda t: t ** 3 + t), "ElementwiseApplyFunction"),
    (sp.FunctionMatrix(2, 2, sp.Lambda((i_, j_), i_ + j_)), "FunctionMatrix"),
])
def test_from_sympy_refuses_naming_class_and_subexpression(s, cls):
    with pytest.raises(TypeError, match=f"SymPy {cls} has no kronsym equivalent"):
        ks.from_sympy(s)


def test_from_sympy_bad_inputs():
    with pytest.raises(TypeError, match="explicit sympy.Matrix"):
        ks.from_sympy(sp.Matrix([[1, 2]]))
    with pytest.raises(TypeError, match="already a kronsym"):
        ks.from_sympy(A)
    with pytest.raises(TypeError, match="expected a SymPy expression"):
        ks.from_sympy("A")
    with pytest.raises(TypeError, match="to_sympy"):
        ks.to_sympy(sA)
    with pytest.raises(TypeError, match=r"name '\\\\Sigma' is not a kronsym name"):
        ks.from_sympy(sp.MatrixSymbol("\\Sigma", 2, 2))
    neg = sp.Symbol("k", integer=True, nonpositive=True)    # SymPy accepts it as a dim
    with pytest.raises(ks.DimensionError, match="dimension k"):
        ks.from_sympy(sp.MatrixSymbol("W", neg, 2))


def test_from_sympy_shape_disagreement_is_a_shape_error():
    k = sp.Symbol("k", integer=True, positive=True)
    with pytest.raises(ks.UndecidedShapeError):  # SymPy allows n vs k; kronsym cannot prove it
        ks.from_sympy(sp.MatMul(sX, sp.MatrixSymbol("V", k, 2)))


def test_depth():
    e = X
    for i in range(300):
        e = N.Transpose(e) if i % 2 else N.Inverse(e)
    assert ks.from_sympy(ks.to_sympy(e)) is e
    for i in range(5000):
        e = N.Transpose(e) if i % 2 else N.Inverse(e)
    with pytest.raises(SympyDepthError, match="SymPy computes matrix-expression shapes recursively"):
        ks.to_sympy(e)
    # a deep SymPy scalar (unevaluated sums) converts: the walk itself is iterative
    s = sp.Trace(sX)
    for _ in range(3000):
        s = sp.Add(s, sp.Trace(sY), evaluate=False)
    k = ks.from_sympy(s)
    vals = random_values(X + Y, {n: 2}, seed=2)
    np.testing.assert_allclose(np.ravel(ks.evaluate(k, vals))[0],
                               np.trace(vals[X]) + 3000 * np.trace(vals[Y]), rtol=1e-10)


def test_layout_relation_numbers():
    """docs/sympy.md: J[i + p·j, k + m·l] = D[k, l, i, j] for SymPy's array derivative D."""
    sA2, sX2 = sp.MatrixSymbol("A", 3, 2), sp.MatrixSymbol("X", 2, 2)
    D = np.array(sp.diff(sA2 * sX2.T, sX2).as_explicit().tolist(), dtype=object)
    J = ks.explicit(ks.diff(ks.from_sympy(sA2 * sX2.T), ks.from_sympy(sX2)))
    assert sp.Matrix(D.transpose(2, 3, 0, 1).reshape(6, 4, order="F")) == J


def test_docs_code_runs():
    import pathlib
    import re
    text = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "sympy.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 3
    for code in blocks:
        exec(compile(code, "docs/sympy.md", "exec"), {})
