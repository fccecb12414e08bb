"""Constructors of the reductions and building blocks: check shapes, never rewrite.

Owns: ``sum``, ``norm``, ``norm2``, ``norm1``, ``logsumexp``, ``softmax`` and
``matrix_power`` (the body of ``X ** k`` for a matrix X that is not 1×1). The nodes
are in :mod:`kronsym.nodes.reductions`; ``ks.diag``'s two-way rule is
:func:`kronsym.nodes.reductions.diag_of` (called by :func:`kronsym.build.diag`).

Contract: as :mod:`kronsym.build`: operands are validated (a kronsym expression
where a matrix is expected) and exactly the node asked for is built; the one
convenience is that ``X ** -1`` is ``ks.inv(X)`` and ``X ** k`` of a 1×1 X the
scalar power.
"""
from __future__ import annotations

from typing import Union

import sympy

from . import nodes as N

__all__ = ["sum", "norm", "norm2", "norm1", "logsumexp", "softmax", "matrix_power"]

Scalarish = Union[int, float, complex, sympy.Expr]


def _expr(x, fn: str, arg: str) -> N.Expr:
    if isinstance(x, N.Expr):
        return x
    raise TypeError(f"{fn}({arg}): {arg} must be a kronsym expression (e.g. ks.MatrixSymbol), "
                    f"got {type(x).__name__}")


def sum(X: N.Expr, axis: int | None = None) -> N.Expr:  # noqa: A001  (numpy's name, ks.sum)
    """Sum of the entries of X (1×1); ``axis=0``: the column sums 1ᵀX (1×n); ``axis=1``:
    the row sums X1 (m×1), as numpy.

    >>> import kronsym as ks
    >>> X = ks.MatrixSymbol("X", 2, 3)
    >>> print(ks.sum(X), ks.sum(X, axis=0).shape, ks.sum(X, axis=1).shape)
    sum(X) (1, 3) (2, 1)
    """
    return N.Sum(_expr(X, "sum", "X"), axis)


def norm2(X: N.Expr) -> N.Expr:
    """‖X‖₂: the Euclidean norm of a vector, the Frobenius norm of a matrix (1×1).

    >>> import kronsym as ks
    >>> ks.evaluate(ks.norm2(ks.MatrixSymbol("x", 2, 1)), {"x": [[3.0], [4.0]]})
    array([[5.]])
    """
    return N.Norm2(_expr(X, "norm2", "X"))


def norm(X: N.Expr) -> N.Expr:
    """The same as :func:`norm2`: Euclidean (vector) / Frobenius (matrix) norm.

    >>> import kronsym as ks
    >>> x = ks.MatrixSymbol("x", 3, 1)
    >>> ks.norm(x) is ks.norm2(x)
    True
    """
    return N.Norm2(_expr(X, "norm", "X"))


def norm1(X: N.Expr) -> N.Expr:
    """‖X‖₁ = Σ |X_ij| (entrywise; 1×1). Its gradient at a zero entry is the subgradient
    0 (sign(0) = 0; docs/conventions.md, "Norms").

    >>> import kronsym as ks
    >>> ks.evaluate(ks.norm1(ks.MatrixSymbol("x", 2, 1)), {"x": [[3.0], [-4.0]]})
    array([[7.]])
    """
    return N.Norm1(_expr(X, "norm1", "X"))


def logsumexp(v: N.Expr) -> N.Expr:
    """log Σ_i exp(v_i) of an n×1 column v (1×1), evaluated stably (shifted by max v).

    >>> import kronsym as ks
    >>> ks.evaluate(ks.logsumexp(ks.MatrixSymbol("v", 2, 1)), {"v": [[1000.0], [1000.0]]})
    array([[1000.69314718]])
    """
    return N.LogSumExp(_expr(v, "logsumexp", "v"))


def softmax(v: N.Expr) -> N.Expr:
    """exp(v) / Σ_i exp(v_i) of an n×1 column v (n×1), evaluated stably.

    >>> import kronsym as ks
    >>> ks.evaluate(ks.softmax(ks.MatrixSymbol("v", 2, 1)), {"v": [[1000.0], [1000.0]]})
    array([[0.5],
           [0.5]])
    """
    return N.Softmax(_expr(v, "softmax", "v"))


def matrix_power(X: N.Expr, k: Scalarish) -> N.Expr:
    """Xᵏ for a square X and an integer k (``X ** k``); k = -1 gives ks.inv(X), other
    k < 0 a power of the inverse; a 1×1 X gives the scalar power.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> X = ks.MatrixSymbol("X", n, n)
    >>> print(ks.matrix_power(X, 2), X ** -1)
    X**2 inv(X)
    """
    X = _expr(X, "matrix_power", "X")
    if isinstance(k, N.Expr):
        raise TypeError("the exponent must be a number or SymPy scalar")
    return X ** k      # the operator's body (kronsym.nodes.operators._op_pow)
