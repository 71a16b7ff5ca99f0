"""Curator decisions through the command: a decision turns facts curated and closes the conflict; a decision that
matches nothing is reported in run.json and on stderr, not ignored."""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipelines import cli

pytestmark = pytest.mark.integration

RAW = Path(__file__).resolve().parents[2] / "raw"
GASTROCNEMIUS = "TA98:A04.7.02.044"
DECISIONS = """decisions:
  - {subject_id: 'TA98:A04.7.02.044', field: nerve_root, accept: [ROOT:S2], reject: [ROOT:L5],
     curator: Test Curator, date: 2026-11-23, note: standard texts give S1-S2}
  - {subject_id: 'TA98:A04.7.02.047', field: nerve_root, accept: [ROOT:S1], curator: Test Curator, date: 2026-11-23}
"""


def run(tmp_path, decisions: str | None):
    out = tmp_path / "out"
    args = ["run", str(RAW), "--out", str(out), "--no-cache"]
    tmp_path.mkdir(parents=True, exist_ok=True)
    curation = tmp_path / "decisions.yaml"
    if decisions is not None:
        curation.write_text(decisions, encoding="utf-8")
    args += ["--curation", str(curation)]
    assert cli.main(args) == 0
    tables = {name: pq.read_table(out / f"{name}.parquet").to_pylist() for name in ("facts", "conflicts")}
    return tables, json.loads((out / "run.json").read_text(encoding="utf-8")), out


def test_a_decision_curates_and_an_unmatched_one_is_reported(prefect_harness, tmp_path, capsys):
    before, _, _ = run(tmp_path / "before", None)
    roots = {f["value_id"]: f["status"] for f in before["facts"]
             if f["subject_id"] == GASTROCNEMIUS and f["field"] == "nerve_root"}
    assert roots == {"ROOT:S1": "consensus", "ROOT:S2": "conflict", "ROOT:L5": "conflict"}
    assert [c["status"] for c in before["conflicts"]] == ["open"]

    after, manifest, out = run(tmp_path / "after", DECISIONS)
    roots = {f["value_id"]: (f["status"], f["decision"]) for f in after["facts"]
             if f["subject_id"] == GASTROCNEMIUS and f["field"] == "nerve_root"}
    assert roots["ROOT:S1"] == ("consensus", None)
    assert roots["ROOT:S2"][0] == "curated" and "Test Curator" in roots["ROOT:S2"][1]
    assert "ROOT:L5" not in roots
    assert [c["status"] for c in after["conflicts"]] == ["resolved"]
    assert manifest["curation"]["applied"] == 1
    assert [u["subject_id"] for u in manifest["curation"]["unmatched"]] == ["TA98:A04.7.02.047"]
    assert "matches nothing" in capsys.readouterr().err
    page = (out / "report" / "conflicts.html").read_text(encoding="utf-8")
    assert "TA98:A04.7.02.047" in page and after["conflicts"][0]["conflict_id"] in page
