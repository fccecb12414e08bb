"""The matfuncs rule family (kronsym/rules/matfuncs.py): each rule structurally (the
expected tree) and numerically (dense values before and after, dims of 1 included), and
the identities of issue 16 decided by the prover, with false look-alikes refuted."""
from __future__ import annotations

import numpy as np
import pytest
import sympy

import kronsym as ks
from kronsym import nodes as N
from kronsym.rules import apply_families, describe
from kronsym.testing import random_values

m, n = ks.dims("m n")
A = ks.MatrixSymbol("A", m, m)
X = ks.MatrixSymbol("X", n, n)
Y = ks.MatrixSymbol("Y", n, n)
S = ks.symmetric("S", n)


def _rw(e):
    return apply_families(e, ["matfuncs"])


def _same_value(a, b, dims, spd=()):
    vals = random_values(a, dims, seed=3, extra=sorted(b.free_symbols, key=lambda s: s.name))
    for s in spd:                                   # logm / sqrtm arguments: SPD values
        v = vals[s]
        vals[s] = v @ v.T + np.eye(v.shape[0])
    if any(isinstance(s, N.SymmetricSymbol) for s in vals):
        vals = {s: (v + v.T) / 2 if isinstance(s, N.SymmetricSymbol) else v for s, v in vals.items()}
    np.testing.assert_allclose(ks.evaluate(a, vals), ks.evaluate(b, vals), rtol=1e-9, atol=1e-9)


J = N.MatFuncJacobian
CASES = [  # (before, after, symbols drawn SPD)
    (ks.expm(X.T), ks.expm(X).T, ()),
    (ks.logm(X.T), ks.logm(X).T, (X,)),
    (ks.sqrtm(X.T), ks.sqrtm(X).T, (X,)),
    (J(X, "logm").T, J(X.T, "logm"), (X,)),
    (J(X, "expm").T, J(X.T, "expm"), ()),
    (ks.expm(ks.kron_sum(A, X)), ks.kron(ks.expm(A), ks.expm(X)), ()),
    (ks.expm(ks.kron(A, ks.I(n))), ks.kron(ks.expm(A), ks.I(n)), ()),
    (ks.expm(ks.kron(ks.I(n), A)), ks.kron(ks.I(n), ks.expm(A)), ()),
    (ks.det(ks.expm(X)), ks.exp(ks.trace(X)), ()),
    (ks.logdet(ks.expm(X)), ks.trace(X), ()),
    (ks.expm(ks.logm(X)), X, (X,)),
    (ks.logm(ks.expm(S)), S, ()),
    (ks.sqrtm(X) @ ks.sqrtm(X) @ Y, X @ Y, (X,)),
    (J(X, "expm") @ ks.vec(ks.I(n)), ks.vec(ks.expm(X)), ()),
    (J(X, "logm") @ ks.vec(ks.I(n)), ks.vec(ks.inv(X)), (X,)),
    (J(X, "sqrtm") @ ks.vec(ks.I(n)), ks.vec(N.ScalarMul(sympy.Rational(1, 2),
                                                         ks.inv(ks.sqrtm(X)))), (X,)),
]


@pytest.mark.parametrize("before, after, spd", CASES, ids=[str(c[0]) for c in CASES])
def test_rule_structure_and_value(before, after, spd):
    assert _rw(before) is after
    for dims in ({m: 1, n: 1}, {m: 2, n: 3}):
        _same_value(before, after, dims, spd)


def test_no_rule_for_log_of_exp_of_a_general_matrix():
    assert _rw(ks.logm(ks.expm(X))) is ks.logm(ks.expm(X))


def test_every_rule_states_its_identity():
    rules = describe("matfuncs")
    assert len(rules) >= 10 and all("=" in r.identity for r in rules)


# --- the prover --------------------------------------------------------------------------
@pytest.mark.parametrize("a, b", [
    (ks.expm(ks.kron_sum(A, X)), ks.kron(ks.expm(A), ks.expm(X))),
    (ks.expm(X).T, ks.expm(X.T)),
    (ks.det(ks.expm(X)), ks.exp(ks.trace(X))),
    (ks.expm(ks.kron(A, ks.I(n))), ks.kron(ks.expm(A), ks.I(n))),
    (ks.logm(ks.expm(S)), S),
    (ks.expm(ks.logm(X)), X),
])
def test_identities_are_proved(a, b):
    p = ks.prove(a, b)
    assert p.holds and p.method == "canonical", p


def test_true_identities_without_a_rule_hold_numerically():
    p = ks.prove(ks.expm(X) @ X, X @ ks.expm(X), trials=2)
    assert p.holds and p.method == "high-precision", p
    p = ks.prove(ks.expm(2 * X), ks.expm(X) @ ks.expm(X), trials=2)
    assert p.holds and p.method == "high-precision", p


@pytest.mark.parametrize("a, b", [
    (ks.expm(X + Y), ks.expm(X) @ ks.expm(Y)),            # needs XY = YX
    (ks.logm(X @ Y), ks.logm(X) + ks.logm(Y)),            # needs XY = YX
    (ks.sqrtm(X @ X), X),                                  # X may have eigenvalues left of 0
    (ks.sqrtm(X @ Y), ks.sqrtm(X) @ ks.sqrtm(Y)),
    (ks.logm(ks.expm(X)), X),                              # false once |Im λ| > π
])
def test_false_identities_are_refuted(a, b):
    p = ks.prove(a, b, trials=3)
    assert not p.holds and p.method == "counterexample", p
