"""MediaWiki wikitext (a saved article, or one page of an XML export dump): mwparserfromhell.

What it yields:
- ``{{Infobox …}}`` parameters whose name is a field label (schemas/lang/*.yaml field_labels: Origin,
  Insertion, Blood, Nerve, Action, Antagonist, …) as field blocks "<Param>: <plain text value>": wiki links
  become their text, ``<ref>``s go to the boilerplate audit, list templates ({{Plainlist}}, {{ubl}},
  {{unbulleted list}}, {{flatlist}}, {{hlist}}) become their items joined with ", ", any other template
  ({{IPAc-en}}, {{Citation needed}}, …) is dropped with an audit row. Other parameters (Image, Caption,
  Width, pronunciation, …) are audit rows; Latin is also a Latin label of the subject;
- headings (``==x==``) as heading blocks, prose paragraphs as plain text, list items with their depth,
  table cells as paragraphs;
- interlanguage links ``[[de:…]]`` as labels of the subject (kind interlanguage) and audit rows; files,
  images, galleries and categories as audit rows.

The title is the page title a dump gives, else the infobox name; it leads the blocks as the title block.
``source_start`` is where a block's text occurs verbatim in the source (headings, plain sentences), else None.
"""
from __future__ import annotations

import re

import mwparserfromhell
from mwparserfromhell.nodes import (Argument, Comment, ExternalLink, Heading, HTMLEntity, Tag, Template, Text,
                                    Wikilink)
from mwparserfromhell.wikicode import Wikicode

from extractors.lang import field_for_label
from extractors.model import Block, Document, Label, Removed, SourceItem
from extractors.readers import html
from extractors.readers.lines import assign_sections
from extractors.readers.wiki import language_codes

FAMILY = "mediawiki"
EXTENSIONS = (".wikitext", ".mediawiki")

INFOBOX = re.compile(r"\{\{\s*Infobox[ _]", re.IGNORECASE)
WIKI_HEADING = re.compile(r"^(={2,6})[^=\n].*?\1[ \t]*$", re.MULTILINE)
WIKI_LINK = re.compile(r"\[\[[^\[\]\n|]+(?:\|[^\[\]\n]*)?\]\]")
WIKI_TEMPLATE = re.compile(r"\{\{\s*[A-Za-z][^{}|\n]*(?:\||\}\})")
MIN_LINKS = 3  # without headings or an infobox, this many [[links]] and a '''bold''' name make wikitext

FILE_NAMESPACES = frozenset({"file", "image", "media", "datei", "bild", "fichier", "archivo", "imagen", "immagine",
                             "ficheiro", "arquivo", "bestand", "fil", "plik"})
CATEGORY_NAMESPACES = frozenset({"category", "kategorie", "catégorie", "categoría", "categoria", "kategori",
                                 "categorie", "kategoria"})
# {{Plainlist|* a\n* b}} and {{ubl|a|b}}: items joined with LIST_JOINER.
LIST_TEMPLATES = frozenset({"plainlist", "plain list", "flatlist", "flat list", "ubl", "unbulleted list",
                            "unbulleted", "hlist", "bulleted list", "blist", "ordered list", "collapsible list"})
LIST_JOINER = ", "
# Templates that stand for their own text: name -> index of the positional parameter that holds it.
TEXT_TEMPLATES = {"nowrap": 1, "nobr": 1, "lang": 2, "transl": 2, "nowiki": 1, "small": 1, "smaller": 1,
                  "big": 1, "em": 1, "strong": 1, "abbr": 1, "visible anchor": 1, "vanchor": 1}
MEDIA_PARAMS = re.compile(r"^(?:image|caption|width|alt|img|map|upright)\d*$", re.IGNORECASE)
TITLE_PARAMS = ("name",)
LATIN_PARAMS = ("latin",)
HIDDEN_TAGS = frozenset({"math", "score", "timeline", "templatedata", "graph", "imagemap", "inputbox",
                         "categorytree", "syntaxhighlight", "source", "poem", "chem", "ce", "references"})
BLOCK_BREAK_TAGS = frozenset({"div", "p", "center", "blockquote", "table", "tr", "ul", "ol"})
LIST_LINE = re.compile(r"^(?P<markers>[*#]+)\s*(?P<text>.*)$")
INDENT_LINE = re.compile(r"^[:;]+\s*(?P<text>.*)$")
WHITESPACE = re.compile(r"[ \t\r\f\v]+")


def sniff(text: str) -> bool:
    head = text[:50_000]
    if INFOBOX.search(head):
        return True
    if html.sniff(head):
        return False
    links = len(WIKI_LINK.findall(head))
    if WIKI_HEADING.search(head):
        return links >= 2 or WIKI_TEMPLATE.search(head) is not None
    return links >= MIN_LINKS and "'''" in head


def read(text: str, item: SourceItem) -> Document:
    doc = Document(family=FAMILY, source=text)
    builder = _Builder(doc)
    builder.top_level(mwparserfromhell.parse(text))
    builder.flush()
    doc.title = (item.title_hint or builder.infobox_name or "").strip()
    if doc.title:
        position = text.find(doc.title)
        doc.blocks.insert(0, Block(doc.title, "title", position if position >= 0 else None))
    assign_sections(doc.blocks)
    return doc


def _template_name(template: Template) -> str:
    name = str(template.name).strip()
    name = re.sub(r"^(?:template|vorlage|modèle|plantilla)\s*:", "", name, flags=re.IGNORECASE)
    return re.sub(r"[\s_]+", " ", name).strip().lower()


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.cursor = 0
        self.buffer: list[str] = []
        self.infobox_name: str | None = None

    # -- positions and blocks
    def locate(self, text: str) -> int | None:
        position = self.doc.source.find(text, self.cursor)
        if position < 0:
            position = self.doc.source.find(text)
        if position < 0:
            return None
        self.cursor = position + len(text)
        return position

    def add(self, text: str, kind: str, **extra) -> None:
        text = _one_line(text)
        if text:
            self.doc.blocks.append(Block(text, kind, self.locate(text), **extra))

    def audit(self, reason: str, rule_id: str, text: str) -> None:
        text = text.strip()
        if text:
            start = self.doc.source.find(text)
            self.doc.removed.append(Removed(reason, rule_id, text, start if start >= 0 else None,
                                            start + len(text) if start >= 0 else None))

    # -- top level: headings and infoboxes are blocks of their own, the rest is running text
    def top_level(self, code: Wikicode) -> None:
        for node in code.nodes:
            if isinstance(node, Heading):
                self.flush()
                self.add(self.render(node.title), "heading", level=node.level)
            elif isinstance(node, Template) and _template_name(node).startswith("infobox"):
                self.flush()
                self.infobox(node)
            else:
                self.buffer.append(self.render_node(node))

    def flush(self) -> None:
        """Running text into blocks: blank lines end paragraphs; '*' and '#' lines are list items."""
        text = "".join(self.buffer)
        self.buffer = []
        paragraph: list[str] = []

        def end_paragraph():
            if paragraph:
                self.add(" ".join(paragraph), "paragraph")
                paragraph.clear()

        for raw in text.split("\n"):
            line = WHITESPACE.sub(" ", raw).strip()
            if not line:
                end_paragraph()
            elif listed := LIST_LINE.match(line):
                end_paragraph()
                self.add(listed.group("text"), "list_item", depth=len(listed.group("markers")) - 1)
            elif indented := INDENT_LINE.match(line):
                end_paragraph()
                self.add(indented.group("text"), "paragraph")
            else:
                paragraph.append(line)
        end_paragraph()

    # -- the infobox
    def infobox(self, template: Template) -> None:
        self.audit("infobox_markup", "bp.mediawiki.infobox", "{{" + str(template.name).strip())
        for param in template.params:
            name = _one_line(str(param.name))
            value = _one_line(self.render(param.value))
            if not value:
                continue
            if name.lower() in TITLE_PARAMS:
                self.infobox_name = self.infobox_name or value
            if name.lower() in LATIN_PARAMS:
                self.doc.labels.append(Label("la", value, "latin"))
            label = name.replace("_", " ")
            if field_for_label(label) is not None:
                line = f"{label}: {value}"
                self.doc.blocks.append(Block(line, "field", None, label=label, value_start=len(label) + 2))
            elif MEDIA_PARAMS.match(name):
                self.audit("image_caption", "bp.mediawiki.infobox_media", f"{name} = {value}")
            else:
                self.audit("infobox_metadata", "bp.mediawiki.infobox_param", f"{name} = {value}")

    # -- nodes to plain text
    def render(self, code: Wikicode | None) -> str:
        if code is None:
            return ""
        return "".join(self.render_node(node) for node in code.nodes)

    def render_node(self, node) -> str:
        if isinstance(node, Text):
            return node.value
        if isinstance(node, Wikilink):
            return self.link(node)
        if isinstance(node, ExternalLink):
            return self.render(node.title) if node.title else ""
        if isinstance(node, Template):
            return self.template(node)
        if isinstance(node, Tag):
            return self.tag(node)
        if isinstance(node, HTMLEntity):
            return node.normalize()
        if isinstance(node, Heading):
            return "\n" + self.render(node.title) + "\n"
        if isinstance(node, (Comment, Argument)):
            return ""
        return str(node)

    def link(self, link: Wikilink) -> str:
        title = str(link.title).strip()
        prefix, _, rest = title.partition(":")
        namespace = prefix.strip().lower()
        if rest and not title.startswith(":"):
            if namespace in FILE_NAMESPACES:
                self.audit("image_caption", "bp.mediawiki.file", str(link))
                return ""
            if namespace in CATEGORY_NAMESPACES:
                self.audit("category", "bp.mediawiki.category", str(link))
                return ""
            if namespace in language_codes():
                self.doc.labels.append(Label(namespace, rest.strip(), "interlanguage"))
                self.audit("interlanguage_links", "bp.mediawiki.interlanguage", str(link))
                return ""
        if link.text is not None:
            return self.render(link.text)
        return title.lstrip(":")

    def template(self, template: Template) -> str:
        name = _template_name(template)
        positional = [p for p in template.params if not p.showkey]
        if name in LIST_TEMPLATES:
            items = []
            for param in positional:
                for line in self.render(param.value).split("\n"):
                    item = _one_line(re.sub(r"^\s*[*#:;]+", "", line))
                    if item:
                        items.append(item)
            return LIST_JOINER.join(items)
        if name in TEXT_TEMPLATES and len(positional) >= TEXT_TEMPLATES[name]:
            return self.render(positional[TEXT_TEMPLATES[name] - 1].value)
        if name in ("convert", "cvt") and len(positional) >= 2:
            return f"{_one_line(self.render(positional[0].value))} {_one_line(self.render(positional[1].value))}"
        self.audit("wiki_template", "bp.mediawiki.template", str(template))
        return ""

    def tag(self, tag: Tag) -> str:
        name = str(tag.tag).strip().lower()
        if tag.wiki_markup and name in ("li", "dt", "dd"):
            return tag.wiki_markup  # list markers stay: flush reads them per line
        if name == "ref":
            self.audit("references", "bp.mediawiki.ref", str(tag))
            return ""
        if name == "gallery":
            self.audit("gallery", "bp.mediawiki.gallery", str(tag.contents or ""))
            return ""
        if name in HIDDEN_TAGS:
            self.audit("wiki_markup", "bp.mediawiki.hidden_tag", str(tag))
            return ""
        if name in ("br", "hr"):
            return "\n"
        if name == "nowiki":
            return str(tag.contents or "")
        if name in ("td", "th", "caption"):
            return "\n\n" + self.render(tag.contents) + "\n\n"
        contents = self.render(tag.contents) if tag.contents is not None else ""
        if name in BLOCK_BREAK_TAGS:
            return "\n\n" + contents + "\n\n"
        return contents
