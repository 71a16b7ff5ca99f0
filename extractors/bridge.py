"""The word bridge: anatomical names of languages TA98 gives no terms for (French, Italian, Portuguese, ...),
matched word by word to the English terms of the vocabulary.

Romance anatomical names are built like the English and Latin ones, from a small stock of words: "tubérosité de
l'ischion" / "tuberosità ischiatica" / "tuberosidade isquiática" are "ischial tuberosity", "face postérieure du
tibia" is the tibia's "posterior surface". So a name is compared as the multiset of the *concepts* of its words:

- ``schemas/vocab/words/<lang>.tsv`` maps a word form (or a phrase: "gros orteil", "grand dorsal") of the
  language to English words ("hallux", "latissimus dorsi"); alternatives are separated by ``|`` ("grand":
  greater|maximus|magnus). A word the file does not list stands for itself (international words: "acromion",
  "tibia", "lateral").
- ``schemas/vocab/words/en.tsv`` maps English and Latin word forms of the English terms to one concept
  ("ischial" and "ischium", "femoris" and "femoral" and "femur", "longus" and "long"); any other English word is
  its own concept.
- Articles, linkers and "muscle" words (context.yaml) do not count, nor does word order: "face postérieure du
  tibia", "tibia, face postérieure" and "posterior surface of the tibia" give one key once their parts are
  joined. A part term (bone_part, joint_part, muscle_part) is also indexed with its parent's name, as TA98's
  composite terms are ("lateral condyle" of the femur: "condyle latéral du fémur").

Text is scanned in windows of tokens that stop at punctuation and at any word no vocabulary key contains; the
longest window whose key names vocabulary ids is a candidate span. Choosing among spans and ids stays the
normalizer's job (extractors.vocabulary). Pure: the vocabulary's terms come in as arguments.
"""
from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from extractors.nlp import norm

MAX_WINDOW_TOKENS = 10  # "long extenseur radial du carpe", "artère circonflexe humérale postérieure" fit
MAX_PHRASE_WORDS = 3  # longest phrase form of a words file ("muscle grand dorsal" is two after "muscle")
MAX_READINGS = 32  # alternatives multiply ("grand ... petit"): at most this many readings of one window
PART_KINDS = frozenset({"bone_part", "joint_part", "muscle_part"})  # indexed with their parent's name too
_PIECE = re.compile(r"\w+")
_GLUE = frozenset({"-", "'", "’"})  # inside a window, a hyphen or an apostrophe joins words


def pieces(text: str) -> list[str]:
    """The normalized words of a text: norm() form (folded, plural -s dropped), split at hyphens and apostrophes."""
    return _PIECE.findall(norm(text))


def read_words(path: Path) -> dict[tuple[str, ...], list[str]]:
    """A words file: phrase (normalized words) -> its English readings. Comment lines start with #."""
    table: dict[tuple[str, ...], list[str]] = {}
    if not path.is_file():
        return table
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        form = tuple(pieces(row["form"]))
        if not form or len(form) > MAX_PHRASE_WORDS:
            raise ValueError(f"{path.name}: form {row['form']!r} must have 1 to {MAX_PHRASE_WORDS} words")
        readings = table.setdefault(form, [])
        for reading in row["english"].split("|"):
            if reading.strip() and reading.strip() not in readings:
                readings.append(reading.strip())
    return table


@dataclass(frozen=True)
class Concepts:
    """English word forms -> concepts (en.tsv), shared by every language's bridge."""

    table: dict[tuple[str, ...], list[str]]

    def of_words(self, words: Sequence[str]) -> list[tuple[str, ...]]:
        """The concept readings of English words, longest phrases first; unknown words are their own concept."""
        return _readings(words, lambda phrase: [tuple(pieces(r)) for r in self.table.get(phrase, [])])


def _readings(words: Sequence[str], lookup) -> list[tuple[str, ...]]:
    """Every reading of a word sequence: greedy longest-phrase segmentation, each phrase replaced by each of its
    readings (a phrase with none stands for itself), at most MAX_READINGS."""
    options: list[list[tuple[str, ...]]] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            found = lookup(tuple(words[i:i + size]))
            if found or size == 1:
                options.append(found or [(words[i],)])
                i += size
                break
    out = []
    for combo in itertools.islice(itertools.product(*options), MAX_READINGS):
        out.append(tuple(w for part in combo for w in part))
    return out


def key_of(concepts: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(concepts))


class Bridge:
    """One language's bridge to the English terms: key -> ids, and the spans of a token sequence that name some."""

    def __init__(self, words: dict[tuple[str, ...], list[str]], concepts: Concepts,
                 index: dict[tuple[str, ...], list[str]], skip: frozenset[str],
                 postposed: frozenset[str] = frozenset()):
        self.words = words
        self.concepts = concepts
        self.index = index
        self.skip = skip  # articles, linkers, "muscle" words of the language (normalized)
        # Concepts of adjectives that follow their noun in this language: a name never begins with one
        # ("la partie supérieure de la face médiale": "supérieure de la face" is no name).
        self.postposed = postposed
        self.known = frozenset(c for key in index for c in key)
        self.phrase_words = frozenset(w for form in words if len(form) > 1 for w in form)
        self._word_readings: dict[str, list[tuple[str, ...]]] = {}

    def readings(self, words: Sequence[str]) -> list[tuple[str, ...]]:
        """Concept readings of the language's words: each phrase -> its English readings -> their concepts."""
        def lookup(phrase):
            english = self.words.get(phrase)
            if english is None:
                return []
            return [c for reading in english for c in self.concepts.of_words(pieces(reading))]
        out = []
        for reading in _readings(words, lookup):
            # a word the file does not list may still be an English/Latin form en.tsv knows ("lateralis")
            out += self.concepts.of_words(reading)
        return list(dict.fromkeys(out))

    def ids(self, words: Sequence[str]) -> list[str]:
        """Vocabulary ids of the first reading of ``words`` (function words already dropped) whose key names any:
        a words file lists a word's English equivalents most usual first ("tuberosidade": tuberosity|tubercle)."""
        for reading in self.readings(words):
            found = self.index.get(key_of(reading))
            if found:
                return list(found)
        return []

    def lookup_text(self, text: str) -> list[str]:
        """ids named by a whole short string ("tubérosité de l'ischion")."""
        words = [w for w in pieces(text) if w not in self.skip]
        return self.ids(words) if words and self._can_begin(words[0]) else []

    def _can_begin(self, word: str) -> bool:
        return not self.postposed or not all(set(r) <= self.postposed for r in self.readings([word]))

    def spans(self, tokens: Sequence[str]) -> list[tuple[int, int, list[str]]]:
        """(start, end, ids) token ranges of ``tokens`` (token NORMs) that name vocabulary ids: for each start, the
        longest window. Windows stop at punctuation and at a word no key contains."""
        out = []
        for start, first in enumerate(tokens):
            if not self._content(first) or not self._can_begin(first):
                continue
            words: list[str] = []
            best = cut = None
            for end in range(start, min(len(tokens), start + MAX_WINDOW_TOKENS)):
                token = tokens[end]
                if token in _GLUE or token in self.skip or token.rstrip("'’") in self.skip:
                    continue
                parts = _PIECE.findall(token)
                if not parts or not self._plausible(parts):
                    break
                words += parts
                ids = self.ids(words)
                if ids and not self._continues(tokens, end + 1):
                    best = (start, end + 1, ids)
                elif ids:
                    cut = (start, end + 1, ids)  # taken only when no whole noun phrase names anything
            if best or cut:
                out.append((best or cut, best is None))
        # A cut window yields to any whole one it overlaps ("rameaux du nerf | tibial" to "nerf tibial").
        whole = [span for span, is_cut in out if not is_cut]
        return [span for span, is_cut in out
                if not is_cut or not any(s < span[1] and span[0] < e for s, e, _ in whole)]

    def _continues(self, tokens: Sequence[str], after: int) -> bool:
        """Does a word of a name follow, so that a window ending here would cut a noun phrase in two ("base de la
        phalange | distale", "rameaux du nerf | tibial": the adjective belongs to the last noun)? Such a window is
        taken only when no longer one names anything."""
        if after >= len(tokens) or not self._content(tokens[after]):
            return False
        parts = _PIECE.findall(tokens[after])
        return bool(parts) and self._plausible(parts)

    def _content(self, token: str) -> bool:
        return bool(_PIECE.fullmatch(token)) and token not in self.skip

    def _plausible(self, parts: list[str]) -> bool:
        """Can these words be part of a name? Each is in a phrase of the words file, or some reading of it is made
        of concepts that keys contain."""
        return all(part in self.phrase_words or self._known_word(part) for part in parts)

    def _known_word(self, word: str) -> bool:
        readings = self._word_readings.get(word)
        if readings is None:  # memoized: the same words recur on every page
            readings = self._word_readings[word] = self.readings([word])
        return any(all(c in self.known for c in reading) for reading in readings)


def build_index(terms: Iterable[tuple[str, str, str]], concepts: Concepts, skip_en: frozenset[str],
                parents: dict[str, str | None], kinds: dict[str, str]) -> dict[tuple[str, ...], list[str]]:
    """key -> ids over English terms ``(id, term, term_kind)``; part terms also with their parent's names."""
    names: dict[str, list[tuple[str, ...]]] = {}
    for entity, term, _ in terms:
        words = [w for w in pieces(term) if w not in skip_en]
        if words:
            names.setdefault(entity, []).extend(concepts.of_words(words))
    index: dict[tuple[str, ...], list[str]] = {}

    def add(key, entity):
        bucket = index.setdefault(key, [])
        if entity not in bucket:
            bucket.append(entity)

    for entity, readings in names.items():
        for reading in readings:
            add(key_of(reading), entity)
        whole = parents.get(entity)
        if kinds.get(entity) in PART_KINDS and whole in names:
            for reading in readings:
                for whole_reading in names[whole]:
                    add(key_of(reading + whole_reading), entity)
    return index
