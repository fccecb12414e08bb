"""Rules of the reductions and building blocks: sums, diagonals, norms, softmax, Xᵏ,
and the algebra of 1×1 scalings their derivatives produce.

Family ``reductions``. Canonical directions (kronsym/rules/canon.py is the contract):

* a sum is written with vectors of ones: sum(X) = 1ᵀX1, sum(X, axis=0) = 1ᵀX,
  sum(X, axis=1) = X1, so that every product rule (transposes, traces, Hadamard
  contractions 1ᵀ(x ∘ y) = xᵀy) applies to it and proofs see one spelling;
* an even positive power of a 2-norm is a trace, ‖X‖^{2j} = tr(XᵀX)^j (xᵀx for a
  column): a rational expression, which the exact prover evaluates; other powers of a
  norm stay norms (‖r‖⁻³ in a Hessian);
* a scaling by a 1×1 expression sits outside products and scalings merge
  (s (t A) = (st) A); equal bases of a product of 1×1 factors merge their integer
  powers (s s⁻¹ = 1);
* a matrix power sits on a symbol with a transpose outside, (Xᵀ)ᵏ = (Xᵏ)ᵀ, as an
  inverse does ((X⁻¹)ᵀ); adjacent powers of one base merge (X Xᵏ = Xᵏ⁺¹, X⁻¹ counted
  as X^{-1}, Xᵀ as (Xᵀ)¹), X⁰ = I, X¹ = X.

Sources: Magnus & Neudecker, *Matrix Differential Calculus*, ch. 1-2 (traces, norms,
diag); Horn & Johnson, *Topics in Matrix Analysis* §5 (Hadamard products).
"""
from __future__ import annotations

import sympy

from .. import nodes as N
from . import rule
from ._util import first_pair, is_one, split_coeff
from .canon import sort_key

_ONE = sympy.Integer(1)


def _column(e) -> bool:
    return e.cols == 1


# --- sums and vectors of ones --------------------------------------------------------------
@rule("reductions", N.Sum)
def sum_as_ones_products(e):
    """sum(X) = 1ᵀX1, sum(X, axis=0) = 1ᵀX, sum(X, axis=1) = X1  [definition; the
    canonical spelling of a sum]"""
    x = e.children[0]
    r, c = x.shape
    left = [N.Ones(1, r)] if e.axis in (None, 0) else []
    right = [N.Ones(c, 1)] if e.axis in (None, 1) else []
    return N.MatMul(*left, *(x.children if isinstance(x, N.MatMul) else (x,)), *right)


@rule("reductions", N.MatMul)
def ones_row_times_hadamard(e):
    """1ᵀ(x ∘ y) = xᵀy and (aᵀ ∘ bᵀ) 1 = aᵀb for columns x, y, a, b  [Σ_i x_i y_i]"""
    def pair(a, b):
        if isinstance(a, N.Ones) and a.rows == 1 and isinstance(b, N.Hadamard) \
                and len(b.children) == 2 and all(map(_column, b.children)):
            x, y = b.children
            return (N.Transpose(x), y)
        if isinstance(b, N.Ones) and b.cols == 1 and isinstance(a, N.Hadamard) \
                and len(a.children) == 2 and all(f.rows == 1 for f in a.children):
            x, y = a.children
            return (x, N.Transpose(y))
        return None
    return first_pair(e, pair)


@rule("reductions", N.MatMul)
def ones_row_times_diagonal(e):
    """1ᵀ diag(X) = tr(X) for a square X  [Σ_i X_ii]"""
    def pair(a, b):
        if isinstance(a, N.Ones) and a.rows == 1 and isinstance(b, N.DiagPart):
            return (N.Trace(b.children[0]),)
        return None
    return first_pair(e, pair)


@rule("reductions", N.MatMul)
def ones_row_times_softmax(e):
    """1ᵀ softmax(v) = 1  [Σ_i exp v_i / Σ_j exp v_j = 1]"""
    def pair(a, b):
        if isinstance(a, N.Ones) and a.rows == 1 and isinstance(b, N.Softmax):
            return (N.Identity(1),)
        return None
    return first_pair(e, pair)


def _flip(f):
    """fᵀ for a factor of a 1×1 product of leaves (ones, symbols, their transposes)."""
    if isinstance(f, N.Ones):
        return N.Ones(f.cols, f.rows)
    return f.children[0] if isinstance(f, N.Transpose) else N.Transpose(f)


def _leafy(f) -> bool:
    g = f.children[0] if isinstance(f, N.Transpose) else f
    return isinstance(g, (N.MatrixSymbol, N.Ones))


@rule("reductions", N.MatMul)
def ones_product_orientation(e):
    """1ᵀ A 1 = (1ᵀ A 1)ᵀ = 1ᵀ Aᵀ 1 (1×1): the orientation with the smaller sort key,
    for a product of ones and leaves  [a 1×1 matrix is its own transpose]"""
    fs = list(e.children)
    if not e.is_scalar or not (isinstance(fs[0], N.Ones) or isinstance(fs[-1], N.Ones)) \
            or not all(map(_leafy, fs)):
        return None
    flipped = N.MatMul(*[_flip(f) for f in reversed(fs)])
    return flipped if sort_key(flipped) < sort_key(e) else None


def _symbolish(f) -> bool:
    return isinstance(f.children[0] if isinstance(f, N.Transpose) else f, N.MatrixSymbol)


# --- diagonals -----------------------------------------------------------------------------
@rule("reductions", N.DiagPart)
def diagonal_of_diag(e):
    """diag(diag(v)) = v (the diagonal of a diagonal matrix); diag(Xᵀ) = diag(X)  [definitions]"""
    x = e.children[0]
    if isinstance(x, N.Diag):
        return x.children[0]
    if isinstance(x, N.Transpose):
        return N.DiagPart(x.children[0])
    if isinstance(x, N.Identity):
        return N.Ones(x.rows, 1)
    return None


@rule("reductions", N.Diag)
def diag_of_diagonal(e):
    """diag(diag(X)) = I ∘ X for a square X; diag(1_n) = I_n  [the diagonal matrix of X's diagonal]"""
    v = e.children[0]
    if isinstance(v, N.DiagPart):
        x = v.children[0]
        return N.Hadamard(N.Identity(x.rows), x)
    if isinstance(v, N.Ones):
        return N.Identity(v.rows)
    return None


@rule("reductions", N.MatMul)
def khatri_rao_identity_times_column(e):
    """(I_n ⊙ I_n) v = vec(diag v) and (I_n ⊙ I_n)ᵀ vec X = diag(X)  [column i of I ⊙ I is
    e_i ⊗ e_i = vec(e_i e_iᵀ)]"""
    def ii(f):
        return isinstance(f, N.KhatriRao) and all(isinstance(g, N.Identity) for g in f.children)

    def pair(a, b):
        if ii(a) and _column(b):
            return (N.Vec(N.Diag(b)),)
        if isinstance(a, N.Transpose) and ii(a.children[0]) and isinstance(b, N.Vec) \
                and b.children[0].rows == b.children[0].cols:
            return (N.DiagPart(b.children[0]),)
        return None
    return first_pair(e, pair)


# --- norms ---------------------------------------------------------------------------------
def _gram(x):
    """xᵀx for a column, tr(XᵀX) otherwise (‖X‖²)."""
    g = N.MatMul(N.Transpose(x), x)
    return g if _column(x) else N.Trace(g)


@rule("reductions", N.Power)
def norm_even_power_as_trace(e):
    """‖X‖₂^{2j} = tr(XᵀX)^j (‖x‖₂^{2j} = (xᵀx)^j for a column), j = 1, 2, ...  [Frobenius norm]"""
    x, k = e.children[0], e.exponent
    if not isinstance(x, N.Norm2) or not (k.is_Integer and k > 0 and k % 2 == 0):
        return None
    g = _gram(x.children[0])
    return g if k == 2 else N.Power(g, k / 2)


@rule("reductions", N.Norm2, N.Norm1)
def norm_of_transpose_or_multiple(e):
    """‖Xᵀ‖ = ‖X‖ and ‖cX‖ = |c| ‖X‖ for a number c (2-norm and 1-norm)  [entrywise norms]"""
    x = e.children[0]
    if isinstance(x, N.Transpose):
        return e.rebuild(x.children[0])
    if isinstance(x, N.ScalarMul) and x.coeff.is_number and x.coeff.is_real:
        c = abs(x.coeff)
        inner = e.rebuild(x.children[0])
        return inner if c == 1 else N.ScalarMul(c, inner)
    return None


# --- 1×1 scalings ---------------------------------------------------------------------------
@rule("reductions", N.Scale)
def scale_of_scale(e):
    """s (t A) = (s t) A for 1×1 s, t  [associativity of scalar multiplication]"""
    s, a = e.children
    if not isinstance(a, N.Scale):
        return None
    t, b = a.children
    fs = [f for g in (s, t) for f in (g.children if isinstance(g, N.MatMul) else (g,))]
    return N.Scale(N.MatMul(*fs), b)


@rule("reductions", N.Scale)
def scale_over_sum(e):
    """s (A + B) = s A + s B for a 1×1 s, when a term is itself scaled  [distributivity; the
    scalings then merge term by term (s (s⁻¹ A + B) = A + s B); s (A − b) stays, as written]"""
    s, a = e.children
    if isinstance(a, N.MatAdd) and any(isinstance(split_coeff(t)[1], N.Scale) for t in a.children):
        return N.MatAdd(*[N.Scale(s, t) for t in a.children])
    return None


@rule("reductions", N.MatMul, N.Kron, N.Hadamard)
def scale_out_of_product(e):
    """A (s B) C = s (A B C) for a 1×1 s, likewise for ⊗ and ∘  [bilinearity]"""
    kids = list(e.children)
    for i, f in enumerate(kids):
        if isinstance(f, N.Scale):
            s, b = f.children
            return N.Scale(s, e.rebuild(*kids[:i], b, *kids[i + 1:]))
    return None


def _base_exp(f):
    if isinstance(f, N.Power) and f.children[0].is_scalar and f.exponent.is_Integer:
        return f.children[0], f.exponent
    return f, _ONE


@rule("reductions", N.MatMul)
def merge_scalar_powers(e):
    """s^a s^b = s^{a+b} for 1×1 factors and integers a, b (s = s¹; s⁰ = 1)  [powers of a
    number; s ≠ 0 where a negative power is defined]"""
    kids = list(e.children)
    if not all(k.is_scalar for k in kids):
        return None
    for i in range(len(kids)):
        bi, ki = _base_exp(kids[i])
        for j in range(i + 1, len(kids)):
            bj, kj = _base_exp(kids[j])
            if bi is bj:   # s s = s² (collected, as det·det·det = det³)
                k = ki + kj
                merged = N.Identity(1) if k == 0 else bi if k == 1 else N.Power(bi, k)
                rest = [f for t, f in enumerate(kids) if t not in (i, j)]
                if not rest:
                    return merged
                return N.MatMul(*rest) if is_one(merged) and len(rest) > 1 else \
                    rest[0] if is_one(merged) else N.MatMul(merged, *rest)
    return None


# --- matrix powers -------------------------------------------------------------------------
def _power_node(base, k):
    """Xᵏ as the plainest node: I, X, X⁻¹ or MatPow, a transpose of the base outside
    ((Xᵀ)ᵏ is written (Xᵏ)ᵀ, (Xᵀ)⁻¹ as (X⁻¹)ᵀ)."""
    k = sympy.sympify(k)
    if k == 0:
        return N.Identity(base.rows)
    if k == 1:
        return base
    if isinstance(base, N.Transpose):
        return N.Transpose(_power_node(base.children[0], k))
    return N.Inverse(base) if k == -1 else N.MatPow(base, k)


@rule("reductions", N.MatPow)
def matpow_unit_exponent(e):
    """X⁰ = I, X¹ = X  [definition]"""
    k = e.exponent
    return _power_node(e.children[0], k) if k in (0, 1) else None


@rule("reductions", N.MatPow)
def matpow_of_transpose(e):
    """(Xᵀ)ᵏ = (Xᵏ)ᵀ  [(AB)ᵀ = BᵀAᵀ, k times; canonical: the transpose outside, as (X⁻¹)ᵀ]"""
    x = e.children[0]
    if isinstance(x, N.Transpose):
        return N.Transpose(N.MatPow(x.children[0], e.exponent))
    return None


@rule("reductions", N.MatPow, N.Inverse)
def matpow_of_matpow(e):
    """(Xʲ)ᵏ = X^{jk} for integers j, k; (Xᵏ)⁻¹ = X^{−k}  [powers of a matrix]"""
    if isinstance(e, N.Inverse):
        x = e.children[0]
        return _power_node(x.children[0], -x.exponent) if isinstance(x, N.MatPow) else None
    x = e.children[0]
    if isinstance(x, (N.MatPow, N.Inverse)):
        base, j = _matrix_base(x)
        return _power_node(base, j * e.exponent)
    return None


def _matrix_base(f):
    """(base, k) with f = baseᵏ: X⁻¹ is X^{-1}, (X⁻¹)ᵀ is (Xᵀ)^{-1}, (Xᵏ)ᵀ is (Xᵀ)ᵏ."""
    if isinstance(f, N.MatPow):
        return f.children[0], f.exponent
    if isinstance(f, N.Inverse):
        return f.children[0], -_ONE
    if isinstance(f, N.Transpose) and isinstance(f.children[0], (N.Inverse, N.MatPow)):
        base, k = _matrix_base(f.children[0])
        return N.Transpose(base), k
    return f, _ONE


@rule("reductions", N.MatMul)
def matmul_merge_powers(e):
    """Xʲ Xᵏ = X^{j+k} for integers j, k (X = X¹, X⁻¹ = X^{-1})  [powers of one matrix
    commute and add]"""
    def pair(a, b):
        ba, ja = _matrix_base(a)
        bb, jb = _matrix_base(b)
        if ba is not bb or ba.is_scalar or not _symbolish(ba) and not (
                isinstance(a, N.MatPow) or isinstance(b, N.MatPow)):
            return None
        if ja + jb == 0 and not (isinstance(a, N.MatPow) or isinstance(b, N.MatPow)):
            return None   # X⁻¹ X: the inverse rules cancel it
        return (_power_node(ba, ja + jb),)
    return first_pair(e, pair)
