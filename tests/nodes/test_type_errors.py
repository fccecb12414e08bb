"""Every public callable of ``kronsym.__all__`` refuses wrong-type arguments with a
TypeError (or ks.ShapeError where a shape is the problem) whose message names the
function and the argument: never an AttributeError or an internal message.

Table-driven: ``CASES`` holds (public name, call, expected error, words the message must
contain). ``test_every_public_callable_has_an_entry`` fails when a public callable is
added to ``kronsym.__all__`` without a row here (or a reason in ``NOT_APPLICABLE``).
"""
import functools
import re

import numpy as np
import pytest

import kronsym as ks

m, n = ks.dims("m n")
A = ks.MatrixSymbol("A", m, n)
X = ks.MatrixSymbol("X", n, n)
x = ks.MatrixSymbol("x", n, 1)
s = ks.trace(X)

#: public names that are not functions taking user data, with the reason
NOT_APPLICABLE = {
    "KronsymError": "exception type", "ShapeError": "exception type",
    "UndecidedShapeError": "exception type", "DimensionError": "exception type",
    "ParseError": "exception type", "EvaluationError": "exception type", "InvalidNameError": "exception type",
    "SerializationError": "exception type",
    "Proof": "result record built by ks.prove", "Verdict": "result record built by ks.verify",
    "Spectrum": "result record built by ks.eigvals / ks.svdvals",
    "Rank": "result record built by ks.rank",
}

# (public name, call, error type, words the message must contain)
CASES = [
    ("dims", lambda: ks.dims(3), TypeError, ["dims", "names"]),
    ("dims", lambda: ks.dims(None), TypeError, ["dims", "names"]),
    ("assume_equal", lambda: ks.assume_equal("m", n).__enter__(), TypeError,
     ["assume_equal", "dimension 1"]),
    ("assume_equal", lambda: ks.assume_equal(m, 2.5).__enter__(), TypeError,
     ["assume_equal", "dimension 2"]),
    ("assume_equal", lambda: ks.assume_equal(m).__enter__(), TypeError, ["assume_equal", "pairs"]),
    ("MatrixSymbol", lambda: ks.MatrixSymbol(3, 2, 2), TypeError, ["MatrixSymbol", "name"]),
    ("MatrixSymbol", lambda: ks.MatrixSymbol("A", None, 2), TypeError, ["MatrixSymbol", "rows"]),
    ("MatrixSymbol", lambda: ks.MatrixSymbol("A", 2, 2.5), TypeError, ["MatrixSymbol", "columns"]),
    ("Expr", lambda: ks.Expr(), TypeError, ["Expr", "abstract"]),
    ("transpose", lambda: ks.transpose("A"), TypeError, ["transpose", "A"]),
    ("kron", lambda: ks.kron(A, "x"), TypeError, ["kron", "factor 2"]),
    ("kron", lambda: ks.kron(A, X, 3), TypeError, ["kron", "factor 3"]),
    ("kron", lambda: ks.kron(), TypeError, ["kron", "factor"]),
    ("vec", lambda: ks.vec(3.5j), TypeError, ["vec", "A"]),
    ("unvec", lambda: ks.unvec([1], n, 1), TypeError, ["unvec", "v"]),
    ("unvec", lambda: ks.unvec(x, "n", 1), TypeError, ["unvec", "rows"]),
    ("unvec", lambda: ks.unvec(x, n, None), TypeError, ["unvec", "columns"]),
    ("K", lambda: ks.K("m", None), TypeError, ["K", "first index"]),
    ("K", lambda: ks.K(m, 2.5), TypeError, ["K", "second index"]),
    ("I", lambda: ks.I([3]), TypeError, ["I", "size"]),
    ("zeros", lambda: ks.zeros(m, "n"), TypeError, ["zeros", "columns"]),
    ("ones", lambda: ks.ones(None, n), TypeError, ["ones", "rows"]),
    ("inv", lambda: ks.inv(np.eye(2)), TypeError, ["inv", "A"]),
    ("trace", lambda: ks.trace(None), TypeError, ["trace", "A"]),
    ("det", lambda: ks.det(2), TypeError, ["det", "A"]),
    ("logdet", lambda: ks.logdet("X"), TypeError, ["logdet", "A"]),
    ("log", lambda: ks.log("s"), TypeError, ["log", "X"]),
    ("exp", lambda: ks.exp(None), TypeError, ["exp", "X"]),
    *[(f, functools.partial(getattr(ks, f), "X"), TypeError, [f, "X"])
      for f in ("sin", "cos", "tan", "tanh", "arcsin", "arccos", "arctan", "abs", "sign",
                "heaviside", "sigmoid", "relu", "softplus")],
    ("power", lambda: ks.power(X, X), TypeError, ["power", "p"]),
    ("power", lambda: ks.power("X", 2), TypeError, ["power", "X"]),
    ("sqrt", lambda: ks.sqrt([1]), TypeError, ["sqrt", "X"]),
    ("hadamard", lambda: ks.hadamard(X, 2), TypeError, ["hadamard", "factor 2"]),
    ("khatri_rao", lambda: ks.khatri_rao(X, None), TypeError, ["khatri_rao", "factor 2"]),
    ("kron_sum", lambda: ks.kron_sum(X, "Y"), TypeError, ["kron_sum", "B"]),
    ("kron_sum", lambda: ks.kron_sum(A, X), ks.ShapeError, ["Kronecker sum", "A is m×n"]),
    ("diag", lambda: ks.diag("v"), TypeError, ["diag", "v"]),
    ("diag", lambda: ks.diag(ks.MatrixSymbol("B", 2, 3)), ks.ShapeError, ["diag", "B is 2×3"]),
    # reductions (kronsym/nodes/reductions.py)
    ("sum", lambda: ks.sum("X"), TypeError, ["sum", "X"]),
    ("sum", lambda: ks.sum(A, axis=2), ValueError, ["axis", "2"]),
    ("norm", lambda: ks.norm(3), TypeError, ["norm", "X"]),
    ("norm2", lambda: ks.norm2([1.0]), TypeError, ["norm2", "X"]),
    ("norm1", lambda: ks.norm1("A"), TypeError, ["norm1", "X"]),
    ("logsumexp", lambda: ks.logsumexp(A), ks.ShapeError, ["logsumexp", "A is m×n"]),
    ("softmax", lambda: ks.softmax(None), TypeError, ["softmax", "v"]),
    ("matrix_power", lambda: ks.matrix_power(X, A), TypeError, ["exponent"]),
    ("matrix_power", lambda: ks.matrix_power(A, 2), ks.ShapeError, ["matrix power", "A is m×n"]),
    # matrix functions (kronsym/build_matfuncs.py)
    ("expm", lambda: ks.expm("X"), TypeError, ["expm(X)", "str"]),
    ("expm", lambda: ks.expm(A), ks.ShapeError, ["expm", "A is m×n"]),
    ("logm", lambda: ks.logm(None), TypeError, ["logm(X)", "NoneType"]),
    ("logm", lambda: ks.logm(A), ks.ShapeError, ["logm", "A is m×n"]),
    ("sqrtm", lambda: ks.sqrtm(2.0), TypeError, ["sqrtm(X)", "float"]),
    ("sqrtm", lambda: ks.sqrtm(A), ks.ShapeError, ["sqrtm", "A is m×n"]),
    ("scalar", lambda: ks.scalar("c"), TypeError, ["scalar(c)", "coefficient"]),
    ("scalar", lambda: ks.scalar(X), TypeError, ["scalar(c)", "kronsym expression"]),
    ("scalar", lambda: ks.scalar(None), TypeError, ["scalar(c)", "None"]),
    ("matmul", lambda: ks.matmul(X, "Y"), TypeError, ["matmul", "factor 2"]),
    ("add", lambda: ks.add(X, 1.5), TypeError, ["add", "term 2"]),
    ("latex", lambda: ks.latex("X"), TypeError, ["latex", "expr"]),
    ("evaluate", lambda: ks.evaluate(X, [1, 2]), TypeError, ["evaluate", "values"]),
    ("evaluate", lambda: ks.evaluate("X", {}), TypeError, ["evaluate", "expr"]),
    ("evaluate", lambda: ks.evaluate(X, {X: np.eye(2)}, max_elements="x"), TypeError,
     ["evaluate", "max_elements"]),
    ("evaluate", lambda: ks.evaluate(X, {X: "abc"}), ks.EvaluationError, ["value of X"]),
    ("explicit", lambda: ks.explicit(X, [2]), TypeError, ["explicit", "dims"]),
    ("explicit", lambda: ks.explicit(None, {n: 2}), TypeError, ["explicit", "expr"]),
    ("explicit", lambda: ks.explicit(X, {n: 2}, max_elements="many"), TypeError,
     ["explicit", "max_elements"]),
    ("diff", lambda: ks.diff(X, "X"), TypeError, ["diff", "X must be a MatrixSymbol"]),
    ("diff", lambda: ks.diff("F", X), TypeError, ["diff", "F must be"]),
    ("diff", lambda: ks.diff(X, X.T), TypeError, ["diff", "X must be a MatrixSymbol"]),
    ("grad", lambda: ks.grad(s, "X"), TypeError, ["grad", "X must be"]),
    ("grad", lambda: ks.grad(None, X), TypeError, ["grad", "F must be"]),
    ("grad", lambda: ks.grad(X, X), ks.ShapeError, ["grad", "f must be 1×1"]),
    ("hessian", lambda: ks.hessian(s, None), TypeError, ["hessian", "X must be"]),
    ("hessian", lambda: ks.hessian(X, X), ks.ShapeError, ["hessian", "f must be 1×1"]),
    ("derive", lambda: ks.derive(X, 3), TypeError, ["derive", "X must be"]),
    ("derive", lambda: ks.derive(None, X), TypeError, ["derive", "F must be"]),
    ("simplify", lambda: ks.simplify(None), TypeError, ["simplify", "expr"]),
    ("simplify", lambda: ks.simplify(X, max_steps="a"), TypeError, ["simplify", "max_steps"]),
    ("equals", lambda: ks.equals(X, "X"), TypeError, ["equals", "b must be"]),
    ("equals", lambda: ks.equals(X, X, trials=None), TypeError, ["equals", "trials"]),
    ("counterexample", lambda: ks.counterexample(None, X), TypeError,
     ["counterexample", "a must be"]),
    ("prove", lambda: ks.prove(X, 2), TypeError, ["prove", "b must be"]),
    ("prove", lambda: ks.prove(X, X, trials="3"), TypeError, ["prove", "trials"]),
    ("prove", lambda: ks.prove(X, X, seed=1.5), TypeError, ["prove", "seed"]),
    ("lambdify", lambda: ks.lambdify("A", X), TypeError, ["lambdify", "args"]),
    ("lambdify", lambda: ks.lambdify(None, X), TypeError, ["lambdify", "args"]),
    ("lambdify", lambda: ks.lambdify([X.T], X), TypeError, ["lambdify", "each argument"]),
    ("lambdify", lambda: ks.lambdify([X], "X"), TypeError, ["lambdify", "expr"]),
    ("lambdify", lambda: ks.lambdify([X], X, backend=3), TypeError, ["lambdify", "backend"]),
    ("lambdify", lambda: ks.lambdify([X], X, form=None), TypeError, ["lambdify", "form"]),
    ("codegen", lambda: ks.codegen("A", X), TypeError, ["codegen", "args"]),
    ("codegen", lambda: ks.codegen([X], None), TypeError, ["codegen", "expr"]),
    ("codegen", lambda: ks.codegen([X], X, backend=None), TypeError, ["codegen", "backend"]),
    ("parse", lambda: ks.parse(3, {}), TypeError, ["parse", "text"]),
    ("parse", lambda: ks.parse("A", [1]), TypeError, ["parse", "shapes"]),
    ("parse", lambda: ks.parse("A", 5), TypeError, ["parse", "shapes"]),
    ("parse", lambda: ks.parse("A", {"A": 3}), TypeError, ["parse", "shape of A"]),
    ("parse", lambda: ks.parse("A", {"A": (2, 2)}, dims=3), TypeError, ["parse", "dims"]),
    ("parse", lambda: ks.parse("A", {"A": (2, 2)}, scalars=3), TypeError, ["parse", "scalars"]),
    ("parse_equation", lambda: ks.parse_equation(None, {}), TypeError, ["parse_equation", "text"]),
    ("parse_equation", lambda: ks.parse_equation("A == A", 5), TypeError,
     ["parse_equation", "shapes"]),
    ("parse_equation", lambda: ks.parse_equation("A == A", [1]), TypeError,
     ["parse_equation", "shapes"]),
    ("verify", lambda: ks.verify(3, {}), TypeError, ["verify", "claim"]),
    ("verify", lambda: ks.verify("A == A", [1]), TypeError, ["verify", "shapes"]),
    ("verify", lambda: ks.verify("A == A", {"A": (2, 2)}, dims=3), TypeError, ["verify", "dims"]),
    ("verify", lambda: ks.verify("A == A", {"A": (2, 2)}, trials="6"), TypeError,
     ["verify", "trials"]),
    ("spy", lambda: ks.spy("X", {n: 2}), TypeError, ["spy", "expr"]),
    ("spy", lambda: ks.spy(X, [2]), TypeError, ["spy", "dims"]),
    ("spy", lambda: ks.spy(X, {n: 2}, blocks="yes"), TypeError, ["spy", "blocks"]),
    ("spy", lambda: ks.spy(X, {n: 2}, values="no"), TypeError, ["spy", "values"]),
    ("spy", lambda: ks.spy(X, {n: 2}, ax=3), TypeError, ["spy", "ax"]),
    ("spy", lambda: ks.spy(X, {n: 2}, save=3), TypeError, ["spy", "save"]),
    ("spy", lambda: ks.spy(X, {n: 2}, seed="a"), TypeError, ["spy", "seed"]),
    ("spy", lambda: ks.spy(X, {n: 2}, title=3), TypeError, ["spy", "title"]),
    ("eigvals", lambda: ks.eigvals("X"), TypeError, ["eigvals", "A"]),
    ("svdvals", lambda: ks.svdvals(None), TypeError, ["svdvals", "A"]),
    ("rank", lambda: ks.rank(3), TypeError, ["rank", "A"]),
    ("to_json", lambda: ks.to_json(None), TypeError, ["to_json", "expr"]),
    ("to_json", lambda: ks.to_json(X, indent="  "), TypeError, ["to_json", "indent"]),
    ("from_json", lambda: ks.from_json(None), TypeError, ["from_json", "text"]),
    # names other branches add to the public API (checked once they exist here)
    ("from_sympy", lambda: ks.from_sympy("A"), TypeError, ["from_sympy"]),
    ("to_sympy", lambda: ks.to_sympy("A"), TypeError, ["to_sympy"]),
    ("tracy_singh", lambda: ks.tracy_singh(A, "B"), TypeError, ["tracy_singh"]),
    ("face_split", lambda: ks.face_split(A, None), TypeError, ["face_split"]),
    ("vecr", lambda: ks.vecr(2.5), TypeError, ["vecr"]),
    ("symmetric", lambda: ks.symmetric(3, n), TypeError, ["symmetric"]),
    ("D", lambda: ks.D("n"), TypeError, ["D"]),
    ("L", lambda: ks.L(None), TypeError, ["L"]),
    ("Nsym", lambda: ks.Nsym([2]), TypeError, ["Nsym"]),
    ("vech", lambda: ks.vech("S"), TypeError, ["vech"]),
    # pseudo-inverse family (kronsym/build_pseudo.py)
    ("pinv", lambda: ks.pinv(np.eye(2)), TypeError, ["pinv", "X"]),
    ("adj", lambda: ks.adj("X"), TypeError, ["adj", "X"]),
    ("adj", lambda: ks.adj(A), ks.ShapeError, ["adjugate", "A is m×n"]),
    ("solve", lambda: ks.solve(X, [1]), TypeError, ["solve(A, B)", "B must be"]),
    ("solve", lambda: ks.solve(A, X), ks.ShapeError, ["solve", "coefficient matrix A", "A is m×n"]),
    ("eigvalsh", lambda: ks.eigvalsh(None), TypeError, ["eigvalsh", "S"]),
    ("eigvecsh", lambda: ks.eigvecsh(3), TypeError, ["eigvecsh", "S"]),
    ("nuclear_norm", lambda: ks.nuclear_norm("X"), TypeError, ["nuclear_norm", "X"]),
    ("polar", lambda: ks.polar(2.0), TypeError, ["polar", "X"]),
]


def _public_callables():
    return [name for name in ks.__all__ if callable(getattr(ks, name))]


def test_every_public_callable_has_an_entry():
    covered = {name for name, *_ in CASES}
    missing = [name for name in _public_callables()
               if name not in covered and name not in NOT_APPLICABLE]
    assert not missing, (f"public callables without a wrong-type case in "
                         f"tests/nodes/test_type_errors.py: {missing}")


@pytest.mark.parametrize("name,call,error,words", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_wrong_type_gives_a_clear_error(name, call, error, words):
    if not hasattr(ks, name):
        pytest.skip(f"ks.{name} is not part of this kronsym")
    with pytest.raises(Exception) as info:
        call()
    e = info.value
    assert isinstance(e, error), (f"ks.{name}: expected {error.__name__}, got "
                                  f"{type(e).__name__}: {e}")
    msg = str(e)
    for w in words:
        assert re.search(r"(?<![A-Za-z_])" + re.escape(w), msg), (
            f"ks.{name}: the message does not name {w!r}: {msg}")
    assert "object has no attribute" not in msg and "not iterable" not in msg, msg
