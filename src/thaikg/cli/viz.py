"""``thaikg viz``: draw a built graph as one offline HTML page."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..graphio import load_dataset
from ..network import project
from ..rdf.formats import write_atomic
from ..viz import LANGS, draw
from . import register


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="GRAPH", help="a graph thaikg built (.trig, .nq, .ttl, .jsonld ...) or a folder of them")
    p.add_argument("-o", "--output", metavar="FILE.html",
                   help="where to write the page (- for stdout; default: GRAPH with the suffix .html, "
                        "or GRAPH/thaikg.html for a folder)")
    p.add_argument("--focus", metavar="LABEL|IRI", help="draw only this entity's neighbourhood (a Thai or English name, or an IRI)")
    p.add_argument("--depth", type=_non_negative, default=1, metavar="N", help="how many links out from --focus (default: 1)")
    p.add_argument("--article", metavar="ID", help="draw only the entities and links of this article (its id or IRI)")
    p.add_argument("--classes", metavar="C,...", help="draw only these classes and their subclasses, e.g. Person,Country")
    p.add_argument("--max-nodes", type=_positive, metavar="N", help="keep only the N best-connected entities")
    p.add_argument("--lang", choices=LANGS, default="th", help="language of labels and of the page (default: th)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def _default_output(graph: str) -> Path:
    path = Path(graph)
    return path / "thaikg.html" if path.is_dir() else path.with_suffix(".html")


def run(args: argparse.Namespace) -> int:
    G = project(load_dataset(args.graph))
    drawing = draw(G, focus=args.focus, depth=args.depth, article=args.article, classes=args.classes,
                   max_nodes=args.max_nodes, lang=args.lang)
    if args.output == "-":
        sys.stdout.write(drawing.html)
        return 0
    out = Path(args.output) if args.output else _default_output(args.graph)
    write_atomic(out, drawing.html.encode("utf-8"))
    if not args.quiet:
        shown = drawing.graph
        note = f" (the best-connected part of {drawing.view['truncated']['of']})" if "truncated" in drawing.view else ""
        print(f"drew {shown.number_of_nodes()} entities{note} and {shown.number_of_edges()} links "
              f"of {G.number_of_nodes()} and {G.number_of_edges()} -> {out}", file=sys.stderr)
    return 0


register("viz", "draw a graph as a self-contained interactive HTML page (works offline)", configure, run)
