"""Issue 4, acceptance 3: Danish Jekyll pages (the shape of ../shared/corpus/jekyll-motionsplan-da, written here
for musculus) give origin, insertion and action claims from their front matter: `origin: {da: ...}`,
`insertion: {da: ...}`, `function: [{short: ...}]`, `secondary_function`, `latin`. A value declared under `da:`
is read as Danish whatever the page's language; the claims carry that language.
"""
from __future__ import annotations

from collections import defaultdict

from extractors.model import SourceItem
from extractors.process import process_item

GASTROCNEMIUS, SOLEUS = "TA98:A04.7.02.044", "TA98:A04.7.02.047"
FEMUR, FIBULA, TIBIA_POSTERIOR_SURFACE = "TA98:A02.5.04.001", "TA98:A02.5.07.001", "TA98:A02.5.06.014"
CALCANEUS, CALCANEAL_TENDON = "TA98:A02.5.11.001", "TA98:A04.7.02.048"

GASTROCNEMIUS_PAGE = """---
title: "Tohovedede lægmuskel"
permalink: "/muskel/gastrocnemius/"
latin: Musculus Gastrocnemius
origin:
  da: To hoveder fra bagsiden af lårbenet, lige over knæet.
insertion:
  da: Via akillessenen på hælbenet.
function:
  - short: "Plantarfleksion i ankelleddet"
secondary_function:
  - short: "Bøjer i knæleddet"
exercises:
  - Tåhævninger
---
"""

# English prose under a Danish front matter, with the function described twice (da: and en:), as on the site.
SOLEUS_PAGE = """---
title: "Flyndermusklen"
group: Ben
name:
  latin: Soleus
origin:
  da: Øverst på lægbenet og på skinnebenets bagside.
insertion:
  da: I akillessenen og fæster på hælbenet.
function:
  da:
    - short: Plantarfleksion i ankelleddet.
      extended: Musklen strækker foden i ankelleddet, som når man går på tæer.
  en:
    - short: Plantar flexes the foot.
      extended: This means that the soleus muscle extends the ankle so that the toes point down.
---

The soleus lies deep to the gastrocnemius; together they form the calf.

_{{ page.name.latin }}_

- **Udspring**: {{ page.origin.da }}
- **Hæfte**: {{ page.insertion.da }}
"""


def _run(name: str, page: str):
    result = process_item(SourceItem(name, page.encode("utf-8")))
    found: dict[str, set[str]] = defaultdict(set)
    for claim in result.claims:
        if claim["value_id"]:
            found[claim["field"]].add(claim["value_id"])
    return result, found


def test_front_matter_fields_give_origin_insertion_and_action_claims():
    result, found = _run("gastrocnemius.md", GASTROCNEMIUS_PAGE)
    document = result.documents[0]
    assert (document["status"], document["about_id"], document["language"]) == ("ok", GASTROCNEMIUS, "da")
    assert FEMUR in found["origin"]
    assert {CALCANEUS, CALCANEAL_TENDON} <= found["insertion"]
    assert {"ACTION:ankle.plantarflexion", "ACTION:knee.flexion"} <= found["action"]  # function, secondary
    assert {c["language"] for c in result.claims} == {"da"}
    assert {c["method"] for c in result.claims if c["field"] in ("origin", "insertion", "action")} == {"field"}


def test_declared_values_keep_their_language_and_english_items_are_english():
    result, found = _run("soleus.md", SOLEUS_PAGE)
    document = result.documents[0]
    assert document["about_id"] == SOLEUS
    assert found["origin"] == {FIBULA, TIBIA_POSTERIOR_SURFACE}  # "skinnebenets bagside": the tibia's
    assert {CALCANEUS, CALCANEAL_TENDON} <= found["insertion"]
    assert "ACTION:ankle.plantarflexion" in found["action"]
    by_text = {c["value_text"]: c["language"] for c in result.claims}
    assert by_text["lægbenet"] == by_text["akillessenen"] == by_text["Plantarfleksion"] == "da"
    assert by_text["Plantar flexes"] == "en"  # the en: item is English


def test_title_and_latin_name_become_labels_in_their_languages():
    result, _ = _run("soleus.md", SOLEUS_PAGE)
    labels = {(l["language"], l["label"], l["kind"]) for l in result.labels}
    assert ("la", "Soleus", "latin") in labels
    assert ("da", "Flyndermusklen", "title") in labels  # a Danish name, whatever the page's language
