"""Reconciliation: the pages' claims become facts (consensus, single_source, conflict) and conflicts.

Steps (DESIGN.md, step 7): keep resolved claims; roll a part's claims up to its whole for inherited
fields (qualified by the part); group by (subject, field); let the field's policy decide which values
are disputed; then apply curator decisions (issue 5 extends this).
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from extractors import vocabulary
from extractors.fields import field_specs

DEFAULT_POLICY = "union"


@dataclass
class ValueSupport:
    value_id: str
    value_label: str | None = None
    doc_ids: set[str] = field(default_factory=set)
    qualifiers: set[str] = field(default_factory=set)
    rule_ids: set[str] = field(default_factory=set)
    best_confidence: dict[str, float] = field(default_factory=dict)  # per document

    def add(self, claim: dict, qualifier: list[str]) -> None:
        self.doc_ids.add(claim["doc_id"])
        self.qualifiers.update(qualifier)
        self.rule_ids.add(claim["rule_id"])
        self.value_label = self.value_label or claim["value_label"]
        doc = claim["doc_id"]
        self.best_confidence[doc] = max(self.best_confidence.get(doc, 0.0), claim["confidence"])

    @property
    def confidence(self) -> float:
        """Noisy-OR over documents: independent pages that each support the value."""
        miss = 1.0
        for value in self.best_confidence.values():
            miss *= 1.0 - value
        return round(1.0 - miss, 4)


# ---- policies: which values of a (subject, field) group are disputed ---------------------------------

def _union(values: dict[str, ValueSupport]) -> set[str]:
    """Many values are normal (several origins): nothing is disputed."""
    return set()


def _set_agreement(values: dict[str, ValueSupport]) -> set[str]:
    """Sets such as nerve roots: a value only one page claims, while another page lists a set without it."""
    pages = set().union(*(v.doc_ids for v in values.values()))
    if len(pages) < 2:
        return set()
    return {vid for vid, v in values.items() if len(v.doc_ids) == 1}


def _single_value(values: dict[str, ValueSupport]) -> set[str]:
    """One true value (part_of): more than one is a conflict."""
    return set(values) if len(values) > 1 else set()


POLICIES = {"union": _union, "set_agreement": _set_agreement, "single_value": _single_value}


def reconcile(claims: list[dict], documents: list[dict], decisions: list[dict] | None = None) -> tuple[list[dict], list[dict]]:
    ok_docs = {d["doc_id"] for d in documents if d["status"] == "ok"}
    titles = {d["about_id"]: d["title"] for d in documents if d.get("about_id")}
    groups = _group(c for c in claims if c["value_id"] and c["doc_id"] in ok_docs)
    facts, conflicts = [], []
    for (subject_id, field_name), values in sorted(groups.items()):
        policy = field_specs()[field_name].policy if field_name in field_specs() else DEFAULT_POLICY
        disputed = POLICIES[policy](values)
        subject_label = vocabulary.label(subject_id) or titles.get(subject_id)
        conflict_id = _conflict_id(subject_id, field_name) if disputed else None
        if disputed:
            conflicts.append(_conflict_row(conflict_id, subject_id, subject_label, field_name, policy, values, disputed))
        for value_id, support in sorted(values.items()):
            facts.append({
                "subject_id": subject_id, "subject_label": subject_label, "field": field_name,
                "value_id": value_id, "value_label": support.value_label, "status": _status(value_id, support, disputed),
                "support": len(support.doc_ids), "doc_ids": sorted(support.doc_ids),
                "qualifier": sorted(support.qualifiers), "rule_ids": sorted(support.rule_ids), "policy": policy,
                "conflict_id": conflict_id if value_id in disputed else None, "confidence": support.confidence,
            })
    return facts, conflicts


def _group(claims) -> dict[tuple[str, str], dict[str, ValueSupport]]:
    groups: dict[tuple[str, str], dict[str, ValueSupport]] = defaultdict(dict)
    for claim in claims:
        for subject_id, qualifier in _subjects(claim):
            values = groups[(subject_id, claim["field"])]
            values.setdefault(claim["value_id"], ValueSupport(claim["value_id"])).add(claim, qualifier)
    return groups


def _subjects(claim: dict) -> list[tuple[str, list[str]]]:
    """The claim's own subject, and its whole when the subject is a part and the field is inherited."""
    subjects = [(claim["subject_id"], list(claim["qualifier"] or []))]
    spec = field_specs().get(claim["field"])
    whole = vocabulary.parent(claim["subject_id"])
    if spec and spec.inherited and whole and vocabulary.kind(claim["subject_id"]) == "muscle_part":
        subjects.append((whole, [*(claim["qualifier"] or []), f"part:{claim['subject_id']}"]))
    return subjects


def _status(value_id: str, support: ValueSupport, disputed: set[str]) -> str:
    if value_id in disputed:
        return "conflict"
    return "consensus" if len(support.doc_ids) >= 2 else "single_source"


def _conflict_id(subject_id: str, field_name: str) -> str:
    return "C" + hashlib.sha256(f"{subject_id}\x1f{field_name}".encode("utf-8")).hexdigest()[:12]


def _conflict_row(conflict_id, subject_id, subject_label, field_name, policy, values, disputed) -> dict:
    agreed = sorted(v for v in values if v not in disputed)
    lone = ", ".join(f"{v} ({len(values[v].doc_ids)} page)" for v in sorted(disputed))
    suggestion = (f"keep {', '.join(agreed)} (supported by several pages); review {lone}"
                  if agreed else f"review {lone}: the pages name different values")
    return {
        "conflict_id": conflict_id, "subject_id": subject_id, "subject_label": subject_label, "field": field_name,
        "values": json.dumps({v: sorted(values[v].doc_ids) for v in sorted(values)}, ensure_ascii=False),
        "disputed": sorted(disputed), "policy": policy, "suggestion": suggestion, "decision": None,
    }
