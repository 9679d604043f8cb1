"""The Oxigraph server program (PyPI ``oxigraph``) behind the endpoint, on a private 127.0.0.1 port.

It serves what the endpoint does not answer itself: the YASGUI page, Graph Store
Protocol requests and, on a writable server, queries and updates (it owns the
store then: RocksDB lets one process write). :meth:`OxigraphBackend.forward`
relays one request with a deadline and a size bound; a writable server that
overruns the deadline on a query or update is restarted
(:meth:`OxigraphBackend.restart`): killing it is the only way to end that
evaluation, and RocksDB recovers every committed write on reopening.
"""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import ServeError
from .frames import Overrun

__all__ = ["OxigraphBackend", "Reply", "TooLarge", "free_port", "oxigraph_executable"]


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


class TooLarge(Exception):
    """The relayed answer is larger than the bound."""


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


#: Response headers passed on to the client (the rest are the endpoint's own or hop-by-hop).
_KEEP = {"content-type", "location", "content-disposition"}


class OxigraphBackend:
    """One ``oxigraph serve``/``serve-read-only`` process on ``location``, restartable.

    ``on_exit`` is called with the exit status when the process ends on its own
    (not by :meth:`stop` or :meth:`restart`).
    """

    def __init__(self, location: Path, *, writable: bool, log: Path, union_default_graph: bool = True,
                 ready_timeout: float = 30.0, on_exit: Callable[[int], None] | None = None) -> None:
        self.exe = oxigraph_executable()
        self.location = location
        self.writable = writable
        self.log = log
        self.union_default_graph = union_default_graph
        self.ready_timeout = ready_timeout
        self.on_exit = on_exit
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.generation = 0  # bumped by each restart
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._stopping = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def spawn(self) -> None:
        """Start the process (without waiting for it to answer: see :meth:`wait_ready`)."""
        self.port = free_port("127.0.0.1")
        cmd = [self.exe, "serve" if self.writable else "serve-read-only", "--bind", f"127.0.0.1:{self.port}",
               "--location", str(self.location)]
        if self.union_default_graph:
            cmd.append("--union-default-graph")
        # no --timeout-s: Oxigraph would cut a streamed answer short and still send 200; the endpoint bounds time
        try:
            with open(self.log, "ab") as log:
                self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        except OSError as exc:
            raise ServeError(f"cannot start the oxigraph server {self.exe}: {exc}") from None
        threading.Thread(target=self._watch, args=(self.process,), name="thaikg-oxigraph-watch", daemon=True).start()

    def _watch(self, process: subprocess.Popen[bytes]) -> None:
        status = process.wait()
        if process is self.process and not self._stopping and self.on_exit is not None:
            self.on_exit(status)

    def wait_ready(self) -> None:
        """Block until the server answers; ServeError (with the end of its log) if it stops or takes too long."""
        deadline = time.monotonic() + self.ready_timeout
        process = self.process
        assert process is not None
        while True:
            if process.poll() is not None:
                raise ServeError(f"the oxigraph server stopped at once (exit {process.returncode}): "
                                 f"{self.log_tail() or 'no message'}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                try:
                    conn.request("HEAD", "/")
                    if conn.getresponse().status == 200:
                        self._ready.set()
                        return
                finally:
                    conn.close()
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise ServeError(f"the oxigraph server did not answer within {self.ready_timeout:.0f}s: "
                                 f"{self.log_tail() or 'no message'}")
            time.sleep(0.05)

    def start(self) -> None:
        self.spawn()
        self.wait_ready()

    def _kill(self) -> None:
        process = self.process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def restart(self, generation: int) -> None:
        """Kill the server and start it again, unless that already happened since ``generation``."""
        with self._lock:
            if generation != self.generation or self._stopping:
                return
            self._ready.clear()
            self.generation += 1
            old = self.process
            self.process = None  # its watcher must not report this exit
            if old is not None and old.poll() is None:
                old.kill()
                old.wait()
            self.spawn()
            try:
                self.wait_ready()
            except ServeError:
                if self.on_exit is not None:
                    self.on_exit(self.process.returncode if self.process and self.process.returncode else 1)
                raise

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping = True
        self._ready.set()  # nobody waits for a server that is going away
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def log_tail(self, lines: int = 5) -> str:
        try:
            return " | ".join(self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-lines:])
        except OSError:
            return ""

    def forward(self, method: str, target: str, headers: dict[str, str], body: bytes | BinaryIO | None = None, *,
                deadline: float | None, max_bytes: int | None = None, io_timeout: float = 60.0) -> Reply:
        """Relay one request and read the whole answer.

        :class:`Overrun` when ``deadline`` (``time.monotonic()``) passes first,
        :class:`TooLarge` when the answer passes ``max_bytes``; either way the
        connection is closed, which stops Oxigraph streaming it.
        """
        if not self._ready.wait(self.ready_timeout) or self._stopping:
            raise ServeError("the oxigraph server is not available")
        port = self.port

        def remaining() -> float:
            if deadline is None:
                return io_timeout
            left = deadline - time.monotonic()
            if left <= 0:
                raise Overrun
            return left

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=remaining())
        try:
            try:
                conn.connect()
                sock = conn.sock  # kept: http.client lets go of it once the answer is read
                conn.request(method, target, body=body, headers=headers)
                sock.settimeout(remaining())
                response = conn.getresponse()
                parts: list[bytes] = []
                size = 0
                while method != "HEAD":
                    sock.settimeout(remaining())
                    chunk = response.read(1 << 16)
                    if not chunk:
                        break
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise TooLarge
                    parts.append(chunk)
            except TimeoutError:
                if deadline is not None and deadline - time.monotonic() <= 0.05:
                    raise Overrun from None
                raise ServeError(f"the oxigraph server did not answer within {io_timeout:g} s") from None
            except (OSError, http.client.HTTPException) as exc:
                raise ServeError(f"the oxigraph server did not answer: {exc}") from None
            kept = [(k, v) for k, v in response.getheaders() if k.lower() in _KEEP]
            if method == "HEAD" and response.getheader("Content-Length"):
                kept.append(("Content-Length", response.getheader("Content-Length", "0")))
            return Reply(response.status, kept, b"".join(parts))
        finally:
            conn.close()

