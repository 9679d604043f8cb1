"""``thaikg serve``: a real server (endpoint, query workers, Oxigraph) on a free localhost port, over HTTP."""
from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from thaikg.cli import main
from thaikg.serve import ServeError, free_port, start_server
from thaikg.store import fill_store

from .serving import FIXTURE, NO_PROXY, post, require_oxigraph, sparql

require_oxigraph()


@pytest.fixture(scope="module")
def server():
    with start_server(FIXTURE, timeout=2) as s:
        yield s


def test_read_only_server_answers_sparql(server):
    assert server.host == "127.0.0.1" and server.url.startswith("http://127.0.0.1:")
    result = sparql(server.query_url, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert result["results"]["bindings"][0]["n"]["value"] == "3"
    # the default graph is the union of the articles, as in `thaikg query`
    result = sparql(server.query_url, "PREFIX tkg: <https://w3id.org/thaikg/ontology#> "
                                      "SELECT ?m WHERE { ?m tkg:edition 18 }")
    assert [b["m"]["value"] for b in result["results"]["bindings"]] == \
        ["https://w3id.org/thaikg/id/event/asean-canada-som-18"]


def test_query_page_is_served(server):
    with NO_PROXY.open(server.url, timeout=10) as response:
        page = response.read().decode("utf-8")
    assert "<html" in page.lower() and "yasgui" in page.lower()


def test_read_only_server_rejects_writes(server):
    update = b"INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    assert post(server.update_url, update, "application/sparql-update") in (403, 405)
    assert post(server.store_url + "?graph=http%3A%2F%2Fexample.org%2Fg", b"<http://a> <http://b> <http://c> .",
                "application/n-triples", method="PUT") in (403, 405)
    result = sparql(server.query_url, "ASK { <http://example.org/a> ?p ?o }")
    assert result["boolean"] is False


def test_slow_query_is_cut_off_by_the_timeout(server):
    started = time.monotonic()
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 818³ rows
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql(server.query_url, endless, timeout=30)
    assert time.monotonic() - started < 5
    assert caught.value.code == 503 and b"2 s time limit" in caught.value.read()
    assert server.running()  # and the server goes on serving
    assert sparql(server.query_url, "ASK { ?s ?p ?o }")["boolean"] is True


def test_stop_ends_the_process_and_removes_the_temporary_store():
    s = start_server(FIXTURE)
    location = s.location
    assert location.exists()
    s.stop()
    assert not s.running() and not location.exists()
    with pytest.raises(urllib.error.URLError):
        sparql(s.query_url, "ASK {}", timeout=2)
    s.stop()  # twice is fine


def test_serving_a_store_folder_leaves_it_in_place(tmp_path):
    fill_store(tmp_path / "store", FIXTURE)
    with start_server(tmp_path / "store", writable=True) as s:
        assert s.location == tmp_path / "store"
        assert post(s.update_url, b"INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> "
                                  b"<http://example.org/b> <http://example.org/c> } }",
                    "application/sparql-update") in (200, 204)
        assert sparql(s.query_url, "ASK { <http://example.org/a> ?p ?o }")["boolean"] is True
    assert (tmp_path / "store").exists()
    with start_server(tmp_path / "store") as s:  # writes to a store folder are kept
        assert sparql(s.query_url, "ASK { <http://example.org/a> ?p ?o }")["boolean"] is True


def test_a_port_in_use_is_a_clear_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServeError, match="cannot listen on 127.0.0.1:.*in use"):
            start_server(FIXTURE, port=port, ready_timeout=10)


def test_missing_graph(tmp_path, capsys):
    assert main(["serve", str(tmp_path / "nope.trig"), "--port", "0"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_cli_serves_until_terminated(tmp_path):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", "import sys; from thaikg.cli import main; sys.exit(main())",
                                "serve", str(FIXTURE), "--port", str(port), "--timeout", "5"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stderr.readline()  # printed once the server answers
        assert f"http://127.0.0.1:{port}/" in first and "read-only" in first, first + process.stderr.read()
        url = f"http://127.0.0.1:{port}/query"
        assert sparql(url, "ASK { ?s ?p ?o }", timeout=5)["boolean"] is True
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
        assert process.returncode == 0, err
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    with pytest.raises(urllib.error.URLError):  # the oxigraph child went with it
        sparql(url, "ASK {}", timeout=2)


# -- the SPARQL Protocol as the Oxigraph server spoke it -------------------------------------------------------------
# The endpoint answers queries itself now (bounded worker processes); the Oxigraph server it relays the rest to
# still runs, on a private port, on the same store and with the same options, so it is the reference.

ARTICLE = "https://w3id.org/thaikg/id/article/asean-canada-som18"
TKG = "PREFIX tkg: <https://w3id.org/thaikg/ontology#> "


def fetch(url: str, params: dict | list | None = None, *, accept: str | None = None, data: bytes | None = None,
          content_type: str | None = None) -> tuple[int, str, bytes]:
    """(status, content type, body), errors included."""
    headers = {k: v for k, v in (("Accept", accept), ("Content-Type", content_type)) if v}
    request = urllib.request.Request(url + ("?" + urllib.parse.urlencode(params) if params else ""), data=data,
                                     headers=headers)
    try:
        with NO_PROXY.open(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


SAME_AS_OXIGRAPH = [
    (TKG + "SELECT ?m ?e WHERE { ?m tkg:edition ?e } ORDER BY ?e", None, {}),
    (TKG + "SELECT ?m ?e WHERE { ?m tkg:edition ?e } ORDER BY ?e", "application/sparql-results+xml", {}),
    (TKG + "SELECT ?m ?e WHERE { ?m tkg:edition ?e } ORDER BY ?e", "text/csv", {}),
    (TKG + "SELECT ?m ?e WHERE { ?m tkg:edition ?e } ORDER BY ?e", "text/tab-separated-values", {}),
    (TKG + "SELECT ?m ?e WHERE { ?m tkg:edition ?e } ORDER BY ?e", "text/html, text/csv;q=0.5, */*;q=0.1", {}),
    (TKG + "SELECT ?m ?e WHERE { ?m tkg:edition ?e } ORDER BY ?e", "text/*", {}),
    ("ASK { ?s ?p ?o }", "application/sparql-results+xml", {}),
    ("ASK { ?s ?p ?o }", "text/csv", {}),
    (TKG + "CONSTRUCT WHERE { ?m tkg:edition ?e }", None, {}),
    (TKG + "CONSTRUCT WHERE { ?m tkg:edition ?e }", "text/turtle", {}),
    (TKG + "CONSTRUCT WHERE { ?m tkg:edition ?e }", "application/n-triples", {}),
    (TKG + "CONSTRUCT WHERE { ?m tkg:edition ?e }", "application/rdf+xml", {}),
    (TKG + "CONSTRUCT WHERE { ?m tkg:edition ?e }", "application/ld+json", {}),
    (TKG + "DESCRIBE ?m WHERE { ?m tkg:edition 18 }", "text/turtle", {}),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None, {"default-graph-uri": ARTICLE}),
    ("SELECT ?g WHERE { GRAPH ?g { } }", None, {"named-graph-uri": ARTICLE}),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None, {"union-default-graph": ""}),
    ("SELECT (COUNT(*) AS ?n) FROM <http://example.org/none> WHERE { ?s ?p ?o }", None, {}),
    ("SELECT * WHERE { ?s ?p }", None, {}),  # a syntax error: 400 with Oxigraph's message
    ("ASK {}", "image/png", {}),  # 406
    ("ASK {}", "nonsense", {}),  # 400
    ("SELECT * WHERE { ?s ?p ?o }", None, {"default-graph-uri": "not an iri"}),
]


@pytest.mark.parametrize("query, accept, params", SAME_AS_OXIGRAPH)
def test_answers_are_those_of_the_oxigraph_server(server, query, accept, params):
    ours = fetch(server.query_url, {"query": query, **params}, accept=accept)
    reference = fetch(server.backend_url + "query", {"query": query, **params}, accept=accept)
    assert ours[:2] == reference[:2], (ours, reference)
    if ours[0] == 200:
        assert ours[2] == reference[2]
    else:  # one line of text/plain saying why
        assert ours[1].startswith("text/plain") and ours[2].strip() and ours[2].count(b"\n") <= 1, ours
    assert ours[0] != 400 or query != "SELECT * WHERE { ?s ?p }" or b"error at 1:" in ours[2]


def test_post_is_answered_as_get(server):
    query = TKG + "SELECT ?m WHERE { ?m tkg:edition ?e } ORDER BY ?m"
    got = fetch(server.query_url, {"query": query}, accept="text/csv")
    assert got[0] == 200 and got[2].count(b"\n") == 3
    assert fetch(server.query_url, accept="text/csv", data=urllib.parse.urlencode({"query": query}).encode(),
                 content_type="application/x-www-form-urlencoded") == got
    assert fetch(server.query_url, accept="text/csv", data=query.encode(),
                 content_type="application/sparql-query; charset=utf-8") == got
    assert fetch(server.query_url, accept="text/csv", data=query.encode(), content_type="text/plain")[0] == 415
    assert fetch(server.query_url, [("query", "ASK {}"), ("query", "ASK {}")])[0] == 400


def test_relative_iris_resolve_against_the_endpoint(server):
    result = json.loads(fetch(server.query_url, {"query": "SELECT ?x WHERE { BIND(<thing> AS ?x) }"})[2])
    assert result["results"]["bindings"][0]["x"]["value"] == server.url + "thing"


def test_graph_store_and_service_description_are_relayed(server):
    status, ctype, body = fetch(server.store_url, {"graph": ARTICLE}, accept="application/n-triples")
    assert (status, ctype) == (200, "application/n-triples") and body.count(b"\n") > 100
    assert fetch(server.store_url, {"graph": "http://example.org/none"})[0] == 404
    status, ctype, body = fetch(server.query_url, accept="text/turtle")
    assert (status, ctype) == (200, "text/turtle") and b"sparql-service-description" in body


def test_cli_limits(capsys):
    assert main(["serve", str(FIXTURE), "--allow-service"]) == 2
    assert "--allow-service needs --writable" in capsys.readouterr().err
