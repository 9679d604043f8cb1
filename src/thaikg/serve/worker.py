"""A query worker: one process that answers SPARQL queries on a store it holds open read-only.

The endpoint (:mod:`thaikg.serve.endpoint`) runs a few of these as
``python -m thaikg.serve.worker [STORE]`` and talks to them over their
stdin/stdout (:mod:`thaikg.serve.frames`). Why processes: Oxigraph checks its
time limit only between steps of an evaluation (a 4-way cross join ran 82 s past
a 2 s limit), and a thread cannot be stopped from outside, but a process can be
killed. So a query that runs too long is stopped by killing its worker, which
really ends the work, and the endpoint starts a fresh one.

The worker also refuses what would make the server call other servers
(:func:`refusal`: ``SERVICE``; for updates also ``LOAD``), bounds the size of
the answer as it is written (:class:`_Capped`), and, where Linux lets it, moves
into an empty network namespace first (:func:`isolate_network`), so even a
``SERVICE`` that got past the check could not reach anything.

Without a store (a writable server, whose store the Oxigraph server owns) a
worker only checks queries and updates; parsing a hostile text is bounded by
the same time limit that way.
"""
from __future__ import annotations

import ctypes
import os
import re
import signal
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import pyoxigraph as ox

from .frames import read_frame, write_frame

__all__ = ["isolate_network", "main", "negotiate", "refusal"]

TEXT = "text/plain; charset=utf-8"

#: rdflib parse-tree nodes that make the server send requests elsewhere, by kind of text.
_REMOTE = {
    "query": {"ServiceGraphPattern": "SERVICE"},
    "update": {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"},
}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

F = TypeVar("F")


def _one_line(exc: BaseException | str) -> str:
    text = " ".join(str(exc).split())
    return text or (type(exc).__name__ if isinstance(exc, BaseException) else "")


def _unescape(text: str) -> str:
    """SPARQL's ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes expanded, as a parser does before reading keywords."""
    def char(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group(0)
    return _ESCAPE.sub(char, text)


def refusal(text: str, kind: str = "query") -> str | None:
    """Why ``text`` (a SPARQL ``query`` or ``update``) must be refused, in one line; None if it may run.

    Refused: ``SERVICE`` (and in an update ``LOAD``), which make the server send
    HTTP requests wherever the text says (SSRF). They are found in rdflib's parse
    tree, wherever they are nested (OPTIONAL, sub-queries, EXISTS, ...), not by
    matching the text, so a variable called ``?service`` is no problem.

    A text rdflib cannot parse cannot be checked that way: an Oxigraph extension
    (LATERAL, RDF-star ``<< >>``, ADJUST) or a plain syntax error. Such a text is
    refused when, after SPARQL's ``\\u`` escapes are expanded, the keyword appears
    anywhere in it (case-insensitively: a keyword cannot be spelled another way),
    and let through otherwise, so Oxigraph reports a syntax error itself. At worst
    this refuses an exotic query that only mentions "service" in a string.
    """
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    remote = _REMOTE[kind]
    try:
        tree: Any = parseQuery(text) if kind == "query" else parseUpdate(text)
    except Exception as exc:  # noqa: BLE001  (pyparsing's ParseException, or whatever rdflib trips on)
        unescaped = _unescape(text).lower()
        named = [word for word in dict.fromkeys(remote.values()) if word.lower() in unescaped]
        if named:
            return (f"{' and '.join(named)} refused: rdflib's SPARQL parser could not read this {kind} to check it "
                    f"for {'/'.join(named)} ({_one_line(exc)})")
        return None
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name in remote:
                return (f"{remote[node.name]} is refused by this endpoint: {'an' if kind == 'update' else 'a'} "
                        f"{kind} may not make the server send requests to other servers")
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return None


class BadAccept(ValueError):
    """An Accept header that cannot be read (400)."""


class NotAcceptable(ValueError):
    """No acceptable format for this kind of answer (406)."""


def negotiate(accept: str, parse: Callable[[str], F | None], default: F, by_type: dict[str, F], example: str) -> F:
    """The answer format the ``Accept`` header asks for: the Oxigraph server's rules, so formats stay as before.

    Highest ``q`` wins, the first one on a tie; ``*/*`` is ``default``, ``type/*``
    looks ``type`` up in ``by_type``, anything else goes through ``parse``.
    """
    accept = accept.strip()
    if not accept:
        return default
    result: F | None = None
    best = 0.0
    for possible in accept.split(","):
        score = 1.0
        head, sep, last = possible.rpartition(";")
        if sep:
            name, eq, value = last.partition("=")
            if eq and name.strip().lower() == "q":
                try:
                    score = float(value.strip())
                except ValueError:
                    raise BadAccept(f"Invalid Accept media type score: {value.strip()}") from None
                possible = head
        if score <= best:
            continue
        base, slash, sub = possible.split(";", 1)[0].partition("/")
        if not slash:
            raise BadAccept(f"Invalid media type: '{possible.strip()}'")
        base, sub = base.strip(), sub.strip()
        if base == "*" and sub == "*":
            found: F | None = default
        elif sub == "*":
            found = by_type.get(base)
        else:
            found = parse(possible.strip())
        if found is not None:
            result, best = found, score
    if result is None:
        raise NotAcceptable(f"The accept header does not provide any accepted format like {example}")
    return result


def _results_format(accept: str) -> ox.QueryResultsFormat:
    json = ox.QueryResultsFormat.JSON
    return negotiate(accept, ox.QueryResultsFormat.from_media_type, json, {"application": json, "text": json},
                     "application/sparql-results+json or text/tsv")


def _rdf_format(accept: str) -> ox.RdfFormat:
    nq = ox.RdfFormat.N_QUADS
    return negotiate(accept, ox.RdfFormat.from_media_type, nq, {"application": nq, "text": nq},
                     "application/n-quads or text/turtle")


class _TooLarge(Exception):
    pass


class _Capped:
    """A write target that keeps at most ``limit`` bytes and raises past them, which stops the serialisation."""

    def __init__(self, limit: int | None) -> None:
        self.buf = bytearray()
        self.limit = limit
        self.over = False

    def write(self, data: bytes) -> int:
        if self.limit is not None and len(self.buf) + len(data) > self.limit:
            self.over = True
            raise _TooLarge
        self.buf += data
        return len(data)

    def flush(self) -> None:
        pass


def _error(status: int, message: str) -> tuple[dict[str, Any], bytes]:
    return {"status": status, "type": TEXT}, (_one_line(message) + "\n").encode("utf-8")


def answer(request: dict[str, Any], store: ox.Store | None) -> tuple[dict[str, Any], bytes | bytearray]:
    """Run one ``query`` request: check it, evaluate it, serialise it in the negotiated format within the bound."""
    text: str = request["query"]
    if not request.get("allow_service"):
        refused = refusal(text, "query")
        if refused:
            return _error(400, refused)
    if store is None:
        return _error(500, "this query worker has no store")
    kwargs: dict[str, Any] = {}
    if request.get("base"):
        kwargs["base_iri"] = request["base"]
    default, named = request.get("default_graphs") or [], request.get("named_graphs") or []
    union = bool(request.get("union"))
    try:
        if default or named:
            if union:
                return _error(400, "default-graph-uri or named-graph-uri and union-default-graph should not be set "
                                   "at the same time")
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default]
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named]
        elif union or request.get("union_default_graph"):
            kwargs["use_default_graph_as_union"] = True
        result = store.query(text, **kwargs)
    except (SyntaxError, ValueError) as exc:  # a parse error, or an invalid graph or base IRI
        return _error(400, _one_line(exc))
    except OSError as exc:
        return _error(500, f"the query failed: {_one_line(exc)}")
    accept = request.get("accept") or ""
    try:
        fmt: ox.RdfFormat | ox.QueryResultsFormat = (
            _rdf_format(accept) if isinstance(result, ox.QueryTriples) else _results_format(accept))
    except BadAccept as exc:
        return _error(400, str(exc))
    except NotAcceptable as exc:
        return _error(406, str(exc))
    limit = request.get("max_bytes")
    target = _Capped(limit)
    try:
        result.serialize(target, fmt)  # evaluation goes on lazily in here: errors can still come
    except Exception as exc:  # noqa: BLE001  (ours, or whatever evaluation raised)
        if target.over:
            return _error(507, f"the answer is larger than the limit of {limit / 1e6:g} MB (--max-result-mb): "
                               "ask for less (LIMIT, fewer variables) or raise the limit")
        return _error(500, f"the query failed while its answer was written: {_one_line(exc)}")
    return {"status": 200, "type": fmt.media_type}, target.buf


def handle(request: dict[str, Any], store: ox.Store | None) -> tuple[dict[str, Any], bytes | bytearray]:
    """One request from the endpoint: ``query`` (answer it) or ``check`` (only say whether it may run)."""
    op = request.get("op")
    if op == "query":
        return answer(request, store)
    if op == "check":
        refused = refusal(request["text"], request.get("kind", "query"))
        return _error(400, refused) if refused else ({"status": 200, "type": TEXT}, b"")
    return _error(500, f"unknown worker request {op!r}")


_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def isolate_network() -> bool:
    """Move this process into a new network namespace with no usable interface (Linux); whether that worked.

    After it no connection can be opened, not even to 127.0.0.1, so nothing the
    worker evaluates can call out. Needs root (``CLONE_NEWNET``) or unprivileged
    user namespaces (``CLONE_NEWUSER``), and a process with one thread: call it
    first. Best effort: elsewhere the SERVICE check still stands alone.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        unshare = ctypes.CDLL(None, use_errno=True).unshare
    except (OSError, AttributeError):
        return False
    return any(unshare(flags) == 0 for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET))


def main(argv: list[str] | None = None) -> int:
    """Serve requests from stdin until it closes.

    The first frame says "ready" once the store is open (or why not), the second
    "warm" once rdflib's parser is loaded; requests come only after both.
    """
    args = sys.argv[1:] if argv is None else argv
    isolated = isolate_network()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the endpoint stops us itself
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to the log, never into the protocol
    sys.stdout = sys.stderr
    try:
        store = ox.Store.read_only(args[0]) if args else None
    except Exception as exc:  # noqa: BLE001  (reported to the endpoint, which says why it cannot start)
        write_frame(out, {"error": _one_line(exc)})
        return 1
    write_frame(out, {"ready": True, "isolated": isolated, "pid": os.getpid()})
    try:  # build rdflib's grammar (0.3 s) now, before taking requests, so it never counts against a time limit
        refusal("ASK {}")
    except Exception as exc:  # noqa: BLE001  (reported to the endpoint)
        write_frame(out, {"error": _one_line(exc)})
        return 1
    write_frame(out, {"warm": True})
    while (frame := read_frame(sys.stdin.buffer)) is not None:
        try:
            header, body = handle(frame[0], store)
        except Exception as exc:  # noqa: BLE001  (a bug or an odd pyoxigraph error: answer 500, keep serving)
            header, body = _error(500, f"the query failed: {type(exc).__name__}: {_one_line(exc)}")
        write_frame(out, header, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
