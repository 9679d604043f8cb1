"""Serve a graph over HTTP with the Oxigraph server (PyPI ``oxigraph``): SPARQL 1.1 Protocol,
Graph Store Protocol and the offline YASGUI page.

Read-only by default (``oxigraph serve-read-only``), bound to 127.0.0.1, with a
query timeout (``--timeout-s``, whole seconds; Oxigraph applies it to SPARQL
queries only, not to updates or Graph Store requests). An RDF file or folder is
first loaded into a temporary store that is deleted when the server stops, so
changes made through a ``writable`` server to a loaded file are lost then;
serve a store folder (``thaikg build --store DIR``) to keep them.
"""
from __future__ import annotations

import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from .errors import InputError, ThaiKGError
from .store import fill_store, is_store

__all__ = ["ServeError", "Server", "free_port", "oxigraph_executable", "start_server"]


class ServeError(ThaiKGError):
    """The Oxigraph server is missing, could not start, or did not answer."""


def oxigraph_executable() -> str:
    """The ``oxigraph`` server program: next to this Python (a venv's bin), else on PATH."""
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    found = shutil.which("oxigraph")
    if not found:
        raise ServeError("the oxigraph server is not installed: pip install oxigraph (or thaikg[test])")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running Oxigraph server; stop it with :meth:`stop` or use it as a context manager."""

    process: subprocess.Popen
    host: str
    port: int
    location: Path | None  # None: in memory
    writable: bool
    log: Path
    _tmp: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

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

    def running(self) -> bool:
        return self.process.poll() is None

    def wait(self) -> int:
        """Block until the server exits (e.g. on Ctrl-C); return its exit status."""
        return self.process.wait()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server and remove the temporary store, if any. Safe to call twice."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def log_tail(self, lines: int = 5) -> str:
        try:
            return " | ".join(self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _prepare(source: str | Path, tmp: Path) -> Path:
    """The store folder to serve: ``source`` itself, or a temporary store loaded from its RDF."""
    p = Path(source)
    if not p.exists():
        raise InputError(str(p), "does not exist")
    if is_store(p):
        return p
    location = tmp / "store"
    fill_store(location, p)  # released: the server needs RocksDB's lock
    return location


def start_server(source: str | Path | None, *, host: str = "127.0.0.1", port: int | None = None, writable: bool = False,
                 timeout: float | None = 30.0, union_default_graph: bool = True, ready_timeout: float = 30.0,
                 on_start: Callable[[Server], None] | None = None) -> Server:
    """Start an Oxigraph server on ``source`` (an RDF file/folder or a store folder) and wait until it answers.

    ``source`` None with ``writable`` starts an empty in-memory store (a scratch
    target for ``thaikg push``).

    ``port`` None picks a free one. ``timeout`` (seconds, rounded up; None or 0: none)
    bounds each SPARQL query. With ``union_default_graph`` queries see all articles'
    graphs at once, as ``thaikg query`` does. ``on_start`` gets the server as soon as
    its process exists, so a caller interrupted while waiting can still stop it.
    """
    exe = oxigraph_executable()
    tmp = tempfile.TemporaryDirectory(prefix="thaikg-serve-")  # the log, and the store of an RDF source
    server: Server | None = None
    try:
        if source is None and not writable:
            raise ServeError("a read-only server needs a graph or store to serve")
        location = None if source is None else _prepare(source, Path(tmp.name))
        port = port or free_port(host)
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        cmd = [exe, "serve" if writable else "serve-read-only", "--bind", bind]
        if location is not None:
            cmd += ["--location", str(location)]
        if union_default_graph:
            cmd.append("--union-default-graph")
        if timeout:
            cmd += ["--timeout-s", str(max(1, math.ceil(timeout)))]
        log = Path(tmp.name) / "oxigraph.log"
        with open(log, "wb") as fh:
            server = Server(subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=fh, stderr=subprocess.STDOUT),
                            host, port, location, writable, log, tmp)
        if on_start is not None:
            on_start(server)
        _wait_ready(server, ready_timeout)
    except BaseException:
        if server is not None:
            server.stop()
        tmp.cleanup()
        raise
    return server


def _wait_ready(server: Server, ready_timeout: float) -> None:
    probe = server.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy: it is our own server
    deadline = time.monotonic() + ready_timeout
    while True:
        if not server.running():
            raise ServeError(f"the oxigraph server stopped at once (exit {server.process.returncode}): "
                             f"{server.log_tail() or 'no message'}")
        try:
            with opener.open(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.monotonic() > deadline:
            raise ServeError(f"the oxigraph server did not answer on {server.url} within {ready_timeout:.0f}s: "
                             f"{server.log_tail() or 'no message'}")
        time.sleep(0.05)
