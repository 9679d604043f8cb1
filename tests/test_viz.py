"""The offline HTML page (thaikg.viz), checked without a browser: data, safety, determinism."""
from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from thaikg.errors import ThaiKGError
from thaikg.graphio import load_dataset
from thaikg.network import project
from thaikg.viz import _json_for_script, draw, render_html

FIXTURE = Path(__file__).parent / "fixtures" / "viz_sample.trig"
ID = "https://w3id.org/thaikg/id/"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_TITLE = "<script>alert(1)</script>"
DATA_RE = re.compile(r'<script type="application/json" id="thaikg-data">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return project(load_dataset(FIXTURE))


@pytest.fixture(scope="module")
def page(G: nx.MultiDiGraph) -> str:
    return render_html(load_dataset(FIXTURE))


def embedded(page: str) -> dict:
    match = DATA_RE.search(page)
    assert match, "no data block"
    return json.loads(match.group(1))


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_counts_match_the_projection(page: str, G: nx.MultiDiGraph) -> None:
    data = embedded(page)
    assert len(data["nodes"]) == G.number_of_nodes() == 15
    assert len(data["edges"]) == G.number_of_edges() == 18
    assert {n["iri"] for n in data["nodes"]} == set(G.nodes)
    assert sum(c["count"] for c in data["classes"]) == 15


def test_node_data_for_the_panel(page: str) -> None:
    data = embedded(page)
    node = next(n for n in data["nodes"] if n["iri"] == ID + "country/ไทย")
    assert (node["th"], node["en"], node["wd"], node["cls"], node["deg"]) == ("ไทย", "Thailand", "Q869", "Country", 6)
    sentences = [data["sentences"][s] for s, _ in node["ment"]]
    assert any(s.startswith("ไทยและแคนาดาเป็นประธานร่วม") for s in sentences)
    titles = {data["articles"][a]["title"] for _, a in node["ment"]}
    assert HOSTILE_TITLE in titles


def test_edge_labels_come_from_the_ontology(G: nx.MultiDiGraph) -> None:
    th = {e["prop"]: e["label"] for e in embedded(render_html(G))["edges"]}
    en = {e["prop"]: e["label"] for e in embedded(render_html(G, lang="en"))["edges"]}
    assert th["participant"] == "ผู้เข้าร่วม" and en["participant"] == "participant"
    assert th["holdsPosition"] == "ดำรงตำแหน่ง" and en["holdsPosition"] == "holds position"
    classes_en = {c["id"]: c["label"] for c in embedded(render_html(G, lang="en"))["classes"]}
    assert classes_en["GovernmentOrganization"] == "Government organization"


def test_nothing_is_loaded_from_the_network(page: str) -> None:
    parser = Tags()
    parser.feed(page)
    names = [t for t, _ in parser.tags]
    assert not {"link", "img", "iframe", "object", "embed", "base", "form", "video", "audio", "source"} & set(names)
    for tag, attrs in parser.tags:
        for attr in ("src", "href", "srcset", "action", "data", "poster"):
            assert attr not in attrs, (tag, attrs)
    assert names.count("script") == 3  # data, vis-network, ours: all inline
    assert not re.search(r"@import|url\(\s*(?!['\"]?\s*data:)", page), "CSS must not fetch anything"
    loads = re.findall(r"""(?:src|href)\s*=\s*["']?\s*((?:https?:)?//[^"' ]*)""", page, re.IGNORECASE)
    assert loads == ["https://www.wikidata.org/wiki/"], loads  # the panel's Wikidata link, a click away only
    csp = next(a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "unsafe" not in script_src and script_src.count("'sha256-") == 2  # injected scripts or onerror= never run
    assert "bootstrap" not in page.lower() and "fonts.googleapis" not in page


def test_hostile_strings_only_appear_escaped(page: str) -> None:
    for raw in (HOSTILE_NAME, HOSTILE_TITLE, "</script><script>alert(3)", "</script><!--", "javascript:alert(5)"):
        assert raw not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert "\u2028" not in page and "\u2029" not in page
    data = embedded(page)  # and they come back intact as data
    assert any(n["en"] == HOSTILE_NAME for n in data["nodes"])
    assert any(a["title"] == HOSTILE_TITLE for a in data["articles"])
    assert all(n["wd"] == "" or re.fullmatch(r"Q[1-9][0-9]*", n["wd"]) for n in data["nodes"])


def test_json_for_script_escapes_everything_dangerous() -> None:
    text = _json_for_script({"k</script>": "</script><!--&\u2028\u2029>"})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"k</script>": "</script><!--&\u2028\u2029>"}


def test_markers_in_data_are_not_expanded(G: nx.MultiDiGraph) -> None:
    H = G.copy()
    H.nodes[ID + "country/ไทย"]["label_en"] = "{{VIS_JS}}"
    page = render_html(H, lang="en")
    assert page.count("vis-network") == render_html(G, lang="en").count("vis-network")
    assert any(n["en"] == "{{VIS_JS}}" for n in embedded(page)["nodes"])


def test_same_graph_same_bytes(page: str) -> None:
    assert render_html(load_dataset(FIXTURE)) == page
    # another process, another hash seed: still the same bytes
    code = ("import sys; from thaikg.viz import render_html; from thaikg.graphio import load_dataset; "
            f"sys.stdout.buffer.write(render_html(load_dataset({str(FIXTURE)!r})).encode('utf-8'))")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True, timeout=120).stdout
    assert out.decode("utf-8") == page
    assert '"seed":' in page and datetime.date.today().isoformat() not in page


def test_focus_and_depth(G: nx.MultiDiGraph) -> None:
    one = draw(G, focus="ชุตินทร", depth=1)
    data = embedded(one.html)
    assert len(data["nodes"]) == one.graph.number_of_nodes() == 4
    assert data["nodes"][data["view"]["focus"]]["th"] == "นายชุตินทร คงศักดิ์"
    assert len(data["edges"]) == one.graph.number_of_edges()
    two = embedded(render_html(G, focus="Chutintorn Gongsakdi", depth=2))
    assert len(two["nodes"]) > 4
    with pytest.raises(ThaiKGError, match="no entity"):
        render_html(G, focus="nobody at all")


def test_max_nodes_keeps_the_hubs_and_says_so(G: nx.MultiDiGraph) -> None:
    data = embedded(render_html(G, max_nodes=5))
    assert len(data["nodes"]) == 5
    assert data["view"]["truncated"] == {"shown": 5, "of": 15}
    assert "ไทย" in {n["th"] for n in data["nodes"]}
    assert "truncated" not in embedded(render_html(G, max_nodes=100))["view"]


def test_article_and_class_filters(G: nx.MultiDiGraph) -> None:
    art = embedded(render_html(G, article="xss-test"))
    assert {n["en"] for n in art["nodes"]} == {HOSTILE_NAME, "Thailand", "Chiang Mai", ""}
    assert len(art["edges"]) == 4
    assert art["view"]["article"] == {"id": "xss-test", "title": HOSTILE_TITLE}
    assert len(embedded(render_html(G, article=ID + "article/xss-test"))["nodes"]) == 4
    orgs = embedded(render_html(G, classes="Organization,country"))
    assert {n["cls"] for n in orgs["nodes"]} == {"GovernmentOrganization", "InternationalOrganization", "Country"}
    with pytest.raises(ThaiKGError, match="unknown class"):
        render_html(G, classes=["Spaceship"])
    with pytest.raises(ThaiKGError, match="no article"):
        render_html(G, article="missing")


def test_bad_options(G: nx.MultiDiGraph) -> None:
    for kwargs in ({"lang": "fr"}, {"depth": -1}, {"max_nodes": 0}):
        with pytest.raises(ThaiKGError):
            render_html(G, **kwargs)


def test_empty_graph_still_draws() -> None:
    data = embedded(render_html(Dataset()))
    assert data["nodes"] == [] and data["edges"] == []


def test_thai_fonts_and_no_web_fonts(page: str) -> None:
    assert '"Noto Sans Thai", "TH Sarabun New", Garuda, Loma, "Tlwg Typist", sans-serif' in page
    assert "@font-face" not in page


# --------------------------------------------------------------------------- command line


def _main(argv: list[str]) -> int:
    from thaikg.cli import main

    return main(argv)


def test_cli_viz(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "page.html"
    assert _main(["viz", str(FIXTURE), "-o", str(out), "--focus", "Canada", "--lang", "en"]) == 0
    data = embedded(out.read_text(encoding="utf-8"))
    assert data["lang"] == "en" and data["nodes"][data["view"]["focus"]]["en"] == "Canada"
    assert "drew" in capsys.readouterr().err
    assert _main(["viz", str(FIXTURE), "-o", str(out), "--focus", "nobody"]) == 2
    assert "no entity" in capsys.readouterr().err


def test_cli_stats(capsys: pytest.CaptureFixture[str]) -> None:
    assert _main(["stats", str(FIXTURE), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["nodes"] == 15 and figures["edges"] == 18
    assert _main(["stats", str(FIXTURE)]) == 0
    text = capsys.readouterr().out
    assert "entities 15, links 18, articles 3" in text and "ไทย" in text
