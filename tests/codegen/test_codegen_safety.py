"""Issue 13, numeric half: lambdified functions check their arguments (item 6), agree
with ks.evaluate on complex and out-of-domain input (7), the torch backend takes
non-contiguous Kronecker factors (8), dims like n(n+1)/2 are exact ints (9),
non-positive dims at evaluation are kronsym errors naming them (13), and generated
code never holds a name it did not choose itself (S1)."""
import ast
import importlib.util
import os
import sys

import numpy as np
import pytest
import sympy

import kronsym as ks
from kronsym import nodes as N
from kronsym.testing import backend_to_numpy, reference_evaluate

n, m = ks.dims("n m")
X = ks.MatrixSymbol("X", n, n)
BACKENDS = ["numpy", "mpmath"] + [b for b in ("jax", "torch") if importlib.util.find_spec(b)]


# --- item 6: shapes are checked at every call, in the user's terms ---------------------
@pytest.mark.parametrize("backend", BACKENDS)
def test_wrong_shape_names_argument_and_both_shapes(backend):
    f = ks.lambdify([X], ks.trace(X), backend=backend)
    with pytest.raises(ks.EvaluationError) as e:
        f(np.ones((2, 3)))
    msg = str(e.value)
    assert "argument X" in msg and "n×n" in msg and "(2, 3)" in msg, msg
    assert isinstance(e.value, ValueError)


def test_no_broadcasting_of_a_column():
    f = ks.lambdify([X], X + ks.I(n))
    with pytest.raises(ks.EvaluationError, match=r"argument X is n×n.*\(3, 1\)"):
        f(np.ones((3, 1)))


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_guessed_batching(backend):
    f = ks.lambdify([X], ks.kron(X, X), backend=backend)
    with pytest.raises(ks.EvaluationError, match=r"argument X.*\(4, 3, 3\).*batch"):
        f(np.ones((4, 3, 3)))
    assert backend_to_numpy(f(np.eye(3))).shape == (9, 9)


def test_dims_agree_across_arguments():
    A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", n, m)
    f = ks.lambdify([A, B], A @ B)
    np.testing.assert_allclose(f(np.ones((2, 3)), np.ones((3, 2))), 3 * np.ones((2, 2)))
    with pytest.raises(ks.EvaluationError) as e:
        f(np.ones((2, 3)), np.ones((4, 2)))
    msg = str(e.value)
    assert "argument B is n×m" in msg and "(4, 2)" in msg and "n = 3 from the columns of A" in msg


def test_compound_shape_must_divide():
    q, = ks.dims("q")
    B, v = ks.MatrixSymbol("B", m, q), ks.MatrixSymbol("v", n * q, 1)
    f = ks.lambdify([B, v], ks.kron(ks.I(n), B) @ v)
    assert f(np.ones((2, 3)), np.ones(6)).shape == (4,)                # 1-D in, 1-D out
    with pytest.raises(ks.EvaluationError, match=r"argument v .*\(7,\).*multiple of q = 3"):
        f(np.ones((2, 3)), np.ones(7))


def test_dims_passed_as_arguments_are_checked():
    v = ks.MatrixSymbol("v", m * n, 1)
    f = ks.lambdify([v, m, n], ks.unvec(v, m, n))
    assert f(np.arange(6.0), 2, 3).shape == (2, 3)
    with pytest.raises(ks.EvaluationError, match=r"argument v is m\*n×1.*\(6,\).*m = 3.*n = 3.*9×1"):
        f(np.arange(6.0), 3, 3)
    with pytest.raises(ks.EvaluationError, match="dimension m is given as 0"):
        f(np.arange(6.0), 0, 3)


def test_empty_array_is_a_non_positive_dim():
    f = ks.lambdify([X], ks.trace(X))
    with pytest.raises(ks.EvaluationError, match="dimension n is 0.*rows of X.*positive"):
        f(np.ones((0, 0)))


def test_checks_are_generated_into_the_function():
    """One ``if`` in the compiled source, no generic loop over the arguments."""
    src = ks.codegen([X], ks.trace(X))
    assert "x0.shape != (d0, d0)" in src and "for " not in src


def test_jax_jit_and_vmap_still_work_with_checks():
    jax = pytest.importorskip("jax")
    f = ks.lambdify([X], ks.trace(X @ X), backend="jax")
    x = np.arange(9.0).reshape(3, 3)
    assert float(jax.jit(f)(x)[0, 0]) == pytest.approx(np.trace(x @ x))
    assert jax.vmap(f)(np.stack([x, x])).shape == (2, 1, 1)
    with pytest.raises(ks.EvaluationError, match="argument X"):
        jax.jit(f)(np.ones((2, 3)))


# --- item 9: dims such as n(n+1)/2 are computed as exact integers ----------------------
S = ks.symmetric("S", n)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", ["vech_jacobian", "L_times_D", "constant_wrt_S"])
def test_half_vec_dims_are_integers(backend, case):
    A = ks.MatrixSymbol("A", m, m)
    e, args = {"vech_jacobian": (ks.diff(S, S, vech=True), [S]),
               "L_times_D": (ks.simplify(ks.L(n) @ ks.D(n)), [S]),
               "constant_wrt_S": (ks.diff(A, S), [S, A])}[case]
    s = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 0.5], [0.0, 0.5, 4.0]])
    vals = {S: s, A: np.ones((2, 2))}
    got = backend_to_numpy(ks.lambdify(args, e, backend=backend)(*[vals[a] for a in args]))
    np.testing.assert_allclose(got, reference_evaluate(e, {a: vals[a] for a in args}), atol=1e-12)


def test_int_src_is_exact_for_huge_dims():
    src = ks.codegen([S], ks.D(n) @ ks.vech(S))
    assert "/ 2" not in src.replace("// 2", "")
    f = ks.lambdify([S], ks.zeros(n * (n + 1) / 2, 1) + ks.vech(S))
    assert f(np.eye(2)).shape == (3, 1)


# --- item 13: a non-positive dim at evaluation is a kronsym error naming it -------------
def test_negative_dim_in_evaluate_explicit_lambdify():
    e = ks.kron(X, ks.I(n - 5))
    with pytest.raises(ks.EvaluationError, match=r"dimension n - 5 is -3 at n = 2.*positive"):
        ks.evaluate(e, {X: np.eye(2)})
    with pytest.raises(ks.EvaluationError, match=r"dimension n - 5 is -3 at n = 2"):
        ks.explicit(ks.I(n - 5), {n: 2})
    with pytest.raises(ks.EvaluationError, match=r"dimension n - 5 is -3 at n = 2"):
        ks.lambdify([X], e)(np.eye(2))
    assert ks.evaluate(e, {X: np.eye(7)}).shape == (14, 14)


def test_zero_identity_is_not_a_matrix_with_det_one():
    with pytest.raises(ks.EvaluationError, match=r"dimension n - 1 is 0 at n = 1"):
        ks.evaluate(ks.det(ks.I(n - 1)), {n: 1})
    with pytest.raises(ks.EvaluationError, match=r"dimension n - 1 is 0 at n = 1"):
        ks.explicit(ks.det(ks.I(n - 1)), {n: 1})
    with pytest.raises(ks.EvaluationError, match=r"dimension n - 1 is 0 at n = 1"):
        ks.lambdify([X], ks.det(ks.I(n - 1)) * X)(np.eye(1))


def test_dim_parameter_checked_even_when_the_shape_is_positive():
    # D(n - 2) at n = 1: (n - 2)**2 = 1 rows, but n - 2 = -1
    with pytest.raises(ks.EvaluationError, match=r"dimension n - 2 is -1 at n = 1"):
        ks.evaluate(ks.D(n - 2), {n: 1})


def test_sparse_and_operator_forms_check_dims():
    e = ks.kron(X, ks.I(n - 5))
    with pytest.raises(ks.EvaluationError, match="n - 5"):
        ks.lambdify([X], e, form="sparse")(np.eye(2))
    with pytest.raises(ks.EvaluationError, match="n - 5"):
        ks.lambdify([X], e, form="operator")(np.eye(2))


# --- S1: generated code holds no user-supplied text ------------------------------------
HOSTILE = "_rt[__import__('os').system('touch {}')]"


def _code_text(src):
    """The source without comments: every token but COMMENT."""
    import io
    import tokenize
    return " ".join(t.string for t in tokenize.generate_tokens(io.StringIO(src).readline)
                    if t.type != tokenize.COMMENT)


@pytest.mark.parametrize("backend", BACKENDS)
def test_hostile_names_never_reach_generated_code(tmp_path, backend, monkeypatch):
    marker = tmp_path / "pwned"
    name = HOSTILE.format(marker)
    h = sympy.Symbol(name, integer=True, positive=True)
    # The constructors refuse such names (tests/serialize/test_security.py); a forged document or
    # pickle can still carry them past the checks, and codegen must be safe regardless:
    # build the expression with the name checks switched off.
    dims_module = sys.modules["kronsym.dims"]     # (ks.dims is the function)
    schema_module = sys.modules["kronsym.nodes.schema"]   # the constructors' field checks
    for mod, fn in ((dims_module, "check_scalar_names"), (dims_module, "check_name"),
                    (schema_module, "check_name"), (schema_module, "check_scalar_names")):
        monkeypatch.setattr(mod, fn, lambda value, *args, **kwargs: value)
    Y = N.MatrixSymbol._make((name.replace("_rt", "Y"), h, h), ())
    c = sympy.Symbol(name.replace("_rt", "c"))
    e = (ks.kron(Y.T @ Y + ks.trace(Y) * ks.I(h), ks.I(2))
         + ks.K(h, 2) @ ks.kron(ks.I(2), Y) @ ks.K(2, h)
         + ks.ones(2 * h, 1) @ (ks.ones(1, h * (h + 1) / 2) @ ks.D(h).T @ ks.vec(c * h * Y))
         @ ks.ones(1, 2 * h))
    for src in (ks.codegen([Y, c], e, backend=backend),):
        code = _code_text(src)
        assert "__import__" not in code and "system" not in code and "pwned" not in code, src
        assert "__import__" not in src and "pwned" not in src   # not in comments either
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Name):
                assert node.id in ("_rt", "globals") or node.id[0] in "adstx", node.id
    f = ks.lambdify([Y, c], e, backend=backend)
    y = np.eye(2) + 0.5
    got = backend_to_numpy(f(y, 2.0))
    np.testing.assert_allclose(got, reference_evaluate(e, {Y: y, c: 2.0}), atol=1e-12)
    with pytest.raises(ks.EvaluationError):
        f(np.ones((2, 3)), 2.0)
    assert not marker.exists() and not os.path.exists(str(marker))


def test_audit_refuses_foreign_names():
    from kronsym.codegen.names import UnsafeSourceError, audit
    audit("def f(a0):\n    x0 = _rt.asarray(a0)\n    return x0\n")
    for bad in ("def f(a0):\n    return __import__('os')\n",
                "def f(a0):\n    return a0.__class__\n",
                "def f(n):\n    return n\n",
                "def f(a0):\n    return _rt.func('system', a0)\n"):
        with pytest.raises(UnsafeSourceError):
            audit(bad, {"exp"})


def test_codegen_refuses_a_forged_function_name():
    Z = ks.MatrixSymbol("Z", 1, 1)
    node = N.ScalarFunc._make(("__import__('os')",), (Z,))
    with pytest.raises(ValueError):
        ks.lambdify([Z], node)


# --- item 8: torch takes non-contiguous Kronecker factors ------------------------------
@pytest.mark.parametrize("e", [ks.kron(X.T, X), ks.kron(ks.inv(X), X),
                               ks.diff(ks.inv(X) @ X.T, X), ks.kron(X.T, X.T, X)],
                         ids=["kron(X.T, X)", "kron(inv(X), X)", "diff(inv(X) X.T, X)",
                              "kron(X.T, X.T, X)"])
def test_torch_kron_of_non_contiguous_factors(e):
    pytest.importorskip("torch")
    x = np.eye(3) + 0.1 * np.arange(9.0).reshape(3, 3)
    got = backend_to_numpy(ks.lambdify([X], e, backend="torch")(x))
    np.testing.assert_allclose(got, reference_evaluate(e, {X: x}), rtol=1e-10, atol=1e-12)


# --- item 7: one meaning per function, in ks.evaluate and every backend -----------------
_XC = np.array([[-2.0, 1.0, 0.0], [0.5, 1.0, 0.3], [0.0, 0.2, 1.5]]) + 1e-3j * np.array(
    [[1.0, -2.0, 0.5], [0.3, 1.0, 0.0], [0.2, 0.1, -1.0]])
DOMAIN_CASES = {
    "logdet complex": (ks.logdet(X), _XC),
    "logdet real det<0": (ks.logdet(X), -np.eye(3) + 0.1),
    "logdet complex det<0": (ks.logdet(X), -np.eye(3) + 0.1 + 1e-20j),
    "sqrt tr<0": (ks.sqrt(ks.trace(X)), -np.eye(3)),
    "tr^(1/2) tr<0": (ks.trace(X) ** sympy.Rational(1, 2), -np.eye(3)),
    "log tr<0": (ks.log(ks.trace(X)), -np.eye(3)),
    "sqrt tr complex<0": (ks.sqrt(ks.trace(X)), -np.eye(3) + 1e-3j),
    "tr^(1/2) complex": (ks.trace(X) ** sympy.Rational(1, 2), -np.eye(3) + 1e-3j),
    "det complex": (ks.det(X) * ks.inv(X), _XC),
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", list(DOMAIN_CASES))
def test_backends_agree_with_evaluate_on_complex_and_out_of_domain(backend, case):
    e, x = DOMAIN_CASES[case]
    with np.errstate(invalid="ignore"):
        want = ks.evaluate(e, {X: x})
        got = backend_to_numpy(ks.lambdify([X], e, backend=backend)(x))
    assert np.iscomplexobj(got) == np.iscomplexobj(want) or not np.iscomplexobj(x) and \
        np.all(np.isnan(got) == np.isnan(want)), (got, want)
    np.testing.assert_allclose(np.asarray(got, dtype=complex), np.asarray(want, dtype=complex),
                               rtol=1e-9, atol=1e-15, equal_nan=True)


def test_out_of_domain_real_input_is_nan_and_logdet_is_log_abs_det():
    with np.errstate(invalid="ignore"):
        assert np.isnan(ks.evaluate(ks.trace(X) ** sympy.Rational(1, 2), {X: -np.eye(3)})[0, 0])
    x = -np.eye(3) + 0.1
    assert ks.evaluate(ks.logdet(X), {X: x})[0, 0] == pytest.approx(np.log(abs(np.linalg.det(x))))


@pytest.mark.parametrize("backend", BACKENDS)
def test_complex_step_through_lambdified_logdet(backend):
    """Im f(X + ih E) / h is the directional derivative tr(X⁻¹ E), also where det X < 0."""
    x = np.array([[-2.0, 1.0], [0.5, 1.0]])           # det < 0
    E = np.array([[0.3, -1.0], [0.7, 0.2]])
    h = 1e-20
    f = ks.lambdify([X], ks.logdet(X), backend=backend)
    got = backend_to_numpy(f(x + 1j * h * E)).astype(complex)[0, 0].imag / h
    assert got == pytest.approx(np.trace(np.linalg.solve(x, E)), rel=1e-9)
