"""Language of pages and blocks (extractors/language.py) and language-as-data rules (extractors/lang.py)."""
from __future__ import annotations

import re

import pytest

from extractors import lang, language

SUPPORTED = {"da", "de", "en", "es", "fr", "it", "la", "pt"}


def test_supported_languages_are_the_rule_files():
    assert set(lang.supported_languages()) == SUPPORTED  # language_codes.yaml is not a language
    for code in SUPPORTED:
        rules = lang.rules(code)
        assert rules.code == code and rules.function_words
        assert all(r.rule_id.startswith(f"{code}.") for r in rules.relations)


@pytest.mark.parametrize("text,expected", [
    ("Der Musculus soleus entspringt am Wadenbeinkopf und setzt am Fersenbein an.", "de"),
    ("El músculo sóleo se origina en la cabeza del peroné y se inserta en el calcáneo.", "es"),
    ("Le muscle soléaire s'insère sur le calcanéus par le tendon calcanéen.", "fr"),
    ("Il muscolo soleo si inserisce sul calcagno tramite il tendine d'Achille.", "it"),
    ("O músculo sóleo insere-se no calcâneo pelo tendão calcâneo.", "pt"),
    ("Flyndermusklen udspringer fra lægbenet og hæfter på hælbenet via akillessenen.", "da"),
    ("Musculus soleus oritur e fibula et tibia et in calcaneum inseritur.", "la"),
])
def test_detection_among_the_supported_languages(text, expected):
    assert language.detect(text) == expected


def test_a_page_of_latin_terms_with_english_function_words_is_english():
    page = ("Palmaris Longus Muscle\n\nOrigin: humerus, medial epicondyle\n\nInsertion: palmar aponeurosis and "
            "flexor retinaculum\n\nAction: flexion of the hand and tension of the retinaculum")
    assert language.detect(page) == "en"
    assert language.detect("Musculus gastrocnemius") == "la"  # a bare Latin name stays Latin


def test_a_declared_language_wins_when_supported():
    assert language.detect("The soleus inserts on the calcaneus.", declared="de-AT") == "de"
    assert language.detect("The soleus inserts on the calcaneus.", declared="ja") == "en"  # unsupported: detected


def test_block_language_declared_detected_or_the_pages():
    english = "Flexes the leg at the knee and extends the thigh at the hip joint."
    assert language.block_language(english, "da") == "en"
    assert language.block_language(english, "en", declared="da") == "da"  # declared wins
    assert language.block_language("Musculus gastrocnemius", "de") == "de"  # short: the page's
    # lingua alone would call this German; its function words are English
    nose = ("Insertion: the transverse part attaches to the aponeurosis extending over the bridge and dorsum of the "
            "nose, while the alar part attaches to the alar cartilage")
    assert language.block_language(nose, "en") == "en"
    terms = ("Origin: iliac bone, posterior gluteal line, sacrum, coccyx, sacrotuberous ligament, "
             "sacrospinous aponeurosis")
    assert language.block_language(terms, "en") == "en"  # Latin-looking terms without Latin function words


def test_field_labels_of_every_language_prefer_the_page_language():
    assert lang.field_for_label("Ursprung (langer Kopf)") == ("origin", "langer Kopf", "de")
    assert lang.field_for_label("Inserción") == ("insertion", None, "es")
    assert lang.field_for_label("Innervation").language == "en"  # shared by en, de, fr, da: English first
    assert lang.field_for_label("Innervation", "de-DE").language == "de"
    assert lang.field_for_label("Origine", "it") == ("origin", None, "it")
    assert lang.field_for_label("Udspring").field == "origin" and lang.field_for_label("Hæfte").field == "insertion"
    assert lang.field_for_label("secondary function").field == "action"  # a Jekyll front-matter key


def test_a_plural_ending_in_brackets_is_no_qualifier():
    assert lang.field_for_label("Insertion(s) proximale(s)", "fr") == ("origin", None, "fr")
    assert lang.field_for_label("Action(s)", "fr") == ("action", None, "fr")
    assert lang.field_for_label("Origine (chef long)", "fr") == ("origin", "chef long", "fr")


def test_line_labels_are_not_section_headings():
    assert lang.field_for_label("Einführung").field == "insertion"  # "Einführung: Die Einführung erfolgt ..."
    assert lang.field_for_label("Einführung", heading=True) is None  # a heading "Einführung" is an introduction


def test_labels_name_one_field_in_every_language():
    fields = {}
    for label, entries in lang.field_label_index().items():
        fields.setdefault(label, set()).update(e[0] for e in entries)
    assert [label for label, names in fields.items() if len(names) > 1] == []


def test_every_letter_the_latin_fast_path_passes_is_named_latin():
    passed = [chr(c) for c in range(0x2000) if chr(c).isalpha() and not language._BEYOND_LATIN.search(chr(c))]
    assert len(passed) > 500
    assert {language._script_of(ch) for ch in passed} == {"LATIN"}
    assert {language._script_of(ch) for ch in "ªµº"} == {"FEMININE", "MICRO", "MASCULINE"}  # hence left out


@pytest.mark.parametrize("text", ["The muscle inserts into the tibia and the fibula.",
                                  "Der Muskel setzt an der Tibia an und ist ein Beuger des Knies.",
                                  "El músculo se inserta en la tibia; es un flexor de la rodilla y del pie.",
                                  "Musklen hæfter på skinnebenet og bøjer knæet.", "", "1 2 3"])
def test_function_word_counts_count_each_languages_words(text):
    words = [w for w in (lang.fold(w) for w in re.findall(r"\w+", text)) if len(w) > 1]
    expected = {code: sum(w in lang.rules(code).function_words for w in words) for code in lang.supported_languages()}
    assert dict(language._function_word_counts(text)) == expected
