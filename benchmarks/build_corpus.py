"""How fast and how big ``thaikg build`` is on a real corpus, against one newmm tokenisation pass.

Builds the thaigov corpus (1,768 articles) from scratch into a temporary folder
with the default outputs (TriG, Turtle, JSON-LD; the page is not drawn at this
size), ``--runs`` times, and in the same process times one pythainlp ``newmm``
pass over the same texts (paragraph by paragraph, one core, dictionary built
beforehand). Prints the median of the runs:

* articles/s and triples/s of the whole build (extraction + outputs), and of the
  extraction phase alone;
* peak RSS of the process tree: sampled every 0.1 s over this process and all its
  descendants, and the ``getrusage`` bound (self + jobs x largest child);
* the build time divided by the newmm pass time (target: at most 3);
* the time the whole 63,241-article corpus would take at the same rate (target: < 10 min).

Usage::

    .venv/bin/python benchmarks/build_corpus.py [--corpus DIR] [--runs 3] [--jobs N] [--limit N]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "thaigov"
FULL_CORPUS = 63_241


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (Linux /proc)."""
    total, stack, seen = 0, [root], set()
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * page
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


class PeakSampler:
    def __init__(self, interval: float = 0.1) -> None:
        self.peak = 0
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakSampler:  # noqa: PYI034
        if Path("/proc/self/statm").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def newmm_pass(files: list[Path]) -> tuple[float, int]:
    """Seconds for one newmm pass over the articles' lines, and the characters tokenised."""
    from thaikg.text.encoding import decode
    from thaikg.text.offline import configure

    configure()
    from pythainlp.tokenize import word_tokenize

    word_tokenize("สวัสดีครับ", engine="newmm")  # builds the dictionary: not part of the pass
    texts = []
    for path in files:
        try:
            texts.append(decode(path.read_bytes(), str(path)))
        except Exception:  # noqa: BLE001, S112  (what the build skips, the pass skips too)
            continue
    chars = sum(len(t) for t in texts)
    started = time.perf_counter()
    for text in texts:
        for line in text.split("\n"):
            if line.strip():
                word_tokenize(line, engine="newmm")
    return time.perf_counter() - started, chars


def build_once(files: list[Path], jobs: int) -> dict:
    from thaikg.incremental import DEFAULT_OUTPUTS, build_outputs

    marks: list[float] = []
    with tempfile.TemporaryDirectory(prefix="thaikg-bench-") as tmp:
        out = Path(tmp)
        started = time.perf_counter()
        summary = build_outputs(files, state_dir=out / ".thaikg", targets=[(out / n, f) for n, f in DEFAULT_OUTPUTS],
                                html=out / "thaikg.html", jobs=jobs, force=True,
                                progress=lambda _: marks.append(time.perf_counter()))
        seconds = time.perf_counter() - started
        sizes = {n: (out / n).stat().st_size for n, _ in DEFAULT_OUTPUTS}
    return {"seconds": seconds, "extract": (marks[-1] - started) if marks else seconds, "summary": summary,
            "sizes": sizes}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args(argv)
    files = sorted(p for p in args.corpus.glob("*.txt"))
    if args.limit:
        files = files[:args.limit]
    if not files:
        print(f"no articles in {args.corpus}", file=sys.stderr)
        return 2
    from thaikg.knowledge import Knowledge

    Knowledge.load()  # as a long-running build would have; workers inherit it
    print(f"{len(files)} articles from {args.corpus}, {args.jobs} jobs, {args.runs} runs, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    runs, newmm, peaks = [], [], []
    chars = 0
    for i in range(args.runs):
        with PeakSampler() as sampler:
            run = build_once(files, args.jobs)
        peaks.append(sampler.peak)
        runs.append(run)
        t, chars = newmm_pass(files)
        newmm.append(t)
        s = run["summary"]
        print(f"run {i + 1}: build {run['seconds']:.1f}s (extraction {run['extract']:.1f}s, "
              f"outputs {run['seconds'] - run['extract']:.1f}s), newmm pass {t:.1f}s, "
              f"tree peak {sampler.peak / 2**20:.0f} MiB; {s.articles} articles, {s.triples} triples, "
              f"{len(s.skipped)} skipped, {len(s.failed)} failed")
    s = runs[-1]["summary"]
    for failure in s.skipped + s.failed:
        print(f"  left out: {failure}")
    build_s = statistics.median(r["seconds"] for r in runs)
    extract_s = statistics.median(r["extract"] for r in runs)
    newmm_s = statistics.median(newmm)
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    rate = s.articles / build_s
    print()
    print(f"articles/s          {rate:8.1f}   (extraction alone {s.articles / extract_s:.1f})")
    print(f"triples/s           {s.triples / build_s:8.0f}   ({s.triples} triples, "
          f"{s.entities} entities, {s.facts} facts, {s.mentions} mentions)")
    print(f"peak RSS, tree      {statistics.median(peaks) / 2**20:8.0f} MiB (sampled; max of runs "
          f"{max(peaks) / 2**20:.0f} MiB)")
    print(f"peak RSS, getrusage {(self_peak + args.jobs * child_peak) / 2**20:8.0f} MiB "
          f"(self {self_peak / 2**20:.0f} + {args.jobs} x largest child {child_peak / 2**20:.0f})")
    print(f"newmm pass          {newmm_s:8.1f} s    ({chars / newmm_s / 1e3:.0f}k chars/s, one core)")
    print(f"build / newmm       {build_s / newmm_s:8.2f}      (target <= 3)")
    print(f"63,241 articles     {FULL_CORPUS / rate / 60:8.1f} min  (target < 10)")
    print("outputs             " + ", ".join(f"{n} {b / 2**20:.0f} MiB" for n, b in runs[-1]["sizes"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
