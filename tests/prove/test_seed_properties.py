"""The properties of seeds 001 and 002 that are facts about values rather than
identities between expressions, checked numerically through kronsym."""
import numpy as np
import pytest

import kronsym as ks

m, n, p, q = ks.dims("m n p q")


def test_the_2x2_example_of_seed_001():
    A, B = ks.MatrixSymbol("A", 2, 2), ks.MatrixSymbol("B", 2, 2)
    got = ks.evaluate(ks.kron(A, B), {A: np.array([[1, 2], [3, 4]]), B: np.array([[5, 6], [7, 8]])})
    want = np.array([[5, 6, 10, 12], [7, 8, 14, 16], [15, 18, 20, 24], [21, 24, 28, 32]])
    np.testing.assert_array_equal(got, want)


def test_numpy_reshape_orders_of_seed_001():
    a = np.array([1, 2, 3, 4, 5, 6])
    v = ks.MatrixSymbol("v", 6, 1)
    F = ks.evaluate(ks.unvec(v, 2, 3), {v: a})            # kronsym's unvec is order "F"
    np.testing.assert_array_equal(F, a.reshape((2, 3), order="F"))
    np.testing.assert_array_equal(F, [[1, 3, 5], [2, 4, 6]])
    assert not np.array_equal(F, a.reshape((2, 3), order="C"))
    # row-major (order "C") flattening is vec of the transpose
    M = ks.MatrixSymbol("M", 2, 3)
    mv = np.arange(6.).reshape(2, 3)
    np.testing.assert_array_equal(ks.evaluate(ks.vec(M.T), {M: mv}).ravel(), mv.reshape(-1, order="C"))


@pytest.mark.parametrize("mm,nn", [(1, 1), (2, 3), (3, 2), (4, 4)])
def test_eigenvalues_of_kron_are_products(mm, nn):
    rng = np.random.default_rng(mm * 10 + nn)
    a = rng.normal(size=(mm, mm))
    a = a + a.T
    b = rng.normal(size=(nn, nn))
    b = b + b.T
    A, B = ks.MatrixSymbol("A", m, m), ks.MatrixSymbol("B", n, n)
    k = ks.evaluate(ks.kron(A, B), {A: a, B: b})
    lam, mu = np.linalg.eigvalsh(a), np.linalg.eigvalsh(b)
    np.testing.assert_allclose(np.sort(np.linalg.eigvalsh(k)), np.sort(np.outer(lam, mu).ravel()),
                               atol=1e-10)
    ksum = ks.evaluate(ks.kron_sum(A, B), {A: a, B: b})
    np.testing.assert_allclose(np.sort(np.linalg.eigvalsh(ksum)),
                               np.sort(np.add.outer(lam, mu).ravel()), atol=1e-10)


@pytest.mark.parametrize("dims", [{m: 1, n: 1, p: 1, q: 1}, {m: 2, n: 3, p: 4, q: 1},
                                  {m: 3, n: 2, p: 2, q: 3}])
def test_algebraic_properties_numerically(dims):
    from kronsym.testing import random_values
    A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    C, D = ks.MatrixSymbol("C", n, m), ks.MatrixSymbol("D", q, p)
    P, Q = ks.MatrixSymbol("P", m, m), ks.MatrixSymbol("Q", n, n)
    x = ks.MatrixSymbol("x", n, 1)
    X = ks.MatrixSymbol("X", n, p)
    pairs = [
        (ks.kron(A, B) @ ks.kron(C, D), ks.kron(A @ C, B @ D)),             # mixed product
        (ks.kron(A, B).T, ks.kron(A.T, B.T)),                               # transpose
        (ks.inv(ks.kron(P, Q)), ks.kron(ks.inv(P), ks.inv(Q))),             # inverse
        (ks.trace(ks.kron(P, Q)), ks.trace(P) * ks.trace(Q)),               # trace
        (ks.det(ks.kron(P, Q)), ks.det(P) ** n * ks.det(Q) ** m),           # determinant
        (ks.vec(x @ x.T), ks.kron(x, x)),                                   # vec(x xᵀ)
        (ks.vec(A @ X @ B), ks.kron(B.T, A) @ ks.vec(X)),                   # vec trick
        (ks.K(m, n) @ ks.vec(A), ks.vec(A.T)),                              # commutation
        (ks.vec((A @ X @ B).T), ks.kron(A, B.T) @ ks.vec(X.T)),             # row-ordered vec
    ]
    for a, b in pairs:
        vals = random_values(ks.add(ks.vec(a), ks.vec(b)) if a.shape == b.shape else a, dims,
                             seed=1, extra=list(b.free_symbols))
        np.testing.assert_allclose(ks.evaluate(a, vals), ks.evaluate(b, vals), rtol=1e-9, atol=1e-9,
                                   err_msg=f"{a} = {b}")
