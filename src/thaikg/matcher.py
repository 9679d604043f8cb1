"""Longest-match dictionary lookup over Thai and Latin text, with exact offsets.

Names are found with a character trie over a *folded* copy of the text (Thai
digits as Arabic, one kind of dash and quote, lower case) that keeps the text's
length, so every match's offsets are offsets into the original.  A match must
not cut a word: Latin names need non-letters around them, and a Thai match may
neither start with a dependent vowel or tone mark nor be followed by one.
"""
from __future__ import annotations

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

    def _all_matches(self, text: str, start: int, end: int) -> dict[int, list[int]]:
        """Ends of every key occurrence inside ``text[start:end]``, by start position."""
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for key in self._keys:
                automaton.add_word(key, len(key))
            if self._keys:
                automaton.make_automaton()
            self._automaton = automaton
        by_start: dict[int, list[int]] = {}
        if not self._keys:
            return by_start
        # Search a slice: Automaton.iter(s, start, end) copies all of ``s`` on every call, which made
        # a call per paragraph quadratic in the article's length (a 100,000-line file took minutes).
        for last, length in self._automaton.iter(folded(text)[start:end]):
            by_start.setdefault(start + last + 1 - length, []).append(start + last + 1)
        return by_start

    def _best_at(self, text: str, i: int, ends: list[int]) -> Match | None:
        """The longest key at ``i`` that neither starts nor ends inside a word."""
        if not self._starts_word(text, i):
            return None
        for j in sorted(ends, reverse=True):
            if self._ends_word(text, j):
                return Match(i, j, tuple(self._keys[fold(text[i:j])]))
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
        end = len(text) if end is None else min(end, len(text))
        by_start = self._all_matches(text, start, end)
        i = -1
        for s in sorted(by_start):
            if s < i:
                continue
            best = self._best_at(text, s, by_start[s])
            if best is not None:
                yield best
                i = best.end

    def find_all(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        """The longest match at every position (matches may overlap and nest)."""
        end = len(text) if end is None else min(end, len(text))
        by_start = self._all_matches(text, start, end)
        for s in sorted(by_start):
            best = self._best_at(text, s, by_start[s])
            if best is not None:
                yield best

    def match_at(self, text: str, i: int, end: int | None = None) -> Match | None:
        """The longest match starting exactly at ``i``."""
        end = len(text) if end is None else min(end, len(text))
        if i >= end:
            return None
        return self._longest(folded(text), text, i, end)

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
        if c.isspace() or c in NO_WORD_START:
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
