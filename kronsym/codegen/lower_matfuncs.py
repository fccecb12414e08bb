"""Lowering of the matrix functions (kronsym/nodes/matfuncs.py).

Owns: ``LOWER_MATFUNCS`` (node type -> dense lowering), merged into
:data:`kronsym.codegen.lower.LOWER_DENSE`, ``MATFUNC_OPS`` (appended to
:data:`kronsym.codegen.ir.OPS`) and ``apply_jacobian`` (the Jacobian applied to a block).

Contract
--------
* ``expm(X)``, ``logm(X)``, ``sqrtm(X)`` are the ops of the same names: each backend's
  own routine (scipy.linalg, jax.scipy.linalg, torch.linalg.matrix_exp, mpmath), or the
  backend lists the op in its ``UNSUPPORTED`` with the reason.
* ``J_f(X) V`` (the Jacobian applied to an n²×k block, as in a JVP or a gradient
  unvec(J_f(Xᵀ) vec B)) is ``<f>_frechet_apply(X, V)``: one Fréchet derivative per
  column, by the block-triangular identity (expm: Al-Mohy–Higham, scipy.linalg.
  expm_frechet; sqrtm: a Sylvester solve; logm: logm of [[X, E], [0, X]], or
  Daleckii–Krein for a symmetric X) — the n²×n² matrix is never formed.
* ``P J_f(X)`` (a product ending in a Jacobian, as the derivative vec(B)ᵀ J_f(X) of a
  scalar) is (J_f(Xᵀ) Pᵀ)ᵀ: rows(P) Fréchet derivatives.
* ``J_f(X)`` as a value (the requested output) is ``<f>_jacobian(X)``, formed column by
  column: n² Fréchet derivatives, for small n.
"""
from __future__ import annotations

from .. import nodes as N

__all__ = ["LOWER_MATFUNCS", "MATFUNC_OPS", "apply_jacobian", "is_jacobian", "jacobian_last"]

#: the IR ops of this module, each implemented by every backend (or listed unsupported)
MATFUNC_OPS = tuple(f"{f}{suffix}" for f in N.MATFUNC_NAMES
                    for suffix in ("", "_frechet_apply", "_jacobian"))


def _value(op):
    return lambda L, n: L.emit(op, L._kid(n.children[0]))


def is_jacobian(node):
    """The argument X when ``node`` is J_f(X) or J_f(X)ᵀ (applied as Fréchet derivatives),
    else None."""
    if isinstance(node, N.Transpose):
        node = node.children[0]
    return node.children[0] if isinstance(node, N.MatFuncJacobian) else None


def jacobian_last(L, node):
    """A product P J_f(X) ending in a Jacobian (a scalar's derivative vec(B)ᵀ J_f(X)):
    (J_f(X)ᵀ Pᵀ)ᵀ, rows(P) Fréchet derivatives at Xᵀ (J_f(X)ᵀ = J_f(Xᵀ)) instead of the
    n² that forming J_f(X) would take."""
    *left, last = node.children
    P = left[0] if len(left) == 1 else N.MatMul(*left)
    Jt = last.children[0] if isinstance(last, N.Transpose) else N.Transpose(last)
    return L.emit("transpose", apply_jacobian(L, Jt, L.emit("transpose", L._kid(P))))


def apply_jacobian(L, node, V):
    """J_f(X) V without J: the ``<f>_frechet_apply`` op (node a MatFuncJacobian, or the
    transpose of one, J_f(X)ᵀ = J_f(Xᵀ))."""
    if isinstance(node, N.Transpose):
        j = node.children[0]
        x = L.emit("transpose", L._kid(j.children[0]))
        return L.emit(f"{j.func}_frechet_apply", x, V)
    return L.emit(f"{node.func}_frechet_apply", L._kid(node.children[0]), V)


#: matrix functions: node type -> dense lowering (L is kronsym.codegen.lower's _Lowering)
LOWER_MATFUNCS = {
    N.Expm: _value("expm"),
    N.Logm: _value("logm"),
    N.Sqrtm: _value("sqrtm"),
    N.MatFuncJacobian: lambda L, n: L.emit(f"{n.func}_jacobian", L._kid(n.children[0])),
}
