"""``thaikg query``: SPARQL (or a shipped competency question) over a graph, through Oxigraph."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError, QueryError
from ..query import (
    RESULT_FORMATS,
    competency_question,
    competency_questions,
    format_table,
    parse_param,
    run_query,
    serialize_result,
    serialize_triples,
)
from ..rdf.formats import FORMATS, format_name
from . import register


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", nargs="?", metavar="GRAPH",
                   help="an RDF file, a folder of them, or an Oxigraph store folder (thaikg build --store)")
    p.add_argument("query", nargs="?", metavar="QUERY", help="the SPARQL query text")
    p.add_argument("-f", "--file", metavar="FILE", help="read the query from FILE (- for standard input)")
    p.add_argument("--cq", metavar="NAME", help="run the shipped competency question NAME (see --list-cq)")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help='bind ?NAME to an RDF term: <http://…> (IRI), "text"@th, 2021-07-13 (xsd:date), '
                        "18 (integer), anything else a string; repeatable")
    p.add_argument("--format", default="table", choices=RESULT_FORMATS,
                   help="SELECT/ASK output (default: table)")
    p.add_argument("--rdf-format", default="turtle", metavar="F",
                   help=f"CONSTRUCT/DESCRIBE output: {', '.join(FORMATS)} (default: turtle)")
    p.add_argument("--list-cq", action="store_true", help="list the competency questions and exit")


def _list() -> int:
    for cq in competency_questions().values():
        params = ", ".join(f"{p.name} ({p.kind}{'' if p.required else ', optional'})" for p in cq.params)
        print(cq.name + (f"  --param {params}" if params else ""))
        print(f"    {cq.question_en}")
        print(f"    {cq.question_th}")
    return 0


def _query_text(args: argparse.Namespace) -> tuple[str, str]:
    given = [x for x in (args.query, args.file, args.cq) if x is not None]
    if len(given) != 1:
        raise QueryError("give exactly one of QUERY, -f FILE or --cq NAME")
    if args.cq is not None:
        return competency_question(args.cq).text, f"--cq {args.cq}"
    if args.file is not None:
        if args.file == "-":
            return sys.stdin.read(), "<stdin>"
        try:
            return Path(args.file).read_text(encoding="utf-8"), args.file
        except OSError as exc:
            raise InputError(args.file, exc.strerror or str(exc)) from None
        except UnicodeDecodeError:
            raise InputError(args.file, "is not UTF-8 text") from None
    return args.query, "query"


def run(args: argparse.Namespace) -> int:
    if args.list_cq:
        return _list()
    if args.graph is None:
        raise QueryError("give a GRAPH to query (or --list-cq)")
    text, source = _query_text(args)
    format_name(args.rdf_format)  # a typo fails before a long load
    params = dict(parse_param(p) for p in args.param)
    if args.cq is not None:
        missing = [p.name for p in competency_question(args.cq).params if p.required and p.name not in params]
        if missing:
            raise QueryError(f"--cq {args.cq} needs " + " ".join(f"--param {name}=…" for name in missing))
    from ..store import open_graph_source  # after argument checks: loading a graph takes time

    result = run_query(open_graph_source(args.graph), text, params, source=source)
    if result.kind == "graph":
        data = serialize_triples(result.triples, args.rdf_format)
    elif args.format == "table":
        data = format_table(result).encode("utf-8")
    else:
        data = serialize_result(result, args.format)
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return 0


register("query", "run a SPARQL query or a competency question on a graph or store (through Oxigraph)",
         configure, run)
