"""Shared fixtures: the seed corpus and its hand-made gold annotations."""

import json
from pathlib import Path

import pytest
from hypothesis import settings

# Property-based tests: 50 fixed examples each in `make test` (derandomized: CI is repeatable),
# 1,000 random ones in `make stress`
# (pytest --hypothesis-profile=stress).
settings.register_profile("default", max_examples=50, deadline=None, database=None, derandomize=True)
settings.register_profile("stress", max_examples=1000, deadline=None, database=None)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def gold() -> dict:
    """The gold annotations of seeds/ (copied from the project's shared material)."""
    return json.loads((FIXTURES / "seeds_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def gold_docs(gold) -> dict:
    return {d["doc_id"]: d for d in gold["documents"]}


@pytest.fixture(scope="session")
def seeds_corpus():
    from analysis import corpus

    return corpus.load(ROOT / "seeds")
