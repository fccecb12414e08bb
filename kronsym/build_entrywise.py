"""Constructors of the entrywise functions: ``ks.exp``, ``ks.log``, ..., ``ks.power``.

Owns: one public builder per row of :data:`kronsym.entrywise_funcs.ENTRYWISE_FUNCS`
and ``power``.

Contract: each builder takes a kronsym expression of any shape (a number is taken as
the 1×1 constant) and builds exactly one :class:`kronsym.nodes.entrywise.EntrywiseFunc`
(or :class:`kronsym.nodes.Power`) over it: f is applied entry by entry, numpy's
meaning; a 1×1 argument gives the scalar function. Nothing is simplified.
"""
from __future__ import annotations

from typing import Union

import sympy

from . import nodes as N
from .nodes.operators import _expr, _is_number_like, scalar

__all__ = ["log", "exp", "sqrt", "sin", "cos", "tan", "tanh", "arcsin", "arccos", "arctan",
           "abs_", "sign", "heaviside", "sigmoid", "relu", "softplus", "power"]

Operand = Union[N.Expr, int, float, sympy.Expr]


def _apply(name: str, x: Operand) -> N.Expr:
    if _is_number_like(x):
        x = scalar(x)
    return N.EntrywiseFunc(name, _expr(x, name, "X"))


def exp(X: Operand) -> N.Expr:
    """e^x of every entry of X (not the matrix exponential).

    >>> import kronsym as ks
    >>> str(ks.exp(ks.trace(ks.MatrixSymbol("X", 3, 3))))
    'exp(tr(X))'
    >>> ks.exp(ks.MatrixSymbol("X", 2, 3)).shape
    (2, 3)
    """
    return _apply("exp", X)


def log(X: Operand) -> N.Expr:
    """The natural logarithm of every entry of X (domain: entries > 0).

    >>> import kronsym as ks
    >>> X = ks.MatrixSymbol("X", 3, 3)
    >>> str(ks.log(ks.det(X))), str(ks.log(X))
    ('log(det(X))', 'log(X)')
    """
    return _apply("log", X)


def sqrt(X: Operand) -> N.Expr:
    """The square root of every entry of X (domain: entries ≥ 0).

    >>> import kronsym as ks
    >>> x = ks.MatrixSymbol("x", 3, 1)
    >>> str(ks.sqrt(x.T @ x))
    'sqrt(x.T @ x)'
    """
    return _apply("sqrt", X)


def sin(X: Operand) -> N.Expr:
    """sin of every entry of X.

    >>> import kronsym as ks
    >>> str(ks.sin(ks.MatrixSymbol("X", 2, 2)))
    'sin(X)'
    """
    return _apply("sin", X)


def cos(X: Operand) -> N.Expr:
    """cos of every entry of X.

    >>> import kronsym as ks
    >>> str(ks.cos(ks.MatrixSymbol("X", 2, 2)))
    'cos(X)'
    """
    return _apply("cos", X)


def tan(X: Operand) -> N.Expr:
    """tan of every entry of X.

    >>> import kronsym as ks
    >>> str(ks.tan(ks.MatrixSymbol("X", 2, 2)))
    'tan(X)'
    """
    return _apply("tan", X)


def tanh(X: Operand) -> N.Expr:
    """tanh of every entry of X.

    >>> import kronsym as ks
    >>> str(ks.tanh(ks.MatrixSymbol("X", 2, 2)))
    'tanh(X)'
    """
    return _apply("tanh", X)


def arcsin(X: Operand) -> N.Expr:
    """arcsin of every entry of X (domain: |entries| ≤ 1; differentiable for |x| < 1).

    >>> import kronsym as ks
    >>> str(ks.arcsin(ks.MatrixSymbol("X", 2, 2)))
    'arcsin(X)'
    """
    return _apply("arcsin", X)


def arccos(X: Operand) -> N.Expr:
    """arccos of every entry of X (domain: |entries| ≤ 1; differentiable for |x| < 1).

    >>> import kronsym as ks
    >>> str(ks.arccos(ks.MatrixSymbol("X", 2, 2)))
    'arccos(X)'
    """
    return _apply("arccos", X)


def arctan(X: Operand) -> N.Expr:
    """arctan of every entry of X.

    >>> import kronsym as ks
    >>> str(ks.arctan(ks.MatrixSymbol("X", 2, 2)))
    'arctan(X)'
    """
    return _apply("arctan", X)


def abs_(X: Operand) -> N.Expr:
    """|x| of every entry of X (``ks.abs``); its derivative uses sign(x), 0 at 0.

    >>> import kronsym as ks
    >>> str(ks.abs(ks.MatrixSymbol("X", 2, 2)))
    'abs(X)'
    """
    return _apply("abs", X)


def sign(X: Operand) -> N.Expr:
    """sign of every entry of X (−1, 0 or 1, numpy's sign).

    >>> import kronsym as ks
    >>> str(ks.sign(ks.MatrixSymbol("X", 2, 2)))
    'sign(X)'
    """
    return _apply("sign", X)


def heaviside(X: Operand) -> N.Expr:
    """The step function of every entry of X: 1 where x > 0, else 0 (relu's derivative).

    >>> import kronsym as ks
    >>> str(ks.heaviside(ks.MatrixSymbol("X", 2, 2)))
    'heaviside(X)'
    """
    return _apply("heaviside", X)


def sigmoid(X: Operand) -> N.Expr:
    """The logistic function σ(x) = 1/(1 + e^{−x}) of every entry of X.

    >>> import kronsym as ks
    >>> str(ks.sigmoid(ks.MatrixSymbol("X", 2, 2)))
    'sigmoid(X)'
    """
    return _apply("sigmoid", X)


def relu(X: Operand) -> N.Expr:
    """max(x, 0) of every entry of X; its derivative uses heaviside(x), 0 at 0.

    >>> import kronsym as ks
    >>> str(ks.relu(ks.MatrixSymbol("X", 2, 2)))
    'relu(X)'
    """
    return _apply("relu", X)


def softplus(X: Operand) -> N.Expr:
    """log(1 + e^x) of every entry of X (evaluated as logaddexp(0, x)).

    >>> import kronsym as ks
    >>> str(ks.softplus(ks.MatrixSymbol("X", 2, 2)))
    'softplus(X)'
    """
    return _apply("softplus", X)


def power(X: Operand, p: Union[int, float, sympy.Expr]) -> N.Expr:
    """The entrywise power X^{∘p}, p a number or SymPy scalar (for 1×1 X: X ** p).

    A non-integer p needs entries ≥ 0 (numpy's nan elsewhere).

    >>> import kronsym as ks
    >>> X = ks.MatrixSymbol("X", 2, 3)
    >>> print(ks.power(X, 3))
    power(X, 3)
    >>> ks.power(X, 3).shape
    (2, 3)
    """
    if _is_number_like(X):
        X = scalar(X)
    X = _expr(X, "power", "X")
    if isinstance(p, N.Expr):
        if not p.is_scalar:
            raise TypeError(f"power(X, p): p must be a number or a scalar, got {p} of shape "
                            f"{p.rows}×{p.cols}")
        raise TypeError(f"power(X, p): an exponent that is a kronsym expression ({p}) is not "
                        f"supported; give a number or a SymPy scalar (a symbol)")
    try:
        return N.Power(X, p)
    except TypeError as e:
        raise TypeError(f"power(X, p): {e}") from None
