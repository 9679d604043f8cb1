"""``thaikg serve`` hardening, beyond tests/test_serve.py: where it listens, every way of
writing through the read-only endpoint, and what it lets one query cost (time, size,
outbound requests)."""
from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from thaikg.serve import ServeError, oxigraph_executable, start_server

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "mini.trig"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))

try:
    oxigraph_executable()
except ServeError:
    pytest.skip("the oxigraph server (PyPI oxigraph) is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def server():
    with start_server(FIXTURE, timeout=2) as s:
        yield s


def sparql(server, query: str, timeout: float = 10) -> dict:
    request = urllib.request.Request(server.query_url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with NO_PROXY.open(request, timeout=timeout) as response:
        return json.loads(response.read())


def send(url: str, body: bytes | None, content_type: str, method: str = "POST") -> int:
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    try:
        with NO_PROXY.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def count(server) -> int:
    return int(sparql(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
               ["results"]["bindings"][0]["n"]["value"])


def listening_addresses(port: int) -> list[str]:
    """Local addresses with a socket in LISTEN state on ``port`` (from /proc/net/tcp{,6})."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, state = fields[1], fields[3]
            if state == "0A" and address.endswith(f":{port:04X}"):
                found.append(address.rsplit(":", 1)[0])
    return found


def test_listens_on_the_loopback_address_only(server):
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp on this system")
    assert listening_addresses(server.port) == ["0100007F"]  # 127.0.0.1, and nothing on 0.0.0.0 or ::


@pytest.mark.parametrize("how", ["update-form", "update-body-to-query", "query-form", "store-post", "store-put",
                                 "store-delete", "load"])
def test_no_way_of_writing_through_the_read_only_endpoint(server, how):
    update = b"INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    n = count(server)
    status = {
        "update-form": lambda: send(server.update_url, b"update=" + urllib.parse.quote(update).encode(),
                                    "application/x-www-form-urlencoded"),
        "update-body-to-query": lambda: send(server.query_url, update, "application/sparql-update"),
        "query-form": lambda: send(server.query_url, b"query=" + urllib.parse.quote(update).encode(),
                                   "application/x-www-form-urlencoded"),
        "store-post": lambda: send(server.store_url + "?default", b"<http://a> <http://b> <http://c> .",
                                   "application/n-triples"),
        "store-put": lambda: send(server.store_url + "?graph=" + urllib.parse.quote("http://example.org/g", safe=""),
                                  b"<http://a> <http://b> <http://c> .", "application/n-triples", "PUT"),
        "store-delete": lambda: send(server.store_url + "?default", None, "text/plain", "DELETE"),
        "load": lambda: send(server.update_url, b"LOAD <http://127.0.0.1:9/x.ttl>", "application/sparql-update"),
    }[how]()
    assert status >= 400
    assert count(server) == n
    assert sparql(server, "ASK { <http://example.org/a> ?p ?o }")["boolean"] is False


@pytest.mark.xfail(strict=True, reason="serve's --timeout does not bound every query: Oxigraph checks it between "
                                       "steps, and a 4-way cross join over the 818-triple fixture ran 82 s with "
                                       "a 2 s timeout (a 3-way one stops at 2 s, tests/test_serve.py); the answer "
                                       "is then a 200 with a cut-off JSON body")
def test_every_query_stops_near_the_timeout():
    with start_server(FIXTURE, timeout=1) as s:
        started = time.monotonic()
        try:
            sparql(s, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", timeout=5)
        except (urllib.error.HTTPError, urllib.error.URLError, ConnectionError, json.JSONDecodeError, TimeoutError):
            pass
        assert time.monotonic() - started < 4


def _stream(server, query: str, accept: str, cap: int, seconds: float) -> tuple[int, float, bool]:
    """Read the answer to ``query`` until it ends, ``cap`` bytes or ``seconds``: (bytes, seconds, ended)."""
    request = urllib.request.Request(server.query_url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": accept})
    started, n, ended = time.monotonic(), 0, False
    try:
        with NO_PROXY.open(request, timeout=30) as response:
            while n < cap and time.monotonic() - started < seconds:
                chunk = response.read(1 << 20)
                if not chunk:
                    ended = True
                    break
                n += len(chunk)
    except (urllib.error.HTTPError, urllib.error.URLError, ConnectionError):
        ended = True
    return n, time.monotonic() - started, ended


@pytest.mark.xfail(strict=True, reason="serve has no result-size bound: the Oxigraph server has no option for one "
                                       "and its --timeout-s does not stop a result being streamed (a 3-way join "
                                       "streamed 560 MB over 17 s with a 2 s timeout)")
def test_a_huge_result_is_bounded(server):
    n, seconds, ended = _stream(server, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                                "application/sparql-results+json", cap=64 << 20, seconds=10)
    assert ended and n < 64 << 20, f"{n / 1e6:.0f} MB in {seconds:.1f}s and still streaming"


def test_a_huge_result_does_not_stop_the_server(server):
    _stream(server, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", "text/csv", cap=8 << 20, seconds=5)
    assert sparql(server, "ASK { ?s ?p ?o }")["boolean"] is True


@pytest.mark.xfail(strict=True, reason="the read-only endpoint runs SERVICE clauses: any query can make the "
                                       "server send HTTP requests to any address it can reach (SSRF once it "
                                       "listens beyond 127.0.0.1); the Oxigraph server has no switch to refuse them")
def test_a_query_cannot_make_the_server_call_out(server):
    calls: list[bytes] = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(8)
    port = listener.getsockname()[1]

    def accept() -> None:
        try:
            conn, _ = listener.accept()
            calls.append(conn.recv(1000))
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        sparql(server, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}", timeout=15)
    except (urllib.error.HTTPError, urllib.error.URLError, ConnectionError, json.JSONDecodeError):
        pass
    thread.join(10)
    listener.close()
    assert calls == [], calls[0][:120]


def test_queries_in_parallel_are_answered(server):
    results: list[bool] = []

    def ask() -> None:
        results.append(sparql(server, "ASK { ?s ?p ?o }")["boolean"])

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == [True] * 8
