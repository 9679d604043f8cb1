"""Find dates in Thai news text and turn them into Gregorian :class:`datetime.date`.

Thai news writes ``๑๓ กรกฎาคม ๒๕๖๔``, ``14 ก.ค. 2564``, ``วันอังคารที่ 25 สิงหาคม
2563``, ranges (``๖-๗ มิถุนายน ๒๕๖๗``, ``๓๐ กรกฎาคม - ๓ สิงหาคม ๒๕๖๒``), days without
a year (the article's year is meant) and ``วันนี้ (24 สิงหาคม 2563)``.  Years are
Buddhist Era (BE = CE + 543) unless marked ``ค.ศ.`` or below 2400; two-digit years
are BE (``60`` is 2560 BE, 2017).  Month names come from ``data/thai_months.tsv``.
Nothing here raises on odd input: impossible dates (31 กุมภาพันธ์) are skipped.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from .numbers import thai_digits_to_arabic
from .scan import finditer_near, literals

#: Years at or above this are Buddhist Era when no era is written.
BE_THRESHOLD = 2400
BE_OFFSET = 543
#: A day and month without a year further than this from the article's date is read
#: as falling in the neighbouring year, if that is nearer.
YEAR_WRAP_DAYS = 270

_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class DateMatch:
    """A date (or a range ``date``..``end_date``) found at ``text[start:end]``."""

    start: int
    end: int
    date: datetime.date
    end_date: datetime.date | None = None


@cache
def month_numbers() -> dict[str, int]:
    """Every spelling of every month (Thai, abbreviations, English), lower-cased, without final dot."""
    table: dict[str, int] = {}
    rows = (_DATA / "thai_months.tsv").read_text(encoding="utf-8").splitlines()
    for row in rows[1:]:
        number, *names = row.split("\t")
        for cell in names:
            for name in cell.split(","):
                if name.strip():
                    table[_month_key(name)] = int(number)
    return table


def _month_key(name: str) -> str:
    return name.strip().rstrip(".").lower()


def _month_pattern(thai: bool) -> str:
    """Alternation of month spellings, longest first; dotted abbreviations may drop the final dot."""
    alts = []
    for key in sorted(month_numbers(), key=len, reverse=True):
        is_thai = not key.isascii()
        if is_thai != thai:
            continue
        if "." in key:  # ก.ค -> ก.ค or ก.ค.
            alts.append(re.escape(key) + r"\.?")
        elif is_thai and len(key) <= 3:  # กค needs its dot: bare กค is too often part of a word
            alts.append(re.escape(key) + r"\.")
        else:
            alts.append(re.escape(key) + (r"\.?" if len(key) <= 4 else ""))
    body = "|".join(alts)
    return body if thai else f"(?i:{body})(?![A-Za-z])"


_DIGIT = "[0-9๐-๙]"
_WEEKDAY = r"(?:วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัสฯ|พฤหัส|ศุกร์|เสาร์|อาทิตย์)(?:ที่)?\s*)?"
_SEP = r"\s*(?:[-–—]|ถึง(?:วันที่)?|to|until)\s*"
_ERA = r"พ\.\s?ศ\.?|ค\.\s?ศ\.?|B\.\s?E\.?|A\.\s?D\.?"


def _day(n: int) -> str:
    return rf"(?<![0-9๐-๙.,:/])(?P<d{n}>{_DIGIT}{{1,2}})(?![0-9๐-๙])"


def _month(n: int) -> str:
    return rf"(?:เดือน\s*)?(?P<m{n}>{_month_pattern(thai=True)}|{_month_pattern(thai=False)})"


def _year(n: int, optional: bool = True) -> str:
    year = (
        rf"\s*(?:(?P<e{n}>{_ERA})\s*)?(?P<y{n}>{_DIGIT}{{4}}|{_DIGIT}{{2}})"
        rf"(?![0-9๐-๙])(?!\s?[.:][0-9๐-๙])"
    )
    return f"(?:{year})?" if optional else year


@cache
def _pattern() -> re.Pattern[str]:
    alternatives = [
        # ๓๐ กรกฎาคม - ๓ สิงหาคม ๒๕๖๒ ; 1 ตุลาคม 2564 ถึงวันที่ 30 กันยายน 2565
        rf"(?P<r2>{_WEEKDAY}{_day(1)}\s*{_month(1)}{_year(1)}{_SEP}{_WEEKDAY}{_day(2)}\s*{_month(2)}{_year(2)})",
        # ๖-๗ มิถุนายน ๒๕๖๗ ; ๑๕ – ๑๖ สิงหาคม
        rf"(?P<r1>{_WEEKDAY}{_day(3)}{_SEP}{_day(4)}\s*{_month(4)}{_year(4)})",
        # วันจันทร์ที่ 5 เมษายน 2564 ; 14 ก.ค. 2564 ; 27 เมษายน 60 ; 13 July 2021
        rf"(?P<s>{_WEEKDAY}{_day(5)}\s*{_month(5)}{_year(5)})",
        # July 13, 2021
        rf"(?P<en>(?P<m6>{_month_pattern(thai=False)})\s+{_day(6)},?{_year(6, optional=False)})",
        # 18/05/2567
        rf"(?P<num>{_day(7)}/(?P<m7>{_DIGIT}{{1,2}})/(?P<y7>{_DIGIT}{{4}})(?![0-9๐-๙/]))",
        # 2021-07-14
        rf"(?P<iso>(?<![0-9๐-๙])(?P<y8>{_DIGIT}{{4}})-(?P<m8>{_DIGIT}{{2}})-(?P<d8>{_DIGIT}{{2}})(?![0-9๐-๙]))",
    ]
    # Every date begins with a weekday (วัน…), a digit or an English month: the lookahead
    # turns away every other position before the alternatives are tried one by one.
    return re.compile("(?=[ว0-9๐-๙A-Za-z])(?:" + "|".join(alternatives) + ")")


#: How far a date reaches before its first month name (weekday, day, range) and after it
#: (year, a range's second half): ``วันพฤหัสบดีที่ 30 ธันวาคม 2564 ถึงวันศุกร์ที่ 2 มกราคม 2565``.
_REACH_BEFORE = 60
_REACH_AFTER = 90


@cache
def _triggers() -> tuple[re.Pattern[str], ...]:
    """What every date contains: a month name, or digits around ``/`` or ``-`` (18/05/2567, 2021-07-14)."""
    thai = [name for name in month_numbers() if not name.isascii()]
    english = [name for name in month_numbers() if name.isascii()]
    return literals(thai), literals(english, case_variants=True), re.compile(r"[0-9๐-๙][/-][0-9๐-๙]")


_TODAY = re.compile(r"วันนี้")
_OPEN = re.compile(r"\s*(\(?)\s*")
_CLOSE = re.compile(r"\s*\)")


def find_dates(text: str, ref: date | None = None) -> list[DateMatch]:
    """Every date and date range in ``text`` (see :func:`_find_dates`), remembered for the last few texts."""
    return list(_find_dates(text, ref))


@lru_cache(maxsize=8)
def _find_dates(text: str, ref: date | None = None) -> tuple[DateMatch, ...]:
    """All dates in ``text``; a day without a year, and ``วันนี้``, need ``ref`` (the article's date)."""
    matches = finditer_near(_pattern(), text, _triggers(), _REACH_BEFORE, _REACH_AFTER)
    found = [m for m in (_convert(match, ref) for match in matches) if m is not None]
    by_start = {m.start: i for i, m in enumerate(found)}
    for today in _TODAY.finditer(text):
        gap = _OPEN.match(text, today.end())
        assert gap is not None  # the pattern matches the empty string
        i = by_start.get(gap.end())
        if i is not None:  # วันนี้ (24 สิงหาคม 2563): the bracketed date is the one meant
            end = found[i].end
            close = _CLOSE.match(text, end) if gap.group(1) else None
            found[i] = DateMatch(today.start(), close.end() if close else end, found[i].date, found[i].end_date)
        elif ref is not None:
            found.append(DateMatch(today.start(), today.end(), ref))
    return tuple(sorted(found, key=lambda m: (m.start, m.end)))


def parse_date(s: str, ref: date | None = None) -> date | None:
    """The first date written in ``s`` (Thai, English, dd/mm/yyyy or ISO), or ``None``."""
    dates = find_dates(s, ref)
    return dates[0].date if dates else None


def _convert(m: re.Match[str], ref: date | None) -> DateMatch | None:
    g = m.groupdict()
    kind = m.lastgroup
    if kind == "r2":
        first = _ymd(g["y1"], g["e1"], g["m1"], g["d1"])
        last = _ymd(g["y2"], g["e2"], g["m2"], g["d2"])
        if first[0] is None and last[0] is not None:
            first = (last[0] - (first[1:] > last[1:]), *first[1:])
        elif last[0] is None and first[0] is not None:
            last = (first[0] + (first[1:] > last[1:]), *last[1:])
        start, end = _make(*first, ref), _make(*last, ref)
        if start is None or end is None:
            return None
        if end < start and first[0] is None:  # 30 ธันวาคม - 2 มกราคม, year from ref
            start = _make(end.year - 1, *first[1:], None)
    elif kind == "r1":
        month = _ymd(g["y4"], g["e4"], g["m4"], g["d4"])
        start, end = _make(month[0], month[1], _int(g["d3"]), ref), _make(*month, ref)
    elif kind in ("s", "en"):
        n = 5 if kind == "s" else 6
        start, end = _make(*_ymd(g[f"y{n}"], g[f"e{n}"], g[f"m{n}"], g[f"d{n}"]), ref), None
    else:
        n = 7 if kind == "num" else 8
        start, end = _make(_year_ce(g[f"y{n}"], None), _int(g[f"m{n}"]), _int(g[f"d{n}"]), None), None
    if start is None or (end is not None and end < start):
        return None
    return DateMatch(m.start(), m.end(), start, end if end != start else None)


def _ymd(year: str | None, era: str | None, month: str, day: str) -> tuple[int | None, int, int]:
    return (_year_ce(year, era) if year else None, month_numbers()[_month_key(month)], _int(day))


def _int(digits: str) -> int:
    return int(thai_digits_to_arabic(digits))


def _year_ce(year: str, era: str | None) -> int:
    """Gregorian year of a written year: BE unless ``ค.ศ.``/A.D. or below 2400; 2 digits are BE."""
    y = _int(year)
    ce = era is not None and era.replace(" ", "").rstrip(".").upper() in ("ค.ศ", "A.D")
    be = era is not None and not ce
    if len(year) == 2:
        return 2000 + y if ce else 2500 + y - BE_OFFSET
    if be or (not ce and y >= BE_THRESHOLD):
        return y - BE_OFFSET
    return y


def _make(year: int | None, month: int, day: int, ref: date | None) -> date | None:
    """The date, or ``None`` if impossible.

    Without a year, ``ref``'s year is meant, unless that puts the date more than
    :data:`YEAR_WRAP_DAYS` from ``ref`` (``28 ธันวาคม`` in an article of 3 January):
    then the nearest of the neighbouring years.
    """
    if year is None:
        if ref is None:
            return None
        same = _make(ref.year, month, day, None)
        if same is not None and abs((same - ref).days) <= YEAR_WRAP_DAYS:
            return same
        candidates = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _make(y, month, day, None))]
        return min(candidates, key=lambda d: abs((d - ref).days), default=None)
    try:
        return date(year, month, day)
    except ValueError:
        return None
