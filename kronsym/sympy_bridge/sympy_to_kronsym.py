"""SymPy -> kronsym: ``from_sympy`` and its table ``FROM_SYMPY``.

Owns: ``FROM_SYMPY`` (SymPy class -> kronsym constructor) and the iterative
walk over a SymPy expression.

Contract: everything is built through the kronsym constructors (``kronsym.build``);
a SymPy node with no exact kronsym counterpart raises ``TypeError`` naming its
class and the sub-expression; dimension symbols become kronsym dims as the
package docstring says.
"""
from __future__ import annotations

from typing import Any, Dict, List

import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.kronecker import KroneckerProduct
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions.diagonal import DiagMatrix, DiagonalOf

from .. import build as B
from .. import nodes as N
from ..dims import as_dim
from ..errors import DimensionError, InvalidNameError
from ..names import is_name
from .common import MAX_POWER, SympyDepthError, _refuse, _short

__all__ = ["from_sympy", "FROM_SYMPY"]


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
