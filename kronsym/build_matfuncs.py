"""Constructors of the matrix functions: check the operand, never rewrite.

Owns: ``expm``, ``logm``, ``sqrtm`` (``ks.expm`` ...). The nodes are in
:mod:`kronsym.nodes.matfuncs`; their domains are stated there and in
docs/matrix_functions.md.

Contract: as :mod:`kronsym.build`: the operand must be a kronsym expression (else a
TypeError naming the call), square (else a ShapeError naming the operand and its
shape), and exactly the node asked for is built.
"""
from __future__ import annotations

from . import nodes as N

__all__ = ["expm", "logm", "sqrtm"]


def _expr(x: object, fn: str) -> N.Expr:
    if isinstance(x, N.Expr):
        return x
    raise TypeError(f"{fn}(X): X must be a square kronsym expression (e.g. ks.MatrixSymbol), "
                    f"got {type(x).__name__}")


def expm(X: N.Expr) -> N.Expr:
    """The matrix exponential e^X = Σ Xᵏ/k! of a square X (not the entrywise ``ks.exp``).

    >>> import numpy as np, kronsym as ks
    >>> X = ks.MatrixSymbol("X", 2, 2)
    >>> ks.evaluate(ks.expm(X), {X: np.array([[0., 1.], [0., 0.]])})
    array([[1., 1.],
           [0., 1.]])
    """
    return N.Expm(_expr(X, "expm"))


def logm(X: N.Expr) -> N.Expr:
    """The principal matrix logarithm of a square X with no eigenvalue on (−∞, 0]:
    the L with e^L = X whose eigenvalues have imaginary parts in (−π, π).

    >>> import numpy as np, kronsym as ks
    >>> X = ks.MatrixSymbol("X", 2, 2)
    >>> ks.evaluate(ks.logm(X), {X: np.diag([1.0, np.e])}).round(12)
    array([[0., 0.],
           [0., 1.]])
    """
    return N.Logm(_expr(X, "logm"))


def sqrtm(X: N.Expr) -> N.Expr:
    """The principal square root X^{1/2} of a square X with no eigenvalue on (−∞, 0]:
    the Y with Y² = X whose eigenvalues have positive real parts.

    >>> import numpy as np, kronsym as ks
    >>> X = ks.MatrixSymbol("X", 2, 2)
    >>> ks.evaluate(ks.sqrtm(X), {X: np.diag([4.0, 9.0])}).round(12)
    array([[2., 0.],
           [0., 3.]])
    """
    return N.Sqrtm(_expr(X, "sqrtm"))
