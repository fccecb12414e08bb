"""The identity prover (issue #5).

Owns: ``equals``, ``counterexample``.
"""
from __future__ import annotations

__all__ = ["equals", "counterexample"]


def equals(a, b):
    """True / False / ShapeError for an identity a == b (not implemented yet: issue #5)."""
    raise NotImplementedError("kronsym.equals arrives with the simplifier issue (#5)")


def counterexample(a, b):
    """Dims and values separating a and b (not implemented yet: issue #5)."""
    raise NotImplementedError("kronsym.counterexample arrives with the simplifier issue (#5)")
