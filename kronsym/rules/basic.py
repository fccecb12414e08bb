"""Basic algebra: flattening, identities, zeros, scalar coefficients, like terms.

Family ``basic``. These rules are what every later pass (differentiation,
the simplifier) relies on to keep expressions small. Sources: elementary
matrix algebra (e.g. Magnus & Neudecker, *Matrix Differential Calculus*, ch. 1).
"""
from __future__ import annotations

from typing import Dict, List

import sympy

from .. import nodes as N
from . import rule
from ._util import ONE, is_one, scaled, split_coeff, zero_like

NARY = (N.MatMul, N.MatAdd, N.Kron, N.Hadamard)


@rule("basic", *NARY)
def flatten_nested(e):
    """(A B) C = A B C for the associative n-ary nodes (@, +, ⊗, ∘)  [associativity]"""
    if not any(type(c) is type(e) for c in e.children):
        return None
    out = []
    for c in e.children:
        out.extend(c.children if type(c) is type(e) else (c,))
    return type(e)(*out)


#: the most factors flatten_nested_grouped merges into one product (the group size of
#: the shared prefix and suffix products of kronsym.diff.chain)
GROUP = 16


@rule("grouped", *NARY)
def flatten_nested_grouped(e):
    """(A B) C = A B C while the product has at most 16 factors; +, ⊗, ∘ always  [associativity]

    The light algebra of derivatives uses this in place of flatten_nested: the
    derivative of a long chain shares its prefix and suffix products (groups of at
    most GROUP factors, kronsym.diff.chain), and merging them into every term would
    copy them k times. Nested products are merged left to right while the result
    stays within GROUP factors; a group of more stays one factor.
    """
    if type(e) is not N.MatMul:
        return flatten_nested(e)
    kids = e.children
    if not any(type(c) is N.MatMul for c in kids):
        return None
    size = len(kids)
    out = []
    for c in kids:
        if type(c) is N.MatMul and size - 1 + len(c.children) <= GROUP:
            out.extend(c.children)
            size += len(c.children) - 1
        else:
            out.append(c)
    return None if len(out) == len(kids) else N.MatMul(*out)


@rule("basic", N.ScalarMul)
def scalar_mul_merge(e):
    """c (d A) = (cd) A;  1 A = A;  0 A = 0;  c 0 = 0  [scalar multiplication]"""
    c, x = e.coeff, e.children[0]
    if isinstance(x, N.ScalarMul):
        return scaled(c * x.coeff, x.children[0])
    if c == 1 or c == 0 or isinstance(x, N.ZeroMatrix):
        return scaled(c, x)
    return None


@rule("basic", N.MatMul, N.Kron, N.Hadamard, N.KhatriRao, N.FaceSplit)
def scalar_out_of_product(e):
    """A (cB) C = c (A B C), likewise for ⊗, ∘, ⊙, •  [bilinearity]"""
    if not any(isinstance(f, N.ScalarMul) for f in e.children):
        return None
    c = ONE
    kids = []
    for f in e.children:
        d, x = split_coeff(f)
        c *= d
        kids.append(x)
    return scaled(c, e.rebuild(*kids))


@rule("basic", N.Transpose, N.Vec, N.Trace, N.Diag, N.Unvec)
def scalar_out_of_linear(e):
    """f(cA) = c f(A) for the linear maps ᵀ, vec, tr, diag, unvec  [linearity]"""
    x = e.children[0]
    if not isinstance(x, N.ScalarMul):
        return None
    return scaled(x.coeff, e.rebuild(x.children[0]))


@rule("basic", N.MatMul, N.Kron, N.Hadamard, N.KhatriRao, N.FaceSplit)
def zero_factor(e):
    """A 0 = 0, A ⊗ 0 = 0, A ∘ 0 = 0, A ⊙ 0 = 0, A • 0 = 0  [zero annihilates products]"""
    if any(isinstance(f, N.ZeroMatrix) for f in e.children):
        return zero_like(e)
    return None


@rule("basic", N.Transpose, N.Vec, N.Trace, N.Diag, N.Unvec, N.Scale)
def zero_operand(e):
    """0ᵀ = 0, vec 0 = 0, tr 0 = 0, diag 0 = 0, s·0 = 0·A = 0  [linearity]"""
    if any(isinstance(c, N.ZeroMatrix) for c in e.children):
        return zero_like(e)
    return None


@rule("basic", N.MatMul)
def matmul_drop_identity(e):
    """A I B = A B  [identity matrix]"""
    kids = [f for f in e.children if not isinstance(f, N.Identity)]
    if len(kids) == len(e.children):
        return None
    if not kids:
        return N.Identity(e.rows)
    return kids[0] if len(kids) == 1 else N.MatMul(*kids)


@rule("basic", N.MatMul)
def matmul_of_ones(e):
    """1_{a×b} 1_{b×c} = b · 1_{a×c}  [all-ones matrices: each entry sums b ones]"""
    kids = list(e.children)
    for i in range(len(kids) - 1):
        a, b = kids[i], kids[i + 1]
        if isinstance(a, N.Ones) and isinstance(b, N.Ones):
            merged = scaled(a.cols, N.Ones(a.rows, b.cols))
            rest = kids[:i] + [merged] + kids[i + 2:]
            return rest[0] if len(rest) == 1 else N.MatMul(*rest)
    return None


@rule("basic", N.Ones)
def ones_one_by_one(e):
    """1_{1×1} = I_1 (the number one)  [all-ones matrix]"""
    return N.Identity(1) if e.rows == 1 and e.cols == 1 else None


@rule("basic", N.Kron)
def kron_merge_identities(e):
    """I_m ⊗ I_n = I_{mn};  I_1 ⊗ A = A  [Kronecker product of identities]"""
    kids: List = []
    changed = False
    for f in e.children:
        if is_one(f):
            changed = True
            continue
        if isinstance(f, N.Identity) and kids and isinstance(kids[-1], N.Identity):
            kids[-1] = N.Identity(kids[-1].params[0] * f.params[0])
            changed = True
            continue
        kids.append(f)
    if not changed:
        return None
    if not kids:
        return N.Identity(1)
    return kids[0] if len(kids) == 1 else N.Kron(*kids)


@rule("basic", N.MatAdd)
def collect_like_terms(e):
    """a X + b X = (a + b) X;  X - X = 0;  A + 0 = A  [collecting terms]"""
    coeffs: Dict = {}
    order: List = []
    for t in e.children:
        if isinstance(t, N.ZeroMatrix):
            continue
        c, x = split_coeff(t)
        if x in coeffs:
            coeffs[x] = coeffs[x] + c
        else:
            coeffs[x] = c
            order.append(x)
    terms = [scaled(sympy.expand(coeffs[x]), x) for x in order]
    terms = [t for t in terms if not isinstance(t, N.ZeroMatrix)]
    if len(terms) == len(e.children) and all(a is b for a, b in zip(terms, e.children)):
        return None
    if not terms:
        return zero_like(e)
    return terms[0] if len(terms) == 1 else N.MatAdd(*terms)


@rule("basic", N.Scale)
def scale_by_constant(e):
    """s A with s = c (a constant 1×1) is c A;  s (cA) = c (s A)  [scalar multiplication]"""
    s, a = e.children
    c, core = split_coeff(s)
    if is_one(core):
        return scaled(c, a)
    if c != 1:
        return scaled(c, N.Scale(core, a))
    if isinstance(a, N.ScalarMul):
        return scaled(a.coeff, N.Scale(s, a.children[0]))
    return None


@rule("basic", N.Trace)
def trace_of_identity(e):
    """tr(I_n) = n  [definition of the trace]"""
    x = e.children[0]
    if isinstance(x, N.Identity):
        return N.ScalarMul(x.params[0], N.Identity(1)) if x.params[0] != 1 else N.Identity(1)
    if x.is_scalar:
        return x
    return None


@rule("basic", N.Det)
def det_of_identity(e):
    """det(I_n) = 1;  det(s) = s for 1×1 s  [definition of the determinant]"""
    x = e.children[0]
    if isinstance(x, N.Identity):
        return N.Identity(1)
    if x.is_scalar:
        return x
    return None


@rule("basic", N.LogDet)
def logdet_of_identity(e):
    """log det(I_n) = 0  [det I = 1]"""
    if isinstance(e.children[0], N.Identity):
        return N.ZeroMatrix(1, 1)
    return None


@rule("basic", N.Unvec)
def unvec_of_vec(e):
    """unvec_{m,n}(vec A) = A for A m×n;  unvec_{m,1}(v) = v  [unvec inverts vec]"""
    v = e.children[0]
    if isinstance(v, N.Vec) and v.children[0].shape == e.shape:
        return v.children[0]
    if e.params[1] == 1:
        return v
    return None


@rule("basic", N.Vec)
def vec_of_unvec(e):
    """vec(unvec_{m,n}(v)) = v  [vec inverts unvec];  vec(v) = v for a column v, vec(r) = rᵀ for a row r"""
    x = e.children[0]
    if isinstance(x, N.Unvec):
        return x.children[0]
    if x.cols == 1:
        return x
    if x.rows == 1:
        return N.Transpose(x)
    return None
