"""The expression tree: node classes with intrinsic facts only.

Owns: every node type (one module per family), its schema (children and
parameters by name and kind), its shape check, and ``NODE_TYPES``.

Contract
--------
* ``kronsym.nodes`` re-exports every node class, ``NODE_TYPES``, ``SCALAR_FUNCS``
  and the schema kinds; ``from kronsym import nodes as N; N.MatMul`` works.
* The layout: :mod:`~kronsym.nodes.expr` (the ``Expr`` base: interning,
  identity, pickling, the generic schema-driven constructor, operator methods),
  :mod:`~kronsym.nodes.operators` (the operators' bodies), :mod:`~kronsym.nodes.registry`
  (node classes by name, through which the operators build without importing them),
  :mod:`~kronsym.nodes.schema` (field kinds), :mod:`~kronsym.nodes.checks`
  (shared shape checks), and the families :mod:`~kronsym.nodes.leaves`,
  :mod:`~kronsym.nodes.products`, :mod:`~kronsym.nodes.unary`,
  :mod:`~kronsym.nodes.structured`.
* ``NODE_TYPES`` lists every concrete node type once, in a fixed order (tests
  walk it). SymmetricSymbol is a MatrixSymbol (a subclass, not a new kind of
  node): it is not in NODE_TYPES, and the tables keyed by type that hold
  MatrixSymbol (printers, explicit) hold it too.

>>> from kronsym import nodes as N
>>> [f.name for f in N.Unvec.schema], N.Unvec in N.NODE_TYPES
(['v', 'rows', 'cols'], True)
"""
from __future__ import annotations

import sympy as sympy  # kept as an attribute: older code reaches it as kronsym.nodes.sympy

from .expr import Expr
from .leaves import Commutation, Identity, MatrixSymbol, Ones, ZeroMatrix
from .products import Hadamard, KhatriRao, Kron, KronSum, MatAdd, MatMul
from .schema import Field, child, children, choice, coeff, dim, func, integer, name
from .structured import (PRODUCT_NODE_TYPES, SYMMETRIC_NODE_TYPES, Duplication, Elimination,
                         FaceSplit, SymmetricSymbol, Symmetrizer, TracySingh, Vech, Vecr,
                         tracy_singh_blocks)
from .unary import (Det, Diag, Inverse, LogDet, Power, ScalarMul, Scale, Trace, Transpose,
                    Unvec, Vec)
from .reductions import (REDUCTION_NODE_TYPES, DiagPart, LogSumExp, MatPow, Norm1, Norm2,
                         Softmax, Sum)

__all__ = [
    "Expr", "MatrixSymbol", "Identity", "ZeroMatrix", "Ones", "Commutation",
    "MatMul", "MatAdd", "ScalarMul", "Scale", "Transpose", "Kron", "Vec",
    "Unvec", "Inverse", "Trace", "Det", "LogDet", "Power", "ScalarFunc",
    "Hadamard", "KhatriRao", "KronSum", "Diag", "NODE_TYPES", "SCALAR_FUNCS",
    "SymmetricSymbol", "Duplication", "Elimination", "Symmetrizer", "Vech",
    "FaceSplit", "TracySingh", "Vecr", "PRODUCT_NODE_TYPES", "SYMMETRIC_NODE_TYPES",
    "tracy_singh_blocks", "Field", "child", "children", "dim", "coeff", "integer", "name",
    "func", "choice", "EntrywiseFunc", "ENTRYWISE_FUNCS", "Sum", "DiagPart", "Norm2", "Norm1",
    "LogSumExp", "Softmax", "MatPow", "REDUCTION_NODE_TYPES",
]

#: every concrete node type, in a fixed order (tests walk this list)
NODE_TYPES: tuple[type[Expr], ...] = (
    MatrixSymbol, Identity, ZeroMatrix, Ones, Commutation, MatMul, MatAdd,
    ScalarMul, Scale, Power, Transpose, Kron, Vec, Unvec, Inverse,
    Trace, Det, LogDet, Hadamard, KhatriRao, KronSum, Diag,
    *SYMMETRIC_NODE_TYPES, *PRODUCT_NODE_TYPES)

# Entrywise functions (kronsym/nodes/entrywise.py, one node over one function table)
from .entrywise import ENTRYWISE_NODE_TYPES, EntrywiseFunc, ScalarFunc  # noqa: E402
from ..entrywise_funcs import ENTRYWISE_FUNCS  # noqa: E402

#: name -> (SymPy function, name in the parser and the generated code), for every
#: entrywise function (kept for the callers of the historical scalar-function table)
SCALAR_FUNCS = {k: (f.sympy, k) for k, f in ENTRYWISE_FUNCS.items()}
# reductions and building blocks (kronsym/nodes/reductions.py)
NODE_TYPES = NODE_TYPES + ENTRYWISE_NODE_TYPES + REDUCTION_NODE_TYPES
# pseudo-inverse, adjugate, symmetric eigen-decomposition, nuclear norm (nodes/pseudo.py)
from .pseudo import (PSEUDO_NODE_TYPES, Adj, Eigvalsh, Eigvecsh, NuclearNorm,  # noqa: E402
                     Pinv, Polar)
NODE_TYPES = NODE_TYPES + PSEUDO_NODE_TYPES
__all__ += ["Pinv", "Adj", "Eigvalsh", "Eigvecsh", "NuclearNorm", "Polar", "PSEUDO_NODE_TYPES"]
# matrix functions: expm, logm, sqrtm and their Jacobians (kronsym/nodes/matfuncs.py)
from .matfuncs import (MATFUNC_NAMES, MATFUNC_NODE_TYPES, Expm, Logm, MatFuncJacobian,  # noqa: E402
                       MatrixFunction, Sqrtm)
__all__ += ["Expm", "Logm", "Sqrtm", "MatFuncJacobian", "MatrixFunction", "MATFUNC_NODE_TYPES",
            "MATFUNC_NAMES"]
NODE_TYPES = NODE_TYPES + MATFUNC_NODE_TYPES
