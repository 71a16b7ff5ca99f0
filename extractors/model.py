"""The shapes that pass between the stages: a source item, a read Document, removed spans, claims."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property


class Quarantine(Exception):
    """A page that cannot be processed. ``reason`` is a code from the bad-input policy."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class SourceItem:
    """One page to process: its raw bytes and where it came from."""

    path: str  # relative to the input root; '<dump>#<title>' for a page inside a dump
    data: bytes
    site: str = ""  # grouping for template detection: the page's folder
    revision: str | None = None
    title_hint: str | None = None  # page title given by a container (a dump)
    error: tuple[str, str] | None = None  # (reason, detail) when discovery could not read the page
    duplicate_of: str | None = None  # path of an earlier item with the same bytes (one document)

    @cached_property
    def doc_id(self) -> str:
        """sha256 of the raw bytes; an unreadable item has none, so its path stands in."""
        payload = self.data if self.error is None else f"unreadable:{self.path}".encode("utf-8")
        return hashlib.sha256(payload).hexdigest()


@dataclass
class Block:
    """A unit of body text. ``text`` is exactly what lands in text_clean."""

    text: str
    kind: str = "paragraph"  # heading, paragraph, list_item, field, link, caption
    source_start: int | None = None  # offset of text in the decoded source, when known
    label: str | None = None  # field blocks: the label as written ("Origin (short head)")
    value_start: int = 0  # field blocks: where the value starts inside text
    language: str | None = None  # declared by the source (front matter per-language values); set by the language step
    depth: int = 0  # list nesting depth (link lists)
    target: str | None = None  # link blocks: the link target
    section: str | None = None  # text of the heading this block sits under
    level: int = 0  # heading blocks: rank as the source gives it (h2 / "==" -> 2); 0 when unknown


@dataclass
class Removed:
    """A span cleaning removed, for the boilerplate audit table."""

    reason: str
    rule_id: str
    text: str
    source_start: int | None = None
    source_end: int | None = None


@dataclass
class Label:
    language: str
    label: str
    kind: str  # title, interlanguage, vocabulary, latin, synonym


@dataclass
class Document:
    """What a reader yields: metadata, structured fields and body blocks."""

    family: str
    source: str  # decoded source text
    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    language_hint: str | None = None
    authors: list[str] = field(default_factory=list)
    modified: str | None = None
    permalink: str | None = None
    tags: list[str] = field(default_factory=list)
    images: int = 0


@dataclass
class Claim:
    subject_id: str
    field: str
    value_text: str
    char_start: int
    char_end: int
    evidence: str
    method: str
    rule_id: str
    value_id: str | None = None
    value_label: str | None = None
    qualifier: list[str] = field(default_factory=list)
    language: str | None = None
    normalizer: str | None = None
    unresolved_reason: str | None = None
    confidence: float = 1.0
