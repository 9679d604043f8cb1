"""``thaikg serve`` hardening, beyond tests/test_serve.py: where it listens, every way of
writing through the read-only endpoint, and what it lets one query cost (time, size,
outbound requests)."""
from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from thaikg.serve import ServeError, start_server

from .. import serving
from ..serving import FIXTURE, NO_PROXY, require_oxigraph
from ..serving import post as send

require_oxigraph()


@pytest.fixture(scope="module")
def server():
    with start_server(FIXTURE, timeout=2) as s:
        yield s


def sparql(server, query: str, timeout: float = 10) -> dict:
    return serving.sparql(server.query_url, query, timeout)


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
                                 "store-delete", "load", "sparql-update-body", "sparql-update-form"])
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
        # Oxigraph 0.5's /sparql takes queries and updates (the YASGUI page sends both there)
        "sparql-update-body": lambda: send(server.url + "sparql", update, "application/sparql-update"),
        "sparql-update-form": lambda: send(server.url + "sparql", b"update=" + urllib.parse.quote(update).encode(),
                                           "application/x-www-form-urlencoded"),
    }[how]()
    assert status >= 400
    assert count(server) == n
    assert sparql(server, "ASK { <http://example.org/a> ?p ?o }")["boolean"] is False


def refusal(exc: urllib.error.HTTPError) -> tuple[int, str, str]:
    """An error answer: status, content type, message (one line)."""
    body = exc.read().decode("utf-8")
    assert body.count("\n") <= 1, body
    return exc.code, exc.headers.get("Content-Type", ""), body.strip()


def test_every_query_stops_near_the_timeout():
    """A 4-way cross join (818^4 rows to count) once ran 82 s past a 2 s limit: Oxigraph checks its
    timeout between steps only. Now the worker running it is killed at the limit."""
    with start_server(FIXTURE, timeout=1) as s:
        started = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as caught:
            sparql(s, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", timeout=5)
        assert time.monotonic() - started < 3
        status, ctype, message = refusal(caught.value)
        assert status == 503 and ctype.startswith("text/plain") and "1 s time limit" in message, message


def _stream(server, query: str, accept: str, cap: int, seconds: float) -> tuple[int, float, bool, int]:
    """Read the answer to ``query`` until it ends, ``cap`` bytes or ``seconds``: (bytes, seconds, ended, status)."""
    request = urllib.request.Request(server.query_url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": accept})
    started, n, ended, status = time.monotonic(), 0, False, 0
    try:
        with NO_PROXY.open(request, timeout=30) as response:
            status = response.status
            while n < cap and time.monotonic() - started < seconds:
                chunk = response.read(1 << 20)
                if not chunk:
                    ended = True
                    break
                n += len(chunk)
    except urllib.error.HTTPError as exc:
        ended, status = True, exc.code
    except (urllib.error.URLError, ConnectionError):
        ended = True
    return n, time.monotonic() - started, ended, status


def test_a_huge_result_is_bounded(server):
    """A 3-way join once streamed 560 MB in 17 s. Now the answer is refused whole: 507 at the default
    100 MB bound, or 503 if writing that much takes longer than the fixture's 2 s limit."""
    n, seconds, ended, status = _stream(server, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                                        "application/sparql-results+json", cap=64 << 20, seconds=10)
    assert ended and n == 0 and status in (503, 507), f"{status}: {n / 1e6:.0f} MB in {seconds:.1f}s"
    assert seconds < 8


def test_a_huge_result_does_not_stop_the_server(server):
    _stream(server, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", "text/csv", cap=8 << 20, seconds=5)
    assert sparql(server, "ASK { ?s ?p ?o }")["boolean"] is True


def _called_out(port_listener: socket.socket) -> bool:
    """Whether anything connected to the listener (a pending connection makes it readable)."""
    return bool(select.select([port_listener], [], [], 0.3)[0])


SERVICE_QUERIES = {
    "plain": "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "lower-case, silent, in OPTIONAL": "select * where {{ ?a ?b ?c optional {{ service silent <{url}> {{ ?s ?p ?o }} }} }}",
    "in a sub-query": "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "in FILTER EXISTS": "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "in a projected EXISTS": "SELECT (EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} AS ?e) WHERE {{}}",
    "keyword spelled with \\u escapes": "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "inside LATERAL (rdflib cannot parse it)":
        "SELECT * WHERE {{ ?a ?b ?c LATERAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
}


@pytest.mark.parametrize("how", ["GET", "POST form", "POST body", "GET /sparql", "POST /sparql form"])
def test_a_query_cannot_make_the_server_call_out(server, how):
    """The read-only endpoint once ran SERVICE: any query could make the server send HTTP requests to any
    address it reaches (SSRF once it listens beyond 127.0.0.1). Now SERVICE is found in the parsed
    query, wherever it is nested, and refused with 400 before anything runs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    try:
        for name, template in SERVICE_QUERIES.items():
            query = template.format(url=url)
            endpoint = server.url + "sparql" if "/sparql" in how else server.query_url
            if how.startswith("GET"):
                request = urllib.request.Request(endpoint + "?" + urllib.parse.urlencode({"query": query}))
            elif how.endswith("form"):
                request = urllib.request.Request(endpoint, data=urllib.parse.urlencode({"query": query})
                                                 .encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
            else:
                request = urllib.request.Request(endpoint, data=query.encode(),
                                                 headers={"Content-Type": "application/sparql-query"})
            with pytest.raises(urllib.error.HTTPError) as caught:
                NO_PROXY.open(request, timeout=15).close()
            status, _, message = refusal(caught.value)
            assert status == 400 and "SERVICE" in message, (name, status, message)
        assert not _called_out(listener)  # refused before anything ran: a call would have come by now
    finally:
        listener.close()


def test_only_known_paths_reach_the_oxigraph_server(server):
    """Whatever the endpoint does not answer itself goes to the Oxigraph server only from a short list of
    paths (page, files, service descriptions, Graph Store): nothing else could carry a query past the checks."""
    query = urllib.parse.urlencode({"query": "ASK { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"})
    for path in ("nope", "sparql/", "query/x", "QUERY", "yasgui.min.js/../query"):
        assert send(server.url + path + "?" + query, None, "text/plain", "GET") == 404, path
    assert send(server.url + "?" + query, None, "text/plain", "GET") == 200  # the page: the query is ignored


def test_a_variable_named_service_is_no_problem(server):
    result = sparql(server, "SELECT ?service WHERE { BIND(\"SERVICE <http://x/>\" AS ?service) }")
    assert result["results"]["bindings"][0]["service"]["value"] == "SERVICE <http://x/>"


def test_workers_have_no_network_where_linux_allows(server):
    """Defence in depth behind the SERVICE check: each worker moves into an empty network namespace."""
    if not server.workers_isolated:
        pytest.skip("no network namespaces here (not Linux, or neither root nor user namespaces)")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    code = ("import socket, sys; from thaikg.serve.worker import isolate_network; assert isolate_network(); "
            f"socket.create_connection(('127.0.0.1', {listener.getsockname()[1]}), timeout=2)")
    try:
        done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=30)
        assert done.returncode != 0 and "unreachable" in done.stderr.lower(), done.stderr[-300:]
        assert not _called_out(listener)
    finally:
        listener.close()


@pytest.fixture(scope="module")
def strict():
    """A server with a 1 s time limit and a 50 kB answer bound (the fixture's triples are ~150 kB of JSON)."""
    with start_server(FIXTURE, timeout=1, max_result_mb=0.05, workers=2) as s:
        yield s


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() if Path("/proc/self").exists() else True


def test_a_timed_out_worker_is_killed_and_replaced(strict):
    before = set(strict.worker_pids())
    assert len(before) == 2
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql(strict, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", timeout=10)
    assert caught.value.code == 503 and time.monotonic() - started < 3
    gone = before - set(strict.worker_pids())
    assert len(gone) == 1 and not _alive(gone.pop())  # killed and reaped: its CPU work is over
    assert sparql(strict, "ASK { ?s ?p ?o }")["boolean"] is True  # the other worker answers at once
    deadline = time.monotonic() + 20
    while len(strict.worker_pids()) < 2 and time.monotonic() < deadline:  # and a new one takes its place
        time.sleep(0.1)
    assert len(strict.worker_pids()) == 2 and not before >= set(strict.worker_pids())


def test_queries_are_answered_while_one_runs_away(strict):
    def endless() -> None:
        try:
            sparql(strict, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", timeout=10)
        except urllib.error.HTTPError:
            pass

    runaway = threading.Thread(target=endless)
    runaway.start()
    try:
        time.sleep(0.2)
        for _ in range(5):
            started = time.monotonic()
            assert sparql(strict, "ASK { ?s ?p ?o }")["boolean"] is True
            assert time.monotonic() - started < 0.9  # not queued behind the runaway query
    finally:
        runaway.join(10)


@pytest.mark.parametrize("query, accept", [
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+json"),
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", "text/turtle"),
])
def test_an_answer_over_the_bound_is_refused_whole(strict, query, accept):
    n, _, ended, status = _stream(strict, query, accept, cap=1 << 20, seconds=10)
    assert (status, n, ended) == (507, 0, True)
    request = urllib.request.Request(strict.query_url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": accept})
    with pytest.raises(urllib.error.HTTPError) as caught:
        NO_PROXY.open(request, timeout=10)
    status, ctype, message = refusal(caught.value)
    assert ctype.startswith("text/plain") and "0.05 MB" in message, message
    assert sparql(strict, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3")["results"]["bindings"]  # small: fine


def test_the_graph_store_is_bounded_too(strict):
    n, _, ended, status = _stream_url(strict.store_url, "application/n-quads")
    assert (status, n, ended) == (507, 0, True)


def _stream_url(url: str, accept: str) -> tuple[int, float, bool, int]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with NO_PROXY.open(request, timeout=10) as response:
            body = response.read()
            return len(body), 0.0, True, response.status
    except urllib.error.HTTPError as exc:
        return 0, 0.0, True, exc.code


def test_max_result_mb_0_is_no_bound():
    with start_server(FIXTURE, max_result_mb=0, workers=1) as s:
        assert s.limits.max_bytes is None
        n, _, ended, status = _stream(s, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+json",
                                      cap=64 << 20, seconds=10)
        assert (status, ended) == (200, True) and n > 100_000  # over the strict server's 50 kB
        assert len(sparql(s, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")["results"]["bindings"]) == 818


def test_a_writable_server_is_bounded_too(tmp_path):
    """Its store belongs to the Oxigraph server (one writer): queries and updates are checked by a worker
    and relayed; one over the time limit gets the Oxigraph server restarted, and committed writes stay."""
    with start_server(FIXTURE, writable=True, timeout=1, max_result_mb=0.05, workers=1) as s:
        insert = b"INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }"
        assert send(s.update_url, insert, "application/sparql-update") == 204
        started = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as caught:
            sparql(s, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", timeout=10)
        assert caught.value.code == 503 and time.monotonic() - started < 4
        assert sparql(s, "ASK { GRAPH <http://example.org/g> { <http://example.org/a> ?p 1 } }")["boolean"] is True
        n, _, _, status = _stream(s, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv", cap=1 << 20, seconds=10)
        assert (status, n) == (507, 0)
        with pytest.raises(urllib.error.HTTPError) as caught:
            sparql(s, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
        assert caught.value.code == 400
        for update in (b"LOAD <http://127.0.0.1:9/x.ttl>",
                       b"INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"):
            assert send(s.update_url, update, "application/sparql-update") == 400
            assert send(s.url + "sparql", update, "application/sparql-update") == 400
        assert send(s.url + "sparql", insert.replace(b"1 }", b"2 }"), "application/sparql-update") == 204
        assert sparql(s, "ASK { GRAPH <http://example.org/g> { <http://example.org/a> ?p 2 } }")["boolean"] is True


def test_service_can_only_be_allowed_on_a_writable_server():
    with pytest.raises(ServeError, match="writable"):
        start_server(FIXTURE, allow_service=True)


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
