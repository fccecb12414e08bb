"""The bridge to SymPy matrix expressions: ``ks.from_sympy`` and ``ks.to_sympy``.

Owns: the two conversion tables ``FROM_SYMPY`` (SymPy class -> kronsym
constructor, in ``sympy_to_kronsym``) and ``TO_SYMPY`` (kronsym node type -> SymPy
constructor, with ``_WHY`` / ``UNSUPPORTED``: the node types without one and why,
in ``kronsym_to_sympy``); ``common`` holds what both directions share.

Contract
--------
* Nothing is approximated and nothing is guessed: a node that has no exact
  counterpart on the other side raises ``TypeError`` naming the node's class
  and the sub-expression (``to_sympy`` also points to ``ks.explicit`` for a
  concrete ``sympy.Matrix``). Never a silently different answer.
* Both directions walk the tree iteratively (no Python recursion over the
  tree), so thousands-deep expressions convert.
* ``from_sympy(to_sympy(e))`` is ``e`` or an expression that ``ks.simplify``
  makes equal to ``ks.simplify(e)``; ``to_sympy(from_sympy(s)) == s`` for
  expressions SymPy has built in its own canonical form whose dimensions are
  integer-positive symbols or ints (see ``docs/sympy.md`` for the exceptions).
* Dimensions: kronsym dims are integer, positive SymPy symbols (``ks.dims``).
  A SymPy dimension symbol whose assumptions leave integer or positive
  undecided (plain ``Symbol("n")``) becomes the kronsym dim of the same name
  (``ks.dims("n")``), and every symbol of that name in a scalar coefficient
  becomes that dim too; a symbol known to be non-integer or non-positive
  raises ``ks.DimensionError``.
* SymPy scalars made of ``Trace``/``Determinant`` (``2*Trace(X) + 1``,
  ``log(Determinant(X))``) become 1×1 kronsym expressions; a kronsym 1×1
  matrix that SymPy needs as a scalar becomes ``MatrixElement(M, 0, 0)``.
"""
from __future__ import annotations

from .common import MAX_POWER, SympyDepthError
from .kronsym_to_sympy import _WHY, TO_SYMPY, UNSUPPORTED, to_sympy  # noqa: F401 - _WHY is read by tests/package/test_contract.py and CONTRIBUTING.md names it here
from .sympy_to_kronsym import FROM_SYMPY, from_sympy

__all__ = ["from_sympy", "to_sympy", "FROM_SYMPY", "TO_SYMPY", "UNSUPPORTED", "SympyDepthError",
           "MAX_POWER"]
