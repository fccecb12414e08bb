"""Matrix equations the Kronecker way: kronsym.linalg in five short steps.

Run:  python examples/matrix_equations.py

Each structured solve is compared with the textbook dense route (form the
Kronecker matrix, call np.linalg.solve) and, where scipy has one, scipy.
"""
import numpy as np
import scipy.linalg as sla

from kronsym import linalg as kl

rng = np.random.default_rng(42)


def report(label, a, b):
    err = np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)
    print(f"  {label:<46} max rel. difference {err:.1e}")
    return err


worst = 0.0

print("1. Sylvester  A X + X B = C  (A 6×6, B 4×4)")
A = rng.standard_normal((6, 6)) + 3 * np.eye(6)
B = rng.standard_normal((4, 4)) + 3 * np.eye(4)
C = rng.standard_normal((6, 4))
X = kl.sylvester(A, B, C)                      # Bartels–Stewart (Schur forms)
worst = max(worst, report("Schur route vs (I⊗A + Bᵀ⊗I) vec X = vec C",
                          X, kl.sylvester_kron(A, B, C)))
worst = max(worst, report("Schur route vs scipy.linalg.solve_sylvester",
                          X, sla.solve_sylvester(A, B, C)))
print(f"  residual ‖AX + XB − C‖ = {np.linalg.norm(A @ X + X @ B - C):.1e}")

print("2. Lyapunov  A X + X Aᵀ = Q  and  A X Aᵀ − X + Q = 0  (A 5×5)")
A = rng.standard_normal((5, 5))
A_c = A - (np.abs(np.linalg.eigvals(A).real).max() + 1) * np.eye(5)   # stable
A_d = 0.9 * A / np.abs(np.linalg.eigvals(A)).max()                  # |λ| < 1
Q = np.eye(5)
Xc = kl.lyapunov(A_c, Q)
worst = max(worst, report("continuous vs scipy solve_continuous_lyapunov",
                          Xc, sla.solve_continuous_lyapunov(A_c, Q)))
dense = np.linalg.solve(np.kron(np.eye(5), A_c) + np.kron(A_c, np.eye(5)),
                        Q.reshape(-1, order="F")).reshape(5, 5, order="F")
worst = max(worst, report("continuous vs dense (I⊗A + A⊗I) vec X = vec Q", Xc, dense))
Xd = kl.discrete_lyapunov(A_d, Q)
worst = max(worst, report("discrete vs scipy solve_discrete_lyapunov",
                          Xd, sla.solve_discrete_lyapunov(A_d, Q)))

print("3. Kronecker system  (A₁ ⊗ A₂ ⊗ A₃) x = c  (sizes 4, 3, 5: 60 unknowns)")
factors = [rng.standard_normal((n, n)) + 2 * np.sqrt(n) * np.eye(n) for n in (4, 3, 5)]
c = rng.standard_normal(60)
x = kl.kron_solve(factors, c)                  # one LU per factor, product never formed
K = np.kron(np.kron(factors[0], factors[1]), factors[2])
worst = max(worst, report("kron_solve vs np.linalg.solve(np.kron(...))",
                          x, np.linalg.solve(K, c)))
worst = max(worst, report("kron_matvec(factors, x) vs c", kl.kron_matvec(factors, x), c))

print("4. Nearest Kronecker product of a noisy A ⊗ B  (A 3×2, B 4×5)")
A0, B0 = rng.standard_normal((3, 2)), rng.standard_normal((4, 5))
noise = 1e-3 * rng.standard_normal((12, 10))
fit = kl.nearest_kron(np.kron(A0, B0) + noise, A0.shape, B0.shape)
print(f"  residual ‖M − A⊗B‖_F = {fit.residual:.2e}   (noise norm {np.linalg.norm(noise):.2e})")
rel = np.linalg.norm(np.kron(fit.A, fit.B) - np.kron(A0, B0)) / np.linalg.norm(np.kron(A0, B0))
print(f"  relative error of the recovered A⊗B = {rel:.1e}")
scale = fit.A[0, 0] / A0[0, 0]                 # A ⊗ B = (cA) ⊗ (B/c): compare up to c
print(f"  A recovered up to scale: {np.allclose(fit.A, scale * A0, atol=1e-2)}")
exact = kl.nearest_kron(np.kron(A0, B0), A0.shape, B0.shape)
print(f"  exact A⊗B: residual {exact.residual:.1e}")

print("5. Spectrum of A ⊗ B and A ⊕ B from the factors")
A, B = rng.standard_normal((3, 3)), rng.standard_normal((2, 2))
A, B = A + A.T, B + B.T                        # real spectra, easy to compare sorted
print("  eig(A⊗B) = products:", np.allclose(np.sort(kl.kron_eig(A, B).real),
                                           np.sort(np.linalg.eigvalsh(np.kron(A, B)))))
S = np.kron(A, np.eye(2)) + np.kron(np.eye(3), B)
print("  eig(A⊕B) = sums:    ", np.allclose(np.sort(kl.kron_sum_eig(A, B).real),
                                           np.sort(np.linalg.eigvalsh(S))))

ok = worst < 1e-8 and rel < 1e-2 and exact.residual < 1e-12
print(f"all routes agree: {ok} (worst relative difference {worst:.1e})")
raise SystemExit(0 if ok else 1)
