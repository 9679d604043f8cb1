"""A pool of query worker processes (:mod:`thaikg.serve.worker`), started ahead so a query does not wait for one.

:meth:`WorkerPool.run` hands a request to an idle worker and waits at most the
time limit for the whole answer. Past it the worker is killed (SIGKILL, then
reaped: its CPU work has really ended when :class:`QueryTimeout` is raised) and a
fresh worker is started in the background; the other workers go on answering.
"""
from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from .errors import QueryTimeout, ServeError, WorkerFailed, WorkersBusy
from .frames import FrameReader, Overrun, write_frame

__all__ = ["WorkerPool"]


def _package_root() -> str:
    """The folder holding the ``thaikg`` package, for the workers' PYTHONPATH (works uninstalled too)."""
    return str(Path(__file__).resolve().parents[2])


class _Worker:
    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        assert process.stdout is not None and process.stdin is not None
        self.reader = FrameReader(process.stdout.fileno())
        self.isolated = False

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        """Kill and reap: when this returns the process is gone."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass


class WorkerPool:
    """``size`` worker processes on the store folder ``store`` (None: workers that only check texts)."""

    def __init__(self, store: Path | None, size: int, log: Path, *, ready_timeout: float = 30.0) -> None:
        if size < 1:
            raise ServeError(f"need at least one query worker, not {size}")
        self.store = store
        self.size = size
        self.log = log
        self.ready_timeout = ready_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._last_error = ""
        self._env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (_package_root(), os.environ.get("PYTHONPATH", "")) if p)}

    # -- starting ------------------------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        cmd = [sys.executable, "-m", "thaikg.serve.worker"] + ([str(self.store)] if self.store is not None else [])
        try:
            with open(self.log, "ab") as log:
                process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                           env=self._env, close_fds=True)
        except OSError as exc:
            raise ServeError(f"cannot start a query worker: {exc}") from None
        return _Worker(process)

    def _await(self, worker: _Worker, deadline: float, key: str) -> None:
        """Read the worker's ``key`` frame: "ready" once its store is open, "warm" once it can check queries."""
        try:
            header, _ = worker.reader.read(deadline)
        except Overrun:
            raise ServeError(f"a query worker did not start within {self.ready_timeout:.0f}s") from None
        except (EOFError, OSError, ValueError):
            worker.process.wait()
            raise ServeError(f"a query worker stopped at once (exit {worker.process.returncode}); see the log "
                             f"{self.log}") from None
        if not header.get(key):
            raise ServeError(f"a query worker could not start: {header.get('error', 'no message')}")
        if key == "ready":
            worker.isolated = bool(header.get("isolated"))

    def _warm_up(self, worker: _Worker) -> None:
        """Put ``worker`` to work once it is warm (rdflib loaded), so its warm-up never counts against a time limit."""
        try:
            self._await(worker, time.monotonic() + self.ready_timeout, "warm")
        except ServeError as exc:
            self._last_error = str(exc)
            self._discard(worker)
            return
        if self._closed:
            self._drop(worker)
        else:
            self._idle.put(worker)

    def start(self) -> None:
        """Start all workers at once and wait until each has its store open; ServeError if one cannot.

        They take requests a moment later, once warm (in the background).
        """
        workers: list[_Worker] = []
        deadline = time.monotonic() + self.ready_timeout
        try:
            for _ in range(self.size):
                workers.append(self._spawn())
                with self._lock:
                    self._live.add(workers[-1])
            for w in workers:
                self._await(w, deadline, "ready")
        except BaseException:
            self.close()
            raise
        for w in workers:
            threading.Thread(target=self._warm_up, args=(w,), name="thaikg-worker-warm-up", daemon=True).start()

    def _replace(self) -> None:
        """Start one worker in place of a killed one (in a background thread); a few tries, then give up."""
        for attempt in range(3):
            if self._closed:
                return
            try:
                worker = self._spawn()
            except ServeError as exc:  # cannot fork: try again shortly (a thread must not raise: it would print)
                self._last_error = str(exc)
                time.sleep(0.5 * (attempt + 1))
                continue
            with self._lock:
                self._live.add(worker)
            try:
                self._await(worker, time.monotonic() + self.ready_timeout, "ready")
                self._await(worker, time.monotonic() + self.ready_timeout, "warm")
            except ServeError as exc:
                self._last_error = str(exc)
                self._drop(worker)
                time.sleep(0.5 * (attempt + 1))
                continue
            if self._closed:
                self._drop(worker)
            else:
                self._idle.put(worker)
            return

    def _drop(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._live.discard(worker)

    def _discard(self, worker: _Worker) -> None:
        """Kill ``worker`` now and start another in the background."""
        self._drop(worker)
        if not self._closed:
            threading.Thread(target=self._replace, name="thaikg-worker-replace", daemon=True).start()

    # -- running -------------------------------------------------------------------------------------

    @property
    def isolated(self) -> bool:
        """Whether every live worker runs without network access (see :func:`thaikg.serve.worker.isolate_network`)."""
        with self._lock:
            return bool(self._live) and all(w.isolated for w in self._live)

    def pids(self) -> list[int]:
        """Process ids of the live workers (idle or busy)."""
        with self._lock:
            return sorted(w.pid for w in self._live)

    def _take(self, wait: float | None) -> _Worker:
        deadline = None if wait is None else time.monotonic() + wait
        while True:
            if self._closed:
                raise ServeError("the server is stopping")
            try:
                worker = self._idle.get(timeout=None if deadline is None else max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                why = f" (last worker start failed: {self._last_error})" if self._last_error else ""
                raise WorkersBusy(f"all {self.size} query workers stayed busy for {wait:g} s; try again later"
                                  + why) from None
            if worker.process.poll() is None:
                return worker
            self._discard(worker)  # died while idle: replace it and take another

    def run(self, request: dict[str, Any], timeout: float | None,
            wait: float | None = None) -> tuple[dict[str, Any], bytearray]:
        """Send ``request`` to a worker and return its answer (header, body).

        ``wait``: how long to wait for a free worker (None: as long as it takes;
        :class:`WorkersBusy` then). ``timeout``: how long the worker may take for
        the whole answer (None: no limit; :class:`QueryTimeout` then, after the
        worker has been killed).
        """
        worker = self._take(wait)
        started = time.monotonic()
        try:
            assert worker.process.stdin is not None
            write_frame(worker.process.stdin, request)
            answer = worker.reader.read(None if timeout is None else started + timeout)
        except Overrun:
            self._discard(worker)
            raise QueryTimeout(f"stopped after {time.monotonic() - started:.1f} s: over the {timeout:g} s limit")\
                from None
        except (OSError, EOFError, ValueError) as exc:
            returncode = worker.process.poll()
            self._discard(worker)
            raise WorkerFailed(f"the query worker died (exit {returncode}): {exc}") from None
        except BaseException:
            self._discard(worker)
            raise
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        """Kill every worker, busy ones included. Safe to call twice."""
        self._closed = True
        with self._lock:
            workers = list(self._live)
        for w in workers:
            self._drop(w)
        while True:
            try:
                self._idle.get_nowait()
            except queue.Empty:
                break
