"""``thaikg build``: articles in, graph files out."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..builder import build
from ..rdf.formats import FORMATS, format_name, guess_format, serialize, write_atomic
from ..resources import jsonld_context
from . import error, register

#: What ``thaikg build`` writes into its output folder when no ``-o`` is given.
DEFAULT_OUTPUTS = (("thaikg.trig", "trig"), ("thaikg.ttl", "turtle"), ("thaikg.jsonld", "json-ld"))


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="article files, folders (searched recursively) or - for stdin; none: the bundled sample")
    p.add_argument("-o", "--output", metavar="OUT", help="one RDF file; its format follows the suffix")
    p.add_argument("--format", help=f"RDF format of -o ({', '.join(FORMATS)} or an alias such as ttl, nq, jsonld)")
    p.add_argument("--out-dir", default="graph", metavar="DIR",
                   help="folder for thaikg.trig/.ttl/.jsonld/.html when -o is not given (default: graph)")
    p.add_argument("--reader", help="force the article reader (mfa, thaigov, html, plain)")
    p.add_argument("--no-html", action="store_true", help="do not draw thaikg.html")
    p.add_argument("--store", metavar="DIR",
                   help="also load the graph into the Oxigraph store in DIR (created if missing), "
                        "replacing each article's named graph")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.output == "-" and not args.format:
        error("-o - (standard output) needs --format")
        return 2
    fmt = format_name(args.format) if args.format else (guess_format(args.output) if args.output else None)
    stdin = sys.stdin.buffer.read() if "-" in args.paths else None
    result = build(args.paths or None, reader=args.reader, stdin=stdin)
    for failure in result.failures:
        error(str(failure))
    if not result.documents:
        if not result.failures:
            error("no articles found in " + " ".join(args.paths))
        return 2
    if args.output == "-":
        sys.stdout.buffer.write(serialize(result.dataset, fmt, context=jsonld_context()))
        written = ["<stdout>"]
    elif args.output:
        write_atomic(args.output, serialize(result.dataset, fmt, context=jsonld_context()))
        written = [args.output]
    else:
        out = Path(args.out_dir)
        payloads = {name: serialize(result.dataset, f, context=jsonld_context()) for name, f in DEFAULT_OUTPUTS}
        if not args.no_html:
            from ..viz import render_html

            payloads["thaikg.html"] = render_html(result.dataset).encode("utf-8")
        for name, data in payloads.items():  # everything is ready before the first file is replaced
            write_atomic(out / name, data)
        written = [str(out / name) for name in payloads]
    if args.store:
        from ..store import load_into_store, open_store

        load_into_store(result.dataset, open_store(args.store))
        written.append(f"{args.store} (store)")
    if not args.quiet:
        n_entities = sum(len(d.entities) for d in result.documents)
        n_facts = sum(len(d.facts) for d in result.documents)
        print(f"built {len(result.documents)} articles ({n_entities} entities, {n_facts} facts, "
              f"{len(result.dataset)} triples) in {time.perf_counter() - started:.1f}s"
              f"{f'; {len(result.failures)} failed' if result.failures else ''} -> {', '.join(written)}",
              file=sys.stderr)
    return 1 if result.failures else 0


register("build", "build the knowledge graph of articles (default: the bundled sample into graph/)", configure, run)
