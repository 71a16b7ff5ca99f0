"""Incremental runs and scale-out with the real flow on a copy of raw/, under Prefect's test harness."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipelines import cli

pytestmark = pytest.mark.integration

RAW = Path(__file__).resolve().parents[2] / "raw"
TABLE_NAMES = ("documents", "claims", "facts", "conflicts", "labels", "boilerplate")


def tables(out: Path) -> dict[str, list[dict]]:
    found = {}
    for name in TABLE_NAMES:
        rows = pq.read_table(out / f"{name}.parquet").to_pylist()
        for row in rows:
            row.pop("run_id", None)
        found[name] = rows
    return found


def inputs(out: Path) -> dict[str, str]:
    return json.loads((out / "run.json").read_text(encoding="utf-8"))["inputs"]


def doc_ids_in(found: dict[str, list[dict]]) -> set[str]:
    ids = {row["doc_id"] for name in ("documents", "claims", "boilerplate") for row in found[name]}
    ids |= {row["doc_id"] for row in found["labels"] if row["doc_id"]}
    return ids | {doc_id for row in found["facts"] for doc_id in row["doc_ids"]}


def test_unchanged_pages_are_reused_changed_ones_extracted_deleted_ones_gone(prefect_harness, tmp_path, capsys):
    from pipelines.flow import musculus_flow

    pages, cache = tmp_path / "in", tmp_path / "cache"
    shutil.copytree(RAW, pages)
    names = sorted(p.name for p in pages.iterdir())

    def run(out: str, **options) -> dict:
        return musculus_flow(pages, tmp_path / out, batch_size=2, cache=str(cache), **options)

    cold = run("cold")
    assert (cold["cache"]["pages_reused"], cold["cache"]["pages_extracted"]) == (0, 5)

    assert cli.main(["run", str(pages), "--out", str(tmp_path / "warm"), "--cache", str(cache)]) == 0
    assert "pages reused from the cache: 5 of 5 (0 extracted)" in capsys.readouterr().out
    warm = json.loads((tmp_path / "warm" / "run.json").read_text(encoding="utf-8"))
    assert (warm["cache"]["pages_reused"], warm["cache"]["pages_extracted"]) == (5, 0)
    assert tables(tmp_path / "warm") == tables(tmp_path / "cold")

    changed, deleted = pages / names[0], pages / names[1]
    old_id, deleted_id = inputs(tmp_path / "cold")[names[0]], inputs(tmp_path / "cold")[names[1]]
    changed.write_bytes(changed.read_bytes() + b"\n\nThe muscle is covered by a thin fascia.\n")
    after_change = run("changed")
    assert (after_change["cache"]["pages_reused"], after_change["cache"]["pages_extracted"]) == (4, 1)
    assert inputs(tmp_path / "changed")[names[0]] != old_id
    assert old_id not in doc_ids_in(tables(tmp_path / "changed"))

    deleted.unlink()
    after_delete = run("deleted")
    assert (after_delete["cache"]["pages_reused"], after_delete["cache"]["pages_extracted"]) == (4, 0)
    assert names[1] not in inputs(tmp_path / "deleted") and len(inputs(tmp_path / "deleted")) == 4
    left = tables(tmp_path / "deleted")
    assert deleted_id not in doc_ids_in(left) and deleted_id in doc_ids_in(tables(tmp_path / "changed"))

    (pages / "moved").mkdir()
    moved = pages / names[2]
    moved.rename(pages / "moved" / names[2])
    after_move = run("moved")
    assert (after_move["cache"]["pages_reused"], after_move["cache"]["pages_extracted"]) == (4, 0)
    documents = {row["path"]: row for row in tables(tmp_path / "moved")["documents"]}
    assert f"moved/{names[2]}" in documents and names[2] not in documents
    assert documents[f"moved/{names[2]}"]["doc_id"] == inputs(tmp_path / "cold")[names[2]]

    uncached = musculus_flow(pages, tmp_path / "uncached", batch_size=2, cache=None)
    assert uncached["cache"] == {**uncached["cache"], "enabled": False, "pages_reused": 0, "pages_extracted": 4}
    assert tables(tmp_path / "uncached") == tables(tmp_path / "moved")
    assert not [p.name for p in tmp_path.iterdir() if ".work-" in p.name]  # work folders are removed


def test_two_local_dask_workers_publish_the_same_claims_as_the_default_run(prefect_harness, tmp_path):
    default, dask = tmp_path / "default", tmp_path / "dask"
    assert cli.main(["run", str(RAW), "--out", str(default), "--no-cache", "--batch-size", "2"]) == 0
    assert cli.main(["run", str(RAW), "--out", str(dask), "--no-cache", "--batch-size", "2", "--workers", "2"]) == 0
    assert tables(dask) == tables(default)
    assert tables(dask)["claims"]


def test_a_run_keeps_an_up_to_date_output_and_publishes_on_any_change(prefect_harness, tmp_path, capsys):
    from pipelines.flow import musculus_flow

    pages, out, cache, curation = tmp_path / "in", tmp_path / "out", tmp_path / "cache", tmp_path / "decisions.yaml"
    shutil.copytree(RAW, pages)
    curation.write_text("decisions: []\n", encoding="utf-8")

    def run(**options) -> dict:
        return musculus_flow(pages, out, batch_size=2, cache=str(cache), curation=str(curation), **options)

    def files() -> dict[str, tuple[int, bytes]]:
        return {p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
                for p in sorted(out.rglob("*")) if p.is_file()}

    def published_by(manifest: dict) -> bool:  # the run wrote the output's run.json
        on_disk = json.loads((out / "run.json").read_text(encoding="utf-8"))
        return "up_to_date_with" not in manifest and manifest["run_id"] == on_disk["run_id"]

    first = run()
    assert published_by(first)
    before = files()

    kept = run()
    assert kept["up_to_date_with"]["run_id"] == first["run_id"] != kept["run_id"]
    assert (kept["counts"], kept["cache"]["pages_reused"], kept["cache"]["pages_extracted"]) == (first["counts"], 5, 0)
    assert files() == before  # not one file rewritten

    summary = tmp_path / "summary.json"
    assert cli.main(["run", str(pages), "--out", str(out), "--cache", str(cache), "--curation", str(curation),
                     "--summary-json", str(summary)]) == 0
    assert f"output up to date: the 5 pages, the code and the curator decisions are those of run {first['run_id']}" \
        in capsys.readouterr().out
    assert json.loads(summary.read_text(encoding="utf-8"))["up_to_date_with"]["run_id"] == first["run_id"]
    assert files() == before

    kept_tables = tables(out)
    forced = run(force=True)
    assert published_by(forced) and tables(out) == kept_tables and files() != before
    assert (forced["cache"]["pages_reused"], forced["cache"]["pages_extracted"]) == (5, 0)
    assert "up_to_date_with" in run()

    for change in (
        lambda: curation.write_text("decisions:\n  - {subject_id: 'TA98:A04.7.02.044', field: nerve_root, "
                                    "accept: [ROOT:S1], curator: C, date: 2026-12-01}\n", encoding="utf-8"),
        lambda: (out / "claims.csv").write_text("edited by hand\n", encoding="utf-8"),
        lambda: (pages / "moved").mkdir() or next(p for p in pages.iterdir() if p.is_file()).rename(
            pages / "moved" / "page.html"),
    ):
        change()
        assert published_by(run())
        assert "up_to_date_with" in run()

    uncached = musculus_flow(pages, out, batch_size=2, cache=None, curation=str(curation))
    assert published_by(uncached) and uncached["cache"]["pages_extracted"] == 5
