"""Support in independent sources (issue 17): sources of pages, near-duplicates, copying sources.

Acceptance 3 (three sources copy a wrong value from one another, two independent sources give the right one) and 4
(near-duplicates: boilerplate, a tracking parameter, one reworded sentence; two different articles are not).
"""
from __future__ import annotations

import json

import pytest

from extractors import independence
from extractors.discover import discover
from extractors.independence import SourcesError, load_sources, source_of
from extractors.pipeline import run_tables
from extractors.reconcile import Independence, reconcile
from extractors.report import conflicts_html, conflicts_markdown

# ---- sources ----------------------------------------------------------------------------------------------


def test_source_of_a_page_rule_then_url_host_then_first_folder_then_file(tmp_path):
    rules_file = tmp_path / "sources.yaml"
    rules_file.write_text("sources:\n"
                          "  - {name: wikipedia, hosts: ['*.wikipedia.org'], trust: 0.7}\n"
                          "  - {name: iaomai, paths: ['mirror/iaomai/*', 'html-iaomai/*']}\n"
                          "  - {name: syndicated, urls: ['https://news.example.com/health/*']}\n", encoding="utf-8")
    rules = load_sources(rules_file)
    assert source_of("html-iaomai/eng/a.html", None, rules) == "iaomai"
    assert source_of("mirror/iaomai/deu/a.html", None, rules) == "iaomai"
    assert source_of("x/a.html", "https://en.wikipedia.org/wiki/Soleus?utm_source=feed", rules) == "wikipedia"
    assert source_of("x/a.html", "https://news.example.com/health/soleus", rules) == "syndicated"
    assert source_of("x/a.html", "https://www.Example.org/soleus?utm_campaign=1", rules) == "example.org"
    assert source_of("site/deep/a.html", "/muscle/soleus/", rules) == "site"  # a relative permalink has no host
    assert source_of("dumps/wiki.xml#Soleus", None, rules) == "dumps"
    assert source_of("a.txt") == "a.txt"
    assert rules.prior("wikipedia") == 0.7 and rules.prior("iaomai") == 0.5
    assert load_sources(tmp_path / "absent.yaml").rules == ()


@pytest.mark.parametrize("text, message", [
    ("sources: {name: x}", "expected a list"),
    ("sources:\n  - {paths: ['a/*']}", "needs a name"),
    ("sources:\n  - {name: a}", "give paths, hosts or urls"),
    ("sources:\n  - {name: a, paths: ['a/*'], trust: 2}", "trust must be"),
    ("sources:\n  - {name: a, folder: 'a/*'}", "unknown keys"),
])
def test_a_malformed_sources_file_names_the_entry(tmp_path, text, message):
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError, match=message):
        load_sources(path)


# ---- copying sources (acceptance 3) ---------------------------------------------------------------------

COPIERS, INDEPENDENT = ("copier-a", "copier-b", "copier-c"), ("atlas", "textbook")
SUBJECTS = [f"LOCAL:muscle-{i}" for i in range(12)]
WRONG, RIGHT = "ROOT:L2", "ROOT:S1"


def _claim(doc, field, value, subject):
    return {"doc_id": doc, "subject_id": subject, "field": field, "value_id": value, "value_label": None,
            "qualifier": [], "rule_id": "r", "confidence": 0.8}


def copying_world():
    """Three sources copy one another's pages (a wrong nerve root included, and the same odd actions); two
    independent sources give the right root and each words the actions its own way."""
    claims, documents = [], []
    for number, subject in enumerate(SUBJECTS):
        for source in COPIERS + INDEPENDENT:
            doc = f"{source}/{number}"
            documents.append({"doc_id": doc, "path": f"{source}/m{number}.html", "status": "ok",
                              "about_id": subject, "title": subject})
            copier = source in COPIERS
            claims.append(_claim(doc, "nerve_root", WRONG if copier else RIGHT, subject))
            actions = (["ACTION:t.common", "ACTION:t.copied", f"ACTION:t.odd{number}"] if copier
                       else ["ACTION:t.common", f"ACTION:t.{source}{number}"])
            claims += [_claim(doc, "action", action, subject) for action in actions]
    return claims, documents


def test_copiers_count_once_and_the_right_value_wins():
    claims, documents = copying_world()
    found = Independence()
    facts, conflicts = reconcile(claims, documents, found=found)
    roots = {(f["subject_id"], f["value_id"]): f for f in facts if f["field"] == "nerve_root"}
    for subject in SUBJECTS:
        wrong, right = roots[(subject, WRONG)], roots[(subject, RIGHT)]
        assert (wrong["status"], wrong["support"], wrong["sources"]) == ("conflict", 3, 1)
        assert wrong["source_ids"] == sorted(COPIERS)
        assert (right["status"], right["support"], right["sources"]) == ("consensus", 2, 2)
    by_subject = {c["subject_id"]: c for c in conflicts if c["field"] == "nerve_root"}
    assert sorted(by_subject) == sorted(SUBJECTS)
    for conflict in by_subject.values():
        assert conflict["disputed"] == [WRONG]
        assert json.loads(conflict["ranking"])[0]["value_id"] == RIGHT
        assert conflict["suggestion"].startswith(f"keep {RIGHT} (2 sources agree: atlas, textbook); review {WRONG} "
                                                 f"(1 source: copier-a, copier-b, copier-c (copies count once)")
    # the copiers are reported, with the shared values that gave them away; the independent pair is not
    pairs = {tuple(p["sources"]): p for p in found.dependent_pairs}
    assert sorted(pairs) == [("copier-a", "copier-b"), ("copier-a", "copier-c"), ("copier-b", "copier-c")]
    shared = {(s["subject_id"], s["value_id"], s["disputed"]) for s in pairs[("copier-a", "copier-b")]["shared"]}
    assert {(subject, WRONG, True) for subject in SUBJECTS} <= shared
    assert all(pair["posterior"] >= 0.9 and pair["different"] == 0 for pair in pairs.values())
    assert {found.sources[s]["witness"] for s in COPIERS} == {"copier-a"}
    # agreeing with its copies does not raise a copier's trust: it is checked against the others only
    assert found.sources["copier-a"]["trust"] < found.sources["atlas"]["trust"]
    report = conflicts_markdown(conflicts, facts, [], documents, None, found)
    assert "## Sources that copy one another" in report and "copier-a and copier-b (probability" in report
    assert f"{SUBJECTS[0]} nerve_root {WRONG} (disputed)" in report
    page = conflicts_html(conflicts, facts, [], documents, None, found)
    assert page.count("class='dependent-pair'") == 3


def test_voting_by_pages_or_without_dependence_the_copied_value_would_win(monkeypatch):
    claims, documents = copying_world()
    monkeypatch.setattr(independence, "is_dependent", lambda evidence: False)
    facts, conflicts = reconcile(claims, documents)
    roots = {f["value_id"]: f for f in facts if f["field"] == "nerve_root" and f["subject_id"] == SUBJECTS[0]}
    assert roots[WRONG]["status"] == "consensus" and roots[WRONG]["sources"] == 3
    assert not [c for c in conflicts if c["field"] == "nerve_root"]


def test_independent_sources_that_agree_and_differ_are_not_dependent():
    claims, documents = copying_world()
    found = Independence()
    reconcile(claims, documents, found=found)
    assert not [p for p in found.dependent_pairs if set(p["sources"]) & set(INDEPENDENT)]


# ---- near-duplicates (acceptance 4) -----------------------------------------------------------------------

ARTICLE = [
    "The soleus is a powerful muscle in the back part of the lower leg.",
    "The soleus originates from the posterior surface of the fibula and the soleal line of the tibia.",
    "It inserts into the calcaneus by way of the calcaneal tendon, which it shares with the gastrocnemius.",
    "The soleus is innervated by the tibial nerve, with nerve roots S1 and S2.",
    "Its main action is plantar flexion of the foot at the ankle joint, and it is most active while standing.",
    "Because it lies deep to the gastrocnemius, the soleus is best trained with the knee bent, so that the "
    "gastrocnemius is slack and cannot take over the work.",
    "Runners and dancers rely on it to keep the body from falling forward during every stride and every leap.",
    "Clinicians call it the second heart of the body, since its contractions push venous blood back towards the "
    "heart from the deep veins of the calf.",
]
REWORDED = ("Runners and dancers depend on this muscle to stop the body tipping forward in each stride and each "
            "jump.")
OTHER_ARTICLE = [
    "Soleus muscle: a guide for physiotherapy students.",
    "Anatomists describe the soleus as a flat, broad muscle named after the sole fish because of its shape.",
    "Its fibres arise from the head of the fibula and from the soleal line on the back of the tibia.",
    "Distally the fibres join the Achilles tendon and attach to the calcaneus.",
    "Supply comes from the tibial nerve; the posterior tibial artery brings its blood.",
    "Weakness of the soleus shows as a reduced heel raise with a bent knee and an unsteady stance.",
    "Stretch it by leaning on a wall with the back knee bent and the heel kept down for thirty seconds.",
]
BOILERPLATE = ("<nav><a href='/'>Home</a> <a href='/muscles'>Muscles</a> <a href='/about'>About us</a></nav>"
               "<div class='cookie-notice'>We use cookies to improve your experience. Accept all cookies</div>")
FOOTER = "<footer>Copyright 2024 Example Health. All rights reserved. Privacy policy</footer>"


def page(sentences, canonical=None, boilerplate=False):
    link = f"<link rel='canonical' href='{canonical}'>" if canonical else ""
    body = "".join(f"<p>{s}</p>" for s in sentences)
    return (f"<html><head><title>Soleus</title>{link}</head><body>{BOILERPLATE if boilerplate else ''}"
            f"<article><h1>Soleus</h1>{body}</article>{FOOTER if boilerplate else ''}</body></html>")


def _run(tmp_path, pages: dict[str, str]):
    for path, text in pages.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    found = Independence()
    tables = run_tables(discover(tmp_path), found=found)
    documents = {d["path"]: d for d in tables["documents"]}
    assert {d["status"] for d in documents.values()} == {"ok"}
    return tables, documents


def _root_fact(tables):
    """The fact both articles state in so many words: nerve root S1."""
    return next(f for f in tables["facts"] if f["field"] == "nerve_root" and f["value_id"] == "ROOT:S1")


@pytest.mark.parametrize("copy", [
    page(ARTICLE, boilerplate=True),  # differs only by navigation, cookie notice and footer
    page(ARTICLE[:-2] + [REWORDED] + ARTICLE[-1:]),  # one sentence reworded
], ids=["boilerplate", "reworded_sentence"])
def test_a_near_copy_on_another_site_is_a_duplicate_and_counts_once(tmp_path, copy):
    tables, documents = _run(tmp_path, {"original/soleus.html": page(ARTICLE), "the-mirror/soleus.html": copy})
    original, mirror = documents["original/soleus.html"], documents["the-mirror/soleus.html"]
    assert (original["source"], mirror["source"]) == ("original", "the-mirror")
    assert original["about_id"] == mirror["about_id"] and original["duplicate_of"] is None
    assert mirror["duplicate_of"] == "original/soleus.html"
    fact = _root_fact(tables)
    assert (fact["support"], fact["sources"], fact["status"]) == (2, 1, "single_source")
    assert fact["source_ids"] == ["original"]
    assert mirror["doc_id"] in fact["doc_ids"]  # the duplicate keeps its claims and provenance


def test_a_tracking_parameter_makes_no_new_page(tmp_path):
    tables, documents = _run(tmp_path, {
        "a/soleus.html": page(ARTICLE, canonical="https://health.example.org/muscles/soleus"),
        "b/soleus-share.html": page(ARTICLE, canonical="https://health.example.org/muscles/soleus?utm_source=x"),
    })
    assert {d["source"] for d in documents.values()} == {"health.example.org"}
    assert documents["b/soleus-share.html"]["duplicate_of"] == "a/soleus.html"
    fact = _root_fact(tables)
    assert (fact["support"], fact["sources"]) == (2, 1)


def test_two_different_articles_about_one_muscle_are_not_duplicates(tmp_path):
    tables, documents = _run(tmp_path, {"site-a/soleus.html": page(ARTICLE),
                                        "site-b/soleus.html": page(OTHER_ARTICLE)})
    a, b = documents["site-a/soleus.html"], documents["site-b/soleus.html"]
    assert a["about_id"] == b["about_id"] and a["duplicate_of"] is None and b["duplicate_of"] is None
    assert independence.similarity(a["fingerprint"], b["fingerprint"]) < 0.2
    shared = [f for f in tables["facts"] if f["support"] == 2]  # the tibial nerve, the calcaneus, ...
    assert shared and all((f["sources"], f["status"]) == (2, "consensus") for f in shared)


def test_similar_texts_about_different_muscles_are_not_compared():
    first = independence.fingerprint(" ".join(ARTICLE))
    pages = [("a/soleus.html", "TA98:A04.7.02.048", first), ("a/other.html", "TA98:A04.7.02.044", first),
             ("b/soleus.html", "TA98:A04.7.02.048", first)]
    assert independence.duplicate_clusters(pages) == {"b/soleus.html": "a/soleus.html"}
