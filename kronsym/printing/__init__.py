"""Printing: plain text (:mod:`.text`) and LaTeX (:mod:`.latex`).

Both printers are tables ``node type -> function(node, child strings)`` run
bottom-up by :func:`.fragments.render` (linear in the output); parentheses come from the one
shared table in :mod:`.precedence`.
"""
from .text import text
from .latex import latex

__all__ = ["text", "latex"]
