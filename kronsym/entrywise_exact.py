"""The prover's exact and high-precision evaluation of the entrywise nodes.

Owns: ``mp_entrywise`` (an entrywise function in mpmath), ``mp_power`` and
``modp_power`` (the entrywise power in mpmath / modulo P), used by
:mod:`kronsym.exacteval`, and ``symbol_domains`` (the draws the prover must make for
each matrix symbol so that every entrywise function is evaluated inside its domain,
used by :mod:`kronsym.trial`).

Contract: a point outside a function's domain, too close to its boundary or to a kink
(abs, sign, relu, heaviside at 0) to decide at the working precision, raises
:class:`kronsym.errors.Undefined` (the prover redraws); nothing here returns a value
that depends on a subgradient convention.
"""
from __future__ import annotations

from typing import Dict

import numpy as np

from . import nodes as N
from .errors import Undefined
from .traverse import postorder

__all__ = ["mp_entrywise", "mp_power", "modp_power", "symbol_domains", "in_domain_draw"]


def _undefined(msg):
    return Undefined(msg)


def _map(arr, f):
    out = np.empty(arr.shape, dtype=object)
    for idx, x in np.ndenumerate(arr):
        out[idx] = f(x)
    return out


def mp_entrywise(ctx, node, arr, tiny):
    """f(X) entry by entry at the context's precision; Undefined outside the domain."""
    row = node.function
    name = row.name

    def one(x):
        if isinstance(x, ctx.mpc):
            if row.domain != "real" or row.kinks:
                raise _undefined(f"{name} of a complex number")
            return row.mp(ctx, x)
        if row.domain == "positive":
            if name == "sqrt" and x == 0:
                return ctx.mpf(0)
            if x <= tiny:
                raise _undefined(f"{name} of a number that is not positive (or too close to 0)")
        if row.domain == "unit" and abs(x) >= 1 - tiny:
            raise _undefined(f"{name} of a number with |x| ≥ 1 (or too close to 1)")
        for k in row.kinks:
            if abs(x - k) <= tiny:
                raise _undefined(f"{name} at its kink {k} (too close to call)")
        if name == "tan" and abs(ctx.cos(x)) <= tiny:
            raise _undefined("tan at a pole")
        return row.mp(ctx, x)
    return _map(arr, one)


def mp_power(ctx, k, kv, arr, tiny):
    """X^{∘k} entry by entry (k the SymPy exponent, kv its mpmath value)."""
    def one(b):
        if k.is_Integer:
            if int(k) < 0 and abs(b) <= tiny:
                raise _undefined("0 to a negative power")
            return b ** int(k)
        if isinstance(kv, ctx.mpc) or isinstance(b, ctx.mpc):
            raise _undefined("complex power")
        if b <= tiny:
            if b == 0 and kv > 0:
                return ctx.mpf(0)
            raise _undefined("a non-integer power of a number that is not positive")
        return b ** kv
    return _map(arr, one)


def modp_power(k: int, arr, P: int):
    """X^{∘k} entry by entry modulo the prime P (k an integer)."""
    out = np.empty(arr.shape, dtype=np.int64)
    for idx, b in np.ndenumerate(arr):
        if k < 0 and int(b) % P == 0:
            raise _undefined("0 to a negative power")
        out[idx] = pow(int(b), k, P)
    return out


#: what the draws of a symbol must respect: the intersection of the domains it is used in
_MEET = {("real", "positive"): "positive", ("real", "unit"): "unit",
         ("positive", "unit"): "unit01", ("unit", "unit01"): "unit01",
         ("positive", "unit01"): "unit01",
         # matrix functions: SPD under logm / sqrtm, wider normals under expm
         ("real", "spd"): "spd", ("real", "wide"): "wide", ("wide", "spd"): "spd"}


def _meet(a: str, b: str) -> str:
    if a == b:
        return a
    return _MEET.get((a, b)) or _MEET.get((b, a)) or "real"


_PASS = (N.Transpose, N.Vec, N.Unvec, N.Vecr)


def symbol_domains(*exprs) -> Dict[N.MatrixSymbol, str]:
    """For each matrix symbol used directly (through transposes and reshapes) as the
    argument of a function with a restricted domain, or of a non-integer power: the
    domain its random values must lie in (``"positive"``, ``"unit"`` for |x| < 1,
    ``"unit01"`` for 0 < x < 1, ``"spd"`` symmetric positive definite under logm and
    sqrtm, ``"wide"`` under expm: normals with an amplified skew part, so that a false
    identity such as logm(expm X) = X meets eigenvalues outside the strip |Im λ| < π).

    >>> import kronsym as ks
    >>> X = ks.MatrixSymbol("X", 2, 2)
    >>> symbol_domains(ks.log(X.T) + ks.arcsin(X))
    {X: 'unit01'}
    """
    out: Dict[N.MatrixSymbol, str] = {}
    for e in exprs:
        for node in postorder(e):
            if isinstance(node, N.EntrywiseFunc):
                dom = node.function.domain
            elif isinstance(node, N.Power) and node.exponent.is_integer is not True:
                dom = "positive"
            elif isinstance(node, (N.Logm, N.Sqrtm)):   # principal branches: SPD draws
                dom = "spd"
            elif isinstance(node, N.Expm):    # wide draws: eigenvalues beyond the strip |Im| < π
                dom = "wide"
            else:
                continue
            if dom == "real":
                continue
            x = node.children[0]
            while isinstance(x, _PASS):
                x = x.children[0]
            if isinstance(x, N.MatrixSymbol):
                out[x] = _meet(out.get(x, "real"), dom)
    return out


def in_domain_draw(a, dom: str):
    """Map standard-normal draws ``a`` onto the whole of ``dom`` (the prover's draws must
    reach every point where a side is defined, not a subset)."""
    a = np.asarray(a, dtype=float)
    if dom == "positive":            # log-normal: all of (0, ∞)
        return np.exp(a)
    if dom == "unit":                # all of (−1, 1), both signs
        return np.tanh(a)
    if dom == "unit01":              # all of (0, 1)
        return 1 / (1 + np.exp(-a))
    if dom == "spd" and a.ndim == 2 and a.shape[0] == a.shape[1]:   # all of the SPD cone
        return a @ a.T
    if dom == "wide" and a.ndim == 2 and a.shape[0] == a.shape[1]:
        # a Gaussian of full support whose skew part is amplified: eigenvalues with
        # |Im λ| > π (outside the strip of the principal logarithm) are drawn often
        return 2 * a + 6 * (a - a.T)
    return a
