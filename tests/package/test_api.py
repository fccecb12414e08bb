"""Every name of shared/API.md is importable as ks.<name> and behaves as documented."""
import numpy as np

import kronsym as ks

API_NAMES = ["dims", "MatrixSymbol", "transpose", "kron", "vec", "unvec", "K", "I", "zeros", "inv",
             "trace", "det", "logdet", "log", "hadamard", "khatri_rao", "kron_sum", "ShapeError",
             "diff", "grad", "hessian", "derive", "simplify", "equals", "latex", "explicit",
             "evaluate", "lambdify"]


def test_api_names_present():
    for name in API_NAMES:
        assert hasattr(ks, name), name
        assert callable(getattr(ks, name)) or isinstance(getattr(ks, name), type), name


def test_public_functions_have_docstrings_with_examples():
    for name in ks.__all__:
        obj = getattr(ks, name)
        if callable(obj) and not isinstance(obj, type) and not name.startswith("_"):
            assert obj.__doc__ and ">>>" in obj.__doc__, f"ks.{name} needs a docstring example"


def test_conventions():
    m, n = ks.dims("m n")
    A = ks.MatrixSymbol("A", m, n)
    a = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(ks.evaluate(ks.vec(A), {A: a}).ravel(), a.reshape(-1, order="F"))
    np.testing.assert_array_equal(ks.evaluate(ks.K(m, n) @ ks.vec(A), {A: a}),
                                  ks.evaluate(ks.vec(A.T), {A: a}))
    J = ks.diff(ks.trace(A.T @ A), A)
    assert J.shape == (1, m * n)
    assert ks.grad(ks.trace(A.T @ A), A).shape == (m, n)
    assert ks.hessian(ks.trace(A.T @ A), A).shape == (m * n, m * n)
    d = ks.derive(A.T @ A, A)
    assert d.result == ks.diff(A.T @ A, A)
    assert all(hasattr(s, "expr") and hasattr(s, "rule") for s in d.steps)
    assert d.latex().startswith("\\begin{align*}")
