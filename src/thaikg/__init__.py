"""thaikg: a knowledge graph of Thai foreign-affairs and government news."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .builder import BuildResult

__version__ = "0.1.0"


def build(paths: Iterable[str | Path] | None = None, **options: Any) -> BuildResult:
    """Build the graph of the articles at ``paths`` (the bundled sample when ``None``).

    A thin alias of :func:`thaikg.builder.build`, imported lazily so ``import thaikg`` stays fast.
    """
    from .builder import build as _build

    return _build(paths, **options)
