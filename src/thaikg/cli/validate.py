"""``thaikg validate``: check a graph against the SHACL shapes."""
from __future__ import annotations

import argparse

from ..graphio import load_dataset
from ..validate import format_violation, validate
from . import register


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", metavar="GRAPH", help="an RDF file (format from its suffix) or a folder of them")


def run(args: argparse.Namespace) -> int:
    report = validate(load_dataset(args.graph))
    for v in report.violations:
        print(format_violation(v))
    print(f"{args.graph}: {'conforms' if report.conforms else f'does not conform ({len(report.violations)} violations)'}")
    return 0 if report.conforms else 1


register("validate", "validate a graph with the SHACL shapes (exit 1 when it does not conform)", configure, run)
