"""Load and query a real thaikg graph with rdflib's memory store and with Oxigraph, to show why
``thaikg query`` (and serve, push, export) route everything through Oxigraph.

Builds a graph from the thaigov corpus with :func:`thaikg.builder.build` (all articles by
default, or ``--limit N``; or reads ``--graph FILE``), writes it once as N-Quads, then times

* loading the N-Quads: rdflib ``Dataset.parse`` vs pyoxigraph ``Store.bulk_load``;
* every shipped competency question (``ontology/queries/*.rq``), over the union of the
  article graphs, on both engines.

Every figure is the median of ``--runs`` runs. Each rdflib query runs in a forked child that
is killed after ``--timeout`` seconds (rdflib cannot be interrupted in-process); it is then
reported as "> N s" and not repeated. Usage::

    .venv/bin/python benchmarks/store_vs_rdflib.py [--corpus DIR] [--limit N] [--graph FILE]
                                                   [--runs 3] [--timeout 60]
"""
from __future__ import annotations

import argparse
import functools
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef

from thaikg.query import competency_questions, run_query
from thaikg.store import load_into_store

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "thaigov"


def median_time(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def make_graph(args: argparse.Namespace, folder: Path) -> Path:
    """The graph as one N-Quads file (built from the corpus unless --graph is given)."""
    nquads = folder / "graph.nq"
    store = ox.Store()
    if args.graph:
        load_into_store(Path(args.graph), store, replace=False)
        print(f"graph: {args.graph}", file=sys.stderr)
    else:
        from thaikg.builder import build

        files = sorted(Path(args.corpus).glob("*.txt"))
        if args.limit:
            files = files[: args.limit]
        if not files:
            sys.exit(f"no .txt articles in {args.corpus}")
        started = time.perf_counter()
        result = build(files)
        elapsed = time.perf_counter() - started
        print(f"built {len(result.documents)} of {len(files)} articles in {elapsed:.1f} s "
              f"({len(result.failures)} failed)", file=sys.stderr)
        load_into_store(result.dataset, store)
    store.dump(str(nquads), format=ox.RdfFormat.N_QUADS)
    print(f"{len(store):,} quads in {len(list(store.named_graphs())):,} named graphs "
          f"({nquads.stat().st_size / 1e6:.1f} MB of N-Quads)", file=sys.stderr)
    return nquads


def load_rdflib(path: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(str(path), format="nquads")
    return ds


def load_oxigraph(path: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def params_for(store: ox.Store) -> dict[str, dict[str, ox.NamedNode | ox.Literal]]:
    """Parameters for the competency questions that take one: the most mentioned person."""
    top = run_query(store, """
        SELECT ?e (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?a) AS ?n) WHERE {
          ?e a tkg:Person ; rdfs:label ?l ; tkg:mentionedIn ?a .
          FILTER EXISTS { ?s rdf:subject ?e }
        } GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1""")
    if not top.rows:
        return {}
    entity, label, _ = top.rows[0]
    return {"entity-by-label": {"label": ox.Literal(label.value)}, "fact-sources": {"entity": entity}}


def _rdflib_term(term: ox.NamedNode | ox.Literal) -> URIRef | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    return Literal(term.value, lang=term.language) if term.language else Literal(term.value)


def _rdflib_child(ds: Dataset, text: str, bindings: dict, conn) -> None:
    started = time.perf_counter()
    rows = len(list(ds.query(text, initBindings=bindings)))
    conn.send((time.perf_counter() - started, rows))
    conn.close()


def time_rdflib(ds: Dataset, text: str, bindings: dict, runs: int, timeout: float) -> tuple[float | None, int | None]:
    """Median seconds and rows of the query on rdflib, each run in a forked child; (None, None) past ``timeout``."""
    ctx = mp.get_context("fork")  # the child shares the loaded dataset, copy-on-write
    times, rows = [], None
    for _ in range(runs):
        parent, child = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_rdflib_child, args=(ds, text, bindings, child))
        process.start()
        child.close()
        if parent.poll(timeout):
            elapsed, rows = parent.recv()
            times.append(elapsed)
            process.join()
        else:
            process.kill()
            process.join()
            return None, None
    return statistics.median(times), rows


def fmt(seconds: float | None, timeout: float) -> str:
    return f"> {timeout:.0f} s" if seconds is None else f"{seconds:.3f} s"


def ratio(slow: float | None, fast: float, timeout: float) -> str:
    if fast <= 0:
        return "-"
    return f"> {timeout / fast:,.0f}×" if slow is None else f"{slow / fast:,.1f}×"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="folder of thaigov .txt articles")
    p.add_argument("--limit", type=int, help="build only the first N articles")
    p.add_argument("--graph", help="use this built graph instead of building one")
    p.add_argument("--runs", type=int, default=3, help="runs per figure; the median is reported (default: 3)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds before an rdflib query is abandoned")
    args = p.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        nquads = make_graph(args, Path(tmp))
        rows: list[tuple[str, str, str, str, str]] = []
        t_rdflib, ds = median_time(lambda: load_rdflib(nquads), args.runs)
        t_ox, store = median_time(lambda: load_oxigraph(nquads), args.runs)
        rows.append(("load N-Quads", fmt(t_rdflib, 0), fmt(t_ox, 0), ratio(t_rdflib, t_ox, 0), ""))
        print(f"loaded: rdflib {t_rdflib:.2f} s, oxigraph {t_ox:.2f} s", file=sys.stderr)
        params = params_for(store)
        for name, cq in competency_questions().items():
            if cq.params and name not in params:
                continue
            bound = params.get(name, {})
            t_ox, result = median_time(functools.partial(run_query, store, cq.text, bound, source=name), args.runs)
            bindings = {k: _rdflib_term(v) for k, v in bound.items()}
            t_rdf, n_rdf = time_rdflib(ds, cq.text, bindings, args.runs, args.timeout)
            rows.append((f"cq {name}", fmt(t_rdf, args.timeout), fmt(t_ox, 0), ratio(t_rdf, t_ox, args.timeout),
                         f"{len(result.rows)} rows" + ("" if n_rdf in (None, len(result.rows))
                                                       else f" (rdflib {n_rdf})")))
            print(f"{name}: rdflib {fmt(t_rdf, args.timeout)}, oxigraph {t_ox:.3f} s", file=sys.stderr)

    header = ("operation", "rdflib memory", "pyoxigraph", "ratio", "")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    for r in [header, *rows]:
        print("  ".join(c.ljust(w) if i in (0, 4) else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
