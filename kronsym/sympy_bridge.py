"""The bridge to SymPy matrix expressions: ``ks.from_sympy`` and ``ks.to_sympy``.

Owns: the two conversion tables ``FROM_SYMPY`` (SymPy class -> kronsym
constructor) and ``TO_SYMPY`` (kronsym node type -> SymPy constructor).

Contract
--------
* Nothing is approximated and nothing is guessed: a node that has no exact
  counterpart on the other side raises ``TypeError`` naming the node's class
  and the sub-expression (``to_sympy`` also points to ``ks.explicit`` for a
  concrete ``sympy.Matrix``). Never a silently different answer.
* Both directions walk the tree iteratively (no Python recursion over the
  tree), so thousands-deep expressions convert.
* ``from_sympy(to_sympy(e))`` is ``e`` or an expression that ``ks.simplify``
  makes equal to ``ks.simplify(e)``; ``to_sympy(from_sympy(s)) == s`` for
  expressions SymPy has built in its own canonical form whose dimensions are
  integer-positive symbols or ints (see ``docs/sympy.md`` for the exceptions).
* Dimensions: kronsym dims are integer, positive SymPy symbols (``ks.dims``).
  A SymPy dimension symbol whose assumptions leave integer or positive
  undecided (plain ``Symbol("n")``) becomes the kronsym dim of the same name
  (``ks.dims("n")``), and every symbol of that name in a scalar coefficient
  becomes that dim too; a symbol known to be non-integer or non-positive
  raises ``ks.DimensionError``.
* SymPy scalars made of ``Trace``/``Determinant`` (``2*Trace(X) + 1``,
  ``log(Determinant(X))``) become 1×1 kronsym expressions; a kronsym 1×1
  matrix that SymPy needs as a scalar becomes ``MatrixElement(M, 0, 0)``.
"""
from __future__ import annotations

import sys
from typing import Any, Dict, List

import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.kronecker import KroneckerProduct
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions.diagonal import DiagMatrix, DiagonalOf

from . import build as B
from . import nodes as N
from .dims import as_dim
from .errors import DimensionError, InvalidNameError, KronsymError
from .names import is_name
from .traverse import depth, fold

__all__ = ["from_sympy", "to_sympy", "FROM_SYMPY", "TO_SYMPY", "SympyDepthError"]

#: the largest |k| of a SymPy MatPow X**k expanded into a product of k factors
MAX_POWER = 256


class SympyDepthError(KronsymError, RecursionError):
    """SymPy's own (recursive) code cannot handle an expression this deep."""


def _short(e: Any) -> str:
    text = str(e)
    return text if len(text) <= 70 else text[:67] + "..."


def _refuse(node: sympy.Basic, why: str = "") -> TypeError:
    return TypeError(f"from_sympy: SymPy {type(node).__name__} has no kronsym equivalent, in "
                     f"{_short(node)}" + (f" ({why})" if why else ""))


# --------------------------------------------------------------------------------------
# SymPy -> kronsym
# --------------------------------------------------------------------------------------
# Sums and products are built as given (N.MatAdd, N.MatMul), not flattened through
# kronsym.build: flattening a SymPy chain nested n deep would cost n² (ks.simplify
# flattens).
_LEAVES = (sympy.MatrixSymbol, sympy.Identity, sympy.ZeroMatrix, sympy.OneMatrix)


def _kids(node: sympy.Basic) -> tuple:
    """The sub-expressions from_sympy converts before ``node``."""
    if type(node) in _LEAVES:
        return ()
    if isinstance(node, (sympy.MatPow, MatrixElement)):   # MatPow covers Inverse
        return (node.args[0],)
    if isinstance(node, ElementwiseApplyFunction):        # (function, matrix)
        return (node.args[1],)
    return node.args


def _sympy_postorder(root: sympy.Basic) -> List[sympy.Basic]:
    """Every node object once, children first (by identity: hashing a deep SymPy
    tree for the first time recurses)."""
    out, seen, stack = [], set(), [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            out.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for c in reversed(_kids(node)):
            if id(c) not in seen:
                stack.append((c, False))
    return out


class _Ctx:
    """Dimension renaming shared by every node of one conversion."""

    def __init__(self, order: List[sympy.Basic]):
        self.rename: Dict[sympy.Symbol, sympy.Symbol] = {}
        by_name: Dict[str, sympy.Symbol] = {}
        for node in order:
            if type(node) not in _LEAVES:
                continue
            for d in node.shape:
                for s in sympy.sympify(d).free_symbols:
                    if s.is_integer is False or s.is_positive is False:
                        raise DimensionError(
                            f"from_sympy: dimension {s} of {_short(node)} is declared "
                            f"non-integer or non-positive; kronsym dims are positive integers")
                    if not (s.is_integer and s.is_positive):
                        self.rename[s] = sympy.Symbol(s.name, integer=True, positive=True)
                    by_name[s.name] = self.rename.get(s, s)
        self.by_name = by_name

    def dim(self, d):
        return sympy.sympify(d).xreplace(self.rename)

    def coeff(self, c):
        """A plain SymPy scalar with dimension symbols renamed like the dims."""
        if not isinstance(c, sympy.Basic) or not self.by_name:
            return c
        subs = {s: self.by_name[s.name] for s in c.free_symbols
                if isinstance(s, sympy.Symbol) and s.name in self.by_name}
        return c.xreplace(subs) if subs else c


def _plain(v) -> bool:
    return not isinstance(v, N.Expr)


def _f_symbol(node, k, ctx):
    name = str(node.name)
    if not is_name(name):
        raise InvalidNameError(f"from_sympy: the SymPy MatrixSymbol name {name!r} is not a "
                               f"kronsym name (an identifier like 'A' or 'X_1'); rename it "
                               f"first, e.g. with expr.subs(old, sympy.MatrixSymbol('A', "
                               f"*old.shape))")
    rows, cols = ctx.dim(node.shape[0]), ctx.dim(node.shape[1])
    return N.MatrixSymbol(name, as_dim(rows, f"from_sympy: rows of {name}"),
                          as_dim(cols, f"from_sympy: columns of {name}"))


def _scalar_parts(args, vals, ctx):
    """Split SymPy scalar factors into a plain coefficient and kronsym 1×1 factors."""
    c, ks_scalars = sympy.Integer(1), []
    for _a, v in zip(args, vals):
        if _plain(v):
            c = c * ctx.coeff(v)
        else:
            ks_scalars.append(v)
    return c, ks_scalars


def _with_coeff(c, s_list, m):
    out = m
    if s_list:
        s = s_list[0] if len(s_list) == 1 else B.matmul(*s_list)
        out = s if out is None else N.Scale(s, out)
    if out is None:
        return B.scalar(c)
    return out if c == 1 else N.ScalarMul(c, out)


def _f_matmul(node, k, ctx):
    mats = [v for a, v in zip(node.args, k) if a.is_Matrix]
    scal = [(a, v) for a, v in zip(node.args, k) if not a.is_Matrix]
    c, s_list = _scalar_parts([a for a, _ in scal], [v for _, v in scal], ctx)
    return _with_coeff(c, s_list, mats[0] if len(mats) == 1 else N.MatMul(*mats))


def _f_matpow(node, k, ctx):
    base, e = k[0], node.args[1]
    if isinstance(e, sympy.Symbol) and e.is_integer:      # a symbolic integer power
        return B.matrix_power(base, e)
    if not (isinstance(e, sympy.Integer)):
        raise _refuse(node, f"only integer exponents are supported, got {e}")
    e = int(e)
    if abs(e) > MAX_POWER:
        raise _refuse(node, f"|exponent| above {MAX_POWER} would expand into {abs(e)} factors")
    if e == 0:
        return N.Identity(base.rows)   # kronsym checks squareness below when e != 0
    f = base if e > 0 else B.inv(base)
    return B.matmul(*([f] * abs(e)))


def _f_matrix_element(node, k, ctx):
    parent, i, j = k[0], node.args[1], node.args[2]
    if i == 0 and j == 0 and parent.is_scalar:
        return parent
    raise _refuse(node, "kronsym has no entry node; only M[0, 0] of a 1×1 M is read (as M)")


def _f_add(node, k, ctx):
    return N.MatAdd(*[B.scalar(ctx.coeff(v)) if _plain(v) else v for v in k])


def _f_mul(node, k, ctx):
    c, s_list = _scalar_parts(node.args, k, ctx)
    return _with_coeff(c, s_list, None)


def _f_pow(node, k, ctx):
    if not _plain(k[1]):
        raise _refuse(node, "the exponent must be a plain scalar, not a matrix expression")
    e = ctx.coeff(k[1])
    if e == sympy.Rational(1, 2):
        return B.sqrt(k[0])
    return N.Power(k[0], e)


def _f_log(node, k, ctx):
    if isinstance(k[0], N.Det):
        return B.logdet(k[0].children[0])
    return B.log(k[0])


def _f_applyfunc(node, k):
    """X.applyfunc(f) for f the SymPy form of a row of ENTRYWISE_FUNCS."""
    lam = node.function
    d = sympy.Dummy("d")
    body = lam(d) if callable(lam) else None
    for name, row in N.ENTRYWISE_FUNCS.items():
        if body is not None and body == row.sympy(d):
            return N.EntrywiseFunc(name, k[0])
    raise _refuse(node, f"the elementwise function {lam} is none of kronsym's entrywise "
                        f"functions ({', '.join(N.ENTRYWISE_FUNCS)})")


def _t_entrywise(n, k):
    row = n.function
    if n.is_scalar:
        return row.sympy(_as_scalar(k[0]))
    return ElementwiseApplyFunction(sympy.Lambda(_D, row.sympy(_D)), k[0])


_D = sympy.Dummy("d")


def _func(name):
    return lambda node, k, ctx: N.ScalarFunc(name, k[0])


#: SymPy class -> fn(node, converted kids, ctx) giving a kronsym expression
FROM_SYMPY = {
    sympy.MatrixSymbol: _f_symbol,
    sympy.Identity: lambda n, k, c: N.Identity(c.dim(n.rows)),
    sympy.ZeroMatrix: lambda n, k, c: N.ZeroMatrix(c.dim(n.rows), c.dim(n.cols)),
    sympy.OneMatrix: lambda n, k, c: N.Ones(c.dim(n.rows), c.dim(n.cols)),
    sympy.MatMul: _f_matmul,
    sympy.MatAdd: lambda n, k, c: N.MatAdd(*k),
    sympy.Inverse: lambda n, k, c: B.inv(k[0]),
    sympy.MatPow: _f_matpow,
    sympy.Transpose: lambda n, k, c: B.transpose(k[0]),
    KroneckerProduct: lambda n, k, c: B.kron(*k),
    sympy.HadamardProduct: lambda n, k, c: B.hadamard(*k),
    sympy.Trace: lambda n, k, c: B.trace(k[0]),
    sympy.Determinant: lambda n, k, c: B.det(k[0]),
    MatrixElement: _f_matrix_element,
    sympy.Add: _f_add,
    sympy.Mul: _f_mul,
    sympy.Pow: _f_pow,
    sympy.log: _f_log,
    sympy.exp: _func("exp"),
    sympy.sin: _func("sin"),
    sympy.cos: _func("cos"),
    # reductions and building blocks: numpy's diag both ways
    DiagMatrix: lambda n, k, c: B.diag(k[0] if k[0].cols == 1 else B.transpose(k[0])),
    DiagonalOf: lambda n, k, c: N.DiagPart(k[0]),
    **{f: _func(name) for f, name in ((sympy.tan, "tan"), (sympy.tanh, "tanh"),
                                      (sympy.asin, "arcsin"), (sympy.acos, "arccos"),
                                      (sympy.atan, "arctan"), (sympy.Abs, "abs"),
                                      (sympy.sign, "sign"))},
    ElementwiseApplyFunction: lambda n, k, c: _f_applyfunc(n, k),
    sympy.HadamardPower: lambda n, k, c: N.Power(k[0], c.coeff(k[1])),
}


def from_sympy(expr: Any) -> N.Expr:
    """The kronsym expression of a SymPy matrix expression (or of a scalar built from
    ``Trace``/``Determinant``).

    Supported: MatrixSymbol, Identity, ZeroMatrix, OneMatrix, MatMul (with scalar
    coefficients), MatAdd, MatPow with an integer exponent (k > 0: a product of k
    factors; −1: Inverse; k < −1: a product of −k inverses; 0: the identity),
    Transpose, Inverse, KroneckerProduct, HadamardProduct, Trace, Determinant,
    ``M[0, 0]`` of a 1×1 M, and scalar algebra (+, *, **, log, exp, sin, cos) over
    those; ``log(Determinant(X))`` becomes ``ks.logdet(X)``. Anything else raises
    ``TypeError`` naming the SymPy class and the sub-expression.

    Dimension symbols that SymPy does not know to be integer and positive (a plain
    ``sympy.Symbol("n")``) become ``ks.dims("n")`` (same name, integer, positive),
    also where that name appears in a coefficient.

    >>> import sympy, kronsym as ks
    >>> n = sympy.Symbol("n")
    >>> X = sympy.MatrixSymbol("X", n, n)
    >>> e = ks.from_sympy(sympy.log(sympy.Determinant(X)) + 2 * sympy.Trace(X.T * X))
    >>> print(e)
    2*tr(X.T @ X) + logdet(X)
    >>> print(ks.grad(ks.from_sympy(sympy.log(sympy.Determinant(X))), ks.MatrixSymbol("X", *ks.dims("n n"))))
    inv(X).T
    """
    if isinstance(expr, N.Expr):
        raise TypeError("from_sympy(expr): expr is already a kronsym expression")
    if isinstance(expr, bool) or expr is None:
        raise TypeError(f"from_sympy(expr): expected a SymPy expression, got {expr!r}")
    if isinstance(expr, sympy.MatrixBase) and not isinstance(expr, sympy.MatrixExpr):
        raise TypeError("from_sympy(expr): an explicit sympy.Matrix has no symbolic kronsym "
                        "form; build it from sympy.MatrixSymbol / Identity / ... instead")
    if isinstance(expr, (int, float, complex)):
        expr = sympy.sympify(expr)
    if not isinstance(expr, sympy.Basic):
        raise TypeError(f"from_sympy(expr): expected a SymPy expression, got "
                        f"{type(expr).__name__}")
    try:
        return _from_sympy(expr)
    except RecursionError:
        raise SympyDepthError("from_sympy: SymPy's own (recursive) code overflowed Python's "
                              "recursion limit on this expression") from None


def _from_sympy(expr: sympy.Basic) -> N.Expr:
    order = _sympy_postorder(expr)
    ctx = _Ctx(order)
    vals: Dict[int, Any] = {}
    for node in order:
        k = [vals[id(c)] for c in _kids(node)]
        is_matrix = isinstance(node, sympy.MatrixExpr) or getattr(node, "is_Matrix", False)
        if not is_matrix and not isinstance(node, (sympy.Trace, sympy.Determinant,
                                                   MatrixElement)) and all(map(_plain, k)):
            vals[id(node)] = node      # a plain scalar: stays SymPy (a coefficient)
            continue
        fn = FROM_SYMPY.get(type(node))   # exact type: GenericIdentity is no Identity
        if fn is None:
            hint = ("; for an explicit matrix use sympy.MatrixSymbol leaves"
                    if isinstance(node, sympy.MatrixBase) else "")
            raise _refuse(node, hint.lstrip("; "))
        vals[id(node)] = fn(node, k, ctx)
    out = vals[id(expr)]
    return B.scalar(ctx.coeff(out)) if _plain(out) else out


# --------------------------------------------------------------------------------------
# kronsym -> SymPy
# --------------------------------------------------------------------------------------
def _is_mat(v) -> bool:
    return bool(getattr(v, "is_Matrix", False))


def _as_scalar(v):
    """A SymPy scalar for a kronsym 1×1 value (a 1×1 matrix M becomes M[0, 0])."""
    return MatrixElement(v, 0, 0) if _is_mat(v) else v


def _as_matrix(v):
    """A SymPy 1×1 matrix for a scalar value (s·I₁)."""
    return v if _is_mat(v) else sympy.MatMul(v, sympy.Identity(1), evaluate=False)


def _scaled(scalars, m):
    """s₁·s₂·…·M as one SymPy MatMul (a MatMul M is flattened into it)."""
    if not scalars:
        return m
    margs = m.args if isinstance(m, sympy.MatMul) else (m,)
    return sympy.MatMul(*scalars, *margs, evaluate=False)


def _t_scalarmul(n, k):
    (child,) = n.children
    if isinstance(child, N.Identity) and child.params[0] == 1:
        return n.coeff                                     # ks.scalar(c)
    return _scaled([n.coeff], k[0]) if _is_mat(k[0]) else sympy.Mul(n.coeff, k[0])


def _t_scale(n, k):
    s = _as_scalar(k[0])
    return _scaled([s], k[1]) if _is_mat(k[1]) else sympy.Mul(s, k[1])


def _t_matmul(n, k):
    mats = [v for v in k if _is_mat(v)]
    scal = [v for v in k if not _is_mat(v)]
    if not mats:
        return sympy.Mul(*scal)
    m = mats[0] if len(mats) == 1 else sympy.MatMul(*mats, evaluate=False)
    return _scaled(scal, m)


def _t_matadd(n, k):
    if all(map(_is_mat, k)):
        return sympy.MatAdd(*k, evaluate=False)
    return sympy.Add(*map(_as_scalar, k))                  # 1×1 terms: a scalar sum


def _t_hadamard(n, k):
    if all(map(_is_mat, k)):
        return sympy.HadamardProduct(*k)
    return sympy.Mul(*map(_as_scalar, k))                  # 1×1 factors: a product


def _t_kron(n, k):
    mats = [v for v in k if _is_mat(v)]
    scal = [v for v in k if not _is_mat(v)]               # 1×1 factors scale
    if not mats:
        return sympy.Mul(*scal)
    m = mats[0] if len(mats) == 1 else KroneckerProduct(*mats)
    return _scaled(scal, m)


def _t_kronsum(n, k):
    a, b = map(_as_matrix, k)
    ra, rb = n.children[0].rows, n.children[1].rows
    return sympy.MatAdd(KroneckerProduct(a, sympy.Identity(rb)),
                        KroneckerProduct(sympy.Identity(ra), b), evaluate=False)


def _unary(mat_fn, scalar_fn):
    return lambda n, k: mat_fn(k[0]) if _is_mat(k[0]) else scalar_fn(k[0])


#: kronsym node type -> fn(node, converted children) giving a SymPy expression
TO_SYMPY = {
    N.MatrixSymbol: lambda n, k: sympy.MatrixSymbol(n.name, n.rows, n.cols),
    N.Identity: lambda n, k: sympy.Identity(n.params[0]),
    N.ZeroMatrix: lambda n, k: sympy.ZeroMatrix(*n.params),
    N.Ones: lambda n, k: sympy.OneMatrix(*n.params),
    N.MatMul: _t_matmul,
    N.MatAdd: _t_matadd,
    N.ScalarMul: _t_scalarmul,
    N.Scale: _t_scale,
    N.Transpose: _unary(sympy.Transpose, lambda s: s),
    N.Inverse: _unary(sympy.Inverse, lambda s: sympy.Pow(s, -1)),
    N.Kron: _t_kron,
    N.KronSum: _t_kronsum,
    N.Trace: _unary(sympy.Trace, lambda s: s),
    N.Det: _unary(sympy.Determinant, lambda s: s),
    N.LogDet: _unary(lambda m: sympy.log(sympy.Determinant(m)), sympy.log),
    N.Power: lambda n, k: (sympy.Pow(_as_scalar(k[0]), n.exponent) if n.is_scalar
                           else sympy.HadamardPower(k[0], n.exponent)),
    N.EntrywiseFunc: _t_entrywise,
    N.Hadamard: _t_hadamard,
}

def _t_sum(n, k):
    """sum(X) = 1ᵀX1, column sums 1ᵀX, row sums X1 with SymPy's OneMatrix."""
    x = _as_matrix(k[0])
    r, c = n.children[0].shape
    left = [sympy.OneMatrix(1, r)] if n.axis in (None, 0) else []
    right = [sympy.OneMatrix(c, 1)] if n.axis in (None, 1) else []
    out = sympy.MatMul(*left, x, *right, evaluate=False)
    return MatrixElement(out, 0, 0) if n.axis is None else out


def _t_norm2(n, k):
    """‖X‖₂ = sqrt(tr(XᵀX))."""
    x = _as_matrix(k[0])
    return sympy.sqrt(sympy.Trace(sympy.MatMul(sympy.Transpose(x), x, evaluate=False)))


# reductions and building blocks (kronsym/reduction_nodes.py)
TO_SYMPY.update({
    N.Sum: _t_sum,
    N.DiagPart: lambda n, k: DiagonalOf(_as_matrix(k[0])),
    N.Diag: lambda n, k: DiagMatrix(_as_matrix(k[0])),
    N.Norm2: _t_norm2,
    N.MatPow: lambda n, k: sympy.MatPow(_as_matrix(k[0]), n.exponent),
})

_WHY = {
    N.Vec: "SymPy has no vec of a matrix expression",
    N.Unvec: "SymPy has no unvec (reshape) of a matrix expression",
    N.Commutation: "SymPy has no commutation-matrix expression",
    N.KhatriRao: "SymPy has no Khatri–Rao product",
    # symmetric matrices
    N.SymmetricSymbol: "SymPy's matrix expressions cannot declare a symbol symmetric",
    N.Duplication: "SymPy has no duplication-matrix expression",
    N.Elimination: "SymPy has no elimination-matrix expression",
    N.Symmetrizer: "SymPy has no symmetrizer expression",
    N.Vech: "SymPy has no vech of a matrix expression",
}

#: node types TO_SYMPY has no entry for, and why (read by tests/test_contract.py)
UNSUPPORTED = _WHY
_WHY[N.FaceSplit] = "SymPy has no face-splitting product"
_WHY[N.TracySingh] = "SymPy has no Tracy–Singh product"
_WHY[N.Vecr] = "SymPy has no row-major vec of a matrix expression"
_WHY[N.Norm1] = "SymPy has no entrywise absolute value of a matrix expression"
_WHY[N.LogSumExp] = "SymPy has no entrywise exp of a matrix expression (only applyfunc)"
_WHY[N.Softmax] = "SymPy has no entrywise exp of a matrix expression (only applyfunc)"


def _refuse_to(node, root) -> TypeError:
    dims = sorted(root.free_dims, key=str)
    example = "{" + ", ".join(f"{d}: 2" for d in dims) + "}"
    why = _WHY.get(type(node), "SymPy has no matrix-expression node for it")
    return TypeError(f"to_sympy: kronsym {type(node).__name__} node {_short(node)} has no SymPy "
                     f"equivalent ({why}); for a concrete sympy.Matrix use "
                     f"ks.explicit(expr, {example})")


def to_sympy(expr: N.Expr) -> Any:
    """The SymPy matrix expression (or scalar, for a 1×1 built from tr/det/logdet and
    numbers) of a kronsym expression.

    MatrixSymbol, Identity, ZeroMatrix, Ones (OneMatrix), @ (MatMul), + (MatAdd),
    scalar multiples, .T, inv, ⊗ (KroneckerProduct), ⊕ (as A⊗I + I⊗B), tr, det,
    logdet (log(Determinant)), ∘ (HadamardProduct), ** and log/exp/sin/cos/sqrt of
    1×1 expressions. vec, unvec, K, ⊙ and diag have no SymPy counterpart and raise
    ``TypeError`` naming the node (use ``ks.explicit(expr, dims)`` for a
    concrete ``sympy.Matrix``). Dims stay the same SymPy symbols.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A, X = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("X", n, n)
    >>> ks.to_sympy(ks.kron(A, X).T + 2 * ks.kron(A.T, X.T))
    2*(KroneckerProduct(A.T, X.T)) + (KroneckerProduct(A, X)).T
    >>> ks.to_sympy(ks.logdet(X) - ks.trace(X))
    log(Determinant(X)) - Trace(X)
    """
    if not isinstance(expr, N.Expr):
        raise TypeError(f"to_sympy(expr): expr must be a kronsym expression, got "
                        f"{type(expr).__name__} (for SymPy -> kronsym use ks.from_sympy)")

    def one(node, kids):
        fn = TO_SYMPY.get(type(node))
        if fn is None:
            raise _refuse_to(node, expr)
        return fn(node, list(kids))

    try:
        return fold(expr, one)
    except RecursionError:
        raise SympyDepthError(
            f"to_sympy: SymPy cannot hold this expression ({depth(expr)} levels deep): SymPy "
            f"computes matrix-expression shapes recursively, which overflows Python's "
            f"recursion limit ({sys.getrecursionlimit()}); kronsym itself has no depth "
            f"limit") from None
