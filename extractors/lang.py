"""Per-language resources from schemas/lang/<code>.yaml: field labels, relation patterns, cues.

Adding a language is adding a file there; nothing here names a language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import yaml

from extractors.nlp import fold as fold_token
from schemas import LANG_DIR

FALLBACK = "en"  # patterns used for a language that has no file of its own


def fold(text: str) -> str:
    """The vocabulary's folding (case, accents, ø/æ/ß) with spaces collapsed: the form labels are compared in."""
    return " ".join(fold_token(text).split())


@dataclass(frozen=True)
class Relation:
    rule_id: str
    field: str
    pattern: re.Pattern
    value: str | None = None  # fixed value_id for relations that name their value (fibre types)
    kinds: frozenset[str] | None = None  # narrows the field's value kinds for this trigger
    before: bool = False  # inverted pattern: the values precede the trigger
    alternative: str | None = None  # "attach to" may name an origin: the field a value consistent with it takes


@dataclass(frozen=True)
class LanguageRules:
    code: str
    relations: tuple[Relation, ...]
    qualifiers: dict[str, re.Pattern]
    not_function_context: re.Pattern | None
    negation: re.Pattern | None
    parent_trunk: re.Pattern | None
    coordination: re.Pattern | None
    clause_break: re.Pattern | None
    subject_pronoun: re.Pattern | None
    locator: re.Pattern | None
    relative_pronoun: re.Pattern | None
    action_purpose: Relation | None
    function_words: frozenset[str] = frozenset()  # folded; language detection counts them

    def relations_for(self, field: str) -> list[Relation]:
        return [r for r in self.relations if r.field == field]


def _compile(pattern: str | None) -> re.Pattern | None:
    return re.compile(pattern, re.IGNORECASE) if pattern else None


@lru_cache(maxsize=None)
def _raw(code: str) -> dict:
    path = LANG_DIR / f"{code}.yaml"
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def script(code: str) -> str:
    """The script a supported language is written in: ``script:`` in its file, Latin when the file names none."""
    return str(_raw(code).get("script") or "Latin")


@lru_cache(maxsize=None)
def supported_languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in LANG_DIR.glob("*.yaml") if len(p.stem) <= 3))


@lru_cache(maxsize=None)
def rules(code: str) -> LanguageRules:
    data = _raw(code if code in supported_languages() else FALLBACK)
    relations = tuple(
        Relation(item["id"], field, re.compile(item["pattern"], re.IGNORECASE), item.get("value"),
                 frozenset(item["kinds"]) if item.get("kinds") else None, bool(item.get("before")),
                 item.get("alternative"))
        for field, items in (data.get("relations") or {}).items()
        for item in items
    )
    return LanguageRules(
        code=data["language"],
        relations=relations,
        qualifiers={name: re.compile(p, re.IGNORECASE) for name, p in (data.get("qualifiers") or {}).items()},
        not_function_context=_compile(data.get("not_function_context")),
        negation=_compile(data.get("negation")),
        parent_trunk=_compile(data.get("parent_trunk")),
        coordination=_compile(data.get("coordination")),
        clause_break=_compile(data.get("clause_break")),
        subject_pronoun=_compile(data.get("subject_pronoun")),
        locator=_compile(data.get("locator")),
        relative_pronoun=_compile(data.get("relative_pronoun")),
        action_purpose=_relation("action", data.get("action_purpose")),
        function_words=frozenset(fold(str(w)) for w in data.get("function_words") or ()),
    )


def setting(code: str, key: str):
    """Another top-level entry of a language's file, as written (None when the file has none): data only one
    extractor step reads (extractors.extract: how a rotation's direction or a motion's joint is read)."""
    return _raw(code if code in supported_languages() else FALLBACK).get(key)


def _relation(field: str, item: dict | None) -> Relation | None:
    return Relation(item["id"], field, re.compile(item["pattern"], re.IGNORECASE)) if item else None


@lru_cache(maxsize=None)
def field_label_index() -> dict[str, tuple[tuple[str, str, bool], ...]]:
    """Folded label -> ((field, language, line_only), ...) over every language, the fallback language first:
    labels are recognised whatever the page says. ``line_only`` labels (a yaml's ``line_labels``) name a field
    in a "Label: value" line or a front-matter key, never as a section heading."""
    index: dict[str, list[tuple[str, str, bool]]] = {}
    codes = sorted(supported_languages(), key=lambda code: (code != FALLBACK, code))
    for code in codes:
        for section, line_only in (("field_labels", False), ("line_labels", True)):
            for field, labels in (_raw(code).get(section) or {}).items():
                for label in labels:
                    entries = index.setdefault(fold(str(label)), [])
                    if not any(entry[:2] == (field, code) for entry in entries):
                        entries.append((field, code, line_only))
    return {label: tuple(entries) for label, entries in index.items()}


_QUALIFIED_LABEL = re.compile(r"^(?P<label>[^()]+?)\s*(?:\((?P<qualifier>[^)]*)\))?\s*$")
# A plural ending glued to a word is no qualifier: "Insertion(s) proximale(s)", "Action(s)", "Ação(ões)".
_PLURAL_MARK = re.compile(r"(?<=\w)\((?:s|es|e|i|x|ões|oes)\)")


class FieldLabel(NamedTuple):
    field: str
    qualifier: str | None  # the parenthesised part of "Origin (short head)"
    language: str  # the language whose label map matched


def field_for_label(label: str, lang: str | None = None, heading: bool = False) -> FieldLabel | None:
    """"Origin (short head)" -> FieldLabel("origin", "short head", "en"); None when it names no field.

    A label several languages share ("Innervation", "Insertion", "Funktion") is read in ``lang`` when that
    language has it. ``heading``: the label is a section heading, where line-only labels do not count.
    """
    match = _QUALIFIED_LABEL.match(_PLURAL_MARK.sub("", label).strip().rstrip(":").strip())
    if not match:
        return None
    entries = [e for e in field_label_index().get(fold(match.group("label")), ()) if not (heading and e[2])]
    if not entries:
        return None
    code = (lang or "").replace("_", "-").split("-")[0].lower()
    field, language, _ = next((e for e in entries if e[1] == code), entries[0])
    return FieldLabel(field, match.group("qualifier") or None, language)
