"""Differentiation: Jacobians d vec F / d (vec X)ᵀ from differentials (issue #4).

Owns: ``diff``, ``grad``, ``hessian``, ``derive``.
"""
from __future__ import annotations

__all__ = ["diff", "grad", "hessian", "derive"]

_MSG = "kronsym.{} arrives with the differentiation issue (#4); it is not implemented yet"


def diff(F, X):
    """Jacobian d vec F / d (vec X)ᵀ (not implemented yet: issue #4)."""
    raise NotImplementedError(_MSG.format("diff"))


def grad(f, X):
    """Gradient of a scalar f with respect to X (not implemented yet: issue #4)."""
    raise NotImplementedError(_MSG.format("grad"))


def hessian(f, X):
    """Hessian d vec grad / d (vec X)ᵀ (not implemented yet: issue #4)."""
    raise NotImplementedError(_MSG.format("hessian"))


def derive(F, X):
    """Step-by-step derivation (not implemented yet: issue #4)."""
    raise NotImplementedError(_MSG.format("derive"))
