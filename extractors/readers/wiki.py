"""Rendered wiki page text: infobox lines at the top, "…Edit" headings, interlanguage link lines."""
from __future__ import annotations

import re
from functools import lru_cache

import yaml

from extractors.lang import field_for_label
from extractors.model import Block, Document, Label, SourceItem
from extractors.readers.lines import assign_sections, lines_with_offsets, text_block
from schemas import LANG_DIR

FAMILY = "wiki"
EXTENSIONS = (".wiki",)
EDIT_HEADING = re.compile(r"^\S.{0,80}[a-z)]Edit$", re.MULTILINE)
INFOBOX_ZONE_LINES = 14  # infobox lines stand within the first lines of the page
INFOBOX_LINE = re.compile(r"^(?P<label>[A-Z][A-Za-z' ]{1,30}?)(?:\s{2,}|\t|\s*:\s*|\s)(?P<value>\S.*)$")


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    with (LANG_DIR / "language_codes.yaml").open(encoding="utf-8") as handle:
        return frozenset(yaml.safe_load(handle)["codes"])


_LINK_START = re.compile(r"(?:^|(?<=\s))([a-z]{2,3}(?:-[a-z]+)*):(?=\S)")


def interlanguage_links(line: str) -> list[tuple[str, str]] | None:
    """[("de", "Musculus gastrocnemius"), …] when the whole line is interlanguage links, else None."""
    starts = list(_LINK_START.finditer(line))
    if not starts or starts[0].start() != 0:
        return None
    links = []
    for match, following in zip(starts, [*starts[1:], None]):
        code = match.group(1)
        if code not in language_codes():
            return None
        end = following.start() if following else len(line)
        links.append((code, line[match.end():end].strip()))
    return links if all(label for _, label in links) else None


def sniff(text: str) -> bool:
    head = text[:50_000]
    edit_headings = len(EDIT_HEADING.findall(head))
    link_lines = sum(1 for _, line in lines_with_offsets(head) if interlanguage_links(line))
    return edit_headings >= 1 and (edit_headings >= 2 or link_lines >= 1)


def read(text: str, item: SourceItem) -> Document:
    doc = Document(family=FAMILY, source=text)
    lines = list(lines_with_offsets(text))
    in_infobox_zone = True
    for index, (offset, line) in enumerate(lines):
        if index == 0:
            doc.title = line
            doc.blocks.append(Block(line, "title", offset))
            continue
        links = interlanguage_links(line)
        if links:
            doc.labels.extend(Label(code, label, "interlanguage") for code, label in links)
            doc.blocks.append(Block(line, "interlanguage", offset))
            continue
        field_block = _infobox_field(offset, line) if in_infobox_zone and index < INFOBOX_ZONE_LINES else None
        if field_block is not None:
            doc.blocks.append(field_block)
            continue
        if in_infobox_zone and any(b.kind == "field" for b in doc.blocks):
            in_infobox_zone = False
        block = text_block(offset, line)
        if in_infobox_zone and block.kind != "heading" and len(line.split()) <= 8:
            block.kind = "caption"  # the image caption between the title and the infobox lines
        doc.blocks.append(block)
    assign_sections(doc.blocks)
    return doc


def _infobox_field(offset: int, line: str) -> Block | None:
    match = INFOBOX_LINE.match(line)
    if not match or field_for_label(match.group("label")) is None:
        return None
    return Block(line, "field", offset, label=match.group("label").strip(), value_start=match.start("value"))
