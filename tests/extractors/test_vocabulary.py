"""The normalizer: vocabulary data, analyze() (mentions in text), resolve() (whole strings), lookups.

Sentences quoted from the seed pages are short excerpts; corpus checks read ../shared/corpus and skip without it.
"""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest
import yaml

from extractors import vocabulary as v
from schemas import VOCAB_DIR

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
GASTROCNEMIUS, LATERAL_HEAD, MEDIAL_HEAD = "TA98:A04.7.02.044", "TA98:A04.7.02.045", "TA98:A04.7.02.046"
FEMUR, CALCANEUS, CALCANEAL_TENDON = "TA98:A02.5.04.001", "TA98:A02.5.11.001", "TA98:A04.7.02.048"
FEMUR_LATERAL_CONDYLE, FEMUR_MEDIAL_CONDYLE = "TA98:A02.5.04.024", "TA98:A02.5.04.021"
TIBIA_MEDIAL_CONDYLE = "TA98:A02.5.06.003"


def ids(text: str, lang: str = "en", **kw) -> list[str | None]:
    return [m.value_id for m in v.analyze(text, lang, **kw).mentions]


def mention(text: str, surface: str, lang: str = "en", **kw) -> v.Mention:
    found = [m for m in v.analyze(text, lang, **kw).mentions if m.text == surface]
    assert found, f"no mention {surface!r} in {[m.text for m in v.analyze(text, lang, **kw).mentions]}"
    return found[0]


# ---- the seed pages' sentences --------------------------------------------------------------------------------

def test_lateral_condyle_of_femur_is_one_composite_mention():
    found = v.analyze("Origin superior to articular surface of lateral condyle of femur", "en").mentions
    condyle = [m for m in found if m.value_id == FEMUR_LATERAL_CONDYLE]
    assert [m.text for m in condyle] == ["lateral condyle of femur"]
    assert FEMUR not in [m.value_id for m in found]  # the composite wins over its part "femur"


def test_insertion_tendon_and_bone_with_typo_around():
    found = ids("Insertion    tendon calcaneus (achilles tendon) into mid-posteior calcaneus")
    assert found.count(CALCANEAL_TENDON) == 2 and CALCANEUS in found


def test_artery_plural_and_nerves():
    assert ids("Artery sural arteries") == ["TA98:A12.2.16.037"]
    found = ids("Nerve tibial nerve from the sciatic, specifically, nerve roots S1–S2")
    assert "TA98:A14.2.07.058" in found and "TA98:A14.2.07.046" in found  # which one innervates is the caller's job


def test_muscle_with_muscle_word_and_plural():
    assert mention("Antagonist Tibialis anterior muscle", "Tibialis anterior muscle").value_id == "TA98:A04.7.02.037"
    assert mention("the soleus and plantaris muscles", "plantaris muscles").value_id == "TA98:A04.7.02.049"
    assert mention("the soleus and plantaris muscles", "soleus").kind == "muscle"


def test_medial_condyle_of_femur_and_femoral_shaft():
    text = ("the medial head originates from the posterior surface of the medial condyle of the femur and the "
            "popliteal surface of the femoral shaft.")
    found = ids(text)
    assert FEMUR_MEDIAL_CONDYLE in found and "TA98:A02.5.04.018" in found
    assert TIBIA_MEDIAL_CONDYLE not in found


@pytest.mark.parametrize("text", [
    "The medial head of the gastrocnemius muscle arises from the medial condyle of the femur just distal.",
    "medially emerging from the medial condyle of the femur and laterally emerging from the lateral condyle",
    "It arises from the medial condyle of femur.",
])
def test_medial_condyle_of_femur_never_the_tibias(text):
    assert TIBIA_MEDIAL_CONDYLE not in ids(text, subject_id=MEDIAL_HEAD)


def test_heads_resolved_by_page_subject():
    text = "It consists of two muscle regions, the medial head and the lateral head, which join the femur."
    assert mention(text, "medial head", subject_id=GASTROCNEMIUS).value_id == MEDIAL_HEAD
    assert mention(text, "lateral head", subject_id=GASTROCNEMIUS).value_id == LATERAL_HEAD
    # on the medial head's own page the sibling is found through the subject's whole
    assert mention(text, "lateral head", subject_id=MEDIAL_HEAD).value_id == LATERAL_HEAD


def test_ambiguous_part_without_context_keeps_candidates():
    m = mention("the medial head is larger", "medial head")
    assert m.value_id is None and m.reason == "ambiguous" and MEDIAL_HEAD in m.candidates
    assert m.kind == "muscle_part"


def test_composite_head_names():
    assert ids("The medial head of the gastrocnemius is a large belly") [0] == MEDIAL_HEAD
    assert ids("Lateral Head Of Gastrocnemius") == [LATERAL_HEAD]
    assert ids("a medial gastrocnemius strain") == [MEDIAL_HEAD]


def test_compartment_synonym_and_region():
    assert "TA98:A04.7.01.006" in ids("located in the superficial posterior compartment of the leg.")
    assert mention("tags: leg", "leg").value_id == "TA98:A01.1.00.038"
    assert v.resolve("leg", "en", {"region"}).value_id == "TA98:A01.1.00.038"


def test_synonyms_from_the_seed_pages():
    for text in ("the tendocalcaneus", "the upper part of the tendocalcaneal", "the Achilles tendon"):
        assert CALCANEAL_TENDON in ids(text), text
    assert ids("the heel bone") == [CALCANEUS]
    assert ids("the thigh bone") == [FEMUR]


# ---- context rules, general -----------------------------------------------------------------------------------

def test_part_then_whole_after_a_linker_with_extra_words():
    # the part and the whole that names it are one mention, as TA98's composite terms are
    m = mention("the lateral condyle of the distal femur", "lateral condyle of the distal femur")
    assert (m.value_id, m.method) == (FEMUR_LATERAL_CONDYLE, "context")
    assert mention("the lateral condyle of the tibia", "lateral condyle of the tibia").value_id == "TA98:A02.5.06.004"


def test_adjective_possessive_and_latin_genitive_name_the_whole():
    assert ids("drawing the femoral head towards the acetabulum")[0] == "TA98:A02.5.04.002"
    assert mention("the femur's lateral condyle", "lateral condyle").value_id == FEMUR_LATERAL_CONDYLE
    assert mention("Origo: Condylus medialis femoris", "Condylus medialis", "de").value_id == FEMUR_MEDIAL_CONDYLE


def test_descriptive_words_leave_the_bone():
    found = v.analyze("inserts onto the posterior surface of the calcaneus, or heel bone", "en").mentions
    assert [m.value_id for m in found if m.value_id] == [CALCANEUS, CALCANEUS]
    assert found[0].reason == "ambiguous"  # "posterior surface" of which bone: TA98 lists none for the calcaneus


def test_region_and_structure_of_the_same_name_prefer_the_structure():
    m = mention("it originates in the pelvis", "pelvis")
    assert m.value_id == "TA98:A02.5.02.001" and "TA98:A01.1.00.017" in m.candidates


def test_a_part_located_in_a_larger_whole_is_one_mention():
    m = mention("the ischial tuberosity of the pelvis", "ischial tuberosity of the pelvis")
    assert m.value_id == "TA98:A02.5.01.204"  # the ischium's, inside the hip bone, inside the pelvis


def test_folding_case_accents_abbreviations():
    assert ids("FÉMUR") == [FEMUR]
    assert ids("M. gastrocnemius and Musculus gastrocnemius") == [GASTROCNEMIUS, GASTROCNEMIUS]
    assert ids("el cóndilo medial del fémur", "es") == [FEMUR_MEDIAL_CONDYLE]


def test_other_languages():
    es = ids("se inserta en el calcáneo mediante el tendón de Aquiles; flexión plantar del pie", "es")
    assert CALCANEUS in es and CALCANEAL_TENDON in es and "ACTION:ankle.plantarflexion" in es
    de = ids("Der M. gastrocnemius setzt über die Achillessehne an. Plantarflexion im Sprunggelenk.", "de")
    assert GASTROCNEMIUS in de and CALCANEAL_TENDON in de and "ACTION:ankle.plantarflexion" in de
    assert ids("i akillessenen og fæster på hælbenet", "da") == [CALCANEAL_TENDON, CALCANEUS]
    assert "ACTION:knee.flexion" in ids("Bøjer knæet.", "da")


# ---- actions --------------------------------------------------------------------------------------------------

def actions(text: str, **kw) -> list[str | None]:
    return [m.value_id for m in v.analyze(text, "en", **kw).mentions if m.kind == "action"]


@pytest.mark.parametrize("text,expected", [
    ("Action plantar flexes foot, flexes knee", ["ACTION:ankle.plantarflexion", "ACTION:knee.flexion"]),
    ("work together to plantarflex the foot at the ankle and to flex the leg at the knee",
     ["ACTION:ankle.plantarflexion", "ACTION:knee.flexion"]),
    ("responsible for plantar flexion of the foot and leg flexion at the knee",
     ["ACTION:ankle.plantarflexion", "ACTION:knee.flexion"]),
    ("This muscle is also a powerful knee flexor", ["ACTION:knee.flexion"]),
    ("primarily responsible for extending the thigh", ["ACTION:hip.extension"]),
    ("Extends the leg at the hip.", ["ACTION:hip.extension"]),  # the joint word beats the segment word
    ("Flexes the leg at the knee.", ["ACTION:knee.flexion"]),
    ("Its primary actions are adduction and flexion of the thigh.", ["ACTION:hip.adduction", "ACTION:hip.flexion"]),
    ("Its actions include knee flexion, extension of the thigh at the hip, and medial rotation of the thigh",
     ["ACTION:knee.flexion", "ACTION:hip.extension", "ACTION:hip.medial_rotation"]),
    ("act to dorsiflex and invert the foot", ["ACTION:ankle.dorsiflexion", "ACTION:foot.inversion"]),
    ("Its action is to flex the lateral four toes.", ["ACTION:toes.flexion"]),
    ("function to externally rotate the lower limb", ["ACTION:hip.lateral_rotation"]),
    ("Passive dorsiflexion.", ["ACTION:ankle.dorsiflexion"]),
    # the one joint the sentence names, ahead of the motions
    ("At the hip joint, it acts as a flexor, abductor, and lateral rotator.",
     ["ACTION:hip.flexion", "ACTION:hip.abduction", "ACTION:hip.lateral_rotation"]),
])
def test_motion_gets_its_joint(text, expected):
    assert actions(text) == expected


def test_motion_without_joint():
    m = [m for m in v.analyze("Its primary function is lateral rotation.", "en").mentions if m.kind == "action"][0]
    assert (m.value_id, m.reason, m.method) == (None, "no_joint", "composed")
    assert actions("Its primary function is lateral rotation.", default_joint="hip") == ["ACTION:hip.lateral_rotation"]


def test_spatial_extend_is_not_knee_extension():
    assert "ACTION:knee.extension" not in actions("the plantar, extends two to four inches down from the knee")
    assert "ACTION:knee.extension" not in actions("a biarticular muscle extended from the back of the knee to the heel")


def test_ankle_flexion_or_extension_is_ambiguous():
    m = [m for m in v.analyze("extending the foot downward", "en").mentions if m.kind == "action"][0]
    assert m.value_id is None and m.reason == "ambiguous"
    assert set(m.candidates) == {"ACTION:ankle.plantarflexion", "ACTION:ankle.dorsiflexion"}


def test_motion_inside_a_muscle_name_is_not_an_action():
    assert actions("the flexor digitorum longus and the extensor hallucis longus") == []
    assert ids("the flexor digitorum longus") == ["TA98:A04.7.02.052"]


def test_action_label_and_kind():
    m = [m for m in v.analyze("plantar flexes foot", "en").mentions if m.kind == "action"][0]
    assert m.label == "ankle plantarflexion"
    assert v.kind("ACTION:hip.lateral_rotation") == "action" and v.kind("ACTION:elbow.teleport") is None
    assert v.label("ACTION:hip.lateral_rotation") == "hip lateral rotation"


# ---- resolve --------------------------------------------------------------------------------------------------

def test_resolve_exact_after_folding():
    for surface in ("Tibialis anterior", "the tibialis anterior muscle", "M. tibialis anterior", "TIBIALIS ANTERIOR"):
        m = v.resolve(surface, "en")
        assert (m.value_id, m.method) == ("TA98:A04.7.02.037", "exact"), surface
    assert v.resolve("Musculus gastrocnemius", "de").value_id == GASTROCNEMIUS
    assert v.resolve("  Gastrocnemius Muscle (Medial Head) ", "en").value_id == MEDIAL_HEAD


def test_resolve_fuzzy_typos():
    m = v.resolve("Tabialis anterior", "en")
    assert (m.value_id, m.method) == ("TA98:A04.7.02.037", "fuzzy")
    assert v.resolve("lateral condyle of femor", "en").value_id == FEMUR_LATERAL_CONDYLE
    m = v.resolve("posteior surface of calcaneus", "en")
    assert m.value_id == CALCANEUS and m.text == "calcaneus" and m.start == 20


def test_resolve_threshold_and_nothing():
    assert v.FUZZY_MIN_SCORE == 90
    assert v.resolve("xyzzy plugh", "en") is None
    assert v.resolve("", "en") is None
    assert v.resolve("Tbalis antr", "en") is None  # too far from anything


def test_resolve_kinds_and_subject():
    assert v.resolve("Medial head", "en").reason == "ambiguous"
    assert v.resolve("Medial head", "en", subject_id=GASTROCNEMIUS).value_id == MEDIAL_HEAD
    assert v.resolve("calcaneus", "en", {"muscle"}) is None
    assert v.resolve("tibial nerve from the sciatic", "en", {"nerve"}).value_id == "TA98:A14.2.07.058"


def test_resolve_offsets_into_surface():
    surface = "  Tibialis anterior "
    m = v.resolve(surface, "en")
    assert surface[m.start:m.end] == m.text == "Tibialis anterior"


# ---- lookups --------------------------------------------------------------------------------------------------

def test_label_parent_kind():
    assert v.label(GASTROCNEMIUS) == "Gastrocnemius"
    assert v.label(GASTROCNEMIUS, "la") == "Musculus gastrocnemius"
    assert v.label(GASTROCNEMIUS, "es") == "Músculo gastrocnemio"
    assert v.label(GASTROCNEMIUS, "de") is None
    assert v.parent(FEMUR_LATERAL_CONDYLE) == FEMUR and v.parent("TA98:A02.5.06.004") == "TA98:A02.5.06.001"
    assert v.parent(MEDIAL_HEAD) == GASTROCNEMIUS and v.parent(GASTROCNEMIUS) is None
    assert v.parent(CALCANEAL_TENDON) == "TA98:A04.7.02.043"  # triceps surae, not the soleus listed before it
    assert [v.kind(i) for i in (GASTROCNEMIUS, MEDIAL_HEAD, CALCANEAL_TENDON, FEMUR, FEMUR_LATERAL_CONDYLE)] == [
        "muscle", "muscle_part", "tendon", "bone", "bone_part"]
    assert v.kind("TA98:A12.2.16.037") == "artery" and v.kind("TA98:A14.2.07.058") == "nerve"
    assert v.kind("TA98:A04.7.01.006") == "compartment" and v.kind("TA98:A01.1.00.038") == "region"
    assert v.kind("TA98:Z99") is None and v.label("TA98:Z99") is None


def test_labels():
    found = v.labels(CALCANEAL_TENDON)
    assert ("en", "Calcaneal tendon", "vocabulary") in found
    assert ("la", "Tendo calcaneus", "latin") in found
    assert ("en", "Achilles tendon", "synonym") in found
    assert all(kind in {"vocabulary", "latin", "synonym"} for _, _, kind in found)
    assert not any("of the" in text for _, text, _ in v.labels(MEDIAL_HEAD))  # composites are not labels
    assert v.labels("ACTION:knee.flexion") == [("en", "knee flexion", "vocabulary")]


def test_unsupported_language_is_a_clear_error():
    for lang in ("ja", "zh"):
        with pytest.raises(v.UnsupportedLanguage, match="not installed"):
            v.analyze("腓腹筋", lang)


# ---- invariants ---------------------------------------------------------------------------------------------

def check_invariants(analysis: v.Analysis) -> None:
    previous_end = -1
    for m in analysis.mentions:
        assert analysis.text[m.start:m.end] == m.text
        assert m.start >= previous_end, "mentions overlap or are unsorted"
        previous_end = m.end
        assert (m.value_id is None) == (m.reason is not None)
        assert m.method in {"exact", "context", "fuzzy", "composed"}
        if m.value_id:
            assert m.label and (v.kind(m.value_id) == m.kind)
    for start, end in analysis.sentences:
        assert analysis.text[start:end].strip() == analysis.text[start:end] != ""


def test_invariants_on_a_paragraph():
    text = ("The gastrocnemius is located with the soleus in the superficial posterior compartment of the leg. "
            "It originates from the posterior (back) surfaces of the distal head of the femur.\n"
            "Insertion    tendon calcaneus (achilles tendon) into mid-posteior calcaneus\nAction plantar flexes foot")
    analysis = v.analyze(text, "en", subject_id=GASTROCNEMIUS)
    check_invariants(analysis)
    assert len(analysis.sentences) == 4  # a line break ends a sentence


# ---- data files -----------------------------------------------------------------------------------------------

def tsv(name: str) -> list[dict]:
    with open(VOCAB_DIR / name, encoding="utf-8") as fh:
        header = fh.readline()
        assert header.startswith("#")
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_anatomy_tsv_shape():
    rows = tsv("anatomy.tsv")
    assert list(rows[0]) == ["id", "parent_id", "kind", "language", "term", "term_kind"]
    known = {r["id"] for r in rows}
    assert all(r["parent_id"] in known for r in rows if r["parent_id"])
    assert {r["term_kind"] for r in rows} == {"preferred", "latin", "synonym", "composite"}
    assert {r["language"] for r in rows} == {"en", "la", "es"}
    assert not any("♀" in r["term"] or "♂" in r["term"] or r["term"].startswith("(") for r in rows)
    assert "ta98_terms.csv" in (VOCAB_DIR / "anatomy.tsv").read_text(encoding="utf-8").splitlines()[0]


def test_synonyms_refer_to_known_ids():
    known = {r["id"] for r in tsv("anatomy.tsv")}
    rows = tsv("synonyms.tsv")
    assert rows and all(r["id"] in known and r["kind"] in {"synonym", "adjective"} for r in rows)


def test_action_lexicon_is_consistent():
    data = yaml.safe_load((VOCAB_DIR / "actions.yaml").read_text(encoding="utf-8"))
    english = data["languages"]["en"]
    for motion in data["implied_joint"]:
        assert motion in english["motions"]
    for lang, lex in data["languages"].items():
        seen: dict[str, str] = {}
        for motion, forms in lex["motions"].items():
            for form in forms:
                assert seen.setdefault(str(form), motion) == motion, f"{lang}: {form!r} names two motions"


def test_anatomy_tsv_is_what_the_build_script_makes(tmp_path, monkeypatch):
    source = SHARED / "vocab" / "ta98_terms.csv"
    if not source.is_file():
        pytest.skip("../shared/vocab is not available")
    spec = importlib.util.spec_from_file_location("build_anatomy", VOCAB_DIR / "build_anatomy.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "OUTPUT", tmp_path / "anatomy.tsv")
    build.main(source)
    assert (tmp_path / "anatomy.tsv").read_bytes() == (VOCAB_DIR / "anatomy.tsv").read_bytes()


# ---- the development corpus (skipped when ../shared/corpus is absent) -----------------------------------------

CORPUS = SHARED / "corpus" / "jekyll-muscleatlas"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")


@needs_corpus
@pytest.mark.parametrize("text,expected", [
    ("The muscle originates from the soleal line of the tibia and proximal fibula", ["TA98:A02.5.06.015",
                                                                                     "TA98:A02.5.07.001"]),
    ("originates from the ischial tuberosity and attaches to the greater trochanter of the femur",
     ["TA98:A02.5.01.204", "TA98:A02.5.04.005"]),
    ("attach to the iliotibial tract and gluteal tuberosity of the femur", ["TA98:A04.7.03.003", "TA98:A02.5.04.017"]),
    ("inserts into the head of the fibula", ["TA98:A02.5.07.002"]),
    ("attaches to the medial tibial condyle", [TIBIA_MEDIAL_CONDYLE]),
    ("It originates from the lateral supracondylar line of the femur", ["TA98:A02.5.04.020"]),
    ("The lateral head of the gastrocnemius muscle originates from the lateral femoral condyle.",
     [LATERAL_HEAD, FEMUR_LATERAL_CONDYLE]),
    ("The long head of biceps femoris originates from the ischial tuberosity", ["TA98:A04.7.02.033",
                                                                               "TA98:A02.5.01.204"]),
])
def test_corpus_sentences(text, expected):
    assert all(sentence_id in ids(text) for sentence_id in expected), ids(text)
    corpus_text = " ".join(p.read_text(encoding="utf-8") for p in CORPUS.glob("*.md"))
    assert " ".join(text.split()[:6]) in " ".join(corpus_text.split())  # the sentence is really from the corpus


@needs_corpus
def test_invariants_on_the_corpus_pages():
    for path in sorted(CORPUS.glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        analysis = v.analyze(body, "en")
        check_invariants(analysis)
        for m in analysis.mentions:
            if m.kind == "action" and m.value_id:
                joint = m.value_id.split(":")[1].split(".")[0]
                assert v.kind(m.value_id) == "action", (path.name, m)
                assert joint != "neck", (path.name, m.text)  # no neck muscles on these pages


# ---- fuzzy matching by length band -----------------------------------------------------------------

def _extract_all(query, keys, cutoff, limit):
    from rapidfuzz import fuzz, process

    return [(key, score) for key, score, _ in process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=cutoff,
                                                                 limit=limit)]


@pytest.mark.parametrize("cutoff", [90, 75, 50.5])
def test_the_length_band_keeps_every_key_that_can_reach_the_cutoff(cutoff):
    from extractors.vocabulary import FuzzyChoices

    keys = ["x" * n for n in range(1, 200)]
    for length in range(1, 120):
        band = set(FuzzyChoices(keys).band(length, cutoff)[0])
        for key in keys:
            if 200 * min(length, len(key)) >= cutoff * (length + len(key)):
                assert key in band, (length, len(key))


def test_banded_extract_gives_what_scoring_every_key_gives():
    """Same keys, same scores, same order (ties by the keys' order) as process.extract over all keys."""
    from extractors.vocabulary import FUZZY_MIN_SCORE, _data

    for lang, queries in {"en": ["tibial tuberosty", "lateral epicondyl of humerus", "scapulla", "femur",
                                 "medial malleolus", "grater trochanter", "abcdefghij"],
                          "es": ["tuberosidad tibal", "húmero", "escapula"],
                          "de": ["Oberschenkelknochen", "Schulterblat"]}.items():
        choices = _data().fuzzy_choices(lang)
        for query in queries:
            for cutoff in (FUZZY_MIN_SCORE, 70):
                assert choices.extract(query, cutoff, 10) == _extract_all(query, choices.keys, cutoff, 10), query
