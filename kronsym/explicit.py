"""Explicit evaluation (SymPy): ``ks.explicit``.

Owns: the second, independent oracle. For concrete dims it builds a
``sympy.Matrix`` whose entries are written in the entries of the symbols
(``A[i, j]``, SymPy ``MatrixElement``), one SymPy formula per node type in
the table ``EXPLICIT``. Scalar coefficients stay symbolic. ``Matrix.jacobian``
of these entries is the textbook element-wise derivative, against which
kronsym's Jacobians are tested. A dimension that is <= 0 at the dims given
(``I(n - 1)`` at n = 1) raises :class:`~kronsym.errors.EvaluationError` naming it.
"""
from __future__ import annotations

from functools import reduce
from typing import Mapping, Optional

import sympy

from . import halfvec
from . import nodes as N
from .perm import is_permutation, permutation
from .bind import bind_dims, check_positive_dims, concrete, size_guard
from .traverse import postorder
from .errors import EvaluationError

__all__ = ["explicit", "EXPLICIT", "symbol_matrix"]


def symbol_matrix(name: str, rows: int, cols: int) -> sympy.Matrix:
    """The explicit matrix of a symbol's entries ``name[i, j]``."""
    ms = sympy.MatrixSymbol(name, rows, cols)
    return sympy.Matrix(rows, cols, lambda i, j: ms[i, j])


def _kron2(a: sympy.Matrix, b: sympy.Matrix) -> sympy.Matrix:
    """a ⊗ b; blocks for the entries 0 and 1 of a are copied, not multiplied (I ⊗ B)."""
    p, q = b.shape
    bl, zeros = b.tolist(), [sympy.S.Zero] * q
    out = []
    for i in range(a.rows):
        blocks = [bl if x == 1 else None if x == 0 else [[x * e for e in r] for r in bl]
                  for x in (a[i, j] for j in range(a.cols))]
        for r in range(p):
            row: list = []
            for blk in blocks:
                row.extend(zeros if blk is None else blk[r])
            out.append(row)
    return sympy.Matrix(a.rows * p, a.cols * q, [x for row in out for x in row])


def _commutation(m: int, n: int) -> sympy.Matrix:
    K = sympy.zeros(m * n, m * n)
    for i in range(m):
        for j in range(n):
            K[j + n * i, i + m * j] = 1
    return K


def _vec(a: sympy.Matrix) -> sympy.Matrix:
    return sympy.Matrix(a.rows * a.cols, 1, lambda k, _: a[k % a.rows, k // a.rows])


def _unvec(v: sympy.Matrix, m: int, n: int) -> sympy.Matrix:
    return sympy.Matrix(m, n, lambda i, j: v[i + m * j, 0])


def _khatri_rao(a, b):
    p = b.rows
    return sympy.Matrix(a.rows * p, a.cols, lambda i, j: a[i // p, j] * b[i % p, j])


def _scalar(x):
    return x[0, 0]


def _one(x):
    return sympy.Matrix([[x]])


class _Ctx:
    __slots__ = ("binding",)

    def __init__(self, binding):
        self.binding = binding

    def dim(self, d):
        return concrete(d, self.binding)

    def number(self, c):
        if c.free_symbols:
            return c.xreplace({k: sympy.Integer(v) for k, v in self.binding.items()})
        return c


EXPLICIT = {
    N.MatrixSymbol: lambda n, k, c: symbol_matrix(n.name, c.dim(n.rows), c.dim(n.cols)),
    N.Identity: lambda n, k, c: sympy.eye(c.dim(n.params[0])),
    N.ZeroMatrix: lambda n, k, c: sympy.zeros(c.dim(n.params[0]), c.dim(n.params[1])),
    N.Ones: lambda n, k, c: sympy.ones(c.dim(n.params[0]), c.dim(n.params[1])),
    N.Commutation: lambda n, k, c: _commutation(c.dim(n.params[0]), c.dim(n.params[1])),
    N.MatMul: lambda n, k, c: _matmul(n, k, c),
    N.MatAdd: lambda n, k, c: reduce(lambda a, b: a + b, k),
    N.ScalarMul: lambda n, k, c: c.number(n.coeff) * k[0],
    N.Scale: lambda n, k, c: _scalar(k[0]) * k[1],
    N.Power: lambda n, k, c: k[0].applyfunc(lambda x: x ** c.number(n.exponent)),
    N.EntrywiseFunc: lambda n, k, c: k[0].applyfunc(n.function.sympy),
    N.Transpose: lambda n, k, c: k[0].T,
    N.Kron: lambda n, k, c: reduce(_kron2, k),
    N.Vec: lambda n, k, c: _vec(k[0]),
    N.Unvec: lambda n, k, c: _unvec(k[0], c.dim(n.params[0]), c.dim(n.params[1])),
    N.Inverse: lambda n, k, c: k[0].inv(),
    N.Trace: lambda n, k, c: _one(k[0].trace()),
    N.Det: lambda n, k, c: _one(k[0].det()),
    N.LogDet: lambda n, k, c: _one(sympy.log(k[0].det())),
    N.Hadamard: lambda n, k, c: reduce(lambda a, b: a.multiply_elementwise(b), k),
    N.KhatriRao: lambda n, k, c: _khatri_rao(k[0], k[1]),
    N.KronSum: lambda n, k, c: (_kron2(k[0], sympy.eye(k[1].rows)) +
                                _kron2(sympy.eye(k[0].rows), k[1])),
    N.Diag: lambda n, k, c: sympy.diag(*list(k[0])),
    # symmetric matrices: D_n and L_n from the index maps of kronsym.halfvec
    N.SymmetricSymbol: lambda n, k, c: _symmetric_matrix(n.name, c.dim(n.rows)),
    N.Duplication: lambda n, k, c: _from_array(halfvec.duplication_matrix(c.dim(n.params[0]))),
    N.Elimination: lambda n, k, c: _from_array(halfvec.elimination_matrix(c.dim(n.params[0]))),
    N.Symmetrizer: lambda n, k, c: (sympy.eye(c.dim(n.params[0]) ** 2) +
                                    _commutation(c.dim(n.params[0]), c.dim(n.params[0]))) / 2,
    N.Vech: lambda n, k, c: _vech(k[0]),
}


def _symmetric_matrix(name: str, n: int) -> sympy.Matrix:
    """A symmetric symbol's entries: S[i, j] for i >= j, mirrored above the diagonal."""
    ms = sympy.MatrixSymbol(name, n, n)
    return sympy.Matrix(n, n, lambda i, j: ms[max(i, j), min(i, j)])


def _matmul(node, kids, c) -> sympy.Matrix:
    """The product, right to left; a permutation factor (I, K, their transposes and
    Kronecker products, left unevaluated: ``None`` in ``kids``) reorders rows instead of
    being formed and multiplied (I_n ⊗ K_{q,m} ⊗ I_p of Theorem 4.1 at 8 is 4096×4096)."""
    v = kids[-1]
    for f, k in zip(reversed(node.children[:-1]), reversed(kids[:-1])):
        if k is None:
            rows = [int(i) for i in permutation(f, c.dim)]
            v = v.extract(rows, list(range(v.cols)))
        else:
            v = k * v
    return v


def _needed(nodes, root) -> set:
    """The nodes whose explicit value is needed: not the permutation factors of products."""
    need = {root}
    for node in reversed(nodes):
        if node not in need:
            continue
        if isinstance(node, N.MatMul):
            need.add(node.children[-1])
            need.update(f for f in node.children[:-1] if not is_permutation(f))
        else:
            need.update(node.children)
    return need


def _from_array(a) -> sympy.Matrix:
    """A 0/1 (or 0/½/1) numpy matrix as an exact sympy.Matrix."""
    return sympy.Matrix(a.shape[0], a.shape[1],
                        lambda i, j: sympy.nsimplify(a[i, j]) if a[i, j] else 0)


def _vech(a: sympy.Matrix) -> sympy.Matrix:
    n = a.rows
    return sympy.Matrix([a[int(k) % n, int(k) // n] for k in halfvec.vech_index(n)])


def _face_split(a, b):
    p = b.cols
    return sympy.Matrix(a.rows, a.cols * p, lambda i, j: a[i, j // p] * b[i, j % p])


def _tracy_singh(node, a, b, c):
    """Entry ((i rb + k) pa pb + s pb + t, (j cb + l) qa qb + u qb + v) is
    A[i pa + s, j qa + u] · B[k pb + t, l qb + v]."""
    ra, ca, rb, cb = (c.dim(d) for d in node.params)
    pa, qa, pb, qb = a.rows // ra, a.cols // ca, b.rows // rb, b.cols // cb

    def entry(r, col):
        (ik, st), (jl, uv) = divmod(r, pa * pb), divmod(col, qa * qb)
        (i, k), (s, t) = divmod(ik, rb), divmod(st, pb)
        (j, l), (u, v) = divmod(jl, cb), divmod(uv, qb)
        return a[i * pa + s, j * qa + u] * b[k * pb + t, l * qb + v]
    return sympy.Matrix(a.rows * b.rows, a.cols * b.cols, entry)


def _vecr(a):
    return sympy.Matrix(a.rows * a.cols, 1, lambda k, _: a[k // a.cols, k % a.cols])


# partitioned products and row-major vec (seed 002)
EXPLICIT[N.FaceSplit] = lambda n, k, c: _face_split(k[0], k[1])
EXPLICIT[N.TracySingh] = lambda n, k, c: _tracy_singh(n, k[0], k[1], c)
EXPLICIT[N.Vecr] = lambda n, k, c: _vecr(k[0])


def _sum(a, axis):
    if axis is None:
        return _one(sympy.Add(*a))
    if axis == 0:
        return sympy.Matrix([[sympy.Add(*a[:, j]) for j in range(a.cols)]])
    return sympy.Matrix([[sympy.Add(*a[i, :])] for i in range(a.rows)])


def _softmax(v):
    t = sympy.Add(*[sympy.exp(x) for x in v])
    return v.applyfunc(lambda x: sympy.exp(x) / t)


def _matrix_power(node, a, c):
    k = c.number(node.exponent)
    if not k.is_Integer:
        raise ValueError(f"explicit: {node} needs an integer exponent; {node.exponent} is {k}")
    return a ** int(k) if k else sympy.eye(a.rows)


# reductions and building blocks (kronsym/nodes/reductions.py)
EXPLICIT[N.Sum] = lambda n, k, c: _sum(k[0], n.axis)
EXPLICIT[N.DiagPart] = lambda n, k, c: sympy.Matrix([[k[0][i, i]] for i in range(k[0].rows)])
EXPLICIT[N.Norm2] = lambda n, k, c: _one(sympy.sqrt(sympy.Add(*[x ** 2 for x in k[0]])))
EXPLICIT[N.Norm1] = lambda n, k, c: _one(sympy.Add(*[sympy.Abs(x) for x in k[0]]))
EXPLICIT[N.LogSumExp] = lambda n, k, c: _one(sympy.log(sympy.Add(*[sympy.exp(x) for x in k[0]])))
EXPLICIT[N.Softmax] = lambda n, k, c: _softmax(k[0])
EXPLICIT[N.MatPow] = lambda n, k, c: _matrix_power(n, k[0], c)

# pseudo-inverse, adjugate, symmetric eigenvalues, nuclear norm (nodes/pseudo.py)
from .explicit_pseudo import EXPLICIT_PSEUDO, UNSUPPORTED_PSEUDO  # noqa: E402
EXPLICIT.update(EXPLICIT_PSEUDO)
_NO_CLOSED_FORM = ("{f} of a symbolic matrix has no closed form in its entries (an infinite "
                   "series, or a Jordan form that SymPy cannot find for n > 4); use ks.evaluate "
                   "for values")
#: node types EXPLICIT has no entry for, and why (read by tests/package/test_contract.py)
UNSUPPORTED = dict(UNSUPPORTED_PSEUDO)
UNSUPPORTED.update({N.Expm: _NO_CLOSED_FORM.format(f="expm"),
                    N.Logm: _NO_CLOSED_FORM.format(f="logm"),
                    N.Sqrtm: _NO_CLOSED_FORM.format(f="sqrtm"),
                    N.MatFuncJacobian: _NO_CLOSED_FORM.format(f="the Jacobian of a matrix function")})


class NoClosedForm(EvaluationError, NotImplementedError):
    """``explicit`` of a node type listed in ``UNSUPPORTED``: no entrywise closed form
    (an EvaluationError, and a NotImplementedError as before)."""


def register(cls, fn) -> None:
    """Add the explicit formula ``fn(node, child_values, ctx)`` of a new node type."""
    EXPLICIT[cls] = fn


def explicit(expr: N.Expr, dims: Optional[Mapping] = None, *, max_elements: int = 10 ** 6) -> sympy.Matrix:
    """The explicit ``sympy.Matrix`` of ``expr`` at concrete dims, in the symbols' entries.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> x = ks.MatrixSymbol("x", n, 1)
    >>> ks.explicit(ks.vec(x @ x.T), {n: 2}).T
    Matrix([[x[0, 0]**2, x[0, 0]*x[1, 0], x[0, 0]*x[1, 0], x[1, 0]**2]])
    """
    if not isinstance(expr, N.Expr):
        raise TypeError(f"explicit(expr, dims): expr must be a kronsym expression, got "
                        f"{type(expr).__name__}")
    if dims is not None and not isinstance(dims, Mapping):
        raise TypeError(f"explicit(expr, dims): dims must be a dict like {{n: 2}}, got "
                        f"{type(dims).__name__} {dims!r:.60}")
    from .evaluate import _check_limit
    _check_limit(max_elements, "explicit")
    dims = dict(dims or {})
    for k in dims:
        if not isinstance(k, sympy.Symbol):
            raise TypeError(f"explicit(expr, dims): keys of dims must be dimension symbols, got {k!r}")
    binding = bind_dims(expr, {}, dims)
    nodes = postorder(expr)
    check_positive_dims(nodes, binding)
    need = _needed(nodes, expr)
    nodes = [nd for nd in nodes if nd in need]
    size_guard(nodes, binding, max_elements)
    ctx = _Ctx(binding)
    vals: dict = {}
    for node in nodes:
        if type(node) in UNSUPPORTED:
            raise NoClosedForm(f"explicit: {type(node).__name__} {UNSUPPORTED[type(node)]}")
        try:
            fn = EXPLICIT[type(node)]
        except KeyError:
            raise NotImplementedError(f"no explicit evaluation for node type {type(node).__name__}; "
                                      f"register one in kronsym/explicit.py") from None
        vals[node] = fn(node, [vals.get(c) for c in node.children], ctx)
    return vals[expr]
