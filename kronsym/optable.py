"""Operations of later stages, lent to the input languages through a table.

Owns: ``OPERATIONS`` (function name as written in the parser's language ->
callable, and ``prove_statements``, the prover of spectra and ranks that
:mod:`kronsym.prove` dispatches to), ``STATEMENT_TYPES`` (the result types that are statements, not
matrices: a spectrum, a rank), ``register_operation``, ``register_statement``
and ``operation``.

Contract: the parser (an early stage: text -> build) must be able to run
``diff(F, X)`` or ``eigvals(A)`` without importing :mod:`kronsym.diff` or
:mod:`kronsym.spectral` (later stages). Those modules register their
functions here, next to their definition, when they are imported; ``import
kronsym`` imports them all, so the table is full before any parse. This
module imports nothing of kronsym but the errors, so every edge into it
points down. A missing entry fails loudly and names the module that
registers it. The printer and the prover test for statements with
``statement_types()`` instead of importing :mod:`kronsym.spectral`.

>>> import kronsym as ks
>>> from kronsym.optable import operation
>>> operation("grad") is ks.grad, operation("eigvals") is ks.eigvals
(True, True)
"""
from __future__ import annotations

from typing import Callable, Dict, List, Tuple

__all__ = ["OPERATIONS", "STATEMENT_TYPES", "register_operation", "register_statement",
           "operation", "statement_types"]

OPERATIONS: Dict[str, Callable] = {}
STATEMENT_TYPES: List[type] = []
# who registers what (for the error of a missing entry)
_PROVIDERS = {"diff": "kronsym.diff", "grad": "kronsym.diff", "hessian": "kronsym.diff",
              "eigvals": "kronsym.spectral", "svdvals": "kronsym.spectral",
              "rank": "kronsym.spectral", "prove_statements": "kronsym.spectral"}


def register_operation(name: str, fn: Callable) -> Callable:
    """Register ``fn`` as the operation ``name`` of the input languages; returns ``fn``.

    >>> from kronsym.optable import register_operation, OPERATIONS
    >>> OPERATIONS["grad"] is register_operation("grad", OPERATIONS["grad"])
    True
    """
    OPERATIONS[name] = fn
    return fn


def register_statement(cls: type) -> type:
    """Register ``cls`` as a statement type (a result that is not a matrix); returns it.

    >>> import kronsym as ks
    >>> from kronsym.optable import statement_types
    >>> ks.Spectrum in statement_types() and ks.Rank in statement_types()
    True
    """
    if cls not in STATEMENT_TYPES:
        STATEMENT_TYPES.append(cls)
    return cls


def operation(name: str) -> Callable:
    """The registered operation ``name``; a KeyError naming its module if none is.

    >>> from kronsym.optable import operation
    >>> operation("rank").__module__
    'kronsym.spectral.nodes'
    """
    try:
        return OPERATIONS[name]
    except KeyError:
        who = _PROVIDERS.get(name, "the module that defines it")
        raise KeyError(f"no operation {name!r} is registered in kronsym.optable.OPERATIONS "
                       f"(import {who}, which registers it)") from None


def statement_types() -> Tuple[type, ...]:
    """The registered statement types, as a tuple for ``isinstance``.

    >>> from kronsym.optable import statement_types
    >>> [t.__name__ for t in statement_types()]
    ['Spectrum', 'Rank']
    """
    return tuple(STATEMENT_TYPES)
