"""``thaikg remove``: drop articles from a built graph and rewrite its files."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..incremental import DEFAULT_OUTPUTS, HTML_NAME, STATE_DIR, remove_articles
from . import register


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("articles", nargs="+", metavar="ARTICLE",
                   help="article ids (the file name without its suffix), files as given to build, or article IRIs")
    p.add_argument("--out-dir", default="graph", metavar="DIR",
                   help=f"the folder thaikg build wrote (default: graph); needs its {STATE_DIR}/")
    p.add_argument("--no-html", action="store_true", help="do not draw thaikg.html")
    p.add_argument("--store", metavar="DIR", help="also drop the articles' named graphs from the Oxigraph store in DIR")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def run(args: argparse.Namespace) -> int:
    out = Path(args.out_dir)
    summary = remove_articles(args.articles, state_dir=out / STATE_DIR,
                              targets=[(out / name, fmt) for name, fmt in DEFAULT_OUTPUTS],
                              html=None if args.no_html else out / HTML_NAME, store=args.store)
    if not args.quiet:
        for note in summary.notes:
            print(f"thaikg: note: {note}", file=sys.stderr)
        print(f"removed {summary.removed} article{'s' if summary.removed != 1 else ''}; {summary.line()}",
              file=sys.stderr)
    return 0


register("remove", "drop articles (and the entities only they mention) from a built graph", configure, run)
