"""The hostile catalogue through the real command (Prefect flow, batches, cache, atomic publish).

The pure-pipeline test (test_hostile.py) checks every outcome in detail; this one checks that the command
publishes all of it: exit 0, one documents row per input with the same status and reason, quarantine reasons
in run.json, a valid published dataset, the input tree unchanged, and no staging or work folder left behind.
"""
from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

import hostile_inputs
from pipelines import cli
from schemas.tables import TABLES
from test_hostile import tree_state

pytestmark = pytest.mark.integration


def test_the_command_publishes_the_hostile_catalogue(prefect_harness, tmp_path, capsys):
    root, outside, out = tmp_path / "in", tmp_path / "outside", tmp_path / "output"
    cases = hostile_inputs.build(root, outside)
    before = tree_state(root)

    code = cli.main(["run", str(root), "--out", str(out), "--batch-size", "16", "--cache", str(tmp_path / "cache"),
                     "--curation", str(tmp_path / "no-decisions.yaml")])

    assert code == 0, capsys.readouterr().err[-3000:]
    assert tree_state(root) == before
    documents = {row["path"]: row for row in pq.read_table(out / "documents.parquet").to_pylist()}
    assert sorted(documents) == sorted(cases)
    wrong = {path: (documents[path]["status"], documents[path]["reason"]) for path, case in cases.items()
             if (documents[path]["status"], documents[path]["reason"]) != (case.status, case.reason)}
    assert wrong == {}
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    expected_reasons: dict[str, int] = {}
    for case in cases.values():
        if case.status == "quarantined":
            expected_reasons[case.reason] = expected_reasons.get(case.reason, 0) + 1
    assert manifest["quarantine"]["reasons"] == dict(sorted(expected_reasons.items()))
    for name in TABLES:
        assert pq.read_table(out / f"{name}.parquet").num_rows == manifest["counts"][name]
    assert manifest["counts"]["claims"] > 0
    assert hostile_inputs.SECRET not in "".join(p.read_text(encoding="utf-8") for p in out.glob("*.csv"))
    assert not (outside / hostile_inputs.MARKER_NAME).exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".output.")) == []
