"""Pages about a group of muscles (issue 3): "Lumbrical Muscles" names the hand's and the foot's lumbricals, the
text's limb decides; "Scalene Muscles" names scalenus anterior, medius and posterior, which TA98 has no group
entry for: a LOCAL subject, as a muscle the vocabulary lacks. Real short pages from the corpus."""
from __future__ import annotations

from extractors import vocabulary as v
from extractors.model import SourceItem
from extractors.process import process_item


def page(title: str, body: str) -> tuple[dict, list[dict]]:
    html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    result = process_item(SourceItem("page.html", html.encode("utf-8")))
    return result.documents[0], result.claims


def test_lumbricals_of_the_limb_the_text_names(values):
    doc, rows = page("Lumbrical Muscles",
                     "<p>Origin: tendons of the deep flexor muscles of the hand</p>"
                     "<p>Insertion: tendons of the extensor muscles of the digits</p>"
                     "<p>Action: extension of the interphalangeal joints, flexion of the metacarpophalangeal "
                     "joints</p>")
    assert doc["about_id"] == "TA98:A04.6.02.065"
    assert "TA98:A01.1.00.030" in values(rows, "insertion")  # the fingers: the subject is the hand's


def test_a_group_named_by_its_muscles_gets_a_local_subject(values):
    doc, rows = page("Scalene Muscles",
                     "<p>Origin: transverse processes of cervical vertebrae</p>"
                     "<p>Insertion (anterior and middle scalene): 1st rib</p>"
                     "<p>Action: flexion of the neck, elevation of the 1st rib during deep inspiration, lateral "
                     "flexion, and rotation of the neck</p>")
    assert doc["about_id"] == "LOCAL:scalene"
    assert "TA98:A02.2.02.001" in values(rows, "origin")
    assert "TA98:A02.3.02.001" in values(rows, "insertion")
    assert {"ACTION:neck.flexion", "ACTION:neck.lateral_flexion", "ACTION:neck.rotation"} <= values(rows, "action")
    # the rib's elevation is no movement of the neck, though the sentence names the neck
    assert "ACTION:neck.elevation" not in values(rows, "action")


def test_group_titles_and_region_titles():
    assert v.names_muscle_group("Scalene Muscles", "en")
    assert v.names_muscle_group("Músculos Escalenos", "es")
    assert not v.names_muscle_group("Muscles of the Leg", "en")
    assert not v.names_muscle_group("Facial Muscles", "en")
    assert not v.names_muscle_group("Neck Muscles", "en")
    assert not v.names_muscle_group("Procero Muscle", "en")
