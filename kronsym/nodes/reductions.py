"""Reductions and building blocks: sums, the diagonal of a matrix, norms, log-sum-exp,
softmax and the matrix power.

Owns: the node classes :class:`Sum`, :class:`DiagPart`, :class:`Norm2`,
:class:`Norm1`, :class:`LogSumExp`, :class:`Softmax`, :class:`MatPow`, the tuple
``REDUCTION_NODE_TYPES`` (in :data:`kronsym.nodes.NODE_TYPES`) and :func:`diag_of`
(numpy's two-way ``diag``).

Contract: as for every node (see :mod:`kronsym.nodes`): immutable, interned, fields
declared in ``schema`` (the generic constructor validates them, JSON and the
strategies read them), the shape computed and checked at construction, a refused
shape a :class:`~kronsym.errors.ShapeError` naming the operation, the operand and its
shape; constructors validate and never rewrite.

Why nodes (not sugar over ``@``, ``∘``, ones): each of these prints as the user wrote it
(``sum(X)``, ``‖x‖₂``, ``softmax(v)``), lowers to one stable numeric kernel (a
log-sum-exp shifted by its maximum, a norm without squaring overflow, a diagonal read
without an n×n mask) and, for the linear ones (``Sum``, ``DiagPart``), is read off by
the vec identification in one step. The canonical form rewrites ``Sum`` into
``1ᵀ X 1`` (kronsym.rules.reductions), so proofs see one spelling.
"""
from __future__ import annotations

from typing import Optional

import sympy

from ..dims import dims_equal, fmt_shape
from ..errors import ShapeError, UndecidedShapeError, hint, hints_of, with_hints
from .checks import ONE as _ONE, _require_dims, _require_square, operand_text as _operand_text
from .expr import Expr
from .schema import child, choice, coeff

__all__ = ["Sum", "DiagPart", "Norm2", "Norm1", "LogSumExp", "Softmax", "MatPow",
           "REDUCTION_NODE_TYPES", "diag_of"]


def _require_column(op: str, v: Expr) -> None:
    _require_dims(v.shape[1], 1, op + " of {A}", (v,),
                  "columns of the operand (" + op + " needs an n×1 column vector)", "1")


class Sum(Expr):
    """sum(X): all entries (1×1, ``axis=None``), column sums 1ᵀX (1×n, ``axis=0``) or row
    sums X1 (m×1, ``axis=1``), numpy's meaning of ``axis``.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> X = ks.MatrixSymbol("X", m, n)
    >>> ks.sum(X).shape, ks.sum(X, axis=0).shape, ks.sum(X, axis=1).shape
    ((1, 1), (1, n), (m, 1))
    """
    __slots__ = ()
    schema = (child("x"), choice("axis", (None, 0, 1),
                                 what="sum(X, axis): axis (None: all entries, 0: column "
                                      "sums, 1: row sums)"))

    @classmethod
    def _from_args(cls, x, axis=None) -> tuple:
        return (x, axis)

    @classmethod
    def _shape(cls, params, children):
        r, c = children[0].shape
        return {None: (_ONE, _ONE), 0: (_ONE, c), 1: (r, _ONE)}[params[0]]

    @property
    def axis(self) -> Optional[int]:
        """None (all entries), 0 (column sums) or 1 (row sums)."""
        return self.params[0]


class DiagPart(Expr):
    """diag(X) of a square n×n X: its diagonal as an n×1 column (numpy's ``np.diag`` of a
    matrix; ``ks.diag`` of a column builds :class:`kronsym.nodes.Diag` instead).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> ks.diag(ks.MatrixSymbol("X", n, n)).shape
    (n, 1)
    """
    __slots__ = ()
    schema = (child("x"),)

    @classmethod
    def _shape(cls, params, children):
        _require_square("diagonal", children[0])
        return children[0].shape[0], _ONE


class Norm2(Expr):
    """‖X‖₂: the Euclidean norm of a vector, the Frobenius norm of a matrix, sqrt(Σ X_ij²)
    (1×1).

    >>> import kronsym as ks
    >>> m, = ks.dims("m")
    >>> print(ks.norm(ks.MatrixSymbol("x", m, 1)))
    norm2(x)
    """
    __slots__ = ()
    schema = (child("x"),)

    @classmethod
    def _shape(cls, params, children):
        return _ONE, _ONE


class Norm1(Expr):
    """‖X‖₁ = Σ |X_ij|, the entrywise 1-norm (1×1).

    >>> import kronsym as ks
    >>> print(ks.norm1(ks.MatrixSymbol("X", 2, 3)))
    norm1(X)
    """
    __slots__ = ()
    schema = (child("x"),)

    @classmethod
    def _shape(cls, params, children):
        return _ONE, _ONE


class LogSumExp(Expr):
    """logsumexp(v) = log Σ_i exp(v_i) of an n×1 column v (1×1).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> ks.logsumexp(ks.MatrixSymbol("v", n, 1)).shape
    (1, 1)
    """
    __slots__ = ()
    schema = (child("v"),)

    @classmethod
    def _shape(cls, params, children):
        _require_column("logsumexp", children[0])
        return _ONE, _ONE


class Softmax(Expr):
    """softmax(v) = exp(v) / Σ_i exp(v_i) of an n×1 column v (n×1).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> ks.softmax(ks.MatrixSymbol("v", n, 1)).shape
    (n, 1)
    """
    __slots__ = ()
    schema = (child("v"),)

    @classmethod
    def _shape(cls, params, children):
        _require_column("softmax", children[0])
        return children[0].shape


def _check_exponent(c: sympy.Expr) -> None:
    if c.is_integer is False:
        h = hint("function", "power")
        raise with_hints(ValueError(f"matrix power X**k: k must be an integer, got {c} (an "
                                    f"entrywise power is {h.python()}(X, p))"), h)
    if c == -1:
        h = hint("function", "inv")
        raise with_hints(ValueError(f"matrix power X**k: k = -1 is the inverse; build it with "
                                    f"{h.python()}(X) (X ** -1 does)"), h)


class MatPow(Expr):
    """Xᵏ for a square X and an integer k (a number or an integer SymPy scalar; a symbol
    whose integrality SymPy cannot decide is taken to be an integer). k < 0 is
    (X⁻¹)^|k|, X⁰ = I. ``X ** k`` builds it for a matrix that is not 1×1
    (for 1×1 it is the scalar :class:`kronsym.nodes.Power`), ``X ** -1`` the inverse.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> X = ks.MatrixSymbol("X", n, n)
    >>> print(X ** 3, (X ** -2).shape)
    X**3 (n, n)
    """
    __slots__ = ()
    schema = (child("x"), coeff("k", what="matrix power X**k: the exponent k"))

    @classmethod
    def _shape(cls, params, children):
        _check_exponent(params[0])
        x = children[0]
        try:
            _require_square("matrix power", x)
        except ShapeError as e:     # the user may have meant the entrywise power
            h = hint("function", "power")
            raise with_hints(type(e)(f"{e}; for the entrywise power of any shape use "
                                     f"{h.python()}({_operand_text(x)}, k)"), *hints_of(e), h) from None
        if x.is_scalar:
            raise ShapeError(f"matrix power of {_operand_text(x)}: it is 1×1, whose power is "
                             f"the scalar power (ks.Power; {_operand_text(x)} ** k builds it)")
        return x.shape

    @property
    def exponent(self) -> sympy.Expr:
        return self.params[0]


def diag_of(x: Expr) -> Expr:
    """numpy's two-way ``diag``: an n×1 column gives the n×n diagonal matrix, a square
    matrix its n×1 diagonal (a 1×1 operand: the 1×1 diagonal matrix, the same value);
    a shape that is provably neither, or not decidably one of them, is a ShapeError."""
    from .unary import Diag
    r, c = x.shape
    if dims_equal(c, 1) is True:
        return Diag(x)
    if dims_equal(r, c) is True:
        return DiagPart(x)
    undecided = dims_equal(c, 1) is None or dims_equal(r, c) is None
    h = hint("assume_equal", r, c)
    why = ("cannot be decided: it is square only if rows = columns and a column only if "
           f"columns = 1; for a square matrix use one symbol for both or {h.python()}, for a "
           "column declare its columns 1"
           if undecided else "is neither square (the diagonal of a matrix) nor a column "
           "(a diagonal matrix)")
    raise with_hints((UndecidedShapeError if undecided else ShapeError)(
        f"diag of {_operand_text(x)}: {_operand_text(x)} is {fmt_shape(x.shape)}, which {why}"),
        *((h,) if undecided else ()))


REDUCTION_NODE_TYPES = (Sum, DiagPart, Norm2, Norm1, LogSumExp, Softmax, MatPow)
