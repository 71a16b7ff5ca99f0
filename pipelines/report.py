"""Run summaries from the run manifest (run.json): Markdown for the Prefect artifact, text for the CLI.

Pure; no Prefect. The curator's conflicts report is rendered by extractors.report.
"""
from __future__ import annotations

from pathlib import Path

CONFLICTS_REPORT = "report/conflicts.md"
CONFLICTS_HTML = "report/conflicts.html"
# run.json's maps with an entry per page (path -> doc_id) and per published file (path -> sha256): the flow's
# return value leaves them out, since Prefect walks a task's or flow's return value (0.1 s at 10,000 pages).
PER_ITEM_KEYS = ("inputs", "files")


def run_summary(manifest: dict) -> dict:
    """run.json without its per-page and per-file maps: what the flow returns and ``--summary-json`` writes."""
    return {key: value for key, value in manifest.items() if key not in PER_ITEM_KEYS}


def summary_markdown(manifest: dict) -> str:
    """A Markdown table of row counts per table and per status, plus quarantine reasons."""
    lines = [f"# musculus run {manifest['run_id']}", "", f"{manifest['started']} → {manifest['ended']}", ""]
    lines += ["| table | rows | by status |", "| --- | ---: | --- |"]
    for name, count in manifest["counts"].items():
        statuses = manifest["status_counts"].get(name, {})
        detail = ", ".join(f"{status}: {n}" for status, n in statuses.items())
        lines.append(f"| {name} | {count} | {detail} |")
    if manifest.get("up_to_date_with"):
        lines += ["", up_to_date_line(manifest)]
    elif manifest.get("cache", {}).get("enabled"):
        lines += ["", cache_line(manifest["cache"])]
    reasons = manifest["quarantine"]["reasons"]
    if reasons:
        lines += ["", "| quarantine reason | pages |", "| --- | ---: |"]
        lines += [f"| {reason} | {n} |" for reason, n in reasons.items()]
    return "\n".join(lines) + "\n"


def cache_line(cache: dict) -> str:
    """How much of the run the page cache saved."""
    done = cache["pages_reused"] + cache["pages_extracted"]
    return f"pages reused from the cache: {cache['pages_reused']} of {done} ({cache['pages_extracted']} extracted)"


def up_to_date_line(manifest: dict) -> str:
    """For a run that kept the output (pipelines.freshness): whose output it is."""
    earlier, pages = manifest["up_to_date_with"], manifest["cache"]["pages_reused"]
    return (f"output up to date: the {pages} pages, the code and the curator decisions are those of run "
            f"{earlier['run_id']} ({earlier['ended']}), which published it; nothing extracted or published")


def _reuse_lines(manifest: dict) -> list[str]:
    if manifest.get("up_to_date_with"):
        return [up_to_date_line(manifest)]
    return [cache_line(manifest["cache"])] if manifest.get("cache", {}).get("enabled") else []


def summary_text(manifest: dict, out_dir: Path) -> str:
    """The CLI's closing lines."""
    documents = manifest["status_counts"].get("documents", {})
    counts = manifest["counts"]
    reasons = ", ".join(f"{reason} {n}" for reason, n in manifest["quarantine"]["reasons"].items())
    return "\n".join(
        [
            f"pages: {documents.get('ok', 0)} ok, {documents.get('quarantined', 0)} quarantined"
            + (f" ({reasons})" if reasons else ""),
            f"claims: {counts.get('claims', 0)}",
            f"facts: {counts.get('facts', 0)}",
            f"conflicts: {counts.get('conflicts', 0)}",
            *_reuse_lines(manifest),
            f"output: {out_dir}",
            f"report: {Path(out_dir) / CONFLICTS_REPORT}",
        ]
    )
