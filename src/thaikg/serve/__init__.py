"""Serve a graph over HTTP: the SPARQL 1.1 query endpoint, the Graph Store Protocol and the YASGUI page.

Read-only by default, bound to 127.0.0.1, and every query is bounded:

* **time**: a query that runs over ``timeout`` seconds is stopped by killing the
  worker process that runs it (Oxigraph's own limit is checked only between
  evaluation steps, so a join could run on for minutes); the client gets 503;
* **size**: an answer over ``max_result_mb`` is refused with 507, never cut off;
* **outbound requests**: ``SERVICE`` is refused with 400 (else a query could make
  the server send requests to any address it reaches); workers also run without
  network access where Linux allows it.

How (see :mod:`thaikg.serve.endpoint`): a Python HTTP front answers the query
endpoint with a pool of worker processes that hold the store open read-only
(:mod:`thaikg.serve.pool`, :mod:`thaikg.serve.worker`), and relays the rest to the
Oxigraph server program (PyPI ``oxigraph``) on a private 127.0.0.1 port
(:mod:`thaikg.serve.backend`). A ``writable`` server lets that Oxigraph server own
the store (one process may write to it); queries and updates are then checked
by a worker, relayed with the same bounds, and an overrun restarts the Oxigraph
server.

An RDF file or folder is first loaded into a temporary store that is deleted when
the server stops, so changes made through a writable server to a loaded file are
lost then; serve a store folder (``thaikg build --store DIR``) to keep them.
"""
from __future__ import annotations

import http.client
import math
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from ..errors import InputError
from .backend import OxigraphBackend, free_port, oxigraph_executable
from .endpoint import Endpoint, Limits
from .errors import QueryTimeout, ServeError, WorkerFailed, WorkersBusy
from .pool import WorkerPool

__all__ = ["Limits", "QueryTimeout", "ServeError", "Server", "WorkerFailed", "WorkersBusy", "default_workers",
           "free_port", "oxigraph_executable", "start_server"]


def default_workers() -> int:
    """Query workers to start: one per core, at least 2 (one can be replaced while the other answers), at most 4."""
    return max(2, min(4, os.cpu_count() or 2))


@dataclass
class Server:
    """A running server; stop it with :meth:`stop` or use it as a context manager."""

    host: str
    port: int
    location: Path | None  # the store folder served (a temporary one for an RDF file or a writable scratch store)
    writable: bool
    log: Path
    limits: Limits
    _endpoint: Endpoint = field(repr=False)
    _backend: OxigraphBackend = field(repr=False)
    _pool: WorkerPool = field(repr=False)
    _tmp: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)
    _done: threading.Event = field(default_factory=threading.Event, repr=False)
    _status: int = field(default=0, repr=False)
    _stop_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def url(self) -> str:
        """The base URL; the YASGUI query page is served there."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        return self.url + "query"

    @property
    def update_url(self) -> str:
        return self.url + "update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint (``?graph=IRI`` or ``?default``)."""
        return self.url + "store"

    @property
    def backend_url(self) -> str:
        """The Oxigraph server behind the endpoint (127.0.0.1 only; unbounded: not for clients)."""
        return self._backend.url

    def worker_pids(self) -> list[int]:
        """Process ids of the query workers alive now."""
        return self._pool.pids()

    @property
    def workers_isolated(self) -> bool:
        """Whether the query workers run without network access (Linux namespaces; best effort)."""
        return self._pool.isolated

    def running(self) -> bool:
        return (not self._done.is_set() and self._backend.running()
                and self._thread is not None and self._thread.is_alive())

    def wait(self) -> int:
        """Block until the server stops (:meth:`stop`, or the Oxigraph server died): 0, or that exit status."""
        while not self._done.wait(0.5):
            pass
        return self._status

    def _failed(self, status: int) -> None:
        self._status = status or 1
        self._done.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server, its workers and the Oxigraph server, and remove the temporary store. Safe twice."""
        with self._stop_lock:
            if self._thread is not None:
                self._endpoint.shutdown()
                self._thread.join(timeout)
                self._thread = None
            self._endpoint.server_close()
            self._pool.close()
            self._backend.stop(timeout)
            if self._tmp is not None:
                self._tmp.cleanup()
                self._tmp = None
            self._done.set()

    def log_tail(self, lines: int = 5) -> str:
        """The last lines of the server log (the Oxigraph server's, the workers', the endpoint's)."""
        return self._backend.log_tail(lines)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _prepare(source: str | Path, tmp: Path) -> Path:
    """The store folder to serve: ``source`` itself, or a temporary store loaded from its RDF."""
    from ..store import fill_store, is_store

    p = Path(source)
    if not p.exists():
        raise InputError(str(p), "does not exist")
    if is_store(p):
        return p
    location = tmp / "store"
    fill_store(location, p)  # released: the servers need RocksDB's lock (or its absence)
    return location


def start_server(source: str | Path | None, *, host: str = "127.0.0.1", port: int | None = None, writable: bool = False,
                 timeout: float | None = 30.0, max_result_mb: float | None = 100.0, allow_service: bool = False,
                 workers: int | None = None, union_default_graph: bool = True, ready_timeout: float = 30.0,
                 on_start: Callable[[Server], None] | None = None) -> Server:
    """Serve ``source`` (an RDF file/folder or a store folder) and wait until the endpoint answers.

    ``source`` None with ``writable`` serves an empty temporary store (a scratch
    target for ``thaikg push``), deleted at :meth:`Server.stop`.

    ``port`` None picks a free one. ``timeout`` (seconds; None or 0: none) bounds
    each query (and, when writable, each update); ``max_result_mb`` (megabytes of
    10^6 bytes; None or 0: none) bounds each answer. ``allow_service`` lets
    ``SERVICE`` and ``LOAD`` through, on a writable server only. ``workers``
    query worker processes are kept ready (default: :func:`default_workers`).
    With ``union_default_graph`` queries see all articles' graphs at once, as
    ``thaikg query`` does. ``on_start`` gets the server as soon as it exists, so a
    caller interrupted while waiting can still stop it.
    """
    if source is None and not writable:
        raise ServeError("a read-only server needs a graph or store to serve")
    if allow_service and not writable:
        raise ServeError("SERVICE can only be allowed on a writable server: the read-only endpoint always refuses it")
    if timeout is not None and (timeout < 0 or math.isnan(timeout)):
        raise ServeError(f"the timeout must be 0 (none) or more seconds, not {timeout}")
    if max_result_mb is not None and (max_result_mb < 0 or math.isnan(max_result_mb)):
        raise ServeError(f"the answer size bound must be 0 (none) or more megabytes, not {max_result_mb}")
    size = default_workers() if workers is None else workers
    if size < 1:
        raise ServeError(f"need at least one query worker, not {size}")
    limits = Limits(timeout=timeout if timeout and not math.isinf(timeout) else None, max_bytes=int(max_result_mb * 1_000_000) if max_result_mb else None,
                    allow_service=allow_service)
    oxigraph_executable()  # missing: say so before loading anything
    tmp = tempfile.TemporaryDirectory(prefix="thaikg-serve-")  # the log, and the store of an RDF source
    server: Server | None = None
    try:
        endpoint = Endpoint(host, port or 0, writable=writable, limits=limits, union_default_graph=union_default_graph,
                            log=Path(tmp.name) / "server.log")  # binds first: a port in use fails before any loading
        try:
            location = Path(tmp.name) / "store" if source is None else _prepare(source, Path(tmp.name))
        except BaseException:
            endpoint.server_close()
            raise
        endpoint.log.touch()
        endpoint.backend = backend = OxigraphBackend(location, writable=writable, log=endpoint.log,
                                                     union_default_graph=union_default_graph,
                                                     ready_timeout=ready_timeout)
        endpoint.pool = pool = WorkerPool(None if writable else location, size, endpoint.log,
                                          ready_timeout=ready_timeout)
        server = Server(host, endpoint.server_port, location, writable, endpoint.log, limits, endpoint, backend, pool,
                        tmp)
        backend.on_exit = server._failed
        if on_start is not None:
            on_start(server)
        backend.spawn()
        pool.start()  # meanwhile the Oxigraph server starts too
        backend.wait_ready()
        server._thread = threading.Thread(target=endpoint.serve_forever, kwargs={"poll_interval": 0.05},
                                          name="thaikg-serve", daemon=True)
        server._thread.start()
        _wait_ready(server, ready_timeout)
    except BaseException:
        if server is not None:
            server.stop()
        tmp.cleanup()
        raise
    return server


def _wait_ready(server: Server, ready_timeout: float) -> None:
    """Ask the endpoint for the query service description: the front and the Oxigraph server behind it answer.

    (The workers said they were ready when their store was open.)
    """
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(server.host, server.host)
    conn = http.client.HTTPConnection(host, server.port, timeout=ready_timeout)
    try:
        conn.request("GET", "/query", headers={"Accept": "text/turtle"})
        status = conn.getresponse().status
    except OSError as exc:
        raise ServeError(f"the endpoint did not answer on {server.url}: {exc}; {server.log_tail() or 'no log'}") \
            from None
    finally:
        conn.close()
    if status != 200:
        raise ServeError(f"the endpoint answered {status} on {server.url}: {server.log_tail() or 'no log'}")
