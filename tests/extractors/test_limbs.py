"""Hand or foot (issue 3): "digits", "phalanges", "proximal phalanx", "flexor retinaculum" name structures of
either limb; the page subject's limb (TA98's "Muscles of lower limb" section) or the finger or toe named after the
part picks one. Real short sentences from the corpus pages, through process_item."""
from __future__ import annotations

from extractors import vocabulary as v
from extractors.hierarchy import LOWER_LIMB, UPPER_LIMB, limb

FINGERS, TOES = "TA98:A01.1.00.030", "TA98:A01.1.00.046"
HAND_PROXIMAL_PHALANX, FOOT_PROXIMAL_PHALANX = "TA98:A02.4.10.002", "TA98:A02.5.18.002"


def test_limb_from_the_ta98_section_of_the_id():
    assert limb("TA98:A04.7.02.052") == LOWER_LIMB  # flexor digitorum longus
    assert limb("TA98:A04.6.02.033") == UPPER_LIMB  # flexor digitorum superficialis
    assert limb(FOOT_PROXIMAL_PHALANX) == LOWER_LIMB and limb(HAND_PROXIMAL_PHALANX) == UPPER_LIMB
    assert limb(FINGERS) == UPPER_LIMB and limb("TA98:A01.1.00.058") == LOWER_LIMB  # great toe
    assert limb("TA98:A04.1.04.005") is None  # temporalis
    assert limb("TA98:A02.2.05.006") is None  # the sacrum's lateral part: the pelvis' only by an override


def test_digits_of_a_leg_muscle_are_toes(claims, values):
    rows = claims("The flexor digitorum longus muscle of the leg",
                  "It originates from the medial surface of the tibia and attaches to the plantar surfaces of the "
                  "lateral four digits.")
    assert TOES in values(rows, "insertion")


def test_spanish_dedos_follow_the_subjects_limb_too(claims, values):
    foot = claims("Músculo Flexor Largo de los Dedos", "<p><i>Inserción:</i> en la base de las falanges distales de "
                  "los dedos 2 al 5.</p>", "page.html")
    hand = claims("Músculo Aductor del Pulgar", "<p><i>Inserción:</i> en la base de la falange proximal del primer "
                  "dedo.</p>", "page.html")
    assert TOES in values(foot, "insertion") and FINGERS not in values(foot, "insertion")
    assert FINGERS in values(hand, "insertion") and TOES not in values(hand, "insertion")


def test_digits_without_a_limb_stay_ambiguous_with_both_candidates():
    found = v.resolve("digits", "en")
    assert found.value_id is None and found.reason == "ambiguous" and set(found.candidates) == {FINGERS, TOES}


def test_phalanges_follow_the_subjects_limb(claims, values):
    hand = claims("Superficial Flexor Muscles of the Fingers",
                  "<p>Insertion: middle phalanges of the 2nd to 5th fingers, anterior surfaces</p>", "page.html")
    foot = claims("Abductor Digiti Minimi Muscle of the Foot",
                  "<p>Insertion: proximal phalanx of the 5th toe, lateral surface</p>", "page.html")
    assert "TA98:A02.4.10.001" in values(hand, "insertion")  # "middle phalanges": the hand's phalanges
    assert FOOT_PROXIMAL_PHALANX in values(foot, "insertion")


def test_the_digit_named_after_the_phalanx_decides_and_is_a_value_too(claims, values):
    rows = claims("Extensor Pollicis Brevis Muscle",
                  "<p>Insertion: it inserts on the dorsal base of the proximal phalanx of the thumb</p>", "page.html")
    assert {HAND_PROXIMAL_PHALANX, "TA98:A01.1.00.053"} <= values(rows, "insertion")
    found = v.analyze("the proximal phalanx of the great toe", "en").mentions[0]
    assert found.value_id == FOOT_PROXIMAL_PHALANX


def test_a_structure_named_after_the_part_is_not_decided_by_the_limb(claims, values):
    # TA98's bare "Base" is the metacarpal's or the metatarsal's: not the base of a phalanx
    rows = claims("Flexor Digiti Minimi Muscle of the Hand",
                  "<p>Insertion: it inserts at the base of the first phalanx of the little finger</p>", "page.html")
    assert "TA98:A02.4.09.002" not in values(rows, "insertion")
    found = v.analyze("the base of the proximal phalanx", "en", "TA98:A04.6.02.054").mentions[0]
    assert found.text == "base" and found.value_id is None


def test_parts_of_wholes_named_differently_are_not_told_apart_by_the_limb():
    found = v.resolve("lateral parts", "en", {"bone_part"}, "TA98:A04.7.02.055")
    assert found.value_id is None
