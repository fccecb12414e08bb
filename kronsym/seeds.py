"""The identities printed in the seed documents, as kronsym expressions.

Owns: ``CATALOGUE`` (one entry per printed identity: where it appears, the
two sides, the verdict kronsym is expected to reach, and a note where a
document is wrong) and ``check_catalogue()`` which runs the prover over it.
``docs/identities.md`` is generated from this (``python -m kronsym.seeds``)
and every verdict is reproduced by ``tests/prove/test_seed_identities.py``.

Seeds: 000 = the paper (Wang, Yang & Sun), 001 = lecture notes on vec and
Kronecker properties, 002 = the encyclopedia article on the Kronecker product.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, List, Tuple

__all__ = ["Identity", "CATALOGUE", "check_catalogue", "markdown_table", "verify_claim"]


@dataclass(frozen=True)
class Identity:
    """One printed identity. ``build()`` returns (lhs, rhs); ``expect`` is
    "holds", "fails", "shapes" (the shapes can never agree) or "undecided"
    (the shapes agree only for some dims, e.g. only when m = n)."""
    where: str
    text: str
    build: Callable[[], Tuple[object, object]]
    expect: str
    note: str = ""
    claim: str = ""      # the identity in the parser's language, where it differs from
    lets: str = ""       # the printed sides (e.g. written with diff(...)); lets: "A=m,n B=p,q"


def _syms():
    import kronsym as ks
    m, n, p, q, r, s = ks.dims("m n p q r s")
    S = ks.MatrixSymbol
    return ks, (m, n, p, q, r, s), S


def _cat() -> List[Identity]:
    ks, (m, n, p, q, r, s), S = _syms()
    A, B = S("A", m, n), S("B", p, q)
    C, D = S("C", n, r), S("D", q, s)
    X = S("X", n, p)
    B = S("B", p, q)
    x = S("x", n, 1)
    Am, Bn = S("A", m, m), S("B", n, n)
    An = S("A", n, n)
    K, I, vec, kron = ks.K, ks.I, ks.vec, ks.kron
    Xs = S("X", m, n)
    Bsq = S("B", n, n)
    return [
        Identity("000 Thm 2.1, eq. (3)", "vec(AXB) = (Bᵀ ⊗ A) vec X",
                 lambda: (vec(A @ X @ B), kron(B.T, A) @ vec(X)), "holds"),
        Identity("000 Thm 2.2, eq. (4)", "T_{m,n} vec A = vec Aᵀ",
                 lambda: (K(m, n) @ vec(A), vec(A.T)), "holds"),
        Identity("000 Thm 3.1, eq. (5)/(7)", "d(AᵀA)/dA = (I_n ⊗ Aᵀ) + (Aᵀ ⊗ I_n) T_{m,n}",
                 lambda: (ks.diff(A.T @ A, A), kron(I(n), A.T) + kron(A.T, I(n)) @ K(m, n)), "holds",
                 claim="diff(A.T @ A, A) == kron(I(n), A.T) + kron(A.T, I(n)) @ K(m, n)", lets="A=m,n"),
        Identity("000 eq. (6), first equality", "vec(AᵀA) = (I_n ⊗ Aᵀ) vec A",
                 lambda: (vec(A.T @ A), kron(I(n), A.T) @ vec(A)), "holds"),
        Identity("000 eq. (6), second equality", "vec(AᵀA) = (Aᵀ ⊗ I_n) vec Aᵀ",
                 lambda: (vec(A.T @ A), kron(A.T, I(n)) @ vec(A.T)), "holds"),
        Identity("000 eq. (8)", "(Aᵀ ⊗ I_n) T_{m,n} = T_{n,n} (I_n ⊗ Aᵀ)",
                 lambda: (kron(A.T, I(n)) @ K(m, n), K(n, n) @ kron(I(n), A.T)), "holds"),
        Identity("000 eq. (9) as printed", "d(AᵀA)/dA = (I_n ⊗ Aᵀ) + T_{m,n} (I_n ⊗ Aᵀ)",
                 lambda: (ks.diff(A.T @ A, A), kron(I(n), A.T) + K(m, n) @ kron(I(n), A.T)), "undecided",
                 "typo: T_{m,n} (mn×mn) times I_n ⊗ Aᵀ (n²×mn) does not conform unless m = n; "
                 "eq. (8) gives the corrected form (I_n ⊗ Aᵀ) + T_{n,n}(I_n ⊗ Aᵀ), proved below",
                 claim="diff(A.T @ A, A) == kron(I(n), A.T) + K(m, n) @ kron(I(n), A.T)", lets="A=m,n"),
        Identity("000 eq. (9) corrected", "d(AᵀA)/dA = (I_n ⊗ Aᵀ) + T_{n,n} (I_n ⊗ Aᵀ)",
                 lambda: (ks.diff(A.T @ A, A), kron(I(n), A.T) + K(n, n) @ kron(I(n), A.T)), "holds",
                 claim="diff(A.T @ A, A) == kron(I(n), A.T) + K(n, n) @ kron(I(n), A.T)", lets="A=m,n"),
        Identity("000 Thm 3.2 as printed (A m×n)", "A⁻¹ for A m×n",
                 lambda: (ks.inv(A), ks.inv(A)), "undecided",
                 "A⁻¹ needs a square A; the theorem holds for A n×n (next row)",
                 claim="diff(inv(A) @ A, A) == zeros(m*n, m*n)", lets="A=m,n"),
        Identity("000 Thm 3.2, eq. (10)", "d(A⁻¹A)/dA = (I_n ⊗ A⁻¹) + (Aᵀ ⊗ I_n) dA⁻¹/dA",
                 lambda: (ks.diff(ks.inv(An) @ An, An),
                          kron(I(n), ks.inv(An)) + kron(An.T, I(n)) @ ks.diff(ks.inv(An), An)), "holds",
                 "both sides are the zero matrix (A⁻¹A = I)",
                 claim="diff(inv(A) @ A, A) == kron(I(n), inv(A)) + kron(A.T, I(n)) @ diff(inv(A), A)", lets="A=n,n"),
        Identity("000 Thm 3.2 (consequence)", "dA⁻¹/dA = −(A⁻ᵀ ⊗ A⁻¹)",
                 lambda: (ks.diff(ks.inv(An), An), -kron(ks.inv(An).T, ks.inv(An))), "holds",
                 claim="diff(inv(A), A) == -kron(inv(A).T, inv(A))", lets="A=n,n"),
        Identity("000 Thm 4.1", "d(A ⊗ B)/dA = (I_n ⊗ K_{q,m} ⊗ I_p)(I_{mn} ⊗ vec B) = I_n ⊗ [Ψ_1; …; Ψ_q]",
                 lambda: (ks.diff(kron(A, B), A), kron(I(n), K(q, m), I(p)) @ kron(I(m * n), vec(B))),
                 "holds", "the block form I_n ⊗ [Ψ_i], Ψ_i = I_m ⊗ B_i, is checked entry by entry by "
                          "`kronsym paper`",
                 claim="diff(kron(A, B), A) == kron(I(n), K(q, m), I(p)) @ kron(I(m*n), vec(B))", lets="A=m,n B=p,q"),
        Identity("000 eq. (11)", "dA⊗B/dA = d vec(A ⊗ B) / d vec A (definition of the layout)",
                 lambda: (ks.diff(kron(A, B), A), ks.diff(vec(kron(A, B)), A)), "holds",
                 claim="diff(kron(A, B), A) == diff(vec(kron(A, B)), A)", lets="A=m,n B=p,q"),
        Identity("001 vec(xxᵀ)", "vec(x xᵀ) = x ⊗ x", lambda: (vec(x @ x.T), kron(x, x)), "holds"),
        Identity("001 mixed product", "(A ⊗ B)(C ⊗ D) = (AC) ⊗ (BD)",
                 lambda: (kron(A, B) @ kron(C, D), kron(A @ C, B @ D)), "holds"),
        Identity("001 transpose", "(A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ", lambda: (kron(A, B).T, kron(A.T, B.T)), "holds"),
        Identity("001 inverse", "(A ⊗ B)⁻¹ = A⁻¹ ⊗ B⁻¹",
                 lambda: (ks.inv(kron(Am, Bn)), kron(ks.inv(Am), ks.inv(Bn))), "holds"),
        Identity("001 trace", "tr(A ⊗ B) = tr A tr B",
                 lambda: (ks.trace(kron(Am, Bn)), ks.trace(Am) * ks.trace(Bn)), "holds"),
        Identity("001 determinant", "det(A ⊗ B) = det(A)ⁿ det(B)ᵐ, A m×m, B n×n",
                 lambda: (ks.det(kron(Am, Bn)), ks.det(Am) ** n * ks.det(Bn) ** m), "holds"),
        Identity("002 matrix equations", "AXB = C ⇔ (Bᵀ ⊗ A) vec X = vec C",
                 lambda: (vec(Am @ Xs @ Bsq), kron(Bsq.T, Am) @ vec(Xs)), "holds"),
        Identity("002 Sylvester", "vec(AX + XB) = (I_n ⊗ A + Bᵀ ⊗ I_m) vec X",
                 lambda: (vec(Am @ Xs + Xs @ Bsq), (kron(I(n), Am) + kron(Bsq.T, I(m))) @ vec(Xs)), "holds"),
        Identity("002 Sylvester via Kronecker sum", "I_n ⊗ A + Bᵀ ⊗ I_m = Bᵀ ⊕ A",
                 lambda: (kron(I(n), Am) + kron(Bsq.T, I(m)), ks.kron_sum(Bsq.T, Am)), "holds"),
        Identity("002 row-ordered vec", "vec_r(AXB) = (A ⊗ Bᵀ) vec_r(X), with vec_r(M) = vec(Mᵀ)",
                 lambda: (vec((Am @ Xs @ Bsq).T), kron(Am, Bsq.T) @ vec(Xs.T)), "holds"),
        Identity("002 Hadamard and Kronecker", "(A ⊗ B) ∘ (C ⊗ D) = (A ∘ C) ⊗ (B ∘ D)",
                 lambda: (ks.hadamard(kron(A, B), kron(S("C", m, n), S("D", p, q))),
                          kron(ks.hadamard(A, S("C", m, n)), ks.hadamard(B, S("D", p, q)))), "holds"),
        Identity("002 Khatri–Rao", "A ⊙ B = (A ⊗ B)(I_n ⊙ I_n) (column j is a_j ⊗ b_j)",
                 lambda: (ks.khatri_rao(A, S("B", p, n)),
                          kron(A, S("B", p, n)) @ ks.khatri_rao(I(n), I(n))), "holds"),
        Identity("001 eigenvalues (§11–12)", "eig(A ⊗ B) = {λᵢ μⱼ}, A m×m, B n×n",
                 lambda: (ks.eigvals(kron(Am, Bn)), ks.eigvals(Am) * ks.eigvals(Bn)), "holds",
                 claim="eigvals(kron(A, B)) == eigvals(A) * eigvals(B)", lets="A=m,m B=n,n"),
        Identity("002 spectrum of the Kronecker sum", "eig(A ⊕ B) = {λᵢ + μⱼ}",
                 lambda: (ks.eigvals(ks.kron_sum(Am, Bn)), ks.eigvals(Am) + ks.eigvals(Bn)), "holds",
                 claim="eigvals(kron_sum(A, B)) == eigvals(A) + eigvals(B)", lets="A=m,m B=n,n"),
        Identity("002 singular values", "σ(A ⊗ B) = {σᵢ(A) σⱼ(B)}",
                 lambda: (ks.svdvals(kron(A, B)), ks.svdvals(A) * ks.svdvals(B)), "holds",
                 "as multisets of min(rows, cols) values each, wherever the counts agree "
                 "(proved when both factors are tall or both wide; numeric otherwise)",
                 claim="svdvals(kron(A, B)) == svdvals(A) * svdvals(B)", lets="A=m,n B=p,q"),
        Identity("002 rank", "rank(A ⊗ B) = rank A · rank B",
                 lambda: (ks.rank(kron(A, B)), ks.rank(A) * ks.rank(B)), "holds",
                 claim="rank(kron(A, B)) == rank(A) * rank(B)", lets="A=m,n B=p,q"),
        # symmetric matrices: vech, D_n, L_n, N_n (Magnus & Neudecker ch. 3 §§7-8; the seeds'
        # vec(xxᵀ) = x ⊗ x is the symmetric case). D⁺ = (DᵀD)⁻¹Dᵀ.
        *_symmetric_rows(ks, n, S),
        # false look-alikes: kronsym must refute them
        Identity("look-alike", "eig(A ⊗ B) = {λᵢ + μⱼ}",
                 lambda: (ks.eigvals(kron(Am, Bn)), ks.eigvals(Am) + ks.eigvals(Bn)), "fails",
                 claim="eigvals(kron(A, B)) == eigvals(A) + eigvals(B)", lets="A=m,m B=n,n"),
        Identity("look-alike", "rank(A ⊗ B) = rank A + rank B",
                 lambda: (ks.rank(kron(A, B)), ks.rank(A) + ks.rank(B)), "fails",
                 claim="rank(kron(A, B)) == rank(A) + rank(B)", lets="A=m,n B=p,q"),
        Identity("look-alike", "A ⊗ B = B ⊗ A", lambda: (kron(A, B), kron(B, A)), "fails"),
        Identity("look-alike", "(A ⊗ B)ᵀ = Bᵀ ⊗ Aᵀ", lambda: (kron(A, B).T, kron(B.T, A.T)), "fails"),
        Identity("look-alike", "tr(AB) = tr A tr B",
                 lambda: (ks.trace(An @ Bsq), ks.trace(An) * ks.trace(Bsq)), "fails"),
        Identity("look-alike", "vec(x yᵀ) = x ⊗ y",
                 lambda: (vec(x @ S("y", m, 1).T), kron(x, S("y", m, 1))), "fails"),
        Identity("look-alike", "K_{m,p}(A ⊗ B)K_{q,n} = B ⊗ A",
                 lambda: (K(m, p) @ kron(A, B) @ K(q, n), kron(B, A)), "fails"),
        Identity("look-alike", "(A ⊗ B)⁻¹ = B⁻¹ ⊗ A⁻¹",
                 lambda: (ks.inv(kron(Am, Bn)), kron(ks.inv(Bn), ks.inv(Am))), "fails"),
        Identity("look-alike", "det(A ⊗ B) = det(A)ᵐ det(B)ⁿ, A m×m, B n×n",
                 lambda: (ks.det(kron(Am, Bn)), ks.det(Am) ** m * ks.det(Bn) ** n), "fails"),
        Identity("look-alike", "vec(AXB) = (B ⊗ Aᵀ) vec X",
                 lambda: (vec(An @ S("X", n, n) @ Bsq), kron(Bsq, An.T) @ vec(S("X", n, n))), "fails"),
        Identity("look-alike", "T_{m,n} vec A = vec A",
                 lambda: (K(m, n) @ vec(A), vec(A)), "fails"),
        Identity("look-alike", "(AB)⁻¹ = A⁻¹B⁻¹",
                 lambda: (ks.inv(An @ Bsq), ks.inv(An) @ ks.inv(Bsq)), "fails"),
        Identity("look-alike", "d(AᵀA)/dA = 2 (I_n ⊗ Aᵀ)",
                 lambda: (ks.diff(A.T @ A, A), 2 * kron(I(n), A.T)), "fails",
                 claim="diff(A.T @ A, A) == 2*kron(I(n), A.T)", lets="A=m,n"),
        Identity("look-alike", "tr(A ⊗ B) = tr(A) + tr(B)",
                 lambda: (ks.trace(kron(Am, Bn)), ks.trace(Am) + ks.trace(Bn)), "fails"),
        Identity("look-alike", "(A ⊗ B) ∘ (C ⊗ D) = (A ∘ D) ⊗ (B ∘ C), all n×n",
                 lambda: (ks.hadamard(kron(An, Bsq), kron(S("C", n, n), S("D", n, n))),
                          kron(ks.hadamard(An, S("D", n, n)), ks.hadamard(Bsq, S("C", n, n)))), "fails"),
    ]


def _symmetric_rows(ks, n, S) -> List[Identity]:
    """Rows for the symmetric-matrix identities (kronsym/rules/symmetric.py)."""
    Sy, A, x = ks.symmetric("S", n), S("A", n, n), S("x", n, 1)
    D, L, Nn, K, I, vec, vech, kron, inv = (ks.D(n), ks.L(n), ks.Nsym(n), ks.K, ks.I, ks.vec,
                                            ks.vech, ks.kron, ks.inv)
    half = n * (n + 1) / 2
    Dp = inv(D.T @ D) @ D.T
    where = "M&N ch. 3 §8"
    return [
        Identity("001 vec(xxᵀ), symmetric", "vec(x xᵀ) = D_n vech(x xᵀ) (x xᵀ is symmetric)",
                 lambda: (vec(x @ x.T), D @ vech(x @ x.T)), "holds"),
        Identity("001 vec(xxᵀ), symmetric", "N_n (x ⊗ x) = x ⊗ x", lambda: (Nn @ kron(x, x), kron(x, x)),
                 "holds"),
        Identity(where, "L_n D_n = I_{n(n+1)/2}", lambda: (L @ D, I(half)), "holds"),
        Identity(where, "K_{n,n} D_n = D_n", lambda: (K(n, n) @ D, D), "holds"),
        Identity(where, "N_n D_n = D_n", lambda: (Nn @ D, D), "holds"),
        Identity(where, "D_n L_n N_n = N_n", lambda: (D @ L @ Nn, Nn), "holds"),
        Identity(where, "L_n vec A = vech A", lambda: (L @ vec(A), vech(A)), "holds"),
        Identity(where, "D_n vech S = vec S, S symmetric", lambda: (D @ vech(Sy), vec(Sy)), "holds"),
        Identity(where, "D_n⁺ vec S = vech S, S symmetric, D⁺ = (DᵀD)⁻¹Dᵀ",
                 lambda: (Dp @ vec(Sy), vech(Sy)), "holds"),
        Identity(where, "D_n D_n⁺ = N_n", lambda: (D @ Dp, Nn), "holds"),
        Identity("M&N ch. 3 §7", "N_n² = N_n, N_n K_{n,n} = N_n", lambda: (Nn @ Nn @ K(n, n), Nn), "holds"),
        Identity("M&N ch. 3 §7", "N_n (A ⊗ A) = (A ⊗ A) N_n", lambda: (Nn @ kron(A, A), kron(A, A) @ Nn),
                 "holds"),
        Identity(where, "(D⁺(S ⊗ S)D)⁻¹ = D⁺(S⁻¹ ⊗ S⁻¹)D",
                 lambda: (inv(Dp @ kron(Sy, Sy) @ D), Dp @ kron(inv(Sy), inv(Sy)) @ D), "holds"),
        Identity("M&N, Jacobians of symmetric S", "d vech(S⁻¹)/d (vech S)ᵀ = −D⁺(S⁻¹ ⊗ S⁻¹)D, S symmetric",
                 lambda: (ks.diff(inv(Sy), Sy, vech=True), -(Dp @ kron(inv(Sy), inv(Sy)) @ D)), "holds"),
        Identity("M&N, Jacobians of symmetric S", "d vech(S²)/d (vech S)ᵀ = 2D⁺(S ⊗ I)D, S symmetric",
                 lambda: (ks.diff(Sy @ Sy, Sy, vech=True), 2 * (Dp @ kron(Sy, I(n)) @ D)), "holds"),
        Identity("look-alike", "D_n L_n = I_{n²}", lambda: (D @ L, I(n * n)), "fails"),
        Identity("look-alike", "D_n vech A = vec A for any A", lambda: (D @ vech(A), vec(A)), "fails"),
        Identity("look-alike", "d vech(S⁻¹)/d (vech S)ᵀ = −(S⁻¹ ⊗ S⁻¹) on vech, i.e. −L(S⁻¹ ⊗ S⁻¹)Lᵀ",
                 lambda: (ks.diff(inv(Sy), Sy, vech=True), -(L @ kron(inv(Sy), inv(Sy)) @ L.T)), "fails"),
    ]


def _products_cat() -> List[Identity]:
    """Seed 002 'Related matrix operations' (face-splitting, Khatri–Rao, Tracy–Singh) and
    its row-ordered vec. The extracted article lost its formulas; the identities are those
    of its sections on these products (face-splitting: Slyusar 1997/1999; Tracy–Singh:
    Tracy & Singh 1972)."""
    ks, (m, n, p, q, r, s), S = _syms()
    ra, ca, rb, cb, pa, qa, pb, qb, sa, ta, sb, tb = ks.dims(
        "ra ca rb cb pa qa pb qb sa ta sb tb")
    A, B, C, D = S("A", m, n), S("B", m, p), S("C", n, q), S("D", p, s)
    G, H = S("C", n, q), S("D", p, q)
    x, y = S("x", n, 1), S("y", p, 1)
    E, F = S("A", r, n), S("B", s, p)
    TA, TB = S("A", ra * pa, ca * qa), S("B", rb * pb, cb * qb)
    TC, TD = S("C", ca * qa, sa * ta), S("D", cb * qb, sb * tb)
    P, Q = S("A", m, n), S("B", p, q)
    fs, kr, ts, kron = ks.face_split, ks.khatri_rao, ks.tracy_singh, ks.kron
    An, Xn, Bn = S("A", n, n), S("X", n, n), S("B", n, n)
    Xp = S("X", n, p)
    lost = "formula lost in the extracted seed; from the article's section on this product"
    return [
        Identity("002 face-splitting product", "(A • B)ᵀ = Aᵀ ⊙ Bᵀ (row i of A • B is aᵢ ⊗ bᵢ)",
                 lambda: (fs(A, B).T, kr(A.T, B.T)), "holds", lost),
        Identity("002 face-splitting mixed product", "(A • B)(C ⊗ D) = (AC) • (BD)",
                 lambda: (fs(A, B) @ kron(C, D), fs(A @ C, B @ D)), "holds", lost),
        Identity("002 face-splitting and Khatri–Rao", "(A • B)(C ⊙ D) = (AC) ∘ (BD)",
                 lambda: (fs(A, B) @ kr(G, H), ks.hadamard(A @ G, B @ H)), "holds", lost),
        Identity("002 face-splitting of vectors", "(A • B)(x ⊗ y) = (Ax) ∘ (By)",
                 lambda: (fs(A, B) @ kron(x, y), ks.hadamard(A @ x, B @ y)), "holds", lost),
        Identity("002 face-splitting as a selection", "A • B = (I_m ⊙ I_m)ᵀ (A ⊗ B)",
                 lambda: (fs(A, B), kr(ks.I(m), ks.I(m)).T @ kron(A, B)), "holds"),
        Identity("002 Khatri–Rao mixed product", "(A ⊗ B)(C ⊙ D) = (AC) ⊙ (BD)",
                 lambda: (kron(E, F) @ kr(G, H), kr(E @ G, F @ H)), "holds", lost),
        Identity("002 Khatri–Rao Gram matrix", "(A ⊙ B)ᵀ(A ⊙ B) = AᵀA ∘ BᵀB",
                 lambda: (kr(G, H).T @ kr(G, H), ks.hadamard(G.T @ G, H.T @ H)), "holds", lost),
        Identity("002 Tracy–Singh product", "A ⊠ B = A ⊗ B for 1×1 partitions",
                 lambda: (ts(TA, TB), kron(TA, TB)), "holds"),
        Identity("002 Tracy–Singh product", "A ⊠ B = A ⊗ B for partitions into 1×1 blocks",
                 lambda: (ts(P, Q, (m, n), (p, q)), kron(P, Q)), "holds"),
        Identity("002 Tracy–Singh transpose", "(A ⊠ B)ᵀ = Aᵀ ⊠ Bᵀ (transposed grids)",
                 lambda: (ts(TA, TB, (ra, ca), (rb, cb)).T, ts(TA.T, TB.T, (ca, ra), (cb, rb))),
                 "holds"),
        Identity("002 Tracy–Singh mixed product", "(A ⊠ B)(C ⊠ D) = (AC) ⊠ (BD), conforming grids",
                 lambda: (ts(TA, TB, (ra, ca), (rb, cb)) @ ts(TC, TD, (ca, sa), (cb, sb)),
                          ts(TA @ TC, TB @ TD, (ra, sa), (rb, sb))), "holds"),
        Identity("002 row-ordered vec", "vec_r(AXB) = (A ⊗ Bᵀ) vec_r X",
                 lambda: (ks.vecr(A @ Xp @ D), kron(A, D.T) @ ks.vecr(Xp)), "holds"),
        Identity("001 row-major reshape", "vec_r A = K_{m,n} vec A (numpy order=\"C\")",
                 lambda: (ks.vecr(A), ks.K(m, n) @ ks.vec(A)), "holds"),
        Identity("look-alike", "(A • B)ᵀ = Bᵀ ⊙ Aᵀ",
                 lambda: (fs(A, S("B", m, n)).T, kr(S("B", m, n).T, A.T)), "fails"),
        Identity("look-alike", "A ⊠ B = A ⊗ B for 2×2 grids of 2×2 blocks",
                 lambda: (ts(S("A", 4, 4), S("B", 4, 4), (2, 2), (2, 2)),
                          kron(S("A", 4, 4), S("B", 4, 4))), "fails"),
        Identity("look-alike", "vec_r(AXB) = (Bᵀ ⊗ A) vec_r X",
                 lambda: (ks.vecr(An @ Xn @ Bn), kron(Bn.T, An) @ ks.vecr(Xn)), "fails"),
    ]


CATALOGUE: List[Identity] = []


def catalogue() -> List[Identity]:
    """The catalogue (built on first use)."""
    if not CATALOGUE:
        CATALOGUE.extend(_cat())
        CATALOGUE.extend(_products_cat())
    return CATALOGUE


def verdict_of(item: Identity) -> Tuple[str, str]:
    """(verdict, detail): verdict is "holds", "fails", "shapes" or "undecided"."""
    import kronsym as ks
    try:
        lhs, rhs = item.build()
    except ks.UndecidedShapeError as e:
        return "undecided", str(e)
    except ks.ShapeError as e:
        return "shapes", str(e)
    try:
        p = ks.prove(lhs, rhs)
    except ks.ShapeError as e:
        return "shapes", str(e)
    if p.holds:
        if p.method == "canonical":
            return "holds", "proved (canonical forms agree)"
        how = {"exact-random": "exact evidence", "high-precision": "50-digit evidence"}.get(
            p.method, "numeric evidence")
        return "holds", f"{how} ({p.trials} random points; distinct dims > 1 and dims 1 included)"
    return "fails", p.detail


def verify_claim(item: Identity):
    """(claim, shapes) for checking ``item`` with ``ks.verify`` / ``kronsym verify``:
    the item's own claim, else its two built sides printed in the parser's language."""
    if item.claim:
        shapes = dict(part.split("=", 1) for part in item.lets.split())
        return item.claim, shapes
    from .traverse import postorder
    from . import nodes as N
    lhs, rhs = item.build()
    shapes = {}
    for e in (lhs, rhs):
        for nd in postorder(e):
            if isinstance(nd, N.MatrixSymbol):
                shape = f"{nd.rows},{nd.cols}".replace(" ", "")
                if isinstance(nd, N.SymmetricSymbol):
                    shape += ",sym"
                if shapes.setdefault(nd.name, shape) != shape:
                    raise ValueError(f"{item.where}: two symbols named {nd.name}")
    return f"{lhs} == {rhs}", shapes


def verify_command(item: Identity) -> str:
    """The ``kronsym verify`` command line that checks ``item``."""
    claim, shapes = verify_claim(item)
    lets = " ".join(f"--let {k}={v}" for k, v in sorted(shapes.items()))
    return f'kronsym verify "{claim}" {lets}'


def check_catalogue():
    """[(item, verdict, detail)] for the whole catalogue."""
    return [(it,) + verdict_of(it) for it in catalogue()]


PREFACE = '# The seed identities, checked by kronsym\n\nEvery identity printed in the three seed documents (000 the paper, 001 the\nlecture notes, 002 the encyclopedia article), and a set of false look-alikes,\nrun through `ks.prove`. "proved" means both sides reach the same canonical\nform (a symbolic proof); "exact evidence" means no counterexample at random\npoints evaluated exactly (modulo the prime 2³¹ − 1: rational expressions), "50-digit\nevidence" the same at 50 significant digits (expressions with log, exp, sqrt ...),\n"numeric evidence" the same in float64 — each over several dimension assignments\n(pairwise distinct dims above 1, and dims of 1), strong evidence, not a proof.\nRegenerate with `python -m kronsym.seeds`; every verdict is reproduced by `tests/prove/test_seed_identities.py`.\n\nWhere a document is wrong:\n- **000 eq. (9)** writes T_{m,n}(I_n ⊗ Aᵀ): T_{m,n} is mn×mn and I_n ⊗ Aᵀ is n²×mn, so the\n  product exists only when m = n. The paper\'s own eq. (8) gives the corrected form\n  (I_n ⊗ Aᵀ) + T_{n,n}(I_n ⊗ Aᵀ), which kronsym proves equal to its derivation.\n- **000 Theorem 3.2** states "A is m×n" but uses A⁻¹: A must be square. With A n×n,\n  eq. (10) holds (both sides are the zero matrix, since A⁻¹A = I).\n- The entry-wise matrix printed under Theorem 4.1 is garbled in the extracted text\n  (indices such as a_{ml}); its block form I_n ⊗ [Ψ_1; …; Ψ_q] with Ψ_i = I_m ⊗ B_i is\n  correct and is checked entry by entry by `kronsym paper`.\n\nNot expressible as an identity between two matrix expressions, checked numerically in\n`tests/prove/test_seed_properties.py` instead: the eigenvalues of A ⊗ B (products λᵢμⱼ), the\n2×2 example of 001, numpy\'s `order="C"`/`"F"` reshapes.\n\n'

PREFACE += ('The rows marked "M&N ..." are not printed in the seeds: they are the symmetric-matrix\n'
            'identities (vech, the duplication matrix D_n, the elimination matrix L_n, the symmetrizer\n'
            'N_n, D_n⁺ = (D_nᵀD_n)⁻¹D_nᵀ) from Magnus & Neudecker, *Matrix Differential Calculus*\n'
            '(3rd ed.; ch. 3 §7 the commutation matrix and N_n, §8 the duplication matrix), that kronsym\n'
            'implements as rules (`kronsym/rules/symmetric.py`) and derivatives (`ks.diff(F, S)`); the\n'
            '"001 vec(xxᵀ), symmetric" rows extend the notes\' vec(xxᵀ) = x ⊗ x. S is a symmetric symbol\n'
            '(`ks.symmetric`, `--let S=n,n,sym`).\n\n')


def markdown_table() -> str:
    """The whole of docs/identities.md: the preface, the table, the commands."""
    rows = [PREFACE.rstrip("\n"), "", "| where | identity | verdict | how | note |",
            "|---|---|---|---|---|"]
    for it, v, detail in check_catalogue():
        word = {"holds": "holds", "fails": "**false**", "shapes": "**shapes never agree**",
                "undecided": "**ill-shaped unless dims are equal**"}[v]
        # the lambdas are called at once, inside this iteration
        how = {"shapes": lambda: detail.split(";")[-1].strip()[:120],  # noqa: B023
               "undecided": lambda: next(p.strip() for p in detail.split(";")  # noqa: B023
                                         if "cannot be proved" in p)}.get(v, lambda: detail)()  # noqa: B023
        rows.append(f"| {it.where} | {it.text} | {word} | {how} | {it.note} |")
    rows += ["", "## Check any row from the command line", "",
             "Each row above as a `kronsym verify` command (exit code 0 when it holds, 1 when it "
             "is false or the shapes never agree; `tests/prove/test_seed_identities.py` runs them all):",
             "", "```sh"]
    for it in catalogue():
        rows.append(f"# {it.where}: {it.text}")
        rows.append(verify_command(it))
    rows.append("```")
    return "\n".join(rows)


if __name__ == "__main__":  # pragma: no cover
    print(markdown_table())
