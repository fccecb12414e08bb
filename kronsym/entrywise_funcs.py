"""The entrywise function table: one row per function f applied entry by entry.

Owns: :data:`ENTRYWISE_FUNCS` (name -> :class:`EntrywiseFunction`) and the few numeric
kernels the table names (a stable sigmoid, relu, heaviside for numpy and mpmath).

Contract
--------
Every fact about an entrywise function lives in its row, and every stage reads the row
instead of naming the function: the node (:class:`kronsym.nodes.entrywise.EntrywiseFunc`)
checks names against it, the differential reads ``derivative``, the dense evaluator
``numpy``, the explicit evaluator ``sympy``, the printers ``text`` / ``latex``, each
array backend ``backends[backend]`` (numpy, jax, torch: a dotted path to the backend's
own function, resolved by the backend), the prover's evaluator and the mpmath backend
``mp(ctx, x)`` (ctx: ``mpmath`` or an mpmath context) and ``domain`` (its draws stay
inside the domain and off the ``kinks``).

* ``derivative(N, x, fx)`` builds f'(x) as a kronsym expression of x's shape from the node
  module ``N``, the argument ``x`` and the node ``fx = f(x)`` itself; ``None`` means f' = 0
  (sign, heaviside). The subgradient used at a kink is the one numpy/jax use: abs'(0) =
  sign(0) = 0, relu'(0) = heaviside(0) = 0 (docs/conventions.md).
* ``domain`` is one of ``"real"`` (every real), ``"positive"`` (x > 0: log; sqrt is
  defined at 0 but not differentiable there), ``"unit"`` (|x| < 1: arcsin, arccos);
  ``in_domain(x)`` decides one real number. Outside the domain numeric values follow
  numpy: nan (docs/conventions.md).

>>> from kronsym.entrywise_funcs import ENTRYWISE_FUNCS
>>> f = ENTRYWISE_FUNCS["softplus"]
>>> f.domain, f.backends["jax"], float(f.numpy(0.0))
('real', 'jax.nn.softplus', 0.6931471805599453)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional, Tuple

import numpy as np
import sympy

__all__ = ["EntrywiseFunction", "ENTRYWISE_FUNCS", "DOMAINS", "np_sigmoid", "np_relu",
           "np_heaviside", "np_softplus", "function"]

#: the domains a row may name, with their text for errors and docs
DOMAINS = {"real": "every real number", "positive": "x > 0", "unit": "|x| < 1"}


def np_sigmoid(x):
    """σ(x) = 1/(1 + e^{-x}) without overflow: scipy.special.expit (one exp per entry,
    correctly rounded tails; ~2× faster than exp(−logaddexp(0, −x))); for complex x (the
    complex-step oracle) 1/(1 + e^{-x}) itself (expit is real-only)."""
    if np.iscomplexobj(x):
        return 1 / (1 + np.exp(-np.asarray(x)))
    from scipy.special import expit
    return expit(np.asarray(x, dtype=float))


def np_relu(x):
    """max(x, 0) entrywise."""
    return np.maximum(x, 0)


def np_softplus(x):
    """log(1 + e^x) without overflow: logaddexp(0, x); for complex x (the complex-step
    oracle) the analytic form max(Re x, 0) + log(e^{-m} + e^{x-m}) (logaddexp is real-only)."""
    if np.iscomplexobj(x):
        x = np.asarray(x)
        m = np.maximum(x.real, 0)
        return m + np.log(np.exp(-m) + np.exp(x - m))
    return np.logaddexp(0, x)


def np_heaviside(x):
    """The step function with step(0) = 0 (the subgradient of relu used at 0)."""
    return np.heaviside(x, 0.0)


def _mp_sigmoid(ctx, x):
    return 1 / (1 + ctx.exp(-x))


def _mp_softplus(ctx, x):
    return ctx.log1p(ctx.exp(-abs(x))) + (x if x > 0 else 0)


def _mp_relu(ctx, x):
    return x if x > 0 else ctx.mpf(0)


def _mp_heaviside(ctx, x):
    return ctx.mpf(1) if x > 0 else ctx.mpf(0)


@dataclass(frozen=True)
class EntrywiseFunction:
    """One row of :data:`ENTRYWISE_FUNCS` (see the module docstring for each field)."""
    name: str
    numpy: Callable[[Any], Any]
    derivative: Callable[[Any, Any, Any], Any]
    sympy: Callable[[Any], Any]
    mp: Callable[[Any, Any], Any]
    backends: Dict[str, str]
    domain: str = "real"
    kinks: Tuple[float, ...] = ()
    latex: str = ""
    identity: str = ""
    extra: Dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The name in text and in the parser's language."""
        return self.name

    def in_domain(self, x) -> bool:
        """Whether the real number ``x`` is inside the domain (kinks included)."""
        if self.domain == "positive":
            return bool(x > 0)
        if self.domain == "unit":
            return bool(abs(x) < 1)
        return True


def _ones_like(N, x):
    return N.Ones(x.rows, x.cols)


def _d(text):
    """Document a derivative builder with its identity."""
    def wrap(fn):
        fn.__doc__ = text
        return fn
    return wrap


_HALF = sympy.Rational(1, 2)


def _sq(N, x):
    return N.Power(x, 2)


def _row(name, np_fn, deriv, sp, mp, backends, domain="real", kinks=(), latex=None,
         identity=""):
    return EntrywiseFunction(name, np_fn, deriv, sp, mp, backends, domain, kinks,
                             latex if latex is not None else f"\\operatorname{{{name}}}",
                             identity or (deriv.__doc__ or ""))


def _std(name, torch=None):
    return {"numpy": f"numpy.{name}", "jax": f"jax.numpy.{name}",
            "torch": torch or f"torch.{name}"}


def _mp(attr):
    return lambda ctx, x: getattr(ctx, attr)(x)


_ROWS = [
    _row("exp", np.exp, _d("exp'(x) = exp(x)")(lambda N, x, fx: fx), sympy.exp, _mp("exp"),
         _std("exp"), latex="\\exp"),
    _row("log", np.log, _d("log'(x) = x^{∘−1}")(lambda N, x, fx: N.Power(x, -1)), sympy.log,
         _mp("log"), _std("log"), domain="positive", latex="\\log"),
    _row("sqrt", np.sqrt,
         _d("sqrt'(x) = ½ x^{∘−½}")(lambda N, x, fx: N.ScalarMul(_HALF, N.Power(x, -_HALF))),
         sympy.sqrt, _mp("sqrt"), _std("sqrt"), domain="positive", latex="\\operatorname{sqrt}"),
    _row("sin", np.sin, _d("sin'(x) = cos(x)")(lambda N, x, fx: N.ScalarFunc("cos", x)),
         sympy.sin, _mp("sin"), _std("sin"), latex="\\sin"),
    _row("cos", np.cos,
         _d("cos'(x) = −sin(x)")(lambda N, x, fx: N.ScalarMul(-1, N.ScalarFunc("sin", x))),
         sympy.cos, _mp("cos"), _std("cos"), latex="\\cos"),
    _row("tan", np.tan,
         _d("tan'(x) = cos(x)^{∘−2}")(lambda N, x, fx: N.Power(N.ScalarFunc("cos", x), -2)),
         sympy.tan, _mp("tan"), _std("tan"), latex="\\tan"),
    _row("tanh", np.tanh,
         _d("tanh'(x) = 1 − tanh(x)^{∘2}")(lambda N, x, fx: N.MatAdd(
             _ones_like(N, x), N.ScalarMul(-1, N.Power(fx, 2)))),
         sympy.tanh, _mp("tanh"), _std("tanh"), latex="\\tanh"),
    _row("arcsin", np.arcsin,
         _d("arcsin'(x) = (1 − x^{∘2})^{∘−½}")(lambda N, x, fx: N.Power(N.MatAdd(
             _ones_like(N, x), N.ScalarMul(-1, _sq(N, x))), -_HALF)),
         sympy.asin, _mp("asin"), _std("arcsin", torch="torch.asin"),
         domain="unit", latex="\\arcsin"),
    _row("arccos", np.arccos,
         _d("arccos'(x) = −(1 − x^{∘2})^{∘−½}")(lambda N, x, fx: N.ScalarMul(-1, N.Power(
             N.MatAdd(_ones_like(N, x), N.ScalarMul(-1, _sq(N, x))), -_HALF))),
         sympy.acos, _mp("acos"), _std("arccos", torch="torch.acos"),
         domain="unit", latex="\\arccos"),
    _row("arctan", np.arctan,
         _d("arctan'(x) = (1 + x^{∘2})^{∘−1}")(lambda N, x, fx: N.Power(
             N.MatAdd(_ones_like(N, x), _sq(N, x)), -1)),
         sympy.atan, _mp("atan"), _std("arctan", torch="torch.atan"),
         latex="\\arctan"),
    _row("abs", np.abs,
         _d("abs'(x) = sign(x)  (subgradient 0 at 0)")(lambda N, x, fx: N.ScalarFunc("sign", x)),
         sympy.Abs, lambda ctx, x: abs(x), _std("abs"), kinks=(0.0,),
         latex="\\operatorname{abs}"),
    _row("sign", np.sign, _d("sign'(x) = 0  (x ≠ 0; 0 is used at 0)")(lambda N, x, fx: None),
         sympy.sign, lambda ctx, x: ctx.sign(x), _std("sign"), kinks=(0.0,),
         latex="\\operatorname{sign}"),
    _row("heaviside", np_heaviside,
         _d("heaviside'(x) = 0  (x ≠ 0; 0 is used at 0)")(lambda N, x, fx: None),
         lambda x: sympy.Heaviside(x, 0), _mp_heaviside,
         {"numpy": "kronsym.entrywise_funcs.np_heaviside",
          "jax": "kronsym.codegen.backends.jax.heaviside0",
          "torch": "kronsym.codegen.backends.torch.heaviside0"}, kinks=(0.0,),
         latex="\\operatorname{H}"),
    _row("sigmoid", np_sigmoid,
         _d("σ'(x) = σ(x) ∘ (1 − σ(x))")(lambda N, x, fx: N.Hadamard(
             fx, N.MatAdd(_ones_like(N, x), N.ScalarMul(-1, fx)))),
         lambda x: 1 / (1 + sympy.exp(-x)), _mp_sigmoid,
         {"numpy": "kronsym.entrywise_funcs.np_sigmoid", "jax": "jax.nn.sigmoid",
          "torch": "torch.special.expit"},
         latex="\\sigma"),
    _row("relu", np_relu,
         _d("relu'(x) = heaviside(x)  (subgradient 0 at 0)")(
             lambda N, x, fx: N.ScalarFunc("heaviside", x)),
         lambda x: sympy.Max(x, 0), _mp_relu,
         {"numpy": "kronsym.entrywise_funcs.np_relu", "jax": "jax.nn.relu",
          "torch": "torch.relu"}, kinks=(0.0,),
         latex="\\operatorname{relu}"),
    _row("softplus", np_softplus,
         _d("softplus'(x) = σ(x)")(lambda N, x, fx: N.ScalarFunc("sigmoid", x)),
         lambda x: sympy.log(1 + sympy.exp(x)), _mp_softplus,
         {"numpy": "kronsym.entrywise_funcs.np_softplus", "jax": "jax.nn.softplus",
          "torch": "kronsym.codegen.backends.torch.softplus0"},
         latex="\\operatorname{softplus}"),
]

#: name -> row; the order is the order of the docs
ENTRYWISE_FUNCS: Dict[str, EntrywiseFunction] = {r.name: r for r in _ROWS}


def function(name: str) -> EntrywiseFunction:
    """The row of ``name``, or a ValueError listing the known names.

    >>> function("tanh").name
    'tanh'
    """
    row: Optional[EntrywiseFunction] = ENTRYWISE_FUNCS.get(name) if isinstance(name, str) else None
    if row is None:
        raise ValueError(f"unknown entrywise function {name!r:.40}; known: "
                         f"{', '.join(ENTRYWISE_FUNCS)}")
    return row
