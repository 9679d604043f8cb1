"""Longest-match dictionary lookup over Thai and Latin text, with exact offsets.

Names are found with a character trie over a *folded* copy of the text (Thai
digits as Arabic, one kind of dash and quote, lower case) that keeps the text's
length, so every match's offsets are offsets into the original.  A match must
not cut a word: Latin names need non-letters around them, and a Thai match may
neither start with a dependent vowel or tone mark nor be followed by one.
"""
from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Hashable, Iterator
from dataclasses import dataclass

import ahocorasick

_THAI_DIGITS = {ord(c): ord("0") + i for i, c in enumerate("๐๑๒๓๔๕๖๗๘๙")}
_DASHES = {ord(c): ord("-") for c in "\u2010\u2011\u2012\u2013\u2014\u2212"}
_QUOTES = {ord(c): ord("'") for c in "\u2018\u2019\u02bc`´"}
_TABLE = _THAI_DIGITS | _DASHES | _QUOTES | {ord("\n"): ord(" "), ord("\t"): ord(" ")}

#: Thai characters that cannot begin a word (vowels written after or above a consonant, tone marks).
NO_WORD_START = frozenset("ะาำิีึืฺุูั็่้๊๋์ํๅ")
#: Thai characters that cannot follow the end of a word (they belong to the consonant before them).
NO_WORD_AFTER = frozenset("ะาำิีึืฺุูั็่้๊๋์ํๅ")
#: Thai vowels written before their consonant: a word never begins right after one (ที่ in เที่ยว).
LEADING_VOWELS = frozenset("เแโใไ")


def fold(text: str) -> str:
    """A same-length copy of ``text`` for matching: Thai digits, dashes, quotes, case unified."""
    out = text.translate(_TABLE)
    lowered = out.lower()
    if len(lowered) == len(out):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in out)


_FOLDED: dict[int, tuple[str, str]] = {}


def folded(text: str) -> str:
    """``fold(text)``, remembered for the few texts in use (every matcher asks about the same article)."""
    hit = _FOLDED.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    if len(_FOLDED) >= 16:
        _FOLDED.clear()
    result = fold(text)
    _FOLDED[id(text)] = (text, result)
    return result


def fold_key(text: str) -> str:
    """The key a dictionary entry is stored under: folded, NFC, single spaces."""
    return " ".join(fold(unicodedata.normalize("NFC", text)).split())


def _is_latin_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum() or ("\u00c0" <= c <= "\u024f")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    values: tuple[Hashable, ...]


class Matcher:
    """A trie of surface forms, each carrying one or more values."""

    def __init__(self, min_length: int = 2) -> None:
        self.min_length = min_length  # one-letter keys only where asked for (the cue ณ)
        self._root: dict = {}  # character trie: the longest match at one position
        self._keys: dict[str, list[Hashable]] = {}
        self._automaton: ahocorasick.Automaton | None = None  # Aho-Corasick: every match in one pass
        self._at: tuple[str | None, dict[int, Match], list[int]] = (None, {}, [])

    def _all_matches(self, text: str, start: int, end: int) -> dict[int, list[tuple[int, tuple[Hashable, ...]]]]:
        """Ends of every key occurrence inside ``text[start:end]``, by start position."""
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for key, values in self._keys.items():
                automaton.add_word(key, (len(key), tuple(values)))
            if self._keys:
                automaton.make_automaton()
            self._automaton = automaton
        by_start: dict[int, list[tuple[int, tuple[Hashable, ...]]]] = {}
        if not self._keys:
            return by_start
        # Search a slice: Automaton.iter(s, start, end) copies all of ``s`` on every call, which made
        # a call per paragraph quadratic in the article's length (a 100,000-line file took minutes).
        for last, (length, values) in self._automaton.iter(folded(text)[start:end]):
            by_start.setdefault(start + last + 1 - length, []).append((start + last + 1, values))
        return by_start

    def _best_at(self, text: str, i: int, ends: list[tuple[int, tuple[Hashable, ...]]]) -> Match | None:
        """The longest key at ``i`` that neither starts nor ends inside a word."""
        if not self._starts_word(text, i):
            return None
        for j, values in sorted(ends, key=lambda e: -e[0]):
            if self._ends_word(text, j):
                return Match(i, j, values)
        return None

    def add(self, surface: str, value: Hashable) -> None:
        key = fold_key(surface)
        if len(key) < self.min_length:
            return
        node = self._root
        for ch in key:
            node = node.setdefault(ch, {})
        values = node.setdefault(None, [])
        if value not in values:
            values.append(value)
        self._keys[key] = values
        self._automaton = None
        self._at = (None, {}, [])

    def __contains__(self, surface: str) -> bool:
        node = self._root
        for ch in fold_key(surface):
            node = node.get(ch)
            if node is None:
                return False
        return None in node

    def get(self, surface: str) -> tuple[Hashable, ...]:
        node = self._root
        for ch in fold_key(surface):
            node = node.get(ch)
            if node is None:
                return ()
        return tuple(node.get(None, ()))

    def find(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        """Non-overlapping longest matches in ``text[start:end]``, left to right."""
        i = -1
        for best in self.find_all(text, start, end):
            if best.start >= i:
                yield best
                i = best.end

    def find_all(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        """The longest match at every position in ``text[start:end]`` (matches may overlap and nest)."""
        end = len(text) if end is None else min(end, len(text))
        at, starts = self._index(text)
        for s in starts[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]:
            best = at[s]
            if best.end > end:
                best = self._longest(folded(text), text, s, end)  # the longest runs past ``end``
                if best is None:
                    continue
            yield best

    def _index(self, text: str) -> tuple[dict[int, Match], list[int]]:
        """The longest match at every position of the whole text, from one Aho-Corasick pass,
        remembered until the next text (stages ask about one article many times)."""
        cached, at, starts = self._at
        if cached is not text:
            by_start = self._all_matches(text, 0, len(text))
            at = {}
            for s in sorted(by_start):
                best = self._best_at(text, s, by_start[s])
                if best is not None:
                    at[s] = best
            starts = sorted(at)
            if len(text) >= 256:  # short strings (a name, a title) must not evict the article
                self._at = (text, at, starts)
        return at, starts

    def starts(self, text: str) -> list[int]:
        """Every position of ``text`` where :meth:`match_at` (with no ``end``) finds something, sorted."""
        return self._index(text)[1]

    def match_at(self, text: str, i: int, end: int | None = None) -> Match | None:
        """The longest match starting exactly at ``i``.

        Stages ask this at every character of an article, so the answers for the whole
        text come from one Aho-Corasick pass, remembered until the next text.
        """
        end = len(text) if end is None else min(end, len(text))
        if i >= end:
            return None
        at, _ = self._index(text)
        best = at.get(i)
        if best is None or best.end <= end:
            return best
        return self._longest(folded(text), text, i, end)  # the longest runs past ``end``: walk the trie

    def match_next(self, text: str, start: int, end: int | None = None) -> Match | None:
        """The first (longest) match at or after ``start``."""
        return next(self.find(text, start, end), None)

    def _longest(self, folded: str, text: str, i: int, end: int) -> Match | None:
        if folded[i] not in self._root or not self._starts_word(text, i):
            return None
        node = self._root
        best: Match | None = None
        j = i
        while j < end:
            ch = folded[j]
            if ch == " ":  # one space in a key stands for any run of white space
                nxt = node.get(" ")
                if nxt is None:
                    break
                while j < end and folded[j] == " ":
                    j += 1
                node = nxt
                continue
            node = node.get(ch)
            if node is None:
                break
            j += 1
            if None in node and self._ends_word(text, j):
                best = Match(i, j, tuple(node[None]))
        return best

    @staticmethod
    def _starts_word(text: str, i: int) -> bool:
        c = text[i]
        if c.isspace() or c in NO_WORD_START or (i > 0 and text[i - 1] in LEADING_VOWELS):
            return False
        return not (i > 0 and _is_latin_alnum(c) and _is_latin_alnum(text[i - 1]))

    @staticmethod
    def _ends_word(text: str, j: int) -> bool:
        if j >= len(text):
            return True
        c, prev = text[j], text[j - 1]
        if c in NO_WORD_AFTER:
            return False
        return not (_is_latin_alnum(c) and _is_latin_alnum(prev))
