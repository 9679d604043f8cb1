"""``thaikg push``: replace each article's named graph on a remote triple store."""
from __future__ import annotations

import argparse
import sys

from . import register


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="GRAPH|STORE", help="an RDF file, a folder of them, or an Oxigraph store folder")
    p.add_argument("--endpoint", metavar="URL",
                   help="Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store; each graph is PUT to "
                        "URL?graph=<article IRI>, replacing it")
    p.add_argument("--update-endpoint", metavar="URL",
                   help="SPARQL Update endpoint, used when --endpoint does not do the Graph Store Protocol "
                        "(or alone): DROP SILENT GRAPH + INSERT DATA")
    auth = p.add_argument_group("authentication (never put a secret on the command line)")
    auth.add_argument("--auth-header-env", metavar="VAR",
                      help="send the value of environment variable VAR as the Authorization header "
                           "(e.g. VAR='Bearer …')")
    auth.add_argument("--auth-header-name", default="Authorization", metavar="NAME",
                      help="header that --auth-header-env fills (default: Authorization)")
    auth.add_argument("--header-file", metavar="FILE", help="send the 'Name: value' header lines in FILE")
    auth.add_argument("--netrc", nargs="?", const=True, default=None, metavar="FILE",
                      help="HTTP Basic credentials for the endpoint's host from ~/.netrc (or FILE)")
    p.add_argument("--timeout", type=float, default=120.0, metavar="S", help="seconds per request (default: 120)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def run(args: argparse.Namespace) -> int:
    from ..push import PushError, PushResult, auth_headers, push
    from ..store import read_source

    if not args.endpoint and not args.update_endpoint:
        raise PushError("give --endpoint URL (Graph Store Protocol) and/or --update-endpoint URL")
    url = args.endpoint or args.update_endpoint
    headers = auth_headers(env_var=args.auth_header_env, header_name=args.auth_header_name,
                           header_file=args.header_file, use_netrc=args.netrc is True,
                           netrc_file=args.netrc if isinstance(args.netrc, str) else None, url=url)
    source = read_source(args.graph)  # as written: a store would canonicalise literals

    def progress(result: PushResult) -> None:
        if not args.quiet:
            print(f"{result.graph}: {result.triples} triples ({result.method})", file=sys.stderr)

    results = push(source, args.endpoint, update_endpoint=args.update_endpoint, headers=headers,
                   timeout=args.timeout, progress=progress)
    if not args.quiet:
        print(f"pushed {len(results)} graphs, {sum(r.triples for r in results)} triples to {url}", file=sys.stderr)
    return 0


register("push", "push each article's named graph to a remote store (Graph Store Protocol PUT, or SPARQL Update)",
         configure, run)
