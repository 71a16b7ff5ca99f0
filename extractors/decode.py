"""Bytes to text: BOM, strict UTF-8, then detection; refuse what is not text; repair mojibake where certain.

The order: a byte order mark (UTF-8/16/32) decides; UTF-16 without a BOM is recognised by its NUL bytes
(every other byte of ASCII text); strict UTF-8; UTF-8 with a few stray single-byte characters (a Latin-1 line
pasted into a UTF-8 page) keeps the UTF-8 and reads the strays as Windows-1252; anything else goes to
charset-normalizer. Then ftfy repairs mojibake (UTF-8 read as Latin-1 or Windows-1252 and saved again:
"MÃºsculo", "â€“"), which it only does where its heuristics are sure the text was mis-decoded.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

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
    text = normalize_text(repair_mojibake(text))
    if not text.strip():  # a byte order mark and nothing else, or only spaces the normalization removed
        raise Quarantine("empty", "the file holds no text")
    return text


@lru_cache(maxsize=1)
def _ftfy_config():
    from ftfy import TextFixerConfig

    # Only the encoding repairs: everything else (HTML entities, quotes, line breaks, normalization) stays as
    # written, because the readers and the offsets need the page as it is.
    return TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_encoding=True,
                           restore_byte_a0=True, replace_lossy_sequences=False, decode_inconsistent_utf8=True,
                           fix_c1_controls=True, fix_latin_ligatures=False, fix_character_width=False,
                           uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=False,
                           remove_control_chars=False, normalization=None, explain=False)


MOJIBAKE_HINTS = frozenset("ÃÂâÅÐÑ\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b"
                           "\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098"
                           "\u0099\u009a\u009b\u009c\u009d\u009e\u009f")


def repair_mojibake(text: str) -> str:
    """Text that was UTF-8, decoded as Latin-1 / Windows-1252 and encoded again, back to what it said."""
    if not MOJIBAKE_HINTS.intersection(text):
        return text  # the usual case: no character mojibake is made of, nothing to ask ftfy
    from ftfy import fix_text

    return fix_text(text, _ftfy_config())


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
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise Quarantine("binary", "NUL bytes without a UTF-16/32 byte order mark")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed
    from charset_normalizer import from_bytes

    # No NUL bytes (checked above), so not UTF-16/32, whatever a statistical guess says.
    best = from_bytes(data, cp_exclusion=WIDE_ENCODINGS).best()
    if best is None:
        raise Quarantine("undecodable", "no character encoding fits the bytes")
    return str(best)


WIDE_ENCODINGS = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le", "utf_7"]
UTF16_NUL_SHARE = 0.9  # share of the high bytes of 2-byte units that are NUL in UTF-16 text of Latin script


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte order mark: in Latin-script text almost every other byte is NUL."""
    sample = data[:20_000]
    if len(data) % 2 or len(sample) < 16:
        return None
    for encoding, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        low = sample[0::2] if encoding == "utf-16-le" else sample[1::2]
        if high.count(0) >= UTF16_NUL_SHARE * len(high) and low.count(0) <= 0.01 * len(low):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with stray single-byte characters: the valid UTF-8 stays, each stray byte is read as Windows-1252.

    Only when the page does hold valid multi-byte UTF-8 and the strays stand alone between ASCII characters, as
    an accented letter of a Latin-1 line does ("peron\xe9 y"). Text in one legacy multi-byte encoding (GBK,
    Shift-JIS, Windows-1251) may hold valid UTF-8 sequences by accident, but its high bytes come in runs, and
    charset-normalizer tells its encoding better.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    strays = len(STRAY_BYTE.findall(text))
    multibyte = len(NON_ASCII.findall(text)) - strays
    if multibyte == 0 or len(LONE_STRAY_BYTE.findall(text)) < MIN_LONE_STRAY_SHARE * strays:
        return None
    return STRAY_BYTE.sub(_cp1252, text)


MIN_LONE_STRAY_SHARE = 0.9
STRAY_BYTE = re.compile("[\udc80-\udcff]")  # how surrogateescape keeps a byte that is not UTF-8
LONE_STRAY_BYTE = re.compile("(?<![^\x00-\x7f])[\udc80-\udcff](?![^\x00-\x7f])")
NON_ASCII = re.compile("[^\x00-\x7f]")
# Unicode category Cc (C0, DEL, C1) except the whitespace controls a text file has.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _cp1252(match: re.Match) -> str:
    byte = ord(match.group(0)) - 0xDC00
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return chr(byte)


def _looks_binary(text: str) -> bool:
    sample = text[:20_000]
    controls = len(CONTROL_CHARS.findall(sample))  # a regex, not a loop over characters: every page passes here
    return controls > BINARY_CONTROL_RATIO * max(len(sample), 1)
