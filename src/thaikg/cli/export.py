"""``thaikg export``: a graph or store in another RDF format, or as a network for Gephi/Cytoscape.

RDF formats go through :func:`thaikg.rdf.formats.serialize` (deterministic bytes,
JSON-LD with the project's context). GraphML and GEXF hold the entity network of
:func:`thaikg.network.project` (the one the HTML page and ``thaikg stats`` show):
entities as nodes, the contract's object properties between them as edges; NIF
mentions, sentences, reified statements and literals are left out.
"""
from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

import networkx as nx
from rdflib import Dataset

from ..errors import FormatError, InputError
from ..rdf.formats import FORMATS, SUFFIXES, format_name, serialize, write_atomic
from ..rdf.namespaces import article_iri
from . import register

#: Network formats, by suffix.
NETWORK_FORMATS = {".graphml": "graphml", ".gexf": "gexf"}


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="GRAPH|STORE", help="an RDF file, a folder of them, or an Oxigraph store folder")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="the file to write; its suffix gives the format (.trig .nq .ttl .nt .jsonld .rdf .graphml .gexf)")
    p.add_argument("--format", metavar="F",
                   help=f"override the suffix: {', '.join(FORMATS)}, graphml or gexf (or an alias such as ttl, nq)")
    p.add_argument("--article", metavar="ID", help="export only this article's named graph (its id or IRI)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def output_format(path: str | Path, fmt: str | None) -> str:
    """The format to write: ``fmt`` if given, else the one the suffix of ``path`` names."""
    if fmt:
        key = fmt.strip().lower()
        return key if key in NETWORK_FORMATS.values() else format_name(key)
    suffix = Path(path).suffix.lower()
    if suffix in NETWORK_FORMATS:
        return NETWORK_FORMATS[suffix]
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    raise FormatError(f"{path}: cannot tell the format from the suffix {suffix or '(none)'!r}; use one of "
                      f"{' '.join(sorted(set(SUFFIXES) | set(NETWORK_FORMATS)))} or --format")


def load(graph: str | Path, article: str | None = None) -> Dataset:
    """The dataset at ``graph`` (file, folder or store), or only ``article``'s named graph."""
    import pyoxigraph as ox

    from ..store import graph_names, read_source, store_to_dataset

    source = read_source(graph)  # literals as written (a store would canonicalise them)
    if article is None:
        return store_to_dataset(source)
    iri = article if article.startswith(("http://", "https://")) else str(article_iri(article))
    name = ox.NamedNode(iri)
    names = graph_names(source)
    if name not in names:
        known = [g.value.rsplit("/", 1)[-1] for g in names if isinstance(g, ox.NamedNode)]
        hint = f"; it has {', '.join(known[:5])}{' …' if len(known) > 5 else ''}" if known else ""
        raise InputError(str(graph), f"has no article {article!r}{hint}")
    return store_to_dataset(source, [name], default_graph=False)


def _scalar(value: object) -> str | int | float | bool:
    """A value GraphML/GEXF can hold: lists become one " | "-joined string."""
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return " | ".join(_scalar_text(v) for v in (sorted(value, key=str) if isinstance(value, (set, frozenset))
                                                    else value))
    return "" if value is None else str(value)


def _scalar_text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return " — ".join(str(v) for v in value)
    return str(value)


def network(ds: Dataset) -> nx.MultiDiGraph:
    """The entity network to write, flattened for GraphML/GEXF (which hold no lists).

    Nodes are keyed by IRI, with ``label`` (Thai, else English, else the IRI's tail),
    ``label_th``, ``label_en``, ``class``, ``wikidata``, ``alt_labels`` and ``articles``;
    edges carry ``property`` (the property's local name) and ``articles``.
    """
    from ..network import display_label, project

    projected = project(ds)
    out = nx.MultiDiGraph()
    for node, data in projected.nodes(data=True):
        label_th, label_en = data.get("label_th", ""), data.get("label_en", "")
        out.add_node(str(node), label=display_label(data, "th"), label_th=label_th, label_en=label_en,
                     **{"class": data.get("cls", "")}, wikidata=data.get("wikidata", ""),
                     alt_labels=_scalar(data.get("alt_labels", [])), articles=_scalar(data.get("articles", [])))
    for u, v, key, data in projected.edges(keys=True, data=True):
        prop = data.get("prop", key)
        out.add_edge(str(u), str(v), key=str(key), property=str(prop), label=str(prop),
                     articles=_scalar(data.get("articles", [])))
    return out


def network_bytes(G: nx.MultiDiGraph, fmt: str) -> bytes:
    """``G`` as GraphML or GEXF."""
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(G, buffer, encoding="utf-8", prettyprint=True)
    elif fmt == "gexf":
        nx.write_gexf(G, buffer, encoding="utf-8", prettyprint=True)
        # networkx stamps today's date: drop it so the same graph always gives the same bytes
        return re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)
    else:
        raise FormatError(f"unknown network format {fmt!r}; known: graphml, gexf")
    return buffer.getvalue()


def run(args: argparse.Namespace) -> int:
    fmt = output_format(args.output, args.format)  # before the load: a typo fails at once
    ds = load(args.graph, args.article)
    if fmt in NETWORK_FORMATS.values():
        G = network(ds)
        data = network_bytes(G, fmt)
        summary = f"{G.number_of_nodes()} entities, {G.number_of_edges()} links"
    else:
        from ..resources import jsonld_context

        data = serialize(ds, fmt, context=jsonld_context() if fmt == "json-ld" else None)
        summary = f"{len(ds)} triples"
    write_atomic(args.output, data)
    if not args.quiet:
        print(f"wrote {args.output} ({fmt}, {summary})", file=sys.stderr)
    return 0


register("export", "write a graph or store as another RDF format, or as GraphML/GEXF for network tools",
         configure, run)
