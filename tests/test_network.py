"""The entity network projected from a built graph (thaikg.network)."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph

from thaikg.graphio import load_dataset
from thaikg.network import communities, ego, find_node, project, stats, top_nodes

FIXTURE = Path(__file__).parent / "fixtures" / "viz_sample.trig"
ID = "https://w3id.org/thaikg/id/"
THAILAND = ID + "country/ไทย"
CANADA = ID + "country/แคนาดา"
CHUTINTORN = ID + "person/ชุตินทร_คงศักดิ์-1a2b3c4d"
HOSTILE = ID + "person/img_src_x_onerror_alert_1-5e6f7a8b"
MEETING = ID + "event/asean-canada-som-18"
BANGKOK = ID + "place/กรุงเทพมหานคร"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(FIXTURE)


@pytest.fixture(scope="module")
def G(ds: Dataset) -> nx.MultiDiGraph:
    return project(ds)


def test_nodes_are_the_entities_only(G: nx.MultiDiGraph) -> None:
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == 15
    for node, data in G.nodes(data=True):
        assert node.startswith(ID) and "#" not in node, node  # no NIF strings, statements
        assert not node.startswith(ID + "article/")
        assert data["iri"] == node


def test_edges_are_the_object_properties_between_entities(G: nx.MultiDiGraph) -> None:
    assert G.number_of_edges() == 18
    props = {d["prop"] for _, _, d in G.edges(data=True)}
    assert props == {"holdsPosition", "positionIn", "represents", "participant", "chair", "discussed",
                     "location", "donor", "recipient", "memberOf"}
    assert "mentionedIn" not in props and "sourceSentence" not in props
    # chair and participant between the same pair stay two edges, keyed by property
    assert set(G[MEETING][CANADA]) == {"chair", "participant"}
    assert G[MEETING][CANADA]["chair"]["articles"] == ["asean-canada-som18"]


def test_node_attributes(G: nx.MultiDiGraph) -> None:
    d = G.nodes[CHUTINTORN]
    assert d["cls"] == "Person"
    assert d["label_th"] == "นายชุตินทร คงศักดิ์"
    assert d["label_en"] == "Chutintorn Gongsakdi"
    assert d["alt_labels"] == ["ชุตินทร คงศักดิ์"]
    assert d["articles"] == ["asean-canada-som18"]
    (sentence, title), = d["mentions"]
    assert sentence.startswith("นายชุตินทร คงศักดิ์ รองปลัดกระทรวงการต่างประเทศ เป็นผู้แทนประเทศไทย")
    assert title == "รองปลัดกระทรวงการต่างประเทศเข้าร่วมการประชุมเจ้าหน้าที่อาวุโสอาเซียน-แคนาดา ครั้งที่ ๑๘"
    th = G.nodes[THAILAND]
    assert th["wikidata"] == "Q869"
    assert th["articles"] == ["asean-canada-som18", "xss-test"]
    assert len(th["mentions"]) == 3
    assert th["alt_labels"] == ["ประเทศไทย"]


def test_most_specific_class_wins(G: nx.MultiDiGraph) -> None:
    assert G.nodes[MEETING]["cls"] == "Meeting"  # also typed tkg:Event
    assert G.nodes[ID + "gov/กระทรวงการต่างประเทศ"]["cls"] == "GovernmentOrganization"  # also tkg:Organization
    assert G.nodes[THAILAND]["cls"] == "Country"  # also tkg:Place


def test_only_real_wikidata_ids_are_kept(G: nx.MultiDiGraph) -> None:
    d = G.nodes[HOSTILE]
    assert d["wikidata"] == ""  # javascript: and a Q-id with junk are dropped
    assert d["label_en"] == "<img src=x onerror=alert(1)>"  # data stays data; escaping is the page's job
    assert d["mentions"][0][1] == "<script>alert(1)</script>"


def test_isolated_entity_is_a_node(G: nx.MultiDiGraph) -> None:
    assert BANGKOK in G and G.degree(BANGKOK) == 0


def test_same_network_from_any_container(ds: Dataset, G: nx.MultiDiGraph) -> None:
    plain = Dataset()  # default_union off, as the builder makes it
    plain.parse(FIXTURE, format="trig")
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    for other in (project(plain), project(union)):
        assert list(other.nodes(data=True)) == list(G.nodes(data=True))
        assert sorted(other.edges(keys=True)) == sorted(G.edges(keys=True))


def test_projection_is_deterministic(G: nx.MultiDiGraph) -> None:
    again = project(load_dataset(FIXTURE))
    assert list(again.nodes(data=True)) == list(G.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    assert list(G.nodes) == sorted(G.nodes)


def test_empty_graph() -> None:
    E = project(Dataset())
    assert E.number_of_nodes() == 0
    assert communities(E) == []
    assert stats(E)["nodes"] == 0


def test_find_node(G: nx.MultiDiGraph) -> None:
    assert find_node(G, "ชุตินทร") == CHUTINTORN  # part of a Thai name
    assert find_node(G, "thailand") == THAILAND  # English, any case
    assert find_node(G, "ประเทศไทย") == THAILAND  # an alt label
    assert find_node(G, THAILAND) == THAILAND
    assert find_node(G, "no such name") is None
    assert find_node(G, "  ") is None


def test_ego(G: nx.MultiDiGraph) -> None:
    one = ego(G, CHUTINTORN, 1)
    assert set(one) == {CHUTINTORN, THAILAND, MEETING, ID + "position/รองปลัดกระทรวงการต่างประเทศ"}
    assert set(ego(G, CHUTINTORN, 0)) == {CHUTINTORN}
    assert BANGKOK not in ego(G, CHUTINTORN, 5)
    with pytest.raises(KeyError):
        ego(G, ID + "nobody", 1)


def test_top_nodes_keeps_the_hubs(G: nx.MultiDiGraph) -> None:
    top = top_nodes(G, 3)
    assert top.number_of_nodes() == 3
    assert THAILAND in top and MEETING in top
    assert top.graph["articles"] == G.graph["articles"]
    assert top_nodes(G, 100).number_of_nodes() == G.number_of_nodes()


def test_communities_partition_the_nodes(G: nx.MultiDiGraph) -> None:
    groups = communities(G)
    assert sorted(n for g in groups for n in g) == sorted(G.nodes)
    assert {BANGKOK} in groups
    assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)
    assert communities(project(load_dataset(FIXTURE))) == groups


def test_stats(G: nx.MultiDiGraph) -> None:
    s = stats(G)
    assert (s["nodes"], s["edges"], s["articles"], s["isolated"]) == (15, 18, 3, 1)
    assert s["classes"]["Place"] == 3 and s["classes"]["Meeting"] == 2
    assert s["properties"]["participant"] == 5
    assert s["top_actors"][0] == {"iri": THAILAND, "label": "ไทย", "cls": "Country", "degree": 6}
    assert all(a["cls"] in {"Person", "Country", "GovernmentOrganization", "InternationalOrganization", "Organization"}
               for a in s["top_actors"])
    per = {a["id"]: a for a in s["per_article"]}
    assert per["asean-canada-som18"]["entities"] == 11 and per["asean-canada-som18"]["edges"] == 14
    assert per["xss-test"]["title"] == "<script>alert(1)</script>"
    assert per["isolated"]["edges"] == 0
