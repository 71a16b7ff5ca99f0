"""Template boilerplate: blocks that recur across the pages of one site (a shared "Exercises" box).

Found from the input itself, not from known strings: a first pass reads every page, counts on how
many pages of its site each block appears, and returns the fingerprints of those that recur on
enough of them (thresholds in extractors.clean). Cleaning then drops blocks with those fingerprints.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from extractors.clean import TEMPLATE_MIN_PAGES, TEMPLATE_MIN_SHARE, fingerprint, template_tracked
from extractors.model import SourceItem


def page_fingerprints(items: Iterable[SourceItem]) -> dict[str, list[frozenset[str]]]:
    """site -> one set of candidate block fingerprints per readable page (unreadable pages are skipped:
    the second pass quarantines them, a reader's failure included: a page must never stop the run here)."""
    from extractors.process import read_document

    per_site: dict[str, list[frozenset[str]]] = defaultdict(list)
    for item in items:
        if item.error is not None or item.duplicate_of is not None:
            continue
        try:
            doc = read_document(item)
            prints = frozenset(fingerprint(b) for b in doc.blocks if template_tracked(b))
        except Exception:  # noqa: BLE001  Quarantine or a reader bug: process_item records it with a reason
            continue
        per_site[item.site].append(prints)
    return dict(per_site)


def templates_from(per_site: dict[str, list[frozenset[str]]]) -> frozenset[str]:
    """Fingerprints on at least TEMPLATE_MIN_PAGES pages and TEMPLATE_MIN_SHARE of their site's pages."""
    found: set[str] = set()
    for pages in per_site.values():
        counts = Counter(fp for page in pages for fp in page)
        needed = max(TEMPLATE_MIN_PAGES, TEMPLATE_MIN_SHARE * len(pages))
        found.update(fp for fp, count in counts.items() if count >= needed)
    return frozenset(found)


def site_templates(items: Iterable[SourceItem]) -> frozenset[str]:
    return templates_from(page_fingerprints(items))


def merge(parts: Iterable[dict[str, list[frozenset[str]]]]) -> dict[str, list[frozenset[str]]]:
    """Combine per-batch fingerprint maps (the flow computes them batch by batch)."""
    merged: dict[str, list[frozenset[str]]] = defaultdict(list)
    for part in parts:
        for site, pages in part.items():
            merged[site].extend(pages)
    return dict(merged)
