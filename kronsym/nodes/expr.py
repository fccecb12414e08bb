"""The node base class: interning, identity, pickling, the schema machinery, operators.

Owns: :class:`Expr`, the weak intern table, the flat (non-recursive) pickling and
the generic schema-driven constructor.

Contract
--------
* Nodes are immutable and *interned* (hash-consed): building the same node
  twice returns the same object, so structural equality is identity and
  ``hash`` is O(1). ``==`` is structural equality.
* ``node.children`` (a tuple of nodes) and ``node.rebuild(*children)`` are
  the only way traversals touch a node; ``n.rebuild(*n.children) is n``.
  ``node.params`` holds the non-child fields of the class's ``schema``
  (:mod:`kronsym.nodes.schema`) in schema order; ``node.field(name)`` reads
  one field by name.
* A class declares ``schema`` in constructor-argument order; the generic
  ``__new__`` validates every argument by its field kind, then ``_shape``
  checks the shape. A class whose constructor takes another form overrides
  ``_from_args`` (constructor arguments -> field values in schema order) and
  ``_to_args`` (the inverse, used by readers such as JSON to call the public
  constructor). Constructors never rewrite.
* Nothing here recurses over the tree: a node's hash is computed from its
  children's cached hashes, and pickling goes through a flat post-order list.
* Operations live in modules (``build``, ``printing``, ``diff`` ...); the
  operators (``@ + - * .T``) are methods here whose bodies are the build
  functions; ``__str__``/``_repr_latex_`` import printing lazily.

>>> import kronsym as ks
>>> U = ks.unvec(ks.vec(ks.MatrixSymbol("A", 2, 3)), 2, 3)
>>> U.field("rows"), U.field("cols"), [f.name for f in type(U).schema]
(2, 3, ['v', 'rows', 'cols'])
"""
from __future__ import annotations

import operator
import threading
import weakref
from typing import Any, Dict, Tuple

import sympy

from ..dims import dims_equal
from .schema import Field

__all__ = ["Expr"]

_intern_lock = threading.Lock()
_intern: "weakref.WeakValueDictionary[_Key, Expr]" = weakref.WeakValueDictionary()
_get_hash = operator.attrgetter("_hash")


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


def _require_expr(op: str, *xs) -> None:
    for i, x in enumerate(xs):
        if not isinstance(x, Expr):
            raise TypeError(f"{op}: operand {i + 1} must be a kronsym expression, got "
                            f"{type(x).__name__} {x!r:.60}")


class Expr:
    """Base class of every kronsym matrix expression.

    Subclasses declare ``schema`` (their fields, in constructor-argument order) and
    implement ``_shape(params, children) -> (rows, cols)``.
    """

    __slots__ = ("_params", "_children", "_shape_", "_hash", "_str", "__weakref__")
    _params: tuple
    _children: Tuple["Expr", ...]
    _shape_: Tuple[Any, Any]
    _hash: int
    _str: Any
    #: the fields, in constructor-argument order (see kronsym.nodes.schema)
    schema: Tuple[Field, ...] = ()
    # derived from ``schema`` by __init_subclass__
    _nchildren: Any = 0
    _min_children = 2
    _param_fields: Tuple[Field, ...] = ()
    _field_index: Dict[str, Tuple[str, int]] = {}
    _is_kronsym_expr = True
    _is_symbol_leaf = False   # MatrixSymbol: what free_symbols collects
    # numpy must defer to our reflected operators (np.float64(2) * A -> A.__rmul__)
    __array_ufunc__ = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        schema = cls.__dict__.get("schema")
        if schema is None:
            return   # inherited: the parent's derived attributes hold
        kids = [f for f in schema if f.is_child]
        variadic = [f for f in kids if f.kind == "children"]
        if len(variadic) > 1 or (variadic and len(kids) > 1):
            raise TypeError(f"{cls.__name__}.schema: a 'children' field must be the only "
                            f"child field")
        names = [f.name for f in schema]
        if len(set(names)) != len(names):
            raise TypeError(f"{cls.__name__}.schema: field names repeat: {names}")
        cls._nchildren = None if variadic else len(kids)
        cls._min_children = variadic[0].min if variadic else 2
        cls._param_fields = tuple(f for f in schema if not f.is_child)
        index: Dict[str, Tuple[str, int]] = {}
        for i, f in enumerate(cls._param_fields):
            index[f.name] = ("param", i)
        for i, f in enumerate(kids):
            index[f.name] = ("children" if f.kind == "children" else "child", i)
        cls._field_index = index

    # -- construction -------------------------------------------------------
    def __new__(cls, *args, **kwargs):
        if not cls.schema:
            raise TypeError(f"{cls.__name__}(...): Expr is the abstract base class of kronsym "
                            f"expressions (use it with isinstance); build expressions with "
                            f"ks.MatrixSymbol, ks.kron, @, + ...")
        params, kids = cls._validate(cls._from_args(*args, **kwargs))
        return cls._make(params, kids)

    @classmethod
    def _from_args(cls, *args, **kwargs) -> tuple:
        """The constructor's arguments as field values in schema order (a ``children``
        field's value is the tuple of its operands). Override for another form."""
        schema = cls.schema
        if cls._nchildren is None and not kwargs:   # variadic: the operands fill its slot
            k = next(i for i, f in enumerate(schema) if f.kind == "children")
            tail = len(schema) - k - 1
            if len(args) < len(schema) - 1:
                raise TypeError(f"{cls.__name__}() takes {', '.join(map(repr, schema))}, "
                                f"got {len(args)} argument(s)")
            return args[:k] + (tuple(args[k:len(args) - tail]),) + args[len(args) - tail:]
        values = list(args)
        for f in schema[len(args):]:
            if f.name not in kwargs:
                raise TypeError(f"{cls.__name__}() missing argument {f.name!r} (takes "
                                f"{', '.join(f.name for f in schema)})")
            values.append(kwargs.pop(f.name))
        if kwargs or len(values) != len(schema):
            extra = ", ".join(kwargs) or f"{len(args)} positional"
            raise TypeError(f"{cls.__name__}() takes {', '.join(f.name for f in schema)}; "
                            f"got {extra}")
        return tuple(values)

    @classmethod
    def _to_args(cls, params: tuple, children: tuple) -> tuple:
        """Constructor arguments rebuilding a node with these fields (inverse of
        ``_from_args``); readers such as JSON call ``cls(*cls._to_args(...))``."""
        out: list = []
        p = iter(params)
        c = iter(children)
        for f in cls.schema:
            if f.kind == "children":
                out.extend(c)
            elif f.kind == "child":
                out.append(next(c))
            else:
                out.append(next(p))
        return tuple(out)

    @classmethod
    def _validate(cls, values: tuple) -> Tuple[tuple, tuple]:
        """(params, children) from field values in schema order, each checked by kind."""
        params = []
        kids: list = []
        name = cls.__name__
        known: Dict[str, Any] = {}
        for f, v in zip(cls.schema, values):
            if f.kind == "children":
                kids.extend(v)
            elif f.kind == "child":
                kids.append(v)
            else:
                known[f.name] = v = f.check(v, name, known)
                params.append(v)
        return tuple(params), tuple(kids)

    def field(self, name: str) -> Any:
        """The value of the schema field ``name`` (a ``children`` field: a tuple)."""
        where = type(self)._field_index.get(name)
        if where is None:
            raise KeyError(f"{type(self).__name__} has no field {name!r}; fields: "
                           f"{', '.join(f.name for f in type(self).schema)}")
        kind, i = where
        if kind == "param":
            return self._params[i]
        return self._children if kind == "children" else self._children[i]

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
        from ..traverse import postorder
        nodes = postorder(self)
        index = {id(n): i for i, n in enumerate(nodes)}
        flat = tuple((type(n), n._params, tuple(index[id(c)] for c in n._children))
                     for n in nodes)
        return (_from_flat, (flat,))

    # -- operators: bodies in kronsym.operators (lazy: it imports the node classes) --
    def __matmul__(self, other):
        from .. import operators
        return operators._op_matmul(self, other)

    def __rmatmul__(self, other):
        from .. import operators
        return operators._op_rmatmul(self, other)

    def __add__(self, other):
        from .. import operators
        return operators._op_add(self, other)

    def __radd__(self, other):
        from .. import operators
        return operators._op_radd(self, other)

    def __sub__(self, other):
        from .. import operators
        return operators._op_sub(self, other)

    def __rsub__(self, other):
        from .. import operators
        return operators._op_rsub(self, other)

    def __mul__(self, other):
        from .. import operators
        return operators._op_mul(self, other)

    def __rmul__(self, other):
        from .. import operators
        return operators._op_rmul(self, other)

    def __truediv__(self, other):
        from .. import operators
        return operators._op_truediv(self, other)

    def __rtruediv__(self, other):
        from .. import operators
        return operators._op_rtruediv(self, other)

    def __pow__(self, k):
        from .. import operators
        return operators._op_pow(self, k)

    def __neg__(self):
        from .. import operators
        return operators._op_neg(self)

    def __pos__(self):
        return self

    @property
    def T(self) -> "Expr":
        """The transpose Aᵀ."""
        from .. import operators
        return operators._op_T(self)

    def __str__(self) -> str:
        from ..printing.text import text
        return text(self)

    def __repr__(self) -> str:
        return str(self)

    def _repr_latex_(self) -> str:
        from ..printing.latex import latex
        return "$\\displaystyle " + latex(self) + "$"

    def _sympystr(self, printer=None) -> str:
        return str(self)

    @property
    def free_symbols(self) -> "frozenset[Any]":   # of MatrixSymbol (nodes.leaves)
        """The MatrixSymbol leaves this expression depends on."""
        from ..traverse import postorder
        return frozenset(n for n in postorder(self) if n._is_symbol_leaf)

    @property
    def free_dims(self) -> "frozenset[sympy.Symbol]":
        """The dimension symbols appearing in any shape or parameter."""
        from ..traverse import postorder
        out = set()
        for n in postorder(self):
            for d in n._shape_:
                out |= d.free_symbols
            for f, p in zip(type(n)._param_fields, n._params):
                if f.kind == "dim":
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


