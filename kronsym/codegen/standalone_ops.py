"""Native spellings of the IR ops for standalone source (``ks.codegen(..., standalone=True)``).

Owns: ``NATIVE`` (backend -> {IR op -> template}), ``HELPERS`` (the small functions a
template may ask for, written in the backend's own library, emitted once at the top of
the module) and ``IMPORTS``. A template is ``fn(S, args) -> str``: ``args`` are the IR
instruction's arguments and ``S`` renders them (``S.src(a)``), names the array module
(``S.xp``) and records helpers (``S.need("name")``).

Contract: every op of kronsym.codegen.ir.OPS has a template for every backend here
(tests/codegen/test_standalone.py checks it; an op in the backend's UNSUPPORTED has a
template that refuses with its reason); the source calls numpy, jax, torch or mpmath
only (and scipy.linalg / jax.scipy.linalg for kronsym.codegen.standalone_linalg's ops) -- reshape, transpose, matmul, solve, gathers -- and forms a Kronecker
product (``kron``) only where the lowering asked for its value.
"""
from __future__ import annotations

from typing import Callable, Dict

__all__ = ["NATIVE", "HELPERS", "IMPORTS", "func_src"]

IMPORTS = {
    "numpy": ("import numpy as np",),
    "jax": ("import jax", "import jax.numpy as jnp", "import numpy as np"),
    "torch": ("import numpy as np", "import torch"),
    "mpmath": ("import mpmath", "import numpy as np"),
}
_XP = {"numpy": "np", "jax": "jnp", "torch": "torch", "mpmath": "np"}

# --- helpers: plain functions of the backend's library, emitted only when used -------------
_INDEX = {
    "_vech_index": '''def _vech_index(n):
    """Positions in vec(S) of the lower triangle, column by column (vech)."""
    j, i = np.triu_indices(n)
    return j * n + i
''',
    "_dup_index": '''def _dup_index(n):
    """For each position of vec(S), the position in vech(S) holding it (D_n as a gather)."""
    j, i = np.triu_indices(n)
    k = np.zeros((n, n), dtype=np.int64)
    k[i, j] = np.arange(j.size)
    k[j, i] = np.arange(j.size)
    return k.T.reshape(-1)
''',
    "_commutation_index": '''def _commutation_index(m, n):
    """Row r of K_{m,n} is row _commutation_index(m, n)[r] of the identity."""
    return np.arange(m * n).reshape(n, m).T.reshape(-1)
''',
    "_lower_mask": '''def _lower_mask(n):
    """1 at the lower-triangle positions of vec(S), else 0 (a column)."""
    mask = np.zeros(n * n)
    mask[_vech_index(n)] = 1.0
    return mask.reshape(-1, 1)
''',
    "_diag_mask": '''def _diag_mask(n):
    """1 at the diagonal positions of vec(S), else 0 (a column)."""
    mask = np.zeros(n * n)
    mask[np.arange(n) * (n + 1)] = 1.0
    return mask.reshape(-1, 1)
''',
}
_HELPER_NEEDS = {"_lower_mask": ("_vech_index",)}


def _array_helpers(xp: str, idx: str) -> Dict[str, str]:
    """Helpers over numpy, jax.numpy or torch (``idx``: how a numpy index array is used)."""
    return {
        "_norm2": f'''def _norm2(a):
    """The 2-norm scaled by the largest magnitude (no overflow of the squares)."""
    s = {xp}.max({xp}.abs(a))
    s = {xp}.where(s > 0, s, {xp}.ones_like(s))
    return (s * {xp}.sqrt({xp}.sum((a / s) ** 2))).reshape(1, 1)
''',
        "_logsumexp": f'''def _logsumexp(v):
    """log Σ exp v, shifted by the largest real part."""
    m = {xp}.max({xp}.real(v))
    return (m + {xp}.log({xp}.sum({xp}.exp(v - m)))).reshape(1, 1)
''',
        "_softmax": f'''def _softmax(v):
    """exp v / Σ exp v, shifted by the largest real part."""
    e = {xp}.exp(v - {xp}.max({xp}.real(v)))
    return e / {xp}.sum(e)
''',
        "_logdet": f'''def _logdet(a):
    """log |det a| (for complex a: log(σ det a), σ = -1 where Re det a < 0), by slogdet."""
    sign, la = {xp}.linalg.slogdet(a)
    if {xp}.is_complex(a) if hasattr({xp}, "is_complex") else {xp}.iscomplexobj(a):
        la = la + {xp}.log(sign * {xp}.where({xp}.real(sign) < 0, -1.0, 1.0))
    return la.reshape(1, 1)
''',
        "_norm_power": f'''def _norm_power(s, k):
    """s ** k where s != 0, 0 where s == 0 (the gradient x / |x| of a norm is 0 at x = 0)."""
    zero = s == 0
    return {xp}.where(zero, {xp}.zeros_like(s), {xp}.where(zero, {xp}.ones_like(s), s) ** k)
''',
        "_take": f'''def _take(v, idx):
    """The rows of v at the positions idx (a gather)."""
    return v[{idx}]
''',
    }


_MP_HELPERS = {
    "_mp": '''def _mp(x):
    """An object array of mpmath numbers."""
    return np.vectorize(lambda v: mpmath.mpc(v) if isinstance(v, complex) else mpmath.mpf(v),
                        otypes=[object])(x)
''',
    "_mat": '''def _mat(a):
    return mpmath.matrix(a.tolist())
''',
    "_arr": '''def _arr(m):
    return np.array(m.tolist(), dtype=object).reshape(m.rows, m.cols)
''',
    "_ew": '''def _ew(f, a):
    """f entry by entry; nan where numpy gives nan (out of the real domain, log(0), 1/0)."""
    out = np.empty(a.shape, dtype=object)
    for idx, v in np.ndenumerate(a):
        try:
            r = f(v)
            out[idx] = mpmath.mpf("nan") if not isinstance(v, mpmath.mpc) and \\
                isinstance(r, mpmath.mpc) else r
        except (ValueError, ZeroDivisionError):
            out[idx] = mpmath.mpf("nan")
    return out
''',
    "_shifted_exp": '''def _shifted_exp(v):
    m = max(mpmath.re(x) for x in v.ravel())
    return m, _ew(lambda x: mpmath.exp(x - m), v)
''',
    "_trace": '''def _trace(a):
    return np.array([[mpmath.fsum(a[i, i] for i in range(a.shape[0]))]], dtype=object)
''',
    "_reduce_sum": '''def _reduce_sum(a, axis):
    if axis == 2:
        return np.array([[mpmath.fsum(a.ravel())]], dtype=object)
    if axis == 0:
        return np.array([[mpmath.fsum(a[:, j]) for j in range(a.shape[1])]], dtype=object)
    return np.array([[mpmath.fsum(a[i, :])] for i in range(a.shape[0])], dtype=object)
''',
}
_MP_NEEDS = {"_shifted_exp": ("_ew",)}

HELPERS: Dict[str, Dict[str, str]] = {
    "numpy": {**_INDEX, **_array_helpers("np", "idx")},
    "jax": {**_INDEX, **_array_helpers("jnp", "idx")},
    "torch": {**_INDEX, **_array_helpers("torch", "torch.as_tensor(idx)")},
    "mpmath": {**_INDEX, **_array_helpers("np", "idx"), **_MP_HELPERS},
}
#: helpers that call other helpers
HELPER_NEEDS = {**_HELPER_NEEDS, **_MP_NEEDS}


# --- templates -------------------------------------------------------------------------------
def _join(S, args, op: str) -> str:
    return f" {op} ".join(S.src(a, 1) for a in args)


def _kron_apply(S, args) -> str:
    """(F₁ ⊗ … ⊗ F_k) V by one matrix product per dense factor on its mode, never forming
    ⊗: Vᵀ (columns first) viewed as a tensor, the first dense mode as ``F @ t`` batched
    over V's columns, a middle one batched over the modes before it, the last one as
    ``t @ Fᵀ`` (a plain product); an identity mode is skipped, K_{m,n}'s mode (n, m) is
    swapped to (m, n). For (A ⊗ B) v this is A X Bᵀ with X = v as n×q."""
    factors, V = args
    v = S.src(V)
    k = f"{v}.shape[1]"
    before: list = [k]                       # sizes of the axes ahead of the current mode
    e = f"{v}.T"
    last = len(factors) - 1
    for i, fct in enumerate(factors):
        lead = " * ".join(before)
        if fct[0] == "I":
            before.append(S.src(fct[1], 1))
        elif fct[0] == "K":
            m, n = S.src(fct[1], 1), S.src(fct[2], 1)
            e = f"{S.xp}.moveaxis({e}.reshape({lead}, {n}, {m}, -1), 1, 2)"
            before.append(f"{m} * {n}")
        else:
            a = S.src(fct[1])
            if i == last:
                e = f"({e}.reshape(-1, {a}.shape[1]) @ {a}.T)"
            else:
                e = f"({a} @ {e}.reshape({lead}, {a}.shape[1], -1))"
            before.append(f"{a}.shape[0]")
    return f"{e}.reshape({k}, -1).T"


def _commute(S, m, n, v) -> str:
    return f"{S.xp}.moveaxis({v}.reshape({n}, {m}, -1), 0, 1).reshape({m} * {n}, -1)"


def _const(S, expr: str) -> str:
    """A float64 constant of the backend built from a numpy expression."""
    if S.backend == "numpy":
        return expr
    if S.backend == "mpmath":
        S.need("_mp")
        return f"_mp({expr})"
    return f"{S.xp}.asarray({expr}, dtype={S.xp}.float64)"


def _take(S, v: str, idx: str) -> str:
    S.need(idx.split("(")[0])
    if S.backend == "torch":
        return f"{v}[torch.as_tensor({idx})]"
    return f"{v}[{idx}]"


def _mask(S, which: str, n: str) -> str:
    S.need(which)
    return _const(S, f"{which}({n})")


def _dims(S, args):
    return [S.src(a) for a in args]


def _common(xp: str) -> Dict[str, Callable]:
    f64 = f"dtype={xp}.float64"
    return {
        "eye": lambda S, a: f"{xp}.eye({S.src(a[0])}, {f64})",
        "zeros": lambda S, a: f"{xp}.zeros(({S.src(a[0])}, {S.src(a[1])}), {f64})",
        "ones": lambda S, a: f"{xp}.ones(({S.src(a[0])}, {S.src(a[1])}), {f64})",
        "commutation": lambda S, a: _take(S, f"{xp}.eye({S.src(a[0], 1)} * {S.src(a[1], 1)}, {f64})",
                                          f"_commutation_index({S.src(a[0])}, {S.src(a[1])})"),
        "matmul": lambda S, a: f"{S.src(a[0], 1)} @ {S.src(a[1], 1)}",
        "add": lambda S, a: _join(S, a, "+"),
        "scale": lambda S, a: f"{S.src(a[0], 1)} * {S.src(a[1], 1)}",
        "smul": lambda S, a: f"{S.src(a[0])}[0, 0] * {S.src(a[1], 1)}",
        "transpose": lambda S, a: f"{S.src(a[0])}.T",
        "kron": lambda S, a: _kron(S, a),
        "vec": lambda S, a: f"{S.src(a[0])}.T.reshape(-1, 1)",
        "unvec": lambda S, a: f"{S.src(a[0])}.reshape({S.src(a[2])}, {S.src(a[1])}).T",
        "inv": lambda S, a: f"{xp}.linalg.inv({S.src(a[0])})",
        "solve": lambda S, a: f"{xp}.linalg.solve({S.src(a[0])}, {S.src(a[1])})",
        "trace": lambda S, a: f"{xp}.trace({S.src(a[0])}).reshape(1, 1)",
        "trace_product": lambda S, a: f"{xp}.sum({S.src(a[0], 1)} * {S.src(a[1])}.T).reshape(1, 1)",
        "det": lambda S, a: f"{xp}.linalg.det({S.src(a[0])}).reshape(1, 1)",
        "logdet": lambda S, a: S.call("_logdet", a),
        "hadamard": lambda S, a: _join(S, a, "*"),
        "khatri_rao": lambda S, a: (f"({S.src(a[0])}[:, None, :] * {S.src(a[1])}[None, :, :])"
                                    f".reshape({S.src(a[0])}.shape[0] * {S.src(a[1])}.shape[0], -1)"),
        "diag": lambda S, a: f"{xp}.diag({S.src(a[0])}[:, 0])",
        "power": lambda S, a: f"{S.src(a[0], 2)} ** {S.src(a[1], 2)}",
        "norm_power": lambda S, a: S.call("_norm_power", a),
        "func": lambda S, a: func_src(S, a[0], S.src(a[1])),
        "kron_apply": _kron_apply,
        "commute_apply": lambda S, a: _commute(S, *_dims(S, a)),
        "duplication": lambda S, a: _take(S, f"{xp}.eye({S.src(a[0], 1)} * ({S.src(a[0], 1)} + 1) "
                                             f"// 2, {f64})", f"_dup_index({S.src(a[0])})"),
        "elimination": lambda S, a: _take(S, f"{xp}.eye({S.src(a[0], 1)} * {S.src(a[0], 1)}, {f64})",
                                          f"_vech_index({S.src(a[0])})"),
        "symmetrizer": lambda S, a: _sym(S, S.src(a[0]), f"{xp}.eye({S.src(a[0], 1)} * "
                                                         f"{S.src(a[0], 1)}, {f64})"),
        "vech": lambda S, a: _take(S, f"{S.src(a[0])}.T.reshape(-1, 1)",
                                   f"_vech_index({S.src(a[0])}.shape[0])"),
        "dup_apply": lambda S, a: _take(S, S.src(a[1]), f"_dup_index({S.src(a[0])})"),
        "elim_apply": lambda S, a: _take(S, S.src(a[1]), f"_vech_index({S.src(a[0])})"),
        "sym_apply": lambda S, a: _sym(S, S.src(a[0]), S.src(a[1])),
        "elim_t_apply": lambda S, a: (f"{_mask(S, '_lower_mask', S.src(a[0]))} * "
                                      f"{_take(S, S.src(a[1]), f'_dup_index({S.src(a[0])})')}"),
        "dup_t_apply": lambda S, a: _dup_t(S, S.src(a[0]), S.src(a[1])),
        "reduce_sum": lambda S, a: _reduce(S, xp, S.src(a[0]), a[1]),
        "diagonal": lambda S, a: f"{xp}.diagonal({S.src(a[0])}).reshape(-1, 1)",
        "norm2": lambda S, a: S.call("_norm2", a),
        "norm1": lambda S, a: (f"{xp}.sum({xp}.where({xp}.real({S.src(a[0])}) < 0, -{S.src(a[0], 2)}, "
                               f"{S.src(a[0])})).reshape(1, 1)"),
        "logsumexp": lambda S, a: S.call("_logsumexp", a),
        "softmax": lambda S, a: S.call("_softmax", a),
        "matrix_power": lambda S, a: f"{xp}.linalg.matrix_power({S.src(a[0])}, int({S.src(a[1])}))",
    }


def _kron(S, a) -> str:
    parts = [S.src(x) for x in a]
    if S.backend == "torch":
        parts = [f"{p}.contiguous()" for p in parts]
    out = parts[0]
    for p in parts[1:]:
        out = f"{S.xp}.kron({out}, {p})"
    return out


def _sym(S, n: str, v: str) -> str:
    half = "mpmath.mpf(0.5)" if S.backend == "mpmath" else "0.5"
    return f"({v} + {_commute(S, n, n, v)}) * {half}"


def _dup_t(S, n: str, v: str) -> str:
    S.need("_diag_mask")
    w = f"({v} + {_commute(S, n, n, v)} - {_const(S, f'_diag_mask({n})')} * {v})"
    return _take(S, w, f"_vech_index({n})")


def _reduce(S, xp: str, a: str, axis) -> str:
    if S.backend == "mpmath":
        return S.call("_reduce_sum", (S.raw(a), axis))
    if axis == 2:
        return f"{xp}.sum({a}).reshape(1, 1)"
    return f"{xp}.sum({a}, {axis}).reshape({'(1, -1)' if axis == 0 else '(-1, 1)'})"


# --- entrywise functions ---------------------------------------------------------------------
_OWN = {
    "numpy": {"heaviside": "np.heaviside({x}, 0.0)", "sigmoid": "np.exp(-np.logaddexp(0, -{x}))",
              "relu": "np.maximum({x}, 0)", "softplus": "np.logaddexp(0, {x})"},
    "jax": {"heaviside": "jnp.heaviside({x}, 0.0)"},
    "torch": {"heaviside": "torch.heaviside({x}, torch.zeros((), dtype={x}.dtype))",
              "softplus": "torch.logaddexp({x}, torch.zeros((), dtype={x}.dtype))"},
}
_MP_FUNC = {
    "exp": "mpmath.exp", "log": "mpmath.log", "sqrt": "mpmath.sqrt", "sin": "mpmath.sin",
    "cos": "mpmath.cos", "tan": "mpmath.tan", "tanh": "mpmath.tanh", "arcsin": "mpmath.asin",
    "arccos": "mpmath.acos", "arctan": "mpmath.atan", "abs": "abs", "sign": "mpmath.sign",
    "heaviside": "lambda v: mpmath.mpf(1 if v > 0 else 0)",
    "sigmoid": "lambda v: 1 / (1 + mpmath.exp(-v))",
    "relu": "lambda v: v if v > 0 else mpmath.mpf(0)",
    "softplus": "lambda v: mpmath.log1p(mpmath.exp(v)) if v < 30 else v + mpmath.log1p(mpmath.exp(-v))",
}


def func_src(S, name: str, x: str) -> str:
    """The backend's own call for the entrywise function ``name`` of ENTRYWISE_FUNCS."""
    from ..entrywise_funcs import function
    if S.backend == "mpmath":
        S.need("_ew")
        return f"_ew({_MP_FUNC[name]}, {x})"
    own = _OWN.get(S.backend, {}).get(name)
    if own is not None:
        return own.format(x=x)
    path = function(name).backends[S.backend]
    for prefix, alias in (("numpy.", "np."), ("jax.numpy.", "jnp.")):
        if path.startswith(prefix):
            path = alias + path[len(prefix):]
    if path.startswith("kronsym."):
        raise NotImplementedError(f"standalone {S.backend}: no native spelling of {name}")
    return f"{path}({x})"


def _mpmath() -> Dict[str, Callable]:
    ops = _common("np")

    def mp(expr):
        return lambda S, a: _const(S, expr(S, a))
    ops.update({
        "eye": mp(lambda S, a: f"np.eye({S.src(a[0])})"),
        "zeros": mp(lambda S, a: f"np.zeros(({S.src(a[0])}, {S.src(a[1])}))"),
        "ones": mp(lambda S, a: f"np.ones(({S.src(a[0])}, {S.src(a[1])}))"),
        "scale": lambda S, a: f"mpmath.mpmathify({S.src(a[0])}) * {S.src(a[1], 1)}",
        "inv": lambda S, a: S.wrap("_arr", S.wrap("_mat", S.src(a[0])) + " ** -1"),
        "solve": lambda S, a: S.wrap("_arr", f"{S.wrap('_mat', S.src(a[0]))} ** -1 * "
                                            f"{S.wrap('_mat', S.src(a[1]))}"),
        "trace": lambda S, a: S.call("_trace", a),
        "trace_product": lambda S, a: f"np.array([[np.sum({S.src(a[0], 1)} * {S.src(a[1])}.T)]], dtype=object)",
        "det": lambda S, a: f"np.array([[mpmath.det({S.wrap('_mat', S.src(a[0]))})]], dtype=object)",
        "logdet": lambda S, a: (f"np.array([[mpmath.log(abs(mpmath.det({S.wrap('_mat', S.src(a[0]))})))]], "
                                f"dtype=object)"),
        "diag": lambda S, a: f"np.diag({S.src(a[0])}[:, 0]) + {_const(S, f'np.zeros(({S.src(a[0])}.shape[0],) * 2)')}",
        "power": lambda S, a: S.call("_ew", (S.raw(f"lambda v: mpmath.power(v, {S.src(a[1])})"), a[0])),
        "norm_power": lambda S, a: S.call("_ew", (S.raw(f"lambda v: mpmath.mpf(0) if v == 0 else "
                                                        f"mpmath.power(v, {S.src(a[1])})"), a[0])),
        "norm2": lambda S, a: (f"np.array([[mpmath.sqrt(mpmath.fsum(v * v for v in {S.src(a[0])}.ravel()))]], "
                               f"dtype=object)"),
        "norm1": lambda S, a: (f"np.array([[mpmath.fsum(-v if mpmath.re(v) < 0 else v for v in "
                               f"{S.src(a[0])}.ravel())]], dtype=object)"),
        "logsumexp": lambda S, a: _mp_lse(S, S.src(a[0])),
        "softmax": lambda S, a: _mp_softmax(S, S.src(a[0])),
        "matrix_power": lambda S, a: S.wrap("_arr", f"{S.wrap('_mat', S.src(a[0]))} ** int({S.src(a[1])})"),
        "diagonal": lambda S, a: f"np.diagonal({S.src(a[0])}).reshape(-1, 1)",
    })
    return ops


def _mp_lse(S, v: str) -> str:
    S.need("_shifted_exp")
    return (f"np.array([[(lambda m, e: m + mpmath.log(mpmath.fsum(e.ravel())))"
            f"(*_shifted_exp({v}))]], dtype=object)")


def _mp_softmax(S, v: str) -> str:
    S.need("_shifted_exp")
    return f"(lambda e: e / mpmath.fsum(e.ravel()))(_shifted_exp({v})[1])"


NATIVE: Dict[str, Dict[str, Callable]] = {
    "numpy": _common("np"), "jax": _common("jnp"), "torch": _common("torch"), "mpmath": _mpmath(),
}
# Aᵀ diag(d) A (kronsym.codegen.lower_matvec.weighted_gram_tail): Aᵀ (d ∘ A) in every backend
for _table in NATIVE.values():
    _table["weighted_gram"] = (lambda S, a: f"{S.src(a[0], 1)}.T @ ({S.src(a[1], 1)} * "
                                            f"{S.src(a[0], 1)})")
# matrix functions, the pseudo-inverse family and LU (kronsym.codegen.standalone_linalg);
# numpy's spellings call scipy.linalg, jax's jax.scipy.linalg, where their runtimes do
from .standalone_linalg import linalg_helpers, linalg_needs, linalg_templates  # noqa: E402
IMPORTS["numpy"] += ("import scipy.linalg",)
IMPORTS["jax"] += ("import jax.scipy.linalg",)
#: helpers that call other helpers in one backend only (standalone_linalg's)
BACKEND_NEEDS: Dict[str, Dict[str, tuple]] = {}
for _b, _table in NATIVE.items():
    _table.update(linalg_templates(_b))
    HELPERS[_b].update(linalg_helpers(_b))
    BACKEND_NEEDS[_b] = linalg_needs(_b)
