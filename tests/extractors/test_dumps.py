"""MediaWiki XML export dumps (extractors/dumps.py, through extractors/discover.py).

Dumps are built in tmp_path from the Wikipedia wikitext fixture (CC BY-SA, tests/fixtures/README.md).
"""
from __future__ import annotations

import bz2
import hashlib
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from extractors import dumps
from extractors.discover import discover
from extractors.process import process_item

ARTICLE = (Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "gastrocnemius_muscle.wikitext").read_text(
    encoding="utf-8")
HEADER = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n'
          "<siteinfo><sitename>Wikipedia</sitename><namespaces><namespace key=\"0\" /></namespaces></siteinfo>\n")
FOOTER = "</mediawiki>\n"
# Peak traced memory of streaming a dump ten times larger may exceed the smaller one's by at most this much:
# a constant (buffers, one page), not a per-page amount (2,000 pages of ~8 kB would be ~16 MB).
MEMORY_SLACK_BYTES = 256 * 1024


def page_xml(title: str, text: str, ns: int = 0, page_id: int = 1, revision: int = 100, redirect: str | None = None,
             revisions: int = 1) -> str:
    redirect_tag = f'<redirect title="{escape(redirect)}" />' if redirect else ""
    body = "".join(
        f"<revision><id>{revision - revisions + 1 + r}</id><model>wikitext</model><format>text/x-wiki</format>"
        f'<text bytes="{len(text)}" xml:space="preserve">{escape(text if r == revisions - 1 else "old " + text)}'
        f"</text></revision>"
        for r in range(revisions))
    return f"<page><title>{escape(title)}</title><ns>{ns}</ns><id>{page_id}</id>{redirect_tag}{body}</page>\n"


def write_dump(path: Path, pages: list[str]) -> Path:
    opener = bz2.open if path.name.endswith(".bz2") else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write(HEADER)
        for page in pages:
            handle.write(page)
        handle.write(FOOTER)
    return path


def many_pages(count: int):
    """Pages of the article with varied titles (and one varied line, so that no two share bytes)."""
    for number in range(count):
        yield page_xml(f"Muscle page {number}", f"{ARTICLE}\nPage number {number}.\n", page_id=number + 1,
                       revision=1000 + number)


def write_many(path: Path, count: int) -> Path:
    opener = bz2.open if path.name.endswith(".bz2") else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write(HEADER)
        for page in many_pages(count):
            handle.write(page)
        handle.write(FOOTER)
    return path


def test_main_namespace_pages_become_items_with_provenance(tmp_path):
    write_dump(tmp_path / "wiki.xml", [
        page_xml("Gastrocnemius muscle", ARTICLE, page_id=1, revision=1201),
        page_xml("Talk:Gastrocnemius muscle", "Talk page.", ns=1, page_id=2, revision=1202),
        page_xml("Calf muscle", "#REDIRECT [[Gastrocnemius muscle]]", page_id=3, revision=1203,
                 redirect="Gastrocnemius muscle"),
        page_xml("Soleus muscle", ARTICLE.replace("Gastrocnemius", "Soleus"), page_id=4, revision=1204,
                 revisions=3),
    ])
    items = list(discover(tmp_path))
    assert [(i.path, i.revision, i.title_hint, i.site) for i in items] == [
        ("wiki.xml#Gastrocnemius muscle", "1201", "Gastrocnemius muscle", "wiki.xml"),
        ("wiki.xml#Soleus muscle", "1204", "Soleus muscle", "wiki.xml"),  # the last of three revisions
    ]
    assert items[0].data == ARTICLE.encode("utf-8")
    assert items[0].doc_id == hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    assert all(i.error is None and i.duplicate_of is None for i in items)


def test_a_dump_page_runs_through_the_mediawiki_reader(tmp_path):
    write_dump(tmp_path / "wiki.xml.bz2", [page_xml("Gastrocnemius muscle", ARTICLE, revision=77)])
    (item,) = discover(tmp_path)
    result = process_item(item)
    row = result.documents[0]
    assert row["status"] == "ok" and row["family"] == "mediawiki"
    assert row["path"] == "wiki.xml.bz2#Gastrocnemius muscle" and row["revision"] == "77"
    assert row["title"] == "Gastrocnemius muscle" and row["about_id"] == "TA98:A04.7.02.044"
    assert {"origin", "insertion", "action"} <= {c["field"] for c in result.claims}


def test_a_broken_dump_keeps_the_pages_before_the_break_and_is_quarantined_once(tmp_path):
    path = tmp_path / "broken.xml"
    whole = HEADER + page_xml("First", ARTICLE, revision=1) + page_xml("Second", ARTICLE + "x", revision=2)
    path.write_text(whole[: len(whole) - 200], encoding="utf-8")  # cut inside the second page
    items = list(discover(tmp_path))
    assert [i.path for i in items] == ["broken.xml#First", "broken.xml"]
    assert items[0].error is None
    assert items[1].error[0] == "malformed_xml" and "after 1 pages" in items[1].error[1]
    row = process_item(items[1]).documents[0]
    assert row["status"] == "quarantined" and row["reason"] == "malformed_xml"


def test_a_truncated_bz2_stream_is_malformed(tmp_path):
    path = write_many(tmp_path / "big.xml.bz2", 30)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    items = list(discover(tmp_path))
    assert items[-1].path == "big.xml.bz2" and items[-1].error[0] == "malformed_xml"
    assert all(i.error is None for i in items[:-1])


def test_entity_declarations_are_refused_not_expanded(tmp_path):
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE mediawiki [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n'
              + HEADER + page_xml("Bomb", "&b;").replace("&amp;b;", "&b;") + FOOTER)
    (tmp_path / "bomb.xml").write_text(laughs, encoding="utf-8")
    items = list(discover(tmp_path))
    assert [(i.path, i.error[0]) for i in items] == [("bomb.xml", "malformed_xml")]


def test_page_and_dump_caps(tmp_path):
    path = write_dump(tmp_path / "wiki.xml", [page_xml("Big", "x" * 10_000, revision=1),
                                              page_xml("Small", ARTICLE, revision=2)])
    items = list(dumps.dump_items(path, "wiki.xml", max_page=9000))
    assert [(i.path, i.error and i.error[0]) for i in items] == [("wiki.xml#Big", "too_large"),
                                                                ("wiki.xml#Small", None)]
    items = list(dumps.dump_items(path, "wiki.xml", max_total=15_000))
    assert items[-1].path == "wiki.xml" and items[-1].error[0] == "too_large"
    items = list(dumps.dump_items(path, "wiki.xml", max_page_xml=3000))
    assert [(i.path, i.error[0]) for i in items] == [("wiki.xml", "too_large")]


def test_an_xml_file_that_is_not_a_dump_is_an_ordinary_page(tmp_path):
    (tmp_path / "data.xml").write_text("<catalog><book>Anatomy</book></catalog>", encoding="utf-8")
    (item,) = discover(tmp_path)
    assert item.path == "data.xml" and item.error is None
    assert not dumps.is_dump(tmp_path / "data.xml")


def _streaming_peak(path: Path) -> tuple[int, int]:
    """(pages, peak traced bytes) of streaming through a dump, keeping nothing."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        count = 0
        for item in dumps.dump_items(path, path.name):
            assert item.error is None
            count += 1
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("suffix", [".xml", ".xml.bz2"])
def test_peak_memory_does_not_grow_with_the_number_of_pages(tmp_path, suffix):
    small = write_many(tmp_path / f"small{suffix}", 200)
    large = write_many(tmp_path / f"large{suffix}", 2000)
    _streaming_peak(small)  # warm-up: imports and caches are not the dump's
    small_pages, small_peak = _streaming_peak(small)
    large_pages, large_peak = _streaming_peak(large)
    assert (small_pages, large_pages) == (200, 2000)
    print(f"\n{suffix}: peak {small_peak / 1024:.0f} KiB for 200 pages, {large_peak / 1024:.0f} KiB for 2,000 pages "
          f"({large.stat().st_size / 1e6:.1f} MB file)")
    assert large_peak <= small_peak + MEMORY_SLACK_BYTES
