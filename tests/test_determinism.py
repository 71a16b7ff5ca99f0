"""Determinism: two runs over the same input give identical claims, facts and conflicts, identifiers included.

The pure pipeline runs in two interpreters with different hash seeds (so any dependence on set or dict order of
strings shows), over raw/ plus the test fixtures (pages in several languages, with conflicts). The flow runs
twice with different batch sizes and no cache: batching and task timing must not change a row either. run_id
differs by design and is left out.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parent.parent
TABLES_COMPARED = ("documents", "claims", "facts", "conflicts", "labels", "boilerplate")

RUN = r"""
import json, logging, sys
logging.disable(logging.CRITICAL)
from pathlib import Path
from extractors.discover import discover
from extractors.pipeline import run_tables
tables = run_tables(discover(Path(sys.argv[1])), run_id="fixed")
Path(sys.argv[2]).write_text(json.dumps(tables, ensure_ascii=False, default=str), encoding="utf-8")
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(ROOT / "raw", folder / "raw", ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(ROOT / "tests" / "fixtures", folder / "fixtures", ignore=shutil.ignore_patterns(".*", "*.md"))
    return folder


def test_two_runs_with_different_hash_seeds_give_identical_tables(corpus, tmp_path):
    runs = []
    for seed in ("1", "4242"):
        result = tmp_path / f"tables-{seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        runs.append((subprocess.Popen([sys.executable, "-c", RUN, str(corpus), str(result)], env=env,
                                      stderr=subprocess.PIPE, text=True), result))
    tables = []
    for process, result in runs:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr[-3000:]
        tables.append(json.loads(result.read_text(encoding="utf-8")))
    first, second = tables
    assert first["claims"] and first["facts"] and first["conflicts"], "the corpus should give claims and conflicts"
    assert all(row["claim_id"] for row in first["claims"]) and all(row["conflict_id"] for row in first["conflicts"])
    for name in TABLES_COMPARED:
        assert first[name] == second[name], name


@pytest.mark.integration
def test_the_flow_gives_the_same_rows_whatever_the_batching(prefect_harness, corpus, tmp_path):
    from pipelines.flow import musculus_flow

    found = []
    for batch_size in (2, 7):
        out = tmp_path / f"out-{batch_size}"
        musculus_flow(corpus, out, batch_size=batch_size, curation=None, cache=None)
        tables = {}
        for name in TABLES_COMPARED:
            rows = pq.read_table(out / f"{name}.parquet").to_pylist()
            for row in rows:
                row.pop("run_id", None)
            tables[name] = rows
        found.append(tables)
    for name in TABLES_COMPARED:
        assert found[0][name] == found[1][name], name
