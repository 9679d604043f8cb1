"""Article layouts: find the title, the metadata and the body paragraphs of a document.

Each site writes its articles differently (an MFA press release repeats its title
and has ``วันที่นำเข้าข้อมูล`` lines, a thaigov page prefixes its title with the site
name and ends with ``ที่มา : URL``), so a *reader* per layout knows what is
boilerplate.  Readers are registered in :data:`READERS` with :func:`reader`;
:func:`detect` picks the one whose ``detect`` scores the text highest.

Readers work on the normalised ``doc.text`` (so spans index it) and are run by
:func:`read_layout`, which normalises first if that has not happened yet.  The
``html`` reader is the exception that proves the rule: offsets into markup are of
no use, so it *replaces* ``doc.raw`` with the article's plain text (title, blank
line, one paragraph per line) as trafilatura extracts it, and normalises that;
provenance then points into the extracted text.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..document import Document, Span
from ..errors import InputError, ThaiKGError
from .dates import find_dates, parse_date
from .normalise import normalise
from .numbers import thai_digits_to_arabic

ReadFn = Callable[[Document], None]
DetectFn = Callable[[str], float]


@dataclass(frozen=True)
class Reader:
    """A layout: ``detect(text)`` scores how likely ``text`` has it (0..1), ``read(doc)`` fills ``doc``."""

    name: str
    detect: DetectFn
    read: ReadFn
    description: str


#: Registered readers by name, in registration order (which breaks ties in :func:`detect`).
READERS: dict[str, Reader] = {}

#: How much of the start of a text :func:`detect` looks at (the end is looked at too).
_DETECT_HEAD = 4000
_DETECT_TAIL = 1000

#: A first line at least this long is body text, not a title (plain reader).
MAX_TITLE_CHARS = 300


def reader(name: str, detect: DetectFn) -> Callable[[ReadFn], ReadFn]:
    """Register the decorated ``read(doc)`` function as the reader ``name``."""

    def register(fn: ReadFn) -> ReadFn:
        READERS[name] = Reader(name, detect, fn, (fn.__doc__ or "").strip().split("\n")[0])
        return fn

    return register


def detect(text: str) -> str:
    """The name of the reader that best fits ``text``."""
    sample = text if len(text) <= _DETECT_HEAD + _DETECT_TAIL else text[:_DETECT_HEAD] + "\n" + text[-_DETECT_TAIL:]
    return max(READERS.values(), key=lambda r: r.detect(sample)).name


def read_layout(doc: Document, reader: str | None = None) -> None:
    """Set ``doc``'s reader, title, dates, views, URL and body paragraphs (spans in ``doc.text``).

    ``reader`` names a layout from :data:`READERS`; by default it is detected.
    """
    if reader is not None and reader not in READERS:
        raise ThaiKGError(f"unknown reader {reader!r}; known readers: {', '.join(READERS)}")
    if not doc.offsets and doc.raw:
        _renormalise(doc)
    name = reader or detect(doc.text)
    doc.title = doc.title_span = doc.created = doc.modified = doc.published = doc.views = doc.url = None
    doc.paragraphs = []
    READERS[name].read(doc)
    doc.reader = name


# --- helpers ---------------------------------------------------------------------

_LINE = re.compile(r"[^\n]+")
_CONTENT = re.compile(r"[^\W_]")  # a letter or digit, in any script


def _renormalise(doc: Document) -> None:
    doc.text, doc.offsets, doc.offset_ends = normalise(doc.raw)


def _lines(text: str) -> list[Span]:
    """Spans of the non-blank lines of ``text``, without their edge spaces."""
    spans = []
    for m in _LINE.finditer(text):
        a, b = m.span()
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        if a < b:
            spans.append(Span(a, b))
    return spans


def _squash(s: str) -> str:
    """``s`` without spaces, to compare a title with its (differently spaced) repetition."""
    return s.replace(" ", "")


def _has_content(s: str) -> bool:
    """False for separator lines (``-----``, ``*****``, ``.``)."""
    return _CONTENT.search(s) is not None


def _whole_date(line: str) -> date | None:
    """The date if ``line`` is nothing but a date (``วันอังคารที่ 25 สิงหาคม 2563``)."""
    found = find_dates(line)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(line):
        return found[0].date
    return None


# --- MFA press releases ----------------------------------------------------------

_MFA_CREATED = re.compile(r"วันที่นำเข้าข้อมูล\s*(.+)")
_MFA_MODIFIED = re.compile(r"วันที่ปรับปรุงข้อมูล\s*(.+)")
_MFA_VIEWS = re.compile(r"\|?\s*([0-9๐-๙][0-9๐-๙,]*)\s*(?:views?|ครั้ง)", re.IGNORECASE)
_MFA_DROP = frozenset({"รูปภาพประกอบ"})


def _detect_mfa(text: str) -> float:
    score = 0.0
    if "วันที่นำเข้าข้อมูล" in text:
        score += 0.5
    if "วันที่ปรับปรุงข้อมูล" in text:
        score += 0.3
    if re.search(r"^\|\s*[0-9,]+\s*views?$", text, re.MULTILINE | re.IGNORECASE):
        score += 0.2
    return score


@reader("mfa", _detect_mfa)
def read_mfa(doc: Document) -> None:
    """Thai MFA press release: title, repeated title, import/update dates, view count, body, picture captions."""
    text = doc.text
    lines = _lines(text)
    if not lines:
        return
    doc.title_span = lines[0]
    doc.title = text[lines[0].start:lines[0].end]
    title_key = _squash(doc.title)
    for span in lines[1:]:
        line = text[span.start:span.end]
        if _squash(line) == title_key or line in _MFA_DROP or not _has_content(line):
            continue
        if doc.paragraphs:  # metadata only comes before the body
            doc.paragraphs.append(span)
        elif m := _MFA_CREATED.fullmatch(line):
            doc.created = parse_date(m.group(1))
        elif m := _MFA_MODIFIED.fullmatch(line):
            doc.modified = parse_date(m.group(1))
        elif m := _MFA_VIEWS.fullmatch(line):
            doc.views = int(thai_digits_to_arabic(m.group(1)).replace(",", ""))
        else:
            doc.paragraphs.append(span)


# --- thaigov.go.th news ----------------------------------------------------------

_THAIGOV_PREFIX = re.compile(r"รัฐบาลไทย-(?:ข่าวทำเนียบรัฐบาล-)?")
_THAIGOV_SOURCE = re.compile(r"ที่มา\s*:\s*(https?://\S+)")
_THAIGOV_NUMERIC_DATE = re.compile(r"[0-9๐-๙]{1,2}/[0-9๐-๙]{1,2}/[0-9๐-๙]{4}")
_THAIGOV_PRINT = "พิมพ์"
#: The site shows this date (1 January 1970, the Unix epoch) for articles that have none.
_NO_DATE = date(1970, 1, 1)


def _detect_thaigov(text: str) -> float:
    score = 0.0
    if _THAIGOV_PREFIX.match(text):
        score += 0.6
    if re.search(r"^ที่มา\s*:\s*https?://", text, re.MULTILINE):
        score += 0.4
    return score


@reader("thaigov", _detect_thaigov)
def read_thaigov(doc: Document) -> None:
    """thaigov.go.th news: prefixed title, dated line, ``พิมพ์``, repeated titles, body, ``ที่มา : URL``."""
    text = doc.text
    lines = _lines(text)
    if not lines:
        return
    first = lines[0]
    prefix = _THAIGOV_PREFIX.match(text, first.start)
    title = Span(prefix.end() if prefix else first.start, first.end)
    title_key = _squash(text[title.start:title.end])
    i = 1
    # The header: the dated line, a dd/mm/yyyy line, "พิมพ์" and the title again
    # (sometimes longer: the first line's title can be cut short).
    while i < len(lines):
        line = text[lines[i].start:lines[i].end]
        key = _squash(line)
        if title_key and (key.startswith(title_key) or title_key.startswith(key)):
            if len(key) > len(title_key):
                title, title_key = lines[i], key
        elif (published := _whole_date(line)) is not None:
            if doc.published is None and published != _NO_DATE:
                doc.published = published
        elif not (line == _THAIGOV_PRINT or _THAIGOV_NUMERIC_DATE.fullmatch(line)):
            break
        i += 1
    if title_key:
        doc.title_span = title
        doc.title = text[title.start:title.end]
    for span in lines[i:]:
        line = text[span.start:span.end]
        if m := _THAIGOV_SOURCE.fullmatch(line):
            doc.url = m.group(1)
        elif _has_content(line) and _squash(line) != title_key:
            doc.paragraphs.append(span)


# --- HTML ------------------------------------------------------------------------

_TAG = re.compile(r"<(?:p|div|br|span|a|h[1-6]|table|tr|td|li|ul|body|head|meta|script|link|title)\b[^>]*>", re.I)


def _detect_html(text: str) -> float:
    head = text[:_DETECT_HEAD].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in head:
        return 1.0
    tags = len(_TAG.findall(text))
    return 0.7 if tags >= 5 and tags * 40 > len(text) else 0.0


@reader("html", _detect_html)
def read_html(doc: Document) -> None:
    """A web page: trafilatura extracts title, date, URL and main text; ``doc.raw`` becomes that text."""
    import trafilatura
    from trafilatura.settings import Document as Extracted

    # No "extensive" date search: it runs dateparser, whose first call in a process loads every
    # locale (5-10 s, per worker) and which cannot read Buddhist-Era years anyway; dates in
    # metadata, URLs and ISO/numeric text are still found.
    date_params = {"original_date": True, "extensive_search": False, "max_date": date.today().isoformat()}
    result = trafilatura.bare_extraction(doc.raw, with_metadata=True, include_comments=False,
                                         date_extraction_params=date_params)
    body = (result.text or "") if isinstance(result, Extracted) else ""
    if not isinstance(result, Extracted) or not body.strip():
        raise InputError(doc.source, "is HTML without extractable article text")
    title = " ".join((result.title or "").split())
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if lines and title and _squash(lines[0]) == _squash(title):
        lines = lines[1:]
    doc.raw = title + "\n\n" + "\n".join(lines) + "\n"
    _renormalise(doc)
    spans = _lines(doc.text)
    if title and spans:
        doc.title_span, spans = spans[0], spans[1:]
        doc.title = doc.text[doc.title_span.start:doc.title_span.end]
    doc.paragraphs = [s for s in spans if _has_content(doc.text[s.start:s.end])]
    doc.published = parse_date(result.date) if result.date else None
    doc.url = result.url or None


# --- plain text ------------------------------------------------------------------


@reader("plain", lambda text: 0.1)
def read_plain(doc: Document) -> None:
    """Any other text: a short first line is the title, every other non-blank line a paragraph."""
    text = doc.text
    lines = [s for s in _lines(text) if _has_content(text[s.start:s.end])]
    if lines and lines[0].end - lines[0].start < MAX_TITLE_CHARS:
        doc.title_span = lines[0]
        doc.title = text[lines[0].start:lines[0].end]
        lines = lines[1:]
    doc.paragraphs = lines
