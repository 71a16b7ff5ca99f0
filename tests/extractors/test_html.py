"""The HTML reader (extractors/readers/html.py) on small pages written for these tests."""
from __future__ import annotations

from extractors.clean import clean
from extractors.model import SourceItem
from extractors.readers import detect, html, read

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Biceps femoris | Example Anatomy</title>
<meta name="author" content="Ada Lovelace"><meta property="article:modified_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://example.org/biceps-femoris"><script>var x = "<p>not text</p>";</script>
<style>p { color: red }</style></head>
<body>
<header><a href="/">Example Anatomy</a> <a href="/muscles">Muscles</a></header>
<nav><ul><li>Home</li><li>Leg muscles</li></ul></nav>
<article>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<h1>Biceps femoris</h1>
<p>The biceps femoris is a muscle of the back of the thigh.</p>
<div class="ad-slot">Advertisement: buy our anatomy flash cards</div>
<h2>Attachments</h2>
<p><i>Origin (short head):</i> femur, linea aspera<br><i>Origin (long head):</i> ischial tuberosity<br>
<i>Note:</i> the two heads join.<br><b>Insertion:</b> head of the fibula</p>
<h3>Innervation</h3>
<ul><li>Long head: tibial nerve<ul><li>roots L5, S1, S2</li></ul></li><li>Short head: common fibular nerve</li></ul>
<table><tr><th>Action</th><td>knee flexion<br>hip extension</td></tr>
<tr><td>Length</td><td>about 40 cm</td></tr></table>
<dl><dt>Antagonist</dt><dd>quadriceps femoris</dd><dt>Synonym</dt><dd>hamstring muscle</dd></dl>
<figure><img src="a.png"><figcaption>The muscle seen from behind.</figcaption></figure>
<aside>Related: semitendinosus</aside>
<form><label>Search</label><input name="q"></form>
</article>
<footer>Copyright 2024 Example Anatomy</footer>
</body></html>
"""

FRAGMENT = """<section id="soleus__info" class="muscle-info">
    <div class="muscle-info-des">
        <h2>Soleus</h2>
        <p>The soleus is a powerful muscle in the back part of the lower leg.</p>
        <h3>Nerve Supply</h3>
        <p>Tibial nerve, specifically, nerve roots L5–S2</p>
        <p><span>Motor pathway</span></p>
        <p>The signal travels down the spinal cord.</p>
    </div>
</section>
"""


def item(path="page.html"):
    return SourceItem(path, b"")


def kinds(doc, kind):
    return [b for b in doc.blocks if b.kind == kind]


def test_sniff_accepts_pages_and_fragments_but_not_other_families():
    assert html.sniff(PAGE)
    assert html.sniff(FRAGMENT)
    assert html.sniff("<div><p>The soleus lies deep to the gastrocnemius.</p></div>")
    assert html.sniff("<?xml version='1.0'?>\n<!-- saved -->\n<html><body><p>x</p></body></html>")
    assert not html.sniff("The soleus muscle.\n\nIt lies deep to the gastrocnemius muscle of the calf.\n")
    assert not html.sniff("{{Infobox muscle\n| Name = Soleus\n}}\n'''Soleus''' <ref>x</ref>\n")
    assert not html.sniff("---\ntitle: x\n---\n<p>body</p>\n")


def test_a_page_whose_first_closing_tag_is_far_away_is_still_html():
    deep = "<div>" * 5000 + "The soleus lies deep." + "</div>" * 5000
    assert detect(deep, "deep.html").FAMILY == "html"


def test_detection_order_html_is_not_plain_text_and_front_matter_stays_jekyll():
    assert detect(PAGE, "page.txt").FAMILY == "html"
    assert detect(FRAGMENT, "Soleus.php").FAMILY == "html"
    assert detect("---\ntitle: Soleus\n---\n<p>The soleus.</p>\n", "soleus.html").FAMILY == "jekyll"


def test_metadata_title_and_declared_language():
    doc = read(PAGE, item())
    assert doc.family == "html"
    assert doc.title == "Biceps femoris"  # the page's <h1>, without the site suffix of <title>
    assert doc.blocks[0].kind == "title" and doc.blocks[0].text == "Biceps femoris"
    assert doc.language_hint == "en-GB"
    assert doc.authors == ["Ada Lovelace"] and doc.modified == "2024-03-05"
    assert doc.permalink == "https://example.org/biceps-femoris"
    assert doc.images == 1


def test_title_falls_back_to_title_element_and_meta_language():
    page = ('<html><head><title>Soleus muscle</title><meta http-equiv="content-language" content="de"></head>'
            '<body><p>Der Soleus ist ein Muskel.</p></body></html>')
    doc = read(page, item())
    assert doc.title == "Soleus muscle" and doc.blocks[0].kind == "title"
    assert doc.language_hint == "de"


def test_furniture_notices_and_scripts_are_removed_with_audit_rows():
    doc = read(PAGE, item())
    text = "\n".join(b.text for b in doc.blocks)
    for gone in ("Example Anatomy", "Leg muscles", "We use cookies", "Advertisement", "semitendinosus",
                 "Search", "Copyright", "not text", "color: red"):
        assert gone not in text, gone
    reasons = {r.reason for r in doc.removed}
    assert {"navigation", "cookie_notice", "ad_notice", "form", "outside_main_content"} <= reasons
    audited = " ".join(r.text for r in doc.removed)
    assert "We use cookies" in audited and "Advertisement" in audited and "Copyright" in audited


def test_labelled_lines_become_field_blocks_when_the_label_names_a_field():
    doc = read(PAGE, item())
    fields = {b.label: b for b in kinds(doc, "field")}
    short = fields["Origin (short head)"]
    assert short.text == "Origin (short head): femur, linea aspera"
    assert short.text[short.value_start:] == "femur, linea aspera"
    assert fields["Origin (long head)"].text == "Origin (long head): ischial tuberosity"
    assert fields["Insertion"].text == "Insertion: head of the fibula"
    assert "Note" not in fields  # "Note:" names no field: the line stays a paragraph
    assert any(b.text == "Note: the two heads join." and b.kind == "paragraph" for b in doc.blocks)


def test_table_rows_and_definition_lists_with_field_labels():
    doc = read(PAGE, item())
    fields = {b.label: b.text for b in kinds(doc, "field")}
    assert fields["Action"] == "Action: knee flexion, hip extension"
    assert fields["Antagonist"] == "Antagonist: quadriceps femoris"
    paragraphs = [b.text for b in kinds(doc, "paragraph")]
    assert "Length" in paragraphs and "about 40 cm" in paragraphs  # other table cells are blocks of their own
    assert "Synonym" in paragraphs and "hamstring muscle" in paragraphs


def test_headings_sections_lists_and_captions():
    doc = read(PAGE, item())
    assert [b.text for b in kinds(doc, "heading")] == ["Attachments", "Innervation"]
    items = [(b.text, b.depth, b.section) for b in kinds(doc, "list_item")]
    assert items == [("Long head: tibial nerve", 0, "Innervation"), ("roots L5, S1, S2", 1, "Innervation"),
                     ("Short head: common fibular nerve", 0, "Innervation")]
    assert [b.text for b in kinds(doc, "caption")] == ["The muscle seen from behind."]
    assert "The muscle seen from behind." not in clean(doc).text  # captions go in the cascade


def test_source_offsets_point_at_verbatim_text_else_none():
    doc = read(PAGE, item())
    for block in doc.blocks:
        if block.source_start is not None:
            assert PAGE[block.source_start:block.source_start + len(block.text)] == block.text
    by_text = {b.text: b for b in doc.blocks}
    assert by_text["The biceps femoris is a muscle of the back of the thigh."].source_start == PAGE.index(
        "The biceps femoris is a muscle")
    assert by_text["Origin (short head): femur, linea aspera"].source_start is None  # markup between label and value


def test_fragment_blocks_and_an_emphasised_line_as_heading():
    doc = read(FRAGMENT, item("Soleus.html"))
    assert doc.title == "" and doc.language_hint is None
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Soleus"),
        ("paragraph", "The soleus is a powerful muscle in the back part of the lower leg."),
        ("heading", "Nerve Supply"),
        ("paragraph", "Tibial nerve, specifically, nerve roots L5–S2"),
        ("heading", "Motor pathway"),
        ("paragraph", "The signal travels down the spinal cord."),
    ]
    assert doc.blocks[3].section == "Nerve Supply"
    assert doc.blocks[5].section == "Motor pathway"  # not read as a "Nerve Supply" value


def test_wrapped_whitespace_is_collapsed():
    doc = read("<div><p>The soleus\n      lies deep\n\n  to the gastrocnemius.</p></div>", item())
    assert [b.text for b in doc.blocks] == ["The soleus lies deep to the gastrocnemius."]


def test_an_html_page_runs_through_processing():
    from extractors.process import process_item

    page = ("<html lang='en'><body><article><h1>Soleus muscle</h1>"
            "<p><i>Origin:</i> soleal line of the tibia<br><i>Insertion:</i> calcaneus</p></article></body></html>")
    result = process_item(SourceItem("soleus.html", page.encode("utf-8")))
    row = result.documents[0]
    assert row["status"] == "ok" and row["family"] == "html" and row["language"] == "en"
    assert row["text_clean"].startswith("Soleus muscle\n\nOrigin: soleal line of the tibia")
    assert {c["field"] for c in result.claims} >= {"origin", "insertion"}
    for claim in result.claims:
        assert row["text_clean"][claim["char_start"]:claim["char_end"]] == claim["value_text"]
