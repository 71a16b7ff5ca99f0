import json

import pytest

from extractors.curation import CurationError, CurationOutcome, load_decisions, parse_decision
from extractors.reconcile import reconcile
from extractors.report import conflicts_html, conflicts_markdown

GASTROCNEMIUS = "TA98:A04.7.02.044"


def claim(doc, value, field="nerve_root"):
    return {"doc_id": doc, "subject_id": GASTROCNEMIUS, "field": field, "value_id": value, "value_label": value,
            "value_text": value.split(":")[1], "qualifier": [], "rule_id": "r", "confidence": 0.9,
            "evidence": f"nerve roots {value.split(':')[1]}"}


CLAIMS = [claim("a", "ROOT:S1"), claim("a", "ROOT:S2"), claim("b", "ROOT:S1"), claim("b", "ROOT:L5")]
DOCS = [{"doc_id": d, "path": f"{d}.txt", "status": "ok", "about_id": GASTROCNEMIUS, "title": "t"} for d in "ab"]


def decision(**overrides):
    entry = {"subject_id": GASTROCNEMIUS, "field": "nerve_root", "accept": ["ROOT:S2"], "reject": ["ROOT:L5"],
             "curator": "C", "date": "2026-11-23", "note": "n"}
    return parse_decision({**entry, **overrides}, "test")


def test_a_decision_curates_facts_and_closes_the_conflict():
    outcome = CurationOutcome()
    facts, conflicts = reconcile(CLAIMS, DOCS, [decision()], outcome)
    status = {f["value_id"]: f["status"] for f in facts}
    assert status == {"ROOT:S1": "consensus", "ROOT:S2": "curated"}  # L5 rejected: out of the dataset
    assert next(f for f in facts if f["value_id"] == "ROOT:S2")["decision"].startswith("accept ROOT:S2")
    assert conflicts[0]["status"] == "resolved" and "reject ROOT:L5" in conflicts[0]["decision"]
    assert outcome.unmatched == [] and len(outcome.applied) == 1


def test_a_decision_that_matches_nothing_is_reported():
    outcome = CurationOutcome()
    reconcile(CLAIMS, DOCS, [decision(subject_id="TA98:A04.7.02.047"), decision(accept=["ROOT:C5"], reject=[])],
              outcome)
    problems = [why for _, why in outcome.unmatched]
    assert len(problems) == 2 and "no claim" in problems[0] and "ROOT:C5" in problems[1]
    md = conflicts_markdown([], [], [], [], outcome)
    assert "match nothing" in md and "TA98:A04.7.02.047" in md


def test_decisions_file(tmp_path):
    path = tmp_path / "decisions.yaml"
    assert load_decisions(path) == []
    path.write_text("decisions:\n  - {subject_id: X, field: origin, accept: [A], curator: C, date: 2026-01-02}\n")
    assert load_decisions(path)[0].accept == ("A",)


@pytest.mark.parametrize("text", [
    "decisions: [{subject_id: X, field: origin, curator: C, date: 2026-01-02}]",  # nothing accepted or rejected
    "decisions: [{field: origin, accept: [A], curator: C, date: 2026-01-02}]",  # no subject
    "decisions: {not: a list}",
    "decisions: [\n  - broken: [",
])
def test_malformed_decisions_name_the_problem(tmp_path, text):
    path = tmp_path / "decisions.yaml"
    path.write_text(text)
    with pytest.raises(CurationError) as caught:
        load_decisions(path)
    assert str(path) in str(caught.value)


def test_reports_show_every_conflict_with_highlighted_evidence():
    facts, conflicts = reconcile(CLAIMS, DOCS)
    page = conflicts_html(conflicts, facts, CLAIMS, DOCS)
    assert f"data-conflict-id='{conflicts[0]['conflict_id']}'" in page
    assert "<mark>S2</mark>" in page and "<mark>L5</mark>" in page
    assert "http" not in page.replace("http-equiv", "")  # self-contained: nothing fetched
    ranking = json.loads(conflicts[0]["ranking"])
    assert ranking[0]["value_id"] == "ROOT:S1"
    assert "subject_id: 'TA98:A04.7.02.044', field: nerve_root" in conflicts_markdown(conflicts, facts, CLAIMS, DOCS)
