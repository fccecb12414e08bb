"""Differentials: one rule per node type, building dF from the children's differentials.

Owns: the table ``DIFFERENTIAL`` (node type -> rule) and ``differential(F, X, dX)``.

Contract: ``differential(F, X, dX)`` returns an expression linear in the
symbol ``dX`` (same shape as X) equal to the differential of F at X, or None
when F does not depend on X. Each rule receives the node and the list of its
children's differentials (None for a child free of X). Linear nodes share
``_linear``; bilinear nodes (@, ⊗, ∘, ⊙, •, Tracy–Singh, scaling) share the product rule
``_product_rule``; for the matrix product, the terms of a long chain share their prefix
and suffix products (chain.py), so dF has O(k) distinct nodes for k factors. Iterative (post-order), never recursive. Sources: Magnus &
Neudecker, *Matrix Differential Calculus* (3rd ed.), ch. 8-9.
"""
from __future__ import annotations

from typing import Callable, Dict, List, Optional

import sympy

from .. import nodes as N
from ..dims import dims_equal
from ..traverse import postorder
from .chain import Chain, shares_products

__all__ = ["DIFFERENTIAL", "differential"]

DiffRule = Callable[[N.Expr, List[Optional[N.Expr]]], Optional[N.Expr]]


def _linear(node, d):
    """d f(A) = f(dA) for a linear f (ᵀ, vec, unvec, tr, diag, c·)."""
    return node.rebuild(d[0]) if d[0] is not None else None


def _product_rule(node, d):
    """d(A ∘ B ∘ ...) = Σ_i A ∘ ... dA_i ... ∘ B for a multilinear ∘ (@, ⊗, ⊙, Hadamard, scaling)."""
    kids = node.children
    terms = []
    for i, di in enumerate(d):
        if di is None:
            continue
        terms.append(node.rebuild(*kids[:i], di, *kids[i + 1:]))
    return _sum(terms)


def _matmul(node, d):
    """d(A_1 ⋯ A_k) = Σ_i A_1 ⋯ A_{i−1} dA_i A_{i+1} ⋯ A_k  [product rule]

    The product rule, with the prefix and suffix products of a long chain shared
    between the terms (chain.py): O(k) distinct nodes instead of k²/2 factors."""
    kids = node.children
    dep = [i for i, di in enumerate(d) if di is not None]
    if not shares_products(len(kids), len(dep)):
        return _product_rule(node, d)
    chain = Chain(kids)
    terms = []
    for i in dep:
        parts = [p for p in (chain.prefix(i), d[i], chain.suffix(i + 1)) if p is not None]
        terms.append(parts[0] if len(parts) == 1 else N.MatMul(*parts))
    return _sum(terms)


def _sum(terms):
    terms = [t for t in terms if t is not None]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else N.MatAdd(*terms)


def _matadd(node, d):
    """d(A + B) = dA + dB."""
    return _sum(d)


def _kron_sum(node, d):
    """d(A ⊕ B) = dA ⊗ I_n + I_m ⊗ dB  [A ⊕ B = A ⊗ I_n + I_m ⊗ B is linear in (A, B)]"""
    a, b = node.children
    terms = []
    if d[0] is not None:
        terms.append(N.Kron(d[0], N.Identity(b.rows)))
    if d[1] is not None:
        terms.append(N.Kron(N.Identity(a.rows), d[1]))
    return _sum(terms)


def _inverse(node, d):
    """d(A⁻¹) = −A⁻¹ dA A⁻¹  [M&N ch. 8, Thm 3]"""
    if d[0] is None:
        return None
    return N.ScalarMul(-1, N.MatMul(node, d[0], node))


def _det(node, d):
    """d det A = det(A) tr(A⁻¹ dA)  [Jacobi's formula; M&N ch. 8, Thm 1]"""
    if d[0] is None:
        return None
    return N.Scale(node, N.Trace(N.MatMul(N.Inverse(node.children[0]), d[0])))


def _logdet(node, d):
    """d log det A = tr(A⁻¹ dA)  [M&N ch. 8, Thm 2]"""
    if d[0] is None:
        return None
    return N.Trace(N.MatMul(N.Inverse(node.children[0]), d[0]))


def _scaled_by(fprime, node, dx):
    """f′ ∘ dX (a Hadamard scaling; f′·ds, a Scale, for a 1×1 argument), with a numeric
    factor of f′ kept outside: c·(g ∘ dX)."""
    c = None
    if isinstance(fprime, N.ScalarMul):
        c, fprime = fprime.coeff, fprime.children[0]
    if node.children[0].is_scalar:
        out = N.Scale(fprime, dx)
    else:
        out = N.Hadamard(fprime, dx)
    return out if c is None else N.ScalarMul(c, out)


def _power(node, d):
    """d X^{∘k} = k X^{∘(k−1)} ∘ dX  [power rule, entry by entry; d s^k = k s^{k−1} ds]"""
    if d[0] is None:
        return None
    s, k = node.children[0], node.exponent
    if k - 1 == 0:
        return N.ScalarMul(k, d[0])
    base = s if k - 1 == 1 else N.Power(s, k - 1)
    return N.ScalarMul(k, _scaled_by(base, node, d[0])) if k != 1 else d[0]


def _entrywise_func(node, d):
    """d f(X) = f′(X) ∘ dX, f′ from the function's row in ENTRYWISE_FUNCS
    [chain rule entry by entry; d f(s) = f′(s) ds for a 1×1 s]"""
    if d[0] is None:
        return None
    fprime = node.function.derivative(N, node.children[0], node)
    if fprime is None:                  # f′ = 0 (sign, heaviside: the subgradient 0 at 0)
        return None
    return _scaled_by(fprime, node, d[0])


def _constant(node, d):
    """d C = 0 for a constant (I, 0, 1, K)."""
    return None


DIFFERENTIAL: Dict[type, DiffRule] = {
    N.Identity: _constant,
    N.ZeroMatrix: _constant,
    N.Ones: _constant,
    N.Commutation: _constant,
    N.MatAdd: _matadd,
    N.ScalarMul: _linear,
    N.Transpose: _linear,
    N.Vec: _linear,
    N.Unvec: _linear,
    N.Trace: _linear,
    N.Diag: _linear,
    N.MatMul: _matmul,
    N.Kron: _product_rule,
    N.Hadamard: _product_rule,
    N.KhatriRao: _product_rule,
    N.Scale: _product_rule,
    N.KronSum: _kron_sum,
    N.Inverse: _inverse,
    N.Det: _det,
    N.LogDet: _logdet,
    N.Power: _power,
    N.EntrywiseFunc: _entrywise_func,
    # symmetric matrices: D, L, N are constants; vech is linear (d vech A = vech dA)
    N.Duplication: _constant,
    N.Elimination: _constant,
    N.Symmetrizer: _constant,
    N.Vech: _linear,
}

#: node types DIFFERENTIAL has no rule for, and why (read by tests/package/test_contract.py)
UNSUPPORTED: Dict[type, str] = {
    N.MatrixSymbol: "a leaf: differential() maps the variable to dX and every other symbol "
                    "to 0 (constant) before the table is consulted"}


# partitioned products (bilinear) and row-major vec (linear)
DIFFERENTIAL[N.FaceSplit] = _product_rule
DIFFERENTIAL[N.TracySingh] = _product_rule
DIFFERENTIAL[N.Vecr] = _linear


# --- reductions and building blocks (kronsym/nodes/reductions.py) -------------------------
def _norm2(node, d):
    """d‖X‖₂ = tr(Xᵀ dX) / ‖X‖₂ (for a column x: xᵀ dx / ‖x‖₂)  [d‖X‖² = 2 tr(Xᵀ dX)]"""
    x = node.children[0]
    inner = N.MatMul(N.Transpose(x), d[0])
    if dims_equal(x.cols, 1) is not True:
        inner = N.Trace(inner)
    return N.Scale(N.Power(node, -1), inner)


def _norm1(node, d):
    """d‖X‖₁ = sum(sign(X) ∘ dX)  [d|t| = sign(t) dt; at t = 0 the subgradient 0 = sign(0)]"""
    return N.Sum(N.Hadamard(N.EntrywiseFunc("sign", node.children[0]), d[0]))


def _logsumexp(node, d):
    """d logsumexp(v) = softmax(v)ᵀ dv  [∂/∂v_i log Σ exp v_j = exp v_i / Σ exp v_j]"""
    return N.MatMul(N.Transpose(N.Softmax(node.children[0])), d[0])


def _softmax(node, d):
    """d softmax(v) = s ∘ dv − s sᵀ dv, s = softmax(v)  [Jacobian diag(s) − s sᵀ]"""
    return N.MatAdd(N.Hadamard(node, d[0]), N.ScalarMul(-1, N.MatMul(node, N.Transpose(node), d[0])))


def _mpow(x, j):
    """Xʲ for an integer j (or a symbolic one) as the plainest node: I, X, X⁻¹ or MatPow."""
    if not sympy.sympify(j).is_Integer:
        return N.MatPow(x, j)
    if j == 0:
        return N.Identity(x.rows)
    if j == 1:
        return x
    return N.Inverse(x) if j == -1 else N.MatPow(x, j)


class TraceOnly:
    """The differential of Xᵏ for a symbolic k, which has a closed form only under a
    trace: d tr(Xᵏ) = k tr(Xᵏ⁻¹ dX) (cyclic invariance). Held while the walk reaches the
    enclosing trace; any other parent is refused with a clear error."""
    __slots__ = ("node", "dx")

    def __init__(self, node, dx):
        self.node, self.dx = node, dx


def _matpow(node, d):
    """d Xᵏ = Σ_{j=0}^{k−1} Xʲ dX Xᵏ⁻¹⁻ʲ (k > 0);  d Xᵏ = −Σ_{j=1}^{|k|} X⁻ʲ dX X^{−(|k|+1−j)}
    (k < 0, from d X⁻¹ = −X⁻¹ dX X⁻¹);  d X⁰ = 0;  symbolic k: only d tr(Xᵏ) = k tr(Xᵏ⁻¹ dX)
    [M&N ch. 8; product rule]"""
    x, k = node.children[0], node.exponent
    if not k.is_Integer:
        return TraceOnly(node, d[0])
    k = int(k)
    if k == 0:
        return None
    if k > 0:
        terms = []
        for j in range(k):
            fs = [f for f in (_mpow(x, j), d[0], _mpow(x, k - 1 - j))
                  if f is d[0] or not isinstance(f, N.Identity)]
            terms.append(fs[0] if len(fs) == 1 else N.MatMul(*fs))
        return _sum(terms)
    p = -k
    terms = [N.MatMul(_mpow(x, -j), d[0], _mpow(x, -(p + 1 - j))) for j in range(1, p + 1)]
    return N.ScalarMul(-1, _sum(terms))


def _trace(node, d):
    """d tr(A) = tr(dA) (linear); d tr(Xᵏ) = k tr(Xᵏ⁻¹ dX) for a symbolic k."""
    if isinstance(d[0], TraceOnly):
        pw = d[0].node
        x, k = pw.children[0], pw.exponent
        return N.ScalarMul(k, N.Trace(N.MatMul(_mpow(x, k - 1), d[0].dx)))
    return _linear(node, d)


DIFFERENTIAL.update({N.Sum: _linear, N.DiagPart: _linear, N.Norm2: _norm2, N.Norm1: _norm1,
                     N.LogSumExp: _logsumexp, N.Softmax: _softmax, N.MatPow: _matpow,
                     N.Trace: _trace})

# matrix functions: d f(X) = unvec(J_f(X) vec dX) (kronsym/diff/matfuncs.py)
from .matfuncs import MATFUNC_DIFFERENTIAL  # noqa: E402
DIFFERENTIAL.update(MATFUNC_DIFFERENTIAL)


def register(cls, rule: DiffRule) -> None:
    """Add the differential rule of a new node type."""
    DIFFERENTIAL[cls] = rule


def differential(F, X, dX):
    """The differential of F with respect to X, as an expression linear in ``dX``.

    >>> import kronsym as ks
    >>> from kronsym.diff.differential import differential
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", m, n); dA = ks.MatrixSymbol("dA", m, n)
    >>> print(differential(A.T @ A, A, dA))
    dA.T @ A + A.T @ dA
    """
    d: Dict[N.Expr, Optional[N.Expr]] = {}
    for node in postorder(F):
        if node is X:
            d[node] = dX
            continue
        if isinstance(node, N.MatrixSymbol):
            d[node] = None
            continue
        kids = [d[c] for c in node.children]
        if all(k is None for k in kids) and node.children:
            d[node] = None
            continue
        if not isinstance(node, N.Trace) and any(isinstance(k, TraceOnly) for k in kids):
            _refuse_symbolic_power(node, kids)
        try:
            rule = DIFFERENTIAL[type(node)]
        except KeyError:
            raise NotImplementedError(f"no differential rule for node type {type(node).__name__}; "
                                      f"register one in kronsym/diff/differential.py") from None
        d[node] = rule(node, kids)
    if isinstance(d[F], TraceOnly):
        _refuse_symbolic_power(F, [d[F]])
    return d[F]


def _refuse_symbolic_power(node, kids):
    pw = next(k for k in kids if isinstance(k, TraceOnly)).node
    raise NotImplementedError(
        f"the differential of {pw} with a symbolic exponent {pw.exponent} has a closed form "
        f"only directly inside a trace (d tr(Xᵏ) = k tr(Xᵏ⁻¹ dX)); here it is inside "
        f"{type(node).__name__}. Give k a number, or differentiate tr({pw})")


# pseudo-inverse, adjugate, symmetric eigen-decomposition, nuclear norm (nodes/pseudo.py)
from .differential_pseudo import PSEUDO_DIFFERENTIAL, polar_structure  # noqa: E402
DIFFERENTIAL.update(PSEUDO_DIFFERENTIAL)  # type: ignore[arg-type]


def _polar(node, d):
    """d polar(X) = d(X V diag(λ)^{-1/2} Vᵀ), λ, V of XᵀX (or of XXᵀ for a wide X)
    [the eigen-differentials of differential_pseudo.py; full rank, distinct singular
    values]. Here, not there, because it differentiates polar_structure(X) again."""
    x = node.children[0]
    return differential(polar_structure(x), x, d[0])


DIFFERENTIAL[N.Polar] = _polar
