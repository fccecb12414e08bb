"""Differentiation: Jacobians d vec F / d (vec X)ᵀ from differentials.

Owns: ``diff``, ``grad``, ``hessian`` (jacobian.py) and ``derive``
(derive.py). The method (DESIGN.md): build dF with one rule per node type
(differential.py), vectorise and read J off d vec F = J d vec X
(identify.py), then apply the light algebra (kronsym.rules).
"""
from __future__ import annotations

from .jacobian import diff, grad, hessian
from .derive import derive, Derivation, Step

__all__ = ["diff", "grad", "hessian", "derive", "Derivation", "Step"]
