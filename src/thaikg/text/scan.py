"""Run an expensive pattern only near the cheap literals that every match contains.

A regex full of optional prefixes and lookbehinds is tried at every position of
the text; plain literal alternations (month names, currency names) are found by
the regex engine many times faster.  Matches are then searched only in ranges
around those literals, merged so that no range is scanned twice.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence


def windows(text: str, triggers: Sequence[re.Pattern[str]], before: int, after: int) -> list[tuple[int, int]]:
    """Merged ranges reaching ``before`` characters before and ``after`` after each trigger match."""
    hits = sorted(m.span() for trigger in triggers for m in trigger.finditer(text))
    out: list[tuple[int, int]] = []
    for start, end in hits:
        lo, hi = max(0, start - before), min(len(text), end + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def finditer_near(
    pattern: re.Pattern[str], text: str, triggers: Sequence[re.Pattern[str]], before: int, after: int
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, searched only in the :func:`windows` around ``triggers``."""
    for lo, hi in windows(text, triggers, before, after):
        yield from pattern.finditer(text, lo, hi)


def literals(words: Sequence[str], case_variants: bool = False) -> re.Pattern[str]:
    """A fast case-sensitive alternation of ``words`` (with their usual capitalisations if asked)."""
    if case_variants:
        words = sorted({v for w in words for v in (w, w.lower(), w.capitalize(), w.title(), w.upper())})
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
