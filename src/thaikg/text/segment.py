"""Sentences and words of Thai text, as spans of ``doc.text``.

Thai has no sentence punctuation: a space ends a clause, and a sentence usually
ends at a space before a discourse marker (``ทั้งนี้``, ``นอกจากนี้``, ``อย่างไรก็ตาม``).
The default ``rules`` splitter cuts there and before numbered items, never inside
brackets, then cuts sentences longer than :data:`SOFT_LIMIT` before a weaker
marker (``โดย``, ``ซึ่ง``, ``และ``) and anything still longer than
:data:`MAX_SENTENCE_CHARS` at a space.  Markers live in
``data/thai_sentence_markers.tsv``.  pythainlp's CRF model (``engine="crfcut"``) is
available too, but it runs at under 100k chars/s against ~20M for the rules
(``benchmarks/tokenisers.py``) and was trained on TED transcripts, not news.

Words: :class:`Tokenizer` runs nlpo3 (newmm in Rust, ~4x pythainlp's newmm) over
pythainlp's word list plus the caller's names, so a multiword name stays one token.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..document import Span
from ..errors import ThaiKGError
from .numbers import alternation

if TYPE_CHECKING:
    from pythainlp.util import Trie

_DATA = Path(__file__).resolve().parent.parent / "data"

#: No sentence is longer than this many characters.
MAX_SENTENCE_CHARS = 1000
#: Sentences longer than this are cut before a weak discourse marker if they have one.
SOFT_LIMIT = 600
#: Text is handed to the word segmenter in pieces of at most about this many characters:
#: newmm's time grows faster than linearly with the length of one call.
MAX_CHUNK_CHARS = 2000

SENTENCE_ENGINES = ("rules", "crfcut")
TOKENIZER_ENGINES = ("nlpo3", "newmm")


@cache
def _markers() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {"strong": [], "weak": []}
    for row in (_DATA / "thai_sentence_markers.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        word, strength = row.split("\t")
        table[strength].append(word)
    return table


@cache
def _strong_re() -> re.Pattern[str]:
    """A space where a new sentence starts: before a strong marker or a numbered item."""
    return re.compile(
        rf"(?<=\S) (?=(?:{alternation(_markers()['strong'])})|\(?[0-9๐-๙]{{1,2}}\)|[0-9๐-๙]{{1,2}}\.\s)"
    )


@cache
def _weak_re() -> re.Pattern[str]:
    return re.compile(rf"(?<=\S) (?={alternation(_markers()['weak'])})")


_SPACE = re.compile(r"\s")


def sentences(text: str, paragraphs: Iterable[Span], engine: str = "rules") -> list[Span]:
    """Sentence spans inside each paragraph, without edge whitespace, none over :data:`MAX_SENTENCE_CHARS`."""
    if engine not in SENTENCE_ENGINES:
        raise ThaiKGError(f"unknown sentence engine {engine!r}; known: {', '.join(SENTENCE_ENGINES)}")
    out: list[Span] = []
    for paragraph in paragraphs:
        p = _strip(text, paragraph.start, paragraph.end)
        if p is None:
            continue
        pieces = _crfcut(text, p) if engine == "crfcut" else _split(text, p, _strong_re())
        for piece in pieces:
            out.extend(_shorten(text, piece))
    return out


def _strip(text: str, a: int, b: int) -> Span | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Span(a, b) if a < b else None


def _split(text: str, span: Span, boundary: re.Pattern[str]) -> list[Span]:
    """Cut ``span`` at every match of ``boundary`` that is not inside brackets."""
    cuts = [m.start() for m in boundary.finditer(text, span.start, span.end)
            if not _in_brackets(text, span.start, m.start())]
    return _cut(text, span, cuts)


def _in_brackets(text: str, a: int, at: int) -> bool:
    chunk = text[a:at]
    return chunk.count("(") > chunk.count(")")


def _cut(text: str, span: Span, cuts: list[int]) -> list[Span]:
    out = []
    start = span.start
    for c in [*cuts, span.end]:
        piece = _strip(text, start, c)
        if piece is not None:
            out.append(piece)
        start = c
    return out


def _shorten(text: str, span: Span) -> list[Span]:
    """Cut an over-long sentence: before a weak marker past :data:`SOFT_LIMIT`, at a space past the maximum."""
    length = span.end - span.start
    if length <= SOFT_LIMIT:
        return [span]
    weak = [m.start() for m in _weak_re().finditer(text, span.start, span.end)
            if not _in_brackets(text, span.start, m.start())]
    if not weak and length <= MAX_SENTENCE_CHARS:
        return [span]
    middle = (span.start + span.end) // 2
    if weak:
        cut = min(weak, key=lambda c: abs(c - middle))
    else:
        spaces = [m.start() for m in _SPACE.finditer(text, span.start, span.end)]
        cut = min(spaces, key=lambda c: abs(c - middle)) if spaces else _char_boundary(text, middle, span.start)
    return [s for piece in _cut(text, span, [cut]) for s in _shorten(text, piece)]


def _char_boundary(text: str, at: int, floor: int) -> int:
    """``at`` moved back (not to ``floor`` or before) so that it does not separate a character
    from its vowel or tone marks; unchanged in a run of nothing but marks."""
    back = at
    while back > floor + 1 and unicodedata.category(text[back]).startswith("M"):
        back -= 1
    return back if not unicodedata.category(text[back]).startswith("M") else at


def _crfcut(text: str, span: Span) -> list[Span]:
    from .offline import configure

    configure()
    from pythainlp.tokenize import sent_tokenize

    return _align(text, span, cast(list[str], sent_tokenize(text[span.start:span.end], engine="crfcut")))


def _align(text: str, span: Span, pieces: list[str]) -> list[Span]:
    """Spans of consecutive ``pieces`` of ``text[span]`` (pieces that are all whitespace are left out)."""
    located: Iterable[tuple[int, int, str]]
    if "".join(pieces) == text[span.start:span.end]:  # the usual case: the text cut up, nothing changed
        bounds = list(accumulate(map(len, pieces), initial=span.start))
        located = zip(bounds[:-1], bounds[1:], pieces, strict=True)
    else:
        located = _find(text, span, pieces)
    return [
        Span(*_edges(text, a, b)) if p[0].isspace() or p[-1].isspace() else Span(a, b)
        for a, b, p in located
        if p and not p.isspace()
    ]


def _find(text: str, span: Span, pieces: list[str]) -> Iterator[tuple[int, int, str]]:
    """Locate pieces one by one, for a segmenter that drops or normalises characters."""
    cursor = span.start
    for piece in pieces:
        at = text.find(piece, cursor, span.end)
        if at < 0:
            raise ThaiKGError(f"segmenter changed the text: {piece[:40]!r} not found")
        cursor = at + len(piece)
        yield at, cursor, piece


def _edges(text: str, a: int, b: int) -> tuple[int, int]:
    while text[a].isspace():
        a += 1
    while text[b - 1].isspace():
        b -= 1
    return a, b


# --- words -----------------------------------------------------------------------


class Tokenizer:
    """Word segmentation with a dictionary of pythainlp's words plus ``extra_words``.

    Names given in ``extra_words`` (``นายชุตินทร คงศักดิ์``, ``โควิด-๑๙``) come out as
    one token.  Building the dictionary takes a few tenths of a second, so it is
    done once per distinct set of extra words and shared by every Tokenizer.
    """

    def __init__(self, extra_words: Iterable[str] = (), engine: str = "nlpo3") -> None:
        if engine not in TOKENIZER_ENGINES:
            raise ThaiKGError(f"unknown tokenizer engine {engine!r}; known: {', '.join(TOKENIZER_ENGINES)}")
        self.engine = engine
        self.extra_words = frozenset(w.strip() for w in extra_words if w.strip() and "\n" not in w)
        self._segment: Callable[[str], list[str]]
        if engine == "nlpo3":
            name = _nlpo3_dictionary(self.extra_words)
            self._segment = lambda s: _nlpo3_segment(s, name)
        else:
            trie = _newmm_dictionary(self.extra_words)
            self._segment = lambda s: _newmm_segment(s, trie)

    def tokenize(self, text: str, span: Span | None = None) -> list[Span]:
        """Token spans of ``text[span]`` (all of ``text`` by default), whitespace left out."""
        span = span or Span(0, len(text))
        out: list[Span] = []
        for chunk in _chunks(text, span):
            out.extend(_align(text, chunk, self._segment(text[chunk.start:chunk.end])))
        return out


def _chunks(text: str, span: Span) -> list[Span]:
    """``span`` cut at newlines, and long lines at spaces, into pieces of about :data:`MAX_CHUNK_CHARS`."""
    out = []
    for line in re.finditer(r"[^\n]+", text[span.start:span.end]):
        a, b = span.start + line.start(), span.start + line.end()
        while b - a > MAX_CHUNK_CHARS:
            cut = text.rfind(" ", a + MAX_CHUNK_CHARS // 2, a + MAX_CHUNK_CHARS)
            cut = cut if cut > a else _char_boundary(text, a + MAX_CHUNK_CHARS, a)
            out.append(Span(a, cut))
            a = cut
        out.append(Span(a, b))
    return out


def _words() -> frozenset[str]:
    from .offline import configure

    configure()
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@cache
def _nlpo3_dictionary(extra: frozenset[str]) -> str:
    """Load pythainlp's words plus ``extra`` into nlpo3 under a name derived from ``extra``."""
    import nlpo3

    words = sorted(_words() | extra)
    digest = hashlib.sha1("\n".join(sorted(extra)).encode("utf-8")).hexdigest()[:16]
    name = f"thaikg-{digest}"
    fd, path = tempfile.mkstemp(prefix="thaikg-dict-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join(words))
        message, ok = nlpo3.load_dict(path, name)
    finally:
        os.unlink(path)
    if not ok and "already exists" not in message:
        raise ThaiKGError(f"nlpo3 could not load the dictionary: {message}")
    return name


def _nlpo3_segment(s: str, name: str) -> list[str]:
    import nlpo3

    return nlpo3.segment(s, name)


@cache
def _newmm_dictionary(extra: frozenset[str]) -> Trie:
    words = _words() | extra  # configures pythainlp before the import below
    from pythainlp.util import dict_trie

    return dict_trie(words)


def _newmm_segment(s: str, trie: Trie) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(s, custom_dict=trie, engine="newmm", keep_whitespace=True)
