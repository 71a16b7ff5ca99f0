"""Issue 4, acceptance 1: parallel pages in English, German and Spanish (../shared/corpus/html-iaomai, 100
muscles each) give the same normalized facts. For the (page, field) pairs the English page states, the other
languages must give claims for PARALLEL_COVERAGE_FLOOR of them and agree with the English identifiers at a mean
Jaccard of PARALLEL_JACCARD_FLOOR. Skipped when ../shared is absent (a fresh machine has no corpus).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.discover import discover
from extractors.evaluation import (
    PARALLEL_CORPUS,
    PARALLEL_COVERAGE_FLOOR,
    PARALLEL_JACCARD_FLOOR,
    PARALLEL_REFERENCE,
    parallel_agreement,
    parallel_failures,
)
from extractors.pipeline import run_tables

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / PARALLEL_CORPUS

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is not available")


@pytest.fixture(scope="module")
def tables():
    return run_tables(discover(CORPUS))


@pytest.fixture(scope="module")
def agreement(tables):
    return parallel_agreement(tables, PARALLEL_REFERENCE)


def test_every_language_is_compared(agreement):
    assert set(agreement) == {"deu", "esp"}
    assert all(per_field["all"].pairs >= 400 for per_field in agreement.values())


def test_languages_meet_the_floors(agreement):
    assert parallel_failures(agreement) == [], (PARALLEL_COVERAGE_FLOOR, PARALLEL_JACCARD_FLOOR)


def test_pages_are_detected_in_their_language(tables):
    expected = {"eng": "en", "deu": "de", "esp": "es"}
    wrong = [(d["path"], d["language"]) for d in tables["documents"]
             if d["status"] == "ok" and d["language"] != expected[d["path"].split("/")[0]]]
    assert wrong == []


def test_claims_carry_the_page_language(tables):
    expected = {"eng": "en", "deu": "de", "esp": "es"}
    folder = {d["doc_id"]: d["path"].split("/")[0] for d in tables["documents"]}
    assert {c["language"] for c in tables["claims"] if folder[c["doc_id"]] == "deu"} == {"de"}
    assert {c["language"] for c in tables["claims"] if folder[c["doc_id"]] == "esp"} == {"es"}
    assert {c["language"] for c in tables["claims"] if folder[c["doc_id"]] == "eng"} == {"en"}
    assert expected
