"""spaCy pipelines built from the vocabulary: folding, sentences, matchers, languages."""
from __future__ import annotations

import warnings

import pytest

from extractors import nlp


def test_pipeline_is_cached_per_language():
    assert nlp.pipeline("en") is nlp.pipeline("en")
    assert nlp.pipeline("pt-BR") is nlp.pipeline("pt") is nlp.pipeline("PT_br")
    assert nlp.pipeline("en").pipe_names == ["musculus_norm", "sentencizer", "musculus_anatomy", "musculus_actions"]


def test_fold():
    assert nlp.fold("Fémur") == "femur"
    assert nlp.fold("Bøjer KNÆET") == "bojer knaeet"
    assert nlp.fold("Außenrotation") == "aussenrotation"
    assert nlp.fold("Achilles’") == "achilles'"


def test_norm_is_folded_and_line_breaks_end_sentences():
    doc = nlp.pipeline("es")("Origen: Fémur\nInserción: Calcáneo. Acción")
    assert [t.norm_ for t in doc if not t.is_space][:3] == ["origen", ":", "femur"]
    assert [s.text.strip() for s in doc.sents] == ["Origen: Fémur", "Inserción: Calcáneo.", "Acción"]


def test_anatomy_matcher_finds_language_and_latin_terms():
    doc = nlp.pipeline("en")("The lateral condyle of the femur and the M. soleus")
    found = {s.text for s in doc.spans["anatomy"]}
    assert {"lateral condyle of the femur", "lateral condyle", "femur", "M. soleus"} <= found
    for lang in ("de", "it", "da", "nl"):  # Latin names are matched in every language's pages
        doc = nlp.pipeline(lang)("Musculus gastrocnemius, Tendo calcaneus")
        assert {s.text for s in doc.spans["anatomy"]} >= {"Musculus gastrocnemius", "Tendo calcaneus"}, lang


def test_action_matcher_spans():
    doc = nlp.pipeline("en")("to plantarflex the foot at the ankle and laterally rotates the thigh")
    assert [(s.text, s.label_) for s in doc.spans["motion"]] == [
        ("plantarflex", "MOTION:plantarflexion"), ("laterally rotates", "MOTION:lateral_rotation"),
        ("rotates", "MOTION:rotation")]
    assert [(s.text, s.label_) for s in doc.spans["joint"]] == [
        ("foot", "SEGMENT:ankle"), ("ankle", "JOINT:ankle"), ("thigh", "SEGMENT:hip")]


def test_language_without_action_lexicon_works_quietly():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        doc = nlp.pipeline("nl")("De M. gastrocnemius buigt de knie.")
    assert list(doc.spans["motion"]) == [] and "M. gastrocnemius" in [s.text for s in doc.spans["anatomy"]]


@pytest.mark.parametrize("lang", ["ja", "zh", "ko", "eo", "qq"])
def test_unsupported_languages_raise_a_clear_error(lang):
    with pytest.raises(nlp.UnsupportedLanguage) as error:
        nlp.pipeline(lang)
    assert lang in str(error.value) and error.value.lang == lang
    assert not isinstance(error.value, ImportError)
