"""SPARQL over thaikg graphs with Oxigraph: parameters, competency questions, result formats.

Queries run on a :class:`pyoxigraph.Store` with the union of all named graphs as
the default graph, so a query sees every article at once while ``GRAPH ?g``
still tells the articles apart. Parameters are bound as RDF terms through
Oxigraph's ``substitutions`` (SEP-0007), never pasted into the query text, so a
value can never change the query's meaning. The competency questions ship as
``.rq`` files in ``ontology/queries/``; their header comments describe them.
"""
from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal as TypingLiteral
from xml.sax.saxutils import escape as xml_escape

import pyoxigraph as ox

from .errors import QueryError
from .rdf.namespaces import PREFIXES
from .resources import ontology_dir

__all__ = [
    "QUERY_PREFIXES",
    "RESULT_FORMATS",
    "CompetencyQuestion",
    "Param",
    "QueryResult",
    "Term",
    "competency_question",
    "competency_questions",
    "display_width",
    "format_table",
    "parse_param",
    "parse_term",
    "queries_dir",
    "run_query",
    "serialize_result",
    "serialize_triples",
    "term_text",
]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

#: Prefixes every query may use without declaring them (a query's own PREFIX wins).
QUERY_PREFIXES: dict[str, str] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}

#: ``--format`` names for SELECT/ASK results.
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"


# -- parameters ----------------------------------------------------------------------------------

_LITERAL = re.compile(r'^"(?P<text>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?P<dt>\S+))?$', re.DOTALL)
_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][\w.-]*):(?P<local>\S*)$")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _iri(text: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(text)
    except ValueError as exc:
        raise QueryError(f"{text!r} is not a valid IRI: {exc}") from None


def _expand(text: str) -> ox.NamedNode | None:
    """``tkg:Meeting`` -> its IRI, when the prefix is one of :data:`QUERY_PREFIXES`."""
    m = _PREFIXED.match(text)
    if m and m["prefix"] in QUERY_PREFIXES and not m["local"].startswith("//"):
        return _iri(QUERY_PREFIXES[m["prefix"]] + m["local"])
    return None


def parse_term(value: str) -> Term:
    """The RDF term a ``--param`` value names.

    ``<http://…>`` or a bare ``http(s)://…`` → IRI; ``tkg:Meeting`` (a known prefix) → IRI;
    ``"ข้อความ"@th`` → language-tagged literal; ``"5"^^xsd:integer`` → typed literal;
    ``2021-07-13`` → ``xsd:date``; ``18`` → ``xsd:integer``; ``3.5`` → ``xsd:decimal``;
    ``true``/``false`` → ``xsd:boolean``; anything else → a plain string literal
    (quote it, ``"18"``, to force a string).
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return _iri(text[1:-1])
    if m := _LITERAL.match(text):
        lexical = re.sub(r"\\(.)", lambda e: _ESCAPES.get(e[1], e[0]), m["text"])
        if m["lang"]:
            return ox.Literal(lexical, language=m["lang"].lower())
        if m["dt"]:
            dt = m["dt"]
            datatype = _iri(dt[1:-1]) if dt.startswith("<") and dt.endswith(">") else _expand(dt)
            if datatype is None:
                raise QueryError(f"unknown datatype {dt!r} in {value!r}; use <IRI> or one of the prefixes "
                                 f"{', '.join(sorted(QUERY_PREFIXES))}")
            return ox.Literal(lexical, datatype=datatype)
        return ox.Literal(lexical)
    if re.fullmatch(r"(?:https?|urn):\S+", text):
        return _iri(text)
    if (expanded := _expand(text)) is not None:
        return expanded
    digits = text.translate(_THAI_DIGITS)  # ๑๘ is 18, as in the articles
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", digits):
        try:
            date.fromisoformat(digits)
        except ValueError:
            raise QueryError(f"{text!r} looks like a date but is not a valid one") from None
        return ox.Literal(digits, datatype=ox.NamedNode(_XSD + "date"))
    if re.fullmatch(r"[+-]?[0-9]+", digits):
        return ox.Literal(str(int(digits)), datatype=ox.NamedNode(_XSD + "integer"))
    if re.fullmatch(r"[+-]?[0-9]*\.[0-9]+", digits):
        return ox.Literal(digits, datatype=ox.NamedNode(_XSD + "decimal"))
    if text in ("true", "false"):
        return ox.Literal(text, datatype=ox.NamedNode(_XSD + "boolean"))
    return ox.Literal(text)


def parse_param(text: str) -> tuple[str, Term]:
    """``name=value`` → (``name``, term); see :func:`parse_term` for the value syntax."""
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"--param {text!r}: expected NAME=VALUE, e.g. label=\"อาเซียน\"@th or entity=<https://…>")
    return name, parse_term(value)


# -- competency questions ------------------------------------------------------------------------

@dataclass(frozen=True)
class Param:
    """A parameter a competency question takes, from its ``# params:`` header line."""

    name: str
    kind: str
    required: bool
    help: str


@dataclass(frozen=True)
class CompetencyQuestion:
    """One shipped ``.rq`` file and what its header says about it."""

    name: str
    path: Path
    question_en: str
    question_th: str
    params: tuple[Param, ...]
    text: str


_PARAM = re.compile(r"^\s*(?P<name>\w+)\s*\((?P<kind>[^),]+)(?:,\s*(?P<req>required|optional))?\)\s*:?\s*(?P<help>.*)$")


def queries_dir() -> Path:
    """Where the competency questions live: ``ontology/queries`` (packaged or in the checkout)."""
    return ontology_dir() / "queries"


def _header(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key, sep, value = line.lstrip("#").partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip()
    return fields


def _params(spec: str, path: Path) -> tuple[Param, ...]:
    if not spec or spec.lower() in ("none", "-", "(none)"):
        return ()
    params = []
    for part in spec.split(";"):
        m = _PARAM.match(part)
        if not m:
            raise QueryError(f"{path}: cannot read the parameter {part.strip()!r} in '# params:' "
                             "(expected NAME (TYPE, required|optional): help)")
        params.append(Param(m["name"], m["kind"].strip(), m["req"] != "optional", m["help"].strip()))
    return tuple(params)


def competency_questions(folder: Path | None = None) -> dict[str, CompetencyQuestion]:
    """Every shipped competency question by name, in name order."""
    folder = folder or queries_dir()
    found: dict[str, CompetencyQuestion] = {}
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        head = _header(text)
        name = head.get("name", path.stem)
        found[name] = CompetencyQuestion(name, path, head.get("question (en)", ""), head.get("question (th)", ""),
                                         _params(head.get("params", ""), path), text)
    return found


def competency_question(name: str) -> CompetencyQuestion:
    """The competency question called ``name``; a :class:`QueryError` naming the known ones if none is."""
    questions = competency_questions()
    if name not in questions:
        raise QueryError(f"no competency question {name!r}; known: {', '.join(questions) or '(none)'}")
    return questions[name]


# -- running -------------------------------------------------------------------------------------

@dataclass
class QueryResult:
    """What a query gave: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    kind: TypingLiteral["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def column(self, name: str) -> list[Term | None]:
        """The values of variable ``name``, one per row."""
        i = self.variables.index(name)
        return [row[i] for row in self.rows]

    def values(self, name: str) -> list[str | None]:
        """The plain values (IRI strings, literal lexical forms) of variable ``name``."""
        return [None if t is None else _value(t) for t in self.column(name)]

    def records(self) -> list[dict[str, str]]:
        """Each row as {variable: plain value}, unbound variables left out (handy in tests and notebooks)."""
        return [{v: _value(t) for v, t in zip(self.variables, row) if t is not None} for row in self.rows]


def _value(term: Term) -> str:
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


_SYNTAX = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.DOTALL)


def _syntax_error(exc: SyntaxError, query: str, source: str) -> QueryError:
    message = str(exc)
    m = _SYNTAX.search(message)
    if not m:
        return QueryError(f"{source}: syntax error: {' '.join(message.split())[:200]}")
    line, column, detail = int(m[1]), int(m[2]), " ".join(m[3].split())
    if "Prefix not found" in detail:
        lines = query.splitlines()
        text = lines[line - 1][: max(column - 1, 0)] if 0 < line <= len(lines) else ""
        names = re.findall(r"([A-Za-z][\w.-]*)?:[\w.%-]*$", text)
        detail = f"unknown prefix {names[-1] + ':' if names and names[-1] else ''}".rstrip() + \
            " (declare it with PREFIX)"
    elif len(detail) > 120:
        detail = detail[:117] + "…"
    return QueryError(f"{source}: syntax error at line {line}, column {column}: {detail}")


def run_query(store: ox.Store, query: str, params: Mapping[str, Term] | Iterable[tuple[str, Term]] | None = None,
              *, source: str = "query") -> QueryResult:
    """Run ``query`` on ``store`` over the union of its graphs, with ``params`` bound as RDF terms.

    ``source`` names the query in error messages (a file name, ``--cq NAME``).
    A parameter must be a variable of the query's SELECT clause (Oxigraph's rule
    for substitutions).
    """
    bound = dict(params.items() if isinstance(params, Mapping) else params or ())
    for name in bound:
        if not re.search(rf"[?$]{re.escape(name)}\b", query):
            raise QueryError(f"{source}: --param {name}: the query has no variable ?{name}")
    substitutions = {ox.Variable(name): term for name, term in bound.items()} or None
    try:
        raw = store.query(query, use_default_graph_as_union=True, prefixes=QUERY_PREFIXES,
                          substitutions=substitutions)
        return _materialise(raw)
    except SyntaxError as exc:
        raise _syntax_error(exc, query, source) from None
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        if "does not contains variable" in message or "does not contain variable" in message:
            var = re.search(r"\?(\w+)", message)
            message = (f"--param {var[1] if var else ''}: the variable must be in the query's SELECT clause "
                       "to be bound")
        raise QueryError(f"{source}: {message}") from None


def _materialise(raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    if isinstance(raw, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(raw))
    if isinstance(raw, ox.QueryTriples):
        return QueryResult("graph", triples=list(raw))
    variables = [v.value for v in raw.variables]
    rows = [tuple(solution[i] for i in range(len(variables))) for solution in raw]
    return QueryResult("select", variables=variables, rows=rows)


# -- formats -------------------------------------------------------------------------------------

def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: Thai vowel and tone marks (and other combining marks) take none,
    East Asian wide characters two."""
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf") or unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _truncate(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` columns with "…", never splitting a letter from its marks."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            if w == 0 and out:  # a mark belongs to the letter already kept
                out.append(ch)
                continue
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _shorten(iri: str) -> str:
    best = ""
    for prefix, ns in QUERY_PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(QUERY_PREFIXES.get(best, "")):
            best = prefix
    if best:
        local = iri[len(QUERY_PREFIXES[best]):]
        if local and not any(c in local for c in " <>\"{}|\\^`"):
            return f"{best}:{local}"
    return f"<{iri}>"


def term_text(term: Term | None) -> str:
    """How a term reads in a table: prefixed IRIs, literal values without quotes or tags."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())  # newlines would break the table
    return str(term)


def format_table(result: QueryResult, *, max_width: int = 60) -> str:
    """A plain-text table that lines up in a terminal, Thai text included."""
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    if result.kind == "graph":
        raise QueryError("a CONSTRUCT/DESCRIBE result is RDF, not a table: use --rdf-format")
    header = list(result.variables)
    cells = [[_truncate(term_text(t), max_width) for t in row] for row in result.rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    n = len(result.rows)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines) + "\n"


def _csv_cell(term: Term | None) -> str:
    text = "" if term is None else (f"_:{term.value}" if isinstance(term, ox.BlankNode) else _value(term))
    if any(c in text for c in ',"\n\r'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f'<literal xml:lang="{xml_escape(term.language)}">{xml_escape(term.value)}</literal>'
        if term.datatype.value != _XSD_STRING:
            return f'<literal datatype="{xml_escape(term.datatype.value)}">{xml_escape(term.value)}</literal>'
        return f"<literal>{xml_escape(term.value)}</literal>"
    return f"<literal>{xml_escape(str(term))}</literal>"


def serialize_result(result: QueryResult, fmt: str) -> bytes:
    """A SELECT/ASK result in one of :data:`RESULT_FORMATS` (W3C SPARQL results formats, or ``table``)."""
    fmt = fmt.lower()
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; known: {', '.join(RESULT_FORMATS)}")
    if result.kind == "graph":
        raise QueryError("a CONSTRUCT/DESCRIBE result is RDF: use --rdf-format")
    if fmt == "table":
        return format_table(result).encode("utf-8")
    if fmt == "json":
        doc: dict[str, object] = {"head": {}, "boolean": result.boolean} if result.kind == "ask" else {
            "head": {"vars": result.variables},
            "results": {"bindings": [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                                     for row in result.rows]}}
        return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n')
        if result.kind == "ask":
            out.write(f"  <head/>\n  <boolean>{'true' if result.boolean else 'false'}</boolean>\n")
        else:
            out.write("  <head>\n" + "".join(f'    <variable name="{v}"/>\n' for v in result.variables) + "  </head>\n")
            out.write("  <results>\n")
            for row in result.rows:
                out.write("    <result>\n")
                for v, t in zip(result.variables, row):
                    if t is not None:
                        out.write(f'      <binding name="{v}">{_xml_term(t)}</binding>\n')
                out.write("    </result>\n")
            out.write("  </results>\n")
        out.write("</sparql>\n")
        return out.getvalue().encode("utf-8")
    if result.kind == "ask":  # CSV/TSV define no boolean form: one word, as most tools print it
        return b"true\n" if result.boolean else b"false\n"
    if fmt == "csv":
        lines = [",".join(result.variables)] + [",".join(_csv_cell(t) for t in row) for row in result.rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def serialize_triples(triples: Sequence[ox.Triple], fmt: str) -> bytes:
    """CONSTRUCT/DESCRIBE output in an RDF format named as :mod:`thaikg.rdf.formats` names them.

    Written by Oxigraph (fast on big results), triples sorted so the same graph
    always prints the same way, with those of :data:`QUERY_PREFIXES` the triples use.
    """
    from .rdf.formats import format_name
    from .store import RDF_FORMATS

    rdf_format = RDF_FORMATS[format_name(fmt)]
    triples = sorted(triples, key=str)
    iris = {t.value for tr in triples for t in (tr.subject, tr.predicate, tr.object) if isinstance(t, ox.NamedNode)}
    iris |= {tr.object.datatype.value for tr in triples if isinstance(tr.object, ox.Literal)}
    # ``id:`` would print entity IRIs as id:person\/x (Turtle escapes the slash): full IRIs read better
    prefixes = {p: ns for p, ns in QUERY_PREFIXES.items() if p != "id" and any(i.startswith(ns) for i in iris)}
    if rdf_format.supports_datasets:
        data = ox.serialize([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples],
                            format=rdf_format, prefixes=prefixes)
    else:
        data = ox.serialize(triples, format=rdf_format, prefixes=prefixes)
    return data if not data or data.endswith(b"\n") else data + b"\n"
