import codecs

import pytest

from extractors.decode import MAX_PAGE_BYTES, decode
from extractors.model import Quarantine


def reason(data: bytes) -> str:
    with pytest.raises(Quarantine) as caught:
        decode(data)
    return caught.value.reason


def test_utf8_and_crlf():
    assert decode("Músculo\r\nsóleo".encode("utf-8")) == "Músculo\nsóleo"


def test_utf16_with_bom():
    assert decode(codecs.BOM_UTF16_LE + "Ursprung: Femur".encode("utf-16-le")) == "Ursprung: Femur"


def test_latin1_is_detected():
    text = "Músculo gastrocnemio: inserción en el calcáneo, origen en el fémur. " * 3
    assert decode(text.encode("latin-1")) == text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"a" * (MAX_PAGE_BYTES + 1), "too_large"),
    ],
)
def test_bad_bytes_are_quarantined_with_a_reason(data, expected):
    assert reason(data) == expected
