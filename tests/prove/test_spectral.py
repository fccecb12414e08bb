"""Spectral statements (kronsym.spectral): eigenvalues, singular values, rank.

Each fact is checked two ways: the prover's verdict (symbolic where the
canonical form knows the fact) and an independent numpy computation on
concrete matrices at several sizes, 1 and non-square included.
"""
import subprocess
import sys
import os

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

import kronsym as ks
from kronsym.spectral import Spectrum, Rank, _canon_spectrum, _canon_rank

m, n, p, q = ks.dims("m n p q")
Am, Bn = ks.MatrixSymbol("A", m, m), ks.MatrixSymbol("B", n, n)
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIZES = [(1, 1), (1, 3), (2, 3), (3, 2), (4, 4)]


def gap(x, y):
    cost = np.abs(np.subtract.outer(np.asarray(x, complex), np.asarray(y, complex)))
    r, c = linear_sum_assignment(cost)
    return cost[r, c].max()


# --- structure: the canonical form --------------------------------------------------
def test_kron_eigenvalues_canonical_form_is_the_product_multiset():
    got = _canon_spectrum(ks.eigvals(ks.kron(Am, Bn)))
    assert got == Spectrum("products", (ks.eigvals(Am), ks.eigvals(Bn)))
    # multisets: the order of the operands does not matter
    assert _canon_spectrum(ks.eigvals(Bn) * ks.eigvals(Am)) == got


def test_canonical_rules_each_give_a_symbolic_proof():
    facts = [
        (ks.eigvals(ks.kron_sum(Am, Bn)), ks.eigvals(Am) + ks.eigvals(Bn)),
        (ks.eigvals(Am.T), ks.eigvals(Am)),
        (ks.eigvals(3 * Am), 3 * ks.eigvals(Am)),
        (ks.eigvals(ks.inv(Am)), ks.eigvals(Am) ** -1),
        (ks.eigvals(Am @ ks.MatrixSymbol("C", m, m)), ks.eigvals(ks.MatrixSymbol("C", m, m) @ Am)),
        (ks.eigvals(ks.kron(Am, Bn).T), ks.eigvals(Bn) * ks.eigvals(Am)),
        (ks.svdvals(ks.K(m, n)), ks.svdvals(ks.I(m * n))),
        (ks.svdvals(A.T), ks.svdvals(A)),
    ]
    for lhs, rhs in facts:
        assert ks.prove(lhs, rhs).method == "canonical", (str(lhs), str(rhs))
    assert _canon_rank(ks.rank(ks.kron(A, B))) == Rank("product", (ks.rank(A), ks.rank(B)))
    assert _canon_rank(ks.rank(ks.I(n)) * ks.rank(A)) == Rank("product", (Rank("int", (n,)),
                                                                           ks.rank(A)))
    assert ks.prove(ks.rank(ks.K(m, n)), ks.rank(ks.I(m * n))).method == "canonical"


@pytest.mark.parametrize("k, l", SIZES)
def test_numeric_eigenvalues_of_kron_and_kron_sum(k, l):
    rng = np.random.default_rng(k * 10 + l)
    a, b = rng.normal(size=(k, k)), rng.normal(size=(l, l))
    lam, mu = np.linalg.eigvals(a), np.linalg.eigvals(b)
    assert gap(np.linalg.eigvals(np.kron(a, b)), np.multiply.outer(lam, mu).ravel()) < 1e-8
    ksum = np.kron(a, np.eye(l)) + np.kron(np.eye(k), b)
    assert gap(np.linalg.eigvals(ksum), np.add.outer(lam, mu).ravel()) < 1e-8
    # and kronsym's evaluation of the statement agrees
    from kronsym.spectral import _num
    vals = {Am: a, Bn: b}
    dims = {m: k, n: l}
    assert gap(_num(ks.eigvals(ks.kron(Am, Bn)), vals, dims),
               _num(ks.eigvals(Am) * ks.eigvals(Bn), vals, dims)) < 1e-8
    assert gap(_num(ks.eigvals(ks.kron_sum(Am, Bn)), vals, dims),
               _num(ks.eigvals(Am) + ks.eigvals(Bn), vals, dims)) < 1e-8


@pytest.mark.parametrize("shape_a, shape_b", [((1, 1), (2, 3)), ((3, 2), (4, 1)), ((2, 4), (1, 3))])
def test_singular_values_and_rank_statements_evaluate_like_numpy(shape_a, shape_b):
    """kronsym's values of σ(A ⊗ B), σ(A)·σ(B), rank(A ⊗ B), rank A · rank B against
    numpy on a rank-1 A (so rank(A ⊗ B) = rank B < full rank)."""
    from kronsym.spectral import _num
    rng = np.random.default_rng(1)
    a = rng.normal(size=(shape_a[0], 1)) @ rng.normal(size=(1, shape_a[1]))  # rank 1
    b = rng.normal(size=shape_b)
    vals, dims = {A: a, B: b}, {m: shape_a[0], n: shape_a[1], p: shape_b[0], q: shape_b[1]}
    sk = np.linalg.svd(np.kron(a, b), compute_uv=False)
    got = _num(ks.svdvals(ks.kron(A, B)), vals, dims)
    assert gap(got, sk) < 1e-8
    prod = _num(ks.svdvals(A) * ks.svdvals(B), vals, dims)
    want = np.multiply.outer(np.linalg.svd(a, compute_uv=False),
                             np.linalg.svd(b, compute_uv=False)).ravel()
    assert gap(prod, want) < 1e-8
    assert gap(sk[sk > 1e-9], prod[prod > 1e-9]) < 1e-8      # the nonzero values agree
    rk = int(_num(ks.rank(ks.kron(A, B)), vals, dims))
    assert rk == np.linalg.matrix_rank(np.kron(a, b)) == np.linalg.matrix_rank(b)
    assert int(_num(ks.rank(A) * ks.rank(B), vals, dims)) == rk


def test_numeric_verdicts_on_facts_without_a_rule():
    C = ks.MatrixSymbol("C", m, n)
    r = ks.prove(ks.rank(C @ C.T), ks.rank(C))
    assert r.holds and r.method == "numeric"
    r = ks.prove(ks.svdvals(ks.kron(A, B)), ks.svdvals(A) * ks.svdvals(B))
    assert r.holds and r.method == "numeric"


# --- false claims: counterexamples that really separate ------------------------------
def test_false_eigenvalue_claim_has_a_real_counterexample():
    r = ks.prove(ks.eigvals(ks.kron(Am, Bn)), ks.eigvals(Am) + ks.eigvals(Bn))
    assert not r.holds and r.method == "counterexample"
    ce = r.counterexample
    a, b = ce["values"][Am], ce["values"][Bn]
    lam, mu = np.linalg.eigvals(a), np.linalg.eigvals(b)
    assert gap(np.linalg.eigvals(np.kron(a, b)), np.add.outer(lam, mu).ravel()) > 1e-6


def test_false_rank_claims_are_refuted_using_low_rank_values():
    C, D = ks.MatrixSymbol("C", m, n), ks.MatrixSymbol("D", n, p)
    assert not ks.equals(ks.rank(ks.kron(A, B)), ks.rank(A) + ks.rank(B))
    r = ks.prove(ks.rank(C @ D), ks.rank(C))
    assert not r.holds
    c, d = r.counterexample["values"][C], r.counterexample["values"][D]
    assert np.linalg.matrix_rank(c @ d) != np.linalg.matrix_rank(c)
    # rank(A ⊗ A) = rank(A)² is true; rank(A ⊗ A) = rank(A) is not (needs a rank ≥ 2 draw)
    assert ks.equals(ks.rank(ks.kron(A, A)), ks.rank(A) * ks.rank(A))
    assert not ks.equals(ks.rank(ks.kron(A, A)), ks.rank(A))


# --- errors --------------------------------------------------------------------------
def test_errors_name_the_operand_and_the_problem():
    with pytest.raises(ks.ShapeError, match=r"eigvals: A is m×n"):
        ks.eigvals(A)
    with pytest.raises(TypeError, match="kronsym matrix expression"):
        ks.eigvals("A")
    with pytest.raises(TypeError, match="spectrum with a spectrum"):
        ks.prove(ks.eigvals(Am), Am)
    with pytest.raises(TypeError, match="spectrum with a spectrum"):
        ks.equals(ks.eigvals(Am), ks.rank(Am))
    with pytest.raises(ks.ShapeError, match=r"can never agree: eigvals\(A\) has m elements"):
        ks.equals(ks.eigvals(Am), ks.eigvals(ks.I(m + 1)))
    with pytest.raises(ks.ShapeError, match="never have the same size"):
        ks.equals(ks.eigvals(Am), ks.eigvals(ks.kron(Am, Am)) + ks.eigvals(ks.I(m + 1)))
    with pytest.raises(TypeError):
        ks.eigvals(Am) * Am


# --- printing, parsing, command line -----------------------------------------------
def test_printing_and_latex():
    s = ks.eigvals(ks.kron(Am, Bn))
    assert str(s) == "eigvals(A ⊗ B)"
    assert s.latex() == r"\lambda\left(A \otimes B\right)"
    assert str(2 * (ks.eigvals(Am) + ks.eigvals(Bn))) == "2 * (eigvals(A) + eigvals(B))"
    assert (ks.eigvals(Am) ** -1).latex() == r"\lambda\left(A\right)^{-1}"
    assert str(ks.rank(A) * (ks.rank(B) + 1)) == "rank(A) * (rank(B) + 1)"
    assert ks.rank(A).latex() == r"\operatorname{rank}\left(A\right)"
    assert s._repr_latex_().startswith("$")
    assert ks.latex(s) == s.latex() and ks.latex(ks.rank(A)) == ks.rank(A).latex()


def test_printed_statements_parse_back():
    shapes = {"A": "m,m", "B": "n,n"}
    for st in (ks.eigvals(ks.kron(Am, Bn)), ks.eigvals(Am) * ks.eigvals(Bn),
               2 * (ks.eigvals(Am) + ks.eigvals(Bn)), ks.eigvals(ks.inv(Am)) ** -1,
               ks.svdvals(Am.T), ks.rank(Am) * (ks.rank(Bn) + 1)):
        assert ks.parse(str(st), shapes) == st, str(st)


def test_parse_and_verify():
    shapes = {"A": "m,m", "B": "n,n"}
    lhs, rhs = ks.parse_equation("eigvals(kron(A, B)) == eigvals(A) * eigvals(B)", shapes)
    assert lhs == ks.eigvals(ks.kron(Am, Bn)) and rhs == ks.eigvals(Am) * ks.eigvals(Bn)
    assert ks.verify("eigvals(kron(A, B)) == eigvals(A) * eigvals(B)", shapes).verdict == "holds"
    assert ks.verify("eigvals(kron(A, B)) == eigvals(A) + eigvals(B)", shapes).verdict == "fails"
    with pytest.raises(ks.ParseError, match="statement"):
        ks.parse("eigvals(A) + A", shapes)


def test_cli_exit_codes():
    env = {**os.environ, "PYTHONPATH": ROOT}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "kronsym", *args], capture_output=True,
                              text=True, env=env)
    ok = run("verify", "rank(kron(A, B)) == rank(A) * rank(B)", "--let", "A=m,n", "--let", "B=p,q")
    assert ok.returncode == 0 and ok.stdout.startswith("holds"), ok.stderr
    bad = run("verify", "eigvals(kron(A, B)) == eigvals(A) + eigvals(B)",
              "--let", "A=m,m", "--let", "B=n,n")
    assert bad.returncode == 1 and "counterexample" in bad.stdout
