"""MediaWiki XML export dumps (.xml, .xml.bz2), streamed page by page with bounded memory.

Each main-namespace (ns 0), non-redirect page becomes one SourceItem: path "<dump path>#<page title>",
data = the page's UTF-8 wikitext (so doc_id is its sha256), revision = the (last) revision id, title_hint =
the page title, site = the dump path (template detection groups a dump's pages). The mediawiki reader reads it.

Memory stays flat whatever the number of pages: the XML is parsed incrementally (xml.etree iterparse through
defusedxml: no DTD, no entity expansion, no external resources, no network), .bz2 is decompressed as a stream,
and every page (and every older revision of a page) is cleared from the tree once read.

Caps: a page whose wikitext is over MAX_PAGE_BYTES is one quarantined item (too_large) and the dump goes on;
a page whose XML runs past MAX_PAGE_XML_BYTES (the parser would have to hold it) and a dump that decompresses
to more than MAX_DUMP_BYTES stop the dump with one quarantined item (too_large). Broken XML or a broken .bz2
stream stops the dump with one quarantined item (malformed_xml). Pages yielded before a stop stay.
"""
from __future__ import annotations

import bz2
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from xml.etree.ElementTree import ParseError

from extractors.decode import MAX_PAGE_BYTES
from extractors.model import SourceItem

DUMP_SUFFIXES = (".xml", ".xml.bz2")
MAX_DUMP_BYTES = 20_000_000_000  # decompressed bytes one dump may hold (Wikipedia's English pages: ~100 GB)
MAX_PAGE_XML_BYTES = 4 * MAX_PAGE_BYTES  # XML of one page, all revisions, before its end tag
READ_CHUNK = 64 * 1024
SNIFF_BYTES = 64 * 1024
MAIN_NAMESPACE = "0"
DUMP_ROOT = re.compile(rb"<mediawiki[\s>]")
WIKITEXT_MODELS = ("wikitext", "", None)


class DumpTooLarge(Exception):
    pass


def is_dump_name(name: str) -> bool:
    return name.lower().endswith(DUMP_SUFFIXES)


def _open(path: Path) -> BinaryIO:
    return bz2.open(path, "rb") if path.name.lower().endswith(".bz2") else path.open("rb")


def is_dump(path: Path) -> bool:
    """A .xml(.bz2) file whose root element is <mediawiki>. A .bz2 that cannot be decompressed counts as a
    dump, so that reading it reports the broken stream."""
    if not is_dump_name(path.name):
        return False
    try:
        with _open(path) as handle:
            head = handle.read(SNIFF_BYTES)
    except (OSError, EOFError):
        return path.name.lower().endswith(".bz2")
    return DUMP_ROOT.search(head) is not None


class _CappedReader:
    """A file object that counts decompressed bytes and refuses to go past the dump and page caps."""

    def __init__(self, handle: BinaryIO, max_total: int, max_page: int):
        self.handle, self.max_total, self.max_page = handle, max_total, max_page
        self.total = 0
        self.page_mark = 0  # total when the last page ended

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(READ_CHUNK if size is None or size < 0 else size)
        self.total += len(data)
        if self.total > self.max_total:
            raise DumpTooLarge(f"dump decompresses to more than {self.max_total} bytes")
        if self.total - self.page_mark > self.max_page:
            raise DumpTooLarge(f"a page's XML runs past {self.max_page} bytes")
        return data


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return child.text
    return None


def _has_child(element, name: str) -> bool:
    return any(_local(child.tag) == name for child in element)


def dump_items(path: Path, relative: str, *, max_total: int | None = None,
               max_page_xml: int | None = None, max_page: int | None = None) -> Iterator[SourceItem]:
    """One SourceItem per main-namespace page; a problem ends the dump with one quarantined item."""
    max_total = MAX_DUMP_BYTES if max_total is None else max_total
    max_page_xml = MAX_PAGE_XML_BYTES if max_page_xml is None else max_page_xml
    max_page = MAX_PAGE_BYTES if max_page is None else max_page
    pages = 0
    try:
        with _open(path) as handle:
            reader = _CappedReader(handle, max_total, max_page_xml)
            for item in _pages(reader, relative, max_page):
                pages += 1
                yield item
    except DumpTooLarge as error:
        yield _broken(relative, "too_large", f"{error} (after {pages} pages)")
    except (ParseError, DefusedXmlException) as error:
        yield _broken(relative, "malformed_xml", f"{type(error).__name__}: {error} (after {pages} pages)")
    except (OSError, EOFError, ValueError) as error:  # a broken .bz2 stream, an unreadable file
        yield _broken(relative, "malformed_xml", f"{type(error).__name__}: {error} (after {pages} pages)")


def _broken(relative: str, reason: str, detail: str) -> SourceItem:
    return SourceItem(relative, b"", relative, error=(reason, detail))


def _pages(reader: _CappedReader, relative: str, max_page: int) -> Iterator[SourceItem]:
    root = None
    page_depth = None
    depth = 0
    last_revision: tuple[str | None, str | None, str | None] = (None, None, None)  # id, text, model
    events = SafeET.iterparse(reader, events=("start", "end"), forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    for event, element in events:
        name = _local(element.tag)
        if event == "start":
            depth += 1
            if root is None:
                root = element
                if name != "mediawiki":
                    raise ParseError(f"root element is <{name}>, not <mediawiki>")
            elif name == "page" and page_depth is None:
                page_depth = depth
                last_revision = (None, None, None)
            continue
        level, depth = depth, depth - 1
        if page_depth is None:
            if level == 2:
                root.clear()  # <siteinfo> and anything else between pages
            continue
        if name == "revision" and level == page_depth + 1:
            last_revision = (_child_text(element, "id"), _child_text(element, "text") or "",
                             _child_text(element, "model"))
            element.clear()  # older revisions of a history dump are not kept
        elif name == "page" and level == page_depth:
            page_depth = None
            item = _page_item(element, last_revision, relative, max_page)
            root.clear()
            reader.page_mark = reader.total
            if item is not None:
                yield item


def _page_item(page, revision, relative: str, max_page: int) -> SourceItem | None:
    title = (_child_text(page, "title") or "").strip()
    namespace = (_child_text(page, "ns") or "").strip()
    revision_id, text, model = revision
    if namespace != MAIN_NAMESPACE or _has_child(page, "redirect") or model not in WIKITEXT_MODELS:
        return None
    if text is not None and re.match(r"\s*#redirect\b", text, re.IGNORECASE):
        return None
    path = f"{relative}#{title}"
    data = (text or "").encode("utf-8")
    if len(data) > max_page:
        return SourceItem(path, data[:1024], relative, revision=revision_id, title_hint=title,
                          error=("too_large", f"page wikitext of {len(data)} bytes > cap {max_page}"))
    return SourceItem(path, data, relative, revision=revision_id, title_hint=title)
