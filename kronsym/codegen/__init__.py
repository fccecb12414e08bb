"""Numeric export: lowering to a small IR and emitting numpy/jax/torch/mpmath (issue #6).

Owns: ``lambdify``.
"""
from __future__ import annotations

__all__ = ["lambdify"]


def lambdify(args, expr, backend: str = "numpy", **kwargs):
    """A numeric function of arrays (not implemented yet: issue #6)."""
    raise NotImplementedError("kronsym.lambdify arrives with the numeric export issue (#6)")
