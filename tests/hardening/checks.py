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


def iri_problems(ds: Dataset) -> list[str]:
    """No IRI in the graph holds characters that make it invalid in N-Triples/Turtle."""
    problems = []
    seen: set[URIRef] = set()
    for quad in ds.quads((None, None, None, None)):
        for term in quad:
            if isinstance(term, URIRef) and term not in seen:
                seen.add(term)
                if _BAD_IRI.search(str(term)) or not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", str(term)):
                    problems.append(f"invalid IRI {str(term)[:80]!r}")
    return problems


_DATA_SCRIPT = re.compile(r'<script type="application/json" id="thaikg-data">(.*?)</script>', re.S)


def html_problems(html: str) -> list[str]:
    """Data from articles must never become markup: no raw ``<script>alert`` and no ``onerror=``
    outside the JSON block (where ``<`` ``>`` ``&`` are escaped, so it is inert)."""
    problems = []
    blocks = _DATA_SCRIPT.findall(html)
    if len(blocks) != 1:
        problems.append(f"expected one JSON data block, found {len(blocks)}")
    for block in blocks:
        if any(c in block for c in "<>&"):
            problems.append("raw < > or & inside the JSON data block")
    outside = _DATA_SCRIPT.sub("", html)
    for needle in ("<script>alert", "onerror=", "onload=alert", "<img src=x", "javascript:alert"):
        if needle in outside.lower():
            problems.append(f"{needle!r} outside the escaped JSON data")
    if html.lower().count("<script") != 3:  # the data block, vis-network and the page's own script
        problems.append(f"{html.lower().count('<script')} <script elements, expected 3")
    return problems
