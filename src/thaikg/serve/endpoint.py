"""The HTTP front of ``thaikg serve``: answers the SPARQL query endpoint itself, within bounds.

Why not just the Oxigraph server: its time limit is checked between evaluation
steps only (a query can run on for minutes), it has no bound on the size of an
answer, and it runs ``SERVICE`` clauses, so any query could make it send
requests anywhere. Here every query on a read-only server goes to a worker
process (:mod:`thaikg.serve.pool`) that refuses ``SERVICE``, stops writing past
the size bound and is killed past the time limit. What the endpoint does not
answer itself (the YASGUI page, Graph Store Protocol requests) it relays to the
Oxigraph server on a private 127.0.0.1 port (:mod:`thaikg.serve.backend`). On a
writable server that Oxigraph server owns the store, so queries and updates are
checked for ``SERVICE``/``LOAD`` by a worker and then relayed, with the same
bounds; one that runs too long gets the Oxigraph server restarted.

Answers are buffered up to the size bound and sent with a Content-Length, so an
answer over the bound is refused (507) instead of being cut off mid-way.
"""
from __future__ import annotations

import re
import socket
import socketserver
import time
import traceback
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

from .backend import OxigraphBackend, Reply, TooLarge
from .errors import QueryTimeout, ServeError, WorkerFailed, WorkersBusy
from .frames import Overrun
from .pool import WorkerPool

__all__ = ["Endpoint", "Limits"]

TEXT = "text/plain; charset=utf-8"
#: The largest SPARQL query or update text accepted in a request body.
MAX_SPARQL_BODY = 16 * 1024 * 1024
#: Where queries and updates are taken (Oxigraph 0.5's ``/sparql`` takes both; the YASGUI page uses it).
_SPARQL_PATHS = {"/query": ("query",), "/update": ("update",), "/sparql": ("query", "update")}
#: What is relayed to the Oxigraph server as it is (GET and HEAD): the page, its files, service descriptions
#: (``/query`` and the like without parameters). Nothing else: a path it might evaluate a query on must not
#: reach it unchecked.
_RELAYED = {"/", "/yasgui.min.css", "/yasgui.min.js", "/logo.svg", "/query", "/update", "/sparql"}
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$")


@dataclass(frozen=True)
class Limits:
    """What one request may cost. None: no limit."""

    timeout: float | None = 30.0  # seconds for a query or update, killed past it
    max_bytes: int | None = 100_000_000  # bytes in an answer
    allow_service: bool = False  # let SERVICE (and LOAD) through: writable servers only


class _Refusal(Exception):
    """An HTTP error answer: ``status`` and a one-line message."""

    def __init__(self, status: int, message: str, headers: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers


class _Body:
    """The request body, read at most ``length`` bytes from the connection (for relaying without buffering)."""

    def __init__(self, stream: BinaryIO, length: int) -> None:
        self.stream = stream
        self.left = length

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        data = self.stream.read(self.left if size < 0 else min(size, self.left))
        self.left -= len(data)
        if not data:
            self.left = 0
        return data


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: every answer has a Content-Length
    server_version = "thaikg"
    sys_version = ""  # no Python version in the Server header
    timeout = 60  # an idle or stalled client connection is dropped
    error_message_format = "%(code)d %(message)s\n"
    error_content_type = TEXT
    server: Endpoint

    def do_GET(self) -> None:
        self.server.dispatch(self)

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # no access log: the library never prints

    def log_message(self, format: str, *args: Any) -> None:
        self.server.note(format % args)


class Endpoint(ThreadingHTTPServer):
    """The listening front; :meth:`serve_forever` in a thread, :meth:`shutdown` and :meth:`server_close` to stop."""

    daemon_threads = True
    block_on_close = False

    pool: WorkerPool
    backend: OxigraphBackend

    def __init__(self, host: str, port: int, *, writable: bool, limits: Limits, union_default_graph: bool,
                 log: Path) -> None:
        """Bind ``host``:``port`` (0: any free port) at once; set :attr:`pool` and :attr:`backend` before serving."""
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.writable = writable
        self.limits = limits
        self.union_default_graph = union_default_graph
        self.log = log
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # not HTTPServer's: it looks the host name up in DNS
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def note(self, message: str) -> None:
        """A line in the server log (never on the terminal)."""
        try:
            with open(self.log, "a", encoding="utf-8") as fh:
                fh.write(f"thaikg serve: {message.strip()}\n")
        except OSError:
            pass

    # -- answering -----------------------------------------------------------------------------------

    def _send(self, h: _Handler, status: int, body: bytes | bytearray, content_type: str | None = TEXT,
              headers: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()) -> None:
        if getattr(h, "_body_left", 0):  # an unread body would be taken for the next request
            h.close_connection = True
        try:
            h.send_response(status)
            if content_type and not any(k.lower() == "content-type" for k, _ in headers):
                h.send_header("Content-Type", content_type)
            for k, v in headers:
                h.send_header(k, v)
            if status >= 200 and status not in (204, 304) and not any(k.lower() == "content-length"
                                                                        for k, _ in headers):
                h.send_header("Content-Length", str(len(body)))
            if h.close_connection:
                h.send_header("Connection", "close")
            h.end_headers()
            if h.command != "HEAD" and body:
                h.wfile.write(body)
        except (ConnectionError, TimeoutError):
            h.close_connection = True

    def _relay(self, h: _Handler, reply: Reply) -> None:
        self._send(h, reply.status, reply.body, None, reply.headers)

    def dispatch(self, h: _Handler) -> None:
        """Answer one request; every failure becomes a status and a one-line text/plain message."""
        started = time.monotonic()
        try:
            h._body_left = int(h.headers.get("Content-Length") or 0)  # type: ignore[attr-defined]
            if h._body_left < 0:  # type: ignore[attr-defined]
                raise ValueError
        except ValueError:
            h._body_left = 0  # type: ignore[attr-defined]
            h.close_connection = True
            return self._send(h, 400, b"invalid Content-Length\n")
        try:
            self._route(h, urllib.parse.urlsplit(h.path), started)
        except _Refusal as exc:
            self._send(h, exc.status, (" ".join(str(exc).split()) + "\n").encode("utf-8"), TEXT, exc.headers)
        except QueryTimeout:
            self._send(h, 503, f"stopped after {time.monotonic() - started:.1f} s: the request ran over the "
                               f"{self.limits.timeout:g} s time limit (--timeout)\n".encode())
        except WorkersBusy as exc:
            self._send(h, 503, f"{exc}\n".encode(), TEXT, (("Retry-After", "1"),))
        except WorkerFailed as exc:
            self._send(h, 500, f"{exc}\n".encode())
        except ServeError as exc:
            self.note(f"{h.command} {h.path}: {exc}")
            self._send(h, 502, f"{exc}\n".encode())
        except (ConnectionError, TimeoutError):
            h.close_connection = True  # the client went away or stalled
        except Exception as exc:  # noqa: BLE001  (a bug: one line to the client, details in the log)
            self.note(f"{h.command} {h.path}: {traceback.format_exc()}")
            self._send(h, 500, f"internal error: {type(exc).__name__}: {exc}\n".encode())

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log instead of printing a traceback on stderr (the library never prints)."""
        self.note(f"error with {client_address}: {traceback.format_exc()}")

    def _route(self, h: _Handler, url: urllib.parse.SplitResult, started: float) -> None:
        """Queries and updates here; only the paths listed in :data:`_RELAYED` go to the Oxigraph server."""
        method, path = h.command, url.path
        if path == "/update" and not self.writable:
            raise _Refusal(403, "The server is read-only: SPARQL Update is refused")
        kinds = _SPARQL_PATHS.get(path)
        if kinds and (method == "POST" or method == "GET" and url.query and "query" in kinds):
            kind, text, params, body = self._sparql(h, url, kinds)
            if kind == "query":
                return self._query(h, url, started, text, params, body)
            if not self.writable:
                raise _Refusal(403, "The server is read-only: SPARQL Update is refused")
            return self._update(h, url, started, text, body)
        if path == "/store" or path.startswith("/store/"):
            if method in ("GET", "HEAD"):
                return self._relay(h, self._forward(h, url, started, bounded=True))
            if not self.writable:
                raise _Refusal(403, "The server is read-only: Graph Store writes are refused")
            if method in ("PUT", "POST", "DELETE"):
                return self._relay(h, self._forward(h, url, None, stream_body=True))
        elif method in ("GET", "HEAD") and path in _RELAYED:  # the query page, its files, service descriptions
            return self._relay(h, self._forward(h, url._replace(query=""), None))  # never with parameters
        raise _Refusal(404, f"{method} {path} is not supported by this server")

    # -- reading requests ----------------------------------------------------------------------------

    def _read_body(self, h: _Handler) -> bytes:
        if h.headers.get("Transfer-Encoding"):
            h.close_connection = True
            raise _Refusal(411, "send the body with a Content-Length, not chunked")
        length = h._body_left  # type: ignore[attr-defined]
        if length > MAX_SPARQL_BODY:
            raise _Refusal(413, f"SPARQL bodies are limited to {MAX_SPARQL_BODY} bytes, this one has {length}")
        body = h.rfile.read(length) if length else b""
        h._body_left = 0  # type: ignore[attr-defined]
        if len(body) < length:
            h.close_connection = True
            raise _Refusal(400, "the request body ended early")
        return body

    def _sparql(self, h: _Handler, url: urllib.parse.SplitResult,
                kinds: tuple[str, ...]) -> tuple[str, str, list[tuple[str, str]], bytes]:
        """What the request asks: its kind (one of ``kinds``: "query", "update"), the text, the protocol
        parameters and the raw body (relayed as it came on a writable server)."""
        body = b""
        params = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        kind: str | None = None
        text: str | None = None
        if h.command == "POST":
            ctype = (h.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
            body = self._read_body(h)
            direct = {f"application/sparql-{k}": k for k in kinds}
            if ctype in direct:
                kind = direct[ctype]
                try:
                    text = body.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise _Refusal(400, f"Invalid UTF-8 body: {exc}") from None
            elif ctype == "application/x-www-form-urlencoded":
                try:
                    params += urllib.parse.parse_qsl(body.decode("ascii"), keep_blank_values=True, errors="strict")
                except (UnicodeDecodeError, ValueError) as exc:
                    raise _Refusal(400, f"Invalid form body: {exc}") from None
            elif not ctype:
                raise _Refusal(400, "No Content-Type given")
            else:
                raise _Refusal(415, f"No supported content Content-Type given: {ctype} "
                                    f"(use {' or '.join(direct)} or application/x-www-form-urlencoded)")
        else:
            kinds = kinds[:1]  # GET: queries only
        if kind is None:
            present = [k for k in kinds if any(name == k for name, _ in params)]
            if len(present) > 1:
                raise _Refusal(400, "Both a query and an update given")
            kind = present[0] if present else kinds[0]
        given = [v for name, v in params if name == kind]
        if len(given) + (text is not None) > 1:
            raise _Refusal(400, f"Multiple {kind} parameters provided")
        if text is None:
            if not given:
                raise _Refusal(400, f"You should set the '{kind}' parameter")
            text = given[0]
        return kind, text, params, body

    def _base(self, h: _Handler, path: str) -> str:
        """The base IRI for relative IRIs in a query: the request's own URL, as the Oxigraph server uses."""
        host = h.headers.get("Host", "")
        if not _HOST.match(host):
            address = self.server_address[0]
            host = f"[{address}]:{self.server_port}" if ":" in str(address) else f"{address}:{self.server_port}"
        return f"http://{host}{path}"

    # -- queries and updates -------------------------------------------------------------------------

    def _remaining(self, started: float) -> float | None:
        if self.limits.timeout is None:
            return None
        return max(0.0, self.limits.timeout - (time.monotonic() - started))

    def _check(self, text: str, kind: str, started: float) -> None:
        """Refuse SERVICE (and LOAD) unless allowed: a worker parses the text, within the time limit."""
        if self.limits.allow_service:
            return
        header, body = self.pool.run({"op": "check", "kind": kind, "text": text}, self._remaining(started),
                                     wait=self.limits.timeout)
        if header.get("status") != 200:
            raise _Refusal(int(header.get("status", 500)), body.decode("utf-8", "replace"))

    def _query(self, h: _Handler, url: urllib.parse.SplitResult, started: float, text: str,
               params: list[tuple[str, str]], body: bytes) -> None:
        if self.writable:  # the Oxigraph server owns the store: check, then relay
            self._check(text, "query", started)
            return self._relay(h, self._forward(h, url, started, body=body, bounded=True, restart=True))
        request = {
            "op": "query",
            "query": text,
            "accept": h.headers.get("Accept", ""),
            "base": self._base(h, url.path),
            "default_graphs": [v for k, v in params if k == "default-graph-uri"],
            "named_graphs": [v for k, v in params if k == "named-graph-uri"],
            "union": any(k == "union-default-graph" for k, _ in params),
            "union_default_graph": self.union_default_graph,
            "max_bytes": self.limits.max_bytes,
            "allow_service": False,  # never on a read-only server
        }
        header, answer = self.pool.run(request, self.limits.timeout, wait=self.limits.timeout)
        self._send(h, int(header.get("status", 500)), answer, header.get("type") or TEXT, (("Vary", "Accept"),))

    def _update(self, h: _Handler, url: urllib.parse.SplitResult, started: float, text: str, body: bytes) -> None:
        self._check(text, "update", started)
        self._relay(h, self._forward(h, url, started, body=body, restart=True))

    # -- relaying ------------------------------------------------------------------------------------

    def _forward(self, h: _Handler, url: urllib.parse.SplitResult, started: float | None, *, body: bytes | None = None,
                 bounded: bool = False, restart: bool = False, stream_body: bool = False) -> Reply:
        """Relay the request to the Oxigraph server; ``started`` set: within the time limit from then.

        ``bounded``: the answer is held to the size bound. ``restart``: past the
        time limit the Oxigraph server is restarted, which is what stops an
        evaluation there.
        """
        headers = {k: v for k in ("Accept", "Content-Type", "Host") if (v := h.headers.get(k))}
        payload: bytes | _Body | None = body
        if stream_body:
            if h.headers.get("Transfer-Encoding"):
                h.close_connection = True
                raise _Refusal(411, "send the body with a Content-Length, not chunked")
            payload = _Body(h.rfile, h._body_left)  # type: ignore[attr-defined]
            headers["Content-Length"] = str(h._body_left)  # type: ignore[attr-defined]
            h._body_left = 0  # type: ignore[attr-defined]
        elif payload is not None:
            headers["Content-Length"] = str(len(payload))
        elif h._body_left:  # type: ignore[attr-defined]
            self._read_body(h)  # not relayed (a GET with a body): read so the connection stays in step
        timeout = self.limits.timeout if started is not None else None
        deadline = None if timeout is None or started is None else started + timeout
        generation = self.backend.generation
        target = url.path + (f"?{url.query}" if url.query else "")
        try:
            return self.backend.forward(h.command, target, headers, payload, deadline=deadline,
                                        max_bytes=self.limits.max_bytes if bounded else None)
        except Overrun:
            if restart:
                self.note(f"restarting the oxigraph server to stop a request over the {timeout:g} s limit")
                self.backend.restart(generation)
            raise QueryTimeout("over the time limit") from None
        except TooLarge:
            raise _Refusal(507, f"the answer is larger than the limit of {(self.limits.max_bytes or 0) / 1e6:g} MB "
                                "(--max-result-mb): ask for less or raise the limit") from None
        finally:
            if isinstance(payload, _Body) and payload.left:  # the Oxigraph server answered before reading it all
                h.close_connection = True
