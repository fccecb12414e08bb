"""Every invalid construction or evaluation raises a clear error naming the
operation, the operands and their shapes."""
import numpy as np
import pytest

import kronsym as ks

m, n, p, q = ks.dims("m n p q")
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
X = ks.MatrixSymbol("X", n, n)


@pytest.mark.parametrize("build,pattern", [
    (lambda: A @ B, r"matrix product A @ B: A is m×n, B is p×q; columns of A \(n\) and rows of B \(p\) cannot be proved equal"),
    (lambda: A + B, r"sum A \+ B: A is m×n, B is p×q; rows of A \(m\) and rows of B \(p\)"),
    (lambda: ks.hadamard(A, A.T), r"Hadamard product A ∘ A.T: A is m×n, A.T is n×m"),
    (lambda: ks.khatri_rao(A, B), r"Khatri–Rao product A ⊙ B: .* columns of A \(n\) and columns of B \(q\)"),
    (lambda: ks.inv(A), r"inverse of A: A is m×n; rows \(m\) and columns \(n\)"),
    (lambda: ks.det(A), r"determinant of A: A is m×n"),
    (lambda: ks.trace(A), r"trace of A: A is m×n"),
    (lambda: ks.logdet(A), r"log-determinant of A"),
    (lambda: ks.unvec(ks.vec(A), n, n), r"unvec of vec\(A\) to n×n: .* rows of the operand \(m\*n\)"),
    (lambda: ks.MatrixSymbol("C", n + 1, n) @ X.T @ ks.MatrixSymbol("D", n + 1, 1),
     r"columns of .* \(n\) ≠ rows of D \(n \+ 1\)"),
    (lambda: ks.MatrixSymbol("C", n + 1, n) + X, r"rows of C \(n \+ 1\) ≠ rows of X \(n\)"),
    (lambda: ks.kron_sum(A, X), r"Kronecker sum of A: A is m×n"),
    (lambda: ks.diag(A), r"diag of A: A is m×n, which cannot be decided"),
    # log of a matrix is entrywise (issue 15); entrywise division checks one shape
    (lambda: A / A.T, r"entrywise division A / A.T: A is m×n, A.T is n×m; rows of A \(m\)"),
    (lambda: A * B, r"'\*' of A \(m×n\) and B \(p×q\)"),
])
def test_shape_errors(build, pattern):
    with pytest.raises(ks.ShapeError, match=pattern):
        build()


def test_assume_equal_declares_dims():
    C = ks.MatrixSymbol("C", p, m)
    with pytest.raises(ks.ShapeError, match=r"ks.assume_equal\(n, p\)"):
        A @ C
    with ks.assume_equal(n, p):
        E = A @ C
    assert E.shape == (m, m)
    with pytest.raises(TypeError, match="pairs"):
        with ks.assume_equal(n):
            pass


@pytest.mark.parametrize("build,exc,pattern", [
    (lambda: ks.MatrixSymbol("A", 0, 2), ks.DimensionError, "positive integer, got 0"),
    (lambda: ks.MatrixSymbol("A", -1, 2), ks.DimensionError, "positive integer"),
    (lambda: ks.MatrixSymbol("A", "m", 2), TypeError, r"ks.dims\('m'\)"),
    (lambda: ks.MatrixSymbol("A", 2.5, 2), TypeError, "int or a SymPy expression"),
    (lambda: ks.MatrixSymbol("1A", 2, 2), TypeError, "identifier"),
    (lambda: ks.MatrixSymbol("A", m / 2, 2), None, None),
    (lambda: ks.kron(A, np.eye(2)), TypeError, "factor 2 must be a kronsym expression"),
    (lambda: ks.vec([[1, 2]]), TypeError, r"vec\(A\): A must be a kronsym expression"),
    (lambda: A @ np.eye(2), TypeError, None),
    (lambda: ks.dims(3), TypeError, "names must be a str"),
    (lambda: ks.I(0), ks.DimensionError, "positive"),
    (lambda: "A" * A, TypeError, None),
])
def test_type_and_dimension_errors(build, exc, pattern):
    if exc is None:
        build()
        return
    with pytest.raises(exc, match=pattern):
        build()


def test_evaluate_errors_name_the_symbol():
    a = np.ones((2, 3))
    with pytest.raises(ks.EvaluationError, match=r"no value given for B \(p×q\)"):
        ks.evaluate(ks.kron(A, B), {A: a})
    with pytest.raises(ks.EvaluationError, match="conflicting dimensions: .*A"):
        ks.evaluate(A @ X, {A: a, X: np.eye(2)})
    with pytest.raises(ks.EvaluationError, match=r"rows of I\(n\) is n, but the dimension n is not determined"):
        ks.evaluate(ks.I(n), {})
    with pytest.raises(ks.EvaluationError, match="must be a 2-D array"):
        ks.evaluate(A, {A: np.ones((2, 3, 4))})
    with pytest.raises(ks.EvaluationError, match="numeric array"):
        ks.evaluate(A, {A: np.array([["a"]])})
    with pytest.raises(ks.EvaluationError, match="needs a value for c"):
        import sympy
        ks.evaluate(sympy.Symbol("c") * A, {A: a})
    with pytest.raises(TypeError, match="kronsym expression"):
        ks.evaluate(np.eye(2), {})
    assert ks.evaluate(A, {A: a, B: np.ones((5, 5))}).shape == (2, 3)   # unused symbols are fine


def test_dense_result_refused_before_allocation():
    C = ks.MatrixSymbol("C", n, n)
    with pytest.raises(ks.EvaluationError, match="over the limit"):
        ks.evaluate(ks.kron(C, C, C), {C: np.ones((200, 200))})
    assert ks.evaluate(ks.kron(C, C), {C: np.ones((3, 3))}, max_elements=100).shape == (9, 9)


def test_division_by_any_zero_is_refused():
    """SymPy's Float(0.0) == 0 is False: X / Float(0.0) must not give complex infinity."""
    import sympy
    X = ks.MatrixSymbol("X", 2, 2)
    for zero in (0, 0.0, sympy.Integer(0), sympy.Float(0.0)):
        with pytest.raises(ZeroDivisionError, match="division of X by zero"):
            X / zero
