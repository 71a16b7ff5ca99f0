import pytest

from extractors.model import Quarantine, SourceItem
from extractors.readers import detect, read

WIKI = """Soleus muscle
Image caption here.
Origin posterior surface of tibia
Nerve tibial nerve, S1–S2

The soleus is a muscle of the calf. It lies deep to the gastrocnemius muscle and is powerful.

StructureEdit

It runs from just below the knee to the heel and is involved in standing.

de:Musculus soleus fr:Muscle soléaire
"""

ARTICLE = """Soleus

Author: Ada Lovelace, MD
Modified: Jan 05, 2024

The soleus is a broad flat muscle of the calf that lies deep to the gastrocnemius.
It originates from the soleal line of the tibia and the head of the fibula.
"""

JEKYLL = """---
title: 'The soleus muscle of the leg'
permalink: /muscle/leg/soleus/
tags: leg
gallery:
  - image_url: a.png
    caption: 'orientation 1'
origin:
  da: Skinnebenet
---

The soleus is a flat muscle located beneath the gastrocnemius muscle.

[Back››](/muscle/leg/)

- [Soleus](/muscle/leg/soleus/)
  - [Part](/muscle/leg/part/)

{% include gallery %}
"""


def item(path="page.txt"):
    return SourceItem(path, b"")


def test_family_by_content_first():
    assert detect(WIKI, "x.txt").FAMILY == "wiki"
    assert detect(ARTICLE, "x.md").FAMILY == "clinical_article"
    assert detect(JEKYLL, "x.txt").FAMILY == "jekyll"


def test_unknown_content_is_quarantined_not_guessed():
    with pytest.raises(Quarantine) as caught:
        detect("a,b,c\n1,2,3\n", "data.csv")
    assert caught.value.reason == "unknown_family"


def test_wiki_infobox_headings_and_interlanguage_links():
    doc = read(WIKI, item())
    fields = [(b.label, b.text[b.value_start:]) for b in doc.blocks if b.kind == "field"]
    assert fields == [("Origin", "posterior surface of tibia"), ("Nerve", "tibial nerve, S1–S2")]
    assert [(l.language, l.label) for l in doc.labels] == [("de", "Musculus soleus"), ("fr", "Muscle soléaire")]
    assert any(b.kind == "caption" for b in doc.blocks)


def test_article_metadata():
    doc = read(ARTICLE, item())
    assert doc.authors == ["Ada Lovelace, MD"]
    assert doc.modified == "2024-01-05"


def test_jekyll_front_matter_links_and_fields():
    doc = read(JEKYLL, item("soleus.md"))
    assert doc.title == "The soleus muscle of the leg"
    assert doc.permalink == "/muscle/leg/soleus/"
    assert doc.images == 1
    links = [(b.text, b.depth) for b in doc.blocks if b.kind == "link"]
    assert links == [("Soleus", 0), ("Part", 1)]
    field = next(b for b in doc.blocks if b.kind == "field")
    assert (field.label, field.language, field.text[field.value_start:]) == ("origin", "da", "Skinnebenet")
    assert [r.reason for r in doc.removed] == ["gallery"]


def test_block_offsets_point_into_the_source():
    doc = read(ARTICLE, item())
    for block in doc.blocks:
        assert ARTICLE[block.source_start:block.source_start + len(block.text)] == block.text


def test_malformed_front_matter():
    with pytest.raises(Quarantine) as caught:
        read("---\ntitle: [unclosed\n---\nbody text here\n", item("x.md"))
    assert caught.value.reason == "malformed_front_matter"
