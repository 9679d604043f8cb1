"""Find amounts of money: ``๓.๕ ล้านดอลลาร์แคนาดา``, ``(ประมาณ ๙๒ ล้านบาท)``, ``USD 5 million``.

Currencies (ISO 4217 code, Thai and English names, symbols) come from
``data/currencies.tsv``, scale words from ``data/numerals.tsv`` and the words that
make an amount approximate (``ประมาณ``, ``กว่า``, ``about``) from
``data/approximators.tsv``: adding a currency is a data change.  The span of a
match covers the approximating word when there is one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

from .numbers import (
    NUMBER,
    alternation,
    exact,
    multiplier_pattern,
    multipliers,
    thai_digits_to_arabic,
    thai_words_pattern,
    thai_words_to_number,
)
from .scan import finditer_near, literals

_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class MoneyMatch:
    """``amount`` of ``currency`` (ISO 4217) written at ``text[start:end]``."""

    start: int
    end: int
    amount: Decimal
    currency: str
    approximate: bool = False


@dataclass(frozen=True)
class _Tables:
    names: dict[str, str]  # lower-cased name or symbol, whitespace collapsed -> code
    thai: list[str]
    english: list[str]
    symbols: list[str]
    codes: list[str]
    approx: dict[str, list[str]]  # position -> words
    not_after: dict[str, list[str]]  # approximator -> text before it that makes it another word


@cache
def _tables() -> _Tables:
    names: dict[str, str] = {}
    thai: list[str] = []
    english: list[str] = []
    symbols: list[str] = []
    codes: list[str] = []
    for row in (_DATA / "currencies.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        code, th, en, sym = [*row.split("\t"), "", "", ""][:4]
        codes.append(code)
        for cell, bucket in ((th, thai), (en, english), (sym, symbols)):
            for name in filter(None, (n.strip() for n in cell.split(","))):
                bucket.append(name)
                names[_key(name)] = code
    approx: dict[str, list[str]] = {"before": [], "infix": [], "after": []}
    not_after: dict[str, list[str]] = {}
    for row in (_DATA / "approximators.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        word, position, _language, excluded = row.split("\t")
        approx[position].append(word)
        if excluded:
            not_after[word] = excluded.split(",")
    return _Tables(names, thai, english, symbols, codes, approx, not_after)


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def _words(words: list[str], not_after: dict[str, list[str]] | None = None) -> str:
    """Alternation where a space in a name matches any whitespace and Latin words end at a word edge.

    ``not_after[w]`` lists what may not precede ``w`` (``งบประมาณ`` is a budget, not ``ประมาณ``).
    """
    alts = []
    for w in sorted(words, key=len, reverse=True):
        alt = r"\s+".join(re.escape(part) for part in w.split())
        alt = "".join(f"(?<!{re.escape(x)})" for x in (not_after or {}).get(w, ())) + alt
        if w[-1].isascii() and w[-1].isalpha():
            alt += "(?![A-Za-z])"
        if w[0].isascii() and w[0].isalpha():
            alt = "(?<![A-Za-z])" + alt
        alts.append(alt)
    return "(?i:" + "|".join(alts) + ")"


@cache
def _pattern() -> re.Pattern[str]:
    t = _tables()
    code = rf"(?<![A-Za-z])(?:{alternation(t.codes)})(?![A-Za-z])"
    named = rf"{_words(t.thai)}|{_words(t.english)}|{code}"

    before = rf"(?:(?P<ab>{_words(t.approx['before'], t.not_after)})\s*)?"

    def infix(n: int) -> str:
        return rf"(?:\s*(?P<ai{n}>{_words(t.approx['infix'])}))?"

    def after(n: int) -> str:
        return rf"(?P<aa{n}>{_words(t.approx['after'])})?"

    def amount(n: int) -> str:
        return rf"(?P<num{n}>{NUMBER})(?:\s*(?P<mult{n}>{multiplier_pattern()}))?"

    alternatives = [
        # ๓.๕ ล้านดอลลาร์แคนาดา ; 500,000 บาท ; 5 million US dollars ; 1,000 กว่าบาท
        rf"{amount(0)}{infix(0)}\s*(?P<cur0>{named}){after(0)}",
        # USD 5 million ; US$ 5 million ; ฿500
        rf"(?P<cur1>{code}|{_words(t.symbols)})\s*{amount(1)}",
        # เก้าสิบสองล้านบาท
        rf"(?P<words2>{thai_words_pattern()}){infix(2)}\s*(?P<cur2>{_words(t.thai)}){after(2)}",
    ]
    return re.compile(before + "(?:" + "|".join(f"(?P<alt{n}>{a})" for n, a in enumerate(alternatives)) + ")")


#: How far before and after a currency word an amount can reach (``หนึ่งแสนสองหมื่น...ล้านบาท``,
#: ``USD 1,234.5 million``).
_REACH_BEFORE = 120
_REACH_AFTER = 60


@cache
def _triggers() -> tuple[re.Pattern[str], ...]:
    """Currency names, codes and symbols, one literal pattern per script (fast to scan for)."""
    t = _tables()
    return literals(t.thai), literals(t.english, case_variants=True), literals([*t.codes, *t.symbols])


def find_money(text: str) -> list[MoneyMatch]:
    """Every amount of money in ``text`` (see :func:`_find_money`); several stages ask about one article."""
    return list(_find_money(text))


@lru_cache(maxsize=8)
def _find_money(text: str) -> tuple[MoneyMatch, ...]:
    """Every amount of money in ``text``, in order; the amount is exact (:class:`Decimal`)."""
    names = _tables().names
    out = []
    for m in finditer_near(_pattern(), text, _triggers(), _REACH_BEFORE, _REACH_AFTER):
        n = int(m.lastgroup[3:]) if m.lastgroup else 0
        g = m.groupdict()
        if g.get(f"words{n}"):
            value = thai_words_to_number(g[f"words{n}"])
            if value is None:
                continue
            amount = Decimal(value)
        else:
            amount = Decimal(thai_digits_to_arabic(g[f"num{n}"]).replace(",", ""))
            if g[f"mult{n}"]:
                amount *= multipliers()[g[f"mult{n}"].lower()]
        currency = names.get(_key(g[f"cur{n}"]), g[f"cur{n}"].upper())
        approximate = bool(g["ab"] or g.get(f"ai{n}") or g.get(f"aa{n}"))
        out.append(MoneyMatch(m.start(), m.end(), exact(amount), currency, approximate))
    return tuple(out)
