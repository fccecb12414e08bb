"""The prover's evaluators for the reductions (kronsym/nodes/reductions.py).

Owns: ``MODP`` (node type -> exact evaluation modulo P) and ``MP`` (node type ->
evaluation at high precision), which :mod:`kronsym.exacteval` consults for these
node types, and ``MP_ONLY`` (the types with no exact form).

Contract: as :mod:`kronsym.exacteval`. ``Sum`` and ``DiagPart`` are linear and
go through the dense evaluator (both evaluators treat them as reshapes);
``MatPow`` with an integer exponent (at the dims) is exact: repeated products,
a negative power of the inverse (a singular matrix raises ``Undefined``); a
symbolic exponent that is not an integer at the point raises ``Unsupported``.
``Norm2`` (a square root), ``Norm1`` (an absolute value), ``LogSumExp`` and
``Softmax`` (exp, log) have no exact form: the high-precision path evaluates them
on the real line (complex values raise ``Undefined``), ``Norm1`` refuses a point
with an entry within the working precision of 0 (the kink, too close to call).
Functions receive ``(node, kids, subs, ops)``, ``ops`` an :class:`Ops` holding the
evaluator's own pieces.
"""
from __future__ import annotations

from functools import reduce

import numpy as np

from . import nodes as N

__all__ = ["MODP", "MP", "MP_ONLY", "Ops", "evaluate"]


class Ops:
    """What an evaluator lends these functions: its ``matmul`` and ``inverse`` (mod P or
    mpmath), its ``Undefined`` / ``Unsupported`` errors and, at high precision, the
    mpmath context ``ctx`` and the negligible size ``tiny``."""
    __slots__ = ("matmul", "inverse", "Undefined", "Unsupported", "ctx", "tiny")

    def __init__(self, matmul, inverse, undefined, unsupported, ctx=None, tiny=None):
        self.matmul, self.inverse = matmul, inverse
        self.Undefined, self.Unsupported, self.ctx, self.tiny = undefined, unsupported, ctx, tiny


def _power(node, kids, subs, ops):
    k = node.exponent.xreplace(subs) if node.exponent.free_symbols else node.exponent
    if not k.is_Integer:
        raise ops.Unsupported(f"the exponent {node.exponent} is not an integer here")
    k = int(k)
    a = kids[0]
    if k == 0:   # X⁰ = I, in the evaluator's number type (X X⁻¹ would need X invertible)
        return _identity_like(a, ops)
    if k < 0:
        a = ops.inverse(a)
    return reduce(ops.matmul, [a] * abs(k))


def _identity_like(a, ops):
    n = a.shape[0]
    if ops.ctx is None:
        return np.eye(n, dtype=np.int64)
    out = np.empty((n, n), dtype=object)
    for i in range(n):
        for j in range(n):
            out[i, j] = ops.ctx.mpf(int(i == j))
    return out


def _real(ops, xs):
    out = list(xs)
    if any(isinstance(x, ops.ctx.mpc) for x in out):
        raise ops.Undefined("a complex value in a real-line function")
    return out


def _norm2(node, kids, subs, ops):
    xs = _real(ops, kids[0].ravel())
    return np.array([[ops.ctx.sqrt(ops.ctx.fsum(x * x for x in xs))]], dtype=object)


def _norm1(node, kids, subs, ops):
    xs = _real(ops, kids[0].ravel())
    if any(x != 0 and abs(x) <= ops.tiny for x in xs):
        raise ops.Undefined("|x| at an entry too close to 0 to call")
    return np.array([[ops.ctx.fsum(abs(x) for x in xs)]], dtype=object)


def _shifted(ops, v):
    xs = _real(ops, v.ravel())
    m = max(xs)
    return m, [ops.ctx.exp(x - m) for x in xs]


def _logsumexp(node, kids, subs, ops):
    m, e = _shifted(ops, kids[0])
    return np.array([[m + ops.ctx.log(ops.ctx.fsum(e))]], dtype=object)


def _softmax(node, kids, subs, ops):
    _, e = _shifted(ops, kids[0])
    t = ops.ctx.fsum(e)
    return np.array([[x / t] for x in e], dtype=object)


#: exact (mod P) evaluation
MODP = {N.MatPow: _power}
#: high-precision evaluation
MP = {N.MatPow: _power, N.Norm2: _norm2, N.Norm1: _norm1, N.LogSumExp: _logsumexp,
      N.Softmax: _softmax}
# matrix functions: mpmath expm / logm / sqrtm (kronsym/matfunc_exact.py)
from .matfunc_exact import MP_MATFUNCS  # noqa: E402
MP.update(MP_MATFUNCS)
#: the types only the high-precision path evaluates (not rational functions)
MP_ONLY = tuple(t for t in MP if t not in MODP)


def evaluate(how: str, node, kids, subs, ops: Ops):
    """The value of a reduction node for the evaluator ``how`` ("exact" or
    "high-precision"); ``Unsupported`` for a node type that evaluator does not know."""
    table = MODP if how == "exact" else MP
    fn = table.get(type(node))
    if fn is None:
        raise ops.Unsupported(f"no {how} evaluation for {type(node).__name__}")
    return fn(node, kids, subs, ops)
