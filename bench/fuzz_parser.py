"""Coverage-guided fuzzing of the kronsym parser with atheris (libFuzzer). Not run by pytest.

Contract checked on every input: ``ks.parse`` / ``ks.parse_equation`` return a
result or raise ks.ParseError / ks.ShapeError; a parsed expression prints to
text that parses back to the same node (``parse(str(e)) is e``). Anything else
is a crash, and libFuzzer's ``-timeout`` turns a slow input into one.

    pip install 'kronsym[fuzz]'          # atheris (a binary wheel)
    python bench/fuzz_parser.py -max_total_time=300 -timeout=10 [corpus_dir]

The seed corpus is the printed text of a few expressions and the token alphabet.
"""
import sys

import atheris

with atheris.instrument_imports():
    import kronsym as ks
    from kronsym.spectral import Rank, Spectrum

SHAPES = {"A": "m,n", "B": "n,m", "X": "n,n", "Y": "n,n", "x": "n", "s": "1,1"}
SYMBOLS = ks.parse("A + B.T", SHAPES).free_symbols | ks.parse("X @ Y @ x", SHAPES).free_symbols
ALLOWED = (ks.ParseError, ks.ShapeError)


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(400)
    try:
        e = ks.parse(text, SHAPES, dims=("m", "n", "p", "q"), scalars=("c",))
    except ALLOWED:
        e = None
    if isinstance(e, ks.Expr):
        back = ks.parse(str(e), sorted(e.free_symbols, key=lambda s: s.name),
                        dims=e.free_dims, scalars=("c",))
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
