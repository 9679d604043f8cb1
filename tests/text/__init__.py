"""Tests of :mod:`thaikg.text`; the real corpus, when present, lives in ``../shared`` beside the repository."""
from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus" / "thaigov"


def corpus_files() -> list[Path]:
    """The thaigov articles, sorted; empty when the shared corpus is not there."""
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
