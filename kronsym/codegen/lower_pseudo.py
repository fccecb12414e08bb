"""Lowering of the pseudo-inverse family (kronsym/nodes/pseudo.py): one IR op each.

Owns: ``LOWER_PSEUDO`` (node type -> lowering), merged into
:data:`kronsym.codegen.lower.LOWER_DENSE`, and ``PSEUDO_OPS`` (the IR op names, appended
to :data:`kronsym.codegen.ir.OPS`). The backends' functions are in
kronsym/codegen/backends/_pseudo.py.
"""
from __future__ import annotations

from .. import nodes as N

__all__ = ["LOWER_PSEUDO", "PSEUDO_OPS"]

#: node type -> its IR op (the op takes the child's dense value)
_OP = {N.Pinv: "pinv", N.Adj: "adj", N.Eigvalsh: "eigvalsh", N.Eigvecsh: "eigvecsh",
       N.NuclearNorm: "nuclear_norm", N.Polar: "polar"}
PSEUDO_OPS = tuple(_OP.values())


def _lower(op):
    return lambda L, n: L.emit(op, L._kid(n.children[0]))


LOWER_PSEUDO = {cls: _lower(op) for cls, op in _OP.items()}
