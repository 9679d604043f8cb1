"""The graph as a network of entities: the one projection every drawing and export uses.

RDF keeps far more than a reader wants to see (NIF strings, reified statements,
article nodes, literals).  :func:`project` keeps the entities as nodes and the
contract's object properties between them as edges, and folds everything else
that helps a reader (labels, Wikidata link, source sentences) into node
attributes, so the HTML page, ``thaikg stats`` and GraphML/GEXF export all
show the same network.
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from .rdf.namespaces import ID, ITSRDF, NIF, TKG, WD

__all__ = [
    "ACTOR_CLASSES",
    "FALLBACK_CLASS",
    "class_depths",
    "communities",
    "ego",
    "find_node",
    "project",
    "stats",
    "subclasses",
    "top_nodes",
]

#: ``cls`` of an entity that is linked to but carries no tkg class in the graph.
FALLBACK_CLASS = "Thing"

#: Classes whose members act (meet, speak, give): "most connected actors" in :func:`stats`.
ACTOR_CLASSES = ("Person", "Organization", "GovernmentOrganization", "InternationalOrganization", "Country")

#: tkg properties with an IRI object that are provenance, not relations between entities.
_NOT_EDGES = frozenset({TKG.mentionedIn, TKG.sourceSentence})

_ARTICLE_PREFIX = str(ID) + "article/"
_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")

#: Used when the ontology file cannot be read: the contract's class tree.
_FALLBACK_PARENTS = {
    "GovernmentOrganization": ("Organization",), "InternationalOrganization": ("Organization",),
    "Country": ("Place",), "Meeting": ("Event",),
}


# --------------------------------------------------------------------------- ontology helpers


@functools.cache
def _ontology() -> Graph:
    """The ontology, or an empty graph when it cannot be read (drawing must not fail on it)."""
    from . import resources

    try:
        return resources.ontology_graph()
    except (OSError, ValueError):  # e.g. the topic scheme is missing: the class tree is in thaikg.ttl
        try:
            return Graph().parse(resources.ontology_dir() / resources.ONTOLOGY_FILE, format="turtle")
        except (OSError, ValueError):
            return Graph()


@functools.cache
def _parents() -> dict[str, tuple[str, ...]]:
    """tkg class -> its direct tkg superclasses."""
    g = _ontology()
    parents: dict[str, set[str]] = defaultdict(set)
    for sub, sup in g.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sub.startswith(TKG) and sup.startswith(TKG):
            parents[sub[len(TKG):]].add(sup[len(TKG):])
    for cls in g.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and cls.startswith(TKG):
            parents.setdefault(cls[len(TKG):], set())
    if not parents:
        return dict(_FALLBACK_PARENTS)
    return {cls: tuple(sorted(sups)) for cls, sups in parents.items()}


@functools.cache
def class_depths() -> dict[str, int]:
    """How deep each tkg class sits in the class tree (a root is 1): deeper is more specific."""
    parents = _parents()

    def depth(cls: str, seen: frozenset[str] = frozenset()) -> int:
        ups = [p for p in parents.get(cls, ()) if p not in seen]
        return 1 + max((depth(p, seen | {cls}) for p in ups), default=0)

    return {cls: depth(cls) for cls in parents}


def subclasses(cls: str) -> set[str]:
    """``cls`` and every tkg class below it (``Organization`` -> also government and international ones)."""
    parents = _parents()
    out = {cls}
    changed = True
    while changed:
        changed = False
        for sub, sups in parents.items():
            if sub not in out and any(s in out for s in sups):
                out.add(sub)
                changed = True
    return out


def _most_specific(classes: Iterable[str]) -> str:
    depths = class_depths()
    ranked = sorted(classes, key=lambda c: (-depths.get(c, 1), c))
    return ranked[0] if ranked else FALLBACK_CLASS


# --------------------------------------------------------------------------- projection


def _quads(ds: Dataset | Graph) -> Iterator[tuple[Node, Node, Node, Node | None]]:
    """Every triple with the name of the graph it sits in (``None`` for a plain graph)."""
    if isinstance(ds, ConjunctiveGraph):  # Dataset too; its default graph may not be the union
        for s, p, o, c in ds.quads((None, None, None, None)):
            yield s, p, o, (c.identifier if isinstance(c, Graph) else c)
    else:
        for s, p, o in ds:
            yield s, p, o, None


def _is_article(node: Node) -> bool:
    return isinstance(node, URIRef) and node.startswith(_ARTICLE_PREFIX) and "#" not in node


def _article_id(node: Node) -> str:
    return str(node)[len(_ARTICLE_PREFIX):]


def _could_be_entity(node: Node) -> bool:
    """An IRI that may name an entity: not an article, nor a NIF string or reified statement inside one."""
    if not isinstance(node, URIRef) or node.startswith(TKG):
        return False
    return not (_is_article(node) or node.startswith(_ARTICLE_PREFIX))


def _lang(lit: Literal) -> str:
    if lit.language:
        return lit.language.lower().split("-")[0]
    return "th" if any("\u0e00" <= c <= "\u0e7f" for c in str(lit)) else "en"


def _wikidata(values: Iterable[Node]) -> str:
    """The Wikidata id (``Q869``) among ``owl:sameAs`` values, or ``""``; anything else is ignored."""
    ids = sorted(
        (str(v)[len(WD):] for v in values if isinstance(v, URIRef) and v.startswith(WD)
         and _WIKIDATA_ID.fullmatch(str(v)[len(WD):])),
        key=lambda q: (len(q), q),
    )
    return ids[0] if ids else ""


def project(ds: Dataset | Graph) -> nx.MultiDiGraph:
    """The entity network of a built graph.

    Nodes are keyed by entity IRI, with attributes ``iri``, ``cls`` (most
    specific tkg class, ``"Thing"`` if none), ``label_th``, ``label_en`` (``""``
    when missing), ``alt_labels`` (sorted list), ``wikidata`` (``"Q869"`` or
    ``""``), ``articles`` (sorted article ids) and ``mentions`` (list of
    ``(sentence text, article title)`` from the NIF mentions, in article and
    text order).  Edges run between entities for every tkg object property
    (key and ``prop`` = its local name, ``articles`` = the ids of the articles
    that state it).  ``G.graph["articles"]`` maps article id -> title.
    Nodes and edges are inserted in sorted order, so the result is the same
    for the same graph whatever rdflib's hash order.
    """
    types: dict[URIRef, set[str]] = defaultdict(set)
    labels: dict[URIRef, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    alts: dict[URIRef, set[str]] = defaultdict(set)
    same_as: dict[URIRef, set[Node]] = defaultdict(set)
    mentioned_in: dict[URIRef, set[str]] = defaultdict(set)
    relations: dict[tuple[URIRef, str, URIRef], set[str]] = defaultdict(set)
    titles: dict[str, set[str]] = defaultdict(set)
    articles: set[str] = set()
    # NIF: phrase -> entity / sentence / article; sentence -> text and start
    phrase_entity: dict[Node, set[URIRef]] = defaultdict(set)
    phrase_sentence: dict[Node, Node] = {}
    context_of: dict[Node, Node] = {}
    anchor: dict[Node, str] = {}
    begin: dict[Node, int] = {}
    sentences: set[Node] = set()

    for s, p, o, ctx in _quads(ds):
        if p == RDF.type:
            if o == TKG.Article:
                articles.add(_article_id(s))
            elif o == NIF.Sentence:
                sentences.add(s)
            elif isinstance(o, URIRef) and o.startswith(TKG) and isinstance(s, URIRef) and _could_be_entity(s):
                types[s].add(o[len(TKG):])
        elif p == RDFS.label and isinstance(o, Literal) and isinstance(s, URIRef):
            labels[s][_lang(o)].add(str(o))
        elif p == SKOS.altLabel and isinstance(o, Literal) and isinstance(s, URIRef):
            alts[s].add(str(o))
        elif p == OWL.sameAs and isinstance(s, URIRef):
            same_as[s].add(o)
        elif p == DCTERMS.title and _is_article(s):
            titles[_article_id(s)].add(str(o))
        elif p == ITSRDF.taIdentRef and isinstance(o, URIRef):
            phrase_entity[s].add(o)
            if ctx is not None and _is_article(ctx):
                context_of.setdefault(s, ctx)
        elif p == NIF.sentence:
            phrase_sentence[s] = o
        elif p == NIF.referenceContext:
            context_of[s] = o
        elif p == NIF.anchorOf:
            anchor[s] = str(o)
        elif p == NIF.beginIndex and isinstance(o, Literal):
            try:
                begin[s] = int(o)
            except (TypeError, ValueError):
                pass
        elif isinstance(p, URIRef) and p.startswith(TKG) and isinstance(s, URIRef):
            if p == TKG.mentionedIn and _is_article(o):
                mentioned_in[s].add(_article_id(o))
            elif p not in _NOT_EDGES and _could_be_entity(s) and _could_be_entity(o) and isinstance(o, URIRef):
                stated_in = _article_id(ctx) if ctx is not None and _is_article(ctx) else None
                bucket = relations[(s, p[len(TKG):], o)]
                if stated_in is not None:
                    bucket.add(stated_in)

    entities: set[URIRef] = {e for e, cs in types.items() if cs - {"Article"}}
    for s, _, o in relations:
        entities.update((s, o))

    title_of = {a: min(titles.get(a, ())) if titles.get(a) else "" for a in sorted(articles | set(titles))}

    mentions: dict[URIRef, set[tuple[str, int, str]]] = defaultdict(set)
    for phrase, ents in phrase_entity.items():
        sent = phrase_sentence.get(phrase)
        if sent is None or sent not in anchor:
            continue
        art = context_of.get(sent) or context_of.get(phrase)
        art_id = _article_id(art) if art is not None and _is_article(art) else ""
        for e in ents:
            mentions[e].add((art_id, begin.get(sent, 0), anchor[sent]))

    G = nx.MultiDiGraph()
    G.graph["articles"] = title_of
    for e in sorted(entities):
        by_lang = labels.get(e, {})
        th = sorted(by_lang.get("th", ()))
        en = sorted(by_lang.get("en", ()))
        others = sorted(v for lang, vs in by_lang.items() if lang not in ("th", "en") for v in vs)
        label_th, label_en = (th[0] if th else ""), (en[0] if en else "")
        alt_labels = sorted((alts.get(e, set()) | set(th[1:]) | set(en[1:]) | set(others)) - {label_th, label_en})
        node_mentions = [(text, title_of.get(art_id, "")) for art_id, _, text in sorted(mentions.get(e, ()))]
        G.add_node(
            str(e),
            iri=str(e),
            cls=_most_specific(types.get(e, set()) - {"Article"}),
            label_th=label_th,
            label_en=label_en,
            alt_labels=alt_labels,
            wikidata=_wikidata(same_as.get(e, ())),
            articles=sorted(mentioned_in.get(e, set()) | {a for a, _, _ in mentions.get(e, ()) if a}),
            mentions=node_mentions,
        )
    for (s, prop, o), stated in sorted(relations.items()):
        G.add_edge(str(s), str(o), key=prop, prop=prop, articles=sorted(stated))
    return G


# --------------------------------------------------------------------------- choosing parts


def _names(data: dict) -> list[str]:
    return [n for n in (data.get("label_th"), data.get("label_en"), *data.get("alt_labels", ())) if n]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def find_node(G: nx.MultiDiGraph, name: str) -> str | None:
    """The node called ``name``: its IRI, an exact label or alt label, else the one label containing it.

    Ties go to the best-connected node, then the smallest IRI, so the answer is stable.
    """
    if name in G:
        return name
    wanted = _norm(name)
    if not wanted:
        return None

    def best(candidates: Iterable[str]) -> str | None:
        ranked = sorted(candidates, key=lambda n: (-G.degree(n), n))
        return ranked[0] if ranked else None

    exact = best(n for n, d in G.nodes(data=True) if wanted in {_norm(x) for x in _names(d)})
    if exact is not None:
        return exact
    return best(n for n, d in G.nodes(data=True) if any(wanted in _norm(x) for x in _names(d)))


def ego(G: nx.MultiDiGraph, node: str, depth: int = 1) -> nx.MultiDiGraph:
    """``node`` and everything within ``depth`` links of it, whichever way the links point."""
    if node not in G:
        raise KeyError(node)
    return nx.ego_graph(G, node, radius=max(0, depth), undirected=True).copy()


def top_nodes(G: nx.MultiDiGraph, n: int) -> nx.MultiDiGraph:
    """The best-connected part of ``G`` with at most ``n`` nodes.

    Keeps the ``n`` nodes of highest degree (ties: the smaller IRI), so a
    page that must stay small shows the hubs and the links between them.
    """
    if n >= G.number_of_nodes():
        return G.copy()
    ranked = sorted(G.nodes, key=lambda v: (-G.degree(v), v))[: max(0, n)]
    sub = nx.MultiDiGraph(G.subgraph(ranked))
    sub.graph.update(G.graph)
    return sub


def _undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected graph in sorted order; parallel links add up as ``weight``."""
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    weights: Counter[tuple[str, str]] = Counter()
    for u, v in G.edges():
        if u != v:
            weights[(min(u, v), max(u, v))] += 1
    for (u, v), w in sorted(weights.items()):
        U.add_edge(u, v, weight=w)
    return U


def communities(G: nx.MultiDiGraph) -> list[set[str]]:
    """Groups of densely linked entities (greedy modularity on the undirected view).

    Largest first, ties by smallest member; isolated entities are groups of
    one.  The input is rebuilt in sorted order, so the answer is deterministic.
    """
    U = _undirected(G)
    if U.number_of_nodes() == 0:
        return []
    if U.number_of_edges() == 0:
        groups = [{v} for v in U.nodes]
    else:
        groups = [set(c) for c in nx.community.greedy_modularity_communities(U, weight="weight")]
    return sorted(groups, key=lambda c: (-len(c), min(c)))


def display_label(data: dict, lang: str = "th") -> str:
    """The name to show: the label in ``lang``, else the other one, else an alt label, else the IRI's tail."""
    first, second = ("label_en", "label_th") if lang == "en" else ("label_th", "label_en")
    for name in (data.get(first), data.get(second), *data.get("alt_labels", ())):
        if name:
            return str(name)
    return str(data.get("iri", "")).rstrip("/").rsplit("/", 1)[-1]


def stats(G: nx.MultiDiGraph, top: int = 10) -> dict:
    """Figures about the network: counts per class and property, the most connected actors, per article.

    Plain JSON-ready values, sorted, so ``thaikg stats --json`` is stable.
    """
    classes = Counter(d["cls"] for _, d in G.nodes(data=True))
    props = Counter(d.get("prop", k) for _, _, k, d in G.edges(keys=True, data=True))
    actors = [n for n, d in G.nodes(data=True) if d["cls"] in ACTOR_CLASSES]
    ranked = sorted(actors, key=lambda n: (-G.degree(n), n))[:top]
    titles: dict[str, str] = G.graph.get("articles", {})
    per_entities: Counter[str] = Counter()
    for _, d in G.nodes(data=True):
        per_entities.update(d.get("articles", ()))
    per_edges: Counter[str] = Counter()
    for _, _, d in G.edges(data=True):
        per_edges.update(d.get("articles", ()))
    ids = sorted(set(titles) | set(per_entities) | set(per_edges))
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "articles": len(ids),
        "isolated": sum(1 for n in G.nodes if G.degree(n) == 0),
        "components": nx.number_weakly_connected_components(G) if G.number_of_nodes() else 0,
        "classes": dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
        "properties": dict(sorted(props.items(), key=lambda kv: (-kv[1], kv[0]))),
        "top_actors": [
            {"iri": n, "label": display_label(G.nodes[n]), "cls": G.nodes[n]["cls"], "degree": G.degree(n)}
            for n in ranked
        ],
        "per_article": [
            {"id": a, "title": titles.get(a, ""), "entities": per_entities.get(a, 0), "edges": per_edges.get(a, 0)}
            for a in ids
        ],
    }
