"""``thaikg build``: articles in, graph files out (in parallel, incrementally)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..incremental import DEFAULT_OUTPUTS, HTML_NAME, STATE_DIR, build_outputs
from ..rdf.formats import FORMATS, format_name, guess_format
from . import error, register

__all__ = ["DEFAULT_OUTPUTS", "configure", "positive_int", "progress_bar", "run"]


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="article files, folders (searched recursively) or - for stdin; none: the bundled sample")
    p.add_argument("-o", "--output", metavar="OUT", help="one RDF file; its format follows the suffix")
    p.add_argument("--format", help=f"RDF format of -o ({', '.join(FORMATS)} or an alias such as ttl, nq, jsonld)")
    p.add_argument("--out-dir", default="graph", metavar="DIR",
                   help="folder for thaikg.trig/.ttl/.jsonld/.html when -o is not given (default: graph); "
                        f"its {STATE_DIR}/ keeps what the next build reuses")
    p.add_argument("--reader", help="force the article reader (mfa, thaigov, html, plain)")
    p.add_argument("--no-html", action="store_true", help="do not draw thaikg.html")
    p.add_argument("--store", metavar="DIR",
                   help="also load the graph into the Oxigraph store in DIR (created if missing), "
                        "replacing each article's named graph")
    p.add_argument("-j", "--jobs", type=positive_int, default=None, metavar="N",
                   help=f"worker processes (default: one per core, here {os.cpu_count()})")
    p.add_argument("--article-timeout", type=float, default=None, metavar="S",
                   help="give up an article that takes longer than S seconds and go on with the rest "
                        "(default: 60 plus 30 per MB of input; 0: no limit)")
    p.add_argument("--force", action="store_true",
                   help="process every article again instead of reusing unchanged ones from the last build")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def progress_bar(total: int, quiet: bool, desc: str = "building"):
    """A tqdm bar on stderr when it is a terminal (and not ``quiet``); a no-op otherwise."""
    from tqdm import tqdm

    disable = quiet or not (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())
    return tqdm(total=total, desc=desc, unit="art", file=sys.stderr, disable=disable, dynamic_ncols=True,
                smoothing=0.1)


def run(args: argparse.Namespace) -> int:
    from ..inputs import iter_sources, sample_paths

    if args.output == "-" and not args.format:
        error("-o - (standard output) needs --format")
        return 2
    fmt = format_name(args.format) if args.format else (guess_format(args.output) if args.output else None)
    stdin = sys.stdin.buffer.read() if "-" in args.paths else None
    items = args.paths or sample_paths()
    if args.output:
        targets = [(args.output, fmt)]
        state_dir, html = None, None
    else:
        out = Path(args.out_dir)
        targets = [(out / name, f) for name, f in DEFAULT_OUTPUTS]
        state_dir = out / STATE_DIR
        html = None if args.no_html else out / HTML_NAME
    total = sum(1 for _ in iter_sources(list(items), stdin=stdin))
    with progress_bar(total, args.quiet) as bar:
        summary = build_outputs(items, state_dir=state_dir, targets=targets, html=html, jobs=args.jobs,
                                reader=args.reader, stdin=stdin, force=args.force, store=args.store,
                                progress=lambda _: bar.update(1), timeout=args.article_timeout)
    for failure in summary.skipped + summary.failed:
        error(str(failure))
    if not summary.articles:
        if not summary.skipped and not summary.failed:
            error("no articles found in " + " ".join(map(str, args.paths)))
        return 2
    if not args.quiet:
        for note in summary.notes:
            print(f"thaikg: note: {note}", file=sys.stderr)
        print(summary.line(), file=sys.stderr)
    return 1 if summary.skipped or summary.failed else 0


register("build", "build the knowledge graph of articles (default: the bundled sample into graph/)", configure, run)
