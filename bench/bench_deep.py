"""How kronsym scales with expression size (a measurement, not a test).

Three families at sizes 500, 1000, 2000, 5000:
* product chain: ``e = e @ X`` (n×n X), built the way a user writes a loop;
* Kronecker chain: ``e = ks.kron(e, x)`` (x n×1);
* deep nesting: ``e.T``, ``e @ Z``, ``e + Z`` in turn (depth = size; the tree is
  size levels deep, the traversals must be iterative).
Operations: build, ``str``, ``ks.simplify``, ``ks.diff`` (w.r.t. the repeated
symbol) and ``ks.codegen`` (lowering + emission). Each operation has a time cap;
after a size exceeds it, larger sizes of that operation are skipped ("—").
The growth exponent k of t ≈ c·size^k is fitted on the sizes measured.
SymPy's MatrixSymbol product chain (build + str) is timed alongside for scale.

    python bench/bench_deep.py [--sizes 500,1000,2000,5000] [--cap 60]
"""
import argparse
import os
import signal
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import kronsym as ks  # noqa: E402
from kronsym.simplify import clear_cache  # noqa: E402

n, = ks.dims("n")
X = ks.MatrixSymbol("X", n, n)
x = ks.MatrixSymbol("x", n, 1)
Z = ks.MatrixSymbol("Z", n, n)


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def product_chain(k):
    e = X
    for _ in range(k - 1):
        e = e @ X
    return e, X


def kron_chain(k):
    e = x
    for _ in range(k - 1):
        e = ks.kron(e, x)
    return e, x


def deep_nesting(k):
    e = Z
    for i in range(k):
        e = e.T if i % 3 == 0 else (e @ Z if i % 3 == 1 else e + Z)
    return e, Z


FAMILIES = {"product chain": product_chain, "kron chain": kron_chain,
            "deep nesting": deep_nesting}


def _sympy_chain(k):
    import sympy
    nn = sympy.Symbol("n", integer=True, positive=True)
    S = sympy.MatrixSymbol("X", nn, nn)
    e = S
    for _ in range(k - 1):
        e = e * S
    return str(e)


def timed(fn, cap):
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, cap)
    start = time.perf_counter()
    try:
        out = fn()
        return time.perf_counter() - start, out
    except Timeout:
        return None, None
    except RecursionError:
        return float("nan"), None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def growth(sizes, times):
    pts = [(s, t) for s, t in zip(sizes, times) if t is not None and t == t and t > 1e-4]
    if len(pts) < 2:
        return "—"
    k, _ = np.polyfit(np.log([p[0] for p in pts]), np.log([p[1] for p in pts]), 1)
    return f"{k:.2f}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="500,1000,2000,5000")
    ap.add_argument("--cap", type=float, default=60.0, help="seconds per operation and size")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    ops = ["build", "str", "simplify", "diff", "codegen"]
    for make in FAMILIES.values():  # warm-up: imports and first-call caches
        e, var = make(10)
        str(e), ks.simplify(e), ks.diff(e, var), ks.codegen([var], e)
    _sympy_chain(10)
    rows = []
    for fam, make in FAMILIES.items():
        times = {op: [] for op in ops}
        skipped = set()
        for k in sizes:
            t, built = timed(lambda: make(k), args.cap) if "build" not in skipped else (None, None)
            times["build"].append(t)
            if built is None:
                skipped.update(ops)
                for op in ops[1:]:
                    times[op].append(None)
                continue
            e, var = built
            clear_cache()
            work = {"str": lambda: str(e), "simplify": lambda: ks.simplify(e),
                    "diff": lambda: ks.diff(e, var), "codegen": lambda: ks.codegen([var], e)}
            for op in ops[1:]:
                if op in skipped:
                    times[op].append(None)
                    continue
                t, _ = timed(work[op], args.cap)
                times[op].append(t)
                if t is None or t != t:
                    skipped.add(op)
            print(f"{fam:14s} size {k:5d}: " + "  ".join(
                f"{op} {_fmt(times[op][-1])}" for op in ops), flush=True)
        for op in ops:
            rows.append((fam, op, times[op], growth(sizes, times[op])))
    sym = [timed(lambda: _sympy_chain(k), args.cap)[0] for k in sizes]
    rows.append(("product chain", "SymPy build+str", sym, growth(sizes, sym)))
    print()
    print(table(sizes, rows, args.cap))


def _fmt(t):
    if t is None:
        return "—"
    if t != t:
        return "RecursionError"
    return f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s"


def table(sizes, rows, cap):
    head = "| family | operation | " + " | ".join(f"size {s}" for s in sizes) + " | growth k |"
    sep = "|" + "---|" * (len(sizes) + 3)
    lines = [head, sep]
    for fam, op, ts, k in rows:
        lines.append(f"| {fam} | {op} | " + " | ".join(_fmt(t) for t in ts) + f" | {k} |")
    lines.append(f"\n(— : over the {cap:g} s cap at a smaller size, or skipped after it; "
                 f"k: slope of log t against log size)")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
