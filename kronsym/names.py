"""Names: the one rule every matrix, dimension and scalar symbol name obeys.

Owns: ``is_name()``, ``check_name()`` (one name) and ``check_scalar_names()``
(every symbol and undefined-function name inside a SymPy expression), and
``MAX_NAME_LENGTH``.

Contract: a kronsym name is a letter followed by letters, digits and
underscores (``A``, ``X1``, ``A_1``, ``Sigma``, ``V__``): a Python identifier
whose first character is a letter, at most ``MAX_NAME_LENGTH`` characters,
without the transpose mark ``ᵀ``. Every way a name enters kronsym (the
constructors ``ks.MatrixSymbol``, ``ks.symmetric``, ``ks.dims``, a dimension or
coefficient given as a SymPy expression, ``ks.from_json``, ``ks.from_sympy``
and ``ks.parse``) goes through this check, so no name can carry TeX control
sequences (``\\write18``), quotes, brackets or spaces into printed or generated
text. A bad name raises :class:`~kronsym.errors.InvalidNameError` naming it.
"""
from __future__ import annotations

from functools import lru_cache

import sympy
from sympy.core.function import AppliedUndef

from .errors import InvalidNameError

__all__ = ["MAX_NAME_LENGTH", "is_name", "check_name", "check_scalar_names"]

#: the longest name accepted (characters)
MAX_NAME_LENGTH = 100

_RULE = ("a name is a letter followed by letters, digits or underscores, like A, X1, A_1 or "
         f"Sigma (an identifier, at most {MAX_NAME_LENGTH} characters)")


def is_name(name: object) -> bool:
    """True when ``name`` is a valid kronsym name.

    >>> from kronsym.names import is_name
    >>> is_name("A_1"), is_name("Sigma"), is_name("1A"), is_name("n}\\\\write18{x")
    (True, True, False, False)
    """
    return (isinstance(name, str) and 0 < len(name) <= MAX_NAME_LENGTH and name[0].isalpha()
            and name.isidentifier() and name.isprintable() and "ᵀ" not in name)


def check_name(name: object, what: str = "name") -> str:
    """``name`` itself when it is a valid name, else :class:`InvalidNameError`.

    >>> from kronsym.names import check_name
    >>> check_name("X1")
    'X1'
    >>> check_name("a b", "dimension")
    Traceback (most recent call last):
    ...
    kronsym.errors.InvalidNameError: dimension: 'a b' is not a valid name; a name is a letter followed by letters, digits or underscores, like A, X1, A_1 or Sigma (an identifier, at most 100 characters)
    """
    if not is_name(name):
        shown = repr(name) if len(repr(name)) <= 80 else repr(name)[:77] + "..."
        raise InvalidNameError(f"{what}: {shown} is not a valid name; {_RULE}")
    return name


def check_scalar_names(expr: sympy.Basic, what: str = "scalar") -> sympy.Basic:
    """``expr`` itself when every symbol and undefined function in it has a valid
    name, else :class:`InvalidNameError` naming the first bad one.

    >>> import sympy
    >>> from kronsym.names import check_scalar_names
    >>> check_scalar_names(sympy.Symbol("c") + 1)
    c + 1
    >>> check_scalar_names(sympy.Symbol("x}\\\\input{y"), "coefficient")
    Traceback (most recent call last):
    ...
    kronsym.errors.InvalidNameError: coefficient: 'x}\\\\input{y' is not a valid name; ...
    """
    bad = _first_bad_name(expr)
    if bad is not None:
        check_name(bad, what)
    return expr


@lru_cache(maxsize=65536)
def _first_bad_name(expr: sympy.Basic):
    if isinstance(expr, sympy.Symbol):
        return None if is_name(expr.name) else expr.name
    if not expr.args:
        return None
    for s in expr.atoms(sympy.Symbol):
        if not is_name(s.name):
            return s.name
    for f in expr.atoms(AppliedUndef):
        if not is_name(type(f).__name__):
            return type(f).__name__
    return None
