"""One test per bug the hardening work found (issue 8), so none comes back.

Each names the input that showed it (``fuzz/run.py`` case or hostile-input test)
and what was wrong.
"""
from __future__ import annotations

import subprocess
import sys
import time

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import DCTERMS

from thaikg.builder import BUILT, FAILED, build, iter_build, time_limit
from thaikg.ids import slug
from thaikg.matcher import Matcher
from thaikg.pipeline import DEFAULT_STAGES, stage
from thaikg.rdf.formats import FORMATS, serialize
from thaikg.text.encoding import decode

from . import checks

ARTICLE = ("รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-นายกรัฐมนตรีหารือกับญี่ปุ่น\n"
           "วันอังคารที่ 25 สิงหาคม 2563\n"
           "นายดอน ปรมัตถ์วินัย รัฐมนตรีว่าการกระทรวงการต่างประเทศ หารือกับเอกอัครราชทูตญี่ปุ่น ณ กรุงเทพมหานคร\n")


def built(text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    result = build(["-"], stdin=data)
    assert not checks.internal_errors(result), checks.traceback_of(data)
    return result


def test_matcher_on_one_paragraph_of_a_long_text_costs_the_paragraph_not_the_text():
    """A 100,000-line file took minutes: ``Automaton.iter(text, start, end)`` copies the whole
    text on every call, and the recognisers call it once per paragraph (matcher.py)."""
    m = Matcher()
    for word in ("ญี่ปุ่น", "อาเซียน", "ASEAN", "กรุงเทพมหานคร"):
        m.add(word, word)
    text = "บรรทัด ญี่ปุ่น\n" * 150_000  # 2.1 M characters
    list(m.find(text, 0, 15))  # builds the automaton and folds the text once
    started = time.perf_counter()
    for i in range(0, 20_000 * 15, 15):
        assert [x.values for x in m.find(text, i, i + 14)] == [("ญี่ปุ่น",)]
        assert len(list(m.find_all(text, i, i + 14))) == 1
    assert time.perf_counter() - started < 5  # was ~30 s (1.5 ms per call)


@pytest.mark.parametrize("cut", [1, 2])
def test_utf8_cut_inside_its_last_character_is_still_read(cut):
    """fuzz ``truncate``: a file cut off mid-character was refused as "not text" (encoding.py)."""
    data = ARTICLE.encode("utf-8") + "ก".encode()[:cut]
    assert decode(data, "cut.txt") == ARTICLE
    assert len(built(data).documents) == 1


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029", "\x1c", "\x1d", "\x1e"])
def test_line_formats_survive_unicode_line_separators_in_the_text(separator):
    """fuzz case 83 and others: ``str.splitlines()`` cut N-Quads lines at U+2028, NEL, \\x1c...
    which N-Triples leaves raw inside literals, so the sorted output was broken (formats.py)."""
    result = built(ARTICLE.replace(" หารือ", f" {separator}หารือ"))
    for fmt in ("nt", "nquads"):
        data = serialize(result.dataset, fmt)
        fmt_ox = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.N_QUADS
        assert len(list(ox.parse(data, format=fmt_ox))) == len(set(result.dataset.triples((None, None, None)))) \
            if fmt == "nt" else len(result.dataset)
        back = Dataset()
        back.parse(data=data, format=fmt)


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\ufffe", "\uffff"])
def test_stray_control_characters_do_not_break_rdf_xml(char):
    """fuzz ``controls``: characters XML 1.0 cannot hold stayed in nif:isString and made
    invalid RDF/XML; they are replaced one for one, so offsets still fit (encoding.py)."""
    text = ARTICLE.replace("ณ ", f"ณ{char} ")
    result = built(text)
    doc = result.documents[0]
    assert len(doc.raw) == len(text) and char not in doc.raw
    assert checks.nif_problems(result.dataset) == []
    for fmt in FORMATS:
        Dataset().parse(data=serialize(result.dataset, fmt), format=fmt)


def test_html_pages_do_not_wake_dateparser():
    """fuzz case 55: the first HTML article in a process took 5-10 s, trafilatura's extensive
    date search loading every dateparser locale (readers.py)."""
    page = ("<!DOCTYPE html><html><head><title>ข่าว</title></head><body><article><h1>ข่าว</h1>"
            + "".join(f"<p>ย่อหน้าที่ {i} นายดอน ปรมัตถ์วินัย หารือกับญี่ปุ่น เมื่อสัปดาห์ก่อน</p>" for i in range(30))
            + "</article></body></html>")
    code = ("import sys, time; from thaikg.builder import build; t = time.perf_counter(); "
            f"r = build(['-'], stdin={page.encode()!r}); "
            "print(len(r.documents), 'dateparser' in sys.modules, round(time.perf_counter() - t, 2))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    documents, loaded, _seconds = out.stdout.split()
    assert documents == "1" and loaded == "False", out.stdout


def test_a_name_shaped_like_a_hashed_slug_does_not_take_its_iri():
    """Hostile IRIs: the name ``abc-752ac1f6`` got the IRI of ``abc_`` (ids.py)."""
    hashed = slug("abc_")
    assert hashed == "abc-752ac1f6"
    assert slug(hashed) != hashed
    assert len({slug("abc_"), slug(hashed), slug(slug(hashed))}) == 3
    assert slug("ASEAN") == "ASEAN" and slug("ชุตินทร คงศักดิ์") == "ชุตินทร_คงศักดิ์"  # plain names unchanged


@pytest.mark.parametrize("bad", ["\ufffd", "\x85", "%zz", "\u00a0x"])
def test_a_source_url_no_strict_parser_accepts_stays_a_literal(bad):
    """fuzz case 311: ``ที่มา : https://www.thaigov.g\\ufffdo.th/...`` became an IRI that
    Oxigraph (and so ``thaikg query``/``serve``/``--store``) rejects (rdf/convert.py)."""
    url = f"https://www.thaigov.g{bad}o.th/news/contents/details/58169"
    result = built(ARTICLE + f"ที่มา : {url}\n")
    sources = list(result.dataset.objects(None, DCTERMS.source))
    assert len(sources) <= 1  # none where the character breaks the line (NEL) or the "ที่มา" pattern (NBSP)
    assert all(isinstance(o, Literal) or bad not in str(o) for o in sources)
    assert checks.iri_problems(result.dataset) == []
    store = ox.Store()
    store.load(serialize(result.dataset, "nquads"), format=ox.RdfFormat.N_QUADS)
    assert len(store) == len(result.dataset)


def test_a_good_source_url_is_still_an_iri():
    result = built(ARTICLE + "ที่มา : https://www.thaigov.go.th/news/contents/details/58169\n")
    assert [str(o) for o in result.dataset.objects(None, DCTERMS.source)] == \
        ["https://www.thaigov.go.th/news/contents/details/58169"]
    assert not isinstance(next(result.dataset.objects(None, DCTERMS.source)), Literal)


def test_an_input_too_large_to_be_an_article_is_refused_before_it_is_read(tmp_path):
    """fuzz case 4765: a 490 MB "article" took 4 GB of memory in normalisation before the fuzz
    run stopped it; a corpus build would have died with it (inputs.py)."""
    from thaikg.inputs import MAX_ARTICLE_BYTES

    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: costs no disk
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    result = build([tmp_path])
    assert [d.id for d in result.documents] == ["ok"]
    assert [(f.source, f.reason.split(" (")[0]) for f in result.failures] == \
        [(str(big), "is too large to be one article")]
    assert build(["-"], stdin=b"x" * (MAX_ARTICLE_BYTES + 1)).failures[0].reason.startswith("is too large")


def test_a_fifo_in_a_folder_is_not_read():
    """Hostile input: a FIFO named ``*.txt`` in a folder made ``thaikg build FOLDER`` wait for
    ever for a writer (inputs.py); see test_hostile for the whole build."""
    import os
    import tempfile

    from thaikg.inputs import iter_sources

    with tempfile.TemporaryDirectory() as d:
        os.mkfifo(os.path.join(d, "pipe.txt"))
        items = list(iter_sources([d]))
    assert len(items) == 1 and "not a regular file" in str(items[0])


@stage("test_stall")
def _stall(doc, resources) -> None:
    """A stage that never ends on an article asking for it (what a pathological input does)."""
    while "STALL" in doc.raw:
        time.sleep(0.01)


def test_an_article_over_its_time_limit_fails_alone_and_the_batch_goes_on(tmp_path):
    """The fuzz run's hangs: one article must not hold a batch up forever (builder.iter_build)."""
    (tmp_path / "a-stuck.txt").write_text(ARTICLE + "STALL\n", encoding="utf-8")
    (tmp_path / "b-fine.txt").write_text(ARTICLE, encoding="utf-8")
    stages = [*DEFAULT_STAGES, "test_stall"]
    results = {r.source: r for r in iter_build([tmp_path], stages=stages, jobs=1, timeout=1)}
    stuck, fine = results[str(tmp_path / "a-stuck.txt")], results[str(tmp_path / "b-fine.txt")]
    assert stuck.status == FAILED and "took longer than 1 s" in stuck.reason
    assert fine.status == BUILT
    parallel = {r.source: r.status for r in iter_build([tmp_path], stages=stages, jobs=2, timeout=1)}
    assert parallel == {stuck.source: FAILED, fine.source: BUILT}


def test_the_time_limit_grows_with_the_input_and_can_be_lifted():
    assert time_limit(0) == 60 and time_limit(2_000_000) == 120
    assert time_limit(10**9, timeout=5) == 5 and time_limit(10, timeout=0) == 0


def test_a_run_of_honorifics_builds():
    """Fuzz cases 694, 1112, 3235, 3379, 3405 (seed 1) hung: ``นาย`` * n made person_mentions
    quadratic, as ``i`` only moved on when a name followed the honorifics."""
    result = built(ARTICLE + "นาย" * 20_000 + "\n")
    assert len(result.documents) == 1


def test_a_small_build_reads_back_an_article_on_one_very_long_line(tmp_path):
    """rdflib's N-Quads parser is quadratic in a line's length (1.6 MB: 13 s); small builds now
    read the cached N-Quads with Oxigraph (incremental._Sinks)."""
    from thaikg.incremental import build_outputs

    text = ARTICLE.replace("\n", " ") + " ข่าว" * 400_000
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    summary = build_outputs([tmp_path / "long.txt"], state_dir=out / ".thaikg", targets=[(out / "g.ttl", "turtle")],
                            jobs=1)
    assert summary.articles == 1
    ds = Dataset()
    ds.parse(out / "g.ttl", format="turtle")
    assert any(len(o) > 1_600_000 for o in ds.objects(None, None))
