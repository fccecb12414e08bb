"""Rules of the entrywise functions and the entrywise power.

Family ``entrywise``. Sources: the definitions (f applied entry by entry commutes with
every rearrangement of the entries: transpose), the real identities of the functions
(exp and log inverse to each other on x > 0, σ(−x) = 1 − σ(x)), the power laws of real
numbers (valid forms only: (x^a)^b = x^{ab} needs an integer b, since (x²)^{1/2} = |x|),
and vec(diag(v) y) = v ∘ y, 1ᵀ ⊙ A = A (Khatri–Rao with a row of ones).
"""
from __future__ import annotations

import sympy

from .. import nodes as N
from . import rule

_ONE = sympy.Integer(1)


def _T(x):
    return N.Transpose(x)


@rule("entrywise", N.Transpose)
def transpose_of_entrywise(e):
    """f(X)ᵀ = f(Xᵀ) and (X^{∘k})ᵀ = (Xᵀ)^{∘k}  [f acts entry by entry]"""
    x = e.children[0]
    if isinstance(x, N.EntrywiseFunc) and not x.is_scalar:
        return N.EntrywiseFunc(x.name, _T(x.children[0]))
    if isinstance(x, N.Power) and not x.is_scalar:
        return N.Power(_T(x.children[0]), x.exponent)
    return None


@rule("entrywise", N.EntrywiseFunc)
def exp_of_log(e):
    """exp(log X) = X wherever log X is defined (entries > 0)  [exp ∘ log = id on x > 0]"""
    x = e.children[0]
    if e.name == "exp" and isinstance(x, N.EntrywiseFunc) and x.name == "log":
        return x.children[0]
    return None


@rule("entrywise", N.EntrywiseFunc)
def log_of_exp(e):
    """log(exp X) = X  [log ∘ exp = id on the reals]"""
    x = e.children[0]
    if e.name == "log" and isinstance(x, N.EntrywiseFunc) and x.name == "exp":
        return x.children[0]
    return None


@rule("entrywise", N.EntrywiseFunc)
def sigmoid_of_negative(e):
    """σ(−X) = 1 − σ(X)  [1/(1 + eˣ) = 1 − 1/(1 + e⁻ˣ)]"""
    x = e.children[0]
    if e.name == "sigmoid" and isinstance(x, N.ScalarMul) and x.coeff == -1:
        y = x.children[0]
        return N.MatAdd(N.Ones(y.rows, y.cols), N.ScalarMul(-1, N.EntrywiseFunc("sigmoid", y)))
    return None


@rule("entrywise", N.Power)
def power_unit_exponent(e):
    """X^{∘1} = X and X^{∘0} = 1 (the all-ones matrix; 0⁰ = 1 as in numpy)  [definition]"""
    x, k = e.children[0], e.exponent
    if k == 1:
        return x
    if k == 0:
        return N.Ones(x.rows, x.cols)
    return None


@rule("entrywise", N.Power)
def power_of_power(e):
    """(X^{∘a})^{∘b} = X^{∘ab} for an integer b  [(x^a)^b = x^{ab} for b ∈ ℤ]

    Not for other b: (x²)^{½} = |x|."""
    x, b = e.children[0], e.exponent
    if isinstance(x, N.Power) and b.is_integer is True:
        return N.Power(x.children[0], x.exponent * b)
    return None


@rule("entrywise", N.Hadamard)
def hadamard_of_powers(e):
    """X^{∘a} ∘ X^{∘b} = X^{∘(a+b)} for integers a, b (X = X^{∘1})  [x^a x^b = x^{a+b}]"""
    def split(f):
        if isinstance(f, N.Power) and f.exponent.is_integer is True:
            return f.children[0], f.exponent
        return f, _ONE
    kids = list(e.children)
    for i in range(len(kids)):
        bi, ki = split(kids[i])
        for j in range(i + 1, len(kids)):
            bj, kj = split(kids[j])
            if bi is bj:
                rest = [f for t, f in enumerate(kids) if t not in (i, j)]
                merged = N.Power(bi, ki + kj)
                return merged if not rest else N.Hadamard(merged, *rest)
    return None


@rule("entrywise", N.MatMul)
def diag_times_column(e):
    """diag(v) y = v ∘ y for a column y  [(diag(v) y)_i = v_i y_i]"""
    kids = e.children
    last, prev = kids[-1], kids[-2]
    if isinstance(prev, N.Diag) and last.cols == 1:
        had = N.Hadamard(prev.children[0], last)
        return had if len(kids) == 2 else N.MatMul(*kids[:-2], had)
    return None


@rule("entrywise", N.KhatriRao)
def khatri_rao_with_ones_row(e):
    """1_{1×n}ᵀ ⊙ A = A ⊙ 1_{1×n} = A (A with n columns)  [column j is 1 ⊗ a_j = a_j]"""
    a, b = e.children
    if isinstance(a, N.Ones) and a.rows == 1:
        return b
    if isinstance(b, N.Ones) and b.rows == 1:
        return a
    return None
