"""Standalone spellings of the matrix-function, pseudo-inverse and LU ops.

Owns: ``linalg_templates(backend)`` (IR op -> template, as NATIVE in
kronsym.codegen.standalone_ops) and ``linalg_helpers(backend)`` (helper name -> source)
for ``expm``, ``logm``, ``sqrtm`` and their ``*_frechet_apply`` / ``*_jacobian``
(kronsym/codegen/lower_matfuncs.py), ``pinv``, ``adj``, ``eigvalsh``, ``eigvecsh``,
``nuclear_norm``, ``polar`` (lower_pseudo.py) and ``lu_factor`` / ``lu_solve``
(lower_solve.py); ``linalg_needs(backend)`` (the helpers each helper calls).

Contract: each spelling computes what the backend runtime computes
(kronsym/codegen/backends/_matfuncs.py, _pseudo.py; for numpy kronsym.matfunc_numeric and
kronsym.pseudo_eval on real input): numpy calls ``scipy.linalg`` where the numpy backend
does (expm, logm, sqrtm, expm_frechet, solve_sylvester, lu_factor / lu_solve), jax calls
``jax.scipy.linalg``; a Jacobian applied, J_f(X) V, is one Fréchet derivative per column of
V (never J_f(X) formed), and ``<f>_jacobian(X)`` is J_f(X) I. An op the backend lists in
its ``UNSUPPORTED`` (jax: logm; torch: logm, sqrtm) has a template that raises
NotImplementedError with the backend's own reason, worded as lambdify's. Differences
from the runtime: complex input to the numpy pseudo-inverse family takes the library's
(conjugating) route, not kronsym.pseudo_eval's analytic continuation, and no complex-step
special case is made for logm / sqrtm; a repeated eigenvalue in ``eigvecsh`` raises
numpy.linalg.LinAlgError (kronsym's RepeatedEigenvalueError is one) with the same text.
"""
from __future__ import annotations

from typing import Callable, Dict

__all__ = ["linalg_templates", "linalg_helpers", "linalg_needs"]

_FUNCS = ("expm", "logm", "sqrtm")
_SLA = {"numpy": "scipy.linalg", "jax": "jax.scipy.linalg"}

_REPEATED = ('f"eigvecsh: the eigenvalue {{{w}}} of the {{{n}}}×{{{n}}} symmetric matrix has '
             'multiplicity {{k}}; eigenvectors, and the derivatives of eigvalsh, exist only '
             'where the eigenvalues are simple"')


def _unsupported(backend: str) -> Dict[str, str]:
    from .backends._matfuncs import JAX_UNSUPPORTED, TORCH_UNSUPPORTED
    return {"jax": JAX_UNSUPPORTED, "torch": TORCH_UNSUPPORTED}.get(backend, {})


def _refuse(backend: str, op: str, reason: str) -> Callable:
    def template(S, a):
        raise NotImplementedError(f"the {backend} backend has no IR op {op!r}: {reason}")
    return template


# --- helpers ---------------------------------------------------------------------------------
def _frechet_apply(xp: str) -> str:
    return f'''def _frechet_apply(d, x, v):
    """J_f(X) V without J_f(X): column j is vec d(X, unvec V[:, j]), d the Fréchet derivative."""
    n = x.shape[0]
    return {xp}.stack([d(x, v[:, j].reshape(n, n).T).T.reshape(-1) for j in range(v.shape[1])], 1)
'''


_NUMPY_MATFUNCS = {
    "_out_of_domain": '''def _out_of_domain(x):
    """A non-finite entry, or an eigenvalue on the closed negative real axis (no principal
    logm / sqrtm of a real matrix there)."""
    if not np.all(np.isfinite(x)):
        return True
    w = np.linalg.eigvals(np.real(x) if np.iscomplexobj(x) else x)
    s = max(1.0, float(np.max(np.abs(w))))
    return bool(np.any((np.abs(w.imag) <= 1e-12 * s) & (w.real <= 1e-12 * s)))
''',
    "_logm": '''def _logm(x):
    """The principal logarithm (scipy.linalg.logm), real for real x; nan out of its domain."""
    if _out_of_domain(x):
        return np.full(x.shape, np.nan, dtype=np.result_type(x, float))
    y = scipy.linalg.logm(x)
    return y if np.iscomplexobj(x) else np.real(y)
''',
    "_sqrtm": '''def _sqrtm(x):
    """The principal square root (scipy.linalg.sqrtm), real for real x; nan out of its domain."""
    if _out_of_domain(x):
        return np.full(x.shape, np.nan, dtype=np.result_type(x, float))
    y = scipy.linalg.sqrtm(x)
    return y if np.iscomplexobj(x) else np.real(y)
''',
    "_expm_frechet": '''def _expm_frechet(x, e):
    """L_exp(X, E) (scipy.linalg.expm_frechet, Al-Mohy & Higham)."""
    return scipy.linalg.expm_frechet(x, e, compute_expm=False)
''',
    "_logm_frechet": '''def _logm_frechet(x, e):
    """L_log(X, E): Daleckii-Krein U (F * Uᵀ E U) Uᵀ for a symmetric real X (F the divided
    differences of log), else the upper-right block of logm([[X, E], [0, X]])."""
    n = x.shape[0]
    if _out_of_domain(x):
        return np.full(x.shape, np.nan, dtype=np.result_type(x, e, float))
    if not np.iscomplexobj(x) and np.array_equal(x, x.T):
        w, u = np.linalg.eigh(x)
        a, b = w[:, None], w[None, :]
        d = a - b
        mask = np.abs(d) > 1e-12 * np.maximum(np.abs(a), np.abs(b))
        s = np.where(mask, d, 1.0)
        z = np.where(mask, np.log1p(np.where(mask, d, 0.0) / b) / s, 2.0 / (a + b))
        return u @ (z * (u.T @ e @ u)) @ u.T
    z = np.zeros((2 * n, 2 * n), dtype=np.result_type(x, e))
    z[:n, :n] = x
    z[n:, n:] = x
    z[:n, n:] = e
    y = scipy.linalg.logm(z)[:n, n:]
    return y if np.iscomplexobj(x) or np.iscomplexobj(e) else np.real(y)
''',
    "_sqrtm_frechet": '''def _sqrtm_frechet(x, e):
    """L_sqrt(X, E): the Z with Y Z + Z Y = E, Y = X^(1/2) (scipy.linalg.solve_sylvester)."""
    y = _sqrtm(x)
    return scipy.linalg.solve_sylvester(y, y, e)
''',
}

_JAX_MATFUNCS = {
    "_expm_frechet": '''def _expm_frechet(x, e):
    """L_exp(X, E) (jax.scipy.linalg.expm_frechet)."""
    return jax.scipy.linalg.expm_frechet(x, e, compute_expm=False)
''',
    "_sqrtm": '''def _sqrtm(x):
    """The principal square root (jax.scipy.linalg.sqrtm), real for real x."""
    y = jax.scipy.linalg.sqrtm(x)
    return y if jnp.iscomplexobj(x) else jnp.real(y)
''',
    "_sqrtm_frechet": '''def _sqrtm_frechet(x, e):
    """L_sqrt(X, E): the Z with Y Z + Z Y = E, Y = X^(1/2) (a Sylvester solve)."""
    y = _sqrtm(x)
    return jax.scipy.linalg.solve_sylvester(y, y, e)
''',
}

_TORCH_MATFUNCS = {
    "_expm_frechet": '''def _expm_frechet(x, e):
    """L_exp(X, E): the upper-right block of matrix_exp([[X, E], [0, X]])."""
    n = x.shape[0]
    z = torch.zeros((2 * n, 2 * n), dtype=torch.result_type(x, e))
    z[:n, :n] = x
    z[n:, n:] = x
    z[:n, n:] = e
    return torch.linalg.matrix_exp(z)[:n, n:]
''',
}

_MP_MATFUNCS = {
    "_block_frechet": '''def _block_frechet(g, x, e):
    """L_g(X, E): the upper-right block of g([[X, E], [0, X]]) at the working precision."""
    n = x.shape[0]
    z = _mp(np.zeros((n, n)))
    return _arr(g(_mat(np.block([[x, e], [z, x]]))))[:n, n:]
''',
    **{f"_{f}_frechet": f'''def _{f}_frechet(x, e):
    return _block_frechet(mpmath.{f}, x, e)
''' for f in _FUNCS},
}


def _check_simple(host: str) -> str:
    """``_check_simple(w)``: refuse a repeated eigenvalue (``host``: w as a numpy array)."""
    return f'''def _check_simple(w):
    """Eigenvectors exist only at simple eigenvalues: refuse two that agree to √eps·max|λ|."""
    w = np.real({host}).ravel()
    if w.size < 2:
        return
    t = float(np.sqrt(np.finfo(float).eps)) * max(1.0, float(np.max(np.abs(w))))
    g = np.diff(w)
    if np.all(g > t):
        return
    i = int(np.argmin(g))
    k = int(np.sum(np.abs(w - w[i]) <= 2 * t))
    raise np.linalg.LinAlgError({_REPEATED.format(w="w[i]:.6g", n="w.size")})
'''


def _array_pseudo(xp: str, backend: str) -> Dict[str, str]:
    eye_bool = {"torch": "torch.eye(n, dtype=torch.bool)"}.get(backend, f"{xp}.eye(n, dtype=bool)")
    host = {"numpy": "np.asarray(w)", "jax": "np.asarray(w)",
            "torch": "w.detach().cpu().numpy()"}[backend]
    check = "    _check_simple(w)\n"
    if backend == "jax":                 # under jax.jit the eigenvalues are abstract: no check
        check = ("    try:\n        _check_simple(w)\n"
                 "    except jax.errors.TracerArrayConversionError:\n        pass\n")
    out = {
        "_check_simple": _check_simple(host),
        "_adj": f'''def _adj(x):
    """adj X = det(U) det(V) V diag(Π_(j≠i) σ_j) Uᵀ from the SVD (singular X included)."""
    n = x.shape[0]
    u, s, v = {xp}.linalg.svd(x)
    d = {xp}.prod({xp}.where({eye_bool}, {xp}.ones_like(x), s[None, :] + 0 * x), 1)
    return {xp}.linalg.det(u) * {xp}.linalg.det(v) * (v.T * d) @ u.T
''',
        "_eigvecsh": f'''def _eigvecsh(x):
    """The eigenvectors of (S + Sᵀ)/2 (ascending eigenvalues), each column signed so that
    its entry largest in magnitude is positive; an error at a repeated eigenvalue."""
    w, v = {xp}.linalg.eigh((x + x.T) / 2)
{check}    i = {xp}.argmax({xp}.abs(v), 0)
    s = v[i, {xp}.arange(v.shape[1])]
    return v * {xp}.where(s < 0, -{xp}.ones_like(s), {xp}.ones_like(s))
''',
        "_polar": f'''def _polar(x):
    """U Vᵀ of the thin SVD X = U Σ Vᵀ."""
    u, s, v = {xp}.linalg.svd(x, full_matrices=False)
    return u @ v
''',
    }
    if backend == "numpy":
        out["_pinv"] = '''def _pinv(x):
    """X⁺ (numpy.linalg.pinv, cutoff max(m, n)·eps·σ_max)."""
    if x.size == 0:
        return np.zeros(x.shape[::-1])
    return np.linalg.pinv(x, rcond=max(x.shape) * np.finfo(float).eps)
'''
    else:
        out["_pinv"] = f'''def _pinv(x):
    """X⁺ from the thin SVD, cutoff max(m, n)·eps·σ_max."""
    u, s, v = {xp}.linalg.svd(x, full_matrices=False)
    e = float(np.finfo(np.float32 if str(x.dtype).endswith("float32") else np.float64).eps)
    t = max(x.shape) * e * (s.max() if s.shape[0] else 0.0)
    d = {xp}.where(s > t, 1.0 / {xp}.where(s > t, s, {xp}.ones_like(s)), {xp}.zeros_like(s))
    return (v.T * d) @ u.T
'''
    return out


_MP_PSEUDO = {
    "_svd": '''def _svd(a):
    """The thin SVD (U, s, Vᵀ) at the working precision (a wide matrix via its transpose)."""
    if a.shape[0] >= a.shape[1]:
        u, s, v = mpmath.svd_r(_mat(a))
        return _arr(u), [s[i] for i in range(len(s))], _arr(v)
    u, s, v = mpmath.svd_r(_mat(a.T))
    return _arr(v).T, [s[i] for i in range(len(s))], _arr(u).T
''',
    "_pinv": '''def _pinv(a):
    """X⁺ from the SVD, cutoff max(m, n)·σ_max·10^(-dps)."""
    u, s, v = _svd(a)
    t = max(a.shape) * max(s + [mpmath.mpf(0)]) * mpmath.mpf(10) ** (-mpmath.mp.dps)
    return (v.T * np.array([1 / x if x > t else mpmath.mpf(0) for x in s], dtype=object)) @ u.T
''',
    "_adj": '''def _adj(a):
    """adj X = det(U) det(V) V diag(Π_(j≠i) σ_j) Uᵀ from the SVD (singular X included)."""
    n = a.shape[0]
    u, s, v = _svd(a)
    d = np.array([mpmath.fprod([s[j] for j in range(n) if j != i]) for i in range(n)], dtype=object)
    return mpmath.det(_mat(u)) * mpmath.det(_mat(v)) * ((v.T * d) @ u.T)
''',
    "_eigsy": '''def _eigsy(a):
    """Eigenvalues (ascending) and eigenvectors of (S + Sᵀ)/2 (mpmath.eigsy)."""
    e, q = mpmath.eigsy(_mat((a + a.T) * mpmath.mpf(0.5)))
    w = [e[i] for i in range(e.rows)]
    o = sorted(range(len(w)), key=lambda i: w[i])
    return [w[i] for i in o], _arr(q)[:, o]
''',
    "_eigvecsh": f'''def _eigvecsh(a):
    """The eigenvectors of (S + Sᵀ)/2, columns signed so that the largest entry in
    magnitude is positive; an error at a repeated eigenvalue."""
    w, v = _eigsy(a)
    t = max([abs(x) for x in w] + [mpmath.mpf(1)]) * mpmath.mpf(10) ** (-(mpmath.mp.dps // 2))
    for i in range(len(w) - 1):
        if w[i + 1] - w[i] <= t:
            k = sum(1 for x in w if abs(x - w[i]) <= 2 * t)
            raise np.linalg.LinAlgError({_REPEATED.format(w="mpmath.nstr(w[i], 6)", n="len(w)")})
    for j in range(v.shape[1]):
        i = max(range(v.shape[0]), key=lambda r: abs(v[r, j]))
        if v[i, j] < 0:
            v[:, j] = -v[:, j]
    return v
''',
}

def linalg_needs(backend: str) -> Dict[str, tuple]:
    """Which helpers each helper of ``backend`` calls."""
    if backend == "mpmath":
        return {"_block_frechet": ("_mp", "_mat", "_arr"), "_svd": ("_mat", "_arr"),
                "_pinv": ("_svd",), "_adj": ("_svd",), "_eigsy": ("_mat", "_arr"),
                "_eigvecsh": ("_eigsy",), **{f"_{f}_frechet": ("_block_frechet",) for f in _FUNCS}}
    needs = {"_eigvecsh": ("_check_simple",), "_sqrtm_frechet": ("_sqrtm",)}
    if backend == "numpy":
        needs.update({"_logm": ("_out_of_domain",), "_sqrtm": ("_out_of_domain",),
                      "_logm_frechet": ("_out_of_domain",)})
    return needs


def linalg_helpers(backend: str) -> Dict[str, str]:
    """The helper sources of ``backend``'s spellings (name -> source)."""
    xp = {"numpy": "np", "jax": "jnp", "torch": "torch", "mpmath": "np"}[backend]
    base = {"_frechet_apply": _frechet_apply(xp)}
    if backend == "mpmath":
        return {**base, **_MP_MATFUNCS, **_MP_PSEUDO}
    own = {"numpy": _NUMPY_MATFUNCS, "jax": _JAX_MATFUNCS, "torch": _TORCH_MATFUNCS}[backend]
    return {**base, **own, **_array_pseudo(xp, backend)}


# --- templates -------------------------------------------------------------------------------
def _calling(helper: str) -> Callable:
    return lambda S, a: S.call(helper, a)


def _of_first(val: Callable) -> Callable:
    return lambda S, a: val(S, S.src(a[0]))


def _mp_value(f: str) -> Callable:
    return lambda S, x: S.wrap("_arr", f"mpmath.{f}({S.wrap('_mat', x)})")


def _matfunc_templates(backend: str) -> Dict[str, Callable]:
    xp = {"numpy": "np", "jax": "jnp", "torch": "torch", "mpmath": "np"}[backend]
    value = {
        "numpy": {"expm": lambda S, x: f"scipy.linalg.expm({x})",
                  "logm": lambda S, x: S.wrap("_logm", x), "sqrtm": lambda S, x: S.wrap("_sqrtm", x)},
        "jax": {"expm": lambda S, x: f"jax.scipy.linalg.expm({x})",
                "sqrtm": lambda S, x: S.wrap("_sqrtm", x)},
        "torch": {"expm": lambda S, x: f"torch.linalg.matrix_exp({x})"},
        "mpmath": {f: _mp_value(f) for f in _FUNCS},
    }[backend]
    if backend == "numpy":
        eye = "np.eye({x}.shape[0] ** 2, dtype=np.result_type({x}, float))"
    elif backend == "mpmath":
        eye = "_mp(np.eye({x}.shape[0] ** 2))"
    else:
        eye = xp + ".eye({x}.shape[0] ** 2, dtype={x}.dtype)"
    out: Dict[str, Callable] = {}
    for f, val in value.items():
        d = f"_{f}_frechet"

        def apply(S, a, d=d):
            S.need(d)
            return S.wrap("_frechet_apply", f"{d}, {S.src(a[0])}, {S.src(a[1])}")

        def jacobian(S, a, d=d):
            S.need(d)
            if backend == "mpmath":
                S.need("_mp")
            x = S.src(a[0])
            return S.wrap("_frechet_apply", f"{d}, {x}, {eye.format(x=x)}")

        out[f] = _of_first(val)
        out[f + "_frechet_apply"] = apply
        out[f + "_jacobian"] = jacobian
    return out


def _pseudo_templates(backend: str) -> Dict[str, Callable]:
    xp = {"numpy": "np", "jax": "jnp", "torch": "torch", "mpmath": "np"}[backend]
    ops: Dict[str, Callable] = {op: _calling(f"_{op}") for op in ("pinv", "adj", "eigvecsh", "polar")}
    if backend == "mpmath":
        ops["eigvalsh"] = lambda S, a: (f"np.array({S.wrap('_eigsy', S.src(a[0]))}[0], "
                                        f"dtype=object).reshape(-1, 1)")
        ops["nuclear_norm"] = lambda S, a: (f"np.array([[mpmath.fsum({S.wrap('_svd', S.src(a[0]))}"
                                            f"[1])]], dtype=object)")
        ops["polar"] = lambda S, a: f"(lambda u, s, v: u @ v)(*{S.wrap('_svd', S.src(a[0]))})"
        ops["lu_factor"] = lambda S, a: f"{S.wrap('_mat', S.src(a[0]))} ** -1"
        ops["lu_solve"] = lambda S, a: S.wrap(
            "_arr", f"{S.src(a[0])}{'.T' if int(a[2]) else ''} * {S.wrap('_mat', S.src(a[1]))}")
        return ops
    ops["eigvalsh"] = lambda S, a: f"{xp}.linalg.eigvalsh(({S.src(a[0])} + {S.src(a[0])}.T) / 2).reshape(-1, 1)"
    if backend == "numpy":
        ops["nuclear_norm"] = lambda S, a: f"np.sum(np.linalg.svd({S.src(a[0])}, compute_uv=False)).reshape(1, 1)"
    else:
        ops["nuclear_norm"] = lambda S, a: f"{xp}.sum({xp}.linalg.svdvals({S.src(a[0])})).reshape(1, 1)"
    if backend == "torch":
        ops["lu_factor"] = lambda S, a: f"torch.linalg.lu_factor({S.src(a[0])})"
        ops["lu_solve"] = lambda S, a: (f"torch.linalg.lu_solve({S.src(a[0])}[0], {S.src(a[0])}[1], "
                                        f"{S.src(a[1])}, adjoint={bool(int(a[2]))})")
    else:
        sla = _SLA[backend]
        ops["lu_factor"] = lambda S, a: f"{sla}.lu_factor({S.src(a[0])})"
        ops["lu_solve"] = lambda S, a: f"{sla}.lu_solve({S.src(a[0])}, {S.src(a[1])}, trans={int(a[2])})"
    return ops


def linalg_templates(backend: str) -> Dict[str, Callable]:
    """IR op -> template for ``backend``; an op in the backend's UNSUPPORTED refuses."""
    ops = {**_matfunc_templates(backend), **_pseudo_templates(backend)}
    for op, reason in _unsupported(backend).items():
        ops[op] = _refuse(backend, op, reason)
    return ops
