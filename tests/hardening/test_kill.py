"""Outputs survive failure: ``thaikg build`` killed with SIGKILL at any moment leaves the
previous graph files whole and loadable, and the next build recovers."""
from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset

from thaikg.cli import main
from thaikg.inputs import sample_paths

OUTPUTS = {"thaikg.trig": "trig", "thaikg.ttl": "turtle", "thaikg.jsonld": "json-ld"}
HTML = "thaikg.html"
#: What SIGKILL may leave beside the outputs: write_atomic's and the build's temporary files.
TEMP = re.compile(r"^\.(thaikg\.(trig|ttl|jsonld|html))\..+\.tmp$")
N_ARTICLES = 12


def _articles(folder: Path, n: int, variant: str = "") -> None:
    """``n`` distinct articles: the bundled sample, varied so that each is its own article."""
    folder.mkdir(parents=True)
    texts = [p.read_text(encoding="utf-8") for p in sample_paths()]
    for i in range(n):
        text = texts[i % len(texts)]
        lines = text.splitlines()
        lines[0] = f"{lines[0]} (ฉบับที่ {i})"
        (folder / f"article-{i:03d}.txt").write_text("\n".join(lines) + f"\nย่อหน้าที่เพิ่ม {variant}{i}\n",
                                                     encoding="utf-8")


def _loads(out: Path) -> None:
    for name, fmt in OUTPUTS.items():
        Dataset().parse(out / name, format=fmt)  # raises if a file is cut short or mixed up
    assert (out / HTML).read_text(encoding="utf-8").rstrip().endswith("</html>")


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in [*OUTPUTS, HTML]}


def _start(articles: Path, out: Path, *extra: str) -> subprocess.Popen:
    code = "import sys; from thaikg.cli import main; sys.exit(main())"
    return subprocess.Popen([sys.executable, "-c", code, "build", str(articles), "--out-dir", str(out), "-j", "2",
                             "-q", *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _kill_when(process: subprocess.Popen, ready, timeout: float = 120) -> bool:
    """SIGKILL ``process`` and its workers as soon as ``ready()``; False if it finished first."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.002)
    if process.poll() is not None:
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)
    return True


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("kill")
    _articles(root / "many", N_ARTICLES)
    _articles(root / "few", 3)
    return root


def test_sigkill_never_damages_the_previous_graph(corpus, tmp_path):
    root = corpus
    out = tmp_path / "graph"
    assert main(["build", str(root / "few"), "--out-dir", str(out), "-j", "1", "-q"]) == 0
    _loads(out)
    rng = random.Random(8)

    def temp_output() -> bool:  # the outputs are being written
        return any(TEMP.match(n) for n in os.listdir(out))

    started_wall = time.time()

    def processing() -> bool:  # the first articles are in the cache, the rest on their way
        try:
            return any(p.stat().st_mtime > started_wall for p in (out / ".thaikg" / "cache").iterdir())
        except OSError:
            return False

    kill_points = {
        "while articles are processed": processing,
        "as the first output is written": temp_output,
        "while the outputs are written": lambda: temp_output() and time.sleep(rng.uniform(0, 0.3)) is None,
    }
    outcomes, leftovers = [], set()
    for what, ready in kill_points.items():
        before = _snapshot(out)
        started_wall = time.time()
        killed = _kill_when(_start(root / "many", out, "--force"), ready)
        _loads(out)  # every output is whole and parses, whatever moment the kill came
        after = _snapshot(out)
        changed = sorted(name for name in after if after[name] != before[name])
        outcomes.append((what, "killed" if killed else "finished", changed))
        if changed:  # replaced: by a complete new build, never by a part of one
            assert len(_articles_in(out)) == N_ARTICLES
        strays = sorted(set(os.listdir(out)) - set(OUTPUTS) - {HTML, ".thaikg"})
        assert all(TEMP.match(n) for n in strays), strays
        leftovers |= set(strays) | {f".thaikg/{n}" for n in os.listdir(out / ".thaikg")
                                    if n not in ("cache", "manifest.json")}
    print(f"\nkill trials (when, outcome, outputs replaced): {outcomes}\n"
          f"left behind after the kills: {sorted(leftovers)}")
    assert any(o[1] == "killed" for o in outcomes)
    assert leftovers, "no kill left a temporary file: the clean-up below was not tried"
    # the next build finishes and gives what a clean build gives (a build without --force
    # recovers too: see the two tests below)
    assert main(["build", str(root / "many"), "--out-dir", str(out), "-j", "1", "-q", "--force"]) == 0
    clean = tmp_path / "clean"
    assert main(["build", str(root / "many"), "--out-dir", str(clean), "-j", "1", "-q"]) == 0
    for name in [*OUTPUTS, HTML]:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
    # the next build deleted what the killed ones left behind (tempfiles.py)
    assert sorted(os.listdir(out)) == sorted([*OUTPUTS, HTML, ".thaikg"])
    assert sorted(os.listdir(out / ".thaikg")) == ["cache", "manifest.json"]


def _articles_in(out: Path) -> set[str]:
    ds = Dataset()
    ds.parse(out / "thaikg.trig", format="trig")
    return {str(g.identifier) for g in ds.graphs() if "/article/" in str(g.identifier)}


def test_sigkill_of_a_single_file_output_leaves_the_old_file(corpus, tmp_path):
    target = tmp_path / "graph.nq"
    target.write_bytes(b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    code = "import sys; from thaikg.cli import main; sys.exit(main())"
    process = subprocess.Popen([sys.executable, "-c", code, "build", str(corpus / "many"), "-o", str(target),
                                "-j", "2", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    _kill_when(process, lambda: any(p.name.endswith(".tmp") for p in tmp_path.iterdir()))
    ds = Dataset()
    ds.parse(data=target.read_bytes(), format="nquads")
    assert len(ds) == 1 or len(_graphs(ds)) == N_ARTICLES  # the old file, or the whole new one
    strays = sorted(p.name for p in tmp_path.iterdir() if p.name != "graph.nq")
    assert all(re.match(r"^\.graph\.nq\..+\.tmp$", n) for n in strays), strays


def _graphs(ds: Dataset) -> set[str]:
    return {str(g.identifier) for g in ds.graphs() if "/article/" in str(g.identifier)}


def _kill_after_records(articles: Path, out: Path, records: int, *extra: str) -> None:
    """Start a one-process build of ``articles`` into ``out`` and SIGKILL it once it has
    written ``records`` articles to its cache (``.thaikg/cache``)."""
    cache = out / ".thaikg" / "cache"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} if cache.is_dir() else {}

    def written() -> int:
        try:
            return sum(1 for p in cache.iterdir() if p.suffix != ".tmp" and before.get(p.name) != p.stat().st_mtime_ns)
        except OSError:
            return 0

    code = "import sys; from thaikg.cli import main; sys.exit(main())"
    process = subprocess.Popen([sys.executable, "-c", code, "build", str(articles), "--out-dir", str(out), "-j", "1",
                                "-q", *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    assert _kill_when(process, lambda: written() >= records), "the build finished before the kill"


def test_the_build_after_a_killed_forced_build_recovers_by_itself(corpus, tmp_path, capsys):
    out = tmp_path / "graph"
    assert main(["build", str(corpus / "few"), "--out-dir", str(out), "-j", "1", "-q", "--no-html"]) == 0
    cache = out / ".thaikg" / "cache"
    old = set(os.listdir(cache))
    code = "import sys; from thaikg.cli import main; sys.exit(main())"
    process = subprocess.Popen([sys.executable, "-c", code, "build", str(corpus / "many"), "--out-dir", str(out),
                                "-j", "1", "-q", "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    assert _kill_when(process, lambda: not set(os.listdir(cache)) <= old)  # killed once it has written a record
    code = main(["build", str(corpus / "few"), "--out-dir", str(out), "-j", "1", "-q", "--no-html"])
    assert code == 0, capsys.readouterr().err


def test_the_build_after_a_killed_build_never_reuses_its_graphs(corpus, tmp_path):
    other = tmp_path / "other"
    _articles(other, N_ARTICLES, variant="อีกฉบับ ")
    out = tmp_path / "graph"
    assert main(["build", str(corpus / "many"), "--out-dir", str(out), "-j", "1", "-q", "--no-html"]) == 0
    _kill_after_records(other, out, 6)  # same ids, other content
    assert main(["build", str(corpus / "many"), "--out-dir", str(out), "-j", "1", "-q", "--no-html"]) == 0
    assert "อีกฉบับ" not in (out / "thaikg.trig").read_text(encoding="utf-8")
