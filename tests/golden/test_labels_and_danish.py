"""Issue 4, acceptances 3 and 4, and the labels table.

- Seed 000's interlanguage links land in `labels` for all 14 languages, "Trbušasti mišić lista" whole; the
  Japanese and Chinese ones are kept although spaCy cannot parse text in those languages here.
- Entities get their vocabulary names in every language the lexicons have, and page titles their language.
- The Danish Jekyll pages of ../shared/corpus/jekyll-motionsplan-da (skipped when absent) yield origin,
  insertion and action claims from their front matter.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from extractors import nlp
from extractors.discover import discover
from extractors.pipeline import run_tables

ROOT = Path(__file__).resolve().parents[2]
SEED = "000_9cb60d9e28955eff.txt"
GOLD_LABELS = yaml.safe_load((ROOT / "tests" / "gold" / "seeds.yaml").read_text(encoding="utf-8"))[
    "documents"][SEED]["labels"]
GASTROCNEMIUS = "TA98:A04.7.02.044"
DANISH = ROOT.parent / "shared" / "corpus" / "jekyll-motionsplan-da"


@pytest.fixture(scope="module")
def seed_tables():
    return run_tables(discover(ROOT / "raw"))


def test_seed_interlanguage_labels_for_all_fourteen_languages(seed_tables):
    doc_id = next(d["doc_id"] for d in seed_tables["documents"] if d["path"] == SEED)
    found = {(l["language"], l["label"]) for l in seed_tables["labels"]
             if l["doc_id"] == doc_id and l["kind"] == "interlanguage" and l["entity_id"] == GASTROCNEMIUS}
    assert len(GOLD_LABELS) == 14
    assert set(GOLD_LABELS.items()) <= found
    assert ("hr", "Trbušasti mišić lista") in found  # whole: the link text runs to the next language code


@pytest.mark.parametrize("lang", ["ja", "zh"])
def test_labels_are_kept_in_languages_whose_text_is_not_parsed(seed_tables, lang):
    with pytest.raises(nlp.UnsupportedLanguage):
        nlp.pipeline(lang)
    assert (lang, GOLD_LABELS[lang]) in {(l["language"], l["label"]) for l in seed_tables["labels"]}


def test_vocabulary_labels_name_entities_in_every_lexicon_language(seed_tables):
    names = defaultdict(set)
    for label in seed_tables["labels"]:
        if label["entity_id"] == GASTROCNEMIUS and label["doc_id"] is None:
            names[label["language"]].add(label["label"])
    assert {"en", "la", "es", "de", "fr", "it", "pt", "da"} <= set(names)
    assert "Zwillingswadenmuskel" in names["de"] and "gastrocnémien" in names["fr"]
    assert {l["kind"] for l in seed_tables["labels"]} <= {"title", "interlanguage", "vocabulary", "latin", "synonym"}


def test_titles_are_labels_of_the_subject(seed_tables):
    titles = {(l["entity_id"], l["language"], l["label"]) for l in seed_tables["labels"] if l["kind"] == "title"}
    assert (GASTROCNEMIUS, "en", "Gastrocnemius muscle") in titles


@pytest.mark.skipif(not DANISH.is_dir(), reason=f"{DANISH} is not available")
def test_danish_jekyll_pages_yield_origin_insertion_and_action_claims():
    tables = run_tables(discover(DANISH))
    documents = tables["documents"]
    assert len(documents) == 6 and all(d["status"] == "ok" and d["about_id"] for d in documents)
    claimed, resolved = defaultdict(set), defaultdict(set)
    for claim in tables["claims"]:
        if claim["method"] == "field":
            claimed[claim["doc_id"]].add(claim["field"])
            if claim["value_id"]:
                resolved[claim["doc_id"]].add(claim["field"])
    for doc in documents:
        assert {"origin", "insertion", "action"} <= claimed[doc["doc_id"]], doc["path"]
        assert {"origin", "action"} <= resolved[doc["doc_id"]], doc["path"]
    assert sum("insertion" in resolved[d["doc_id"]] for d in documents) >= 5
    danish = [c for c in tables["claims"] if c["field"] in ("origin", "insertion") and c["value_id"]]
    assert danish and {c["language"] for c in danish} == {"da"}  # front matter `origin: {da: ...}`
