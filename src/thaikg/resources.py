"""Locate and load the project's ontology files (ontology, SHACL shapes, topic scheme, JSON-LD context).

The files live in the repository's top-level ``ontology/`` folder; the wheel
force-includes that folder as ``thaikg/ontology``, so one lookup serves both a
checkout and an installed package.
"""
from __future__ import annotations

import copy
import functools
import importlib.resources
import json
from pathlib import Path
from typing import Any

from rdflib import Graph

__all__ = [
    "CONTEXT_FILE",
    "ONTOLOGY_FILE",
    "SHAPES_FILE",
    "TOPICS_FILE",
    "jsonld_context",
    "ontology_dir",
    "ontology_graph",
    "shapes_graph",
    "topics_graph",
]

ONTOLOGY_FILE = "thaikg.ttl"
SHAPES_FILE = "shapes.ttl"
TOPICS_FILE = "topics.ttl"
CONTEXT_FILE = "context.jsonld"


def ontology_dir() -> Path:
    """The folder holding the ontology files: packaged copy first, else the checkout's ``ontology/``."""
    packaged = importlib.resources.files("thaikg") / "ontology"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "ontology"


def _parse(*names: str) -> Graph:
    graph = Graph()
    folder = ontology_dir()
    for name in names:
        graph.parse(folder / name, format="turtle")
    return graph


@functools.cache
def ontology_graph() -> Graph:
    """The OWL ontology plus the topic scheme, parsed once.

    Shared and cached: treat it as read-only (copy it before adding triples).
    """
    return _parse(ONTOLOGY_FILE, TOPICS_FILE)


@functools.cache
def topics_graph() -> Graph:
    """The SKOS topic scheme alone (for building gazetteers), parsed once; read-only."""
    return _parse(TOPICS_FILE)


@functools.cache
def shapes_graph() -> Graph:
    """The SHACL shapes, parsed once; read-only."""
    return _parse(SHAPES_FILE)


@functools.cache
def _context() -> dict[str, Any]:
    with open(ontology_dir() / CONTEXT_FILE, encoding="utf-8") as fh:
        document: dict[str, Any] = json.load(fh)
    return document["@context"]


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context object (the value of ``@context``), ready for ``Graph.serialize(context=...)``.

    Returns a fresh copy each time so callers may modify it.
    """
    return copy.deepcopy(_context())
