"""Lowering of the reductions and building blocks (kronsym/nodes/reductions.py).

Owns: ``LOWER_REDUCTIONS`` (node type -> lowering), merged into
:data:`kronsym.codegen.lower.LOWER_DENSE`, and the IR ops they emit
(``REDUCTION_OPS``, appended to :data:`kronsym.codegen.ir.OPS`).

Contract: each node becomes one IR op whose kernel is numerically stable in every
backend (``_common.reduction_ops``; mpmath in ``backends/mpmath.py``): ``logsumexp``
and ``softmax`` shift by the largest entry, ``norm2`` scales by the largest
magnitude, ``diagonal`` reads the diagonal without forming an n×n mask,
``matrix_power`` takes an integer (a negative one inverts first). A sum over
an axis keeps its 2-D shape (1×n or m×1).
"""
from __future__ import annotations

import sympy

from .. import nodes as N
from .ir import DimExpr

__all__ = ["LOWER_REDUCTIONS", "REDUCTION_OPS"]

#: the IR ops of this module, each implemented by every backend
REDUCTION_OPS = ("reduce_sum", "diagonal", "norm2", "norm1", "logsumexp", "softmax",
                 "matrix_power")


#: Sum's axis as the int argument of ``reduce_sum``: 0 column sums, 1 row sums, 2 all entries
_AXIS = {0: 0, 1: 1, None: 2}


def _exponent(k):
    k = sympy.sympify(k)
    return int(k) if k.is_Integer else DimExpr(k, "coeff")


def _unary(op):
    return lambda L, n: L.emit(op, L._kid(n.children[0]))


#: reductions: node type -> lowering (L is kronsym.codegen.lower's _Lowering)
LOWER_REDUCTIONS = {
    N.Sum: lambda L, n: L.emit("reduce_sum", L._kid(n.children[0]), _AXIS[n.axis]),
    N.DiagPart: _unary("diagonal"),
    N.Norm2: _unary("norm2"),
    N.Norm1: _unary("norm1"),
    N.LogSumExp: _unary("logsumexp"),
    N.Softmax: _unary("softmax"),
    N.MatPow: lambda L, n: L.emit("matrix_power", L._kid(n.children[0]), _exponent(n.exponent)),
}
