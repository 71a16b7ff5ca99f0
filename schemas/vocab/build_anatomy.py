"""Derive schemas/vocab/anatomy.tsv from the shared TA98 term list. Run by hand; the output is committed.

    python schemas/vocab/build_anatomy.py [path/to/ta98_terms.csv]

Source: ../shared/vocab/ta98_terms.csv (Terminologia Anatomica 1998 codes with English, Latin and Spanish terms,
from MarioAndF/Hominum @ 0dba2456, Reference/anatomy.json). Only the chapters muscle anatomy needs are kept.

One output row per (id, language, surface form):
    id  parent_id  kind  language  term  term_kind (preferred | latin | synonym | composite)
TA98 lists many terms that are unique only together with their parent ("Lateral condyle" of femur and of tibia);
the parent is derived from code order, and composite forms ("lateral condyle of the femur") are emitted so a
matcher can prefer the longer, unambiguous phrase.
"""
from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parents[2] / "shared" / "vocab" / "ta98_terms.csv"
OUTPUT = HERE / "anatomy.tsv"

# Chapters kept (prefix match on the code): regions, bones, joints, muscles, arteries, veins, peripheral nerves.
# A01.0 (positional adjectives such as "Lateral", "Median") would turn every adjective into a mention.
KEEP = ("A01.1", "A01.2", "A02", "A03", "A04", "A12.2", "A12.3", "A14.2")

# Soft parts muscles of the face (and the palm) attach to, from chapters otherwise left out (A05 mouth, A06 nose,
# A15 eye, A16 skin): "inserts into the skin of the upper lip", "the modiolus", "the ala of the nose".
# A tissue (skin, dermis) names what a muscle attaches to in a region or soft part named after it ("the skin OF THE
# chin": fields.yaml tissue_of); a soft part is a value by itself. The modiolus is no part of levator anguli oris,
# whose group TA98 lists it in. Words a page means otherwise are left out: Spanish "Ala" (of the sacrum, the ilium).
TISSUES = {"A16.0.00.002", "A16.0.00.010"}  # skin, dermis
SOFT_PARTS = {"A05.1.01.005", "A05.1.01.006", "A05.1.01.007", "A05.1.01.009", "A05.1.01.012", "A05.1.01.013",
              "A06.1.01.005", "A06.1.02.002", "A15.2.07.023", "A15.2.07.024", "A15.2.07.025", "A15.2.07.026",
              "A04.1.03.035"}
SOFT_PARENTS = {**{part: "A05.1.01.005" for part in ("A05.1.01.006", "A05.1.01.007", "A05.1.01.009", "A05.1.01.012")},
                **{lid: "A15.2.07.024" for lid in ("A15.2.07.025", "A15.2.07.026")}}  # lips, eyelids

# Codes left out although their chapter is kept: TA98 lists joint movements (A03.0.00.053-063 "Flexion",
# "Lateral rotation") and muscle types named by movement (A04.0.00.020-029 "Flexor muscle") as general terms;
# those words are the movement lexicon's (actions.yaml), and as anatomy they would shadow every action mention.
# A02.0.00.044/045 are the bare adjectives "Primary"/"Secondary".
EXCLUDE = {f"A03.0.00.{n:03d}" for n in range(53, 64)} | {f"A04.0.00.{n:03d}" for n in range(20, 30)} | {
    "A02.0.00.044", "A02.0.00.045"}

# Terms of one language dropped for one code: obscure homonyms of everyday words. Spanish TA98 calls the genu of
# the facial nerve "Rodilla", which would make every Spanish "rodilla" (knee) ambiguous.
DROP_TERMS = {("A14.2.01.100", "es"),
              # Spanish "Costilla" (one rib) and "Costillas" (the ribs, A02.3.01.001) differ only by the plural -s
              # the matcher ignores; "costillas" on a page means the ribs, as English "ribs" does.
              ("A02.3.02.001", "es"), ("A06.1.01.005", "es")}

# Misspelt or wrong terms of the source, replaced (code, language) -> term: the Spanish singular "Rib" is given
# the plural "Costillas" (which makes every "costillas" ambiguous), the tibia's condyles "Cóndilus".
TERM_FIXES = {
    ("A02.3.02.001", "es"): "Costilla",
    ("A02.5.06.003", "es"): "Cóndilo medial",
    ("A02.5.06.004", "es"): "Cóndilo lateral",
    ("A14.2.03.040", "es"): "Nervio ulnar",
    ("A12.2.05.002", "es"): "Arteria tiroidea superior",
}

# Latin abbreviations in TA98 and their expansions, per language of the term.
ABBREVIATIONS = {
    "la": {"M.": "Musculus", "Mm.": "Musculi", "N.": "Nervus", "Nn.": "Nervi", "A.": "Arteria",
           "Aa.": "Arteriae", "V.": "Vena", "Vv.": "Venae", "R.": "Ramus", "Rr.": "Rami",
           "Lig.": "Ligamentum", "Ligg.": "Ligamenta", "m.": "musculi", "n.": "nervi", "a.": "arteriae"},
    "es": {"M.": "Músculo", "Mm.": "Músculos", "N.": "Nervio", "Nn.": "Nervios", "A.": "Arteria",
           "Aa.": "Arterias", "V.": "Vena", "Vv.": "Venas", "R.": "Rama", "Rr.": "Ramas"},
}

# Surface forms never emitted: common words that collide with a Latin or region term ("os" is the Latin mouth and
# a Spanish pronoun; "back" is mostly an adverb in prose; "index" and "temple" are everyday English).
# Bare generic words TA98 happens to list once ("Roots" of the brachial plexus, "Floor" of the orbit) are dropped
# too: in prose they are almost never that structure; their composites ("floor of the orbit") are kept.
STOP_FORMS = {"os", "index", "back", "temple", "a", "v", "n", "m", "r", "roof", "floor", "angle", "axis", "lambda",
              "vertex", "line", "process", "roots", "trunks", "cords", "ramus", "lingula", "orbit",
              # bare collective headers: "muscles" in prose is never TA98's "Muscles of lower limb" header
              "muscles", "bones", "joints", "arteries", "veins", "nerves", "compartments", "musculi", "ossa",
              "juncturae", "arteriae", "venae", "nervi", "compartimenta", "musculos", "huesos", "articulaciones",
              "arterias", "venas", "nervios", "compartimentos"}

# Parents TA98's code order gets wrong: the calcaneal tendon is listed after soleus but is the common tendon of
# triceps surae (gastrocnemius and soleus). Whole muscles get no parent: parent_id is the whole a *part* belongs to.
# Fingers and toes: regions a tendon inserts onto ("inserts onto the big toe"), unlike the leg or the heel.
DIGITS = {f"A01.1.00.{n:03d}" for n in (30, 46, *range(53, 63))}

PARENT_OVERRIDES = {
    "A04.7.02.048": "A04.7.02.043",  # calcaneal tendon -> triceps surae
    # Whole bones inside a larger skeletal whole that pages name as a locator ("ischial tuberosity of the pelvis",
    # "the tarsus" for the cuneiforms): TA98 lists them as separate groups.
    **{bone: "A02.5.02.001" for bone in ("A02.5.01.001", "A02.2.05.001", "A02.2.06.001")},  # hip bone, sacrum, coccyx -> pelvis
    **{bone: "A02.5.09.001" for bone in ("A02.5.10.001", "A02.5.11.001", "A02.5.12.001", "A02.5.13.001",
                                         "A02.5.14.001", "A02.5.15.001", "A02.5.16.001")},  # tarsals -> tarsal bones
}

# Collective headers ("Muscles of lower limb", "Compartments") are groups, not entities a page talks about.
GROUP_RE = re.compile(
    r"^(bones|muscles|joints|arteries|veins|nerves|compartments|fascia|regions|parts|bursae|"
    r"tendinous sheaths|tendon sheaths|cavities|planes)( of .*)?$|^(parts|planes|regions) ", re.I)
LA_MUSCLE = re.compile(r"^(M\.|Mm\.|Musculus|Musculi) ")
LA_BRANCH = re.compile(r"^(R\.|Rr\.|Ramus|Rami) ")
LA_LIGAMENT = re.compile(r"^(Lig\.|Ligg\.|Ligamentum|Ligamenta)(\s|$)")
LA_JOINT = re.compile(r"^(Articulatio|Articulationes|Junctura|Juncturae|Syndesmos[ie]s|Synchondros[ie]s|"
                      r"Symphysis|Sutura|Suturae|Gomphosis)\b")
LA_FASCIA = re.compile(r"^(Fascia|Fasciae|Tractus|Aponeurosis|Retinacul\w*|Septum|Lamina|Membrana|Galea)\b")
COMPOSED_KINDS = {"bone_part", "muscle_part", "tendon", "ligament", "joint_part"}
PART_KIND = {"bone_part": {"bone"}, "muscle_part": {"muscle", "compartment"}, "tendon": {"muscle"},
             "ligament": {"joint"}, "joint_part": {"joint"}, "fascia": set()}


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def group_of(code: str) -> str:
    return code.rsplit(".", 1)[0]


def classify(code: str, en: str, la: str, first_in_group: bool) -> str:
    chapter, section = code[:3], code.split(".")[1]
    if code in TISSUES:
        return "tissue"
    if code in SOFT_PARTS:
        return "soft_part"
    if GROUP_RE.match(en) or la in ("Musculi", "Ossa", "Juncturae", "Fasciae", "Compartimenta"):
        return "group"
    if section == "0" or code.startswith("A14.2.00"):
        return "general"  # general terms: "Head", "Tendon", "Condyle", "Nerve"
    if chapter == "A01":
        return "digit" if code in DIGITS else "region"
    if chapter == "A02":
        return "bone" if first_in_group or la.startswith(("Os ", "Ossa ")) else "bone_part"
    if chapter == "A03":
        if LA_LIGAMENT.match(la):
            return "ligament"
        return "joint" if LA_JOINT.match(la) else "joint_part"
    if chapter == "A04":
        if LA_MUSCLE.match(la):
            return "muscle"
        if la.startswith("Caput"):
            return "muscle_part"
        if la.startswith("Tendo"):
            return "tendon"
        if la.startswith("Compartiment"):
            return "compartment"
        if la.startswith("Bursa"):
            return "bursa"
        if la.startswith("Vagina"):
            return "tendon_sheath"
        if LA_FASCIA.match(la):
            return "fascia"
        return "muscle" if first_in_group else "muscle_part"  # Platysma, Diaphragma head their groups
    if code.startswith("A12.2"):
        return "artery"
    if code.startswith("A12.3"):
        return "vein"
    return "nerve"


def clean(term: str) -> list[str]:
    """TA98 decorations -> plain alternatives: sex-marked pairs split, optional-term parentheses unwrapped,
    numbering like "(I-V)" dropped."""
    out = []
    for part in re.split(r"\s*[♀♂]\s*(?:[-,]\s*|$)", term):
        part = part.replace("♀", "").replace("♂", "").strip().rstrip(".").strip()
        if part.startswith("(") and part.endswith(")") and part.count("(") == 1:
            part = part[1:-1]
        part = re.sub(r"\s*\([^)]*\)", "", part).strip()
        if part:
            out.append(" ".join(part.split()))
    return out


def expand(term: str, lang: str) -> str:
    table = ABBREVIATIONS.get(lang, {})
    return " ".join(table.get(w, w) for w in term.split())


def singular(term: str) -> str | None:
    """Trivial English plurals of vessel and nerve names ("Sural arteries" -> "Sural artery")."""
    for plural, single in (("arteries", "artery"), ("veins", "vein"), ("nerves", "nerve"), ("branches", "branch")):
        if term.endswith(" " + plural):
            return term[: -len(plural)] + single
    return None


def english_forms(term: str, kind: str) -> list[tuple[str, str]]:
    forms = [(term, "preferred")]
    variants = [term]
    if re.search(r"\w-\w", term):
        variants.append(re.sub(r"(\w)-(\w)", r"\1\2", term))  # "Ilio-inguinal" / "ilioinguinal"
    if kind in ("artery", "vein", "nerve") and singular(term):
        variants.append(singular(term))
    for v in list(variants):
        if re.search(r" of (?!the )\w", v):
            variants.append(re.sub(r" of (?!the )", " of the ", v))  # "compartment of leg" / "of the leg"
    if kind == "muscle" and not re.search(r"muscles?$", term, re.I):
        variants += [f"{v} muscle" for v in list(variants)] + [f"{term} muscles"]
    forms += [(v, "synonym") for v in variants[1:]]
    return forms


def main(source: Path = DEFAULT_SOURCE) -> None:
    with open(source, newline="", encoding="utf-8") as fh:
        raw = [r for r in csv.DictReader(fh) if (r["ta98_id"].startswith(KEEP) or r["ta98_id"] in TISSUES | SOFT_PARTS)
               and r["ta98_id"] not in EXCLUDE]

    rows, seen_codes = [], set()
    for r in raw:  # duplicate codes: keep the first row's kind, but every distinct term
        row = {"id": r["ta98_id"], "en": r["term_en"] or "", "la": r["term_la"] or "", "es": r["term_es"] or ""}
        for lang in ("en", "la", "es"):
            row[lang] = TERM_FIXES.get((r["ta98_id"], lang), row[lang])
        rows.append(row)

    # Kinds, in code order within each group.
    first_seen: set[str] = set()
    for r in rows:
        g = group_of(r["id"])
        first = g not in first_seen and r["id"] not in seen_codes
        first_seen.add(g)
        la0 = (clean(r["la"]) or [""])[0]
        en0 = (clean(r["en"]) or [""])[0]
        r["kind"] = classify(r["id"], en0, la0, first)
        r["branch"] = bool(LA_BRANCH.match(la0))
        seen_codes.add(r["id"])
    kind_of = {}
    for r in rows:
        kind_of.setdefault(r["id"], r["kind"])

    # Parents: nearest preceding whole of the right kind in the same group (3-part code prefix).
    parent_of: dict[str, str] = {}
    by_group: dict[str, list[dict]] = {}
    for r in rows:
        by_group.setdefault(group_of(r["id"]), []).append(r)
    for members in by_group.values():
        for i, r in enumerate(members):
            if r["id"] in parent_of:
                continue
            wanted = PART_KIND.get(r["kind"])
            if r["kind"] in ("artery", "vein", "nerve") and r["branch"]:
                wanted = {r["kind"]}
            parent = None
            if wanted:
                for prev in reversed(members[:i]):
                    if prev["kind"] in wanted and not prev.get("branch") and prev["id"] != r["id"]:
                        parent = prev["id"]
                        break
            elif r["kind"] == "bone" and i > 0 and members[0]["kind"] == "bone" and members[0]["id"] != r["id"]:
                parent = members[0]["id"]  # ilium, ischium, pubis -> hip bone
            if parent:
                parent_of[r["id"]] = parent
    for code, parent in PARENT_OVERRIDES.items():
        parent_of[code] = parent
    for code in SOFT_PARTS | TISSUES:
        parent_of.pop(code, None)
    parent_of.update(SOFT_PARENTS)

    # Names of each entity used to build composites: English and Spanish bare names.
    def bare_es(t: str) -> str:
        return re.sub(r"^(Músculo|Músculos|M\.|Mm\.) ", "", t)

    names = {}
    for r in rows:
        if r["id"] in names:
            continue
        en = (clean(r["en"]) or [""])[0]
        es = (clean(r["es"]) or [""])[0]
        names[r["id"]] = {"en": en, "es": bare_es(expand(es, "es")) if es else ""}

    # Muscles named alike in hand and foot ("Abductor digiti minimi", "Lumbricals") get "... of the foot" forms.
    limb_of = {"A04.6": "hand", "A04.7": "foot"}
    LIMB_ES = {"hand": ("de la mano",), "foot": ("del pie",)}  # noqa: N806
    chapters_of: dict[str, set[str]] = {}
    for code, kind in kind_of.items():
        if kind == "muscle" and code[:5] in limb_of:
            chapters_of.setdefault(fold(names[code]["en"]), set()).add(code[:5])

    out: list[tuple[str, str, str, str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()

    def emit(code: str, lang: str, term: str, term_kind: str) -> None:
        term = " ".join(term.split())
        key = (code, lang, fold(term))
        if not term or key in seen or fold(term) in STOP_FORMS or (code, lang) in DROP_TERMS:
            return
        seen.add(key)
        out.append(("TA98:" + code, "TA98:" + parent_of[code] if code in parent_of else "",
                    kind_of[code], lang, term, term_kind))

    for r in rows:
        code, kind = r["id"], kind_of[r["id"]]
        for en in clean(r["en"]):
            for form, tk in english_forms(en, kind):
                emit(code, "en", form, tk)
        for la in clean(r["la"]):
            full = expand(la, "la")
            emit(code, "la", full, "latin")
            emit(code, "la", la, "latin")
            if kind == "muscle":
                emit(code, "la", LA_MUSCLE.sub("", la), "latin")  # "gastrocnemius" as written in Latin pages
        for es in clean(r["es"]):
            emit(code, "es", expand(es, "es"), "preferred")  # "Nervio tibial" before TA98's "N. tibial"
            emit(code, "es", es, "synonym")
            if kind == "muscle":
                emit(code, "es", bare_es(expand(es, "es")), "synonym")
        if kind == "muscle" and len(chapters_of.get(fold(names[code]["en"]), ())) > 1:
            name, limb = names[code]["en"], limb_of[code[:5]]
            for form in (f"{name} of the {limb}", f"{name} of {limb}", f"{name} muscle of the {limb}"):
                emit(code, "en", form, "composite")
            if names[code]["es"]:
                name_es = lower_first(names[code]["es"])
                for form in LIMB_ES[limb]:
                    emit(code, "es", f"{name_es} {form}", "composite")  # "interóseos dorsales de la mano"
        # Composites with the parent's name: what makes a generic part term unique.
        parent = parent_of.get(code)
        if not parent:
            continue
        if kind not in COMPOSED_KINDS and not r["branch"]:
            continue  # a whole muscle or bone is named on its own; "gastrocnemius of triceps surae" is noise
        p_en, p_es = lower_first(names[parent]["en"]), lower_first(names[parent]["es"])
        p_en_forms = [p_en]
        for en in clean(r["en"]):
            for v in [en] + ([singular(en)] if singular(en) else []):
                if fold(p_en) in fold(v):
                    continue
                for p in p_en_forms:
                    emit(code, "en", f"{v} of {p}", "composite")
                    emit(code, "en", f"{v} of the {p}", "composite")
                if kind == "muscle_part":
                    emit(code, "en", f"{names[parent]['en']} {lower_first(v)}", "composite")  # "gastrocnemius medial head"
                    side = re.match(r"^(Medial|Lateral) head$", v)
                    if side:
                        emit(code, "en", f"{side.group(1)} {p_en}", "composite")  # "medial gastrocnemius"
        for es in {expand(es, "es"): 0 for es in clean(r["es"])}:
            if p_es and fold(p_es) not in fold(es):
                for link in ("de", "de la" if p_es.endswith("a") else "del"):  # la tibia / el fémur
                    emit(code, "es", f"{es} {link} {p_es}", "composite")

    with open(OUTPUT, "w", encoding="utf-8", newline="") as fh:
        fh.write("# Derived from ../shared/vocab/ta98_terms.csv (Terminologia Anatomica 1998; MarioAndF/Hominum @ "
                 "0dba2456) by schemas/vocab/build_anatomy.py. Do not edit by hand: edit the script and re-run.\n")
        fh.write("id\tparent_id\tkind\tlanguage\tterm\tterm_kind\n")
        for row in out:
            fh.write("\t".join(row) + "\n")
    print(f"{OUTPUT}: {len(out)} rows, {len(kind_of)} ids")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
