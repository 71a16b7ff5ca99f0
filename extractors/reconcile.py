"""Reconciliation: the pages' claims become facts (consensus, single_source, conflict, curated) and conflicts.

Steps (DESIGN.md, step 7):
1. keep resolved claims of ok pages; roll a part's claims up to its whole for inherited fields
   (qualified ``part:<id>``);
2. group by (subject, field); a value's support is the pages that claim it or a more specific value
   (schemas/rules/policies.yaml: agreement by ancestry);
3. independence (extractors.independence): every page has a source; a near-duplicate page counts for the source
   of its cluster's first page; sources found to copy one another are one witness. Support, the policies,
   confidence and trust count witnesses, not pages: the field's policy marks disputed values; each disputed
   group is one conflict. Dependence and the vote alternate until the witnesses no longer change;
4. source trust ranks the values inside a conflict (kept apart from extraction confidence):
       trust(source) = (agree + 2 * prior) / (agree + disagree + 2)
   over the source's values in groups another witness also speaks to: ``agree`` when another witness (not the
   source's own copies) supports a compatible value, ``disagree`` otherwise (prior: the sources file's trust, else
   0.5: a source nobody can check stays at its prior); a value's trust score is the sum over its witnesses of
   their best supporting source's trust;
5. curator decisions (extractors.curation) apply last.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from extractors import independence, vocabulary
from extractors.curation import CurationOutcome, Decision
from extractors.fields import field_specs
from extractors.hierarchy import ancestors, related, same_whole
from extractors.independence import NO_RULES, SourceRules
from schemas import RULES_DIR

DEFAULT_POLICY = "union"


@lru_cache(maxsize=1)
def policies() -> dict:
    with (RULES_DIR / "policies.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass
class Witnesses:
    """Who stands behind a page: its source (that of its near-duplicate cluster's first page, for a copy), and the
    witness of that source (its component of dependent sources; itself when it copies nobody)."""

    source_of_doc: dict[str, str] = field(default_factory=dict)
    witness_of_source: dict[str, str] = field(default_factory=dict)

    def source(self, doc_id: str) -> str:
        return self.source_of_doc.get(doc_id, doc_id)

    def witness(self, doc_id: str) -> str:
        source = self.source(doc_id)
        return self.witness_of_source.get(source, source)


@dataclass
class Independence:
    """What reconciliation found out about the sources, for the documents table, run.json and the report."""

    documents: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # path -> (source, duplicate_of)
    dependent_pairs: list[dict] = field(default_factory=list)
    sources: dict[str, dict] = field(default_factory=dict)  # source -> pages, trust, witness

    def summary(self) -> dict:
        duplicates = sum(1 for _, first in self.documents.values() if first)
        return {"sources": len(self.sources), "near_duplicate_pages": duplicates,
                "dependent_pairs": self.dependent_pairs, "by_source": self.sources}


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
    # Set by refresh(): per value, the witnesses and the sources of the pages that claim it, and the witnesses
    # that claim any compatible value (its agreement).
    witnesses: dict[str, set[str]] = field(default_factory=dict)
    sources: dict[str, set[str]] = field(default_factory=dict)
    agreeing: dict[str, set[str]] = field(default_factory=dict)
    all_witnesses: set[str] = field(default_factory=set)

    def refresh(self, who: Witnesses) -> None:
        self.witnesses = {v: {who.witness(d) for d in s.doc_ids} for v, s in self.values.items()}
        self.sources = {v: {who.source(d) for d in s.doc_ids} for v, s in self.values.items()}
        self.all_witnesses = set().union(*self.witnesses.values())
        self.agreeing = {v: set().union(*(self.witnesses[o] for o in self.values if compatible(v, o)))
                         for v in self.values}

    @property
    def pages(self) -> set[str]:
        return set().union(*(v.doc_ids for v in self.values.values()))

    def _general(self, value_id: str) -> list[str]:
        return [other for other in self.values if other == value_id or value_id in ancestors(other)]

    def support(self, value_id: str) -> set[str]:
        """The pages supporting the value: claiming it or a more specific value (computed when asked)."""
        return set().union(*(self.values[o].doc_ids for o in self._general(value_id)))

    def support_witnesses(self, value_id: str) -> set[str]:
        return set().union(*(self.witnesses[o] for o in self._general(value_id)))

    def support_sources(self, value_id: str) -> set[str]:
        return set().union(*(self.sources[o] for o in self._general(value_id)))


def compatible(a: str, b: str) -> bool:
    """Equal, or one is an ancestor of the other: a more specific value agrees with a more general one."""
    return related(a, b) if policies().get("compatible_by_ancestry") else a == b


# ---- policies -----------------------------------------------------------------------------------------

def disputed_values(group: Group) -> set[str]:
    rule = policies()["policies"][group.policy]
    if rule["disputed"] == "none":
        return set()
    if rule["disputed"] == "lone_value":
        if len(group.all_witnesses) < rule.get("min_sources", 2):
            return set()
        return {v for v, kin in group.agreeing.items() if len(kin) == 1}
    if rule["disputed"] == "outlier":
        return _outliers(group, rule)
    if rule["disputed"] == "more_than_one":
        ids = list(group.values)
        return {a for a in ids if any(not compatible(a, b) for b in ids)}
    raise ValueError(f"policy {group.policy}: unknown rule {rule['disputed']!r}")


def _outliers(group: Group, rule: dict) -> set[str]:
    """Values one witness supports while >= min_other_sources other witnesses speak to the field and none agrees."""
    agrees = same_whole if rule.get("same_whole") and policies().get("compatible_by_ancestry") else compatible
    disputed = set()
    for value_id in group.values:
        agreeing = set().union(*(group.witnesses[o] for o in group.values if agrees(value_id, o)))
        others = group.all_witnesses - group.witnesses[value_id]
        if len(agreeing) == 1 and len(others) >= rule["min_other_sources"]:
            disputed.add(value_id)
    return disputed


def false_values(group: Group) -> set[str]:
    """Disputed values that another value of the group outvotes (in witnesses): what the vote takes for errors."""
    disputed = disputed_values(group)
    if not disputed:
        return set()
    best = max(len(kin) for kin in group.agreeing.values())
    return {v for v in disputed if len(group.agreeing[v]) < best}


# ---- the mechanism ------------------------------------------------------------------------------------

def reconcile(claims, documents, decisions: list[Decision] | None = None,
              outcome: CurationOutcome | None = None, *, sources: SourceRules = NO_RULES,
              found: Independence | None = None) -> tuple[list[dict], list[dict]]:
    """Facts and conflicts. ``sources``: the sources file (extractors.independence.load_sources); ``found``, when
    given, receives each page's source and duplicate_of, the dependent source pairs and per-source figures."""
    ok_docs, titles, who, provenance = _provenance(documents, sources)
    groups = _groups(c for c in claims if c["value_id"] and c["doc_id"] in ok_docs)
    pairs = _independent_witnesses(groups, who)
    trust = source_trust(groups, who, sources)
    if found is not None:
        found.documents = provenance
        found.dependent_pairs = pairs
        found.sources = _source_figures(who, trust)
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
            conflicts.append(_conflict_row(conflict_id, group, subject_label, disputed, trust, who, decision))
        facts.extend(_fact_rows(group, subject_label, disputed, conflict_id, trust, who, decision))
    return facts, conflicts


def _provenance(documents, rules: SourceRules):
    """ok doc ids, subject titles, each ok page's witness mapping, and path -> (source, duplicate_of)."""
    rows = []
    titles: dict[str, str] = {}
    for d in documents:
        if d.get("about_id"):
            titles[d["about_id"]] = d["title"]
        path = d.get("path")
        source = independence.source_of(path, d.get("permalink"), rules) if path else d["doc_id"]
        ok = d["status"] == "ok"
        fingerprint = d.get("fingerprint") if ok and d.get("about_id") else None
        rows.append((d["doc_id"], path, ok, d.get("about_id"), source, fingerprint, d.get("duplicate_of")))
    first_of = independence.duplicate_clusters((r[1] or r[0], r[3], r[5]) for r in rows if r[2])
    source_of_key = {(r[1] or r[0]): r[4] for r in rows}
    who = Witnesses()
    provenance: dict[str, tuple[str, str | None]] = {}
    ok_docs = set()
    for doc_id, path, ok, _, source, _, duplicate_of in rows:
        key = path or doc_id
        first = first_of.get(key)
        provenance[key] = (source, first or duplicate_of)
        if ok:
            ok_docs.add(doc_id)
            who.source_of_doc[doc_id] = source_of_key[first] if first else source
    return ok_docs, titles, who, provenance


def _independent_witnesses(groups: dict[tuple[str, str], Group], who: Witnesses) -> list[dict]:
    """Dependence detection and the vote, alternated until the witnesses are stable (at most max_rounds);
    sets ``who.witness_of_source`` and refreshes every group; returns the dependent pairs for the report."""
    rule = independence.settings()["dependence"]
    all_sources = set(who.source_of_doc.values())
    dependent: list[tuple[str, str]] = []
    evidence: dict = {}
    for _ in range(rule["max_rounds"]):
        for group in groups.values():
            group.refresh(who)
        evidence = independence.pair_evidence(
            (g.subject_id, g.field, _values_by_source(g), false_values(g), compatible)
            for g in groups.values() if len(set().union(*g.sources.values())) >= 2)
        dependent = sorted(pair for pair, found in evidence.items() if independence.is_dependent(found))
        witness_of = independence.witnesses(all_sources, dependent)
        witness_of = {s: w for s, w in witness_of.items() if s != w}
        if witness_of == who.witness_of_source:
            break  # the groups are refreshed for these witnesses
        who.witness_of_source = witness_of
    else:
        for group in groups.values():
            group.refresh(who)
    return [{"sources": list(pair), "posterior": independence.posterior(evidence[pair]),
             "shared_kept": evidence[pair].kt, "shared_disputed": evidence[pair].kf,
             "different": evidence[pair].kd,
             "shared": [{"subject_id": s, "field": f, "value_id": v, "disputed": kind == "false"}
                        for s, f, v, kind in evidence[pair].shared]}
            for pair in dependent]


def _values_by_source(group: Group) -> dict[str, set[str]]:
    by_source: dict[str, set[str]] = defaultdict(set)
    for value_id, sources in group.sources.items():
        for source in sources:
            by_source[source].add(value_id)
    return by_source


def _groups(claims) -> dict[tuple[str, str], Group]:
    raw: dict[tuple[str, str], dict[str, ValueSupport]] = defaultdict(dict)
    for claim in claims:
        for subject_id, qualifier in _subjects(claim):
            values = raw[(subject_id, claim["field"])]
            values.setdefault(claim["value_id"], ValueSupport(claim["value_id"])).add(claim, qualifier)
    groups = {}
    for (subject_id, field_name), values in raw.items():
        spec = field_specs().get(field_name)
        groups[(subject_id, field_name)] = Group(subject_id, field_name, values,
                                                 spec.policy if spec else DEFAULT_POLICY)
    return groups


def _subjects(claim: dict) -> list[tuple[str, list[str]]]:
    """The claim's own subject, and its whole when the subject is a part and the field is inherited."""
    subjects = [(claim["subject_id"], list(claim["qualifier"] or []))]
    spec = field_specs().get(claim["field"])
    whole = vocabulary.parent(claim["subject_id"])
    if spec and spec.inherited and whole and vocabulary.kind(claim["subject_id"]) == "muscle_part":
        subjects.append((whole, [*(claim["qualifier"] or []), f"part:{claim['subject_id']}"]))
    return subjects


def source_trust(groups: dict[tuple[str, str], Group], who: Witnesses,
                 rules: SourceRules = NO_RULES) -> dict[str, float]:
    """trust(source) = (agree + 2 prior) / (agree + disagree + 2), over groups another witness speaks to; a
    source's own copies (its witness) neither confirm nor contradict it."""
    agree: dict[str, int] = defaultdict(int)
    disagree: dict[str, int] = defaultdict(int)
    for group in groups.values():
        if len(group.all_witnesses) < 2:
            continue
        for value_id, sources in group.sources.items():
            for source in sources:
                own = who.witness_of_source.get(source, source)
                confirmed = bool(group.agreeing[value_id] - {own})
                (agree if confirmed else disagree)[source] += 1
    found = set(agree) | set(disagree) | set(who.source_of_doc.values())
    return {s: round((agree[s] + 2 * rules.prior(s)) / (agree[s] + disagree[s] + 2), 4) for s in found}


def _source_figures(who: Witnesses, trust: dict[str, float]) -> dict[str, dict]:
    pages: dict[str, int] = defaultdict(int)
    for source in who.source_of_doc.values():
        pages[source] += 1
    return {s: {"pages": pages[s], "trust": trust.get(s, 0.5), "witness": who.witness_of_source.get(s, s)}
            for s in sorted(pages)}


def _witness_trust(group: Group, value_id: str, trust: dict[str, float], who: Witnesses) -> dict[str, float]:
    """Each witness supporting the value, with the trust of its best supporting source."""
    best: dict[str, float] = {}
    for source in group.support_sources(value_id):
        witness = who.witness_of_source.get(source, source)
        best[witness] = max(best.get(witness, 0.0), trust.get(source, 0.5))
    return best


def _fact_rows(group: Group, subject_label, disputed, conflict_id, trust, who: Witnesses,
               decision: Decision | None) -> list[dict]:
    rows = []
    for value_id, support in sorted(group.values.items()):
        pages = group.support(value_id)
        witnesses = _witness_trust(group, value_id, trust, who)
        status = "conflict" if value_id in disputed else ("consensus" if len(witnesses) >= 2 else "single_source")
        decided = None
        if decision is not None and value_id in decision.reject:
            continue  # a rejected value leaves the dataset; the conflict row keeps the decision
        if decision is not None and value_id in decision.accept:
            status, decided = "curated", decision.describe()
        rows.append({
            "subject_id": group.subject_id, "subject_label": subject_label, "field": group.field,
            "value_id": value_id, "value_label": support.value_label or vocabulary.label(value_id), "status": status,
            "support": len(pages), "sources": len(witnesses), "source_ids": sorted(group.support_sources(value_id)),
            "doc_ids": sorted(pages), "qualifier": sorted(support.qualifiers),
            "rule_ids": sorted(support.rule_ids), "policy": group.policy,
            "conflict_id": conflict_id if value_id in disputed else None,
            "confidence": _noisy_or(_witness_confidence(support, who)),
            "trust": round(sum(witnesses.values()) / max(len(witnesses), 1), 4), "decision": decided,
        })
    return rows


def _witness_confidence(support: ValueSupport, who: Witnesses) -> list[float]:
    """The best confidence of each witness's claims of the value: copies do not add confidence."""
    best: dict[str, float] = {}
    for doc, confidence in support.best_confidence.items():
        witness = who.witness(doc)
        best[witness] = max(best.get(witness, 0.0), confidence)
    return list(best.values())


def _noisy_or(confidences) -> float:
    """Independent witnesses that each support the value: 1 - prod(1 - c)."""
    miss = 1.0
    for value in confidences:
        miss *= 1.0 - value
    return round(1.0 - miss, 4)


def _conflict_id(subject_id: str, field_name: str) -> str:
    return "C" + hashlib.sha256(f"{subject_id}\x1f{field_name}".encode("utf-8")).hexdigest()[:12]


def sources_phrase(rank: dict) -> str:
    """"2 sources agree: a, b" / "1 source: a" (with the names of every source behind it: copies count once)."""
    count, names = rank["sources"], ", ".join(rank["source_ids"])
    copies = " (copies count once)" if len(rank["source_ids"]) > count else ""
    return (f"{count} sources agree: {names}{copies}" if count > 1 else f"1 source: {names}{copies}")


def _conflict_row(conflict_id, group: Group, subject_label, disputed, trust, who: Witnesses,
                  decision: Decision | None) -> dict:
    ranking = []
    for value_id in group.values:
        witnesses = _witness_trust(group, value_id, trust, who)
        ranking.append({"value_id": value_id, "support": len(group.support(value_id)), "sources": len(witnesses),
                        "source_ids": sorted(group.support_sources(value_id)),
                        "trust": round(sum(witnesses.values()), 4)})
    ranking.sort(key=lambda r: (-r["trust"], -r["sources"], -r["support"], r["value_id"]))
    agreed = [f"{r['value_id']} ({sources_phrase(r)})" for r in ranking if r["value_id"] not in disputed]
    lone = "; ".join(f"{r['value_id']} ({sources_phrase(r)}, trust {r['trust']})" for r in ranking
                     if r["value_id"] in disputed)
    suggestion = (f"keep {'; '.join(agreed)}; review {lone}" if agreed
                  else f"review {lone}: the sources name different values")
    return {
        "conflict_id": conflict_id, "subject_id": group.subject_id, "subject_label": subject_label,
        "field": group.field,
        "values": json.dumps({v: sorted(group.values[v].doc_ids) for v in sorted(group.values)}, ensure_ascii=False),
        "disputed": sorted(disputed), "policy": group.policy, "ranking": json.dumps(ranking, ensure_ascii=False),
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
