"""The canonical form (alias): see :mod:`kronsym.rules.canon`, which states it.

Owns: nothing. Contract: ``kronsym.canon`` keeps its names (``sort_key`` and the
``canon`` rules); they are defined, and registered at import of
:mod:`kronsym.rules` like every family, in ``kronsym/rules/canon.py``.

>>> from kronsym.canon import sort_key
>>> sort_key.__module__
'kronsym.rules.canon'
"""
from .rules.canon import (sort_key, sort_terms, sort_hadamard_factors,  # noqa: F401
                          sort_scalar_factors, trace_cyclic_rotation)

__all__ = ["sort_key"]
