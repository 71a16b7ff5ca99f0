"""Issue 4: one code path for every language, languages as data (schemas/lang/*.yaml, schemas/vocab/*).

Pages of the same kind in French, Italian and Portuguese give the identifiers of their English equivalent
(tests/fixtures/multilingual, written for musculus); the relation patterns read the same facts from prose in
each language; claims carry the language of their block.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from extractors.discover import discover
from extractors.evaluation import PARALLEL_FIELDS, parallel_agreement
from extractors.model import SourceItem
from extractors.pipeline import run_tables
from extractors.process import process_item

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "multilingual"
SOLEUS = "TA98:A04.7.02.047"
HEAD_OF_FIBULA, TIBIA_POSTERIOR_SURFACE = "TA98:A02.5.07.002", "TA98:A02.5.06.014"
CALCANEUS, CALCANEAL_TENDON, TIBIAL_NERVE = "TA98:A02.5.11.001", "TA98:A04.7.02.048", "TA98:A14.2.07.058"
PLANTARFLEXION = "ACTION:ankle.plantarflexion"


@pytest.fixture(scope="module")
def tables():
    return run_tables(discover(FIXTURES))


def _values(tables) -> dict[tuple[str, str], dict[str, set[str]]]:
    where = {d["doc_id"]: tuple(d["path"].split("/", 1)) for d in tables["documents"]}
    found: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for claim in tables["claims"]:
        if claim["value_id"] and claim["field"] in PARALLEL_FIELDS:
            found[where[claim["doc_id"]]][claim["field"]].add(claim["value_id"])
    return found


@pytest.mark.parametrize("lang", ["fr", "it", "pt"])
def test_pages_give_the_identifiers_of_their_english_equivalent(tables, lang):
    found = _values(tables)
    pages = sorted(p.name for p in (FIXTURES / "en").glob("*.html"))
    for page in pages:
        english = found[("en", page)]
        assert set(english) == set(PARALLEL_FIELDS), (page, sorted(english))  # the English page states them all
        for field in PARALLEL_FIELDS:
            assert found[(lang, page)][field] == english[field], (lang, page, field)


def test_agreement_figures_on_the_fixtures(tables):
    result = parallel_agreement(tables, "en")
    assert sorted(result) == ["fr", "it", "pt"]
    for per_field in result.values():
        assert (per_field["all"].coverage, per_field["all"].jaccard) == (1.0, 1.0)
        assert per_field["all"].pairs == 4 * len(PARALLEL_FIELDS)


def test_undeclared_pages_are_detected_and_claims_carry_their_language(tables):
    language = {d["doc_id"]: d["language"] for d in tables["documents"]}
    for doc in tables["documents"]:
        assert doc["language"] == doc["path"].split("/")[0], doc["path"]
    assert all(c["language"] == language[c["doc_id"]] for c in tables["claims"])


def test_head_names_qualify_claims_in_every_language(tables):
    where = {d["doc_id"]: d["path"] for d in tables["documents"]}
    for lang in ("en", "fr", "it", "pt"):
        qualified = {q for c in tables["claims"] if where[c["doc_id"]] == f"{lang}/biceps-femoris.html"
                     for q in c["qualifier"]}
        assert {"part:TA98:A04.7.02.033", "part:TA98:A04.7.02.034"} <= qualified, lang  # long and short head


# ---- prose: relation patterns per language ---------------------------------------------------------------------

PROSE = {
    "en": ("Soleus muscle", "The soleus muscle arises from the head of the fibula and the posterior surface of the "
           "tibia. It inserts on the calcaneus through the Achilles tendon. It is innervated by the tibial nerve. "
           "Its function is plantar flexion of the foot."),
    "de": ("Musculus soleus", "Der Musculus soleus entspringt am Wadenbeinkopf und an der Hinterfläche des "
           "Schienbeins. Er setzt über die Achillessehne am Fersenbein an. Er wird vom Nervus tibialis innerviert. "
           "Seine Funktion ist die Plantarflexion des Fußes."),
    "es": ("Músculo sóleo", "El músculo sóleo se origina en la cabeza del peroné y en la cara posterior de la tibia. "
           "Se inserta en el calcáneo mediante el tendón de Aquiles. Está inervado por el nervio tibial. Su función "
           "es la flexión plantar del pie."),
    "fr": ("Muscle soléaire", "Le muscle soléaire prend son origine sur la tête de la fibula et la face postérieure "
           "du tibia. Il s'insère sur le calcanéus par le tendon calcanéen. Il est innervé par le nerf tibial. Sa "
           "fonction est la flexion plantaire du pied."),
    "it": ("Muscolo soleo", "Il muscolo soleo origina dalla testa della fibula e dalla faccia posteriore della tibia. "
           "Si inserisce sul calcagno tramite il tendine d'Achille. È innervato dal nervo tibiale. La sua funzione è "
           "la flessione plantare del piede."),
    "pt": ("Músculo sóleo", "O músculo sóleo origina-se na cabeça da fíbula e na face posterior da tíbia. Insere-se "
           "no calcâneo pelo tendão calcâneo. É inervado pelo nervo tibial. Sua função é a flexão plantar do pé."),
    "da": ("Flyndermusklen", "Flyndermusklen udspringer fra lægbenshovedet og skinnebenets bagside. Den hæfter på "
           "hælbenet via akillessenen. Den innerveres af skinnebensnerven. Dens funktion er plantarfleksion i "
           "ankelleddet."),
}
EXPECTED = {
    "origin": {HEAD_OF_FIBULA, TIBIA_POSTERIOR_SURFACE},
    "insertion": {CALCANEUS, CALCANEAL_TENDON},
    "nerve": {TIBIAL_NERVE},
    "action": {PLANTARFLEXION},
}


def _page(lang: str, declared: bool) -> bytes:
    title, text = PROSE[lang]
    attribute = f' lang="{lang}"' if declared else ""
    return f"<html{attribute}><body><article><h1>{title}</h1><p>{text}</p></article></body></html>".encode()


@pytest.mark.parametrize("lang", sorted(PROSE))
@pytest.mark.parametrize("declared", [True, False], ids=["declared", "detected"])
def test_relation_patterns_read_the_same_facts_from_prose(lang, declared):
    result = process_item(SourceItem(f"soleus-{lang}.html", _page(lang, declared)))
    document = result.documents[0]
    assert (document["language"], document["about_id"]) == (lang, SOLEUS)
    found: dict[str, set[str]] = defaultdict(set)
    for claim in result.claims:
        if claim["value_id"]:
            found[claim["field"]].add(claim["value_id"])
        assert claim["language"] == lang
        assert claim["rule_id"].startswith(f"{lang}."), claim["rule_id"]  # the language's own patterns
    for field, values in EXPECTED.items():
        assert values <= found[field], (lang, field, found[field])
    assert not any(v.startswith("TA98:A14") for v in found["origin"] | found["insertion"])


def test_german_verb_last_patterns_read_values_before_the_verb():
    result = process_item(SourceItem("soleus-de.html", _page("de", True)))
    rules = {c["rule_id"] for c in result.claims if c["field"] == "nerve"}
    assert rules == {"de.nerve.innerviert_verb_last"}


def test_latin_field_labels():
    page = ("<html lang='la'><body><article><h1>Musculus soleus</h1><p><i>Origo:</i> Caput fibulae<br>"
            "<i>Insertio:</i> Tendo calcaneus<br><i>Innervatio:</i> Nervus tibialis</p></article></body></html>")
    result = process_item(SourceItem("soleus-la.html", page.encode()))
    found = {(c["field"], c["value_id"], c["rule_id"]) for c in result.claims}
    assert found >= {("origin", HEAD_OF_FIBULA, "la.label.origin"),
                     ("insertion", CALCANEAL_TENDON, "la.label.insertion"),
                     ("nerve", TIBIAL_NERVE, "la.label.nerve")}
