import os
import subprocess
import sys

import pytest
from rdflib import Dataset, Literal, URIRef

from thaikg.errors import FormatError
from thaikg.rdf.formats import format_name, guess_format, serialize, write_atomic


def test_aliases_and_suffixes():
    assert format_name("ttl") == "turtle"
    assert format_name("NQ") == "nquads"
    assert format_name("jsonld") == "json-ld"
    assert guess_format("x/graph.trig") == "trig"
    assert guess_format("g.rdf") == "xml"
    with pytest.raises(FormatError):
        format_name("docx")
    with pytest.raises(FormatError, match="suffix"):
        guess_format("graph.txt")


def _dataset():
    ds = Dataset()
    for name in "abcdefgh":
        ds.graph(URIRef(f"https://w3id.org/thaikg/id/article/{name}")).add(
            (URIRef(f"https://w3id.org/thaikg/id/x/{name}"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
             Literal(name)))
    g = ds.graph(URIRef("https://w3id.org/thaikg/id/article/a"))
    for i in range(30):
        g.add((URIRef(f"https://w3id.org/thaikg/id/x/{i}"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
               Literal(f'ชื่อ "{i}" \\ > \n', lang="th")))
    return ds


@pytest.mark.parametrize("fmt", ["turtle", "nt", "nquads", "trig", "json-ld", "xml"])
def test_every_format_round_trips(fmt):
    data = serialize(_dataset(), fmt)
    back = Dataset()
    back.parse(data=data.decode("utf-8"), format={"json-ld": "json-ld", "xml": "xml"}.get(fmt, fmt))
    assert sum(1 for _ in back.quads((None, None, None, None))) in (38, 39)


@pytest.mark.parametrize("fmt", ["nt", "nquads", "json-ld", "turtle", "trig"])
def test_output_does_not_depend_on_hash_seed(fmt, tmp_path):
    code = ("import sys; sys.path.insert(0, %r); from tests.test_formats import _dataset; "
            "from thaikg.rdf.formats import serialize; sys.stdout.buffer.write(serialize(_dataset(), %r))")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    outs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        outs.add(subprocess.run([sys.executable, "-c", code % (root, fmt)], env=env, capture_output=True,
                                check=True).stdout)
    assert len(outs) == 1


def test_write_atomic_keeps_old_file_on_failure(tmp_path):
    target = tmp_path / "g.ttl"
    write_atomic(target, b"old")

    def boom() -> bytes:
        raise RuntimeError("serialiser failed")

    with pytest.raises(RuntimeError):
        write_atomic(target, boom)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]
