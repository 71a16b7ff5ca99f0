"""Property-based tests (hypothesis): decode, the readers, the cleaners and the root-range parser never raise
anything but Quarantine on any input, and keep their offset invariants.

Inputs are arbitrary text and bytes, and "markup soup": random runs of the fragments each family is detected and
parsed by (front matter fences, tags, templates, wiki links, "...Edit" headings, labelled lines, entities), so
the examples reach deep into every reader. Example counts are modest: the suite stays fast.
"""
from __future__ import annotations

import codecs
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractors.clean import BLOCK_SEPARATOR, clean, fingerprint
from extractors.decode import decode
from extractors.model import Block, Document, Quarantine, SourceItem
from extractors.process import process_item
from extractors.readers import REPLACEMENT, UNENCODABLE, read
from extractors.roots import SEGMENTS, find_roots

# In CI the examples are the same on every run (a submission must not fail on a draw another one passed);
# on a developer's machine they vary from run to run, and hypothesis keeps the failures it finds in .hypothesis/.
IN_CI = bool(os.environ.get("CI"))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=IN_CI)
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=IN_CI)

FRAGMENTS = [
    "---\n", "title: Soleus muscle\n", "origin: [tibia, fibula]\n", "latin: Musculus soleus\n", "lang: de\n",
    "&a ", "*a ", "!!python/name:os.system ", "{% include x %}\n", "- [Soleus](/soleus/)\n", "  - [Part](/p/)\n",
    "<!doctype html>", "<html lang=\"en\">", "<head><title>Soleus</title></head>", "<body>", "</body></html>",
    "<article>", "</article>", "<main>", "<div class=\"content\">", "</div>", "<p>", "</p>", "<h1>", "</h1>",
    "<h2>", "</h2>", "<ul>", "<li>", "</li>", "</ul>", "<table><tr><th>Origin</th><td>", "</td></tr></table>",
    "<dl><dt>Insertion</dt><dd>", "</dd></dl>", "<br>", "<b>", "</b>", "<nav>Home › Legs</nav>",
    "<script>x()</script>", "<!-- c -->", "&amp;", "&nbsp;", "&#x2013;", "&bogus;", "<![CDATA[x]]>",
    "{{Infobox muscle\n", "| Name = Soleus muscle\n", "| Origin = [[tibia]]\n", "| Nerve = [[tibial nerve]], S1–S2\n",
    "}}\n", "{{", "}}", "[[", "]]", "[[File:x.png|thumb|caption]]", "[[de:Musculus soleus]]", "'''", "''",
    "==Structure==\n", "=== Origin ===\n", "<ref>Gray</ref>", "<ref name=a/>", "{|\n| cell\n|}\n", "* item\n",
    "# item\n", ": indent\n", "StructureEdit\n", "FunctionEdit\n", "de:Musculus soleus fr:Muscle soléaire\n",
    "Origin posterior tibia\n", "Nerve tibial nerve, S1–S2\n", "Origin: tibia\n", "Herkunft: Schienbein\n",
    "Author: Ada Lovelace\n", "Modified: Jan 05, 2024\n",
    "The soleus arises from the soleal line of the tibia and inserts onto the calcaneus.\n",
    "Er entspringt am Schienbein und setzt am Fersenbein an.\n", "L4-S1", "S1, 2", "C5—C6", "T12 to L2",
    "\n", "\n\n", " ", "\t", "\r\n", "\u00a0", "\u200b", "\ufeff", "é", "ß", "ヒラメ筋", "Ã©", "\x00", "\x1b[0m",
]
PATHS = ["page.txt", "page.html", "page.md", "page.wiki", "page.wikitext", "page.dat", "dump.xml#Soleus muscle"]

soup = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
texts = st.one_of(st.text(max_size=400), soup, st.builds(lambda a, b: a + b, soup, st.text(max_size=80)))


def check_block_offsets(doc: Document) -> None:
    """A block's source_start, when set, is where its text stands in the decoded source; for a field block of
    front matter (text "key: value" composed by the reader) it is where the value stands."""
    for block in doc.blocks:
        if block.source_start is None:
            continue
        assert 0 <= block.source_start <= len(doc.source), block
        if doc.source.startswith(block.text, block.source_start):
            continue
        assert block.kind == "field", block
        value = block.text[block.value_start:]
        assert doc.source.startswith(value, block.source_start), block


# ---- decode ----------------------------------------------------------------------------------------------

@FAST
@given(st.binary(max_size=2000))
@example(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate after a BOM
@example(b"\xef\xbb\xbf")  # a BOM and nothing else
@example("Ã©".encode() * 50)
def test_decode_gives_normalized_text_or_a_quarantine(data):
    try:
        text = decode(data)
    except Quarantine as problem:
        assert problem.reason in {"empty", "binary", "undecodable", "too_large"}
        return
    assert "\r" not in text and "\ufeff" not in text
    assert text.strip()


@FAST
@given(st.text(max_size=500), st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "utf-16-le", "latin-1", "cp1252"]))
def test_decode_reads_back_text_it_can_read(text, encoding):
    try:
        data = text.encode(encoding)
        decoded = decode(data)
    except (UnicodeEncodeError, Quarantine):
        return
    assert decoded  # whatever was guessed, it is text; exact round trips are tested in test_decode.py


# ---- readers ---------------------------------------------------------------------------------------------

@FAST
@given(texts, st.sampled_from(PATHS))
@example("---\ntitle: x\n---\n", "page.md")
@example("<html><body>" + "<div>" * 500 + "x" + "</div>" * 500, "page.html")
@example("{{Infobox muscle\n| Origin = " + "[[a|" * 300, "page.wikitext")
def test_readers_read_or_quarantine_and_index_their_source(text, path):
    try:
        doc = read(text, SourceItem(path, b""))
    except Quarantine as problem:
        assert problem.reason in {"unknown_family", "malformed_front_matter", "too_deep"}
        return
    assert doc.source == UNENCODABLE.sub(REPLACEMENT, text)  # NUL and lone surrogates replaced, one for one
    check_block_offsets(doc)


@SLOW
@given(st.one_of(st.binary(max_size=600), texts.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       st.sampled_from(PATHS))
def test_a_page_always_becomes_exactly_one_documents_row(data, path):
    result = process_item(SourceItem(path, data))
    [row] = result.documents
    assert row["status"] in ("ok", "quarantined")
    assert row["reason"] != "processing_error", row["detail"]
    if row["status"] == "ok":
        text = row["text_clean"]
        for claim in result.claims:
            assert text[claim["char_start"]:claim["char_end"]] == claim["value_text"]


# ---- cleaners --------------------------------------------------------------------------------------------

KINDS = ["title", "heading", "paragraph", "list_item", "field", "link", "caption", "interlanguage", "liquid",
         "metadata", "navigation"]
block_texts = st.one_of(st.text(min_size=1, max_size=120), st.lists(st.sampled_from(FRAGMENTS), min_size=1,
                                                                    max_size=8).map("".join))


@st.composite
def documents(draw):
    pieces = draw(st.lists(st.tuples(block_texts, st.sampled_from(KINDS), st.booleans()), max_size=12))
    source, blocks = "", []
    for text, kind, located in pieces:
        start = len(source) if located else None
        source += text + "\n"
        blocks.append(Block(text, kind, start))
    return Document(family="clinical_article", source=source, blocks=blocks)


@FAST
@given(documents(), st.data())
def test_cleaning_keeps_offsets_and_accounts_for_what_it_removes(doc, data):
    fingerprints = [fingerprint(b) for b in doc.blocks]
    templates = frozenset(data.draw(st.lists(st.sampled_from(fingerprints), unique=True)) if fingerprints else [])
    before = [(b.text, b.kind, b.source_start) for b in doc.blocks]
    cleaned = clean(doc, templates)
    assert [(b.text, b.kind, b.source_start) for b in doc.blocks] == before  # the reader's blocks stay as read
    assert cleaned.text == BLOCK_SEPARATOR.join(b.text for b in cleaned.blocks)
    assert len(cleaned.offsets) == len(cleaned.blocks)
    for block, offset in zip(cleaned.blocks, cleaned.offsets):
        assert cleaned.text[offset:offset + len(block.text)] == block.text
    for removed in cleaned.removed:
        assert removed.reason and removed.rule_id
        if removed.source_start is not None:
            assert 0 <= removed.source_start <= removed.source_end <= len(doc.source)
            assert doc.source[removed.source_start:removed.source_end].strip() == removed.text.strip(), removed


# ---- root ranges -----------------------------------------------------------------------------------------

segments = st.sampled_from(SEGMENTS)


@FAST
@given(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(
    ["S1", "S2", "L4", "L5", "C5", "T12", "Co1", "S9", "–", "-", "—", " to ", " and ", ", ", " / ", "2", "13",
     "(", ")", " ", "bis", "y", "nerve roots ", "L", "S"]), max_size=30).map("".join)))
def test_root_spans_lie_in_the_text(text):
    mentions = find_roots(text)
    for mention in mentions:
        assert mention.segment in SEGMENTS
        assert 0 <= mention.start < mention.end <= len(text)
        assert any(ch.isdigit() for ch in text[mention.start:mention.end])


@FAST
@given(segments, segments, st.sampled_from(["–", "-", "—", " to ", "‑"]))
def test_a_range_expands_to_every_segment_between_its_ends(first, last, dash):
    lo, hi = sorted((SEGMENTS.index(first), SEGMENTS.index(last)))
    text = f"nerve roots {SEGMENTS[lo]}{dash}{SEGMENTS[hi]}"
    assert {m.segment for m in find_roots(text)} == set(SEGMENTS[lo:hi + 1])


@FAST
@given(st.lists(segments, min_size=1, max_size=6, unique=True), st.sampled_from([", ", " and ", ", and ", " / "]))
def test_a_list_yields_its_segments(listed, joiner):
    text = "roots " + joiner.join(listed)
    assert {m.segment for m in find_roots(text)} == set(listed)
