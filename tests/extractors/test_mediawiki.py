"""The MediaWiki wikitext reader (extractors/readers/mediawiki.py).

The Wikipedia article fixture (CC BY-SA, see tests/fixtures/README.md) must give its infobox facts the same
identifiers the seed page 000 gives for them in tests/gold/seeds.yaml.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extractors.clean import clean
from extractors.model import SourceItem
from extractors.process import process_item
from extractors.readers import detect, mediawiki, read

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (ROOT / "tests" / "fixtures" / "gastrocnemius_muscle.wikitext").read_text(encoding="utf-8")
SEED_000 = yaml.safe_load((ROOT / "tests" / "gold" / "seeds.yaml").read_text(encoding="utf-8"))[
    "documents"]["000_9cb60d9e28955eff.txt"]

SMALL = """{{Infobox muscle
| Name = Soleus muscle
| Latin = musculus soleus
| Image = Soleus.png
| Origin = {{Plainlist|
* [[fibula|Head of fibula]]
* [[soleal line]] of the [[tibia]]
}}
| Insertion = [[calcaneus|Calcaneus]] via the [[Achilles tendon]]<ref>{{cite book|title=Gray}}</ref>
| Nerve = {{ubl|[[Tibial nerve]]|roots S1, S2}}
| Action = Plantarflexion {{IPAc-en|s|oʊ|l|i|ə|s}}
| Blood = 
}}
The '''soleus''' is a muscle of the calf.{{Citation needed|date=May 2020}}
It lies deep to the [[gastrocnemius muscle|gastrocnemius]].

== Structure ==
[[File:Soleus.png|thumb|The soleus [[muscle]]]]
* First point
** Nested point
# Numbered point

=== Variation ===
An accessory soleus is rare.<ref name="a">Smith 2001.</ref>

[[Category:Calf muscles]]
[[de:Musculus soleus]]
[[fr:Muscle soléaire]]
"""


def item(path="page.wikitext", title=None):
    return SourceItem(path, b"", title_hint=title)


def test_sniff_and_detection_by_content():
    assert mediawiki.sniff(ARTICLE) and mediawiki.sniff(SMALL)
    assert mediawiki.sniff("'''Soleus''' is a [[muscle]] of the [[calf]] near the [[tibia]].")
    assert not mediawiki.sniff("The soleus muscle lies deep.\n\nIt is flat and powerful in the calf.\n")
    assert not mediawiki.sniff("<html><body><p>[[a]] [[b]] [[c]] '''x'''</p></body></html>")
    assert detect(ARTICLE, "page.txt").FAMILY == "mediawiki"
    assert detect(SMALL, "page.html").FAMILY == "mediawiki"


def test_infobox_parameters_are_field_blocks_with_plain_text_values():
    doc = read(ARTICLE, item())
    fields = [(b.label, b.text) for b in doc.blocks if b.kind == "field"]
    assert fields == [
        ("Origin", "Origin: Proximal to articular surfaces of lateral condyle of femur and medial condyle of femur"),
        ("Insertion", "Insertion: Tendo calcaneus (Achilles tendon) into mid-posterior calcaneus"),
        ("Blood", "Blood: Sural arteries"),
        ("Nerve", "Nerve: Tibial nerve from the sciatic, specifically, nerve roots S1–S2"),
        ("Action", "Action: Plantar flexes foot, flexes knee"),
        ("Antagonist", "Antagonist: Tibialis anterior muscle"),
    ]
    for block in doc.blocks:
        if block.kind == "field":
            assert block.text[:block.value_start] == f"{block.label}: "


def test_title_headings_prose_and_audit_of_templates_and_refs():
    doc = read(ARTICLE, item())
    assert doc.title == "Gastrocnemius muscle" and doc.blocks[0].kind == "title"
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings[:3] == ["Structure", "Origin/proximal attachment", "Insertion/distal attachment"]
    text = clean(doc).text
    assert "The gastrocnemius muscle (plural gastrocnemii) is a superficial two-headed muscle" in text
    assert "lateral head originates from the lateral condyle of the femur" in text
    for markup in ("{{", "}}", "[[", "]]", "<ref", "IPAc", "ɡ|æ", "Clinically Oriented Anatomy", "File:",
                   "Sobo 1909", "Category:", "'''"):
        assert markup not in text, markup
    reasons = {(r.reason, r.rule_id) for r in doc.removed}
    assert ("references", "bp.mediawiki.ref") in reasons and ("gallery", "bp.mediawiki.gallery") in reasons
    audited = [r.text for r in doc.removed if r.rule_id == "bp.mediawiki.template"]
    assert any(t.startswith("{{IPAc-en") for t in audited) and any(t.startswith("{{Citation needed") for t in audited)


def test_list_templates_links_refs_and_interlanguage_links():
    doc = read(SMALL, item(title="Soleus muscle"))
    fields = {b.label: b.text for b in doc.blocks if b.kind == "field"}
    assert fields["Origin"] == "Origin: Head of fibula, soleal line of the tibia"
    assert fields["Insertion"] == "Insertion: Calcaneus via the Achilles tendon"
    assert fields["Nerve"] == "Nerve: Tibial nerve, roots S1, S2"
    assert fields["Action"] == "Action: Plantarflexion"
    assert "Blood" not in fields  # empty parameter
    assert [(l.language, l.label, l.kind) for l in doc.labels] == [
        ("la", "musculus soleus", "latin"), ("de", "Musculus soleus", "interlanguage"),
        ("fr", "Muscle soléaire", "interlanguage")]
    blocks = [(b.kind, b.text, b.depth) for b in doc.blocks if b.kind in ("paragraph", "list_item")]
    assert blocks == [
        ("paragraph", "The soleus is a muscle of the calf. It lies deep to the gastrocnemius.", 0),
        ("list_item", "First point", 0), ("list_item", "Nested point", 1), ("list_item", "Numbered point", 0),
        ("paragraph", "An accessory soleus is rare.", 0),
    ]
    reasons = {r.reason for r in doc.removed}
    assert {"references", "wiki_template", "image_caption", "category", "interlanguage_links"} <= reasons


def test_title_from_the_dump_wins_over_the_infobox_name():
    doc = read(SMALL, item(title="Soleus"))
    assert doc.title == "Soleus"


def test_source_offsets_are_verbatim_or_none():
    doc = read(ARTICLE, item())
    located = [b for b in doc.blocks if b.source_start is not None]
    assert located
    for block in located:
        assert ARTICLE[block.source_start:block.source_start + len(block.text)] == block.text


def test_the_article_gives_the_seed_identifiers_for_its_infobox_facts():
    result = process_item(SourceItem("wikitext/gastrocnemius_muscle.wikitext", ARTICLE.encode("utf-8")))
    row = result.documents[0]
    assert row["status"] == "ok" and row["family"] == "mediawiki" and row["about_id"] == SEED_000["about"]
    field_claims = [c for c in result.claims if c["method"] == "field"]
    found: dict[str, set[str]] = {}
    for claim in field_claims:
        found.setdefault(claim["field"], set()).add(claim["value_id"])
    for field_name, values in SEED_000["must"].items():
        assert set(values) <= found.get(field_name, set()), field_name
    for field_name, values in SEED_000["must_not"].items():
        assert not set(values) & {c["value_id"] for c in result.claims if c["field"] == field_name}
    for claim in result.claims:
        assert row["text_clean"][claim["char_start"]:claim["char_end"]] == claim["value_text"]


@pytest.mark.skipif(not (ROOT.parent / "shared" / "corpus" / "wikitext").is_dir(), reason="../shared absent")
def test_the_fixture_is_the_corpus_page():
    corpus = (ROOT.parent / "shared" / "corpus" / "wikitext" / "gastrocnemius_muscle.wikitext").read_text("utf-8")
    assert corpus == ARTICLE
