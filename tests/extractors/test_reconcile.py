import json

from extractors.reconcile import reconcile

GASTROCNEMIUS = "TA98:A04.7.02.044"
MEDIAL_HEAD = "TA98:A04.7.02.046"


def claim(doc, field, value, subject=GASTROCNEMIUS, qualifier=()):
    return {"doc_id": doc, "subject_id": subject, "field": field, "value_id": value, "value_label": None,
            "qualifier": list(qualifier), "rule_id": "r", "confidence": 0.9}


def docs(*ids):
    return [{"doc_id": d, "status": "ok", "about_id": GASTROCNEMIUS, "title": "t"} for d in ids]


def test_nerve_roots_lone_values_against_another_set_are_conflicts():
    claims = [claim("a", "nerve_root", "ROOT:S1"), claim("a", "nerve_root", "ROOT:S2"),
              claim("b", "nerve_root", "ROOT:S1", qualifier=["primary"]), claim("b", "nerve_root", "ROOT:L5")]
    facts, conflicts = reconcile(claims, docs("a", "b"))
    status = {f["value_id"]: f["status"] for f in facts}
    assert status == {"ROOT:S1": "consensus", "ROOT:S2": "conflict", "ROOT:L5": "conflict"}
    assert len(conflicts) == 1
    assert json.loads(conflicts[0]["values"]) == {"ROOT:L5": ["b"], "ROOT:S1": ["a", "b"], "ROOT:S2": ["a"]}
    assert conflicts[0]["disputed"] == ["ROOT:L5", "ROOT:S2"]
    assert next(f for f in facts if f["value_id"] == "ROOT:S1")["qualifier"] == ["primary"]


def test_union_fields_never_conflict():
    claims = [claim("a", "origin", "TA98:A02.5.04.024"), claim("b", "origin", "TA98:A02.5.04.021")]
    facts, conflicts = reconcile(claims, docs("a", "b"))
    assert conflicts == []
    assert {f["status"] for f in facts} == {"single_source"}


def test_a_heads_claims_roll_up_to_the_muscle():
    claims = [claim("a", "insertion", "TA98:A02.5.11.001"),
              claim("b", "insertion", "TA98:A02.5.11.001", subject=MEDIAL_HEAD)]
    facts, _ = reconcile(claims, docs("a", "b"))
    whole = next(f for f in facts if f["subject_id"] == GASTROCNEMIUS)
    assert whole["status"] == "consensus" and whole["doc_ids"] == ["a", "b"]
    assert f"part:{MEDIAL_HEAD}" in whole["qualifier"]


def test_quarantined_and_unresolved_claims_do_not_count():
    claims = [claim("a", "nerve", "TA98:A14.2.07.058"), claim("q", "nerve", "TA98:A14.2.07.046"),
              claim("a", "nerve", None)]
    documents = docs("a") + [{"doc_id": "q", "status": "quarantined", "about_id": None, "title": None}]
    facts, _ = reconcile(claims, documents)
    assert [f["value_id"] for f in facts] == ["TA98:A14.2.07.058"]
