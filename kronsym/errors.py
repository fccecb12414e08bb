"""Exceptions raised by kronsym.

Owns: the error types users catch. Every message names the operation, the
operands and their shapes, so that a user never has to read a traceback.
"""
from __future__ import annotations

from typing import NamedTuple, Tuple

__all__ = ["KronsymError", "ShapeError", "UndecidedShapeError", "DimensionError",
           "ParseError", "EvaluationError", "SerializationError", "InvalidNameError",
           "Hint", "hint", "with_hints", "hints_of"]


# --- advice carried by an error, rendered per audience ---------------------------------
#: the Python wording of each kind of advice; the command line has its own table
#: (kronsym/cli_messages.py CLI_HINTS), keyed by the same kinds
PYTHON_HINTS = {
    "assume_equal": "declare them equal with ks.assume_equal({0}, {1})",
    "size_one": "declare the operand with that size 1 (e.g. ks.MatrixSymbol(name, n, 1) for a "
                "column)",
    "function": "ks.{0}",                       # a builder the expression language also has
    "jacobian": "use ks.diff for the Jacobian of a matrix function",
    "other_syntax": 'ks.parse(text, syntax="matrixcalculus")',
    "declare_name": "declare its shape, e.g. shapes={{'{0}': ('m', 'n')}} or --let {0}=m,n on "
                    "the command line, or declare it a scalar (scalars=['{0}'], --scalar {0})",
}


class Hint(NamedTuple):
    """Advice that an error message gives, kept apart from its wording: ``kind`` (a key
    of :data:`PYTHON_HINTS`) and its arguments as text. ``str(error)`` holds
    :meth:`python`; the command line rewrites that text in its own terms.

    >>> from kronsym.errors import hint
    >>> hint("assume_equal", "m", "n").python()
    'declare them equal with ks.assume_equal(m, n)'
    """
    kind: str
    args: Tuple[str, ...]

    def python(self) -> str:
        """The advice as a Python user reads it."""
        return PYTHON_HINTS[self.kind].format(*self.args)


def hint(kind: str, *args: object) -> Hint:
    """A :class:`Hint` of ``kind`` (a key of :data:`PYTHON_HINTS`); args become text."""
    if kind not in PYTHON_HINTS:
        raise KeyError(f"hint kind {kind!r}: the kinds are {', '.join(PYTHON_HINTS)}")
    return Hint(kind, tuple(str(a) for a in args))


def with_hints(err: BaseException, *hints: Hint) -> BaseException:
    """Attach ``hints`` (after any it carries) to ``err`` and return it: ``raise
    with_hints(ShapeError(msg), h)``; an error built from another's message passes the
    other's on: ``with_hints(new, *hints_of(old))``."""
    err.hints = hints_of(err) + tuple(hints)   # type: ignore[attr-defined]
    return err


def hints_of(err: BaseException) -> Tuple[Hint, ...]:
    """The hints an error carries (none for an error raised without them)."""
    return tuple(getattr(err, "hints", ()))


class KronsymError(Exception):
    """Base class of every error kronsym raises on purpose."""


class ShapeError(KronsymError, ValueError):
    """Operands whose shapes cannot (or cannot be proved to) agree.

    >>> import kronsym as ks
    >>> m, n, p = ks.dims("m n p")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, m)
    >>> try:
    ...     A @ B
    ... except ks.ShapeError as e:
    ...     print(str(e).splitlines()[0])
    matrix product A @ B: A is m×n, B is p×m; columns of A (n) and rows of B (p) cannot be proved equal; use one dimension symbol for both, or declare them equal with ks.assume_equal(n, p)
    """


class UndecidedShapeError(ShapeError):
    """Shapes that agree for some dimension values but cannot be *proved* to agree
    (``m`` vs ``n``): declare the dims equal with ``ks.assume_equal`` or use one symbol.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> try:
    ...     ks.MatrixSymbol("A", m, 1) + ks.MatrixSymbol("B", n, 1)
    ... except ks.UndecidedShapeError as e:
    ...     print(str(e).split(";")[1].strip()[:41])
    rows of A (m) and rows of B (n) cannot be
    """


class DimensionError(KronsymError, ValueError):
    """A dimension that is not a positive integer (or integer expression)."""


class ParseError(KronsymError, ValueError):
    """Text that the kronsym expression parser cannot read (points at a column)."""


class EvaluationError(KronsymError, ValueError):
    """Numeric or explicit evaluation that cannot proceed (missing symbol,
    wrongly shaped array, conflicting or unknown dimensions, too large)."""


class SerializationError(KronsymError, ValueError):
    """Text that :func:`kronsym.from_json` cannot read (malformed JSON, an unknown
    node type, wrong arity, a bad shape, or a format written by a newer kronsym), or
    an expression :func:`kronsym.to_json` cannot write."""


class InvalidNameError(KronsymError, TypeError, ValueError):
    """A matrix, dimension or scalar symbol name that is not a kronsym name (a letter
    followed by letters, digits or underscores; see :mod:`kronsym.names`). A TypeError
    and a ValueError, so code catching either keeps working.

    >>> import kronsym as ks
    >>> try:
    ...     ks.MatrixSymbol("A}{", 2, 2)
    ... except ks.InvalidNameError as e:
    ...     print("'A}{' is not a valid name" in str(e), isinstance(e, TypeError))
    True True
    """


# --- internal signals of the prover's exact and high-precision evaluators --------------
# (kronsym.exacteval and its per-family parts raise them; kronsym.prove catches them)
class Undefined(ArithmeticError):
    """The expression is not defined at this point (the prover redraws)."""


class Unsupported(Exception):
    """A node type (or coefficient) the evaluator cannot handle exactly."""
