"""Differentiation: Jacobians d vec F / d (vec X)ᵀ from differentials.

Owns: ``diff``, ``grad``, ``hessian`` (jacobian.py) and ``derive``
(derive.py). The method (DESIGN.md): build dF with one rule per node type
(differential.py), vectorise and read J off d vec F = J d vec X
(identify.py), then apply the light algebra (kronsym.rules). Registers ``diff``, ``grad``,
``hessian`` in :mod:`kronsym.optable` for the parser.
"""
from __future__ import annotations

from .jacobian import diff, grad, hessian
from .derive import derive, Derivation, Step
from ..optable import register_operation

for _f in (diff, grad, hessian):     # lent to the parser (kronsym.optable), which may not import us
    register_operation(_f.__name__, _f)
del _f

__all__ = ["diff", "grad", "hessian", "derive", "Derivation", "Step"]
