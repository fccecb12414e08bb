"""Numerics that exploit Kronecker structure (plain numpy + scipy; no jax/torch).

Owns: structured products and solves with A₁⊗…⊗A_k (never formed), the
Sylvester / Lyapunov / Stein equations by Bartels–Stewart, the Van
Loan–Pitsianis rearrangement and nearest Kronecker products, and spectra of
Kronecker products and sums.  See ``docs/linalg.md`` for identities and costs.

Contract: inputs are numpy-convertible numeric arrays (float or complex; ints
and float32 are promoted to float64); bad input raises ``TypeError`` /
``ValueError`` naming the argument and its shape; singular systems raise
``numpy.linalg.LinAlgError`` (a ``ValueError``).  Conventions are those of
kronsym: vec is column-major (``order="F"``), ``(A ⊗ B) vec X = vec(B X Aᵀ)``,
``np.kron`` index order, Kronecker sum ``A ⊕ B = A ⊗ I + I ⊗ B``.
scipy is imported lazily, so ``import kronsym`` works without it.
"""
from __future__ import annotations

import numbers
from typing import List, NamedTuple, Sequence, Tuple

import numpy as np

__all__ = ["kron_matvec", "kron_solve", "sylvester", "sylvester_kron", "lyapunov",
           "discrete_lyapunov", "rearrange", "unrearrange", "nearest_kron",
           "nearest_kron_sum", "NearestKron", "NearestKronSum", "kron_eig",
           "kron_sum_eig", "kron_sum_solve"]

_EPS = np.finfo(np.float64).eps


def _sla():
    try:
        import scipy.linalg as sla
    except ImportError as exc:  # pragma: no cover - scipy is in the test extra
        raise ImportError("kronsym.linalg needs scipy: pip install 'kronsym[sparse]'") from exc
    return sla


# -- validation ----------------------------------------------------------------

def _matrix(name: str, a, square: bool = False, ndim: Tuple[int, ...] = (2,)) -> np.ndarray:
    """``a`` as a float64/complex128 array of an allowed ndim, finite and non-empty."""
    try:
        arr = np.asarray(a)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be a numeric array, got {type(a).__name__}") from exc
    if arr.dtype.kind not in "biufc":
        raise TypeError(f"{name} must be a numeric array, got dtype {arr.dtype} "
                        f"({type(a).__name__})")
    if arr.ndim not in ndim:
        want = " or ".join(f"{d}-D" for d in ndim)
        raise ValueError(f"{name} must be {want}, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must be non-empty, got shape {arr.shape}")
    if square and arr.shape[0] != arr.shape[1]:
        raise ValueError(f"{name} must be square, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} (shape {arr.shape}) contains NaN or inf")
    return arr.astype(np.result_type(arr.dtype, np.float64), copy=False)


def _factors(factors, square: bool = False) -> List[np.ndarray]:
    if isinstance(factors, np.ndarray) or not isinstance(factors, (list, tuple)):
        raise TypeError("factors must be a list or tuple of 2-D arrays, got "
                        f"{type(factors).__name__}")
    if not factors:
        raise ValueError("factors must contain at least one matrix, got []")
    return [_matrix(f"factors[{i}]", f, square) for i, f in enumerate(factors)]


def _posint(name: str, v) -> int:
    if isinstance(v, bool) or not isinstance(v, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {v!r} ({type(v).__name__})")
    if v < 1:
        raise ValueError(f"{name} must be >= 1, got {v}")
    return int(v)


def _shape2(name: str, s) -> Tuple[int, int]:
    if not isinstance(s, (tuple, list)) or len(s) != 2:
        raise TypeError(f"{name} must be a pair (rows, cols), got {s!r}")
    return _posint(f"{name}[0]", s[0]), _posint(f"{name}[1]", s[1])


def _real_if(x: np.ndarray, *inputs: np.ndarray) -> np.ndarray:
    """Drop the (rounding-level) imaginary part when every input was real."""
    if all(not np.iscomplexobj(a) for a in inputs):
        return np.ascontiguousarray(x.real)
    return x


# -- Kronecker products and solves ----------------------------------------------

def _apply_modes(ops, n_in: List[int], x: np.ndarray) -> np.ndarray:
    """Apply ops[i] (maps an (n_i, r) matrix to (m_i, r)) along mode i of x.

    x is (N, p) with N = prod n_in in np.kron (C) order.  Each step contracts
    the leading mode and appends the new one at the end, so after k steps the
    modes are back in order: the reshape + matmul form of the vec trick.
    """
    p = x.shape[1]
    t = x.T.reshape((p,) + tuple(n_in))          # modes (p, n_1, ..., n_k)
    t = np.moveaxis(t, 0, -1)                    # modes (n_1, ..., n_k, p)
    for op, n in zip(ops, n_in):
        rest = t.shape[1:]
        y = op(t.reshape(n, -1))                 # (m_i, prod(rest))
        t = np.ascontiguousarray(y.T).reshape(rest + (y.shape[0],))
    return t.reshape(p, -1).T                    # modes (p, m_1..m_k) -> (M, p)


def _vector_or_columns(name: str, x, n: int, what: str) -> Tuple[np.ndarray, bool]:
    arr = _matrix(name, x, ndim=(1, 2))
    if arr.shape[0] != n:
        raise ValueError(f"{name} has shape {arr.shape} but {what} needs {n} rows")
    return (arr[:, None], True) if arr.ndim == 1 else (arr, False)


def kron_matvec(factors: Sequence[np.ndarray], x: np.ndarray) -> np.ndarray:
    """(A₁ ⊗ A₂ ⊗ … ⊗ A_k) x without forming the Kronecker product.

    ``x`` is a vector of length n₁⋯n_k or a matrix whose columns are such
    vectors.  For k = 2 this is the vec trick ``(A ⊗ B) vec X = vec(B X Aᵀ)``
    (vec column-major); in general each factor multiplies one mode of x
    reshaped to (n₁, …, n_k).  Cost Σᵢ mᵢ·(∏ of the other sizes) flops per
    column instead of ∏mᵢ·∏nᵢ, and no (∏mᵢ)×(∏nᵢ) matrix in memory.

    >>> A, B = np.array([[1., 2.], [3., 4.]]), np.array([[0., 1., 2.]])
    >>> x = np.arange(6.)
    >>> kron_matvec([A, B], x)
    array([33., 71.])
    >>> np.allclose(kron_matvec([A, B], x), np.kron(A, B) @ x)
    True
    """
    fs = _factors(factors)
    n_in = [f.shape[1] for f in fs]
    shapes = " ⊗ ".join(f"{f.shape[0]}×{f.shape[1]}" for f in fs)
    xc, was_vec = _vector_or_columns("x", x, int(np.prod(n_in)), f"the product {shapes}")
    y = _apply_modes([f.__matmul__ for f in fs], n_in, xc)
    return y[:, 0] if was_vec else y


def _lapack(name: str, *arrays):
    """The LAPACK routine for the arrays' dtype (scipy's thin wrappers: no per-call
    validation, which costs more than the solve itself at small sizes)."""
    return _sla().get_lapack_funcs((name,), arrays)[0]


def _lu(name: str, a: np.ndarray):
    """LU factors (getrf) of a square matrix; LinAlgError if singular to working precision."""
    lu, piv, info = _lapack("getrf", a)(a)
    d = np.abs(np.diag(lu))
    if info != 0 or d.min() <= d.max() * a.shape[0] * _EPS or d.max() == 0:
        raise np.linalg.LinAlgError(f"{name} (shape {a.shape}) is singular to working "
                                    f"precision (smallest/largest pivot {d.min():.3g}/"
                                    f"{d.max():.3g}), so the Kronecker product is singular")
    getrs = _lapack("getrs", lu)

    def solve(r: np.ndarray) -> np.ndarray:
        x, inf = getrs(lu, piv, r.astype(lu.dtype, copy=False))
        assert inf == 0, inf
        return x
    return solve


def _trsv(M: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve M x = b for upper triangular M (LAPACK trtrs)."""
    x, info = _lapack("trtrs", M)(M, b)
    if info != 0:
        raise np.linalg.LinAlgError("the equation is singular (zero diagonal in the "
                                    "triangular substitution)")
    return x


def kron_solve(factors: Sequence[np.ndarray], c: np.ndarray) -> np.ndarray:
    """Solve (A₁ ⊗ … ⊗ A_k) x = c using one LU factorization per factor.

    Uses ``(A₁ ⊗ … ⊗ A_k)⁻¹ = A₁⁻¹ ⊗ … ⊗ A_k⁻¹``: each factor is factorized
    once (LAPACK getrf) and its solve is applied to one mode of
    c, as in :func:`kron_matvec`.  Cost Σ nᵢ³ + N·Σ nᵢ (N = ∏nᵢ) instead of N³.
    ``c`` is a vector or a matrix of right-hand-side columns.  Every factor
    must be square; a factor singular to working precision raises
    ``numpy.linalg.LinAlgError`` naming it.

    >>> A, B = np.array([[2., 1.], [0., 1.]]), np.array([[3.]])
    >>> x = kron_solve([A, B], np.array([6., 3.]))
    >>> x
    array([0.5, 1. ])
    >>> np.allclose(np.kron(A, B) @ x, [6., 3.])
    True
    """
    fs = _factors(factors, square=True)
    n_in = [f.shape[0] for f in fs]
    cc, was_vec = _vector_or_columns("c", c, int(np.prod(n_in)), "the Kronecker system")
    if np.iscomplexobj(cc):                       # real LU factors would drop Im(c)
        fs = [f.astype(complex) for f in fs]
    ops = [_lu(f"factors[{i}]", f) for i, f in enumerate(fs)]
    x = _apply_modes(ops, n_in, cc)
    return x[:, 0] if was_vec else x


# -- Sylvester, Lyapunov, Stein ------------------------------------------------

def _schur(a: np.ndarray):
    """Complex Schur form (T upper triangular, U unitary) with a = U T Uᴴ.

    For real a beyond 32×32, the real Schur form + ``rsf2csf`` is about twice
    as fast as complex arithmetic throughout (measured in bench_linalg.py).
    """
    sla = _sla()
    if np.iscomplexobj(a) or a.shape[0] <= 32:
        return sla.schur(a, output="complex", check_finite=False)
    return sla.rsf2csf(*sla.schur(a, check_finite=False), check_finite=False)


def _sep_check(lam: np.ndarray, mu: np.ndarray, combine, what: str, scale: float):
    gap = np.abs(combine(lam[:, None], mu[None, :]))
    tol = max(len(lam), len(mu)) * _EPS * max(scale, 1e-300)
    if gap.min() <= tol:
        raise np.linalg.LinAlgError(f"the equation is singular: {what} (min gap "
                                    f"{gap.min():.3g}), so the solution is not unique")


def _triangular_sylvester(T: np.ndarray, S: np.ndarray, F: np.ndarray,
                          s_lower: bool = False) -> np.ndarray:
    """Solve T Y + Y S = F, T upper triangular, S upper (or lower) triangular.

    Column j of ``(I ⊗ T + Sᵀ ⊗ I) vec Y = vec F`` is
    ``(T + s_jj I) y_j = f_j − Σ_{k solved} s_kj y_k``: the Kronecker matrix is
    block triangular, so block substitution needs only triangular solves.
    """
    Y = np.zeros(F.shape, dtype=np.result_type(T, S, F))
    M = np.array(T, dtype=Y.dtype, order="F")       # one work copy; only its diagonal changes
    diag, t = np.arange(T.shape[0]), np.diag(T)
    order = range(S.shape[0] - 1, -1, -1) if s_lower else range(S.shape[0])
    for j in order:
        rhs = F[:, j] - Y @ S[:, j]                # unsolved columns of Y are still 0
        M[diag, diag] = t + S[j, j]
        Y[:, j] = _trsv(M, rhs)
    return Y


def _sylvester_checked(A, B, C) -> np.ndarray:
    m, n = A.shape[0], B.shape[0]
    if C.shape != (m, n):
        raise ValueError(f"C must be {m}×{n} for A {A.shape} and B {B.shape}, got "
                         f"shape {C.shape}")
    if n > m:                                      # loop over the smaller size
        return _sylvester_checked(B.T, A.T, C.T).T
    T, U = _schur(A)
    S, V = _schur(B)
    _sep_check(np.diag(T), np.diag(S), np.add, "A and -B share an eigenvalue",
               np.abs(T).max() + np.abs(S).max())
    Y = _triangular_sylvester(T, S, U.conj().T @ C @ V)
    return _real_if(U @ Y @ V.conj().T, A, B, C)


def sylvester(A: np.ndarray, B: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Solve the Sylvester equation A X + X B = C (A m×m, B n×n, C m×n).

    Bartels–Stewart: complex Schur forms A = U T Uᴴ, B = V S Vᴴ turn the
    equation into T Y + Y S = Uᴴ C V, whose Kronecker form
    ``(I ⊗ T + Sᵀ ⊗ I) vec Y`` is block triangular; then X = U Y Vᴴ.  Schur
    (not eigenvectors) keeps it stable for non-normal A, B.  Cost
    O(m³ + n³) (Schur forms, then min(m, n) triangular solves) against
    O(m³n³) for :func:`sylvester_kron`.
    Same equation as ``scipy.linalg.solve_sylvester`` (LAPACK trsyl).
    Unique solvability needs λᵢ(A) + μⱼ(B) ≠ 0; otherwise ``LinAlgError``.

    >>> A, B = np.array([[1., 2.], [0., 3.]]), np.array([[4.]])
    >>> C = np.array([[9.], [14.]])
    >>> X = sylvester(A, B, C)
    >>> np.allclose(A @ X + X @ B, C)
    True
    >>> import scipy.linalg
    >>> np.allclose(X, scipy.linalg.solve_sylvester(A, B, C))
    True
    """
    return _sylvester_checked(_matrix("A", A, True), _matrix("B", B, True),
                              _matrix("C", C))


def sylvester_kron(A: np.ndarray, B: np.ndarray, C: np.ndarray,
                   max_unknowns: int = 4096) -> np.ndarray:
    """A X + X B = C solved densely through ``(I_n ⊗ A + Bᵀ ⊗ I_m) vec X = vec C``.

    The textbook route (vec(AXB) = (Bᵀ ⊗ A) vec X): forms the mn×mn matrix
    and calls ``numpy.linalg.solve`` — O(m³n³) time, O(m²n²) memory.  For
    teaching and as the reference for :func:`sylvester`; refuses more than
    ``max_unknowns`` unknowns (m·n) with a ``ValueError``.

    >>> A, B = np.array([[1., 2.], [0., 3.]]), np.array([[4.]])
    >>> sylvester_kron(A, B, np.array([[9.], [14.]]))
    array([[1.],
           [2.]])
    """
    A, B, C = _matrix("A", A, True), _matrix("B", B, True), _matrix("C", C)
    m, n = A.shape[0], B.shape[0]
    if C.shape != (m, n):
        raise ValueError(f"C must be {m}×{n} for A {A.shape} and B {B.shape}, got "
                         f"shape {C.shape}")
    if m * n > max_unknowns:
        raise ValueError(f"sylvester_kron would form a {m*n}×{m*n} matrix (A {A.shape}, "
                         f"B {B.shape}); use sylvester() or raise max_unknowns")
    K = np.kron(np.eye(n), A) + np.kron(B.T, np.eye(m))
    x = np.linalg.solve(K, C.reshape(-1, order="F"))
    return x.reshape(m, n, order="F")


def lyapunov(A: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Solve the continuous Lyapunov equation A X + X Aᴴ = Q (Aᴴ = Aᵀ for real A).

    Sign convention as ``scipy.linalg.solve_continuous_lyapunov(A, Q)`` (note:
    the control-theory form A X + X Aᵀ + Q = 0 is ``lyapunov(A, -Q)``).  One
    complex Schur form A = U T Uᴴ gives T Y + Y Tᴴ = Uᴴ Q U, solved by block
    back substitution (Tᴴ is lower triangular); X = U Y Uᴴ.  Cost O(n³) vs
    O(n⁶) for the dense ``(I ⊗ A + Ā ⊗ I) vec X = vec Q``.  Singular when
    λᵢ + λ̄ⱼ = 0 for some eigenvalues of A (``LinAlgError``).

    >>> A, Q = np.array([[-1., 1.], [0., -2.]]), np.eye(2)
    >>> X = lyapunov(A, Q)
    >>> np.allclose(A @ X + X @ A.T, Q)
    True
    """
    A, Q, n, T, U, lam = _lyapunov_inputs(A, Q)
    _sep_check(lam, lam.conj(), np.add, "λᵢ(A) + conj(λⱼ(A)) = 0", 2 * np.abs(T).max())
    Y = _triangular_sylvester(T, T.conj().T, U.conj().T @ Q @ U, s_lower=True)
    return _real_if(U @ Y @ U.conj().T, A, Q)


def _lyapunov_inputs(A, Q):
    """Validated A (square), Q (same size), n, the complex Schur form A = U T Uᴴ and λ(A)."""
    A, Q = _matrix("A", A, True), _matrix("Q", Q)
    n = A.shape[0]
    if Q.shape != (n, n):
        raise ValueError(f"Q must be {n}×{n} for A {A.shape}, got shape {Q.shape}")
    T, U = _schur(A)
    return A, Q, n, T, U, np.diag(T)


def discrete_lyapunov(A: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Solve the discrete Lyapunov (Stein) equation A X Aᴴ − X + Q = 0.

    Sign convention as ``scipy.linalg.solve_discrete_lyapunov(A, Q)``.  Dense
    form ``(Ā ⊗ A − I) vec X = −vec Q``.  With A = U T Uᴴ (complex Schur),
    Y = Uᴴ X U solves T Y Tᴴ − Y = −F; column j (from the last) is the
    triangular system ``(t̄_jj T − I) y_j = −f_j − T Σ_{k>j} t̄_jk y_k``.  Cost
    O(n³).  Singular when λᵢ λ̄ⱼ = 1 (``LinAlgError``).

    >>> A, Q = np.array([[0.5, 1.], [0., -0.25]]), np.eye(2)
    >>> X = discrete_lyapunov(A, Q)
    >>> np.allclose(A @ X @ A.T - X + Q, 0)
    True
    """
    A, Q, n, T, U, lam = _lyapunov_inputs(A, Q)
    _sep_check(lam, lam.conj(), lambda a, b: a * b - 1, "λᵢ(A)·conj(λⱼ(A)) = 1", 1.0)
    F = U.conj().T @ Q @ U
    Y, diag = np.zeros((n, n), dtype=complex), np.arange(n)
    for j in range(n - 1, -1, -1):
        rhs = -F[:, j] - T @ (Y @ T[j, :].conj())   # unsolved columns of Y are 0
        M = T * T[j, j].conj()
        M[diag, diag] -= 1.0
        Y[:, j] = _trsv(M, rhs)
    return _real_if(U @ Y @ U.conj().T, A, Q)


# -- Van Loan–Pitsianis rearrangement and nearest Kronecker products -----------

def rearrange(M: np.ndarray, m1: int, n1: int, m2: int, n2: int) -> np.ndarray:
    """The Van Loan–Pitsianis rearrangement R(M), with R(A ⊗ B) = vec(A) vec(B)ᵀ.

    M is (m1·m2)×(n1·n2), viewed as m1×n1 blocks Mᵢⱼ of size m2×n2; row
    i + j·m1 of R(M) (an (m1·n1)×(m2·n2) matrix) is vec(Mᵢⱼ)ᵀ.  A pure
    permutation of entries, so ‖R(M)‖_F = ‖M‖_F.  Inverse: :func:`unrearrange`.

    >>> A, B = np.array([[1., 2.]]), np.array([[1.], [10.]])
    >>> rearrange(np.kron(A, B), 1, 2, 2, 1)
    array([[ 1., 10.],
           [ 2., 20.]])
    """
    M = _matrix("M", M)
    m1, n1, m2, n2 = (_posint(k, v) for k, v in zip(("m1", "n1", "m2", "n2"),
                                                    (m1, n1, m2, n2)))
    if M.shape != (m1 * m2, n1 * n2):
        raise ValueError(f"M must be (m1·m2)×(n1·n2) = {m1*m2}×{n1*n2} for blocks "
                         f"{m1}×{n1} of {m2}×{n2}, got shape {M.shape}")
    t = M.reshape(m1, m2, n1, n2).transpose(0, 2, 1, 3)     # (i, j, r, s)
    return t.reshape(m1 * n1, m2 * n2, order="F")


def unrearrange(R: np.ndarray, m1: int, n1: int, m2: int, n2: int) -> np.ndarray:
    """Inverse of :func:`rearrange`: M with rearrange(M, m1, n1, m2, n2) == R.

    >>> M = np.arange(12.).reshape(4, 3)
    >>> np.array_equal(unrearrange(rearrange(M, 2, 3, 2, 1), 2, 3, 2, 1), M)
    True
    """
    R = _matrix("R", R)
    m1, n1, m2, n2 = (_posint(k, v) for k, v in zip(("m1", "n1", "m2", "n2"),
                                                    (m1, n1, m2, n2)))
    if R.shape != (m1 * n1, m2 * n2):
        raise ValueError(f"R must be (m1·n1)×(m2·n2) = {m1*n1}×{m2*n2}, got shape {R.shape}")
    t = R.reshape(m1, n1, m2, n2, order="F").transpose(0, 2, 1, 3)  # (i, r, j, s)
    return t.reshape(m1 * m2, n1 * n2)


class NearestKron(NamedTuple):
    """Result of :func:`nearest_kron`: M ≈ A ⊗ B, residual = ‖M − A ⊗ B‖_F."""
    A: np.ndarray
    B: np.ndarray
    residual: float


class NearestKronSum(NamedTuple):
    """Result of :func:`nearest_kron_sum`: M ≈ Σᵢ As[i] ⊗ Bs[i]."""
    As: List[np.ndarray]
    Bs: List[np.ndarray]
    residual: float


def _kron_svd(M, shape_a, shape_b, r, method):
    (m1, n1), (m2, n2) = _shape2("shape_a", shape_a), _shape2("shape_b", shape_b)
    M = _matrix("M", M)
    if M.shape != (m1 * m2, n1 * n2):
        raise ValueError(f"M has shape {M.shape} but A {m1}×{n1} ⊗ B {m2}×{n2} is "
                         f"{m1*m2}×{n1*n2}")
    rmax = min(m1 * n1, m2 * n2)
    r = _posint("r", r)
    if r > rmax:
        raise ValueError(f"r must be <= min(m1·n1, m2·n2) = {rmax} for A {m1}×{n1}, "
                         f"B {m2}×{n2}, got {r}")
    if method not in ("auto", "svd", "svds"):
        raise ValueError(f"method must be 'auto', 'svd' or 'svds', got {method!r}")
    if method == "svds" and r >= rmax:
        raise ValueError(f"method='svds' needs r < min(m1·n1, m2·n2) = {rmax}, got r = {r}")
    R = rearrange(M, m1, n1, m2, n2)
    if method == "svds" or (method == "auto" and rmax >= 100 and r <= rmax // 10):
        from scipy.sparse.linalg import svds
        v0 = np.random.default_rng(0).standard_normal(rmax)      # deterministic start
        u, s, vh = svds(R, k=r, v0=v0)
        idx = np.argsort(s)[::-1]
        u, s, vh = u[:, idx], s[idx], vh[idx]
        residual = float(np.linalg.norm(R - (u * s) @ vh))     # direct: no cancellation
    else:
        u, s, vh = np.linalg.svd(R, full_matrices=False)
        residual = float(np.sqrt(np.sum(s[r:] ** 2)))
    As, Bs = [], []
    for k in range(r):
        a, b = u[:, k] * np.sqrt(s[k]), vh[k, :] * np.sqrt(s[k])
        big = a[np.argmax(np.abs(a))]               # fix the ±1 / phase ambiguity:
        if big != 0:                                # largest entry of A real positive
            ph = big / abs(big)
            a, b = a / ph, b * ph
        As.append(a.reshape(m1, n1, order="F"))
        Bs.append(b.reshape(m2, n2, order="F"))
    return As, Bs, residual


def nearest_kron(M: np.ndarray, shape_a: Tuple[int, int], shape_b: Tuple[int, int],
                 method: str = "auto") -> NearestKron:
    """The A (shape_a), B (shape_b) minimizing ‖M − A ⊗ B‖_F (Van Loan & Pitsianis 1993).

    ‖M − A ⊗ B‖_F = ‖R(M) − vec(A) vec(B)ᵀ‖_F (see :func:`rearrange`), so the
    best rank-one approximation of R(M) — its leading singular triple σ₁, u₁,
    v₁ — gives vec A = √σ₁ u₁, vec B = √σ₁ v̄₁.  Returns ``NearestKron(A, B,
    residual)`` with residual = ‖M − A ⊗ B‖_F = √(σ₂² + σ₃² + …).  A ⊗ B is
    unique when σ₁ > σ₂; the split is fixed by ‖A‖_F = ‖B‖_F and the
    largest-magnitude entry of A real > 0.  ``method``: "svd" (full SVD of the
    p×q matrix R(M), p = m1·n1, q = m2·n2: O(pq·min(p, q))), "svds" (Lanczos,
    ``scipy.sparse.linalg.svds``: leading triples only, residual computed
    directly), "auto" (svds when min(p, q) >= 100 and r <= min(p, q)/10).

    >>> A, B = np.array([[1., 2., 3.]]), np.array([[4.], [5.]])
    >>> res = nearest_kron(np.kron(A, B), (1, 3), (2, 1))
    >>> np.allclose(np.kron(res.A, res.B), np.kron(A, B)), res.residual < 1e-12
    (True, True)
    """
    As, Bs, res = _kron_svd(M, shape_a, shape_b, 1, method)
    return NearestKron(As[0], Bs[0], res)


def nearest_kron_sum(M: np.ndarray, shape_a: Tuple[int, int], shape_b: Tuple[int, int],
                     r: int, method: str = "auto") -> NearestKronSum:
    """The best Σᵢ₌₁ʳ Aᵢ ⊗ Bᵢ approximation of M in Frobenius norm.

    The truncated SVD of R(M) (Eckart–Young): vec Aᵢ = √σᵢ uᵢ, vec Bᵢ = √σᵢ v̄ᵢ,
    so the vec Aᵢ are mutually orthogonal, as are the vec Bᵢ.  Returns
    ``NearestKronSum(As, Bs, residual)`` (lists of length r; residual =
    √(Σ_{i>r} σᵢ²)).  r ranges over 1 … min(m1·n1, m2·n2); r at the maximum is
    exact.  ``method`` as in :func:`nearest_kron`.

    >>> rng = np.random.default_rng(0)
    >>> M = np.kron(rng.random((2, 2)), rng.random((3, 3))) + np.kron(np.eye(2), np.eye(3))
    >>> res = nearest_kron_sum(M, (2, 2), (3, 3), 2)
    >>> len(res.As), res.residual < 1e-12
    (2, True)
    """
    return NearestKronSum(*_kron_svd(M, shape_a, shape_b, r, method))


# -- spectra and Kronecker sums -------------------------------------------------

def kron_eig(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Eigenvalues of A ⊗ B as all products λᵢ μⱼ, in np.kron order.

    Entry i·n + j is λᵢ μⱼ (λ = ``np.linalg.eigvals(A)``, μ = eigvals of B,
    B n×n), the eigenvalue of the eigenvector vᵢ ⊗ wⱼ: (A ⊗ B)(v ⊗ w) =
    Av ⊗ Bw.  Cost O(m³ + n³) instead of O(m³n³).

    >>> kron_eig(np.diag([1., 2.]), np.diag([3., 5.]))
    array([ 3.,  5.,  6., 10.])
    """
    A, B = _matrix("A", A, True), _matrix("B", B, True)
    return np.outer(np.linalg.eigvals(A), np.linalg.eigvals(B)).ravel()


def kron_sum_eig(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Eigenvalues of the Kronecker sum A ⊕ B = A ⊗ I_n + I_m ⊗ B as all sums λᵢ + μⱼ.

    Entry i·n + j is λᵢ + μⱼ, the eigenvalue of vᵢ ⊗ wⱼ (same order as
    :func:`kron_eig`).

    >>> kron_sum_eig(np.diag([1., 2.]), np.diag([10., 20.]))
    array([11., 21., 12., 22.])
    """
    A, B = _matrix("A", A, True), _matrix("B", B, True)
    return np.add.outer(np.linalg.eigvals(A), np.linalg.eigvals(B)).ravel()


def kron_sum_solve(A: np.ndarray, B: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Solve (A ⊕ B) x = c, A ⊕ B = A ⊗ I_n + I_m ⊗ B (A m×m, B n×n).

    With x = vec X (X n×m), (A ⊗ I) vec X = vec(X Aᵀ) and (I ⊗ B) vec X =
    vec(B X), so this is the Sylvester equation B X + X Aᵀ = unvec(c).  The two
    Schur forms are computed once and reused for every column of c.  Singular
    when λᵢ(A) + μⱼ(B) = 0 (``LinAlgError``).

    >>> A, B = np.array([[1., 1.], [0., 2.]]), np.array([[3.]])
    >>> x = kron_sum_solve(A, B, np.array([5., 10.]))
    >>> np.allclose((np.kron(A, np.eye(1)) + np.kron(np.eye(2), B)) @ x, [5., 10.])
    True
    """
    A, B = _matrix("A", A, True), _matrix("B", B, True)
    m, n = A.shape[0], B.shape[0]
    cc, was_vec = _vector_or_columns("c", c, m * n, f"A ⊕ B with A {A.shape}, B {B.shape}")
    T, U = _schur(B)
    S, V = _schur(A.T)
    _sep_check(np.diag(T), np.diag(S), np.add, "eigenvalues λ of A and μ of B with λ + μ = 0",
               np.abs(T).max() + np.abs(S).max())
    cols = []
    for k in range(cc.shape[1]):
        C = cc[:, k].reshape(n, m, order="F")
        Y = _triangular_sylvester(T, S, U.conj().T @ C @ V)
        cols.append((U @ Y @ V.conj().T).reshape(-1, order="F"))
    x = _real_if(np.stack(cols, axis=1), A, B, cc)
    return x[:, 0] if was_vec else x
