"""The entrywise function node: f(X) applied entry by entry, one class for every f.

Owns: :class:`EntrywiseFunc` (alias ``ScalarFunc``: a 1×1 argument is today's scalar
function, and JSON documents that name ``ScalarFunc`` load as this node) and the
field-kind markers of its ``schema`` (read by the node schema once it lands).

Contract: ``EntrywiseFunc(name, X)`` has X's shape; ``name`` is a row of
:data:`kronsym.entrywise_funcs.ENTRYWISE_FUNCS` (anything else is a ValueError listing
the names). The constructor validates and never rewrites. The entrywise power
X^{∘p} is :class:`kronsym.nodes.Power` (any shape), entrywise division X / Y is
X ∘ Y^{∘−1} and c / X is c·X^{∘−1}.
"""
from __future__ import annotations

from .entrywise_funcs import ENTRYWISE_FUNCS, function
from .nodes import Expr

__all__ = ["EntrywiseFunc", "ScalarFunc", "ENTRYWISE_NODE_TYPES", "child", "func"]


def child(name: str) -> tuple:
    """Schema marker: a child node called ``name``."""
    return ("child", name)


def func(name: str, table) -> tuple:
    """Schema marker: a parameter ``name`` naming a row of ``table``."""
    return ("func", name, table)


class EntrywiseFunc(Expr):
    """f(X) entry by entry, for f a row of ``ENTRYWISE_FUNCS`` (exp, log, tanh, sigmoid ...).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> X = ks.MatrixSymbol("X", m, n)
    >>> e = ks.tanh(X)
    >>> e.shape, e.name, e.children == (X,)
    ((m, n), 'tanh', True)
    """
    __slots__ = ()
    _nchildren = 1
    schema = (func("f", ENTRYWISE_FUNCS), child("x"))

    def __new__(cls, name: str, x):
        function(name)
        return cls._make((name,), (x,))

    @classmethod
    def _shape(cls, params, children):
        return children[0].shape

    @property
    def name(self) -> str:
        """The function's name (its row in ``ENTRYWISE_FUNCS``)."""
        return self.params[0]

    @property
    def function(self):
        """The function's row in ``ENTRYWISE_FUNCS``."""
        return ENTRYWISE_FUNCS[self.params[0]]


#: the historical name: a scalar function is the entrywise function of a 1×1 argument
ScalarFunc = EntrywiseFunc

ENTRYWISE_NODE_TYPES: "tuple[type[Expr], ...]" = (EntrywiseFunc,)
