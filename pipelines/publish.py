"""Validate and publish the output tables: Parquet + CSV per contract, run.json, reports; atomic swap.

No Prefect here (the flow wraps these functions in tasks), so it is unit-tested directly.

Everything is written into a temporary sibling of ``out_dir`` and only then swapped into place, so a failure at
any point before the swap (validation included) leaves the previous output exactly as it was. The swap is one
atomic exchange on Linux (pipelines.atomic): killed at any moment, even by SIGKILL, ``out_dir`` holds either the
previous complete output or the new one, and the next publish removes what the killed run left beside it.

``publish`` takes whole tables; ``publish_chunks`` takes them as a stream of chunks (the flow's batches), writes
Parquet and CSV incrementally and validates every row on the way, so a run of 100,000 pages is published
without holding its tables in memory. Both give the same files.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sys
from array import array
from collections import Counter
from datetime import datetime, timezone
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

from pipelines import atomic
from pipelines.freshness import FILES_KEY, file_digests
from schemas.tables import TABLES, Table
from schemas.tables.contract import CSV_LIST_SEPARATOR, Column

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
    problems = _table_set_problems(tables)
    for name, table in TABLES.items():
        found = table.validate(tables[name]) if name in tables else []
        if found:
            problems[name] = found
    return problems


def _table_set_problems(tables: dict[str, list[dict]]) -> dict[str, list[str]]:
    """Unknown and missing tables (their rows not looked at)."""
    problems = {name: ["no such table in schemas.tables"] for name in sorted(set(tables) - set(TABLES))}
    problems.update({name: ["table missing from the run's results"] for name in TABLES if name not in tables})
    return problems


# ------------------------------------------------------------------------------------------------- writers
# CSV cells of the column types the csv module does not write as the contract says; it writes str, int, float
# (repr) and None (empty) as they are.
CSV_CELLS = {"bool": lambda value: "true" if value else "false", "list<string>": CSV_LIST_SEPARATOR.join}


def csv_column(column: Column, values: list) -> list:
    """A valid column's values as CSV cells: lists joined with ``|``, bools as true/false, null as empty."""
    convert = CSV_CELLS.get(column.type)
    return values if convert is None else [None if value is None else convert(value) for value in values]


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


UNRESOLVED_TOP = 10  # run.json lists this many most frequent unresolved surface texts per language and field
UNRESOLVED_KEPT = 20_000  # distinct texts counted at most; past it the texts seen once are dropped (memory stays flat)


class UnresolvedTexts:
    """Counts the surface texts of claims the normalizer left without an id, per language and field: where the
    lexicons are thin. Bounded: at UNRESOLVED_KEPT distinct texts, those seen only once are forgotten, so on a very
    large run a count is a lower bound."""

    def __init__(self) -> None:
        self.claims = 0
        self.texts: Counter = Counter()  # (language, field, text) -> claims

    def add(self, rows: list[dict]) -> None:
        for row in rows:
            if row["value_id"] is None:
                self.claims += 1
                self.texts[(row["language"] or "", row["field"], " ".join(row["value_text"].split()))] += 1
        if len(self.texts) > UNRESOLVED_KEPT:
            self.texts = Counter({key: n for key, n in self.texts.items() if n > 1})

    def summary(self) -> dict:
        """{"claims": N, "top": {language: {field: [[text, claims], ...]}}}, most frequent first."""
        top: dict[str, dict[str, list]] = {}
        for (language, field, text), n in sorted(self.texts.items(), key=lambda item: (-item[1], item[0])):
            texts = top.setdefault(language, {}).setdefault(field, [])
            if len(texts) < UNRESOLVED_TOP:
                texts.append([text, n])
        return {"claims": self.claims,
                "top": {lang: dict(sorted(fields.items())) for lang, fields in sorted(top.items())}}


class ManifestCounts:
    """What run.json says about the tables, accumulated row by row (the tables need not be in memory)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {name: 0 for name in TABLES}
        self.statuses: dict[str, Counter] = {
            name: Counter() for name, table in TABLES.items() if "status" in table.column_names
        }
        self.inputs: dict[str, str] = {}
        self.quarantined: list[dict] = []
        self.unresolved = UnresolvedTexts()

    def add(self, name: str, rows: list[dict]) -> None:
        self.counts[name] = self.counts.get(name, 0) + len(rows)
        if name in self.statuses:
            self.statuses[name].update(row["status"] for row in rows)
        if name == "claims":
            self.unresolved.add(rows)
        if name == "documents":
            for row in rows:
                self.inputs[row["path"]] = row["doc_id"]
                if row["status"] == "quarantined":
                    self.quarantined.append({"path": row["path"], "reason": row["reason"], "detail": row.get("detail")})

    def manifest(self, run_id: str, started: str, ended: str) -> dict:
        return {
            "run_id": run_id,
            "started": started,
            "ended": ended,
            "versions": versions(),
            "inputs": dict(sorted(self.inputs.items())),
            "counts": {name: self.counts.get(name, 0) for name in TABLES},
            "status_counts": {name: dict(sorted(found.items())) for name, found in self.statuses.items()},
            "quarantine": {
                "reasons": dict(sorted(Counter(page["reason"] for page in self.quarantined).items())),
                "pages": sorted(self.quarantined, key=lambda page: page["path"]),
            },
            "unresolved": self.unresolved.summary(),
        }


def run_manifest(tables: dict[str, list[dict]], run_id: str, started: str, ended: str) -> dict:
    """The content of run.json: identity, timing, versions, input hashes, counts, quarantine reasons."""
    counts = ManifestCounts()
    for name in TABLES:
        counts.add(name, tables.get(name, []))
    return counts.manifest(run_id, started, ended)


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
            probe = atomic.sibling(out_dir, "probe")  # named so that a killed run's probe is cleaned up too
            probe.mkdir()
        except OSError as error:
            raise OutputError(
                f"cannot write next to the output folder {out_dir} ({error.strerror}); "
                f"make {parent} writable or pass another --out"
            ) from error
        os.rmdir(probe)
    else:  # a probe, not os.access: access() says yes to root on a read-only file system
        try:
            probe = existing / atomic.sibling(existing / "musculus", "probe").name
            probe.mkdir()
        except OSError as error:
            raise OutputError(f"cannot create the output folder {out_dir}: {existing} is not writable "
                              f"({error.strerror}); make it writable or pass another --out") from error
        os.rmdir(probe)


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
    manifest written as run.json. Raises ValidationFailed (nothing published) or OutputError. Rows are checked
    once, as publish_chunks writes them; only the set of tables is checked first.
    """
    problems = _table_set_problems(tables)
    if problems:
        raise ValidationFailed(problems)
    return publish_chunks(out_dir, [tables], run_id=run_id, started=started, reports=reports, extra=extra)


def publish_chunks(
    out_dir: Path,
    chunks: Iterable[dict[str, list[dict]]],
    *,
    run_id: str,
    started: str,
    reports: dict[str, str] | Callable[[], dict[str, str]] | None = None,
    extra: dict | None = None,
) -> dict:
    """``publish`` for tables that arrive in chunks: each chunk maps table names to some of their rows.

    Rows are validated against their contract as they are written into the staging folder (keys across all
    chunks); a violation anywhere raises ValidationFailed after the last chunk and nothing is published.
    ``reports`` may be a callable, called after the last chunk (the flow gathers the evidence it needs while the
    chunks go by). Every contract table is written, empty when no chunk had rows for it.
    """
    out_dir = Path(out_dir).absolute()
    check_output_dir(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _system_memory_pool()

    atomic.clean_leftovers(out_dir)
    staging = atomic.sibling(out_dir, "new")
    staging.mkdir()  # not mkdtemp: the published folder gets the usual permissions (umask), not 0700
    writers: dict[str, _TableWriter] = {}
    try:
        for name, table in TABLES.items():
            writers[name] = _TableWriter(table, staging)
        counts = ManifestCounts()
        problems: dict[str, list[str]] = {}
        for chunk in chunks:
            for name, rows in chunk.items():
                writer = writers.get(name)
                if writer is None:
                    problems[name] = ["no such table in schemas.tables"]
                    continue
                found = writer.add(rows)
                if found:
                    problems.setdefault(name, []).extend(found[: MAX_PROBLEMS - len(problems.get(name, []))])
                counts.add(name, rows)
        for name, writer in writers.items():
            found = writer.close()
            if found:
                problems.setdefault(name, []).extend(found[: MAX_PROBLEMS - len(problems.get(name, []))])
        if problems:
            raise ValidationFailed(problems)
        for relative, text in ((reports() if callable(reports) else reports) or {}).items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for keep in PRESERVED:
            if (out_dir / keep).is_file():
                shutil.copy2(out_dir / keep, staging / keep)
        manifest = {**counts.manifest(run_id, started, now_iso()), **(extra or {}), FILES_KEY: file_digests(staging)}
        (staging / "run.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        _swap_into_place(staging, out_dir)
    except BaseException:
        for writer in writers.values():
            try:
                writer.close(discard=True)
            except Exception:  # noqa: BLE001  (the original error is the one to report)
                pass
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


MAX_PROBLEMS = 50  # per table: enough to see the pattern, bounded for a run of millions of rows
# A Parquet row group is written per table every ROW_GROUP_ROWS rows or ROW_GROUP_BYTES of Arrow data, whichever
# comes first (documents carry their whole cleaned text: 10,000 of them are tens of megabytes).
ROW_GROUP_ROWS = 10_000
ROW_GROUP_BYTES = 8 * 2**20


def _system_memory_pool() -> None:
    """Arrow buffers from malloc instead of Arrow's default mimalloc pool, which keeps what it freed: about 45 MB
    less peak RSS when publishing 2,000 pages. ARROW_DEFAULT_MEMORY_POOL, when set, wins."""
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())


class _KeyHashes:
    """The keys of a table as 64-bit hashes in an array (8 bytes a key: a 100,000-page run has well over a
    million claim and label keys). Duplicates are found once, at the end (``duplicates``); ``in`` is always
    False so the contract's per-row check defers to that."""

    def __init__(self) -> None:
        self.hashes = array("q")

    def __contains__(self, key: tuple) -> bool:
        return False

    def add(self, key: tuple) -> None:
        self.hashes.append(hash(key))

    def duplicates(self) -> set[int]:
        import numpy as np

        ordered = np.sort(np.frombuffer(self.hashes, dtype=np.int64)) if self.hashes else np.zeros(0, np.int64)
        return set(ordered[1:][ordered[1:] == ordered[:-1]].tolist())


class _TableWriter:
    """One table into the staging folder: Parquet (row groups up to ROW_GROUP_ROWS / ROW_GROUP_BYTES) and CSV,
    validated row by row."""

    def __init__(self, table: Table, staging: Path):
        import pyarrow.parquet as pq

        self.table, self.rows_seen, self.keys = table, 0, _KeyHashes()
        self.path = staging / f"{table.name}.parquet"
        self.schema = table.arrow_schema()
        self.parquet = pq.ParquetWriter(self.path, self.schema)
        self.csv_handle = (staging / f"{table.name}.csv").open("w", encoding="utf-8", newline="")
        self.csv = csv.writer(self.csv_handle, lineterminator="\n")
        self.csv.writerow(table.column_names)
        self.pending: list = []  # Arrow tables of the chunks not written yet (compact, unlike the rows)
        self.pending_rows = self.pending_bytes = 0
        self.failed, self.closed = False, False

    def add(self, rows: list[dict]) -> list[str]:
        problems, columns = self.table.check(rows, start=self.rows_seen, seen_keys=self.keys)
        self.rows_seen += len(rows)
        self.failed = self.failed or bool(problems)
        if not self.failed and rows:  # once invalid, only validate: nothing of this run will be published
            import pyarrow as pa

            self.csv.writerows(zip(*(csv_column(c, columns[c.name]) for c in self.table.columns)))
            chunk = pa.Table.from_pydict(columns, schema=self.schema)
            self.pending.append(chunk)
            self.pending_rows += chunk.num_rows
            self.pending_bytes += chunk.nbytes
            if self.pending_rows >= ROW_GROUP_ROWS or self.pending_bytes >= ROW_GROUP_BYTES:
                self._flush()
        return problems

    def _flush(self) -> None:
        import pyarrow as pa

        if self.pending:
            self.parquet.write_table(pa.concat_tables(self.pending))
            self.pending, self.pending_rows, self.pending_bytes = [], 0, 0

    def close(self, discard: bool = False) -> list[str]:
        """Finish the files; the duplicate keys found, as problems (the key check needs every row)."""
        if self.closed:
            return []
        self.closed = True
        try:
            if not (self.failed or discard):
                self._flush()
        finally:
            self.parquet.close()
            self.csv_handle.close()
        if discard or not self.table.key:
            return []
        duplicates = self.keys.duplicates()
        if not duplicates:
            return []
        if self.failed:  # the rows were not all written: no way back to them
            return [f"{self.table.name}: {len(duplicates)} duplicate key(s) {self.table.key}"]
        return self._duplicate_rows(duplicates)

    def _duplicate_rows(self, duplicates: set[int]) -> list[str]:
        """Read the staged key columns back to name the rows (only when there are duplicates)."""
        import pyarrow.parquet as pq

        columns = pq.read_table(self.path, columns=list(self.table.key)).to_pydict()
        seen, problems = set(), []
        for index, key in enumerate(zip(*(columns[k] for k in self.table.key))):
            key_hash = hash(tuple(key))
            if key_hash in duplicates:
                if key_hash in seen:
                    problems.append(f"{self.table.name}[{index}]: duplicate key {dict(zip(self.table.key, key))}")
                seen.add(key_hash)
        return problems[:MAX_PROBLEMS]


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    """Make ``staging`` the content of ``out_dir``: one atomic exchange on Linux, two renames elsewhere."""
    atomic.swap_into_place(staging, out_dir)
