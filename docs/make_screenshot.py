"""Regenerate docs/sample-graph.png: the sample network as the HTML page draws it.

    python docs/make_screenshot.py [--graph graph/thaikg.trig] [--lang th] [--out docs/sample-graph.png]

Uses the graph that ``thaikg build`` wrote (``graph/thaikg.trig``) when it
exists, else builds the bundled sample articles in memory.  The page is
opened in Debian's headless Chromium through the ``playwright`` package (no
browser download; ``apt-get install chromium fonts-thai-tlwg`` and
``pip install playwright``) with every request other than the page refused,
so the picture shows exactly what an offline reader sees.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from thaikg.network import ACTOR_CLASSES, project
from thaikg.viz import render_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def load(graph: Path):
    """The network to draw: the built graph, else the bundled sample built now."""
    if graph.exists():
        from thaikg.graphio import load_dataset

        print(f"drawing {graph}", file=sys.stderr)
        return project(load_dataset(graph))
    from thaikg.builder import build

    print(f"{graph} not found: building the bundled sample", file=sys.stderr)
    return project(build(None).dataset)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--graph", type=Path, default=ROOT / "graph" / "thaikg.trig")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "sample-graph.png")
    p.add_argument("--lang", choices=("th", "en"), default="th")
    p.add_argument("--select", metavar="NAME", help="entity whose panel to show (default: the most connected actor)")
    p.add_argument("--width", type=int, default=1400)
    p.add_argument("--height", type=int, default=860)
    p.add_argument("--scale", type=float, default=1.5, help="device pixels per CSS pixel (sharper text)")
    args = p.parse_args(argv)

    from playwright.sync_api import sync_playwright

    G = load(args.graph)
    html = render_html(G, lang=args.lang)
    actors = [n for n, d in G.nodes(data=True) if d["cls"] in ACTOR_CLASSES] or list(G.nodes)
    chosen = args.select or (min(actors, key=lambda n: (-G.degree(n), n)) if actors else None)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        page_file = Path(tmp) / "thaikg.html"
        page_file.write_text(html, encoding="utf-8")
        url = page_file.as_uri()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": args.width, "height": args.height},
                                      device_scale_factor=args.scale)
        context.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
        page = context.new_page()
        page.goto(url)
        deadline = time.monotonic() + 120
        while not page.evaluate("!!(window.thaikg && thaikg.ready)"):
            if time.monotonic() > deadline:
                raise SystemExit("the page did not finish its layout in 120 s")
            page.wait_for_timeout(100)
        page.evaluate("thaikg.network.fit({animation: false})")
        if chosen:
            node = page.evaluate("q => thaikg.lookup(q)", chosen) if args.select else \
                page.evaluate("iri => thaikg.data.nodes.find(n => n.iri === iri).id", chosen)
            if node is None:
                raise SystemExit(f"no entity called {chosen!r}")
            page.evaluate("id => { thaikg.network.selectNodes([id]); thaikg.show(id); }", node)
        page.wait_for_timeout(300)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"wrote {args.out} ({G.number_of_nodes()} entities, {G.number_of_edges()} links)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
