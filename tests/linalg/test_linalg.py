"""kronsym.linalg against the dense routes (np.kron + np.linalg.solve) and scipy."""
from __future__ import annotations

import ast
import pathlib
from functools import reduce

import numpy as np
import pytest
import scipy.linalg as sla

import kronsym as ks
from kronsym import linalg as kl

SEEDS = [0, 1, 2]


def rand(rng, *shape, cplx=False):
    a = rng.standard_normal(shape)
    if cplx:
        a = a + 1j * rng.standard_normal(shape)
    return a


def well_conditioned(rng, n, cplx=False):
    return rand(rng, n, n, cplx=cplx) + 2 * np.sqrt(n) * np.eye(n)


def stable(rng, n, cplx=False):
    """Eigenvalues in the open left half plane (λᵢ + λ̄ⱼ ≠ 0)."""
    a = rand(rng, n, n, cplx=cplx)
    return a - (np.abs(np.linalg.eigvals(a).real).max() + 1.0) * np.eye(n)


def test_module_exported_and_free_of_jax_torch():
    assert ks.linalg is kl
    src = pathlib.Path(kl.__file__).read_text()
    mods = {n.names[0].name.split(".")[0] for n in ast.walk(ast.parse(src))
            if isinstance(n, ast.Import)}
    mods |= {n.module.split(".")[0] for n in ast.walk(ast.parse(src))
             if isinstance(n, ast.ImportFrom) and n.module}
    assert not mods & {"jax", "torch"}
    for name in kl.__all__:
        assert getattr(kl, name).__doc__


# -- kron_matvec / kron_solve ---------------------------------------------------

SHAPES = [[(1, 1), (3, 2)], [(2, 3), (1, 4)], [(3, 3), (2, 2), (4, 1)], [(5, 2)],
          [(1, 1), (1, 1)], [(2, 2), (1, 3), (3, 2), (2, 1)]]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shapes", SHAPES)
def test_kron_matvec_matches_dense(seed, shapes):
    rng = np.random.default_rng(seed)
    fs = [rand(rng, *s, cplx=(seed == 2)) for s in shapes]
    K = reduce(np.kron, fs)
    x = rand(rng, K.shape[1])
    X = rand(rng, K.shape[1], 3)
    np.testing.assert_allclose(kl.kron_matvec(fs, x), K @ x, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(kl.kron_matvec(fs, X), K @ X, rtol=1e-12, atol=1e-12)
    assert kl.kron_matvec(fs, x).shape == (K.shape[0],)


def test_kron_matvec_is_the_vec_trick():
    rng = np.random.default_rng(3)
    A, B, X = rand(rng, 3, 4), rand(rng, 2, 5), rand(rng, 5, 4)
    vec = lambda M: M.reshape(-1, order="F")
    np.testing.assert_allclose(kl.kron_matvec([A, B], vec(X)), vec(B @ X @ A.T))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("sizes", [[1, 3], [4], [2, 3, 2], [1, 1, 1], [3, 1, 5]])
def test_kron_solve_matches_dense(seed, sizes):
    rng = np.random.default_rng(seed)
    fs = [well_conditioned(rng, n, cplx=(seed == 1)) for n in sizes]
    K = reduce(np.kron, fs)
    c, C = rand(rng, K.shape[0]), rand(rng, K.shape[0], 2)
    np.testing.assert_allclose(kl.kron_solve(fs, c), np.linalg.solve(K, c), rtol=1e-10)
    np.testing.assert_allclose(kl.kron_solve(fs, C), np.linalg.solve(K, C), rtol=1e-10)


def test_kron_solve_errors():
    good = np.eye(2)
    with pytest.raises(ValueError, match=r"factors\[1\] must be square, got shape \(2, 3\)"):
        kl.kron_solve([good, np.ones((2, 3))], np.ones(6))
    with pytest.raises(np.linalg.LinAlgError, match=r"factors\[0\] \(shape \(2, 2\)\) is singular"):
        kl.kron_solve([[[1., 2.], [2., 4.]], good], np.ones(4))
    rank_deficient = np.random.default_rng(0).standard_normal((5, 4))
    with pytest.raises(np.linalg.LinAlgError, match="singular"):
        kl.kron_solve([rank_deficient @ rank_deficient.T], np.ones(5))
    with pytest.raises(ValueError, match=r"c has shape \(5,\) but the Kronecker system needs 4 rows"):
        kl.kron_solve([good, good], np.ones(5))


def test_kron_matvec_errors():
    A = np.ones((2, 3))
    with pytest.raises(ValueError, match=r"x has shape \(5,\) but the product 2×3 ⊗ 2×3 needs 9"):
        kl.kron_matvec([A, A], np.ones(5))
    with pytest.raises(TypeError, match="factors must be a list or tuple"):
        kl.kron_matvec(A, np.ones(3))
    with pytest.raises(ValueError, match=r"at least one matrix"):
        kl.kron_matvec([], np.ones(3))
    with pytest.raises(ValueError, match=r"factors\[0\] must be 2-D, got shape \(3,\)"):
        kl.kron_matvec([np.ones(3)], np.ones(3))
    with pytest.raises(TypeError, match=r"factors\[0\] must be a numeric array, got dtype <U1"):
        kl.kron_matvec([[["a"]]], np.ones(1))
    with pytest.raises(ValueError, match=r"x must be 1-D or 2-D, got shape \(3, 1, 1\)"):
        kl.kron_matvec([A], np.ones((3, 1, 1)))
    with pytest.raises(ValueError, match=r"x \(shape \(3,\)\) contains NaN or inf"):
        kl.kron_matvec([A], np.array([1., np.nan, 2.]))
    with pytest.raises(ValueError, match=r"must be non-empty, got shape \(0, 2\)"):
        kl.kron_matvec([np.ones((0, 2))], np.ones(2))


# -- Sylvester / Lyapunov / Kronecker sums ------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("m,n", [(1, 1), (1, 4), (4, 1), (3, 5), (6, 2), (7, 7)])
def test_sylvester_against_dense_and_scipy(seed, m, n):
    rng = np.random.default_rng(seed)
    cplx = seed == 2
    A, B, C = well_conditioned(rng, m, cplx), well_conditioned(rng, n, cplx), rand(rng, m, n, cplx=cplx)
    X = kl.sylvester(A, B, C)
    assert X.shape == (m, n) and np.iscomplexobj(X) == cplx
    np.testing.assert_allclose(A @ X + X @ B, C, atol=1e-10)
    np.testing.assert_allclose(X, kl.sylvester_kron(A, B, C), atol=1e-10)
    np.testing.assert_allclose(X, sla.solve_sylvester(A, B, C), atol=1e-10)
    K = np.kron(np.eye(n), A) + np.kron(B.T, np.eye(m))
    np.testing.assert_allclose(X.reshape(-1, order="F"),
                               np.linalg.solve(K, C.reshape(-1, order="F")), atol=1e-10)


def test_sylvester_non_normal():
    """Jordan-like blocks: the eigenvector route would fail, Schur does not."""
    A = np.array([[1., 1e3, 0.], [0., 1., 1e3], [0., 0., 1.]])
    B = np.array([[2., 5.], [0., 2.]])
    C = np.arange(6.).reshape(3, 2)
    X = kl.sylvester(A, B, C)
    np.testing.assert_allclose(X, sla.solve_sylvester(A, B, C), rtol=1e-8)


def test_sylvester_errors():
    with pytest.raises(np.linalg.LinAlgError, match="A and -B share an eigenvalue"):
        kl.sylvester(np.diag([1., 2.]), np.diag([-2., 5.]), np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"C must be 2×3 for A \(2, 2\) and B \(3, 3\), got shape \(3, 2\)"):
        kl.sylvester(np.eye(2), np.eye(3), np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"B must be square, got shape \(2, 3\)"):
        kl.sylvester(np.eye(2), np.ones((2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"C must be 2×3"):
        kl.sylvester_kron(np.eye(2), np.eye(3), np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"would form a 10000×10000 matrix"):
        kl.sylvester_kron(np.eye(100), np.eye(100), np.ones((100, 100)))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_lyapunov_against_scipy_and_dense(seed, n):
    rng = np.random.default_rng(seed)
    cplx = seed == 2
    A, Q = stable(rng, n, cplx), rand(rng, n, n, cplx=cplx)
    X = kl.lyapunov(A, Q)
    np.testing.assert_allclose(A @ X + X @ A.conj().T, Q, atol=1e-10)
    np.testing.assert_allclose(X, sla.solve_continuous_lyapunov(A, Q), atol=1e-10)
    K = np.kron(np.eye(n), A) + np.kron(A.conj(), np.eye(n))
    np.testing.assert_allclose(X.reshape(-1, order="F"),
                               np.linalg.solve(K, Q.reshape(-1, order="F")), atol=1e-10)
    assert np.iscomplexobj(X) == cplx


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_discrete_lyapunov_against_scipy_and_dense(seed, n):
    rng = np.random.default_rng(seed)
    cplx = seed == 1
    A = rand(rng, n, n, cplx=cplx)
    A = 0.9 * A / np.abs(np.linalg.eigvals(A)).max()
    Q = rand(rng, n, n, cplx=cplx)
    X = kl.discrete_lyapunov(A, Q)
    np.testing.assert_allclose(A @ X @ A.conj().T - X + Q, 0, atol=1e-9)
    np.testing.assert_allclose(X, sla.solve_discrete_lyapunov(A, Q), atol=1e-9)
    K = np.kron(A.conj(), A) - np.eye(n * n)
    np.testing.assert_allclose(X.reshape(-1, order="F"),
                               np.linalg.solve(K, -Q.reshape(-1, order="F")), atol=1e-9)


def test_lyapunov_errors():
    with pytest.raises(np.linalg.LinAlgError, match="singular"):
        kl.lyapunov(np.diag([1., -1.]), np.eye(2))
    with pytest.raises(np.linalg.LinAlgError, match="singular"):
        kl.discrete_lyapunov(np.diag([0.5, 1.0]), np.eye(2))
    with pytest.raises(ValueError, match=r"Q must be 2×2 for A \(2, 2\), got shape \(3, 3\)"):
        kl.lyapunov(-np.eye(2), np.eye(3))
    with pytest.raises(ValueError, match=r"Q must be 2×2"):
        kl.discrete_lyapunov(0.5 * np.eye(2), np.eye(3))
    with pytest.raises(ValueError, match=r"A must be square"):
        kl.lyapunov(np.ones((2, 3)), np.eye(2))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("m,n", [(1, 1), (1, 3), (4, 2), (5, 5)])
def test_kron_sum_solve_against_dense(seed, m, n):
    rng = np.random.default_rng(seed)
    A, B = well_conditioned(rng, m), well_conditioned(rng, n, cplx=(seed == 2))
    S = np.kron(A, np.eye(n)) + np.kron(np.eye(m), B)
    c, C = rand(rng, m * n), rand(rng, m * n, 3)
    np.testing.assert_allclose(kl.kron_sum_solve(A, B, c), np.linalg.solve(S, c), atol=1e-10)
    np.testing.assert_allclose(kl.kron_sum_solve(A, B, C), np.linalg.solve(S, C), atol=1e-10)


def test_kron_sum_solve_errors():
    with pytest.raises(np.linalg.LinAlgError, match="λ \\+ μ = 0"):
        kl.kron_sum_solve(np.diag([1., 2.]), np.diag([-1.]), np.ones(2))
    with pytest.raises(ValueError, match=r"c has shape \(5,\) but A ⊕ B with A \(2, 2\), B \(3, 3\) needs 6"):
        kl.kron_sum_solve(np.eye(2), np.eye(3), np.ones(5))


# -- spectra ---------------------------------------------------------------------

def _as_multiset_close(a, b):
    """Equal as multisets: an optimal matching, not a sort (ties in real parts)."""
    from scipy.optimize import linear_sum_assignment
    a, b = np.asarray(a, complex), np.asarray(b, complex)
    assert a.shape == b.shape
    cost = np.abs(a[:, None] - b[None, :])
    i, j = linear_sum_assignment(cost)
    assert cost[i, j].max() < 1e-8


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("m,n", [(1, 1), (1, 3), (3, 2), (4, 4)])
def test_kron_eig_and_sum_eig(seed, m, n):
    rng = np.random.default_rng(seed)
    A, B = rand(rng, m, m), rand(rng, n, n)
    sym = lambda M: M + M.T                      # real spectrum: sort is stable
    _as_multiset_close(kl.kron_eig(A, B), np.linalg.eigvals(np.kron(A, B)))
    S = np.kron(A, np.eye(n)) + np.kron(np.eye(m), B)
    _as_multiset_close(kl.kron_sum_eig(A, B), np.linalg.eigvals(S))
    # documented order: entry i*n + j is λᵢ μⱼ with eigenvector vᵢ ⊗ wⱼ
    As, Bs = sym(A), sym(B)
    la, V = np.linalg.eig(As)
    lb, W = np.linalg.eig(Bs)
    np.testing.assert_allclose(kl.kron_eig(As, Bs), np.kron(la, lb), atol=1e-12)
    np.testing.assert_allclose(kl.kron_sum_eig(As, Bs), np.add.outer(la, lb).ravel(), atol=1e-12)
    VW = np.kron(V, W)
    np.testing.assert_allclose(np.kron(As, Bs) @ VW, VW * kl.kron_eig(As, Bs), atol=1e-10)


def test_kron_eig_errors():
    with pytest.raises(ValueError, match=r"A must be square, got shape \(2, 3\)"):
        kl.kron_eig(np.ones((2, 3)), np.eye(2))
    with pytest.raises(ValueError, match=r"B must be 2-D, got shape \(2,\)"):
        kl.kron_sum_eig(np.eye(2), np.ones(2))


# -- rearrangement and nearest Kronecker products -----------------------------------

KSHAPES = [((1, 1), (1, 1)), ((2, 3), (4, 1)), ((1, 3), (2, 2)), ((3, 2), (2, 5)),
           ((4, 4), (3, 3)), ((2, 1), (1, 3))]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("sa,sb", KSHAPES)
def test_rearrange_of_kron_is_outer_of_vecs(seed, sa, sb):
    rng = np.random.default_rng(seed)
    A, B = rand(rng, *sa), rand(rng, *sb)
    vec = lambda M: M.reshape(-1, order="F")
    R = kl.rearrange(np.kron(A, B), *sa, *sb)
    np.testing.assert_array_equal(R, np.outer(vec(A), vec(B)))
    M = rand(rng, sa[0] * sb[0], sa[1] * sb[1])
    RM = kl.rearrange(M, *sa, *sb)
    np.testing.assert_array_equal(kl.unrearrange(RM, *sa, *sb), M)
    assert np.isclose(np.linalg.norm(RM), np.linalg.norm(M))
    # linear: R(M) entries are a permutation of M's
    np.testing.assert_array_equal(np.sort(RM.ravel()), np.sort(M.ravel()))


def test_rearrange_block_rows():
    M = np.arange(24.).reshape(4, 6)           # blocks 2×3 of size 2×2
    R = kl.rearrange(M, 2, 3, 2, 2)
    vec = lambda X: X.reshape(-1, order="F")
    for i in range(2):
        for j in range(3):
            np.testing.assert_array_equal(R[i + 2 * j], vec(M[2 * i:2 * i + 2, 2 * j:2 * j + 2]))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("sa,sb", KSHAPES)
def test_nearest_kron_recovers_exact_kron(seed, sa, sb):
    rng = np.random.default_rng(seed)
    cplx = seed == 2
    A, B = rand(rng, *sa, cplx=cplx), rand(rng, *sb, cplx=cplx)
    res = kl.nearest_kron(np.kron(A, B), sa, sb)
    assert isinstance(res, kl.NearestKron) and res.A.shape == sa and res.B.shape == sb
    assert res.residual < 1e-12 * np.linalg.norm(np.kron(A, B))
    np.testing.assert_allclose(np.kron(res.A, res.B), np.kron(A, B), atol=1e-12)
    # recovered up to the scale ambiguity A -> cA, B -> B/c
    k = np.unravel_index(np.argmax(np.abs(A)), A.shape)
    c = res.A[k] / A[k]
    np.testing.assert_allclose(res.A, c * A, atol=1e-12)
    np.testing.assert_allclose(res.B, B / c, atol=1e-12)
    assert np.isclose(np.linalg.norm(res.A), np.linalg.norm(res.B))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("sa,sb", [((2, 3), (4, 1)), ((3, 2), (2, 5)), ((3, 3), (3, 3))])
def test_nearest_kron_is_optimal_on_noisy_input(seed, sa, sb):
    rng = np.random.default_rng(seed)
    M = np.kron(rand(rng, *sa), rand(rng, *sb)) + 0.1 * rand(rng, sa[0] * sb[0], sa[1] * sb[1])
    res = kl.nearest_kron(M, sa, sb)
    np.testing.assert_allclose(res.residual, np.linalg.norm(M - np.kron(res.A, res.B)))
    # no random nearby Kronecker product does better (first-order optimality)
    for _ in range(20):
        A2 = res.A + 1e-3 * rand(rng, *sa)
        B2 = res.B + 1e-3 * rand(rng, *sb)
        assert np.linalg.norm(M - np.kron(A2, B2)) >= res.residual - 1e-12
    # the largest-magnitude entry of A is positive (deterministic sign)
    assert res.A.flat[np.argmax(np.abs(res.A))] > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_nearest_kron_sum(seed):
    rng = np.random.default_rng(seed)
    sa, sb = (3, 2), (2, 4)
    terms = [(rand(rng, *sa), rand(rng, *sb)) for _ in range(3)]
    M = sum(np.kron(a, b) for a, b in terms)
    res3 = kl.nearest_kron_sum(M, sa, sb, 3)
    assert isinstance(res3, kl.NearestKronSum) and len(res3.As) == len(res3.Bs) == 3
    assert res3.residual < 1e-12 * np.linalg.norm(M)
    np.testing.assert_allclose(sum(np.kron(a, b) for a, b in zip(res3.As, res3.Bs)), M, atol=1e-12)
    prev = np.inf
    for r in (1, 2, 3):
        res = kl.nearest_kron_sum(M, sa, sb, r)
        approx = sum(np.kron(a, b) for a, b in zip(res.As, res.Bs))
        np.testing.assert_allclose(res.residual, np.linalg.norm(M - approx), atol=1e-12)
        assert res.residual <= prev + 1e-12
        prev = res.residual
    one = kl.nearest_kron(M, sa, sb)
    r1 = kl.nearest_kron_sum(M, sa, sb, 1)
    np.testing.assert_allclose(np.kron(one.A, one.B), np.kron(r1.As[0], r1.Bs[0]))
    assert one.residual == r1.residual
    # orthogonality of the vec Aᵢ
    G = np.array([[np.vdot(a, b) for b in res3.As] for a in res3.As])
    np.testing.assert_allclose(G - np.diag(np.diag(G)), 0, atol=1e-10)


def test_rearrange_and_nearest_kron_errors():
    with pytest.raises(ValueError, match=r"M must be \(m1·m2\)×\(n1·n2\) = 4×6 .* got shape \(4, 5\)"):
        kl.rearrange(np.ones((4, 5)), 2, 3, 2, 2)
    with pytest.raises(ValueError, match=r"R must be \(m1·n1\)×\(m2·n2\) = 6×4, got shape \(4, 6\)"):
        kl.unrearrange(np.ones((4, 6)), 2, 3, 2, 2)
    with pytest.raises(TypeError, match=r"m1 must be an int, got 2.0"):
        kl.rearrange(np.ones((4, 6)), 2.0, 3, 2, 2)
    with pytest.raises(ValueError, match=r"n2 must be >= 1, got 0"):
        kl.rearrange(np.ones((4, 6)), 2, 3, 2, 0)
    with pytest.raises(ValueError, match=r"M has shape \(4, 6\) but A 2×2 ⊗ B 2×2 is 4×4"):
        kl.nearest_kron(np.ones((4, 6)), (2, 2), (2, 2))
    with pytest.raises(TypeError, match=r"shape_a must be a pair"):
        kl.nearest_kron(np.ones((4, 6)), 2, (2, 2))
    with pytest.raises(ValueError, match=r"r must be <= min\(m1·n1, m2·n2\) = 4 .* got 5"):
        kl.nearest_kron_sum(np.ones((4, 6)), (2, 3), (2, 2), 5)
    with pytest.raises(TypeError, match=r"r must be an int, got True"):
        kl.nearest_kron_sum(np.ones((4, 6)), (2, 3), (2, 2), True)


def test_large_real_uses_rsf2csf_path():
    """n > 32 real inputs take the real-Schur + rsf2csf route: same answers."""
    rng = np.random.default_rng(5)
    A, B, C = well_conditioned(rng, 40), well_conditioned(rng, 36), rand(rng, 40, 36)
    np.testing.assert_allclose(kl.sylvester(A, B, C), sla.solve_sylvester(A, B, C), atol=1e-10)
    S, Q = stable(rng, 40), rand(rng, 40, 40)
    np.testing.assert_allclose(kl.lyapunov(S, Q), sla.solve_continuous_lyapunov(S, Q), atol=1e-10)
    D = 0.9 * S / np.abs(np.linalg.eigvals(S)).max()
    np.testing.assert_allclose(kl.discrete_lyapunov(D, Q), sla.solve_discrete_lyapunov(D, Q),
                               atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("r", [1, 3])
def test_nearest_kron_svds_matches_full_svd(seed, r):
    rng = np.random.default_rng(seed)
    cplx = seed == 2
    sa, sb = (10, 11), (12, 9)                 # R(M) is 110×108: "auto" picks svds for r <= 10
    M = sum(np.kron(rand(rng, *sa, cplx=cplx), rand(rng, *sb, cplx=cplx)) for _ in range(r))
    M = M + 1e-2 * rand(rng, *M.shape, cplx=cplx)
    full = kl.nearest_kron_sum(M, sa, sb, r, method="svd")
    for method in ("svds", "auto"):
        lan = kl.nearest_kron_sum(M, sa, sb, r, method=method)
        np.testing.assert_allclose(lan.residual, full.residual, rtol=1e-8)
        for a, b, a2, b2 in zip(full.As, full.Bs, lan.As, lan.Bs):
            np.testing.assert_allclose(np.kron(a, b), np.kron(a2, b2), atol=1e-8)
    exact = np.kron(rand(rng, *sa), rand(rng, *sb))
    res = kl.nearest_kron(exact, sa, sb, method="svds")
    assert res.residual < 1e-12 * np.linalg.norm(exact)
    np.testing.assert_allclose(np.kron(res.A, res.B), exact, atol=1e-12)


def test_nearest_kron_method_errors():
    with pytest.raises(ValueError, match=r"method must be 'auto', 'svd' or 'svds', got 'eig'"):
        kl.nearest_kron(np.ones((4, 4)), (2, 2), (2, 2), method="eig")
    with pytest.raises(ValueError, match=r"method='svds' needs r < min\(m1·n1, m2·n2\) = 4, got r = 4"):
        kl.nearest_kron_sum(np.ones((4, 4)), (2, 2), (2, 2), 4, method="svds")


def test_mixed_real_complex_and_int_inputs():
    rng = np.random.default_rng(7)
    A, B = well_conditioned(rng, 3), well_conditioned(rng, 2)
    c = rand(rng, 6, cplx=True)
    K = np.kron(A, B)
    np.testing.assert_allclose(kl.kron_solve([A, B], c), np.linalg.solve(K, c), atol=1e-12)
    np.testing.assert_allclose(kl.kron_matvec([A, B], c), K @ c, atol=1e-12)
    # real A, B with complex C / Q: compared with the dense route and with scipy on
    # all-complex copies (scipy 1.17 solve_sylvester / solve_discrete_lyapunov return wrong
    # answers for such mixed dtypes: scipy issue #26177, PR #26227)
    C = rand(rng, 3, 2, cplx=True)
    X = kl.sylvester(A, B, C)
    np.testing.assert_allclose(A @ X + X @ B, C, atol=1e-12)
    np.testing.assert_allclose(X, kl.sylvester_kron(A, B, C), atol=1e-12)
    np.testing.assert_allclose(X, sla.solve_sylvester(A + 0j, B + 0j, C), atol=1e-10)
    D, Q = 0.2 * A, rand(rng, 3, 3, cplx=True)
    Xd = kl.discrete_lyapunov(D, Q)
    np.testing.assert_allclose(D @ Xd @ D.T - Xd + Q, 0, atol=1e-12)
    np.testing.assert_allclose(Xd, sla.solve_discrete_lyapunov(D + 0j, Q), atol=1e-10)
    Xc = kl.lyapunov(-A, Q)
    np.testing.assert_allclose(-A @ Xc - Xc @ A.T, Q, atol=1e-12)
    np.testing.assert_allclose(kl.kron_sum_solve(A, B, c),
                               np.linalg.solve(np.kron(A, np.eye(2)) + np.kron(np.eye(3), B), c))
    Ai = np.array([[2, 1], [0, 3]])               # ints are promoted to float64
    np.testing.assert_allclose(kl.kron_solve([Ai], [3, 3]), np.linalg.solve(Ai, [3., 3.]))
    assert kl.sylvester(Ai, Ai, np.eye(2, dtype=int)).dtype == np.float64
