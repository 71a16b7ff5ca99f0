"""Language of a page and of its blocks, among the supported languages only (schemas/lang/*.yaml).

Restricting lingua to the languages we have rules for keeps short anatomical strings from being
read as one of 75 others; a declared language (html lang, front matter) always wins.

Per block: a declared language (a front-matter value under ``da:``) wins; a block with enough prose is
detected on its own and keeps its language when lingua is clearly sure of it and the block's function words
agree; every other block (titles, short field values such as "Musculus gastrocnemius", which are read as Latin
or anything else) takes the page's language.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from extractors.lang import fold, rules, script, supported_languages

DETECTION_SAMPLE_CHARS = 1000  # a paragraph is enough for a stable answer; lingua's cost grows linearly with length
LATIN = "la"
LATIN_MIN_SHARE = 0.8  # Latin terms pepper every anatomy text: call a page Latin only when it clearly is ...
FUNCTION_WORDS_MIN = 1  # ... and has fewer function words (of two letters or more) of any other language than this
DECISIVE_SHARE = 0.9  # a guess below this share is checked against the function words too
BLOCK_MIN_WORDS = 8  # shorter blocks are mostly names and terms: too short to tell, they take the page's language
BLOCK_MIN_CONFIDENCE = 0.7  # lingua's confidence a block needs to get another language than the page's ...


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in supported_languages()]
    # Preloaded: the models load when the detector is built (a run warms it up early), not on a first page.
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def warm_up() -> None:
    """Load the detector and its models now rather than on the first page."""
    _detector()


def declared_code(declared: str | None) -> str | None:
    """"pt-BR" -> "pt" when supported, else None."""
    if not declared:
        return None
    code = declared.replace("_", "-").split("-")[0].lower()
    return code if code in supported_languages() else None


def _ranked(text: str) -> list[tuple[str, float]]:
    sample = text[:DETECTION_SAMPLE_CHARS]
    if not sample.strip():
        return []
    return [(c.language.iso_code_639_1.name.lower(), c.value)
            for c in _detector().compute_language_confidence_values(sample)]


def _best(text: str, ranked: list[tuple[str, float]], counts: Counter | None = None) -> tuple[str, float]:
    """lingua's best guess, checked against the languages' function words: a text full of Latin terms is not
    Latin when it has more function words of another language ("Origin: humerus, medial epicondyle ... flexion
    of the hand" is English), and an undecided guess (below DECISIVE_SHARE) yields to the language whose
    function words the text has most."""
    code, share = ranked[0]
    if code == LATIN and share < LATIN_MIN_SHARE and len(ranked) > 1:
        code, share = ranked[1]
    if len(ranked) < 2 or (code != LATIN and share >= DECISIVE_SHARE):
        return code, share
    counts = counts if counts is not None else _function_word_counts(text)
    best = max((item for item in ranked if item[0] != LATIN), key=lambda item: counts[item[0]])  # lingua's order
    if counts[best[0]] >= FUNCTION_WORDS_MIN and counts[best[0]] > counts[code]:
        return best
    return code, share


def detect(text: str, declared: str | None = None, default: str = "en") -> str:
    """ISO 639-1 code of ``text``: the declared language if supported, else lingua's best guess."""
    code = declared_code(declared)
    if code:
        return code
    ranked = _ranked(text)
    return _best(text, ranked)[0] if ranked else default


def block_language(text: str, page_language: str, declared: str | None = None) -> str:
    """The language of one block of a page in ``page_language``."""
    code = declared_code(declared)
    if code:
        return code
    if len(text.split()) < BLOCK_MIN_WORDS:
        return page_language
    counts = _function_word_counts(text)
    if counts[page_language] >= max(counts.values()):
        # No other language can win the function-word check below, so lingua need not be asked (it was the
        # most expensive step of cleaning: most blocks are in the page's language).
        return page_language
    ranked = _ranked(text)
    if not ranked:
        return page_language
    code, share = _best(text, ranked, counts)
    if code == page_language or share < BLOCK_MIN_CONFIDENCE:
        return page_language
    # lingua alone is not enough on a short block ("... attaches to the aponeurosis ... of the nose" came out
    # German): the block must also have more function words of its language than of the page's.
    ours, theirs = counts[code], counts[page_language]
    return code if ours >= FUNCTION_WORDS_MIN and ours > theirs else page_language


def _function_word_counts(text: str) -> Counter:
    """Function words (of two letters or more) of every supported language in the text's sample."""
    counts = Counter(dict.fromkeys(supported_languages(), 0))
    languages_of = _function_word_languages()
    counts.update(code for word in re.findall(r"\w+", text[:DETECTION_SAMPLE_CHARS])
                  for code in languages_of.get(fold(word), ()))
    return counts


@lru_cache(maxsize=1)
def _function_word_languages() -> dict[str, tuple[str, ...]]:
    """Folded function word (two letters or more) -> the supported languages it is a function word of."""
    found: dict[str, list[str]] = {}
    for code in supported_languages():
        for word in rules(code).function_words:
            if len(word) > 1:
                found.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in found.items()}


def block_languages(texts: Sequence[str], page_language: str,
                    declared: Sequence[str | None] | None = None) -> list[str]:
    declared = declared or [None] * len(texts)
    return [block_language(text, page_language, hint) for text, hint in zip(texts, declared)]


# ---- scripts: a page in a script no supported language is written in is not guessed at -------------------

SCRIPT_SAMPLE_CHARS = 20_000
SCRIPT_MIN_LETTERS = 20  # fewer letters than this (a list of numbers, a title) are too few to judge
SCRIPT_MIN_SHARE = 0.5  # share of the letters that must be in a supported script for the page to be read


@lru_cache(maxsize=1)
def supported_scripts() -> frozenset[str]:
    return frozenset(script(code).upper() for code in supported_languages())


def unsupported_script(text: str) -> str | None:
    """The script most letters of ``text`` are written in when no supported language is written in the scripts
    of most of them (Japanese, Russian, Greek pages: lingua, restricted to the supported languages, would still
    name one of those), else None."""
    sample = text[:SCRIPT_SAMPLE_CHARS]
    if "LATIN" in supported_scripts() and not _BEYOND_LATIN.search(sample):
        return None  # every letter is a Latin one (the common case, answered without naming each letter)
    counts: Counter[str] = Counter(_script_of(ch) for ch in sample if ch.isalpha())
    total = sum(counts.values())
    if total < SCRIPT_MIN_LETTERS:
        return None
    supported = sum(count for name, count in counts.items() if name in supported_scripts())
    if supported >= SCRIPT_MIN_SHARE * total:
        return None
    name = max(sorted(counts), key=counts.__getitem__)
    return name if len(name) <= 3 else name.title()  # CJK, Cyrillic, Greek


# Any character outside Basic Latin, Latin-1 (less ª, µ and º, letters of no script), Latin Extended-A and -B and
# Latin Extended Additional: the letters of those blocks are all named LATIN.
_BEYOND_LATIN = re.compile(r"[^\x00-\xa9\xab-\xb4\xb6-\xb9\xbb-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=4096)
def _script_of(ch: str) -> str:
    """"LATIN", "CJK", "HIRAGANA", "CYRILLIC", "GREEK", ...: the first word of the character's Unicode name."""
    return unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
