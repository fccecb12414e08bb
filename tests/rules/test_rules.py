"""Every registered rule, tested twice: structurally (the rule applied to one
node gives the expected tree) and numerically (value before = value after, on
random dims including 1 and non-square)."""
import numpy as np
import pytest
import sympy

import kronsym as ks
from kronsym import nodes as N
from kronsym.rules import describe
from kronsym.testing import random_values

m, n, p, q = ks.dims("m n p q")
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
C, D = ks.MatrixSymbol("C", n, p), ks.MatrixSymbol("D", q, m)
X, Y = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("Y", n, n)
P, Q = ks.MatrixSymbol("P", m, m), ks.MatrixSymbol("Q", p, p)
x, y = ks.MatrixSymbol("x", n, 1), ks.MatrixSymbol("y", m, 1)
Z = ks.MatrixSymbol("Z", n, p)
W = ks.MatrixSymbol("W", m, n)
s = ks.trace(X)
I, K, vec, kron, T = ks.I, ks.K, ks.vec, ks.kron, ks.transpose
Sc = N.ScalarMul

# rule name -> (input node, expected output of that rule at that node)
CASES = {
    "flatten_nested": (N.MatMul(N.MatMul(A, C), Z.T), N.MatMul(A, C, Z.T)),
    # a group of 16 factors stays one factor (17 > 16); the short product is merged
    "flatten_nested_grouped": (N.MatMul(N.MatMul(*[X] * 16), X, N.MatMul(X, X)),
                               N.MatMul(N.MatMul(*[X] * 16), X, X, X)),
    "scalar_mul_merge": (Sc(2, Sc(3, A)), Sc(6, A)),
    "scalar_out_of_product": (N.MatMul(Sc(2, A), Sc(3, C)), Sc(6, A @ C)),
    "scalar_out_of_linear": (N.Transpose(Sc(2, A)), Sc(2, A.T)),
    "zero_factor": (N.MatMul(A, ks.zeros(n, p)), ks.zeros(m, p)),
    "zero_operand": (vec(ks.zeros(m, n)), ks.zeros(m * n, 1)),
    "matmul_drop_identity": (N.MatMul(A, I(n), C), A @ C),
    "matmul_of_ones": (N.MatMul(A, ks.ones(n, p), ks.ones(p, 1)), N.MatMul(A, Sc(p, ks.ones(n, 1)))),
    "ones_one_by_one": (ks.ones(1, 1), I(1)),
    "kron_merge_identities": (N.Kron(I(m), I(n), A), kron(I(m * n), A)),
    "collect_like_terms": (N.MatAdd(A, Sc(2, A), Sc(-3, A), W), W),
    "scale_by_constant": (N.Scale(ks.scalar(3), A), Sc(3, A)),
    "trace_of_identity": (ks.trace(I(n)), Sc(n, I(1))),
    "det_of_identity": (ks.det(I(n)), I(1)),
    "logdet_of_identity": (ks.logdet(I(n)), ks.zeros(1, 1)),
    "unvec_of_vec": (ks.unvec(vec(A), m, n), A),
    "vec_of_unvec": (vec(ks.unvec(vec(A), n, m)), vec(A)),
    "transpose_of_transpose": (A.T.T, A),
    "transpose_of_product": ((A @ C).T, C.T @ A.T),
    "transpose_of_sum": ((A + W).T, A.T + W.T),
    "transpose_of_kron": (kron(A, B).T, kron(A.T, B.T)),
    "transpose_of_hadamard": (ks.hadamard(A, W).T, ks.hadamard(A.T, W.T)),
    "transpose_of_kron_sum": (ks.kron_sum(X, P).T, ks.kron_sum(X.T, P.T)),
    "transpose_of_scale": ((s * A).T, s * A.T),
    "transpose_of_constant": (K(m, n).T, K(n, m)),
    "commutation_unit": (K(1, n), I(n)),
    "inverse_of_inverse": (ks.inv(ks.inv(X)), X),
    "inverse_of_transpose": (ks.inv(X.T), ks.inv(X).T),
    "inverse_of_scalar_mul": (ks.inv(Sc(2, X)), Sc(ks.nodes.sympy.Rational(1, 2), ks.inv(X))),
    "inverse_of_constant": (ks.inv(K(m, n)), K(n, m)),
    "inverse_of_kron": (ks.inv(kron(X, P)), kron(ks.inv(X), ks.inv(P))),
    "inverse_of_product": (ks.inv(X @ Y), ks.inv(Y) @ ks.inv(X)),
    "inverse_cancel": (N.MatMul(A, ks.inv(X), X), A),
    "kron_mixed_product": (kron(A, B) @ kron(C, B.T), kron(A @ C, B @ B.T)),
    "commutation_inverse_pair": (N.MatMul(K(m, n), K(n, m), vec(A)), vec(A)),
    "commutation_times_vec": (K(m, n) @ vec(A), vec(A.T)),
    "commutation_through_kron": (K(p, m) @ kron(A, B), kron(B, A) @ K(q, n)),
    "vec_of_sum": (vec(A + W), vec(A) + vec(W)),
    "vec_of_outer_product": (vec(x @ y.T), kron(y, x)),
    "kron_times_vec": (kron(Q, A) @ vec(C), vec(A @ C @ Q.T)),
    "trace_of_sum": (ks.trace(X + Y), ks.trace(X) + ks.trace(Y)),
    "trace_of_transpose": (ks.trace(X.T), ks.trace(X)),
    "trace_of_kron": (ks.trace(kron(X, P)), ks.trace(X) * ks.trace(P)),
    "trace_of_commutation": (ks.trace(K(n, n)), Sc(n, I(1))),
    "det_of_kron": (ks.det(kron(X, P)), ks.det(X) ** m * ks.det(P) ** n),
    "det_of_transpose": (ks.det(X.T), ks.det(X)),
    "det_of_inverse": (ks.det(ks.inv(X)), ks.det(X) ** -1),
    "det_of_product": (ks.det(X @ Y), ks.det(X) * ks.det(Y)),
    "det_of_scalar_mul": (ks.det(Sc(2, X)), Sc(2 ** n, ks.det(X))),
    "log_of_det": (ks.log(ks.det(X)), ks.logdet(X)),
    "logdet_of_transpose": (ks.logdet(X.T), ks.logdet(X)),
    "logdet_of_inverse": (ks.logdet(ks.inv(X)), -ks.logdet(X)),
    "logdet_of_product": (ks.logdet(X @ Y), ks.logdet(X) + ks.logdet(Y)),
    "logdet_of_kron": (ks.logdet(kron(X, P)), m * ks.logdet(X) + n * ks.logdet(P)),
    "hadamard_drop_ones": (ks.hadamard(A, ks.ones(m, n), W), ks.hadamard(A, W)),
    "hadamard_with_identity": (ks.hadamard(I(n), I(n)), I(n)),
    "khatri_rao_of_columns": (ks.khatri_rao(x, y), kron(x, y)),
    "kron_sum_of_scalars": (ks.kron_sum(s, ks.det(X)), s + ks.det(X)),
    "vec_row_times_kron": (vec(I(n)).T @ kron(I(n), X), vec(X.T @ I(n) @ I(n)).T),
    "vec_row_times_commutation": (vec(A).T @ K(n, m), vec(A.T).T),
    "unvec_of_sum": (ks.unvec(vec(A) + vec(W), m, n), ks.unvec(vec(A), m, n) + ks.unvec(vec(W), m, n)),
    "factor_common_factor": (A @ C + W @ C, (A + W) @ C),
    "sort_terms": (W + A, A + W),
    "sort_hadamard_factors": (ks.hadamard(W, A), ks.hadamard(A, W)),
    "sort_scalar_factors": (ks.trace(Y) * ks.trace(X), ks.trace(X) * ks.trace(Y)),
    "trace_cyclic_rotation": (ks.trace(Y @ X), ks.trace(X @ Y)),
}

# symmetric matrices (kronsym/rules/symmetric.py; more cases in tests/nodes/test_symmetric.py)
S_ = ks.symmetric("S", n)
Dn, Ln, Nn = ks.D(n), ks.L(n), ks.Nsym(n)
CASES.update({
    "transpose_of_symmetric": (S_.T, S_),
    "elimination_times_duplication": (N.MatMul(ks.vech(Y).T, Ln, Dn, ks.vech(X)),
                                      N.MatMul(ks.vech(Y).T, I(n * (n + 1) / 2), ks.vech(X))),
    "commutation_times_duplication": (N.MatMul(K(n, n), Dn, ks.vech(X)), N.MatMul(Dn, ks.vech(X))),
    "duplication_elimination_symmetrizer": (N.MatMul(Dn, Ln, Nn, vec(X)), N.MatMul(Nn, vec(X))),
    "symmetrizer_idempotent": (N.MatMul(Nn, Nn), Nn),
    "symmetrizer_through_kron": (N.MatMul(ks.Nsym(m), kron(A, A)), N.MatMul(kron(A, A), Nn)),
    "elimination_times_vec": (N.MatMul(Ln, vec(X)), ks.vech(X)),
    "duplication_times_vech": (N.MatMul(vec(Y).T, Dn, ks.vech(S_)), N.MatMul(vec(Y).T, vec(S_))),
    "duplication_pinv_times_vec": (N.MatMul(ks.inv(Dn.T @ Dn), Dn.T, vec(S_)), ks.vech(S_)),
    "symmetrizer_from_sum": (N.MatAdd(Sc(3, K(n, n)), ks.kron(X, Y), Sc(3, I(n ** 2))),
                             N.MatAdd(Sc(6, Nn), ks.kron(X, Y))),
    "vech_of_linear": (ks.vech(X + Sc(2, Y)), ks.vech(X) + ks.vech(Sc(2, Y))),
    "halfvec_of_size_one": (ks.Nsym(1), I(1)),
})
# partitioned products and row-major vec (kronsym/rules/facesplit.py, tracy_singh.py)
_W2, _V = ks.MatrixSymbol("W2", m, p), ks.MatrixSymbol("V", p, n)
_r1, _r2, _r3 = ks.MatrixSymbol("r1", 1, n), ks.MatrixSymbol("r2", 1, p), ks.MatrixSymbol("r3", 1, n)
_y2, _E = ks.MatrixSymbol("y2", m, 1), ks.MatrixSymbol("E", q, p)
CASES.update({
    "transpose_of_face_split": (N.FaceSplit(A, _W2).T, N.KhatriRao(A.T, _W2.T)),
    "transpose_of_khatri_rao": (N.KhatriRao(A, _V).T, N.FaceSplit(A.T, _V.T)),
    "face_split_of_rows": (N.FaceSplit(_r1, _r2), kron(_r1, _r2)),
    "face_split_of_columns": (N.FaceSplit(y, _y2), ks.hadamard(y, _y2)),
    "khatri_rao_of_rows": (N.KhatriRao(_r1, _r3), ks.hadamard(_r1, _r3)),
    "face_split_mixed_product": (N.FaceSplit(A, _W2) @ kron(C, Q), N.FaceSplit(A @ C, _W2 @ Q)),
    "face_split_times_khatri_rao": (N.FaceSplit(A, _W2) @ N.KhatriRao(C, Q),
                                    ks.hadamard(A @ C, _W2 @ Q)),
    "khatri_rao_mixed_product": (kron(A, B) @ N.KhatriRao(C, _E), N.KhatriRao(A @ C, B @ _E)),
    "tracy_singh_as_permuted_kron": (
        ks.tracy_singh(A, B, (m, 1), (1, q)),
        N.MatMul(N.Kron(I(m), K(1, 1), I(p)), kron(A, B), N.Kron(I(1), K(n, q), I(1)))),
    "vecr_as_vec_of_transpose": (ks.vecr(A), vec(A.T)),
})

# entrywise functions and powers (kronsym/rules/entrywise.py); values by random_values
# (normal entries): log and the non-integer powers only where the rule keeps them defined
_ones_mn = ks.ones(m, n)
CASES.update({
    "transpose_of_entrywise": (ks.tanh(A).T, ks.tanh(A.T)),
    "exp_of_log": (ks.exp(ks.log(ks.exp(A))), ks.exp(A)),
    "log_of_exp": (ks.log(ks.exp(A)), A),
    "sigmoid_of_negative": (ks.sigmoid(-A), N.MatAdd(_ones_mn, Sc(-1, ks.sigmoid(A)))),
    "power_unit_exponent": (ks.power(A, 0), _ones_mn),
    "power_of_power": (ks.power(ks.power(A, 3), -2), ks.power(A, -6)),
    "hadamard_of_powers": (ks.hadamard(ks.power(A, 2), W, A), ks.hadamard(ks.power(A, 3), W)),
    "diag_times_column": (N.MatMul(A.T, ks.diag(y), y), N.MatMul(A.T, ks.hadamard(y, y))),
    "khatri_rao_with_ones_row": (ks.khatri_rao(ks.ones(1, n), A), A),
})

# pseudo-inverse family (kronsym/rules/pseudo.py; more in tests/rules/test_rules_pseudo.py)
_k3, _j3, _w3 = ks.MatrixSymbol("K3", n, 3), ks.MatrixSymbol("J3", m, 3), ks.MatrixSymbol("w3", 3, 1)
CASES.update({
    "pinv_of_pinv": (ks.pinv(ks.pinv(A)), A),
    "pinv_of_transpose": (ks.pinv(A.T), ks.pinv(A).T),
    "pinv_of_kron": (ks.pinv(kron(A, B)), kron(ks.pinv(A), ks.pinv(B))),
    "pinv_of_inverse": (ks.pinv(ks.inv(X)), X),
    "pinv_of_scalar_mul": (ks.pinv(3 * A), Sc(sympy.Rational(1, 3), ks.pinv(A))),
    "pinv_of_constant": (ks.pinv(K(m, n)), K(n, m)),
    "adj_of_transpose_or_identity": (ks.adj(X.T), ks.adj(X).T),
    "adj_times_matrix": (N.MatMul(A, ks.adj(X), X), N.MatMul(A, N.Scale(ks.det(X), I(n)))),
    "sum_of_eigvalsh": (N.MatMul(ks.ones(1, n), ks.eigvalsh(X)), ks.trace(X)),
    "spectrum_of_transpose": (ks.nuclear_norm(A.T), ks.nuclear_norm(A)),
    "polar_of_transpose": (ks.polar(A.T), ks.polar(A).T),
    "unvec_of_khatri_rao_times_column": (ks.unvec(ks.khatri_rao(_k3, _j3) @ _w3, m, n),
                                         N.MatMul(_j3, ks.diag(_w3), _k3.T)),
})

RULES = {r.name: r for r in describe()}
DIMSETS = [{m: 1, n: 1, p: 1, q: 1}, {m: 2, n: 3, p: 4, q: 1}, {m: 3, n: 2, p: 2, q: 3}]


# matrix functions (kronsym/rules/matfuncs.py; more in tests/rules/test_matfunc_rules.py)
_J = N.MatFuncJacobian
CASES.update({
    "matfunc_of_transpose": (ks.expm(X.T), ks.expm(X).T),
    "transpose_of_matfunc_jacobian": (_J(X, "sqrtm").T, _J(X.T, "sqrtm")),
    "matfunc_jacobian_of_transpose_transpose": (_J(N.Transpose(X.T), "expm"), _J(X, "expm")),
    "expm_of_kron_sum": (ks.expm(ks.kron_sum(P, X)), ks.kron(ks.expm(P), ks.expm(X))),
    "expm_of_kron_with_identity": (ks.expm(ks.kron(P, I(n))), ks.kron(ks.expm(P), I(n))),
    "det_of_expm": (ks.det(ks.expm(X)), ks.exp(ks.trace(X))),
    "logdet_of_expm": (ks.logdet(ks.expm(X)), ks.trace(X)),
    "expm_of_logm": (ks.expm(ks.logm(X)), X),
    "logm_of_expm_symmetric": (ks.logm(ks.expm(S_)), S_),
    "sqrtm_squared": (N.MatMul(ks.sqrtm(X), ks.sqrtm(X), Y), N.MatMul(X, Y)),
    "matfunc_jacobian_times_vec_identity": (N.MatMul(_J(X, "logm"), vec(I(n))),
                                            vec(ks.inv(X))),
})


def test_every_rule_has_a_case():
    missing = sorted(set(RULES) - set(CASES))
    assert not missing, f"rules without a structural+numeric test: {missing}"


def test_every_rule_states_identity_and_location():
    for r in describe():
        assert r.identity and r.location.startswith("kronsym/") and ":" in r.location, r


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_structure(name):
    before, after = CASES[name]
    got = RULES[name].func(before)
    assert got == after, f"{name}: {before} -> {got}, expected {after}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_preserves_value(name):
    before, after = CASES[name]
    for dims in DIMSETS:
        vals = random_values(before, dims, seed=3, extra=list(after.free_symbols))
        a = ks.evaluate(before, vals)
        b = ks.evaluate(after, vals)
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9, err_msg=f"{name} at {dims}")


def test_describe_lists_families():
    from kronsym.rules import all_families
    fams = all_families()
    for f in ("basic", "transpose", "inverse", "kron", "commutation", "vec", "trace_det",
              "hadamard", "calculus", "canon"):
        assert f in fams


_FRESH_REWRITE = """
import kronsym as ks
from kronsym import rules
A, B = ks.MatrixSymbol("A", 2, 2), ks.MatrixSymbol("B", 2, 2)
print(rules.apply_families(B + A), rules.apply_families(ks.trace(B @ A)))
"""


def test_rewrite_independent_of_import_history():
    """The canon rules register at import of kronsym.rules, like every family:
    the same rewrite gives the same result in a fresh process and after other
    work (simplify, derive) in this one."""
    import os
    import subprocess
    import sys
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    fresh = subprocess.run([sys.executable, "-c", _FRESH_REWRITE], capture_output=True,
                           text=True, env=env, timeout=120, check=True).stdout.strip()
    from kronsym import rules
    P, Q = ks.MatrixSymbol("A", 2, 2), ks.MatrixSymbol("B", 2, 2)
    ks.simplify(Q + P)
    ks.derive(ks.trace(Q @ P), P)
    after = f"{rules.apply_families(Q + P)} {rules.apply_families(ks.trace(Q @ P))}"
    assert fresh == after == "A + B tr(A @ B)"


# reductions and building blocks (kronsym/rules/reductions.py)
_x2 = ks.MatrixSymbol("x2", n, 1)
_t = ks.norm(A)
CASES.update({
    "sum_as_ones_products": (ks.sum(A @ C), N.MatMul(N.Ones(1, m), A, C, N.Ones(p, 1))),
    "ones_row_times_hadamard": (N.MatMul(y, N.Ones(1, n), ks.hadamard(x, _x2)),
                                N.MatMul(y, x.T, _x2)),
    "ones_row_times_diagonal": (N.MatMul(N.Ones(1, n), N.DiagPart(X)), ks.trace(X)),
    "ones_row_times_softmax": (N.MatMul(N.Ones(1, n), ks.softmax(x)), I(1)),
    "ones_product_orientation": (N.MatMul(N.Ones(1, n), A.T, N.Ones(m, 1)),
                                 N.MatMul(N.Ones(1, m), A, N.Ones(n, 1))),
    "diagonal_of_diag": (N.DiagPart(N.Diag(x)), x),
    "diag_of_diagonal": (N.Diag(N.DiagPart(X)), ks.hadamard(I(n), X)),
    "khatri_rao_identity_times_column": (N.MatMul(N.KhatriRao(I(n), I(n)), x),
                                         vec(N.Diag(x))),
    "norm_even_power_as_trace": (N.Power(ks.norm(A), 4), N.Power(ks.trace(A.T @ A), 2)),
    "norm_of_transpose_or_multiple": (ks.norm(Sc(-3, A)), Sc(3, ks.norm(A))),
    "scale_of_scale": (N.Scale(s, N.Scale(_t, A)), N.Scale(N.MatMul(s, _t), A)),
    "scale_out_of_product": (N.MatMul(A, N.Scale(s, C)), N.Scale(s, N.MatMul(A, C))),
    "scale_over_sum": (N.Scale(s, N.Scale(_t, A) + W),
                       N.MatAdd(N.Scale(s, N.Scale(_t, A)), N.Scale(s, W))),
    "merge_scalar_powers": (N.MatMul(_t, s, N.Power(_t, -3)), N.MatMul(N.Power(_t, -2), s)),
    "matpow_unit_exponent": (N.MatPow(X, 1), X),
    "matpow_of_transpose": (N.MatPow(X.T, 3), N.Transpose(N.MatPow(X, 3))),
    "matpow_of_matpow": (N.MatPow(N.MatPow(X, 2), 3), N.MatPow(X, 6)),
    "matmul_merge_powers": (N.MatMul(A, X, N.MatPow(X, 2)), N.MatMul(A, N.MatPow(X, 3))),
})


# textbook forms (kronsym/rules/textbook.py, issue #17); a product with a 1×1 run
# (p 1ᵀy = (1ᵀy) p) is tested in tests/rules/test_textbook_corpus.py
_St = ks.symmetric("St", m)
_u = ks.MatrixSymbol("u", m, 1)
_x3 = ks.MatrixSymbol("x3", n, 1)
CASES.update({
    "scalar_factor_out_of_product": (N.MatMul(y, s, x.T), N.Scale(s, N.MatMul(y, x.T))),
    "negative_multiple_of_sum": (Sc(-2, A - W), N.MatAdd(Sc(-2, A), Sc(-2, Sc(-1, W)))),
    "row_times_reciprocal_hadamard": (N.MatMul(y, ks.exp(x).T, ks.hadamard(ks.power(ks.exp(x), -1), _x3)),
                                      N.MatMul(y, N.Ones(1, n), _x3)),
    "scalar_factor_out_of_kron": (kron(A, s, B), N.Scale(s, kron(A, B))),
    "scale_of_scalar": (N.Scale(s, ks.trace(Y)), N.MatMul(s, ks.trace(Y))),
    "transpose_of_symmetric_expression": (ks.inv(A.T @ _St @ A).T, ks.inv(A.T @ _St @ A)),
    "symmetrizer_times_vec_of_symmetric": (N.MatMul(N.Symmetrizer(n), vec(A.T @ A)),
                                           vec(A.T @ A)),
    "unvec_of_kron_of_columns": (ks.unvec(kron(x, y), m, n), N.MatMul(y, x.T)),
    "kron_with_columns_times_matrix": (N.MatMul(kron(y, A), C), kron(y, A @ C)),
    "khatri_rao_of_row_and_identity": (ks.khatri_rao(x.T, I(n)), ks.diag(x)),
    "det_of_matrix_power": (ks.det(N.MatPow(X, 3)), N.Power(ks.det(X), 3)),
    "common_number_out_of_sum": (N.MatAdd(Sc(2, A), Sc(-4, W)), Sc(2, N.MatAdd(A, Sc(-2, W)))),
    "row_kron_identity_times_diagonal_selector": (
        N.MatMul(A, kron(x.T, I(n)), ks.khatri_rao(I(n), I(n))), N.MatMul(A, ks.diag(x))),
})
