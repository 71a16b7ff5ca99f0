"""Prose rules that read more than the vocabulary's mention (issue 3): the joint of a motion from its sentence
and page, a rotation's direction, the movements of the scapula, mandible, hyoid bone and thumb, and whose a
sentence is. Real sentences from the corpus pages (short quotes), through process_item."""
from __future__ import annotations


# ---- motions ----------------------------------------------------------------------------------------------

def test_a_joint_frame_gives_the_motions_after_it_their_joint(claims, values):
    rows = claims("The sartorius muscle of the thigh",
                  "It originates from the anterior superior iliac spine. At the hip joint, it acts as a flexor, "
                  "abductor, and lateral rotator, while at the knee joint, it acts as a flexor.")
    assert values(rows, "action") == {"ACTION:hip.flexion", "ACTION:hip.abduction", "ACTION:hip.lateral_rotation",
                                      "ACTION:knee.flexion"}


def test_a_joint_named_elsewhere_in_the_sentence_without_a_frame_is_not_the_motions_joint(claims, values):
    rows = claims("Sternocleidomastoid Muscle", "<p><i>Action:</i> flexion of the neck, protraction of the head, "
                  "and elevation of the sternum and ribs during inspiration</p>", "page.html")
    assert "ACTION:neck.elevation" not in values(rows, "action")


def test_the_title_joint_is_the_joint_of_motions_the_sentence_leaves_without_one(claims, values):
    rows = claims("The gemellus inferior muscle of the hip",
                  "The inferior gemellus muscle originates from the ischial tuberosity and attaches to the greater "
                  "trochanter of the femur. Its primary functions are lateral rotation and abduction.")
    assert values(rows, "action") == {"ACTION:hip.lateral_rotation", "ACTION:hip.abduction"}


def test_a_segment_in_the_title_is_no_joint(claims, values):
    rows = claims("The flexor digitorum longus muscle of the leg", "Its primary function is flexion.")
    assert values(rows, "action") == set()


def test_a_rotation_with_a_direction_word_is_that_rotation(claims, values):
    rows = claims("Deltoid", "<p>The anterior deltoid also works in tandem with the subscapularis, pecs and lats to "
                  "internally (medially) rotate the humerus.</p>", "page.html")
    assert values(rows, "action") == {"ACTION:shoulder.medial_rotation"}
    rows = claims("Gluteus maximus", "<p><i>Action:</i> This means that the gluteus maximus muscle rotates the upper "
                  "leg outward around the axis of the bone.</p>", "page.html")
    assert values(rows, "action") == {"ACTION:hip.lateral_rotation"}


def test_a_coordinated_motion_shares_the_joint_of_the_one_before(claims, values):
    rows = claims("Serratus Anterior Muscle", "<p><i>Action:</i> scapular rotation with arm abduction and flexion, "
                  "protraction of scapula</p>", "page.html")
    assert values(rows, "action") == {"ACTION:scapula.rotation", "ACTION:shoulder.abduction",
                                      "ACTION:shoulder.flexion", "ACTION:scapula.protraction"}


def test_movements_of_the_scapula_mandible_hyoid_and_thumb(claims, values):
    cases = {
        ("Levator Scapulae Muscle", "elevation and retraction of scapula"):
            {"ACTION:scapula.elevation", "ACTION:scapula.retraction"},
        ("Digastric Muscle", "elevates the hyoid bone, depresses and retracts the mandible"):
            {"ACTION:hyoid.elevation", "ACTION:mandible.depression", "ACTION:mandible.retraction"},
        ("Masseter Muscle", "protrudes and elevates the mandible"):
            {"ACTION:mandible.protraction", "ACTION:mandible.elevation"},
        ("Sternohyoid Muscle", "its function is to assist in lowering the hyoid bone"): {"ACTION:hyoid.depression"},
        ("Opponens Pollicis Muscle", "Thumb opposition"): {"ACTION:thumb.opposition"},
        ("Deltoid", "The deltoid is responsible for elevating the arm in the scapular plane."):
            {"ACTION:shoulder.elevation"},
    }
    for (title, action), expected in cases.items():
        assert values(claims(title, f"<p><i>Action:</i> {action}</p>", "page.html"), "action") == expected, title


def test_the_same_movements_in_german_and_spanish(claims, values):
    german = claims("Trapezmuskel", "<p><i>Aktion:</i> Anhebung des Schulterblatts, Senkung des Schulterblatts gegen "
                    "Widerstand</p>", "page.html")
    assert values(german, "action") == {"ACTION:scapula.elevation", "ACTION:scapula.depression"}
    spanish = claims("Músculo digástrico", "<p><i>Acción:</i> levanta el hueso hioides, baja y retrae la "
                     "mandíbula</p>", "page.html")
    assert values(spanish, "action") == {"ACTION:hyoid.elevation", "ACTION:mandible.depression",
                                         "ACTION:mandible.retraction"}


def test_a_bones_head_is_not_the_head(claims, values):
    rows = claims("Deltoid", "<p>The deltoid is responsible for abduction and its contraction also elevates the "
                  "humeral head.</p>", "page.html")
    assert "ACTION:neck.elevation" not in values(rows, "action")


# ---- whose a sentence is ----------------------------------------------------------------------------------

SOLEUS, GASTROCNEMIUS = "TA98:A04.7.02.047", "TA98:A04.7.02.044"
CALCANEUS, CALCANEAL_TENDON, HEAD_OF_FIBULA = "TA98:A02.5.11.001", "TA98:A04.7.02.048", "TA98:A02.5.07.002"


def test_a_muscle_a_preposition_governs_is_not_the_actor(claims, values):
    rows = claims("Soleus", "<p>The posterior aponeurosis and median septum join in the lower quarter of the muscle and "
                  "then join with the anterior aponeuroses of the gastrocnemius muscles to form the calcaneal tendon or "
                  "Achilles tendon and inserts onto the posterior surface of the calcaneus, or heel bone.</p>",
                  "page.html")
    assert values(rows, "insertion") == {CALCANEUS, CALCANEAL_TENDON}


def test_a_muscle_in_a_closed_parenthesis_is_not_the_actor(claims, values):
    rows = claims("The semimembranosus muscle of the thigh",
                  "It originates from the ischial tuberosity (more superiorly than the origin of the semitendinosus "
                  "and biceps femoris) and attaches to the medial tibial condyle.")
    assert values(rows, "insertion") == {"TA98:A02.5.06.003"}


def test_the_tendon_of_another_muscle_stays_that_muscles(claims, values):
    rows = claims("Soleus", "<p>The soleus lies deep. The tendon of the gastrocnemius inserts into the calcaneus.</p>",
                  "page.html")
    assert values(rows, "insertion") == set()


def test_a_relative_clause_belongs_to_the_governed_muscle_before_it(claims, values):
    rows = claims("Gastrocnemius", "<p>This is connected to the predominance of white muscle fibers (type II fast "
                  "twitch) present in the gastrocnemius, as opposed to the soleus, which has more red muscle fibers "
                  "(type I slow twitch).</p>", "page.html")
    assert values(rows, "fiber_type") == {"FIBER:type_II"}


def test_a_sentence_about_both_heads_is_also_about_each(claims, values):
    rows = claims("The long head of the biceps femoris muscle of the thigh",
                  "The long head of biceps femoris originates from the ischial tuberosity of the pelvis. Both the long "
                  "and short heads form a tendon that inserts into the head of the fibula.")
    assert {c["subject_id"] for c in rows} == {"TA98:A04.7.02.033"}
    assert values(rows, "insertion") == {HEAD_OF_FIBULA}
    other = claims("The short head of the biceps femoris muscle of the thigh",
                   "The lateral muscle inserts. Both the long and tall heads form a tendon that inserts into the head of "
                   "the fibula.")
    assert {c["subject_id"] for c in other} == {"TA98:A04.7.02.034"}


def test_everyday_names_of_the_ulnar_tuberosity_and_the_mandible(claims, values):
    rows = claims("Brachialis Muscle", "<p><i>Insertion:</i> it inserts on the ulnar tuberosity and the joint capsule."
                  "</p>", "page.html")
    assert values(rows, "insertion") == {"TA98:A02.4.06.004"}
    rows = claims("Músculo Braquial", "<p><i>Inserción:</i> se inserta en la tuberosidad ulnar y en la cápsula "
                  "articular.</p>", "page.html")
    assert values(rows, "insertion") == {"TA98:A02.4.06.004"}
    rows = claims("Temporal Muscle", "<p><i>Insertion:</i> coronoid process and anterior border of mandibular bone</p>",
                  "page.html")
    assert "TA98:A02.1.15.001" in values(rows, "insertion")


def test_a_negated_attachment_is_no_claim(claims, values):
    rows = claims("Brachialis", "<p>Its tendon is inserted into the tuberosity of the ulna. Unlike the biceps, the "
                  "brachialis does not insert on the radius, and does not participate in pronation.</p>", "page.html")
    assert values(rows, "insertion") == {"TA98:A02.4.06.004"}
