"""Boilerplate removal: the cascade of schemas/rules/boilerplate.yaml, then template blocks.

Input: a Document's blocks. Output: the blocks that stay, every removed span as an audit row, and the
cleaned text those blocks make (claims index into it).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from extractors.lang import fold
from extractors.model import Block, Document, Removed
from schemas import RULES_DIR

BLOCK_SEPARATOR = "\n\n"
TEMPLATE_MIN_CHARS = 20  # shorter blocks ("Function", "Structure") recur on every page and are content
TEMPLATE_MIN_PAGES = 3  # a block must recur on at least this many pages of a site ...
TEMPLATE_MIN_SHARE = 0.5  # ... and on at least this share of them to be template boilerplate
NEVER_TEMPLATE_KINDS = ("field", "title")  # labelled values legitimately repeat ("Action: flexion")


@dataclass(frozen=True)
class Rule:
    rule_id: str
    reason: str
    scope: str  # block | span | section
    pattern: re.Pattern | None = None
    kinds: tuple[str, ...] = ()
    max_words: int | None = None

    def matches_block(self, block: Block) -> bool:
        if self.kinds and block.kind not in self.kinds:
            return False
        if self.max_words is not None and len(block.text.split()) > self.max_words:
            return False
        if self.scope == "section" and block.kind != "heading":
            return False
        return self.pattern is None or self.pattern.search(block.text) is not None


@lru_cache(maxsize=1)
def cascade() -> tuple[Rule, ...]:
    with (RULES_DIR / "boilerplate.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return tuple(
        Rule(
            rule_id=item["id"],
            reason=item["reason"],
            scope=item["scope"],
            pattern=re.compile(item["pattern"], re.MULTILINE) if item.get("pattern") else None,
            kinds=tuple(item.get("kinds", ())),
            max_words=item.get("max_words"),
        )
        for item in data["rules"]
    )


@dataclass
class Cleaned:
    blocks: list[Block]
    offsets: list[int]  # start of each kept block in text
    text: str
    removed: list[Removed]


def fingerprint(block: Block) -> str:
    return hashlib.sha1(fold(block.text).encode("utf-8")).hexdigest()


def template_tracked(block: Block) -> bool:
    """Blocks whose recurrence across a site's pages is counted (extractors.templates)."""
    return block.kind not in NEVER_TEMPLATE_KINDS


def template_candidate(block: Block) -> bool:
    """A block long enough to be template boilerplate on its own recurrence."""
    return template_tracked(block) and len(block.text) >= TEMPLATE_MIN_CHARS


def clean(doc: Document, templates: frozenset[str] = frozenset()) -> Cleaned:
    blocks = [Block(**vars(b)) for b in doc.blocks]
    removed = list(doc.removed)
    for rule in cascade():
        blocks = _apply(rule, blocks, removed)
    blocks = _drop_templates(blocks, templates, removed)
    blocks = _drop_empty_sections(blocks, removed)
    return _assemble(blocks, removed)


def _apply(rule: Rule, blocks: list[Block], removed: list[Removed]) -> list[Block]:
    kept: list[Block] = []
    dropping_section = False
    for block in blocks:
        if rule.scope == "section":
            if block.kind == "heading":
                dropping_section = rule.matches_block(block)
            if dropping_section:
                removed.append(_removed(rule, block))
                continue
            kept.append(block)
        elif not rule.matches_block(block):
            kept.append(block)
        elif rule.scope == "block":
            removed.append(_removed(rule, block))
        else:
            cut = _cut_spans(rule, block, removed)
            if cut.text.strip():
                kept.append(cut)
    return kept


def _cut_spans(rule: Rule, block: Block, removed: list[Removed]) -> Block:
    """Remove every match of the rule from the block; record each with its source offsets."""
    pieces, last = [], 0
    for match in rule.pattern.finditer(block.text):
        if match.end() == match.start():
            continue
        pieces.append(block.text[last:match.start()])
        start = None if block.source_start is None else block.source_start + match.start()
        removed.append(Removed(rule.reason, rule.rule_id, match.group(0).strip(), start,
                               None if start is None else start + len(match.group(0))))
        last = match.end()
    pieces.append(block.text[last:])
    joined = " ".join(p.strip() for p in pieces if p.strip())
    # The source start stays only while the cut text still stands there verbatim (a cut at its end); after a cut
    # at its start or inside it, the block has no verbatim position in the source any more.
    verbatim = block.source_start is not None and block.text.startswith(joined)
    return Block(**{**vars(block), "text": joined, "source_start": block.source_start if verbatim else None})


def _drop_templates(blocks: list[Block], templates: frozenset[str], removed: list[Removed]) -> list[Block]:
    """Drop recurring blocks. A short recurring block ("Repeat.", "Pause.") goes only when it stands next to
    a dropped one, i.e. inside the template's run; short headings stay and fall to the empty-section rule."""
    if not templates:
        return blocks
    recurring = [template_tracked(b) and fingerprint(b) in templates for b in blocks]
    dropped = [r and template_candidate(b) for r, b in zip(recurring, blocks)]
    changed = True
    while changed:
        changed = False
        for index, block in enumerate(blocks):
            if dropped[index] or not recurring[index] or block.kind == "heading":
                continue
            if (index > 0 and dropped[index - 1]) or (index + 1 < len(blocks) and dropped[index + 1]):
                dropped[index] = changed = True
    kept = []
    for block, drop in zip(blocks, dropped):
        if drop:
            removed.append(Removed("template_block", "bp.template.site_repeat", block.text,
                                   block.source_start, _source_end(block)))
        else:
            kept.append(block)
    return kept


def _drop_empty_sections(blocks: list[Block], removed: list[Removed]) -> list[Block]:
    """Drop a heading whose section holds no text: no non-heading block follows it before the next heading of
    its rank or higher (any heading, when either rank is unknown), a title, or the end. A heading followed only
    by its own subsections keeps them ("Structure" > "Origin" > text)."""
    kept = []
    for index, block in enumerate(blocks):
        if block.kind == "heading" and _section_is_empty(blocks, index):
            removed.append(Removed("empty_section", "bp.section.empty", block.text, block.source_start,
                                   _source_end(block)))
            continue
        kept.append(block)
    return kept


def _section_is_empty(blocks: list[Block], index: int) -> bool:
    level = blocks[index].level
    for following in blocks[index + 1:]:
        if following.kind == "title":
            return True
        if following.kind != "heading":
            return False
        if not level or not following.level or following.level <= level:
            return True
    return True


def _removed(rule: Rule, block: Block) -> Removed:
    return Removed(rule.reason, rule.rule_id, block.text, block.source_start, _source_end(block))


def _source_end(block: Block) -> int | None:
    return None if block.source_start is None else block.source_start + len(block.text)


def _assemble(blocks: list[Block], removed: list[Removed]) -> Cleaned:
    offsets, position = [], 0
    for block in blocks:
        offsets.append(position)
        position += len(block.text) + len(BLOCK_SEPARATOR)
    return Cleaned(blocks, offsets, BLOCK_SEPARATOR.join(b.text for b in blocks), removed)
