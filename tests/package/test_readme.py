"""The README's code runs and its commented results are true."""
import os
import re


README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def _blocks():
    text = open(README, encoding="utf-8").read()
    return re.findall(r"```python\n(.*?)```", text, re.S)


def test_readme_python_blocks_run_and_comments_hold():
    ns = {}
    checked = 0
    for block in _blocks():
        exec(compile(block, "README.md", "exec"), ns)   # our own documentation
        for line in block.splitlines():
            m = re.match(r"^(ks\.(?:diff|grad|simplify)\(.*\))\s+# (.+?)(\s+--.*)?$", line)
            if m:
                got = str(eval(m.group(1), ns))         # our own documentation
                assert got == m.group(2).strip(), (line, got)
                checked += 1
    assert checked >= 4
    assert "E" in ns and ns["E"].shape == (ns["m"] * ns["n"] * ns["p"] * ns["q"], 1)


def test_readme_keeps_the_two_setup_commands():
    text = open(README, encoding="utf-8").read()
    assert 'python -m pip install -e ".[test]" && python -m pytest' in text
    assert "python -m pip install -e . && kronsym paper" in text
    ci = open(os.path.join(os.path.dirname(README), ".ci", "run"), encoding="utf-8").read()
    assert 'python -m pip install -e ".[test]" && python -m pytest' in ci
