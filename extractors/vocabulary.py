"""The normalizer: surface text -> canonical ids (TA98:<code>, ACTION:<joint>.<motion>). Pure functions.

Data (schemas/vocab/): anatomy.tsv (derived from TA98), synonyms.tsv (hand-curated forms and adjectives, per
language), actions.yaml (movement lexicon), context.yaml (articles, linkers, "muscle" words, word variants per
language). Text and terms are compared in nlp.norm form: folded, without a final plural -s.

Resolution order for a matched span inside a text (``analyze``):
  1. exact: the span names one id (terms of the page's language win over Latin ones);
  2. context: a part term ("lateral condyle", "medial head", Spanish "cóndilo lateral") takes, among its
     candidates and their homonyms (ids with the same English or Latin name), the one whose parent is named right
     after it by a linker ("... of the femur", "del fémur": part and whole become one mention, as TA98's
     composites are), by an adjective or possessive ("the femoral head", "the femur's ..."), by a Latin
     genitive, or right before it with a comma ("tibia, lateral condyle"); else whose parent is the page subject
     or the subject's own whole; else, for a term both limbs share ("phalanges", "digits"), the one in the limb of
     the finger or toe named after it ("of the thumb") or of the subject (a muscle of the leg). A part whose
     only candidate belongs to another whole than the one named after it ("dorsal surface of the ulna": TA98's is
     the sacrum's) is unresolved, reason "other_whole";
  3. otherwise it stays a mention with value_id None, reason "ambiguous" and its candidates.
Motions get their joint from the sentence (see actions.yaml); method "composed".
``resolve`` handles a whole short string: exact after folding, then rapidfuzz (FUZZY_MIN_SCORE), then the
mentions inside it, then fuzzy word windows.
"""
from __future__ import annotations

import bisect
import csv
import functools
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from spacy.tokens import Span
from spacy.util import filter_spans

from extractors.bridge import Bridge, Concepts, build_index, read_words
from extractors.nlp import UnsupportedLanguage, base_lang, fold, norm, pipeline
from schemas import VOCAB_DIR

__all__ = ["Mention", "Analysis", "UnsupportedLanguage", "analyze", "resolve", "label", "parent", "kind", "labels",
           "FUZZY_MIN_SCORE"]

# Minimum rapidfuzz ratio (0-100) for a typo match: one wrong letter in a 10-letter name scores 90-95
# ("posteior" ~ "posterior" 94, "Tabialis anterior" ~ "tibialis anterior" 94); two in a short name do not pass.
FUZZY_MIN_SCORE = 90
FUZZY_MIN_LENGTH = 5  # shorter strings are too easy to confuse ("leg" ~ "lег", "hip" ~ "lip")
FUZZY_MAX_WORDS = 12  # word-window fuzzy search only for short strings (field values, titles)
RESOLVE_CACHE_SIZE = 50_000  # distinct (string, language, kinds, subject) results kept; ~10 MB at most
WORDS_DIR = VOCAB_DIR / "words"  # the word bridge's dictionaries (extractors/bridge.py)
TERSE_GAP_TOKENS = 6  # "fibula, deux tiers inférieurs de la face postérieure": the comma and at most 5 words
LINKED_GAP_WORDS = 4  # "lateral condyle of the distal right femur": at most this many words between part and whole


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str  # == analysed[start:end]
    kind: str  # bone, bone_part, muscle, muscle_part, tendon, nerve, artery, vein, region, ..., action, mixed
    value_id: str | None
    label: str | None
    method: str  # exact | context | fuzzy | composed
    reason: str | None = None  # ambiguous | other_whole | no_joint | not_in_vocabulary | unknown
    candidates: tuple[str, ...] = ()
    score: float = 100.0  # similarity of the text to the term it was resolved by (0-100): below 100 only for fuzzy


@dataclass
class Analysis:
    text: str
    sentences: list[tuple[int, int]]
    mentions: list[Mention]


# ---- data ---------------------------------------------------------------------------------------------------

def _rows(name: str) -> list[dict]:
    with open(VOCAB_DIR / name, encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _mkey(text: str) -> str:
    """Matching key, whitespace-insensitive: the concatenated token NORMs of a span equal this for its text."""
    return "".join(norm(text).split())


@dataclass
class _Lexicon:  # one language's movement lexicon, folded
    forms: dict[str, list[str]]  # "MOTION:flexion" / "JOINT:knee" / "SEGMENT:knee" / "COMPOUND:hip.flexion" -> forms
    boundaries: frozenset[str]
    skip: frozenset[str]
    forward_window: int = 0
    backward_window: int = 0


class _Data:
    def __init__(self) -> None:
        self.kind: dict[str, str] = {}
        self.parent: dict[str, str | None] = {}
        self.terms: list[tuple[str, str, str, str]] = []  # (id, language, term, term_kind)
        for row in _rows("anatomy.tsv"):
            self.kind.setdefault(row["id"], row["kind"])
            self.parent.setdefault(row["id"], row["parent_id"] or None)
            self.terms.append((row["id"], row["language"], row["term"], row["term_kind"]))
        self.adjectives: dict[str, dict[str, str]] = {}
        for row in _rows("synonyms.tsv"):
            if row["id"] not in self.kind:
                raise ValueError(f"synonyms.tsv: unknown id {row['id']}")
            if row["kind"] == "adjective":
                self.adjectives.setdefault(row["language"], {})[norm(row["term"])] = row["id"]
            else:
                self.terms.append((row["id"], row["language"], row["term"], "synonym"))
        ctx = yaml.safe_load((VOCAB_DIR / "context.yaml").read_text(encoding="utf-8"))
        self.terms += _word_variants(self.terms, ctx.get("word_variants") or {})
        self.by_mkey: dict[str, list[tuple[str, str]]] = {}
        for entity, lang, term, _ in self.terms:
            bucket = self.by_mkey.setdefault(_mkey(term), [])
            if (entity, lang) not in bucket:
                bucket.append((entity, lang))

        # Token NORMs and resolve() keys are compared with both forms; folded() keeps the words as written.
        self.context_folded = {section: {lang: frozenset(fold(str(w)) for w in words) for lang, words in values.items()}
                               for section, values in ctx.items()}
        self.context = {section: {lang: frozenset(f(str(w)) for w in words for f in (fold, norm))
                                  for lang, words in values.items()}
                        for section, values in ctx.items()}

        acts = yaml.safe_load((VOCAB_DIR / "actions.yaml").read_text(encoding="utf-8"))
        self.forward_window = acts["forward_window"]
        self.backward_window = acts["backward_window"]
        self.implied = acts["implied_joint"]
        self.ambiguous_actions = acts["ambiguous"]
        self.joint_labels, self.motion_labels = acts["joint_labels"], acts["motion_labels"]
        self.lexicons: dict[str, _Lexicon] = {}
        self.motions, self.joints = set(), set(self.implied.values())
        for lang, lex in acts["languages"].items():
            forms: dict[str, list[str]] = {}
            for section, prefix in (("motions", "MOTION"), ("joints", "JOINT"), ("segments", "SEGMENT")):
                for name, words in (lex.get(section) or {}).items():
                    forms[f"{prefix}:{name}"] = [f"{w[:-1]}{suffix}" if w.endswith("*") else w
                                                 for w in map(str, words)
                                                 for suffix in (acts["wildcard_suffixes"] if w.endswith("*") else [""])]
                    (self.motions if prefix == "MOTION" else self.joints).add(name)
            for word, action in (lex.get("compounds") or {}).items():  # "Hüftbeugung": joint and motion in one word
                forms.setdefault(f"COMPOUND:{action}", []).append(str(word))
            self.lexicons[lang] = _Lexicon(forms, frozenset(norm(str(w)) for w in lex.get("boundaries") or []),
                                           frozenset(norm(str(w)) for w in lex.get("skip") or []),
                                           lex.get("forward_window", self.forward_window),
                                           lex.get("backward_window", self.backward_window))
        self._rindex: dict[str, list[tuple[str, str]]] | None = None
        self._fuzzy: dict[str, FuzzyChoices] = {}
        self._words: dict[tuple, frozenset[str]] = {}
        self._first_words: dict[str, list[tuple[str, str]]] = {}
        self._bridges: dict[str, Bridge | None] = {}

    def bridge(self, lang: str) -> Bridge | None:
        """The word bridge of ``lang`` (schemas/vocab/words/<lang>.tsv) to the English terms; None without one.
        en.tsv is the concepts' file, not a bridge: English (and Latin) pages match the terms themselves."""
        if lang not in self._bridges:
            path = WORDS_DIR / f"{lang}.tsv"
            if lang in ("en", "la") or not path.is_file():
                self._bridges[lang] = None
            else:
                skip = frozenset().union(*(self.words(s, lang) for s in ("articles", "linkers", "muscle_words")))
                postposed = frozenset(norm(w) for w in self.context_folded.get("postposed_adjectives", {}).get(lang, []))
                self._bridges[lang] = Bridge(read_words(path), self.concepts, self.bridge_index, skip, postposed)
        return self._bridges[lang]

    @functools.cached_property
    def concepts(self) -> Concepts:
        return Concepts(read_words(WORDS_DIR / "en.tsv"))

    @functools.cached_property
    def bridge_index(self) -> dict[tuple[str, ...], list[str]]:
        """The bridge's keys of the English terms; "to" does not count ("Nerve to piriformis": "nerf du piriforme")."""
        skip = frozenset().union(*(self.words(s, "en") for s in ("articles", "linkers", "muscle_words")), {"to"})
        english = [(entity, term, term_kind) for entity, lang, term, term_kind in self.terms if lang == "en"]
        return build_index(english, self.concepts, skip, self.parent, self.kind)

    def words(self, section: str, *langs: str, folded: bool = False) -> frozenset[str]:
        found = self._words.get((section, langs, folded))
        if found is None:  # memoized: asked for on every resolve, analysis and title
            context = self.context_folded if folded else self.context
            found = frozenset().union(*(context.get(section, {}).get(lang, frozenset()) for lang in langs))
            self._words[(section, langs, folded)] = found
        return found

    def muscle_first_words(self, lang: str) -> list[tuple[str, str]]:
        """(muscle id, first folded word of the term) of every muscle term in ``lang`` or Latin."""
        if lang not in self._first_words:
            self._first_words[lang] = [(entity, (re.findall(r"\w+", fold(term)) or [""])[0])
                                       for entity, term_lang, term, _ in self.terms
                                       if term_lang in (lang, "la") and self.kind.get(entity) == "muscle"]
        return self._first_words[lang]

    # resolve() index: whole-string keys, articles and "muscle" words dropped
    def rkey(self, text: str, lang: str) -> str:
        return self.rkey_of_words(re.findall(r"\w+", norm(text)), lang)

    def rkey_of_words(self, words: list[str], lang: str) -> str:
        """rkey() of a text already split into normalized words."""
        if words and words[0] in self.words("articles", lang):
            words = words[1:]
        muscle = self.words("muscle_words", lang, "la")
        return " ".join(w for w in words if w not in muscle)

    @property
    def rindex(self) -> dict[str, list[tuple[str, str]]]:
        if self._rindex is None:
            index: dict[str, list[tuple[str, str]]] = {}
            for entity, lang, term, _ in self.terms:
                bucket = index.setdefault(self.rkey(term, lang), [])
                if (entity, lang) not in bucket:
                    bucket.append((entity, lang))
            index.pop("", None)
            self._rindex = index
        return self._rindex

    def fuzzy_choices(self, lang: str) -> FuzzyChoices:
        if lang not in self._fuzzy:
            self._fuzzy[lang] = FuzzyChoices([k for k, entries in self.rindex.items() if len(k) >= FUZZY_MIN_LENGTH
                                              and any(l in (lang, "la", "en") for _, l in entries)])
        return self._fuzzy[lang]

    @functools.cached_property
    def homonym_index(self) -> dict[str, list[str]]:
        """Key of an English preferred or Latin term -> the ids named so ("Lateral condyle": femur's, tibia's)."""
        index: dict[str, list[str]] = {}
        for entity, lang, term, term_kind in self.terms:
            if (lang, term_kind) in (("en", "preferred"), ("la", "latin")):
                bucket = index.setdefault(f"{lang}:{_mkey(term)}", [])
                if entity not in bucket:
                    bucket.append(entity)
        return index

    def homonyms(self, entity: str) -> list[str]:
        """Ids that share an English or Latin name with ``entity``: the other parts a page's word may mean when
        its own language names only one of them (Spanish TA98 spells the tibia's lateral condyle differently)."""
        keys = {f"{lang}:{_mkey(term)}" for _, lang, term, term_kind in _terms_by_id().get(entity, [])
                if (lang, term_kind) in (("en", "preferred"), ("la", "latin"))}
        return list(dict.fromkeys(i for key in keys for i in self.homonym_index.get(key, [])))

    def ancestors(self, entity: str | None) -> list[str]:
        out = []
        while entity and entity not in out:
            out.append(entity)
            entity = self.parent.get(entity)
        return out


def _word_variants(terms, variants: dict[str, dict[str, list[str]]]) -> list[tuple[str, str, str, str]]:
    """Terms with a word replaced by its everyday variant (context.yaml word_variants: Spanish "apófisis
    transversa" is also written "proceso transverso"): matched like the term, never a label."""
    out = []
    for lang, table in variants.items():
        table = {fold(str(word)): [fold(str(v)) for v in alternatives] for word, alternatives in table.items()}
        for entity, term_lang, term, _ in terms:
            if term_lang != lang:
                continue
            words = re.findall(r"\w+|\W+", fold(term))
            if not any(w in table for w in words):
                continue
            forms = [""]
            for word in words:
                forms = [f + alt for f in forms for alt in [word, *table.get(word, [])]]
            out += [(entity, lang, form, "variant") for form in forms[1:]]
    return out


@functools.cache
def _data() -> _Data:
    return _Data()


def match_terms(lang: str) -> list[str]:
    """Every surface form the anatomy matcher of ``lang`` looks for: that language's and Latin terms."""
    code = base_lang(lang)
    seen, out = set(), []
    for _, term_lang, term, _ in _data().terms:
        key = " ".join(fold(term).split())  # not _mkey: "Tendo calcaneus" and "tendocalcaneus" are both patterns
        if term_lang in (code, "la") and key not in seen:
            seen.add(key)
            out.append(term)
    return out


def action_forms(lang: str) -> dict[str, list[str]]:
    lex = _data().lexicons.get(base_lang(lang))
    return lex.forms if lex else {}


def name_key(text: str, lang: str) -> str:
    """Folded words of a name without a leading article and "muscle" words: "The Gastrocnemius Muscle" ->
    "gastrocnemius", "Músculo Deltoides" -> "deltoides"."""
    return _data().rkey(text, base_lang(lang))


def name_language(name: str, lang: str) -> str:
    """The language of a name (a page title): ``lang`` (the page's), unless the vocabulary has the name, whole,
    only as a term of one other language ("Flyndermusklen" on a page read as English is Danish)."""
    code = base_lang(lang)
    data = _data()
    words = re.findall(r"\w+", norm(name))
    keys = {data.rkey_of_words(words, other) for other in {code, *data.context.get("articles", {})}}  # "Den ..."
    languages = {term_lang for key in keys for _, term_lang in data.rindex.get(key, [])}
    if not languages or code in languages:
        return code
    return languages.pop() if len(languages) == 1 else code


def names_one_muscle(title: str, lang: str) -> bool:
    """Does a title name one muscle by its words ("Corrugator Muscle", "Músculo risorio", "Deltoidmuskel"),
    not a group ("Muscles of the leg")? For pages whose muscle the vocabulary lacks."""
    data = _data()
    code = base_lang(lang)
    words = re.findall(r"\w+", fold(title))
    plurals = data.words("muscle_plurals", code, "la", folded=True)
    singular = data.words("muscle_words", code, "la", folded=True) - plurals
    compounds = data.words("muscle_compounds", code, folded=True)
    if any(w in plurals for w in words):
        return False
    return any(w in singular or any(w.endswith(c) and len(w) > len(c) for c in compounds) for w in words)


GROUP_STEM_MIN = 5  # "scalene" / "scalenus": at least this many letters in common, and all but two of the word's


def names_muscle_group(title: str, lang: str) -> bool:
    """Does a plural title name a group of muscles by their shared name ("Scalene Muscles", "Músculos
    Escalenos": scalenus anterior, medius, posterior), not a region ("Muscles of the Leg")? One name word besides
    the muscle words, that begins the names of two or more muscles of the vocabulary. For pages about a group
    TA98 has no entry for."""
    data = _data()
    code = base_lang(lang)
    words = re.findall(r"\w+", fold(title))
    plurals = data.words("muscle_plurals", code, "la", folded=True)
    if not any(w in plurals for w in words):
        return False
    skip = data.words("muscle_words", code, "la", folded=True) | data.words("articles", code, folded=True)
    names = [w for w in words if w not in skip]
    if len(names) != 1:
        return False
    word = names[0]
    stem = word[:max(GROUP_STEM_MIN, len(word) - 2)]  # shared with the muscle's first word
    if len(stem) < GROUP_STEM_MIN:
        return False
    return len({entity for entity, first in data.muscle_first_words(code) if first.startswith(stem)}) >= 2


# ---- lookups ------------------------------------------------------------------------------------------------

def kind(entity_id: str) -> str | None:
    if entity_id.startswith("ACTION:"):
        joint, _, motion = entity_id[7:].partition(".")
        return "action" if joint in _data().joints and motion in _data().motions else None
    return _data().kind.get(entity_id)


def parent(entity_id: str) -> str | None:
    return _data().parent.get(entity_id)


def _action_label(joint: str, motion: str) -> str:
    data = _data()
    return f"{data.joint_labels.get(joint, joint.replace('_', ' '))} {data.motion_labels.get(motion, motion)}"


def label(entity_id: str, lang: str = "en") -> str | None:
    """Preferred label in ``lang`` (TA98 English/Spanish term, expanded Latin), None when the vocabulary has none."""
    if entity_id.startswith("ACTION:"):
        return _action_label(*entity_id[7:].split(".", 1)) if kind(entity_id) and base_lang(lang) == "en" else None
    code = base_lang(lang)
    wanted = "latin" if code == "la" else "preferred"
    for entity, term_lang, term, term_kind in _entity_terms(entity_id):
        if term_lang == code and term_kind == wanted:
            return term
    return None


_LABEL_KIND = {"preferred": "vocabulary", "latin": "latin", "synonym": "synonym"}


def labels(entity_id: str) -> list[tuple[str, str, str]]:
    """(language, label, kind) for every vocabulary name of the entity; kind in vocabulary | latin | synonym."""
    if entity_id.startswith("ACTION:"):
        return [("en", label(entity_id), "vocabulary")] if kind(entity_id) else []
    out = []
    for _, lang, term, term_kind in _entity_terms(entity_id):
        item = (lang, term, _LABEL_KIND.get(term_kind, ""))
        if item[2] and item not in out:
            out.append(item)
    return out


def _entity_terms(entity_id: str) -> list[tuple[str, str, str, str]]:
    index = _terms_by_id()
    return index.get(entity_id, [])


@functools.cache
def _terms_by_id() -> dict[str, list[tuple[str, str, str, str]]]:
    index: dict[str, list[tuple[str, str, str, str]]] = {}
    for row in _data().terms:
        index.setdefault(row[0], []).append(row)
    return index


def _tiered(entries: list[tuple[str, str]], *tiers: str, any_language: bool = False) -> list[str]:
    """Ids of the first language tier that has any (page language before Latin)."""
    for tier in tiers:
        ids = list(dict.fromkeys(e for e, l in entries if l == tier))
        if ids:
            return ids
    return list(dict.fromkeys(e for e, _ in entries)) if any_language else []


def _common_kind(ids) -> str:
    kinds = {kind(i) or "unknown" for i in ids}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _pick(candidates: list[str], wholes: list[str]) -> str | None:
    """The one candidate whose parent is one of ``wholes``, one of their ancestors, or lies inside one of them
    ("ischial tuberosity of the pelvis": the ischium is part of the hip bone, part of the pelvis)."""
    data = _data()
    for whole in wholes:
        near = set(data.ancestors(whole))
        hits = [c for c in candidates if data.parent.get(c) in near or whole in data.ancestors(data.parent.get(c))]
        if len(hits) == 1:
            return hits[0]
    return None


def _by_subject(candidates: list[str], subject_id: str | None, by_limb: bool = True) -> str | None:
    if not subject_id:
        return None
    for whole in (subject_id, parent(subject_id)):
        hits = [c for c in candidates if whole and parent(c) == whole]
        if len(hits) == 1:
            return hits[0]
    return _by_limb(candidates, subject_id) if by_limb else None


def _in_named_limb(candidates: list[str], named: str | None) -> str | None:
    """"the proximal phalanx of the thumb": a part followed by the finger, toe or region it lies in (no whole it is
    a part of) is the one in that region's limb. A structure named after the part decides nothing by its limb:
    "the base of the proximal phalanx" is no base of a metacarpal (the one "base" of the hand TA98 lists alone)."""
    return _by_limb(candidates, named) if named and kind(named) in ("digit", "region") else None


def _by_limb(candidates: list[str], subject_id: str) -> str | None:
    """Hand or foot: "phalanges", "proximal phalanx", "digits", "flexor retinaculum" name a structure of either
    limb; a muscle of one limb attaches to that limb's ("the lateral four digits" on the flexor
    digitorum longus' page are toes). The one candidate in the subject's limb; None when the subject is in no
    limb or no single candidate is in it. Only for a term the limbs share, one candidate per limb (or outside the
    limbs): "anterior surface", named on the radius, the ulna and the tibia, is not told apart by the limb."""
    from extractors.hierarchy import limb  # hierarchy reads the vocabulary

    own = limb(subject_id)
    limbs = [limb(c) for c in candidates]
    if not own or len(candidates) < 2 or len(set(limbs)) != len(limbs):
        return None
    # Parts only when they are homologues, parts of wholes named alike (the hand's and the foot's "Phalanges"):
    # TA98's bare "Base" of the metacarpals and of the metatarsals says nothing of the base of a phalanx.
    wholes = {label(p) if p else None for p in map(parent, candidates)}
    if len(wholes) > 1:
        return None
    return candidates[limbs.index(own)] if own in limbs else None


def _mention(start: int, end: int, text: str, ids: list[str], method: str, chosen: str | None = None,
             reason: str | None = None, score: float = 100.0) -> Mention:
    value = None if reason else chosen or (ids[0] if len(ids) == 1 else None)
    if reason:
        return Mention(start, end, text, _common_kind(ids), None, None, method, reason, tuple(ids), score)
    if value:
        others = tuple(ids) if len(ids) > 1 else ()  # alternatives a preference rule set aside
        return Mention(start, end, text, kind(value) or "unknown", value, label(value), method, None, others, score)
    return Mention(start, end, text, _common_kind(ids), None, None, method, "ambiguous", tuple(ids), score)


# ---- analyze ------------------------------------------------------------------------------------------------

def analyze(text: str, lang: str, subject_id: str | None = None, default_joint: str | None = None,
            segments: Sequence[tuple[int, int, str]] = ()) -> Analysis:
    """Sentences and anatomy + action mentions (longest match, non-overlapping, sorted by start).

    ``default_joint`` is the joint a motion with no joint in its sentence refers to (a page about one joint).
    ``segments``: (start, end, language) spans of ``text`` in another language than ``lang`` (a block of a
    page); each is analysed with its own language's pipeline and its results replace the page's there.
    Raises UnsupportedLanguage for languages without a pipeline (the page's; a segment in such a language
    keeps the page language's analysis).
    """
    analysis = _analyze(text, lang, subject_id, default_joint)
    for start, end, segment_lang in segments:
        if base_lang(segment_lang) == base_lang(lang) or start >= end:
            continue
        try:
            part = _analyze(text[start:end], segment_lang, subject_id, default_joint)
        except UnsupportedLanguage:
            continue
        inside = lambda a, b: start <= a and b <= end  # noqa: E731
        analysis.sentences = sorted([s for s in analysis.sentences if not inside(*s)]
                                    + [(a + start, b + start) for a, b in part.sentences])
        analysis.mentions = sorted([m for m in analysis.mentions if not inside(m.start, m.end)]
                                   + [replace(m, start=m.start + start, end=m.end + start) for m in part.mentions],
                                   key=lambda m: m.start)
    return analysis


def _analyze(text: str, lang: str, subject_id: str | None, default_joint: str | None) -> Analysis:
    data = _data()
    code = base_lang(lang)
    doc = pipeline(code)(text)
    sentence_of = [0] * len(doc)
    sentences, bounds = [], []
    for number, sent in enumerate(doc.sents):
        bounds.append((sent.start, sent.end))
        for i in range(sent.start, sent.end):
            sentence_of[i] = number
        words = [t for t in sent if not t.is_space]
        if words:
            sentences.append((words[0].idx, words[-1].idx + len(words[-1].text)))

    motion_spans = list(doc.spans["motion"])
    chosen = sorted(filter_spans(list(doc.spans["anatomy"]) + motion_spans + _bridge_spans(doc, code, motion_spans)),
                    key=lambda s: s.start)
    anatomy = [s for s in chosen if s.label_ == "ANATOMY"]
    motions = [s for s in chosen if s.label_ != "ANATOMY"]
    mentions = _anatomy_mentions(doc, anatomy, sentence_of, code, subject_id)
    mentions += _action_mentions(doc, motions, bounds, sentence_of, code, default_joint)
    mentions.sort(key=lambda m: m.start)
    return Analysis(text, sentences, mentions)


def _bridge_spans(doc, code: str, motions) -> list[Span]:
    """Names the word bridge finds (a language without TA98 terms), except over a movement ("rotation latérale
    de la cuisse" is a motion and its segment, not one name)."""
    bridge = _data().bridge(code)
    if bridge is None:
        return []
    moving = {i for span in motions for i in range(span.start, span.end)}
    return [Span(doc, start, end, label="ANATOMY") for start, end, _ in bridge.spans([t.norm_ for t in doc])
            if not moving.intersection(range(start, end))]


def _span_ids(span, code: str) -> tuple[list[str], str]:
    """Candidate ids of a matched span and how they were found: the terms of the page's language, then Latin
    ("exact"), then the word bridge ("bridge")."""
    data = _data()
    ids = _tiered(data.by_mkey.get("".join(t.norm_ for t in span), []), code, "la")
    bridge = data.bridge(code)
    if ids or bridge is None:
        return ids, "exact"
    return bridge.ids([w for t in span for w in re.findall(r"\w+", t.norm_) if w not in bridge.skip]), "bridge"


def _anatomy_mentions(doc, spans, sentence_of, code: str, subject_id: str | None) -> list[Mention]:
    data = _data()
    linkers = data.words("linkers", code)
    articles = data.words("articles", code)
    possessives = data.words("possessives", code)
    adjectives = {**data.adjectives.get("la", {}), **data.adjectives.get(code, {})}
    found = []  # [span, candidate ids, chosen id, method, reason]
    for span in spans:
        ids, method = _span_ids(span, code)
        if ids:
            found.append([span, ids, ids[0] if len(ids) == 1 else None, method, None])
    # Right to left, so the whole named after a part is already resolved when the part looks at it.
    for index in range(len(found) - 1, -1, -1):
        span, ids, value, _, _ = found[index]
        if value and kind(value) not in _PART_KINDS:
            continue
        linked = []  # the whole a linker names right after the part: "lateral condyle OF THE FEMUR"
        named_after = False  # a structure follows with a linker, resolved or not (not a finger, toe or region)
        after = found[index + 1] if index + 1 < len(found) else None
        if after and sentence_of[after[0].start] == sentence_of[span.start]:
            gap = [t for t in doc[span.end:after[0].start] if not t.is_space]
            if gap and gap[0].norm_ in linkers and len(gap) <= LINKED_GAP_WORDS:
                named_after = (_common_kind(after[1]) not in ("digit", "region")
                               and not any(t.is_punct for t in gap))  # "..., cara lateral" is another value
                linked += [adjectives[t.norm_] for t in gap if t.norm_ in adjectives]
                linked += [after[2]] if after[2] else []
        wholes = list(linked)
        before = [t for t in doc[max(0, span.start - 3):span.start] if not t.is_space and t.norm_ not in articles]
        if before and before[-1].norm_ in adjectives:  # "the femoral head"
            wholes.append(adjectives[before[-1].norm_])
        following = next((t for t in doc[span.end:span.end + 2] if not t.is_space), None)
        if following is not None and following.norm_ in adjectives:  # Latin genitive: "condylus medialis femoris"
            wholes.append(adjectives[following.norm_])
        if before and before[-1].norm_ in possessives and index:  # "the femur's lateral condyle"
            prior = found[index - 1]
            if prior[0].end == before[-1].i and prior[2]:
                wholes.append(prior[2])
        if index and not wholes:  # a terse value names the whole first: "tibia, lateral condyle"
            prior = found[index - 1]  # (or "fibula, lower two thirds of the posterior surface")
            gap = [t for t in doc[prior[0].end:span.start] if not t.is_space]
            if (prior[2] and gap and gap[0].text == "," and len(gap) <= TERSE_GAP_TOKENS
                    and not any(t.is_punct for t in gap[1:]) and sentence_of[prior[0].start] == sentence_of[span.start]):
                wholes.append(prior[2])
        # The page's word may name other parts than the ones its language's terms list: their homonyms too.
        pool = list(dict.fromkeys(ids + [h for i in ids if kind(i) in _PART_KINDS for h in data.homonyms(i)]))
        chosen = _pick(pool, linked) if linked else None
        if chosen:
            # One mention for the part and the whole that names it, as TA98's composite terms are matched
            # ("Processus coracoideus des Schulterblatts" like "coracoid process of the scapula").
            found[index][0] = Span(doc, span.start, after[0].end, label=span.label_)
            found[index][2:4] = [chosen, "context"]
            del found[index + 1]
            continue
        chosen = _pick(pool, wholes) if wholes else None
        if chosen:
            found[index][2:4] = [chosen, "context"]
        elif value:
            if linked and not _pick([value], linked):
                # "dorsal surface of the ulna": the one "dorsal surface" the vocabulary has is the sacrum's
                found[index][2:] = [None, "exact", "other_whole"]
        elif after and linked and (chosen := _in_named_limb(ids, after[2])):
            found[index][2:4] = [chosen, "context"]
        elif chosen := _by_subject(ids, subject_id, by_limb=not named_after):
            found[index][2:4] = [chosen, "context"]
        else:
            found[index][2] = _structure_over_region(ids)
    return [_mention(s.start_char, s.end_char, s.text, ids, method, value, reason)
            for s, ids, value, method, reason in found]


_PART_KINDS = {"bone_part", "joint_part"}
_BACKGROUND_KINDS = {"region", "general", "group"}
_STRUCTURE_KINDS = {"bone", "bone_part", "muscle", "muscle_part", "tendon", "joint", "ligament", "compartment",
                    "fascia"}


def _structure_over_region(ids: list[str]) -> str | None:
    """"pelvis" (and Latin "femur") names both a region and a musculoskeletal structure: when exactly one
    candidate is such a structure and the rest are regions or general terms, take it (fields name structures).
    The mention keeps all candidates."""
    structures = [i for i in ids if kind(i) in _STRUCTURE_KINDS]
    if len(structures) == 1 and all(kind(i) in _BACKGROUND_KINDS for i in ids if i != structures[0]):
        return structures[0]
    return None


def _action_mentions(doc, motions, bounds, sentence_of, code: str, default_joint: str | None) -> list[Mention]:
    data = _data()
    lex = data.lexicons.get(code)
    if lex is None or not motions:
        return []
    joints = filter_spans(list(doc.spans["joint"]))
    joint_at = {s.start: s for s in joints}
    joint_ending = {s.end - 1: s for s in joints}
    motion_at = {s.start: s for s in motions}
    motion_ending = {s.end - 1: s for s in motions}
    out = []
    for span in motions:
        kind_, _, motion = span.label_.partition(":")
        lo, hi = bounds[sentence_of[span.start]]
        if kind_ == "COMPOUND":
            joint, _, motion = motion.partition(".")
        else:
            joint = data.implied.get(motion) or _joint_of(doc, span, lo, hi, lex, joint_at, joint_ending, motion_at,
                                                            motion_ending) or default_joint
        text = span.text
        if not joint:
            out.append(Mention(span.start_char, span.end_char, text, "action", None, None, "composed", "no_joint"))
            continue
        key = f"{joint}.{motion}"
        if key in data.ambiguous_actions:
            options = tuple(f"ACTION:{k}" for k in data.ambiguous_actions[key])
            out.append(Mention(span.start_char, span.end_char, text, "action", None, None, "composed",
                               "ambiguous", options))
            continue
        out.append(Mention(span.start_char, span.end_char, text, "action", f"ACTION:{key}",
                           _action_label(joint, motion), "composed"))
    return out


def _joint_of(doc, span, lo: int, hi: int, lex: _Lexicon, joint_at, joint_ending, motion_at, motion_ending):
    """The joint a motion span refers to, from its sentence (token range lo..hi)."""
    data = _data()
    before = joint_ending.get(span.start - 1)  # a compound: "knee flexion", "hip adduction", "leg flexion"
    if before is not None and before.label_.startswith("JOINT:"):
        return before.label_.split(":", 1)[1]
    found = _scan(doc, span.end, hi, +1, lex.forward_window, lex, joint_at, motion_at)
    if found and found[0] == "JOINT":
        return found[1]
    if before is not None:
        return before.label_.split(":", 1)[1]
    if found:
        return found[1]
    found = _scan(doc, span.start - 1, lo - 1, -1, lex.backward_window, lex, joint_ending, motion_ending)
    if found:
        return found[1]
    # "At the hip joint, it acts as a flexor, abductor, and lateral rotator": the one joint the sentence names
    # before the motion, when it names no other joint or segment.
    # Not for a motion that names its own object ("flexion of the neck, elevation of the 1st rib").
    following = next((t for t in doc[span.end:hi] if not t.is_space), None)
    if following is not None and following.norm_ in _data().words("linkers", base_lang(doc.lang_)):
        return None
    named = {s.label_ for start, s in joint_at.items() if lo <= start < hi}
    if len(named) == 1 and (only := named.pop()).startswith("JOINT:"):
        if next(s for start, s in joint_at.items() if lo <= start < hi).end <= span.start:
            return only.split(":", 1)[1]
    return None


def _boundary(token, lex: _Lexicon) -> bool:
    """A boundary word, or punctuation that holds a boundary mark ("):" is one token)."""
    return token.norm_ in lex.boundaries or (token.is_punct and any(ch in lex.boundaries for ch in token.text))


def _scan(doc, i: int, stop: int, step: int, window: int, lex: _Lexicon, joint_at: dict, motion_at: dict):
    """Walk from token i towards stop; returns ("JOINT" | "SEGMENT", joint) or None. A joint word wins at once;
    a segment word is kept in case a joint word follows before the clause ends ("flex the leg at the knee").
    Coordinated motions are skipped over ("adduction and flexion of the thigh")."""
    segment, distance = None, 0
    while i != stop:
        token = doc[i]
        if token.is_space or token.norm_ in lex.skip:
            i += step
            continue
        if i in joint_at:
            span = joint_at[i]
            kind_, joint = span.label_.split(":", 1)
            if kind_ == "JOINT":
                return kind_, joint
            segment = segment or (kind_, joint)
            distance += 1
            i = span.end if step > 0 else span.start - 1
            continue
        if _boundary(token, lex) or i in motion_at:
            if segment:
                break
            k = i
            while k != stop and (doc[k].is_space or _boundary(doc[k], lex) or doc[k].norm_ in lex.skip):
                k += step
            if k != stop and k in motion_at:  # "adduction and flexion of the thigh"
                span = motion_at[k]
                if span.label_.startswith("COMPOUND:"):  # "Oberschenkelbeugung und seitliche Rotation"
                    return "JOINT", span.label_.split(":", 1)[1].split(".")[0]
                i, distance = (span.end if step > 0 else span.start - 1), 0
                continue
            break
        distance += 1
        if distance > window:
            break
        i += step
    return segment


# ---- resolve ------------------------------------------------------------------------------------------------

def resolve(surface: str, lang: str, kinds: set[str] | None = None, subject_id: str | None = None) -> Mention | None:
    """Normalize a whole short string (title, list item, field value segment). Offsets are into ``surface``.

    Memoized: the same value strings ("Femur", "Tibial nerve") recur on page after page, and an unresolved one
    costs dozens of fuzzy searches over the vocabulary. The result is a pure function of the arguments and the
    vocabulary files, and a Mention is immutable.
    """
    return _resolve(surface, base_lang(lang), frozenset(kinds) if kinds else None, subject_id)


@functools.lru_cache(maxsize=RESOLVE_CACHE_SIZE)
def _resolve(surface: str, lang: str, kinds: frozenset[str] | None, subject_id: str | None) -> Mention | None:
    """resolve(), uncached.

    exact (folded: case, accents, abbreviations M./N./A./V. as written in TA98, a leading article, "muscle"
    words) -> fuzzy on the whole string -> the first resolved mention inside it -> fuzzy on word windows.
    None when nothing matches; an ambiguous exact match comes back with reason "ambiguous" and candidates.
    """
    data = _data()
    code = base_lang(lang)
    stripped = surface.strip()
    if not stripped:
        return None
    start, end = surface.index(stripped), surface.index(stripped) + len(stripped)
    allowed = (lambda ids: [i for i in ids if kind(i) in kinds]) if kinds else (lambda ids: ids)
    # Fuzzy matches to general terms ("insertion" ~ Latin "insertio") are noise unless asked for by kind.
    fuzzy_allowed = (lambda ids: [i for i in allowed(ids) if kinds or kind(i) not in _BACKGROUND_KINDS - {"region"}])

    key = data.rkey(stripped, code)
    if key and _bare_adjective(stripped, key, code):
        return None  # "plantar", "temporal": no name on their own ("músculo plantar" is one)
    if key:
        ids = allowed(_tiered(data.rindex.get(key, []), code, "la", "en", any_language=True))
        if len(ids) == 1:
            return _mention(start, end, stripped, ids, "exact")
        if ids:
            chosen = _by_subject(ids, subject_id)
            return _mention(start, end, stripped, ids, "context" if chosen else "exact",
                            chosen or _structure_over_region(ids))
        bridged = allowed(data.bridge(code).lookup_text(stripped)) if data.bridge(code) else []
        if bridged:  # a name of a language without TA98 terms, whole ("tubérosité ischiatique")
            chosen = _by_subject(bridged, subject_id)
            return _mention(start, end, stripped, bridged, "context" if chosen else "bridge",
                            chosen or _structure_over_region(bridged))
        hit = _fuzzy(key, code, fuzzy_allowed, subject_id, with_score=True)
        if hit:
            return _mention(start, end, stripped, hit[0], "fuzzy", _by_subject(hit[0], subject_id), score=hit[1])

    # A part of the string: it must not be a bare generic or adjective word, nor another kind of structure than
    # the string's head word names ("plexus subclavius" is no subclavius). Else the string is a name the
    # vocabulary does not hold: unresolved, reason "not_in_vocabulary", the head's kind as a hint.
    name = _NameWords.of(stripped, code)
    rejected = False
    try:
        inner = analyze(stripped, code, subject_id)
    except UnsupportedLanguage:
        inner = None
    if inner is not None:
        for m in inner.mentions:
            if m.value_id and (not kinds or m.kind in kinds):
                if name.may_resolve_to(m.start, m.end, [m.value_id]):
                    return replace(m, start=m.start + start, end=m.end + start)
                rejected = True

    muscle = data.words("muscle_words", code, "la")
    words = [w for w in name.words if w[2] not in muscle]
    if len(words) > FUZZY_MAX_WORDS:
        return name.unresolved(start) if rejected else None
    best = None
    for size in range(min(5, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            window = words[i:i + size]
            query = " ".join(w[2] for w in window)
            if len(query) < FUZZY_MIN_LENGTH:
                continue
            scored = _fuzzy(query, code, fuzzy_allowed, subject_id, with_score=True)
            if scored and not name.may_resolve_to(window[0][0], window[-1][1], scored[0]):
                rejected = True
            elif scored and (best is None or scored[1] > best[1]):
                best = (window, scored[1], scored[0])
    if best:
        window, score, ids = best
        s, e = start + window[0][0], start + window[-1][1]
        return _mention(s, e, surface[s:e], ids, "fuzzy", _by_subject(ids, subject_id), score=score)
    return name.unresolved(start) if rejected or name.head is not None else None


class FuzzyChoices:
    """The fuzzy keys of a language, by length: a query is scored only against the keys whose length lets them
    reach the cutoff (a quarter of them at 90), which gives the same matches in the same order as scoring all.

    fuzz.ratio is 200 * LCS / (len(a) + len(b)) and LCS <= the shorter length, so a key of length n can reach
    ``cutoff`` against a query of length m only if 200 * min(m, n) >= cutoff * (m + n).
    """

    def __init__(self, keys: list[str]):
        self.keys = keys
        ranked = sorted(range(len(keys)), key=lambda i: len(keys[i]))
        self._by_length = [keys[i] for i in ranked]
        self._rank = ranked  # position in ``keys`` of each key of _by_length: ties go to the earlier key
        self._lengths = [len(key) for key in self._by_length]

    def band(self, length: int, cutoff: float) -> tuple[list[str], list[int]]:
        """The keys that can score ``cutoff`` against a query of ``length``, and their positions in ``keys``."""
        cutoff = Fraction(cutoff)  # exact: a key right at the bound must stay in
        shortest = math.ceil(cutoff * length / (200 - cutoff))
        longest = math.floor((200 - cutoff) * length / cutoff)
        start, end = bisect.bisect_left(self._lengths, shortest), bisect.bisect_right(self._lengths, longest)
        return self._by_length[start:end], self._rank[start:end]

    def extract(self, query: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
        """process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit), as (key, score)."""
        keys, rank = self.band(len(query), cutoff)
        hits = process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        hits.sort(key=lambda hit: (-hit[1], rank[hit[2]]))
        return [(key, score) for key, score, _ in hits[:limit]]


def _fuzzy(query: str, code: str, allowed, subject_id: str | None, with_score: bool = False):
    """The ids of the vocabulary key ``query`` (a key: rkey form) is, or is a typo of, word by word
    (``_typo_keys``), scored by fuzz.ratio to the query; None below the fuzzy threshold (normalizer.yaml). Keys
    that tie at the best score give all their ids (ambiguous unless the subject or the kinds decide)."""
    data = _data()
    if len(query) < FUZZY_MIN_LENGTH:
        return None
    best, ids = None, []
    for choice, score in _typo_keys(query, code):
        if score < threshold("fuzzy") or (best is not None and score < best):
            break
        found = allowed(_tiered(data.rindex[choice], code, "la", "en", any_language=True))
        if found:
            best = score
            ids += [i for i in found if i not in ids]
    if not ids:
        return None
    return (ids, best) if with_score else ids


# ---- abstention: distinguishing words, heads, thresholds (issue 20) ----------------------------------------------

DISTINGUISHING_FILE = VOCAB_DIR / "distinguishing.yaml"
NORMALIZER_FILE = VOCAB_DIR / "normalizer.yaml"
MAX_TYPO_READINGS = 64  # corrected readings of one string tried at most (alternatives multiply)
_GENERIC_KINDS = frozenset({"general", "group"})


def _normalizer_config() -> dict:
    return yaml.safe_load(NORMALIZER_FILE.read_text(encoding="utf-8"))


NORMALIZER = _normalizer_config()
THRESHOLDS: dict[str, float] = dict(NORMALIZER["thresholds"])  # method -> minimum score; normalizer_check.calibrate
TYPO_MIN_LETTERS: int = NORMALIZER["typos"]["min_word_letters"]
MAX_TYPOS: int = NORMALIZER["typos"]["max_typos"]


def threshold(method: str) -> float:
    """The minimum score of a resolution by ``method`` (normalizer.yaml); 100 for a method it does not list."""
    return THRESHOLDS.get(method, 100)


@dataclass(frozen=True)
class _LangWords:  # one language's distinguishing.yaml entry, in norm form
    opposites: dict[str, tuple[str, ...]]  # folded word as written -> its opposites, folded
    distinguishing: frozenset[str]
    heads: dict[str, str | None]
    head_position: str
    phrase_ends: frozenset[str]
    adjectives: frozenset[str]


@functools.cache
def _lang_words(lang: str) -> _LangWords:
    raw = yaml.safe_load(DISTINGUISHING_FILE.read_text(encoding="utf-8"))["languages"].get(lang) or {}
    opposites: dict[str, list[str]] = {}
    for group in raw.get("opposites") or []:
        for word in group:
            opposites.setdefault(fold(str(word)), []).extend(fold(str(o)) for o in group if o != word)
    words = {norm(w) for w in opposites} | {norm(str(w)) for w in raw.get("distinguishing") or []}
    return _LangWords({w: tuple(dict.fromkeys(o)) for w, o in opposites.items()}, frozenset(words),
                      {norm(str(w)): k for w, k in (raw.get("heads") or {}).items()},
                      raw.get("head_position", "last"), frozenset(norm(str(w)) for w in raw.get("phrase_ends") or []),
                      frozenset(norm(str(w)) for w in raw.get("adjectives") or []))


@functools.cache
def _part_of() -> dict[str, frozenset[str]]:
    raw = yaml.safe_load(DISTINGUISHING_FILE.read_text(encoding="utf-8")).get("part_of") or {}
    return {k: frozenset(v) for k, v in raw.items()}


def opposites(lang: str) -> dict[str, tuple[str, ...]]:
    """Folded word -> the words that name the opposite structure (distinguishing.yaml), for ``lang``'s terms:
    its own words and Latin's (English and Spanish terms hold Latin muscle names: "adductor longus")."""
    out: dict[str, tuple[str, ...]] = {}
    for code in dict.fromkeys((base_lang(lang), "la")):
        for word, others in _lang_words(code).opposites.items():
            out[word] = tuple(dict.fromkeys(out.get(word, ()) + others))
    return out


@functools.cache
def distinguishing_words(lang: str) -> frozenset[str]:
    """Norm forms of the words that tell structures apart in ``lang`` texts (with Latin's and English's)."""
    return frozenset().union(*(_lang_words(c).distinguishing for c in dict.fromkeys((base_lang(lang), "la", "en"))))


@functools.cache
def _known_words() -> frozenset[str]:
    """Every word of a vocabulary key, of any language, and every distinguishing or head word: a word written
    so is read as written, never as a typo of another."""
    data = _data()
    langs = yaml.safe_load(DISTINGUISHING_FILE.read_text(encoding="utf-8"))["languages"]
    extra = set().union(*(_lang_words(code).distinguishing | set(_lang_words(code).heads) for code in langs))
    return frozenset({w for key in data.rindex for w in key.split()} | extra)


@functools.cache
def _typo_index(lang: str) -> dict[str, frozenset[str]]:
    """Each word (TYPO_MIN_LETTERS or more) of the keys ``lang`` fuzzy-matches, and each of its one-letter
    deletions -> the words: a written word one edit from a word shares an entry with it (symmetric deletion)."""
    index: dict[str, set[str]] = {}
    for word in {w for key in _data().fuzzy_choices(lang).keys for w in key.split() if len(w) >= TYPO_MIN_LETTERS}:
        for variant in {word} | {word[:i] + word[i + 1:] for i in range(len(word))}:
            index.setdefault(variant, set()).add(word)
    return {k: frozenset(v) for k, v in index.items()}


def _corrections(word: str, lang: str) -> list[str]:
    """Vocabulary words one edit (substitution, deletion, insertion, swap of neighbours) from ``word``."""
    index = _typo_index(lang)
    near = set(index.get(word, ()))
    for i in range(len(word)):
        near |= index.get(word[:i] + word[i + 1:], frozenset())
    return sorted(w for w in near if w != word and OSA.distance(word, w) <= 1)


def _typo_keys(query: str, lang: str) -> list[tuple[str, float]]:
    """Keys ``lang`` fuzzy-matches that ``query`` is, or is one-letter typos of: word by word, a written word of
    TYPO_MIN_LETTERS or more that is no vocabulary word may be read as a word one edit away, at most MAX_TYPOS
    words. A vocabulary or distinguishing word is read as written ("anterior" is never "posterior", "rectal" never
    "dental"), and a word whose corrections that give a key are several, one of them distinguishing, is left alone.
    Sorted by fuzz.ratio to the query, best first."""
    keys = _fuzzy_key_set(lang)
    known, distinguishing = _known_words(), distinguishing_words(lang)
    words = query.split()
    readings: list[list[str]] = []
    typos = 0
    for word in words:
        near = [] if word in known or len(word) < TYPO_MIN_LETTERS else _corrections(word, lang)
        typos += bool(near)
        readings.append(near or [word])
    if typos > MAX_TYPOS or math.prod(len(r) for r in readings) > MAX_TYPO_READINGS:
        return []
    found = [reading for reading in itertools.product(*readings) if " ".join(reading) in keys]
    for position in range(len(words)):  # only corrections that give a vocabulary key count ("tabialis": tibialis)
        chosen = {reading[position] for reading in found}
        if len(chosen) > 1 and distinguishing.intersection(chosen):
            return []
    hits = {" ".join(reading) for reading in found}
    return sorted(((key, fuzz.ratio(query, key)) for key in hits), key=lambda hit: (-hit[1], hit[0]))


@functools.cache
def _fuzzy_key_set(lang: str) -> frozenset[str]:
    return frozenset(_data().fuzzy_choices(lang).keys)


def _bare_adjective(text: str, key: str, lang: str) -> bool:
    """Is ``text`` (whose rkey is ``key``) one adjective of distinguishing.yaml and nothing else, no "muscle"
    word with it ("plantar": yes; "músculo plantar", "plantar fascia": no)?"""
    if " " in key or key not in _lang_words(lang).adjectives:
        return False
    words = re.findall(r"\w+", norm(text))
    return len([w for w in words if w not in _data().words("articles", lang)]) == 1


@dataclass(frozen=True)
class _NameWords:
    """The words of a string given to resolve() (start, end, norm form) and its head word: index and kind."""
    text: str
    words: list[tuple[int, int, str]]
    lang: str
    head: int | None
    head_kind: str | None

    @classmethod
    def of(cls, text: str, lang: str) -> _NameWords:
        words = [(m.start(), m.end(), norm(m.group())) for m in re.finditer(r"\w+", text)]
        head = _head([w[2] for w in words], lang)
        return cls(text, words, lang, head[0] if head else None, head[1] if head else None)

    def may_resolve_to(self, start: int, end: int, ids: list[str]) -> bool:
        """May the span start..end of the string, resolved to ``ids``, stand for the whole string? Not a bare
        generic term ("nerve" in "middle cervical cardiac nerve"), a bare head or adjective word ("trunk",
        "pharyngeal"), nor a structure of another kind than the string's head word names, unless it is a kind
        that head names parts of ("tendon of the popliteus": the popliteus)."""
        inside = [w for w in self.words if start <= w[0] and w[1] <= end]
        if len(inside) == len(self.words):
            return True
        kinds = {kind(i) for i in ids}
        if kinds & _GENERIC_KINDS:
            return False
        data = _data()
        skip = data.words("muscle_words", self.lang, "la") | data.words("articles", self.lang)
        named = [w[2] for w in inside if w[2] not in skip]
        own = _lang_words(self.lang)
        if len(named) == 1 and (named[0] in own.heads or named[0] in _lang_words("la").heads
                                or named[0] in own.adjectives):
            return False
        if self.head is None or self.head_kind is None or self.words[self.head] in inside:
            return True
        return all(k == self.head_kind or k in _part_of().get(self.head_kind, ()) for k in kinds)

    def unresolved(self, offset: int) -> Mention:
        """The whole string, unresolved: a name the vocabulary does not hold, its head's kind as a hint."""
        return Mention(offset, offset + len(self.text), self.text, self.head_kind or "unknown", None, None, "exact",
                       "not_in_vocabulary")


def _head(words: list[str], lang: str) -> tuple[int, str | None] | None:
    """(index, kind) of the head word of a name's words: a Latin head first ("N. tibialis", "Plexus
    subclavius") in any language; else the language's first word, or the last word before a phrase end
    ("nerve to tensor tympani": nerve), or a compound ending in a head (German, Danish)."""
    latin, own = _lang_words("la"), _lang_words(lang)
    articles = _data().words("articles", lang)
    first = next((i for i, w in enumerate(words) if w not in articles), None)
    if first is None:
        return None
    if words[first] in latin.heads and len(words) > first + 1:
        return first, latin.heads[words[first]]
    if own.head_position == "first":
        return (first, own.heads[words[first]]) if words[first] in own.heads else None
    end = next((i for i, w in enumerate(words) if i > first and w in own.phrase_ends), len(words))
    last = words[end - 1]
    if last in own.heads:
        return end - 1, own.heads[last]
    if lang in ("de", "da"):  # compounds: "Oberschenkelnerv"
        suffix = next((h for h in sorted(own.heads, key=len, reverse=True) if last.endswith(h) and len(last) > len(h) + 2),
                      None)
        if suffix:
            return end - 1, own.heads[suffix]
    return None
