"""Push a graph to a remote triple store, one article's named graph at a time.

Each named graph is sent with an HTTP ``PUT`` to a SPARQL 1.1 Graph Store
Protocol endpoint (``URL?graph=IRI``), which *replaces* that graph: pushing again
after a rebuild updates the articles instead of piling up stale triples. Stores
without the Graph Store Protocol get SPARQL Update (``DROP SILENT GRAPH`` +
``INSERT DATA``) instead. Blank nodes are skolemised into IRIs first: the
protocols cannot name a blank node across requests, and some stores reject them.
Credentials come from an environment variable, a header file or ``~/.netrc``,
never from the command line (where ``ps`` and shell history would show them).
"""
from __future__ import annotations

import base64
import hashlib
import netrc
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import ThaiKGError
from .store import QuadSource, graph_names, source_quads

__all__ = [
    "SKOLEM_BASE",
    "PushError",
    "PushResult",
    "auth_headers",
    "graph_payload",
    "netrc_header",
    "push",
    "read_header_file",
    "skolemise",
]

#: Skolem IRIs (RDF 1.1 §3.5) for blank nodes: ``<SKOLEM_BASE><graph digest>-<id>``.
SKOLEM_BASE = "https://w3id.org/thaikg/.well-known/genid/"

#: Statuses that say "this endpoint does not do the Graph Store Protocol" (so try SPARQL Update).
_NO_GSP = {400, 404, 405, 406, 415, 501}


class PushError(ThaiKGError):
    """The endpoint refused or could not be reached."""


@dataclass(frozen=True)
class PushResult:
    """One graph pushed: its name, how many triples, and how (``gsp`` or ``update``)."""

    graph: str
    triples: int
    method: str


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def skolemise(triples: list[ox.Triple], graph: str) -> list[ox.Triple]:
    """``triples`` with every blank node replaced by a skolem IRI unique to ``graph``.

    Small graphs are canonicalised first (RDFC-1.0), so the same graph gets the
    same IRIs on every push; large ones (canonicalisation can be exponential)
    keep the parser's blank node ids, which PUT's replace semantics makes harmless.
    """
    def blank(t: object) -> bool:
        return isinstance(t, ox.BlankNode)

    n_blank = sum(blank(t.subject) or blank(t.object) for t in triples)
    if not n_blank:
        return triples
    if n_blank <= 2000:
        ds = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ds]
    prefix = f"{SKOLEM_BASE}{_digest(graph)}-"

    def fix(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.Literal:
        return ox.NamedNode(prefix + term.value) if isinstance(term, ox.BlankNode) else term  # type: ignore[return-value]

    return [ox.Triple(fix(t.subject), t.predicate, fix(t.object)) for t in triples]


def graph_payload(source: QuadSource, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> tuple[bytes, int]:
    """One graph of ``source`` as sorted N-Triples (skolemised), and its triple count."""
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in source_quads(source, graph)]
    triples = skolemise(triples, str(graph))
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    lines = sorted(set(data.splitlines()))
    return b"\n".join(lines) + (b"\n" if lines else b""), len(lines)


# -- authentication ------------------------------------------------------------------------------

def read_header_file(path: str | Path) -> dict[str, str]:
    """HTTP headers from a file of ``Name: value`` lines (blank lines and ``#`` comments skipped)."""
    headers: dict[str, str] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PushError(f"{path}: {exc.strerror or exc}") from None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip() or any(c.isspace() for c in name.strip()):
            raise PushError(f"{path}:{number}: expected 'Name: value'")  # never echo the line: it may be a secret
        headers[name.strip()] = value.strip()
    return headers


def netrc_header(url: str, file: str | Path | None = None) -> dict[str, str]:
    """A Basic ``Authorization`` header for ``url``'s host from a netrc file (default ``$NETRC`` or ``~/.netrc``)."""
    host = urllib.parse.urlsplit(url).hostname or ""
    path = file or os.environ.get("NETRC") or Path.home() / ".netrc"
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except FileNotFoundError:
        raise PushError(f"{path}: no such netrc file") from None
    except (netrc.NetrcParseError, OSError) as exc:
        raise PushError(f"{path}: cannot read it as a netrc file: {getattr(exc, 'msg', exc)}") from None
    if entry is None:
        raise PushError(f"{path}: no entry for {host} (nor a default)")
    login, _, password = entry
    token = base64.b64encode(f"{login}:{password or ''}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def auth_headers(*, env_var: str | None = None, header_name: str = "Authorization",
                 header_file: str | Path | None = None, use_netrc: bool = False, netrc_file: str | Path | None = None,
                 url: str = "", environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The headers that authenticate to ``url``, from the sources asked for (later ones win)."""
    environ = os.environ if environ is None else environ
    headers: dict[str, str] = {}
    if use_netrc or netrc_file:
        headers.update(netrc_header(url, netrc_file))
    if header_file:
        headers.update(read_header_file(header_file))
    if env_var:
        value = environ.get(env_var)
        if not value:
            raise PushError(f"the environment variable {env_var} is not set or empty")
        headers[header_name] = value.strip()
    return headers


# -- pushing -------------------------------------------------------------------------------------

def _with_query(url: str, params: dict[str, str] | None) -> str:
    if not params:
        return url
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + urllib.parse.urlencode(params)


def _request(opener: urllib.request.OpenerDirector, method: str, url: str, data: bytes, headers: dict[str, str],
             timeout: float) -> None:
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read(300).decode("utf-8", "replace").strip().splitlines()
        raise _HTTPFailure(exc.code, f"{method} {_public(url)}: HTTP {exc.code} {exc.reason}"
                                     + (f": {body[0]}" if body else "")) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PushError(f"{method} {_public(url)}: cannot reach the endpoint: {reason}") from None


def _public(url: str) -> str:
    """``url`` without any user:password part, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        parts = parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else ""))
    return urllib.parse.urlunsplit(parts)


class _HTTPFailure(PushError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _iri_text(graph: ox.NamedNode | ox.BlankNode) -> str:
    return graph.value if isinstance(graph, ox.NamedNode) else f"{SKOLEM_BASE}graph-{graph.value}"


def push(source: QuadSource, endpoint: str | None = None, *, update_endpoint: str | None = None,
         headers: Mapping[str, str] | None = None, graphs: Iterable[ox.NamedNode | ox.BlankNode] | None = None,
         include_default: bool = True, timeout: float = 120.0,
         progress: Callable[[PushResult], None] | None = None) -> list[PushResult]:
    """Replace each named graph of ``source`` (or those in ``graphs``) on the remote store.

    Uses the Graph Store Protocol at ``endpoint`` (``PUT endpoint?graph=IRI``); with
    ``update_endpoint`` too, falls back to SPARQL Update when the endpoint answers
    that it does not do the protocol; with ``update_endpoint`` alone, uses SPARQL
    Update only. Default-graph triples (e.g. from a Turtle file) replace the
    remote default graph when ``include_default``. ``progress`` is called after
    each graph.
    """
    if not endpoint and not update_endpoint:
        raise PushError("give a Graph Store endpoint (--endpoint) or a SPARQL Update endpoint (--update-endpoint)")
    base_headers = dict(headers or {})
    opener = urllib.request.build_opener()
    use_update = not endpoint
    targets: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = list(graph_names(source) if graphs is None
                                                                         else graphs)
    if include_default and graphs is None and next(source_quads(source, ox.DefaultGraph()), None) is not None:
        targets.append(ox.DefaultGraph())
    results = []
    for graph in targets:
        data, count = graph_payload(source, graph)
        is_default = isinstance(graph, ox.DefaultGraph)
        name = "(default graph)" if is_default else _iri_text(graph)  # type: ignore[arg-type]
        if not use_update:
            params = {"default": ""} if is_default else {"graph": name}
            try:
                _request(opener, "PUT", _with_query(endpoint, params), data,  # type: ignore[arg-type]
                         {**base_headers, "Content-Type": "application/n-triples; charset=utf-8"}, timeout)
                result = PushResult(name, count, "gsp")
            except _HTTPFailure as exc:
                if not update_endpoint or exc.status not in _NO_GSP:
                    raise
                use_update = True  # this endpoint does not do GSP: the rest go by SPARQL Update too
        if use_update:
            target = "DEFAULT" if is_default else f"GRAPH <{name}>"
            body = data.decode("utf-8")
            update = (f"DROP SILENT {target} ;\nINSERT DATA {{ {'' if is_default else f'GRAPH <{name}> {{'}\n"
                      f"{body}{'' if is_default else '}'} }}\n")
            _request(opener, "POST", update_endpoint, update.encode("utf-8"),  # type: ignore[arg-type]
                     {**base_headers, "Content-Type": "application/sparql-update; charset=utf-8"}, timeout)
            result = PushResult(name, count, "update")
        results.append(result)
        if progress:
            progress(result)
    return results
