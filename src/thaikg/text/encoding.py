"""Bytes to text: UTF-8/16/32 with or without BOM, and legacy Thai TIS-620 / cp874.

Thai government pages are UTF-8 today, but archived press releases and Windows
exports are still in cp874 (a superset of TIS-620).  Decoding never guesses
silently: binary data and bytes that no plausible encoding explains are rejected
with a one-line :class:`~thaikg.errors.InputError`.
"""
from __future__ import annotations

import codecs
import re

from ..errors import InputError

_NOT_TEXT = "is not text (binary or unknown encoding)"

#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Control characters that real text files do not contain (tab, newlines, form feed allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

#: Bytes of Thai letters, vowels, tone marks and digits in TIS-620 / cp874, plus the
#: cp874 punctuation in 0x80-0x9F (ellipsis, curly quotes, dashes, euro).
_CP874_TEXT_BYTES = frozenset(range(0xA1, 0xDB)) | frozenset(range(0xDF, 0xFC)) | {
    0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0xA0,
}

#: Share of non-ASCII bytes that must be cp874 Thai for a non-UTF-8 file to be read as Thai.
_CP874_MIN_SHARE = 0.95

#: Share of those bytes that must stand next to another non-ASCII byte.
_CP874_MIN_RUN_SHARE = 0.6

#: Highest share of control characters tolerated in decoded text.
_MAX_CONTROL_SHARE = 0.01


#: Characters XML 1.0 cannot hold even escaped (so RDF/XML could not be written), replaced one
#: for one so offsets into the text stay those of the file: vertical tab and form feed by the
#: newline they stand for (normalisation makes them ``\n`` anyway), the rest by U+FFFD.
_NOT_XML = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def decode(data: bytes, source: str) -> str:
    """Decode ``data`` read from ``source`` (named in errors); a leading BOM is dropped.

    The few stray control characters tolerated are replaced (see :data:`_NOT_XML`).
    """
    text = _decode(data, source)
    if not text.strip():
        raise InputError(source, "is empty")
    controls = len(_CONTROL.findall(text))
    if controls and ("\x00" in text or controls > _MAX_CONTROL_SHARE * len(text)):
        raise InputError(source, _NOT_TEXT)
    return _NOT_XML.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "\ufffd", text)


def _decode(data: bytes, source: str) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise InputError(source, f"{_NOT_TEXT}: invalid {codec} after its byte-order mark") from None
    if not data.strip():
        return ""
    if b"\x00" in data:
        raise InputError(source, _NOT_TEXT)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A file cut off inside its last character (a copy or download that stopped
        # short) is still UTF-8: keep every complete character.
        if exc.end == len(data) and exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[:exc.start].decode("utf-8")
    if _looks_cp874(data):
        return data.decode("cp874", errors="replace")
    return _decode_other(data, source)


def _looks_cp874(data: bytes) -> bool:
    """Thai in cp874: nearly all non-ASCII bytes are Thai, and they come in runs (Thai
    words have no spaces), unlike the lone accented letters of Latin-1 text."""
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high or sum(1 for i in high if data[i] in _CP874_TEXT_BYTES) < _CP874_MIN_SHARE * len(high):
        return False
    in_runs = sum(1 for i in high if (i > 0 and data[i - 1] >= 0x80) or (i + 1 < len(data) and data[i + 1] >= 0x80))
    return in_runs >= _CP874_MIN_RUN_SHARE * len(high)


def _decode_other(data: bytes, source: str) -> str:
    """Last resort for non-Thai legacy encodings (Latin-1, Shift-JIS ...)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(source, _NOT_TEXT)
    return str(best)
