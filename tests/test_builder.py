"""The builder API: the in-memory build, the streaming iter_build, and the compact per-article
RDF (thaikg.rdf.stream) that must say exactly what rdflib says."""
from __future__ import annotations

import io

import pytest

from thaikg.builder import BUILT, CACHED, SKIPPED, build, content_digest, iter_build
from thaikg.inputs import sample_paths
from thaikg.rdf.formats import serialize
from thaikg.rdf.stream import ArticleRDF, article_rdf, trig_prefixes, write_trig

from .test_incremental import CORPUS, CORPUS_ARTICLES


@pytest.fixture(scope="module")
def corpus_build():
    paths = [CORPUS / name for name in CORPUS_ARTICLES if (CORPUS / name).is_file()]
    if not paths:
        pytest.skip("the thaigov corpus is not beside the repository")
    result = build(paths)
    assert not result.failures
    return result


def _stream(result) -> list[ArticleRDF]:
    return sorted((article_rdf(d) for d in result.documents), key=lambda a: a.iri)


@pytest.mark.parametrize("which", ["sample", "corpus"])
def test_compact_rdf_is_rdflibs_graph_byte_for_byte(which, sample_build, request):
    """stream.py mirrors convert.py without rdflib terms: same triples, same TriG bytes."""
    from rdflib import Dataset

    result = sample_build if which == "sample" else request.getfixturevalue("corpus_build")
    arts = _stream(result)
    buf = io.BytesIO()
    write_trig(arts, buf, trig_prefixes(a.prefixes for a in arts))
    assert buf.getvalue() == serialize(result.dataset, "trig")
    ds = Dataset()
    for a in arts:
        ds.parse(data=a.nquads.decode("utf-8"), format="nquads")
        assert a.nquads == b"".join(sorted(set(a.nquads.splitlines(keepends=True))))  # sorted, no repeats
    assert serialize(ds, "nquads") == serialize(result.dataset, "nquads")
    assert sum(a.triples for a in arts) == sum(len(g) for g in result.dataset.graphs())


def test_record_round_trips_through_bytes(sample_build):
    art = article_rdf(sample_build.documents[0])
    assert ArticleRDF.from_bytes(art.to_bytes()) == art
    with pytest.raises(ValueError):
        ArticleRDF.from_bytes(art.to_bytes()[:-10])
    assert art.entities == sorted(sample_build.documents[0].entities)


def test_iter_build_streams_results_and_reuses_known_articles(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"")
    paths = [*sample_paths()[:2], tmp_path / "bad.txt", tmp_path / "missing.txt"]
    results = {r.source: r for r in iter_build(paths, jobs=1)}
    assert len(results) == 4
    good = [r for r in results.values() if r.status == BUILT]
    assert len(good) == 2 and all(isinstance(r.rdf, ArticleRDF) and r.document is None for r in good)
    assert {r.status for r in results.values() if r not in good} == {SKIPPED}
    assert "empty" in results[str(tmp_path / "bad.txt")].reason
    assert "does not exist" in results[str(tmp_path / "missing.txt")].reason

    known = {good[0].id: good[0].digest}
    again = {r.id: r for r in iter_build(paths[:2], jobs=1, known=known)}
    assert again[good[0].id].status == CACHED and again[good[0].id].rdf is None
    assert again[good[1].id].status == BUILT
    assert good[0].digest == content_digest(sample_paths()[0].read_bytes())
    assert content_digest(b"x") != content_digest(b"x", reader="plain")


def test_iter_build_in_parallel_gives_the_same_graphs(tmp_path):
    serial = {r.id: r.rdf for r in iter_build(None, jobs=1)}
    parallel = {r.id: r.rdf for r in iter_build(None, jobs=2, window=2)}
    assert serial == parallel and len(serial) == len(sample_paths())


def test_build_keeps_documents_for_small_builds(sample_build):
    assert len(sample_build.documents) == len(sample_paths())
    assert len(sample_build.dataset) > 0
