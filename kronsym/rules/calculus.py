"""Rules that turn identified Jacobians into their textbook forms.

Family ``calculus``. They read row vectors ``vec(B)ᵀ`` back into matrix
form (the vec trick used right to left), distribute ``unvec`` over sums and
factor a common factor out of a sum. Sources: Magnus & Neudecker,
*Matrix Differential Calculus*, ch. 2 (vec(ABC) = (Cᵀ ⊗ A) vec B) and
ch. 9 (identification tables); the paper, eq. (3)-(4).
"""
from __future__ import annotations

from .. import nodes as N
from ..dims import dims_equal
from . import rule
from ._util import split_coeff, scaled


def _vec_row(f):
    """B if f is vec(B)ᵀ, else None."""
    if isinstance(f, N.Transpose) and isinstance(f.children[0], N.Vec):
        return f.children[0].children[0]
    return None


def _replace_pair(e, i, new):
    kids = list(e.children)
    rest = kids[:i] + [new] + kids[i + 2:]
    return rest[0] if len(rest) == 1 else N.MatMul(*rest)


@rule("calculus", N.MatMul)
def vec_row_times_kron(e):
    """vec(B)ᵀ (C ⊗ D) = vec(Dᵀ B C)ᵀ for B (rows D)×(rows C)  [vec(ABC) = (Cᵀ ⊗ A) vec B, M&N ch. 2]"""
    kids = e.children
    for i in range(len(kids) - 1):
        B = _vec_row(kids[i])
        k = kids[i + 1]
        if B is None or not isinstance(k, N.Kron):
            continue
        C = k.children[0]
        D = k.children[1] if len(k.children) == 2 else N.Kron(*k.children[1:])
        if dims_equal(B.rows, D.rows) is True and dims_equal(B.cols, C.rows) is True:
            return _replace_pair(e, i, N.Transpose(N.Vec(N.MatMul(N.Transpose(D), B, C))))
    return None


@rule("calculus", N.MatMul)
def vec_row_times_commutation(e):
    """vec(B)ᵀ K_{r,c} = vec(Bᵀ)ᵀ for B c×r  [K_{r,c}ᵀ = K_{c,r}; paper eq. (4)]"""
    kids = e.children
    for i in range(len(kids) - 1):
        B = _vec_row(kids[i])
        k = kids[i + 1]
        if B is None or not isinstance(k, N.Commutation):
            continue
        r, c = k.params
        if dims_equal(B.rows, c) is True and dims_equal(B.cols, r) is True:
            return _replace_pair(e, i, N.Transpose(N.Vec(N.Transpose(B))))
    return None


@rule("calculus", N.Unvec)
def unvec_of_sum(e):
    """unvec(u + v) = unvec u + unvec v;  unvec(s v) = s unvec v  [unvec is linear]"""
    v = e.children[0]
    m, n = e.params
    if isinstance(v, N.MatAdd):
        return N.MatAdd(*[N.Unvec(t, m, n) for t in v.children])
    if isinstance(v, N.Scale):
        return N.Scale(v.children[0], N.Unvec(v.children[1], m, n))
    return None


def _factors(t):
    c, core = split_coeff(t)
    return c, (list(core.children) if isinstance(core, N.MatMul) else [core])


def _rebuild(fs, like):
    if not fs:
        return N.Identity(like)
    return fs[0] if len(fs) == 1 else N.MatMul(*fs)


@rule("calculus", N.MatAdd)
def factor_common_factor(e):
    """A X + B X = (A + B) X and X A + X B = X (A + B) when every term is a product sharing X  [distributivity]"""
    parts = [_factors(t) for t in e.children]
    for side in (-1, 0):
        common = parts[0][1][side]
        if all(len(fs) >= 1 and fs[side] is common for _, fs in parts) and \
                all(len(fs) > 1 for _, fs in parts):
            # (a term that is a multiple of the common factor stays expanded, as a textbook
            # writes it: ½ S⁻¹CS⁻¹ − (N/2) S⁻¹, not (½ S⁻¹C − (N/2) I) S⁻¹)
            rest = []
            for c, fs in parts:
                others = fs[:-1] if side == -1 else fs[1:]
                size = common.rows if side == -1 else common.cols
                rest.append(scaled(c, _rebuild(others, size)))
            inner = N.MatAdd(*rest)
            return N.MatMul(inner, common) if side == -1 else N.MatMul(common, inner)
    return None
