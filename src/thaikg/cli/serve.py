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
                   help="stop a query (on a writable server also an update) after S seconds, killing the process "
                        "that runs it; the client gets 503 (default: 30; 0: never)")
    p.add_argument("--max-result-mb", type=float, default=100.0, metavar="MB",
                   help="refuse an answer larger than MB megabytes with 507 instead of sending it "
                        "(default: 100; 0: no limit)")
    p.add_argument("--allow-service", action="store_true",
                   help="with --writable: let SERVICE and LOAD make the server fetch from other servers "
                        "(refused by default; always refused on a read-only server)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="query worker processes kept ready (default: one per core, 2 to 4)")


def run(args: argparse.Namespace) -> int:
    from ..serve import Server, start_server

    if args.allow_service and not args.writable:
        error("--allow-service needs --writable: a read-only server always refuses SERVICE")
        return 2
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        error(f"warning: listening on {args.host}: other machines can reach this endpoint"
              + ("" if not args.writable else " and change the data"))
    started: list[Server] = []  # filled as soon as the server exists: Ctrl-C at any point still stops it
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the server as Ctrl-C does
    try:
        server = start_server(args.graph, host=args.host, port=args.port or None, writable=args.writable,
                              timeout=args.timeout or None, max_result_mb=args.max_result_mb or None,
                              allow_service=args.allow_service, workers=args.workers, on_start=started.append)
        mode = "read-write" if args.writable else "read-only"
        limits = server.limits
        bounds = [f"{limits.timeout:g} s per query" if limits.timeout else "no time limit",
                  f"{limits.max_bytes / 1e6:g} MB per answer" if limits.max_bytes else "no size limit",
                  "SERVICE allowed" if limits.allow_service else "SERVICE refused"]
        print(f"serving {args.graph} ({mode}) at {server.url}\n"
              f"  query page   {server.url}\n"
              f"  SPARQL query {server.query_url}\n"
              + (f"  SPARQL update {server.update_url}\n" if args.writable else "")
              + f"  graph store  {server.store_url}\n"
              f"  limits       {', '.join(bounds)}\n"
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
