"""Oxigraph stores: where thaikg graphs go to be queried, served, pushed and exported.

rdflib's SPARQL engine stalls beyond a few thousand triples (see FACTS.md), so
every query runs on a :class:`pyoxigraph.Store`: a persistent one in a folder
(``thaikg build --store DIR``), or an in-memory one loaded from RDF files.
Named graphs (one per article) are kept everywhere, so provenance survives.

An Oxigraph *store* canonicalises typed literals as it stores them (a
``"297"^^xsd:nonNegativeInteger`` comes back as ``"297"^^xsd:integer``, ``"018"`` as
``"18"``): equal for SPARQL, not byte for byte. So what must come out as it went
in (``thaikg export``, ``thaikg push``) reads RDF files with :func:`read_source`
into a :class:`pyoxigraph.Dataset`, which keeps every literal as written.
"""
from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from .errors import FormatError, InputError
from .graphio import load_dataset, rdf_files
from .rdf.formats import format_name, guess_format
from .rdf.namespaces import PREFIXES

__all__ = [
    "RDF_FORMATS",
    "fill_store",
    "graph_names",
    "is_store",
    "load_into_store",
    "open_graph_source",
    "open_store",
    "read_source",
    "source_quads",
    "store_to_dataset",
    "to_oxigraph",
    "to_rdflib",
]

#: thaikg's canonical format names (see :mod:`thaikg.rdf.formats`) -> Oxigraph's parsers.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}

Source = Dataset | Graph | str | Path | Iterable[str | Path]


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is an Oxigraph (RocksDB) store folder.

    Recognised by the files RocksDB always writes (``CURRENT``, ``MANIFEST-*``),
    so a folder of RDF files is never mistaken for a store or written into.
    """
    p = Path(path)
    return p.is_dir() and (p / "CURRENT").is_file() and any(p.glob("MANIFEST-*"))


def open_store(path: str | Path, *, read_only: bool = False) -> ox.Store:
    """The persistent store in folder ``path``, created when missing (unless ``read_only``).

    Refuses a folder that holds other files: RocksDB would scatter its own files
    among them.
    """
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InputError(str(p), "is a file, not an Oxigraph store folder")
    if p.is_dir() and not is_store(p) and any(p.iterdir()):
        raise InputError(str(p), "is a folder of other files, not an Oxigraph store (use an empty or new folder)")
    if read_only and not is_store(p):
        raise InputError(str(p), "is not an Oxigraph store")
    try:
        return ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
    except OSError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "lock" in reason.lower():
            reason = f"is in use by another process (a running server?): {reason}"
        raise InputError(str(p), reason) from None


def fill_store(location: str | Path, source: Source, *, fmt: str | None = None) -> int:
    """Load ``source`` into the persistent store at ``location`` and let go of it; return the quads read.

    For handing a store to another process (the Oxigraph server): pyoxigraph has
    no ``close()``, RocksDB's lock goes when the last reference to the store does.
    """
    existing = is_store(location)
    store = open_store(location)
    try:  # a new store is bulk-loaded; in an existing one each article's graph is replaced
        return load_into_store(source, store, replace=existing, fmt=fmt)
    finally:
        store.flush()
        del store
        gc.collect()


# -- term conversion -----------------------------------------------------------------------------

def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term equal to rdflib's ``term``."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        try:
            return ox.BlankNode(str(term))
        except ValueError:  # rdflib allows ids N-Triples does not: a stable stand-in
            return ox.BlankNode("b" + hashlib.sha1(str(term).encode("utf-8")).hexdigest()[:16])
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {type(term).__name__} {term!r} to an Oxigraph term")


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """The rdflib term equal to pyoxigraph's ``term``."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"cannot convert {type(term).__name__} {term!r} to an rdflib term")


class _Converter:
    """Caches converted IRIs: entity and property IRIs repeat thousands of times."""

    def __init__(self) -> None:
        self.iris: dict[str, ox.NamedNode] = {}

    def __call__(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, URIRef):
            node = self.iris.get(term)
            if node is None:
                node = self.iris[term] = ox.NamedNode(str(term))
            return node
        return to_oxigraph(term)


def _graph_quads(ds: Dataset | Graph) -> Iterator[tuple[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Quad]]]:
    """Each graph of ``ds`` as (Oxigraph graph name, its quads)."""
    conv = _Converter()
    graphs = ds.graphs() if isinstance(ds, Dataset) else [ds]
    for g in graphs:
        ident = g.identifier
        if not isinstance(ds, Dataset) or ident == DATASET_DEFAULT_GRAPH_ID:
            name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph = ox.DefaultGraph()
        else:
            name = conv(ident)  # type: ignore[assignment]
        quads = [ox.Quad(conv(s), conv(p), conv(o), name) for s, p, o in g.triples((None, None, None))]
        yield name, quads


# -- loading -------------------------------------------------------------------------------------

def _file_format(path: Path, fmt: str | None) -> tuple[str, ox.RdfFormat]:
    name = format_name(fmt) if fmt else guess_format(path)
    return name, RDF_FORMATS[name]


def _parse_file(path: Path, fmt: str | None) -> list[ox.Quad]:
    """All quads in one RDF file; triples files go to the default graph."""
    name, rdf_format = _file_format(path, fmt)
    try:
        return list(ox.parse(path=str(path), format=rdf_format))
    except (SyntaxError, ValueError, OSError) as exc:
        if name == "json-ld":  # contexts Oxigraph cannot resolve: let rdflib try
            return [q for _, quads in _graph_quads(load_dataset(path, name)) for q in quads]
        raise InputError(str(path), f"is not valid {name}: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


#: When a folder holds one graph in several formats (``thaikg build`` writes thaikg.trig, .ttl and
#: .jsonld side by side), the one read: named-graph formats first.
_PREFERENCE = ("trig", "nquads", "json-ld", "turtle", "nt", "xml")


def _as_files(source: str | Path | Iterable[str | Path]) -> list[Path]:
    if not isinstance(source, (str, Path)):
        return [f for item in source for f in _as_files(item)]
    files = rdf_files(source)
    if not files:
        raise InputError(str(source), "holds no RDF files")
    if len(files) == 1:
        return files
    best: dict[tuple[Path, str], Path] = {}
    for f in files:
        key = (f.parent, f.stem)
        if key not in best or _rank(f) < _rank(best[key]):
            best[key] = f
    return sorted(best.values())


def _rank(path: Path) -> int:
    try:
        return _PREFERENCE.index(guess_format(path))
    except (FormatError, ValueError):  # rdf_files keeps known suffixes only; rank anything else last
        return len(_PREFERENCE)


def load_into_store(source: Source, store: ox.Store, *, replace: bool = True, fmt: str | None = None) -> int:
    """Load an rdflib dataset/graph or RDF files into ``store``; return the number of quads read.

    Named graphs are kept. With ``replace`` (the default) each named graph in
    ``source`` first replaces the store's graph of the same name, so loading an
    article again updates it instead of piling up stale triples; default-graph
    triples are always added. Without ``replace``, files are bulk-loaded as is
    (fastest; use on a fresh store).
    """
    if isinstance(source, (Dataset, Graph)):
        total = 0
        for name, quads in _graph_quads(source):
            if replace and not isinstance(name, ox.DefaultGraph):
                store.remove_graph(name)
            store.extend(quads)
            total += len(quads)
        return total
    total = 0
    for path in _as_files(source):
        if not replace:
            name, rdf_format = _file_format(path, fmt)
            before = len(store)
            try:
                store.bulk_load(path=str(path), format=rdf_format)
            except (SyntaxError, ValueError, OSError) as exc:
                if name != "json-ld":  # JSON-LD falls through to the rdflib fallback of _parse_file
                    raise InputError(str(path), f"is not valid {name}: {_first_line(exc)}") from None
            else:
                total += len(store) - before
                continue
        quads = _parse_file(path, fmt)
        if replace:
            for graph in {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}:
                store.remove_graph(graph)
        store.extend(quads)
        total += len(quads)
    return total


def open_graph_source(path: str | Path, *, fmt: str | None = None) -> ox.Store:
    """A queryable store for ``path``: an Oxigraph store folder (opened read-only), or an
    RDF file or folder of RDF files loaded into a fresh in-memory store.

    This is how ``thaikg query``, ``export``, ``serve`` and ``push`` read their GRAPH argument.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "does not exist")
    if is_store(p):
        return open_store(p, read_only=True)
    store = ox.Store()
    load_into_store(p, store, replace=False, fmt=fmt)
    return store


# -- reading back --------------------------------------------------------------------------------

#: Something that holds quads: a store, or a dataset read from files as written.
QuadSource = ox.Store | ox.Dataset


def read_source(path: str | Path, *, fmt: str | None = None) -> QuadSource:
    """The quads at ``path`` exactly as written: an RDF file or folder parsed into a
    :class:`pyoxigraph.Dataset`, or an Oxigraph store folder opened read-only.

    For copying a graph elsewhere (export, push); to query, use :func:`open_graph_source`.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "does not exist")
    if is_store(p):
        return open_store(p, read_only=True)
    ds = ox.Dataset()
    for f in _as_files(p):
        for quad in _parse_file(f, fmt):
            ds.add(quad)
    return ds


def graph_names(source: QuadSource) -> list[ox.NamedNode | ox.BlankNode]:
    """The named graphs of a store or dataset, sorted by name (deterministic output and push order)."""
    if isinstance(source, ox.Store):
        names = set(source.named_graphs())
    else:
        names = {q.graph_name for q in source if not isinstance(q.graph_name, ox.DefaultGraph)}
    return sorted(names, key=str)


def source_quads(source: QuadSource, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
    """The quads of one graph (a name or :class:`pyoxigraph.DefaultGraph`) of a store or dataset."""
    if isinstance(source, ox.Store):
        return iter(source.quads_for_pattern(None, None, None, graph))
    return iter(source.quads_for_graph_name(graph))


def store_to_dataset(source: QuadSource, graphs: Iterable[ox.NamedNode | ox.BlankNode] | None = None,
                     *, default_graph: bool = True) -> Dataset:
    """An rdflib Dataset of the graphs of a store or dataset (all, or those in ``graphs``), prefixes bound.

    For serialisers and networkx projections that speak rdflib.
    """
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    iri_cache: dict[str, URIRef] = {}

    def conv(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        if isinstance(term, ox.NamedNode):
            node = iri_cache.get(term.value)
            if node is None:
                node = iri_cache[term.value] = URIRef(term.value)
            return node
        return to_rdflib(term)

    selected = graph_names(source) if graphs is None else list(graphs)
    for name in selected:
        g = ds.graph(conv(name))
        for q in source_quads(source, name):
            g.add((conv(q.subject), conv(q.predicate), conv(q.object)))
    if default_graph:
        for q in source_quads(source, ox.DefaultGraph()):
            ds.default_graph.add((conv(q.subject), conv(q.predicate), conv(q.object)))
    return ds
