"""Explicit (SymPy, concrete dims) forms of the pseudo-inverse family.

Owns: ``EXPLICIT_PSEUDO`` (merged into :data:`kronsym.explicit.EXPLICIT`) and
``UNSUPPORTED_PSEUDO`` (the node types with no entrywise closed form, and why).

Contract: X⁺ is the full-rank form (XᵀX)⁻¹Xᵀ (m ≥ n) or Xᵀ(XXᵀ)⁻¹ (m < n), the
generic value for entries in symbols (SymPy's ``Matrix.pinv()`` takes seconds already at
2×3 and gives the same entries); a numeric matrix of lower rank goes to
``Matrix.pinv()``; adj X is ``Matrix.adjugate()``; λ(S) of the symmetric part in closed
form for n ≤ 2 (ascending: (a + d)/2 ∓ √(((a − d)/2)² + b²)); ‖X‖_* = tr √G for the
smaller Gram matrix G when it is at most 2×2 (√g, or √(tr G + 2√det G)). Larger sizes
raise EvaluationError: the eigenvalues of a symbolic n×n matrix have no ordered closed
form. The eigenvectors and the polar factor have no entrywise form here (their signs
and the ordering are decisions, not formulas).
"""
from __future__ import annotations

import sympy

from . import nodes as N
from .errors import EvaluationError

__all__ = ["EXPLICIT_PSEUDO", "UNSUPPORTED_PSEUDO"]


def _eigvalsh(node, s):
    n = s.rows
    a = (s + s.T) / 2
    if n == 1:
        return sympy.Matrix([[a[0, 0]]])
    if n == 2:
        mid, r = (a[0, 0] + a[1, 1]) / 2, sympy.sqrt(((a[0, 0] - a[1, 1]) / 2) ** 2 + a[0, 1] ** 2)
        return sympy.Matrix([[mid - r], [mid + r]])
    raise EvaluationError(f"explicit: {node} of a {n}×{n} matrix has no closed form here "
                          f"(only n ≤ 2); use ks.evaluate for numbers")


def _nuclear_norm(node, x):
    g = x.T * x if x.rows >= x.cols else x * x.T
    if g.rows == 1:
        return sympy.Matrix([[sympy.sqrt(g[0, 0])]])
    if g.rows == 2:
        return sympy.Matrix([[sympy.sqrt(g.trace() + 2 * sympy.sqrt(g.det()))]])
    raise EvaluationError(f"explicit: {node} needs the singular values of a matrix whose "
                          f"smaller side is {g.rows} > 2; use ks.evaluate for numbers")


def _pinv(x):
    if not x.free_symbols:
        return x.pinv()
    if x.rows >= x.cols:
        return (x.T * x).inv() * x.T
    return x.T * (x * x.T).inv()


EXPLICIT_PSEUDO = {
    N.Pinv: lambda n, k, c: _pinv(k[0]),
    N.Adj: lambda n, k, c: k[0].adjugate() if k[0].rows > 1 else sympy.Matrix([[1]]),
    N.Eigvalsh: lambda n, k, c: _eigvalsh(n, k[0]),
    N.NuclearNorm: lambda n, k, c: _nuclear_norm(n, k[0]),
}

UNSUPPORTED_PSEUDO = {
    N.Eigvecsh: "eigenvectors have no entrywise closed form (their order and signs are "
                "choices made numerically); ks.evaluate gives numbers",
    N.Polar: "U Vᵀ of the SVD has no entrywise closed form here; ks.evaluate gives numbers",
}
