"""What both directions of the SymPy bridge share.

Owns: ``SympyDepthError``, ``MAX_POWER`` and the messages naming a refused
sub-expression (``_short``, ``_refuse``).

Contract: messages name the class of the refused node and a short form of the
sub-expression (at most 70 characters).
"""
from __future__ import annotations

from typing import Any

import sympy

from ..errors import KronsymError

#: the largest |k| of a SymPy MatPow X**k expanded into a product of k factors
MAX_POWER = 256


class SympyDepthError(KronsymError, RecursionError):
    """SymPy's own (recursive) code cannot handle an expression this deep."""


def _short(e: Any) -> str:
    text = str(e)
    return text if len(text) <= 70 else text[:67] + "..."


def _refuse(node: sympy.Basic, why: str = "") -> TypeError:
    return TypeError(f"from_sympy: SymPy {type(node).__name__} has no kronsym equivalent, in "
                     f"{_short(node)}" + (f" ({why})" if why else ""))
