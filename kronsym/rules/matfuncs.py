"""Rules of the matrix functions: expm, logm, sqrtm and their Jacobians.

Family ``matfuncs``. Canonical directions (kronsym/rules/canon.py is the contract):

* a transpose sits outside a matrix function, f(Xᵀ) = f(X)ᵀ, as it does outside an
  inverse or a matrix power; it moves *inside* a Jacobian, J_f(X)ᵀ = J_f(Xᵀ), so that a
  gradient unvec(J_f(X)ᵀ vec B) is one Jacobian applied to a vector (lowered to one
  Fréchet derivative, never to the n²×n² matrix);
* the exponential of a Kronecker sum, or of a Kronecker product with an identity, is a
  Kronecker product of exponentials; det and log det of an exponential are traces;
* e^{log X} = X; log e^{S} = S for a *symmetric* S only (for a general X, log e^X = X only
  when every eigenvalue of X has its imaginary part in (−π, π): no rule);
* J_f(X) vec I = vec f′(X): the trace gradients d tr f(X) = tr(f′(X) dX).

Sources: Higham, *Functions of Matrices* (2008): Thm 1.13 (f(Xᵀ) = f(X)ᵀ), Thm 3.11
(Daleckii–Krein), (10.15) (the Fréchet derivative of expm), §11 (logm); Horn & Johnson,
*Topics in Matrix Analysis* ch. 4 (Kronecker sums: e^{A⊕B} = e^A ⊗ e^B); Magnus & Neudecker
ch. 8 (det e^X = e^{tr X} via Jacobi's formula).
"""
from __future__ import annotations

import sympy

from .. import nodes as N
from . import rule
from ._util import first_pair

_FUNCS = (N.Expm, N.Logm, N.Sqrtm)


@rule("matfuncs", *_FUNCS)
def matfunc_of_transpose(e):
    """f(Xᵀ) = f(X)ᵀ for f = expm, logm, sqrtm  [Higham 2008, Thm 1.13(b)]"""
    x = e.children[0]
    if isinstance(x, N.Transpose):
        return N.Transpose(type(e)(x.children[0]))
    return None


@rule("matfuncs", N.Transpose)
def transpose_of_matfunc_jacobian(e):
    """J_f(X)ᵀ = J_f(Xᵀ): ⟨B, L_f(X, E)⟩ = ⟨L_f(Xᵀ, B), E⟩ for f with real Taylor
    coefficients  [the adjoint of the Fréchet derivative, Higham 2008 ch. 3; for expm:
    (∫ e^{(1−s)Xᵀ} ⊗ e^{sX} ds)ᵀ = ∫ e^{(1−s)X} ⊗ e^{sXᵀ} ds]"""
    x = e.children[0]
    if isinstance(x, N.MatFuncJacobian):
        return N.MatFuncJacobian(N.Transpose(x.children[0]), x.func)
    return None


@rule("matfuncs", N.MatFuncJacobian)
def matfunc_jacobian_of_transpose_transpose(e):
    """J_f((Xᵀ)ᵀ) = J_f(X)  [involution, inside the Jacobian]"""
    x = e.children[0]
    if isinstance(x, N.Transpose) and isinstance(x.children[0], N.Transpose):
        return N.MatFuncJacobian(x.children[0].children[0], e.func)
    return None


@rule("matfuncs", N.Expm)
def expm_of_kron_sum(e):
    """e^{A ⊕ B} = e^A ⊗ e^B  [A ⊗ I and I ⊗ B commute; Horn & Johnson, Topics, ch. 4]"""
    x = e.children[0]
    if isinstance(x, N.KronSum):
        a, b = x.children
        return N.Kron(N.Expm(a), N.Expm(b))
    return None


@rule("matfuncs", N.Expm)
def expm_of_kron_with_identity(e):
    """e^{A ⊗ I} = e^A ⊗ I,  e^{I ⊗ A} = I ⊗ e^A  [(A ⊗ I)ᵏ = Aᵏ ⊗ I in the series]"""
    x = e.children[0]
    if not isinstance(x, N.Kron) or len(x.children) != 2:
        return None
    a, b = x.children
    if isinstance(b, N.Identity) and a.rows == a.cols:
        return N.Kron(N.Expm(a), b)
    if isinstance(a, N.Identity) and b.rows == b.cols:
        return N.Kron(a, N.Expm(b))
    return None


@rule("matfuncs", N.Det)
def det_of_expm(e):
    """det e^X = e^{tr X}  [Jacobi's formula d det = det tr(X⁻¹ dX) along e^{tX}]"""
    x = e.children[0]
    if isinstance(x, N.Expm):
        return N.EntrywiseFunc("exp", N.Trace(x.children[0]))
    return None


@rule("matfuncs", N.LogDet)
def logdet_of_expm(e):
    """log det e^X = tr X  [det e^X = e^{tr X} > 0]"""
    x = e.children[0]
    if isinstance(x, N.Expm):
        return N.Trace(x.children[0])
    return None


@rule("matfuncs", N.Expm)
def expm_of_logm(e):
    """e^{log X} = X  [the principal logarithm is a logarithm; on log's domain]"""
    x = e.children[0]
    return x.children[0] if isinstance(x, N.Logm) else None


@rule("matfuncs", N.Logm)
def logm_of_expm_symmetric(e):
    """log e^{S} = S for a symmetric S  [the eigenvalues of S are real, so in the strip
    |Im λ| < π of the principal logarithm; Higham 2008, ch. 11]"""
    x = e.children[0]
    if isinstance(x, N.Expm) and isinstance(x.children[0], N.SymmetricSymbol):
        return x.children[0]
    return None


@rule("matfuncs", N.MatMul, N.Sqrtm)
def sqrtm_squared(e):
    """X^{1/2} X^{1/2} = X  [definition of a square root]"""
    if isinstance(e, N.Sqrtm):
        return None

    def pair(a, b):
        return (a.children[0],) if isinstance(a, N.Sqrtm) and a is b else None
    return first_pair(e, pair)


def _derivative_at(f: str, x):
    """f′(X) as a node: e^X, X⁻¹, ½ X^{−1/2}."""
    if f == "expm":
        return N.Expm(x)
    if f == "logm":
        return N.Inverse(x)
    return N.ScalarMul(sympy.Rational(1, 2), N.Inverse(N.Sqrtm(x)))


@rule("matfuncs", N.MatMul)
def matfunc_jacobian_times_vec_identity(e):
    """J_f(X) vec I = vec f′(X): L_f(X, I) = f′(X) since X commutes with I
    [L_f(X, E) = f′(X) E for E commuting with X; so d tr f(X) = tr(f′(X) dX)]"""
    def pair(a, b):
        if isinstance(a, N.MatFuncJacobian) and isinstance(b, N.Vec) and \
                isinstance(b.children[0], N.Identity):
            return (N.Vec(_derivative_at(a.func, a.children[0])),)
        return None
    return first_pair(e, pair)
