"""Matrix functions: the matrix exponential, the principal logarithm, the principal square
root, and the Jacobian (vec Fréchet derivative) of each.

Owns: the node classes :class:`Expm`, :class:`Logm`, :class:`Sqrtm` (subclasses of
:class:`MatrixFunction`), :class:`MatFuncJacobian` and the tuple
``MATFUNC_NODE_TYPES`` (in :data:`kronsym.nodes.NODE_TYPES`).

Contract: as for every node (see :mod:`kronsym.nodes`). The argument is square; a
non-square operand is a :class:`~kronsym.errors.ShapeError` naming it and its shape.
Domains (checked where values are known, never at construction):

* ``expm(X)`` = e^X = Σ Xᵏ/k!, every square X.
* ``logm(X)``: the principal logarithm, the unique L with e^L = X and every eigenvalue's
  imaginary part in (−π, π); it exists (and is real for a real X) when X has no eigenvalue
  on the closed negative real axis (−∞, 0].
* ``sqrtm(X)``: the principal square root, the unique Y with Y² = X and every eigenvalue of
  Y in the open right half-plane; same domain as ``logm``.

``MatFuncJacobian(X, f)`` is the n²×n² matrix J with vec L_f(X, E) = J vec E, L_f the
Fréchet derivative of f at X (Magnus–Neudecker layout):

* expm: J = ∫₀¹ e^{(1−s)Xᵀ} ⊗ e^{sX} ds (Higham, *Functions of Matrices*, (10.15));
* logm: J = (J_expm at logm X)⁻¹, from e^{logm X} = X (Higham (11.9));
* sqrtm: J = (Yᵀ ⊕ Y)⁻¹ = (Yᵀ ⊗ I + I ⊗ Y)⁻¹, Y = X^{1/2}, from Y dY + dY Y = dX.

It is a node (not the formula) so that applying it to a vector is lowered to the
block-triangular identity f([[X, E], [0, X]]) = [[f(X), L_f(X, E)], [0, f(X)]]
(expm: scipy.linalg.expm_frechet; sqrtm: a Sylvester solve) and never forms the
n²×n² matrix (kronsym.codegen.lower_matfuncs).
"""
from __future__ import annotations

from .checks import _require_square
from .expr import Expr
from .schema import child, choice

__all__ = ["MatrixFunction", "Expm", "Logm", "Sqrtm", "MatFuncJacobian", "MATFUNC_NAMES",
           "MATFUNC_NODE_TYPES"]

#: the matrix functions by their public name (ks.expm, ks.logm, ks.sqrtm)
MATFUNC_NAMES = ("expm", "logm", "sqrtm")


class MatrixFunction(Expr):
    """A primary matrix function f(X) of a square X (the base of Expm, Logm, Sqrtm)."""
    __slots__ = ()
    schema = (child("x"),)
    #: the public name (ks.expm ...): the key of the numeric tables
    func_name = ""

    @classmethod
    def _shape(cls, params, children):
        _require_square(cls.func_name, children[0])
        return children[0].shape


class Expm(MatrixFunction):
    """e^X, the matrix exponential of a square X (every X).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> print(ks.expm(ks.MatrixSymbol("X", n, n)))
    expm(X)
    """
    __slots__ = ()
    func_name = "expm"


class Logm(MatrixFunction):
    """log X, the principal matrix logarithm (X with no eigenvalue in (−∞, 0]).

    >>> import kronsym as ks
    >>> print(ks.logm(ks.MatrixSymbol("X", 3, 3)))
    logm(X)
    """
    __slots__ = ()
    func_name = "logm"


class Sqrtm(MatrixFunction):
    """X^{1/2}, the principal square root (X with no eigenvalue in (−∞, 0]).

    >>> import kronsym as ks
    >>> print(ks.sqrtm(ks.MatrixSymbol("X", 3, 3)))
    sqrtm(X)
    """
    __slots__ = ()
    func_name = "sqrtm"


class MatFuncJacobian(Expr):
    """J_f(X) (n²×n²): vec L_f(X, E) = J_f(X) vec E for f in expm, logm, sqrtm.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> X = ks.MatrixSymbol("X", n, n)
    >>> J = ks.diff(ks.expm(X), X)
    >>> print(J, J.shape)
    expm_jacobian(X) (n**2, n**2)
    """
    __slots__ = ()
    schema = (child("x"), choice("func", MATFUNC_NAMES,
                                 what="the matrix function of the Jacobian (expm, logm, sqrtm)"))

    @classmethod
    def _shape(cls, params, children):
        x = children[0]
        _require_square(f"the Jacobian of {params[0]}", x)
        return x.rows * x.rows, x.rows * x.rows

    @property
    def func(self) -> str:
        """expm, logm or sqrtm."""
        return self.params[0]


MATFUNC_NODE_TYPES = (Expm, Logm, Sqrtm, MatFuncJacobian)
