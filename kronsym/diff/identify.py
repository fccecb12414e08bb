"""Vectorisation and identification: from d vec F (linear in dX) to J.

Owns: the table ``LINEARIZE`` (node type -> rule) and ``identify(E, dX)``,
which returns J with vec(E) = J vec(dX) for an expression E linear in dX.

Contract: each rule receives the node and the Jacobians of its children
(None for a child free of dX) and returns the node's Jacobian, using only
the vec identities below; nothing is expanded entry-wise and nothing is
special-cased. Iterative (post-order).

Identities (Magnus & Neudecker ch. 2; the paper, eq. (3)-(4)):
  vec(A dX B)        = (Bᵀ ⊗ A) vec dX
  vec(dXᵀ)           = K_{m,n} vec dX                      (dX m×n)
  vec(A ⊗ B)         = (I_n ⊗ K_{q,m} ⊗ I_p)(vec A ⊗ vec B) (A m×n, B p×q)
  vec A ⊗ vec B      = (I_{mn} ⊗ vec B) vec A = (vec A ⊗ I_{pq}) vec B
  tr(E)              = vec(I)ᵀ vec E
  vec(A ∘ E)         = diag(vec A) vec E
  vec(A ⊙ B)         = ((I_n ⊙ I_n)ᵀ ⊗ I_{mp}) vec(A ⊗ B)
  vec(diag v)        = (I_n ⊙ I_n) v
  vec(A • B)         = (I_{np} ⊗ (I_m ⊙ I_m)ᵀ) vec(A ⊗ B)    (A m×n, B m×p)
  vec(A ⊠ B)         = (Qᵀ ⊗ P) vec(A ⊗ B)      (Tracy–Singh = P (A ⊗ B) Q)
  vec_r(E)           = K_{r,c} vec E                          (E r×c)
  vec(s A)           = vec(A) s  for 1×1 s
  vec(vech E)        = vech E = L_n vec E                  (E n×n; M&N ch. 3 §8)
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Dict, List, Optional

from .. import nodes as N
from ..traverse import postorder
from .chain import Chain, shares_products

__all__ = ["LINEARIZE", "identify", "kron_vec_permutations"]


def _mm(*fs):
    fs = [f for f in fs if f is not None]
    return fs[0] if len(fs) == 1 else N.MatMul(*fs)


def _size(e):
    return e.rows * e.cols


def _only_one(node, J) -> int:
    idx = [i for i, j in enumerate(J) if j is not None]
    if len(idx) != 1:
        raise ValueError(f"internal: {type(node).__name__} is not linear in the differential "
                         f"({len(idx)} operands depend on it)")
    return idx[0]


def _matmul(node, J):
    """vec(P E S) = (Sᵀ ⊗ P) vec E, with P and S the prefix and suffix products (shared
    between the terms of a long chain: chain.py)."""
    kids = node.children
    dep = [i for i, Ji in enumerate(J) if Ji is not None]
    chain = Chain(kids) if shares_products(len(kids), len(dep)) else None
    terms = []
    for i in dep:
        if chain is None:
            pre, suf = kids[:i], kids[i + 1:]
            P = _mm(*pre) if pre else None
            S = _mm(*suf) if suf else None
        else:
            P, S = chain.prefix(i), chain.suffix(i + 1)
        P = P if P is not None else N.Identity(kids[i].rows)
        S = N.Transpose(S) if S is not None else N.Identity(kids[i].cols)
        terms.append(_mm(N.Kron(S, P), J[i]))
    return _add(terms)


def _add(terms):
    """Sum of the terms, with a left factor shared by every term pulled out once:
    P T_1 + P T_2 = P (T_1 + T_2) (e.g. the permutation chain of a Kronecker product)."""
    terms = [t for t in terms if t is not None]
    if not terms:
        return None
    if len(terms) == 1:
        return terms[0]
    seqs = [list(t.children) if isinstance(t, N.MatMul) else [t] for t in terms]
    k = 0
    while all(len(s) > k + 1 for s in seqs) and all(s[k] is seqs[0][k] for s in seqs):
        k += 1
    if k == 0:
        return N.MatAdd(*terms)
    rests = [_mm(*s[k:]) for s in seqs]
    return _mm(*seqs[0][:k], N.MatAdd(*rests))


def kron_vec_permutations(factors):
    """P_1 ... P_{k−1} with vec(F_1 ⊗ ... ⊗ F_k) = P_1 ... P_{k−1} (vec F_1 ⊗ ... ⊗ vec F_k).

    From the binary rule applied to F_i ⊗ (F_{i+1} ⊗ ... ⊗ F_k):
    P_i = I_{s_1 ... s_{i−1}} ⊗ I_{n_i} ⊗ K_{q,m_i} ⊗ I_p, where F_i is m_i×n_i, the
    remaining product is p×q and s_j = m_j n_j. Shared by every term of the derivative.
    """
    return list(_perms_for_shapes(tuple(f.shape for f in factors)))


@lru_cache(maxsize=1024)
def _perms_for_shapes(shapes):
    k = len(shapes)
    rows_after = [None] * k
    cols_after = [None] * k
    r = c = 1
    for i in range(k - 1, -1, -1):
        rows_after[i], cols_after[i] = r, c
        r, c = r * shapes[i][0], c * shapes[i][1]
    perms = []
    left = 1
    for i in range(k - 1):
        fr, fc = shapes[i]
        P = N.Kron(N.Identity(fc), N.Commutation(cols_after[i], fr), N.Identity(rows_after[i]))
        perms.append(P if left == 1 else N.Kron(N.Identity(left), P))
        left = left * fr * fc
    return tuple(perms)


def _kron(node, J):
    """vec(F_1 ⊗ ... ⊗ F_k) = P (vec F_1 ⊗ ... ⊗ vec F_k), and
    vec F_1 ⊗ ... ⊗ vec F_k = (vec F_1 ⊗ ... ⊗ I_{|F_i|} ⊗ ... ⊗ vec F_k) vec F_i."""
    kids = node.children
    terms = []
    for i, Ji in enumerate(J):
        if Ji is None:
            continue
        parts = [N.Vec(f) for f in kids[:i]] + [N.Identity(_size(kids[i]))] + \
                [N.Vec(f) for f in kids[i + 1:]]
        terms.append(_mm(N.Kron(*parts), Ji))
    return _mm(*kron_vec_permutations(kids), _add(terms))


def _hadamard(node, J):
    """vec(A ∘ E) = diag(vec A) vec E."""
    kids = node.children
    terms = []
    for i, Ji in enumerate(J):
        if Ji is None:
            continue
        others = kids[:i] + kids[i + 1:]
        O = others[0] if len(others) == 1 else N.Hadamard(*others)
        terms.append(_mm(N.Diag(N.Vec(O)), Ji))
    return _add(terms)


def _khatri_rao(node, J):
    """vec(A ⊙ B) = ((I_n ⊙ I_n)ᵀ ⊗ I_{mp}) vec(A ⊗ B)."""
    a, b = node.children
    n = a.cols
    S = N.KhatriRao(N.Identity(n), N.Identity(n))
    inner = _kron(N.Kron(a, b), J)
    return _mm(N.Kron(N.Transpose(S), N.Identity(a.rows * b.rows)), inner)


def _scale(node, J):
    """vec(s A) = vec(A) s (s 1×1) and vec(s E) = s vec E."""
    s, a = node.children
    terms = []
    if J[0] is not None:
        terms.append(_mm(N.Vec(a), J[0]))
    if J[1] is not None:
        terms.append(N.Scale(s, J[1]))
    return _add(terms)


def _transpose(node, J):
    """vec(Eᵀ) = K_{r,c} vec E for E r×c."""
    e = node.children[0]
    return _mm(N.Commutation(e.rows, e.cols), J[0])


def _trace(node, J):
    """tr E = vec(I)ᵀ vec E (distributed over the terms of a sum, so each term reads back)."""
    e = node.children[0]
    row = N.Transpose(N.Vec(N.Identity(e.rows)))
    if isinstance(J[0], N.MatAdd):
        return N.MatAdd(*[_mm(row, t) for t in J[0].children])
    return _mm(row, J[0])


def _diag(node, J):
    """vec(diag v) = (I_n ⊙ I_n) v."""
    n = node.rows
    return _mm(N.KhatriRao(N.Identity(n), N.Identity(n)), J[0])


def _same(node, J):
    """vec(vec E) = vec E;  vec(unvec v) = v."""
    return J[0]


def _scalar_mul(node, J):
    """vec(c E) = c vec E."""
    return N.ScalarMul(node.coeff, J[0])


def _matadd(node, J):
    """vec(E + F) = vec E + vec F."""
    return _add(J)


def _vech(node, J):
    """vec(vech E) = L_n vec E for E n×n  [definition of the elimination matrix]."""
    return _mm(N.Elimination(node.children[0].rows), J[0])


LINEARIZE: Dict[type, Callable[[N.Expr, List[Optional[N.Expr]]], Optional[N.Expr]]] = {
    N.MatMul: _matmul,
    N.MatAdd: _matadd,
    N.ScalarMul: _scalar_mul,
    N.Kron: _kron,
    N.Hadamard: _hadamard,
    N.KhatriRao: _khatri_rao,
    N.Scale: _scale,
    N.Transpose: _transpose,
    N.Trace: _trace,
    N.Diag: _diag,
    N.Vec: _same,
    N.Unvec: _same,
    N.Vech: _vech,
}


def _face_split(node, J):
    """vec(A • B) = (I_{np} ⊗ (I_m ⊙ I_m)ᵀ) vec(A ⊗ B), since A • B = (I_m ⊙ I_m)ᵀ (A ⊗ B)
    (row i of A ⊗ B numbered i·m + i is A[i,:] ⊗ B[i,:])."""
    a, b = node.children
    m = a.rows
    S = N.KhatriRao(N.Identity(m), N.Identity(m))
    inner = _kron(N.Kron(a, b), J)
    return _mm(N.Kron(N.Identity(node.cols), N.Transpose(S)), inner)


def _tracy_singh(node, J):
    """vec(P (A ⊗ B) Q) = (Qᵀ ⊗ P) vec(A ⊗ B), the Tracy–Singh product as a permuted
    Kronecker product (kronsym.rules.tracy_singh)."""
    from ..rules.tracy_singh import tracy_singh_permutations
    P, Q = tracy_singh_permutations(node)
    return _mm(N.Kron(N.Transpose(Q), P), _kron(N.Kron(*node.children), J))


def _vecr(node, J):
    """vec_r(E) = vec(Eᵀ) = K_{r,c} vec E for E r×c."""
    e = node.children[0]
    return _mm(N.Commutation(e.rows, e.cols), J[0])


# partitioned products and row-major vec (seed 002)
LINEARIZE[N.FaceSplit] = _face_split
LINEARIZE[N.TracySingh] = _tracy_singh
LINEARIZE[N.Vecr] = _vecr

def _sum(node, J):
    """vec(sum E) = vec(1_{r×c})ᵀ vec E;  vec(1ᵀE) = (I_c ⊗ 1_rᵀ) vec E;
    vec(E 1) = (1_cᵀ ⊗ I_r) vec E  (E r×c; sum with axis None, 0, 1)."""
    e = node.children[0]
    r, c = e.shape
    if node.axis is None:
        return _mm(N.Transpose(N.Vec(N.Ones(r, c))), J[0])
    if node.axis == 0:
        return _mm(N.Kron(N.Identity(c), N.Transpose(N.Ones(r, 1))), J[0])
    return _mm(N.Kron(N.Transpose(N.Ones(c, 1)), N.Identity(r)), J[0])


def _diag_part(node, J):
    """vec(diag E) = (I_n ⊙ I_n)ᵀ vec E for a square E (the transpose of vec(diag v) = (I ⊙ I) v)."""
    n = node.rows
    return _mm(N.Transpose(N.KhatriRao(N.Identity(n), N.Identity(n))), J[0])


# reductions (kronsym/nodes/reductions.py): the linear ones
LINEARIZE[N.Sum] = _sum
LINEARIZE[N.DiagPart] = _diag_part

_CONSTANT_LEAF = "a constant leaf: it never holds dX, so identify() maps it to None before the lookup"
_NONLINEAR = ("not linear in its argument: the differential rules (kronsym.diff.differential) "
              "never leave dX inside it")
#: node types LINEARIZE has no rule for, and why (read by tests/package/test_contract.py)
UNSUPPORTED: Dict[type, str] = {
    N.MatrixSymbol: "a leaf: dX itself is the identity, any other symbol is constant; "
                    "identify() handles both before the lookup",
    N.Identity: _CONSTANT_LEAF, N.ZeroMatrix: _CONSTANT_LEAF, N.Ones: _CONSTANT_LEAF,
    N.Commutation: _CONSTANT_LEAF, N.Duplication: _CONSTANT_LEAF,
    N.Elimination: _CONSTANT_LEAF, N.Symmetrizer: _CONSTANT_LEAF,
    N.Power: _NONLINEAR, N.EntrywiseFunc: _NONLINEAR, N.Inverse: _NONLINEAR, N.Det: _NONLINEAR,
    N.LogDet: _NONLINEAR,
    N.Norm2: _NONLINEAR, N.Norm1: _NONLINEAR, N.LogSumExp: _NONLINEAR, N.Softmax: _NONLINEAR,
    N.MatPow: _NONLINEAR,
    # pseudo-inverse family (kronsym/nodes/pseudo.py)
    N.Pinv: _NONLINEAR, N.Adj: _NONLINEAR, N.Eigvalsh: _NONLINEAR, N.Eigvecsh: _NONLINEAR,
    N.NuclearNorm: _NONLINEAR, N.Polar: _NONLINEAR,
    N.Expm: _NONLINEAR, N.Logm: _NONLINEAR, N.Sqrtm: _NONLINEAR,
    N.MatFuncJacobian: "the Jacobian J_f(X) of a matrix function is not linear in X and never "
                       "holds dX (d f(X) = unvec(J_f(X) vec dX): dX is outside it)",
    N.KronSum: "the differential of A ⊕ B is written with Kronecker products, so a KronSum "
               "never holds dX",
}


def register(cls, rule) -> None:
    """Add the identification rule of a new (linear) node type."""
    LINEARIZE[cls] = rule


def identify(E, dX):
    """J with vec(E) = J vec(dX), for E linear in the symbol dX (None if E is free of dX).

    >>> import kronsym as ks
    >>> from kronsym.diff.identify import identify
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", m, m); dX = ks.MatrixSymbol("dX", m, n)
    >>> print(identify(A @ dX, dX))
    (I(n) ⊗ A) @ I(m*n)
    """
    J: Dict[N.Expr, Optional[N.Expr]] = {}
    for node in postorder(E):
        if node is dX:
            J[node] = N.Identity(node.rows * node.cols)
            continue
        kids = [J[c] for c in node.children]
        if not node.children or all(k is None for k in kids):
            J[node] = None
            continue
        try:
            rule = LINEARIZE[type(node)]
        except KeyError:
            raise ValueError(f"the differential is not linear in {dX}: {type(node).__name__} "
                             f"of an expression containing it") from None
        J[node] = rule(node, kids)
    return J[E]
