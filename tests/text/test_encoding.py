"""Decoding: the encodings Thai news files come in, and clear refusals for the rest."""
from __future__ import annotations

import codecs

import pytest

from thaikg.errors import InputError
from thaikg.text.encoding import decode

THAI = "วันที่นำเข้าข้อมูล 14 ก.ค. 2564\nรองปลัดกระทรวงการต่างประเทศ “ประชุม” ๑๘ ครั้ง\n"


@pytest.mark.parametrize(
    "data",
    [
        THAI.encode("utf-8"),
        codecs.BOM_UTF8 + THAI.encode("utf-8"),
        codecs.BOM_UTF16_LE + THAI.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + THAI.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + THAI.encode("utf-32-le"),
        THAI.encode("cp874"),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "utf32le", "cp874"],
)
def test_decodes_thai_in_every_encoding(data: bytes) -> None:
    assert decode(data, "a.txt") == THAI


def test_tis620_is_read_as_cp874() -> None:
    text = "กระทรวงการต่างประเทศ ๒๕๖๔"
    assert decode(text.encode("tis-620"), "old.txt") == text


def test_cp874_with_ascii_only_stays_utf8() -> None:
    assert decode(b"plain ascii\n", "a.txt") == "plain ascii\n"


def test_other_legacy_text_is_decoded_not_read_as_thai() -> None:
    text = "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, d\u00e9j\u00e0 vu, na\u00efve fa\u00e7ade \u00e0 la carte.\n" * 5
    decoded = decode(text.encode("latin-1"), "fr.txt")
    assert decoded.startswith("Caf") and "la carte." in decoded
    assert not any("\u0e00" <= ch <= "\u0e7f" for ch in decoded)  # lone accented letters are not Thai


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"  \n"])
def test_empty_is_refused(data: bytes) -> None:
    with pytest.raises(InputError) as err:
        decode(data, "empty.txt")
    assert str(err.value) == "empty.txt: is empty"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "ข่าว".encode() + b"\x00" + "ข่าว".encode(),
        bytes(range(256)) * 4,
        b"\x01\x02\x03\x04\x05abc\x06\x07\x08" * 20,
    ],
    ids=["png", "nul", "all-bytes", "controls"],
)
def test_binary_is_refused_in_one_line(data: bytes) -> None:
    with pytest.raises(InputError) as err:
        decode(data, "x.bin")
    message = str(err.value)
    assert message.startswith("x.bin: is not text")
    assert "\n" not in message
    assert err.value.source == "x.bin"


def test_broken_utf16_after_bom_is_refused() -> None:
    with pytest.raises(InputError, match="not text"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8", "bad.txt")  # a lone surrogate
