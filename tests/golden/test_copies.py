"""Copies are not evidence (issue 17, acceptance 1): k = 2 copies of a sample of ../shared/corpus publish the same
facts, statuses, source counts and conflicts as the sample itself, whether each site is copied as a mirror site
beside it (its own source, near-duplicate pages) or laid out as `make bench` lays copies out (c<k>/<site>/, with
the sources file the bench writes: every copy of a site is that site).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractors.discover import discover
from extractors.independence import load_sources
from extractors.pipeline import run_tables
from pipelines import bench

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus absent")

# Every page of four muscles that several sites describe (the corpus run's conflicts among them).
SAMPLE = [
    "html-iaomai/deu/Muscolo_DELTOIDE.html", "html-iaomai/eng/Muscolo_DELTOIDE.html",
    "html-iaomai/esp/Muscolo_DELTOIDE.html", "html-muscularsystem/Deltoid.html",
    "html-iaomai/deu/Muscolo_RETTO.html", "html-iaomai/eng/Muscolo_RETTO.html",
    "html-muscularsystem/Rectus_Femoralist.html", "jekyll-muscleatlas/muscle_thigh-rectusfemoris.md",
    "html-iaomai/deu/Muscolo_GASTROCNEMIO.html", "html-iaomai/eng/Muscolo_GASTROCNEMIO.html",
    "html-iaomai/esp/Muscolo_GASTROCNEMIO.html", "html-muscularsystem/Gastrocnemius.html",
    "jekyll-motionsplan-da/gastrocnemius.md", "jekyll-muscleatlas/muscle_leg-gastrocnemius.md",
    "wikitext/gastrocnemius_muscle.wikitext",
    "html-iaomai/deu/Muscolo_SOLEO.html", "html-iaomai/eng/Muscolo_SOLEO.html", "html-iaomai/esp/Muscolo_SOLEO.html",
    "html-muscularsystem/Soleus.html", "jekyll-motionsplan-da/soleus.md", "jekyll-muscleatlas/muscle_leg-soleus.md",
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    for relative in SAMPLE:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / relative, root / relative)
    return root


@pytest.fixture(scope="module")
def original(sample):
    return run_tables(discover(sample))


def published(tables, names: bool = False):
    facts = sorted((f["subject_id"], f["field"], f["value_id"], f["status"], f["sources"],
                    tuple(f["source_ids"]) if names else ()) for f in tables["facts"])
    conflicts = sorted((c["subject_id"], c["field"], tuple(c["disputed"]), c["status"]) for c in tables["conflicts"])
    return facts, conflicts


def test_the_sample_has_conflicts_and_one_source_per_site(original):
    assert original["conflicts"]
    assert {d["source"] for d in original["documents"]} == {p.split("/")[0] for p in SAMPLE}


def test_mirror_sites_beside_the_sites_publish_the_same(sample, original, tmp_path):
    for relative in SAMPLE:
        site, rest = relative.split("/", 1)
        for target in (tmp_path / relative, tmp_path / f"mirror-{site}" / rest):
            target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sample / relative, tmp_path / relative)
        marker = bench.MARKERS[Path(relative).suffix.lower()].format(n="mirror")
        (tmp_path / f"mirror-{site}" / rest).write_bytes((sample / relative).read_bytes() + marker.encode("utf-8"))
    copied = run_tables(discover(tmp_path))
    assert {d["status"] for d in copied["documents"]} == {"ok"}  # different bytes: no page is a byte duplicate
    assert published(copied) == published(original)
    fact = max(copied["facts"], key=lambda f: f["support"])
    assert fact["support"] == 2 * max(f["support"] for f in original["facts"])  # twice the pages, not the sources
    copies = [d for d in copied["documents"] if d["duplicate_of"]]
    assert len(copies) >= len(SAMPLE) - 1  # every mirror page (or its original) is a near-duplicate


def test_the_bench_layout_with_its_sources_file_publishes_the_same(sample, original, tmp_path):
    pages = tmp_path / "pages"
    bench.build(sample, pages, 2 * len(SAMPLE))
    sources = bench.write_sources(sample, bench.sources_path(pages))
    copied = run_tables(discover(pages), sources=load_sources(sources))
    assert published(copied, names=True) == published(original, names=True)
