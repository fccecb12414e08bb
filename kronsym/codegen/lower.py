"""Lowering: kronsym expression -> IR. ALL structural decisions are taken here.

Owns: ``lower(args, expr) -> Program``.

Decisions (each once, for every backend):
* A product is evaluated right to left: the rightmost factor is formed, and
  every factor to its left is *applied* to the running block (``_apply``).
* Applying a Kronecker product (A ⊗ B ⊗ ...) to a block never forms it: the
  block is reshaped into a tensor and each factor acts on its own mode
  (``kron_apply``: the vec trick vec(B X Aᵀ), n-ary); identity factors are
  skipped and commutation factors are axis swaps.
* Applying K_{m,n} is a reshape and a transpose (``commute_apply``).
* Applying D_n, L_n, their transposes or N_n is a row gather / reshape
  (``dup_apply``, ``elim_apply``, ``dup_t_apply``, ``elim_t_apply``, ``sym_apply``);
  vech is a gather. They are formed densely only when needed as values.
* Applying A⁻¹ is a solve; a transpose of a Kronecker product or of K is
  applied as the Kronecker product of transposes / K_{n,m}.
* log det uses slogdet; tr(A B) is a sum of an elementwise product.
* Every argument, dimension and scalar is named by codegen (``a0``, ``x0``, ``d0``,
  ``s0``; kronsym.codegen.names): no name of the user's reaches the source. The
  Program also lists the shape every argument must have and the dimensions that
  must be checked positive at run time (those read from shapes or passed, and
  compound ones such as n - 5 that are not provably positive).
* A Kronecker product or commutation matrix is formed densely only when that
  matrix is itself needed as a value (the requested output, or the
  rightmost factor of a product).
* A product whose rightmost factor is a column (an HVP ``H @ v``, a JVP ``J @ vec(V)``)
  applies every factor to it, distributing sums and reversing transposed products, so
  H or J is never formed; (A ⊗ B)(C ⊙ D) = AC ⊙ BD is fused in any product; a product
  ending in Aᵀ diag(d) A is one ``weighted_gram`` (kronsym.codegen.lower_matvec).
Shared subexpressions are lowered once (nodes are interned; a memo per node), also
across several outputs (``lower(args, [e1, e2])``), and identical instructions are
hash-consed; instructions no output reads are dropped. Arguments are bound in
kronsym.codegen.lower_args.
"""
from __future__ import annotations

from typing import Dict, Sequence

import sympy

from .. import nodes as N
from ..traverse import postorder
from .ir import DimExpr, Instr, Program, Var
from .lower_guards import guarded_norm_powers
from .lower_reductions import LOWER_REDUCTIONS
from .lower_pseudo import LOWER_PSEUDO
from .lower_solve import inverse_like, product, product_needs, solve_left, value_inverses
from .lower_matfuncs import LOWER_MATFUNCS, apply_jacobian, is_jacobian, jacobian_last
from .lower_args import as_outputs, bind_arguments
from .lower_matvec import (apply_to_column, column_needs, fuse_factors, instr_key,
                           live_instructions, weighted_gram_tail)
from .names import LoweringError, _num

__all__ = ["lower", "LoweringError", "LOWER_DENSE"]


def _dim(d) -> DimExpr:
    return DimExpr(sympy.sympify(d), "dim")


def _func(L, node):
    """An entrywise function: op ``func`` with the row's name (each backend emits its own)."""
    name = node.name
    if name not in N.ENTRYWISE_FUNCS:
        raise LoweringError(f"lambdify: unknown entrywise function; known: "
                            f"{', '.join(N.ENTRYWISE_FUNCS)}")
    return L.emit("func", name, L._kid(node.children[0]))


class _Lowering:
    def __init__(self, prog: Program, inputs: Dict[N.Expr, Var]):
        self.prog = prog
        self.dense_memo: Dict[N.Expr, Var] = dict(inputs)
        self.apply_memo: Dict = {}
        self.structured_memo: Dict = {}
        self.shared_inverses: set = set()
        self.value_inverses: set = set()     # both set by lower() (lower_solve.py)
        self.count = 0
        self.instr_memo: Dict = {}   # hash-consing: (op, args) -> the variable holding it
        self.thin: set = set()       # variables known to be a single column (matvec mode)
        self.transpose_of: Dict = {}  # t -> a for every t = transpose(a) emitted
        self.guarded: set = set()     # Power nodes lowered as norm_power (lower_guards.py)

    def emit(self, op, *args) -> Var:
        """``op(*args)`` as a new variable, or the variable of an identical earlier
        instruction (every op is pure, so one computation serves every use)."""
        key = (op, instr_key(args))
        got = self.instr_memo.get(key)
        if got is not None:
            return got
        if op == "transpose" and args[0] in self.transpose_of:    # (Aᵀ)ᵀ = A
            return self.transpose_of[args[0]]
        v = Var(f"t{self.count}")
        self.count += 1
        self.prog.instrs.append(Instr(v, op, tuple(args)))
        self.instr_memo[key] = v
        if op == "transpose":
            self.transpose_of[v] = args[0]
        return v

    # -- dense values (two iterative passes: mark what is needed, emit in post-order) --
    def dense(self, node) -> Var:
        if node in self.dense_memo:
            return self.dense_memo[node]
        need = set()
        stack = [node]
        while stack:
            nd = stack.pop()
            if nd in need or nd in self.dense_memo:
                continue
            need.add(nd)
            stack.extend(self._dense_needs(nd))
        for sub in postorder(node):
            if sub in need and sub not in self.dense_memo:
                self._dense_one(sub)
        return self.dense_memo[node]

    def _dense_needs(self, nd):
        """Nodes whose dense values lowering ``nd`` densely will read."""
        if isinstance(nd, N.MatMul) and is_jacobian(nd.children[-1]):   # via Jᵀ (jacobian_last)
            return [x for f in nd.children[:-1] for x in self._apply_needs(f)]
        if isinstance(nd, N.MatMul):
            fs = fuse_factors(list(nd.children[:-1])) + [nd.children[-1]]
            needs = column_needs if nd.children[-1].cols == 1 else _Lowering._apply_needs
            return product_needs(self, fs, needs)       # lower_solve.py
        if isinstance(nd, N.Trace) and _trace_by_product(nd.children[0]):
            return product_needs(self, list(nd.children[0].children), _Lowering._apply_needs)
        return list(nd.children)

    def _apply_needs(self, f):
        """Nodes whose dense values applying ``f`` to a block will read (iterative)."""
        out, stack = [], [f]
        while stack:
            g = stack.pop()
            if not self.structured(g):
                out.append(g)
            elif isinstance(g, (N.Identity, N.Commutation) + _HALFVEC) or (
                    isinstance(g, N.Transpose) and isinstance(g.children[0], _HALFVEC)):
                continue
            elif isinstance(g, N.Kron):
                out.extend(c for c in g.children if not _is_perm(c))
            elif isinstance(g, N.Inverse) or is_jacobian(g):    # J_f(X), J_f(X)ᵀ: need X
                out.append(g.children[0] if isinstance(g, N.Inverse) else is_jacobian(g))
            elif isinstance(g, N.Transpose):
                x = g.children[0]
                if isinstance(x, N.Kron):
                    out.extend(c for c in x.children if not _is_perm(c))
                elif isinstance(x, N.Inverse):
                    out.append(x.children[0])
            elif isinstance(g, N.Scale):
                out.append(g.children[0])
                stack.append(g.children[1])
            elif isinstance(g, N.Diag):
                out.append(g.children[0])
            else:                                   # MatMul, MatAdd, ScalarMul
                stack.extend(g.children)
        return out

    def structured(self, node) -> bool:
        """Whether applying ``node`` to a block can avoid forming it."""
        got = self.structured_memo.get(node)
        if got is None:
            from ..traverse import fold
            got = fold(node, _structured_rule, self.structured_memo)
        return got

    def _kid(self, c) -> Var:
        return self.dense_memo[c] if c in self.dense_memo else self.dense(c)

    def _dense_one(self, node) -> Var:
        if node in self.dense_memo:
            return self.dense_memo[node]
        try:
            fn = LOWER_DENSE[type(node)]
        except KeyError:
            raise LoweringError(f"no lowering for node type {type(node).__name__}") from None
        v = fn(self, node)
        self.dense_memo[node] = v
        return v

    # -- applying a node to a block: node @ V without forming node when structured --
    def apply(self, node, V: Var) -> Var:
        key = (node, V)
        if key in self.apply_memo:
            return self.apply_memo[key]
        if V in self.thin:                    # a matvec: never form a product or sum to apply it
            v = apply_to_column(self, node, V)
            self.thin.add(v)
        else:
            v = self._apply(node, V)
        self.apply_memo[key] = v
        return v

    def _apply(self, node, V):
        if not self.structured(node):
            return self.emit("matmul", self._kid(node), V)
        if isinstance(node, N.Identity):
            return V
        if isinstance(node, N.Diag):          # diag(v) V = v ∘ V (broadcast): no n×n diagonal
            return self.emit("hadamard", self._kid(node.children[0]), V)
        if isinstance(node, N.Commutation):
            return self.emit("commute_apply", _dim(node.params[0]), _dim(node.params[1]), V)
        if isinstance(node, _HALFVEC):
            return self.emit(_HALFVEC_APPLY[type(node)], _dim(node.params[0]), V)
        if isinstance(node, N.Transpose) and isinstance(node.children[0], _HALFVEC):
            x = node.children[0]
            return self.emit(_HALFVEC_T_APPLY[type(x)], _dim(x.params[0]), V)
        if isinstance(node, N.Kron):
            return self.emit("kron_apply", tuple(self._factor(f) for f in node.children), V)
        if isinstance(node, N.Inverse):            # a solve (lower_solve.py)
            return solve_left(self, node, V, False)
        if is_jacobian(node):                 # J_f(X) V: Fréchet derivatives, never J
            return apply_jacobian(self, node, V)
        if isinstance(node, N.MatMul):
            for f in reversed(fuse_factors(list(node.children))):
                V = self.apply(f, V)
            return V
        if isinstance(node, N.MatAdd):
            return self.emit("add", *[self.apply(t, V) for t in node.children])
        if isinstance(node, N.ScalarMul):
            return self.emit("scale", _num(node.coeff), self.apply(node.children[0], V))
        if isinstance(node, N.Scale):
            return self.emit("smul", self._kid(node.children[0]), self.apply(node.children[1], V))
        if isinstance(node, N.Transpose):
            x = node.children[0]
            if isinstance(x, N.Kron):
                return self.emit("kron_apply", tuple(self._factor(f, transpose=True)
                                                     for f in x.children), V)
            if isinstance(x, N.Commutation):
                return self.emit("commute_apply", _dim(x.params[1]), _dim(x.params[0]), V)
            if isinstance(x, N.Identity):
                return V
            if isinstance(x, N.Inverse):
                return solve_left(self, x, V, True)
        return self.emit("matmul", self._kid(node), V)

    def _factor(self, f, transpose=False):
        """A Kronecker factor for kron_apply: ("I", n), ("K", m, n) or ("M", value)."""
        if isinstance(f, N.Transpose) and isinstance(f.children[0], (N.Identity, N.Commutation)):
            f, transpose = f.children[0], not transpose
        if isinstance(f, N.Identity):
            return ("I", _dim(f.params[0]))
        if isinstance(f, N.Commutation):
            m, n = f.params
            return ("K", _dim(n), _dim(m)) if transpose else ("K", _dim(m), _dim(n))
        v = self._kid(f)
        return ("M", self.emit("transpose", v) if transpose else v)


def _is_perm(f) -> bool:
    """An identity or commutation factor (or its transpose): a no-op or an axis swap."""
    if isinstance(f, N.Transpose):
        f = f.children[0]
    return isinstance(f, (N.Identity, N.Commutation))


#: symmetric-matrix leaves applied as gathers, and the ops that apply them (and their transposes)
_HALFVEC = (N.Duplication, N.Elimination, N.Symmetrizer)
_HALFVEC_APPLY = {N.Duplication: "dup_apply", N.Elimination: "elim_apply",
                  N.Symmetrizer: "sym_apply"}
_HALFVEC_T_APPLY = {N.Duplication: "dup_t_apply", N.Elimination: "elim_t_apply",
                    N.Symmetrizer: "sym_apply"}


def _structured_rule(node, kids) -> bool:
    if isinstance(node, (N.Identity, N.Commutation, N.Kron, N.Inverse, N.Diag) + _HALFVEC) or \
            is_jacobian(node):
        return True
    if isinstance(node, N.Transpose):
        return isinstance(node.children[0], (N.Identity, N.Commutation, N.Kron, N.Inverse)
                          + _HALFVEC)
    if isinstance(node, (N.MatMul, N.MatAdd, N.ScalarMul)):
        return any(kids)
    if isinstance(node, N.Scale):
        return kids[1]
    return False


def _product(L: _Lowering, node) -> Var:
    if is_jacobian(node.children[-1]):   # P J_f(X) = (J_f(X)ᵀ Pᵀ)ᵀ: Fréchet derivatives, never J
        return jacobian_last(L, node)
    fs = fuse_factors(list(node.children[:-1])) + [node.children[-1]]
    gram = weighted_gram_tail(fs)
    if gram is not None:                  # ... Aᵀ diag(d) A: one op (numpy: syrk)
        a, d = gram
        acc = L.emit("weighted_gram", L._kid(a), L._kid(d))
        for f in reversed(fs[:-3]):
            acc = L.apply(f, acc)
        return acc
    return product(L, fs)                 # inverses at the right end as solves (lower_solve.py)


def _trace_by_product(x) -> bool:
    """tr(A X⁻¹) and tr(X⁻¹ A): the product with a solve, not trace_product of an inverse."""
    return isinstance(x, N.MatMul) and len(x.children) == 2 and \
        any(inverse_like(f) is not None for f in x.children)


def _trace(L, node):
    x = node.children[0]
    if isinstance(x, N.MatMul) and len(x.children) == 2 and not _trace_by_product(x):
        return L.emit("trace_product", L._kid(x.children[0]), L._kid(x.children[1]))
    if _trace_by_product(x):
        return L.emit("trace", product(L, list(x.children)))
    return L.emit("trace", L._kid(x))


#: node types LOWER_DENSE has no entry for, and why (read by tests/package/test_contract.py)
UNSUPPORTED = {N.MatrixSymbol: "a leaf: an input of the Program, bound by lower() from its "
                               "args before the table is consulted"}


def _face_split(L, node):
    """A • B = (Aᵀ ⊙ Bᵀ)ᵀ: three existing ops, no new backend primitive."""
    a, b = (L.emit("transpose", L._kid(c)) for c in node.children)
    return L.emit("transpose", L.emit("khatri_rao", a, b))


def _tracy_singh(L, node):
    """P (A ⊗ B) Q: form A ⊗ B (the result has its size), apply the permutation P as
    axis swaps, and Q through the transpose (Qᵀ applied to (P (A ⊗ B))ᵀ)."""
    from ..rules.tracy_singh import tracy_singh_permutations
    P, Q = tracy_singh_permutations(node)
    Qt = N.Kron(*[N.Transpose(f) if isinstance(f, N.Commutation) else f for f in Q.children])
    left = L.emit("kron", *[L._kid(c) for c in node.children])
    if not _trivial_perm(P):
        left = L.apply(P, left)
    if _trivial_perm(Qt):
        return left
    return L.emit("transpose", L.apply(Qt, L.emit("transpose", left)))


def _trivial_perm(k) -> bool:
    """I ⊗ K_{a,b} ⊗ I with a = 1 or b = 1 is the identity."""
    return all(isinstance(f, N.Identity) or 1 in f.params for f in k.children)


LOWER_DENSE = {
    N.Identity: lambda L, n: L.emit("eye", _dim(n.params[0])),
    N.ZeroMatrix: lambda L, n: L.emit("zeros", _dim(n.rows), _dim(n.cols)),
    N.Ones: lambda L, n: L.emit("ones", _dim(n.rows), _dim(n.cols)),
    N.Commutation: lambda L, n: L.emit("commutation", _dim(n.params[0]), _dim(n.params[1])),
    N.MatMul: _product,           # lower_solve.py: inverses as solves, from either side
    N.MatAdd: lambda L, n: L.emit("add", *[L._kid(c) for c in n.children]),
    N.ScalarMul: lambda L, n: L.emit("scale", _num(n.coeff), L._kid(n.children[0])),
    N.Scale: lambda L, n: L.emit("smul", L._kid(n.children[0]), L._kid(n.children[1])),
    N.Power: lambda L, n: L.emit("norm_power" if n in L.guarded else "power",
                                 L._kid(n.children[0]), _num(n.exponent)),
    N.EntrywiseFunc: _func,
    N.Transpose: lambda L, n: L.emit("transpose", L._kid(n.children[0])),
    N.Kron: lambda L, n: L.emit("kron", *[L._kid(c) for c in n.children]),
    N.Vec: lambda L, n: L.emit("vec", L._kid(n.children[0])),
    N.Unvec: lambda L, n: L.emit("unvec", L._kid(n.children[0]), _dim(n.params[0]), _dim(n.params[1])),
    N.Inverse: lambda L, n: L.emit("inv", L._kid(n.children[0])),
    N.Trace: _trace,
    N.Det: lambda L, n: L.emit("det", L._kid(n.children[0])),
    N.LogDet: lambda L, n: L.emit("logdet", L._kid(n.children[0])),
    N.Hadamard: lambda L, n: L.emit("hadamard", *[L._kid(c) for c in n.children]),
    N.KhatriRao: lambda L, n: L.emit("khatri_rao", L._kid(n.children[0]), L._kid(n.children[1])),
    N.KronSum: lambda L, n: L.emit("add", L.emit("kron", L._kid(n.children[0]),
                                                 L.emit("eye", _dim(n.children[1].rows))),
                                   L.emit("kron", L.emit("eye", _dim(n.children[0].rows)),
                                          L._kid(n.children[1]))),
    N.Diag: lambda L, n: L.emit("diag", L._kid(n.children[0])),
    # symmetric matrices (dense only when the matrix itself is the value)
    N.Duplication: lambda L, n: L.emit("duplication", _dim(n.params[0])),
    N.Elimination: lambda L, n: L.emit("elimination", _dim(n.params[0])),
    N.Symmetrizer: lambda L, n: L.emit("symmetrizer", _dim(n.params[0])),
    N.Vech: lambda L, n: L.emit("vech", L._kid(n.children[0])),
    N.FaceSplit: _face_split,
    N.TracySingh: _tracy_singh,
    N.Vecr: lambda L, n: L.emit("vec", L.emit("transpose", L._kid(n.children[0]))),
    **LOWER_REDUCTIONS,   # sums, norms, softmax, matrix power: lower_reductions.py
    **LOWER_MATFUNCS,     # expm, logm, sqrtm and their Jacobians: lower_matfuncs.py
    **LOWER_PSEUDO,       # pinv, adj, eigvalsh, eigvecsh, nuclear norm, polar: lower_pseudo.py
}


def register(cls, fn) -> None:
    """Add the dense lowering ``fn(lowering, node) -> Var`` of a new node type."""
    LOWER_DENSE[cls] = fn


def lower(args: Sequence, expr) -> Program:
    """Lower ``expr`` to a Program whose inputs are ``args`` (MatrixSymbols, and
    dimension or scalar SymPy symbols). ``expr`` may be a list or tuple of expressions:
    then ``Program.out`` is a tuple of variables, and the work the outputs share is done
    once (one memo per node across the outputs, and identical instructions hash-consed)."""
    exprs, many = as_outputs(expr)
    prog, inputs = bind_arguments(args, exprs)
    L = _Lowering(prog, inputs)
    L.shared_inverses = _shared_inverses(exprs)
    L.value_inverses = set().union(*(value_inverses(e) for e in exprs))   # lower_solve.py
    L.guarded = _guarded(exprs)                # ‖x‖⁻¹·x is 0 at x = 0 (lower_guards.py)
    outs = tuple(L.dense(e) for e in exprs)
    prog.out = outs if many else outs[0]
    prog.instrs = live_instructions(prog.instrs, outs)
    # a column may come back 1-D (emit); several outputs: one shape each
    prog.out_shape = tuple(e.shape for e in exprs) if many else exprs[0].shape
    return prog


def _guarded(exprs) -> set:
    """The norm powers guarded in every output they occur in (one lowering per node)."""
    if len(exprs) == 1:
        return guarded_norm_powers(exprs[0])
    each = [(guarded_norm_powers(e), set(postorder(e))) for e in exprs]
    out = set().union(*(g for g, _ in each))
    for g, nodes in each:
        out -= nodes - g
    return out


def _shared_inverses(exprs) -> set:
    """Inverses used in more than one place: factored once (lu_factor) and solved with
    the factors at every use (lower_solve.py), rather than factored again each time."""
    from .lower_args import _all_nodes
    uses: Dict[N.Expr, int] = {}
    for nd in _all_nodes(exprs):
        for c in nd.children:
            inner = c.children[0] if isinstance(c, N.Transpose) else c
            if isinstance(inner, N.Inverse):
                uses[inner] = uses.get(inner, 0) + 1
    return {x for x, k in uses.items() if k > 1}
