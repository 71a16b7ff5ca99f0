"""Attachments into skin and soft parts (issue 3): facial muscles insert into the skin of a region or a soft part;
the value is the most specific TA98 entity named, qualified by the tissue (fields.yaml tissue_of). Real sentences
from the iaomai pages (short quotes), through process_item."""
from __future__ import annotations

from extractors.model import SourceItem
from extractors.process import process_item

SKIN = "tissue:TA98:A16.0.00.002"
UPPER_LIP, CHIN = "TA98:A05.1.01.006", "TA98:A01.1.00.011"


def claims(title: str, body: str) -> list[dict]:
    page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    result = process_item(SourceItem("page.html", page.encode("utf-8")))
    assert result.documents[0]["status"] == "ok", result.documents[0]
    return result.claims


def values(rows: list[dict], field: str) -> dict[str, list[str]]:
    return {c["value_id"]: list(c["qualifier"] or []) for c in rows if c["field"] == field and c["value_id"]}


def test_the_skin_of_a_soft_part_in_prose_is_that_part_qualified_by_the_skin():
    rows = claims("Elevator of the Upper Lip Muscle",
                  "<p>The zygomatic part originates from the lateral surface of the zygomatic bone and inserts on "
                  "the skin of the upper lip above the commissure.</p>")
    assert values(rows, "insertion") == {UPPER_LIP: [SKIN]}


def test_the_skin_of_a_region_in_a_field_is_that_region():
    rows = claims("Mentalis Muscle", "<p><i>Insertion:</i> inserts into the skin of the chin.</p>")
    assert values(rows, "insertion") == {CHIN: [SKIN]}
    rows = claims("Platysma Muscle", "<p><i>Insertion:</i> inserts into the skin of the masseteric region, chin, "
                  "and labial commissure.</p>")
    assert values(rows, "insertion") == {"TA98:A01.2.01.014": [SKIN], CHIN: [SKIN], "TA98:A05.1.01.012": [SKIN]}


def test_the_same_in_spanish_and_german():
    rows = claims("Músculo mentoniano", "<p><i>Inserción:</i> se inserta en la piel del mentón</p>")
    assert values(rows, "insertion") == {CHIN: [SKIN]}
    rows = claims("Musculus depressor anguli oris", "<p>Der Muskel ist ein Gesichtsmuskel und liegt unter der Haut des "
                  "Gesichts, er senkt die Unterlippe.</p><p><i>Einsetzen:</i> Wird in die Haut der Oberlippe "
                  "eingeführt.</p>")
    assert values(rows, "insertion") == {UPPER_LIP: [SKIN]}


def test_the_skin_alone_is_the_value():
    rows = claims("Risorius Muscle", "<p><i>Insertion:</i> it inserts deep into the skin.</p>")
    assert values(rows, "insertion") == {"TA98:A16.0.00.002": []}


def test_a_lip_of_a_bone_stays_the_bones_part():
    rows = claims("Trapezius Muscle", "<p>Posterior or spinal fibers arise from the lower lip of the posterior "
                  "border of the spine of the scapula.</p>")
    assert not {v for v in values(rows, "origin") if v.startswith(("TA98:A05", "TA98:A16"))}
    rows = claims("Vastus Lateralis Muscle", "<p>It originates from the greater trochanter and the lateral lip of "
                  "linea aspera of the femur.</p>")
    assert not {v for v in values(rows, "origin") if v.startswith(("TA98:A05", "TA98:A16"))}


def test_a_soft_part_the_muscle_runs_to_after_its_attachment_is_no_attachment():
    rows = claims("Risorius Muscle", "<p><i>Origin:</i> it originates from the parotid fascia and extends "
                  "anteriorly to the corner of the mouth.</p>")
    assert "TA98:A05.1.01.013" not in values(rows, "origin")


def test_skin_in_other_fields_makes_no_claim():
    rows = claims("Palmaris Brevis Muscle", "<p><i>Action:</i> it wrinkles the skin covering the hypothenar "
                  "eminence</p><p>It is located directly under skin, and is innervated by the ulnar nerve.</p>")
    assert not [c for c in rows if c["value_id"] and c["value_id"].startswith("TA98:A16")]
