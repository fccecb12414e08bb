"""Sylvester, Lyapunov and Stein equations, and Kronecker-sum systems, by Bartels–Stewart.

Owns: :func:`sylvester`, :func:`sylvester_kron` (the dense reference),
:func:`lyapunov`, :func:`discrete_lyapunov`, :func:`kron_sum_solve`, and the
complex-Schur / triangular block substitution they share.

Contract: as kronsym.linalg; an equation without a unique solution raises
``numpy.linalg.LinAlgError`` naming the eigenvalue condition that fails.
"""
from __future__ import annotations

import numpy as np

from .checks import _EPS, _matrix, _real_if, _sla, _trsv, _vector_or_columns

__all__ = ["sylvester", "sylvester_kron", "lyapunov", "discrete_lyapunov", "kron_sum_solve"]


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
