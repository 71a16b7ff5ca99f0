"""Web pages (saved articles, reference pages, bare fragments of section/div/p tags): beautifulsoup4 + lxml.

What it yields:
- metadata: title (first <h1> of the main content, else <title>), declared language (<html lang>, xml:lang,
  meta content-language / language / og:locale), authors, modified date, canonical link, keywords, images;
- the main content (the largest <article>, else <main>, [role=main], #content, .content, … else <body>) without
  navigation, page headers, footers, asides, forms, scripts and styles, cookie and ad notices (each removed
  element with text is an audit row; the text outside the main content is one more);
- blocks: headings h1-h6 (the first <h1> as the title block), paragraphs, list items (with depth), table cells
  and figure captions. A line of the form "Label: value" (``<i>Origin (short head):</i> femur<br>``, a
  ``<th>Origin</th><td>…</td>`` row, a ``<dt>``/``<dd>`` pair) whose label names a field
  (extractors.lang.field_for_label) is a field block "Label: value".

``source_start`` is where the block text occurs verbatim in the decoded source (searched forward from the
previous block), else None: text with entities or line-wrapped markup has no verbatim position.
"""
from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from extractors.lang import field_for_label
from extractors.model import Block, Document, Removed, SourceItem
from extractors.readers.lines import assign_sections, parse_date

FAMILY = "html"
EXTENSIONS = (".html", ".htm", ".xhtml", ".php", ".asp", ".aspx", ".jsp")

# An HTML page or fragment starts (after an XML declaration, comments and a doctype) with one of these tags.
_START_TAGS = ("html", "head", "body", "section", "div", "p", "article", "main", "header", "nav", "aside",
               "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "span", "meta", "title", "link",
               "script", "style", "figure", "blockquote", "form", "footer", "center", "font", "b", "i", "a")
HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html\b|<(?:" + "|".join(_START_TAGS) + r")\b[^>]*>)",
    re.IGNORECASE | re.DOTALL,
)

# Elements that never hold page text.
DROP_SILENTLY = ("script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
                 "button", "input", "select", "textarea", "link", "meta", "head")
# Page furniture inside or outside the main content: (tag, reason, rule id).
FURNITURE = (
    ("nav", "navigation", "bp.html.nav"),
    ("aside", "navigation", "bp.html.aside"),
    ("footer", "navigation", "bp.html.footer"),
    ("form", "form", "bp.html.form"),
)
# class / id tokens (split on spaces, '-' and '_') that mark a notice or furniture element.
NOTICE_TOKENS = {
    "cookie": ("cookie_notice", "bp.html.cookie"), "cookies": ("cookie_notice", "bp.html.cookie"),
    "consent": ("cookie_notice", "bp.html.cookie"), "gdpr": ("cookie_notice", "bp.html.cookie"),
    "ad": ("ad_notice", "bp.html.ad"), "ads": ("ad_notice", "bp.html.ad"), "advert": ("ad_notice", "bp.html.ad"),
    "advertisement": ("ad_notice", "bp.html.ad"), "adsense": ("ad_notice", "bp.html.ad"),
    "adblock": ("ad_notice", "bp.html.ad"), "sponsored": ("ad_notice", "bp.html.ad"),
    "adslot": ("ad_notice", "bp.html.ad"),
    "breadcrumb": ("navigation", "bp.html.breadcrumb"), "breadcrumbs": ("navigation", "bp.html.breadcrumb"),
    "navbar": ("navigation", "bp.html.nav"), "sidebar": ("navigation", "bp.html.aside"),
    "share": ("navigation", "bp.html.share"), "social": ("navigation", "bp.html.share"),
    "newsletter": ("navigation", "bp.html.newsletter"), "skiplink": ("navigation", "bp.html.nav"),
}
ROLE_FURNITURE = {"navigation": "bp.html.nav", "banner": "bp.html.header", "contentinfo": "bp.html.footer",
                  "complementary": "bp.html.aside", "search": "bp.html.form"}
# The main content, by precedence after the largest <article>: (tag, attribute, value); one pass finds them all.
MAIN_MARKS = (("main", None, None), (None, "role", "main"), (None, "id", "content"), (None, "class", "content"),
              (None, "id", "main"), (None, "id", "main-content"), (None, "class", "main-content"),
              (None, "class", "post-content"), (None, "class", "entry-content"), (None, "class", "article-body"),
              (None, "id", "bodyContent"), (None, "class", "mw-parser-output"))
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "ul", "ol", "li", "table",
    "thead", "tbody", "tfoot", "tr", "td", "th", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "figure", "figcaption", "form", "fieldset", "details", "summary", "address", "hr",
    "center", "caption", "body", "html", "hgroup", "menu",
})
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# "Origin (short head): femur, linea aspera": a short label before a colon, no sentence punctuation in it.
LABELLED_LINE = re.compile(r"^(?P<label>[^:.;!?]{1,60}?)\s*:\s*(?P<value>\S.*)$")
WHITESPACE = re.compile(r"\s+")
LINE_BREAK = "\x00"  # stands for <br> inside a cell (decoded pages never hold NUL)
PSEUDO_HEADING_TAGS = ("b", "strong", "span", "u", "em", "i")
PSEUDO_HEADING_MAX_WORDS = 8
# Elements nested deeper than this are unwrapped (their text stays, their tags go): the walk over the tree is
# recursive, and no real page nests a hundred levels; a hostile one nests thousands.
MAX_NESTING = 100


def sniff(text: str) -> bool:
    """A page or fragment that starts with an HTML tag (after an XML declaration, comments, a doctype)."""
    return HTML_START.match(text[:20_000]) is not None


def read(text: str, item: SourceItem) -> Document:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "lxml")
    _cap_nesting(soup, MAX_NESTING)
    doc = Document(family=FAMILY, source=text)
    _read_metadata(soup, doc)
    page_title = _clean(soup.title.get_text()) if soup.title else ""
    for element in soup.find_all(DROP_SILENTLY):
        element.decompose()  # one inside another already removed: decomposing it again is harmless
    root = soup.body or soup
    main = _main_content(root)
    if main is not root:
        _audit_outside(main, root, doc)
    _strip_furniture(main, doc)
    doc.images = len(main.find_all("img"))
    walker = _Walker(text)
    walker.walk(main)
    walker.flush()
    doc.blocks = walker.blocks
    _set_title(doc, page_title)
    assign_sections(doc.blocks)
    return doc


TABLE_FRAME = frozenset({"table", "thead", "tbody", "tfoot", "tr", "colgroup"})  # text sits in their cells


def _cap_nesting(soup: BeautifulSoup, limit: int) -> None:
    """Flatten every element ``limit`` levels deep into its text, iteratively (no recursion of our own).

    The cut is made at the first element that may hold text (a cell, not a table's frame), so the text of nested
    tables stays in a cell the walker reads. Inside the cut, block elements and <br> become line breaks (so
    "Label: value" lines still read as fields) and the elements that never hold page text go.
    """
    stack = [(soup, 0)]
    cuts = []
    while stack:
        node, depth = stack.pop()
        for child in node.children:
            if isinstance(child, Tag):
                if depth >= limit and child.name not in TABLE_FRAME:
                    cuts.append(child)
                else:
                    stack.append((child, depth + 1))
    for element in cuts:
        for hidden in element.find_all(DROP_SILENTLY):
            hidden.decompose()
        pieces = []
        for node in element.descendants:
            if isinstance(node, NavigableString):
                if not isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
                    pieces.append(str(node))
            elif node.name in BLOCK_TAGS or node.name == "br":
                pieces.append("\n")
        element.clear()
        element.append(NavigableString("".join(pieces)))


# ---- metadata -------------------------------------------------------------------------------------

META_KEYS = ("name", "property", "http-equiv", "itemprop")


def _meta_index(soup: BeautifulSoup) -> dict[str, str]:
    """Lowercased meta name / property / http-equiv / itemprop -> content (the first one wins); one pass."""
    index: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = str(tag.get("content") or "").strip()
        if content:
            for attribute in META_KEYS:
                if tag.get(attribute):
                    index.setdefault(str(tag[attribute]).strip().lower(), content)
    return index


def _meta(index: dict[str, str], *names: str) -> str | None:
    return next((index[name.lower()] for name in names if name.lower() in index), None)


def _read_metadata(soup: BeautifulSoup, doc: Document) -> None:
    metas = _meta_index(soup)
    html = soup.find("html")
    declared = None
    if html is not None:
        declared = html.get("lang") or html.get("xml:lang")
    declared = declared or _meta(metas, "content-language", "language", "dc.language", "og:locale")
    if declared and declared.strip():
        doc.language_hint = declared.strip().split(",")[0].strip().replace("_", "-")
    author = _meta(metas, "author", "article:author", "dc.creator")
    if author:
        doc.authors.append(author)
    modified = _meta(metas, "article:modified_time", "dateModified", "last-modified", "dcterms.modified",
                     "article:published_time", "datePublished", "date")
    if modified:
        doc.modified = _iso_date(modified)
    canonical = soup.find("link", rel=lambda rel: rel and "canonical" in rel)
    if canonical is not None and canonical.get("href"):
        doc.permalink = canonical["href"].strip()
    keywords = _meta(metas, "keywords", "article:tag")
    if keywords:
        doc.tags = [k.strip() for k in keywords.split(",") if k.strip()]


def _iso_date(value: str) -> str | None:
    match = re.match(r"\d{4}-\d{2}-\d{2}", value.strip())
    return match.group(0) if match else parse_date(value)


# ---- main content and furniture ---------------------------------------------------------------------

def _main_content(root: Tag) -> Tag:
    articles: list[Tag] = []
    marked: dict[int, Tag] = {}  # index in MAIN_MARKS -> first element with that mark and some text
    for element in root.find_all(True):
        if element.name == "article":
            articles.append(element)
            continue
        for index, mark in enumerate(MAIN_MARKS):
            if index not in marked and _has_mark(element, mark) and element.get_text(strip=True):
                marked[index] = element
    if articles:
        return max(articles, key=lambda a: len(a.get_text(" ", strip=True)))
    return marked[min(marked)] if marked else root


def _has_mark(element: Tag, mark: tuple[str | None, str | None, str | None]) -> bool:
    name, attribute, value = mark
    if name is not None:
        return element.name == name
    found = element.get(attribute)
    if attribute == "class":
        return value in (found or ())
    return found is not None and str(found).lower() == value.lower()


def _audit_outside(main: Tag, root: Tag, doc: Document) -> None:
    """The text around the main content (site header, menus, sidebars, footers) is one audit row."""
    outside = []
    node = main
    while node is not None and node is not root:
        for sibling in node.previous_siblings:
            outside.insert(0, _text_of(sibling))
        for sibling in node.next_siblings:
            outside.append(_text_of(sibling))
        node = node.parent
    text = _clean(" ".join(outside))
    if text:
        doc.removed.append(Removed("outside_main_content", "bp.html.outside_main", text))


def _text_of(node) -> str:
    if isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
        return ""
    return str(node) if isinstance(node, NavigableString) else node.get_text(" ")


TOKEN_SPLIT = re.compile(r"[\s_-]+")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
FURNITURE_TAGS = {tag: (reason, rule_id) for tag, reason, rule_id in FURNITURE}


def _tokens(element: Tag) -> set[str]:
    values = [element.get("id") or "", *(element.get("class") or [])]
    return {token for value in values for token in TOKEN_SPLIT.split(str(value).lower()) if token}


def _furniture(element: Tag) -> tuple[str, str] | None:
    name = element.name
    if name in FURNITURE_TAGS:
        return FURNITURE_TAGS[name]
    if not element.attrs and name != "header":
        return None  # most elements: nothing that could mark them
    role = (element.get("role") or "").lower()
    if name == "header" or role == "banner":
        # A site header goes; a header that holds the page's <h1> (an article's own header) stays.
        return None if element.find("h1") else ("navigation", "bp.html.header")
    if role in ROLE_FURNITURE:
        return "navigation", ROLE_FURNITURE[role]
    if element.has_attr("hidden") or element.get("aria-hidden") == "true" or HIDDEN_STYLE.search(
            element.get("style") or ""):
        return "hidden", "bp.html.hidden"
    for token in _tokens(element):
        if token in NOTICE_TOKENS:
            return NOTICE_TOKENS[token]
    return None


def _strip_furniture(main: Tag, doc: Document) -> None:
    """Remove furniture elements in document order, never looking inside one already removed."""
    stack = [child for child in reversed(main.contents) if isinstance(child, Tag)]
    while stack:
        element = stack.pop()
        found = _furniture(element)
        if found is None:
            stack.extend(child for child in reversed(element.contents) if isinstance(child, Tag))
            continue
        text = _clean(element.get_text(" "))
        if text:
            doc.removed.append(Removed(found[0], found[1], text))
        element.decompose()


# ---- blocks ---------------------------------------------------------------------------------------

def _clean(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


class _Walker:
    """Depth-first over the main content: inline text gathers into runs, block elements flush them."""

    def __init__(self, source: str):
        self.source = source
        self.cursor = 0
        self.blocks: list[Block] = []
        self.run: list[str] = []
        self.run_kind = "paragraph"
        self.run_depth = 0
        self.list_depth = 0
        self.titled = False  # the first <h1> is the title block

    # -- positions
    def locate(self, text: str) -> int | None:
        position = self.source.find(text, self.cursor)
        if position < 0:
            position = self.source.find(text)
        if position < 0:
            return None
        self.cursor = position + len(text)
        return position

    def add(self, text: str, kind: str, **extra) -> None:
        text = _clean(text)
        if text:
            self.blocks.append(Block(text, kind, self.locate(text), **extra))

    def add_field(self, label: str, value: str) -> None:
        label, value = _clean(label).rstrip(":").strip(), _clean(value)
        text = f"{label}: {value}"
        self.blocks.append(Block(text, "field", self.locate(text), label=label, value_start=len(label) + 2))

    # -- runs of inline text
    def flush(self) -> None:
        """The gathered inline text as blocks: labelled field lines apart, other lines joined."""
        lines = [_clean(line) for line in "".join(self.run).split("\n")]
        self.run = []
        pending: list[str] = []
        for line in filter(None, lines):
            labelled = _labelled(line)
            if labelled is None:
                pending.append(line)
                continue
            self._add_text(" ".join(pending))
            pending = []
            self.add_field(*labelled)
        self._add_text(" ".join(pending))

    def _add_text(self, text: str) -> None:
        if self.run_kind == "list_item":
            self.add(text, "list_item", depth=self.run_depth)
        else:
            self.add(text, self.run_kind)

    def walk(self, element: Tag) -> None:
        for child in element.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                self.run.append(str(child))
            elif child.name == "br":
                self.run.append("\n")
            elif child.name not in BLOCK_TAGS:
                self.walk(child)  # inline element: same run
            else:
                self.block(child)

    def block(self, element: Tag) -> None:
        self.flush()
        name = element.name
        if name in HEADINGS:
            is_title = name == "h1" and not self.titled
            self.titled = self.titled or is_title
            self.add(element.get_text(" "), "title" if is_title else "heading", level=int(name[1]))
        elif name in ("ul", "ol", "menu"):
            self.list_depth += 1
            self.walk(element)
            self.flush()
            self.list_depth -= 1
        elif name == "li":
            self.in_kind(element, "list_item", max(self.list_depth - 1, 0))
        elif name == "table":
            self.table(element)
        elif name == "dl":
            self.definitions(element)
        elif name in ("figcaption", "caption"):
            self.in_kind(element, "caption")
        elif name == "hr":
            return
        elif name == "p" and _pseudo_heading(element):
            self.add(element.get_text(" "), "heading")
        else:
            self.walk(element)
            self.flush()

    def in_kind(self, element: Tag, kind: str, depth: int = 0) -> None:
        saved = self.run_kind, self.run_depth
        self.run_kind, self.run_depth = kind, depth
        self.walk(element)
        self.flush()
        self.run_kind, self.run_depth = saved

    def table(self, element: Tag) -> None:
        """Rows of (label cell, value cell) whose label names a field are field blocks; other cells paragraphs."""
        for row in element.find_all("tr"):
            if row.find_parent("table") is not element:
                continue  # a nested table's rows: handled when that table is walked
            cells = row.find_all(("th", "td"), recursive=False)
            if len(cells) == 2 and cells[0].find(("table", "ul", "ol", "p")) is None:
                label = _clean(cells[0].get_text(" ")).rstrip(":").strip()
                if label and field_for_label(label) is not None and _clean(cells[1].get_text(" ")):
                    self.add_field(label, _cell_value(cells[1]))
                    continue
            for cell in cells:
                if cell.name == "th" and len(cells) == 1:
                    self.add(cell.get_text(" "), "heading")
                else:
                    self.in_kind(cell, "paragraph")
        caption = element.find("caption", recursive=False)
        if caption is not None:
            self.add(caption.get_text(" "), "caption")

    def definitions(self, element: Tag) -> None:
        label = None
        for child in element.find_all(("dt", "dd"), recursive=False):
            if child.name == "dt":
                if label is not None:
                    self.add(label, "paragraph")
                label = _clean(child.get_text(" "))
                continue
            value = _cell_value(child)
            if label and field_for_label(label.rstrip(":")) is not None and value:
                self.add_field(label, value)
            else:
                if label:
                    self.add(label, "paragraph")
                self.in_kind(child, "paragraph")
            label = None
        if label:
            self.add(label, "paragraph")


def _pseudo_heading(element: Tag) -> bool:
    """<p><strong>Motor pathway</strong></p>: a paragraph that is one short emphasised phrase is a heading."""
    children = [c for c in element.children if not (isinstance(c, NavigableString) and not c.strip())]
    if len(children) != 1 or not isinstance(children[0], Tag) or children[0].name not in PSEUDO_HEADING_TAGS:
        return False
    text = _clean(element.get_text(" "))
    return 0 < len(text.split()) <= PSEUDO_HEADING_MAX_WORDS and text[-1] not in ".,;:!?"


def _cell_value(cell: Tag) -> str:
    """A value cell as one line: list items and line breaks joined with ', '."""
    items = [_clean(li.get_text(" ")) for li in cell.find_all("li")]
    if items:
        return ", ".join(filter(None, items))
    for br in cell.find_all("br"):
        br.replace_with(LINE_BREAK)
    return ", ".join(filter(None, (_clean(part) for part in cell.get_text(" ").split(LINE_BREAK))))


def _labelled(line: str) -> tuple[str, str] | None:
    match = LABELLED_LINE.match(line)
    if not match or field_for_label(match.group("label")) is None:
        return None
    return match.group("label"), match.group("value")


def _set_title(doc: Document, page_title: str) -> None:
    """The first <h1> is the title block (as a heading right before a subheading it would be an "empty
    section"); without one, the <title> is the title and leads the blocks."""
    title = next((b for b in doc.blocks if b.kind == "title"), None)
    if title is not None:
        doc.title = title.text
    elif page_title:
        doc.title = page_title
        position = doc.source.find(page_title)
        doc.blocks.insert(0, Block(page_title, "title", position if position >= 0 else None))
