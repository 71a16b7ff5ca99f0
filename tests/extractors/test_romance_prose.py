"""Issue 13: French, Italian and Portuguese field labels, relation patterns and movement terms, general enough for
prose no rule was fitted to (schemas/lang/{fr,it,pt}.yaml, the fr/it/pt sections of schemas/vocab/actions.yaml).

Every sentence here was written for this test (none is quoted from a page), through process_item as in
test_prose_rules.py. The anatomical terms of the languages are still being extended (the bridge to the TA98
terms), so the relation tests assert a claim's field and rule id and the words of its value, and its identifier
only where the value is a word that is the same in Latin or English (tibia, fibula, fémur, humérus, sacrum, ...);
movements are this lexicon's own identifiers and are asserted exactly.
"""
from __future__ import annotations

import pytest

from extractors.model import SourceItem
from extractors.process import process_item

TIBIA, FIBULA, FEMUR, HUMERUS = "TA98:A02.5.06.001", "TA98:A02.5.07.001", "TA98:A02.5.04.001", "TA98:A02.4.04.001"
SACRUM, COCCYX, ILIUM, ACROMION = "TA98:A02.2.05.001", "TA98:A02.2.06.001", "TA98:A02.5.01.101", "TA98:A02.4.01.009"
RADIUS, ULNA, SCAPULA = "TA98:A02.4.05.001", "TA98:A02.4.06.001", "TA98:A02.4.01.001"

SOLEUS = {"fr": "Muscle soléaire", "it": "Muscolo soleo", "pt": "Músculo sóleo"}
GLUTEUS_MAXIMUS = {"fr": "Muscle grand fessier", "it": "Muscolo grande gluteo", "pt": "Músculo glúteo máximo"}
DELTOID = {"fr": "Muscle deltoïde", "it": "Muscolo deltoide", "pt": "Músculo deltoide"}
ACTION_LABEL = {"fr": "Action", "it": "Azione", "pt": "Ação"}


def _claims(lang: str, title: str, body: str) -> list[dict]:
    """The claims of a one-page HTML page in ``lang`` (declared) with this title and body."""
    page = (f"<html lang='{lang}'><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}"
            f"</article></body></html>")
    result = process_item(SourceItem(f"page-{lang}.html", page.encode("utf-8")))
    assert result.documents[0]["status"] == "ok", result.documents[0]
    assert result.documents[0]["language"] == lang
    return result.claims


def _prose(lang: str, title: str, sentence: str) -> list[dict]:
    return _claims(lang, title, f"<p>{sentence}</p>")


def _actions(rows: list[dict]) -> set[str]:
    return {c["value_id"] for c in rows if c["field"] == "action" and c["value_id"]}


# ---- field labels -------------------------------------------------------------------------------------------------

VALUES = {  # a value of each field that resolves in each language today
    "fr": {"origin": "tibia", "insertion": "fibula", "nerve": "nerf tibial", "artery": "artère poplitée",
           "action": "flexion du genou", "nerve_root": "L5, S1"},
    "it": {"origin": "tibia", "insertion": "fibula", "nerve": "nervo tibiale", "artery": "arteria poplitea",
           "action": "flessione del ginocchio", "nerve_root": "L5, S1"},
    "pt": {"origin": "tíbia", "insertion": "fíbula", "nerve": "nervo tibial", "artery": "artéria poplítea",
           "action": "flexão do joelho", "nerve_root": "L5, S1"},
}
LABELS = [
    ("fr", "Origine", "origin"), ("fr", "Origines", "origin"), ("fr", "Insertion proximale", "origin"),
    ("fr", "Insertions proximales", "origin"), ("fr", "Insertion d'origine", "origin"),
    ("fr", "Terminaison", "insertion"), ("fr", "Insertion", "insertion"), ("fr", "Insertion distale", "insertion"),
    ("fr", "Insertion terminale", "insertion"), ("fr", "Insertions terminales", "insertion"),
    ("fr", "Innervation", "nerve"), ("fr", "Nerf", "nerve"), ("fr", "Nerf moteur", "nerve"),
    ("fr", "Vascularisation", "artery"), ("fr", "Vascularisation artérielle", "artery"),
    ("fr", "Vascularisation arterielle", "artery"), ("fr", "Irrigation", "artery"), ("fr", "Artères", "artery"),
    ("fr", "Action", "action"), ("fr", "Actions", "action"), ("fr", "Fonction", "action"),
    ("fr", "Fonctions", "action"), ("fr", "Rôle", "action"), ("fr", "Role", "action"),
    ("fr", "Racines", "nerve_root"), ("fr", "Innervation radiculaire", "nerve_root"),
    ("it", "Origine", "origin"), ("it", "Origini", "origin"), ("it", "Inserzione prossimale", "origin"),
    ("it", "Inserzione", "insertion"), ("it", "Inserzioni", "insertion"), ("it", "Inserzione distale", "insertion"),
    ("it", "Inserzione terminale", "insertion"), ("it", "Terminazione", "insertion"),
    ("it", "Innervazione", "nerve"), ("it", "Nervo", "nerve"),
    ("it", "Vascolarizzazione", "artery"), ("it", "Irrorazione", "artery"), ("it", "Irrorazione arteriosa", "artery"),
    ("it", "Apporto sanguigno", "artery"), ("it", "Arterie", "artery"),
    ("it", "Azione", "action"), ("it", "Azioni", "action"), ("it", "Funzione", "action"), ("it", "Funzioni", "action"),
    ("it", "Radici", "nerve_root"), ("it", "Segmenti midollari", "nerve_root"),
    ("pt", "Origem", "origin"), ("pt", "Origens", "origin"), ("pt", "Inserção proximal", "origin"),
    ("pt", "Fixação proximal", "origin"), ("pt", "Inserção", "insertion"), ("pt", "Insercao", "insertion"),
    ("pt", "Inserções", "insertion"), ("pt", "Inserção distal", "insertion"), ("pt", "Fixação distal", "insertion"),
    ("pt", "Inervação", "nerve"), ("pt", "Inervacao", "nerve"), ("pt", "Nervo", "nerve"),
    ("pt", "Vascularização", "artery"), ("pt", "Irrigação", "artery"), ("pt", "Irrigacao", "artery"),
    ("pt", "Irrigação arterial", "artery"), ("pt", "Suprimento sanguíneo", "artery"),
    ("pt", "Ação", "action"), ("pt", "Acao", "action"), ("pt", "Ações", "action"), ("pt", "Acção", "action"),
    ("pt", "Função", "action"), ("pt", "Funcao", "action"), ("pt", "Funções", "action"),
    ("pt", "Raízes", "nerve_root"), ("pt", "Segmentos medulares", "nerve_root"),
]


@pytest.mark.parametrize(("lang", "label", "field"), LABELS)
def test_field_labels(lang, label, field):
    rows = _claims(lang, SOLEUS[lang], f"<p><i>{label}:</i> {VALUES[lang][field]}</p>")
    fields = {(c["field"], c["rule_id"].split(".", 1)[1]) for c in rows if c["value_id"]}
    assert (field, f"label.{field}") in fields, rows


# ---- relation patterns in prose -----------------------------------------------------------------------------------

# (language, page title, sentence, field, rule id, words of the value, identifier or None)
RELATIONS = [
    # French
    ("fr", SOLEUS, "Le muscle soléaire prend son origine sur la fibula.", "origin", "fr.origin.prend_origine",
     "fibula", FIBULA),
    ("fr", SOLEUS, "Il naît de la face postérieure du tibia.", "origin", "fr.origin.prend_origine", "tibia", None),
    ("fr", SOLEUS, "Il prend origine à la fibula.", "origin", "fr.origin.prend_origine", "fibula", FIBULA),
    ("fr", SOLEUS, "Son origine se situe sur le tibia.", "origin", "fr.origin.origine", "tibia", TIBIA),
    ("fr", SOLEUS, "Ses fibres proviennent de la fibula.", "origin", "fr.origin.provient", "fibula", FIBULA),
    ("fr", SOLEUS, "Il s'insère en haut sur la fibula.", "origin", "fr.origin.insertion_haute", "fibula", FIBULA),
    ("fr", SOLEUS, "Son insertion proximale se fait sur le tibia.", "origin", "fr.origin.insertion_haute", "tibia",
     TIBIA),
    ("fr", GLUTEUS_MAXIMUS, "Il s'insère sur le fémur.", "insertion", "fr.insertion.s_insere", "fémur", FEMUR),
    ("fr", GLUTEUS_MAXIMUS, "Ses faisceaux viennent s'insérer sur le fémur.", "insertion", "fr.insertion.s_insere",
     "fémur", FEMUR),
    ("fr", DELTOID, "Il est inséré sur l'humérus.", "insertion", "fr.insertion.s_insere", "humérus", HUMERUS),
    ("fr", GLUTEUS_MAXIMUS, "Il se termine sur le fémur.", "insertion", "fr.insertion.se_termine", "fémur", FEMUR),
    ("fr", GLUTEUS_MAXIMUS, "Son insertion distale est le fémur.", "insertion", "fr.insertion.insertion", "fémur",
     FEMUR),
    ("fr", SOLEUS, "Il s'insère en haut sur le tibia, en bas sur le calcanéus.", "insertion", "fr.insertion.en_bas",
     "calcan", None),
    ("fr", SOLEUS, "Il est innervé par le nerf tibial.", "nerve", "fr.nerve.innerve", "tibial", None),
    ("fr", SOLEUS, "L'innervation provient du nerf tibial.", "nerve", "fr.nerve.innerve", "tibial", None),
    ("fr", SOLEUS, "Le nerf tibial innerve ce muscle.", "nerve", "fr.nerve.innerve_actif", "tibial", None),
    ("fr", SOLEUS, "Il est sous la dépendance du nerf tibial.", "nerve", "fr.nerve.dependance", "tibial", None),
    ("fr", SOLEUS, "Il reçoit des rameaux du nerf tibial.", "nerve", "fr.nerve.rameaux", "tibial", None),
    ("fr", SOLEUS, "Il est vascularisé par l'artère poplitée.", "artery", "fr.artery.vascularise", "poplit", None),
    ("fr", SOLEUS, "Il est irrigué par l'artère tibiale postérieure.", "artery", "fr.artery.vascularise", "tibiale",
     None),
    ("fr", SOLEUS, "La vascularisation provient de l'artère poplitée.", "artery", "fr.artery.vascularise", "poplit",
     None),
    ("fr", SOLEUS, "L'artère poplitée irrigue sa partie haute.", "artery", "fr.artery.irrigue_actif", "poplit", None),
    ("fr", SOLEUS, "Il reçoit des branches de l'artère poplitée.", "artery", "fr.artery.rameaux", "poplit", None),
    ("fr", SOLEUS, "Sa fonction est la flexion plantaire du pied.", "action", "fr.action.fonction", "flexion plantaire",
     "ACTION:ankle.plantarflexion"),
    ("fr", DELTOID, "Il permet l'abduction du bras.", "action", "fr.action.responsable", "abduction",
     "ACTION:shoulder.abduction"),
    ("fr", GLUTEUS_MAXIMUS, "Il produit l'extension de la hanche.", "action", "fr.action.produit", "extension",
     "ACTION:hip.extension"),
    ("fr", GLUTEUS_MAXIMUS, "C'est un puissant extenseur de la cuisse.", "action", "fr.action.agent_noun", "extenseur",
     "ACTION:hip.extension"),
    ("fr", GLUTEUS_MAXIMUS, "Il étend la cuisse sur le bassin.", "action", "fr.action.verb", "étend",
     "ACTION:hip.extension"),
    ("fr", DELTOID, "Il porte le bras en abduction.", "action", "fr.action.verb", "abduction",
     "ACTION:shoulder.abduction"),
    ("fr", GLUTEUS_MAXIMUS, "Il participe à la rotation de la cuisse en dehors.", "action", "fr.action.responsable",
     "rotation", "ACTION:hip.lateral_rotation"),
    # Italian
    ("it", SOLEUS, "Il muscolo soleo origina dalla fibula.", "origin", "it.origin.origina", "fibula", FIBULA),
    ("it", SOLEUS, "Prende origine dalla tibia.", "origin", "it.origin.nasce", "tibia", TIBIA),
    ("it", SOLEUS, "Nasce dalla faccia posteriore della tibia.", "origin", "it.origin.nasce", "tibia", None),
    ("it", SOLEUS, "Le sue fibre partono dalla fibula.", "origin", "it.origin.nasce", "fibula", FIBULA),
    ("it", SOLEUS, "L'inserzione prossimale è sulla tibia.", "origin", "it.origin.inserzione_prossimale", "tibia",
     TIBIA),
    ("it", GLUTEUS_MAXIMUS, "Si inserisce sul femore.", "insertion", "it.insertion.si_inserisce", "femore", FEMUR),
    ("it", GLUTEUS_MAXIMUS, "I suoi fasci vanno a inserirsi sul femore.", "insertion", "it.insertion.si_inserisce",
     "femore", FEMUR),
    ("it", GLUTEUS_MAXIMUS, "Termina sul femore.", "insertion", "it.insertion.termina", "femore", FEMUR),
    ("it", DELTOID, "La sua inserzione è sull'omero.", "insertion", "it.insertion.si_inserisce", "omero", HUMERUS),
    ("it", SOLEUS, "È innervato dal nervo tibiale.", "nerve", "it.nerve.innervato", "tibiale", None),
    ("it", SOLEUS, "Riceve l'innervazione dal nervo tibiale.", "nerve", "it.nerve.innervato", "tibiale", None),
    ("it", SOLEUS, "L'innervazione deriva dal nervo tibiale.", "nerve", "it.nerve.innervato", "tibiale", None),
    ("it", SOLEUS, "Il nervo tibiale innerva questo muscolo.", "nerve", "it.nerve.innerva_attivo", "tibiale", None),
    ("it", SOLEUS, "Riceve rami del nervo tibiale.", "nerve", "it.nerve.rami", "tibiale", None),
    ("it", SOLEUS, "È irrorato dall'arteria poplitea.", "artery", "it.artery.irrorato", "poplitea", None),
    ("it", SOLEUS, "È vascolarizzato dall'arteria tibiale posteriore.", "artery", "it.artery.irrorato", "tibiale",
     None),
    ("it", SOLEUS, "L'arteria poplitea irrora la sua parte alta.", "artery", "it.artery.irrora_attivo", "poplitea",
     None),
    ("it", SOLEUS, "La sua funzione è la flessione plantare del piede.", "action", "it.action.funzione",
     "flessione plantare", "ACTION:ankle.plantarflexion"),
    ("it", DELTOID, "Permette l'abduzione del braccio.", "action", "it.action.responsabile", "abduzione",
     "ACTION:shoulder.abduction"),
    ("it", GLUTEUS_MAXIMUS, "Determina l'estensione dell'anca.", "action", "it.action.produce", "estensione",
     "ACTION:hip.extension"),
    ("it", GLUTEUS_MAXIMUS, "È un potente estensore della coscia.", "action", "it.action.agent_noun", "estensore",
     "ACTION:hip.extension"),
    ("it", GLUTEUS_MAXIMUS, "Estende la coscia sul bacino.", "action", "it.action.verb", "Estende",
     "ACTION:hip.extension"),
    ("it", DELTOID, "Abduce il braccio.", "action", "it.action.verb", "Abduce", "ACTION:shoulder.abduction"),
    # Portuguese
    ("pt", SOLEUS, "O músculo sóleo origina-se na fíbula.", "origin", "pt.origin.origina", "fíbula", FIBULA),
    ("pt", SOLEUS, "Ele se origina na tíbia.", "origin", "pt.origin.origina", "tíbia", TIBIA),
    ("pt", SOLEUS, "Tem origem na face posterior da tíbia.", "origin", "pt.origin.origina", "tíbia", None),
    ("pt", SOLEUS, "Nasce da fíbula.", "origin", "pt.origin.nasce", "fíbula", FIBULA),
    ("pt", SOLEUS, "Sua origem é a fíbula.", "origin", "pt.origin.origem", "fíbula", FIBULA),
    ("pt", SOLEUS, "A inserção proximal é na tíbia.", "origin", "pt.origin.insercao_proximal", "tíbia", TIBIA),
    ("pt", GLUTEUS_MAXIMUS, "Insere-se no fêmur.", "insertion", "pt.insertion.insere", "fêmur", FEMUR),
    ("pt", GLUTEUS_MAXIMUS, "Ele se insere no fêmur.", "insertion", "pt.insertion.insere", "fêmur", FEMUR),
    ("pt", GLUTEUS_MAXIMUS, "Tem inserção no fêmur.", "insertion", "pt.insertion.insere", "fêmur", FEMUR),
    ("pt", GLUTEUS_MAXIMUS, "Termina no fêmur.", "insertion", "pt.insertion.termina", "fêmur", FEMUR),
    ("pt", GLUTEUS_MAXIMUS, "Ele se termina no fêmur.", "insertion", "pt.insertion.termina", "fêmur", FEMUR),
    ("pt", DELTOID, "Fixa-se no úmero.", "insertion", "pt.insertion.termina", "úmero", HUMERUS),
    ("pt", SOLEUS, "É inervado pelo nervo tibial.", "nerve", "pt.nerve.inervado", "tibial", None),
    ("pt", SOLEUS, "A inervação provém do nervo tibial.", "nerve", "pt.nerve.inervado", "tibial", None),
    ("pt", SOLEUS, "O nervo tibial inerva este músculo.", "nerve", "pt.nerve.inerva_ativo", "tibial", None),
    ("pt", SOLEUS, "Recebe ramos do nervo tibial.", "nerve", "pt.nerve.ramos", "tibial", None),
    ("pt", SOLEUS, "É irrigado pela artéria poplítea.", "artery", "pt.artery.irrigado", "poplítea", None),
    ("pt", SOLEUS, "É vascularizado pela artéria tibial posterior.", "artery", "pt.artery.irrigado", "tibial", None),
    ("pt", SOLEUS, "A artéria poplítea irriga a sua parte alta.", "artery", "pt.artery.irriga_ativo", "poplítea",
     None),
    ("pt", SOLEUS, "Sua função é a flexão plantar do pé.", "action", "pt.action.funcao", "flexão plantar",
     "ACTION:ankle.plantarflexion"),
    ("pt", DELTOID, "Permite a abdução do braço.", "action", "pt.action.responsavel", "abdução",
     "ACTION:shoulder.abduction"),
    ("pt", GLUTEUS_MAXIMUS, "Promove a extensão do quadril.", "action", "pt.action.produz", "extensão",
     "ACTION:hip.extension"),
    ("pt", GLUTEUS_MAXIMUS, "É um potente extensor da coxa.", "action", "pt.action.agent_noun", "extensor",
     "ACTION:hip.extension"),
    ("pt", GLUTEUS_MAXIMUS, "Estende a coxa sobre a pelve.", "action", "pt.action.verb", "Estende",
     "ACTION:hip.extension"),
    ("pt", DELTOID, "Abduz o braço.", "action", "pt.action.verb", "Abduz", "ACTION:shoulder.abduction"),
]


@pytest.mark.parametrize(("lang", "title", "sentence", "field", "rule_id", "words", "value_id"), RELATIONS,
                         ids=[f"{r[4]}:{r[2][:40]}" for r in RELATIONS])
def test_relation_patterns(lang, title, sentence, field, rule_id, words, value_id):
    rows = _prose(lang, title[lang], sentence)
    assert all(c["rule_id"].startswith(f"{lang}.") for c in rows), rows  # the language's own patterns
    found = [c for c in rows if c["field"] == field and c["rule_id"] == rule_id and words in c["value_text"]]
    assert found, rows
    if value_id is not None:
        assert value_id in {c["value_id"] for c in found}, found


# ---- what the patterns do not read ---------------------------------------------------------------------------------

def _fields(rows: list[dict]) -> set[str]:
    return {c["field"] for c in rows if c["value_id"]}


@pytest.mark.parametrize(("lang", "sentence"), [
    ("fr", "Il s'insère en haut sur le tibia et la fibula."),  # the upper attachment of classical French anatomy
    ("fr", "Ses insertions proximales sont le tibia et la fibula."),
    ("it", "L'inserzione prossimale è sulla tibia e sulla fibula."),
    ("it", "Le inserzioni d'origine sono la tibia e la fibula."),
    ("pt", "A inserção proximal é na tíbia e na fíbula."),
    ("pt", "As fixações proximais são a tíbia e a fíbula."),
])
def test_a_proximal_insertion_is_an_origin_not_an_insertion(lang, sentence):
    rows = _prose(lang, SOLEUS[lang], sentence)
    assert {c["value_id"] for c in rows if c["field"] == "origin"} == {TIBIA, FIBULA}
    assert "insertion" not in _fields(rows)


@pytest.mark.parametrize(("lang", "sentence"), [
    ("fr", "L'innervation provient du nerf tibial."),
    ("fr", "La vascularisation provient de l'artère poplitée."),
    ("it", "L'innervazione deriva dal nervo tibiale."),
    ("it", "La vascolarizzazione proviene dall'arteria poplitea."),
    ("pt", "A inervação provém do nervo tibial."),
    ("pt", "A irrigação provém da artéria poplítea."),
])
def test_where_a_nerve_or_artery_comes_from_is_no_origin(lang, sentence):
    rows = _prose(lang, SOLEUS[lang], sentence)
    assert len(_fields(rows) & {"nerve", "artery"}) == 1, rows
    assert "origin" not in _fields(rows)


@pytest.mark.parametrize(("lang", "sentence"), [
    ("it", "Si inserisce sulla parte posteriore del calcagno."),  # "parte" the noun, not the verb
    ("pt", "Insere-se na parte posterior do calcâneo."),
])
def test_the_noun_part_is_no_origin(lang, sentence):
    rows = _prose(lang, SOLEUS[lang], sentence)
    assert _fields(rows) == {"insertion"}, rows


@pytest.mark.parametrize(("lang", "sentence"), [
    ("fr", "Il ne s'insère pas sur le fémur."),
    ("it", "Non si inserisce sul femore."),
    ("pt", "Não se insere no fêmur."),
])
def test_a_negated_attachment_is_no_claim(lang, sentence):
    assert _fields(_prose(lang, SOLEUS[lang], sentence)) == set()


@pytest.mark.parametrize(("lang", "sentence", "ours"), [
    ("fr", "Le gastrocnémien s'insère sur le calcanéus.", False),  # another muscle is the actor
    ("fr", "Le tendon du gastrocnémien s'insère sur le calcanéus.", False),
    ("fr", "Il est situé sous le gastrocnémien, qui s'insère sur le calcanéus.", False),  # its relative clause
    ("fr", "Avec le gastrocnémien, il s'insère sur le calcanéus.", True),  # a muscle a preposition governs
    ("fr", "Il est plus profond que le gastrocnémien et s'insère sur le calcanéus.", True),
    ("it", "Il gastrocnemio si inserisce sul calcagno.", False),
    ("it", "Il tendine del gastrocnemio si inserisce sul calcagno.", False),
    ("it", "Si trova sotto il gastrocnemio, che si inserisce sul calcagno.", False),
    ("it", "Insieme al gastrocnemio, si inserisce sul calcagno.", True),
    ("it", "È più profondo del gastrocnemio e si inserisce sul calcagno.", True),
    ("pt", "O gastrocnêmio insere-se no calcâneo.", False),
    ("pt", "O tendão do gastrocnêmio insere-se no calcâneo.", False),
    ("pt", "Situa-se sob o gastrocnêmio, que se insere no calcâneo.", False),
    ("pt", "Junto com o gastrocnêmio, insere-se no calcâneo.", True),
    ("pt", "É mais profundo que o gastrocnêmio e insere-se no calcâneo.", True),
])
def test_whose_attachment_a_sentence_names(lang, sentence, ours):
    assert ("insertion" in _fields(_prose(lang, SOLEUS[lang], sentence))) is ours


@pytest.mark.parametrize(("lang", "sentence"), [
    ("fr", "Il s'étend du sacrum au fémur et participe à la stabilité."),  # its course, not an extension
    ("it", "Si estende dal sacro al femore e partecipa alla stabilità."),
    ("pt", "Ele se estende do sacro ao fêmur e participa da estabilidade."),
    ("pt", "Estende-se do sacro ao fêmur e participa da estabilidade."),
])
def test_the_course_of_a_muscle_is_no_extension(lang, sentence):
    rows = _prose(lang, GLUTEUS_MAXIMUS[lang], sentence)
    assert [c for c in rows if c["field"] == "action"] == [], rows


# ---- movements ------------------------------------------------------------------------------------------------------

MOVEMENTS = [
    # French
    ("fr", "rotation latérale de la cuisse", {"ACTION:hip.lateral_rotation"}),
    ("fr", "rotation médiale du bras", {"ACTION:shoulder.medial_rotation"}),
    ("fr", "rotation externe de l'épaule", {"ACTION:shoulder.lateral_rotation"}),
    ("fr", "rotation interne de la hanche", {"ACTION:hip.medial_rotation"}),
    ("fr", "rotation de la cuisse en dehors", {"ACTION:hip.lateral_rotation"}),
    ("fr", "flexion du coude", {"ACTION:elbow.flexion"}),
    ("fr", "extension du genou", {"ACTION:knee.extension"}),
    ("fr", "flexion de la jambe sur la cuisse", {"ACTION:knee.flexion"}),
    ("fr", "flexion plantaire du pied", {"ACTION:ankle.plantarflexion"}),
    ("fr", "flexion dorsale de la cheville", {"ACTION:ankle.dorsiflexion"}),
    ("fr", "flexion dorsale et inversion du pied", {"ACTION:ankle.dorsiflexion", "ACTION:foot.inversion"}),
    ("fr", "éversion du pied", {"ACTION:foot.eversion"}),
    ("fr", "abduction et rotation médiale du bras", {"ACTION:shoulder.abduction", "ACTION:shoulder.medial_rotation"}),
    ("fr", "adduction de la cuisse", {"ACTION:hip.adduction"}),
    ("fr", "pronation de l'avant-bras", {"ACTION:elbow.pronation"}),
    ("fr", "supination de l'avant-bras", {"ACTION:elbow.supination"}),
    ("fr", "inclinaison latérale du tronc", {"ACTION:trunk.lateral_flexion"}),
    ("fr", "extension de la colonne vertébrale", {"ACTION:trunk.extension"}),
    ("fr", "rotation de la tête du côté opposé", {"ACTION:neck.rotation"}),
    ("fr", "élévation de la scapula", {"ACTION:scapula.elevation"}),
    ("fr", "rétraction de l'omoplate", {"ACTION:scapula.retraction"}),
    ("fr", "haussement des épaules", {"ACTION:scapula.elevation"}),
    ("fr", "antépulsion du moignon de l'épaule", {"ACTION:scapula.protraction"}),
    ("fr", "abaissement de la mandibule", {"ACTION:mandible.depression"}),
    ("fr", "propulsion de la mâchoire", {"ACTION:mandible.protraction"}),
    ("fr", "antépulsion du bras", {"ACTION:shoulder.flexion"}),
    ("fr", "rétropulsion de l'épaule", {"ACTION:shoulder.extension"}),
    ("fr", "circumduction de l'épaule", {"ACTION:shoulder.circumduction"}),
    ("fr", "opposition du pouce", {"ACTION:thumb.opposition"}),
    ("fr", "flexion des doigts", {"ACTION:fingers.flexion"}),
    ("fr", "extension des orteils", {"ACTION:toes.extension"}),
    ("fr", "flexion du gros orteil", {"ACTION:great_toe.flexion"}),
    ("fr", "extension du poignet", {"ACTION:wrist.extension"}),
    ("fr", "fléchisseur de l'avant-bras", {"ACTION:elbow.flexion"}),
    ("fr", "flexion du genou, extension de la hanche", {"ACTION:knee.flexion", "ACTION:hip.extension"}),
    ("fr", "flexion plantaire et flexion du genou", {"ACTION:ankle.plantarflexion", "ACTION:knee.flexion"}),
    # Italian
    ("it", "rotazione laterale della coscia", {"ACTION:hip.lateral_rotation"}),
    ("it", "rotazione mediale del braccio", {"ACTION:shoulder.medial_rotation"}),
    ("it", "extrarotazione della spalla", {"ACTION:shoulder.lateral_rotation"}),
    ("it", "intrarotazione dell'anca", {"ACTION:hip.medial_rotation"}),
    ("it", "rotazione della coscia verso l'esterno", {"ACTION:hip.lateral_rotation"}),
    ("it", "flessione del gomito", {"ACTION:elbow.flexion"}),
    ("it", "estensione del ginocchio", {"ACTION:knee.extension"}),
    ("it", "flessione della gamba sulla coscia", {"ACTION:knee.flexion"}),
    ("it", "flessione plantare del piede", {"ACTION:ankle.plantarflexion"}),
    ("it", "flessione dorsale della caviglia", {"ACTION:ankle.dorsiflexion"}),
    ("it", "dorsiflessione e inversione del piede", {"ACTION:ankle.dorsiflexion", "ACTION:foot.inversion"}),
    ("it", "eversione del piede", {"ACTION:foot.eversion"}),
    ("it", "adduzione e rotazione interna del braccio", {"ACTION:shoulder.adduction", "ACTION:shoulder.medial_rotation"}),
    ("it", "abduzione della coscia", {"ACTION:hip.abduction"}),
    ("it", "pronazione dell'avambraccio", {"ACTION:elbow.pronation"}),
    ("it", "supinazione dell'avambraccio", {"ACTION:elbow.supination"}),
    ("it", "flessione laterale del tronco", {"ACTION:trunk.lateral_flexion"}),
    ("it", "lateroflessione del collo", {"ACTION:neck.lateral_flexion"}),
    ("it", "estensione della colonna vertebrale", {"ACTION:trunk.extension"}),
    ("it", "elevazione della scapola", {"ACTION:scapula.elevation"}),
    ("it", "retrazione della scapola", {"ACTION:scapula.retraction"}),
    ("it", "abbassamento della mandibola", {"ACTION:mandible.depression"}),
    ("it", "protrusione della mandibola", {"ACTION:mandible.protraction"}),
    ("it", "antepulsione del braccio", {"ACTION:shoulder.flexion"}),
    ("it", "retropulsione della spalla", {"ACTION:shoulder.extension"}),
    ("it", "circonduzione della spalla", {"ACTION:shoulder.circumduction"}),
    ("it", "opposizione del pollice", {"ACTION:thumb.opposition"}),
    ("it", "flessione delle dita della mano", {"ACTION:fingers.flexion"}),
    ("it", "estensione delle dita del piede", {"ACTION:toes.extension"}),
    ("it", "flessione dell'alluce", {"ACTION:great_toe.flexion"}),
    ("it", "estensione del polso", {"ACTION:wrist.extension"}),
    ("it", "flessore dell'avambraccio", {"ACTION:elbow.flexion"}),
    ("it", "flessione del ginocchio, estensione dell'anca", {"ACTION:knee.flexion", "ACTION:hip.extension"}),
    ("it", "flessione plantare e flessione del ginocchio", {"ACTION:ankle.plantarflexion", "ACTION:knee.flexion"}),
    # Portuguese
    ("pt", "rotação lateral da coxa", {"ACTION:hip.lateral_rotation"}),
    ("pt", "rotação medial do braço", {"ACTION:shoulder.medial_rotation"}),
    ("pt", "rotação externa do ombro", {"ACTION:shoulder.lateral_rotation"}),
    ("pt", "rotação interna do quadril", {"ACTION:hip.medial_rotation"}),
    ("pt", "rotação da coxa para fora", {"ACTION:hip.lateral_rotation"}),
    ("pt", "flexão do cotovelo", {"ACTION:elbow.flexion"}),
    ("pt", "extensão do joelho", {"ACTION:knee.extension"}),
    ("pt", "flexão da perna sobre a coxa", {"ACTION:knee.flexion"}),
    ("pt", "flexão plantar do pé", {"ACTION:ankle.plantarflexion"}),
    ("pt", "flexão dorsal do tornozelo", {"ACTION:ankle.dorsiflexion"}),
    ("pt", "dorsiflexão e inversão do pé", {"ACTION:ankle.dorsiflexion", "ACTION:foot.inversion"}),
    ("pt", "eversão do pé", {"ACTION:foot.eversion"}),
    ("pt", "abdução do braço", {"ACTION:shoulder.abduction"}),
    ("pt", "adução e rotação medial do braço", {"ACTION:shoulder.adduction", "ACTION:shoulder.medial_rotation"}),
    ("pt", "adução da anca", {"ACTION:hip.adduction"}),
    ("pt", "pronação do antebraço", {"ACTION:elbow.pronation"}),
    ("pt", "supinação do antebraço", {"ACTION:elbow.supination"}),
    ("pt", "inclinação lateral do tronco", {"ACTION:trunk.lateral_flexion"}),
    ("pt", "flexão lateral do pescoço", {"ACTION:neck.lateral_flexion"}),
    ("pt", "extensão da coluna vertebral", {"ACTION:trunk.extension"}),
    ("pt", "elevação da escápula", {"ACTION:scapula.elevation"}),
    ("pt", "retração da escápula", {"ACTION:scapula.retraction"}),
    ("pt", "abaixamento da mandíbula", {"ACTION:mandible.depression"}),
    ("pt", "protrusão da mandíbula", {"ACTION:mandible.protraction"}),
    ("pt", "circundução do ombro", {"ACTION:shoulder.circumduction"}),
    ("pt", "oposição do polegar", {"ACTION:thumb.opposition"}),
    ("pt", "flexão dos dedos da mão", {"ACTION:fingers.flexion"}),
    ("pt", "extensão dos dedos do pé", {"ACTION:toes.extension"}),
    ("pt", "flexão do hálux", {"ACTION:great_toe.flexion"}),
    ("pt", "extensão do punho", {"ACTION:wrist.extension"}),
    ("pt", "flexor do antebraço", {"ACTION:elbow.flexion"}),
    ("pt", "flexão do joelho, extensão do quadril", {"ACTION:knee.flexion", "ACTION:hip.extension"}),
    ("pt", "flexão plantar e flexão do joelho", {"ACTION:ankle.plantarflexion", "ACTION:knee.flexion"}),
]


@pytest.mark.parametrize(("lang", "phrase", "expected"), MOVEMENTS, ids=[f"{m[0]}:{m[1]}" for m in MOVEMENTS])
def test_movements_in_an_action_field(lang, phrase, expected):
    rows = _claims(lang, SOLEUS[lang], f"<p><i>{ACTION_LABEL[lang]}:</i> {phrase}</p>")
    assert _actions(rows) == expected, rows


# A finite verb of movement in prose: the muscle does it ("il fléchit la jambe").
VERBS = [
    ("fr", "Il fléchit l'avant-bras sur le bras.", {"ACTION:elbow.flexion"}),
    ("fr", "Il fléchit la jambe et étend la cuisse.", {"ACTION:knee.flexion", "ACTION:hip.extension"}),
    ("fr", "Il abaisse la mandibule.", {"ACTION:mandible.depression"}),
    ("fr", "Il élève la scapula.", {"ACTION:scapula.elevation"}),
    ("fr", "Il s'insère sur l'humérus et fléchit le bras.", {"ACTION:shoulder.flexion"}),
    ("fr", "Ses fibres antérieures fléchissent l'épaule et la tournent en dedans.",
     {"ACTION:shoulder.flexion", "ACTION:shoulder.medial_rotation"}),
    ("it", "Flette l'avambraccio sul braccio.", {"ACTION:elbow.flexion"}),
    ("it", "Flette la gamba ed estende la coscia.", {"ACTION:knee.flexion", "ACTION:hip.extension"}),
    ("it", "Flette anche il ginocchio.", {"ACTION:knee.flexion"}),  # "anche" is "also", not the hips
    ("it", "Abbassa la mandibola.", {"ACTION:mandible.depression"}),
    ("it", "Eleva la scapola.", {"ACTION:scapula.elevation"}),
    ("it", "Si inserisce sull'omero e flette il braccio.", {"ACTION:shoulder.flexion"}),
    ("pt", "Flexiona o antebraço sobre o braço.", {"ACTION:elbow.flexion"}),
    ("pt", "Flete a perna e estende a coxa.", {"ACTION:knee.flexion", "ACTION:hip.extension"}),
    ("pt", "Flexiona também o joelho.", {"ACTION:knee.flexion"}),
    ("pt", "Abaixa a mandíbula.", {"ACTION:mandible.depression"}),
    ("pt", "Eleva a escápula.", {"ACTION:scapula.elevation"}),
    ("pt", "Ele se insere no úmero e flexiona o braço.", {"ACTION:shoulder.flexion"}),
]


@pytest.mark.parametrize(("lang", "sentence", "expected"), VERBS, ids=[f"{v[0]}:{v[1]}" for v in VERBS])
def test_verbs_of_movement_in_prose(lang, sentence, expected):
    rows = _prose(lang, DELTOID[lang], sentence)
    assert _actions(rows) == expected, rows
    assert {c["rule_id"] for c in rows if c["field"] == "action"} == {f"{lang}.action.verb"}


@pytest.mark.parametrize(("lang", "phrase", "expected"), [
    ("fr", "l'abduction et la flexion du bras", {"ACTION:shoulder.abduction", "ACTION:shoulder.flexion"}),
    ("it", "l'abduzione e la flessione del braccio", {"ACTION:shoulder.abduction", "ACTION:shoulder.flexion"}),
    ("pt", "a abdução e a flexão do braço", {"ACTION:shoulder.abduction", "ACTION:shoulder.flexion"}),
])
def test_coordinated_motions_with_articles_share_the_joint_named_after_them(lang, phrase, expected):
    rows = _claims(lang, SOLEUS[lang], f"<p><i>{ACTION_LABEL[lang]}:</i> {phrase}</p>")
    assert _actions(rows) == expected, rows
