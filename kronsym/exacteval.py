"""The prover's two evaluators: exact (modulo a prime) and high precision (mpmath).

Owns: ``modp_evaluate`` (the exact value of a *rational* expression modulo the
prime ``P = 2**31 - 1``, at integer values of its symbols), ``mp_evaluate``
(the value at ``dps`` significant digits, for expressions with transcendental
functions), ``is_rational`` (which of the two an expression needs) and
:class:`Undefined` (a side is not defined at the point: a singular inverse,
the log of a non-positive number, ...).

Contract
--------
* An expression is *rational* when it uses no transcendental function: no
  ``log``/``exp``/``sin``/``cos``/``sqrt``, no ``logdet``, no power whose
  exponent is not an integer at the dims, and coefficients that are rational
  functions of the scalar symbols. Its entries are then rational functions of
  the entries of the symbols, and ``modp_evaluate`` computes them exactly in
  the field Z/P (integer numpy arrays; products never overflow). Reduction
  mod P is a ring homomorphism, so two sides that differ mod P differ over the
  rationals (a real counterexample); two different rational functions of total
  degree ≤ d agree at a uniformly random point mod P with probability ≤ d/P
  (Schwartz–Zippel). An inverse, a negative power or a coefficient whose
  denominator is 0 mod P raises :class:`Undefined` (a singular matrix is
  singular mod P; the converse fails with probability ≤ n/P).
* ``mp_evaluate`` works in a private ``mpmath.MPContext`` (thread-safe: the
  global mpmath precision is never touched). Functions are taken on the real
  line: ``log x`` needs x > 0, ``sqrt x`` needs x ≥ 0, a non-integer power
  needs a positive base, ``logdet X = log|det X|`` needs det X ≠ 0 (the value
  :func:`kronsym.evaluate` gives for real X), an inverse needs a matrix whose
  LU pivots are not negligible at the working precision. Outside, it raises
  :class:`Undefined`, and the prover redraws.
* A node type neither evaluator knows raises :class:`Unsupported` (the prover
  then falls back to float64, and says so).
"""
from __future__ import annotations

from functools import reduce
from typing import Mapping

import numpy as np
import sympy

from . import nodes as N
from . import halfvec
from .entrywise_exact import modp_power, mp_entrywise, mp_power
from .errors import Undefined, Unsupported  # noqa: F401  (re-exported: kronsym.prove catches them)
from .evaluate import DENSE, commutation_matrix
from . import reduction_exact as _red
from . import pseudo_exact as _ps

__all__ = ["P", "Undefined", "Unsupported", "is_rational", "modp_evaluate", "mp_evaluate"]

#: the prime of the exact evaluator (entries < 2**31: a product of two fits in int64)
P = 2 ** 31 - 1




_TRANSCENDENTAL = (N.EntrywiseFunc, N.LogDet) + _red.MP_ONLY + _ps.MP_ONLY
_RESHAPES = (N.Transpose, N.Vec, N.Unvec, N.Vecr, N.Vech, N.Diag, N.Sum, N.DiagPart)


def _rational_coeff(c) -> bool:
    """A SymPy scalar built from rationals, symbols, + · and integer powers only."""
    for a in sympy.preorder_traversal(c):
        if isinstance(a, (sympy.Symbol, sympy.Rational, sympy.Float, sympy.Add, sympy.Mul)):
            continue
        if isinstance(a, sympy.Pow) and _integer_exponent(a.exp):
            continue
        return False
    return True


def _integer_exponent(k) -> bool:
    """An integer, or an integer expression in dimension symbols (``n``, ``2*n - 1``)."""
    if k.is_number:
        return bool(k.is_Integer)
    return k.is_integer is True and all(s.is_integer and s.is_positive for s in k.free_symbols)


def is_rational(expr) -> bool:
    """True if ``expr`` is a rational function of its symbols' entries (see the module doc).

    >>> import kronsym as ks
    >>> from kronsym.exacteval import is_rational
    >>> n, = ks.dims("n")
    >>> X = ks.MatrixSymbol("X", n, n)
    >>> is_rational(ks.det(X) * ks.inv(X)), is_rational(ks.logdet(X) * X)
    (True, False)
    """
    from .traverse import postorder
    for node in postorder(expr):
        if isinstance(node, _TRANSCENDENTAL):
            return False
        if isinstance(node, N.Power) and not _integer_exponent(node.exponent):
            return False
        if isinstance(node, N.ScalarMul) and not _rational_coeff(node.coeff):
            return False
        if type(node) not in _MODP_TYPES and not isinstance(node, N.MatrixSymbol):
            return False
    return True


# --- exact arithmetic modulo P -----------------------------------------------------------
def _mod_number(c, subs: Mapping) -> int:
    """A SymPy rational (after substituting ``subs``) as a residue mod P."""
    v = c.xreplace(subs) if c.free_symbols else c
    if isinstance(v, sympy.Float):
        v = sympy.Rational(v)
    if v.free_symbols or not v.is_rational:
        v = sympy.nsimplify(v) if v.is_number else v
        if v.free_symbols or not v.is_rational:
            raise Unsupported(f"the coefficient {c} is not rational")
    num, den = int(v.p), int(v.q)
    if den % P == 0:
        raise Undefined(f"the coefficient {c} has denominator 0 mod P")
    return num * pow(den, -1, P) % P


def _matmul(a, b):
    """a @ b mod P without int64 overflow (b split into 16-bit halves, inner chunks of 2**15)."""
    k = a.shape[1]
    out = np.zeros((a.shape[0], b.shape[1]), dtype=np.int64)
    step = 1 << 15
    for s in range(0, k, step):
        aa, bb = a[:, s:s + step], b[s:s + step]
        hi, lo = bb >> 16, bb & 0xFFFF
        part = ((aa @ hi) % P * 65536 + (aa @ lo) % P) % P
        out = (out + part) % P
    return out


def _gauss(a, want_inverse: bool):
    """(det, inverse or None) of a square residue matrix by Gauss–Jordan mod P."""
    n = a.shape[0]
    m = np.concatenate([a % P, np.eye(n, dtype=np.int64)], axis=1) if want_inverse else a.copy() % P
    det = 1
    for col in range(n):
        piv = next((r for r in range(col, n) if m[r, col] % P), None)
        if piv is None:
            if want_inverse:
                raise Undefined("singular matrix")
            return 0, None
        if piv != col:
            m[[col, piv]] = m[[piv, col]]
            det = -det
        pv = int(m[col, col])
        det = det * pv % P
        m[col] = m[col] * pow(pv, -1, P) % P
        f = m[:, col].copy()
        f[col] = 0
        rows = np.nonzero(f)[0] if want_inverse else np.nonzero(f[col + 1:])[0] + col + 1
        if rows.size:
            m[rows] = (m[rows] - (f[rows, None] * m[col][None, :]) % P) % P
    return det % P, (m[:, n:] if want_inverse else None)


def _int_leaf(arr) -> np.ndarray:
    out = np.asarray(arr)
    if not np.all(out == np.round(out)):
        raise Unsupported("non-integer constant matrix")
    return (out.astype(np.int64)) % P


_MODP_TYPES = {N.Identity, N.ZeroMatrix, N.Ones, N.Commutation, N.Duplication, N.Elimination,
               N.Symmetrizer, N.MatMul, N.MatAdd, N.ScalarMul, N.Scale, N.Power, N.Kron,
               N.Hadamard, N.Inverse, N.Trace, N.Det, N.KhatriRao, N.FaceSplit, N.TracySingh,
               N.KronSum} | set(_RESHAPES) | set(_red.MODP) | set(_ps.MODP)


def constant_matrix(node, shape, dims, scale=1) -> np.ndarray:
    """The dense value of a constant leaf (I, 0, 1, K, D, L, N) times ``scale`` (2·N_n has
    integer entries): the one place both evaluators read constant leaves from."""
    t = type(node)
    if t is N.Identity:
        out = np.eye(shape[0])
    elif t is N.ZeroMatrix:
        out = np.zeros(shape)
    elif t is N.Ones:
        out = np.ones(shape)
    elif t is N.Commutation:
        out = commutation_matrix(_c(node.params[0], dims), _c(node.params[1], dims))
    elif t is N.Duplication:
        out = halfvec.duplication_matrix(_c(node.params[0], dims))
    elif t is N.Elimination:
        out = halfvec.elimination_matrix(_c(node.params[0], dims))
    else:
        out = halfvec.symmetrizer_matrix(_c(node.params[0], dims))
    return scale * np.asarray(out, dtype=float)


_CONSTANT_LEAVES = (N.Identity, N.ZeroMatrix, N.Ones, N.Commutation, N.Duplication,
                    N.Elimination, N.Symmetrizer)


def _modp_node(node, kids, shape, dims, subs):
    t = type(node)
    if t is N.Symmetrizer:   # N_n = (2 N_n) / 2
        return _int_leaf(constant_matrix(node, shape, dims, 2)) * pow(2, -1, P) % P
    if t in _CONSTANT_LEAVES:
        return _int_leaf(constant_matrix(node, shape, dims))
    if t is N.MatMul:
        return reduce(_matmul, kids)
    if t is N.MatAdd:
        return reduce(lambda x, y: (x + y) % P, kids)
    if t is N.ScalarMul:
        return kids[0] * _mod_number(node.coeff, subs) % P
    if t is N.Scale:
        return kids[1] * int(kids[0][0, 0]) % P
    if t is N.Power:
        k = node.exponent.xreplace(subs) if node.exponent.free_symbols else node.exponent
        if not k.is_Integer:
            raise Unsupported(f"the exponent {node.exponent} is not an integer")
        return modp_power(int(k), kids[0], P)
    if t is N.Kron:
        return reduce(lambda x, y: np.kron(x, y) % P, kids)
    if t is N.Hadamard:
        return reduce(lambda x, y: x * y % P, kids)
    if t is N.Inverse:
        return _gauss(kids[0], True)[1]
    if t is N.Trace:
        return np.array([[int(np.sum(np.diag(kids[0]) % P)) % P]], dtype=np.int64)
    if t is N.Det:
        return np.array([[_gauss(kids[0], False)[0]]], dtype=np.int64)
    if t in (N.KhatriRao, N.FaceSplit, N.TracySingh, N.KronSum) or t in _RESHAPES:
        fn = DENSE[t]
        return np.asarray(fn(node, kids, _DimCtx(dims, shape))).astype(np.int64) % P
    ops = _red.Ops(_matmul, lambda a: _gauss(a, True)[1], Undefined, Unsupported)
    if t in _ps.MODP:                                           # kronsym/pseudo_exact.py
        return _ps.evaluate("exact", node, kids, ops, lambda a: _gauss(a, False)[0], P)
    return _red.evaluate("exact", node, kids, subs, ops)   # kronsym/reduction_exact.py


def _c(d, dims) -> int:
    return int(d) if not getattr(d, "free_symbols", None) else int(d.xreplace(dims))


class _DimCtx:
    """The slice of evaluate's context the reshape formulas use."""

    def __init__(self, dims, shape):
        self._dims = dims
        self.shapes = _OneShape(shape)

    def dim(self, d):
        return _c(d, self._dims)


class _OneShape:
    def __init__(self, shape):
        self.shape = shape

    def __getitem__(self, node):
        return self.shape


def _walk(expr, dims: Mapping, leaf, node_fn):
    from .traverse import postorder
    from .bind import size_guard
    binding = {d: int(v) for d, v in dims.items()}
    nodes = postorder(expr)
    shapes = size_guard(nodes, binding)
    vals = {}
    for node in nodes:
        if isinstance(node, N.MatrixSymbol):
            vals[node] = leaf(node)
        else:
            vals[node] = node_fn(node, [vals[c] for c in node.children], shapes[node])
    return vals[expr]


def modp_evaluate(expr, dims: Mapping, values: Mapping, scalars: Mapping | None = None) -> np.ndarray:
    """The exact value of a rational ``expr`` mod P (an int64 array of residues).

    ``values`` maps each MatrixSymbol to an integer array, ``scalars`` each
    scalar symbol to an integer. Raises :class:`Undefined` where a side is
    not defined (a singular inverse) and :class:`Unsupported` for a
    transcendental node.

    >>> import numpy as np, kronsym as ks
    >>> from kronsym.exacteval import modp_evaluate, P
    >>> X = ks.MatrixSymbol("X", 2, 2)
    >>> x = np.array([[2, 1], [1, 1]])
    >>> modp_evaluate(ks.inv(X) @ X, {}, {X: x}).tolist()
    [[1, 0], [0, 1]]
    >>> int(modp_evaluate(ks.inv(X), {}, {X: x})[0, 1]) == P - 1
    True
    """
    dsub = {d: sympy.Integer(int(v)) for d, v in dims.items()}
    subs = dict(dsub)
    for s, v in (scalars or {}).items():
        subs[s] = sympy.Integer(int(v))
    return _walk(expr, dims, lambda s: np.asarray(values[s], dtype=np.int64) % P,
                 lambda node, kids, shape: _modp_node(node, kids, shape, dsub, subs))


# --- high precision (mpmath) ---------------------------------------------------------------
def _mp_lu(ctx, a, tiny):
    """(det, inverse) by Gauss–Jordan with partial pivoting; Undefined if a pivot is negligible."""
    n = a.shape[0]
    m = np.concatenate([a.copy(), np.array([[ctx.mpf(int(i == j)) for j in range(n)]
                                            for i in range(n)], dtype=object).reshape(n, n)], axis=1)
    scale = max([abs(x) for x in a.ravel()] + [ctx.mpf(1)])
    det = ctx.mpf(1)
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r, col]))
        if abs(m[piv, col]) <= tiny * scale:
            raise Undefined("singular matrix (at the working precision)")
        if piv != col:
            m[[col, piv]] = m[[piv, col]]
            det = -det
        pv = m[col, col]
        det = det * pv
        m[col] = m[col] / pv
        for r in range(n):
            if r != col and m[r, col] != 0:
                m[r] = m[r] - m[r, col] * m[col]
    return det, m[:, n:]


def _mp_node(ctx, node, kids, shape, dims, subs, tiny):
    t = type(node)
    mp = ctx.mpf

    def leaf(arr):
        return np.vectorize(lambda v: mp(float(v)), otypes=[object])(np.asarray(arr, dtype=float)) \
            if np.asarray(arr).size else np.zeros(np.asarray(arr).shape, dtype=object)

    def scalar(x):
        return np.array([[x]], dtype=object)

    if t in _CONSTANT_LEAVES:
        return leaf(constant_matrix(node, shape, dims))
    if t is N.MatMul:
        return reduce(np.matmul, kids)
    if t is N.MatAdd:
        return reduce(np.add, kids)
    if t is N.ScalarMul:
        return kids[0] * _mp_number(ctx, node.coeff, subs)
    if t is N.Scale:
        return kids[1] * kids[0][0, 0]
    if t is N.Power:
        k = node.exponent.xreplace(subs) if node.exponent.free_symbols else node.exponent
        return mp_power(ctx, k, None if k.is_Integer else _mp_number(ctx, k, subs), kids[0], tiny)
    if t is N.EntrywiseFunc:
        return mp_entrywise(ctx, node, kids[0], tiny)
    if t is N.Kron:
        return reduce(np.kron, kids)
    if t is N.Hadamard:
        return reduce(np.multiply, kids)
    if t is N.Inverse:
        return _mp_lu(ctx, kids[0], tiny)[1]
    if t is N.Trace:
        return scalar(sum(np.diag(kids[0]), mp(0)))
    if t in (N.Det, N.LogDet):
        try:
            d = _mp_lu(ctx, kids[0], tiny)[0]
        except Undefined:
            if t is N.Det:
                return scalar(mp(0))
            raise Undefined("logdet of a singular matrix") from None
        if t is N.Det:
            return scalar(d)
        if isinstance(d, ctx.mpc):
            raise Undefined("logdet of a complex determinant")
        return scalar(ctx.log(abs(d)))
    if t in (N.KhatriRao, N.FaceSplit, N.TracySingh, N.KronSum) or t in _RESHAPES:
        if t is N.KronSum:
            a, b = kids
            return np.kron(a, leaf(np.eye(b.shape[0]))) + np.kron(leaf(np.eye(a.shape[0])), b)
        return np.asarray(DENSE[t](node, kids, _DimCtx(dims, shape)), dtype=object)
    ops = _red.Ops(np.matmul, lambda a: _mp_lu(ctx, a, tiny)[1], Undefined, Unsupported, ctx, tiny)
    if t in _ps.MP:                                             # kronsym/pseudo_exact.py
        return _ps.evaluate("high-precision", node, kids, ops, lambda a: _mp_lu(ctx, a, tiny)[0])
    return _red.evaluate("high-precision", node, kids, subs, ops)   # reduction_exact.py


def _mp_number(ctx, c, subs):
    v = c.xreplace(subs) if c.free_symbols else c
    if v.free_symbols:
        raise Unsupported(f"the scalar {c} needs values for {sorted(map(str, v.free_symbols))}")
    z = sympy.N(v, ctx.dps + 5)
    if z.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise Undefined(f"the scalar {c} is not finite here")
    re, im = z.as_real_imag()
    if im == 0:
        return ctx.mpf(str(re))
    return ctx.mpc(str(re), str(im))


def mp_evaluate(expr, dims: Mapping, values: Mapping, scalars: Mapping | None = None,
                dps: int = 50) -> np.ndarray:
    """The value of ``expr`` at ``dps`` significant digits (an object array of mpmath numbers).

    ``values`` maps each MatrixSymbol to a float array (taken exactly),
    ``scalars`` each scalar symbol to a float. Raises :class:`Undefined`
    outside the real domain of a function (see the module doc).

    >>> import numpy as np, kronsym as ks
    >>> from kronsym.exacteval import mp_evaluate
    >>> X = ks.MatrixSymbol("X", 2, 2)
    >>> v = mp_evaluate(ks.exp(ks.logdet(X)), {}, {X: np.array([[2., 1.], [1., 3.]])})
    >>> str(v[0, 0])[:10]
    '5.0'
    """
    import mpmath
    ctx = mpmath.MPContext()
    ctx.dps = dps
    tiny = ctx.mpf(10) ** (-(dps * 3 // 5))
    subs = {d: sympy.Integer(int(v)) for d, v in dims.items()}
    for s, v in (scalars or {}).items():
        subs[s] = sympy.Float(repr(float(v)), dps + 5) if not isinstance(v, sympy.Basic) else v
    dsub = {d: sympy.Integer(int(v)) for d, v in dims.items()}

    def leaf(s):
        a = np.asarray(values[s], dtype=float)
        out = np.empty(a.shape, dtype=object)
        for idx, x in np.ndenumerate(a):
            out[idx] = ctx.mpf(float(x))
        return out
    out = _walk(expr, dims, leaf, lambda node, kids, shape: _mp_node(ctx, node, kids, shape, dsub,
                                                                     subs, tiny))
    return out
