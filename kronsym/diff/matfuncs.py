"""Differentials of the matrix functions (kronsym/nodes/matfuncs.py).

Owns: ``MATFUNC_DIFFERENTIAL`` (node type -> rule), merged into
:data:`kronsym.diff.differential.DIFFERENTIAL`.

Contract: d f(X) = unvec(J_f(X) vec dX) with J_f the node
:class:`~kronsym.nodes.MatFuncJacobian` (the Fréchet derivative in the Magnus–Neudecker
layout), so the vec identification reads J_f(X) off in one step and lowering applies it
to a vector without forming it:

* d e^X = ∫₀¹ e^{(1−s)X} dX e^{sX} ds, vec: J = ∫₀¹ e^{(1−s)Xᵀ} ⊗ e^{sX} ds
  [Higham, *Functions of Matrices*, (10.15); M&N ch. 8 for the layout];
* d log X = the dL with L_exp(log X, dL) = dX, so J_log(X) = J_exp(log X)⁻¹ [Higham (11.9)];
* d X^{1/2} = the dY with X^{1/2} dY + dY X^{1/2} = dX, so J_sqrt(X) = (Yᵀ ⊕ Y)⁻¹
  [differentiate Y² = X].

The Jacobian node's own differential (a second Fréchet derivative, needed by the
Hessian of an expression holding a matrix function) is not implemented: it raises
:class:`SecondFrechetError` (a NotImplementedError and a KronsymError) naming the function.
"""
from __future__ import annotations

from typing import Callable, Dict, List, Optional

from .. import nodes as N
from ..errors import KronsymError

__all__ = ["MATFUNC_DIFFERENTIAL", "SecondFrechetError"]


class SecondFrechetError(KronsymError, NotImplementedError):
    """The differential of a matrix function's Jacobian (a second Fréchet derivative) was
    asked for: not implemented (a KronsymError, so the CLI reports it as an error)."""


def _matfunc(node, d):
    """d f(X) = unvec(J_f(X) vec dX)  [the Fréchet derivative; see the module doc]"""
    if d[0] is None:
        return None
    x = node.children[0]
    J = N.MatFuncJacobian(x, node.func_name)
    return N.Unvec(N.MatMul(J, N.Vec(d[0])), x.rows, x.cols)


def _jacobian(node, d):
    """d J_f(X): the second Fréchet derivative of f, not implemented."""
    if d[0] is None:
        return None
    raise SecondFrechetError(
        f"the differential of the Jacobian of {node.func} (a second Fréchet derivative of "
        f"{node.func}, e.g. in the Hessian of an expression holding {node.func}(...)) is not "
        f"implemented; first derivatives (ks.diff, ks.grad) are")


MATFUNC_DIFFERENTIAL: Dict[type, Callable[[N.Expr, List[Optional[N.Expr]]], Optional[N.Expr]]] = {
    N.Expm: _matfunc, N.Logm: _matfunc, N.Sqrtm: _matfunc, N.MatFuncJacobian: _jacobian}
