"""The musculus Prefect flow: discover -> [output up to date?] -> template fingerprints -> batches -> reconcile
-> publish.

Wiring only: every step calls a pure function of extractors/ or a helper of pipelines (cache, work, publish).
Tasks work on batches of pages (``batch_size``, hundreds per task), never one task per page: Prefect's per-task
overhead is tens of milliseconds. Batches are submitted with ``.map`` so another task runner (prefect-dask's
DaskTaskRunner, see pipelines.scale) can be plugged in with ``musculus_flow.with_options(task_runner=...)``
without changing this module.

Memory stays bounded at any input size: discovery streams the pages into batch files in the run's work folder
(pipelines.work) and tasks get a reference, not the bytes; batch tasks write their rows next to them and return
only compact projections; publishing streams the rows back, batch by batch (pipelines.publish.publish_chunks).

Incremental runs: both batch passes look every page up in the page cache (pipelines.cache) first and store
what they computed, so an unchanged page is neither read for templates nor extracted again. A run whose pages,
code and curator decisions are those the output was published from keeps that output (pipelines.freshness) and
stops after discovery.
"""
from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

import pipelines  # noqa: F401  (sets the Prefect environment defaults before prefect is imported)
from pipelines import DEFAULT_BATCH_SIZE, default_cache_dir

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from extractors.curation import CurationOutcome, Decision, load_decisions
from extractors.discover import ConfigError
from extractors.independence import NO_RULES, SourceRules, load_sources
from extractors.pipeline import entity_labels
from extractors.reconcile import Independence, reconcile
from extractors.report import conflicts_html, conflicts_markdown
from pipelines.cache import PageCache, code_version, fingerprint_items, process_items
from pipelines.freshness import DIGEST_KEY, published_output, run_digest, up_to_date_manifest
from pipelines.publish import OutputError, ValidationFailed, check_output_dir, now_iso, publish_chunks
from pipelines.report import CONFLICTS_HTML, CONFLICTS_REPORT, run_summary, summary_markdown
from pipelines.work import (BatchOutcome, BatchRef, Inputs, ProjectionView, RunWork, TemplateCollector,
                            read_documents, read_items, table_chunks, write_documents, write_result)

# Progress for the CLI (stderr) and anyone else listening; the same lines go to the Prefect run log.
PROGRESS = logging.getLogger("musculus.progress")
# Default task runner: one thread. Batch work is CPU-bound Python: a second thread only contends for the GIL
# (measured: 2 threads cost 10-15% more CPU than 1 on 2,000 pages) and holds a second batch in memory.
# Parallelism across cores is the Dask runner's job (pipelines.scale).
THREADS = 1
DEFAULT_CACHE = str(default_cache_dir())


def _progress(message: str) -> None:
    PROGRESS.info(message)
    get_run_logger().info(message)


def _retry_on_io_error(task, task_run, state) -> bool:
    """Retry only transient I/O failures; configuration and contract errors fail at once."""
    error = state.data
    return isinstance(error, OSError) and not isinstance(error, (ConfigError, OutputError, ValidationFailed))


# Task boundary: the only step that reads the input folder (I/O, so it may be retried). It streams the pages into
# batch files of the run's work folder and returns small references; its duration is the cost of reading and
# hashing the corpus.
@task(name="discover", retries=2, retry_delay_seconds=2, retry_condition_fn=_retry_on_io_error, cache_policy=NO_CACHE)
def discover_task(input_dir: Path, work: RunWork, batch_size: int) -> Inputs:
    return work.write_inputs(Path(input_dir), batch_size)


# Task boundary: the only step that reads the earlier output (its run.json, and every file for its sha256), to
# decide whether this run would publish the same again (pipelines.freshness). Its duration is the cost of that
# check. No retries: when in doubt the run publishes.
@task(name="check-output", cache_policy=NO_CACHE)
def published_output_task(out_dir: Path, digest: str) -> tuple[dict | None, str, str | None]:
    previous, why = published_output(Path(out_dir), digest)
    if previous is None:
        return None, why, None
    return run_summary(previous), why, (Path(out_dir) / CONFLICTS_REPORT).read_text(encoding="utf-8")


# Task boundary: first pass of a batch, the template fingerprints of its pages (site templates need every page of
# a site before any page is cleaned). I/O in the task: it reads its batch file and looks each page up in the page
# cache, storing what it computed (atomic writes), and writes the pages it parsed next to the batch file for the
# second pass. Pure otherwise: no retries.
@task(name="template-fingerprints", task_run_name="fingerprints-{ref.index}", cache_policy=NO_CACHE)
def fingerprints_task(ref: BatchRef, cache: PageCache | None):
    per_site, stats, docs = fingerprint_items(read_items(ref), cache)
    write_documents(ref, docs)
    return ref.index, per_site, stats


# Task boundary: the unit of parallel work — hundreds of pages read, cleaned, extracted and normalized; this is
# what a task runner distributes. I/O in the task: it reads its batch file, looks each page up in the page cache
# before processing it and stores what it computed (atomic writes), and writes its rows to a result file. No
# retries: a bad page comes back as a quarantined documents row, not an error.
@task(name="process-batch", task_run_name="process-batch-{ref.index}", cache_policy=NO_CACHE)
def process_batch_task(ref: BatchRef, templates: frozenset[str], cache: PageCache | None) -> BatchOutcome:
    result, stats = process_items(read_items(ref), templates, cache, read_documents(ref))
    return write_result(ref, result, stats.reused, stats.extracted)


# Task boundary: the one global step over every claim of the run (grouping across pages, curator decisions), plus
# the vocabulary labels of the entities that made it into facts. Pure: no retries.
@task(name="reconcile", cache_policy=NO_CACHE)
def reconcile_task(claims: ProjectionView, documents: ProjectionView, decisions: list[Decision],
                   sources: SourceRules = NO_RULES):
    outcome, found = CurationOutcome(), Independence()
    facts, conflicts = reconcile(claims, documents, decisions, outcome, sources=sources, found=found)
    return facts, conflicts, entity_labels(facts), outcome, found


# Task boundary: the only step that writes the output (I/O, retried on OS errors). It streams every batch's rows
# into a staging folder, validating each row against its contract, renders the reports, and swaps the folder
# into place: a contract violation fails it (and the run) with nothing published, and a retry cannot half-publish.
@task(name="publish", retries=1, retry_delay_seconds=2, retry_condition_fn=_retry_on_io_error, cache_policy=NO_CACHE)
def publish_task(out_dir: Path, outcomes: list[BatchOutcome], documents: ProjectionView, facts: list[dict],
                 conflicts: list[dict], vocabulary_labels: list[dict], outcome: CurationOutcome, run_id: str,
                 started: str, extra: dict, found: Independence | None = None):
    evidence_for = {doc_id for conflict in conflicts for doc_id in _conflict_doc_ids(conflict)}
    evidence: list[dict] = []
    final = {"facts": facts, "conflicts": conflicts, "labels": vocabulary_labels}
    reports: dict[str, str] = {}

    def render() -> dict[str, str]:
        reports[CONFLICTS_REPORT] = conflicts_markdown(conflicts, facts, evidence, documents, outcome, found)
        reports[CONFLICTS_HTML] = conflicts_html(conflicts, facts, evidence, documents, outcome, found)
        return reports

    chunks = table_chunks(outcomes, run_id, final, evidence_for, evidence, found)
    manifest = publish_chunks(Path(out_dir), chunks, run_id=run_id, started=started, reports=render, extra=extra)
    return run_summary(manifest), reports[CONFLICTS_REPORT]


def _conflict_doc_ids(conflict: dict) -> set[str]:
    return {doc_id for doc_ids in json.loads(conflict["values"]).values() for doc_id in doc_ids}


@flow(name="musculus", task_runner=ThreadPoolTaskRunner(max_workers=THREADS))
def musculus_flow(
    input_dir: Path | str = "raw",
    out_dir: Path | str = "output",
    batch_size: int = DEFAULT_BATCH_SIZE,
    curation: Path | str | None = "curation/decisions.yaml",
    cache: Path | str | None = DEFAULT_CACHE,
    force: bool = False,
    sources: Path | str | None = "curation/sources.yaml",
) -> dict:
    """Process every page under ``input_dir`` and publish the dataset to ``out_dir``; returns the run's manifest
    (pipelines.report.run_summary: run.json without its per-page and per-file maps).

    ``curation`` is the curator decisions file (extractors.curation); a missing file means no decisions.
    ``sources`` is the sources file (extractors.independence.load_sources); a missing file means no rules.
    ``cache`` is the page cache folder (pipelines.cache); None processes every page and stores nothing.
    When the output in ``out_dir`` was published from the same pages, code and decisions (pipelines.freshness),
    the run keeps it and publishes nothing, unless ``force`` or ``cache`` is None (nothing from earlier runs).
    """
    if batch_size < 1:
        raise ConfigError(f"batch size must be at least 1, got {batch_size}")
    started = now_iso()
    run_id = flow_run.get_id() or str(uuid.uuid4())
    input_dir, out_dir = Path(input_dir), Path(out_dir)
    check_output_dir(out_dir)  # fail fast, before the corpus is read
    decisions = load_decisions(Path(curation)) if curation else []  # a malformed file fails before any work
    source_rules = load_sources(Path(sources)) if sources else NO_RULES
    page_cache = PageCache(Path(cache).absolute()) if cache else None
    if page_cache is not None:
        for stale in page_cache.prune(background=True):
            _progress(f"cache: removed {stale.name} (entries of another code version)")

    work = RunWork.next_to(out_dir)
    try:
        refs, pages, inputs_digest = discover_task(input_dir, work, batch_size)
        _progress(f"pages read: {pages}")
        digest = run_digest(inputs_digest, decisions, source_rules.as_dict())
        previous = conflicts_report = None
        if page_cache is not None and not force:
            previous, why, conflicts_report = published_output_task(out_dir, digest)
            _progress(f"output up to date, nothing to publish: {why}" if previous else f"publishing: {why}")
        if previous is not None:
            manifest = up_to_date_manifest(previous, run_id, started, now_iso(),
                                           _cache_figures(page_cache, reused=pages, extracted=0, fingerprinted=0))
        else:
            manifest, conflicts_report = _extract_and_publish(refs, page_cache, decisions, out_dir, run_id,
                                                              started, digest, source_rules)
    finally:
        work.remove()
    _progress(f"kept: {out_dir} (up to date)" if previous is not None else f"published: {out_dir}")
    create_markdown_artifact(
        markdown=summary_markdown(manifest), key="musculus-run-summary", description="Row counts of the run"
    )
    create_markdown_artifact(
        markdown=conflicts_report, key="musculus-conflicts", description="Conflicts between sources, for curators"
    )
    return manifest


def _extract_and_publish(refs: list[BatchRef], page_cache: PageCache | None, decisions: list[Decision],
                         out_dir: Path, run_id: str, started: str, digest: str,
                         source_rules: SourceRules = NO_RULES) -> tuple[dict, str]:
    """Both batch passes, reconciliation and publishing, as tasks of the calling flow run."""
    collector = TemplateCollector(refs)
    fingerprinted = fingerprints_reused = 0
    for future in as_completed(list(fingerprints_task.map(refs, cache=unmapped(page_cache)))):
        index, per_site, stats = future.result()
        collector.add(index, per_site)
        fingerprinted, fingerprints_reused = fingerprinted + stats.extracted, fingerprints_reused + stats.reused
    templates = collector.templates
    _progress(f"site templates: {len(templates)} recurring blocks"
              + (f" (fingerprints of {fingerprints_reused} pages from the cache)" if page_cache is not None else ""))

    futures = process_batch_task.map(refs, templates=unmapped(templates), cache=unmapped(page_cache))
    for done, _ in enumerate(as_completed(list(futures)), start=1):
        _progress(f"batches done: {done}/{len(refs)}")
    outcomes = [future.result() for future in futures]  # batch order: the output does not depend on timing
    reused, extracted = sum(o.reused for o in outcomes), sum(o.extracted for o in outcomes)
    if page_cache is not None:
        _progress(f"pages reused from the cache: {reused}, extracted: {extracted}")

    documents = ProjectionView(outcomes, "documents")
    facts, conflicts, vocabulary_labels, outcome, found = reconcile_task(
        quote(ProjectionView(outcomes, "claims")), quote(documents), decisions, source_rules)
    for decision, problem in outcome.unmatched:
        _progress(f"curation: decision for {decision.subject_id} {decision.field} matches nothing: {problem}")

    extra = {
        "curation": outcome.as_dict(),
        "cache": _cache_figures(page_cache, reused=reused, extracted=extracted, fingerprinted=fingerprinted),
        "sources": found.summary(),
        DIGEST_KEY: digest,
    }
    return publish_task(out_dir, quote(outcomes), quote(documents), quote(facts), quote(conflicts),
                        quote(vocabulary_labels), outcome, run_id, started, extra, quote(found))


def _cache_figures(page_cache: PageCache | None, *, reused: int, extracted: int, fingerprinted: int) -> dict:
    return {
        "enabled": page_cache is not None,
        "dir": str(page_cache.root) if page_cache is not None else None,
        "code_version": code_version(),
        "pages_reused": reused,
        "pages_extracted": extracted,
        "pages_fingerprinted": fingerprinted,
    }
