"""The expression parser: round trips, spellings, precedence, errors, depth, safety."""
import numpy as np
import pytest
import sympy

import kronsym as ks
from kronsym.parser import MAX_LENGTH, parse_shapes

m, n, p, q = ks.dims("m n p q")
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
X, Y = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("Y", n, n)
x = ks.MatrixSymbol("x", n, 1)
a = sympy.Symbol("a")
SYMS = [A, B, X, Y, x]
SHAPES = {"A": ("m", "n"), "B": ("p", "q"), "X": ("n", "n"), "Y": "n,n", "x": "n"}


def _examples():
    h = sympy.Rational(1, 2)
    return [
        A, A.T, -A, 2 * A, A - 2 * A, ks.kron(A, B).T, ks.kron(A, B, X), ks.vec(X) + ks.vec(X.T),
        ks.trace(X) * ks.det(X), ks.trace(X) * A, ks.logdet(X) ** 2, ks.log(ks.det(X)),
        ks.inv(X) @ x, ks.K(m, n) @ ks.vec(A), ks.I(n * m), ks.unvec(ks.vec(A), m, n),
        ks.hadamard(X, Y, X), ks.khatri_rao(X, Y), ks.kron_sum(X, Y), ks.kron(ks.hadamard(X, Y), X),
        h * X - 3 * h * Y, a * X, (a + 1) * X, ks.trace(X) + 2, ks.trace(X) - 3,
        ks.trace(X) ** -1, 1 / ks.trace(X), X / ks.trace(X), ks.diag(x), ks.exp(ks.trace(X)),
        ks.sqrt(x.T @ x), ks.zeros(m, n) + A, ks.ones(n, 1).T @ x, -(X @ Y), -ks.kron(X, Y),
        ks.trace(X) * ks.kron(X, Y), 3 * (ks.trace(X) * ks.kron(X, Y)), n * X, 2.5 * X,
        ks.trace(X) * ks.det(X) * ks.trace(Y), ks.kron(ks.kron(X, Y).T, x),
        ks.khatri_rao(X, Y, X), ks.kron_sum(ks.kron_sum(X, Y), X), X.T.T, ks.inv(X).T,
        ks.diff(ks.kron(A, B), A), ks.hessian(ks.logdet(X), X), ks.diff(X.T @ X, X),
        ks.grad(ks.trace(X @ Y @ X.T), X), ks.diff(ks.kron(A, B), B),
        # nested n-ary nodes built directly keep their grouping
        ks.nodes.MatAdd(ks.nodes.MatAdd(X, Y), X), ks.nodes.MatMul(ks.nodes.MatMul(X, Y), X),
        ks.nodes.Kron(ks.nodes.Kron(X, Y), X), ks.nodes.ScalarMul(-1, 2 * X),
        ks.nodes.Hadamard(ks.nodes.Hadamard(X, Y), X),
    ]


@pytest.mark.parametrize("e", _examples(), ids=str)
def test_round_trip_of_printed_text(e):
    assert ks.parse(str(e), SYMS, scalars=[a]) is e


def test_round_trip_of_deep_nesting():
    Z = ks.MatrixSymbol("Z", 3, 3)
    e = Z
    for i in range(5000):
        e = (e.T if i % 3 == 0 else (e @ Z if i % 3 == 1 else e + Z))
    assert ks.parse(str(e), [Z]) is e


def test_deeply_parenthesised_text():
    text = "(" * 5000 + "X" + ")" * 5000
    assert ks.parse(text, SYMS) is X


@pytest.mark.parametrize("text, expected", [
    ("A^T", A.T), ("Aᵀ", A.T), ("A^{T}", A.T), ("transpose(A)", A.T), ("A.T.T", A.T.T),
    ("A ⊗ B", ks.kron(A, B)), ("kron(A, B, X)", ks.kron(A, B, X)), ("A ⊗ B ⊗ X", ks.kron(A, B, X)),
    ("X ∘ Y", ks.hadamard(X, Y)), ("hadamard(X, Y)", ks.hadamard(X, Y)),
    ("X ⊙ Y", ks.khatri_rao(X, Y)), ("X ⊕ Y", ks.kron_sum(X, Y)),
    ("X^{-1}", ks.inv(X)), ("X**-1", ks.inv(X)), ("X⁻¹", ks.inv(X)), ("inv(X)", ks.inv(X)),
    ("trace(X)", ks.trace(X)), ("tr(X)", ks.trace(X)), ("I(m*n)", ks.I(m * n)),
    ("K(m, n) @ vec(A)", ks.K(m, n) @ ks.vec(A)), ("tr(X)^2", ks.trace(X) ** 2),
    ("vec(X).T @ x ⊗ x", ks.vec(X).T @ ks.kron(x, x)),       # ⊗ binds tighter than @
    ("-2*X + Y", -2 * X + Y), ("X - -Y", X - (-Y)), ("+X", X),
    ("tr(X)**-1*X", ks.trace(X) ** -1 * X),                  # unary minus inside the exponent
    ("-tr(X)**2", -(ks.trace(X) ** 2)),
    ("(1/2)*X", sympy.Rational(1, 2) * X), ("X/2", X / 2), ("0.5*X", 0.5 * X),
    ("2*3*X", 6 * X), ("tr(X) + 1", ks.trace(X) + 1),
    ("diff(A.T @ A, A)", ks.diff(A.T @ A, A)), ("grad(logdet(X), X)", ks.inv(X).T),
])
def test_spellings_and_precedence(text, expected):
    assert ks.parse(text, SHAPES) is expected


def test_shapes_forms_and_dims_are_those_of_ks_dims():
    s = parse_shapes({"A": ("m", "n*p"), "x": "n", "C": "2,n+1", "D": (3, sympy.Integer(4))})
    assert s["A"].shape == (m, n * p)
    assert s["x"].shape == (n, 1)
    assert s["C"].shape == (2, n + 1)
    assert s["D"].shape == (3, 4)
    assert ks.parse("I(k) @ x", {"x": "k"}).shape == (ks.dims("k")[0], 1)   # I(k) declares k


def test_dims_symbols_equal_user_symbols():
    e = ks.parse("kron(A, B)", SHAPES)
    assert e.shape == (m * p, n * q)
    assert e is ks.kron(A, B)


@pytest.mark.parametrize("text, column, words", [
    ("A @ @ B", 5, "expected a matrix"),
    ("kron(A, B", 1, "never closed"),
    ("A B", 3, "expected an operator"),
    ("A ⊗ B ∘ X", 7, "cannot be mixed"),
    ("A @ Q", 5, "unknown name 'Q'"),
    ("foo(A)", 1, "unknown function foo()"),
    ("A $ B", 3, "unexpected character '$'"),
    ("tr(X, Y)", 1, "tr() takes 1 argument"),
    ("vec()", 1, "needs an argument"),
    ("A)", 2, "without a matching"),
    ("X ** Y", 6, "the matrix Y cannot stand where a number is needed"),
    ("X ** tr(2)", 6, "an exponent must be a number"),
    ("I(0)", 1, "positive"),
    ("2 @ X", 3, "'@' multiplies matrices"),
    ("a, b", 2, "outside a function call"),
    ("tr", 1, "tr is a function"),
])
def test_parse_errors_point_at_the_column(text, column, words):
    with pytest.raises(ks.ParseError) as info:
        ks.parse(text, SHAPES)
    msg = str(info.value)
    assert words in msg, msg
    assert info.value.column == column, msg
    lines = msg.split("\n")
    assert lines[1].strip() == text.strip() and lines[2].index("^") - 2 == column - 1


def test_shape_errors_are_shape_errors_with_a_caret():
    with pytest.raises(ks.ShapeError) as info:
        ks.parse("A @ B", SHAPES)
    msg = str(info.value)
    assert "A is m×n, B is p×q" in msg and msg.split("\n")[2].index("^") == 2 + 2


def test_never_evaluates_python():
    for text in ["__import__('os').system('echo hacked')", "open('/etc/passwd')",
                 "A.__class__", "lambda: 1", "exec('1')", "A; import os", "'x'", "[A]", "A if B else X"]:
        with pytest.raises((ks.ParseError, ks.ShapeError)):
            ks.parse(text, SHAPES)


def test_bad_argument_types_and_sizes():
    with pytest.raises(TypeError, match="text must be a str"):
        ks.parse(123, SHAPES)
    with pytest.raises(TypeError, match="shape of A"):
        ks.parse("A", {"A": (1, 2, 3)})
    with pytest.raises(ks.ParseError, match="empty"):
        ks.parse("   ", SHAPES)
    with pytest.raises(ks.ParseError, match="over the limit"):
        ks.parse("X" + " + X" * (MAX_LENGTH // 4 + 1), SHAPES)


def test_long_input_within_the_limit_parses_in_bounded_time():
    text = " + ".join(["X"] * 20000)
    e = ks.parse(text, SHAPES)
    assert len(e.children) == 20000


def test_parse_equation():
    lhs, rhs = ks.parse_equation("vec(A @ X) = kron(I(n), A) @ vec(X)", SHAPES)
    assert lhs is ks.vec(A @ X) and rhs is ks.kron(ks.I(n), A) @ ks.vec(X)
    with pytest.raises(ks.ParseError, match="needs '=='"):
        ks.parse_equation("A", SHAPES)
    with pytest.raises(ks.ParseError, match="only one"):
        ks.parse_equation("X == X == X", SHAPES)


def test_parsed_expressions_evaluate_like_built_ones():
    e = ks.parse("kron(B.T, A) @ vec(X0)", {"A": "2,3", "B": "4,5", "X0": "3,4"})
    rng = np.random.default_rng(0)
    a_, b_, x_ = rng.normal(size=(2, 3)), rng.normal(size=(4, 5)), rng.normal(size=(3, 4))
    got = ks.evaluate(e, {"A": a_, "B": b_, "X0": x_})
    np.testing.assert_allclose(got.ravel(), (a_ @ x_ @ b_).ravel(order="F"))
