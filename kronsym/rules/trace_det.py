"""Trace, determinant and log-determinant rules.

Family ``trace_det``. Sources: seed 001 ('Trace', 'Determinant' of a Kronecker
product); Magnus & Neudecker ch. 1 (trace is linear and cyclic; det is
multiplicative). The cyclic canonical rotation of a trace lives in
:mod:`kronsym.canon`.
"""
from __future__ import annotations

import sympy

from .. import nodes as N
from . import rule
from ._util import square


def _scalar_product(*fs):
    return fs[0] if len(fs) == 1 else N.MatMul(*fs)


@rule("trace_det", N.Trace)
def trace_of_sum(e):
    """tr(A + B) = tr A + tr B  [linearity]"""
    x = e.children[0]
    if isinstance(x, N.MatAdd):
        return N.MatAdd(*[N.Trace(t) for t in x.children])
    return None


@rule("trace_det", N.Trace)
def trace_of_transpose(e):
    """tr(Aᵀ) = tr A  [the diagonal is fixed by transposition]"""
    x = e.children[0]
    return N.Trace(x.children[0]) if isinstance(x, N.Transpose) else None


@rule("trace_det", N.Trace)
def trace_of_kron(e):
    """tr(A ⊗ B) = tr A tr B for square A, B  [seed 001, 'Trace']"""
    x = e.children[0]
    if isinstance(x, N.Kron) and all(square(f) for f in x.children):
        return _scalar_product(*[N.Trace(f) for f in x.children])
    return None


@rule("trace_det", N.Trace)
def trace_of_commutation(e):
    """tr(K_{m,n}) = 1 + gcd(m−1, n−1) for numeric m, n; tr K_{n,n} = n  [Magnus & Neudecker ch. 3]"""
    x = e.children[0]
    if isinstance(x, N.Commutation):
        m, n = x.params
        if m == n:
            return N.ScalarMul(n, N.Identity(1)) if n != 1 else N.Identity(1)
        if m.is_Integer and n.is_Integer:
            t = 1 + sympy.igcd(int(m) - 1, int(n) - 1)
            return N.ScalarMul(t, N.Identity(1)) if t != 1 else N.Identity(1)
    return None


@rule("trace_det", N.Det)
def det_of_kron(e):
    """det(A ⊗ B) = det(A)ⁿ det(B)ᵐ for A m×m, B n×n  [seed 001, 'Determinant']"""
    x = e.children[0]
    if isinstance(x, N.Kron) and len(x.children) == 2 and all(square(f) for f in x.children):
        a, b = x.children
        return N.MatMul(N.Power(N.Det(a), b.rows), N.Power(N.Det(b), a.rows))
    return None


@rule("trace_det", N.Det)
def det_of_transpose(e):
    """det(Aᵀ) = det A  [Magnus & Neudecker ch. 1]"""
    x = e.children[0]
    return N.Det(x.children[0]) if isinstance(x, N.Transpose) else None


@rule("trace_det", N.Det)
def det_of_inverse(e):
    """det(A⁻¹) = det(A)⁻¹  [multiplicativity]"""
    x = e.children[0]
    return N.Power(N.Det(x.children[0]), -1) if isinstance(x, N.Inverse) else None


@rule("trace_det", N.Det)
def det_of_product(e):
    """det(AB) = det A det B for square A, B  [multiplicativity]"""
    x = e.children[0]
    if isinstance(x, N.MatMul) and all(square(f) for f in x.children):
        return _scalar_product(*[N.Det(f) for f in x.children])
    return None


@rule("trace_det", N.Det)
def det_of_scalar_mul(e):
    """det(cA) = cⁿ det A for A n×n  [multilinearity in the rows]"""
    x = e.children[0]
    if isinstance(x, N.ScalarMul) and not x.children[0].is_scalar:
        return N.ScalarMul(x.coeff ** x.rows, N.Det(x.children[0]))
    return None


@rule("trace_det", N.ScalarFunc)
def log_of_det(e):
    """log(det A) = log det A  [definition; kronsym's logdet is log|det A| numerically]"""
    if e.name == "log" and isinstance(e.children[0], N.Det):
        return N.LogDet(e.children[0].children[0])
    return None


@rule("trace_det", N.LogDet)
def logdet_of_transpose(e):
    """log det(Aᵀ) = log det A  [det Aᵀ = det A]"""
    x = e.children[0]
    return N.LogDet(x.children[0]) if isinstance(x, N.Transpose) else None


@rule("trace_det", N.LogDet)
def logdet_of_inverse(e):
    """log det(A⁻¹) = −log det A  [det A⁻¹ = 1/det A]"""
    x = e.children[0]
    return N.ScalarMul(-1, N.LogDet(x.children[0])) if isinstance(x, N.Inverse) else None


@rule("trace_det", N.LogDet)
def logdet_of_product(e):
    """log det(AB) = log det A + log det B for square A, B  [multiplicativity]"""
    x = e.children[0]
    if isinstance(x, N.MatMul) and all(square(f) for f in x.children):
        return N.MatAdd(*[N.LogDet(f) for f in x.children])
    return None


@rule("trace_det", N.LogDet)
def logdet_of_kron(e):
    """log det(A ⊗ B) = n log det A + m log det B for A m×m, B n×n  [seed 001, 'Determinant']"""
    x = e.children[0]
    if isinstance(x, N.Kron) and len(x.children) == 2 and all(square(f) for f in x.children):
        a, b = x.children
        return N.MatAdd(N.ScalarMul(b.rows, N.LogDet(a)), N.ScalarMul(a.rows, N.LogDet(b)))
    return None
