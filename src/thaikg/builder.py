"""The Python API behind ``thaikg build``: articles in, an RDF dataset out.

Two ways in:

* :func:`build` keeps everything in memory: every :class:`~thaikg.document.Document`
  and one rdflib :class:`~rdflib.Dataset`. For a handful of articles (tests, notebooks).
* :func:`iter_build` streams: it yields one :class:`ArticleResult` per article as it is
  finished, its named graph as the bytes of a :class:`~thaikg.rdf.stream.ArticleRDF`
  record (or written by a ``record_sink`` in the worker), and can spread the articles
  over a pool of processes (``jobs``), each article under a time limit. Memory stays
  flat however large the corpus; :mod:`thaikg.incremental` builds output files from it.
"""
from __future__ import annotations

import contextlib
import hashlib
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from .document import Document
from .errors import ArticleTimeout, InputError, ThaiKGError
from .inputs import Source, iter_sources, sample_paths
from .knowledge import Knowledge
from .pipeline import DEFAULT_STAGES, Stage, make_pipeline, run
from .rdf.convert import add_document, new_dataset
from .rdf.stream import ArticleRDF, article_rdf
from .text.encoding import decode


@dataclass
class Failure:
    """An article that could not be built, with a one-line reason."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class BuildResult:
    """What :func:`build` returns: the whole dataset and every document, in memory."""

    dataset: Dataset
    documents: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


#: What happened to one article in :func:`iter_build`.
BUILT, CACHED, SKIPPED, FAILED = "built", "cached", "skipped", "failed"


@dataclass
class ArticleResult:
    """One article of :func:`iter_build`.

    ``status`` is ``built`` (``record`` holds its named graph), ``cached`` (unchanged since
    the build that ``known`` describes: not processed again, no ``record``),
    ``skipped`` (not an article: empty, binary, unreadable) or ``failed`` (the
    pipeline raised); ``reason`` says why in one line for the last two.

    The graph travels as the bytes of its cache record
    (:meth:`~thaikg.rdf.stream.ArticleRDF.to_bytes`), made by the worker, with the
    counts and prefixes a manifest keeps in ``summary``: the parent process, which
    assembles every article, then only writes bytes.
    """

    id: str
    source: str
    digest: str = ""
    status: str = BUILT
    reason: str = ""
    record: bytes | None = None
    summary: dict = field(default_factory=dict)
    document: Document | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in (BUILT, CACHED)

    @property
    def rdf(self) -> ArticleRDF | None:
        """The named graph, decoded from ``record``."""
        return ArticleRDF.from_bytes(self.record) if self.record is not None else None

    def failure(self) -> Failure:
        return Failure(self.source, self.reason)


def process(source: Source, pipeline: Sequence[Stage], knowledge: Knowledge, reader: str | None = None) -> Document:
    """Read one article and run the pipeline over it."""
    raw = decode(source.read(), source.name)
    doc = Document(id=source.id, source=source.name, raw=raw, reader=reader or "")
    return run(doc, pipeline, knowledge)


def _failure_reason(exc: BaseException) -> tuple[str, str]:
    """(status, one-line reason) for an exception raised while building one article."""
    if isinstance(exc, InputError):
        return SKIPPED, exc.problem
    if isinstance(exc, ThaiKGError):
        return FAILED, str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = str(exc).splitlines()[0] if str(exc) else ""
    return FAILED, f"internal error: {type(exc).__name__}: {text}"


def build(paths: Iterable[str | Path] | None = None, *, reader: str | None = None,
          stages: Sequence[str] = DEFAULT_STAGES, stdin: bytes | None = None) -> BuildResult:
    """Build the graph of the articles at ``paths`` (files, folders, ``-``); the sample when ``None``.

    Everything stays in memory (every document and the whole dataset): for small
    builds. A corpus goes through :func:`iter_build` or :func:`thaikg.incremental.build_outputs`.
    One bad article never stops the batch: it is recorded in ``failures``.
    """
    items = list(paths) if paths is not None else sample_paths()
    pipeline = make_pipeline(stages)
    knowledge = Knowledge.load()
    result = BuildResult(new_dataset())
    for source in iter_sources(items, stdin=stdin):
        if isinstance(source, InputError):
            result.failures.append(Failure(source.source, source.problem))
            continue
        try:
            doc = process(source, pipeline, knowledge, reader)
        except InputError as exc:
            result.failures.append(Failure(exc.source, exc.problem))
            continue
        except Exception as exc:  # noqa: BLE001  (a bug must not cost the rest of the batch)
            result.failures.append(Failure(source.name, _failure_reason(exc)[1]))
            continue
        add_document(result.dataset, doc)
        result.documents.append(doc)
    return result


# -- streaming, in parallel ------------------------------------------------------------------------

def content_digest(data: bytes, reader: str | None = None) -> str:
    """What decides whether an article must be built again: its bytes and the reader forced on it."""
    h = hashlib.sha256(data)
    h.update(b"\0reader=" + (reader or "").encode("utf-8"))
    return h.hexdigest()


#: The default time limit of one article: this many seconds, plus ``PER_MB`` per megabyte of input.
#: Real articles take milliseconds; the limit is there for inputs no rule was written for.
ARTICLE_TIMEOUT, ARTICLE_TIMEOUT_PER_MB = 60.0, 30.0


def time_limit(size: int, timeout: float | None = None) -> float:
    """Seconds one article of ``size`` bytes may take: ``timeout`` if given (0: no limit), else the default."""
    if timeout is not None:
        return max(0.0, timeout)
    return ARTICLE_TIMEOUT + ARTICLE_TIMEOUT_PER_MB * size / 1e6


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` in this thread after ``seconds`` (a ``SIGALRM`` timer).

    Only the main thread of a process can take signals: elsewhere, and without
    ``SIGALRM`` (Windows), no limit applies. Code inside one long C call (a regular
    expression) is interrupted when the call returns.
    """
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ArticleTimeout(f"took longer than {seconds:.0f} s and was given up (see --article-timeout)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Worker:
    """Per-process state: the pipeline and :class:`Knowledge`, loaded once."""

    pipeline: list[Stage] | None = None
    knowledge: Knowledge | None = None
    reader: str | None = None
    keep_documents = False
    record_sink: Callable[[ArticleResult], None] | None = None
    timeout: float | None = None


def _init_worker(stages: Sequence[str], reader: str | None, keep_documents: bool = False,
                 record_sink: Callable[[ArticleResult], None] | None = None, timeout: float | None = None) -> None:
    from .text.offline import configure

    configure()
    _Worker.pipeline = make_pipeline(stages)
    _Worker.knowledge = Knowledge.load()
    _Worker.reader = reader
    _Worker.keep_documents = keep_documents
    _Worker.record_sink = record_sink
    _Worker.timeout = timeout


def _work(task: tuple[str, str, bytes, str]) -> ArticleResult:
    """Build one article (in a worker process, or in-process with one job)."""
    doc_id, name, data, digest = task
    started = time.perf_counter()
    result = ArticleResult(doc_id, name, digest)
    try:
        assert _Worker.pipeline is not None and _Worker.knowledge is not None
        with _deadline(time_limit(len(data), _Worker.timeout)):
            doc = process(Source(name, doc_id, data=data), _Worker.pipeline, _Worker.knowledge, _Worker.reader)
            rdf = article_rdf(doc)
        result.record = rdf.to_bytes()
        result.summary = {**rdf.summary(), "prefixes": rdf.prefixes}
        if _Worker.keep_documents:
            result.document = doc
        if _Worker.record_sink is not None:
            _Worker.record_sink(result)
    except Exception as exc:  # noqa: BLE001  (one bad article never stops the batch)
        result.status, result.reason = _failure_reason(exc)
    result.seconds = time.perf_counter() - started
    return result


def pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` where there is one (workers start at once and share the parent's imports), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else "spawn")


def iter_build(paths: Iterable[str | Path] | None = None, *, reader: str | None = None,
               stages: Sequence[str] = DEFAULT_STAGES, stdin: bytes | None = None, jobs: int | None = 1,
               known: Mapping[str, str] | None = None, keep_documents: bool = False,
               window: int | None = None, record_sink: Callable[[ArticleResult], None] | None = None,
               timeout: float | None = None) -> Iterator[ArticleResult]:
    """Build the articles at ``paths`` one by one, yielding an :class:`ArticleResult` for each
    as soon as it is finished (in order of completion: sort by ``id`` for a stable order).

    ``jobs`` processes do the work (``None``: one per core; 1: in this process).
    Articles whose id and content digest (:func:`content_digest`) appear in ``known``
    are not built again: they come back as ``cached``. Only a few articles are in
    flight at once (``window``), so memory does not grow with the corpus.

    ``record_sink`` (picklable) is called with every built article in the process that
    built it, before the result travels back: a cache writer there spares the parent,
    which handles every article in turn, from moving and writing each graph.

    An article that takes longer than its time limit (:func:`time_limit` of ``timeout``)
    comes back ``failed``, and the batch goes on.
    """
    items = list(paths) if paths is not None else sample_paths()
    jobs = max(1, jobs or os.cpu_count() or 1)
    known = known or {}
    make_pipeline(stages)  # an unknown stage fails here, before any work

    def tasks() -> Iterator[ArticleResult | tuple[str, str, bytes, str]]:
        for source in iter_sources(items, stdin=stdin):
            if isinstance(source, InputError):
                yield ArticleResult(source.source, source.source, status=SKIPPED, reason=source.problem)
                continue
            try:
                data = source.read()
            except InputError as exc:
                yield ArticleResult(source.id, source.name, status=SKIPPED, reason=exc.problem)
                continue
            digest = content_digest(data, reader)
            if known.get(source.id) == digest:
                yield ArticleResult(source.id, source.name, digest, status=CACHED)
                continue
            yield (source.id, source.name, data, digest)

    stream = tasks()
    ahead: list[ArticleResult | tuple[str, str, bytes, str]] = []
    if jobs > 1:  # one article to build is not worth a pool
        for task in stream:
            ahead.append(task)
            if sum(1 for t in ahead if not isinstance(t, ArticleResult)) > 1:
                break
        else:
            jobs = 1
    everything = itertools.chain(ahead, stream)
    if jobs == 1:
        _init_worker(stages, reader, keep_documents, record_sink, timeout)
        for task in everything:
            yield task if isinstance(task, ArticleResult) else _work(task)
        return

    limit = window or jobs * 4
    pending: set[Future] = set()

    def finished(futures: set[Future]) -> Iterator[ArticleResult]:
        for future in futures:
            try:
                yield future.result()
            except BrokenProcessPool as exc:
                raise ThaiKGError(f"a worker process died ({exc}); is memory short? try --jobs 1") from None

    with ProcessPoolExecutor(max_workers=jobs, mp_context=pool_context(), initializer=_init_worker,
                             initargs=(tuple(stages), reader, keep_documents, record_sink, timeout)) as pool:
        try:
            for task in everything:
                if isinstance(task, ArticleResult):
                    yield task
                    continue
                pending.add(pool.submit(_work, task))
                while len(pending) >= limit:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from finished(done)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from finished(done)
        finally:
            for future in pending:
                future.cancel()
