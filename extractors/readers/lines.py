"""Line-oriented helpers shared by the plain-text readers (rendered wiki text, article text, Markdown)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from extractors.model import Block

BULLET = re.compile(r"^\s*(?:[•·▪‣◦*+-]|\d{1,2}[.)])\s+")
HEADING_MAX_WORDS = 10  # a line longer than this is a paragraph, whatever its punctuation
DATE_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%b. %d, %Y")
METADATA_LINE = re.compile(
    r"^\s*(?P<key>author|authors|written by|modified|last updated|updated|published|last modified)\s*:?\s*(?P<value>.+?)\s*$",
    re.IGNORECASE,
)


def lines_with_offsets(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """(offset of the stripped line in text, stripped line) for every non-blank line."""
    offset = start
    for raw in text[start:].split("\n"):
        stripped = raw.strip()
        if stripped:
            yield offset + raw.index(stripped), stripped
        offset += len(raw) + 1


def looks_like_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > HEADING_MAX_WORDS:
        return False
    if line[-1] in ".,;:!" or not (line[0].isupper() or line[0].isdigit()):
        return False
    return True


def text_block(offset: int, line: str) -> Block:
    """A Block for one line: list item (bullet removed), heading or paragraph."""
    bullet = BULLET.match(line)
    if bullet:
        return Block(line[bullet.end():], "list_item", offset + bullet.end())
    return Block(line, "heading" if looks_like_heading(line) else "paragraph", offset)


def parse_date(value: str) -> str | None:
    cleaned = re.sub(r"\s+", " ", value.strip().rstrip("."))
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def read_metadata_line(line: str) -> tuple[str, str] | None:
    """("author", "Lily Guo, MD") or ("modified", "2025-03-04") for a byline or date line."""
    match = METADATA_LINE.match(line)
    if not match:
        return None
    key, value = match.group("key").lower(), match.group("value")
    if key in ("author", "authors", "written by"):
        return "author", value
    date = parse_date(value)
    return ("modified", date) if date else None


def assign_sections(blocks: list[Block]) -> list[Block]:
    """Record on every block the heading it sits under (field headings such as "Nerve Supply" use it)."""
    current = None
    for block in blocks:
        if block.kind == "heading":
            current = block.text
        else:
            block.section = current
    return blocks
