"""mpmath backend runtime: numpy object arrays of ``mpmath.mpf`` (arbitrary
precision, set with ``mpmath.mp.dps``); structure is exploited exactly as in
the numpy backend, dense linear algebra goes through ``mpmath.matrix``."""
from __future__ import annotations


import mpmath
import numpy as np

from . import numpy as _np
from ._pseudo import lu_factor, mpmath_pseudo_ops
from ...entrywise_funcs import function

NAME = "mpmath"


def _mp(x):
    return np.vectorize(lambda v: mpmath.mpc(v) if isinstance(v, complex) else mpmath.mpf(v),
                        otypes=[object])(x)


def asarray(x):
    a = np.asarray(x, dtype=object) if not isinstance(x, np.ndarray) or x.dtype != object else x
    return _mp(_np.asarray(a))


def _to_mat(a):
    return mpmath.matrix(a.tolist())


def _from_mat(M):
    return np.array(M.tolist(), dtype=object).reshape(M.rows, M.cols)


def eye(n):
    return _mp(np.eye(n))


def zeros(r, c):
    return _mp(np.zeros((r, c)))


def ones(r, c):
    return _mp(np.ones((r, c)))


def commutation(m, n):
    return _mp(_np.commutation(m, n))


argument_error = _np.argument_error
ndim = _np.ndim
#: ops whose numpy function is right for object arrays of mpf as well
_AS_NUMPY = ("matmul", "add", "transpose", "vec", "unvec", "hadamard", "khatri_rao",
             "commute_apply", "smul", "kron", "kron_apply", "vech",
             "dup_apply", "elim_apply", "dup_t_apply", "elim_t_apply",
             "weighted_gram")


def scale(c, a):
    return mpmath.mpf(c) * a if not isinstance(c, complex) else mpmath.mpc(c) * a


def inv(a):
    return _from_mat(_to_mat(a) ** -1)


def solve(a, b):
    """A⁻¹B: one LU factorization of A, solved for each column of B (no inverse)."""
    return lu_factor(a).solve(b, 0)


def trace(a):
    return np.array([[sum(a[i, i] for i in range(a.shape[0]))]], dtype=object)


def trace_product(a, b):
    return np.array([[np.sum(a * b.T)]], dtype=object)


def det(a):
    return np.array([[mpmath.det(_to_mat(a))]], dtype=object)


def logdet(a):
    d = mpmath.det(_to_mat(a))
    if isinstance(d, mpmath.mpc):       # analytic: log(σ det), σ = -1 where Re det < 0
        return np.array([[mpmath.log(-d if d.real < 0 else d)]], dtype=object)
    return np.array([[mpmath.log(abs(d))]], dtype=object)


def _real_domain(x, out):
    """numpy's meaning on real input: a value outside the real domain is nan, not complex."""
    if not isinstance(x, mpmath.mpc) and isinstance(out, mpmath.mpc):
        return mpmath.mpf("nan")
    return out


def diag(v):
    n = v.shape[0]
    out = zeros(n, n)
    for i in range(n):
        out[i, i] = v[i, 0]
    return out


def _entrywise(s, f):
    out = np.empty(s.shape, dtype=object)
    for idx, x in np.ndenumerate(s):
        try:
            out[idx] = _real_domain(x, f(x))
        except (ValueError, ZeroDivisionError):     # e.g. log(0): numpy's -inf / nan
            out[idx] = mpmath.mpf("nan")
    return out


def power(s, k):
    """X^{∘k} entry by entry."""
    return _entrywise(s, lambda x: mpmath.power(x, k))


def norm_power(s, k):
    """s^k entry by entry, 0 where s = 0 (kronsym.codegen.lower_guards)."""
    return _entrywise(s, lambda x: mpmath.mpf(0) if x == 0 else mpmath.power(x, k))


def func(name, s):
    """The entrywise function ``name`` (its row's ``mp``) entry by entry."""
    row = function(name)
    return _entrywise(s, lambda x: row.mp(mpmath, x))


# --- reductions (kronsym.codegen.lower_reductions), entry by entry in mpmath ---
def _one(x):
    return np.array([[x]], dtype=object)


def reduce_sum(a, axis):   # axis 0: column sums, 1: row sums, 2: all entries
    if axis == 2:
        return _one(mpmath.fsum(a.ravel()))
    cols = [mpmath.fsum(a[:, j]) for j in range(a.shape[1])] if axis == 0 else None
    if axis == 0:
        return np.array([cols], dtype=object)
    return np.array([[mpmath.fsum(a[i, :])] for i in range(a.shape[0])], dtype=object)


def diagonal(a):
    return np.array([[a[i, i]] for i in range(a.shape[0])], dtype=object)


def norm2(a):
    return _one(mpmath.sqrt(mpmath.fsum(x * x for x in a.ravel())))


def norm1(a):
    return _one(mpmath.fsum(-x if mpmath.re(x) < 0 else x for x in a.ravel()))


def _shifted(v):
    m = max(mpmath.re(x) for x in v.ravel())
    return m, np.array([[mpmath.exp(x - m)] for x in v.ravel()], dtype=object)


def logsumexp(v):
    m, e = _shifted(v)
    return _one(m + mpmath.log(mpmath.fsum(e.ravel())))


def softmax(v):
    _, e = _shifted(v)
    return e / mpmath.fsum(e.ravel())


def matrix_power(a, k):
    if float(k) != int(k):
        raise ValueError(f"matrix power: the exponent is {k}, not an integer")
    k = int(k)
    return _from_mat(_to_mat(a) ** k) if k else eye(a.shape[0])


# --- symmetric matrices: gathers as in the numpy backend, dense forms as mpf arrays ---
def sym_apply(n, V):
    W = V + _np.OP_TABLE["commute_apply"](n, n, V)
    return W * mpmath.mpf(0.5)


def duplication(n):
    return _mp(_np.duplication(n))


def elimination(n):
    return _mp(_np.elimination(n))


def symmetrizer(n):
    return _mp(_np.symmetrizer(n))


#: every IR op (kronsym.codegen.ir.OPS) -> its mpmath function
OP_TABLE = {
    **{op: _np.OP_TABLE[op] for op in _AS_NUMPY},
    "eye": eye, "zeros": zeros, "ones": ones, "commutation": commutation, "scale": scale,
    "inv": inv, "solve": solve, "trace": trace, "trace_product": trace_product, "det": det,
    "logdet": logdet, "diag": diag, "power": power, "norm_power": norm_power, "func": func, "sym_apply": sym_apply,
    "duplication": duplication, "elimination": elimination, "symmetrizer": symmetrizer,
    # reductions (kronsym.codegen.lower_reductions)
    "reduce_sum": reduce_sum, "diagonal": diagonal, "norm2": norm2, "norm1": norm1,
    "logsumexp": logsumexp, "softmax": softmax, "matrix_power": matrix_power,
    **mpmath_pseudo_ops(),   # pinv, adj, eigvalsh, ... (backends/_pseudo.py)
}
#: IR ops this backend has no function for, and why
UNSUPPORTED: dict = {}
# matrix functions (kronsym.codegen.lower_matfuncs): the backend's own routines
from . import _matfuncs  # noqa: E402
OP_TABLE.update(_matfuncs.mpmath_ops())
globals().update(OP_TABLE)
