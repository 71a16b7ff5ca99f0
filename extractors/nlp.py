"""spaCy pipelines built from the vocabulary: one blank pipeline per language, cached for the process.

    tokenizer (spacy.blank(lang))
    musculus_norm      token NORM = norm(text): folded (case and accents dropped, "Fémur" matches "femur") and
                       without a final plural -s ("procesos" matches "proceso");
                       a line break ends a sentence (readers put one block per line)
    sentencizer
    musculus_anatomy   PhraseMatcher on NORM over every anatomy.tsv / synonyms.tsv term of the language and of
                       Latin (Latin names appear in every language's pages) -> doc.spans["anatomy"]
    musculus_actions   PhraseMatcher over the movement lexicon (actions.yaml) -> doc.spans["motion"], doc.spans["joint"]

The matchers only find candidate spans (overlapping); choosing among them and resolving ids is
extractors.vocabulary's job. No statistical models: nothing to download, nothing to load at run time.
"""
from __future__ import annotations

import functools
import re
import threading
import unicodedata

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

# Languages whose spaCy tokenizer needs a package we do not install (segmenters for scripts without spaces).
NEEDS_PACKAGE = {"ja": "SudachiPy", "zh": "jieba or spacy-pkuseg", "ko": "mecab-ko", "th": "pythainlp",
                 "vi": "pyvi"}

_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i", "’": "'", "‘": "'",
                       "‐": "-", "‑": "-", "–": "-", "—": "-"})


class UnsupportedLanguage(ValueError):
    """No pipeline for this language code (unknown to spaCy, or its tokenizer needs an extra package)."""

    def __init__(self, lang: str, detail: str = ""):
        super().__init__(f"unsupported language {lang!r}" + (f": {detail}" if detail else ""))
        self.lang = lang


@functools.lru_cache(maxsize=200_000)  # tokens repeat: folding each distinct word once keeps NORM cheap
def fold(text: str) -> str:
    """Lowercase, accents stripped, a few letters without a decomposition mapped by hand (ø, æ, ß)."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


STEM_MIN_LENGTH = 5  # shorter words keep their final s ("os", "ribs", "toes": the lexicons list both numbers)
_WORD = re.compile(r"\w+")


def _stem(match: re.Match) -> str:
    word = match.group(0)
    if len(word) < STEM_MIN_LENGTH or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("sses"):  # processes -> process
        return word[:-2]
    if word.endswith("ies") and len(word) > STEM_MIN_LENGTH:  # arteries -> artery
        return word[:-3] + "y"
    return word[:-1]  # procesos -> proceso, costillas -> costilla, Oberschenkels -> oberschenkel


@functools.lru_cache(maxsize=200_000)
def norm(text: str) -> str:
    """The form tokens and vocabulary terms are matched in: folded, and a final plural or genitive -s dropped
    from every word of 5 letters or more, the same in every language ("transverse processes" = "transverse
    process", "procesos transversos" = "proceso transverso"). Applied alike to text and terms, it can only
    merge forms that differ by that -s."""
    return _WORD.sub(_stem, fold(text))


def base_lang(lang: str) -> str:
    return (lang or "").replace("_", "-").split("-")[0].lower()


@Language.component("musculus_norm")
def _norm(doc: Doc) -> Doc:
    after_newline = False
    for token in doc:
        token.norm_ = norm(token.text)
        if after_newline and token.i > 0:
            token.is_sent_start = True  # kept by the sentencizer, which only fills unset tokens
        after_newline = "\n" in token.text
    return doc


def _pattern_docs(nlp: Language, terms) -> list[Doc]:
    """Pattern docs tokenized exactly as the pipeline tokenizes text, with folded NORMs."""
    docs = list(nlp.tokenizer.pipe(terms))
    for doc in docs:
        for token in doc:
            token.norm_ = norm(token.text)
    return docs


def _phrase_matcher(nlp: Language, patterns: dict[str, list[str]]) -> PhraseMatcher:
    """One PhraseMatcher on folded NORMs, a label per list of terms."""
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    for label, terms in patterns.items():
        matcher.add(label, _pattern_docs(nlp, terms))
    return matcher


@Language.factory("musculus_anatomy", default_config={"lang": "en"})
def _make_anatomy(nlp: Language, name: str, lang: str):
    return _AnatomyMatcher(nlp, lang)


class _AnatomyMatcher:
    def __init__(self, nlp: Language, lang: str):
        from extractors import vocabulary  # the vocabulary module imports this one; import at build time

        self.matcher = _phrase_matcher(nlp, {"ANATOMY": vocabulary.match_terms(lang)})

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["anatomy"] = [Span(doc, s, e, label="ANATOMY") for _, s, e in self.matcher(doc)]
        return doc


@Language.factory("musculus_actions", default_config={"lang": "en"})
def _make_actions(nlp: Language, name: str, lang: str):
    return _ActionMatcher(nlp, lang)


class _ActionMatcher:
    # A PhraseMatcher, not a Matcher: REGEX token patterns cost ~6 ms per page; wildcards ("plantarflex*") are
    # expanded into word forms by the vocabulary instead.
    def __init__(self, nlp: Language, lang: str):
        from extractors import vocabulary

        forms = vocabulary.action_forms(lang)
        self.matcher = _phrase_matcher(nlp, forms)
        self.empty = not forms  # a language without a movement lexicon yet

    def __call__(self, doc: Doc) -> Doc:
        motions, joints = [], []
        for match_id, s, e in ([] if self.empty else self.matcher(doc)):
            label = doc.vocab.strings[match_id]
            (motions if label.startswith(("MOTION:", "COMPOUND:")) else joints).append(Span(doc, s, e, label=label))
        doc.spans["motion"], doc.spans["joint"] = motions, joints
        return doc


_CACHE: dict[str, Language] = {}
_LOCK = threading.Lock()


def pipeline(lang: str) -> Language:
    """The pipeline for ``lang`` (an ISO 639-1 code; "pt-BR" -> "pt"), built once per process."""
    code = base_lang(lang)
    nlp = _CACHE.get(code)
    if nlp is not None:
        return nlp
    with _LOCK:
        if code not in _CACHE:
            _CACHE[code] = _build(code)
        return _CACHE[code]


def _build(code: str) -> Language:
    if code in NEEDS_PACKAGE:
        raise UnsupportedLanguage(code, f"spaCy's tokenizer needs {NEEDS_PACKAGE[code]}, which is not installed")
    try:
        nlp = spacy.blank(code)
    except (ImportError, KeyError, ValueError) as error:  # unknown code, or a tokenizer dependency missing
        raise UnsupportedLanguage(code, str(error).splitlines()[0]) from None
    nlp.add_pipe("musculus_norm")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("musculus_anatomy", config={"lang": code})
    nlp.add_pipe("musculus_actions", config={"lang": code})
    return nlp
