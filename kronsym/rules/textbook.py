"""Rules that give results in the form a textbook writes them (issue #17).

Family ``textbook``. Canonical directions (kronsym/rules/canon.py is the contract):

* a 1×1 factor of a product or a Kronecker product is a scalar multiple, written in
  front: v s = s v, s ⊗ M = s M; s·1 = s;
* a symmetric matrix (kronsym.rules.symmetry) drops its transpose, Mᵀ = M, and its
  vec is fixed by K_{n,n} and N_n;
* Kronecker products of vectors are read back as outer products, unvec(b ⊗ a) = a bᵀ,
  and a Kronecker product with a column factor absorbs a product, (b ⊗ A) C = b ⊗ AC;
* the Khatri–Rao product of a row with I is a diagonal matrix, yᵀ ⊙ I = diag(y);
* det(Xᵏ) = det(X)ᵏ.

Sources: Magnus & Neudecker, *Matrix Differential Calculus* (3rd ed.), ch. 1-3;
Petersen & Pedersen, *The Matrix Cookbook* (2012), §1, §10.2.
"""
from __future__ import annotations

import sympy

from .. import nodes as N
from ..dims import dims_equal
from . import rule
from ._util import first_pair, is_one, scaled
from .symmetry import is_symmetric


def _same(a, b) -> bool:
    return dims_equal(a, b) is True


# --- 1×1 factors -------------------------------------------------------------------------
@rule("textbook", N.MatMul)
def scalar_factor_out_of_product(e):
    """A (u v) B = (u v) (A B) for a run of factors u ⋯ v whose product is 1×1, inside a
    product that is not 1×1 (v s = s v, p 1ᵀy = (1ᵀy) p)  [a 1×1 matrix product is scalar
    multiplication]"""
    kids = e.children
    if e.is_scalar:
        return None
    for i, f in enumerate(kids):
        if f.rows != 1:
            continue
        for j in range(i, len(kids)):
            if kids[j].cols == 1:
                break
        else:
            return None
        if kids[j].cols != 1:
            return None
        run, rest = kids[i:j + 1], kids[:i] + kids[j + 1:]
        if not rest:
            return None
        s = run[0] if len(run) == 1 else N.MatMul(*run)
        core = rest[0] if len(rest) == 1 else N.MatMul(*rest)
        return N.Scale(s, core)
    return None


@rule("textbook", N.Kron)
def scalar_factor_out_of_kron(e):
    """A ⊗ s ⊗ B = s (A ⊗ B) for a 1×1 s  [s ⊗ M = s M: each block of s ⊗ M is s M]"""
    kids = e.children
    for i, f in enumerate(kids):
        if f.is_scalar and not is_one(f):
            rest = kids[:i] + kids[i + 1:]
            core = rest[0] if len(rest) == 1 else N.Kron(*rest)
            return N.Scale(f, core)
    return None


@rule("textbook", N.Scale)
def scale_of_scalar(e):
    """s · t = s t for 1×1 s, t (a product of 1×1 factors); s · 1 = s  [a 1×1 scaling is a product]"""
    s, a = e.children
    if not a.is_scalar:
        return None
    if is_one(a):
        return s
    fs = [f for g in (s, a) for f in (g.children if isinstance(g, N.MatMul) else (g,))]
    return N.MatMul(*fs)


# --- symmetric matrices -------------------------------------------------------------------
@rule("textbook", N.Transpose)
def transpose_of_symmetric_expression(e):
    """Mᵀ = M for M symmetric by structure: (XᵀX)⁻¹, XᵀAX for a symmetric A, S⁻¹uuᵀS⁻¹
    [definition; kronsym.rules.symmetry]"""
    x = e.children[0]
    return x if not x.is_scalar and is_symmetric(x) else None


@rule("textbook", N.MatMul)
def symmetrizer_times_vec_of_symmetric(e):
    """N_n vec M = K_{n,n} vec M = vec M for a symmetric n×n M  [K_{n,n} vec M = vec Mᵀ; M&N ch. 3 §7]"""
    def fn(a, b):
        if isinstance(b, N.Vec) and is_symmetric(b.children[0]) and (
                isinstance(a, N.Symmetrizer) or isinstance(a, N.Commutation)
                and _same(a.params[0], a.params[1])) and _same(a.rows, b.rows):
            return (b,)
        return None
    return first_pair(e, fn)


# --- Kronecker products of vectors --------------------------------------------------------
@rule("textbook", N.Unvec)
def unvec_of_kron_of_columns(e):
    """unvec_{m,n}(b ⊗ a) = a bᵀ for columns a (m×1), b (n×1)  [vec(a bᵀ) = b ⊗ a; seed 001]"""
    v = e.children[0]
    m, n = e.params
    if isinstance(v, N.Kron) and len(v.children) == 2:
        b, a = v.children
        if b.cols == 1 and a.cols == 1 and _same(a.rows, m) and _same(b.rows, n):
            return N.MatMul(a, N.Transpose(b))
    return None


@rule("textbook", N.MatMul)
def kron_with_columns_times_matrix(e):
    """(b ⊗ A) C = b ⊗ (A C) and (A ⊗ b) C = (A C) ⊗ b when b has one column
    [mixed product with C = 1 ⊗ C = C ⊗ 1; M&N ch. 2]"""
    def fn(a, c):
        if not isinstance(a, N.Kron) or isinstance(c, N.Kron):
            return None
        fs = a.children
        wide = [i for i, f in enumerate(fs) if f.cols != 1]
        if len(wide) != 1:
            return None
        i = wide[0]
        return (N.Kron(*fs[:i], N.MatMul(fs[i], c), *fs[i + 1:]),)
    return first_pair(e, fn)


@rule("textbook", N.KhatriRao)
def khatri_rao_of_row_and_identity(e):
    """yᵀ ⊙ I_n = I_n ⊙ yᵀ = diag(y) for a column y (n×1)  [column j is y_j e_j]"""
    if len(e.children) != 2:
        return None
    a, b = e.children
    for row, eye in ((a, b), (b, a)):
        if isinstance(eye, N.Identity) and row.rows == 1 and _same(row.cols, eye.rows):
            y = row.children[0] if isinstance(row, N.Transpose) else N.Transpose(row)
            return N.Diag(y)
    return None


# --- determinants -------------------------------------------------------------------------
@rule("textbook", N.Det)
def det_of_matrix_power(e):
    """det(Xᵏ) = det(X)ᵏ for an integer k  [multiplicativity of det]"""
    x = e.children[0]
    if isinstance(x, N.MatPow) and x.exponent.is_Integer:
        return N.Power(N.Det(x.children[0]), x.exponent)
    return None


# --- signs and orders -----------------------------------------------------------------------
@rule("textbook", N.ScalarMul)
def negative_multiple_of_sum(e):
    """c (A − B) = c A − c B for a negative number c when a term is negative: −(A − B) = B − A
    [distributivity; a textbook writes the fewer minus signs]"""
    c, x = e.coeff, e.children[0]
    if not (c.is_number and c < 0 and isinstance(x, N.MatAdd)):
        return None
    if not any(isinstance(t, N.ScalarMul) and t.coeff.is_number and t.coeff < 0 for t in x.children):
        return None
    return N.MatAdd(*[N.ScalarMul(c, t) for t in x.children])


@rule("textbook", N.MatMul)
def row_times_reciprocal_hadamard(e):
    """aᵀ (a^{∘−1} ∘ y) = 1ᵀ y for columns a, y (a without zero entries)  [Σ_i a_i y_i / a_i;
    the cross-entropy gradient p − y]"""
    def fn(f, g):
        if not (isinstance(f, N.Transpose) and f.rows == 1 and isinstance(g, N.Hadamard)
                and len(g.children) == 2):
            return None
        a = f.children[0]
        for h, y in (g.children, tuple(reversed(g.children))):
            if isinstance(h, N.Power) and h.exponent == -1 and h.children[0] is a:
                return (N.Ones(1, y.rows), y)
        return None
    return first_pair(e, fn)


@rule("textbook", N.MatMul)
def row_kron_identity_times_diagonal_selector(e):
    """(yᵀ ⊗ I_n)(I_n ⊙ I_n) = diag(y) for a column y (n×1)  [column j of I ⊙ I is e_j ⊗ e_j,
    and (yᵀ ⊗ I)(e_j ⊗ e_j) = y_j e_j: the Jacobian of diag(x) y = y ∘ x]"""
    def fn(a, b):
        if not (isinstance(a, N.Kron) and len(a.children) == 2 and isinstance(b, N.KhatriRao)
                and len(b.children) == 2 and all(isinstance(f, N.Identity) for f in b.children)):
            return None
        row, eye = a.children
        nn = b.children[0].rows
        if row.rows == 1 and _same(row.cols, nn) and isinstance(eye, N.Identity) and \
                _same(eye.rows, nn) and _same(b.children[1].rows, nn):
            return (N.Diag(row.children[0] if isinstance(row, N.Transpose) else N.Transpose(row)),)
        return None
    return first_pair(e, fn)


@rule("textbook", N.MatAdd)
def common_number_out_of_sum(e):
    """c a A + c b B = c (a A + b B) for the greatest common rational factor c ≠ 1 of the
    numbers in the terms' coefficients (negative when every one is): 2Xb − 2y = 2(Xb − y),
    ½A − (N/2)B = ½(A − NB)  [distributivity]"""
    cs = [t.coeff if isinstance(t, N.ScalarMul) else sympy.Integer(1) for t in e.children]
    nums = [c.as_coeff_Mul()[0] for c in cs]
    if not all(c.is_Rational for c in nums):
        return None
    g = abs(sympy.gcd_list(nums))
    if all(c < 0 for c in nums):
        g = -g
    if g == 1 or g == 0:
        return None
    return N.ScalarMul(g, N.MatAdd(*[scaled(c / g, t.children[0] if isinstance(t, N.ScalarMul) else t)
                                     for c, t in zip(cs, e.children)]))
