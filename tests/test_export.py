"""``thaikg export``: every RDF format (named graphs and literals kept), one article, and the entity
network as GraphML/GEXF through the projection the other views share."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import URIRef
from rdflib.namespace import XSD

from thaikg.cli import main
from thaikg.graphio import load_dataset
from thaikg.store import fill_store

FIXTURE = Path(__file__).parent / "fixtures" / "mini.trig"
ID = "https://w3id.org/thaikg/id/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ARTICLES = {ID + "article/asean-canada-som18", ID + "article/mekong-lancang-fmm9",
            ID + "article/thailand-new-zealand-courtesy-call"}


def export(capsys, *argv: str) -> tuple[int, str]:
    code = main(["export", *argv])
    return code, capsys.readouterr().err


def named(ds) -> set[str]:
    return {str(g.identifier) for g in ds.graphs() if len(g) and str(g.identifier) != "urn:x-rdflib:default"}


@pytest.mark.parametrize("suffix,keeps_graphs", [(".trig", True), (".nq", True), (".jsonld", True),
                                                 (".ttl", False), (".nt", False), (".rdf", False)])
def test_every_rdf_format(tmp_path, capsys, suffix, keeps_graphs):
    out = tmp_path / f"g{suffix}"
    code, err = export(capsys, str(FIXTURE), "-o", str(out))
    assert code == 0, err
    original, back = load_dataset(FIXTURE), load_dataset(out)
    assert len(back) == len(original)  # the union of the graphs: every triple
    assert named(back) == (ARTICLES if keeps_graphs else set())
    begin = URIRef(NIF + "beginIndex")
    assert {o.datatype for o in back.objects(None, begin)} == {XSD.nonNegativeInteger}  # literals as written


def test_export_is_deterministic(tmp_path, capsys):
    for suffix in (".nq", ".graphml", ".gexf"):
        for name in ("a", "b"):
            assert export(capsys, str(FIXTURE), "-o", str(tmp_path / (name + suffix)), "-q")[0] == 0
        assert (tmp_path / f"a{suffix}").read_bytes() == (tmp_path / f"b{suffix}").read_bytes()
    assert b"lastmodifieddate" not in (tmp_path / "a.gexf").read_bytes()


@pytest.mark.parametrize("article", ["mekong-lancang-fmm9", ID + "article/mekong-lancang-fmm9"])
def test_one_article(tmp_path, capsys, article):
    out = tmp_path / "one.trig"
    assert export(capsys, str(FIXTURE), "-o", str(out), "--article", article)[0] == 0
    back = load_dataset(out)
    assert named(back) == {ID + "article/mekong-lancang-fmm9"}
    assert len(back) == len(load_dataset(FIXTURE).graph(URIRef(ID + "article/mekong-lancang-fmm9")))


def test_unknown_article_and_format(tmp_path, capsys):
    code, err = export(capsys, str(FIXTURE), "-o", str(tmp_path / "x.trig"), "--article", "nope")
    assert code == 2 and "has no article 'nope'" in err and "asean-canada-som18" in err and err.count("\n") == 1
    code, err = export(capsys, str(FIXTURE), "-o", str(tmp_path / "x.docx"))
    assert code == 2 and "cannot tell the format" in err
    assert not list(tmp_path.iterdir())


def test_format_option_overrides_suffix(tmp_path, capsys):
    out = tmp_path / "graph.out"
    assert export(capsys, str(FIXTURE), "-o", str(out), "--format", "nq", "-q")[0] == 0
    assert out.read_text(encoding="utf-8").rstrip().endswith("> .")
    assert export(capsys, str(FIXTURE), "-o", str(out), "--format", "gexf", "-q")[0] == 0
    assert nx.read_gexf(out).number_of_nodes() > 0


def test_from_a_store_folder(tmp_path, capsys):
    fill_store(tmp_path / "store", FIXTURE)
    out = tmp_path / "g.trig"
    assert export(capsys, str(tmp_path / "store"), "-o", str(out))[0] == 0
    assert len(load_dataset(out)) == len(load_dataset(FIXTURE)) and named(load_dataset(out)) == ARTICLES


def _check_network(G: nx.Graph) -> None:
    nodes = set(G.nodes)
    assert ID + "person/Paul_Thoppil" in nodes and ID + "country/CA" in nodes
    assert not any("#char=" in n or "#fact-" in n or "/article/" in n for n in nodes)  # NIF, statements, articles out
    assert all(n.startswith(ID) for n in nodes)  # no literals either
    paul = G.nodes[ID + "person/Paul_Thoppil"]
    assert (paul["label_en"], paul["class"], paul.get("label_th", "")) == ("Paul Thoppil", "Person", "")
    som = G.nodes[ID + "event/asean-canada-som-18"]
    assert som["label_th"].startswith("การประชุมเจ้าหน้าที่อาวุโส") and som["class"] == "Meeting"
    assert G.nodes[ID + "country/CA"]["wikidata"] == "Q16"
    edges = {(u, v, d["property"]) for u, v, d in G.edges(data=True)}
    assert (ID + "event/asean-canada-som-18", ID + "person/Paul_Thoppil", "chair") in edges
    assert (ID + "contribution/asean-canada-som18-1", ID + "country/CA", "donor") in edges
    assert not {p for _, _, p in edges} & {"mentionedIn", "sourceSentence", "subject", "object", "taIdentRef",
                                          "anchorOf", "date", "amount"}


def test_graphml(tmp_path, capsys):
    out = tmp_path / "g.graphml"
    code, err = export(capsys, str(FIXTURE), "-o", str(out))
    assert code == 0 and "entities" in err
    G = nx.read_graphml(out)
    _check_network(G)
    assert isinstance(G, nx.MultiDiGraph)


def test_gexf(tmp_path, capsys):
    out = tmp_path / "g.gexf"
    assert export(capsys, str(FIXTURE), "-o", str(out), "-q")[0] == 0
    G = nx.read_gexf(out)
    _check_network(G)
    assert G.number_of_nodes() == nx.read_graphml(_graphml(tmp_path, capsys)).number_of_nodes()


def _graphml(tmp_path: Path, capsys) -> Path:
    out = tmp_path / "ref.graphml"
    assert export(capsys, str(FIXTURE), "-o", str(out), "-q")[0] == 0
    return out


def test_network_of_one_article(tmp_path, capsys):
    out = tmp_path / "one.graphml"
    assert export(capsys, str(FIXTURE), "-o", str(out), "--article", "thailand-new-zealand-courtesy-call", "-q")[0] == 0
    G = nx.read_graphml(out)
    assert ID + "person/Catherine_Ellwood" in G and ID + "person/Paul_Thoppil" not in G
