"""The curator's conflicts report (Markdown): each conflict with its values, the pages on each side,
the evidence sentences with the value highlighted, support, and the suggestion. Pure."""
from __future__ import annotations

import json
from collections import defaultdict

EVIDENCE_PER_VALUE = 3  # sentences shown per value; the claims table has all of them


def conflicts_markdown(conflicts: list[dict], facts: list[dict], claims: list[dict], documents: list[dict]) -> str:
    paths = {d["doc_id"]: d["path"] for d in documents}
    evidence = _evidence_index(claims)
    lines = ["# Conflicts for curators", ""]
    if not conflicts:
        return "\n".join(lines + ["No conflicts: every field agrees across the pages under its policy.", ""])
    lines += [f"{len(conflicts)} conflict(s). Each value lists the pages that claim it and the sentence it was read from.", ""]
    for conflict in conflicts:
        lines += _conflict_section(conflict, paths, evidence)
    return "\n".join(lines)


def _evidence_index(claims: list[dict]) -> dict[tuple, list[dict]]:
    index: dict[tuple, list[dict]] = defaultdict(list)
    for claim in claims:
        if claim["value_id"]:
            index[(claim["field"], claim["value_id"], claim["doc_id"])].append(claim)
    return index


def _conflict_section(conflict: dict, paths: dict, evidence: dict) -> list[str]:
    subject = conflict["subject_label"] or conflict["subject_id"]
    lines = [f"## {conflict['conflict_id']}: {subject} ({conflict['subject_id']}), {conflict['field']}", "",
             f"Policy `{conflict['policy']}`. Suggestion: {conflict['suggestion']}.", ""]
    values = json.loads(conflict["values"])
    for value_id, doc_ids in values.items():
        marker = " (disputed)" if value_id in conflict["disputed"] else ""
        lines.append(f"- **{value_id}**{marker}: {len(doc_ids)} page(s)")
        for doc_id in doc_ids:
            for claim in evidence.get((conflict["field"], value_id, doc_id), [])[:EVIDENCE_PER_VALUE]:
                lines.append(f"  - `{paths.get(doc_id, doc_id)}`: {_highlight(claim)}")
    lines += ["", "Decision line (copy into curation/decisions.yaml and edit):", "",
              f"    - {{conflict_id: {conflict['conflict_id']}, subject_id: '{conflict['subject_id']}', "
              f"field: {conflict['field']}, accept: [], reject: [], curator: NAME, date: YYYY-MM-DD, note: ''}}", ""]
    return lines


def _highlight(claim: dict) -> str:
    """The evidence sentence with the claimed value in bold (first occurrence of its surface text)."""
    sentence, value = " ".join(claim["evidence"].split()), claim["value_text"]
    position = sentence.find(value)
    if position < 0:
        return f"{sentence} (value: **{value}**)"
    return f"{sentence[:position]}**{value}**{sentence[position + len(value):]}"
