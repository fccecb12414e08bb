"""The canonical form: the contract every rule is written against.

Owns: ``sort_key`` (a deterministic order on expressions) and the ``canon``
family of ordering rules, registered in the rule table like any other family
when :mod:`kronsym.rules` is imported (last, so they have the lowest priority
within a node type); results never depend on which module was imported first.
``kronsym.canon`` re-exports this module.

The canonical form of an expression, as produced by :func:`kronsym.simplify`:

1. **Flat and free of units.** n-ary nodes (@, +, ⊗, ∘) do not contain
   themselves; no identity factor in a product, no I_1 factor in a Kronecker
   product, adjacent identities in a Kronecker product merged (I_m ⊗ I_n =
   I_{mn}); no zero term, any zero factor makes the whole product zero.
2. **Scalars on top.** A number or SymPy coefficient appears once, as the
   outermost ScalarMul of a product/term (c·(A B)), never inside a product,
   Kronecker product, transpose, vec or trace; like terms are collected
   (2A + 3A = 5A, A − A = 0), and a factor common to every term of a sum is
   pulled out ((A + Aᵀ) X).
3. **Transposes and inverses on the leaves.** Aᵀ and A⁻¹ are applied to a
   symbol (or to each other as (A⁻¹)ᵀ, written A^{-⊤}); products, sums and
   Kronecker products are distributed under them; inverses cancel in products.
4. **Kronecker structure kept, not expanded.** Mixed products are merged
   ((A ⊗ B)(C ⊗ D) = AC ⊗ BD when they conform); commutation matrices are
   moved to the right through Kronecker products (K(A ⊗ B) = (B ⊗ A)K) and
   cancel in pairs; a Kronecker product times a vec is contracted
   ((C ⊗ A) vec X = vec(A X Cᵀ)), never expanded.
5. **Traces, determinants.** tr and log det are distributed over sums and
   products where the identity holds (tr(A ⊗ B) = tr A tr B, det(AB) = det A
   det B for square factors); a trace of a product is rotated cyclically (and
   transposed) to the rotation with the smallest sort key.
6. **Commutative operands sorted.** Terms of a sum, factors of a Hadamard
   product and factors of a product of 1×1 expressions are sorted by
   ``sort_key``.
7. **Symmetric matrices** (kronsym/rules/symmetric.py). A transpose of a
   symmetric symbol (and of its inverse, and of N_n) is dropped; N_n stays a
   leaf and a sum c·I_{n²} + c·K_{n,n} is folded into 2c·N_n; N_n moves right
   through A ⊗ A; products of D_n, L_n, N_n, K_{n,n} reduce (L D = I, K D = N D = D,
   D L N = N, N² = N, N K = K N = N); L_n vec A is written vech A and D_n vech S
   is written vec S for symmetric S.

7. **Partitioned products.** A Tracy–Singh product is written as its permuted
   Kronecker product (I ⊗ K ⊗ I)(A ⊗ B)(I ⊗ K ⊗ I) and vec_r(A) as vec(Aᵀ), so
   neither node appears in a canonical form. The face-splitting product A • B
   and the Khatri–Rao product A ⊙ B are kept; a transpose passes through each
   into the other ((A • B)ᵀ = Aᵀ ⊙ Bᵀ, (A ⊙ B)ᵀ = Aᵀ • Bᵀ, so transposes stay on
   the leaves), and their mixed products with ⊗ and ⊙ are merged
   ((A • B)(C ⊗ D) = AC • BD, (A • B)(C ⊙ D) = AC ∘ BD, (A ⊗ B)(C ⊙ D) = AC ⊙ BD).

Two expressions with the same canonical form are equal (a proof); different
canonical forms prove nothing, and :func:`kronsym.equals` then searches
numerically for a counterexample.
"""
from __future__ import annotations

from .. import nodes as N
from . import rule
from ._util import split_coeff
from ..bignum import sstr

__all__ = ["sort_key"]


def sort_key(e) -> str:
    """A deterministic order on expressions: their text (independent of hashing).

    >>> import kronsym as ks
    >>> from kronsym.rules.canon import sort_key
    >>> A, B = ks.MatrixSymbol("A", 2, 2), ks.MatrixSymbol("B", 2, 2)
    >>> sorted([B, A], key=sort_key) == [A, B]
    True
    """
    return str(e)


def _negative(c) -> bool:
    """A coefficient printed with a leading minus sign (−2, −a/2)."""
    return bool(c.is_number and c < 0) or (not c.is_number and c.could_extract_minus_sign())


def _term_key(t):
    """Positive terms first (y − Xb, not −Xb + y), then by sort_key."""
    c, core = split_coeff(t)
    return (_negative(c), sort_key(core), sstr(c))


@rule("canon", N.MatAdd)
def sort_terms(e):
    """A + B = B + A: terms in sort_key order  [commutativity of +]"""
    kids = list(e.children)
    s = sorted(kids, key=_term_key)
    return None if s == kids else N.MatAdd(*s)


@rule("canon", N.Hadamard)
def sort_hadamard_factors(e):
    """A ∘ B = B ∘ A: factors in sort_key order, sums last (σ ∘ (1 − σ))  [commutativity of ∘]"""
    kids = list(e.children)
    s = sorted(kids, key=lambda k: (isinstance(k, N.MatAdd), sort_key(k)))
    return None if s == kids else N.Hadamard(*s)


@rule("canon", N.MatMul)
def sort_scalar_factors(e):
    """s t = t s for 1×1 s, t: factors in sort_key order  [scalars commute]"""
    kids = list(e.children)
    if not all(k.is_scalar for k in kids):
        return None
    s = sorted(kids, key=sort_key)
    return None if s == kids else N.MatMul(*s)


def _transposed(f):
    return f.children[0] if isinstance(f, N.Transpose) else N.Transpose(f)


@rule("canon", N.Trace)
def trace_cyclic_rotation(e):
    """tr(ABC) = tr(BCA) = tr(CAB) = tr(CᵀBᵀAᵀ): the rotation with the smallest key  [cyclic property]"""
    x = e.children[0]
    if not isinstance(x, N.MatMul):
        return None
    fs = list(x.children)
    rev = [_transposed(f) for f in reversed(fs)]
    best, best_key = None, None
    for seq in (fs, rev):
        for i in range(len(seq)):
            rot = seq[i:] + seq[:i]
            try:
                cand = N.MatMul(*rot)
            except Exception:   # a rotation that does not conform (cannot happen for square tr)
                continue
            k = sort_key(cand)
            if best_key is None or k < best_key:
                best, best_key = cand, k
    return None if best is x else N.Trace(best)
