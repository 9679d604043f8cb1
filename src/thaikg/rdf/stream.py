"""One article's RDF as compact text, and a TriG writer that assembles a corpus from it.

Building an rdflib graph per article costs more than extracting the article
(rdflib's ``Graph.add`` keeps three indexes), and serialising a whole corpus
through rdflib needs all of it in memory at once.  So a worker turns a finished
:class:`~thaikg.document.Document` straight into an :class:`ArticleRDF`: its
named graph as sorted N-Quads lines (for stores and caches) and as ready-made
Turtle statements (for TriG), plus the few counts the TriG layout depends on.
:func:`write_trig` then streams any number of them to one TriG file, holding one
article at a time.

The TriG bytes are exactly rdflib's (``thaikg.rdf.formats.serialize(ds, "trig")``):
the statements are rendered with rdflib's own Turtle serializer methods, and the
one cross-article dependency of rdflib's layout, subjects ordered by how often
they have been referenced *so far* (its reference counts run on across named
graphs), is replayed in :func:`write_trig` with one counter per shared node
(entities, classes, Wikidata items), never per article-local node.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import BinaryIO

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer

from ..document import Document
from .convert import document_triples, new_dataset

__all__ = ["ArticleRDF", "article_rdf", "nt_term", "write_trig", "trig_prefixes"]

#: rdflib's predicate order inside a subject's block: these first, then the rest sorted.
_FIRST_KEYS = (str(RDF.type), str(RDFS.label))
_TYPE = str(RDF.type)


@dataclass
class ArticleRDF:
    """One article's named graph in the forms the writers need, plus its counts.

    ``statements`` are ``(subject IRI, references within the article, shared, Turtle text)``:
    the text runs from the subject to the last object, without the final `` .``;
    ``shared`` marks subjects that other articles may also describe (entities),
    whose position rdflib decides with references counted across articles, which
    ``shared_refs`` carries (every shared node: objects, plus one per subject).
    """

    id: str
    iri: str
    nquads: str
    statements: list[tuple[str, int, bool, str]]
    shared_refs: dict[str, int]
    prefixes: dict[str, str]
    triples: int
    entities: list[str] = field(default_factory=list)
    facts: int = 0
    mentions: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ArticleRDF:
        data = json.loads(text)
        data["statements"] = [tuple(s) for s in data["statements"]]
        return cls(**data)

    def summary(self) -> dict:
        """The counts kept in a build manifest."""
        return {"triples": self.triples, "entities": len(self.entities), "facts": self.facts,
                "mentions": self.mentions}


# -- terms -----------------------------------------------------------------------------------------

def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def nt_term(term: object) -> str:
    """``term`` in N-Triples/N-Quads syntax (UTF-8, the escapes the grammar requires)."""
    if isinstance(term, Literal):
        body = f'"{_escape(str(term))}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None:
            return f"{body}^^<{term.datatype}>"
        return body
    if isinstance(term, URIRef):
        return f"<{term}>"
    return term.n3()  # type: ignore[attr-defined]


class _Renderer:
    """rdflib's Turtle labels for terms, remembering which prefixes each one used.

    One per process: labels of shared IRIs (classes, properties, entities) are
    cached; article-local IRIs never get a prefixed name (checked on creation).
    """

    def __init__(self) -> None:
        self.ds = new_dataset()
        self.ser = TurtleSerializer(self.ds)
        self.ser.reset()
        self.cache: dict[tuple[str, bool], tuple[str, tuple[tuple[str, str], ...]]] = {}
        self.used: dict[str, str] = {}
        probe = "https://w3id.org/thaikg/id/article/probe-1"
        self.local_is_plain = all(self._pname(URIRef(iri), False)[1] == () and
                                  self._pname(URIRef(iri), False)[0] == f"<{iri}>"
                                  for iri in (probe, f"{probe}#char=0,27", f"{probe}#fact-0123456789ab"))

    def _pname(self, node: URIRef, verb: bool) -> tuple[str, tuple[tuple[str, str], ...]]:
        self.ser.namespaces = {}
        label = self.ser.get_pname(node, verb) or node.n3()
        return label, tuple((k, str(v)) for k, v in self.ser.namespaces.items())

    def iri(self, node: str, verb: bool = False) -> str:
        key = (str.__str__(node), verb)  # a plain str key: rdflib's terms hash and compare slowly
        hit = self.cache.get(key)
        if hit is None:
            hit = self.cache[key] = self._pname(URIRef(node), verb)
        for prefix, ns in hit[1]:
            self.used[prefix] = ns
        return hit[0]

    def local(self, node: URIRef) -> str:
        if self.local_is_plain:
            return f"<{node}>"
        label, used = self._pname(node, False)
        self.used.update(used)
        return label

    def literal(self, lit: Literal) -> str:
        return lit._literal_n3(use_plain=True, qname_callback=lambda dt: self.iri(dt))


_RENDERER: _Renderer | None = None


def _renderer() -> _Renderer:
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = _Renderer()
    return _RENDERER


# -- one article -----------------------------------------------------------------------------------

def article_rdf(doc: Document) -> ArticleRDF:
    """``doc``'s named graph (as :func:`thaikg.rdf.convert.add_document` makes it) in compact form."""
    art, collected = document_triples(doc)
    art_key = str(art)
    local_prefix = art_key + "#"
    graph = f" <{art_key}> ."
    r = _renderer()
    r.used = {}
    # Terms are keyed by plain strings (rdflib's terms hash and compare in Python, slowly):
    # an IRI by itself, a literal by its N-Triples form, which starts with a quote.
    literals: dict[str, Literal] = {}
    seen: set[tuple[str, str, str]] = set()
    by_subject: dict[str, dict[str, list[str]]] = {}
    refs: dict[str, int] = defaultdict(int)
    for s, p, o in collected:
        if type(o) is URIRef or isinstance(o, URIRef):
            ok = str(o)
        else:
            ok = nt_term(o)
            if ok not in literals:
                literals[ok] = o
        key = (str(s), str(p), ok)
        if key in seen:
            continue
        seen.add(key)
        refs[ok] += 1
        props = by_subject.get(key[0])
        if props is None:
            props = by_subject[key[0]] = {}
        objects = props.get(key[1])
        if objects is None:
            props[key[1]] = [ok]
        else:
            objects.append(ok)
    lines = sorted(f"<{s}> <{p}> {o}{graph}" if o[0] == '"' else f"<{s}> <{p}> <{o}>{graph}" for s, p, o in seen)

    labels: dict[str, str] = {}

    def is_local(key: str) -> bool:
        return key == art_key or key.startswith(local_prefix)

    def label(key: str) -> str:
        text = labels.get(key)
        if text is None:
            if key[0] == '"':
                lit = literals[key]
                if lit.datatype is not None:
                    r.iri(lit.datatype)  # rdflib declares its prefix even for plain numbers
                text = r.literal(lit)
            elif is_local(key):
                text = r.local(URIRef(key))
            else:
                text = r.iri(key)
            labels[key] = text
        return text

    def term(key: str) -> URIRef | Literal:
        return literals[key] if key[0] == '"' else URIRef(key)

    r.local(art)  # the graph's own name
    shared_refs = {k: n for k, n in refs.items() if k[0] != '"' and not is_local(k)}
    statements = []
    for s, props in by_subject.items():
        order = [p for p in _FIRST_KEYS if p in props]
        order += sorted(p for p in props if p not in _FIRST_KEYS)
        chunks = []
        for p in order:
            objects = props[p]
            verb = "a" if p == _TYPE else r.iri(p, True)
            if len(objects) == 1:
                chunks.append(f"{verb} {label(objects[0])}")
            else:
                objects = sorted(objects, key=term)  # rdflib's order of terms
                chunks.append(f"{verb} " + ",\n            ".join(label(o) for o in objects))
        text = f"{label(s)} " + " ;\n        ".join(chunks)
        local = is_local(s)
        statements.append((s, refs.get(s, 0) + 1, not local, text))
        if not local:
            shared_refs[s] = shared_refs.get(s, 0) + 1
    statements.sort()
    mentions = sum(1 for m in doc.mentions if m.entity is not None and m.entity in doc.entities)
    return ArticleRDF(
        id=doc.id, iri=art_key, nquads="\n".join(lines) + "\n", statements=statements,
        shared_refs=dict(sorted(shared_refs.items())), prefixes=dict(sorted(r.used.items())), triples=len(seen),
        entities=sorted(doc.entities), facts=len(set(doc.facts)), mentions=mentions,
    )


# -- a corpus --------------------------------------------------------------------------------------

def trig_prefixes(prefix_sets: Iterable[dict[str, str]]) -> dict[str, str]:
    """The prefixes a TriG file of articles declares: every one any article uses."""
    merged: dict[str, str] = {}
    for prefixes in prefix_sets:
        merged.update(prefixes)
    return dict(sorted(merged.items()))


def write_trig(articles: Iterable[ArticleRDF], out: BinaryIO, prefixes: dict[str, str]) -> int:
    """Write ``articles`` (sorted by IRI, each at most once) as one TriG document; return the bytes written.

    ``prefixes`` is :func:`trig_prefixes` of the same articles (the header comes first,
    so the caller gathers it beforehand, e.g. from a manifest).
    """
    written = 0

    def emit(text: str) -> None:
        nonlocal written
        data = text.encode("utf-8", "replace")
        out.write(data)
        written += len(data)

    emit("".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(prefixes.items())))
    seen: dict[str, int] = defaultdict(int)  # rdflib's reference counts, run on across graphs
    for art in articles:
        for node, n in art.shared_refs.items():
            seen[node] += n
        ordered = sorted((seen[s] if shared else n, s, text) for s, n, shared, text in art.statements)
        emit(f"\n<{art.iri}> {{" + "".join(f"\n    {text} .\n" for _, _, text in ordered) + "}\n")
    emit("\n")
    return written
