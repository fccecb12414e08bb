"""The pseudo-inverse family's nodes (kronsym/nodes/pseudo.py): shapes, errors in the
user's terms, printing, parsing, JSON, and the numeric kernels (kronsym/pseudo_eval.py)
against numpy/scipy at dims 1, square and non-square."""
import numpy as np
import pytest

import kronsym as ks
from kronsym import pseudo_eval as PE

m, n, p = ks.dims("m n p")
A = ks.MatrixSymbol("A", m, n)
X = ks.MatrixSymbol("X", n, n)
S = ks.symmetric("S", n)
RNG = np.random.default_rng(7)
SHAPES = [(1, 1), (2, 3), (3, 2), (4, 4)]


def test_shapes():
    assert ks.pinv(A).shape == (n, m)
    assert ks.adj(X).shape == (n, n)
    assert ks.eigvalsh(S).shape == (n, 1)
    assert ks.eigvecsh(S).shape == (n, n)
    assert ks.nuclear_norm(A).shape == (1, 1)
    assert ks.polar(A).shape == (m, n)
    assert ks.solve(X, A.T).shape == (n, m)


def test_solve_is_the_inverse_times_b():
    B = ks.MatrixSymbol("B", n, p)
    assert ks.solve(X, B) is ks.inv(X) @ B


@pytest.mark.parametrize("build, text", [
    (lambda: ks.adj(A), "adjugate of A: A is m×n"),
    (lambda: ks.eigvalsh(A), "eigvalsh of A: A is m×n"),
    (lambda: ks.eigvecsh(ks.MatrixSymbol("Z", 2, 3)), "eigvecsh of Z: Z is 2×3; rows (2) ≠ columns (3)"),
    (lambda: ks.solve(A, X), "solve(A, B): the coefficient matrix A: A is m×n"),
    (lambda: ks.solve(X, ks.MatrixSymbol("C", 3, 2)), "solve(X, C): X is n×n, C is 3×2; rows of X (n) and rows of C (3)"),
])
def test_shape_errors_name_operand_and_shapes(build, text):
    with pytest.raises(ks.ShapeError) as e:
        build()
    assert text in str(e.value)


@pytest.mark.parametrize("fn", [ks.pinv, ks.adj, ks.eigvalsh, ks.eigvecsh, ks.nuclear_norm, ks.polar])
def test_non_expression_is_a_type_error_naming_the_function(fn):
    with pytest.raises(TypeError, match=fn.__name__):
        fn(np.eye(2))
    with pytest.raises(TypeError, match=r"solve\(A, B\): B must be"):
        ks.solve(X, "B")


def test_printing_parsing_and_json():
    cases = {ks.pinv(A): ("pinv(A)", "A^{+}"), ks.adj(X): ("adj(X)", "\\operatorname{adj}(X)"),
             ks.eigvalsh(S): ("eigvalsh(S)", "\\lambda(S)"),
             ks.nuclear_norm(A): ("nuclear_norm(A)", "\\lVert A \\rVert_*"),
             ks.polar(A): ("polar(A)", "\\operatorname{polar}(A)"),
             ks.eigvecsh(S): ("eigvecsh(S)", "U_{\\lambda}(S)")}
    for e, (text, tex) in cases.items():
        assert str(e) == text and ks.latex(e) == tex
        assert ks.from_json(ks.to_json(e)) is e
    assert ks.latex(ks.pinv(A.T @ A)) == "(A^{\\top} A)^{+}"
    assert ks.parse("pinv(A) @ A + polar(A).T @ A", {"A": "m,n"}, dims=[m, n]) is \
        ks.pinv(A) @ A + ks.polar(A).T @ A


@pytest.mark.parametrize("shape", SHAPES)
def test_kernels_match_numpy(shape):
    x = RNG.normal(size=shape)
    np.testing.assert_allclose(PE.pinv(x), np.linalg.pinv(x), atol=1e-12)
    u, s, vt = np.linalg.svd(x, full_matrices=False)
    np.testing.assert_allclose(PE.nuclear_norm(x), [[s.sum()]], rtol=1e-12)
    np.testing.assert_allclose(PE.polar(x), u @ vt, atol=1e-12)
    # complex input: the analytic continuation (complex step) agrees at a real point
    np.testing.assert_allclose(PE.pinv(x + 0j), PE.pinv(x), atol=1e-10)
    np.testing.assert_allclose(PE.polar(x + 0j), PE.polar(x), atol=1e-10)
    np.testing.assert_allclose(PE.nuclear_norm(x + 0j), PE.nuclear_norm(x), atol=1e-10)
    if shape[0] == shape[1]:
        k = shape[0]
        np.testing.assert_allclose(PE.adj(x) @ x, np.linalg.det(x) * np.eye(k), atol=1e-10)
        sym = (x + x.T) / 2
        w, v = np.linalg.eigh(sym)
        np.testing.assert_allclose(PE.eigvalsh(x).ravel(), w, atol=1e-12)
        np.testing.assert_allclose(PE.eigvalsh(sym).ravel(), np.linalg.eigvalsh(sym), atol=1e-12)
        U = PE.eigvecsh(x)
        np.testing.assert_allclose(U @ np.diag(w) @ U.T, sym, atol=1e-10)
        np.testing.assert_allclose(np.abs(U), np.abs(v), atol=1e-10)
        assert np.all(U[np.argmax(np.abs(U), axis=0), range(k)] > 0)   # the sign convention
        np.testing.assert_allclose(PE.eigvecsh(x + 0j), U, atol=1e-8)


def test_adjugate_of_singular_matrices_is_the_cofactor_matrix():
    import sympy
    for rank, k in ((2, 3), (1, 3), (0, 2)):
        x = RNG.integers(-3, 4, size=(k, rank)) @ RNG.integers(-3, 4, size=(rank, k)) * 1.0
        want = np.array(sympy.Matrix(x.astype(int)).adjugate(), dtype=float)
        np.testing.assert_allclose(PE.adj(x), want, atol=1e-9)
    np.testing.assert_allclose(PE.adj(np.array([[5.0]])), [[1.0]])


def test_repeated_eigenvalue_raises_naming_the_multiplicity():
    with pytest.raises(PE.RepeatedEigenvalueError, match="eigenvalue 1 of the 3×3 symmetric "
                       "matrix has multiplicity 2"):
        PE.eigvecsh(np.diag([1.0, 1.0, 2.0]))
    with pytest.raises(ks.EvaluationError, match="multiplicity 3"):
        ks.evaluate(ks.eigvecsh(S), {S: 2 * np.eye(3)})
    assert issubclass(PE.RepeatedEigenvalueError, np.linalg.LinAlgError)
    # the eigenvalues themselves are fine at a repeat
    np.testing.assert_allclose(ks.evaluate(ks.eigvalsh(S), {S: 2 * np.eye(3)}), 2 * np.ones((3, 1)))


def test_explicit_forms():
    import sympy
    E = ks.explicit(ks.eigvalsh(ks.MatrixSymbol("T", 2, 2)), {})
    t = np.array([[1.0, 2.0], [0.5, -1.0]])
    sub = {sympy.MatrixSymbol("T", 2, 2): sympy.ImmutableMatrix(t)}
    got = np.array(E.subs(sub).doit().evalf(), dtype=float).ravel()
    np.testing.assert_allclose(got, np.linalg.eigvalsh((t + t.T) / 2), rtol=1e-12)
    with pytest.raises(ks.EvaluationError, match="no closed form"):
        ks.explicit(ks.eigvalsh(X), {n: 3})
    with pytest.raises(ks.EvaluationError, match="Eigvecsh eigenvectors have no entrywise closed form"):
        ks.explicit(ks.eigvecsh(X), {n: 2})
