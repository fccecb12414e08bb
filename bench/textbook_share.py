"""The share of the textbook corpus (tests/rules/textbook_corpus.py) whose simplified
kronsym result is no larger (tree node count) than the textbook form; lists the misses.

    PYTHONPATH=. python bench/textbook_share.py
"""
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests" / "rules"))

from textbook_corpus import CORPUS, compute, tree_size  # noqa: E402


def main() -> None:
    t0 = time.perf_counter()
    hits = 0
    for name, op, f, X, book in CORPUS:
        got = compute(op, f, X)
        ok = tree_size(got) <= tree_size(book)
        hits += ok
        mark = "  " if ok else "MISS"
        print(f"{mark} {name}: {got}   [{tree_size(got)} vs {tree_size(book)}: {book}]")
    print(f"\n{hits}/{len(CORPUS)} = {hits / len(CORPUS):.1%} no larger than the textbook form "
          f"({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
