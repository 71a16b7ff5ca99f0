"""One page from bytes to rows: decode, read, clean, detect language, find the subject, extract.

``process_batch`` is what the flow calls; it never raises for a bad page: a page that cannot be
processed becomes a quarantined documents row with a reason code, and the batch goes on.
"""
from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from extractors import vocabulary
from extractors.independence import fingerprint, source_of
from extractors.clean import Cleaned, cascade, clean
from extractors.decode import decode
from extractors.extract import PageContext, extract
from extractors.fields import field_specs
from extractors.lang import field_label_index, fold, rules, supported_languages
from extractors.language import block_languages, detect, unsupported_script
from extractors.language import warm_up as warm_up_detector
from extractors.model import Claim, Document, Quarantine, SourceItem
from extractors.nlp import pipeline
from extractors.readers import read

log = logging.getLogger(__name__)

SUBJECT_KINDS = frozenset({"muscle", "muscle_part", "compartment"})
TITLE_MAX_WORDS = 20  # a first kept block longer than this is not a title
MAX_CLEAN_CHARS = 1_000_000  # spaCy's own max_length: a page with more text than this is not one article
SUBJECT_SCAN_CHARS = 3000  # a page names its subject early: read this much when the title alone is ambiguous


@dataclass
class BatchResult:
    documents: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    boilerplate: list[dict] = field(default_factory=list)

    def extend(self, other: "BatchResult") -> None:
        for name in ("documents", "claims", "labels", "boilerplate"):
            getattr(self, name).extend(getattr(other, name))


# Held while resources load, so that a warm-up thread (musculus run, a Dask worker's preload) and the first batch
# never build the same tables twice: the batch waits for the warm-up instead.
_RESOURCES_LOCK = threading.RLock()
DEFAULT_LANGUAGE = "en"  # extractors.language.detect's answer when it has nothing to go on


def load_resources() -> None:
    """Load every data file (rules, label maps, vocabulary) outside the per-page guard: a missing or broken
    data file is the installation's fault, not a page's, and must fail the run instead of quarantining all."""
    with _RESOURCES_LOCK:
        cascade()
        field_specs()
        for code in supported_languages():
            rules(code)
        field_label_index()
        vocabulary.kind("TA98:A04.7.02.044")


def warm_up() -> None:
    """Load ahead what the first pages need: the data files, the language detector's models and the pipeline of
    the default language (other languages' pipelines are built when a page needs them)."""
    with _RESOURCES_LOCK:
        load_resources()
        warm_up_detector()
        pipeline(DEFAULT_LANGUAGE)


def process_batch(items: Sequence[SourceItem], templates: frozenset[str] = frozenset(),
                  docs: Sequence[Document | None] | None = None) -> BatchResult:
    """``docs``: the pages as the template pass read them (extractors.templates.read_for_templates), or None."""
    load_resources()
    result = BatchResult()
    for item, doc in zip(items, docs if docs is not None else [None] * len(items), strict=True):
        result.extend(process_item(item, templates, doc))
    return result


def process_item(item: SourceItem, templates: frozenset[str] = frozenset(), doc: Document | None = None) -> BatchResult:
    """One page's rows; ``doc`` is the page already read (else it is read here)."""
    try:
        if item.error is not None:
            raise Quarantine(*item.error)
        if item.duplicate_of is not None:
            raise Quarantine("duplicate", f"same bytes as {item.duplicate_of}")
        return _process(item, templates, doc)
    except Quarantine as problem:
        return BatchResult(documents=[_quarantined_row(item, problem.reason, problem.detail)])
    except Exception as error:  # a reader or extractor bug must not stop the run: record it
        log.exception("processing %s failed", item.path)
        return BatchResult(documents=[_quarantined_row(item, "processing_error", f"{type(error).__name__}: {error}")])


def read_document(item: SourceItem) -> Document:
    return read(decode(item.data), item)


def _process(item: SourceItem, templates: frozenset[str], doc: Document | None) -> BatchResult:
    if doc is None:
        doc = read_document(item)
    cleaned = clean(doc, templates)
    if len(cleaned.text) > MAX_CLEAN_CHARS:
        raise Quarantine("too_large", f"{len(cleaned.text)} characters of text after cleaning > {MAX_CLEAN_CHARS}")
    script = unsupported_script(cleaned.text)
    if script is not None:
        raise Quarantine("unsupported_language", f"the text is in {script} script, which none of the supported "
                                                 f"languages ({', '.join(supported_languages())}) is written in")
    title = doc.title or item.title_hint or _first_block_title(cleaned)
    lang = detect(cleaned.text, doc.language_hint)
    segments = _block_languages(cleaned, lang)
    try:
        subject_id = find_subject(doc, title, item.path, lang, cleaned.text)
        analysis = vocabulary.analyze(cleaned.text, lang, subject_id=subject_id, segments=segments)
    except vocabulary.UnsupportedLanguage as error:
        raise Quarantine("unsupported_language", str(error)) from error
    claims: list[Claim] = []
    if subject_id is not None:
        ctx = PageContext(subject_id, lang, cleaned, analysis, permalink=doc.permalink)
        claims = extract(ctx)
    doc_id = item.doc_id
    return BatchResult(
        documents=[_document_row(item, doc, cleaned, title, lang, subject_id)],
        claims=[_claim_row(doc_id, claim) for claim in claims],
        labels=_label_rows(doc_id, doc, title, lang, subject_id),
        boilerplate=[
            {"doc_id": doc_id, "reason": r.reason, "rule_id": r.rule_id, "text": r.text,
             "source_start": r.source_start, "source_end": r.source_end}
            for r in cleaned.removed
        ],
    )


def _block_languages(cleaned: Cleaned, page_language: str) -> list[tuple[int, int, str]]:
    """Set every kept block's language (declared, detected or the page's); the (start, end, language) spans
    of the blocks in another language than the page's, for the analysis."""
    languages = block_languages([b.text for b in cleaned.blocks], page_language, [b.language for b in cleaned.blocks])
    segments = []
    for block, offset, code in zip(cleaned.blocks, cleaned.offsets, languages):
        block.language = code
        if code != page_language:
            segments.append((offset, offset + len(block.text), code))
    return segments


def _first_block_title(cleaned: Cleaned) -> str:
    for block in cleaned.blocks:
        if len(block.text.split()) <= TITLE_MAX_WORDS:
            return block.text
        break
    return ""


# ---- the page's subject ---------------------------------------------------------------------------

def find_subject(doc: Document, title: str, path: str, lang: str, text: str = "") -> str | None:
    """What the page is about: from its title, then its Latin name, then its permalink or file name, then
    the muscle the text names most often among those whose name contains the title ("Biceps": biceps brachii).

    A name that names a muscle the vocabulary lacks gets LOCAL:<slug>; a page naming no muscle at
    all (a region overview) has no subject and yields no claims.
    """
    names = [title, *(l.label for l in doc.labels if l.kind == "latin"), _slug_words(doc.permalink),
             _slug_words(PurePosixPath(path.split("#")[-1]).stem)]
    for name in filter(None, names):
        found = subject_from_name(name, lang)
        if found:
            return found
    found = _subject_from_text(title, text, lang) or _subject_by_limb(title, text, lang)
    if found:
        return found
    if title and (vocabulary.names_one_muscle(title, lang) or vocabulary.names_muscle_group(title, lang)):
        return f"LOCAL:{_slug(title, lang)}"
    return None


def _subject_by_limb(title: str, text: str, lang: str) -> str | None:
    """A title that names muscles of the hand and of the foot alike ("Lumbrical Muscles"): the one of the limb the
    text names more structures of ("tendons of the deep flexor muscles of the hand", "metacarpophalangeal
    joints")."""
    from extractors.hierarchy import limb

    found = vocabulary.resolve(title, lang, set(SUBJECT_KINDS)) if title else None
    if found is None or found.value_id or len(found.candidates) < 2:
        return None
    by_limb = {limb(c): c for c in found.candidates}
    if None in by_limb or len(by_limb) != len(found.candidates):
        return None
    named = Counter(limb(m.value_id) for m in vocabulary.analyze(text[:SUBJECT_SCAN_CHARS], lang).mentions
                    if m.value_id)
    ranked = sorted(by_limb, key=lambda side: named[side], reverse=True)
    if named[ranked[0]] > named[ranked[1]]:
        return by_limb[ranked[0]]
    return None


def _subject_from_text(title: str, text: str, lang: str) -> str | None:
    words = set(fold(title).split())
    if not words or not text:
        return None
    counts = Counter(
        m.value_id for m in vocabulary.analyze(text[:SUBJECT_SCAN_CHARS], lang).mentions
        if m.kind == "muscle" and m.value_id and words <= set(fold(m.text).split())
    )
    return counts.most_common(1)[0][0] if counts else None


def subject_from_name(name: str, lang: str) -> str | None:
    analysis = vocabulary.analyze(name, lang)
    wholes = [m for m in analysis.mentions if m.kind in SUBJECT_KINDS and m.value_id]
    if not wholes:
        found = vocabulary.resolve(name, lang, set(SUBJECT_KINDS))
        return found.value_id if found is not None and found.value_id else None
    whole = next((m for m in wholes if m.kind == "muscle"), wholes[0])
    if whole.kind != "muscle":
        return whole.value_id
    with_parts = vocabulary.analyze(name, lang, subject_id=whole.value_id)
    for mention in with_parts.mentions:
        if mention.value_id and vocabulary.parent(mention.value_id) == whole.value_id and mention.kind == "muscle_part":
            return mention.value_id
    return whole.value_id


def _slug_words(value: str | None) -> str:
    return re.sub(r"[-_/]+", " ", value or "").strip()


def _slug(value: str, lang: str) -> str:
    """"The Gastrocnemius muscle" -> "gastrocnemius": folded, without a leading article and "muscle" words."""
    return re.sub(r"[^a-z0-9]+", "-", vocabulary.name_key(value, lang)).strip("-") or re.sub(
        r"[^a-z0-9]+", "-", value.lower()).strip("-")


# ---- rows -----------------------------------------------------------------------------------------

def _document_row(item, doc: Document, cleaned: Cleaned, title: str, lang: str, subject_id) -> dict:
    """``source`` here is the page's own (no sources file) and ``duplicate_of`` None: both are the run's to set
    (extractors.reconcile.Independence), as they depend on the sources file and on the other pages."""
    return {
        "doc_id": item.doc_id, "path": item.path, "source": source_of(item.path, doc.permalink), "duplicate_of": None,
        "family": doc.family, "title": title or None,
        "language": lang, "about_id": subject_id, "status": "ok", "reason": None, "detail": None,
        "modified": doc.modified, "authors": list(doc.authors), "permalink": doc.permalink,
        "images": doc.images, "revision": item.revision, "text_clean": cleaned.text,
        "fingerprint": fingerprint(cleaned.text),
    }


def _quarantined_row(item: SourceItem, reason: str, detail: str) -> dict:
    return {
        "doc_id": item.doc_id, "path": item.path, "source": source_of(item.path), "duplicate_of": item.duplicate_of,
        "family": None, "title": item.title_hint, "language": None,
        "about_id": None, "status": "quarantined", "reason": reason, "detail": detail or None, "modified": None,
        "authors": [], "permalink": None, "images": None, "revision": item.revision, "text_clean": None,
        "fingerprint": None,
    }


def claim_id(doc_id: str, claim: Claim) -> str:
    key = "\x1f".join(map(str, (doc_id, claim.subject_id, claim.field, claim.value_id, claim.char_start,
                                claim.char_end, claim.rule_id)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _claim_row(doc_id: str, claim: Claim) -> dict:
    return {
        "claim_id": claim_id(doc_id, claim), "doc_id": doc_id, "subject_id": claim.subject_id,
        "field": claim.field, "value_id": claim.value_id, "value_label": claim.value_label,
        "value_text": claim.value_text, "qualifier": list(claim.qualifier), "language": claim.language,
        "char_start": claim.char_start, "char_end": claim.char_end, "evidence": claim.evidence,
        "method": claim.method, "rule_id": claim.rule_id, "normalizer": claim.normalizer,
        "unresolved_reason": claim.unresolved_reason, "confidence": float(claim.confidence),
    }


def _label_rows(doc_id: str, doc: Document, title: str, lang: str, subject_id: str | None) -> list[dict]:
    if subject_id is None:
        return []
    rows = [{"entity_id": subject_id, "language": label.language, "label": label.label, "kind": label.kind,
             "doc_id": doc_id} for label in doc.labels]
    if title:
        rows.append({"entity_id": subject_id, "language": vocabulary.name_language(title, lang), "label": title,
                     "kind": "title", "doc_id": doc_id})
    unique = {tuple(sorted(r.items())): r for r in rows}
    return list(unique.values())
