"""Validate and publish the output tables: Parquet + CSV per contract, run.json, reports; atomic swap.

No Prefect here (the flow wraps these functions in tasks), so it is unit-tested directly.

Everything is written into a temporary sibling of ``out_dir`` and only then swapped into place, so a failure at
any point before the swap (validation included) leaves the previous output exactly as it was.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sys
import tempfile
import uuid
from collections import Counter
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from schemas.tables import TABLES, Table
from schemas.tables.contract import CSV_LIST_SEPARATOR

# Files of out_dir that are not ours but must survive a publish (output/.gitkeep is tracked by git).
PRESERVED = (".gitkeep",)
DIST_NAME = "musculus"


class OutputError(Exception):
    """The output folder cannot be written (a configuration error: exit code 2)."""


class ValidationFailed(Exception):
    """Some table breaks its contract; nothing was published."""

    def __init__(self, problems: dict[str, list[str]]):
        self.problems = problems
        total = sum(len(p) for p in problems.values())
        shown = [f"{name}: {msg}" for name, msgs in problems.items() for msg in msgs[:5]]
        super().__init__(f"{total} contract violation(s); nothing published:\n  " + "\n  ".join(shown))


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------------------- validation
def validate_tables(tables: dict[str, list[dict]]) -> dict[str, list[str]]:
    """Problems per table name against ``schemas.tables.TABLES`` (empty dict: all valid).

    Every contract table must be present (an empty list is fine) and no unknown table may be.
    """
    problems: dict[str, list[str]] = {}
    for name in sorted(set(tables) - set(TABLES)):
        problems[name] = ["no such table in schemas.tables"]
    for name, table in TABLES.items():
        if name not in tables:
            problems[name] = ["table missing from the run's results"]
            continue
        found = table.validate(tables[name])
        if found:
            problems[name] = found
    return problems


# ------------------------------------------------------------------------------------------------- writers
def write_parquet(table: Table, rows: list[dict], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = table.arrow_schema()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return CSV_LIST_SEPARATOR.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(table: Table, rows: list[dict], path: Path) -> None:
    """UTF-8, header row, the contract's column order; list values joined with ``|``; null is empty."""
    columns = table.column_names
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row[c]) for c in columns])


# ------------------------------------------------------------------------------------------------ run.json
def versions() -> dict[str, str | None]:
    """Versions of musculus, Python and every runtime dependency declared in pyproject.toml."""
    found: dict[str, str | None] = {"python": sys.version.split()[0]}
    try:
        found[DIST_NAME] = metadata.version(DIST_NAME)
        requirements = metadata.requires(DIST_NAME) or []
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        found[DIST_NAME] = None
        requirements = []
    for requirement in requirements:
        if "extra ==" in requirement:
            continue
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def run_manifest(tables: dict[str, list[dict]], run_id: str, started: str, ended: str) -> dict:
    """The content of run.json: identity, timing, versions, input hashes, counts, quarantine reasons."""
    documents = tables.get("documents", [])
    quarantined = [d for d in documents if d["status"] == "quarantined"]
    by_status = {
        name: dict(sorted(Counter(row["status"] for row in tables.get(name, [])).items()))
        for name, table in TABLES.items()
        if "status" in table.column_names
    }
    return {
        "run_id": run_id,
        "started": started,
        "ended": ended,
        "versions": versions(),
        "inputs": {d["path"]: d["doc_id"] for d in sorted(documents, key=lambda d: d["path"])},
        "counts": {name: len(tables.get(name, [])) for name in TABLES},
        "status_counts": by_status,
        "quarantine": {
            "reasons": dict(sorted(Counter(d["reason"] for d in quarantined).items())),
            "pages": [
                {"path": d["path"], "reason": d["reason"], "detail": d.get("detail")}
                for d in sorted(quarantined, key=lambda d: d["path"])
            ],
        },
    }


# ----------------------------------------------------------------------------------------------- publishing
def check_output_dir(out_dir: Path) -> None:
    """Fail fast (OutputError) when ``out_dir`` cannot be published to. Creates nothing that stays."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"output path {out_dir} exists and is not a folder; pass another --out or remove it")
    parent = out_dir.absolute().parent
    existing = parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"output path {out_dir}: {existing} is not a folder; pass another --out")
    if existing == parent:
        try:
            probe = tempfile.mkdtemp(prefix=f".{out_dir.name}.probe-", dir=parent)
        except OSError as error:
            raise OutputError(
                f"cannot write next to the output folder {out_dir} ({error.strerror}); "
                f"make {parent} writable or pass another --out"
            ) from error
        os.rmdir(probe)
    elif not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"cannot create the output folder {out_dir}: {existing} is not writable; pass another --out")


def publish(
    out_dir: Path,
    tables: dict[str, list[dict]],
    *,
    run_id: str,
    started: str,
    reports: dict[str, str] | None = None,
    extra: dict | None = None,
) -> dict:
    """Validate, write everything into a temporary sibling of ``out_dir``, then swap it into place.

    ``reports`` maps a path relative to out_dir (e.g. ``report/conflicts.md``) to its text. Returns the run
    manifest written as run.json. Raises ValidationFailed (nothing written) or OutputError.
    """
    problems = validate_tables(tables)
    if problems:
        raise ValidationFailed(problems)
    out_dir = Path(out_dir).absolute()
    check_output_dir(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)

    staging = out_dir.parent / f".{out_dir.name}.new-{uuid.uuid4().hex[:12]}"
    staging.mkdir()  # not mkdtemp: the published folder gets the usual permissions (umask), not 0700
    try:
        for name, table in TABLES.items():
            write_parquet(table, tables[name], staging / f"{name}.parquet")
            write_csv(table, tables[name], staging / f"{name}.csv")
        for relative, text in (reports or {}).items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for keep in PRESERVED:
            if (out_dir / keep).is_file():
                shutil.copy2(out_dir / keep, staging / keep)
        manifest = {**run_manifest(tables, run_id, started, now_iso()), **(extra or {})}
        (staging / "run.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        _swap_into_place(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    """Rename ``staging`` to ``out_dir``; the previous out_dir is kept aside until that rename succeeded."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    previous = out_dir.parent / f".{out_dir.name}.old-{uuid.uuid4().hex[:12]}"
    os.rename(out_dir, previous)
    try:
        os.rename(staging, out_dir)
    except BaseException:
        os.rename(previous, out_dir)
        raise
    shutil.rmtree(previous, ignore_errors=True)
