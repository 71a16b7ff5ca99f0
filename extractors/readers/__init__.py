"""Source-family readers. Each module has the same shape: FAMILY, EXTENSIONS, sniff(text), read(text, item).

Detection is by content first (the first reader, in REGISTRY order, whose sniff accepts the text),
then by extension; a page no reader accepts is quarantined as unknown_family, never guessed.
Adding a family is one module and one line here.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from extractors.model import Document, Quarantine, SourceItem
from extractors.readers import clinical_article, html, jekyll, mediawiki, wiki

# Most specific first: front matter before wiki markers before markup before plain prose.
REGISTRY = (
    jekyll,
    wiki,
    mediawiki,
    html,
    clinical_article,
)


MAX_TITLE_CHARS = 300  # no real title is longer; a longer one (broken or hostile markup) is cut here


def read(text: str, item: SourceItem) -> Document:
    reader = detect(text, item.path)
    try:
        doc = reader.read(text, item)
    except RecursionError as error:  # a parser recursing through absurd nesting: the page, not the run, fails
        raise Quarantine("too_deep", f"{reader.FAMILY} page nested too deeply to read ({error})") from None
    if len(doc.title) > MAX_TITLE_CHARS:
        doc.title = doc.title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0]
    return _scrub(doc)


# Characters no text may hold downstream: lone surrogates (a character reference such as &#xD800; rendered by a
# parser) cannot be encoded as UTF-8, so one would fail the whole publish; NUL is a control character.
UNENCODABLE = re.compile("[\ud800-\udfff\x00]")
REPLACEMENT = "\ufffd"


def _scrub(doc: Document) -> Document:
    """Replace unencodable characters in everything a reader yields, one for one (offsets stay valid)."""
    def scrub(value):
        return UNENCODABLE.sub(REPLACEMENT, value) if isinstance(value, str) else value

    doc.source = scrub(doc.source)  # offsets into it stay valid: one character for one
    doc.title, doc.permalink, doc.modified = scrub(doc.title), scrub(doc.permalink), scrub(doc.modified)
    doc.language_hint = scrub(doc.language_hint)
    doc.authors, doc.tags = [scrub(a) for a in doc.authors], [scrub(t) for t in doc.tags]
    for block in doc.blocks:
        block.text, block.label, block.target, block.section = (scrub(block.text), scrub(block.label),
                                                                scrub(block.target), scrub(block.section))
    for removed in doc.removed:
        removed.text = scrub(removed.text)
    for label in doc.labels:
        label.label = scrub(label.label)
    return doc


def detect(text: str, path: str):
    for reader in REGISTRY:
        if reader.sniff(text):
            return reader
    suffix = PurePosixPath(path.split("#", 1)[0]).suffix.lower()
    for reader in REGISTRY:
        if suffix in reader.EXTENSIONS:
            return reader
    raise Quarantine("unknown_family", f"no reader recognises the content of {path!r}")
