"""Reconciliation: the pages' claims become facts (consensus, single_source, conflict, curated) and conflicts.

Steps (DESIGN.md, step 7):
1. keep resolved claims of ok pages; roll a part's claims up to its whole for inherited fields
   (qualified ``part:<id>``);
2. group by (subject, field); a value's support is the pages that claim it or a more specific value
   (schemas/rules/policies.yaml: agreement by ancestry);
3. the field's policy marks disputed values; each disputed group is one conflict;
4. source trust ranks the values inside a conflict (kept apart from extraction confidence):
       trust(page) = (agree + 1) / (agree + disagree + 2)
   over the page's values in groups another page also speaks to: ``agree`` when another page supports
   a compatible value, ``disagree`` otherwise (Laplace smoothing: a page nobody can check stays at 0.5);
   a value's trust score is the sum of its supporting pages' trust;
5. curator decisions (extractors.curation) apply last.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from extractors import vocabulary
from extractors.curation import CurationOutcome, Decision
from extractors.fields import field_specs
from extractors.hierarchy import ancestors, related, same_whole
from schemas import RULES_DIR

DEFAULT_POLICY = "union"


@lru_cache(maxsize=1)
def policies() -> dict:
    with (RULES_DIR / "policies.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass
class ValueSupport:
    value_id: str
    value_label: str | None = None
    doc_ids: set[str] = field(default_factory=set)  # pages that claim this very value
    qualifiers: set[str] = field(default_factory=set)
    rule_ids: set[str] = field(default_factory=set)
    best_confidence: dict[str, float] = field(default_factory=dict)  # per page

    def add(self, claim: dict, qualifier: list[str]) -> None:
        self.doc_ids.add(claim["doc_id"])
        self.qualifiers.update(qualifier)
        self.rule_ids.add(claim["rule_id"])
        self.value_label = self.value_label or claim["value_label"]
        doc = claim["doc_id"]
        self.best_confidence[doc] = max(self.best_confidence.get(doc, 0.0), claim["confidence"])


@dataclass
class Group:
    subject_id: str
    field: str
    values: dict[str, ValueSupport]
    policy: str
    # value -> how many pages claim any compatible value. A count, not the pages: a group of a muscle that
    # thousands of pages describe would hold a set of pages per value (hundreds of MB at 100,000 pages).
    agreeing_pages: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> set[str]:
        return set().union(*(v.doc_ids for v in self.values.values()))

    def support(self, value_id: str) -> set[str]:
        """The pages supporting the value: claiming it or a more specific value (computed when asked)."""
        return set().union(*(v.doc_ids for other, v in self.values.items()
                             if other == value_id or value_id in ancestors(other)))


def compatible(a: str, b: str) -> bool:
    """Equal, or one is an ancestor of the other: a more specific value agrees with a more general one."""
    return related(a, b) if policies().get("compatible_by_ancestry") else a == b


# ---- policies -----------------------------------------------------------------------------------------

def disputed_values(group: Group) -> set[str]:
    rule = policies()["policies"][group.policy]
    if rule["disputed"] == "none":
        return set()
    if rule["disputed"] == "lone_value":
        if len(group.pages) < rule.get("min_pages", 2):
            return set()
        return {v for v, count in group.agreeing_pages.items() if count == 1}
    if rule["disputed"] == "outlier":
        return _outliers(group, rule)
    if rule["disputed"] == "more_than_one":
        ids = list(group.values)
        return {a for a in ids if any(not compatible(a, b) for b in ids)}
    raise ValueError(f"policy {group.policy}: unknown rule {rule['disputed']!r}")


def _outliers(group: Group, rule: dict) -> set[str]:
    """Values one page supports while >= min_other_pages other pages speak to the field and none agrees."""
    agrees = same_whole if rule.get("same_whole") and policies().get("compatible_by_ancestry") else compatible
    disputed = set()
    for value_id, support in group.values.items():
        agreeing = set().union(*(v.doc_ids for other, v in group.values.items() if agrees(value_id, other)))
        others = group.pages - support.doc_ids
        if len(agreeing) == 1 and len(others) >= rule["min_other_pages"]:
            disputed.add(value_id)
    return disputed


# ---- the mechanism ------------------------------------------------------------------------------------

def reconcile(claims: list[dict], documents: list[dict], decisions: list[Decision] | None = None,
              outcome: CurationOutcome | None = None) -> tuple[list[dict], list[dict]]:
    ok_docs = {d["doc_id"] for d in documents if d["status"] == "ok"}
    titles = {d["about_id"]: d["title"] for d in documents if d.get("about_id")}
    groups = _groups(c for c in claims if c["value_id"] and c["doc_id"] in ok_docs)
    trust = page_trust(groups)
    by_key = {(d.subject_id, d.field): d for d in decisions or []}
    outcome = outcome if outcome is not None else CurationOutcome()
    _check_decisions(decisions or [], groups, outcome)
    facts, conflicts = [], []
    for key in sorted(groups):
        group = groups[key]
        disputed = disputed_values(group)
        decision = by_key.get(key)
        subject_label = vocabulary.label(group.subject_id) or titles.get(group.subject_id)
        conflict_id = _conflict_id(*key) if disputed else None
        if disputed:
            conflicts.append(_conflict_row(conflict_id, group, subject_label, disputed, trust, decision))
        facts.extend(_fact_rows(group, subject_label, disputed, conflict_id, trust, decision))
    return facts, conflicts


def _groups(claims) -> dict[tuple[str, str], Group]:
    raw: dict[tuple[str, str], dict[str, ValueSupport]] = defaultdict(dict)
    for claim in claims:
        for subject_id, qualifier in _subjects(claim):
            values = raw[(subject_id, claim["field"])]
            values.setdefault(claim["value_id"], ValueSupport(claim["value_id"])).add(claim, qualifier)
    groups = {}
    for (subject_id, field_name), values in raw.items():
        spec = field_specs().get(field_name)
        group = Group(subject_id, field_name, values, spec.policy if spec else DEFAULT_POLICY)
        for value_id in values:
            kin = [other for other in values if compatible(value_id, other)]
            group.agreeing_pages[value_id] = len(set().union(*(values[o].doc_ids for o in kin)))
        groups[(subject_id, field_name)] = group
    return groups


def _subjects(claim: dict) -> list[tuple[str, list[str]]]:
    """The claim's own subject, and its whole when the subject is a part and the field is inherited."""
    subjects = [(claim["subject_id"], list(claim["qualifier"] or []))]
    spec = field_specs().get(claim["field"])
    whole = vocabulary.parent(claim["subject_id"])
    if spec and spec.inherited and whole and vocabulary.kind(claim["subject_id"]) == "muscle_part":
        subjects.append((whole, [*(claim["qualifier"] or []), f"part:{claim['subject_id']}"]))
    return subjects


def page_trust(groups: dict[tuple[str, str], Group]) -> dict[str, float]:
    """trust(page) = (agree + 1) / (agree + disagree + 2), over groups that another page speaks to."""
    agree: dict[str, int] = defaultdict(int)
    disagree: dict[str, int] = defaultdict(int)
    for group in groups.values():
        if len(group.pages) < 2:
            continue
        for value_id, support in group.values.items():
            confirmed = group.agreeing_pages[value_id] > 1
            for page in support.doc_ids:
                (agree if confirmed else disagree)[page] += 1
    pages = set(agree) | set(disagree)
    return {page: round((agree[page] + 1) / (agree[page] + disagree[page] + 2), 4) for page in pages}


def _trust_of(pages: set[str], trust: dict[str, float]) -> float:
    return round(sum(trust.get(p, 0.5) for p in pages), 4)


def _fact_rows(group: Group, subject_label, disputed, conflict_id, trust, decision: Decision | None) -> list[dict]:
    rows = []
    for value_id, support in sorted(group.values.items()):
        pages = group.support(value_id)
        status = "conflict" if value_id in disputed else ("consensus" if len(pages) >= 2 else "single_source")
        decided = None
        if decision is not None and value_id in decision.reject:
            continue  # a rejected value leaves the dataset; the conflict row keeps the decision
        if decision is not None and value_id in decision.accept:
            status, decided = "curated", decision.describe()
        rows.append({
            "subject_id": group.subject_id, "subject_label": subject_label, "field": group.field,
            "value_id": value_id, "value_label": support.value_label or vocabulary.label(value_id), "status": status,
            "support": len(pages), "doc_ids": sorted(pages), "qualifier": sorted(support.qualifiers),
            "rule_ids": sorted(support.rule_ids), "policy": group.policy,
            "conflict_id": conflict_id if value_id in disputed else None,
            "confidence": _noisy_or(support.best_confidence.values()),
            "trust": round(_trust_of(pages, trust) / max(len(pages), 1), 4), "decision": decided,
        })
    return rows


def _noisy_or(confidences) -> float:
    """Independent pages that each support the value: 1 - prod(1 - c)."""
    miss = 1.0
    for value in confidences:
        miss *= 1.0 - value
    return round(1.0 - miss, 4)


def _conflict_id(subject_id: str, field_name: str) -> str:
    return "C" + hashlib.sha256(f"{subject_id}\x1f{field_name}".encode("utf-8")).hexdigest()[:12]


def _conflict_row(conflict_id, group: Group, subject_label, disputed, trust, decision: Decision | None) -> dict:
    supports = {v: group.support(v) for v in group.values}
    ranking = sorted(
        ({"value_id": v, "support": len(pages), "trust": _trust_of(pages, trust)} for v, pages in supports.items()),
        key=lambda r: (-r["trust"], -r["support"], r["value_id"]),
    )
    agreed = [r["value_id"] for r in ranking if r["value_id"] not in disputed]
    lone = ", ".join(f"{r['value_id']} ({r['support']} page, trust {r['trust']})" for r in ranking
                     if r["value_id"] in disputed)
    suggestion = (f"keep {', '.join(agreed)} (several pages agree); review {lone}"
                  if agreed else f"review {lone}: the pages name different values")
    return {
        "conflict_id": conflict_id, "subject_id": group.subject_id, "subject_label": subject_label,
        "field": group.field,
        "values": json.dumps({v: sorted(group.values[v].doc_ids) for v in sorted(group.values)}, ensure_ascii=False),
        "disputed": sorted(disputed), "policy": group.policy, "ranking": json.dumps(ranking),
        "suggestion": suggestion, "status": "resolved" if decision else "open",
        "decision": decision.describe() if decision else None,
    }


def _check_decisions(decisions: list[Decision], groups: dict, outcome: CurationOutcome) -> None:
    """Record which decisions apply and which match nothing in this run (reported, never ignored)."""
    for decision in decisions:
        group = groups.get((decision.subject_id, decision.field))
        if group is None:
            outcome.unmatched.append((decision, f"no claim for {decision.subject_id} {decision.field}"))
            continue
        missing = [v for v in (*decision.accept, *decision.reject) if v not in group.values]
        if missing:
            outcome.unmatched.append((decision, f"values claimed by no page: {', '.join(missing)}"))
        outcome.applied.append(decision)
