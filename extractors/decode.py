"""Bytes to text: BOM, strict UTF-8, then detection; refuse what is not text."""
from __future__ import annotations

import codecs
import unicodedata

from extractors.model import Quarantine

MAX_PAGE_BYTES = 5_000_000  # a single page larger than this is not an article: quarantine as too_large
BINARY_CONTROL_RATIO = 0.05  # share of control characters above which decoded text counts as binary

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Decode a page, or raise Quarantine(empty | too_large | binary | undecodable)."""
    if not data.strip():
        raise Quarantine("empty", "the file holds no text")
    if len(data) > MAX_PAGE_BYTES:
        raise Quarantine("too_large", f"{len(data)} bytes > cap {MAX_PAGE_BYTES}")
    text = _decode_bytes(data)
    if _looks_binary(text):
        raise Quarantine("binary", "control characters or NUL bytes: not a text page")
    return normalize_text(text)


# Non-breaking and thin spaces split phrases for the tokenizer; zero-width characters hide inside words.
SPACE_LIKE = {ord(ch): " " for ch in "\u00a0\u2007\u2009\u202f\u3000"} | {ord(ch): None for ch in "\u200b\u200c\u2060\ufeff"}


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, plain spaces: what every later offset refers to."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.translate(SPACE_LIKE)


def _decode_bytes(data: bytes) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise Quarantine("undecodable", f"{encoding} BOM but invalid bytes: {error}") from error
    if b"\x00" in data:
        raise Quarantine("binary", "NUL bytes without a UTF-16/32 byte order mark")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise Quarantine("undecodable", "no character encoding fits the bytes")
    return str(best)


def _looks_binary(text: str) -> bool:
    sample = text[:20_000]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f"
    )
    return controls > BINARY_CONTROL_RATIO * max(len(sample), 1)
