"""Extraction quality on hand-annotated real articles (``tests/gold/``), as a regression floor.

Each ``tests/gold/NAME.txt`` is a thaigov.go.th foreign-affairs article copied byte for byte,
with ``NAME.gold.json`` beside it annotated by hand from the text alone (format:
``../shared/eval/README.md``). The shared scorer builds every article with this checkout's
``thaikg`` and compares the graph with the gold; the figures must not fall below the floors.
"""
from __future__ import annotations

import json
import shlex
import subprocess
import sys

import pytest

from ..conftest import ROOT

# Floors for the micro-averaged F1 over all gold articles; raised as extraction improves.
MIN_ENTITY_F1 = 0.0
MIN_FACT_F1 = 0.0

SCORER = ROOT.parent / "shared" / "eval" / "score.py"
GOLD = ROOT / "tests" / "gold"


def test_gold_articles_meet_the_quality_floor():
    if not SCORER.is_file():
        pytest.skip(f"shared scorer not found: {SCORER}")
    golds = sorted(GOLD.glob("*.gold.json"))
    assert golds, f"no *.gold.json in {GOLD}"
    build = f"{shlex.quote(sys.executable)} -m thaikg build {{input}} -o {{output}}"
    run = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD.relative_to(ROOT)), "--json",
         "--ontology", str(ROOT / "ontology"), "--build", build],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, f"scorer failed ({run.returncode}):\n{run.stderr[-2000:]}"
    assert "build failed" not in run.stderr, run.stderr[-2000:]
    figures = json.loads(run.stdout)
    detail = json.dumps(figures, indent=1)
    assert figures["articles"] == len(golds), detail
    assert figures["metadata_acc"] == 1.0, detail
    assert figures["entity_f1"] >= MIN_ENTITY_F1, detail
    assert figures["fact_f1"] >= MIN_FACT_F1, detail
