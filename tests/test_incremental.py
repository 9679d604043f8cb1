"""Corpus builds: incremental == from scratch (bytes), remove == a build without the article,
parallel == serial, bad articles reported and skipped, the large-build path, store sync."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from thaikg.cli import main
from thaikg.inputs import sample_paths

from .conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus" / "thaigov"
#: A few short real articles (foreign affairs), beside the bundled sample.
CORPUS_ARTICLES = ("2022-11-05_d98a39488f.txt", "2024-01-29_71032e9306.txt", "2024-05-03_16de05770b.txt")
OUTPUTS = ("thaikg.trig", "thaikg.ttl", "thaikg.jsonld", "thaikg.html")


def _articles() -> list[Path]:
    extra = [CORPUS / name for name in CORPUS_ARTICLES if (CORPUS / name).is_file()]
    return sample_paths() + extra


@pytest.fixture
def folder(tmp_path) -> Path:
    f = tmp_path / "in"
    f.mkdir()
    for p in _articles():
        shutil.copy(p, f / p.name)
    return f


def build(capsys, *argv: str) -> tuple[int, str]:
    code = main(["build", *argv])
    return code, capsys.readouterr().err


def counts(err: str) -> dict[str, int]:
    line = next(line for line in err.splitlines() if line.startswith(("built", "removed")))
    found = {k: int(v) for v, k in re.findall(r"(\d+) (processed|unchanged|removed|skipped|failed|articles)", line)}
    return found


def same_outputs(a: Path, b: Path, names=OUTPUTS) -> None:
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_incremental_build_equals_a_build_from_scratch(folder, tmp_path, capsys):
    out, scratch = tmp_path / "out", tmp_path / "scratch"
    code, err = build(capsys, str(folder), "--out-dir", str(out), "-j", "1")
    assert code == 0, err
    n = len(list(folder.iterdir()))
    assert counts(err)["processed"] == n

    # nothing changed: nothing processed, same bytes
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    code, err = build(capsys, str(folder), "--out-dir", str(out), "-j", "1")
    assert code == 0 and counts(err)["processed"] == 0 and counts(err)["unchanged"] == n
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before

    # one article changed, one added, one deleted: only two processed
    changed = folder / "thailand-new-zealand-courtesy-call-2567.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("นิวซีแลนด์", "ประเทศนิวซีแลนด์", 1), encoding="utf-8")
    shutil.copy(folder / "asean-canada-som18.txt", folder / "asean-canada-copy.txt")
    (folder / "mekong-lancang-fmm9-chiang-mai-2567.txt").unlink()
    code, err = build(capsys, str(folder), "--out-dir", str(out), "-j", "1")
    assert code == 0, err
    c = counts(err)
    assert (c["processed"], c["unchanged"], c["removed"]) == (2, n - 2, 1)

    code, err = build(capsys, str(folder), "--out-dir", str(scratch), "-j", "1")
    assert code == 0 and counts(err)["processed"] == n
    same_outputs(out, scratch)


def test_remove_equals_a_build_without_the_article(folder, tmp_path, capsys):
    out, without = tmp_path / "out", tmp_path / "without"
    assert build(capsys, str(folder), "--out-dir", str(out), "-j", "1")[0] == 0
    gone = "asean-canada-som18"
    assert main(["remove", gone, "--out-dir", str(out)]) == 0
    err = capsys.readouterr().err
    assert counts(err)["removed"] == 1
    trig = (out / "thaikg.trig").read_text(encoding="utf-8")
    assert f"article/{gone}>" not in trig
    assert "/id/gov/ca-gac>" not in trig  # Global Affairs Canada: only that article mentions it

    (folder / f"{gone}.txt").unlink()
    assert build(capsys, str(folder), "--out-dir", str(without), "-j", "1")[0] == 0
    same_outputs(out, without)

    assert main(["remove", "no-such-article", "--out-dir", str(out)]) == 2
    assert "no-such-article" in capsys.readouterr().err


def test_parallel_equals_serial_and_bad_articles_are_skipped(folder, tmp_path, capsys):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary\xff" * 50)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    code, err = build(capsys, str(folder), "--out-dir", str(serial), "-j", "1")
    assert code == 1
    assert "empty.txt" in err and "binary.txt" in err and "Traceback" not in err
    assert counts(err)["skipped"] == 2
    code, err2 = build(capsys, str(folder), "--out-dir", str(parallel), "-j", "2")
    assert code == 1 and counts(err2)["skipped"] == 2
    assert counts(err2)["processed"] == counts(err)["processed"] == len(_articles())
    same_outputs(serial, parallel)


def test_a_failing_article_in_a_parallel_batch_is_reported(folder, tmp_path):
    from thaikg.incremental import build_outputs
    from thaikg.pipeline import DEFAULT_STAGES, stage

    @stage("explode_on_canada", needs=("entities",))
    def explode(doc, resources):
        if doc.id == "asean-canada-som18":
            raise ValueError("boom")

    summary = build_outputs([folder], targets=[(tmp_path / "g.nq", "nquads")], jobs=2,
                            stages=(*DEFAULT_STAGES, "explode_on_canada"))
    assert [f.source for f in summary.failed] == [str(folder / "asean-canada-som18.txt")]
    assert "internal error: ValueError: boom" in summary.failed[0].reason
    assert summary.articles == len(_articles()) - 1
    assert "article/asean-canada-som18>" not in (tmp_path / "g.nq").read_text(encoding="utf-8")


def test_a_new_pipeline_version_rebuilds_everything(folder, tmp_path, monkeypatch, capsys):
    import thaikg.incremental as inc

    out = tmp_path / "out"
    assert build(capsys, str(folder), "--out-dir", str(out), "-j", "1", "--no-html")[0] == 0
    monkeypatch.setattr(inc, "pipeline_version", lambda stages=(): "another-version")
    code, err = build(capsys, str(folder), "--out-dir", str(out), "-j", "1", "--no-html")
    assert code == 0 and counts(err)["processed"] == len(_articles())


def test_large_builds_stream_through_oxigraph(folder, tmp_path):
    """Past the rdflib limit: TriG stays byte for byte, the other formats hold the same graph."""
    import pyoxigraph as ox

    from thaikg.incremental import DEFAULT_OUTPUTS, build_outputs

    small, large = tmp_path / "small", tmp_path / "large"
    for out, limit in ((small, 10**9), (large, 0)):
        (out / "thaikg.html").parent.mkdir(parents=True)
        (out / "thaikg.html").write_text("old page")
        summary = build_outputs([folder], state_dir=out / ".thaikg", targets=[(out / n, f) for n, f in DEFAULT_OUTPUTS]
                                + [(out / "g.nq", "nquads"), (out / "g.nt", "nt")], html=out / "thaikg.html",
                                jobs=1, rdflib_limit=limit)
        assert summary.articles == len(_articles())
    assert (small / "thaikg.trig").read_bytes() == (large / "thaikg.trig").read_bytes()
    assert (small / "thaikg.html").read_text() != "old page"
    assert not (large / "thaikg.html").exists() and any("not drawn" in n for n in summary.notes)

    decimal = re.compile(r'"(-?\d+)\.0"(\^\^<http://www.w3.org/2001/XMLSchema#decimal>)')

    def quads(path, fmt):  # rdflib's Turtle writes decimals as bare numbers: 5.0 for "5"
        return {decimal.sub(r'"\1"\2', str(q)) for q in ox.parse(path=str(path), format=fmt)}

    for name, fmt in (("thaikg.ttl", ox.RdfFormat.TURTLE), ("g.nt", ox.RdfFormat.N_TRIPLES),
                      ("g.nq", ox.RdfFormat.N_QUADS), ("thaikg.jsonld", ox.RdfFormat.JSON_LD)):
        assert quads(small / name, fmt) == quads(large / name, fmt), name
    assert quads(large / "thaikg.trig", ox.RdfFormat.TRIG) == quads(large / "g.nq", ox.RdfFormat.N_QUADS)


def test_large_json_ld_in_chunks_is_one_pass_byte_for_byte(folder, tmp_path, monkeypatch):
    """JSON-LD of a large build is converted in chunks by a pool: joined, it is Oxigraph's single pass."""
    import pyoxigraph as ox

    from thaikg import incremental
    from thaikg.incremental import build_outputs

    monkeypatch.setattr(incremental._JsonLdWriter, "chunk_bytes", 2000)  # several chunks, several per article
    out = tmp_path / "out"
    build_outputs([folder], state_dir=out / ".thaikg", targets=[(out / "g.jsonld", "json-ld"), (out / "g.nq", "nquads")],
                  jobs=2, rdflib_limit=0)
    whole = ox.serialize(ox.parse(path=str(out / "g.nq"), format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.JSON_LD,
                         prefixes=incremental._ox_prefixes())
    assert (out / "g.jsonld").read_bytes() == whole
    assert len(list(ox.parse(path=str(out / "g.jsonld"), format=ox.RdfFormat.JSON_LD))) > 100


def test_store_follows_builds_and_removals(folder, tmp_path, capsys):
    import gc

    from thaikg.store import graph_names, open_store

    out, location = tmp_path / "out", tmp_path / "store"
    assert build(capsys, str(folder), "--out-dir", str(out), "-j", "1", "--no-html", "--store", str(location))[0] == 0
    import pyoxigraph as ox

    def quads_in_store() -> int:
        store = open_store(location, read_only=True)
        n = sum(1 for _ in store.quads_for_pattern(None, None, None, None))
        assert len(graph_names(store)) == len(_articles())
        del store
        gc.collect()
        return n

    trig = len(list(ox.parse(path=str(out / "thaikg.trig"), format=ox.RdfFormat.TRIG)))
    assert quads_in_store() == trig  # a new store is filled by one bulk load
    other = tmp_path / "other"  # another build into the same store: article by article, same graph
    assert build(capsys, str(folder), "--out-dir", str(other), "-j", "1", "--no-html", "--store", str(location))[0] == 0
    assert quads_in_store() == trig
    assert main(["remove", "asean-canada-som18", "--out-dir", str(out), "--no-html", "--store", str(location)]) == 0
    store = open_store(location, read_only=True)
    names = [g.value for g in graph_names(store)]
    assert len(names) == len(_articles()) - 1 and not any(n.endswith("/asean-canada-som18") for n in names)
    nq = sum(1 for _ in store.quads_for_pattern(None, None, None, None))
    del store
    gc.collect()
    assert nq == len(list(ox.parse(path=str(out / "thaikg.trig"), format=ox.RdfFormat.TRIG)))
