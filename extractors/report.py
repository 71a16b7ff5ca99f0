"""The curator's conflicts report, as Markdown and as one self-contained HTML page (no network).

Each conflict shows its values with the sources and pages on each side (support is counted in independent
sources: extractors.independence), the evidence sentences with the value highlighted, trust, the suggestion, and a
decision line ready to copy into curation/decisions.yaml. Decisions that matched nothing in the run are listed
first; the sources found to copy one another, with the shared values that gave them away, last. Pure.
"""
from __future__ import annotations

import html
import json
from collections import defaultdict

from extractors.curation import CurationOutcome
from extractors.reconcile import Independence, sources_phrase

EVIDENCE_PER_VALUE = 3  # sentences shown per value and page; the claims table has all of them


def _evidence_index(claims: list[dict]) -> dict[tuple, list[dict]]:
    index: dict[tuple, list[dict]] = defaultdict(list)
    for claim in claims:
        if claim["value_id"]:
            index[(claim["subject_id"], claim["field"], claim["value_id"], claim["doc_id"])].append(claim)
    return index


def _split_evidence(claim: dict) -> tuple[str, str, str]:
    """(before, value, after) of the evidence sentence around the claimed surface text."""
    sentence, value = " ".join(claim["evidence"].split()), " ".join(claim["value_text"].split())
    position = sentence.find(value)
    if position < 0:
        return sentence + " (value: ", value, ")"
    return sentence[:position], value, sentence[position + len(value):]


def decision_line(conflict: dict) -> str:
    """A decision to edit: accept the disputed value with the most trusted support, reject the other disputed ones."""
    disputed = [r["value_id"] for r in json.loads(conflict["ranking"]) if r["value_id"] in conflict["disputed"]]
    accept, reject = disputed[:1], disputed[1:]
    return (f"- {{subject_id: '{conflict['subject_id']}', field: {conflict['field']}, accept: [{', '.join(accept)}], "
            f"reject: [{', '.join(reject)}], curator: NAME, date: YYYY-MM-DD, note: ''}}")


def _rows(conflict: dict, claims_index, paths) -> list[tuple[dict, list[tuple[str, list[dict]]]]]:
    values = json.loads(conflict["values"])
    out = []
    for rank in json.loads(conflict["ranking"]):
        pages = [(paths.get(doc_id, doc_id),
                  claims_index.get((conflict["subject_id"], conflict["field"], rank["value_id"], doc_id), [])[:EVIDENCE_PER_VALUE])
                 for doc_id in values.get(rank["value_id"], [])]
        out.append((rank, pages))
    return out


# ---- Markdown -----------------------------------------------------------------------------------------

def _ranked_sources(rank: dict) -> str:
    """The sources behind a ranked value; rankings written before sources were counted have only pages."""
    if "sources" not in rank:
        return f"{rank['support']} page(s)"
    return f"{sources_phrase(rank)}; {rank['support']} page(s)"


SHARED_SHOWN = 12  # shared values listed per dependent pair; run.json has all of them


def conflicts_markdown(conflicts: list[dict], facts: list[dict], claims: list[dict], documents: list[dict],
                       outcome: CurationOutcome | None = None, found: Independence | None = None) -> str:
    paths = {d["doc_id"]: d["path"] for d in documents}
    index = _evidence_index(claims)
    open_count = sum(c["status"] == "open" for c in conflicts)
    lines = ["# Conflicts for curators", "",
             f"{len(conflicts)} conflict(s), {open_count} open. Values are ranked by source trust; each lists the "
             "independent sources behind it (near-duplicate pages, translations by one source and sources that copy "
             "one another count once), the pages that claim it and the sentence it was read from.", ""]
    lines += _unmatched_markdown(outcome)
    for conflict in conflicts:
        lines += [f"## {conflict['conflict_id']}: {conflict['subject_label'] or conflict['subject_id']} "
                  f"({conflict['subject_id']}), {conflict['field']} [{conflict['status']}]", "",
                  f"Policy `{conflict['policy']}`. Suggestion: {conflict['suggestion']}.", ""]
        if conflict["decision"]:
            lines += [f"Decision: {conflict['decision']}", ""]
        for rank, pages in _rows(conflict, index, paths):
            marker = " (disputed)" if rank["value_id"] in conflict["disputed"] else ""
            lines.append(f"- **{rank['value_id']}**{marker}: {_ranked_sources(rank)}, trust {rank['trust']}")
            for path, evidence in pages:
                for claim in evidence or [None]:
                    if claim is None:
                        lines.append(f"  - `{path}`")
                        continue
                    before, value, after = _split_evidence(claim)
                    lines.append(f"  - `{path}`: {before}**{value}**{after}")
        lines += ["", "Decision line for curation/decisions.yaml:", "", "    " + decision_line(conflict), ""]
    if not conflicts:
        lines += ["No conflicts: every field agrees across the sources under its policy.", ""]
    lines += _dependence_markdown(found)
    return "\n".join(lines)


def _shared_text(pair: dict) -> str:
    shown = [f"{s['subject_id']} {s['field']} {s['value_id']}" + (" (disputed)" if s["disputed"] else "")
             for s in sorted(pair["shared"], key=lambda s: (not s["disputed"], s["subject_id"], s["field"]))]
    more = f" and {len(shown) - SHARED_SHOWN} more" if len(shown) > SHARED_SHOWN else ""
    return "; ".join(shown[:SHARED_SHOWN]) + more


def _pair_text(pair: dict) -> str:
    a, b = pair["sources"]
    return (f"{a} and {b} (probability {pair['posterior']}): {pair['shared_disputed']} shared disputed value(s), "
            f"{pair['shared_kept']} shared value(s) few other sources give, {pair['different']} difference(s)")


def _dependence_markdown(found: Independence | None) -> list[str]:
    if found is None or not found.dependent_pairs:
        return []
    lines = ["## Sources that copy one another", "",
             "Their shared values count once (one witness), and agreeing with each other does not raise their trust.",
             ""]
    for pair in found.dependent_pairs:
        lines += [f"- {_pair_text(pair)}", f"  - shared: {_shared_text(pair)}"]
    return lines + [""]


def _unmatched_markdown(outcome: CurationOutcome | None) -> list[str]:
    if not outcome or not outcome.unmatched:
        return []
    lines = ["## Decisions that match nothing in this run", ""]
    lines += [f"- {d.subject_id} {d.field} ({d.curator}, {d.date}): {why}" for d, why in outcome.unmatched]
    return lines + [""]


# ---- HTML ---------------------------------------------------------------------------------------------

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
section.conflict{border:1px solid #ccc;border-radius:6px;padding:0 1rem 1rem;margin:1.2rem 0}
section.resolved{opacity:.75;border-style:dashed}
table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
mark{background:#ffe28a;padding:0 .15em}.disputed{color:#a00;font-weight:600}.path{font-family:monospace;font-size:90%}
pre{background:#f5f5f5;padding:.5rem;white-space:pre-wrap}.badge{font-size:80%;padding:.1rem .4rem;border-radius:4px;background:#eee}
"""


def conflicts_html(conflicts: list[dict], facts: list[dict], claims: list[dict], documents: list[dict],
                   outcome: CurationOutcome | None = None, found: Independence | None = None) -> str:
    e = html.escape
    paths = {d["doc_id"]: d["path"] for d in documents}
    index = _evidence_index(claims)
    counts = defaultdict(int)
    for fact in facts:
        counts[fact["status"]] += 1
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>musculus conflicts</title>"
             f"<style>{STYLE}</style></head><body>", "<h1>Conflicts for curators</h1>",
             f"<p id='summary'>{len(conflicts)} conflict(s), {sum(c['status'] == 'open' for c in conflicts)} open; "
             + ", ".join(f"{e(k)} facts: {v}" for k, v in sorted(counts.items())) + ".</p>"]
    if outcome and outcome.unmatched:
        parts.append("<section id='unmatched'><h2>Decisions that match nothing in this run</h2><ul>")
        parts += [f"<li>{e(d.subject_id)} {e(d.field)} ({e(d.curator)}, {e(d.date)}): {e(why)}</li>"
                  for d, why in outcome.unmatched]
        parts.append("</ul></section>")
    for conflict in conflicts:
        cid = e(conflict["conflict_id"])
        parts.append(f"<section class='conflict {e(conflict['status'])}' id='{cid}' data-conflict-id='{cid}'>"
                     f"<h2>{cid}: {e(conflict['subject_label'] or conflict['subject_id'])} "
                     f"<span class='badge'>{e(conflict['subject_id'])}</span> — {e(conflict['field'])} "
                     f"<span class='badge'>{e(conflict['status'])}</span></h2>"
                     f"<p>Policy <code>{e(conflict['policy'])}</code>. Suggestion: {e(conflict['suggestion'])}.</p>")
        if conflict["decision"]:
            parts.append(f"<p class='decision'>Decision: {e(conflict['decision'])}</p>")
        parts.append("<table><tr><th>value</th><th>sources</th><th>trust</th><th>pages and evidence</th></tr>")
        for rank, pages in _rows(conflict, index, paths):
            css = " class='disputed'" if rank["value_id"] in conflict["disputed"] else ""
            cells = []
            for path, evidence in pages:
                quotes = "".join(
                    f"<div>{e(b)}<mark>{e(v)}</mark>{e(a)}</div>" for b, v, a in map(_split_evidence, evidence))
                cells.append(f"<div class='path'>{e(path)}</div>{quotes}")
            parts.append(f"<tr><td{css}>{e(rank['value_id'])}</td><td>{e(_ranked_sources(rank))}</td>"
                         f"<td>{rank['trust']}</td><td>{''.join(cells)}</td></tr>")
        parts.append(f"</table><p>Decision line for <code>curation/decisions.yaml</code>:</p>"
                     f"<pre class='decision-line'>{e(decision_line(conflict))}</pre></section>")
    if not conflicts:
        parts.append("<p>No conflicts: every field agrees across the sources under its policy.</p>")
    if found is not None and found.dependent_pairs:
        parts.append("<section id='dependent-sources'><h2>Sources that copy one another</h2><p>Their shared values "
                     "count once (one witness), and agreeing with each other does not raise their trust.</p><ul>")
        parts += [f"<li class='dependent-pair'>{e(_pair_text(pair))}<br><small>shared: {e(_shared_text(pair))}"
                  f"</small></li>" for pair in found.dependent_pairs]
        parts.append("</ul></section>")
    parts.append("</body></html>")
    return "\n".join(parts)
