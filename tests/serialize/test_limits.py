"""The parser's limits on numbers and powers, and printing of numbers of any size.

Hostile inputs of issue #13 (items 10, 14, 16, 17, 18, 19) are each run in a
subprocess under a memory limit (RLIMIT_AS) and a timeout: on the code before
the fix each ran for tens of seconds or past gigabytes, now each is refused (or
printed) at once. The bounds are generous so that a loaded machine cannot make
the tests flake; the in-process tests check the exact behaviour.
"""
import json
import os
import subprocess
import sys
import textwrap

import pytest
import sympy

import kronsym as ks
from kronsym import bignum

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHAPES = {"A": "m,n", "s": "1,1"}


def run_limited(code: str, memory_mb: int = 1200, timeout: float = 30.0) -> str:
    """Run ``code`` in a fresh interpreter with at most ``memory_mb`` of address space;
    fail if it does not finish within ``timeout`` seconds or exits non-zero."""
    prelude = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} << 20, {memory_mb} << 20))
        import kronsym as ks
        S = {SHAPES!r}
    """)
    env = dict(os.environ, PYTHONPATH=ROOT)
    try:
        r = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], env=env,
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish within {timeout} s:\n{code}")
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


# --- item 10: integers of any size print, serialize and parse back ----------------
def test_int_to_str_matches_python_at_every_size():
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        for n in (0, 7, 10 ** 599, 10 ** 600, 10 ** 4300, 10 ** 4301 - 1, 7 ** 20000,
                  2 ** 100_000, -(3 ** 31_000)):
            assert bignum.int_to_str(n) == str(n)
            assert bignum.str_to_int(str(n)) == n
    finally:
        sys.set_int_max_str_digits(old)


@pytest.mark.parametrize("coeff", [2 ** 20000, -(3 ** 10000), sympy.Rational(1, 7 ** 6000)],
                         ids=["2**20000", "-3**10000", "1/7**6000"])
def test_huge_coefficients_print_serialize_and_round_trip(coeff):
    A = ks.MatrixSymbol("A", sympy.Symbol("m", integer=True, positive=True),
                        sympy.Symbol("n", integer=True, positive=True))
    e = coeff * A
    s = str(e)
    assert repr(e) == s and len(s) > 4300
    assert ks.parse(s, SHAPES) is e
    digits = bignum.int_to_str(abs(sympy.Rational(coeff).p))
    assert digits in s and digits in ks.latex(e)
    doc = ks.to_json(e)
    assert ks.from_json(doc) is e
    json.loads(doc)        # a valid JSON document that Python's reader accepts


def test_huge_dimension_prints():
    e = ks.I(2 ** 20000)
    assert ks.parse(str(e)) is e
    assert bignum.int_to_str(2 ** 20000) in ks.latex(e)


def test_simplify_of_a_huge_coefficient():
    A = ks.MatrixSymbol("A", 2, 2)
    assert "2*A" not in str(ks.simplify(2 ** 20000 * A + A))


# --- item 14: non-finite numbers --------------------------------------------------
@pytest.mark.parametrize("text", ["1e999*A", "2.0**100000.0*A", "2.0**-100000.0*A", "1e-999*A",
                                  "-1e400*A", "(1e300*1e300)*A", "10.0**400*A", "0.5**5000.0*A",
                                  "1.00000000000000000000001e999*A"])
def test_non_finite_or_out_of_range_numbers_are_a_parse_error(text):
    with pytest.raises(ks.ParseError, match="finite number in the range of a double"):
        ks.parse(text, SHAPES)


def test_doubles_at_the_edges_of_the_range_still_parse():
    for text in ("1.7e308*A", "5e-324*A", "0e-999*A", "0.0*A", "2.0**1000.0*A", "1e-300*A"):
        e = ks.parse(text, SHAPES)
        assert ks.parse(str(e), SHAPES) is e


# --- item 16: long number literals ------------------------------------------------
def test_long_decimal_literal_is_refused_at_once():
    run_limited("""
        for text in ("1" * 100_000 + ".5*A", "0." + "0" * 500_000 + "1*A", "1e" + "9" * 1000 + "*A"):
            try:
                ks.parse(text, S)
            except ks.ParseError as e:
                assert "too long" in str(e), e
            else:
                raise AssertionError(text[:20])
    """, timeout=20)


def test_long_integer_literals():
    n = bignum.str_to_int("7" * 30_000)
    e = ks.parse("7" * 30_000 + "*A", SHAPES)
    assert e.coeff == n and ks.parse(str(e), SHAPES) is e
    with pytest.raises(ks.ParseError, match="30,104 digits, over the limit of 30,103"):
        ks.parse("7" * 30_104 + "*A", SHAPES)
    assert str(ks.parse("0." + "3" * 999 + "*A", SHAPES)).startswith("0.333")


# --- item 17: a symbol raised to a huge number --------------------------------------
def test_symbol_to_a_huge_power_is_refused_at_once():
    run_limited("""
        for text in ("m^-1^-m**-31^5", "m**(31**5)", "m**10**9*A", "s**(10**9)"):
            try:
                ks.parse(text, S, dims=["m"])
            except ks.ParseError as e:
                assert "exponent" in str(e) or "not a real number" in str(e), e
            else:
                raise AssertionError(text)
    """, memory_mb=1500, timeout=20)


@pytest.mark.parametrize("text, match", [
    ("m**1001*A", "at most 1000"),
    ("m**(1/1001)*A", "denominator of at most 1000"),
    ("(m**500)**3*A", "exponent 1500 is too large"),
    ("m**600*m**600*A", "exponent 1200 is too large"),
    ("m**(n**p)*A", "towers of symbolic powers"),
    ("(-1)**(1/m)*A", "not a real number"),
])
def test_symbol_power_limits(text, match):
    with pytest.raises(ks.ParseError, match=match):
        ks.parse(text, SHAPES, dims=["m", "n", "p"])


def test_symbol_powers_within_the_limits_parse():
    for text in ("m**1000*A", "m**(1/1000)*A", "m**n*A", "(-1)**n*A", "2**m*A", "s**n", "s**-3"):
        e = ks.parse(text, SHAPES, dims=["m", "n"])
        assert ks.parse(str(e), sorted(e.free_symbols, key=lambda x: x.name),
                        dims=["m", "n"]) is e


# --- item 18: products and sums of numbers ----------------------------------------
def test_products_of_big_numbers_are_refused_before_multiplying():
    run_limited("""
        for text in ("*".join(["2**49999"] * 1000) + "*A", "+".join(["2**99999"] * 1000) + "*A",
                     "(" + "*".join(["3**60000"] * 300) + ")*A", "m**(" + "*".join(["2**99999"] * 300) + ")*A",
                     "/".join(["2**99999"] * 300) + "*A"):
            try:
                ks.parse(text, S, dims=["m"])
            except ks.ParseError as e:
                assert "too large" in str(e), e
            else:
                raise AssertionError(text[:30])
    """, memory_mb=1200, timeout=20)


def test_number_size_limit_is_exact_at_the_boundary():
    assert ks.parse("2**99999*A", SHAPES).coeff == 2 ** 99999
    assert ks.parse("(2**99998 + 2**99998)*A", SHAPES).coeff == 2 ** 99999
    for text in ("2**100000*A", "(2**99999 + 2**99999)*A", "2**99999*2*A", "(1/2)**100000*A"):
        with pytest.raises(ks.ParseError, match="too large"):
            ks.parse(text, SHAPES)


# --- item 19: printing is linear in the output --------------------------------------
def test_printing_20000_nested_transposes_in_linear_memory():
    # the text is 40 001 characters and the LaTeX 180 000: building every level's
    # string (the old printers) took 1.8 GB; 300 MB above the interpreter is plenty
    out = run_limited("""
        import resource
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        A = ks.MatrixSymbol("A", 3, 3)
        e = A
        for _ in range(20000):
            e = e.T
        s, l = str(e), ks.latex(e)
        X = ks.MatrixSymbol("X", 3, 3)
        f = X
        for _ in range(5000):
            f = -2 * ks.inv(f.T) + X
        t, m = str(f), ks.latex(f)
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024
        print(len(s), s[:6], s[-4:], len(l), len(t), len(m), grown)
    """, memory_mb=1200, timeout=60)
    n_s, head, tail, n_l, n_t, n_m, grown = out.split()
    assert (n_s, head, tail) == ("40001", "A.T.T.", ".T.T")
    assert int(n_l) == len("A") + 20000 * len("^{\\top}") + 2 * 19999   # {...}^{\top}
    assert int(grown) < 300, f"printing grew the process by {grown} MB"


def _mixed_chain(depth):
    A, B = ks.MatrixSymbol("A", 3, 3), ks.MatrixSymbol("B", 3, 3)
    # each step uses x once, so the text grows linearly with the depth
    steps = [lambda x: -x.T, lambda x: ks.inv(x) + B, lambda x: B - 2 * ks.inv(x).T,
             lambda x: -3 * ks.trace(B) * x, lambda x: ks.unvec(ks.vec(x), 3, 3) @ B,
             lambda x: (ks.vec(B).T @ ks.vec(x)) * B, lambda x: ks.kron(x, ks.I(1)) - B]
    e, out = A, []
    for k in range(depth):
        e = steps[k % len(steps)](e)
        out.append(e)
    return out, [A, B]


@pytest.mark.parametrize("short", [0, 8])
def test_templates_print_the_same_text_as_whole_strings(monkeypatch, short):
    """Holes change how the text is assembled, not what it says: with every kid handed
    over as a placeholder (SHORT = 0 or 8) the text and LaTeX are those printed with
    every kid as its full string (SHORT huge, the printers' behaviour before)."""
    from kronsym.printing import fragments
    from kronsym.traverse import postorder
    exprs, syms = _mixed_chain(120)

    def both():
        for n in postorder(exprs[-1]):
            object.__setattr__(n, "_str", None)
        return [(str(e), ks.latex(e)) for e in exprs[::7]]

    monkeypatch.setattr(fragments, "SHORT", 10 ** 9)
    whole = both()
    monkeypatch.setattr(fragments, "SHORT", short)
    holes = both()
    monkeypatch.undo()
    assert holes == whole
    assert both() == whole
    for e, (t, _) in zip(exprs[::7], whole):
        assert ks.parse(t, syms) is e
