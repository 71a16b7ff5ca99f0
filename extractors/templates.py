"""Template boilerplate: blocks that recur across the pages of one site (a shared "Exercises" box).

Found from the input itself, not from known strings: a first pass reads every page, counts on how
many pages of its site each block appears, and returns the fingerprints of those that recur on
enough of them (thresholds in extractors.clean). Cleaning then drops blocks with those fingerprints.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from extractors.clean import TEMPLATE_MIN_PAGES, TEMPLATE_MIN_SHARE, fingerprint, template_tracked
from extractors.model import Document, SourceItem


def read_for_templates(item: SourceItem) -> Document | None:
    """The page as its reader yields it, or None for a page the second pass quarantines (unreadable,
    duplicate, or a reader's failure: a page must never stop the run here). The second pass takes the
    document as it is, so a page is parsed once per run."""
    from extractors.process import read_document

    if item.error is not None or item.duplicate_of is not None:
        return None
    try:
        return read_document(item)
    except Exception:  # noqa: BLE001  Quarantine or a reader bug: process_item records it with a reason
        return None


def document_fingerprints(doc: Document) -> frozenset[str]:
    return frozenset(fingerprint(b) for b in doc.blocks if template_tracked(b))


def page_fingerprints(items: Sequence[SourceItem],
                      docs: Sequence[Document | None] | None = None) -> dict[str, list[frozenset[str]]]:
    """site -> one set of candidate block fingerprints per readable page. ``docs``: the pages as
    read_for_templates read them (read here when not given)."""
    if docs is None:
        docs = [read_for_templates(item) for item in items]
    per_site: dict[str, list[frozenset[str]]] = defaultdict(list)
    for item, doc in zip(items, docs, strict=True):
        if doc is not None:
            per_site[item.site].append(document_fingerprints(doc))
    return dict(per_site)


def templates_from(per_site: dict[str, list[frozenset[str]]]) -> frozenset[str]:
    """Fingerprints on at least TEMPLATE_MIN_PAGES pages and TEMPLATE_MIN_SHARE of their site's pages."""
    found: set[str] = set()
    for pages in per_site.values():
        counts = Counter(fp for page in pages for fp in page)
        needed = max(TEMPLATE_MIN_PAGES, TEMPLATE_MIN_SHARE * len(pages))
        found.update(fp for fp, count in counts.items() if count >= needed)
    return frozenset(found)


def site_templates(items: Sequence[SourceItem], docs: Sequence[Document | None] | None = None) -> frozenset[str]:
    return templates_from(page_fingerprints(items, docs))


def merge(parts: Iterable[dict[str, list[frozenset[str]]]]) -> dict[str, list[frozenset[str]]]:
    """Combine per-batch fingerprint maps (the flow computes them batch by batch)."""
    merged: dict[str, list[frozenset[str]]] = defaultdict(list)
    for part in parts:
        for site, pages in part.items():
            merged[site].extend(pages)
    return dict(merged)
