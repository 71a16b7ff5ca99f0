"""The word bridge (extractors/bridge.py) and its dictionaries (schemas/vocab/words/*.tsv).

Part 1 tests the bridge's functions on a tiny hand-made table (no vocabulary). Part 2 checks the dictionaries:
French, Italian and Portuguese anatomical names, written for these tests from general knowledge of the
languages (bone parts, muscles, nerves, arteries, ligaments, joints, with their articles, linkers and adjective
forms), must resolve to the id their English name resolves to. Part 3: no row of a words file names a page.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.bridge import Bridge, Concepts, build_index, key_of, pieces, read_words
from extractors.vocabulary import resolve

ROOT = Path(__file__).resolve().parents[2]
WORDS_DIR = ROOT / "schemas" / "vocab" / "words"


# ---- part 1: the mechanism on a tiny table ----------------------------------------------------------------------

EN_WORDS = """# test table
form\tenglish
ischial\tischium
longus\tlong
hallucis\thallux
gluteus\tgluteal
femoral\tfemur
"""
FR_WORDS = """# test table
form\tenglish
tubérosité\ttuberosity
ischion\tischium
ischiatique\tischial
fléchisseur\tflexor
long\tlong
gros orteil\thallux
grand\tgreater|maximus
fessier\tgluteal
fémoral\tfemoral
"""
TERMS = [("T:1", "Ischial tuberosity", "preferred"), ("T:2", "Flexor hallucis longus", "preferred"),
         ("T:3", "Ischium", "preferred"), ("T:4", "Gluteus maximus", "preferred"),
         ("T:5", "Lateral condyle", "preferred"), ("T:6", "Femur", "preferred"), ("T:7", "Femoral nerve", "preferred")]
PARENTS = {"T:5": "T:6"}
KINDS = {"T:1": "bone_part", "T:5": "bone_part", "T:6": "bone", "T:2": "muscle", "T:4": "muscle", "T:7": "nerve"}
SKIP_EN = frozenset({"of", "the", "muscle"})
SKIP_FR = frozenset({"de", "du", "des", "d", "la", "le", "l", "muscle"})


@pytest.fixture()
def tiny(tmp_path):
    (tmp_path / "en.tsv").write_text(EN_WORDS, encoding="utf-8")
    (tmp_path / "fr.tsv").write_text(FR_WORDS, encoding="utf-8")
    concepts = Concepts(read_words(tmp_path / "en.tsv"))
    index = build_index(TERMS, concepts, SKIP_EN, PARENTS, KINDS)
    return Bridge(read_words(tmp_path / "fr.tsv"), concepts, index, SKIP_FR)


def test_read_words_normalizes_forms_and_splits_alternatives(tmp_path):
    (tmp_path / "fr.tsv").write_text(FR_WORDS, encoding="utf-8")
    table = read_words(tmp_path / "fr.tsv")
    assert table[("tuberosite",)] == ["tuberosity"]  # folded: accents dropped
    assert table[("gros", "orteil")] == ["hallux"]  # a phrase
    assert table[("grand",)] == ["greater", "maximus"]
    assert pieces("tubérosités") == ["tuberosite"]  # a plural of 5+ letters meets its singular
    assert pieces("sterno-cléido-mastoïdien") == ["sterno", "cleido", "mastoidien"]


def test_read_words_merges_repeated_forms_and_rejects_long_phrases(tmp_path):
    path = tmp_path / "xx.tsv"
    path.write_text("# c\nform\tenglish\ndroit\trectus\ndroit\tright|rectus\n", encoding="utf-8")
    assert read_words(path) == {("droit",): ["rectus", "right"]}
    path.write_text("# c\nform\tenglish\nun deux trois quatre\tx\n", encoding="utf-8")
    with pytest.raises(ValueError):
        read_words(path)
    assert read_words(tmp_path / "absent.tsv") == {}


def test_concepts_merge_english_and_latin_forms(tiny):
    assert tiny.concepts.of_words(["ischial", "tuberosity"]) == [("ischium", "tuberosity")]
    assert tiny.concepts.of_words(pieces("Flexor hallucis longus")) == [("flexor", "hallux", "long")]
    assert tiny.concepts.of_words(["tuberosity"]) == [("tuberosity",)]  # an unlisted word is its own concept


def test_build_index_keys_ignore_order_and_index_parts_with_their_whole(tiny):
    assert tiny.index[key_of(["tuberosity", "ischium"])] == ["T:1"]
    assert tiny.index[key_of(["condyle", "lateral"])] == ["T:5"]
    assert tiny.index[key_of(["condyle", "lateral", "femur"])] == ["T:5"]  # "lateral condyle of the femur"
    assert tiny.index[key_of(["femur", "nerve"])] == ["T:7"]  # femoral -> femur


def test_lookup_text_drops_linkers_and_follows_word_order_freely(tiny):
    assert tiny.lookup_text("tubérosité de l'ischion") == ["T:1"]
    assert tiny.lookup_text("tubérosité ischiatique") == ["T:1"]
    assert tiny.lookup_text("condyle latéral du fémur") == ["T:5"]  # "lateral" is spelt alike: it stands for itself
    assert tiny.lookup_text("muscle long fléchisseur du gros orteil") == ["T:2"]  # a phrase -> one English word
    assert tiny.lookup_text("long fléchisseur de l'hallux") == ["T:2"]
    assert tiny.lookup_text("grand fessier") == ["T:4"]  # one of the alternatives of "grand"
    assert tiny.lookup_text("tubérosité du fémur") == []


def test_spans_take_the_longest_window_and_stop_at_unknown_words(tiny):
    tokens = ["sur", "la", "tuberosite", "de", "l'", "ischion", "et", "le", "femur"]
    assert tiny.spans(tokens) == [(2, 6, ["T:1"]), (5, 6, ["T:3"]), (8, 9, ["T:6"])]
    assert tiny.ids(["fessier", "grand"]) == ["T:4"]


# ---- part 2: the dictionaries, against the English terms ---------------------------------------------------------
# (phrase, its English name); every phrase written for this test from general knowledge of the language.

FR = [
    ("tubérosité de l'ischion", 'ischial tuberosity'),
    ('tubérosité ischiatique', 'ischial tuberosity'),
    ('face postérieure du tibia', 'posterior surface of tibia'),
    ("épicondyle médial de l'humérus", 'medial epicondyle of humerus'),
    ("épicondyle latéral de l'humérus", 'lateral epicondyle of humerus'),
    ('grand trochanter du fémur', 'greater trochanter of femur'),
    ('petit trochanter', 'lesser trochanter'),
    ('tubérosité tibiale', 'tibial tuberosity'),
    ("tubérosité deltoïdienne de l'humérus", 'deltoid tuberosity of humerus'),
    ('processus coracoïde de la scapula', 'coracoid process of scapula'),
    ("apophyse coracoïde de l'omoplate", 'coracoid process of scapula'),
    ('fosse sous-épineuse', 'infraspinous fossa'),
    ('fosse supra-épineuse de la scapula', 'supraspinous fossa of scapula'),
    ('crête iliaque', 'iliac crest'),
    ('épine iliaque antéro-supérieure', 'anterior superior iliac spine'),
    ('épine iliaque antéro-inférieure', 'anterior inferior iliac spine'),
    ('ligne âpre du fémur', 'linea aspera of femur'),
    ('malléole médiale', 'medial malleolus'),
    ('malléole latérale', 'lateral malleolus'),
    ('condyle médial du fémur', 'medial condyle of femur'),
    ('cavité glénoïde de la scapula', 'glenoid cavity of scapula'),
    ('tubercule supraglénoïdien', 'supraglenoid tubercle'),
    ('tubercule infraglénoïdien de la scapula', 'infraglenoid tubercle of scapula'),
    ('bord médial de la scapula', 'medial border of scapula'),
    ('bord latéral de la scapula', 'lateral border of scapula'),
    ('angle inférieur de la scapula', 'inferior angle of scapula'),
    ("col chirurgical de l'humérus", 'surgical neck of humerus'),
    ('tubérosité radiale', 'radial tuberosity'),
    ('processus styloïde du radius', 'radial styloid process'),
    ('olécrâne', 'olecranon'),
    ("processus coronoïde de l'ulna", 'coronoid process of ulna'),
    ('corps du pubis', 'body of pubis'),
    ('branche inférieure du pubis', 'inferior pubic ramus'),
    ('tubercule pubien', 'pubic tubercle'),
    ('processus épineux des vertèbres', 'spinous process of vertebra'),
    ('processus transverses', 'transverse process'),
    ('base du premier métatarsien', 'base of first metatarsal'),
    ('tubérosité du cinquième métatarsien', 'tuberosity of fifth metatarsal bone'),
    ('phalange distale du pouce', 'distal phalanx of thumb'),
    ('os pisiforme', 'pisiform'),
    ("crochet de l'hamatum", 'hook of hamate'),
    ('calcanéus', 'calcaneus'),
    ("long fléchisseur de l'hallux", 'flexor hallucis longus'),
    ('long fléchisseur du gros orteil', 'flexor hallucis longus'),
    ('grand fessier', 'gluteus maximus'),
    ('muscle moyen fessier', 'gluteus medius'),
    ('petit fessier', 'gluteus minimus'),
    ('grand dorsal', 'latissimus dorsi'),
    ('grand rond', 'teres major'),
    ('petit rond', 'teres minor'),
    ('muscle sous-épineux', 'infraspinatus'),
    ('muscle sus-épineux', 'supraspinatus'),
    ('muscle subscapulaire', 'subscapularis'),
    ('sterno-cléido-mastoïdien', 'sternocleidomastoid'),
    ('biceps brachial', 'biceps brachii'),
    ('triceps brachial', 'triceps brachii'),
    ('muscle brachial', 'brachialis'),
    ('biceps fémoral', 'biceps femoris'),
    ('droit fémoral', 'rectus femoris'),
    ('vaste latéral', 'vastus lateralis'),
    ('vaste médial', 'vastus medialis'),
    ('vaste intermédiaire', 'vastus intermedius'),
    ('tenseur du fascia lata', 'tensor fasciae latae'),
    ('obturateur interne', 'obturator internus'),
    ('obturateur externe', 'obturator externus'),
    ('jumeau supérieur', 'gemellus superior'),
    ('carré fémoral', 'quadratus femoris'),
    ('carré des lombes', 'quadratus lumborum'),
    ('long adducteur', 'adductor longus'),
    ('court adducteur', 'adductor brevis'),
    ('grand adducteur', 'adductor magnus'),
    ('tibial antérieur', 'tibialis anterior'),
    ('muscle tibial postérieur', 'tibialis posterior'),
    ('long fibulaire', 'fibularis longus'),
    ('court péronier', 'fibularis brevis'),
    ('troisième fibulaire', 'fibularis tertius'),
    ('long extenseur des orteils', 'extensor digitorum longus'),
    ('court extenseur des orteils', 'extensor digitorum brevis'),
    ('long fléchisseur des orteils', 'flexor digitorum longus'),
    ('fléchisseur superficiel des doigts', 'flexor digitorum superficialis'),
    ('fléchisseur profond des doigts', 'flexor digitorum profundus'),
    ('fléchisseur radial du carpe', 'flexor carpi radialis'),
    ('fléchisseur ulnaire du carpe', 'flexor carpi ulnaris'),
    ('long extenseur radial du carpe', 'extensor carpi radialis longus'),
    ('court extenseur radial du carpe', 'extensor carpi radialis brevis'),
    ('extenseur ulnaire du carpe', 'extensor carpi ulnaris'),
    ('extenseur des doigts', 'extensor digitorum'),
    ('extenseur commun des doigts', 'extensor digitorum'),
    ('extenseur du petit doigt', 'extensor digiti minimi'),
    ("extenseur propre de l'index", 'extensor indicis'),
    ('long abducteur du pouce', 'abductor pollicis longus'),
    ('court extenseur du pouce', 'extensor pollicis brevis'),
    ('long extenseur du pouce', 'extensor pollicis longus'),
    ('long fléchisseur du pouce', 'flexor pollicis longus'),
    ('opposant du pouce', 'opponens pollicis'),
    ('adducteur du pouce', 'adductor pollicis'),
    ("abducteur de l'hallux", 'abductor hallucis'),
    ('rond pronateur', 'pronator teres'),
    ('carré pronateur', 'pronator quadratus'),
    ('long palmaire', 'palmaris longus'),
    ('muscle supinateur', 'supinator'),
    ('brachio-radial', 'brachioradialis'),
    ('coraco-brachial', 'coracobrachialis'),
    ('anconé', 'anconeus'),
    ('deltoïde', 'deltoid'),
    ('grand pectoral', 'pectoralis major'),
    ('petit pectoral', 'pectoralis minor'),
    ('dentelé antérieur', 'serratus anterior'),
    ('grand dentelé', 'serratus anterior'),
    ('rhomboïde majeur', 'rhomboid major'),
    ('élévateur de la scapula', 'levator scapulae'),
    ("angulaire de l'omoplate", 'levator scapulae'),
    ("droit de l'abdomen", 'rectus abdominis'),
    ("transverse de l'abdomen", 'transversus abdominis'),
    ('muscle iliaque', 'iliacus'),
    ('grand psoas', 'psoas major'),
    ('ilio-psoas', 'iliopsoas'),
    ('piriforme', 'piriformis'),
    ('pectiné', 'pectineus'),
    ('gracile', 'gracilis'),
    ('couturier', 'sartorius'),
    ('semi-tendineux', 'semitendinosus'),
    ('semi-membraneux', 'semimembranosus'),
    ('gastrocnémien', 'gastrocnemius'),
    ('soléaire', 'soleus'),
    ('poplité', 'popliteus'),
    ('triceps sural', 'triceps surae'),
    ('carré plantaire', 'quadratus plantae'),
    ('long du cou', 'longus colli'),
    ('splénius de la tête', 'splenius capitis'),
    ('scalène antérieur', 'scalenus anterior'),
    ('intercostaux externes', 'external intercostal muscle'),
    ('tendon calcanéen', 'calcaneal tendon'),
    ("tendon d'Achille", 'calcaneal tendon'),
    ('nerf sciatique', 'sciatic nerve'),
    ('nerf ischiatique', 'sciatic nerve'),
    ('nerf fémoral', 'femoral nerve'),
    ('nerf obturateur', 'obturator nerve'),
    ('nerf glutéal supérieur', 'superior gluteal nerve'),
    ('nerf fessier inférieur', 'inferior gluteal nerve'),
    ('nerf thoracodorsal', 'thoracodorsal nerve'),
    ('nerf suprascapulaire', 'suprascapular nerve'),
    ('nerf sus-scapulaire', 'suprascapular nerve'),
    ('nerf axillaire', 'axillary nerve'),
    ('nerf musculo-cutané', 'musculocutaneous nerve'),
    ('nerf radial', 'radial nerve'),
    ('nerf ulnaire', 'ulnar nerve'),
    ('nerf cubital', 'ulnar nerve'),
    ('nerf médian', 'median nerve'),
    ('nerf tibial', 'tibial nerve'),
    ('nerf fibulaire commun', 'common fibular nerve'),
    ('nerf fibulaire profond', 'deep fibular nerve'),
    ('nerf péronier superficiel', 'superficial fibular nerve'),
    ('nerf thoracique long', 'long thoracic nerve'),
    ('nerf scapulaire dorsal', 'dorsal scapular nerve'),
    ('nerf pectoral médial', 'medial pectoral nerve'),
    ('nerfs subscapulaires', 'subscapular nerves'),
    ('nerf interosseux antérieur', 'anterior interosseous nerve'),
    ('nerf cutané latéral de la cuisse', 'lateral cutaneous nerve of thigh'),
    ('nerf plantaire médial', 'medial plantar nerve'),
    ('nerf accessoire', 'accessory nerve'),
    ('nerf phrénique', 'phrenic nerve'),
    ('nerf pudendal', 'pudendal nerve'),
    ('nerf génito-fémoral', 'genitofemoral nerve'),
    ('rameau profond du nerf radial', 'deep branch of radial nerve'),
    ('artère circonflexe humérale postérieure', 'posterior circumflex humeral artery'),
    ('artère circonflexe fémorale médiale', 'medial circumflex femoral artery'),
    ('artère thoraco-acromiale', 'thoraco-acromial artery'),
    ('artère subscapulaire', 'subscapular artery'),
    ('artère suprascapulaire', 'suprascapular artery'),
    ('artère circonflexe de la scapula', 'circumflex scapular artery'),
    ('artère brachiale', 'brachial artery'),
    ('artère profonde du bras', 'profunda brachii artery'),
    ('artère radiale', 'radial artery'),
    ('artère ulnaire', 'ulnar artery'),
    ('artère interosseuse antérieure', 'anterior interosseous artery'),
    ('artère récurrente radiale', 'radial recurrent artery'),
    ('artère fémorale', 'femoral artery'),
    ('artère profonde de la cuisse', 'deep artery of thigh'),
    ('artère poplitée', 'popliteal artery'),
    ('artère tibiale antérieure', 'anterior tibial artery'),
    ('artère tibiale postérieure', 'posterior tibial artery'),
    ('artère fibulaire', 'fibular artery'),
    ('artère glutéale supérieure', 'superior gluteal artery'),
    ('artère fessière inférieure', 'inferior gluteal artery'),
    ('artère obturatrice', 'obturator artery'),
    ('artère dorsale du pied', 'dorsalis pedis artery'),
    ('artère pédieuse', 'dorsalis pedis artery'),
    ('artère plantaire latérale', 'lateral plantar artery'),
    ('artère thoracique latérale', 'lateral thoracic artery'),
    ('artère thoracique interne', 'internal thoracic artery'),
    ('artère thoraco-dorsale', 'thoracodorsal artery'),
    ('artère scapulaire dorsale', 'dorsal scapular artery'),
    ('artère épigastrique inférieure', 'inferior epigastric artery'),
    ('artère iliaque externe', 'external iliac artery'),
    ('artère descendante du genou', 'descending genicular artery'),
    ('artère transverse du cou', 'transverse cervical artery'),
    ('ligament patellaire', 'patellar ligament'),
    ('ligament croisé antérieur', 'anterior cruciate ligament'),
    ('ligament collatéral tibial', 'tibial collateral ligament'),
    ('ligament sacro-tubéral', 'sacrotuberous ligament'),
    ('ligament sacro-épineux', 'sacrospinous ligament'),
    ('ligament inguinal', 'inguinal ligament'),
    ('ligament ilio-fémoral', 'iliofemoral ligament'),
    ('ligament talo-fibulaire antérieur', 'anterior talofibular ligament'),
    ("membrane interosseuse de l'avant-bras", 'interosseous membrane of forearm'),
    ('aponévrose palmaire', 'palmar aponeurosis'),
    ('aponévrose plantaire', 'plantar aponeurosis'),
    ('fascia lata', 'fascia lata'),
    ('tractus ilio-tibial', 'iliotibial tract'),
    ('bandelette ilio-tibiale', 'iliotibial tract'),
    ('rétinaculum supérieur des fibulaires', 'superior fibular retinaculum'),
    ('rétinaculum des extenseurs', 'extensor retinaculum'),
    ('fascia thoraco-lombaire', 'thoracolumbar fascia'),
    ('articulation de la hanche', 'hip joint'),
    ('articulation du genou', 'knee joint'),
    ('articulation du coude', 'elbow joint'),
    ('articulation du poignet', 'wrist joint'),
    ('articulation sacro-iliaque', 'sacro-iliac joint'),
    ('articulation tibio-fibulaire', 'tibiofibular joint'),
    ('articulation radio-ulnaire distale', 'distal radio-ulnar joint'),
    ('articulation sterno-claviculaire', 'sternoclavicular joint'),
    ('articulation acromio-claviculaire', 'acromioclavicular joint'),
    ('articulations métacarpo-phalangiennes', 'metacarpophalangeal joints'),
    ('articulation gléno-humérale', 'glenohumeral joint'),
    ('symphyse pubienne', 'pubic symphysis'),
    ('avant-bras', 'forearm'),
    ('cuisse', 'thigh'),
    ('jambe', 'leg'),
    ('creux poplité', 'popliteal fossa'),
    ('os coxal', 'hip bone'),
    ('ceinture pelvienne', 'pelvic girdle'),
    ('chef long du biceps brachial', 'long head of biceps brachii'),
    ('chef latéral du triceps brachial', 'lateral head of triceps brachii'),
    ('aponévrose bicipitale', 'bicipital aponeurosis'),
    ('côtes', 'ribs'),
    ('clavicule', 'clavicle'),
    ('sternum', 'sternum'),
]

IT = [
    ('tuberosità ischiatica', 'ischial tuberosity'),
    ('faccia posteriore della tibia', 'posterior surface of tibia'),
    ('epicondilo mediale del femore', 'medial epicondyle of femur'),
    ('grande trocantere del femore', 'greater trochanter of femur'),
    ('piccolo trocantere', 'lesser trochanter'),
    ('tuberosità tibiale', 'tibial tuberosity'),
    ('processo coracoideo della scapola', 'coracoid process of scapula'),
    ('fossa sottospinata', 'infraspinous fossa'),
    ('fossa sopraspinosa della scapola', 'supraspinous fossa of scapula'),
    ('cresta iliaca', 'iliac crest'),
    ('spina iliaca anteriore superiore', 'anterior superior iliac spine'),
    ('spina iliaca antero-inferiore', 'anterior inferior iliac spine'),
    ('linea aspra del femore', 'linea aspera of femur'),
    ('malleolo mediale', 'medial malleolus'),
    ('malleolo laterale', 'lateral malleolus'),
    ('condilo laterale della tibia', 'lateral condyle of tibia'),
    ('cavità glenoidea della scapola', 'glenoid cavity of scapula'),
    ('tubercolo sopraglenoideo', 'supraglenoid tubercle'),
    ('margine mediale della scapola', 'medial border of scapula'),
    ('angolo superiore della scapola', 'superior angle of scapula'),
    ('tuberosità radiale', 'radial tuberosity'),
    ('processo stiloideo del radio', 'radial styloid process'),
    ('olecrano', 'olecranon'),
    ('ramo inferiore del pube', 'inferior pubic ramus'),
    ('tubercolo pubico', 'pubic tubercle'),
    ('processi spinosi delle vertebre', 'spinous process of vertebra'),
    ('processi trasversi', 'transverse process'),
    ('base del primo metatarsale', 'base of first metatarsal'),
    ('tuberosità del quinto metatarsale', 'tuberosity of fifth metatarsal bone'),
    ('falange distale del pollice', 'distal phalanx of thumb'),
    ('calcagno', 'calcaneus'),
    ('grande gluteo', 'gluteus maximus'),
    ('muscolo medio gluteo', 'gluteus medius'),
    ('piccolo gluteo', 'gluteus minimus'),
    ('gran dorsale', 'latissimus dorsi'),
    ('grande dorsale', 'latissimus dorsi'),
    ('grande rotondo', 'teres major'),
    ('piccolo rotondo', 'teres minor'),
    ('muscolo sottospinato', 'infraspinatus'),
    ('sovraspinato', 'supraspinatus'),
    ('muscolo sottoscapolare', 'subscapularis'),
    ('sternocleidomastoideo', 'sternocleidomastoid'),
    ('bicipite brachiale', 'biceps brachii'),
    ('tricipite brachiale', 'triceps brachii'),
    ('muscolo brachiale', 'brachialis'),
    ('bicipite femorale', 'biceps femoris'),
    ('retto femorale', 'rectus femoris'),
    ('vasto laterale', 'vastus lateralis'),
    ('vasto mediale', 'vastus medialis'),
    ('vasto intermedio', 'vastus intermedius'),
    ('tensore della fascia lata', 'tensor fasciae latae'),
    ('otturatore interno', 'obturator internus'),
    ('otturatore esterno', 'obturator externus'),
    ('gemello superiore', 'gemellus superior'),
    ('quadrato del femore', 'quadratus femoris'),
    ('quadrato dei lombi', 'quadratus lumborum'),
    ('adduttore lungo', 'adductor longus'),
    ('adduttore breve', 'adductor brevis'),
    ('grande adduttore', 'adductor magnus'),
    ('tibiale anteriore', 'tibialis anterior'),
    ('tibiale posteriore', 'tibialis posterior'),
    ('peroneo lungo', 'fibularis longus'),
    ('peroneo breve', 'fibularis brevis'),
    ('terzo peroneo', 'fibularis tertius'),
    ('estensore lungo delle dita', 'extensor digitorum longus'),
    ('flessore lungo delle dita', 'flexor digitorum longus'),
    ('flessore superficiale delle dita', 'flexor digitorum superficialis'),
    ('flessore profondo delle dita', 'flexor digitorum profundus'),
    ('flessore radiale del carpo', 'flexor carpi radialis'),
    ('flessore ulnare del carpo', 'flexor carpi ulnaris'),
    ('estensore radiale lungo del carpo', 'extensor carpi radialis longus'),
    ('estensore radiale breve del carpo', 'extensor carpi radialis brevis'),
    ('estensore ulnare del carpo', 'extensor carpi ulnaris'),
    ('estensore comune delle dita', 'extensor digitorum'),
    ('estensore del mignolo', 'extensor digiti minimi'),
    ('abduttore lungo del pollice', 'abductor pollicis longus'),
    ('estensore breve del pollice', 'extensor pollicis brevis'),
    ('flessore lungo del pollice', 'flexor pollicis longus'),
    ('opponente del pollice', 'opponens pollicis'),
    ('adduttore del pollice', 'adductor pollicis'),
    ('pronatore rotondo', 'pronator teres'),
    ('pronatore quadrato', 'pronator quadratus'),
    ('palmare lungo', 'palmaris longus'),
    ('supinatore', 'supinator'),
    ('brachioradiale', 'brachioradialis'),
    ('coracobrachiale', 'coracobrachialis'),
    ('anconeo', 'anconeus'),
    ('deltoide', 'deltoid'),
    ('grande pettorale', 'pectoralis major'),
    ('piccolo pettorale', 'pectoralis minor'),
    ('dentato anteriore', 'serratus anterior'),
    ('romboide maggiore', 'rhomboid major'),
    ('elevatore della scapola', 'levator scapulae'),
    ('muscolo iliaco', 'iliacus'),
    ('grande psoas', 'psoas major'),
    ('ileopsoas', 'iliopsoas'),
    ('piriforme', 'piriformis'),
    ('pettineo', 'pectineus'),
    ('gracile', 'gracilis'),
    ('sartorio', 'sartorius'),
    ('semitendinoso', 'semitendinosus'),
    ('semimembranoso', 'semimembranosus'),
    ('gastrocnemio', 'gastrocnemius'),
    ('soleo', 'soleus'),
    ('popliteo', 'popliteus'),
    ('tricipite surale', 'triceps surae'),
    ('quadrato plantare', 'quadratus plantae'),
    ('lungo del collo', 'longus colli'),
    ('splenio della testa', 'splenius capitis'),
    ('scaleno anteriore', 'scalenus anterior'),
    ('tendine calcaneare', 'calcaneal tendon'),
    ("tendine d'Achille", 'calcaneal tendon'),
    ('nervo ischiatico', 'sciatic nerve'),
    ('nervo sciatico', 'sciatic nerve'),
    ('nervo femorale', 'femoral nerve'),
    ('nervo otturatorio', 'obturator nerve'),
    ('nervo gluteo superiore', 'superior gluteal nerve'),
    ('nervo gluteo inferiore', 'inferior gluteal nerve'),
    ('nervo toracodorsale', 'thoracodorsal nerve'),
    ('nervo soprascapolare', 'suprascapular nerve'),
    ('nervo ascellare', 'axillary nerve'),
    ('nervo muscolocutaneo', 'musculocutaneous nerve'),
    ('nervo radiale', 'radial nerve'),
    ('nervo ulnare', 'ulnar nerve'),
    ('nervo mediano', 'median nerve'),
    ('nervo tibiale', 'tibial nerve'),
    ('nervo peroneo comune', 'common fibular nerve'),
    ('nervo fibulare profondo', 'deep fibular nerve'),
    ('nervo peroneo superficiale', 'superficial fibular nerve'),
    ('nervo toracico lungo', 'long thoracic nerve'),
    ('nervo scapolare dorsale', 'dorsal scapular nerve'),
    ('nervo pettorale mediale', 'medial pectoral nerve'),
    ('nervi sottoscapolari', 'subscapular nerves'),
    ('nervo interosseo anteriore', 'anterior interosseous nerve'),
    ('nervo cutaneo laterale della coscia', 'lateral cutaneous nerve of thigh'),
    ('nervo plantare mediale', 'medial plantar nerve'),
    ('nervo accessorio', 'accessory nerve'),
    ('nervo frenico', 'phrenic nerve'),
    ('nervo pudendo', 'pudendal nerve'),
    ('nervo genitofemorale', 'genitofemoral nerve'),
    ('ramo profondo del nervo radiale', 'deep branch of radial nerve'),
    ('arteria circonflessa omerale posteriore', 'posterior circumflex humeral artery'),
    ('arteria circonflessa femorale mediale', 'medial circumflex femoral artery'),
    ('arteria toracoacromiale', 'thoraco-acromial artery'),
    ('arteria sottoscapolare', 'subscapular artery'),
    ('arteria soprascapolare', 'suprascapular artery'),
    ('arteria circonflessa della scapola', 'circumflex scapular artery'),
    ('arteria brachiale', 'brachial artery'),
    ('arteria profonda del braccio', 'profunda brachii artery'),
    ('arteria radiale', 'radial artery'),
    ('arteria ulnare', 'ulnar artery'),
    ('arteria interossea anteriore', 'anterior interosseous artery'),
    ('arteria ricorrente radiale', 'radial recurrent artery'),
    ('arteria femorale', 'femoral artery'),
    ('arteria profonda della coscia', 'deep artery of thigh'),
    ('arteria poplitea', 'popliteal artery'),
    ('arteria tibiale anteriore', 'anterior tibial artery'),
    ('arteria tibiale posteriore', 'posterior tibial artery'),
    ('arteria peronea', 'fibular artery'),
    ('arteria glutea superiore', 'superior gluteal artery'),
    ('arteria glutea inferiore', 'inferior gluteal artery'),
    ('arteria otturatoria', 'obturator artery'),
    ('arteria dorsale del piede', 'dorsalis pedis artery'),
    ('arteria plantare laterale', 'lateral plantar artery'),
    ('arteria toracica laterale', 'lateral thoracic artery'),
    ('arteria toracica interna', 'internal thoracic artery'),
    ('arteria toracodorsale', 'thoracodorsal artery'),
    ('arteria scapolare dorsale', 'dorsal scapular artery'),
    ('arteria epigastrica inferiore', 'inferior epigastric artery'),
    ('arteria iliaca esterna', 'external iliac artery'),
    ('arteria genicolare discendente', 'descending genicular artery'),
    ('arteria cervicale trasversa', 'transverse cervical artery'),
    ('legamento patellare', 'patellar ligament'),
    ('legamento crociato anteriore', 'anterior cruciate ligament'),
    ('legamento collaterale tibiale', 'tibial collateral ligament'),
    ('legamento sacrotuberoso', 'sacrotuberous ligament'),
    ('legamento sacrospinoso', 'sacrospinous ligament'),
    ('legamento inguinale', 'inguinal ligament'),
    ('legamento ileofemorale', 'iliofemoral ligament'),
    ('legamento talofibulare anteriore', 'anterior talofibular ligament'),
    ('aponeurosi palmare', 'palmar aponeurosis'),
    ('aponeurosi plantare', 'plantar aponeurosis'),
    ('fascia lata', 'fascia lata'),
    ('tratto ileotibiale', 'iliotibial tract'),
    ('retinacolo superiore dei peronei', 'superior fibular retinaculum'),
    ('fascia toracolombare', 'thoracolumbar fascia'),
    ('articolazione del ginocchio', 'knee joint'),
    ('articolazione del gomito', 'elbow joint'),
    ('articolazione del polso', 'wrist joint'),
    ('articolazione sacroiliaca', 'sacro-iliac joint'),
    ('articolazione tibiofibulare', 'tibiofibular joint'),
    ('articolazione radioulnare distale', 'distal radio-ulnar joint'),
    ('articolazione sternoclavicolare', 'sternoclavicular joint'),
    ('articolazione acromioclavicolare', 'acromioclavicular joint'),
    ('articolazioni metacarpofalangee', 'metacarpophalangeal joints'),
    ('articolazione glenoomerale', 'glenohumeral joint'),
    ('sinfisi pubica', 'pubic symphysis'),
    ('avambraccio', 'forearm'),
    ('coscia', 'thigh'),
    ('gamba', 'leg'),
    ('cavo popliteo', 'popliteal fossa'),
    ('cingolo pelvico', 'pelvic girdle'),
    ('capo lungo del bicipite brachiale', 'long head of biceps brachii'),
    ('capo laterale del tricipite brachiale', 'lateral head of triceps brachii'),
    ('aponeurosi bicipitale', 'bicipital aponeurosis'),
    ('coste', 'ribs'),
    ('clavicola', 'clavicle'),
    ('sterno', 'sternum'),
]

PT = [
    ('tuberosidade isquiática', 'ischial tuberosity'),
    ('tuberosidade do ísquio', 'ischial tuberosity'),
    ('face posterior da tíbia', 'posterior surface of tibia'),
    ('epicôndilo medial do úmero', 'medial epicondyle of humerus'),
    ('epicôndilo lateral do úmero', 'lateral epicondyle of humerus'),
    ('trocânter maior do fêmur', 'greater trochanter of femur'),
    ('trocânter menor', 'lesser trochanter'),
    ('tuberosidade da tíbia', 'tibial tuberosity'),
    ('tuberosidade deltóidea do úmero', 'deltoid tuberosity of humerus'),
    ('processo coracoide da escápula', 'coracoid process of scapula'),
    ('fossa infraespinal', 'infraspinous fossa'),
    ('fossa supraespinal da escápula', 'supraspinous fossa of scapula'),
    ('crista ilíaca', 'iliac crest'),
    ('espinha ilíaca anterossuperior', 'anterior superior iliac spine'),
    ('espinha ilíaca ântero-inferior', 'anterior inferior iliac spine'),
    ('linha áspera do fêmur', 'linea aspera of femur'),
    ('maléolo medial', 'medial malleolus'),
    ('maléolo lateral', 'lateral malleolus'),
    ('côndilo medial do fêmur', 'medial condyle of femur'),
    ('cavidade glenoidal da escápula', 'glenoid cavity of scapula'),
    ('tubérculo supraglenoidal', 'supraglenoid tubercle'),
    ('margem medial da escápula', 'medial border of scapula'),
    ('ângulo inferior da escápula', 'inferior angle of scapula'),
    ('colo cirúrgico do úmero', 'surgical neck of humerus'),
    ('tuberosidade do rádio', 'radial tuberosity'),
    ('processo estiloide do rádio', 'radial styloid process'),
    ('olécrano', 'olecranon'),
    ('processo coronoide da ulna', 'coronoid process of ulna'),
    ('ramo inferior do púbis', 'inferior pubic ramus'),
    ('tubérculo púbico', 'pubic tubercle'),
    ('processos espinhosos das vértebras', 'spinous process of vertebra'),
    ('processos transversos', 'transverse process'),
    ('base do primeiro metatarsal', 'base of first metatarsal'),
    ('tuberosidade do quinto metatarsal', 'tuberosity of fifth metatarsal bone'),
    ('falange distal do polegar', 'distal phalanx of thumb'),
    ('hâmulo do osso hamato', 'hook of hamate'),
    ('calcâneo', 'calcaneus'),
    ('flexor longo do hálux', 'flexor hallucis longus'),
    ('glúteo máximo', 'gluteus maximus'),
    ('músculo glúteo médio', 'gluteus medius'),
    ('glúteo mínimo', 'gluteus minimus'),
    ('grande dorsal', 'latissimus dorsi'),
    ('latíssimo do dorso', 'latissimus dorsi'),
    ('redondo maior', 'teres major'),
    ('redondo menor', 'teres minor'),
    ('músculo infraespinal', 'infraspinatus'),
    ('supraespinal', 'supraspinatus'),
    ('músculo subescapular', 'subscapularis'),
    ('esternocleidomastóideo', 'sternocleidomastoid'),
    ('bíceps braquial', 'biceps brachii'),
    ('tríceps braquial', 'triceps brachii'),
    ('músculo braquial', 'brachialis'),
    ('bíceps femoral', 'biceps femoris'),
    ('reto femoral', 'rectus femoris'),
    ('vasto lateral', 'vastus lateralis'),
    ('vasto medial', 'vastus medialis'),
    ('vasto intermédio', 'vastus intermedius'),
    ('tensor da fáscia lata', 'tensor fasciae latae'),
    ('obturador interno', 'obturator internus'),
    ('obturador externo', 'obturator externus'),
    ('gêmeo superior', 'gemellus superior'),
    ('quadrado femoral', 'quadratus femoris'),
    ('quadrado lombar', 'quadratus lumborum'),
    ('adutor longo', 'adductor longus'),
    ('adutor curto', 'adductor brevis'),
    ('adutor magno', 'adductor magnus'),
    ('tibial anterior', 'tibialis anterior'),
    ('tibial posterior', 'tibialis posterior'),
    ('fibular longo', 'fibularis longus'),
    ('fibular curto', 'fibularis brevis'),
    ('fibular terceiro', 'fibularis tertius'),
    ('extensor longo dos dedos', 'extensor digitorum longus'),
    ('flexor longo dos dedos', 'flexor digitorum longus'),
    ('flexor superficial dos dedos', 'flexor digitorum superficialis'),
    ('flexor profundo dos dedos', 'flexor digitorum profundus'),
    ('flexor radial do carpo', 'flexor carpi radialis'),
    ('flexor ulnar do carpo', 'flexor carpi ulnaris'),
    ('extensor radial longo do carpo', 'extensor carpi radialis longus'),
    ('extensor radial curto do carpo', 'extensor carpi radialis brevis'),
    ('extensor ulnar do carpo', 'extensor carpi ulnaris'),
    ('extensor dos dedos', 'extensor digitorum'),
    ('extensor do dedo mínimo', 'extensor digiti minimi'),
    ('extensor do indicador', 'extensor indicis'),
    ('abdutor longo do polegar', 'abductor pollicis longus'),
    ('extensor curto do polegar', 'extensor pollicis brevis'),
    ('flexor longo do polegar', 'flexor pollicis longus'),
    ('oponente do polegar', 'opponens pollicis'),
    ('adutor do polegar', 'adductor pollicis'),
    ('abdutor do hálux', 'abductor hallucis'),
    ('pronador redondo', 'pronator teres'),
    ('pronador quadrado', 'pronator quadratus'),
    ('palmar longo', 'palmaris longus'),
    ('supinador', 'supinator'),
    ('braquiorradial', 'brachioradialis'),
    ('coracobraquial', 'coracobrachialis'),
    ('ancôneo', 'anconeus'),
    ('deltoide', 'deltoid'),
    ('peitoral maior', 'pectoralis major'),
    ('peitoral menor', 'pectoralis minor'),
    ('serrátil anterior', 'serratus anterior'),
    ('romboide maior', 'rhomboid major'),
    ('levantador da escápula', 'levator scapulae'),
    ('reto do abdome', 'rectus abdominis'),
    ('transverso do abdome', 'transversus abdominis'),
    ('músculo ilíaco', 'iliacus'),
    ('psoas maior', 'psoas major'),
    ('iliopsoas', 'iliopsoas'),
    ('piriforme', 'piriformis'),
    ('pectíneo', 'pectineus'),
    ('grácil', 'gracilis'),
    ('sartório', 'sartorius'),
    ('semitendíneo', 'semitendinosus'),
    ('semimembranáceo', 'semimembranosus'),
    ('gastrocnêmio', 'gastrocnemius'),
    ('sóleo', 'soleus'),
    ('poplíteo', 'popliteus'),
    ('tríceps sural', 'triceps surae'),
    ('quadrado plantar', 'quadratus plantae'),
    ('longo do pescoço', 'longus colli'),
    ('esplênio da cabeça', 'splenius capitis'),
    ('escaleno anterior', 'scalenus anterior'),
    ('tendão do calcâneo', 'calcaneal tendon'),
    ('tendão de Aquiles', 'calcaneal tendon'),
    ('nervo isquiático', 'sciatic nerve'),
    ('nervo ciático', 'sciatic nerve'),
    ('nervo femoral', 'femoral nerve'),
    ('nervo obturatório', 'obturator nerve'),
    ('nervo glúteo superior', 'superior gluteal nerve'),
    ('nervo glúteo inferior', 'inferior gluteal nerve'),
    ('nervo toracodorsal', 'thoracodorsal nerve'),
    ('nervo supraescapular', 'suprascapular nerve'),
    ('nervo axilar', 'axillary nerve'),
    ('nervo musculocutâneo', 'musculocutaneous nerve'),
    ('nervo radial', 'radial nerve'),
    ('nervo ulnar', 'ulnar nerve'),
    ('nervo mediano', 'median nerve'),
    ('nervo tibial', 'tibial nerve'),
    ('nervo fibular comum', 'common fibular nerve'),
    ('nervo fibular profundo', 'deep fibular nerve'),
    ('nervo fibular superficial', 'superficial fibular nerve'),
    ('nervo torácico longo', 'long thoracic nerve'),
    ('nervo escapular dorsal', 'dorsal scapular nerve'),
    ('nervo peitoral medial', 'medial pectoral nerve'),
    ('nervos subescapulares', 'subscapular nerves'),
    ('nervo interósseo anterior', 'anterior interosseous nerve'),
    ('nervo cutâneo lateral da coxa', 'lateral cutaneous nerve of thigh'),
    ('nervo plantar medial', 'medial plantar nerve'),
    ('nervo acessório', 'accessory nerve'),
    ('nervo frênico', 'phrenic nerve'),
    ('nervo pudendo', 'pudendal nerve'),
    ('nervo genitofemoral', 'genitofemoral nerve'),
    ('ramo profundo do nervo radial', 'deep branch of radial nerve'),
    ('artéria circunflexa umeral posterior', 'posterior circumflex humeral artery'),
    ('artéria circunflexa femoral medial', 'medial circumflex femoral artery'),
    ('artéria toracoacromial', 'thoraco-acromial artery'),
    ('artéria subescapular', 'subscapular artery'),
    ('artéria supraescapular', 'suprascapular artery'),
    ('artéria circunflexa da escápula', 'circumflex scapular artery'),
    ('artéria braquial', 'brachial artery'),
    ('artéria profunda do braço', 'profunda brachii artery'),
    ('artéria radial', 'radial artery'),
    ('artéria ulnar', 'ulnar artery'),
    ('artéria interóssea anterior', 'anterior interosseous artery'),
    ('artéria recorrente radial', 'radial recurrent artery'),
    ('artéria femoral', 'femoral artery'),
    ('artéria profunda da coxa', 'deep artery of thigh'),
    ('artéria poplítea', 'popliteal artery'),
    ('artéria tibial anterior', 'anterior tibial artery'),
    ('artéria tibial posterior', 'posterior tibial artery'),
    ('artéria fibular', 'fibular artery'),
    ('artéria glútea superior', 'superior gluteal artery'),
    ('artéria glútea inferior', 'inferior gluteal artery'),
    ('artéria obturatória', 'obturator artery'),
    ('artéria dorsal do pé', 'dorsalis pedis artery'),
    ('artéria plantar lateral', 'lateral plantar artery'),
    ('artéria torácica lateral', 'lateral thoracic artery'),
    ('artéria torácica interna', 'internal thoracic artery'),
    ('artéria toracodorsal', 'thoracodorsal artery'),
    ('artéria escapular dorsal', 'dorsal scapular artery'),
    ('artéria epigástrica inferior', 'inferior epigastric artery'),
    ('artéria ilíaca externa', 'external iliac artery'),
    ('artéria descendente do joelho', 'descending genicular artery'),
    ('artéria cervical transversa', 'transverse cervical artery'),
    ('ligamento patelar', 'patellar ligament'),
    ('ligamento cruzado anterior', 'anterior cruciate ligament'),
    ('ligamento colateral tibial', 'tibial collateral ligament'),
    ('ligamento sacrotuberal', 'sacrotuberous ligament'),
    ('ligamento sacroespinal', 'sacrospinous ligament'),
    ('ligamento inguinal', 'inguinal ligament'),
    ('ligamento iliofemoral', 'iliofemoral ligament'),
    ('ligamento talofibular anterior', 'anterior talofibular ligament'),
    ('membrana interóssea do antebraço', 'interosseous membrane of forearm'),
    ('aponeurose palmar', 'palmar aponeurosis'),
    ('aponeurose plantar', 'plantar aponeurosis'),
    ('fáscia lata', 'fascia lata'),
    ('trato iliotibial', 'iliotibial tract'),
    ('retináculo superior dos fibulares', 'superior fibular retinaculum'),
    ('retináculo dos extensores', 'extensor retinaculum'),
    ('fáscia toracolombar', 'thoracolumbar fascia'),
    ('articulação do quadril', 'hip joint'),
    ('articulação do joelho', 'knee joint'),
    ('articulação do cotovelo', 'elbow joint'),
    ('articulação do punho', 'wrist joint'),
    ('articulação sacroilíaca', 'sacro-iliac joint'),
    ('articulação tibiofibular', 'tibiofibular joint'),
    ('articulação radioulnar distal', 'distal radio-ulnar joint'),
    ('articulação esternoclavicular', 'sternoclavicular joint'),
    ('articulação acromioclavicular', 'acromioclavicular joint'),
    ('articulações metacarpofalângicas', 'metacarpophalangeal joints'),
    ('articulação glenoumeral', 'glenohumeral joint'),
    ('sínfise púbica', 'pubic symphysis'),
    ('antebraço', 'forearm'),
    ('perna', 'leg'),
    ('fossa poplítea', 'popliteal fossa'),
    ('osso do quadril', 'hip bone'),
    ('cíngulo pélvico', 'pelvic girdle'),
    ('cabeça longa do bíceps braquial', 'long head of biceps brachii'),
    ('cabeça lateral do tríceps braquial', 'lateral head of triceps brachii'),
    ('aponeurose bicipital', 'bicipital aponeurosis'),
    ('costelas', 'ribs'),
    ('clavícula', 'clavicle'),
    ('esterno', 'sternum'),
]

# Names the multiset-of-concepts key cannot tell apart, or that an exact term of another language takes first
# (see the reply to issue 13): kept as a record; they pass once the bridge or the vocabulary can tell them apart.
KNOWN_LIMITS = [
    ("fr", "tête du radius", "head of radius"),  # also the "radial head" of flexor digitorum superficialis
    ("fr", "membre inférieur", "lower limb"),  # "Muscles of lower limb" has the same key once "muscles" is dropped
    ("pt", "coxa", "thigh"),  # Latin "coxa" (hip) is an exact term and wins over the Portuguese word (thigh)
]

CASES = [("fr", p, e) for p, e in FR] + [("it", p, e) for p, e in IT] + [("pt", p, e) for p, e in PT]


@pytest.mark.parametrize("lang,phrase,english", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_phrase_resolves_to_the_id_of_its_english_name(lang, phrase, english):
    target = resolve(english, "en")
    assert target is not None and target.value_id, f"the English name {english!r} must resolve"
    found = resolve(phrase, lang)
    assert found is not None, f"{phrase!r} did not resolve"
    assert found.value_id == target.value_id, (found.value_id, found.label, found.method, found.candidates[:4])


@pytest.mark.parametrize("lang,phrase,english", KNOWN_LIMITS, ids=[f"{c[0]}:{c[1]}" for c in KNOWN_LIMITS])
@pytest.mark.xfail(strict=False, reason="a known limit of the word bridge")
def test_known_limits(lang, phrase, english):
    assert resolve(phrase, lang).value_id == resolve(english, "en").value_id


def test_at_least_forty_phrases_per_language():
    assert min(len(FR), len(IT), len(PT)) >= 40


@pytest.mark.parametrize("lang", ["en", "fr", "it", "pt"])
def test_words_file_reads_and_names_its_source(lang):
    path = WORDS_DIR / f"{lang}.tsv"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# Written for musculus from general knowledge of") and "no external source" in first
    table = read_words(path)
    assert len(table) >= (100 if lang == "en" else 400)
    assert all(readings for readings in table.values()), "every form has an English reading"


# ---- part 3: no entry names a page --------------------------------------------------------------------------------

def _page_names() -> set[str]:
    """File names of the fixture pages and of the shared corpus, and their stems that join words with - or _
    ("biceps-femoris"): such a string in a dictionary would name a page."""
    names: set[str] = set()
    for root in (ROOT / "tests" / "fixtures", ROOT.parent / "shared" / "corpus"):
        if root.is_dir():
            for path in root.rglob("*"):
                if path.is_file() and path.name.lower() != "readme.md":
                    names.add(path.name.lower())
                    if "-" in path.stem or "_" in path.stem:
                        names.add(path.stem.lower())
    return names


def test_no_words_file_names_a_fixture_page():
    names = _page_names()
    for path in sorted(WORDS_DIR.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").lower().splitlines(), 1):
            hits = [name for name in names if name in line]
            assert not hits, f"{path.name}:{number} names a page: {hits}"
