"""The Jekyll reader (extractors/readers/jekyll.py): Liquid template lines in the body."""
from extractors.clean import clean
from extractors.model import SourceItem
from extractors.readers import read

PAGE = """---
title: Flyndermusklen
origin:
  da: Øverst på lægbenet.
---

_{{ page.name.latin }}_

- **Udspring**: {{ page.origin.da }}

The soleus lies under the gastrocnemius; see {{ site.url }}/soleus for the images of this page.

## Funktion

{% for f in page.function.da %}
- **{{ f.short }}**.
{% endfor %}
"""


def test_lines_that_are_liquid_output_around_a_short_label_are_liquid_blocks():
    doc = read(PAGE, SourceItem("soleus.md", b""))
    liquid = [b.text for b in doc.blocks if b.kind == "liquid"]
    assert liquid == ["_{{ page.name.latin }}_", "- **Udspring**: {{ page.origin.da }}",
                      "{% for f in page.function.da %}", "- **{{ f.short }}**.", "{% endfor %}"]
    heading = next(b for b in doc.blocks if b.kind == "heading")
    assert (heading.text, heading.level) == ("Funktion", 2)
    text = clean(doc).text
    assert "{{ f.short }}" not in text and "Udspring" not in text
    assert "Funktion" not in text  # its section held only Liquid: an empty section
    assert "The soleus lies under the gastrocnemius" in text  # prose with a Liquid variable inside stays


def test_a_latin_name_nested_under_name_is_a_latin_label():
    page = "---\ntitle: Den store sædemuskel\nname:\n  latin: \"Gluteus Maximus\"\n---\n\nTekst.\n"
    doc = read(page, SourceItem("gluteus-maximus.md", b""))
    assert [(l.language, l.label, l.kind) for l in doc.labels] == [("la", "Gluteus Maximus", "latin")]
