"""Hypothesis strategies for random well-shaped kronsym expressions.

Owns: ``shapes()``, ``expressions()``, ``dim_assignments()`` and the
generator behind them. Built *shape first*: a target shape is drawn (rows and
columns are products of at most two of the dims ``m n p q`` and the integers
1, 2, 3), then an expression of exactly that shape, choosing among every
node type of :data:`kronsym.nodes.NODE_TYPES` that can produce it.

Contract
--------
* Every expression drawn is well-shaped (built through the public
  constructors, so it passed every shape check) and numerically safe with
  :func:`kronsym.testing.random_values`: inverses, determinants and
  log-determinants are only taken of well-conditioned square matrices
  (symbols, which ``random_values`` makes diagonally dominant, ``I + A Aᵀ``,
  their Kronecker products, sums and transposes), and ``log``, ``sqrt`` and
  negative powers only of positive scalars.
* A matrix name has one shape within one expression (names come from a
  per-draw pool), so the expression can be evaluated, printed and parsed back.
* ``hypothesis`` is imported only when a strategy is built: kronsym itself
  never needs it (it is in the ``test`` extra).

>>> from kronsym.strategies import expressions
>>> strategy = expressions(max_depth=2)   # a hypothesis SearchStrategy of kronsym expressions
"""
from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

import sympy

from . import build as B
from . import nodes as N
from .dims import dims as _make_dims
from .strategy_pseudo import pseudo_expr
from .strategy_shapes import _factors, _prod, _scalar_shape, _splits, _square, _square_root  # noqa: F401

__all__ = ["DIMS", "shapes", "expressions", "expressions_with_shape", "dim_assignments",
           "node_types", "field_values"]

#: the symbolic dimensions the strategies use
DIMS: Tuple[sympy.Symbol, ...] = _make_dims("m n p q")
_ATOMS = DIMS + (sympy.Integer(2), sympy.Integer(3))
_ONE = sympy.Integer(1)
#: matrix names (no clash with parser function names such as I, K, D or L)
_NAMES = ("A", "B", "C", "E", "F", "G", "H", "J", "M", "P", "Q", "R", "S", "U", "V", "W",
          "X", "Y", "Z")
_COEFFS = (2, -1, 3, sympy.Rational(1, 2), sympy.Rational(-3, 2), 0.5)


def _st():
    try:
        from hypothesis import strategies as st
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("kronsym.strategies needs hypothesis: pip install 'kronsym[test]'") from e
    return st


class _Gen:
    """One draw: the hypothesis ``draw`` function and the pool of named symbols."""

    def __init__(self, draw, st, max_depth: int):
        self.draw, self.st, self.max_depth = draw, st, max_depth
        self.symbols: Dict[Tuple, N.MatrixSymbol] = {}

    # -- small draws ----------------------------------------------------------------
    def choice(self, options: Sequence, label: str = ""):
        return self.draw(self.st.sampled_from(list(options)), label=label or None)

    def small_dim(self):
        return self.choice((_ONE,) + _ATOMS)

    def param(self, cls: type, name: str):
        """A value for the schema field ``name`` of node class ``cls``, drawn by its kind."""
        field = next(f for f in cls.schema if f.name == name)
        return self.draw(field_values(field), label=f"{cls.__name__}.{name}")

    def symbol(self, shape) -> N.MatrixSymbol:
        """A symbol of ``shape``: an existing one (so symbols repeat) or a new name."""
        same = [s for s in self.symbols.values() if s.shape == tuple(shape)]
        if same and self.draw(self.st.booleans()):
            return self.choice(sorted(same, key=lambda s: s.name))
        used = {s.name for s in self.symbols.values()}
        free = [nm for nm in _NAMES if nm not in used]
        if not free:  # every name taken: reuse one of this shape, or a constant
            return same[0] if same else B.ones(shape[0], shape[1])
        s = N.MatrixSymbol(free[0], shape[0], shape[1])
        self.symbols[(s.name,)] = s
        return s

    # -- expressions of a given shape -------------------------------------------------
    def expr(self, shape, depth: int) -> N.Expr:
        r, c = shape
        if depth <= 0:
            return self.leaf(shape)
        options = ["leaf", "matmul", "add", "scalarmul", "transpose", "kron", "hadamard",
                   "scale", "unvec"]
        if c == 1:
            options += ["vec", "vecr"]
            if _square_root(r) is not None:
                options += ["duplicate", "jvp"]
        if _square(shape) and _square_root(r) is not None:
            options += ["symmetrizer", "matfunc"]    # matfunc: J_f, (d²)×(d²)
        if len(_factors(c)) >= 1:
            options.append("face_split")
        options.append("tracy_singh")
        if _square(shape):
            options += ["inverse", "diag", "kronsum", "matfunc"]
        if len(_factors(r)) >= 1:
            options.append("khatri_rao")
        if _scalar_shape(shape):
            options += ["trace", "det", "logdet", "power", "func", "inner"]
        options.append("entrywise")
        if self._reduction_options(shape):   # few options: the others keep their weight
            options += ["reduction"] * (2 if _scalar_shape(shape) else 1)
        kind = self.choice(options, "node")
        return getattr(self, "_" + kind)(shape, depth - 1)

    def leaf(self, shape) -> N.Expr:
        r, c = shape
        options = ["pseudo", "symbol", "symbol", "zeros", "ones"]
        if _square(shape):
            options += ["identity", "commutation"]
        kind = self.choice(options, "leaf")
        if kind == "pseudo":   # pinv, adj, eigvalsh, ... of a symbol (strategy_pseudo.py)
            return self._pseudo(shape, 0)
        if kind == "symbol":
            return self.symbol(shape)
        if kind == "zeros":
            return B.zeros(r, c)
        if kind == "ones":
            return B.ones(r, c)
        if kind == "identity":
            return B.I(r)
        a, b = self.choice(_splits(r), "K split")
        return B.K(a, b)

    def _leaf(self, shape, depth):
        return self.leaf(shape)

    def _matmul(self, shape, depth):
        k = self.small_dim()
        return self.expr((shape[0], k), depth) @ self.expr((k, shape[1]), depth)

    def _add(self, shape, depth):
        a, b = self.expr(shape, depth), self.expr(shape, depth)
        return a - b if self.draw(self.st.booleans()) else a + b

    def _scalarmul(self, shape, depth):
        a = self.expr(shape, depth)
        c = self.param(N.ScalarMul, "coeff")
        return -a if c == -1 and self.draw(self.st.booleans()) else c * a

    def _scale(self, shape, depth):
        # s * a: a Scale node, or for a 1×1 ``a`` the product s @ a (the public API never
        # builds Scale(s, 1×1), whose text reads back as a product: see test_properties)
        return self.scalar(depth) * self.expr(shape, depth)

    def _transpose(self, shape, depth):
        return self.expr((shape[1], shape[0]), depth).T

    def _kron(self, shape, depth):
        (r1, r2), (c1, c2) = self.choice(_splits(shape[0]), "rows"), \
            self.choice(_splits(shape[1]), "cols")
        return B.kron(self.expr((r1, c1), depth), self.expr((r2, c2), depth))

    def _hadamard(self, shape, depth):
        return B.hadamard(self.expr(shape, depth), self.expr(shape, depth))

    def _khatri_rao(self, shape, depth):
        r1, r2 = self.choice(_splits(shape[0]), "rows")
        return B.khatri_rao(self.expr((r1, shape[1]), depth), self.expr((r2, shape[1]), depth))

    def _vec(self, shape, depth):
        a, b = self.choice(_splits(shape[0]), "vec split")
        return B.vec(self.expr((a, b), depth))

    def _unvec(self, shape, depth):
        r, c = shape
        return B.unvec(self.expr((r * c, _ONE), depth), r, c)

    def _vecr(self, shape, depth):
        a, b = self.choice(_splits(shape[0]), "vecr split")
        return B.vecr(self.expr((a, b), depth))

    def _duplicate(self, shape, depth):
        """D_d vech(A) or D_d L_d vec(A) for a d×d A: (d²)×1."""
        d = _square_root(shape[0])
        if self.draw(self.st.booleans()):
            return B.D(d) @ B.L(d) @ B.vec(self.expr((d, d), depth))
        return B.D(d) @ B.vech(self.expr((d, d), depth))

    def _symmetrizer(self, shape, depth):
        """N_d, or D_d L_d, or a product with either: (d²)×(d²)."""
        d = _square_root(shape[0])
        kind = self.choice(("Nsym", "DL", "Nsym @"), "symmetrizer")
        if kind == "Nsym":
            return B.Nsym(d)
        if kind == "DL":
            return B.D(d) @ B.L(d)
        return B.Nsym(d) @ self.expr(shape, depth)

    def _face_split(self, shape, depth):
        c1, c2 = self.choice(_splits(shape[1]), "face split")
        return B.face_split(self.expr((shape[0], c1), depth), self.expr((shape[0], c2), depth))

    def _tracy_singh(self, shape, depth):
        (r1, r2), (c1, c2) = self.choice(_splits(shape[0]), "rows"), \
            self.choice(_splits(shape[1]), "cols")
        return B.tracy_singh(self.expr((r1, c1), depth), self.expr((r2, c2), depth))

    def _inverse(self, shape, depth):
        return B.inv(self.safe(shape[0], depth))

    def _diag(self, shape, depth):
        return B.diag(self.expr((shape[0], _ONE), depth))

    def _kronsum(self, shape, depth):
        a, b = self.choice(_splits(shape[0]), "kron_sum split")
        return B.kron_sum(self.expr((a, a), depth), self.expr((b, b), depth))

    # -- reductions and building blocks (kronsym/nodes/reductions.py) ----------------------
    def _reduction_options(self, shape) -> List[str]:
        r, c = shape
        if _scalar_shape(shape):
            return ["norm2", "norm1", "logsumexp", "sum", "norm2"]   # ‖·‖ twice: it is common
        out = ["sum_rows", "softmax", "diag_part"] if c == 1 else []
        return out + (["sum_cols"] if r == 1 else []) + (["matpow"] if _square(shape) else [])

    def _reduction(self, shape, depth):
        kind, (r, c) = self.choice(self._reduction_options(shape), "reduction"), shape
        if kind == "norm2":
            nrm = B.norm2(self.expr((self.small_dim(), self.small_dim()), depth))
            return nrm ** 2 if self.draw(self.st.booleans()) else nrm   # ‖X‖² is common too
        if kind in ("sum", "norm1"):
            return (B.sum if kind == "sum" else B.norm1)(
                self.expr((self.small_dim(), self.small_dim()), depth))
        if kind == "logsumexp":
            return B.logsumexp(self.expr((self.small_dim(), _ONE), depth))
        if kind in ("sum_rows", "sum_cols"):
            inner = (r, self.small_dim()) if kind == "sum_rows" else (self.small_dim(), c)
            return B.sum(self.expr(inner, depth), axis=1 if kind == "sum_rows" else 0)
        if kind in ("softmax", "diag_part"):   # an n×1 column
            return B.softmax(self.expr(shape, depth)) if kind == "softmax" else \
                N.DiagPart(self.expr((r, r), depth))
        k = self.choice((2, 3, -2, 0), "matrix power")
        return N.MatPow(self.safe(r, depth) if k < 0 else self.expr(shape, depth), k)

    # -- pseudo-inverse family: kronsym/strategy_pseudo.py
    _pseudo = pseudo_expr
    def _matfunc(self, shape, depth):   # expm, logm, sqrtm, J_f: kronsym/strategy_matfuncs.py
        from .strategy_matfuncs import matfunc
        return matfunc(self, shape, depth)

    def _jvp(self, shape, depth):       # J_f(C) vec(A): kronsym/strategy_matfuncs.py
        from .strategy_matfuncs import jvp
        return jvp(self, shape, depth)

    # -- scalars (1×1) -------------------------------------------------------------------
    def scalar(self, depth) -> N.Expr:
        return self.expr((_ONE, _ONE), depth)

    def _trace(self, shape, depth):
        d = self.small_dim()
        return B.trace(self.expr((d, d), depth))

    def _det(self, shape, depth):
        return B.det(self.safe(self.small_dim(), depth))

    def _logdet(self, shape, depth):
        return B.logdet(self.safe(self.small_dim(), depth))

    def _power(self, shape, depth):
        k = self.choice((2, 3, -1, sympy.Rational(1, 2)), "exponent")
        base = self.scalar(depth) if k in (2, 3) else self.positive(depth)
        return base ** k

    def _func(self, shape, depth):
        name = self.choice(("log", "exp", "sin", "cos", "sqrt"), "function")   # safe domains
        if name in ("log", "sqrt"):
            return N.ScalarFunc(name, self.positive(depth))
        if name == "exp":   # bounded argument: exp(sin(s)) or exp(cos(s))
            inner = self.choice(("sin", "cos"), "exp inner")
            return B.exp(N.ScalarFunc(inner, self.scalar(depth)))
        return N.ScalarFunc(name, self.scalar(depth))

    def _entrywise(self, shape, depth):
        """An entrywise function or power of a matrix (EntrywiseFunc, Power of any shape):
        functions smooth and finite for every real argument (log and sqrt of exp(sin(·)) >
        0); abs, sign, relu, heaviside (kinks) and tan, arcsin, arccos (poles, |x| < 1)
        are left to tests/nodes/test_entrywise.py, which draws inside their domains."""
        name = self.choice(("sin", "cos", "tanh", "arctan", "sigmoid", "softplus", "exp",
                            "log", "sqrt", "power"), "entrywise")
        x = self.expr(shape, depth)
        if name == "power":
            return N.Power(x, self.choice((2, 3), "entrywise exponent"))
        if name in ("exp", "log", "sqrt"):   # a bounded, positive argument: exp(sin(x))
            x = N.EntrywiseFunc("exp", N.EntrywiseFunc("sin", x))
            return x if name == "exp" else N.EntrywiseFunc(name, x)
        return N.EntrywiseFunc(name, x)

    def _inner(self, shape, depth):
        d = self.small_dim()
        return self.expr((d, _ONE), depth).T @ self.expr((d, _ONE), depth)

    def positive(self, depth) -> N.Expr:
        """A 1×1 expression that is positive for every value."""
        kind = self.choice(("gram", "trace", "det", "exp", "square", "sum"), "positive")
        d = self.small_dim()
        if kind == "gram" or depth <= 0:
            x = self.expr((d, _ONE), max(depth - 1, 0))
            return x.T @ x + 1
        if kind == "trace":
            return B.trace(self._spd(d, depth - 1))
        if kind == "det":
            return B.det(self._spd(d, depth - 1))
        if kind == "exp":
            return B.exp(N.ScalarFunc("sin", self.scalar(depth - 1)))
        if kind == "square":
            return self.positive(depth - 1) ** 2
        return self.positive(depth - 1) + self.positive(depth - 1)

    # -- well-conditioned square matrices --------------------------------------------------
    def _spd(self, d, depth) -> N.Expr:
        """I + A Aᵀ: symmetric positive definite for every A."""
        k = self.small_dim()
        a = self.expr((d, k), depth)
        return B.I(d) + a @ a.T

    def safe(self, d, depth) -> N.Expr:
        """A square d×d matrix that ``random_values`` makes well conditioned."""
        options = ["symbol", "spd"]
        if depth > 0:
            options += ["transpose", "scaled", "kron", "inverse", "kronsum"]
        kind = self.choice(options, "safe")
        if kind == "symbol":
            return self.symbol((d, d))
        if kind == "spd":
            return self._spd(d, max(depth - 1, 0))
        if kind == "transpose":
            return self.safe(d, depth - 1).T
        if kind == "scaled":
            return self.choice((2, -3, sympy.Rational(1, 2)), "safe coefficient") * \
                self.safe(d, depth - 1)
        if kind == "inverse":
            return B.inv(self.safe(d, depth - 1))
        a, b = self.choice(_splits(d), "safe split")
        if kind == "kron":
            return B.kron(self.safe(a, depth - 1), self.safe(b, depth - 1))
        return B.kron_sum(self._spd(a, depth - 1), self._spd(b, depth - 1))


# --- public strategies ----------------------------------------------------------------------
def field_values(field: N.Field):
    """Strategy for the values of one schema field (``kronsym.nodes.schema``), by its kind:
    a dim from ``DIMS``, 1, 2, 3; a coefficient; a small int; a matrix name; a key of the
    function table; one of the choices. Operands (``child``) have no such strategy.

    >>> from kronsym import nodes as N
    >>> from kronsym.strategies import field_values
    >>> s = field_values(N.Unvec.schema[1])   # the rows of an unvec
    """
    st = _st()
    kind = field.kind
    if kind == "dim":
        return st.sampled_from(list((_ONE,) + _ATOMS))
    if kind == "coeff":
        return st.sampled_from(list(_COEFFS))
    if kind == "integer":
        return st.integers(-3, 3)
    if kind == "name":
        return st.sampled_from(list(_NAMES))
    if kind == "func":
        return st.sampled_from(list(field.table or ()))
    if kind == "choice":
        return st.sampled_from(list(field.values))
    raise TypeError(f"field_values: the {kind} field {field.name!r} holds operands; draw "
                    f"them with expressions_with_shape")


def shapes(max_factors: int = 2):
    """Strategy for a shape ``(rows, cols)``: each a product of at most ``max_factors``
    of m, n, p, q, 2, 3 (or 1).

    >>> from kronsym.strategies import shapes
    >>> s = shapes()   # a hypothesis SearchStrategy of (rows, cols) pairs
    """
    st = _st()
    dim = st.lists(st.sampled_from(_ATOMS), max_size=max_factors).map(_prod)
    squares = st.tuples(st.sampled_from(DIMS + (sympy.Integer(2),)), st.booleans()).map(
        lambda t: (t[0] ** 2, t[0] ** 2 if t[1] else _ONE))   # targets of D, L, N, vech
    return st.one_of(st.just((_ONE, _ONE)), squares, st.tuples(dim, dim))


def expressions_with_shape(shape, max_depth: int = 3):
    """Strategy for expressions of exactly ``shape``.

    >>> import kronsym as ks
    >>> from kronsym.strategies import expressions_with_shape
    >>> m, n = ks.dims("m n")
    >>> s = expressions_with_shape((m, n), max_depth=2)
    """
    st = _st()
    shape = (sympy.sympify(shape[0]), sympy.sympify(shape[1]))

    @st.composite
    def strategy(draw):
        depth = draw(st.integers(0, max_depth), label="depth")
        return _Gen(draw, st, max_depth).expr(shape, depth)
    return strategy()


def expressions(max_depth: int = 3, shape=None):
    """Strategy for random well-shaped expressions: a shape is drawn first (unless
    given), then an expression of that shape over every node type.

    >>> from kronsym.strategies import expressions
    >>> s = expressions(max_depth=2)
    """
    _st()  # fails clearly when hypothesis is missing
    if shape is not None:
        return expressions_with_shape(shape, max_depth)
    return shapes().flatmap(lambda sh: expressions_with_shape(sh, max_depth))


def dim_assignments(max_value: int = 3):
    """Strategy for concrete dims ``{m: .., n: .., p: .., q: ..}`` (1 included, so
    non-square and degenerate cases appear).

    >>> from kronsym.strategies import dim_assignments, DIMS
    >>> s = dim_assignments()
    """
    st = _st()
    return st.tuples(*[st.integers(1, max_value) for _ in DIMS]).map(
        lambda vs: dict(zip(DIMS, vs)))


def node_types(expr) -> set:
    """The node types appearing in ``expr``.

    >>> import kronsym as ks
    >>> from kronsym.strategies import node_types
    >>> sorted(t.__name__ for t in node_types(ks.I(2) @ ks.I(2)))
    ['Identity', 'MatMul']
    """
    from .traverse import postorder
    return {type(n) for n in postorder(expr)}
