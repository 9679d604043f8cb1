"""Throughput of reading and segmenting the thaigov corpus, to choose engines on evidence.

Reads all articles (decode + normalise + layout), then tokenises every title and
paragraph with nlpo3 and with pythainlp's newmm (both with the same dictionary:
pythainlp's words plus a few multiword names), then with the other engines that
work offline (on a subset: they are much slower), then splits sentences with the
rules and with pythainlp's CRF model.  Every figure is the median of ``--runs``
runs.  Usage::

    .venv/bin/python benchmarks/tokenisers.py [--corpus DIR] [--runs 3] [--subset 100]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from thaikg.document import Document, Span
from thaikg.errors import ThaiKGError
from thaikg.text.encoding import decode
from thaikg.text.normalise import normalise
from thaikg.text.offline import configure
from thaikg.text.readers import read_layout
from thaikg.text.segment import Tokenizer, sentences

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "thaigov"
NAMES = ("นายชุตินทร คงศักดิ์", "โควิด-๑๙", "รองปลัดกระทรวงการต่างประเทศ", "ที่ประชุมฯ")


def read_all(files: Sequence[Path]) -> tuple[list[Document], list[str]]:
    docs, failures = [], []
    for path in files:
        try:
            doc = Document(id=path.stem, source=str(path), raw=decode(path.read_bytes(), str(path)))
            doc.text, doc.offsets, doc.offset_ends = normalise(doc.raw)
            read_layout(doc)
            docs.append(doc)
        except (ThaiKGError, OSError) as err:
            failures.append(f"{path.name}: {err}")
    return docs, failures


def pieces(doc: Document) -> list[Span]:
    return ([doc.title_span] if doc.title_span else []) + doc.paragraphs


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(name: str, chars: int, n_docs: int, seconds: float) -> str:
    return f"  {name:<26} {chars / seconds:>14,.0f} chars/s {n_docs / seconds:>10,.1f} articles/s  ({seconds:.2f} s)"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--subset", type=int, default=100, help="articles for the slow engines")
    args = ap.parse_args(argv)
    files = sorted(args.corpus.glob("*.txt"))
    if not files:
        print(f"no articles in {args.corpus}", file=sys.stderr)
        return 2
    configure()
    raw_chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    print(f"corpus: {len(files)} articles, {raw_chars:,} characters; median of {args.runs} runs; "
          f"one core, Python {sys.version.split()[0]}")

    docs, failures = read_all(files)
    seconds = median_time(lambda: read_all(files), args.runs)
    print("\nreading (decode + normalise + layout):")
    print(line("readers", raw_chars, len(files), seconds))
    print(f"  articles that failed to read: {len(failures)}")
    for failure in failures:
        print(f"    {failure}")
    print(f"  articles with no body paragraph: {sum(1 for d in docs if not d.paragraphs)}")

    seg_chars = sum(s.end - s.start for d in docs for s in pieces(d))
    print(f"\ntokenisation of titles + paragraphs ({seg_chars:,} characters), dictionary = thai_words() + names:")
    speeds = {}
    for engine in ("nlpo3", "newmm"):
        start = time.perf_counter()
        tokenizer = Tokenizer(NAMES, engine=engine)
        tokenizer.tokenize("ทดสอบ")
        build = time.perf_counter() - start

        def run(tokenizer: Tokenizer = tokenizer) -> None:
            for d in docs:
                for s in pieces(d):
                    tokenizer.tokenize(d.text, s)

        seconds = median_time(run, args.runs)
        speeds[engine] = seg_chars / seconds
        print(line(engine, seg_chars, len(docs), seconds) + f"  dictionary {build:.2f} s")
    print(f"  nlpo3 / newmm: {speeds['nlpo3'] / speeds['newmm']:.1f}x")

    from pythainlp.tokenize import word_tokenize

    subset = docs[:args.subset]
    sub_chars = sum(s.end - s.start for d in subset for s in pieces(d))
    print(f"\nother offline engines, pythainlp's own dictionary, "
          f"first {len(subset)} articles ({sub_chars:,} characters):")
    for engine in ("newmm", "newmm-safe", "mm", "longest"):
        chosen = subset if engine != "longest" else subset[:max(1, len(subset) // 10)]
        chars = sum(s.end - s.start for d in chosen for s in pieces(d))

        def run_engine(engine: str = engine, chosen: list[Document] = chosen) -> None:
            for d in chosen:
                for s in pieces(d):
                    word_tokenize(d.text[s.start:s.end], engine=engine)

        print(line(engine, chars, len(chosen), median_time(run_engine, args.runs))
              + ("  (a tenth of the subset: quadratic)" if engine == "longest" else ""))

    print("\nsentence splitting:")
    seconds = median_time(lambda: [sentences(d.text, d.paragraphs) for d in docs], args.runs)
    para_chars = sum(p.end - p.start for d in docs for p in d.paragraphs)
    print(line("rules (all articles)", para_chars, len(docs), seconds))
    sentences(subset[0].text, subset[0].paragraphs[:1], engine="crfcut")  # load the model outside the timing
    sub_para = sum(p.end - p.start for d in subset for p in d.paragraphs)
    seconds = median_time(lambda: [sentences(d.text, d.paragraphs, engine="crfcut") for d in subset], args.runs)
    print(line(f"crfcut (first {len(subset)})", sub_para, len(subset), seconds))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
