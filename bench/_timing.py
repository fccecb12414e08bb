"""Measurement helpers shared by the benchmark scripts (run by hand, not by pytest).

``median_time(fn)``: median over ``repeat`` rounds of the mean time per call, each round
calling ``fn`` until ``min_time`` seconds have passed (at most ``max_calls`` calls).
``cold_median_time(fn)``: median over ``repeat`` single calls, kronsym's simplify memo
cleared before each (the cost of a first simplification, not of a memo hit).
``fmt_t(t)``: a time in seconds as "12.3 µs", "4.56 ms" or "1.23 s".
``peak_bytes(fn)``: the tracemalloc peak of one call (numpy and scipy buffers included;
XLA buffers are invisible to it).
"""
from __future__ import annotations

import statistics
import time
import tracemalloc


def median_time(fn, repeat=5, min_time=0.02, max_calls=10000):
    times = []
    for _ in range(repeat):
        n, t0 = 0, time.perf_counter()
        while True:
            fn()
            n += 1
            el = time.perf_counter() - t0
            if el > min_time or n >= max_calls:
                break
        times.append(el / n)
    return statistics.median(times)


def peak_bytes(fn):
    """tracemalloc peak of one call."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def fmt_t(t: float) -> str:
    """A time in seconds, three significant digits in µs, ms or s."""
    if t < 1e-3:
        return f"{t * 1e6:.3g} µs"
    return f"{t * 1e3:.3g} ms" if t < 1 else f"{t:.3g} s"


def cold_median_time(fn, repeat=5):
    """Median of ``repeat`` single calls of ``fn``, each after ``kronsym.simplify.clear_cache()``."""
    from kronsym.simplify import clear_cache
    ts = []
    for _ in range(repeat):
        clear_cache()
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)
