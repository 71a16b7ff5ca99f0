"""The musculus Prefect flow: discover -> templates -> batches -> reconcile -> validate -> publish.

Wiring only: every step calls a pure function of extractors/ or pipelines.publish. Tasks work on batches of pages
(``batch_size``, hundreds per task), never one task per page: Prefect's per-task overhead is tens of
milliseconds. Batches are submitted with ``.map`` so another task runner (prefect-dask's DaskTaskRunner) can be
plugged in with ``musculus_flow.with_options(task_runner=...)`` without changing this module.
"""
from __future__ import annotations

import logging
import uuid
from pathlib import Path

import pipelines  # noqa: F401  (sets the Prefect environment defaults before prefect is imported)

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.runtime import flow_run

from extractors.discover import ConfigError, discover
from extractors.model import SourceItem
from extractors.process import process_batch
from extractors.curation import CurationOutcome, Decision, load_decisions
from extractors.pipeline import entity_labels
from extractors.reconcile import reconcile
from extractors.report import conflicts_html, conflicts_markdown
from extractors.templates import site_templates
from pipelines.publish import OutputError, ValidationFailed, check_output_dir, now_iso, publish, validate_tables
from pipelines.report import CONFLICTS_HTML, CONFLICTS_REPORT, summary_markdown

# Progress for the CLI (stderr) and anyone else listening; the same lines go to the Prefect run log.
PROGRESS = logging.getLogger("musculus.progress")


def _progress(message: str) -> None:
    PROGRESS.info(message)
    get_run_logger().info(message)


def _retry_on_io_error(task, task_run, state) -> bool:
    """Retry only transient I/O failures; configuration and contract errors fail at once."""
    error = state.data
    return isinstance(error, OSError) and not isinstance(error, (ConfigError, OutputError, ValidationFailed))


# Task boundary: the only step that reads the input folder (I/O, so it may be retried). Its result is the list
# every later task works from, and its duration in the UI is the cost of reading the corpus.
@task(name="discover", retries=2, retry_delay_seconds=2, retry_condition_fn=_retry_on_io_error, cache_policy=NO_CACHE)
def discover_task(input_dir: Path) -> list[SourceItem]:
    return list(discover(Path(input_dir)))


# Task boundary: a first pass that needs all pages at once (blocks repeated across a site's pages); every batch
# depends on its result, so it is its own node in the task graph. Pure: no retries.
@task(name="site-templates", cache_policy=NO_CACHE)
def templates_task(items: list[SourceItem]) -> frozenset[str]:
    return site_templates(items)


# Task boundary: the unit of parallel work — hundreds of pages read, cleaned, extracted and normalized; this is
# what a task runner distributes. No retries: a bad page comes back as a quarantined documents row, not an error.
@task(name="process-batch", task_run_name="process-batch-{index}", cache_policy=NO_CACHE)
def process_batch_task(batch: list[SourceItem], templates: frozenset[str], index: int):
    return process_batch(batch, templates)


# Task boundary: the one global step over every claim of the run (grouping across pages, curator decisions), plus
# the vocabulary labels of the entities that made it into facts. Pure: no retries.
@task(name="reconcile", cache_policy=NO_CACHE)
def reconcile_task(claims: list[dict], documents: list[dict], decisions: list[Decision]):
    outcome = CurationOutcome()
    facts, conflicts = reconcile(claims, documents, decisions, outcome)
    return facts, conflicts, entity_labels(facts), outcome


# Task boundary: the gate before publishing, visible as its own node; a contract violation fails it (and the
# run) so the publish task never starts and the previous output stays.
@task(name="validate", cache_policy=NO_CACHE)
def validate_task(tables: dict[str, list[dict]]) -> None:
    problems = validate_tables(tables)
    if problems:
        raise ValidationFailed(problems)


# Task boundary: the only step that writes (I/O, retried on OS errors); atomic, so a retry cannot half-publish.
@task(name="publish", retries=1, retry_delay_seconds=2, retry_condition_fn=_retry_on_io_error, cache_policy=NO_CACHE)
def publish_task(out_dir: Path, tables: dict[str, list[dict]], run_id: str, started: str, reports: dict[str, str],
                 extra: dict):
    return publish(Path(out_dir), tables, run_id=run_id, started=started, reports=reports, extra=extra)


@flow(name="musculus")
def musculus_flow(
    input_dir: Path | str = "raw",
    out_dir: Path | str = "output",
    batch_size: int = 200,
    curation: Path | str | None = "curation/decisions.yaml",
) -> dict:
    """Process every page under ``input_dir`` and publish the dataset to ``out_dir``; returns the run manifest.

    ``curation`` is the curator decisions file (extractors.curation); a missing file means no decisions.
    """
    if batch_size < 1:
        raise ConfigError(f"batch size must be at least 1, got {batch_size}")
    started = now_iso()
    run_id = flow_run.get_id() or str(uuid.uuid4())
    input_dir, out_dir = Path(input_dir), Path(out_dir)
    check_output_dir(out_dir)  # fail fast, before the corpus is read
    decisions = load_decisions(Path(curation)) if curation else []  # a malformed file fails before any work

    items = discover_task(input_dir)
    _progress(f"pages read: {len(items)}")
    templates = templates_task.submit(items)
    batches = [items[start : start + batch_size] for start in range(0, len(items), batch_size)]
    futures = process_batch_task.map(batches, templates=unmapped(templates), index=list(range(len(batches))))
    for done, _ in enumerate(as_completed(list(futures)), start=1):
        _progress(f"batches done: {done}/{len(batches)}")
    results = [future.result() for future in futures]  # batch order: the output does not depend on timing

    documents = [dict(row, run_id=run_id) for result in results for row in result.documents]
    claims = [row for result in results for row in result.claims]
    page_labels = [row for result in results for row in result.labels]
    boilerplate = [row for result in results for row in result.boilerplate]
    facts, conflicts, vocabulary_labels, outcome = reconcile_task(claims, documents, decisions)
    for decision, problem in outcome.unmatched:
        _progress(f"curation: decision for {decision.subject_id} {decision.field} matches nothing: {problem}")
    tables = {
        "documents": documents,
        "claims": claims,
        "facts": facts,
        "conflicts": conflicts,
        "labels": page_labels + vocabulary_labels,
        "boilerplate": boilerplate,
    }
    validate_task(tables)

    conflicts_report = conflicts_markdown(conflicts, facts, claims, documents, outcome)
    reports = {CONFLICTS_REPORT: conflicts_report, CONFLICTS_HTML: conflicts_html(conflicts, facts, claims, documents, outcome)}
    manifest = publish_task(out_dir, tables, run_id, started, reports, {"curation": outcome.as_dict()})
    _progress(f"published: {out_dir}")
    create_markdown_artifact(
        markdown=summary_markdown(manifest), key="musculus-run-summary", description="Row counts of the run"
    )
    create_markdown_artifact(
        markdown=conflicts_report, key="musculus-conflicts", description="Conflicts between sources, for curators"
    )
    return manifest
