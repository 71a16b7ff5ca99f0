"""Plain article text (clinical and consumer articles): title line, bylines, dates, paragraphs, lists."""
from __future__ import annotations

import re

from extractors.model import Document, SourceItem
from extractors.readers.lines import assign_sections, lines_with_offsets, read_metadata_line, text_block

FAMILY = "clinical_article"
EXTENSIONS = (".txt", ".text")
MIN_PROSE_LINES = 2  # lines of 8+ words that make a text an article rather than a list or data
PROSE_LINE = re.compile(r"^(?:\S+\s+){7,}\S+")
MARKUP = re.compile(r"<\s*(?:html|body|div|p|section|article)\b|\{\{|^\s*[{\[]", re.IGNORECASE)


def sniff(text: str) -> bool:
    head = text[:20_000]
    if MARKUP.search(head[:2000]):
        return False
    prose = sum(1 for _, line in lines_with_offsets(head) if PROSE_LINE.match(line))
    return prose >= MIN_PROSE_LINES


def read(text: str, item: SourceItem) -> Document:
    doc = Document(family=FAMILY, source=text)  # no title here: the first line that survives cleaning is it
    for index, (offset, line) in enumerate(lines_with_offsets(text)):
        block = text_block(offset, line)
        if index == 0:
            block.kind = "title"
        elif (meta := read_metadata_line(line)) is not None:
            _apply_metadata(doc, *meta)
            block.kind = "metadata"
        doc.blocks.append(block)
    assign_sections(doc.blocks)
    return doc


def _apply_metadata(doc: Document, key: str, value: str) -> None:
    if key == "author":
        doc.authors.append(value)
    elif key == "modified" and doc.modified is None:
        doc.modified = value
