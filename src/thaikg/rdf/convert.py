"""Turn a finished :class:`~thaikg.document.Document` into its article's named graph.

Everything one article says goes into one named graph named by the article's
IRI: the article's metadata, each entity it mentions (type, labels,
``tkg:mentionedIn``), the facts, NIF 2.0 sentences and mentions with offsets
into the original text, and one reified statement per fact pointing at the
sentence it came from, so every fact leads back to its words.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from ..document import Document, Entity, Fact, Ref
from ..ids import digest
from .namespaces import ITSRDF, NIF, PREFIXES, TKG, WD, article_iri, entity_iri

#: Languages told apart by script: any Thai letter makes a label Thai.
_THAI = range(0x0E00, 0x0E80)


def lang_of(text: str) -> str:
    """``th`` for text with Thai letters, else ``en``."""
    return "th" if any(ord(c) in _THAI for c in text) else "en"


def new_dataset() -> Dataset:
    """An empty dataset with thaikg's prefixes bound; lookups see all named graphs at once."""
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds


def add_nquads(ds: Dataset, nquads: str | bytes) -> None:
    """Add N-Quads to ``ds``, parsed by Oxigraph: rdflib's own N-Quads parser takes time
    quadratic in a line's length (a 1.6 MB article text on one line: 13 s)."""
    import pyoxigraph as ox

    graphs: dict[str, Graph] = {}

    def term(node: object) -> URIRef | BNode | Literal:
        if isinstance(node, ox.NamedNode):
            return URIRef(node.value)
        if isinstance(node, ox.BlankNode):
            return BNode(node.value)
        assert isinstance(node, ox.Literal)
        if node.language:
            return Literal(node.value, lang=node.language)
        datatype = node.datatype.value
        return Literal(node.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))

    def quads() -> object:
        data = nquads.encode("utf-8") if isinstance(nquads, str) else nquads
        for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            name = q.graph_name
            key = name.value if isinstance(name, ox.NamedNode | ox.BlankNode) else ""
            g = graphs.get(key)
            if g is None:
                g = graphs[key] = ds.graph(term(name)) if key else ds.default_graph
            yield term(q.subject), term(q.predicate), term(q.object), g

    ds.addN(quads())


_XSD_STRING = str(XSD.string)


def _literal(value: object) -> Literal:
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, Decimal):
        return Literal(format(value.normalize(), "f"), datatype=XSD.decimal)
    return Literal(str(value))


def _object(value: object) -> URIRef | Literal:
    return entity_iri(value.key) if isinstance(value, Ref) else _literal(value)


def _char_iri(article: URIRef, start: int, end: int) -> URIRef:
    """An RFC 5147 style IRI of a text range, as NIF 2.0 names strings."""
    return URIRef(f"{article}#char={start},{end}")


def add_document(ds: Dataset, doc: Document) -> Graph:
    """Add ``doc``'s named graph to ``ds`` and return it."""
    art = article_iri(doc.id)
    g = ds.graph(art)
    _fill(g, art, doc)
    return g


class _TripleList(list):
    """Collects triples like a graph would, without a store's indexes (duplicates kept)."""

    add = list.append


def document_triples(doc: Document) -> tuple[URIRef, list[tuple]]:
    """The article IRI and the triples of ``doc``'s named graph, exactly as :func:`add_document`
    adds them but without building an rdflib graph (may hold duplicates: use a set)."""
    art = article_iri(doc.id)
    triples = _TripleList()
    _fill(triples, art, doc)  # type: ignore[arg-type]
    return art, triples


def _fill(g: Graph, art: URIRef, doc: Document) -> None:
    _add_article(g, art, doc)
    for entity in doc.entities.values():
        _add_entity(g, art, entity)
    sentence_iris = _add_sentences(g, art, doc)
    _add_mentions(g, art, doc, sentence_iris)
    for fact in sorted(set(doc.facts), key=_fact_sort_key):
        _add_fact(g, art, fact, sentence_iris)


def _add_article(g: Graph, art: URIRef, doc: Document) -> None:
    g.add((art, RDF.type, TKG.Article))
    g.add((art, RDF.type, NIF.Context))
    g.add((art, NIF.isString, Literal(doc.raw)))
    if doc.title:
        g.add((art, DCTERMS.title, Literal(doc.title, lang=lang_of(doc.title))))
    for prop, value in ((DCTERMS.created, doc.created), (DCTERMS.modified, doc.modified),
                        (DCTERMS.issued, doc.published)):
        if value is not None:
            g.add((art, prop, _literal(value)))
    if doc.views is not None:
        g.add((art, TKG.viewCount, Literal(doc.views, datatype=XSD.integer)))
    if doc.url:
        g.add((art, DCTERMS.source, URIRef(doc.url) if _safe_iri(doc.url) else Literal(doc.url)))


def _safe_iri(text: str) -> bool:
    if not text.startswith(("http://", "https://")) or any(c in text for c in ' <>"{}|\\^`\n\t'):
        return False
    import pyoxigraph

    try:  # RFC 3987 as strict parsers read it: no U+FFFD, C1 controls, bad %-escapes ...
        pyoxigraph.NamedNode(text)
    except ValueError:
        return False
    return True


def _add_entity(g: Graph, art: URIRef, e: Entity) -> None:
    node = entity_iri(e.key)
    g.add((node, RDF.type, TKG[e.cls]))
    for extra in e.extra_types:
        g.add((node, RDF.type, URIRef(extra)))
    for lang, label in e.labels.items():
        g.add((node, RDFS.label, Literal(label, lang=lang)))
    preferred = set(e.labels.values())
    for alt in e.alt_labels - preferred:
        g.add((node, SKOS.altLabel, Literal(alt, lang=lang_of(alt))))
    if e.acronym:
        g.add((node, TKG.acronym, Literal(e.acronym)))
    if e.same_as:
        g.add((node, OWL.sameAs, WD[e.same_as]))
    if "honorific" in e.attrs:
        g.add((node, TKG.honorific, Literal(e.attrs["honorific"])))
    g.add((node, TKG.mentionedIn, art))


def _add_sentences(g: Graph, art: URIRef, doc: Document) -> list[URIRef]:
    iris = []
    for s in doc.sentences:
        raw = doc.raw_span(s.start, s.end)
        node = _char_iri(art, raw.start, raw.end)
        iris.append(node)
        g.add((node, RDF.type, NIF.Sentence))
        g.add((node, NIF.anchorOf, Literal(doc.raw[raw.start:raw.end])))
        g.add((node, NIF.beginIndex, Literal(raw.start, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(raw.end, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.referenceContext, art))
    return iris


def _add_mentions(g: Graph, art: URIRef, doc: Document, sentence_iris: list[URIRef]) -> None:
    for m in doc.mentions:
        if m.entity is None or m.entity not in doc.entities:
            continue
        raw = doc.raw_span(m.start, m.end)
        node = _char_iri(art, raw.start, raw.end)
        g.add((node, RDF.type, NIF.Phrase))
        g.add((node, NIF.anchorOf, Literal(doc.raw[raw.start:raw.end])))
        g.add((node, NIF.beginIndex, Literal(raw.start, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(raw.end, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.referenceContext, art))
        g.add((node, ITSRDF.taIdentRef, entity_iri(m.entity)))
        sent = doc.sentence_of(m.start)
        if sent is not None:
            g.add((node, NIF.sentence, sentence_iris[sent]))


def _fact_sort_key(f: Fact) -> tuple[str, str, str, int]:
    return (f.subject, f.predicate, repr(f.object), -1 if f.sentence is None else f.sentence)


def _add_fact(g: Graph, art: URIRef, fact: Fact, sentence_iris: list[URIRef]) -> None:
    s, p, o = entity_iri(fact.subject), TKG[fact.predicate], _object(fact.object)
    g.add((s, p, o))
    if fact.sentence is None:
        return
    statement = URIRef(f"{art}#fact-{digest(f'{s} {p} {o.n3()} {fact.sentence}', 12)}")
    g.add((statement, RDF.type, RDF.Statement))
    g.add((statement, RDF.subject, s))
    g.add((statement, RDF.predicate, p))
    g.add((statement, RDF.object, o))
    g.add((statement, TKG.sourceSentence, sentence_iris[fact.sentence]))


__all__ = ["add_document", "document_triples", "lang_of", "new_dataset"]
