"""Clean decoded text while remembering where every character came from.

Provenance in the graph points at characters of the original file, so every
change here is recorded: ``text[i]`` came from ``raw[starts[i]:ends[i]]``.  When
several output characters are made together (NFC reordering a cluster, a
decomposed sara am written after its tone mark), they share one range, and
normalising that slice of ``raw`` on its own gives exactly those characters; for
every other character ``normalise(raw[starts[i]:ends[i]])`` is ``text[i]``.

What changes: CRLF, CR and the Unicode line separators become ``\\n``; zero-width
space/joiners, word joiner, BOM and soft hyphen are removed; tabs, NBSP and the
other Unicode spaces become ``' '``; runs of spaces collapse to one and spaces at
the end of a line (before a newline) are dropped; decomposed sara am (``ํา``) is
composed to ``ำ``; the result is NFC.  Thai digits are kept: a reader must see
the article as written.  A space at the very end of the text is kept (collapsed),
so that a lone space still normalises to itself.
"""
from __future__ import annotations

import re
import unicodedata

_NEWLINES = "\r\n\x0b\x0c\x85\u2028\u2029"
_SPACES = " \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\xad"
_SPACE_CHARS = re.compile(f"[{_SPACES}]")

#: Everything that is not copied unchanged.  A single ordinary space between two
#: ordinary characters (the common case in Thai) is skipped by the lookahead.
_SPECIAL = re.compile(
    rf"(?P<nl>\r\n?|[\x0b\x0c\x85\u2028\u2029])"
    rf"|(?P<ws>(?! [^{_SPACES}{_INVISIBLE}{_NEWLINES}])[{_SPACES}{_INVISIBLE}]+)"
    rf"|(?P<am>\u0e4d[{_INVISIBLE}]*(?P<tone>[\u0e48-\u0e4b]?)[{_INVISIBLE}]*\u0e32)"
)

#: Runs that NFC never changes across: it neither composes nor reorders over a space or newline.
_WORDS = re.compile(r"[^ \n]+")

Normalised = tuple[str, list[int], list[int]]


def normalise(raw: str) -> Normalised:
    """Return ``(text, starts, ends)``: the clean text and, per character, its range in ``raw``."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _SPECIAL.finditer(raw):
        a, b = m.span()
        if a > pos:
            pieces.append(raw[pos:a])
            starts.extend(range(pos, a))
            ends.extend(range(pos + 1, a + 1))
        pos = b
        kind = m.lastgroup
        if kind == "nl":
            out = "\n"
        elif kind == "ws":
            if (b < len(raw) and raw[b] in _NEWLINES) or not _SPACE_CHARS.search(m.group()):
                continue
            out = " "
        else:
            out = m.group("tone") + "\u0e33"
        pieces.append(out)
        starts.extend([a] * len(out))
        ends.extend([b] * len(out))
    if pos < len(raw):
        pieces.append(raw[pos:])
        starts.extend(range(pos, len(raw)))
        ends.extend(range(pos + 1, len(raw) + 1))
    text = "".join(pieces)
    if not unicodedata.is_normalized("NFC", text):
        return _nfc(text, starts, ends)
    return text, starts, ends


def _nfc(text: str, starts: list[int], ends: list[int]) -> Normalised:
    """Compose ``text`` to NFC cluster by cluster, so each cluster keeps its source range."""
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for word in _WORDS.finditer(text):
        a, b = word.span()
        if unicodedata.is_normalized("NFC", word.group()):
            continue
        pieces.append(text[pos:a])
        new_starts.extend(starts[pos:a])
        new_ends.extend(ends[pos:a])
        for c0, c1 in _clusters(text, starts, a, b):
            cluster = text[c0:c1]
            out = unicodedata.normalize("NFC", cluster)
            pieces.append(out)
            if out == cluster:
                new_starts.extend(starts[c0:c1])
                new_ends.extend(ends[c0:c1])
            else:
                new_starts.extend([starts[c0]] * len(out))
                new_ends.extend([ends[c1 - 1]] * len(out))
        pos = b
    pieces.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(pieces), new_starts, new_ends


def _clusters(text: str, starts: list[int], a: int, b: int) -> list[tuple[int, int]]:
    """Split ``text[a:b]`` where NFC of the whole equals NFC of the parts joined.

    A new cluster starts at a starter (also after decomposition) that does not
    compose with what precedes it and does not share a source range with it.
    """
    bounds: list[tuple[int, int]] = []
    c0 = a
    for i in range(a + 1, b):
        ch = text[i]
        if (
            starts[i] != starts[i - 1]
            and unicodedata.combining(ch) == 0
            and unicodedata.combining(unicodedata.normalize("NFD", ch)[0]) == 0
        ):
            left = unicodedata.normalize("NFC", text[c0:i])
            if unicodedata.normalize("NFC", text[c0:i + 1]) == left + unicodedata.normalize("NFC", ch):
                bounds.append((c0, i))
                c0 = i
    bounds.append((c0, b))
    return bounds
