"""Source-family readers. Each module has the same shape: FAMILY, EXTENSIONS, sniff(text), read(text, item).

Detection is by content first (the first reader, in REGISTRY order, whose sniff accepts the text),
then by extension; a page no reader accepts is quarantined as unknown_family, never guessed.
Adding a family is one module and one line here.
"""
from __future__ import annotations

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
