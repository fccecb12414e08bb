"""Reading a gradient off a scalar differential in matrix form: df = tr(Gᵀ dX) ⇒ ∇f = G.

Owns: the table ``ADJOINT`` (node type -> rule) and ``gradient_matrix(df, dX)``, which
returns G (X's shape) with df = tr(Gᵀ dX) for a 1×1 expression df linear in dX.

Contract: the walk goes from the root down (reverse accumulation, as reverse-mode
automatic differentiation does with cotangents): the root's weight is W = 1, and each
node passes to each child holding dX the weight W_c with tr(Wᵀ node) = Σ_c tr(W_cᵀ c) +
(terms free of dX). A node's weights from its parents add up (the differential is a DAG).
G is the weight reaching dX. A node without a rule here (a Khatri–Rao product, vech,
a Kronecker product whose weight does not split, ...) falls back on the vec
identification of kronsym.diff.identify: tr(Wᵀ E) = vec(W)ᵀ J vec dX, so its part of G is
unvec(Jᵀ vec W). Every rule is an identity of the trace inner product; nothing is
special-cased. Iterative (one pass over the nodes in reverse post-order).

Identities (W the weight of the node, Magnus & Neudecker ch. 9 "identification"):
  tr(Wᵀ A E B)  = tr((Aᵀ W Bᵀ)ᵀ E)            tr(Wᵀ Eᵀ)    = tr((Wᵀ)ᵀ E)
  tr(Wᵀ (c E))  = tr((c W)ᵀ E)                 tr(w tr E)   = tr((w I)ᵀ E)      (w 1×1)
  tr(Wᵀ (s E))  = tr((s W)ᵀ E)                 tr(Wᵀ (e A)) = tr(Aᵀ W) e        (e, s 1×1)
  tr(Wᵀ (A ∘ E)) = tr((A ∘ W)ᵀ E)              tr(Wᵀ vec E) = tr(unvec(W)ᵀ E)
  tr(Wᵀ unvec e) = tr((vec W)ᵀ e)              tr(Wᵀ diag e) = tr(diag(W)ᵀ e)
  tr(Wᵀ diag E) = tr(diag(W)ᵀ E)               tr(w sum E)  = tr((w 1 1ᵀ)ᵀ E)
  tr((⊗_j W_j)ᵀ (⊗_j F_j)) = Π_j tr(W_jᵀ F_j)  (factors of matching shapes; W = c I splits
                                                 into identities when every F_j is square)
"""
from __future__ import annotations

from typing import Callable, Dict, List, Optional, Tuple

from .. import nodes as N
from ..dims import dims_equal
from ..traverse import postorder
from .chain import Chain, shares_products
from .identify import identify

__all__ = ["ADJOINT", "gradient_matrix"]

Parts = List[Tuple[int, N.Expr]]


def _mm(*fs):
    fs = [f for f in fs if f is not None]
    return fs[0] if len(fs) == 1 else N.MatMul(*fs)


def _T(e):
    """eᵀ, without a double transpose."""
    return e.children[0] if isinstance(e, N.Transpose) else N.Transpose(e)


def _is_one(w) -> bool:
    return isinstance(w, N.Identity) and w.params[0] == 1


def _times(w, M):
    """w M for a 1×1 weight w (no node for w = 1, a ScalarMul for a number times 1)."""
    if _is_one(w):
        return M
    if isinstance(w, N.ScalarMul) and _is_one(w.children[0]):
        return N.ScalarMul(w.coeff, M)
    return N.Scale(w, M)


def _dep(node, dep) -> List[int]:
    return [i for i, c in enumerate(node.children) if c in dep]


def _matmul(node, W, dep) -> Parts:
    """tr(Wᵀ P E S) = tr((Pᵀ W Sᵀ)ᵀ E)."""
    kids = node.children
    idx = _dep(node, dep)
    chain = Chain(kids) if shares_products(len(kids), len(idx)) else None
    out = []
    for i in idx:
        if chain is None:
            P = _mm(*kids[:i]) if i else None
            S = _mm(*kids[i + 1:]) if i + 1 < len(kids) else None
        else:
            P, S = chain.prefix(i), chain.suffix(i + 1)
        w = None if isinstance(W, N.Identity) else W   # a product has a factor besides E
        out.append((i, _mm(_T(P) if P is not None else None, w,
                           _T(S) if S is not None else None)))
    return out


def _matadd(node, W, dep) -> Parts:
    """tr(Wᵀ (E + F)) = tr(Wᵀ E) + tr(Wᵀ F)."""
    return [(i, W) for i in _dep(node, dep)]


def _scalar_mul(node, W, dep) -> Parts:
    """tr(Wᵀ (c E)) = tr((c W)ᵀ E)."""
    return [(0, N.ScalarMul(node.coeff, W))]


def _transpose(node, W, dep) -> Parts:
    """tr(Wᵀ Eᵀ) = tr(W E) = tr((Wᵀ)ᵀ E)."""
    return [(0, _T(W))]


def _trace(node, W, dep) -> Parts:
    """w tr E = tr((w I)ᵀ E) for the 1×1 weight w."""
    return [(0, _times(W, N.Identity(node.children[0].rows)))]


def _scale(node, W, dep) -> Parts:
    """tr(Wᵀ (s A)) for a 1×1 s: A gets s W; s gets tr(Aᵀ W) (A W for a 1×1 A)."""
    s, a = node.children
    out: Parts = []
    if s in dep:
        out.append((0, _mm(a, W) if a.is_scalar else N.Trace(N.MatMul(N.Transpose(a), W))))
    if a in dep:
        out.append((1, N.Scale(s, W)))
    return out


def _hadamard(node, W, dep) -> Parts:
    """tr(Wᵀ (A ∘ E)) = tr((A ∘ W)ᵀ E)."""
    kids = node.children
    return [(i, N.Hadamard(*kids[:i], W, *kids[i + 1:])) for i in _dep(node, dep)]


def _vec(node, W, dep) -> Parts:
    """tr(Wᵀ vec E) = tr(unvec(W)ᵀ E) (W a column of E's size)."""
    e = node.children[0]
    return [(0, N.Unvec(W, e.rows, e.cols))]


def _unvec(node, W, dep) -> Parts:
    """tr(Wᵀ unvec e) = (vec W)ᵀ e."""
    return [(0, N.Vec(W))]


def _diag(node, W, dep) -> Parts:
    """tr(Wᵀ diag(e)) = diag(W)ᵀ e (the diagonal matrix of a vector e)."""
    return [(0, N.DiagPart(W))]


def _diag_part(node, W, dep) -> Parts:
    """tr(Wᵀ diag(E)) = tr(diag(W)ᵀ E) (the diagonal of a square E)."""
    return [(0, N.Diag(W))]


def _sum(node, W, dep) -> Parts:
    """w sum(E) = tr((w 1 1ᵀ)ᵀ E); 1ᵀE and E1 likewise (w 1ᵀ, 1 w spread over the rows,
    the columns)."""
    e = node.children[0]
    r, c = e.shape
    if node.axis is None:
        return [(0, _times(W, N.Ones(r, c)))]
    if node.axis == 0:
        return [(0, _mm(N.Ones(r, 1), W))]
    return [(0, _mm(W, N.Ones(1, c)))]


def _identity_pieces(W, factors) -> Optional[List]:
    """W (a multiple of an identity) as W_1 ⊗ ... ⊗ W_k with W_j of factor j's shape, or None."""
    c = None
    if isinstance(W, N.ScalarMul):
        c, W = W.coeff, W.children[0]
    if not isinstance(W, N.Identity):
        return None
    if not all(dims_equal(f.rows, f.cols) is True for f in factors):
        return None
    pieces: List = [N.Identity(f.rows) for f in factors]
    if c is not None:
        pieces[0] = N.ScalarMul(c, pieces[0])
    return pieces


def _kron(node, W, dep) -> Optional[Parts]:
    """tr((⊗ W_j)ᵀ (⊗ F_j)) = Π_j tr(W_jᵀ F_j): F_i gets (Π_{j≠i} tr(W_jᵀ F_j)) W_i, when W
    splits into factors of the shapes of F_j (else None: the vec identification)."""
    kids = node.children
    pieces: Optional[List] = None
    if isinstance(W, N.Kron) and len(W.children) == len(kids) and all(
            dims_equal(w.rows, f.rows) is True and dims_equal(w.cols, f.cols) is True
            for w, f in zip(W.children, kids)):
        pieces = list(W.children)
    else:
        pieces = _identity_pieces(W, kids)
    if pieces is None:
        return None
    out: Parts = []
    for i in _dep(node, dep):
        traces = [N.Trace(N.MatMul(N.Transpose(pieces[j]), kids[j])) for j in range(len(kids))
                  if j != i]
        s = traces[0] if len(traces) == 1 else N.MatMul(*traces)
        out.append((i, N.Scale(s, pieces[i])))
    return out


ADJOINT: Dict[type, Callable[[N.Expr, N.Expr, set], Optional[Parts]]] = {
    N.MatMul: _matmul,
    N.MatAdd: _matadd,
    N.ScalarMul: _scalar_mul,
    N.Transpose: _transpose,
    N.Trace: _trace,
    N.Scale: _scale,
    N.Hadamard: _hadamard,
    N.Vec: _vec,
    N.Unvec: _unvec,
    N.Diag: _diag,
    N.DiagPart: _diag_part,
    N.Sum: _sum,
    N.Kron: _kron,
}


def _vec_fallback(node, W, dX):
    """unvec(Jᵀ vec W) with vec(node) = J vec dX: tr(Wᵀ node) = vec(W)ᵀ J vec dX."""
    J = identify(N.Vec(node), dX)
    return N.Unvec(N.MatMul(N.Transpose(J), N.Vec(W)), dX.rows, dX.cols)


def gradient_matrix(df, dX):
    """G with df = tr(Gᵀ dX), for a 1×1 df linear in the symbol dX (None if df is free of dX).

    >>> import kronsym as ks
    >>> from kronsym.diff.adjoint import gradient_matrix
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", n, m); dX = ks.MatrixSymbol("dX", m, n)
    >>> print(gradient_matrix(ks.trace(A @ dX), dX))
    A.T
    """
    order = postorder(df)
    dep = set()
    for node in order:
        if node is dX or any(c in dep for c in node.children):
            dep.add(node)
    if df not in dep:
        return None
    weights: Dict[N.Expr, List[N.Expr]] = {df: [N.Identity(1)]}
    grads: List[N.Expr] = []
    for node in reversed(order):
        got = weights.pop(node, None)
        if got is None or node not in dep:
            continue
        W = got[0] if len(got) == 1 else N.MatAdd(*got)
        if node is dX:
            grads.append(W)
            continue
        rule = ADJOINT.get(type(node))
        parts = rule(node, W, dep) if rule is not None else None
        if parts is None:
            grads.append(_vec_fallback(node, W, dX))
            continue
        for i, w in parts:
            weights.setdefault(node.children[i], []).append(w)
    return grads[0] if len(grads) == 1 else N.MatAdd(*grads)
