"""Parallel pages give the same normalized facts in every language (extractors.evaluation.PARALLEL_SETS).

- html-iaomai (issue 4): real pages, 100 muscles in English, German and Spanish (../shared/corpus; skipped when
  absent). Floors over all fields together.
- romance (issue 13): pages written for musculus in English, French, Italian and Portuguese
  (tests/fixtures/parallel) that no rule or lexicon entry was fitted to. Floors also in every field.

For the (page, field) pairs the reference page states, the other languages must give claims for the set's
coverage floor of them and agree with the reference identifiers at its mean Jaccard floor (the pinned floors of
ParallelSet.floors; `make eval` also reports the issue's target).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.discover import discover
from extractors.evaluation import PARALLEL_SETS, parallel_agreement, parallel_failures
from extractors.pipeline import run_tables

PROJECT = Path(__file__).resolve().parents[2]
BASES = {"shared": PROJECT.parent / "shared", "project": PROJECT}
SETS = {chosen.name: chosen for chosen in PARALLEL_SETS}
# Folder -> the language its pages must be detected in; the minimum number of (page, field) pairs compared.
LANGUAGES = {
    "html-iaomai": ({"eng": "en", "deu": "de", "esp": "es"}, 400),
    "romance": ({"en": "en", "fr": "fr", "it": "it", "pt": "pt"}, 150),
}


def _folder(name: str) -> Path:
    return BASES[SETS[name].base] / SETS[name].path


@pytest.fixture(scope="module", params=sorted(SETS))
def parallel(request):
    folder = _folder(request.param)
    if not folder.is_dir():
        pytest.skip(f"{folder} is not available")
    tables = run_tables(discover(folder))
    return request.param, tables, parallel_agreement(tables, SETS[request.param].reference)


def test_sets_are_the_expected_ones():
    assert set(SETS) == set(LANGUAGES)


def test_every_language_is_compared(parallel):
    name, _, agreement = parallel
    languages, minimum = LANGUAGES[name]
    assert set(agreement) == set(languages) - {SETS[name].reference}
    assert all(per_field["all"].pairs >= minimum for per_field in agreement.values())


def test_languages_meet_the_floors(parallel):
    name, _, agreement = parallel
    assert parallel_failures(agreement, SETS[name].floors) == []


def test_pages_are_detected_in_their_language(parallel):
    name, tables, _ = parallel
    expected = LANGUAGES[name][0]
    wrong = [(d["path"], d["language"]) for d in tables["documents"]
             if d["status"] == "ok" and d["language"] != expected[d["path"].split("/")[0]]]
    assert wrong == []
    assert all(d["status"] == "ok" for d in tables["documents"])


def test_claims_carry_the_page_language(parallel):
    name, tables, _ = parallel
    expected = LANGUAGES[name][0]
    folder = {d["doc_id"]: d["path"].split("/")[0] for d in tables["documents"]}
    for language_folder, language in expected.items():
        assert {c["language"] for c in tables["claims"] if folder[c["doc_id"]] == language_folder} == {language}
