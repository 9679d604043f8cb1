"""Check a thaikg graph against the SHACL shapes of ``ontology/shapes.ttl``.

Validation runs on the *union* of all named graphs (an entity's triples are
spread over the graphs of the articles that mention it) plus the ontology and
topic scheme, with RDFS inference so that subclasses count (a tkg:Country is
a tkg:Place) and results are readable lines naming the node by its label.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import RDF, RDFS, SH, SKOS, NamespaceManager
from rdflib.term import Node

from thaikg.resources import ontology_graph, shapes_graph

__all__ = ["PREFIXES", "ValidationReport", "Violation", "format_violation", "validate"]

PREFIXES: dict[str, str] = {
    "tkg": "https://w3id.org/thaikg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "sh": "http://www.w3.org/ns/shacl#",
}

_NIF_ANCHOR = URIRef(PREFIXES["nif"] + "anchorOf")
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Violation:
    """One SHACL result, flattened to strings so it can be printed, compared and serialised."""

    focus: str
    focus_label: str
    path: str
    severity: str
    message: str
    value: str | None = None
    shape: str | None = None


@dataclass
class ValidationReport:
    """Outcome of :func:`validate`; ``conforms`` ignores warnings and infos."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    @property
    def errors(self) -> list[Violation]:
        """Only the results of severity Violation (the ones that break conformance)."""
        return [v for v in self.violations if v.severity == "Violation"]

    def lines(self) -> list[str]:
        """Every result as one readable line."""
        return [format_violation(v) for v in self.violations]


def _namespace_manager() -> NamespaceManager:
    nm = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        nm.bind(prefix, iri, override=True, replace=True)
    return nm


def _union(data: Graph) -> Graph:
    """A fresh plain Graph with every triple of ``data``, named graphs merged.

    pySHACL validates each named graph of a Dataset separately; thaikg needs
    the union, and a private copy lets pySHACL infer in place.
    """
    merged = Graph()
    if isinstance(data, ConjunctiveGraph):  # Dataset is a ConjunctiveGraph subclass
        for s, p, o, _ in data.quads((None, None, None, None)):
            merged.add((s, p, o))
    else:
        for triple in data:
            merged.add(triple)
    return merged


def _relevant_ontology(ontology: Graph, data: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """The ontology triples validation needs: all axioms, but only the scheme concepts ``data`` uses.

    Concepts the data never mentions (and their broader chains) are left out,
    as are skos:altLabel values (search aids, most of the scheme's triples):
    RDFS inference time grows with every triple mixed in.
    """
    individuals = set(ontology.subjects(RDF.type, SKOS.Concept)) | set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    wanted = {n for n in individuals if (n, None, None) in data or (None, None, n) in data}
    frontier = list(wanted)
    while frontier:
        for o in ontology.objects(frontier.pop(), None):
            if o in individuals and o not in wanted:
                wanted.add(o)
                frontier.append(o)
    for s, p, o in ontology.triples((None, None, None)):
        if p == SKOS.altLabel or (s in individuals and s not in wanted):
            continue
        yield s, p, o


def _pick_literal(values: list[Literal], prefer: tuple[str | None, ...]) -> Literal | None:
    for lang in prefer:
        for value in values:
            if value.language == lang:
                return value
    return values[0] if values else None


def _label(graph: Graph, node: Node) -> str:
    """The node's name for humans: its rdfs:label (Thai, else English, else any), else skos:prefLabel, else the IRI."""
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, _NIF_ANCHOR):
        values = sorted((o for o in graph.objects(node, prop) if isinstance(o, Literal)), key=str)
        best = _pick_literal(values, ("th", "en", None))
        if best is not None:
            return str(best)
    return _node_str(node)


def _node_str(node: Node) -> str:
    return node.n3() if isinstance(node, BNode) else str(node)


def _render_path(path: Node | None, graphs: tuple[Graph, ...], nm: NamespaceManager) -> str:
    """SHACL property path in SPARQL-like compact syntax (``tkg:date``, ``^tkg:chair``, ``a|b``)."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return nm.normalizeUri(path)
    for g in graphs:
        for pred, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                          (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
            inner = g.value(path, pred)
            if inner is not None:
                return fmt.format(_render_path(inner, graphs, nm))
        alternatives = g.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(_render_path(p, graphs, nm) for p in Collection(g, alternatives)) + ")"
        if g.value(path, RDF.first) is not None:
            return "/".join(_render_path(p, graphs, nm) for p in Collection(g, path))
    return _node_str(path)


def _render_value(value: Node | None, nm: NamespaceManager) -> str | None:
    if value is None:
        return None
    if isinstance(value, Literal):
        return value.n3(nm)
    if isinstance(value, URIRef):
        return nm.normalizeUri(value)
    return _node_str(value)


def _message(results: Graph, result: Node, lang: str) -> str:
    messages = sorted((m for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)), key=str)
    best = _pick_literal(messages, (lang, "en", None))
    return str(best) if best is not None else ""


def validate(
    data: Graph | Dataset,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    *,
    lang: str = "en",
) -> ValidationReport:
    """Validate ``data`` (a Graph or a Dataset; named graphs are merged) against the thaikg shapes.

    ``shapes`` and ``ontology`` default to the packaged ``shapes.ttl`` and
    ``thaikg.ttl`` + ``topics.ttl``.  ``lang`` picks the language of the
    messages (``"en"`` or ``"th"``).  Warnings are reported but do not make
    the graph non-conforming.
    """
    shapes = shapes_graph() if shapes is None else shapes
    ontology = ontology_graph() if ontology is None else ontology
    working = _union(data)
    # Mixed in here rather than through pySHACL's ont_graph, which copies only
    # class and property axioms and would drop the topic scheme's tkg:Topic typing.
    for triple in list(_relevant_ontology(ontology, working)):
        working.add(triple)
    conforms, results, _text = pyshacl.validate(
        working,
        shacl_graph=shapes,
        inference="rdfs",
        advanced=True,
        inplace=True,
        allow_warnings=True,
        allow_infos=True,
    )
    nm = _namespace_manager()
    found: set[Violation] = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity = results.value(result, SH.resultSeverity)
        shape = results.value(result, SH.sourceShape)
        found.add(
            Violation(
                focus=_node_str(focus) if focus is not None else "",
                focus_label=_label(working, focus) if focus is not None else "",
                path=_render_path(results.value(result, SH.resultPath), (results, shapes), nm),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                message=_message(results, result, lang),
                value=_render_value(results.value(result, SH.value), nm),
                shape=nm.normalizeUri(shape) if isinstance(shape, URIRef) else None,
            )
        )
    ordered = sorted(found, key=lambda v: (_SEVERITY_ORDER.get(v.severity, 9), v.focus, v.path, v.message,
                                           v.value or ""))
    return ValidationReport(conforms=bool(conforms), violations=ordered)


def format_violation(v: Violation) -> str:
    """One line: severity, the node by label (and IRI), the path, the message and the offending value."""
    who = v.focus_label if v.focus_label == v.focus else f"{v.focus_label} <{v.focus}>"
    where = f" {v.path}" if v.path else ""
    value = f" (value: {v.value})" if v.value is not None else ""
    return f"{v.severity}: {who}{where}: {v.message}{value}"
