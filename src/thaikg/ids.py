"""Deterministic, safe identifiers: the same name gives the same IRI in every run.

Keys look like ``person/ชุตินทร_คงศักดิ์``: a class folder and a slug.  Slugs keep
Thai and Latin letters and digits, so IRIs stay readable; anything else becomes
``_``.  When that loses information (or the name is long), a short hash of the
exact normalised name is appended, so two different names never share an IRI.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

_UNSAFE = re.compile(r"[^0-9A-Za-z\u0E01-\u0E3A\u0E40-\u0E4E\u0E50-\u0E59\-]+")
_MAX = 60
#: How a hashed slug ends; a name that already ends so is hashed too, or ``abc-<hash of "abc_">``
#: (a name) and ``abc_`` would share an IRI.
_HASHED = re.compile(r"-[0-9a-f]{8}$")


def digest(text: str, n: int = 10) -> str:
    """A short, stable hex digest of ``text``."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def slug(name: str) -> str:
    """A readable IRI path segment for ``name`` that never collides with another name's."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    base = _UNSAFE.sub("_", name).strip("_")[:_MAX] or "x"
    if base != name.replace(" ", "_") or "_" in name or len(name) > _MAX or _HASHED.search(base):
        base = f"{base}-{digest(name, 8)}"
    return base


def key(folder: str, name: str) -> str:
    """An entity key: ``folder/slug(name)``."""
    return f"{folder}/{slug(name)}"
