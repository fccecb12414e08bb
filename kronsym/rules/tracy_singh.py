"""Tracy–Singh products and row-major vec, written through ⊗, K and vec.

Family ``tracy_singh``. Neither node is canonical: the Tracy–Singh product is
the Kronecker product with its block rows and block columns permuted,

    A ⊠ B = (I_ra ⊗ K_{rb,pa} ⊗ I_pb) (A ⊗ B) (I_ca ⊗ K_{qa,cb} ⊗ I_qb)

for A an ra×ca grid of pa×qa blocks and B an rb×cb grid of pb×qb blocks
(:func:`permuted_kron`), and vec_r(A) = vec(Aᵀ). After these rewrites the
Kronecker, commutation and vec rules do the rest (mixed products, transposes,
K pairs cancelling), and differentiation and lowering go through the same
expansion. Sources: seed 002 ('Tracy–Singh product': the pairwise Kronecker
product of the blocks; 'Matrix equations': row-ordered vec); Tracy & Singh,
"A new matrix product and its applications in partitioned matrix
differentiation" (Statistica Neerlandica 26, 1972); Koning, Neudecker &
Wansbeek, "Block Kronecker products and the vecb operator" (Linear Algebra
Appl. 149, 1991) for the commutation form.
"""
from __future__ import annotations

from .. import nodes as N
from . import rule


def tracy_singh_permutations(node):
    """(P, Q) with ``node`` = P (A ⊗ B) Q for a Tracy–Singh node over A, B.

    >>> import kronsym as ks
    >>> from kronsym.rules.tracy_singh import tracy_singh_permutations
    >>> A, B = ks.MatrixSymbol("A", 4, 6), ks.MatrixSymbol("B", 3, 2)
    >>> P, Q = tracy_singh_permutations(ks.tracy_singh(A, B, (2, 3), (3, 1)))
    >>> print(P, "|", Q)
    I(2) ⊗ K(3, 2) ⊗ I(1) | I(3) ⊗ K(2, 1) ⊗ I(2)
    """
    ra, pa, ca, qa, rb, pb, cb, qb = N.tracy_singh_blocks(node)
    P = N.Kron(N.Identity(ra), N.Commutation(rb, pa), N.Identity(pb))
    Q = N.Kron(N.Identity(ca), N.Commutation(qa, cb), N.Identity(qb))
    return P, Q


def permuted_kron(node):
    """The Tracy–Singh ``node`` as P (A ⊗ B) Q (see the module docstring).

    >>> import kronsym as ks
    >>> from kronsym.rules.tracy_singh import permuted_kron
    >>> A, B = ks.MatrixSymbol("A", 2, 2), ks.MatrixSymbol("B", 3, 3)
    >>> print(ks.simplify(permuted_kron(ks.tracy_singh(A, B))))
    A ⊗ B
    """
    P, Q = tracy_singh_permutations(node)
    return N.MatMul(P, N.Kron(*node.children), Q)


@rule("tracy_singh", N.TracySingh)
def tracy_singh_as_permuted_kron(e):
    """A ⊠ B = (I_ra ⊗ K_{rb,pa} ⊗ I_pb)(A ⊗ B)(I_ca ⊗ K_{qa,cb} ⊗ I_qb)  [seed 002 'Tracy–Singh product'; Koning, Neudecker & Wansbeek 1991]"""
    return permuted_kron(e)


@rule("tracy_singh", N.Vecr)
def vecr_as_vec_of_transpose(e):
    """vec_r(A) = vec(Aᵀ)  [rows of A are the columns of Aᵀ; seed 002 'row-ordered vec', seed 001 order="C"]"""
    return N.Vec(N.Transpose(e.children[0]))
