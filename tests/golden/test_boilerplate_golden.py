"""The golden boilerplate set (tests/boilerplate/golden.yaml): cleaning keeps its content snippets and removes
its boilerplate snippets with F1 >= BOILERPLATE_F1_FLOOR.

The seed pages (raw/) are always scored; the corpus pages only when ../shared/corpus is present.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extractors.evaluation import BOILERPLATE_F1_FLOOR, golden_cleaned_texts, score_boilerplate

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
GOLDEN = yaml.safe_load((ROOT / "tests" / "boilerplate" / "golden.yaml").read_text(encoding="utf-8"))
MIN_PAGES = 30


@pytest.fixture(scope="module")
def texts():
    return golden_cleaned_texts(GOLDEN, ROOT, SHARED)


def test_the_set_has_enough_real_pages_with_both_kinds_of_snippet():
    pages = GOLDEN["pages"]
    assert len(pages) >= MIN_PAGES
    assert sum(1 for key in pages if key.startswith("raw/")) == 5
    assert all(p.get("must_contain") for p in pages.values())
    assert sum(len(p.get("must_not_contain") or []) for p in pages.values()) >= 2 * MIN_PAGES


def test_boilerplate_f1_meets_the_floor(texts):
    score = score_boilerplate(GOLDEN, texts)
    assert score.pages, "no golden page could be scored"
    details = [f"lost {page}: {snippet!r}" for page, snippet in score.lost] + \
              [f"leaked {page}: {snippet!r}" for page, snippet in score.leaked]
    assert score.f1 >= BOILERPLATE_F1_FLOOR, (
        f"boilerplate F1 {score.f1:.3f} < {BOILERPLATE_F1_FLOOR} (precision {score.precision:.3f}, "
        f"recall {score.recall:.3f})\n" + "\n".join(details))


def test_seed_pages_are_always_scored(texts):
    score = score_boilerplate(GOLDEN, texts)
    assert {key for key in GOLDEN["pages"] if key.startswith("raw/")} <= set(score.pages)


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus absent: corpus pages are skipped")
def test_every_corpus_page_is_scored_when_the_corpus_is_present(texts):
    score = score_boilerplate(GOLDEN, texts)
    assert score.skipped == [] and len(score.pages) == len(GOLDEN["pages"])
    assert all(texts[key] is not None for key in score.pages), "a golden page was not cleaned (quarantined?)"


def test_the_floor_can_fail_uncleaned_text_scores_below_it():
    """The same pages with nothing removed (every block a reader yields, before cleaning) fall below the floor."""
    from extractors.decode import decode
    from extractors.discover import discover
    from extractors.readers import read

    raw = {}
    for key in GOLDEN["pages"]:
        root = ROOT if key.startswith("raw/") else SHARED
        path = root / key
        if path.is_file():
            (item,) = [i for i in discover(path.parent) if i.path == path.name]
            raw[key] = "\n\n".join(b.text for b in read(decode(item.data), item).blocks)
    score = score_boilerplate(GOLDEN, raw)
    assert score.f1 < BOILERPLATE_F1_FLOOR


def test_scores_are_defined_as_documented():
    golden = {"pages": {"a": {"must_contain": ["keep me", "and me"], "must_not_contain": ["drop me", "ad"]},
                        "b": {"must_contain": ["x"], "must_not_contain": ["y"]},
                        "c": {"must_contain": ["z"]}}}
    score = score_boilerplate(golden, {"a": "keep   me\nad", "b": None})
    assert (score.kept, score.must, score.removed, score.must_not) == (1, 3, 2, 3)
    assert score.recall == pytest.approx(1 / 3) and score.precision == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 * (1 / 3) * (2 / 3) / (1 / 3 + 2 / 3))
    assert score.skipped == ["c"] and score.pages == ["a", "b"]
    assert score.leaked == [("a", "ad")]
