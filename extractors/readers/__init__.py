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


def read(text: str, item: SourceItem) -> Document:
    reader = detect(text, item.path)
    return reader.read(text, item)


def detect(text: str, path: str):
    for reader in REGISTRY:
        if reader.sniff(text):
            return reader
    suffix = PurePosixPath(path.split("#", 1)[0]).suffix.lower()
    for reader in REGISTRY:
        if suffix in reader.EXTENSIONS:
            return reader
    raise Quarantine("unknown_family", f"no reader recognises the content of {path!r}")
