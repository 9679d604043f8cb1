"""The page in a real headless browser: it draws, searches, shows sources, runs no injected script, loads nothing.

Needs Debian's ``chromium`` (+ ``fonts-thai-tlwg`` for Thai glyphs) and the
``playwright`` Python package; no browser download (``playwright install`` is
never used: the system Chromium is launched directly).
"""
from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from thaikg.graphio import load_dataset
from thaikg.network import project
from thaikg.viz import LARGE_GRAPH, render_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIXTURE = Path(__file__).parent / "fixtures" / "viz_sample.trig"
ID = "https://w3id.org/thaikg/id/"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_TITLE = "<script>alert(1)</script>"

if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium fonts-thai-tlwg)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install playwright)")


class Watched:
    """A page plus everything that must not happen on it."""

    def __init__(self, page, url: str) -> None:
        self.page = page
        self.url = url
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []

    def check_clean(self) -> None:
        assert self.dialogs == [], f"a dialog fired: {self.dialogs}"
        assert self.requests == [], f"the page asked the network for {self.requests}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return project(load_dataset(FIXTURE))


def open_page(browser, html: str, path: Path) -> Watched:
    path.write_text(html, encoding="utf-8")
    url = path.resolve().as_uri()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    page = context.new_page()
    w = Watched(page, url)

    def route(r) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            w.requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: w.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(str(e)))

    def dialog(d) -> None:
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(url)
    # polled from here: wait_for_function evaluates strings in the page, which the page's CSP forbids
    deadline = time.monotonic() + 30
    while not page.evaluate("!!(window.thaikg && window.thaikg.ready)"):
        assert time.monotonic() < deadline, f"layout did not finish; errors: {w.errors}"
        page.wait_for_timeout(50)
    return w


@pytest.fixture
def sample(browser, G: nx.MultiDiGraph, tmp_path: Path) -> Iterator[Watched]:
    w = open_page(browser, render_html(G), tmp_path / "sample.html")
    yield w
    w.page.context.close()


def node_id(w: Watched, iri: str) -> int:
    return w.page.evaluate("iri => thaikg.data.nodes.find(n => n.iri === iri).id", iri)


def test_draws_every_node_and_edge_offline(sample: Watched, G: nx.MultiDiGraph) -> None:
    counts = sample.page.evaluate("[thaikg.nodes.length, thaikg.edges.length, thaikg.shownNodes.length, thaikg.shownEdges.length]")
    assert counts == [G.number_of_nodes(), G.number_of_edges()] * 2
    positions = sample.page.evaluate("Object.keys(thaikg.network.getPositions()).length")
    assert positions == G.number_of_nodes()
    sample.check_clean()


def test_search_thai_name_selects_and_shows_its_sentence(sample: Watched) -> None:
    page = sample.page
    page.fill("#search", "ชุตินทร")
    page.press("#search", "Enter")
    target = node_id(sample, ID + "person/ชุตินทร_คงศักดิ์-1a2b3c4d")
    assert page.evaluate("thaikg.network.getSelectedNodes()") == [target]
    assert page.is_visible("#panel")
    assert page.text_content("#panel-name") == "นายชุตินทร คงศักดิ์"
    mentions = page.text_content("#panel-mentions")
    assert "นายชุตินทร คงศักดิ์ รองปลัดกระทรวงการต่างประเทศ เป็นผู้แทนประเทศไทย" in mentions
    assert "เข้าร่วมการประชุมเจ้าหน้าที่อาวุโสอาเซียน-แคนาดา ครั้งที่ ๑๘" in mentions  # the article title
    facts = page.text_content("#panel-facts")
    assert "Chutintorn Gongsakdi" in facts and "บุคคล" in facts
    sample.check_clean()


def test_english_search_and_wikidata_link(sample: Watched) -> None:
    page = sample.page
    page.fill("#search", "thailand")
    page.click("#search-go")
    assert page.evaluate("thaikg.network.getSelectedNodes()") == [node_id(sample, ID + "country/ไทย")]
    link = page.locator("#panel-facts a")
    assert link.get_attribute("href") == "https://www.wikidata.org/wiki/Q869"
    assert link.get_attribute("rel") == "noopener noreferrer"
    sample.check_clean()


def test_hostile_labels_render_as_text(sample: Watched) -> None:
    page = sample.page
    page.fill("#search", HOSTILE_NAME)
    page.press("#search", "Enter")
    assert page.text_content("#panel-name") == HOSTILE_NAME
    assert HOSTILE_TITLE in page.text_content("#panel-mentions")
    assert page.locator("#panel-facts a").count() == 0  # javascript: and junk Q-ids give no link
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    title = page.evaluate("id => thaikg.nodes.get(id).title", node_id(sample, ID + "person/img_src_x_onerror_alert_1-5e6f7a8b"))
    assert isinstance(title, str) and HOSTILE_NAME in title  # a string: vis-network shows it as text
    # hover it so vis-network fills its tooltip, then make sure the tooltip holds text, not markup
    pos = page.evaluate("id => thaikg.network.canvasToDOM(thaikg.network.getPositions([id])[id])",
                        node_id(sample, ID + "person/img_src_x_onerror_alert_1-5e6f7a8b"))
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_timeout(600)
    assert page.evaluate("document.querySelectorAll('.vis-tooltip img, .vis-tooltip script').length") == 0
    page.wait_for_timeout(200)
    sample.check_clean()


def test_class_filter_hides_and_shows(sample: Watched, G: nx.MultiDiGraph) -> None:
    page = sample.page
    people = sum(1 for _, d in G.nodes(data=True) if d["cls"] == "Person")
    page.uncheck("#legend input[value='Person']")
    assert page.evaluate("thaikg.shownNodes.length") == G.number_of_nodes() - people
    assert page.evaluate("thaikg.shownEdges.length") < G.number_of_edges()
    page.fill("#search", "ชุตินทร")  # finding a hidden node shows its class again
    page.press("#search", "Enter")
    assert page.is_checked("#legend input[value='Person']")
    assert page.evaluate("thaikg.shownNodes.length") == G.number_of_nodes()
    sample.check_clean()


def test_focus_page_selects_the_focus(browser, G: nx.MultiDiGraph, tmp_path: Path) -> None:
    w = open_page(browser, render_html(G, focus="แคนาดา", depth=1, lang="en"), tmp_path / "focus.html")
    try:
        selected = w.page.evaluate("thaikg.network.getSelectedNodes()")
        assert selected == [w.page.evaluate("thaikg.data.view.focus")]
        assert w.page.text_content("#panel-name") == "Canada"
        assert "Around" in w.page.text_content("#note")
        w.check_clean()
    finally:
        w.page.context.close()


def test_large_graph_stabilises_then_stops(browser, tmp_path: Path) -> None:
    big = nx.MultiDiGraph()
    big.graph["articles"] = {"a": "synthetic"}
    n = LARGE_GRAPH
    for i in range(n):
        big.add_node(f"{ID}person/p{i:04d}", iri=f"{ID}person/p{i:04d}", cls="Person", label_th=f"บุคคล {i}",
                     label_en=f"Person {i}", alt_labels=[], wikidata="", articles=["a"], mentions=[])
    for i in range(1, n):
        big.add_edge(f"{ID}person/p{i:04d}", f"{ID}person/p{(i * 7) % i:04d}", key="represents",
                     prop="represents", articles=["a"])
    w = open_page(browser, render_html(big, max_nodes=n + 5), tmp_path / "big.html")
    try:
        assert w.page.evaluate("thaikg.nodes.length") == n
        assert w.page.evaluate("thaikg.network.physics.physicsEnabled") is False
        w.check_clean()
    finally:
        w.page.context.close()


def test_max_nodes_note_is_shown(browser, G: nx.MultiDiGraph, tmp_path: Path) -> None:
    w = open_page(browser, render_html(G, max_nodes=4), tmp_path / "top.html")
    try:
        assert w.page.is_visible("#note")
        assert "4" in w.page.text_content("#note") and "15" in w.page.text_content("#note")
        assert w.page.evaluate("thaikg.nodes.length") == 4
        w.check_clean()
    finally:
        w.page.context.close()
