"""Numbers as Thai news writes them: Thai or Arabic digits, thousands commas, spelled-out words.

``6,132``, ``๓.๕``, ``๓.๕ ล้าน``, ``สอง``, ``ครั้งที่ ๑๘``, ``ร้อยละ ๕``.  Values are
:class:`~decimal.Decimal` so money and percentages stay exact.  Number words and
multipliers (``ล้าน``, ``พันล้าน``, ``million``) come from ``data/numerals.tsv``;
spelled-out Thai numbers are read by pythainlp's ``thaiword_to_num``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent.parent / "data"

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

#: A written number: Thai or Arabic digits, optional thousands commas and decimals.
NUMBER = r"(?<![0-9๐-๙.,])[0-9๐-๙]+(?:,[0-9๐-๙]{3})*(?:\.[0-9๐-๙]+)?(?![0-9๐-๙]|[.,][0-9๐-๙])"


@dataclass(frozen=True)
class Numeral:
    word: str
    value: int
    kind: str  # "digit", "unit" (สิบ) or "multiplier" (ร้อย, พัน, ล้าน, million ...)
    language: str


@dataclass(frozen=True)
class PercentMatch:
    """A percentage ``value`` (``5`` for 5 %) written at ``text[start:end]``."""

    start: int
    end: int
    value: Decimal


@cache
def numerals() -> tuple[Numeral, ...]:
    """The rows of ``data/numerals.tsv``."""
    rows = (_DATA / "numerals.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return tuple(Numeral(w, int(v), k, lang) for w, v, k, lang in (row.split("\t") for row in rows if row))


@cache
def multipliers() -> dict[str, int]:
    """Scale words written after a number (``ล้าน``, ``พันล้าน``, ``million``), lower-cased."""
    return {n.word.lower(): n.value for n in numerals() if n.kind == "multiplier"}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, so ``พันล้าน`` wins over ``พัน``."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def multiplier_pattern() -> str:
    """Regex for a scale word after a number; English ones must end a word."""
    thai = alternation(w for w in multipliers() if not w.isascii())
    english = alternation(w for w in multipliers() if w.isascii())
    return rf"(?:{thai}|(?i:{english})(?![A-Za-z]))"


@cache
def thai_words_pattern() -> str:
    """Regex for a spelled-out Thai number (``เก้าสิบสองล้าน``); it starts with a digit or สิบ,
    so the ``ล้าน`` of ``หลายล้าน`` ("millions of") is not one million."""
    thai = [n for n in numerals() if n.language == "th"]
    first = alternation(n.word for n in thai if n.kind != "multiplier")
    return f"(?:{first})(?:{alternation(n.word for n in thai)})*"


def thai_digits_to_arabic(s: str) -> str:
    """``๒๕๖๔`` -> ``2564``; other characters unchanged."""
    return s.translate(_THAI_DIGITS)


@cache
def _number_re() -> re.Pattern[str]:
    return re.compile(rf"(?P<n>{NUMBER})\s*(?P<mult>{multiplier_pattern()})?")


def parse_number(s: str) -> Decimal | None:
    """The value of ``s`` (``6,132``, ``๓.๕``, ``๓.๕ ล้าน``, ``สอง``), or ``None`` if it is not a number."""
    s = s.strip()
    m = _number_re().fullmatch(s)
    if m:
        value = Decimal(thai_digits_to_arabic(m.group("n")).replace(",", ""))
        if m.group("mult"):
            value *= multipliers()[m.group("mult").lower()]
        return exact(value)
    if s and re.fullmatch(thai_words_pattern(), s):
        words = thai_words_to_number(s)
        return Decimal(words) if words is not None else None
    return None


def thai_words_to_number(s: str) -> int | None:
    """``เก้าสิบสองล้าน`` -> 92000000 (pythainlp), ``None`` if the words do not form a number."""
    from .offline import configure

    configure()
    from pythainlp.util import thaiword_to_num

    try:
        return int(thaiword_to_num(s))
    except (ValueError, TypeError):
        return None


def exact(value: Decimal) -> Decimal:
    """Drop a zero fraction (``3500000.0`` -> ``3500000``) so values print plainly."""
    return Decimal(int(value)) if value == value.to_integral_value() else value


@cache
def _edition_re() -> re.Pattern[str]:
    return re.compile(
        rf"ครั้งที่\s*(?:(?P<n>[0-9๐-๙]+)|(?P<w>{thai_words_pattern()}))"
        r"|(?<![0-9A-Za-z])(?P<en>[0-9]+)(?:st|nd|rd|th)(?![A-Za-z])"
    )


def parse_edition(s: str) -> int | None:
    """The ordinal of a meeting: ``ครั้งที่ ๑๘`` -> 18, ``ครั้งที่สอง`` -> 2, ``5th`` -> 5."""
    m = _edition_re().search(s)
    if not m:
        return None
    if m.group("w"):
        return thai_words_to_number(m.group("w"))
    return int(thai_digits_to_arabic(m.group("n") or m.group("en")))


_PERCENT = re.compile(
    rf"ร้อยละ\s*(?P<a>{NUMBER})"
    rf"|(?P<b>{NUMBER})\s*(?:%|เปอร์เซ็นต์|เปอร์เซนต์|(?i:per\s?cent)(?![A-Za-z]))"
)


def find_percentages(text: str) -> list[PercentMatch]:
    """Every ``ร้อยละ 5`` / ``5%`` / ``5 เปอร์เซ็นต์`` / ``5 percent`` in ``text``."""
    out = []
    for m in _PERCENT.finditer(text):
        digits = thai_digits_to_arabic(m.group("a") or m.group("b")).replace(",", "")
        out.append(PercentMatch(m.start(), m.end(), exact(Decimal(digits))))
    return out
