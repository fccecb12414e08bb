"""The expression parser: text -> kronsym expression, never with ``eval``.

Owns: ``parse``, ``parse_equation``, ``parse_shapes`` and the small written
language, which is exactly what ``str(expr)`` prints (so ``parse(str(e)) == e``)
plus a few spellings people type:

==============================  ==============================================
text                            meaning
==============================  ==============================================
``A + B``, ``A - B``, ``-A``    sum, difference, negation
``A @ B``                       matrix product
``2*A``, ``x*A``, ``tr(X)*A``   scalar multiple (number, scalar symbol, 1×1)
``s*t``, ``s/t``, ``s**2``,     products, quotients and powers of 1×1
``s^2``                         expressions (``A^{-1}``/``A**-1``: inverse)
``A.T``, ``A^T``, ``Aᵀ``        transpose
``A ⊗ B``, ``kron(A, B, ...)``  Kronecker product
``A ∘ B``, ``hadamard(A, B)``   Hadamard (elementwise) product
``A ⊙ B``, ``khatri_rao(A, B)`` Khatri–Rao (column-wise Kronecker) product
``A ⊕ B``, ``kron_sum(A, B)``   Kronecker sum
``A • B``, ``face_split(A, B)`` face-splitting (row-wise Kronecker) product
``tracy_singh(A, B, ra, ca,     Tracy–Singh product, A an ra×ca grid of
rb, cb)``                       blocks, B an rb×cb grid
``vecr(A)``                     row-major vec, vec(Aᵀ)
``vec(A)``, ``unvec(v, m, n)``  vectorisation and its inverse
``K(m, n)``, ``I(n)``           commutation matrix, identity
``zeros(m, n)``, ``ones(m, n)`` zero matrix, matrix of ones
``D(n)``, ``L(n)``, ``Nsym(n)`` duplication, elimination, symmetrizer matrices
``vech(A)``                     half-vectorisation (lower triangle of square A)
``inv``, ``tr``, ``det``,       inverse, trace, determinant, log-determinant,
``logdet``, ``diag``,           diagonal matrix of a vector, transpose,
``transpose``                   and the scalar functions
``log exp sin cos sqrt``
``diff(F, X)``, ``grad(f, X)``, the derivatives (evaluated when parsed:
``hessian(f, X)``               the result is the derived expression)
==============================  ==============================================

Precedence, loosest first: ``+ -`` < unary ``-`` < ``@ * /`` < ``⊗ ∘ ⊙ ⊕`` <
``** ^`` < postfix ``.T`` (``•`` is Kronecker-like). Different Kronecker-like operators do not mix
without parentheses (``A ⊗ B ∘ C`` is refused: write ``A ⊗ (B ∘ C)``).

Names: a name given in ``shapes`` is a matrix; a dimension name (any symbol
in those shapes, or in ``dims``) is a positive integer symbol; a name in
``scalars`` is a scalar symbol; inside ``I(...)``, ``K(...)``, ``zeros``,
``ones`` and ``unvec`` an unknown name becomes a new dimension. Any other
unknown name is an error that says how to declare it.

The parser is iterative (an operator-precedence parser with explicit
stacks), so deeply nested text (5 000 levels) parses without
``RecursionError``; text longer than ``MAX_LENGTH`` characters is refused.
Numbers and powers are bounded before SymPy computes them (integers of at
most 100 000 bits, decimals of at most 1 000 digits in the range of a double,
a symbol's exponent at most 1 000): see :mod:`kronsym.bignum` and
docs/conventions.md.

Layout, one concern a file: ``lexer.py`` (text -> tokens, ``MAX_LENGTH``),
``syntax.py`` (tokens -> raw tree), ``meaning.py`` (raw tree -> expression; the
calculus and spectral functions come from :mod:`kronsym.optable`, so the
parser imports no later stage), ``shapes.py`` (shape declarations), ``entry.py`` (the entry
points). This package face re-exports their public names.
"""
from .lexer import MAX_LENGTH
from .meaning import MAX_POWER_BITS, MAX_ROOT_ORDER, _FUNCTIONS  # noqa: F401
from .shapes import parse_shapes
from .entry import parse, parse_equation, _equation  # noqa: F401
from ..errors import ParseError  # noqa: F401

__all__ = ["parse", "parse_equation", "parse_shapes", "MAX_LENGTH"]
