"""The hypothesis strategy's draws of the pseudo-inverse family (kronsym/nodes/pseudo.py).

Owns: ``pseudo_expr``, a method of the expression drawer of :mod:`kronsym.strategies`.

Contract: the drawn nodes are defined and differentiable at the values
``kronsym.testing.random_values`` gives: pinv and polar of a symbol (full rank), adj of a
well-conditioned matrix, eigvalsh / eigvecsh of a square symbol (simple eigenvalues),
the nuclear norm of a symbol.
"""
from __future__ import annotations

from . import build_pseudo as BP
from .strategy_shapes import _scalar_shape, _square

__all__ = ["pseudo_expr"]


def pseudo_expr(self, shape, depth):
    """pinv and polar of a symbol (full rank for random values), adj of a well-conditioned
    matrix, eigvalsh / eigvecsh of a square symbol (simple eigenvalues for random values),
    the nuclear norm of a symbol."""
    r, c = shape
    options = ["pinv", "polar"] + (["eigvalsh"] if c == 1 else [])
    if _square(shape):
        options += ["adj", "eigvecsh"]
    if _scalar_shape(shape):
        options.append("nuclear_norm")
    kind = self.choice(options, "pseudo")
    if kind == "pinv":
        return BP.pinv(self.symbol((c, r)))
    if kind == "polar":
        return BP.polar(self.symbol(shape))
    if kind == "eigvalsh":
        return BP.eigvalsh(self.symbol((r, r)))
    if kind == "adj":
        return BP.adj(self.safe(r, depth))
    if kind == "eigvecsh":
        return BP.eigvecsh(self.symbol(shape))
    return BP.nuclear_norm(self.symbol((self.small_dim(), self.small_dim())))
