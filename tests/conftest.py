"""Shared fixtures: the repository root, the bundled sample and one built sample dataset."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sample_build():
    """The bundled sample built once for the whole session (the build is deterministic)."""
    from thaikg.builder import build

    result = build()
    assert not result.failures, result.failures
    return result
