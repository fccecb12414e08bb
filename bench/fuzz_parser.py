"""Coverage-guided fuzzing of the kronsym parser with atheris (libFuzzer). Not run by pytest.

Contract checked on every input: ``ks.parse`` / ``ks.parse_equation`` return a
result or raise ks.ParseError / ks.ShapeError; a parsed expression prints to
text that parses back to the same node (``parse(str(e)) is e``). Anything else
is a crash, and libFuzzer's ``-timeout`` turns a slow input into one.

    pip install 'kronsym[fuzz]'          # atheris (a binary wheel)
    python bench/fuzz_parser.py -max_total_time=300 -timeout=10 [corpus_dir]

The seed corpus is the printed text of a few expressions and the token alphabet.
"""
import os
import sys

import atheris

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

with atheris.instrument_imports():
    import kronsym as ks
    from kronsym.spectral import Rank, Spectrum

SHAPES = {"A": "m,n", "B": "n,m", "X": "n,n", "Y": "n,n", "x": "n", "s": "1,1"}
ALLOWED = (ks.ParseError, ks.ShapeError)
DIMS, SCALARS = ("m", "n", "p", "q"), ("c",)


def known_limit(e) -> bool:
    """The round-trip limits pinned by strict xfails in tests/parser/test_fuzz.py and
    tests/package/test_properties.py: a coefficient holding a function or a root (sqrt(c)·X,
    (√3/3)·X), 1×1 constants c·I(1) that read back as numbers, and a Float beyond double
    precision whose bits its digit count cannot write down (the result of arithmetic on a
    long decimal: test_float_product_with_bits_beyond_its_digits_round_trips)."""
    from kronsym import nodes as N
    from kronsym.printing.text import _float_digits
    from kronsym.traverse import postorder
    import sympy
    for nd in postorder(e):
        for p in nd.params:
            if isinstance(p, sympy.Basic) and any(
                    f._prec != 53 and _float_digits(f) is None for f in p.atoms(sympy.Float)):
                return True
            if isinstance(p, sympy.Basic) and (p.has(sympy.Function) or any(
                    not a.exp.is_Integer for a in p.atoms(sympy.Pow))):
                return True
        if any(isinstance(k, N.ScalarMul) and k.children[0] is ks.I(1) for k in nd.children) \
                and not isinstance(nd, (N.MatAdd, N.Kron, N.Hadamard)):
            return True
        if isinstance(nd, N.MatAdd) and all(
                isinstance(k, N.ScalarMul) and k.children[0] is ks.I(1) for k in nd.children[:2]):
            return True
    return False


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(400)
    try:
        e = ks.parse(text, SHAPES, dims=DIMS, scalars=SCALARS)
    except ALLOWED:
        e = None
    if isinstance(e, ks.Expr):
        back = e if known_limit(e) else ks.parse(
            str(e), sorted(e.free_symbols, key=lambda s: s.name), dims=DIMS, scalars=SCALARS)
        if back is not e:
            raise AssertionError(f"round trip: {text!r} -> {e} -> {back}")
    elif e is not None and not isinstance(e, (Spectrum, Rank)):
        raise AssertionError(f"parse returned {type(e).__name__}")
    try:
        ks.parse_equation(text, SHAPES)
    except ALLOWED:
        pass


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
