"""SHACL validation accepts what the builder writes and names the node and property of every broken rule."""
from __future__ import annotations

import functools
from collections.abc import Callable

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDFS

from thaikg.validate import ValidationReport, Violation, format_violation, validate

TKG = Namespace("https://w3id.org/thaikg/ontology#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ID = "https://w3id.org/thaikg/id/"
ARTICLE = URIRef(ID + "article/asean-canada-som18")
MEETING = URIRef(ID + "meeting/asean-canada-som18")
CONTRIB = URIRef(ID + "contribution/canada-fund")
CANADA = URIRef(ID + "country/CA")
JAKARTA = URIRef(ID + "place/jakarta")
POSITION = URIRef(ID + "position/deputy-permanent-secretary")
MEETING_LABEL = "การประชุมเจ้าหน้าที่อาวุโสอาเซียน-แคนาดา ครั้งที่ ๑๘"

# Two articles' named graphs, shaped like the builder's TriG output; Canada's triples are split across both.
VALID_TRIG = """
@prefix tkg: <https://w3id.org/thaikg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix article: <https://w3id.org/thaikg/id/article/> .
@prefix person: <https://w3id.org/thaikg/id/person/> .
@prefix position: <https://w3id.org/thaikg/id/position/> .
@prefix country: <https://w3id.org/thaikg/id/country/> .
@prefix org: <https://w3id.org/thaikg/id/org/> .
@prefix place: <https://w3id.org/thaikg/id/place/> .
@prefix meeting: <https://w3id.org/thaikg/id/meeting/> .
@prefix programme: <https://w3id.org/thaikg/id/programme/> .
@prefix topic: <https://w3id.org/thaikg/id/topic/> .
@prefix contribution: <https://w3id.org/thaikg/id/contribution/> .

article:asean-canada-som18 {
    article:asean-canada-som18 a tkg:Article , nif:Context ;
        dcterms:title "รองปลัดกระทรวงการต่างประเทศสนับสนุนการฟื้นฟูที่เข้มแข็งและยั่งยืน"@th ;
        dcterms:created "2021-07-14"^^xsd:date ; dcterms:modified "2022-11-29"^^xsd:date ;
        tkg:viewCount 6132 ; nif:isString "…ข้อความทั้งหมด…" ; dcterms:source <https://www.mfa.go.th/th/content/som18> .

    person:ชุตินทร_คงศักดิ์ a tkg:Person ;
        rdfs:label "ชุตินทร คงศักดิ์"@th , "Chutintorn Gongsakdi"@en ; skos:altLabel "นายชุตินทร คงศักดิ์"@th ;
        tkg:honorific "นาย" ; tkg:holdsPosition position:deputy-permanent-secretary ; tkg:represents country:TH ;
        tkg:proposed topic:climate-change , programme:bcg-model ; tkg:mentionedIn article:asean-canada-som18 .
    position:deputy-permanent-secretary a tkg:Position ; rdfs:label "รองปลัดกระทรวงการต่างประเทศ"@th ;
        tkg:positionIn org:mfa-thailand ; tkg:mentionedIn article:asean-canada-som18 .
    org:mfa-thailand a tkg:GovernmentOrganization ; rdfs:label "กระทรวงการต่างประเทศ"@th ;
        tkg:mentionedIn article:asean-canada-som18 .
    org:asean a tkg:InternationalOrganization ; rdfs:label "อาเซียน"@th , "ASEAN"@en ; tkg:acronym "ASEAN" ;
        owl:sameAs <http://www.wikidata.org/entity/Q7768> ; tkg:mentionedIn article:asean-canada-som18 .
    country:TH a tkg:Country ; rdfs:label "ไทย"@th , "Thailand"@en ; tkg:memberOf org:asean ;
        tkg:mentionedIn article:asean-canada-som18 .
    country:CA a tkg:Country ; rdfs:label "แคนาดา"@th , "Canada"@en ; owl:sameAs <http://www.wikidata.org/entity/Q16> ;
        tkg:mentionedIn article:asean-canada-som18 .
    place:jakarta a tkg:Place ; rdfs:label "กรุงจาการ์ตา"@th ; tkg:mentionedIn article:asean-canada-som18 .
    meeting:asean-canada-som18 a tkg:Meeting ;
        rdfs:label "การประชุมเจ้าหน้าที่อาวุโสอาเซียน-แคนาดา ครั้งที่ ๑๘"@th ;
        tkg:date "2021-07-13"^^xsd:date ; tkg:edition 18 ; tkg:virtual true ;
        tkg:chair country:CA , person:ชุตินทร_คงศักดิ์ ; tkg:participant org:asean ;
        tkg:discussed topic:trade-and-investment , topic:women-entrepreneurs-finance , programme:covid-fund ;
        tkg:location place:jakarta ; tkg:mentionedIn article:asean-canada-som18 .
    topic:trade-and-investment rdfs:label "การค้าการลงทุน"@th ; tkg:mentionedIn article:asean-canada-som18 .
    topic:climate-change tkg:mentionedIn article:asean-canada-som18 .
    topic:women-entrepreneurs-finance a tkg:Topic , skos:Concept ;
        rdfs:label "การเข้าถึงแหล่งเงินทุนของผู้ประกอบการสตรีในภูมิภาค"@th ; tkg:mentionedIn article:asean-canada-som18 .
    programme:covid-fund a tkg:Programme ; rdfs:label "กองทุนอาเซียนเพื่อรับมือกับโควิด-๑๙"@th ;
        tkg:mentionedIn article:asean-canada-som18 .
    programme:bcg-model a tkg:Programme ; rdfs:label "โมเดล BCG"@th ; tkg:mentionedIn article:asean-canada-som18 .
    contribution:canada-fund a tkg:Contribution ; rdfs:label "แคนาดาสนับสนุนกองทุนอาเซียนเพื่อรับมือกับโควิด-๑๙"@th ;
        tkg:donor country:CA ; tkg:recipient programme:covid-fund ; tkg:amount "3500000"^^xsd:decimal ;
        tkg:currency "CAD" ; tkg:approximate false ; tkg:mentionedIn article:asean-canada-som18 .

    <https://w3id.org/thaikg/id/article/asean-canada-som18#char=120,136> a nif:Phrase ;
        nif:anchorOf "ชุตินทร คงศักดิ์" ; nif:beginIndex 120 ; nif:endIndex 136 ;
        nif:referenceContext article:asean-canada-som18 ;
        nif:sentence <https://w3id.org/thaikg/id/article/asean-canada-som18#char=100,300> ;
        itsrdf:taIdentRef person:ชุตินทร_คงศักดิ์ .
    <https://w3id.org/thaikg/id/article/asean-canada-som18#char=100,300> a nif:Sentence ;
        nif:anchorOf "…" ; nif:beginIndex 100 ; nif:endIndex 300 ; nif:referenceContext article:asean-canada-som18 .
    <https://w3id.org/thaikg/id/article/asean-canada-som18#fact-1a2b3c> a rdf:Statement ;
        rdf:subject meeting:asean-canada-som18 ; rdf:predicate tkg:chair ; rdf:object country:CA ;
        tkg:sourceSentence <https://w3id.org/thaikg/id/article/asean-canada-som18#char=100,300> .
}

article:other {
    article:other a tkg:Article , nif:Context ; dcterms:title "ข่าวอีกชิ้น"@th .
    country:CA tkg:memberOf org:oecd ; tkg:mentionedIn article:other .
    org:oecd a tkg:InternationalOrganization ; rdfs:label "OECD"@en ; tkg:mentionedIn article:other .
    meeting:virtual-call a tkg:Meeting ; rdfs:label "การหารือทางโทรศัพท์"@th ;
        tkg:date "2024-09-18"^^xsd:date ; tkg:endDate "2024-09-19"^^xsd:date ;
        tkg:location country:CA ; tkg:mentionedIn article:other .
}
"""


@functools.cache
def _parsed() -> Dataset:
    ds = Dataset()
    ds.parse(data=VALID_TRIG, format="trig")
    return ds


def valid_dataset() -> Dataset:
    """A fresh copy of the valid data, parsed once."""
    ds = Dataset()
    for quad in _parsed().quads((None, None, None, None)):
        ds.add(quad)
    return ds


def flat(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


@pytest.fixture(scope="module")
def valid_report() -> ValidationReport:
    return validate(valid_dataset())


def test_valid_dataset_conforms(valid_report: ValidationReport) -> None:
    assert valid_report.conforms, "\n".join(valid_report.lines())
    assert valid_report.violations == []


def test_plain_graph_is_accepted_and_not_modified() -> None:
    g = flat(valid_dataset())
    before = len(g)
    report = validate(g)
    assert report.conforms, "\n".join(report.lines())
    assert len(g) == before


def break_graph(change: Callable[[Graph], None]) -> ValidationReport:
    g = flat(valid_dataset())
    change(g)
    return validate(g)


def two_dates(g: Graph) -> None:
    g.add((MEETING, TKG.date, Literal("2021-07-14", datatype=XSD.date)))


def no_currency(g: Graph) -> None:
    g.remove((CONTRIB, TKG.currency, None))


def lower_case_currency(g: Graph) -> None:
    g.set((CONTRIB, TKG.currency, Literal("cad")))


def untagged_label(g: Graph) -> None:
    g.add((JAKARTA, RDFS.label, Literal("Jakarta")))


def dbpedia_same_as(g: Graph) -> None:
    g.add((CANADA, OWL.sameAs, URIRef("http://dbpedia.org/resource/Canada")))


def string_edition(g: Graph) -> None:
    g.set((MEETING, TKG.edition, Literal("๑๘")))


def position_as_participant(g: Graph) -> None:
    g.add((MEETING, TKG.participant, POSITION))


def two_thai_labels(g: Graph) -> None:
    g.add((CANADA, RDFS.label, Literal("ประเทศแคนาดา", lang="th")))


def integer_amount(g: Graph) -> None:
    g.set((CONTRIB, TKG.amount, Literal(3500000)))


def end_before_start(g: Graph) -> None:
    g.add((MEETING, TKG.endDate, Literal("2021-07-01", datatype=XSD.date)))


def entity_without_article(g: Graph) -> None:
    g.remove((JAKARTA, TKG.mentionedIn, None))


BROKEN = [
    # (change, focus label, path, words of the message)
    (two_dates, MEETING_LABEL, "tkg:date", "at most one tkg:date"),
    (no_currency, "แคนาดาสนับสนุนกองทุนอาเซียนเพื่อรับมือกับโควิด-๑๙", "tkg:currency", "exactly one tkg:currency"),
    (lower_case_currency, "แคนาดาสนับสนุนกองทุนอาเซียนเพื่อรับมือกับโควิด-๑๙", "tkg:currency", "ISO 4217"),
    (untagged_label, "กรุงจาการ์ตา", "rdfs:label", "language tag"),
    (dbpedia_same_as, "แคนาดา", "owl:sameAs", "Wikidata"),
    (string_edition, MEETING_LABEL, "tkg:edition", "xsd:integer"),
    (position_as_participant, MEETING_LABEL, "tkg:participant", "tkg:Person, tkg:Organization or tkg:Country"),
    (two_thai_labels, "ประเทศแคนาดา", "rdfs:label", "one rdfs:label per language"),  # first Thai label in order
    (integer_amount, "แคนาดาสนับสนุนกองทุนอาเซียนเพื่อรับมือกับโควิด-๑๙", "tkg:amount", "xsd:decimal"),
    (end_before_start, MEETING_LABEL, "tkg:date", "not be after tkg:endDate"),
    (entity_without_article, "กรุงจาการ์ตา", "tkg:mentionedIn", "tkg:mentionedIn"),
]


@pytest.mark.parametrize(("change", "label", "path", "words"), BROKEN, ids=[b[0].__name__ for b in BROKEN])
def test_broken_graph_does_not_conform(change: Callable[[Graph], None], label: str, path: str, words: str) -> None:
    report = break_graph(change)
    assert not report.conforms
    hits = [v for v in report.errors if v.path == path and words in v.message]
    assert hits, "\n".join(report.lines())
    hit = hits[0]
    assert hit.focus_label == label
    line = format_violation(hit)
    assert hit.focus_label in line and path in line and hit.focus in line
    assert line.startswith("Violation:")


def test_focus_label_prefers_thai() -> None:
    report = break_graph(dbpedia_same_as)
    (hit,) = [v for v in report.errors if v.path == "owl:sameAs"]
    assert hit.focus_label == "แคนาดา"
    assert hit.focus == str(CANADA)
    assert hit.value == "<http://dbpedia.org/resource/Canada>"


def test_untyped_chair_is_rejected() -> None:
    def change(g: Graph) -> None:
        g.add((MEETING, TKG.chair, URIRef(ID + "unknown/x")))

    report = break_graph(change)
    assert any(v.path == "tkg:chair" and v.value == f"<{ID}unknown/x>" for v in report.errors), report.lines()


def test_contribution_without_article_is_only_a_warning() -> None:
    def change(g: Graph) -> None:
        g.remove((CONTRIB, TKG.mentionedIn, None))

    report = break_graph(change)
    assert report.conforms
    assert [v.severity for v in report.violations] == ["Warning"]
    assert report.violations[0].path == "tkg:mentionedIn"


def test_type_inferred_from_domain() -> None:
    """A node with tkg:date is an Event by rdfs:domain, so Event rules apply even without a type."""

    def change(g: Graph) -> None:
        node = URIRef(ID + "meeting/untyped")
        g.add((node, RDFS.label, Literal("การประชุมที่ไม่มีชนิด", lang="th")))
        g.add((node, TKG.mentionedIn, ARTICLE))
        g.add((node, TKG.date, Literal("2021-07-13")))

    report = break_graph(change)
    assert [(v.focus_label, v.path) for v in report.errors] == [("การประชุมที่ไม่มีชนิด", "tkg:date")]


def test_thai_messages() -> None:
    g = flat(valid_dataset())
    two_dates(g)
    report = validate(g, lang="th")
    (hit,) = [v for v in report.errors if v.path == "tkg:date"]
    assert "ไม่เกินหนึ่งค่า" in hit.message


def test_format_violation_without_label() -> None:
    v = Violation(focus="https://w3id.org/thaikg/id/x", focus_label="https://w3id.org/thaikg/id/x", path="",
                  severity="Warning", message="something")
    assert format_violation(v) == "Warning: https://w3id.org/thaikg/id/x: something"
