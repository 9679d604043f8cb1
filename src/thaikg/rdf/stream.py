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
from dataclasses import dataclass, field, fields
from typing import BinaryIO

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS
from rdflib.plugins.serializers.turtle import TurtleSerializer

from ..document import Document, Ref
from ..ids import digest
from .convert import _fact_sort_key, _literal, _safe_iri, lang_of, new_dataset
from .namespaces import ID, ITSRDF, NIF, TKG, WD, article_iri

__all__ = ["ArticleRDF", "article_rdf", "nt_term", "trig_prefixes", "write_trig"]

#: The fields of :class:`ArticleRDF` a record keeps outside its JSON head.
_LONG = ("nquads", "shared_nt", "statements")
#: rdflib's predicate order inside a subject's block: these first, then the rest sorted.
_FIRST_KEYS = (str(RDF.type), str(RDFS.label))


@dataclass
class ArticleRDF:
    """One article's named graph in the forms the writers need, plus its counts.

    The long texts are UTF-8 bytes, made once in the worker and written by the
    parent as they are. ``statements`` are ``(subject IRI, references within the
    article, shared, Turtle text)``:
    the text runs from the subject to the last object, without the final `` .``;
    ``shared`` marks subjects that other articles may also describe (entities),
    whose position rdflib decides with references counted across articles, which
    ``shared_refs`` carries (every shared node: objects, plus one per subject).
    ``shared_nt`` holds the N-Triples of the shared subjects, sorted: what a writer of
    the union graph must merge across articles (the rest it can copy as it is).
    """

    id: str
    iri: str
    nquads: bytes
    statements: list[tuple[str, int, bool, bytes]]
    shared_refs: dict[str, int]
    prefixes: dict[str, str]
    triples: int
    entities: list[str] = field(default_factory=list)
    facts: int = 0
    mentions: int = 0
    shared_nt: bytes = b""

    def to_bytes(self) -> bytes:
        """A compact file form: one line of JSON (everything but the long texts, which it
        measures), then the N-Quads, the shared N-Triples and the statement texts back to
        back, unescaped."""
        head = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _LONG}
        head["statements"] = [[s, n, shared] for s, n, shared, _ in self.statements]
        head["lengths"] = [len(self.nquads), len(self.shared_nt)] + [len(text) for *_, text in self.statements]
        return b"".join([json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), b"\n",
                         self.nquads, self.shared_nt, *(text for *_, text in self.statements)])

    @classmethod
    def from_bytes(cls, data: bytes) -> ArticleRDF:
        cut = data.index(b"\n")
        head = json.loads(data[:cut])
        lengths = head.pop("lengths")
        at = cut + 1
        pieces = []
        for n in lengths:
            pieces.append(data[at:at + n])
            at += n
        if at != len(data) or len(pieces) != len(head["statements"]) + 2:
            raise ValueError("truncated article record")
        head["nquads"], head["shared_nt"] = pieces[:2]
        head["statements"] = [(s, n, shared, t) for (s, n, shared), t in zip(head["statements"], pieces[2:])]
        return cls(**head)

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

    def literal(self, lit: Literal | tuple[str, str | None, str | None]) -> str:
        """rdflib's ``Literal._literal_n3(use_plain=True, ...)``, faster for the common kinds
        (given as ``(lexical form, language, datatype)``)."""
        if not isinstance(lit, Literal):
            value, lang, datatype = lit
            if datatype is None:
                encoded = _turtle_quote(value)
                return f"{encoded}@{lang}" if lang else encoded
            if datatype in _QUOTED_TYPES:
                self.iri(datatype)
                return f"{_turtle_quote(value)}^^{self.iri(datatype)}"
            lit = Literal(value, datatype=datatype)
        elif lit.datatype is not None:
            self.iri(lit.datatype)  # rdflib declares its prefix even for plain numbers
        datatype = lit.datatype
        if datatype is None:
            encoded = _turtle_quote(str(lit))
            return f"{encoded}@{lit.language}" if lit.language else encoded
        if str.__str__(datatype) in _QUOTED_TYPES:  # a plain str: a URIRef never equals one
            return f"{_turtle_quote(str(lit))}^^{self.iri(datatype)}"
        return lit._literal_n3(use_plain=True, qname_callback=lambda dt: self.iri(dt))


#: Datatypes rdflib writes as a quoted string with a datatype, never as a bare number.
_QUOTED_TYPES = frozenset({str(XSD.nonNegativeInteger), str(XSD.date), str(XSD.dateTime), str(XSD.anyURI)})


def _turtle_quote(text: str) -> str:
    """rdflib's ``Literal._quote_encode``: long strings in triple quotes, short ones escaped."""
    if "\n" in text:
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + "\\" + '"'
        return '"""' + encoded.replace("\r", "\\r") + '"""'
    return '"' + text.replace("\n", "\\n").replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r") + '"'


_RENDERER: _Renderer | None = None


def _renderer() -> _Renderer:
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = _Renderer()
    return _RENDERER


# -- one article -----------------------------------------------------------------------------------

class _Triples:
    """The distinct triples of one article keyed by plain strings: an IRI by itself, a literal by
    its N-Triples form (which starts with a quote), grouped by subject and predicate."""

    __slots__ = ("by_subject", "literals", "refs", "seen")

    def __init__(self) -> None:
        self.seen: set[tuple[str, str, str]] = set()
        self.by_subject: dict[str, dict[str, list[str]]] = {}
        self.refs: dict[str, int] = defaultdict(int)
        self.literals: dict[str, Literal | tuple[str, str | None, str | None]] = {}

    def add(self, s: str, p: str, o: str) -> None:
        key = (s, p, o)
        if key in self.seen:
            return
        self.seen.add(key)
        self.refs[o] += 1
        props = self.by_subject.get(s)
        if props is None:
            props = self.by_subject[s] = {}
        objects = props.get(p)
        if objects is None:
            props[p] = [o]
        else:
            objects.append(o)

    def text(self, value: str, lang: str | None = None, datatype: str | None = None) -> str:
        """The key of a string literal (with a language tag or a datatype whose lexical form it is)."""
        key = f'"{_escape(value)}"' + (f"@{lang}" if lang else f"^^<{datatype}>" if datatype else "")
        if key not in self.literals:
            self.literals[key] = (value, lang, datatype)
        return key

    def literal(self, lit: Literal) -> str:
        key = nt_term(lit)
        if key not in self.literals:
            self.literals[key] = lit
        return key


_TKG, _NIF, _ITS = str(TKG), str(NIF), str(ITSRDF)
_A, _LABEL, _ALT = str(RDF.type), str(RDFS.label), str(SKOS.altLabel)
_ARTICLE, _CONTEXT = _TKG + "Article", _NIF + "Context"
_IS_STRING, _ANCHOR, _BEGIN, _END, _REF_CONTEXT = (_NIF + n for n in
                                                   ("isString", "anchorOf", "beginIndex", "endIndex",
                                                    "referenceContext"))
_SENTENCE, _PHRASE, _IN_SENTENCE, _IDENT = _NIF + "Sentence", _NIF + "Phrase", _NIF + "sentence", _ITS + "taIdentRef"
_NNI, _INT = str(XSD.nonNegativeInteger), str(XSD.integer)
_STATEMENT, _SUBJ, _PRED, _OBJ = (str(RDF) + n for n in ("Statement", "subject", "predicate", "object"))
_DATES = ((str(DCTERMS.created), "created"), (str(DCTERMS.modified), "modified"), (str(DCTERMS.issued), "published"))


def _document_triples(doc: Document, art: str) -> _Triples:
    """The triples :func:`thaikg.rdf.convert.add_document` makes for ``doc``, as string keys.

    A mirror of :mod:`thaikg.rdf.convert` without rdflib terms (five times faster);
    ``tests/test_builder.py`` checks the two agree on real articles, so a change there
    must be made here too.
    """
    t = _Triples()
    add, text = t.add, t.text
    ident = str(ID)
    # the article
    add(art, _A, _ARTICLE)
    add(art, _A, _CONTEXT)
    add(art, _IS_STRING, text(doc.raw))
    if doc.title:
        add(art, str(DCTERMS.title), text(doc.title, lang_of(doc.title)))
    for prop, attr in _DATES:
        value = getattr(doc, attr)
        if value is not None:
            add(art, prop, t.literal(_literal(value)))
    if doc.views is not None:
        add(art, _TKG + "viewCount", t.literal(Literal(doc.views, datatype=XSD.integer)))
    if doc.url:
        add(art, str(DCTERMS.source), doc.url if _safe_iri(doc.url) else text(doc.url))
    # entities
    for e in doc.entities.values():
        node = ident + e.key
        add(node, _A, _TKG + e.cls)
        for extra in e.extra_types:
            add(node, _A, extra)
        for lang, name in e.labels.items():
            add(node, _LABEL, text(name, lang))
        preferred = set(e.labels.values())
        for alt in e.alt_labels - preferred:
            add(node, _ALT, text(alt, lang_of(alt)))
        if e.acronym:
            add(node, _TKG + "acronym", text(e.acronym))
        if e.same_as:
            add(node, str(OWL.sameAs), str(WD) + e.same_as)
        if "honorific" in e.attrs:
            add(node, _TKG + "honorific", text(e.attrs["honorific"]))
        add(node, _TKG + "mentionedIn", art)
    # sentences and mentions (NIF)
    raw = doc.raw
    sentence_iris = []
    for sent in doc.sentences:
        span = doc.raw_span(sent.start, sent.end)
        node = f"{art}#char={span.start},{span.end}"
        sentence_iris.append(node)
        add(node, _A, _SENTENCE)
        add(node, _ANCHOR, text(raw[span.start:span.end]))
        add(node, _BEGIN, text(str(span.start), datatype=_NNI))
        add(node, _END, text(str(span.end), datatype=_NNI))
        add(node, _REF_CONTEXT, art)
    for m in doc.mentions:
        if m.entity is None or m.entity not in doc.entities:
            continue
        span = doc.raw_span(m.start, m.end)
        node = f"{art}#char={span.start},{span.end}"
        add(node, _A, _PHRASE)
        add(node, _ANCHOR, text(raw[span.start:span.end]))
        add(node, _BEGIN, text(str(span.start), datatype=_NNI))
        add(node, _END, text(str(span.end), datatype=_NNI))
        add(node, _REF_CONTEXT, art)
        add(node, _IDENT, ident + m.entity)
        sent = doc.sentence_of(m.start)
        if sent is not None:
            add(node, _IN_SENTENCE, sentence_iris[sent])
    # facts, each with a reified statement pointing at its sentence
    for fact in sorted(set(doc.facts), key=_fact_sort_key):
        s, p = ident + fact.subject, _TKG + fact.predicate
        if isinstance(fact.object, Ref):
            o = ident + fact.object.key
            o_n3 = f"<{o}>"
        else:
            lit = _literal(fact.object)
            o, o_n3 = t.literal(lit), lit.n3()
        add(s, p, o)
        if fact.sentence is None:
            continue
        statement = f"{art}#fact-{digest(f'{s} {p} {o_n3} {fact.sentence}', 12)}"
        add(statement, _A, _STATEMENT)
        add(statement, _SUBJ, s)
        add(statement, _PRED, p)
        add(statement, _OBJ, o)
        add(statement, _TKG + "sourceSentence", sentence_iris[fact.sentence])
    return t


def article_rdf(doc: Document) -> ArticleRDF:
    """``doc``'s named graph (as :func:`thaikg.rdf.convert.add_document` makes it) in compact form."""
    art = str(article_iri(doc.id))
    t = _document_triples(doc, art)
    local_prefix = art + "#"
    graph = f" <{art}> ."
    r = _renderer()
    r.used = {}
    literals = t.literals
    lines = sorted(f"<{s}> <{p}> {o}{graph}" if o[0] == '"' else f"<{s}> <{p}> <{o}>{graph}" for s, p, o in t.seen)
    shared_nt = sorted(f"<{s}> <{p}> {o} .\n" if o[0] == '"' else f"<{s}> <{p}> <{o}> .\n" for s, p, o in t.seen
                       if s != art and not s.startswith(local_prefix))

    labels: dict[str, str] = {}

    def is_local(key: str) -> bool:
        return key == art or key.startswith(local_prefix)

    def label(key: str) -> str:
        text = labels.get(key)
        if text is None:
            if key[0] == '"':
                text = r.literal(literals[key])
            elif is_local(key):
                text = r.local(key)
            else:
                text = r.iri(key)
            labels[key] = text
        return text

    def term(key: str) -> URIRef | Literal:
        if key[0] != '"':
            return URIRef(key)
        lit = literals[key]
        return lit if isinstance(lit, Literal) else Literal(lit[0], lang=lit[1], datatype=lit[2])

    verbs: dict[str, str] = {}

    def verb(p: str) -> str:
        text = verbs.get(p)
        if text is None:
            text = verbs[p] = "a" if p == _A else r.iri(p, True)
        return text

    r.local(art)  # the graph's own name
    refs = t.refs
    shared_refs = {k: n for k, n in refs.items() if k[0] != '"' and not is_local(k)}
    statements = []
    for s, props in t.by_subject.items():
        if len(props) == 1:
            order = list(props)
        else:
            order = [p for p in _FIRST_KEYS if p in props]
            order += sorted(p for p in props if p not in _FIRST_KEYS)
        chunks = []
        for p in order:
            objects = props[p]
            if len(objects) == 1:
                chunks.append(f"{verb(p)} {label(objects[0])}")
            else:
                objects = sorted(objects, key=term)  # rdflib's order of terms
                chunks.append(f"{verb(p)} " + ",\n            ".join(label(o) for o in objects))
        text = (f"{label(s)} " + " ;\n        ".join(chunks)).encode("utf-8")
        local = is_local(s)
        statements.append((s, refs.get(s, 0) + 1, not local, text))
        if not local:
            shared_refs[s] = shared_refs.get(s, 0) + 1
    statements.sort()
    mentions = sum(1 for m in doc.mentions if m.entity is not None and m.entity in doc.entities)
    return ArticleRDF(
        id=doc.id, iri=art, nquads=("\n".join(lines) + "\n").encode("utf-8"), statements=statements,
        shared_refs=dict(sorted(shared_refs.items())), prefixes=dict(sorted(r.used.items())), triples=len(t.seen),
        entities=sorted(doc.entities), facts=len(set(doc.facts)), mentions=mentions,
        shared_nt="".join(shared_nt).encode("utf-8"),
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

    def emit(data: bytes) -> None:
        nonlocal written
        out.write(data)
        written += len(data)

    emit("".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(prefixes.items())).encode("utf-8"))
    seen: dict[str, int] = defaultdict(int)  # rdflib's reference counts, run on across graphs
    for art in articles:
        for node, n in art.shared_refs.items():
            seen[node] += n
        ordered = sorted((seen[s] if shared else n, s, text) for s, n, shared, text in art.statements)
        emit(b"".join([f"\n<{art.iri}> {{".encode(), *(b"\n    " + text + b" .\n" for _, _, text in ordered),
                       b"}\n"]))
    emit(b"\n")
    return written
