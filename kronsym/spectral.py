"""Spectral statements: eigenvalues, singular values and rank of expressions.

Owns: :class:`Spectrum` (a multiset of numbers described symbolically),
:class:`Rank` (an integer described symbolically), the builders
``ks.eigvals``, ``ks.svdvals`` and ``ks.rank``, their canonical form, and
:func:`prove_spectral` which ``ks.prove``/``ks.equals``/``ks.verify`` use when
they are given spectra or ranks instead of matrices.

A spectrum is a *multiset*: order never matters, multiplicity does.

- ``ks.eigvals(A)`` — the n eigenvalues of a square n×n expression;
- ``ks.svdvals(A)`` — the min(rows·cols products…) singular values; here all
  ``min(m, n)`` of them, zeros included;
- ``S * T`` — every product ``s·t`` (size ``|S|·|T|``); ``S + T`` — every
  sum ``s + t``; ``c * S`` — each element times ``c``; ``S ** k`` — each
  element to the power ``k``;
- ``ks.rank(A)``, and ``+``/``*`` of ranks and integers.

Facts the canonical form knows (the seeds: Kronecker-product notes §11–12;
Horn & Johnson, *Topics in Matrix Analysis*, Thm 4.2.12, 4.2.15, 4.4.5):

====================================  ==========================================
eig(A ⊗ B) = eig(A) · eig(B)          A, B square (all products λᵢμⱼ)
eig(A ⊕ B) = eig(A) + eig(B)          Kronecker sum (all sums λᵢ + μⱼ)
eig(Aᵀ) = eig(A), eig(cA) = c eig(A), eig(A⁻¹) = eig(A)⁻¹, eig(I_n) = {1}ⁿ
eig(A₁A₂⋯A_k) invariant under cyclic rotation when every Aᵢ is square
σ(A ⊗ B) = σ(A) · σ(B)                any shapes
σ(Aᵀ) = σ(A), σ(K_{m,n}) = {1}^{mn}, σ(I_n) = {1}ⁿ
rank(A ⊗ B) = rank(A) · rank(B)       any shapes
rank(Aᵀ) = rank(A), rank(I_n) = n, rank(K_{m,n}) = mn, rank(A⁻¹) = n
====================================  ==========================================

Anything else is decided numerically in float64 (``method == "numeric"``,
evidence, not a proof): random values (shifted to be well conditioned, then
unshifted so that det and trace take both signs) at the dimension
assignments of :mod:`kronsym.dimsolve` (distinct dims above 1, dims of 1), multisets compared by an optimal matching
(:func:`scipy.optimize.linear_sum_assignment`), ranks by
``numpy.linalg.matrix_rank`` with symbols drawn at random *low* rank half of
the time (a rank claim tested only on full-rank matrices proves little).
"""
from __future__ import annotations

from typing import Dict, Iterable, List, Tuple

import numpy as np
import sympy

from . import nodes as N
from .dims import dims_equal, fmt_shape
from .errors import EvaluationError, ShapeError

__all__ = ["Spectrum", "Rank", "eigvals", "svdvals", "rank", "prove_spectral"]

_SYMBOL = ("eigvals", "svdvals")


def _number(c, fn: str):
    if isinstance(c, bool) or not isinstance(c, (int, float, sympy.Expr)):
        raise TypeError(f"{fn}: expected a number or SymPy scalar, got {type(c).__name__}")
    return sympy.sympify(c)


class _Statement:
    """Shared immutable plumbing: ``kind`` + ``args``, structural equality."""
    __slots__ = ("kind", "args")

    def __init__(self, kind: str, args: Tuple):
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "args", args)

    def __setattr__(self, *_):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.kind == self.kind and other.args == self.args

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.kind, self.args))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self})"

    def __str__(self) -> str:
        return self._render(_FORMATS["text"])

    def latex(self) -> str:
        """LaTeX of the statement (``\\lambda\\left(A \\otimes B\\right)``, ``\\operatorname{rank}``...)."""
        return self._render(_FORMATS["latex"])

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def matrices(self) -> List[N.Expr]:
        """The matrix expressions this statement is about."""
        out: List[N.Expr] = []
        stack = [self]
        while stack:
            s = stack.pop()
            for a in s.args:
                if isinstance(a, N.Expr):
                    out.append(a)
                elif isinstance(a, _Statement):
                    stack.append(a)
        return out


class Spectrum(_Statement):
    """A multiset of numbers described symbolically (see the module docstring).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A, B = ks.MatrixSymbol("A", m, m), ks.MatrixSymbol("B", n, n)
    >>> print(ks.eigvals(A) * ks.eigvals(B))
    eigvals(A) * eigvals(B)
    >>> ks.eigvals(ks.kron(A, B)).size
    m*n
    """
    __slots__ = ()

    @property
    def size(self):
        """How many numbers (with multiplicity) the multiset holds."""
        k, a = self.kind, self.args
        if k == "eigvals":
            return a[0].shape[0]
        if k == "svdvals":
            return sympy.Min(*a[0].shape)
        if k == "ones":
            return a[0]
        if k in ("products", "sums"):
            out = sympy.Integer(1)
            for s in a:
                out = out * s.size
            return out
        return a[1].size  # scaled, power

    def __mul__(self, other):
        if isinstance(other, Spectrum):
            return Spectrum("products", (self, other))
        if isinstance(other, (N.Expr, Rank)):
            return NotImplemented
        return Spectrum("scaled", (_number(other, "c * spectrum"), self))

    def __rmul__(self, other):
        if isinstance(other, (N.Expr, Rank, Spectrum)):
            return NotImplemented
        return Spectrum("scaled", (_number(other, "c * spectrum"), self))

    def __add__(self, other):
        if not isinstance(other, Spectrum):
            return NotImplemented
        return Spectrum("sums", (self, other))

    def __neg__(self):
        return Spectrum("scaled", (sympy.Integer(-1), self))

    def __pow__(self, k):
        return Spectrum("power", (_number(k, "spectrum ** k"), self))

    def _render(self, f) -> str:
        k, a = self.kind, self.args
        if k in _SYMBOL:
            return f[k].format(f["expr"](a[0]))
        if k == "ones":
            return f["ones"].format(f["num"](a[0]))
        if k in ("products", "sums"):
            return f["times" if k == "products" else "plus"].join(_wrap(s, k, f) for s in a)
        return f[k].format(f["num"](a[0]), _wrap(a[1], k, f))   # scaled, power


class Rank(_Statement):
    """An integer described symbolically: ``rank(A)``, sums and products of ranks.

    >>> import kronsym as ks
    >>> m, n, p, q = ks.dims("m n p q")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    >>> print(ks.rank(A) * ks.rank(B))
    rank(A) * rank(B)
    >>> ks.equals(ks.rank(ks.kron(A, B)), ks.rank(A) * ks.rank(B))
    True
    """
    __slots__ = ()

    def __mul__(self, other):
        if isinstance(other, Rank):
            return Rank("product", (self, other))
        if isinstance(other, (int, sympy.Integer)) and not isinstance(other, bool):
            return Rank("product", (Rank("int", (sympy.Integer(other),)), self))
        return NotImplemented

    __rmul__ = __mul__

    def __add__(self, other):
        if isinstance(other, Rank):
            return Rank("sum", (self, other))
        if isinstance(other, (int, sympy.Integer)) and not isinstance(other, bool):
            return Rank("sum", (self, Rank("int", (sympy.Integer(other),))))
        return NotImplemented

    __radd__ = __add__

    def _render(self, f) -> str:
        k, a = self.kind, self.args
        if k == "rank":
            return f["rank"].format(f["expr"](a[0]))
        if k == "int":
            return f["num"](a[0])
        return f["times" if k == "product" else "plus"].join(
            f["paren"](s._render(f)) if s.kind == "sum" and k == "product" else s._render(f)
            for s in a)


def _wrap(s: Spectrum, parent: str, f) -> str:
    atomic = s.kind in _SYMBOL or s.kind == "ones" or (s.kind == parent and parent != "power")
    return s._render(f) if atomic else f["paren"](s._render(f))


def _latex_expr(e) -> str:
    from .printing import latex
    return latex(e)


#: how statements print: one table per format, one renderer per class ("ones", the
#: multiset {1, ..., 1}, only arises inside canonical forms and has no parser spelling)
_FORMATS = {
    # text is the parser's language: ks.parse(str(s)) == s (see tests/test_spectral.py)
    "text": {"expr": str, "num": str, "paren": "({})".format, "eigvals": "eigvals({})",
             "svdvals": "svdvals({})", "rank": "rank({})", "ones": "ones({})", "times": " * ",
             "plus": " + ", "scaled": "{} * {}", "power": "{1}**{0}"},
    "latex": {"expr": _latex_expr, "num": sympy.latex, "paren": "\\left({}\\right)".format,
              "eigvals": "\\lambda\\left({}\\right)", "svdvals": "\\sigma\\left({}\\right)",
              "rank": "\\operatorname{{rank}}\\left({}\\right)", "ones": "\\{{1\\}}^{{{}}}",
              "times": " \\cdot ", "plus": " + ", "scaled": "{} \\, {}", "power": "{1}^{{{0}}}"},
}


def _matrix(x, fn: str) -> N.Expr:
    if not isinstance(x, N.Expr):
        raise TypeError(f"{fn}(A): A must be a kronsym matrix expression, got {type(x).__name__}")
    return x


def eigvals(A: N.Expr) -> Spectrum:
    """The eigenvalues of the square expression ``A``, as a symbolic multiset.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A, B = ks.MatrixSymbol("A", m, m), ks.MatrixSymbol("B", n, n)
    >>> ks.equals(ks.eigvals(ks.kron(A, B)), ks.eigvals(A) * ks.eigvals(B))
    True
    >>> ks.equals(ks.eigvals(ks.kron(A, B)), ks.eigvals(A) + ks.eigvals(B))
    False
    """
    A = _matrix(A, "eigvals")
    r, c = A.shape
    if dims_equal(r, c) is not True:
        raise ShapeError(f"eigvals: {A} is {fmt_shape(A.shape)}; eigenvalues need a square "
                         f"matrix")
    return Spectrum("eigvals", (A,))


def svdvals(A: N.Expr) -> Spectrum:
    """The singular values of ``A`` (all min(rows, cols) of them), as a multiset.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A, B = ks.MatrixSymbol("A", m + n, n), ks.MatrixSymbol("B", 3, 2)
    >>> ks.prove(ks.svdvals(ks.kron(A, B)), ks.svdvals(A) * ks.svdvals(B)).method
    'canonical'
    >>> try:  # min(3n, 2m + 2n) values against 2n: the sizes never agree
    ...     ks.equals(ks.svdvals(ks.kron(A, B.T)), ks.svdvals(A) * ks.svdvals(B))
    ... except ks.ShapeError as e:
    ...     print(str(e)[:50])
    the multisets never have the same size on the dime
    """
    return Spectrum("svdvals", (_matrix(A, "svdvals"),))


def rank(A: N.Expr) -> Rank:
    """The rank of ``A``, as a symbolic integer.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", m, n)
    >>> ks.equals(ks.rank(A.T), ks.rank(A)), ks.equals(ks.rank(A @ A.T), ks.rank(A))
    (True, True)
    """
    return Rank("rank", (_matrix(A, "rank"),))


# --- canonical form ----------------------------------------------------------------
def _is_square(e: N.Expr) -> bool:
    return dims_equal(e.shape[0], e.shape[1]) is True


def _same_orientation(fs) -> bool:
    """All factors provably tall-or-square, or all wide-or-square: then
    min(∏rows, ∏cols) = ∏ min(rows, cols) and σ(A⊗B) = σ(A)·σ(B) has the right size."""
    tall = [sympy.sympify(f.shape[0] - f.shape[1]).is_nonnegative for f in fs]
    wide = [sympy.sympify(f.shape[1] - f.shape[0]).is_nonnegative for f in fs]
    return all(t is True for t in tall) or all(w is True for w in wide)


def _canon_spectrum(s: Spectrum) -> Spectrum:
    """Rewrite to the canonical form: rules of the module table, then sorted operands."""
    from .simplify import simplify
    out = _canon_spectrum_step(s, simplify)
    guard = 0
    while out != s and guard < 200:
        s, out, guard = out, _canon_spectrum_step(out, simplify), guard + 1
    return out


def _flat(kind: str, items: Iterable[Spectrum]) -> List[Spectrum]:
    out: List[Spectrum] = []
    for it in items:
        out.extend(it.args if it.kind == kind else (it,))
    return out


def _canon_spectrum_step(s: Spectrum, simplify) -> Spectrum:
    k, a = s.kind, s.args
    if k in ("eigvals", "svdvals"):
        e = simplify(a[0])
        if isinstance(e, N.Kron) and (all(_is_square(f) for f in e.children)
                                      or (k == "svdvals" and _same_orientation(e.children))):
            return Spectrum("products", tuple(Spectrum(k, (f,)) for f in e.children))
        if isinstance(e, N.Transpose):
            return Spectrum(k, (e.children[0],))
        if isinstance(e, N.Identity):
            return Spectrum("ones", (e.shape[0],))
        if k == "svdvals" and isinstance(e, N.Commutation):
            return Spectrum("ones", (e.shape[0],))
        if k == "eigvals":
            if isinstance(e, N.KronSum):
                return Spectrum("sums", tuple(Spectrum(k, (f,)) for f in e.children))
            if isinstance(e, N.ScalarMul):
                return Spectrum("scaled", (e.params[0], Spectrum(k, (e.children[0],))))
            if isinstance(e, N.Inverse):
                return Spectrum("power", (sympy.Integer(-1), Spectrum(k, (e.children[0],))))
            if isinstance(e, N.MatMul) and all(_is_square(f) for f in e.children):
                fs = list(e.children)
                rots = [fs[i:] + fs[:i] for i in range(len(fs))]
                best = min(rots, key=lambda r: str(N.MatMul(*r)))
                e = N.MatMul(*best)
        return Spectrum(k, (e,))
    if k in ("products", "sums"):
        items = sorted(_flat(k, (_canon_spectrum(x) for x in a)), key=str)
        return Spectrum(k, tuple(items)) if len(items) > 1 else items[0]
    if k == "scaled":
        c, inner = a[0], _canon_spectrum(a[1])
        if c == 1:
            return inner
        if inner.kind == "scaled":
            return Spectrum("scaled", (c * inner.args[0], inner.args[1]))
        return Spectrum("scaled", (c, inner))
    if k == "power":
        p, inner = a[0], _canon_spectrum(a[1])
        if p == 1:
            return inner
        if inner.kind == "power":
            return Spectrum("power", (p * inner.args[0], inner.args[1]))
        if inner.kind == "ones":
            return inner
        return Spectrum("power", (p, inner))
    return s


def _canon_rank(r: Rank) -> Rank:
    from .simplify import simplify
    k, a = r.kind, r.args
    if k == "rank":
        e = simplify(a[0])
        if isinstance(e, N.Kron):
            return _canon_rank(Rank("product", tuple(Rank("rank", (f,)) for f in e.children)))
        if isinstance(e, N.Transpose):
            return _canon_rank(Rank("rank", (e.children[0],)))
        if isinstance(e, (N.Identity, N.Commutation, N.Inverse)):
            return Rank("int", (sympy.sympify(e.shape[0]),))
        if isinstance(e, N.ScalarMul) and e.params[0].is_nonzero:
            return _canon_rank(Rank("rank", (e.children[0],)))
        return Rank("rank", (e,))
    if k in ("product", "sum"):
        parts: List[Rank] = []
        for x in a:
            x = _canon_rank(x)
            parts.extend(x.args if x.kind == k else (x,))
        ints = [p.args[0] for p in parts if p.kind == "int"]
        rest = sorted((p for p in parts if p.kind != "int"), key=str)
        if ints:
            v = sympy.simplify(sympy.Mul(*ints) if k == "product" else sympy.Add(*ints))
            neutral = v == (1 if k == "product" else 0)
            if not neutral or not rest:
                rest = [Rank("int", (v,))] + rest
        return Rank(k, tuple(rest)) if len(rest) > 1 else rest[0]
    return r


# --- numeric values ----------------------------------------------------------------
def _num(stmt, vals, dims) -> np.ndarray:
    """The multiset (1-D array) or integer (0-d array) at concrete values."""
    from .evaluate import evaluate
    k, a = stmt.kind, stmt.args
    sub = {d: sympy.Integer(v) for d, v in dims.items()}
    if k == "eigvals":
        return np.linalg.eigvals(evaluate(a[0], vals))
    if k == "svdvals":
        return np.linalg.svd(evaluate(a[0], vals), compute_uv=False)
    if k == "ones":
        return np.ones(int(sympy.sympify(a[0]).xreplace(sub)))
    if k in ("products", "sums"):
        out = _num(a[0], vals, dims)
        for x in a[1:]:
            y = _num(x, vals, dims)
            out = (np.multiply.outer(out, y) if k == "products" else np.add.outer(out, y)).ravel()
        return out
    if k in ("scaled", "power"):
        c = complex(sympy.sympify(a[0]).xreplace(sub).subs(_scalar_values(vals)))
        inner = _num(a[1], vals, dims).astype(complex)
        return c * inner if k == "scaled" else inner ** (c.real if c.imag == 0 else c)
    if k == "rank":
        return np.asarray(np.linalg.matrix_rank(evaluate(a[0], vals)))
    if k == "int":
        return np.asarray(int(sympy.sympify(a[0]).xreplace(sub)))
    parts = [_num(x, vals, dims) for x in a]
    return np.asarray(np.prod(parts) if k == "product" else np.sum(parts))


def _scalar_values(vals) -> Dict:
    return {s: v for s, v in vals.items() if isinstance(s, sympy.Symbol)}


def _multiset_gap(x: np.ndarray, y: np.ndarray) -> float:
    """Largest difference under the best one-to-one matching of the two multisets."""
    from scipy.optimize import linear_sum_assignment
    if x.size == 0:
        return 0.0
    cost = np.abs(np.subtract.outer(x.astype(complex), y.astype(complex)))
    r, c = linear_sum_assignment(cost)
    return float(cost[r, c].max())


def _low_rank_values(values: Dict, rng: np.random.Generator) -> Dict:
    out = dict(values)
    for s, v in values.items():
        if isinstance(s, N.MatrixSymbol) and min(v.shape) > 1:
            r = int(rng.integers(1, min(v.shape)))
            out[s] = rng.normal(size=(v.shape[0], r)) @ rng.normal(size=(r, v.shape[1]))
    return out


def _coefficient_symbols(stmt) -> set:
    """Scalar (non-dimension) symbols in the coefficients and exponents."""
    out, stack = set(), [stmt]
    while stack:
        s = stack.pop()
        for x in s.args:
            if isinstance(x, _Statement):
                stack.append(x)
            elif isinstance(x, sympy.Expr):
                out |= {y for y in x.free_symbols if not (y.is_integer and y.is_positive)}
            elif isinstance(x, N.Expr):
                from .prove import _scalar_symbols
                out |= set(_scalar_symbols(x))
    return out


def prove_spectral(a, b, *, trials: int = 6, seed: int = 0):
    """``ks.prove`` for two spectra or two ranks (returns a :class:`kronsym.prove.Proof`).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A, B = ks.MatrixSymbol("A", m, m), ks.MatrixSymbol("B", n, n)
    >>> ks.prove(ks.eigvals(ks.kron_sum(A, B)), ks.eigvals(A) + ks.eigvals(B)).method
    'canonical'
    """
    from .prove import Proof, _assignments
    from .testing import random_values
    if type(a) is not type(b) or not isinstance(a, (Spectrum, Rank)):
        raise TypeError(f"prove(a, b): compare a spectrum with a spectrum or a rank with a rank, "
                        f"got {type(a).__name__} and {type(b).__name__}")
    if isinstance(a, Spectrum) and dims_equal(a.size, b.size) is False:
        raise ShapeError(f"the multisets can never agree: {a} has {a.size} elements and {b} "
                         f"has {b.size} elements")
    canon = _canon_spectrum if isinstance(a, Spectrum) else _canon_rank
    if canon(a) == canon(b):
        return Proof(True, "canonical")
    mats = a.matrices() + b.matrices()
    dsyms = sorted(set().union(*[m.free_dims for m in mats]), key=str)
    sizes_ok = (lambda d: True) if isinstance(a, Rank) else (
        lambda d: sympy.sympify(a.size).xreplace(d) == sympy.sympify(b.size).xreplace(d))
    assigns = [d for d in _assignments(dsyms, seed, trials, mats) if sizes_ok(d)]
    if not assigns:
        raise ShapeError(f"the multisets never have the same size on the dimensions tried: "
                         f"{a} has {a.size} elements and {b} has {b.size} elements")
    rng = np.random.default_rng(seed)
    coeffs = _coefficient_symbols(a) | _coefficient_symbols(b)
    done = 0
    for k, dims in enumerate(assigns):
        for rep in range(2):
            vals = random_values(N.Kron(*mats), dims, seed=seed * 100 + k * 10 + rep,
                                 shift=rep == 0)     # rep 1: det and trace of either sign
            for c in sorted(coeffs, key=str):
                vals[c] = float(rng.normal())
            if isinstance(a, Rank) and rep == 1:
                vals = _low_rank_values(vals, rng)
            try:
                va, vb = _num(a, vals, dims), _num(b, vals, dims)
            except (EvaluationError, np.linalg.LinAlgError, ZeroDivisionError):
                continue
            if not (np.all(np.isfinite(va)) and np.all(np.isfinite(vb))):
                continue
            done += 1
            if isinstance(a, Rank):
                gap = float(abs(int(va) - int(vb)))
                ok = gap == 0
            else:
                gap = _multiset_gap(va, vb)
                scale = max(1.0, float(np.max(np.abs(va))) if va.size else 0.0)
                ok = gap <= 1e-7 * scale
            if ok:
                continue
            dtxt = ", ".join(f"{d} = {v}" for d, v in dims.items()) or "the given dims"
            ce = {"dims": dict(dims), "values": {s: v for s, v in vals.items()
                                                 if isinstance(s, N.MatrixSymbol)},
                  "lhs": va, "rhs": vb, "max_error": gap}
            what = "ranks" if isinstance(a, Rank) else "multisets"
            return Proof(False, "counterexample", done, ce,
                         f"the {what} differ at {dtxt} (random values; "
                         f"{'lhs ' + str(int(va)) + ', rhs ' + str(int(vb)) if isinstance(a, Rank) else f'largest gap {gap:.3g}'})",
                         assigns[:k + 1])
    if done == 0:
        raise EvaluationError(f"could not evaluate {a} == {b} at any trial point")
    return Proof(True, "numeric", done, None, "", assigns)
