"""Coverage-guided fuzzing of ``ks.from_json`` with atheris (libFuzzer). Not run by pytest.

Each input is either raw text (first byte even: JSON text, mutated by libFuzzer from
the seed documents) or, first byte odd, a document built from the bytes with the
format's own vocabulary (``tests/serialize/test_fuzz_json.py`` describes it), so that most
inputs get past the JSON layer into the scalar and node readers. The contract is
``tests/test_fuzz_json.check``: a returned expression is valid, prints and
round-trips; anything other than ks.SerializationError is a crash, and libFuzzer's
``-timeout`` turns a slow input into one.

    python bench/fuzz_json.py -max_total_time=900 -timeout=10 -rss_limit_mb=2048 [corpus_dir]
"""
import json
import os
import sys

import atheris

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))

with atheris.instrument_imports():
    import kronsym as ks
    from kronsym import serialize
    from test_fuzz_json import ASSUMPTIONS, INTS, JUNK, KINDS, NAMES, NODE_TYPES, check


def pick(fdp, seq):
    return seq[fdp.ConsumeIntInRange(0, len(seq) - 1)]


def number(fdp):
    return pick(fdp, INTS) if fdp.ConsumeBool() else fdp.ConsumeIntInRange(-40, 40)


def structured(fdp):
    scalars = []
    for k in range(fdp.ConsumeIntInRange(0, 10)):
        kind = pick(fdp, KINDS)
        if kind == "Symbol":
            row = [kind, pick(fdp, NAMES), pick(fdp, ASSUMPTIONS)]
        elif kind in ("Integer", "Rational", "Float"):
            row = [kind] + [number(fdp) for _ in range(
                {"Integer": 1, "Rational": 2, "Float": 3}[kind] + fdp.ConsumeIntInRange(-1, 1) * (fdp.ConsumeIntInRange(0, 7) == 0))]
        elif kind in serialize.CONSTANTS:
            row = [kind]
        else:
            row = [kind] + [fdp.ConsumeIntInRange(-1, k) for _ in range(fdp.ConsumeIntInRange(0, 4))]
        scalars.append(row)
    nodes = []
    for k in range(fdp.ConsumeIntInRange(0, 10)):
        name = pick(fdp, NODE_TYPES)
        kinds, nkids, _ = serialize.BUILDERS.get(name, ((), 1, None))
        params = []
        for kind in kinds:
            if fdp.ConsumeIntInRange(0, 15) == 0:
                params.append(pick(fdp, JUNK))
            elif kind in ("name", "func"):
                params.append(pick(fdp, NAMES + list(ks.nodes.SCALAR_FUNCS)))
            else:
                params.append(fdp.ConsumeIntInRange(-1, len(scalars)))
        n = nkids if nkids is not None else fdp.ConsumeIntInRange(2, 4)
        n = max(0, n + fdp.ConsumeIntInRange(-1, 1) * (fdp.ConsumeIntInRange(0, 7) == 0))
        nodes.append([name, params, [fdp.ConsumeIntInRange(-1, k) for _ in range(n)]])
    return {"kronsym": 1, "scalars": scalars, "nodes": nodes, "root": len(nodes) - 1}


def TestOneInput(data: bytes):
    if not data:
        return
    if data[0] % 2 == 0:
        try:
            text = data[1:].decode("utf-8")
        except UnicodeDecodeError:
            return
        check(text)
    else:
        check(structured(atheris.FuzzedDataProvider(data[1:])))


def seeds(corpus):
    m, n = ks.dims("m n")
    A, X, S = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("X", n, n), ks.symmetric("S", n)
    for i, e in enumerate((ks.kron(A, A.T) / 2, ks.diff(ks.logdet(X), X), ks.D(n) @ ks.vech(S),
                           ks.exp(ks.trace(X)) * X, ks.tracy_singh(A, A, a_blocks=(1, 1),
                                                                   b_blocks=(1, 1)))):
        with open(os.path.join(corpus, f"seed{i}"), "wb") as f:
            f.write(b"\x00" + ks.to_json(e).encode())


if __name__ == "__main__":
    args = sys.argv[1:]
    dirs = [a for a in args if not a.startswith("-")]
    if dirs:
        os.makedirs(dirs[0], exist_ok=True)
        seeds(dirs[0])
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
