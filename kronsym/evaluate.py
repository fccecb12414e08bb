"""Dense numeric evaluation (numpy): ``ks.evaluate``.

Owns: the dense reference evaluator, one numpy formula per node type in the
table ``DENSE``. It forms every intermediate densely (Kronecker products
and commutation matrices included), which makes it slow but simple: it is
the oracle that tests compare everything else against, and
:mod:`kronsym.testing` ships it as ``reference_evaluate``.

Contract: dims are inferred from all arrays given (see :mod:`kronsym.bind`);
a missing symbol, a wrongly shaped array or conflicting dims raise
:class:`~kronsym.errors.EvaluationError` naming the symbol, and so does a
dimension that is <= 0 at the values given (``I(n - 5)`` at n = 2); a dense
intermediate over ``max_elements`` entries is refused before allocation.
Complex inputs are supported throughout (complex-step differentiation): the
transpose never conjugates; logdet is log|det| on real input and analytic on
complex input; a real input outside a function's real domain gives nan
(docs/conventions.md, "Complex and out-of-domain input").
"""
from __future__ import annotations

from functools import reduce
from typing import Mapping, Optional

import numpy as np
import sympy

from . import nodes as N
from .bind import as_array, bind_dims, check_positive_dims, concrete, size_guard, split_values
from .errors import EvaluationError
from .traverse import postorder
from . import halfvec
from .indexmaps import commutation_index, commutation_matrix  # noqa: F401  (re-exported)

__all__ = ["evaluate", "DENSE", "commutation_matrix"]


def _logdet(a):
    """log|det a|; for complex a the analytic log(σ det a), σ = -1 where Re det a < 0 else 1
    (complex step works; the lambdify backends compute the same)."""
    sign, la = np.linalg.slogdet(a)
    if np.iscomplexobj(a):
        return la + np.log(sign * (-1.0 if sign.real < 0 else 1.0))
    return la


def _khatri_rao(a, b):
    m, n = a.shape
    p = b.shape[0]
    return (a[:, None, :] * b[None, :, :]).reshape(m * p, n)


def _power(base, k):
    """numpy's meaning: a real base < 0 to a non-integer power is nan (complex input: the
    principal branch), as in every lambdify backend."""
    if isinstance(k, complex) and np.isrealobj(base):
        base = base.astype(complex)
    with np.errstate(invalid="ignore"):
        return np.power(base, k)


def _entrywise(node, x):
    """numpy's meaning entry by entry: nan outside the domain (log of a negative ...)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(node.function.numpy(x))


def _scalar(x):
    return x[0, 0]


class _Ctx:
    __slots__ = ("binding", "scalars", "shapes")

    def __init__(self, binding, scalars, shapes):
        self.binding, self.scalars, self.shapes = binding, scalars, shapes

    def number(self, c):
        sub = c
        if c.free_symbols:
            sub = c.xreplace({**{k: sympy.Integer(v) for k, v in self.binding.items()},
                              **{k: sympy.sympify(v) for k, v in self.scalars.items()}})
        if sub.free_symbols:
            names = ", ".join(sorted(str(s) for s in sub.free_symbols))
            raise EvaluationError(f"the scalar {c} needs a value for {names}: pass it in the values, "
                                  f"e.g. {{{names.split(', ')[0]}: 2.0}}")
        v = complex(sub)
        return v.real if v.imag == 0 else v

    def dim(self, d):
        return concrete(d, self.binding)


DENSE = {
    N.Identity: lambda n, k, c: np.eye(c.dim(n.params[0])),
    N.ZeroMatrix: lambda n, k, c: np.zeros(c.shapes[n]),
    N.Ones: lambda n, k, c: np.ones(c.shapes[n]),
    N.Commutation: lambda n, k, c: commutation_matrix(c.dim(n.params[0]), c.dim(n.params[1])),
    N.MatMul: lambda n, k, c: reduce(np.matmul, k),
    N.MatAdd: lambda n, k, c: reduce(np.add, k),
    N.ScalarMul: lambda n, k, c: c.number(n.coeff) * k[0],
    N.Scale: lambda n, k, c: _scalar(k[0]) * k[1],
    N.Power: lambda n, k, c: _power(k[0], c.number(n.exponent)),
    N.EntrywiseFunc: lambda n, k, c: _entrywise(n, k[0]),
    N.Transpose: lambda n, k, c: k[0].T,
    N.Kron: lambda n, k, c: reduce(np.kron, k),
    N.Vec: lambda n, k, c: k[0].reshape(-1, 1, order="F"),
    N.Unvec: lambda n, k, c: k[0].reshape(c.shapes[n], order="F"),
    N.Inverse: lambda n, k, c: np.linalg.inv(k[0]),
    N.Trace: lambda n, k, c: np.trace(k[0]).reshape(1, 1),
    N.Det: lambda n, k, c: np.asarray(np.linalg.det(k[0])).reshape(1, 1),
    N.LogDet: lambda n, k, c: np.asarray(_logdet(k[0])).reshape(1, 1),
    N.Hadamard: lambda n, k, c: reduce(np.multiply, k),
    N.KhatriRao: lambda n, k, c: _khatri_rao(k[0], k[1]),
    N.KronSum: lambda n, k, c: (np.kron(k[0], np.eye(k[1].shape[0])) +
                                np.kron(np.eye(k[0].shape[0]), k[1])),
    N.Diag: lambda n, k, c: np.diag(k[0][:, 0]),
    # symmetric matrices: dense D, L, N from index maps; vech as a gather
    N.Duplication: lambda n, k, c: halfvec.duplication_matrix(c.dim(n.params[0])),
    N.Elimination: lambda n, k, c: halfvec.elimination_matrix(c.dim(n.params[0])),
    N.Symmetrizer: lambda n, k, c: halfvec.symmetrizer_matrix(c.dim(n.params[0])),
    N.Vech: lambda n, k, c: halfvec.vech_array(k[0]),
}

#: node types DENSE has no entry for, and why (read by tests/package/test_contract.py)
UNSUPPORTED = {N.MatrixSymbol: "a leaf: its value is the caller's array, looked up in the "
                               "values before the table is consulted"}


def check_symmetric(name: str, arr) -> None:
    """Raise EvaluationError unless ``arr`` (the value of a symmetric symbol) is symmetric
    to a relative tolerance of 1e-8."""
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.size == 0:
        return
    if arr.dtype == object:
        return
    err = float(np.max(np.abs(arr - arr.T)))
    scale = max(1.0, float(np.max(np.abs(arr))))
    if err > 1e-8 * scale:
        i, j = np.unravel_index(int(np.argmax(np.abs(arr - arr.T))), arr.shape)
        raise EvaluationError(f"{name} is a symmetric symbol but its value is not symmetric: "
                              f"{name}[{i}, {j}] = {arr[i, j]:.6g} and {name}[{j}, {i}] = "
                              f"{arr[j, i]:.6g} (max |{name} - {name}.T| = {err:.3g}); pass a "
                              f"symmetric array, e.g. (a + a.T) / 2")
def _face_split(a, b):
    """Row i is a[i] ⊗ b[i]."""
    return (a[:, :, None] * b[:, None, :]).reshape(a.shape[0], a.shape[1] * b.shape[1])


def _tracy_singh(node, a, b, c):
    """Block by block: the (i, j) block is the grid of blocks A_ij ⊗ B_kl."""
    ra, ca, rb, cb = (c.dim(d) for d in node.params)
    pa, qa, pb, qb = a.shape[0] // ra, a.shape[1] // ca, b.shape[0] // rb, b.shape[1] // cb
    return np.block([[np.kron(a[i * pa:(i + 1) * pa, j * qa:(j + 1) * qa],
                              b[k * pb:(k + 1) * pb, l * qb:(l + 1) * qb])
                      for j in range(ca) for l in range(cb)]
                     for i in range(ra) for k in range(rb)])


# partitioned products and row-major vec (seed 002)
DENSE[N.FaceSplit] = lambda n, k, c: _face_split(k[0], k[1])
DENSE[N.TracySingh] = lambda n, k, c: _tracy_singh(n, k[0], k[1], c)
DENSE[N.Vecr] = lambda n, k, c: k[0].reshape(-1, 1, order="C")


def _sum(x, axis):
    if axis is None:
        return np.asarray(np.sum(x)).reshape(1, 1)
    return np.sum(x, axis=axis, keepdims=True)


def _norm2(x):
    """sqrt(Σ x²) scaled by max|x| (no overflow of the squares); on complex input the
    analytic continuation sqrt(Σ x²) (any scale s ≠ 0 gives the same function)."""
    s = float(np.max(np.abs(x))) if x.size else 0.0
    if s == 0.0:
        return np.zeros((1, 1), dtype=x.dtype)
    return (s * np.sqrt(np.sum((x / s) ** 2))).reshape(1, 1)


def _norm1(x):
    """Σ |x|; on complex input Σ ±x with the sign of Re x (|t| continued analytically)."""
    return np.asarray(np.sum(np.where(np.real(x) < 0, -x, x))).reshape(1, 1)


def _softmax_parts(v):
    e = np.exp(v - np.max(np.real(v)))   # shifted by the largest entry: no overflow
    return e, np.sum(e)


def _logsumexp(v):
    e, t = _softmax_parts(v)
    return (np.max(np.real(v)) + np.log(t)).reshape(1, 1)


def _matrix_power(node, x, c):
    k = c.number(node.exponent)
    if not float(k).is_integer():
        raise EvaluationError(f"{node}: the exponent {node.exponent} is {k} here, not an "
                              f"integer (a matrix power needs an integer)")
    return np.linalg.matrix_power(x, int(k))


# reductions and building blocks (kronsym/nodes/reductions.py)
DENSE[N.Sum] = lambda n, k, c: _sum(k[0], n.axis)
DENSE[N.DiagPart] = lambda n, k, c: np.diagonal(k[0]).reshape(-1, 1).copy()
DENSE[N.Norm2] = lambda n, k, c: _norm2(k[0])
DENSE[N.Norm1] = lambda n, k, c: _norm1(k[0])
DENSE[N.LogSumExp] = lambda n, k, c: _logsumexp(k[0])
DENSE[N.Softmax] = lambda n, k, c: (lambda e, t: e / t)(*_softmax_parts(k[0]))
DENSE[N.MatPow] = lambda n, k, c: _matrix_power(n, k[0], c)

# pseudo-inverse, adjugate, symmetric eigen-decomposition, nuclear norm (nodes/pseudo.py)
from . import pseudo_eval as _pe  # noqa: E402
DENSE.update({N.Pinv: lambda n, k, c: _pe.pinv(k[0]), N.Adj: lambda n, k, c: _pe.adj(k[0]),
              N.Eigvalsh: lambda n, k, c: _pe.eigvalsh(k[0]),
              N.Eigvecsh: lambda n, k, c: _pe.eigvecsh(k[0]),
              N.NuclearNorm: lambda n, k, c: _pe.nuclear_norm(k[0]),
              N.Polar: lambda n, k, c: _pe.polar(k[0])})


# matrix functions (kronsym/nodes/matfuncs.py): scipy's routines, kronsym/matfunc_numeric.py
def _matfunc(name: str, which: str):
    def fn(n, k, c):
        from . import matfunc_numeric as M
        return getattr(M, which)[name if name else n.func](k[0])
    return fn


DENSE.update({N.Expm: _matfunc("expm", "VALUE"), N.Logm: _matfunc("logm", "VALUE"),
              N.Sqrtm: _matfunc("sqrtm", "VALUE"), N.MatFuncJacobian: _matfunc("", "JACOBIAN")})


def register(cls, fn) -> None:
    """Add the dense formula ``fn(node, child_values, ctx)`` of a new node type."""
    DENSE[cls] = fn


def _check_limit(max_elements, fn: str) -> None:
    if max_elements is not None and (isinstance(max_elements, bool) or
                                     not isinstance(max_elements, int)):
        raise TypeError(f"{fn}(..., max_elements=...): max_elements must be an int or None, got "
                        f"{type(max_elements).__name__} {max_elements!r:.40}")


def prepare(expr, values: Mapping, max_elements: Optional[int] = None):
    """Bind dims and arrays; returns (nodes in post-order, arrays by symbol, context)."""
    if not isinstance(expr, N.Expr):
        raise TypeError(f"evaluate(expr, values): expr must be a kronsym expression, got "
                        f"{type(expr).__name__}")
    if not isinstance(values, Mapping):
        raise TypeError(f"evaluate(expr, values): values must be a dict like {{A: array, m: 3}}, "
                        f"got {type(values).__name__} {values!r:.60}")
    _check_limit(max_elements, "evaluate")
    mats, dims, scalars = split_values(values)
    arrays = {}
    shapes_given = {}
    nodes = postorder(expr)
    symbols = {n.name: n for n in nodes if isinstance(n, N.MatrixSymbol)}
    for name, (sym, v) in mats.items():
        arr = as_array(name, v, sym if sym is not None else symbols.get(name))
        arrays[name] = arr
        shapes_given[name] = (sym, arr.shape)
    for name, sym in symbols.items():
        if name not in arrays:
            raise EvaluationError(f"no value given for {name} ({sym.rows}×{sym.cols}): pass "
                                  f"{{{name}: array}}")
    binding = bind_dims(expr, shapes_given, dims)
    check_positive_dims(nodes, binding)
    shapes = size_guard(nodes, binding, max_elements)
    for name, sym in symbols.items():
        want = shapes[sym]
        if arrays[name].shape != want:
            raise EvaluationError(f"the value of {name} has shape {arrays[name].shape}, but {name} "
                                  f"is {sym.rows}×{sym.cols} = {want}")
        if isinstance(sym, N.SymmetricSymbol):
            check_symmetric(name, arrays[name])
    return nodes, arrays, _Ctx(binding, scalars, shapes)


def evaluate(expr: N.Expr, values: Optional[Mapping] = None, *,
             max_elements: Optional[int] = None) -> np.ndarray:
    """Numeric value of ``expr`` as a 2-D numpy array (dense reference evaluation).

    ``values`` maps MatrixSymbols (or their names) to arrays, and optionally
    dimension symbols to ints and scalar symbols to numbers. Dims are
    inferred from every array given. It may be omitted for a constant
    expression (``ks.evaluate(ks.K(2, 3))``).

    >>> import numpy as np, kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", m, n)
    >>> a = np.arange(6.).reshape(2, 3)
    >>> ks.evaluate(ks.vec(A.T), {A: a}).ravel()
    array([0., 1., 2., 3., 4., 5.])
    """
    nodes, arrays, ctx = prepare(expr, {} if values is None else values, max_elements)
    vals: dict = {}
    for node in nodes:
        if isinstance(node, N.MatrixSymbol):
            vals[node] = arrays[node.name]
            continue
        try:
            fn = DENSE[type(node)]
        except KeyError:
            raise NotImplementedError(f"no dense evaluation for node type {type(node).__name__}; "
                                      f"register one in kronsym/evaluate.py") from None
        out = fn(node, [vals[c] for c in node.children], ctx)
        vals[node] = np.asarray(out).reshape(ctx.shapes[node])
    return vals[expr]
