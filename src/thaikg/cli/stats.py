"""``thaikg stats``: what is in a built graph, in figures."""
from __future__ import annotations

import argparse
import json
import unicodedata

from ..graphio import load_dataset
from ..network import project, stats
from . import register


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="GRAPH", help="a graph thaikg built, or a folder of graph files")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--top", type=int, default=10, metavar="N", help="how many of the most connected actors (default: 10)")


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Thai vowel and tone marks take none, CJK two."""
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _table(rows: list[tuple[str, ...]], indent: str = "  ") -> list[str]:
    if not rows:
        return [f"{indent}(none)"]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return [indent + "  ".join([_pad(c, w, c.isdigit()) for c, w in zip(r, widths)] + [r[-1]]).rstrip() for r in rows]


def summary(figures: dict) -> str:
    """The figures as a few aligned blocks of text for a terminal."""
    lines = [
        (f"entities {figures['nodes']}, links {figures['edges']}, articles {figures['articles']} "
        f"({figures['components']} connected parts; entities without links: {figures['isolated']})"),
        "",
        "entities per class:",
        *_table([(str(n), c) for c, n in figures["classes"].items()]),
        "",
        "links per property:",
        *_table([(str(n), p) for p, n in figures["properties"].items()]),
        "",
        "most connected actors (links, name, class, IRI):",
        *_table([(str(a["degree"]), a["label"], a["cls"], a["iri"]) for a in figures["top_actors"]]),
        "",
        "per article (entities, links, id, title):",
        *_table([(str(a["entities"]), str(a["edges"]), a["id"], " ".join(a["title"].split()))
                 for a in figures["per_article"]]),
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    figures = stats(project(load_dataset(args.graph)), top=max(0, args.top))
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print(summary(figures))
    return 0


register("stats", "count what a graph holds: entities per class, links, most connected actors, per article", configure, run)
