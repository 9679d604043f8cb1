"""Draw the entity network as one self-contained, offline HTML page.

The page inlines vis-network (read from the files the pyvis wheel ships) and
our own template, script and style; it loads nothing from the network, so it
works from a USB stick or an air-gapped desk.  All graph data goes in as JSON
inside ``<script type="application/json">`` with ``<``, ``>``, ``&`` and the
JavaScript line separators escaped, and the page's script builds every element
with ``textContent``: a hostile article title or entity name is shown as text,
never run.  The same graph always gives the same bytes (sorted data, no
timestamps, a seeded layout), so pages can be committed and diffed.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from .errors import ThaiKGError
from .network import FALLBACK_CLASS, _ontology, display_label, ego, find_node, project, subclasses, top_nodes
from .rdf.namespaces import TKG

__all__ = ["CLASS_STYLES", "LANGS", "LARGE_GRAPH", "Drawing", "draw", "page_data", "render_html", "select", "write_html"]

LANGS = ("th", "en")

#: From this many nodes on, the layout is computed once and physics then stops.
LARGE_GRAPH = 1000

#: Seed of vis-network's layout: the same graph is laid out the same way every time.
RANDOM_SEED = 20240101

#: Longest label drawn on the canvas; the panel and tooltip show the full name.
MAX_CANVAS_LABEL = 36

#: class -> (colour, vis-network shape, legend symbol).  Only shapes that draw
#: the label outside, so node size can show degree.
CLASS_STYLES: dict[str, tuple[str, str, str]] = {
    "Person": ("#e15759", "dot", "●"),
    "Country": ("#59a14f", "diamond", "◆"),
    "GovernmentOrganization": ("#2f5d8c", "square", "■"),
    "InternationalOrganization": ("#17becf", "hexagon", "⬢"),
    "Organization": ("#4e79a7", "square", "■"),
    "Position": ("#f28e2b", "triangleDown", "▼"),
    "Meeting": ("#9c6ade", "star", "★"),
    "Event": ("#b07aa1", "star", "★"),
    "Place": ("#8cd17d", "triangle", "▲"),
    "Programme": ("#9d7660", "square", "■"),
    "Topic": ("#edc948", "dot", "●"),
    "Contribution": ("#ff9da7", "diamond", "◆"),
    FALLBACK_CLASS: ("#9aa0a6", "dot", "●"),
}
_ORDER = list(CLASS_STYLES)

_LIB = ("pyvis", "templates/lib/vis-9.1.2")
_TEMPLATE = "viz.html"
_MARKER = re.compile(r"\{\{([A-Z_]+)\}\}")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")


# --------------------------------------------------------------------------- assets


def _read_text(package: str, relative: str) -> str:
    return (resources.files(package) / relative).read_text(encoding="utf-8")


@functools.cache
def _assets() -> dict[str, str]:
    """The template, our script/style and vis-network's, checked safe to inline."""
    try:
        vis_js = _read_text(_LIB[0], f"{_LIB[1]}/vis-network.min.js")
        vis_css = _read_text(_LIB[0], f"{_LIB[1]}/vis-network.css")
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover - pyvis is a dependency
        raise ThaiKGError(f"cannot draw the graph: vis-network not found in the pyvis package ({exc})") from None
    assets = {
        "template": _read_text("thaikg", f"templates/{_TEMPLATE}"),
        "app_js": _read_text("thaikg", "templates/viz.js"),
        "app_css": _read_text("thaikg", "templates/viz.css"),
        "vis_js": vis_js,
        "vis_css": vis_css,
    }
    for name in ("app_js", "vis_js"):
        text = assets[name].lower()
        if "</script" in text or "<!--" in text:  # would end or confuse the inline <script>
            raise ThaiKGError(f"cannot inline {name}: it contains </script or <!--")
    for name in ("app_css", "vis_css"):
        if "</style" in assets[name].lower():
            raise ThaiKGError(f"cannot inline {name}: it contains </style")
    return assets


@functools.cache
def _labels(kind: str, lang: str) -> dict[str, str]:
    """Local name -> rdfs:label in ``lang`` of the ontology's classes (``kind="class"``) or properties."""
    g = _ontology()
    out: dict[str, str] = {}
    for s, o in g.subject_objects(RDFS.label):
        if not (isinstance(s, URIRef) and s.startswith(TKG) and isinstance(o, Literal)):
            continue
        name = s[len(TKG):]
        if (kind == "class") != name[:1].isupper():
            continue
        if o.language == lang or (name not in out and o.language in (None, "en")):
            out[name] = str(o)
    return out


# --------------------------------------------------------------------------- choosing what to draw


def _article_key(article: str, G: nx.MultiDiGraph) -> str:
    known: dict[str, str] = G.graph.get("articles", {})
    tail = article.rstrip("/").rsplit("/article/", 1)[-1]
    if tail in known:
        return tail
    raise ThaiKGError(f"no article {article!r} in the graph" + (f"; e.g. {', '.join(sorted(known)[:5])}" if known else ""))


def _class_set(classes: str | list[str] | tuple[str, ...]) -> set[str]:
    names = [c.strip() for c in (classes.split(",") if isinstance(classes, str) else classes) if c.strip()]
    known = {c.casefold(): c for c in (*CLASS_STYLES, *_labels("class", "en")) if c != "Article"}
    wanted: set[str] = set()
    for name in names:
        local = name.rsplit("#", 1)[-1].rsplit(":", 1)[-1]
        if local.casefold() not in known:
            raise ThaiKGError(f"unknown class {name!r}; known: {', '.join(sorted(set(known.values())))}")
        wanted |= subclasses(known[local.casefold()])
    return wanted


def select(
    G: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    article: str | None = None,
    classes: str | list[str] | tuple[str, ...] | None = None,
    max_nodes: int | None = None,
) -> tuple[nx.MultiDiGraph, dict]:
    """The part of the network to draw, and what was chosen (for the page to say so).

    Order: one article's entities and links, then the classes asked for
    (with their subclasses), then the neighbourhood of ``focus``, then the
    best-connected ``max_nodes``.
    """
    info: dict = {"total": G.number_of_nodes()}
    if article:
        key = _article_key(article, G)
        sub = nx.MultiDiGraph()
        sub.graph.update(G.graph)
        sub.add_nodes_from((n, d) for n, d in G.nodes(data=True) if key in d.get("articles", ()))
        sub.add_edges_from(
            (u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)
            if u in sub and v in sub and (key in d.get("articles", ()) or not d.get("articles"))
        )
        G = sub
        info["article"] = {"id": key, "title": G.graph.get("articles", {}).get(key, "")}
    if classes:
        wanted = _class_set(classes)
        G = nx.MultiDiGraph(G.subgraph([n for n, d in G.nodes(data=True) if d["cls"] in wanted]))
        info["classes"] = sorted(wanted)
    if focus:
        node = find_node(G, focus)
        if node is None:
            raise ThaiKGError(f"no entity called {focus!r} in the graph" + (" (after the other filters)" if article or classes else ""))
        G = ego(G, node, depth)
        info["focus"] = node
        info["depth"] = depth
    if max_nodes is not None and max_nodes < G.number_of_nodes():
        before = G.number_of_nodes()
        G = top_nodes(G, max(1, max_nodes))
        info["truncated"] = {"shown": G.number_of_nodes(), "of": before}
    return G, info


# --------------------------------------------------------------------------- page data


def _short(text: str, limit: int = MAX_CANVAS_LABEL) -> str:
    """``text`` cut to ``limit`` characters without splitting a Thai vowel or tone mark from its letter."""
    if len(text) <= limit:
        return text
    cut = limit
    while cut > 1 and unicodedata.category(text[cut]) in ("Mn", "Mc"):
        cut -= 1
    return text[:cut].rstrip() + "…"


def page_data(G: nx.MultiDiGraph, info: dict | None = None, lang: str = "th") -> dict:
    """Everything the page's script needs, as JSON-ready values in a fixed order.

    Nodes are numbered in IRI order; sentences and articles are stored once
    and referred to by number, so a country named in 500 articles does not
    repeat their text.
    """
    info = info or {}
    class_names = _labels("class", lang)
    prop_names = _labels("property", lang)
    nodes = sorted(G.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    titles: dict[str, str] = G.graph.get("articles", {})
    article_ids = sorted({a for n in nodes for a in G.nodes[n].get("articles", ())}
                         | {a for _, _, d in G.edges(data=True) for a in d.get("articles", ())})
    art_index = {a: i for i, a in enumerate(article_ids)}
    title_index: dict[str, int] = {}
    sentences: list[str] = []
    sentence_index: dict[str, int] = {}
    out_nodes = []
    for n in nodes:
        d = G.nodes[n]
        refs = []
        for text, title in d.get("mentions", ()):
            if text not in sentence_index:
                sentence_index[text] = len(sentences)
                sentences.append(text)
            if title not in title_index:  # mentions carry titles, not ids; map back (first id wins)
                title_index[title] = next((art_index[a] for a in article_ids if titles.get(a, "") == title), -1)
            refs.append([sentence_index[text], title_index[title]])
        wd = d.get("wikidata", "")
        out_nodes.append({
            "id": index[n],
            "iri": d.get("iri", n),
            "cls": d.get("cls", FALLBACK_CLASS),
            "label": _short(display_label(d, lang)),
            "name": display_label(d, lang),
            "th": d.get("label_th", ""),
            "en": d.get("label_en", ""),
            "alt": list(d.get("alt_labels", ())),
            "wd": wd if _WIKIDATA_ID.fullmatch(wd or "") else "",
            "arts": sorted(art_index[a] for a in d.get("articles", ()) if a in art_index),
            "ment": refs,
            "deg": G.degree(n),
        })
    out_edges = []
    for i, (u, v, k, d) in enumerate(sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))):
        prop = d.get("prop", k)
        out_edges.append({"id": i, "from": index[u], "to": index[v], "prop": prop, "label": prop_names.get(prop, prop)})
    present = {d["cls"] for d in out_nodes}
    counts = {c: sum(1 for d in out_nodes if d["cls"] == c) for c in present}
    styles = {c: CLASS_STYLES.get(c, CLASS_STYLES[FALLBACK_CLASS]) for c in present}
    classes = [
        {"id": c, "label": class_names.get(c, c), "color": styles[c][0], "shape": styles[c][1],
         "symbol": styles[c][2], "count": counts[c]}
        for c in sorted(present, key=lambda c: (_ORDER.index(c) if c in _ORDER else len(_ORDER), c))
    ]
    chosen = dict(info)
    if "focus" in chosen:
        chosen["focus"] = index.get(chosen["focus"], -1)
    return {
        "lang": lang,
        "seed": RANDOM_SEED,
        "large": len(out_nodes) >= LARGE_GRAPH,
        "classes": classes,
        "nodes": out_nodes,
        "edges": out_edges,
        "articles": [{"id": a, "title": titles.get(a, "")} for a in article_ids],
        "sentences": sentences,
        "view": chosen,
    }


@functools.cache
def _script_hashes() -> str:
    """CSP sources allowing exactly our two inline scripts: an injected script or ``onerror=`` would not run."""
    a = _assets()
    return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(a[k].encode('utf-8')).digest()).decode('ascii')}'"
                    for k in ("vis_js", "app_js"))


def _json_for_script(value: object) -> str:
    """JSON that cannot end its ``<script>`` element or break a JavaScript parser."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], text)


@dataclass(frozen=True)
class Drawing:
    """A rendered page with the network it shows (so a caller can report what was drawn)."""

    html: str
    graph: nx.MultiDiGraph
    view: dict


def render_html(
    ds: Dataset | Graph | nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    article: str | None = None,
    classes: str | list[str] | tuple[str, ...] | None = None,
    max_nodes: int | None = None,
    lang: str = "th",
) -> str:
    """The HTML page of the graph ``ds`` (or of an already projected network).

    ``focus`` (a name or IRI) with ``depth`` draws one entity's neighbourhood,
    ``article`` one article's entities, ``classes`` only those classes,
    ``max_nodes`` the best-connected part (the page says so); ``lang`` picks the
    language of labels and of the page itself.
    """
    return draw(ds, focus=focus, depth=depth, article=article, classes=classes, max_nodes=max_nodes, lang=lang).html


def draw(
    ds: Dataset | Graph | nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    article: str | None = None,
    classes: str | list[str] | tuple[str, ...] | None = None,
    max_nodes: int | None = None,
    lang: str = "th",
) -> Drawing:
    """Like :func:`render_html`, but also returns the network drawn and what was chosen."""
    if lang not in LANGS:
        raise ThaiKGError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    if depth < 0:
        raise ThaiKGError("depth must be 0 or more")
    if max_nodes is not None and max_nodes < 1:
        raise ThaiKGError("max-nodes must be 1 or more")
    G = ds if isinstance(ds, nx.MultiDiGraph) else project(ds)
    G, info = select(G, focus=focus, depth=depth, article=article, classes=classes, max_nodes=max_nodes)
    data = page_data(G, info, lang)
    a = _assets()
    parts = {
        "SCRIPT_HASHES": _script_hashes(),
        "LANG": lang,
        "VIS_CSS": a["vis_css"],
        "APP_CSS": a["app_css"],
        "VIS_JS": a["vis_js"],
        "APP_JS": a["app_js"],
        "DATA": _json_for_script(data),
    }
    # One pass: text put in is never scanned again, so data cannot smuggle in a marker.
    return Drawing(_MARKER.sub(lambda m: parts[m.group(1)], a["template"]), G, info)


def write_html(path: str | Path, ds: Dataset | Graph | nx.MultiDiGraph, **options: object) -> None:
    """Write :func:`render_html`'s page to ``path`` atomically."""
    from .rdf.formats import write_atomic

    write_atomic(path, render_html(ds, **options).encode("utf-8"))  # type: ignore[arg-type]
