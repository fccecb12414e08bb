"""The entrywise function node: f(X) applied entry by entry, one class for every f.

Owns: :class:`EntrywiseFunc` (alias ``ScalarFunc``: a 1×1 argument is today's scalar
function, and JSON documents that name ``ScalarFunc`` load as this node), its
``schema`` read by the node schema (kronsym/nodes/schema.py).

Contract: ``EntrywiseFunc(name, X)`` has X's shape; ``name`` is a row of
:data:`kronsym.entrywise_funcs.ENTRYWISE_FUNCS` (anything else is a ValueError listing
the names). The constructor validates and never rewrites. The entrywise power
X^{∘p} is :class:`kronsym.nodes.Power` (any shape), entrywise division X / Y is
X ∘ Y^{∘−1} and c / X is c·X^{∘−1}.
"""
from __future__ import annotations

from ..entrywise_funcs import ENTRYWISE_FUNCS
from .expr import Expr
from .schema import child, func

__all__ = ["EntrywiseFunc", "ScalarFunc", "ENTRYWISE_NODE_TYPES"]


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
    schema = (func("f", ENTRYWISE_FUNCS, what="entrywise function"), child("x"))

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
