"""Every identity printed in the seeds gets the verdict recorded in docs/identities.md."""
import pytest

from kronsym.seeds import catalogue, verdict_of, markdown_table

ITEMS = catalogue()


@pytest.mark.parametrize("item", ITEMS, ids=[f"{i.where}: {i.text}" for i in ITEMS])
def test_verdict(item):
    verdict, detail = verdict_of(item)
    assert verdict == item.expect, f"{item.where} {item.text}: {verdict} ({detail})"


def test_at_least_ten_false_look_alikes_refuted():
    assert sum(1 for i in ITEMS if i.where == "look-alike" and i.expect == "fails") >= 10


def test_docs_table_is_current():
    import os
    path = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "identities.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert text.rstrip("\n") == markdown_table().rstrip("\n"), (
        "docs/identities.md is stale: regenerate it with python -m kronsym.seeds > docs/identities.md")


@pytest.mark.parametrize("item", ITEMS, ids=[f"{i.where}: {i.text}" for i in ITEMS])
def test_verify_command_reaches_the_same_verdict(item):
    """Every seed identity, written as text, gets the same verdict from ks.verify."""
    import kronsym as ks
    from kronsym.seeds import verify_claim
    claim, shapes = verify_claim(item)
    v = ks.verify(claim, shapes)
    expected = {"holds": "holds", "fails": "fails", "shapes": "shapes never agree",
                "undecided": "shapes undecided"}[item.expect]
    assert v.verdict == expected, f"{claim}: {v}"
