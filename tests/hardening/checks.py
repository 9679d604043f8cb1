"""Invariants every built graph must keep, shared by the hardening tests and ``fuzz/run.py``.

Each function returns a list of problems (empty when all is well) rather than
asserting, so the fuzz run can report them and the tests can show all at once.
"""
from __future__ import annotations

import datetime
import re
import traceback

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
IS_STRING = URIRef(NIF + "isString")
ANCHOR_OF = URIRef(NIF + "anchorOf")
BEGIN = URIRef(NIF + "beginIndex")
END = URIRef(NIF + "endIndex")
REFERENCE_CONTEXT = URIRef(NIF + "referenceContext")

#: Characters no IRI may contain (RFC 3987 excludes them; N-Triples and Turtle reject them).
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')


def internal_errors(result) -> list[str]:
    """The failures of a :class:`~thaikg.builder.BuildResult` that are bugs, not bad input."""
    return [str(f) for f in result.failures if "internal error" in f.reason]


def traceback_of(data: bytes) -> str:
    """Run the pipeline on ``data`` outside the builder's safety net and return the traceback, if any."""
    from thaikg.builder import process
    from thaikg.inputs import Source
    from thaikg.knowledge import Knowledge
    from thaikg.pipeline import make_pipeline

    try:
        process(Source("<stdin>", "fuzz", data=data), make_pipeline(), Knowledge.load())
    except Exception:  # noqa: BLE001 - we want every traceback
        return traceback.format_exc()
    return ""


def nif_problems(ds: Dataset) -> list[str]:
    """Every NIF string (sentence, mention) must be exactly ``isString[begin:end]`` of its article."""
    problems = []
    for g in ds.graphs():
        contexts = {s: str(o) for s, _, o in g.triples((None, IS_STRING, None))}
        for node, _, anchor in g.triples((None, ANCHOR_OF, None)):
            ctx = g.value(node, REFERENCE_CONTEXT)
            begin, end = g.value(node, BEGIN), g.value(node, END)
            if ctx not in contexts or begin is None or end is None:
                problems.append(f"{node}: no context/begin/end")
                continue
            b, e = int(begin), int(end)
            text = contexts[ctx]
            if not 0 <= b <= e <= len(text):
                problems.append(f"{node}: offsets {b}..{e} outside the text ({len(text)} chars)")
            elif text[b:e] != str(anchor):
                problems.append(f"{node}: anchorOf {str(anchor)[:40]!r} != isString[{b}:{e}] {text[b:e][:40]!r}")
            if not str(node).endswith(f"#char={b},{e}"):
                problems.append(f"{node}: IRI does not name its offsets {b},{e}")
    return problems


def nif_problems_quads(quads) -> list[str]:
    """:func:`nif_problems` over pyoxigraph quads (fast enough for graphs rdflib takes minutes on)."""
    strings: dict[str, str] = {}
    props: dict[str, dict[str, str]] = {}
    for q in quads:
        p = q.predicate.value
        if p == str(IS_STRING):
            strings[q.subject.value] = q.object.value
        elif p in (str(ANCHOR_OF), str(BEGIN), str(END), str(REFERENCE_CONTEXT)):
            props.setdefault(q.subject.value, {})[p] = q.object.value
    problems = []
    for node, values in props.items():
        if str(ANCHOR_OF) not in values:
            continue
        try:
            text = strings[values[str(REFERENCE_CONTEXT)]]
            b, e = int(values[str(BEGIN)]), int(values[str(END)])
        except (KeyError, ValueError):
            problems.append(f"{node}: no context/begin/end")
            continue
        if not 0 <= b <= e <= len(text) or text[b:e] != values[str(ANCHOR_OF)]:
            problems.append(f"{node}: anchorOf {values[str(ANCHOR_OF)][:40]!r} != isString[{b}:{e}]")
    return problems


def date_problems(ds: Dataset) -> list[str]:
    """Every ``xsd:date`` literal is a real date that round-trips through its lexical form."""
    problems = []
    for _, _, o, _ in ds.quads((None, None, None, None)):
        if isinstance(o, Literal) and o.datatype == XSD.date:
            value = o.toPython()
            if not isinstance(value, datetime.date):
                problems.append(f"xsd:date {str(o)!r} is not a date")
            elif value.isoformat() != str(o) or datetime.date.fromisoformat(str(o)) != value:
                problems.append(f"xsd:date {str(o)!r} does not round-trip ({value.isoformat()})")
    return problems


def iri_problems_of(iris) -> list[str]:
    """The IRIs among ``iris`` that are invalid: no scheme, or characters N-Triples/Turtle reject."""
    import pyoxigraph as ox

    problems = []
    for iri in iris:
        text = str(iri)
        if _BAD_IRI.search(text) or not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text):
            problems.append(f"invalid IRI {text[:80]!r}")
            continue
        try:
            ox.NamedNode(text)  # Oxigraph checks RFC 3987 strictly
        except ValueError as exc:
            problems.append(f"invalid IRI {text[:80]!r}: {exc}")
    return problems


def iri_problems(ds: Dataset) -> list[str]:
    """No IRI in the graph is invalid (see :func:`iri_problems_of`)."""
    seen: set[URIRef] = set()
    for quad in ds.quads((None, None, None, None)):
        seen.update(term for term in quad if isinstance(term, URIRef))
    return iri_problems_of(sorted(seen))


_DATA_OPEN = '<script type="application/json" id="thaikg-data">'


def split_html(html: str) -> tuple[str, str]:
    """(the JSON data block, the page without it)."""
    a = html.find(_DATA_OPEN)
    if a < 0:
        return "", html
    b = html.find("</script", a)
    return html[a + len(_DATA_OPEN):b], html[:a] + html[b:]


_BASELINE: list[str] = []


def baseline_page() -> str:
    """The page of a harmless one-article graph without its data: what every page must look like
    outside the data block, whatever the articles say."""
    if not _BASELINE:
        from thaikg.builder import build
        from thaikg.viz import render_html

        ds = build(["-"], stdin="ข่าว\nนายสมชาย ใจดี รัฐมนตรีว่าการกระทรวงการต่างประเทศ พบกับญี่ปุ่น\n".encode()).dataset
        _BASELINE.append(split_html(render_html(ds))[1])
    return _BASELINE[0]


def html_problems(html: str) -> list[str]:
    """Data from articles must never become markup: it all sits in one JSON block in which
    ``<`` ``>`` ``&`` are escaped, and the rest of the page is the same for every graph."""
    problems = []
    data, outside = split_html(html)
    if any(c in data for c in "<>&"):
        problems.append("raw < > or & inside the JSON data block")
    if outside != baseline_page():
        problems.append("the page outside the JSON data block depends on the data")
    for needle in ("<script>alert", "<img src=x", "<svg onload"):  # inert only where < is escaped
        if needle in html.lower():
            problems.append(f"raw {needle!r} in the page")
    return problems
