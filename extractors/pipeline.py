"""The whole run as plain function calls, without Prefect: the reference the flow distributes.

Golden tests and the benchmark's "no orchestration" baseline call this; the flow calls the same
functions (templates, process_batch, reconcile, entity_labels) as separate tasks over batches.
"""
from __future__ import annotations

from collections.abc import Iterable

from extractors import vocabulary
from extractors.model import SourceItem
from extractors.process import BatchResult, process_batch
from extractors.independence import NO_RULES, SourceRules
from extractors.reconcile import Independence, reconcile
from extractors.templates import read_for_templates, site_templates


def entity_labels(facts: list[dict]) -> list[dict]:
    """Vocabulary labels (English, Latin, Spanish, synonyms) of every entity the facts mention."""
    entities = sorted({f["subject_id"] for f in facts} | {f["value_id"] for f in facts})
    return [
        {"entity_id": entity, "language": language, "label": label, "kind": kind, "doc_id": None}
        for entity in entities
        for language, label, kind in dict.fromkeys(vocabulary.labels(entity))
    ]


def with_provenance(row: dict, found: Independence) -> dict:
    """A documents row with the run's source and duplicate_of (extractors.reconcile.Independence)."""
    source, duplicate_of = found.documents.get(row["path"], (row["source"], row["duplicate_of"]))
    return dict(row, source=source, duplicate_of=duplicate_of)


def assemble(result: BatchResult, run_id: str, decisions: list[dict] | None = None,
             sources: SourceRules = NO_RULES, found: Independence | None = None) -> dict[str, list[dict]]:
    found = found if found is not None else Independence()
    facts, conflicts = reconcile(result.claims, result.documents, decisions or [], sources=sources, found=found)
    documents = [dict(with_provenance(row, found), run_id=run_id) for row in result.documents]
    return {
        "documents": documents,
        "claims": result.claims,
        "facts": facts,
        "conflicts": conflicts,
        "labels": result.labels + entity_labels(facts),
        "boilerplate": result.boilerplate,
    }


def run_tables(items: Iterable[SourceItem], run_id: str = "local", decisions: list[dict] | None = None,
               sources: SourceRules = NO_RULES, found: Independence | None = None):
    items = list(items)
    docs = [read_for_templates(item) for item in items]  # each page parsed once, for both passes
    return assemble(process_batch(items, site_templates(items, docs), docs), run_id, decisions, sources, found)
