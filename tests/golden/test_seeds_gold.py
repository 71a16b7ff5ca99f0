"""The gold file (tests/gold/seeds.yaml, the project's copy of ../shared/gold/seeds.yaml) on raw/.

Runs the pure pipeline (no Prefect) once; every blocking group of checks must pass in full, and every
claim must satisfy the span invariant of the output contract.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extractors.discover import discover
from extractors.evaluation import evaluate
from extractors.pipeline import run_tables
from pipelines.evaluate import BLOCKING_GROUPS
from schemas.tables import TABLES

ROOT = Path(__file__).resolve().parents[2]
GOLD = yaml.safe_load((ROOT / "tests" / "gold" / "seeds.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tables():
    return run_tables(discover(ROOT / "raw"))


@pytest.fixture(scope="module")
def report(tables):
    return evaluate(GOLD, tables)


@pytest.mark.parametrize("group", BLOCKING_GROUPS)
def test_gold_group_holds(report, group):
    failures = [text for g, passed, text in report.checks if g == group and not passed]
    assert [text for g, _, text in report.checks if g == group], f"no {group} checks ran"
    assert failures == []


def test_every_claim_satisfies_the_span_invariant(tables):
    texts = {d["doc_id"]: d["text_clean"] for d in tables["documents"]}
    bad = [c for c in tables["claims"] if texts[c["doc_id"]][c["char_start"]:c["char_end"]] != c["value_text"]]
    assert tables["claims"] and bad == []


def test_tables_meet_their_contracts(tables):
    for name, table in TABLES.items():
        assert table.validate(tables[name]) == [], name


def test_claims_carry_their_rule_ids(tables):
    assert all(c["rule_id"] and c["method"] for c in tables["claims"])
    rules = {c["rule_id"] for c in tables["claims"]}
    assert any(r.startswith("en.label.") for r in rules) and any(r.startswith("en.origin.") for r in rules)


def test_conflicts_are_exactly_the_gold_conflicts(tables):
    expected = {(subject, c["field"]) for subject, r in GOLD["reconciled"].items() for c in r.get("conflicts", [])}
    assert {(c["subject_id"], c["field"]) for c in tables["conflicts"]} == expected
    for subject, r in GOLD["reconciled"].items():
        for conflict in r.get("conflicts", []):
            row = next(c for c in tables["conflicts"] if (c["subject_id"], c["field"]) == (subject, conflict["field"]))
            assert set(row["disputed"]) == set(conflict["values"])
