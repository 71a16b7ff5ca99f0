"""A run's work folder: pages and per-batch results on disk, so the flow never holds every page in memory.

No Prefect here. The flow streams the input into batch files (``write_inputs``), hands tasks a small
``BatchRef`` instead of the pages' bytes, and each batch task writes its rows to a result file, with a compact
projection of its claims and documents for reconciliation and the reports, and returns only where they are
(``BatchOutcome``). Publishing streams the result files batch by batch.

What the flow holds at once, at 100,000 pages: one batch of pages or rows, the per-site template fingerprints of
the sites in progress, and reconciliation's groups; never all page bytes, texts, claims or documents
(reconciliation and the reports read the projections back from the batches' files).

The folder is a sibling of the output folder (``.<out>.work-<id>``, writable: the output check proved it) and
is removed when the run ends. Task runners on other machines need it on a shared filesystem (README).
"""
from __future__ import annotations

import pickle
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from extractors.discover import discover
from extractors.model import Document, SourceItem
from extractors.process import BatchResult
from pipelines import atomic
from pipelines.freshness import InputsDigest

# The claim columns reconciliation reads (extractors.reconcile), and those of documents it and the reports read.
CLAIM_FIELDS = ("doc_id", "subject_id", "field", "value_id", "value_label", "rule_id", "confidence", "qualifier")
DOCUMENT_FIELDS = ("doc_id", "path", "status", "about_id", "title", "permalink", "duplicate_of", "fingerprint")


@dataclass(frozen=True)
class BatchRef:
    """A batch of pages on disk: what a task gets instead of the pages."""

    index: int
    path: Path
    size: int
    sites: tuple[str, ...]


class Inputs(NamedTuple):
    """What discovery wrote: the batches, the number of pages, and their pipelines.freshness.InputsDigest."""

    refs: list[BatchRef]
    pages: int
    digest: str


@dataclass
class BatchOutcome:
    """What a processing task returns: where its rows and its projections for reconciliation are."""

    index: int
    result_path: Path
    projections_path: Path
    reused: int = 0
    extracted: int = 0


@dataclass
class RunWork:
    root: Path
    _counter: int = field(default=0, repr=False)

    @classmethod
    def next_to(cls, out_dir: Path) -> "RunWork":
        out_dir = Path(out_dir).absolute()
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        atomic.clean_leftovers(out_dir)  # work and staging folders of runs that were killed
        root = atomic.sibling(out_dir, "work")
        root.mkdir()
        return cls(root)

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # -- inputs
    def write_inputs(self, input_dir: Path, batch_size: int) -> Inputs:
        """Read the input folder (extractors.discover, streamed) into batch files."""
        refs, digest = [], InputsDigest()
        for index, items in enumerate(_chunks(discover(Path(input_dir)), batch_size)):
            for item in items:
                digest.add(item)  # hashes the bytes once; the cached doc_id travels with the item
            path = self.root / f"batch-{index:06d}.items"
            _dump(items, path)
            refs.append(BatchRef(index, path, len(items), tuple(sorted({item.site for item in items}))))
        return Inputs(refs, digest.pages, digest.hexdigest())


def read_items(ref: BatchRef) -> list[SourceItem]:
    return _load(ref.path)


def write_documents(ref: BatchRef, docs: list[Document | None]) -> None:
    """The pages the first pass read (None where it read none), for the second pass: parsing a page costs
    more than unpickling it. Without their source text: only readers read it (and it is most of the bytes)."""
    _dump([None if doc is None else replace(doc, source="") for doc in docs], ref.path.with_suffix(".documents"))


def read_documents(ref: BatchRef) -> list[Document | None] | None:
    path = ref.path.with_suffix(".documents")
    return _load(path) if path.exists() else None


def write_result(ref: BatchRef, result: BatchResult, reused: int, extracted: int) -> BatchOutcome:
    """Store a batch's rows, and its claims and documents as reconciliation and the reports read them, next to
    its pages; return where they are."""
    path, projections = ref.path.with_suffix(".rows"), ref.path.with_suffix(".projections")
    _dump(result, path)
    _dump({"claims": [_claim_key(row) for row in result.claims if row["value_id"]],
           "documents": [tuple(row[name] for name in DOCUMENT_FIELDS) for row in result.documents]}, projections)
    return BatchOutcome(index=ref.index, result_path=path, projections_path=projections, reused=reused,
                        extracted=extracted)


def read_result(outcome: BatchOutcome) -> BatchResult:
    return _load(outcome.result_path)


def _claim_key(row: dict) -> tuple:
    return tuple(tuple(row[name] or ()) if name == "qualifier" else row[name] for name in CLAIM_FIELDS)


class ProjectionView:
    """The run's claims (CLAIM_FIELDS of the claims with a value) or documents (DOCUMENT_FIELDS) as dicts, as
    extractors.reconcile and extractors.report iterate them, streamed from the batches' files on every
    iteration: nothing is held between iterations, whatever the number of pages."""

    FIELDS = {"claims": CLAIM_FIELDS, "documents": DOCUMENT_FIELDS}

    def __init__(self, outcomes: list[BatchOutcome], table: str):
        self.outcomes, self.table, self.fields = outcomes, table, self.FIELDS[table]

    def __iter__(self) -> Iterator[dict]:
        fields = self.fields
        for outcome in self.outcomes:
            for row in _load(outcome.projections_path)[self.table]:
                yield dict(zip(fields, row))


def _chunks(items: Iterable[SourceItem], size: int) -> Iterator[list[SourceItem]]:
    chunk: list[SourceItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# Pickle is safe here: these files are written and read by this run only, inside its own work folder.
def _dump(value, path: Path) -> None:
    with path.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _load(path: Path):
    with path.open("rb") as handle:
        return pickle.load(handle)


class TemplateCollector:
    """Site templates from the first pass, batch by batch (extractors.templates.templates_from, per site).

    Discovery yields pages sorted by path, so a site's pages sit in consecutive batches: once every batch that
    holds a site has reported, the site's templates are computed and its fingerprints dropped. Only the sites
    in progress are in memory. The result is the same set as ``site_templates`` over all pages.
    """

    def __init__(self, refs: list[BatchRef]):
        self._sites_of = {ref.index: ref.sites for ref in refs}
        self._pending: dict[str, int] = {}
        for ref in refs:
            for site in ref.sites:
                self._pending[site] = self._pending.get(site, 0) + 1
        self._pages: dict[str, list[frozenset[str]]] = {}
        self._found: set[str] = set()

    def add(self, index: int, per_site: dict[str, list[frozenset[str]]]) -> None:
        from extractors.templates import templates_from

        for site, pages in per_site.items():
            self._pages.setdefault(site, []).extend(pages)
        for site in self._sites_of.pop(index):
            self._pending[site] -= 1
            if not self._pending[site]:
                del self._pending[site]
                self._found |= templates_from({site: self._pages.pop(site, [])})

    @property
    def templates(self) -> frozenset[str]:
        if self._sites_of:
            raise RuntimeError(f"batches {sorted(self._sites_of)} have not reported their fingerprints")
        return frozenset(self._found)


def table_chunks(outcomes: list[BatchOutcome], run_id: str, final: dict[str, list[dict]], evidence_for: set[str],
                 evidence: list[dict], found=None) -> Iterator[dict[str, list[dict]]]:
    """The output tables as chunks for pipelines.publish.publish_chunks: each batch's rows (documents with the
    run id, and the source and duplicate_of reconciliation gave them: ``found``, an
    extractors.reconcile.Independence), then the run-level tables in ``final`` (facts, conflicts, vocabulary
    labels after the page labels). Claims of the documents in ``evidence_for`` are appended to ``evidence`` on the
    way (for the reports)."""
    from extractors.pipeline import with_provenance
    from extractors.reconcile import Independence

    found = found if found is not None else Independence()
    for outcome in outcomes:
        result = read_result(outcome)
        evidence.extend(claim for claim in result.claims if claim["doc_id"] in evidence_for)
        yield {
            "documents": [dict(with_provenance(row, found), run_id=run_id) for row in result.documents],
            "claims": result.claims,
            "labels": result.labels,
            "boilerplate": result.boilerplate,
        }
    yield final
