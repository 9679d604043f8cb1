"""``thaikg push``: each article's named graph replaced on a real (writable) Oxigraph server over the
Graph Store Protocol, or through SPARQL Update; idempotent; credentials never on the command line."""
from __future__ import annotations

import base64
import http.server
import json
import threading
import urllib.parse
import urllib.request
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from thaikg.cli import main
from thaikg.graphio import load_dataset
from thaikg.push import SKOLEM_BASE, PushError, auth_headers, netrc_header, push, read_header_file, skolemise
from thaikg.serve import ServeError, oxigraph_executable, start_server
from thaikg.store import read_source

FIXTURE = Path(__file__).parent / "fixtures" / "mini.trig"
ID = "https://w3id.org/thaikg/id/"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))

try:
    oxigraph_executable()
except ServeError:
    pytest.skip("the oxigraph server (PyPI oxigraph) is not installed", allow_module_level=True)


def counts(server) -> dict[str, int]:
    """Triples per named graph on the server, by SPARQL."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(server.query_url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with NO_PROXY.open(request, timeout=10) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


def expected() -> dict[str, int]:
    source = read_source(FIXTURE)
    return {g.value: len(list(source.quads_for_graph_name(g))) for g in {q.graph_name for q in source}}


@pytest.fixture()
def server():
    with start_server(None, writable=True) as s:  # an empty in-memory store
        yield s


def test_push_replaces_each_article_graph_and_is_idempotent(server):
    results = push(read_source(FIXTURE), server.store_url)
    assert [r.method for r in results] == ["gsp"] * 3
    assert {r.graph: r.triples for r in results} == expected() == counts(server)
    push(read_source(FIXTURE), server.store_url)  # again: replaced, not added
    assert counts(server) == expected()


def test_push_removes_what_a_rebuild_dropped(server, tmp_path):
    push(read_source(FIXTURE), server.store_url)
    som = ID + "article/asean-canada-som18"
    ds = load_dataset(FIXTURE)
    ds.remove((None, URIRef("https://w3id.org/thaikg/ontology#virtual"), None, URIRef(som)))
    (tmp_path / "rebuilt.trig").write_bytes(ds.serialize(format="trig", encoding="utf-8"))
    push(read_source(tmp_path / "rebuilt.trig"), server.store_url)
    after = counts(server)
    assert after[som] == expected()[som] - 1
    assert {g: n for g, n in after.items() if g != som} == {g: n for g, n in expected().items() if g != som}


def test_sparql_update_fallback_and_update_only(server):
    # /nope answers 404: this "endpoint" does not do the Graph Store Protocol
    results = push(read_source(FIXTURE), server.url + "nope", update_endpoint=server.update_url)
    assert [r.method for r in results] == ["update"] * 3
    assert counts(server) == expected()
    push(read_source(FIXTURE), update_endpoint=server.update_url)
    assert counts(server) == expected()


def test_blank_nodes_are_skolemised_the_same_way_each_time(server, tmp_path):
    trig = tmp_path / "b.trig"
    trig.write_text("""
        @prefix ex: <http://example.org/> .
        <http://example.org/g> { ex:a ex:p [ ex:q "1" ; ex:r [ ex:q "2" ] ] . _:x ex:q "3" . }
    """, encoding="utf-8")
    push(read_source(trig), server.store_url)
    push(read_source(trig), server.store_url)
    assert counts(server) == {"http://example.org/g": 5}
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }"
    request = urllib.request.Request(server.query_url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with NO_PROXY.open(request, timeout=10) as response:
        assert json.loads(response.read())["results"]["bindings"][0]["n"]["value"] == "0"
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in read_source(trig)]
    first, second = skolemise(triples, "g"), skolemise(list(reversed(triples)), "g")
    assert sorted(map(str, first)) == sorted(map(str, second))
    assert all(str(t.subject).startswith(("<http://example.org/", f"<{SKOLEM_BASE}")) for t in first)


def test_default_graph_triples_go_to_the_default_graph(server, tmp_path):
    ttl = tmp_path / "g.ttl"
    ttl.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8")
    results = push(read_source(ttl), server.store_url)
    assert [(r.graph, r.triples) for r in results] == [("(default graph)", 1)]
    assert counts(server) == {}


def test_cli_push(server, capsys):
    assert main(["push", str(FIXTURE), "--endpoint", server.store_url]) == 0
    err = capsys.readouterr().err
    assert "pushed 3 graphs" in err and f"{ID}article/asean-canada-som18" in err
    assert counts(server) == expected()


@pytest.mark.parametrize("argv,needle", [
    (["--endpoint", "http://127.0.0.1:9/store"], "cannot reach the endpoint"),
    ([], "--endpoint"),
    (["--endpoint", "http://127.0.0.1:9/store", "--auth-header-env", "THAIKG_TEST_UNSET"], "THAIKG_TEST_UNSET"),
])
def test_cli_push_errors_are_one_line(capsys, monkeypatch, argv, needle):
    monkeypatch.delenv("THAIKG_TEST_UNSET", raising=False)
    assert main(["push", str(FIXTURE), "-q", *argv]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


# -- authentication ------------------------------------------------------------------------------

class _Recorder(http.server.BaseHTTPRequestHandler):
    """A Graph Store stand-in that records what it was sent."""

    seen: ClassVar[list[tuple[str, str, dict[str, str]]]] = []

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).seen.append(("PUT", self.path, dict(self.headers)))
        self.send_response(401 if self.headers.get("Authorization") is None else 204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def recorder():
    _Recorder.seen = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/store", _Recorder.seen
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_auth_header_from_environment(recorder, monkeypatch, capsys):
    url, seen = recorder
    monkeypatch.setenv("THAIKG_TOKEN", "Bearer s3cret")
    assert main(["push", str(FIXTURE), "--endpoint", url, "--auth-header-env", "THAIKG_TOKEN", "-q"]) == 0
    assert len(seen) == 3 and all(h["Authorization"] == "Bearer s3cret" for _, _, h in seen)
    assert all(h["Content-Type"].startswith("application/n-triples") for _, _, h in seen)
    paths = sorted(urllib.parse.parse_qs(urllib.parse.urlsplit(p).query)["graph"][0] for _, p, _ in seen)
    assert paths == sorted(expected())
    assert "s3cret" not in capsys.readouterr().err


def test_refused_credentials_do_not_leak(recorder, capsys):
    url, _ = recorder
    assert main(["push", str(FIXTURE), "--endpoint", url, "-q"]) == 2
    err = capsys.readouterr().err
    assert "HTTP 401" in err and err.count("\n") == 1


def test_netrc_and_header_file(recorder, tmp_path):
    url, seen = recorder
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login alice password wonder land\n".replace("wonder land", "wonderland"),
                     encoding="utf-8")
    netrc.chmod(0o600)
    assert netrc_header(url, netrc) == {"Authorization": "Basic " + base64.b64encode(b"alice:wonderland").decode()}
    assert main(["push", str(FIXTURE), "--endpoint", url, "--netrc", str(netrc), "-q"]) == 0
    assert seen[-1][2]["Authorization"].startswith("Basic ")
    headers = tmp_path / "headers"
    headers.write_text("# secrets\nAuthorization: Bearer t0ken\nX-Tenant: thaikg\n", encoding="utf-8")
    assert read_header_file(headers) == {"Authorization": "Bearer t0ken", "X-Tenant": "thaikg"}
    assert main(["push", str(FIXTURE), "--endpoint", url, "--header-file", str(headers), "-q"]) == 0
    assert seen[-1][2]["X-Tenant"] == "thaikg"
    with pytest.raises(PushError, match="no entry for example.org"):
        netrc_header("http://example.org/store", netrc)
    headers.write_text("not a header line with a s3cret\n", encoding="utf-8")
    with pytest.raises(PushError) as info:
        read_header_file(headers)
    assert "s3cret" not in str(info.value)


def test_auth_headers_sources():
    assert auth_headers(env_var="T", environ={"T": " Basic abc "}) == {"Authorization": "Basic abc"}
    assert auth_headers(env_var="T", header_name="X-Api-Key", environ={"T": "k"}) == {"X-Api-Key": "k"}
    assert auth_headers() == {}
    with pytest.raises(PushError, match="not set"):
        auth_headers(env_var="T", environ={})
