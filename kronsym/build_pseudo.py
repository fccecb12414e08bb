"""Constructors of the pseudo-inverse family: check shapes, never rewrite.

Owns: ``pinv``, ``adj``, ``solve``, ``eigvalsh``, ``eigvecsh``, ``nuclear_norm`` and
``polar``. The nodes are in :mod:`kronsym.nodes.pseudo`.

Contract: as :mod:`kronsym.build`. ``solve(A, B)`` is not a node of its own: it builds
``Inverse(A) @ B``, so every rule about inverses (A⁻¹A = I, (A⊗B)⁻¹, transposes, traces)
and the derivative of the inverse apply to it unchanged; the lowering
(kronsym/codegen/lower.py and lower_solve.py) turns every inverse applied to a block, on
either side, into a solve, so ``solve`` never forms A⁻¹.
"""
from __future__ import annotations

from . import nodes as N
from .nodes.checks import _require_dims

__all__ = ["pinv", "adj", "solve", "eigvalsh", "eigvecsh", "nuclear_norm", "polar"]


def _expr(x, fn: str, arg: str = "X") -> N.Expr:
    if isinstance(x, N.Expr):
        return x
    where = fn if fn.endswith(arg) else f"{fn}({arg}): {arg}"
    raise TypeError(f"{where} must be a kronsym expression (e.g. ks.MatrixSymbol), "
                    f"got {type(x).__name__}")


def pinv(X: N.Expr) -> N.Expr:
    """X⁺, the Moore–Penrose inverse of an m×n X (n×m). Its derivative holds on the set
    of matrices of constant rank (docs/matrix_functions.md).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> P = ks.pinv(ks.MatrixSymbol("X", m, n)); print(P, P.shape)
    pinv(X) (n, m)
    """
    return N.Pinv(_expr(X, "pinv"))


def adj(X: N.Expr) -> N.Expr:
    """adj X, the adjugate of a square X (adj(X) X = X adj(X) = det(X) I).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> print(ks.adj(ks.MatrixSymbol("X", n, n)))
    adj(X)
    """
    return N.Adj(_expr(X, "adj"))


def solve(A: N.Expr, B: N.Expr) -> N.Expr:
    """A⁻¹B for a square A with as many rows as B: the expression ``inv(A) @ B``, which
    numeric code computes with a linear solve (never an explicit inverse).

    >>> import kronsym as ks
    >>> n, p = ks.dims("n p")
    >>> A, B = ks.MatrixSymbol("A", n, n), ks.MatrixSymbol("B", n, p)
    >>> print(ks.solve(A, B))
    inv(A) @ B
    >>> "solve" in ks.codegen([A, B], ks.solve(A, B)) and "inv" not in ks.codegen([A, B], ks.solve(A, B))
    True
    """
    a, b = _expr(A, "solve(A, B): A", "A"), _expr(B, "solve(A, B): B", "B")
    _require_dims(a.rows, a.cols, "solve({A}, B): the coefficient matrix {A}", (a,),
                  "rows", "columns")
    _require_dims(a.rows, b.rows, "solve({A}, {B})", (a, b), "rows of {A}", "rows of {B}")
    return N.MatMul(N.Inverse(a), b)


def eigvalsh(S: N.Expr) -> N.Expr:
    """λ(S): the eigenvalues of a symmetric S, ascending, as an n×1 vector (as
    numpy.linalg.eigvalsh; for a square S that is not symmetric, those of ½(S + Sᵀ)).
    Differentiable where the eigenvalues are simple.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> S = ks.symmetric("S", n)
    >>> print(ks.eigvalsh(S), ks.eigvalsh(S).shape)
    eigvalsh(S) (n, 1)
    """
    return N.Eigvalsh(_expr(S, "eigvalsh", "S"))


def eigvecsh(S: N.Expr) -> N.Expr:
    """U(S): the orthonormal eigenvectors of a symmetric S as the columns of an n×n
    matrix, in the order of ``eigvalsh(S)``, each signed so that its largest entry in
    magnitude is positive (defined where the eigenvalues are simple).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> ks.eigvecsh(ks.symmetric("S", n)).shape
    (n, n)
    """
    return N.Eigvecsh(_expr(S, "eigvecsh", "S"))


def nuclear_norm(X: N.Expr) -> N.Expr:
    """‖X‖_*, the sum of the singular values of X (1×1); its gradient is U Vᵀ of the
    thin SVD X = U Σ Vᵀ (``ks.polar(X)``) where X has full rank.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> X = ks.MatrixSymbol("X", m, n)
    >>> print(ks.grad(ks.nuclear_norm(X), X))
    polar(X)
    """
    return N.NuclearNorm(_expr(X, "nuclear_norm"))


def polar(X: N.Expr) -> N.Expr:
    """U Vᵀ of the thin SVD X = U Σ Vᵀ (m×n): the orthogonal polar factor of a full-rank X.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> ks.polar(ks.MatrixSymbol("X", m, n)).shape
    (m, n)
    """
    return N.Polar(_expr(X, "polar"))
