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


def test_mojibake_is_repaired():
    spanish = "Músculo sóleo: se inserta en el calcáneo."
    assert decode(spanish.encode("utf-8").decode("latin-1").encode("utf-8")) == spanish
    dashes = "The calf – the ‘sural’ region"
    assert decode(dashes.encode("utf-8").decode("cp1252").encode("utf-8")) == dashes


@pytest.mark.parametrize("text", ["SÃO PAULO é uma cidade", "naïve café, £5", "Æbleskiver på dansk"])
def test_text_that_only_looks_like_mojibake_is_left_alone(text):
    assert decode(text.encode("utf-8")) == text


def test_utf16_without_bom():
    text = "Ursprung: Oberschenkelknochen, Fersenbein"
    assert decode(text.encode("utf-16-le")) == text
    assert decode(text.encode("utf-16-be")) == text


def test_utf8_with_a_latin1_line_keeps_both():
    data = ("Músculo sóleo: se inserta en el calcáneo por el tendón de Aquiles.\n".encode("utf-8")
            + "Se origina en la línea del sóleo.\n".encode("latin-1"))
    assert decode(data) == "Músculo sóleo: se inserta en el calcáneo por el tendón de Aquiles.\nSe origina en la línea del sóleo.\n"


def test_a_few_utf8_characters_decide_for_utf8_with_latin1_strays():
    data = "Músculo calcáneo\n".encode() + "línea del peroné y más\n".encode("latin-1")
    assert decode(data) == "Músculo calcáneo\nlínea del peroné y más\n"


def test_legacy_multibyte_text_is_not_taken_for_utf8_with_strays():
    text = "腓肠肌是小腿后侧的肌肉，起于股骨内外侧髁，止于跟骨结节。" * 4
    assert decode(text.encode("gb18030")) == text
