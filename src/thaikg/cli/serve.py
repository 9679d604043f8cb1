"""``thaikg serve``: a SPARQL endpoint and query page for a graph, until Ctrl-C."""
from __future__ import annotations

import argparse
import signal
import sys

from . import error, register


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="GRAPH|STORE",
                   help="an RDF file or folder (loaded into a temporary store) or an Oxigraph store folder")
    p.add_argument("--port", type=int, default=7878, help="TCP port (default: 7878; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--writable", action="store_true",
                   help="accept SPARQL Update and Graph Store writes (default: read-only); "
                        "writes to a loaded RDF file are lost when the server stops")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S",
                   help="abort SPARQL queries after S seconds, rounded up (default: 30; 0: never)")


def run(args: argparse.Namespace) -> int:
    from ..serve import Server, start_server

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        error(f"warning: listening on {args.host}: other machines can reach this endpoint"
              + ("" if not args.writable else " and change the data"))
    started: list[Server] = []  # filled as soon as the process exists: Ctrl-C at any point still stops it
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the server as Ctrl-C does
    try:
        server = start_server(args.graph, host=args.host, port=args.port or None, writable=args.writable,
                              timeout=args.timeout or None, on_start=started.append)
        mode = "read-write" if args.writable else "read-only"
        print(f"serving {args.graph} ({mode}) at {server.url}\n"
              f"  query page   {server.url}\n"
              f"  SPARQL query {server.query_url}\n"
              + (f"  SPARQL update {server.update_url}\n" if args.writable else "")
              + f"  graph store  {server.store_url}\n"
              "press Ctrl-C to stop", file=sys.stderr, flush=True)
        status = server.wait()
        if status:
            error(f"the oxigraph server stopped (exit {status}): {server.log_tail()}")
            return 2
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        for s in started:
            s.stop()
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


register("serve", "serve a graph or store over HTTP: SPARQL endpoint, Graph Store Protocol, YASGUI page",
         configure, run)
