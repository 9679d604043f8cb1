#!/usr/bin/env python
"""Fuzz thaikg's pipeline: thousands of generated and mutated articles, each built in a worker
process with a time limit, reporting crashes, hangs, invariant violations and memory.

    .venv/bin/python fuzz/run.py                    # 10,000 cases, 2 workers, 10 s each
    .venv/bin/python fuzz/run.py --n 500 --seed 7   # a quick run
    .venv/bin/python fuzz/run.py --only 1234 5678   # reproduce cases (same --seed)

A case is a real article from the corpus (``--corpus``), an article generated from
thaikg's own vocabulary, a splice of two articles or garbage, put through 0-4
mutations (byte flips, truncation, line duplication/shuffling, markup and
``<script>``, control characters, very long lines, Thai digits, odd Unicode,
hostile names ...) and sometimes re-encoded (UTF-16/32, TIS-620/cp874, mojibake).
Each is built with ``thaikg.builder.build(["-"], stdin=data)``; the worker then
serialises the dataset (TriG, N-Quads, and every format on a sample), parses
it back, checks NIF offsets, dates and IRIs, and, on a sample, draws the HTML
page and rebuilds to check the output is byte-identical.

Findings (input bytes plus a ``.txt`` with the traceback) go to ``OUT/findings``;
the figures to ``OUT/report.json``. Not part of the test suite (it takes minutes).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import time
import traceback
from multiprocessing.connection import Connection, wait
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT), str(ROOT / "src")]

DEFAULT_CORPUS = Path("/work/shared/corpus/thaigov")


# -- the worker ------------------------------------------------------------------------------------

def _rss_kb() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return 0


#: Above this many triples only the cheap checks run: rdflib needs minutes to write and parse
#: such graphs (FACTS.md), which says nothing about the pipeline.
MAX_CHECK_TRIPLES = 30_000


def check_case(data: bytes, full: bool, determinism: bool, built=lambda seconds: None) -> dict:
    """Build ``data`` and check everything about the result; never raises.

    Timed: the path ``thaikg build`` takes for one article (decode, the pipeline, the
    article's graph as text: :func:`thaikg.builder.process` and
    :func:`thaikg.rdf.stream.article_rdf`, as ``builder._work`` does).
    ``built(seconds)`` is called then; the checks follow, through the in-memory API
    (:func:`thaikg.builder.build` into an rdflib dataset) unless the graph is too big.
    """
    import io
    import resource

    import pyoxigraph as ox
    from rdflib import Dataset
    from tests.hardening import checks

    from thaikg.builder import build, process
    from thaikg.errors import InputError
    from thaikg.inputs import iter_sources
    from thaikg.knowledge import Knowledge
    from thaikg.pipeline import make_pipeline
    from thaikg.rdf.formats import FORMATS, serialize
    from thaikg.rdf.stream import article_rdf, trig_prefixes, write_trig

    out: dict = {"problems": [], "status": "ok"}
    rss_before = _rss_kb()

    def finish() -> dict:
        if out["problems"] and out["status"] == "ok":
            out["status"] = out["problems"][0][0]
        out["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out["rss_growth_kb"] = _rss_kb() - rss_before
        return out

    started = time.perf_counter()
    doc = rdf = None
    try:
        source = next(iter_sources(["-"], stdin=data))  # the id build(["-"]) gives it
        doc = process(source, make_pipeline(), Knowledge.load())
        rdf = article_rdf(doc)
    except InputError as exc:
        out["status"], out["reason"] = "rejected", exc.problem[:200]
    except Exception:  # noqa: BLE001 - a bug: the builder would report "internal error"
        out["status"] = "crash"
        out["problems"].append(("crash", "pipeline:\n" + traceback.format_exc()))
    out["build_s"] = time.perf_counter() - started
    built(out["build_s"])
    if doc is None or rdf is None:
        result = build(["-"], stdin=data)  # the API must agree: a refusal or a reported internal error
        if out["status"] == "rejected" and (result.documents or checks.internal_errors(result)):
            out["problems"].append(("crash", f"build() disagrees with process(): {result.failures}"))
        return finish()
    out["stats"] = {"chars": len(doc.raw), "mentions": len(doc.mentions), "entities": len(doc.entities),
                    "facts": len(doc.facts), "reader": doc.reader, "triples": rdf.triples}
    try:
        quads = list(ox.parse(rdf.nquads, format=ox.RdfFormat.N_QUADS))
        if len(quads) != rdf.triples:
            out["problems"].append(("stream", f"the article's N-Quads hold {len(quads)} quads, it says {rdf.triples}"))
        streamed = io.BytesIO()
        write_trig([rdf], streamed, trig_prefixes([rdf.prefixes]))
        if len(list(ox.parse(streamed.getvalue(), format=ox.RdfFormat.TRIG))) != rdf.triples:
            out["problems"].append(("stream", "the streamed TriG does not parse back to as many quads"))
        out["problems"] += [("invariant", p) for p in checks.nif_problems_quads(quads)[:20]]
        if rdf.triples > MAX_CHECK_TRIPLES:
            out["limited"] = True
            return finish()
        result = build(["-"], stdin=data)
        for failure in checks.internal_errors(result):
            out["problems"].append(("crash", failure + "\n" + checks.traceback_of(data)))
        if not result.documents:
            out["problems"].append(("crash", f"build() refused what process() built: {result.failures}"))
            return finish()
        ds = result.dataset
        problems = checks.nif_problems(ds) + checks.date_problems(ds) + checks.iri_problems(ds)
        out["problems"] += [("invariant", p) for p in problems[:20]]
        nquads = serialize(ds, "nquads")
        trig = serialize(ds, "trig")
        if len(ds) != rdf.triples:
            out["problems"].append(("stream", f"build() made {len(ds)} triples, the stream {rdf.triples}"))
        if streamed.getvalue() != trig:
            out["problems"].append(("stream", "the streamed TriG (thaikg.rdf.stream) differs from rdflib's"))
        back = Dataset()
        back.parse(data=nquads, format="nquads")
        if len(back) != len(ds):
            out["problems"].append(("rdf", f"N-Quads parsed back to {len(back)} triples, not {len(ds)}"))
        if full:
            back = Dataset()
            back.parse(data=trig, format="trig")
            for fmt in FORMATS:
                payload = serialize(ds, fmt)
                parsed = Dataset()
                parsed.parse(data=payload, format=fmt)
                if fmt in ("turtle", "nt", "xml") and len(parsed) != len(set(ds.triples((None, None, None)))):
                    out["problems"].append(("rdf", f"{fmt} parsed back to {len(parsed)} triples"))
            from thaikg.viz import render_html

            out["problems"] += [("html", p) for p in checks.html_problems(render_html(ds))]
        if determinism:
            again = build(["-"], stdin=data)
            if serialize(again.dataset, "nquads") != nquads or serialize(again.dataset, "trig") != trig:
                out["problems"].append(("determinism", "a second build gave different bytes"))
    except Exception:  # noqa: BLE001
        out["problems"].append(("crash", "after the pipeline (serialise/parse/draw):\n" + traceback.format_exc()))
    if out["problems"] and out["status"] == "ok":
        out["status"] = out["problems"][0][0]
    out["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["rss_growth_kb"] = _rss_kb() - rss_before
    return out


def worker_main(conn: Connection, stack_file: str) -> None:
    import faulthandler
    import signal

    from thaikg.builder import build

    stacks = open(stack_file, "w")  # noqa: SIM115 - kept open for the life of the worker
    faulthandler.register(signal.SIGUSR1, file=stacks, all_threads=False)  # where a hung build is

    build(["-"], stdin="รัฐบาลไทย-อุ่นเครื่อง\nนายสมชาย ใจดี หารือกับญี่ปุ่น 1 มกราคม 2564\n".encode())  # load everything
    conn.send(("ready", os.getpid()))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        index, data, full, determinism = msg
        res = check_case(data, full, determinism, lambda seconds, i=index: conn.send(("built", i, seconds)))
        conn.send(("done", index, res))


# -- the parent ------------------------------------------------------------------------------------

class Worker:
    def __init__(self, ctx: mp.context.BaseContext, out: Path) -> None:
        self.conn, child = ctx.Pipe()
        self.stack_file = out / f"stack-{id(self)}-{time.monotonic_ns()}.txt"
        self.process = ctx.Process(target=worker_main, args=(child, str(self.stack_file)), daemon=True)
        self.process.start()
        child.close()
        tag, self.pid = self.conn.recv()
        assert tag == "ready"
        self.task: tuple[int, float] | None = None  # (index, start time)
        self.phase = "build"  # then "check", once the worker says the build is done
        self.peak_vmhwm_kb = 0

    def send(self, index: int, data: bytes, full: bool, determinism: bool) -> None:
        self.size_mb = len(data) / 1e6
        self.task = (index, time.monotonic())
        self.phase = "build"
        self.conn.send((index, data, full, determinism))

    def vm(self, field: str) -> int:
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def stack(self) -> str:
        """The Python stack of the worker right now (for a hang report)."""
        import signal

        try:
            os.kill(self.pid, signal.SIGUSR1)
            time.sleep(0.5)
            return self.stack_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def kill(self) -> None:
        self.peak_vmhwm_kb = max(self.peak_vmhwm_kb, self.vm("VmHWM"))
        self.process.kill()
        self.process.join()
        self.conn.close()
        self.stack_file.unlink(missing_ok=True)


def _site(detail: str) -> str:
    """Where a finding happened: the innermost frame in a pipeline stage, else in thaikg."""
    import re

    frames = re.findall(r'File "[^"]*/src/thaikg/([^"]+)", line (\d+),? in (\S+)', detail)
    if not frames:
        return ""
    # faulthandler stacks list the innermost frame first, tracebacks last
    ordered = frames if "most recent call first" in detail else frames[::-1]
    staged = [f for f in ordered if f[0].startswith("stages/")]
    path, line, func = (staged or ordered)[0]
    return f"{path}:{line} {func}"


def _save(out: Path, kind: str, index: int, data: bytes, description: str, detail: str) -> None:
    folder = out / "findings"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{kind}-{index}.bin").write_bytes(data)
    (folder / f"{kind}-{index}.txt").write_text(f"case {index}: {description}\n{len(data)} bytes\n\n{detail}\n",
                                                encoding="utf-8")


def _count(items) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        out[item] = out.get(item, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def main(argv: list[str] | None = None) -> int:
    from mutate import make_case

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=10_000, help="number of cases (default 10,000)")
    p.add_argument("--start", type=int, default=0, help="first case index")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--only", type=int, nargs="*", help="run just these case indexes")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per build before it counts as a hang")
    p.add_argument("--timeout-per-mb", type=float, default=10.0,
                   help="extra seconds per MB of input (the pipeline is linear; a hang is worse than that)")
    p.add_argument("--check-timeout", type=float, default=120.0,
                   help="seconds for the checks after a build (serialise, parse back, draw, rebuild)")
    p.add_argument("--rss-limit-mb", type=int, default=4000, help="kill a worker above this RSS (a memory blow-up)")
    p.add_argument("--full-every", type=int, default=25, help="every Nth case: all formats, parse back, HTML")
    p.add_argument("--determinism-every", type=int, default=20, help="every Nth case: build twice, compare bytes")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--out", type=Path, default=HERE / "out")
    args = p.parse_args(argv)

    corpus = sorted(args.corpus.glob("*.txt")) if args.corpus.is_dir() else []
    if not corpus:
        print(f"warning: no corpus at {args.corpus}; generated articles only", file=sys.stderr)
    indexes = args.only if args.only else list(range(args.start, args.start + args.n))
    args.out.mkdir(parents=True, exist_ok=True)

    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)  # so that `kill` still ends the workers (finally below)
    ctx = mp.get_context("spawn")
    started = time.monotonic()
    workers = [Worker(ctx, args.out) for _ in range(args.workers)]
    try:
        return _run(args, ctx, workers, corpus, indexes, started, make_case)
    finally:
        for w in workers:
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            w.stack_file.unlink(missing_ok=True)


def _run(args, ctx, workers, corpus, indexes, started, make_case) -> int:
    print(f"{len(workers)} workers ready in {time.monotonic() - started:.1f}s; {len(indexes)} cases, "
          f"seed {args.seed}, {args.timeout:g}s limit", flush=True)
    started = time.monotonic()
    pending = list(reversed(indexes))
    cases: dict[int, object] = {}
    results: dict[int, dict] = {}
    findings: list[dict] = []
    statuses: dict[str, int] = {}
    restarts = 0

    def record(index: int, res: dict) -> None:
        case = cases.pop(index)
        results[index] = {k: res.get(k) for k in ("status", "build_s", "maxrss_kb", "rss_growth_kb", "reason",
                                                  "limited")}
        results[index]["bytes"] = len(case.data)
        results[index]["description"] = case.description
        statuses[res["status"]] = statuses.get(res["status"], 0) + 1
        if res["problems"]:
            detail = "\n\n".join(f"[{k}] {d}" for k, d in res["problems"])
            kind = res["problems"][0][0]
            _save(args.out, kind, index, case.data, case.description, detail)
            findings.append({"index": index, "kind": kind, "description": case.description, "bytes": len(case.data),
                             "site": _site(detail), "detail": detail[:3000]})
            first = detail.strip().splitlines()
            print(f"  ! case {index} {kind}: {case.description} :: {first[-1][:160] if first else ''}", flush=True)

    while pending or any(w.task for w in workers):
        for i, w in enumerate(workers):
            if w.task is None and pending:
                index = pending.pop()
                case = make_case(args.seed, index, corpus)
                cases[index] = case
                w.send(index, case.data, index % args.full_every == 0, index % args.determinism_every == 0)
        busy = [w for w in workers if w.task]
        ready = wait([w.conn for w in busy], timeout=0.25)
        for w in busy:
            if w.conn in ready:
                try:
                    tag, index, res = w.conn.recv()
                    if tag == "built":
                        w.phase, w.task = "check", (index, time.monotonic())
                        continue
                except (EOFError, ConnectionError):
                    index = w.task[0]
                    w.kill()
                    res = {"status": "crash", "problems": [("crash", f"worker died (exit {w.process.exitcode})")]}
                    workers[workers.index(w)] = Worker(ctx, args.out)
                    restarts += 1
                    record(index, res)
                    continue
                w.task = None
                record(index, res)
                continue
            index, since = w.task
            elapsed = time.monotonic() - since
            rss = w.vm("VmRSS")
            limit = args.timeout + args.timeout_per_mb * w.size_mb if w.phase == "build" else args.check_timeout
            if elapsed > limit or rss > args.rss_limit_mb * 1024:
                kind = ("hang" if w.phase == "build" else "slow-check") if elapsed > limit else "memory"
                stack = w.stack()
                w.kill()
                res = {"status": kind, "build_s": elapsed if w.phase == "build" else None,
                       "maxrss_kb": max(rss, w.peak_vmhwm_kb),
                       "problems": [(kind, (f"killed after {elapsed:.1f}s ({w.phase}) at {rss / 1024:.0f} MB RSS"
                                            f"\n{stack}"))]}
                workers[workers.index(w)] = Worker(ctx, args.out)
                restarts += 1
                record(index, res)
        done = len(results)
        if done and done % 500 == 0 and getattr(main, "_last", None) != done:
            main._last = done  # type: ignore[attr-defined]
            rate = done / (time.monotonic() - started)
            print(f"{done}/{len(indexes)} cases, {rate:.1f}/s, {len(findings)} findings, {statuses}", flush=True)

    for w in workers:
        w.peak_vmhwm_kb = max(w.peak_vmhwm_kb, w.vm("VmHWM"))
        w.conn.send(None)
        w.process.join(5)
        w.stack_file.unlink(missing_ok=True)
    elapsed = time.monotonic() - started

    times = sorted(r["build_s"] for r in results.values() if r.get("build_s") is not None)

    def pct(q: float) -> float:
        return times[min(len(times) - 1, int(q * len(times)))] if times else 0.0

    peak_rss = max([r["maxrss_kb"] or 0 for r in results.values()] + [w.peak_vmhwm_kb for w in workers])
    slowest = sorted(results.items(), key=lambda kv: -(kv[1]["build_s"] or 0))[:10]
    growth = sorted(results.items(), key=lambda kv: -(kv[1]["rss_growth_kb"] or 0))[:5]
    report = {
        "seed": args.seed, "cases": len(results), "seconds": round(elapsed, 1), "workers": args.workers,
        "timeout_s": args.timeout, "statuses": statuses,
        "crashes": sum(1 for f in findings if f["kind"] == "crash"),
        "hangs": sum(1 for f in findings if f["kind"] == "hang"),
        "memory": sum(1 for f in findings if f["kind"] == "memory"),
        "other_findings": sum(1 for f in findings if f["kind"] not in ("crash", "hang", "memory")),
        "worker_restarts": restarts,
        "checks_limited": sum(1 for r in results.values() if r.get("limited")),
        "largest_inputs": [{"index": i, "bytes": r["bytes"], "build_s": round(r["build_s"] or 0, 2),
                            "status": r["status"], "description": r["description"]}
                           for i, r in sorted(results.items(), key=lambda kv: -kv[1]["bytes"])[:5]],
        "peak_rss_mb": round(peak_rss / 1024, 1),
        "build_seconds": {"mean": round(statistics.mean(times), 4) if times else 0, "p50": round(pct(0.5), 4),
                          "p90": round(pct(0.9), 4), "p99": round(pct(0.99), 4), "p999": round(pct(0.999), 4),
                          "max": round(times[-1], 3) if times else 0},
        "slowest": [{"index": i, "build_s": round(r["build_s"] or 0, 2), "bytes": r["bytes"],
                     "description": r["description"]} for i, r in slowest],
        "largest_rss_growth": [{"index": i, "growth_mb": round((r["rss_growth_kb"] or 0) / 1024, 1),
                                "bytes": r["bytes"], "description": r["description"]} for i, r in growth],
        "sites": _count(f"{f['kind']} at {f['site'] or '?'}" for f in findings),
        "findings": findings,
    }
    (args.out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "findings"}, ensure_ascii=False, indent=2))
    print(f"report: {args.out / 'report.json'}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
