"""Simplification to canonical form (issue #5).

Owns: ``simplify``.
"""
from __future__ import annotations

__all__ = ["simplify"]


def simplify(expr):
    """An equal expression in canonical form (not implemented yet: issue #5)."""
    raise NotImplementedError("kronsym.simplify arrives with the simplifier issue (#5)")
