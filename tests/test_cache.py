"""The page cache of incremental runs (pipelines/cache.py): pure, on tmp_path, no Prefect."""
from __future__ import annotations

import dataclasses
import time
import zlib
from pathlib import Path

import pytest

from extractors.discover import discover
from extractors.model import SourceItem
from extractors.process import BatchResult, process_batch, process_item
from extractors.templates import page_fingerprints, site_templates
from pipelines import cache as cache_module
from pipelines.cache import MISS, PageCache, TemplateProbe, code_version, fingerprint_items, process_items, view
from pipelines.freshness import output_code_version

RAW = Path(__file__).resolve().parent.parent / "raw"

# A site of four pages sharing a long block: site templates find it, and cleaning drops it (template_block).
SHARED = ("<div class='box'><h2>Training</h2><p>Stand tall with a dumbbell in each hand, lift slowly and "
          "lower it again; this box appears on every page of the site.</p></div>")
BODIES = {
    "Soleus": "The soleus is a broad muscle of the calf. It originates from the soleal line of the tibia.",
    "Plantaris": "The plantaris is a thin muscle of the calf. It inserts onto the calcaneus.",
    "Gastrocnemius": "The gastrocnemius is a two-headed muscle of the calf. Its function is plantar flexion.",
    "Popliteus": "The popliteus is a small muscle behind the knee. It originates from the lateral condyle.",
}


def site_items(site: str = "site") -> list[SourceItem]:
    return [SourceItem(f"{site}/{name}.html",
                       f"<html><body><h1>{name}</h1><p>{body}</p>{SHARED}</body></html>".encode(), site)
            for name, body in BODIES.items()]


def raw_items() -> list[SourceItem]:
    return list(discover(RAW))


def moved(item: SourceItem, path: str, site: str = "elsewhere") -> SourceItem:
    return dataclasses.replace(item, path=path, site=site)


# ---- code version -----------------------------------------------------------------------------------

def test_code_version_is_computed_once_from_the_package_files():
    version = code_version()
    assert len(version) == 64 and code_version() is version
    import extractors
    import schemas

    names = {path.name for path in cache_module.package_files(extractors, schemas)}
    assert {"process.py", "clean.py", "anatomy.tsv", "boilerplate.yaml"} <= names


@pytest.mark.parametrize("version", [code_version, output_code_version], ids=["page cache", "output"])
def test_a_code_version_changes_with_any_package_file(version, tmp_path, monkeypatch):
    source = tmp_path / "package" / "rule.py"
    source.parent.mkdir()
    source.write_text("A = 1\n")
    monkeypatch.setattr(cache_module, "package_files", lambda *packages: [source])

    def fresh() -> str:
        code_version.cache_clear()
        output_code_version.cache_clear()  # it builds on code_version
        return version()

    try:
        before = fresh()
        source.write_text("A = 2\n")
        assert fresh() != before
    finally:
        code_version.cache_clear()
        output_code_version.cache_clear()


# ---- keys -------------------------------------------------------------------------------------------

def test_view_ignores_the_folder_but_not_the_file_name_or_title_hint():
    item = raw_items()[0]
    assert view(moved(item, f"a/b/{item.path}")) == view(item)
    assert view(moved(item, "renamed.txt")) != view(item)  # the reader and find_subject read the file name
    assert view(dataclasses.replace(item, title_hint="Soleus")) != view(item)
    assert view(moved(item, "dump.xml#Soleus")) != view(moved(item, "dump.xml#Plantaris"))


# ---- entries ----------------------------------------------------------------------------------------

def test_fingerprints_round_trip(tmp_path):
    cache = PageCache(tmp_path)
    item, unreadable = raw_items()[0], SourceItem("x.bin", b"\x00\x01", "")
    assert cache.get_fingerprints(item) is MISS
    cache.put_fingerprints(item, frozenset({"a", "b"}))
    cache.put_fingerprints(unreadable, None)
    assert cache.get_fingerprints(item) == frozenset({"a", "b"})
    assert cache.get_fingerprints(unreadable) is None


def test_rows_round_trip_exactly_and_carry_the_current_location(tmp_path):
    cache = PageCache(tmp_path)
    item = raw_items()[1]
    probe = TemplateProbe(frozenset())
    rows = process_item(item, probe)
    cache.put_rows(item, rows, probe)
    assert cache.get_rows(item, frozenset()) == rows
    elsewhere = dataclasses.replace(moved(item, f"sub/{item.path}"), revision="42")
    found = cache.get_rows(elsewhere, frozenset())
    assert found.documents[0]["path"] == f"sub/{item.path}" and found.documents[0]["revision"] == "42"
    assert found.claims == rows.claims and found.labels == rows.labels and found.boilerplate == rows.boilerplate


def test_a_quarantine_detail_names_the_current_path(tmp_path):
    cache = PageCache(tmp_path)
    item = SourceItem("d/odd.xyz", b"12 34 56", "d")
    rows = process_item(item, TemplateProbe(frozenset()))
    assert rows.documents[0]["reason"] == "unknown_family" and "d/odd.xyz" in rows.documents[0]["detail"]
    cache.put_rows(item, rows, TemplateProbe(frozenset()))
    found = cache.get_rows(moved(item, "other/odd.xyz"), frozenset())
    assert found.documents[0]["reason"] == "unknown_family"
    assert "other/odd.xyz" in found.documents[0]["detail"] and "d/odd.xyz" not in found.documents[0]["detail"]


def test_processing_errors_are_not_stored(tmp_path):
    cache = PageCache(tmp_path)
    item = raw_items()[0]
    crashed = BatchResult(documents=[{"doc_id": item.doc_id, "path": item.path, "status": "quarantined",
                                      "reason": "processing_error", "detail": "KeyError"}])
    cache.put_rows(item, crashed, TemplateProbe(frozenset()))
    assert cache.get_rows(item, frozenset()) is None


def test_a_damaged_entry_is_a_miss_and_writes_leave_no_temporary_files(tmp_path):
    cache = PageCache(tmp_path)
    item = raw_items()[0]
    cache.put_fingerprints(item, frozenset({"a"}))
    (entry,) = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert not entry.name.startswith(".")
    entry.write_bytes(b"not zlib")
    assert cache.get_fingerprints(item) is MISS
    entry.write_bytes(zlib.compress(b"{not json"))
    assert cache.get_fingerprints(item) is MISS


def test_prune_removes_other_code_versions_only(tmp_path):
    cache = PageCache(tmp_path)
    cache.put_fingerprints(raw_items()[0], frozenset())
    (tmp_path / "v-0000000000000000" / "ab").mkdir(parents=True)
    (tmp_path / "unrelated").mkdir()
    assert [p.name for p in cache.prune()] == ["v-0000000000000000"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([cache.version_dir.name, "unrelated"])


def test_prune_in_the_background_sets_stale_versions_aside_at_once_and_deletes_them(tmp_path):
    cache = PageCache(tmp_path)
    cache.put_fingerprints(raw_items()[0], frozenset())
    for stale in ("v-0000000000000000", "v-1111111111111111"):
        (tmp_path / stale / "ab").mkdir(parents=True)
        (tmp_path / stale / "ab" / "entry.fp").write_bytes(b"x")
    (tmp_path / ".pruned-v-2222222222222222-1-1").mkdir()  # left by a run that ended before deleting it
    assert sorted(p.name for p in cache.prune(background=True)) == ["v-0000000000000000", "v-1111111111111111"]
    assert not any(p.name.startswith("v-") and p != cache.version_dir for p in tmp_path.iterdir())
    deadline = time.monotonic() + 30
    while len(list(tmp_path.iterdir())) > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p.name for p in tmp_path.iterdir()] == [cache.version_dir.name]
    assert cache.get_fingerprints(raw_items()[0]) == frozenset()


# ---- the template set -----------------------------------------------------------------------------

def test_cleaning_depends_on_the_template_set_only_through_the_probed_fingerprints():
    """The premise of keying rows by the probe: with the full template set, with only the probe's hits, and with
    the probe itself, every page gives the same rows. Fails if cleaning starts using the set another way."""
    pages = site_items()
    templates = site_templates(pages) | {"0" * 40}
    assert templates - {"0" * 40}, "the shared block must be a template, or this test proves nothing"
    dropped = 0
    for item in pages:
        probe = TemplateProbe(templates)
        with_probe = process_item(item, probe)
        assert with_probe == process_item(item, templates)
        assert with_probe == process_item(item, frozenset(probe.hits))
        assert probe.hits and probe.hits <= probe.queried
        dropped += sum(row["reason"] == "template_block" for row in with_probe.boilerplate)
    assert dropped
    for item in raw_items():  # no templates: the probe (always true) cleans exactly like the empty set
        assert process_item(item, TemplateProbe(frozenset())) == process_item(item, frozenset())


def test_rows_are_reused_only_while_the_template_set_answers_the_same(tmp_path):
    cache = PageCache(tmp_path)
    pages = site_items()
    templates = site_templates(pages)
    item = pages[0]
    probe = TemplateProbe(templates)
    cache.put_rows(item, process_item(item, probe), probe)
    assert cache.get_rows(item, templates) is not None
    assert cache.get_rows(item, templates | {"f" * 40}) is not None  # another site's template: same answers
    assert cache.get_rows(item, frozenset()) is None  # the shared block is no longer a template here
    asked = next(iter(probe.queried - probe.hits), None)
    if asked is not None:
        assert cache.get_rows(item, templates | {asked}) is None  # a block of this page became a template


def test_the_probe_refuses_anything_but_membership():
    probe = TemplateProbe(frozenset({"a"}))
    assert "a" in probe and "b" not in probe and probe
    assert probe.queried == {"a", "b"} and probe.hits == {"a"}
    with pytest.raises(TypeError):
        list(probe)
    with pytest.raises(TypeError):
        len(probe)


# ---- the two passes -------------------------------------------------------------------------------

def test_fingerprint_pass_equals_page_fingerprints_cold_and_warm(tmp_path):
    cache = PageCache(tmp_path)
    pages = site_items() + raw_items() + [SourceItem("bad.bin", b"\x00\x01\x02", "")]
    expected = page_fingerprints(pages)
    cold, stats, docs = fingerprint_items(pages, cache)
    assert cold == expected and stats.extracted == len(pages) and stats.reused == 0
    assert [doc is None for doc in docs] == [False] * (len(pages) - 1) + [True]  # the binary page is not read
    warm, stats, docs = fingerprint_items(pages, cache)
    assert warm == expected and stats.reused == len(pages) and stats.extracted == 0
    assert docs == [None] * len(pages)  # nothing read: a cached page is not parsed
    assert fingerprint_items(pages, None)[0] == expected


def test_process_pass_with_the_first_pass_documents_equals_reading_again(tmp_path):
    pages = site_items() + raw_items() + [SourceItem("bad.bin", b"\x00\x01\x02", "")]
    templates = site_templates(pages)
    _, _, docs = fingerprint_items(pages, None)
    assert process_items(pages, templates, None, docs)[0] == process_batch(pages, templates)
    assert process_batch(pages, templates, docs) == process_batch(pages, templates)


def test_process_pass_equals_process_batch_cold_warm_and_without_cache(tmp_path):
    cache = PageCache(tmp_path)
    pages = site_items() + raw_items()
    templates = site_templates(pages)
    expected = process_batch(pages, templates)
    cold, stats = process_items(pages, templates, cache)
    assert cold == expected and (stats.reused, stats.extracted) == (0, len(pages))
    warm, stats = process_items(pages, templates, cache)
    assert warm == expected and (stats.reused, stats.extracted) == (len(pages), 0)
    assert process_items(pages, templates, None)[0] == expected


def test_a_changed_page_is_extracted_again_and_duplicates_are_not_cached(tmp_path):
    cache = PageCache(tmp_path)
    pages = raw_items()
    process_items(pages, frozenset(), cache)
    changed = dataclasses.replace(pages[0], data=pages[0].data + b"\n\nOne more paragraph about the muscle.\n")
    duplicate = dataclasses.replace(pages[1], path="copy.txt", duplicate_of=pages[1].path)
    result, stats = process_items([changed, *pages[1:], duplicate], frozenset(), cache)
    assert (stats.reused, stats.extracted) == (len(pages) - 1, 1)
    assert result.documents[-1]["reason"] == "duplicate"
    assert result.documents[0]["doc_id"] == changed.doc_id != pages[0].doc_id


def test_process_pass_refuses_a_wrapped_template_set(tmp_path):
    with pytest.raises(TypeError):
        process_items(raw_items()[:1], (frozenset(),), PageCache(tmp_path))
