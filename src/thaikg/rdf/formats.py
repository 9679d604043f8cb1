"""RDF formats by the names users know, guessed from file suffixes, written
deterministically and atomically.

rdflib's own N-Triples/N-Quads and JSON-LD output follows hash order, which
changes between processes; here line formats are sorted and JSON-LD is
canonicalised, so the same graph always gives the same bytes.
"""
from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.plugins.serializers.trig import TrigSerializer

from ..errors import FormatError
from ..tempfiles import temp_beside

#: Canonical format name -> (suffix, keeps named graphs)
FORMATS: dict[str, tuple[str, bool]] = {
    "turtle": (".ttl", False),
    "nt": (".nt", False),
    "nquads": (".nq", True),
    "trig": (".trig", True),
    "json-ld": (".jsonld", True),
    "xml": (".rdf", False),
}

ALIASES: dict[str, str] = {
    "ttl": "turtle", "n3": "turtle", "ntriples": "nt", "n-triples": "nt", "nt11": "nt",
    "nq": "nquads", "n-quads": "nquads", "jsonld": "json-ld", "json": "json-ld",
    "rdf": "xml", "rdfxml": "xml", "rdf/xml": "xml", "pretty-xml": "xml", "owl": "xml",
}

SUFFIXES: dict[str, str] = {suffix: name for name, (suffix, _) in FORMATS.items()} | {
    ".n3": "turtle", ".json": "json-ld", ".xml": "xml", ".owl": "xml", ".ntriples": "nt", ".nquads": "nquads",
}


def format_name(name: str) -> str:
    """The canonical name of the format called ``name`` (``ttl`` -> ``turtle``)."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        known = ", ".join(sorted(set(FORMATS) | set(ALIASES)))
        raise FormatError(f"unknown RDF format {name!r}; known: {known}")
    return key


def guess_format(path: str | Path) -> str:
    """The format a file's suffix names, e.g. ``graph.trig`` -> ``trig``."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        known = " ".join(sorted(SUFFIXES))
        raise FormatError(f"{path}: cannot tell the RDF format from the suffix {suffix or '(none)'!r}; "
                          f"use one of {known} or --format")
    return SUFFIXES[suffix]


def serialize(ds: Dataset, fmt: str, *, context: dict | None = None) -> bytes:
    """``ds`` in format ``fmt``, byte-identical for equal graphs.

    Formats without named graphs get the union of all graphs.
    """
    fmt = format_name(fmt)
    graph: Graph | Dataset = ds if FORMATS[fmt][1] else _union(ds)
    if fmt in ("nt", "nquads"):
        text = graph.serialize(format="nt" if fmt == "nt" else "nquads")
        # split at "\n" only: str.splitlines() also cuts at \x0b \x0c \x1c-\x1e \x85 \u2028 \u2029,
        # which N-Triples leaves unescaped inside literals (the original text keeps them)
        lines = sorted({line for line in text.split("\n") if line.strip()})
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    if fmt == "json-ld":
        text = graph.serialize(format="json-ld", context=context, auto_compact=True) if context else \
            graph.serialize(format="json-ld")
        return (json.dumps(_canonical_json(json.loads(text)), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "trig":
        return _trig(graph)
    return graph.serialize(format="pretty-xml" if fmt == "xml" else fmt, encoding="utf-8")


def _trig(ds: Dataset) -> bytes:
    """TriG with the named graphs in IRI order (rdflib follows its store's set order)."""
    serializer = TrigSerializer(ds)
    serializer.contexts.sort(key=lambda g: str(g.identifier))
    buffer = io.BytesIO()
    serializer.serialize(buffer, encoding="utf-8")
    return buffer.getvalue()


def _union(ds: Dataset) -> Graph:
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=True)
    for ctx in ds.contexts():
        for triple in ctx.triples((None, None, None)):
            g.add(triple)
    return g


def _canonical_json(value: object) -> object:
    """Sort JSON-LD arrays and keys so output does not depend on hash order."""
    if isinstance(value, dict):
        return {k: _canonical_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def write_atomic(path: str | Path, data: bytes | Callable[[], bytes]) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A crash or error mid-way leaves any earlier file at ``path`` untouched (and the
    temporary file of a killed writer goes at the next write, :mod:`thaikg.tempfiles`).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data() if callable(data) else data
    tmp = temp_beside(path)
    try:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared and served
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
