"""Per-page cache for incremental runs: a page whose bytes and code did not change is not extracted again.

No Prefect here; the flow's batch tasks call ``fingerprint_items`` and ``process_items``, which look every page up
before doing any work and store what they computed.

What an entry is keyed by, and why that is enough:

- ``doc_id``: sha256 of the page's bytes.
- the **code version** (``code_version()``): a hash of every file of the ``extractors`` and ``schemas`` packages
  (code, rules, vocabularies), of this module, and of the installed versions of the runtime dependencies. It is
  computed from the files themselves, once per process, so no version string has to be maintained by hand: any
  edit that could change extraction starts a new, empty cache (``v-<version>/``; older versions are pruned).
- the page's **view**: what extraction may read of a ``SourceItem`` besides its bytes. Readers detect the family
  by file extension and ``find_subject`` falls back to the file name, so the file *name* is part of the key; the
  folder is not (it only sets the page's site, whose influence is the template set, below), so a page moved to
  another folder with the same bytes is reused, with its documents row carrying the current path and revision.
  Every other ``SourceItem`` field (a dump's ``title_hint``, fields added later) is part of the view too.
- the **template set**: cleaning drops blocks whose fingerprint is in the run's template set
  (extractors.templates, computed from all pages of the input), so the same page may clean differently in
  another run. Cleaning only ever asks "is this fingerprint a template?"; ``TemplateProbe`` records the questions
  a page asked and the entry stores them with the answers. An entry is reused only when the current template set
  gives the same answers to the same questions, which is exactly when cleaning would do the same thing. (A
  change in some other site's templates does not invalidate a page; a change that touches the page does.)

The first pass of the flow (template fingerprints of every page) is cached the same way, without the template
set (it does not depend on it), so a re-run without changes reads no page.

Entries are zlib-compressed JSON files written atomically (temporary file + rename), one per page and pass:
``<root>/v-<version>/<doc_id[:2]>/<doc_id>.<view>.{fp,rows}``. An unreadable entry is a miss. Deleting the
cache folder is always safe. Pages that were quarantined before reading (unreadable, duplicate) and pages whose
processing raised (``processing_error``) are never stored.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import threading
import zlib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from extractors.model import Document, SourceItem
from extractors.process import BatchResult, process_item
from extractors.templates import document_fingerprints, read_for_templates

log = logging.getLogger(__name__)

TABLES = ("documents", "claims", "labels", "boilerplate")
# Fields of the documents row that come from where the page was found, not from its bytes: set on reuse.
LOCATION_FIELDS = ("path", "revision")
# SourceItem fields that are not part of the view: the bytes (doc_id), the folder (site; see the docstring),
# and the markers of pages quarantined before reading (never cached).
NOT_VIEW = frozenset({"data", "path", "site", "revision", "error", "duplicate_of"})
FORMAT = 1  # bump when the entry layout changes (it is part of the code version anyway)
VERSION_PREFIX = "v-"
TRASH_PREFIX = ".pruned-"  # stale versions set aside by prune(background=True), being deleted


# ---- code version ---------------------------------------------------------------------------------

def package_files(*packages) -> list[Path]:
    """Every file of the given packages (code and data), sorted; no caches, no hidden files."""
    files = []
    for package in packages:
        root = Path(package.__file__).resolve().parent
        for path in root.rglob("*"):
            parts = path.relative_to(root).parts
            if path.is_file() and "__pycache__" not in parts and not any(p.startswith(".") for p in parts):
                files.append(path)
    return sorted(files)


@lru_cache(maxsize=1)
def code_version() -> str:
    """sha256 over the extractors and schemas packages, this module and the runtime dependency versions."""
    import extractors
    import schemas
    from pipelines.publish import versions

    digest = hashlib.sha256(f"musculus-cache format {FORMAT}\n".encode())
    for path in [*package_files(extractors, schemas), Path(__file__).resolve()]:
        digest.update(f"{path.parent.name}/{path.name}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    found = versions()
    found.pop("musculus", None)  # the package's own version string says nothing about its files
    digest.update(json.dumps(found, sort_keys=True).encode())
    return digest.hexdigest()


# ---- the template probe ---------------------------------------------------------------------------

class TemplateProbe:
    """Stands in for the template set while one page is cleaned and records every fingerprint asked about.

    Always true, so cleaning takes its lookup path even when the run has no templates (with no hits that
    is the same as skipping it) and every question is recorded. Any use other than membership fails loudly
    (a TypeError): should cleaning ever start iterating the template set, the cache's premise would no longer
    hold, and tests/test_cache.py says so.
    """

    __slots__ = ("_templates", "queried")

    def __init__(self, templates: frozenset[str]):
        self._templates = templates
        self.queried: set[str] = set()

    def __contains__(self, fingerprint: object) -> bool:
        self.queried.add(fingerprint)
        return fingerprint in self._templates

    def __bool__(self) -> bool:
        return True

    def __iter__(self):
        raise TypeError("TemplateProbe supports membership tests only (see pipelines/cache.py)")

    def __len__(self) -> int:
        raise TypeError("TemplateProbe supports membership tests only (see pipelines/cache.py)")

    @property
    def hits(self) -> set[str]:
        return {f for f in self.queried if f in self._templates}


# ---- the cache ------------------------------------------------------------------------------------

def view(item: SourceItem) -> str:
    """A short hash of what extraction may read of ``item`` besides its bytes (see the module docstring)."""
    name = PurePosixPath(item.path.split("#", 1)[0]).name
    inside = item.path.split("#", 1)[1] if "#" in item.path else None
    fields = {f.name: getattr(item, f.name) for f in dataclasses.fields(item) if f.name not in NOT_VIEW}
    payload = json.dumps([name, inside, fields], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def cacheable(item: SourceItem) -> bool:
    """Pages quarantined before reading are cheap and depend on other pages (duplicates): never cached."""
    return item.error is None and item.duplicate_of is None


@dataclass(frozen=True)
class PageCache:
    """The cache folder. Small and picklable: tasks on Dask workers get a copy and compute the code version in
    their own process (the same code gives the same version)."""

    root: Path

    @property
    def version_dir(self) -> Path:
        return Path(self.root) / f"{VERSION_PREFIX}{code_version()[:16]}"

    def _entry(self, item: SourceItem, kind: str) -> Path:
        doc_id = item.doc_id
        return self.version_dir / doc_id[:2] / f"{doc_id}.{view(item)}.{kind}"

    # -- first pass: template fingerprints (None: the page cannot be read; it is quarantined later)
    def get_fingerprints(self, item: SourceItem):
        """The page's candidate template fingerprints, None when it cannot be read, MISS when not cached."""
        entry = _load(self._entry(item, "fp"))
        if entry is None:
            return MISS
        found = entry.get("fingerprints")
        return None if found is None else frozenset(found)

    def put_fingerprints(self, item: SourceItem, fingerprints: frozenset[str] | None) -> None:
        _store(self._entry(item, "fp"), {"fingerprints": None if fingerprints is None else sorted(fingerprints)})

    # -- second pass: the page's rows
    def get_rows(self, item: SourceItem, templates: frozenset[str]) -> BatchResult | None:
        """The page's rows when cached for these bytes, this view and an equivalent template set; else None."""
        entry = _load(self._entry(item, "rows"))
        if entry is None:
            return None
        if {f for f in entry["queried"] if f in templates} != set(entry["hits"]):
            return None  # the template set answers this page's questions differently now: extract again
        rows = BatchResult(**{name: entry[name] for name in TABLES})
        stored_path = entry["path"]
        for row in rows.documents:
            row.update({name: getattr(item, name) for name in LOCATION_FIELDS})
            if row.get("detail") and stored_path != item.path:
                row["detail"] = row["detail"].replace(stored_path, item.path)
        return rows

    def put_rows(self, item: SourceItem, rows: BatchResult, probe: TemplateProbe) -> None:
        if any(row.get("reason") == "processing_error" for row in rows.documents):
            return  # a crash is not a property of the page: try again next time
        entry = {"path": item.path, "queried": sorted(probe.queried), "hits": sorted(probe.hits)}
        entry.update({name: getattr(rows, name) for name in TABLES})
        _store(self._entry(item, "rows"), entry)

    def prune(self, background: bool = False) -> list[Path]:
        """Remove the folders of other code versions (they can never be hit again); returns what was removed.

        ``background``: move them aside at once (one rename each) and delete them in a daemon thread, so the
        first run after a code change does not wait for it (the 20,000 entries of 10,000 pages took 13 s);
        what the thread has not deleted when the process ends, the next prune does.
        """
        root, current = Path(self.root), self.version_dir
        removed, doomed = [], []
        if root.is_dir():
            for child in root.iterdir():
                if not child.is_dir() or child == current:
                    continue
                if child.name.startswith(VERSION_PREFIX):
                    removed.append(child)
                    doomed.append(_set_aside(child) if background else child)
                elif child.name.startswith(TRASH_PREFIX):
                    doomed.append(child)
        if background and doomed:
            threading.Thread(target=_remove_all, args=(doomed,), name="musculus-cache-prune", daemon=True).start()
        else:
            _remove_all(doomed)
        return removed


def _set_aside(folder: Path) -> Path:
    trash = folder.with_name(f"{TRASH_PREFIX}{folder.name}-{os.getpid()}-{threading.get_ident()}")
    try:
        folder.rename(trash)
    except OSError:  # deleted in place instead
        return folder
    return trash


def _remove_all(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


class _Miss:
    def __repr__(self) -> str:
        return "MISS"


MISS = _Miss()


def _load(path: Path) -> dict | None:
    try:
        return json.loads(zlib.decompress(path.read_bytes()))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, zlib.error) as error:  # a damaged entry is a miss; the next store replaces it
        log.warning("cache entry %s unreadable (%s): extracting again", path, error)
        return None


def _store(path: Path, entry: dict) -> None:
    """Atomic: a reader sees the old entry, the new one or none, never a partial file."""
    data = zlib.compress(json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:  # a full or read-only cache slows the next run down; it never fails this one
        log.warning("cache entry %s not written: %s", path, error)
        temporary.unlink(missing_ok=True)


# ---- the two passes over a batch, with the cache ----------------------------------------------------

@dataclass
class PassStats:
    reused: int = 0
    extracted: int = 0


def fingerprint_items(items: list[SourceItem], cache: PageCache | None
                      ) -> tuple[dict[str, list[frozenset[str]]], PassStats, list[Document | None]]:
    """First pass over a batch: site -> candidate template fingerprints of each readable page, as
    extractors.templates.page_fingerprints computes them, reusing cached ones; and the pages it read (None
    where it read nothing), for the second pass to take instead of parsing them again."""
    per_site: dict[str, list[frozenset[str]]] = defaultdict(list)
    docs: list[Document | None] = []
    stats = PassStats()
    for item in items:
        doc = None
        if cacheable(item):  # page_fingerprints skips the others too
            found = cache.get_fingerprints(item) if cache is not None else MISS
            if found is MISS:
                doc = read_for_templates(item)
                found = document_fingerprints(doc) if doc is not None else None
                stats.extracted += 1
                if cache is not None:
                    cache.put_fingerprints(item, found)
            else:
                stats.reused += 1
            if found is not None:
                per_site[item.site].append(found)
        docs.append(doc)
    return dict(per_site), stats, docs


def process_items(items: list[SourceItem], templates: frozenset[str], cache: PageCache | None,
                  docs: list[Document | None] | None = None) -> tuple[BatchResult, PassStats]:
    """Second pass over a batch: extractors.process.process_batch, page by page, reusing cached pages.
    ``docs``: the pages the first pass read (fingerprint_items), or None."""
    if not isinstance(templates, (set, frozenset)):  # e.g. a wrapper a task runner did not unwrap: fail, not
        raise TypeError(f"templates must be a set of fingerprints, got {type(templates).__name__}")  # clean wrongly
    result, stats = BatchResult(), PassStats()
    for item, doc in zip(items, docs if docs is not None else [None] * len(items), strict=True):
        if not cacheable(item):
            result.extend(process_item(item, templates, doc))
            continue
        if cache is None:
            rows = process_item(item, templates, doc)
            stats.extracted += 1
        elif (rows := cache.get_rows(item, templates)) is not None:
            stats.reused += 1
        else:
            probe = TemplateProbe(templates)
            rows = process_item(item, probe, doc)
            stats.extracted += 1
            cache.put_rows(item, rows, probe)
        result.extend(rows)
    return result, stats
