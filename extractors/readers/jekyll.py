"""Jekyll pages: YAML front matter (safe-loaded), Markdown body with Liquid tags and link lists.

Front-matter keys that name a field (origin, insertion, function, …, per language) become field
blocks whose text is "<key>: <value>", so their claims have spans in text_clean like any other.
"""
from __future__ import annotations

import re

import frontmatter
import yaml

from extractors.lang import field_for_label
from extractors.model import Block, Document, Label, Quarantine, Removed, SourceItem
from extractors.readers.lines import assign_sections, lines_with_offsets, text_block

# libyaml's parser under the safe constructor: the same documents and types as yaml.safe_load, ten times faster
# (front matter parsing was a third of a Jekyll page's cost); the pure-Python loader where PyYAML lacks libyaml.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FAMILY = "jekyll"
EXTENSIONS = (".md", ".markdown")  # a .html page without front matter is the html reader's
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n")
LINK_ITEM = re.compile(r"^(?P<indent>\s*)[-*+]\s+\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)\s*$")
LIQUID = re.compile(r"^\s*\{[%{].*[%}]\}\s*$")
LIQUID_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
LIQUID_LINE_MAX_WORDS = 3  # "**Udspring**: {{ page.origin.da }}": a label around Liquid output is template markup
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+")
LIST_INDENT = 2  # spaces per nesting level in Markdown link lists
NAME_KEYS = ("latin",)  # front-matter keys that name the subject in another language
NAME_GROUP_KEY = "name"  # a mapping of such keys ("name: {latin: Gluteus Maximus}")
IMAGE_KEYS = ("images", "gallery")
SINGLE_IMAGE_KEYS = ("image",)
# Bounds on what front matter may hold. safe_load never runs code (python tags are refused), but YAML aliases
# share one value between many places: nine levels of nine aliases are 10^9 strings to every walk over the
# value (the "billion laughs"), and an alias may even contain itself. Real front matter is a few kB.
MAX_FRONT_MATTER_BYTES = 100_000
MAX_FRONT_MATTER_VALUES = 20_000  # scalars, lists and mappings counted as expanded, aliases included
MAX_FRONT_MATTER_DEPTH = 20


def sniff(text: str) -> bool:
    if not FRONT_MATTER.match(text):
        return False
    return re.search(r"^---[ \t]*$", text[4:], re.MULTILINE) is not None


def read(text: str, item: SourceItem) -> Document:
    meta, body_start = _front_matter(text)
    doc = Document(family=FAMILY, source=text)
    doc.title = str(meta.get("title") or "").strip()
    doc.permalink = str(meta.get("permalink") or "").strip() or None
    doc.tags = _as_list(meta.get("tags"))
    doc.language_hint = str(meta.get("lang") or meta.get("language") or "").strip() or None
    doc.images = sum(len(_as_list(meta.get(key))) for key in IMAGE_KEYS) + sum(
        1 for key in SINGLE_IMAGE_KEYS if meta.get(key)
    )
    doc.removed.extend(_gallery_rows(meta))
    doc.blocks.extend(_front_matter_fields(text, meta))
    names = meta.get(NAME_GROUP_KEY) if isinstance(meta.get(NAME_GROUP_KEY), dict) else {}
    for key in NAME_KEYS:
        for value in (meta.get(key), names.get(key)):  # "latin: …" or "name: {latin: …}"
            if isinstance(value, str) and value.strip():
                doc.labels.append(Label("la", value.strip(), "latin"))
    if doc.title:
        doc.blocks.insert(0, Block(doc.title, "title", text.find(doc.title)))
    doc.blocks.extend(_body_blocks(text, body_start))
    assign_sections(doc.blocks)
    return doc


def _front_matter(text: str) -> tuple[dict, int]:
    try:
        raw_meta, content = frontmatter.YAMLHandler().split(text.lstrip("\ufeff"))
    except ValueError as error:
        raise Quarantine("malformed_front_matter", str(error).splitlines()[0][:200]) from error
    if len(raw_meta.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise Quarantine("malformed_front_matter", f"front matter over {MAX_FRONT_MATTER_BYTES} bytes")
    try:
        meta = yaml.load(raw_meta, Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        raise Quarantine("malformed_front_matter", str(error).splitlines()[0][:200]) from error
    except RecursionError:
        raise Quarantine("malformed_front_matter", "front matter nested too deeply") from None
    _check_bounds(meta)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise Quarantine("malformed_front_matter", f"front matter is a {type(meta).__name__}, not a mapping")
    return meta, len(text) - len(content)


def _check_bounds(value) -> None:
    """Walk the value as later steps will (aliases expanded), iteratively, and stop at the bounds."""
    pending = [(value, 0)]
    seen = 0
    while pending:
        current, depth = pending.pop()
        seen += 1
        if seen > MAX_FRONT_MATTER_VALUES:
            raise Quarantine("malformed_front_matter",
                             f"front matter expands to more than {MAX_FRONT_MATTER_VALUES} values (alias bomb?)")
        if depth > MAX_FRONT_MATTER_DEPTH:
            raise Quarantine("malformed_front_matter", f"front matter nested deeper than {MAX_FRONT_MATTER_DEPTH}")
        if isinstance(current, dict):
            pending.extend((item, depth + 1) for pair in current.items() for item in pair)
        elif isinstance(current, (list, tuple, set)):
            pending.extend((item, depth + 1) for item in current)


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _gallery_rows(meta: dict) -> list[Removed]:
    captions = [
        str(entry.get("caption") or entry.get("title") or entry.get("image_url") or "")
        for entry in _as_list(meta.get("gallery"))
        if isinstance(entry, dict)
    ]
    return [Removed("gallery", "bp.jekyll.gallery", "\n".join(captions))] if captions else []


def _front_matter_fields(text: str, meta: dict) -> list[Block]:
    """Field blocks for front-matter keys that name a field: str, {lang: str} or [{short: str}] values."""
    blocks = []
    for key, value in meta.items():
        if not isinstance(key, str) or field_for_label(key.replace("_", " ")) is None:
            continue
        for language, item in _field_values(value):
            line = f"{key}: {item}"
            blocks.append(Block(line, "field", _locate(text, item), label=key.replace("_", " "),
                                value_start=len(key) + 2, language=language))
    return blocks


def _field_values(value, language: str | None = None):
    if isinstance(value, str) and value.strip():
        yield language, " ".join(value.split())
    elif isinstance(value, dict):
        for sub_key, sub_value in value.items():
            is_language = isinstance(sub_key, str) and len(sub_key) <= 3
            yield from _field_values(sub_value, sub_key if is_language else language)
    elif isinstance(value, list):
        for entry in value:
            yield from _field_values(entry, language)


def _locate(text: str, value: str) -> int | None:
    position = text.find(value)
    return position if position >= 0 else None


def _body_blocks(text: str, start: int) -> list[Block]:
    blocks = []
    for offset, line in lines_with_offsets(text, start):
        line_start = text.rfind("\n", 0, offset) + 1
        link = LINK_ITEM.match(text[line_start : offset + len(line)])  # keep the indent: it is the depth
        if LIQUID.match(line) or _liquid_line(line):
            blocks.append(Block(line, "liquid", offset))
        elif link:
            depth = len(link.group("indent").expandtabs(LIST_INDENT)) // LIST_INDENT
            blocks.append(Block(link.group("text"), "link", offset + line.index("[") + 1,
                                depth=depth, target=link.group("target")))
        elif heading := MARKDOWN_HEADING.match(line):
            blocks.append(Block(line[heading.end():], "heading", offset + heading.end(),
                                level=len(heading.group(1))))
        else:
            blocks.append(text_block(offset, line))
    return blocks


def _liquid_line(line: str) -> bool:
    """A line that holds Liquid tags and, without them, at most a short label ("**{{ f.short }}**.")."""
    if not LIQUID_TAG.search(line):
        return False
    rest = re.findall(r"\w+", LIQUID_TAG.sub(" ", line))
    return len(rest) <= LIQUID_LINE_MAX_WORDS
