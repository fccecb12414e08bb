"""Rules of the family ``pseudo`` (kronsym/rules/pseudo.py): each rule structurally (the
expected tree) and numerically (dense evaluation at dims including 1 and non-square)."""
import numpy as np
import pytest

import kronsym as ks
import kronsym.rules
from kronsym.testing import random_values

m, n, p, q = ks.dims("m n p q")
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
X, S = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("S", n, n)
c = ks.MatrixSymbol("c", n, 1)
K3 = ks.MatrixSymbol("K3", n, 3)
J3 = ks.MatrixSymbol("J3", m, 3)
w3 = ks.MatrixSymbol("w3", 3, 1)

CASES = [   # (lhs, expected canonical rhs)
    (ks.pinv(ks.kron(A, B)), ks.kron(ks.pinv(A), ks.pinv(B))),
    (ks.pinv(A.T), ks.pinv(A).T),
    (ks.pinv(ks.pinv(A)), A),
    (ks.pinv(ks.inv(X)), X),
    (ks.pinv(3 * A), ks.pinv(A) / 3),
    (ks.pinv(ks.I(n)), ks.I(n)),
    (ks.pinv(ks.K(m, n)), ks.K(n, m)),
    (ks.pinv(ks.zeros(m, n)), ks.zeros(n, m)),
    (ks.adj(X.T), ks.adj(X).T),
    (ks.adj(ks.I(n)), ks.I(n)),
    (ks.adj(X) @ X, ks.det(X) * ks.I(n)),
    (X @ ks.adj(X), ks.det(X) * ks.I(n)),
    (ks.ones(n).T @ ks.eigvalsh(S), ks.trace(S)),
    (ks.sum(ks.eigvalsh(S)), ks.trace(S)),
    (ks.eigvalsh(S.T), ks.eigvalsh(S)),
    (ks.eigvecsh(S.T), ks.eigvecsh(S)),
    (ks.nuclear_norm(A.T), ks.nuclear_norm(A)),
    (ks.polar(A.T), ks.polar(A).T),
    (ks.unvec(ks.khatri_rao(K3, J3) @ w3, m, n), J3 @ ks.diag(w3) @ K3.T),
]
DIMS = [{m: 1, n: 1, p: 1, q: 1}, {m: 2, n: 3, p: 4, q: 1}, {m: 3, n: 2, p: 2, q: 3}]


@pytest.mark.parametrize("lhs, rhs", CASES, ids=[str(a) for a, _ in CASES])
def test_rule_structure_and_value(lhs, rhs):
    assert ks.simplify(lhs) is ks.simplify(rhs)
    for seed, dims in enumerate(DIMS):
        vals = random_values(lhs, dims, seed=seed, extra=rhs.free_symbols)
        np.testing.assert_allclose(ks.evaluate(lhs, vals), ks.evaluate(rhs, vals),
                                   rtol=1e-9, atol=1e-9, err_msg=f"{lhs} at {dims}")


def test_family_is_listed_with_identities():
    rows = [r for r in kronsym.rules.describe() if r.family == "pseudo"]
    names = {r.name for r in rows}
    assert {"pinv_of_kron", "pinv_of_transpose", "pinv_of_pinv", "adj_times_matrix",
            "sum_of_eigvalsh"} <= names
    assert all(r.identity for r in rows)


def test_scalar_rule_leaves_symbolic_coefficient_alone():
    import sympy
    t = sympy.Symbol("t")
    e = ks.pinv(t * A)        # t may be 0, where (tA)⁺ = 0 ≠ t⁻¹A⁺
    assert ks.simplify(e) is e
