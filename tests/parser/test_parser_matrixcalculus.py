"""The matrixcalculus.org input language: ks.parse(text, syntax="matrixcalculus").

Each documented example is parsed, its shapes inferred, compared with the expected
(hand-built) kronsym expression structurally where the builders exist, and numerically
by dense evaluation (ks.evaluate) against the hand-built expression and against numpy,
at several dim assignments (1 and non-square included). Errors name the two uses with
their columns; random text never gives anything but ParseError / ShapeError. Tests of
operations that other branches are building (ks.sum, ks.norm2, entrywise functions, ...)
are skipped until those names exist.
"""
import signal

import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

import kronsym as ks
from kronsym import nodes as N
from kronsym.cli import main
from kronsym.parser import MAX_LENGTH
from kronsym.parser.mc_build import BUILDERS
from kronsym.parser.mc_infer import MC_FUNCTIONS, MC_OPS
from kronsym.traverse import postorder

MC = "matrixcalculus"
RNG = np.random.default_rng(15)
DIM_SETS = [(1, 1, 1), (2, 3, 4), (4, 2, 3), (3, 3, 1)]


def mc(text, shapes=None):
    return ks.parse(text, shapes, syntax=MC)


def syms(e):
    """name -> MatrixSymbol of ``e``."""
    return {n.name: n for n in postorder(e) if isinstance(n, N.MatrixSymbol)}


def free_dims(e):
    out = set()
    for s in syms(e).values():
        out |= sympy.sympify(s.rows).free_symbols | sympy.sympify(s.cols).free_symbols
    return sorted(out, key=str)


def values_for(e, sizes, spd=()):
    """Random arrays for the symbols of ``e``, its free dims set from ``sizes``; names in
    ``spd`` get symmetric positive definite values."""
    dmap = dict(zip(free_dims(e), sizes))
    vals = {}
    for name, s in syms(e).items():
        r, c = int(sympy.sympify(s.rows).subs(dmap)), int(sympy.sympify(s.cols).subs(dmap))
        a = RNG.standard_normal((r, c))
        if name in spd:
            a = a @ a.T + r * np.eye(r)
        vals[s] = a
    return vals


def check_numeric(parsed, hand, numpy_fn, spd=()):
    """parsed == hand == numpy_fn(values by name) at every dim assignment of DIM_SETS."""
    assert parsed.shape == hand.shape
    for sizes in DIM_SETS:
        vals = values_for(parsed, sizes, spd)
        got = ks.evaluate(parsed, vals)
        np.testing.assert_allclose(got, ks.evaluate(hand, vals), rtol=1e-10, atol=1e-12)
        by_name = {s.name: v for s, v in vals.items()}
        np.testing.assert_allclose(np.reshape(got, np.shape(got)),
                                   np.reshape(numpy_fn(**by_name), np.shape(got)),
                                   rtol=1e-9, atol=1e-12)


# --- the documented examples --------------------------------------------------------
def test_example_quadratic_form():
    e = mc("0.5*x'*A*x")
    s = syms(e)
    x, A = s["x"], s["A"]
    assert A.rows == A.cols == x.rows and x.cols == 1          # A square, x its vector
    assert e == ks.matmul(0.5 * x.T, A, x)                     # left to right, as written
    check_numeric(e, 0.5 * (x.T @ A @ x), lambda x, A: 0.5 * x.T @ A @ x)


def test_example_trace_chain():
    e = mc("tr(A*X'*B*X*C)")
    s = syms(e)
    A, X, B, C = s["A"], s["X"], s["B"], s["C"]
    assert (A.cols, X.rows, B.cols, C.rows) == (X.cols, B.rows, X.rows, X.cols)
    assert C.cols == A.rows                                     # the trace closes the loop
    assert e == ks.trace(A @ X.T @ B @ X @ C)
    check_numeric(e, ks.trace(A @ X.T @ B @ X @ C),
                  lambda A, X, B, C: np.trace(A @ X.T @ B @ X @ C))


def test_example_log_det_inv():
    e = mc("log(det(inv(X)))")
    X = syms(e)["X"]
    assert X.rows == X.cols
    assert e == ks.log(ks.det(ks.inv(X)))
    check_numeric(e, ks.log(ks.det(ks.inv(X))),
                  lambda X: np.log(np.linalg.det(np.linalg.inv(X))), spd=("X",))


def test_example_hadamard_then_transpose():
    e = mc("(y.*v)'*x")
    s = syms(e)
    y, v, x = s["y"], s["v"], s["x"]
    assert y.shape == v.shape == x.shape
    assert e == ks.hadamard(y, v).T @ x
    check_numeric(e, ks.hadamard(y, v).T @ x, lambda y, v, x: (y * v).T @ x)


def test_example_least_squares_written_out():
    e = mc("(A*x-y)'*(A*x-y)")
    s = syms(e)
    A, x, y = s["A"], s["x"], s["y"]
    assert (A.cols, A.rows) == (x.rows, y.rows) and A.rows != A.cols   # not forced square
    r = A @ x - y
    check_numeric(e, r.T @ r, lambda A, x, y: (A @ x - y).T @ (A @ x - y))


def test_example_norm2_squared():
    e = mc("norm2(A*x-y)^2")
    s = syms(e)
    A, x, y = s["A"], s["x"], s["y"]
    hand = ks.norm2(A @ x - y) ** 2
    assert e == hand
    check_numeric(e, hand, lambda A, x, y: np.linalg.norm(A @ x - y) ** 2)


def test_example_norm1():
    e = mc("norm1(A*x-y)")
    s = syms(e)
    A, x, y = s["A"], s["x"], s["y"]
    check_numeric(e, ks.norm1(A @ x - y), lambda A, x, y: np.abs(A @ x - y).sum())


def test_example_matrix_times_entrywise_exp():
    e = mc("A*exp(x)")
    s = syms(e)
    A, x = s["A"], s["x"]
    assert A.cols == x.rows
    check_numeric(e, A @ ks.exp(x), lambda A, x: A @ np.exp(x))


def test_example_logistic_loss():
    e = mc("sum(log(exp(-y.*(X*w)) + vector(1)))")
    s = syms(e)
    X, w, y = s["X"], s["w"], s["y"]
    assert (X.rows, X.cols) == (y.rows, w.rows)
    hand = ks.sum(ks.log(ks.exp(-ks.hadamard(y, X @ w)) + ks.ones(X.rows, 1)))
    check_numeric(e, hand, lambda X, w, y: np.log(np.exp(-y * (X @ w)) + 1).sum())


def test_example_power_with_an_expression_exponent_is_refused_plainly():
    # kronsym's powers take a number (or SymPy scalar) exponent: a^b of two scalar
    # symbols is refused, saying so, until kronsym has such a power
    with pytest.raises(ks.ParseError, match=r"a\^b whose exponent is an expression \(b\) "
                                            r"is not supported") as info:
        mc("a^b")
    assert info.value.column == 2
    assert mc("a^2.5") == syms(mc("a"))["a"] ** 2.5


# --- inference ------------------------------------------------------------------------
def test_fresh_dims_are_numbered_in_order_and_avoid_used_names():
    e = mc("A*x")
    assert [str(d) for d in free_dims(e)] == ["n1", "n2"]
    assert syms(e)["A"].shape == (sympy.Symbol("n1", integer=True, positive=True),
                                  sympy.Symbol("n2", integer=True, positive=True))
    e = mc("n1'*A*n2")          # vectors named n1, n2: the fresh dims skip those names
    assert {str(d) for d in free_dims(e)} == {"n3", "n4"}


def test_declared_shapes_win_and_propagate():
    m = sympy.Symbol("m", integer=True, positive=True)
    e = mc("A*x + y", {"A": (3, "m")})
    s = syms(e)
    assert s["x"].shape == (m, 1) and s["y"].shape == (3, 1)
    check_numeric(e, s["A"] @ s["x"] + s["y"], lambda A, x, y: A @ x + y)


def test_shapes_override_the_first_letter():
    e = mc("a'*B", {"a": "n", "B": "n,2"})      # a is declared a vector
    assert e.shape == (1, 2)
    e = mc("x*A", {"x": (1, 1)})                # x declared 1×1: a scalar, so '*' scales
    assert isinstance(e, N.Scale)


def test_multi_letter_names_use_their_first_letter():
    e = mc("alpha*Xw*beta1 + gamma*Xw", {})
    s = syms(e)
    assert s["alpha"].shape == (1, 1) and s["gamma"].shape == (1, 1)
    assert s["beta1"].shape == (1, 1) and s["Xw"].rows != 1
    e = mc("Xw*hv")
    assert syms(e)["hv"].cols == 1 and syms(e)["Xw"].cols == syms(e)["hv"].rows


def test_symmetric_declaration_is_kept():
    e = mc("x'*S*x", {"S": "n,n,sym"})
    assert type(syms(e)["S"]).__name__ == "SymmetricSymbol"


def test_eye_vector_matrix_are_sized_by_inference():
    e = mc("A + eye")
    A = syms(e)["A"]
    assert A.rows == A.cols and e == A + ks.I(A.rows)
    e = mc("x + vector(1)")
    x = syms(e)["x"]
    assert e == x + ks.ones(x.rows, 1)
    e = mc("X - 2*matrix(1)")
    X = syms(e)["X"]
    assert X.rows != X.cols
    check_numeric(e, X - 2 * ks.ones(X.rows, X.cols), lambda X: X - 2)
    e = mc("x + vector(0)")
    assert e == x + ks.zeros(x.rows, 1)
    e = mc("A*x + vector(a)")
    s = syms(e)
    check_numeric(e, s["A"] @ s["x"] + s["a"] * ks.ones(s["A"].rows, 1),
                  lambda A, x, a: A @ x + a)


def test_square_functions_force_square_and_diag_goes_both_ways():
    e = mc("tr(X) + det(Y) + logdet(Z)", {"Z": "n,n"})
    s = syms(e)
    assert s["X"].rows == s["X"].cols and s["Y"].rows == s["Y"].cols
    e = mc("diag(x)*A")
    s = syms(e)
    assert e == ks.diag(s["x"]) @ s["A"]
    check_numeric(e, ks.diag(s["x"]) @ s["A"], lambda x, A: np.diag(x[:, 0]) @ A)


def test_diag_of_a_matrix_is_its_diagonal():
    e = mc("diag(X)'*x")
    s = syms(e)
    check_numeric(e, ks.diag(s["X"]).T @ s["x"], lambda X, x: np.diag(X)[None, :] @ x)


def test_matrix_powers():
    e = mc("X^2 + X^-1 + X^1")
    X = syms(e)["X"]
    check_numeric(e, X @ X + ks.inv(X) + X,
                  lambda X: X @ X + np.linalg.inv(X) + X, spd=("X",))
    e = mc("X^-3")
    check_numeric(e, ks.inv(X @ X @ X), lambda X: np.linalg.matrix_power(np.linalg.inv(X), 3),
                  spd=("X",))
    assert mc("X^0") == ks.I(sympy.Symbol("n1", integer=True, positive=True))


# --- precedence (matrixcalculus.org's) ---------------------------------------------------
def test_star_and_dot_star_share_a_level_left_to_right():
    e = mc("A*x.*y")                        # (A*x).*y, not A*(x.*y)
    s = syms(e)
    A, x, y = s["A"], s["x"], s["y"]
    assert e == ks.hadamard(A @ x, y)
    check_numeric(e, ks.hadamard(A @ x, y), lambda A, x, y: (A @ x) * y)
    with pytest.raises(ks.ParseError, match=r"entrywise product y\.\*A"):
        mc("y.*A*x")                        # (y.*A)*x: a vector .* a matrix, refused
    e = mc("y.*(A*x)")
    s = syms(e)
    assert e == ks.hadamard(s["y"], s["A"] @ s["x"])


def test_powers_bind_tighter_than_products_and_unary_minus():
    e = mc("a*b^2")
    s = syms(e)
    a, b = s["a"], s["b"]
    assert e == a * b ** 2
    e = mc("-a^2")
    vals = {a: np.array([[3.0]])}
    np.testing.assert_allclose(ks.evaluate(e, vals), -9.0)
    e = mc("a*b.^2")                        # .^ on scalars is the scalar power
    assert e == a * b ** 2
    e = mc("a/b*c")                         # left to right: (a/b)*c
    s = syms(e)
    vals = {s["a"]: np.array([[6.0]]), s["b"]: np.array([[2.0]]), s["c"]: np.array([[5.0]])}
    np.testing.assert_allclose(ks.evaluate(e, vals), 15.0)
    assert mc("2^3^2") == ks.scalar(512)    # right to left
    e = mc("X^2'")                          # the transpose closes the power: (X^2)'
    X = syms(e)["X"]
    assert isinstance(e, N.Transpose)
    check_numeric(e, (X @ X).T, lambda X: (X @ X).T)
    e = mc("-x'")
    assert e == -(syms(e)["x"].T)
    e = mc("a^-1")
    np.testing.assert_allclose(ks.evaluate(e, {syms(e)["a"]: np.array([[4.0]])}), 0.25)


def test_transpose_and_scalars():
    e = mc("x'*A'*y + c*x'*y")
    s = syms(e)
    check_numeric(e, s["x"].T @ s["A"].T @ s["y"] + s["c"] * (s["x"].T @ s["y"]),
                  lambda x, A, y, c: x.T @ A.T @ y + c * (x.T @ y))
    e = mc("X/2 - X./c")
    X, c = syms(e)["X"], syms(e)["c"]
    check_numeric(e, X * sympy.Rational(1, 2) - X * c ** -1, lambda X, c: X / 2 - X / c)


def test_entrywise_division_and_power():
    e = mc("X./Y + 1./X + X.^2")
    s = syms(e)
    X, Y = s["X"], s["Y"]
    check_numeric(e, X / Y + 1 / X + ks.power(X, 2),
                  lambda X, Y: X / Y + 1 / X + X ** 2)


def test_entrywise_functions_of_any_shape():
    e = mc("tanh(W*x) + sigmoid(W*x) .* abs(W*x)")
    s = syms(e)
    W, x = s["W"], s["x"]
    z = W @ x
    check_numeric(e, ks.tanh(z) + ks.hadamard(ks.sigmoid(z), ks.abs(z)),
                  lambda W, x: np.tanh(W @ x) + np.abs(W @ x) / (1 + np.exp(-(W @ x))))


def test_scalar_functions_of_scalars_work_today():
    e = mc("exp(a) + log(x'*x) + sqrt(b) + sin(c)*cos(d)")
    s = syms(e)
    hand = ks.exp(s["a"]) + ks.log(s["x"].T @ s["x"]) + ks.sqrt(s["b"]) + \
        N.ScalarFunc("sin", s["c"]) @ N.ScalarFunc("cos", s["d"])
    vals = values_for(e, (3,))
    vals[s["b"]] = np.abs(vals[s["b"]])
    np.testing.assert_allclose(ks.evaluate(e, vals), ks.evaluate(hand, vals))


# --- calculus on parsed text -------------------------------------------------------------
def test_gradient_of_parsed_least_squares_matches_finite_differences():
    e = mc("(A*x-y)'*(A*x-y) + 0.5*x'*x")
    s = syms(e)
    g = ks.grad(e, s["x"])
    for sizes in DIM_SETS:
        vals = values_for(e, sizes)
        A, x, y = (vals[s[k]] for k in "Axy")
        want = 2 * A.T @ (A @ x - y) + x
        np.testing.assert_allclose(ks.evaluate(g, vals), want, rtol=1e-9, atol=1e-12)


# --- errors --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, words", [
    ("x*y", ["matrix product x*y", "columns of x (column 1)", "rows of y (column 3)",
             "(column 2)", "did you mean x'*y?"]),
    ("(A*x)*y", ["did you mean (A*x)'*y?"]),
    ("A*x*y", ["did you mean (A*x)'*y?"]),
    ("A*x + y'", ["sum A*x + y'", "rows of A*x (column 1)", "rows of y' (column 7)"]),
    ("tr(x)", ["tr(...) needs a square matrix", "x (column 4)"]),
    ("a + x", ["scalar a (column 1)", "non-scalar x (column 5)", "vector(1)"]),
    ("x/y", ["'/' divides by a scalar", "./"]),
    ("foo(x)", ["unknown function foo()", "norm2"]),
    ("exp + x", ["exp is a function: write exp(...)"]),
    ("eye(3)", ["eye", "without parentheses"]),
    ("vector(x)", ["vector(c) takes a scalar", "x (column 8)"]),
    ("A@B", ["'*' is the matrix product"]),
    ("(x", ["never closed"]),
    ("x)", ["without a matching"]),
    ("x +", ["expected a name, number or '('"]),
    ("X^0.5", ["integer exponent"]),
    ("x^2", ["matrix power x^2 needs a square matrix", ".^"]),
    ("A*x^b", ["square"]),
    ("log(x, y)", ["takes 1 argument, got 2"]),
    ("é", ["unexpected character"]),
    ("2/0", ["division by zero"]),
    ("   ", ["empty"]),
])
def test_errors_are_parse_errors_naming_the_uses(text, words):
    with pytest.raises(ks.ParseError) as info:
        mc(text)
    msg = str(info.value)
    for w in words:
        assert w in msg, (w, msg)
    assert getattr(info.value, "column", 1) >= 1


def test_declared_contradiction_names_both_declarations():
    with pytest.raises(ks.ParseError) as info:
        mc("A*x", {"A": (2, 3), "x": (4, 1)})
    msg = str(info.value)
    assert "3 (declared for A)" in msg and "4 (declared for x)" in msg and "column 2" in msg
    with pytest.raises(ks.ParseError, match="cannot|must equal"):
        mc("A*x", {"A": ("m", "n"), "x": "p"})


def test_bad_arguments():
    with pytest.raises(ValueError, match="syntaxes"):
        ks.parse("x", syntax="latex")
    with pytest.raises(TypeError, match="scalars"):
        ks.parse("x", syntax=MC, scalars=["c"])
    with pytest.raises(TypeError):
        ks.parse(3, syntax=MC)
    with pytest.raises(ks.ParseError, match="MAX_LENGTH"):
        mc("x" * (MAX_LENGTH + 1))


def test_every_operation_has_a_builder_entry():
    assert set(MC_OPS) - {"number", "symbol", "neg", "add", "sub", "scale", "scale_div",
                          "power", "matmul", "hadamard"} <= set(BUILDERS)
    from kronsym.parser.mc_build import _builder
    assert all(callable(_builder(op)) for op in BUILDERS)
    assert "eye" not in MC_FUNCTIONS and "vector" in MC_FUNCTIONS


# --- robustness --------------------------------------------------------------------------
def test_deep_nesting_and_long_chains():
    depth = 5000
    e = mc("(" * depth + "x" + ")" * depth)
    assert e.shape[1] == 1
    e = mc("-" * depth + "x")
    assert e.shape[1] == 1
    e = mc("+".join(["x"] * 20000))
    assert isinstance(e, N.MatAdd) and len(e.children) == 20000
    e = mc("*".join(["A"] * 20000))
    assert isinstance(e, N.MatMul) and len(e.children) == 20000
    e = mc("inv(" * depth + "X" + ")" * depth)
    assert e.shape[0] == e.shape[1]
    e = mc("exp(" * depth + "a" + ")" * depth)
    assert e.shape == (1, 1)


@pytest.mark.parametrize("text, cls, count", [
    ("-".join(["A*x"] * 20000), N.MatAdd, 20000),
    ("*".join(["a"] * 20000), N.MatMul, 20000),
    (".*".join(["x"] * 20000), N.Hadamard, 20000),
    ("*".join(["x'*A*y"] * 5000), N.MatMul, 3),     # 1×1 times x' scales: nested
])
def test_long_chains_are_built_once_in_linear_time(text, cls, count):
    def on_alarm(signum, frame):
        raise _Hang(text[:30])
    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 30)   # quadratic building took minutes
    try:
        e = mc(text)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert isinstance(e, cls) and len(e.children) == count


TOKENS = ["x", "y", "A", "X", "a", "b", "Xw", "eye", "(", ")", ",", "'", "+", "-", "*", ".*",
          "./", "/", "^", ".^", "0", "1", "2", "0.5", "1e3", "-1", " ", "@", "."] + \
    list(MC_FUNCTIONS)


class _Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Hang()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=25) | st.text(max_size=40))
def test_random_text_never_gives_an_internal_error(parts):
    text = parts if isinstance(parts, str) else "".join(parts)
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 10)
    try:
        out = mc(text)
        assert isinstance(out, N.Expr)
    except (ks.ParseError, ks.ShapeError):
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# --- the command line ----------------------------------------------------------------------
def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_grad_without_let(capsys):
    code, out, err = run(capsys, "grad", "0.5*x'*A*x", "--wrt", "x", "--syntax", MC)
    assert code == 0 and err == ""
    e = mc("0.5*x'*A*x")
    g = ks.parse(out.strip(), {k: v for k, v in syms(e).items()})
    s = syms(e)
    vals = values_for(e, (3,))
    np.testing.assert_allclose(ks.evaluate(g, vals),
                               0.5 * (vals[s["A"]] + vals[s["A"]].T) @ vals[s["x"]])


def test_cli_hessian_and_diff_with_let(capsys):
    code, out, _ = run(capsys, "hessian", "tr(A*X'*B*X*C)", "--wrt", "X", "--syntax", MC,
                       "--let", "X=3,4")
    assert code == 0 and "⊗" in out
    code, out, _ = run(capsys, "diff", "A*x", "--wrt", "x", "--syntax", MC, "--format", "json")
    assert code == 0 and '"result": "A"' in out


@pytest.mark.parametrize("argv, words", [
    (["grad", "x'*y", "--wrt", "z"], ["--wrt z", "does not occur", "x, y"]),
    (["grad", "x*y", "--wrt", "x"], ["matrix product x*y", "x'*y"]),
    (["grad", "A*x + y'", "--wrt", "x"], ["sum A*x + y'", "--let"]),
    (["grad", "x'*x", "--wrt", "x", "--scalar", "c"], ["--scalar is not used"]),
    (["grad", "x'*x", "--wrt", "x", "--let", "x=2", "--let", "A=3,3"], []),
])
def test_cli_errors_are_one_line(capsys, argv, words):
    code, out, err = run(capsys, *argv, "--syntax", MC)
    if not words:
        assert code == 0
        return
    assert code == 2 and out == "" and err.count("\n") == 1
    for w in words:
        assert w in err, (w, err)


# --- random well-formed text against numpy ----------------------------------------------
# Every generated piece carries its text, its shape and its numpy meaning, built together
# from the language's definition (not from the parser): the parser's result must evaluate
# to the same numbers. Shapes are declared so that every piece has one concrete shape.
DECL = {"A": (2, 3), "B": (3, 2), "C": (2, 2), "x": (3, 1), "y": (2, 1), "a": (1, 1),
        "b": (1, 1)}
ARR = {k: np.random.default_rng(7 + i).standard_normal(s) for i, (k, s) in enumerate(DECL.items())}


@st.composite
def pieces(draw, depth=5):
    """(text, shape, numpy value) of a random well-formed expression."""
    if depth == 0 or draw(st.integers(0, 5)) == 0:
        if draw(st.booleans()):
            c = draw(st.sampled_from(["0.5", "2", "3"]))
            return c, (1, 1), np.array([[float(c)]])
        k = draw(st.sampled_from(sorted(DECL)))
        return k, DECL[k], ARR[k]
    t1, s1, v1 = draw(pieces(depth - 1))
    kind = draw(st.sampled_from(["T", "neg", "paren", "*", "+", ".*", "tr", "inv", "scale"]))
    if kind == "T":
        return f"({t1})'", s1[::-1], v1.T
    if kind == "neg":
        return f"-({t1})", s1, -v1
    if kind == "paren":
        return f"({t1})", s1, v1
    if kind in ("tr", "inv"):
        if s1[0] != s1[1]:
            return t1, s1, v1
        if kind == "tr":
            return f"tr({t1})", (1, 1), np.array([[np.trace(v1)]])
        v = v1 + 10 * np.eye(s1[0])
        return f"inv({t1} + 10*eye)" if s1 != (1, 1) else f"inv({t1} + 10)", s1, np.linalg.inv(v)
    if kind == "scale":
        c = draw(st.sampled_from(["a", "0.5", "b"]))
        cv = ARR[c] if c in ARR else float(c)
        return f"{c}*({t1})", s1, (cv * v1 if c not in ARR else ARR[c][0, 0] * v1)
    # binary: pick a partner of a fitting shape among the declared names
    fit = {"*": lambda s: s[0] == s1[1], "+": lambda s: s == s1, ".*": lambda s: s == s1}[kind]
    names = [k for k, s in DECL.items() if fit(s) and s != (1, 1)]
    if not names or s1 == (1, 1):
        return t1, s1, v1
    k = draw(st.sampled_from(names))
    v2 = ARR[k]
    if kind == "*":
        return f"({t1})*{k}", (s1[0], DECL[k][1]), v1 @ v2
    if kind == "+":
        return f"({t1}) + {k}", s1, v1 + v2
    return f"({t1}).*{k}", s1, v1 * v2


@settings(max_examples=150, deadline=None)
@given(pieces())
def test_random_well_formed_text_means_what_numpy_says(piece):
    text, shape, want = piece
    e = mc(text, DECL)
    assert tuple(int(d) for d in e.shape) == shape, text
    vals = {s: ARR[s.name] for s in syms(e).values()}
    np.testing.assert_allclose(ks.evaluate(e, vals), want, rtol=1e-9, atol=1e-9, err_msg=text)


def test_parsed_jacobians_match_finite_differences():
    from kronsym.testing import check_jacobian
    for text, wrt in [("tr(A*X'*B*X*C)", "X"), ("0.5*x'*A*x + c*x'*y", "x"),
                      ("log(det(X'*X))", "X"), ("(y.*v)'*A*v", "v")]:
        e = mc(text)
        s = syms(e)
        tall = text.startswith("log(det")    # X'*X is invertible for a tall X
        for sizes in ((4, 2), (3, 1)) if tall else ((1, 1, 1), (2, 3, 4), (3, 2, 2)):
            dmap = dict(zip(free_dims(e), sizes))
            assert check_jacobian(e, s[wrt], dims=dmap, seed=3) < 1e-6
