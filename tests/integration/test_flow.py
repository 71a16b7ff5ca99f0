"""The real Prefect flow (and the CLI around it) on raw/, under Prefect's test harness."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipelines import cli
from pipelines.report import CONFLICTS_REPORT, run_summary
from schemas.tables import TABLES

pytestmark = pytest.mark.integration

RAW = Path(__file__).resolve().parents[2] / "raw"

RAW_PAGES = sorted(p.name for p in RAW.iterdir() if p.is_file() and not p.name.startswith("."))


def assert_published(out, manifest):
    for name, table in TABLES.items():
        parquet = pq.read_table(out / f"{name}.parquet")
        assert parquet.schema.equals(table.arrow_schema()), name
        assert parquet.num_rows == manifest["counts"][name], name
        header = (out / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == table.column_names, name
    assert run_summary(json.loads((out / "run.json").read_text(encoding="utf-8"))) == run_summary(manifest)
    assert (out / CONFLICTS_REPORT).read_text(encoding="utf-8").strip()


def test_flow_publishes_every_table_from_raw(prefect_harness, tmp_path):
    from pipelines.flow import musculus_flow

    out = tmp_path / "output"
    manifest = musculus_flow(RAW, out, batch_size=2, cache=str(tmp_path / "cache"))  # three batches for five pages
    assert_published(out, manifest)
    assert sorted(json.loads((out / "run.json").read_text(encoding="utf-8"))["inputs"]) == RAW_PAGES
    assert manifest["status_counts"]["documents"] == {"ok": len(RAW_PAGES)}
    assert manifest["counts"]["claims"] > 0 and manifest["counts"]["facts"] > 0
    run_ids = set(pq.read_table(out / "documents.parquet").column("run_id").to_pylist())
    assert run_ids == {manifest["run_id"]}


def test_bad_pages_are_quarantined_and_the_rest_published(prefect_harness, tmp_path, capsys):
    pages = tmp_path / "in"
    shutil.copytree(RAW, pages)
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.bin").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "output"

    assert cli.main(["run", str(pages), "--out", str(out), "--batch-size", "3", "--cache", str(tmp_path / "cache")]) == 0

    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert_published(out, manifest)
    documents = {d["path"]: d for d in pq.read_table(out / "documents.parquet").to_pylist()}
    assert documents["empty.txt"]["status"] == "quarantined" and documents["empty.txt"]["reason"] == "empty"
    assert documents["binary.bin"]["status"] == "quarantined" and documents["binary.bin"]["reason"] == "binary"
    assert all(documents[name]["status"] == "ok" for name in RAW_PAGES)
    shown = capsys.readouterr()
    assert f"pages: {len(RAW_PAGES)} ok, 2 quarantined" in shown.out
    assert f"report: {out / CONFLICTS_REPORT}" in shown.out
    assert "pages read: 7" in shown.err and "batches done: 3/3" in shown.err


def test_the_command_in_a_process_of_its_own_prints_its_summary_and_exit_code(tmp_path):
    """`python -m pipelines.cli` (what `musculus` runs) ends without the interpreter's teardown: its output must
    still all arrive and its exit code be the run's. Its own embedded server, database in tmp_path."""
    env = {name: value for name, value in os.environ.items() if name != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    out, summary = tmp_path / "output", tmp_path / "summary.json"
    done = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", str(RAW), "--out", str(out), "--no-cache",
                           "--summary-json", str(summary)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"report: {out / CONFLICTS_REPORT}"
    assert "musculus: published:" in done.stderr
    assert json.loads(summary.read_text(encoding="utf-8"))["run_id"] == json.loads(
        (out / "run.json").read_text(encoding="utf-8"))["run_id"]
    failed = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", str(tmp_path / "missing")], env=env,
                            capture_output=True, text=True, timeout=60)
    assert failed.returncode == 2 and "does not exist" in failed.stderr
