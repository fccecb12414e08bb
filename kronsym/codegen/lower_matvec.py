"""Matrix-vector products in the lowering: HVPs and JVPs without forming H or J.

Owns: ``apply_to_column(L, node, v)`` (``node @ v`` for a block ``v`` known to be one
column), ``column_needs(L, node)`` (the dense values it reads, for the lowering's
iterative pre-pass) and ``instr_key`` (the hash-consing key of an instruction's
arguments).

Decision (taken here, once, for every backend): when the rightmost factor of a product
is a single column -- ``ks.hessian(f, w) @ v``, ``J @ vec(V)`` -- every factor to its
left is *applied* to it and nothing of the size of H or J is built:

* a product is applied factor by factor, right to left: Xᵀ D X v → Xᵀ (d ∘ (X v));
* a sum is distributed, Σ Tᵢ v, and a multiple c T v / s T v keeps its scalar outside;
* (F₁ ⋯ F_k)ᵀ v = F_kᵀ ⋯ F₁ᵀ v, (Σ Tᵢ)ᵀ v = Σ Tᵢᵀ v, diag(d)ᵀ = diag(d);
* structured factors keep their own rules (kronsym.codegen.lower: (A ⊗ B) v by
  kron_apply, diag(d) v = d ∘ v, K v as a reshape, A⁻¹ v as a solve);
* in any product (a column or not), (A ⊗ B)(C ⊙ D) = (AC) ⊙ (BD) [the mixed product of
  the Kronecker and Khatri–Rao products] and 1ᵀ ⊙ Q = Q ⊙ 1ᵀ = Q: the raw Hessian of
  Σ f(Xw), (1ᵀ ⊗ Xᵀ)(I ⊙ I) diag(d) X, is applied as Xᵀ (d ∘ ·), never via the m²×m
  matrix I ⊙ I (``fuse_factors``);
* anything else (a leaf, an entrywise product, a function of a matrix) is formed
  and multiplied -- unless its dense value is already at hand.

The cost is never more than forming H and multiplying (for a vector v, applying
F₁(F₂ v) costs at most about what F₁F₂ costs to form), and it is linear in the
sizes of the factors for the Hessians of sums of entrywise losses.
"""
from __future__ import annotations

from .. import nodes as N
from .ir import Var
from .names import _num

__all__ = ["apply_to_column", "column_needs", "instr_key", "fuse_factors", "live_instructions",
           "weighted_gram_tail"]


def instr_key(args) -> tuple:
    """A hashable key for an instruction's arguments that tells 1 from 1.0 and True."""
    return tuple((type(a).__name__, instr_key(a) if isinstance(a, tuple) else a) for a in args)


def _vars(a, out: set) -> None:
    stack = [a]
    while stack:
        x = stack.pop()
        if isinstance(x, tuple):
            stack.extend(x)
        elif isinstance(x, Var):
            out.add(x)


def live_instructions(instrs: list, outs) -> list:
    """The instructions some output depends on, in order (dead ones dropped: an
    intermediate made redundant by (Aᵀ)ᵀ = A, or a value the outputs never read)."""
    live: set = set(outs)
    keep = []
    for ins in reversed(instrs):
        if ins.out in live:
            keep.append(ins)
            _vars(ins.args, live)
    return keep[::-1]


def _transposed_parts(x):
    """For Tᵀ with T a product / sum / multiple: ("chain", factors in application
    order), ("sum", terms), ("scale", coeff, term), ("smul", s, term) or None."""
    if isinstance(x, N.MatMul):
        return ("chain", [N.Transpose(f) for f in x.children])
    if isinstance(x, N.MatAdd):
        return ("sum", [N.Transpose(t) for t in x.children])
    if isinstance(x, N.ScalarMul):
        return ("scale", x.coeff, N.Transpose(x.children[0]))
    if isinstance(x, N.Scale):
        return ("smul", x.children[0], N.Transpose(x.children[1]))
    if isinstance(x, (N.Transpose, N.Diag)):     # (Tᵀ)ᵀ = T, diag(d)ᵀ = diag(d)
        return ("chain", [x.children[0] if isinstance(x, N.Transpose) else x])
    return None


def _parts(node):
    """How ``node @ v`` distributes, as in :func:`_transposed_parts`, or None."""
    if isinstance(node, N.MatMul):
        return ("chain", list(reversed(node.children)))
    if isinstance(node, N.MatAdd):
        return ("sum", list(node.children))
    if isinstance(node, N.ScalarMul):
        return ("scale", node.coeff, node.children[0])
    if isinstance(node, N.Scale):
        return ("smul", node.children[0], node.children[1])
    if isinstance(node, N.Transpose):
        return _transposed_parts(node.children[0])
    return None


def apply_to_column(L, node, v):
    """``node @ v`` for a one-column block ``v`` (L: kronsym.codegen.lower's _Lowering)."""
    if L.structured(node):
        return L._apply(node, v)
    parts = None if node in L.dense_memo else _parts(node)
    if parts is None:
        return L.emit("matmul", L._kid(node), v)
    kind = parts[0]
    if kind == "chain":
        for f in reversed(fuse_factors(list(reversed(parts[1])))):
            v = L.apply(f, v)
        return v
    if kind == "sum":
        return L.emit("add", *[L.apply(t, v) for t in parts[1]])
    if kind == "scale":
        return L.emit("scale", _num(parts[1]), L.apply(parts[2], v))
    return L.emit("smul", L._kid(parts[1]), L.apply(parts[2], v))


def column_needs(L, node) -> list:
    """The nodes whose dense values :func:`apply_to_column` will read for ``node`` (an
    explicit stack, so the lowering's pre-pass stays iterative)."""
    out: list = []
    stack = [node]
    while stack:
        g = stack.pop()
        parts = _parts(g)
        if parts is None:
            out.extend(L._apply_needs(g) if L.structured(g) else [g])
        elif parts[0] == "chain":
            stack.extend(fuse_factors(list(reversed(parts[1])))[::-1])
        elif parts[0] == "sum":
            stack.extend(parts[1])
        elif parts[0] == "scale":
            stack.append(parts[2])
        else:
            out.append(parts[1])
            stack.append(parts[2])
    return out


def _mul(a, b):
    """a @ b as a node, dropping identity factors (so nothing is formed for them)."""
    from ..nodes.operators import matmul
    if isinstance(b, N.Identity):
        return a
    if isinstance(a, N.Identity):
        return b
    return matmul(a, b)


def _fusable(k, c) -> bool:
    """k = A ⊗ B directly left of c = C ⊙ D with A's columns = C's rows, B's = D's."""
    if not (isinstance(k, N.Kron) and len(k.children) == 2 and isinstance(c, N.KhatriRao)):
        return False
    (a, b), (cc, d) = k.children, c.children
    return bool(a.cols == cc.rows and b.cols == d.rows)


def _ones_row(x) -> bool:
    return isinstance(x, N.Ones) and x.rows == 1


def fuse_factors(fs: list) -> list:
    """The factors of a product (left to right) with each A ⊗ B directly left of C ⊙ D
    fused into (AC) ⊙ (BD), and 1ᵀ ⊙ Q, Q ⊙ 1ᵀ replaced by Q (its factors spliced in).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> X = ks.MatrixSymbol("X", m, n)
    >>> [str(f) for f in fuse_factors([ks.kron(ks.ones(1, m), X.T),
    ...                                ks.khatri_rao(ks.I(m), ks.I(m))])]
    ['X.T']
    """
    out: list = []
    for f in fs:
        out.append(f)
        while len(out) >= 2 and _fusable(out[-2], out[-1]):
            c, k = out.pop(), out.pop()
            (a, b), (cc, d) = k.children, c.children
            p, q = _mul(a, cc), _mul(b, d)
            if _ones_row(p) or _ones_row(q):
                keep = q if _ones_row(p) else p
                if not isinstance(keep, N.Identity):       # I is the identity: no factor
                    out.extend(keep.children if isinstance(keep, N.MatMul) else [keep])
            else:
                out.append(N.KhatriRao(p, q))
    return out


def weighted_gram_tail(fs: list):
    """(A, d) when a product's factors end in Aᵀ diag(d) A (d a column), else None: the
    Hessian of Σ f(Xw) and every Gauss-Newton matrix, lowered to one ``weighted_gram``
    op (numpy computes it as a symmetric rank-k update when d has one sign).

    >>> import kronsym as ks
    >>> X, d = ks.MatrixSymbol("X", 5, 2), ks.MatrixSymbol("d", 5, 1)
    >>> [str(e) for e in weighted_gram_tail([X.T, ks.diag(d), X])]
    ['X', 'd']
    """
    if len(fs) < 3:
        return None
    t, g, a = fs[-3:]
    if isinstance(t, N.Transpose) and t.children[0] == a and isinstance(g, N.Diag) \
            and g.children[0].cols == 1:
        return a, g.children[0]
    return None
