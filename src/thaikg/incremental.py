"""Corpus builds: parallel, incremental, memory-bounded, from articles to output files.

A build keeps its state in a folder (``<out-dir>/.thaikg/`` for ``thaikg build``):

* ``manifest.json``: the version of the pipeline (a hash of thaikg's code and data,
  so a change of either rebuilds everything) and, per article id, the digest of
  its content (:func:`thaikg.builder.content_digest`), its source and counts;
* ``cache/<hash>.rdf``: each article's named graph as an
  :class:`~thaikg.rdf.stream.ArticleRDF` (N-Quads plus ready-made TriG statements),
  named by a hash of the article's id, content digest and the pipeline version. A
  record is therefore never overwritten with other content, and records leave the
  cache only after a manifest that no longer names them is saved: a build killed at
  any moment leaves the previous manifest with every record it names, unchanged.

Building again processes only new and changed articles; articles no longer among
the inputs leave the outputs, so the result is byte for byte what a build from
scratch gives. :func:`remove_articles` drops articles by id and rewrites the outputs.

Outputs are assembled from the cache one article at a time, in article order:
TriG streams straight to its file (rdflib's exact layout, see
:mod:`thaikg.rdf.stream`). The other formats need the whole graph: up to
``rdflib_limit`` triples they go through rdflib as ever (same bytes as
:func:`thaikg.rdf.formats.serialize`, and the HTML page is drawn); beyond it they
stream too (memory stays flat): N-Quads are copied, JSON-LD (Oxigraph's expanded
form) is converted in chunks by a pool of processes, Turtle takes each article's own
subjects ready-made and has Oxigraph merge the shared ones (entities) from a sorted
scratch file, N-Triples/RDF/XML come from Oxigraph; the HTML page is not drawn
(``thaikg viz --max-nodes`` draws a part).
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import BinaryIO, Self

from . import __version__
from .builder import BUILT, CACHED, SKIPPED, ArticleResult, Failure, iter_build
from .errors import InputError, ThaiKGError
from .pipeline import DEFAULT_STAGES
from .rdf.convert import add_nquads
from .rdf.stream import ArticleRDF, trig_prefixes, write_trig
from .tempfiles import scratch_dir, temp_beside

__all__ = [
    "DEFAULT_OUTPUTS",
    "RDFLIB_LIMIT",
    "STATE_DIR",
    "BuildState",
    "BuildSummary",
    "RecordWriter",
    "build_outputs",
    "pipeline_version",
    "remove_articles",
    "write_outputs",
]

#: The state folder inside an output folder.
STATE_DIR = ".thaikg"
#: What ``thaikg build`` writes into its output folder when no ``-o`` is given.
DEFAULT_OUTPUTS = (("thaikg.trig", "trig"), ("thaikg.ttl", "turtle"), ("thaikg.jsonld", "json-ld"))
HTML_NAME = "thaikg.html"
#: Up to this many triples, outputs other than TriG go through rdflib (and the page is drawn).
RDFLIB_LIMIT = 250_000
MANIFEST_FORMAT = 3


# -- the version of the pipeline -------------------------------------------------------------------

_VERSION_SUFFIXES = {".py", ".tsv", ".ttl", ".json", ".jsonld", ".csv", ".txt"}
_VERSION_SKIP = {"cli", "sample", "templates", "__pycache__"}


def pipeline_version(stages: Sequence[str] = DEFAULT_STAGES) -> str:
    """A hash of everything that shapes an article's graph: thaikg's code and data, the
    ontology, the stages run, and the versions of the text libraries."""
    return _pipeline_version(tuple(stages))


_VERSIONS: dict[tuple[str, ...], str] = {}


def _pipeline_version(stages: tuple[str, ...]) -> str:
    if stages in _VERSIONS:
        return _VERSIONS[stages]
    from .resources import ontology_dir

    h = hashlib.sha256(f"thaikg {__version__} manifest {MANIFEST_FORMAT}\n".encode())
    h.update(("stages " + " ".join(stages) + "\n").encode())
    for dist in ("pythainlp", "nlpo3", "rdflib"):
        try:
            h.update(f"{dist} {metadata.version(dist)}\n".encode())
        except metadata.PackageNotFoundError:
            pass
    package = Path(__file__).resolve().parent
    files = [p for p in package.rglob("*") if p.is_file() and p.suffix in _VERSION_SUFFIXES
             and not (_VERSION_SKIP & set(p.relative_to(package).parts[:-1]))]
    files += [p for p in ontology_dir().glob("*.ttl")]
    for path in sorted(files):
        h.update(f"{path.name} {len(path.parent.parts)}\n".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    _VERSIONS[stages] = h.hexdigest()[:20]
    return _VERSIONS[stages]


# -- the state folder ------------------------------------------------------------------------------

class BuildState:
    """The manifest and per-article cache of one output folder."""

    def __init__(self, folder: str | Path, version: str) -> None:
        self.folder = Path(folder)
        self.version = version
        self.articles: dict[str, dict] = {}
        self.stores: list[str] = []
        self.namespaces: dict[str, str] = {}  # prefix -> namespace, of every prefix an article uses
        self.stale = False  # the manifest was made by another pipeline version (or is unreadable)
        manifest = self.folder / "manifest.json"
        if manifest.is_file():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if data.get("version") == version and data.get("format") == MANIFEST_FORMAT:
                self.articles = data.get("articles", {})
                self.stores = data.get("stores", [])
                self.namespaces = data.get("namespaces", {})
            else:
                self.stale = True

    @property
    def cache(self) -> Path:
        return self.folder / "cache"

    def record_path(self, doc_id: str) -> Path:
        """The record of ``doc_id`` with the content digest the manifest names."""
        return _record_path(self.cache, self.version, doc_id, self.articles[doc_id]["digest"])

    def writer(self) -> RecordWriter:
        """What writes this build's records, in the worker processes (see :func:`thaikg.builder.iter_build`)."""
        return RecordWriter(self.cache, self.version)

    def known(self) -> dict[str, str]:
        """Article id -> content digest, for :func:`thaikg.builder.iter_build`."""
        return {doc_id: meta["digest"] for doc_id, meta in self.articles.items()}

    def put(self, result: ArticleResult) -> None:
        """Add a built article whose record :meth:`writer` has written."""
        prefixes = result.summary["prefixes"]
        self.articles[result.id] = {"digest": result.digest, "source": result.source,
                                    **{k: v for k, v in result.summary.items() if k != "prefixes"},
                                    "prefixes": sorted(prefixes)}
        self.namespaces.update(prefixes)

    def drop(self, doc_id: str) -> None:
        """Forget ``doc_id``; its record goes when the manifest is saved (:meth:`save`)."""
        self.articles.pop(doc_id, None)

    def record(self, doc_id: str) -> ArticleRDF:
        try:
            return ArticleRDF.from_bytes(self.record_path(doc_id).read_bytes())
        except (OSError, ValueError, TypeError) as exc:
            raise ThaiKGError(f"{self.folder}: the cached graph of {doc_id} is missing or damaged "
                              f"({type(exc).__name__}); build again with --force") from None

    def records(self) -> Iterator[ArticleRDF]:
        """Every article's graph, in IRI order (= id order), one at a time."""
        for doc_id in sorted(self.articles):
            yield self.record(doc_id)

    def triples(self) -> int:
        return sum(meta["triples"] for meta in self.articles.values())

    def clear(self) -> None:
        """Start afresh (``--force``, another pipeline version); the old records stay until :meth:`save`."""
        self.articles = {}
        self.stores = []
        self.namespaces = {}

    def save(self) -> None:
        """Write the manifest atomically, then delete every record it does not name
        (and temporary files a killed build left in the cache)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"format": MANIFEST_FORMAT, "version": self.version, "stores": sorted(self.stores),
                "namespaces": dict(sorted(self.namespaces.items())), "articles": dict(sorted(self.articles.items()))}
        tmp = self.folder / "manifest.json.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(data, ensure_ascii=False, indent=1))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.folder / "manifest.json")
        keep = {self.record_path(doc_id).name for doc_id in self.articles}
        with contextlib.suppress(FileNotFoundError), os.scandir(self.cache) as entries:
            for entry in entries:
                if entry.name not in keep:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def _record_path(cache: Path, version: str, doc_id: str, digest: str) -> Path:
    key = f"{doc_id}\0{digest}\0{version}".encode()
    return cache / f"{hashlib.sha1(key).hexdigest()[:24]}.rdf"


@dataclass(frozen=True)
class RecordWriter:
    """Writes a built article's record into the cache (temporary file + rename) and drops
    the bytes from the result; picklable, so it runs in the worker that built the article."""

    cache: Path
    version: str

    def __call__(self, result: ArticleResult) -> None:
        assert result.record is not None
        path = _record_path(self.cache, self.version, result.id, result.digest)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(result.record)
        except FileNotFoundError:
            self.cache.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(result.record)
        os.replace(tmp, path)
        result.record = None


# -- a summary -------------------------------------------------------------------------------------

@dataclass
class BuildSummary:
    """What a build did: the counts of the graph written and every article left out."""

    articles: int = 0  # in the outputs
    built: int = 0  # processed in this run
    cached: int = 0  # reused unchanged
    removed: int = 0  # dropped from an earlier build
    entities: int = 0  # distinct
    facts: int = 0
    mentions: int = 0
    triples: int = 0
    skipped: list[Failure] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        reuse = f"{self.built} processed, {self.cached} unchanged" + (f", {self.removed} removed" if self.removed else "")
        return (f"built {self.articles} articles ({reuse}): {self.entities} entities, {self.facts} facts, "
                f"{self.mentions} mentions, {self.triples} triples; {len(self.skipped)} skipped, "
                f"{len(self.failed)} failed; {self.seconds:.1f}s"
                + (f" -> {', '.join(self.written)}" if self.written else ""))


# -- building --------------------------------------------------------------------------------------

Target = tuple[str | Path, str]  # (path or "-", canonical format name)


def build_outputs(paths: Iterable[str | Path] | None = None, *, state_dir: str | Path | None = None,
                  targets: Sequence[Target] = (), html: str | Path | None = None, jobs: int | None = None,
                  reader: str | None = None, stages: Sequence[str] = DEFAULT_STAGES, stdin: bytes | None = None,
                  force: bool = False, store: str | Path | None = None,
                  progress: Callable[[ArticleResult], None] | None = None,
                  rdflib_limit: int = RDFLIB_LIMIT, stdout: BinaryIO | None = None,
                  timeout: float | None = None) -> BuildSummary:
    """Build the articles at ``paths`` into ``targets`` (and the page ``html``, and ``store``).

    With ``state_dir`` the build is incremental (see the module doc); without, it
    works in a temporary folder. ``progress`` is called with every article's result;
    ``timeout`` is the time limit of one article (see :func:`thaikg.builder.time_limit`).
    Nothing is written when no article could be built.
    """
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if state_dir is None:
            state_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="thaikg-build-"))
        state = BuildState(state_dir, pipeline_version(stages))
        if force or state.stale:
            state.clear()
        before = dict(state.articles)
        summary = BuildSummary()
        present: set[str] = set()
        changed: list[str] = []
        for result in iter_build(paths, reader=reader, stages=stages, stdin=stdin, jobs=jobs, known=state.known(),
                                 record_sink=state.writer(), timeout=timeout):
            if result.status == BUILT:
                state.put(result)
                present.add(result.id)
                changed.append(result.id)
                summary.built += 1
            elif result.status == CACHED:
                present.add(result.id)
                state.articles[result.id]["source"] = result.source
                summary.cached += 1
            elif result.status == SKIPPED:
                summary.skipped.append(result.failure())
            else:
                summary.failed.append(result.failure())
            if progress is not None:
                progress(result)
        summary.skipped.sort(key=lambda f: f.source)
        summary.failed.sort(key=lambda f: f.source)
        if not present:  # nothing to write: leave the folder as it was
            summary.seconds = time.perf_counter() - started
            return summary
        dropped = sorted(set(state.articles) - present)
        for doc_id in dropped:
            state.drop(doc_id)
        summary.removed = len(set(before) & set(dropped))
        _finish(state, summary, targets, html, store, changed, dropped, rdflib_limit, stdout)
        summary.seconds = time.perf_counter() - started
        return summary


def remove_articles(names: Iterable[str], *, state_dir: str | Path, targets: Sequence[Target] = (),
                    html: str | Path | None = None, store: str | Path | None = None,
                    stages: Sequence[str] = DEFAULT_STAGES, rdflib_limit: int = RDFLIB_LIMIT) -> BuildSummary:
    """Drop the articles ``names`` (ids, file names or article IRIs) from an incremental build
    and rewrite its outputs. Entities only they mentioned go with them: an article's named
    graph holds every triple it contributes, entity types and labels included."""
    started = time.perf_counter()
    state = BuildState(state_dir, pipeline_version(stages))
    if state.stale or not (Path(state_dir) / "manifest.json").is_file():
        raise InputError(str(state_dir), "holds no build of this version of thaikg: run thaikg build first")
    ids = []
    for name in names:
        doc_id = _article_id(name, state.articles)
        if doc_id is None:
            raise InputError(name, "is not an article of this build")
        ids.append(doc_id)
    for doc_id in ids:
        state.drop(doc_id)
    summary = BuildSummary(removed=len(set(ids)), cached=len(state.articles))
    _finish(state, summary, targets, html, store, [], sorted(set(ids)), rdflib_limit, None)
    summary.seconds = time.perf_counter() - started
    return summary


def _article_id(name: str, articles: dict[str, dict]) -> str | None:
    from .ids import slug
    from .rdf.namespaces import article_iri

    prefix = str(article_iri(""))
    candidates = [name, name[len(prefix):] if name.startswith(prefix) else None, slug(Path(name).stem)]
    for candidate in candidates:
        if candidate and candidate in articles:
            return candidate
    for doc_id, meta in articles.items():  # a path as it was given to the build
        if meta.get("source") == name or (meta.get("source") and Path(meta["source"]) == Path(name)):
            return doc_id
    return None


def _finish(state: BuildState, summary: BuildSummary, targets: Sequence[Target], html: str | Path | None,
            store: str | Path | None, changed: list[str], dropped: list[str], rdflib_limit: int,
            stdout: BinaryIO | None) -> None:
    entities: set[str] = set()
    for meta in state.articles.values():
        summary.facts += meta["facts"]
        summary.mentions += meta["mentions"]
        summary.triples += meta["triples"]
    summary.articles = len(state.articles)
    written, notes = write_outputs(state, targets, html=html, rdflib_limit=rdflib_limit, stdout=stdout,
                                   entities=entities)
    summary.entities = len(entities)
    summary.written += written
    summary.notes += notes
    if store is not None:
        sync_store(state, store, changed, dropped)
        summary.written.append(f"{store} (store)")
    state.save()


# -- writing ---------------------------------------------------------------------------------------

class _Pending:
    """Output files written beside their targets (or in a scratch folder, for standard output)
    and moved into place together at the end, so a failure half-way leaves every earlier
    output as it was."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.files: list[tuple[Path, Path | None]] = []  # (temporary file, target or None for stdout)

    def path(self, target: str | Path) -> Path:
        if str(target) == "-":
            tmp = self.scratch / f"stdout-{len(self.files)}"
            tmp.touch()
            self.files.append((tmp, None))
            return tmp
        tmp = temp_beside(target)
        self.files.append((tmp, Path(target)))
        return tmp

    def commit(self, stdout: BinaryIO | None) -> None:
        for tmp, target in self.files:
            if target is None:
                continue
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared and served
        for tmp, target in self.files:
            if target is not None:
                os.replace(tmp, target)
            else:
                out = stdout if stdout is not None else sys.stdout.buffer
                with open(tmp, "rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
                out.flush()
        self.files = []

    def discard(self) -> None:
        for tmp, _ in self.files:
            tmp.unlink(missing_ok=True)


def write_outputs(state: BuildState, targets: Sequence[Target], *, html: str | Path | None = None,
                  rdflib_limit: int = RDFLIB_LIMIT, stdout: BinaryIO | None = None,
                  entities: set[str] | None = None) -> tuple[list[str], list[str]]:
    """Write the articles of ``state`` to ``targets`` (``"-"``: ``stdout``) and the page ``html``.

    Returns the names written and notes for the user. ``entities``, when given,
    collects every entity key on the way. Every file is written beside its target
    and moved into place once all are ready.
    """
    entities = entities if entities is not None else set()
    small = state.triples() <= rdflib_limit
    formats = {fmt for _, fmt in targets}
    notes: list[str] = []
    scratch = scratch_dir(state.folder)
    pending = _Pending(scratch)
    paths = {(str(t), fmt): pending.path(t) for t, fmt in targets}
    first: dict[str, Path] = {}  # format -> the file it was written to
    try:
        ds = None
        if small and (formats - {"trig"} or html is not None):
            from .rdf.convert import new_dataset

            ds = new_dataset()
        with contextlib.ExitStack() as stack:
            def first_file(fmt: str) -> BinaryIO | None:
                """The first target of ``fmt``, opened to be written while the records stream past."""
                path = next((path for (_, f), path in paths.items() if f == fmt), None)
                if path is None:
                    return None
                first[fmt] = path
                return stack.enter_context(open(path, "wb"))

            prefixes = trig_prefixes({p: state.namespaces[p] for p in meta["prefixes"]}
                                     for meta in state.articles.values())
            sinks = _Sinks(entities, ds)
            trig = first_file("trig")
            if not small:
                sinks.nquads = first_file("nquads")
                out = first_file("json-ld")
                if out is not None:
                    sinks.jsonld = stack.enter_context(_JsonLdWriter(out))
                sinks.turtle = first_file("turtle")
                if sinks.turtle is not None:
                    sinks.turtle.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode())
                if formats & {"turtle", "nt", "xml"}:
                    sinks.shared = stack.enter_context(open(scratch / "shared.nt", "wb"))
                if formats & {"nt", "xml"}:
                    sinks.local = stack.enter_context(open(scratch / "local.nt", "wb"))
            records = sinks.feed(state.records())
            if trig is not None:
                write_trig(records, trig, prefixes)
            else:
                for _ in records:
                    pass
            if sinks.shared is not None:
                sinks.shared.close()
                _sort_unique(scratch / "shared.nt", scratch / "shared.sorted.nt", scratch)
            if sinks.turtle is not None:  # the union's shared subjects, merged, after the articles' own
                sinks.turtle.write(b"\n")
                _write_large(sinks.turtle, "turtle", scratch)
        for (_, fmt), path in paths.items():
            if fmt in first:
                if first[fmt] != path:
                    shutil.copyfile(first[fmt], path)
                continue
            with open(path, "wb") as fh:
                if ds is not None:
                    from .rdf.formats import serialize
                    from .resources import jsonld_context

                    fh.write(serialize(ds, fmt, context=jsonld_context()))
                else:
                    _write_large(fh, fmt, scratch)
            first[fmt] = path
        if html is not None:
            if ds is not None:
                from .viz import render_html

                pending.path(html).write_bytes(render_html(ds).encode("utf-8"))
            else:
                notes.append(f"{html} not drawn: {state.triples()} triples are too many for one page "
                             f"(draw a part with thaikg viz and --max-nodes)")
        pending.commit(stdout)
        if html is not None and ds is None:
            Path(html).unlink(missing_ok=True)  # an older page would no longer match the graph
            html = None
    except BaseException:
        pending.discard()
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    written = ["<stdout>" if str(t) == "-" else str(t) for t, _ in targets]
    if html is not None:
        written.append(str(html))
    return written, notes


class _Sinks:
    """What the articles feed on their way to the TriG file: the rdflib dataset (small
    builds), or, for large ones, the N-Quads and JSON-LD files, the Turtle file (each
    article's own subjects, ready-made), and scratch N-Triples of the union split into
    article-local subjects and shared ones (entities), which need merging."""

    def __init__(self, entities: set[str], ds: object | None) -> None:
        self.entities = entities
        self.ds = ds
        self.nquads: BinaryIO | None = None
        self.jsonld: _JsonLdWriter | None = None
        self.turtle: BinaryIO | None = None
        self.local: BinaryIO | None = None
        self.shared: BinaryIO | None = None

    def feed(self, records: Iterable[ArticleRDF]) -> Iterator[ArticleRDF]:
        for rdf in records:
            self.entities.update(rdf.entities)
            if self.ds is not None:
                add_nquads(self.ds, rdf.nquads)  # type: ignore[arg-type]
            if self.nquads is not None:
                self.nquads.write(rdf.nquads)
            if self.jsonld is not None:
                self.jsonld.add(rdf.nquads)
            if self.turtle is not None:
                self.turtle.write(b"".join(b"\n" + text + b" .\n" for _, _, shared, text in rdf.statements
                                           if not shared))
            if self.shared is not None:
                self.shared.write(rdf.shared_nt)
            if self.local is not None:
                tail = f" <{rdf.iri}> ."
                mine = (f"<{rdf.iri}>", f"<{rdf.iri}#")
                self.local.write("".join(line[:-len(tail)] + " .\n" for line in rdf.nquads.decode()[:-1].split("\n")
                                         if line.startswith(mine)).encode("utf-8"))
            yield rdf


class _JsonLdWriter:
    """JSON-LD (Oxigraph's expanded form) of articles in order, converted in chunks by a pool of
    processes while the parent writes the other formats. Oxigraph's writer starts afresh at
    every named graph, so chunks cut between articles join into exactly the bytes one pass
    over the whole would give (``[`` + the chunks' insides joined by ``,`` + ``]``)."""

    chunk_bytes = 8 << 20

    def __init__(self, out: BinaryIO, jobs: int | None = None) -> None:
        from concurrent.futures import ProcessPoolExecutor

        from .builder import pool_context

        self.out = out
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=pool_context())
        self.pending: deque = deque()
        self.buffer: list[bytes] = []
        self.size = 0
        self.empty = True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        try:
            if kind is None:
                self._submit()
                while self.pending:
                    self._write_next()
                self.out.write(b"[]" if self.empty else b"]")
        finally:
            self.pool.shutdown(cancel_futures=True)

    def add(self, nquads: bytes) -> None:
        self.buffer.append(nquads)
        self.size += len(nquads)
        if self.size >= self.chunk_bytes:
            self._submit()

    def _submit(self) -> None:
        if self.buffer:
            self.pending.append(self.pool.submit(_jsonld_inside, b"".join(self.buffer)))
            self.buffer, self.size = [], 0
        while len(self.pending) > 2 * self.jobs:  # a bounded number of chunks in flight
            self._write_next()

    def _write_next(self) -> None:
        inside = self.pending.popleft().result()
        if inside:
            self.out.write(b"[" if self.empty else b",")
            self.out.write(inside)
            self.empty = False


def _jsonld_inside(nquads: bytes) -> bytes:
    """Oxigraph's JSON-LD of ``nquads`` without the enclosing ``[`` and ``]`` (in a pool process)."""
    import pyoxigraph as ox

    text = ox.serialize(ox.parse(nquads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.JSON_LD,
                        prefixes=_ox_prefixes())
    assert text is not None and text[:1] == b"[" and text[-1:] == b"]"
    return text[1:-1]


def _sort_unique(src: Path, dst: Path, tmp: Path) -> None:
    """Sort the lines of ``src`` by bytes and drop repeats, on disk (GNU sort) when there is one."""
    sort = shutil.which("sort")
    if sort is not None:
        env = dict(os.environ, LC_ALL="C")
        done = subprocess.run([sort, "-u", "-S", "200M", "-T", str(tmp), "-o", str(dst), str(src)], env=env,
                              capture_output=True, check=False)
        if done.returncode == 0:
            return
    lines = sorted(set(src.read_bytes().splitlines(keepends=True)))
    dst.write_bytes(b"".join(lines))


def _ox_prefixes() -> dict[str, str]:
    from .rdf.namespaces import PREFIXES

    return {p: str(ns) for p, ns in PREFIXES.items() if p != "id"}  # Oxigraph would escape every / after id:


def _write_large(fh: BinaryIO, fmt: str, scratch: Path) -> None:
    """Turtle's shared subjects, N-Triples or RDF/XML written by Oxigraph from the scratch files,
    streaming (Turtle gets only the shared ones: its article-local subjects are written already)."""
    import pyoxigraph as ox

    kinds = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML}
    names = ("shared.sorted.nt",) if fmt == "turtle" else ("local.nt", "shared.sorted.nt")

    def triples() -> Iterator:
        for name in names:
            for quad in ox.parse(path=str(scratch / name), format=ox.RdfFormat.N_TRIPLES):
                yield quad.triple

    ox.serialize(triples(), fh, kinds[fmt], prefixes=None if fmt == "nt" else _ox_prefixes())


# -- the store -------------------------------------------------------------------------------------

def sync_store(state: BuildState, location: str | Path, changed: Sequence[str], dropped: Sequence[str]) -> int:
    """Bring the Oxigraph store at ``location`` up to date with ``state``: each article's named graph
    replaced, removed articles' graphs dropped. A store this build has not filled before gets
    every article. Returns the number of articles loaded."""
    import pyoxigraph as ox

    from .store import is_store, open_store

    key = str(Path(location).resolve())
    full = key not in state.stores or not is_store(location)
    store = open_store(location)
    try:
        ids = sorted(state.articles) if full else [i for i in changed if i in state.articles]
        if full and next(iter(store.quads_for_pattern(None, None, None, None)), None) is None:
            # an empty store: one bulk load, twice as fast as a transaction per article (not atomic,
            # but a store left half-filled is not in ``state.stores`` and is filled again next time)
            chunks = _ChunkReader(state.record(doc_id).nquads for doc_id in ids)
            store.bulk_load(io.BufferedReader(chunks, 1 << 20), format=ox.RdfFormat.N_QUADS)
        else:
            for doc_id in dropped:
                from .rdf.namespaces import article_iri

                store.remove_graph(ox.NamedNode(str(article_iri(doc_id))))
            for doc_id in ids:
                rdf = state.record(doc_id)
                store.remove_graph(ox.NamedNode(rdf.iri))
                store.load(rdf.nquads, format=ox.RdfFormat.N_QUADS)
        store.flush()
    finally:
        del store
        gc.collect()
    if key not in state.stores:
        state.stores.append(key)
    return len(ids)


class _ChunkReader(io.RawIOBase):
    """A readable stream over an iterator of byte strings (for Oxigraph's bulk loader)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.rest = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self.rest:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.rest = memoryview(chunk)
        n = min(len(buffer), len(self.rest))
        buffer[:n] = self.rest[:n]
        self.rest = self.rest[n:]
        return n
