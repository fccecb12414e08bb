"""The expression tree: node classes with intrinsic facts only.

Owns: every node type, its parameters, its children and its shape check.

Contract
--------
* Nodes are immutable and *interned* (hash-consed): building the same node
  twice returns the same object, so structural equality is identity and
  ``hash`` is O(1). ``==`` is structural equality.
* ``node.children`` (a tuple of nodes) and ``node.rebuild(*children)`` are
  the only way traversals touch a node; ``n.rebuild(*n.children) is n``.
  ``node.params`` holds the non-node parameters (names, dims, coefficients).
* The shape is computed and checked at construction; a shape that cannot be
  proved right raises :class:`~kronsym.errors.ShapeError` naming the
  operation, every operand and every shape. Constructors never rewrite.
* Nothing here recurses over the tree: a node's hash is computed from its
  children's cached hashes, and pickling goes through a flat post-order list.
* Operations live in modules (``build``, ``printing``, ``diff`` ...); the
  operator sugar (``@ + - * .T``) is attached by :mod:`kronsym.build`.
"""
from __future__ import annotations

import operator
import threading
import weakref
from typing import Any, Tuple

import sympy

from .dims import as_dim, dims_equal, fmt_shape
from .errors import ShapeError, UndecidedShapeError
from .names import check_name, check_scalar_names

__all__ = [
    "Expr", "MatrixSymbol", "Identity", "ZeroMatrix", "Ones", "Commutation",
    "MatMul", "MatAdd", "ScalarMul", "Scale", "Transpose", "Kron", "Vec",
    "Unvec", "Inverse", "Trace", "Det", "LogDet", "Power", "ScalarFunc",
    "Hadamard", "EntrywiseFunc", "ENTRYWISE_FUNCS", "KhatriRao", "KronSum", "Diag", "NODE_TYPES", "SCALAR_FUNCS",
    "SymmetricSymbol", "Duplication", "Elimination", "Symmetrizer", "Vech",
    "FaceSplit", "TracySingh", "Vecr", "PRODUCT_NODE_TYPES", "tracy_singh_blocks",
]

_ONE = sympy.Integer(1)

_intern_lock = threading.Lock()
_intern: "weakref.WeakValueDictionary[_Key, Expr]" = weakref.WeakValueDictionary()


_get_hash = operator.attrgetter("_hash")
_get_shape = operator.attrgetter("_shape_")
_rows = operator.itemgetter(0)
_cols = operator.itemgetter(1)


class _Key:
    """Intern-table key with its hash computed once (the table's weakref callbacks
    may run during interpreter shutdown, when hashing SymPy numbers can fail)."""
    __slots__ = ("t", "h")

    def __init__(self, t: tuple, h: int):
        self.t = t
        self.h = h

    def __hash__(self) -> int:
        return self.h

    def __eq__(self, other) -> bool:
        return self.h == other.h and self.t == other.t


def _operand_text(e: "Expr") -> str:
    text = str(e)
    return text if len(text) <= 60 else text[:57] + "..."


def _require(ok, op: str, operands, detail: str, cls=ShapeError) -> None:
    """Raise ShapeError unless ``ok`` is True (False and None both fail)."""
    if ok is True:
        return
    names = ", ".join(f"{_operand_text(o)} is {fmt_shape(o.shape)}" for o in operands)
    raise cls(f"{op}: {names}; {detail}")


def _require_dims(da, db, op: str, operands, what_a: str, what_b: str) -> None:
    """Require dimension ``da`` (described by what_a) to equal ``db``.

    ``op``, ``what_a`` and ``what_b`` are templates: ``{A}`` and ``{B}`` stand for
    the text of the first and last operand, formatted only when the check fails.
    """
    ok = dims_equal(da, db)
    if ok is True:
        return
    texts = {"A": _operand_text(operands[0]), "B": _operand_text(operands[-1])}
    texts["pA"], texts["pB"] = _paren(texts["A"]), _paren(texts["B"])
    op, what_a, what_b = (t.format(**texts) for t in (op, what_a, what_b))
    if ok is False:
        detail = f"{what_a} ({da}) ≠ {what_b} ({db})"
    else:
        detail = (f"{what_a} ({da}) and {what_b} ({db}) cannot be proved equal; use one "
                  f"dimension symbol for both, or declare them equal with "
                  f"ks.assume_equal({da}, {db})")
    _require(False, op, operands, detail, ShapeError if ok is False else UndecidedShapeError)


def _require_square(op: str, a: "Expr") -> None:
    r, c = a.shape
    _require_dims(r, c, op + " of {A}", (a,), "rows", "columns")


def _require_scalar(op: str, a: "Expr") -> None:
    r, c = a.shape
    _require_dims(r, 1, op + " of {A}", (a,), "rows of a scalar operand", "1")
    _require_dims(c, 1, op + " of {A}", (a,), "columns of a scalar operand", "1")


def _paren(t: str) -> str:
    """Parenthesise an operand's text when it is an infix expression."""
    depth = 0
    for ch in t:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == " " and depth == 0:
            return f"({t})"
    return t


def _same_shape(op: str, sym: str, children):
    first = children[0]
    head = op + " {pA} " + sym + " {pB}"
    for t in children[1:]:
        _require_dims(first.shape[0], t.shape[0], head, (first, t), "rows of {A}", "rows of {B}")
        _require_dims(first.shape[1], t.shape[1], head, (first, t), "columns of {A}",
                      "columns of {B}")
    return first.shape


def _require_expr(op: str, *xs) -> None:
    for i, x in enumerate(xs):
        if not isinstance(x, Expr):
            raise TypeError(f"{op}: operand {i + 1} must be a kronsym expression, got "
                            f"{type(x).__name__} {x!r:.60}")


class Expr:
    """Base class of every kronsym matrix expression.

    Subclasses set ``_nchildren`` (an int, or None for n-ary with at least two)
    and implement ``_shape(params, children) -> (rows, cols)``.
    """

    __slots__ = ("_params", "_children", "_shape_", "_hash", "_str", "__weakref__")
    _nchildren: Any = 0
    _min_children = 2
    # numpy must defer to our reflected operators (np.float64(2) * A -> A.__rmul__)
    __array_ufunc__ = None

    # -- construction -------------------------------------------------------
    def __new__(cls, *args, **kwargs):
        raise TypeError(f"{cls.__name__}(...): Expr is the abstract base class of kronsym "
                        f"expressions (use it with isinstance); build expressions with "
                        f"ks.MatrixSymbol, ks.kron, @, + ...")

    @classmethod
    def _make(cls, params: tuple, children: tuple) -> "Expr":
        # C-level passes over the children (a 5000-factor product is built 5000 times
        # by a loop of ``e = e @ X``): one type check per distinct type, and the key
        # hashed from the children's stored hashes rather than 5000 __hash__ calls
        if not all(issubclass(t, Expr) for t in set(map(type, children))):
            _require_expr(cls.__name__, *children)
        try:
            key = _Key((cls, params, children),
                       hash((cls, params, tuple(map(_get_hash, children)))))
        except TypeError as e:  # unhashable parameter
            raise TypeError(f"{cls.__name__}: unhashable parameter in {params!r}") from e
        try:
            with _intern_lock:
                found = _intern.get(key)
        except TypeError as e:  # unhashable parameter
            raise TypeError(f"{cls.__name__}: unhashable parameter in {params!r}") from e
        if found is not None:
            return found
        n = cls._nchildren
        if n is None:
            if len(children) < cls._min_children:
                raise TypeError(f"{cls.__name__} needs at least {cls._min_children} operands, "
                                f"got {len(children)}")
        elif len(children) != n:
            raise TypeError(f"{cls.__name__} takes {n} operand(s), got {len(children)}")
        shape = cls._shape(params, children)
        obj = object.__new__(cls)
        object.__setattr__(obj, "_params", params)
        object.__setattr__(obj, "_children", children)
        object.__setattr__(obj, "_shape_", (shape[0], shape[1]))
        object.__setattr__(obj, "_hash", key.h)
        object.__setattr__(obj, "_str", None)  # text cache, filled by printing.text
        with _intern_lock:
            return _intern.setdefault(key, obj)

    @classmethod
    def _shape(cls, params, children):  # pragma: no cover - abstract
        raise NotImplementedError(cls.__name__)

    def __setattr__(self, name, value):
        raise AttributeError(f"kronsym expressions are immutable (tried to set {name!r})")

    # -- intrinsic facts --------------------------------------------------------
    @property
    def children(self) -> Tuple["Expr", ...]:
        """The operand nodes, in order."""
        return self._children

    @property
    def params(self) -> tuple:
        """The non-node parameters (names, dimensions, coefficients)."""
        return self._params

    @property
    def shape(self) -> Tuple[sympy.Expr, sympy.Expr]:
        """``(rows, cols)`` as SymPy expressions."""
        return self._shape_

    @property
    def rows(self) -> sympy.Expr:
        return self._shape_[0]

    @property
    def cols(self) -> sympy.Expr:
        return self._shape_[1]

    def rebuild(self, *children: "Expr") -> "Expr":
        """The same node type and parameters over new children (checked)."""
        if len(children) == len(self._children) and all(
                a is b for a, b in zip(children, self._children)):
            return self
        return type(self)._make(self._params, tuple(children))

    # -- identity ---------------------------------------------------------------
    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        from .traverse import postorder
        nodes = postorder(self)
        index = {id(n): i for i, n in enumerate(nodes)}
        flat = tuple((type(n), n._params, tuple(index[id(c)] for c in n._children))
                     for n in nodes)
        return (_from_flat, (flat,))

    # -- output (printing lives in kronsym.printing) ------------------------------
    # -- operators: bodies in kronsym.build (lazy import: build imports nodes) ----
    def __matmul__(self, other):
        from . import build
        return build._op_matmul(self, other)

    def __rmatmul__(self, other):
        from . import build
        return build._op_rmatmul(self, other)

    def __add__(self, other):
        from . import build
        return build._op_add(self, other)

    def __radd__(self, other):
        from . import build
        return build._op_radd(self, other)

    def __sub__(self, other):
        from . import build
        return build._op_sub(self, other)

    def __rsub__(self, other):
        from . import build
        return build._op_rsub(self, other)

    def __mul__(self, other):
        from . import build
        return build._op_mul(self, other)

    def __rmul__(self, other):
        from . import build
        return build._op_rmul(self, other)

    def __truediv__(self, other):
        from . import build
        return build._op_truediv(self, other)

    def __rtruediv__(self, other):
        from . import build
        return build._op_rtruediv(self, other)

    def __pow__(self, k):
        from . import build
        return build._op_pow(self, k)

    def __neg__(self):
        from . import build
        return build._op_neg(self)

    def __pos__(self):
        return self

    @property
    def T(self) -> "Expr":
        """The transpose Aᵀ."""
        from . import build
        return build._op_T(self)

    def __str__(self) -> str:
        from .printing.text import text
        return text(self)

    def __repr__(self) -> str:
        return str(self)

    def _repr_latex_(self) -> str:
        from .printing.latex import latex
        return "$\\displaystyle " + latex(self) + "$"

    def _sympystr(self, printer=None) -> str:
        return str(self)

    @property
    def free_symbols(self) -> "frozenset[MatrixSymbol]":
        """The MatrixSymbol leaves this expression depends on."""
        from .traverse import postorder
        return frozenset(n for n in postorder(self) if isinstance(n, MatrixSymbol))

    @property
    def free_dims(self) -> "frozenset[sympy.Symbol]":
        """The dimension symbols appearing in any shape or parameter."""
        from .traverse import postorder
        out = set()
        for n in postorder(self):
            for d in n._shape_:
                out |= d.free_symbols
            for p in n._params:
                if isinstance(p, sympy.Basic) and not isinstance(n, (ScalarMul, Power)):
                    out |= p.free_symbols
        return frozenset(out)

    @property
    def is_scalar(self) -> bool:
        """True when the shape is provably 1×1."""
        return dims_equal(self._shape_[0], 1) is True and dims_equal(self._shape_[1], 1) is True


def _from_flat(flat):
    built = []
    for cls, params, kids in flat:
        built.append(cls._make(params, tuple(built[i] for i in kids)))
    return built[-1]


# ---------------------------------------------------------------------------
# Leaves
# ---------------------------------------------------------------------------
class MatrixSymbol(Expr):
    """A named m×n matrix; dims are ints or SymPy expressions.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", m, n)
    >>> A.shape, A.name
    ((m, n), 'A')
    >>> ks.MatrixSymbol("A", m, n) is A
    True
    """
    __slots__ = ()

    def __new__(cls, name: str, rows, cols):
        check_name(name, "MatrixSymbol(name, rows, cols): name (an identifier like 'A' or 'X_1')")
        return cls._make((name, as_dim(rows, f"MatrixSymbol: rows of {name}"),
                          as_dim(cols, f"MatrixSymbol: columns of {name}")), ())

    @classmethod
    def _shape(cls, params, children):
        return params[1], params[2]

    @property
    def name(self) -> str:
        return self._params[0]


class Identity(Expr):
    """The n×n identity matrix I_n.

    >>> import kronsym as ks
    >>> ks.I(3).shape
    (3, 3)
    """
    __slots__ = ()

    def __new__(cls, n):
        return cls._make((as_dim(n, "size of I"),), ())

    @classmethod
    def _shape(cls, params, children):
        return params[0], params[0]


class ZeroMatrix(Expr):
    """The m×n zero matrix.

    >>> import kronsym as ks
    >>> ks.zeros(2, 3).shape
    (2, 3)
    """
    __slots__ = ()

    def __new__(cls, rows, cols):
        return cls._make((as_dim(rows, "rows of zeros"), as_dim(cols, "columns of zeros")), ())

    @classmethod
    def _shape(cls, params, children):
        return params[0], params[1]


class Ones(Expr):
    """The m×n matrix of ones (1_n for a column).

    >>> import kronsym as ks
    >>> ks.ones(4, 1).shape
    (4, 1)
    """
    __slots__ = ()

    def __new__(cls, rows, cols):
        return cls._make((as_dim(rows, "rows of ones"), as_dim(cols, "columns of ones")), ())

    @classmethod
    def _shape(cls, params, children):
        return params[0], params[1]


class Commutation(Expr):
    """The commutation matrix K_{m,n} (mn×mn): ``K(m, n) @ vec(A) == vec(A.T)`` for m×n A.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> ks.K(m, n).shape
    (m*n, m*n)
    """
    __slots__ = ()

    def __new__(cls, m, n):
        return cls._make((as_dim(m, "first index of K"), as_dim(n, "second index of K")), ())

    @classmethod
    def _shape(cls, params, children):
        d = params[0] * params[1]
        return d, d


# ---------------------------------------------------------------------------
# n-ary products and sums
# ---------------------------------------------------------------------------
class MatMul(Expr):
    """Matrix product A B C ... (n-ary, at least two factors)."""
    __slots__ = ()
    _nchildren = None

    def __new__(cls, *factors):
        return cls._make((), tuple(factors))

    @classmethod
    def _shape(cls, params, children):
        shapes = list(map(_get_shape, children))
        if all(map(operator.is_, map(_cols, shapes[:-1]), map(_rows, shapes[1:]))):
            return children[0].shape[0], children[-1].shape[1]   # the same dim objects
        prev = children[0]._shape_[1]
        for a, b in zip(children, children[1:]):
            rows = b._shape_[0]
            if rows is not prev:  # the same dim object: nothing to check (fast path)
                _require_dims(prev, rows, "matrix product {pA} @ {pB}", (a, b),
                              "columns of {A}", "rows of {B}")
            prev = b._shape_[1]
        return children[0].shape[0], children[-1].shape[1]


class MatAdd(Expr):
    """Sum of matrices of one shape (n-ary, at least two terms)."""
    __slots__ = ()
    _nchildren = None

    def __new__(cls, *terms):
        return cls._make((), tuple(terms))

    @classmethod
    def _shape(cls, params, children):
        return _same_shape("sum", "+", children)


class Hadamard(Expr):
    """Elementwise (Hadamard) product A ∘ B of matrices of one shape."""
    __slots__ = ()
    _nchildren = None

    def __new__(cls, *factors):
        return cls._make((), tuple(factors))

    @classmethod
    def _shape(cls, params, children):
        return _same_shape("Hadamard product", "∘", children)


class Kron(Expr):
    """Kronecker product A ⊗ B ⊗ ... (n-ary): (∏ rows) × (∏ cols)."""
    __slots__ = ()
    _nchildren = None

    def __new__(cls, *factors):
        return cls._make((), tuple(factors))

    @classmethod
    def _shape(cls, params, children):
        # one n-ary Mul (not a running product): linear in the number of factors
        return sympy.Mul(*[f.shape[0] for f in children]), sympy.Mul(*[f.shape[1] for f in children])


class KhatriRao(Expr):
    """Column-wise Kronecker product A ⊙ B: column j is a_j ⊗ b_j; A m×n, B p×n give mp×n."""
    __slots__ = ()
    _nchildren = 2

    def __new__(cls, a, b):
        return cls._make((), (a, b))

    @classmethod
    def _shape(cls, params, children):
        a, b = children
        _require_dims(a.shape[1], b.shape[1], "Khatri–Rao product {pA} ⊙ {pB}", (a, b),
                      "columns of {A}", "columns of {B}")
        return a.shape[0] * b.shape[0], a.shape[1]


class KronSum(Expr):
    """Kronecker sum A ⊕ B = A ⊗ I_n + I_m ⊗ B for square A (m×m), B (n×n)."""
    __slots__ = ()
    _nchildren = 2

    def __new__(cls, a, b):
        return cls._make((), (a, b))

    @classmethod
    def _shape(cls, params, children):
        a, b = children
        _require_square("Kronecker sum", a)
        _require_square("Kronecker sum", b)
        d = a.shape[0] * b.shape[0]
        return d, d


# ---------------------------------------------------------------------------
# Scalars and scaling
# ---------------------------------------------------------------------------
class ScalarMul(Expr):
    """c · A for a SymPy scalar c (a number or a scalar symbol).

    ``ScalarMul(c, I(1))`` is the 1×1 constant c.
    """
    __slots__ = ()
    _nchildren = 1

    def __new__(cls, coeff, a):
        return cls._make((_as_coeff(coeff),), (a,))

    @classmethod
    def _shape(cls, params, children):
        return children[0].shape

    @property
    def coeff(self) -> sympy.Expr:
        return self._params[0]


def _as_coeff(c) -> sympy.Expr:
    if isinstance(c, Expr):
        raise TypeError("ScalarMul coefficient must be a number or SymPy scalar, not a kronsym "
                        "expression (use Scale for a 1×1 expression)")
    if isinstance(c, bool) or c is None:
        raise TypeError(f"scalar coefficient must be a number or SymPy scalar, got {c!r}")
    try:
        v = sympy.sympify(c, strict=True)
    except (sympy.SympifyError, TypeError):
        raise TypeError(f"scalar coefficient must be a number or SymPy scalar, got "
                        f"{type(c).__name__} {c!r:.60}") from None
    if not isinstance(v, sympy.Expr) or isinstance(v, sympy.MatrixBase) or getattr(v, "is_Matrix", False):
        raise TypeError(f"scalar coefficient must be a number or SymPy scalar, got {v!r:.60}")
    if v.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise ValueError(f"scalar coefficient must be finite, got {v!r:.60} (NaN or an infinity)")
    return check_scalar_names(v, "scalar coefficient")


class Scale(Expr):
    """s · A for a 1×1 kronsym expression s (e.g. ``tr(X) * A``)."""
    __slots__ = ()
    _nchildren = 2

    def __new__(cls, s, a):
        return cls._make((), (s, a))

    @classmethod
    def _shape(cls, params, children):
        _require_scalar("scaling by an expression", children[0])
        return children[1].shape


class Power(Expr):
    """The entrywise power X^{∘k} for a SymPy scalar exponent k (X of any shape; for a 1×1
    s it is the scalar power s ** k)."""
    __slots__ = ()
    _nchildren = 1

    def __new__(cls, s, k):
        return cls._make((_as_coeff(k),), (s,))

    @classmethod
    def _shape(cls, params, children):
        return children[0].shape

    @property
    def exponent(self) -> sympy.Expr:
        return self._params[0]


# ---------------------------------------------------------------------------
# Unary structural nodes
# ---------------------------------------------------------------------------
class Transpose(Expr):
    """Aᵀ."""
    __slots__ = ()
    _nchildren = 1

    def __new__(cls, a):
        return cls._make((), (a,))

    @classmethod
    def _shape(cls, params, children):
        r, c = children[0].shape
        return c, r


class Vec(Expr):
    """vec(A): the columns of A stacked (column-major), (mn)×1."""
    __slots__ = ()
    _nchildren = 1

    def __new__(cls, a):
        return cls._make((), (a,))

    @classmethod
    def _shape(cls, params, children):
        r, c = children[0].shape
        return r * c, _ONE


class Unvec(Expr):
    """unvec(v, m, n): the m×n matrix A with vec(A) = v (v is (mn)×1)."""
    __slots__ = ()
    _nchildren = 1

    def __new__(cls, v, rows, cols):
        return cls._make((as_dim(rows, "rows of unvec"), as_dim(cols, "columns of unvec")), (v,))

    @classmethod
    def _shape(cls, params, children):
        v = children[0]
        m, n = params
        op = "unvec of {A} to " + fmt_shape((m, n)).replace("{", "{{").replace("}", "}}")
        _require_dims(v.shape[1], 1, op, (v,), "columns of the operand", "1")
        _require_dims(v.shape[0], m * n, op, (v,), "rows of the operand", "rows × columns")
        return m, n


class Inverse(Expr):
    """A⁻¹ of a square matrix."""
    __slots__ = ()
    _nchildren = 1

    def __new__(cls, a):
        return cls._make((), (a,))

    @classmethod
    def _shape(cls, params, children):
        _require_square("inverse", children[0])
        return children[0].shape


class Trace(Expr):
    """tr(A) of a square matrix (1×1)."""
    __slots__ = ()
    _nchildren = 1

    def __new__(cls, a):
        return cls._make((), (a,))

    @classmethod
    def _shape(cls, params, children):
        _require_square("trace", children[0])
        return _ONE, _ONE


class Det(Expr):
    """det(A) of a square matrix (1×1)."""
    __slots__ = ()
    _nchildren = 1

    def __new__(cls, a):
        return cls._make((), (a,))

    @classmethod
    def _shape(cls, params, children):
        _require_square("determinant", children[0])
        return _ONE, _ONE


class LogDet(Expr):
    """log det(A) of a square matrix (1×1); numerically log|det A| (slogdet)."""
    __slots__ = ()
    _nchildren = 1

    def __new__(cls, a):
        return cls._make((), (a,))

    @classmethod
    def _shape(cls, params, children):
        _require_square("log-determinant", children[0])
        return _ONE, _ONE


class Diag(Expr):
    """diag(v): the n×n diagonal matrix with the column v (n×1) on its diagonal."""
    __slots__ = ()
    _nchildren = 1

    def __new__(cls, v):
        return cls._make((), (v,))

    @classmethod
    def _shape(cls, params, children):
        v = children[0]
        _require_dims(v.shape[1], 1, "diag of {A}", (v,),
                      "columns of the operand (diag needs a column vector)", "1")
        return v.shape[0], v.shape[0]


#: every concrete node type, in a fixed order (tests walk this list)
NODE_TYPES: tuple[type[Expr], ...] = (MatrixSymbol, Identity, ZeroMatrix, Ones, Commutation, MatMul, MatAdd,
              ScalarMul, Scale, Power, Transpose, Kron, Vec, Unvec, Inverse,
              Trace, Det, LogDet, Hadamard, KhatriRao, KronSum, Diag)


# ---------------------------------------------------------------------------
# Symmetric matrices: symmetric symbols, D_n, L_n, N_n and vech
# (Magnus & Neudecker, *Matrix Differential Calculus*, ch. 3 §8)
# ---------------------------------------------------------------------------
def _half(n):
    """n(n+1)/2, the length of vech of an n×n matrix."""
    return n * (n + 1) / 2


class SymmetricSymbol(MatrixSymbol):
    """A named symmetric n×n matrix S = Sᵀ (a MatrixSymbol: every place that takes a
    symbol takes it). Its values must be symmetric; ``ks.diff(F, S)`` differentiates
    with respect to the free entries vech S (see docs/conventions.md).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> S = ks.symmetric("S", n)
    >>> S.shape, isinstance(S, ks.MatrixSymbol), S is ks.MatrixSymbol("S", n, n)
    ((n, n), True, False)
    """
    __slots__ = ()

    def __new__(cls, name: str, n):
        check_name(name, "symmetric(name, n): name (an identifier like 'S' or 'Sigma')")
        d = as_dim(n, f"size of the symmetric {name}")
        return cls._make((name, d, d), ())


class _SizedLeaf(Expr):
    """A constant matrix fixed by one dimension n (D_n, L_n, N_n); ``_label`` names it in
    errors."""
    __slots__ = ()
    _label = "?"

    def __new__(cls, n):
        return cls._make((as_dim(n, f"size of {cls._label}"),), ())


class Duplication(_SizedLeaf):
    """The duplication matrix D_n, n²×n(n+1)/2: ``D(n) @ vech(A) == vec(A)`` for symmetric A.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> ks.D(n).shape
    (n**2, n*(n + 1)/2)
    """
    __slots__ = ()
    _label = "D"

    @classmethod
    def _shape(cls, params, children):
        n = params[0]
        return n * n, _half(n)


class Elimination(_SizedLeaf):
    """The elimination matrix L_n, n(n+1)/2×n²: ``L(n) @ vec(A) == vech(A)`` for every n×n A.

    >>> import kronsym as ks
    >>> ks.L(3).shape
    (6, 9)
    """
    __slots__ = ()
    _label = "L"

    @classmethod
    def _shape(cls, params, children):
        n = params[0]
        return _half(n), n * n


class Symmetrizer(_SizedLeaf):
    """The symmetrizer N_n = (I_{n²} + K_{n,n})/2, n²×n²: ``N_n vec A = vec((A + Aᵀ)/2)``.

    >>> import kronsym as ks
    >>> ks.Nsym(2).shape
    (4, 4)
    """
    __slots__ = ()
    _label = "Nsym"

    @classmethod
    def _shape(cls, params, children):
        n = params[0]
        return n * n, n * n


class Vech(Expr):
    """vech(A): the lower triangle of a square n×n A stacked column by column, n(n+1)/2×1."""
    __slots__ = ()
    _nchildren = 1

    def __new__(cls, a):
        return cls._make((), (a,))

    @classmethod
    def _shape(cls, params, children):
        _require_square("vech", children[0])
        return _half(children[0].shape[0]), _ONE


#: the symmetric-matrix node types. SymmetricSymbol is a MatrixSymbol (a subclass, not a
#: new kind of node): it is not in NODE_TYPES, and the tables keyed by type that hold
#: MatrixSymbol (printers, explicit) hold it too.
SYMMETRIC_NODE_TYPES = (Duplication, Elimination, Symmetrizer, Vech)
NODE_TYPES = NODE_TYPES + SYMMETRIC_NODE_TYPES


# ---------------------------------------------------------------------------
# Products of partitioned matrices and row-major vec (seed 002, 'Related
# matrix operations' and 'Matrix equations': row-ordered vec)
# ---------------------------------------------------------------------------
class FaceSplit(Expr):
    """Face-splitting (row-wise Kronecker) product A • B: row i is A[i,:] ⊗ B[i,:];
    A m×n, B m×p give m×np. (A • B)ᵀ = Aᵀ ⊙ Bᵀ.

    >>> import kronsym as ks
    >>> m, n, p = ks.dims("m n p")
    >>> ks.face_split(ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", m, p)).shape
    (m, n*p)
    """
    __slots__ = ()
    _nchildren = 2

    def __new__(cls, a, b):
        return cls._make((), (a, b))

    @classmethod
    def _shape(cls, params, children):
        a, b = children
        _require_dims(a.shape[0], b.shape[0], "face-splitting product {pA} • {pB}", (a, b),
                      "rows of {A}", "rows of {B}")
        return a.shape[0], a.shape[1] * b.shape[1]


def _block_size(total, count, op, a, what):
    """total / count, required to be a positive integer (a uniform partition)."""
    q = sympy.cancel(sympy.sympify(total) / count)
    if q.is_integer is True and q.is_positive is True:
        return q
    verdict = "is not" if q.is_integer is False else "cannot be proved to be"
    kind = "rows" if what.startswith("rows") else "columns"
    _require(False, op, (a,), f"{what} ({total}) {verdict} a multiple of {count}, the number "
                              f"of block {kind} asked for (blocks of {q} {kind})",
             ShapeError if q.is_integer is False else UndecidedShapeError)


def tracy_singh_blocks(node: "Expr"):
    """(ra, pa, ca, qa, rb, pb, cb, qb) of a Tracy–Singh node: A is an ra×ca grid of
    pa×qa blocks, B an rb×cb grid of pb×qb blocks."""
    a, b = node.children
    ra, ca, rb, cb = node.params
    op = "Tracy–Singh product"
    return (ra, _block_size(a.shape[0], ra, op, a, "rows of " + _operand_text(a)),
            ca, _block_size(a.shape[1], ca, op, a, "columns of " + _operand_text(a)),
            rb, _block_size(b.shape[0], rb, op, b, "rows of " + _operand_text(b)),
            cb, _block_size(b.shape[1], cb, op, b, "columns of " + _operand_text(b)))


class TracySingh(Expr):
    """Tracy–Singh product of partitioned matrices: A is an ra×ca grid of pa×qa blocks
    A_ij, B an rb×cb grid of pb×qb blocks B_kl; the result is the ra×ca grid whose (i, j)
    block is the rb×cb grid of blocks A_ij ⊗ B_kl (shape ra·rb·pa·pb × ca·cb·qa·qb).
    ``params`` = (ra, ca, rb, cb), the numbers of block rows and columns.

    >>> import kronsym as ks
    >>> r, c, p, q = ks.dims("r c p q")
    >>> A = ks.MatrixSymbol("A", r * p, c * q)
    >>> ks.tracy_singh(A, A, a_blocks=(r, c), b_blocks=(r, c)).shape
    (p**2*r**2, c**2*q**2)
    """
    __slots__ = ()
    _nchildren = 2

    def __new__(cls, a, b, a_blocks, b_blocks):
        grid = []
        for blocks, who in ((a_blocks, "a_blocks"), (b_blocks, "b_blocks")):
            if not isinstance(blocks, (tuple, list)) or len(blocks) != 2:
                raise TypeError(f"tracy_singh: {who} must be (block rows, block columns), got "
                                f"{blocks!r}")
            grid += [as_dim(blocks[0], f"block rows of {who}"),
                     as_dim(blocks[1], f"block columns of {who}")]
        return cls._make(tuple(grid), (a, b))

    @classmethod
    def _shape(cls, params, children):
        a, b = children
        ra, ca, rb, cb = params
        op = "Tracy–Singh product"
        _block_size(a.shape[0], ra, op, a, "rows of " + _operand_text(a))
        _block_size(a.shape[1], ca, op, a, "columns of " + _operand_text(a))
        _block_size(b.shape[0], rb, op, b, "rows of " + _operand_text(b))
        _block_size(b.shape[1], cb, op, b, "columns of " + _operand_text(b))
        return a.shape[0] * b.shape[0], a.shape[1] * b.shape[1]


class Vecr(Expr):
    """vec_r(A): the rows of A stacked (row-major, numpy ``order="C"``), (mn)×1;
    vec_r(A) = vec(Aᵀ)."""
    __slots__ = ()
    _nchildren = 1

    def __new__(cls, a):
        return cls._make((), (a,))

    @classmethod
    def _shape(cls, params, children):
        r, c = children[0].shape
        return r * c, _ONE


#: the partitioned-product and row-vec node types
PRODUCT_NODE_TYPES = (FaceSplit, TracySingh, Vecr)
NODE_TYPES = NODE_TYPES + PRODUCT_NODE_TYPES


# ---------------------------------------------------------------------------
# Entrywise functions (kronsym/entrywise_nodes.py; imported last: it builds on Expr)
# ---------------------------------------------------------------------------
from .entrywise_nodes import ENTRYWISE_NODE_TYPES, EntrywiseFunc, ScalarFunc  # noqa: E402
from .entrywise_funcs import ENTRYWISE_FUNCS  # noqa: E402

#: name -> (SymPy function, name in the parser and the generated code), for every
#: entrywise function (kept for the callers of the historical scalar-function table)
SCALAR_FUNCS = {k: (f.sympy, k) for k, f in ENTRYWISE_FUNCS.items()}
NODE_TYPES = NODE_TYPES + ENTRYWISE_NODE_TYPES


# ---------------------------------------------------------------------------
# Reductions and building blocks (sum, diag of a matrix, norms, log-sum-exp,
# softmax, matrix power): kronsym/reduction_nodes.py, until the nodes package
# ---------------------------------------------------------------------------
from .reduction_nodes import (Sum, DiagPart, Norm2, Norm1, LogSumExp, Softmax,  # noqa: E402
                              MatPow, REDUCTION_NODE_TYPES)
NODE_TYPES = NODE_TYPES + REDUCTION_NODE_TYPES
__all__ += ["Sum", "DiagPart", "Norm2", "Norm1", "LogSumExp", "Softmax", "MatPow",
            "REDUCTION_NODE_TYPES"]
