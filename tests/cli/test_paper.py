"""The main job: `kronsym paper` derives and verifies every theorem of the paper."""
import os
import subprocess
import sys

from kronsym.paper import paper_report


def test_every_item_verified():
    items = paper_report()
    assert len(items) == 4
    assert all(it.ok for it in items), [it.title for it in items if not it.ok]


def test_paper_typos_are_reported():
    text = "\n".join(line for it in paper_report() for line in it.lines)
    assert "eq. (9)" in text and "typo" in text and "K(n, n)" in text
    assert "needs a square A" in text
    assert "WRONG" not in text and "FAILS" not in text


def test_paper_block_form_of_theorem_4_1_agrees():
    it = [i for i in paper_report() if "4.1" in i.title and "vec A" in i.title][0]
    assert any("Ψ" in line and "agrees" in line for line in it.lines)


def test_cli_paper_exit_code_and_latex():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {**os.environ, "PYTHONPATH": root}
    r = subprocess.run([sys.executable, "-m", "kronsym", "paper"], capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "all 4 theorems derived and verified" in r.stdout
    assert "Legend:" in r.stdout and "holds" in r.stdout and "agrees" in r.stdout
    assert "(A.T ⊗ I(n)) @ K(m, n) + I(n) ⊗ A.T" in r.stdout
    r = subprocess.run([sys.executable, "-m", "kronsym", "paper", "--latex"], capture_output=True,
                       text=True, env=env, timeout=120)
    assert r.returncode == 0
    assert r.stdout.startswith("\\documentclass") and r.stdout.rstrip().endswith("\\end{document}")
    assert r"(I_{n} \otimes K_{q,m} \otimes I_{p})" in r.stdout
    assert "proved in canonical form" in r.stdout and "eq.~(9)" in r.stdout
