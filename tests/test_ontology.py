"""The ontology, topic scheme and JSON-LD context declare and align every term of the graph contract."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from thaikg import resources

TKG = Namespace("https://w3id.org/thaikg/ontology#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = Namespace("http://www.w3.org/ns/prov#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
TOPIC = Namespace("https://w3id.org/thaikg/id/topic/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # open namespace: pytest probes module attributes

# The terms of CONTRACT.md, hard-coded so the tests do not depend on files outside the repo.
CONTRACT_CLASSES = [
    "Article", "Person", "Organization", "GovernmentOrganization", "InternationalOrganization", "Place",
    "Country", "Position", "Event", "Meeting", "Programme", "Topic", "Contribution",
]
CONTRACT_OBJECT_PROPERTIES = [
    "holdsPosition", "positionIn", "represents", "participant", "chair", "location", "discussed", "proposed",
    "donor", "recipient", "memberOf", "mentionedIn",
]
CONTRACT_DATATYPE_PROPERTIES = ["acronym", "date", "endDate", "edition", "virtual", "amount", "currency", "viewCount"]
EXTRA_OBJECT_PROPERTIES = ["sourceSentence"]
EXTRA_DATATYPE_PROPERTIES = ["honorific", "approximate"]

ALL_TERMS = (
    [(n, OWL.Class) for n in CONTRACT_CLASSES]
    + [(n, OWL.ObjectProperty) for n in CONTRACT_OBJECT_PROPERTIES + EXTRA_OBJECT_PROPERTIES]
    + [(n, OWL.DatatypeProperty) for n in CONTRACT_DATATYPE_PROPERTIES + EXTRA_DATATYPE_PROPERTIES]
)

# property -> (domain classes, range classes or datatype); None = no rdfs:domain declared
DOMAINS_RANGES: dict[str, tuple[set[URIRef] | None, set[URIRef]]] = {
    "holdsPosition": ({TKG.Person}, {TKG.Position}),
    "positionIn": ({TKG.Position}, {TKG.Organization, TKG.Country}),
    "represents": ({TKG.Person}, {TKG.Country, TKG.Organization}),
    "participant": ({TKG.Event}, {TKG.Person, TKG.Organization, TKG.Country}),
    "chair": ({TKG.Event}, {TKG.Person, TKG.Organization, TKG.Country}),
    "location": ({TKG.Event}, {TKG.Place}),
    "discussed": ({TKG.Event}, {TKG.Topic, TKG.Programme}),
    "proposed": ({TKG.Person, TKG.Organization, TKG.Country}, {TKG.Topic, TKG.Programme}),
    "donor": ({TKG.Contribution}, {TKG.Country, TKG.Organization}),
    "recipient": ({TKG.Contribution}, {TKG.Programme, TKG.Organization, TKG.Country}),
    "memberOf": ({TKG.Country}, {TKG.InternationalOrganization}),
    "mentionedIn": (None, {TKG.Article}),
    "sourceSentence": ({RDF.Statement}, {NIF.Sentence}),
    "acronym": (None, {XSD.string}),
    "date": ({TKG.Event}, {XSD.date}),
    "endDate": ({TKG.Event}, {XSD.date}),
    "edition": ({TKG.Event}, {XSD.integer}),
    "virtual": ({TKG.Event}, {XSD.boolean}),
    "amount": ({TKG.Contribution}, {XSD.decimal}),
    "currency": ({TKG.Contribution}, {XSD.string}),
    "viewCount": ({TKG.Article}, {XSD.integer}),
    "honorific": ({TKG.Person}, {XSD.string}),
    "approximate": ({TKG.Contribution}, {XSD.boolean}),
}

ALIGNMENTS = [
    (TKG.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
    (TKG.Article, RDFS.subClassOf, PROV.Entity),
    (TKG.Person, RDFS.subClassOf, FOAF.Person),
    (TKG.Person, RDFS.subClassOf, SCHEMA.Person),
    (TKG.Organization, RDFS.subClassOf, ORG.Organization),
    (TKG.Organization, RDFS.subClassOf, SCHEMA.Organization),
    (TKG.GovernmentOrganization, RDFS.subClassOf, SCHEMA.GovernmentOrganization),
    (TKG.Place, RDFS.subClassOf, SCHEMA.Place),
    (TKG.Country, RDFS.subClassOf, SCHEMA.Country),
    (TKG.Position, RDFS.subClassOf, ORG.Post),
    (TKG.Event, RDFS.subClassOf, SEM.Event),
    (TKG.Event, RDFS.subClassOf, SCHEMA.Event),
    (TKG.Topic, RDFS.subClassOf, SKOS.Concept),
    (TKG.Contribution, RDFS.subClassOf, SCHEMA.MonetaryGrant),
    (TKG.holdsPosition, RDFS.subPropertyOf, ORG.holds),
    (TKG.positionIn, RDFS.subPropertyOf, ORG.postIn),
    (TKG.participant, RDFS.subPropertyOf, SEM.hasActor),
    (TKG.sourceSentence, RDFS.subPropertyOf, PROV.wasDerivedFrom),
    # the contract's own hierarchy
    (TKG.GovernmentOrganization, RDFS.subClassOf, TKG.Organization),
    (TKG.InternationalOrganization, RDFS.subClassOf, TKG.Organization),
    (TKG.Country, RDFS.subClassOf, TKG.Place),
    (TKG.Meeting, RDFS.subClassOf, TKG.Event),
    (TKG.chair, RDFS.subPropertyOf, TKG.participant),
]

THAI = re.compile(r"[\u0e00-\u0e7f]")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def norm(text: str) -> str:
    """Normalise a label the way the evaluation scorer does (digits, dashes, case, spaces)."""
    text = unicodedata.normalize("NFC", text).translate(THAI_DIGITS)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text).replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture(scope="module")
def ont() -> Graph:
    return Graph().parse(resources.ontology_dir() / "thaikg.ttl", format="turtle")


@pytest.fixture(scope="module")
def topics() -> Graph:
    return Graph().parse(resources.ontology_dir() / "topics.ttl", format="turtle")


def class_set(g: Graph, node) -> set:
    """A class or an owl:unionOf class as a set of members."""
    if isinstance(node, BNode):
        union = g.value(node, OWL.unionOf)
        assert union is not None, "blank-node class must be an owl:unionOf"
        return set(Collection(g, union))
    return {node}


def lits(g: Graph, node: Node, prop: URIRef) -> list[Literal]:
    """The literal values of ``prop`` on ``node``."""
    return [o for o in g.objects(node, prop) if isinstance(o, Literal)]


def langs(g: Graph, node: Node, prop: URIRef) -> list[str]:
    return sorted((o.language or "") for o in lits(g, node, prop))


# --- files ----------------------------------------------------------------------


def test_ontology_files_exist_and_parse() -> None:
    folder = resources.ontology_dir()
    for name in ("thaikg.ttl", "shapes.ttl", "topics.ttl"):
        assert len(Graph().parse(folder / name, format="turtle")) > 0
    json.loads((folder / "context.jsonld").read_text(encoding="utf-8"))


def test_resources_cache_and_copy() -> None:
    assert resources.ontology_graph() is resources.ontology_graph()
    assert resources.shapes_graph() is resources.shapes_graph()
    ctx = resources.jsonld_context()
    ctx["tkg"] = "changed"
    assert resources.jsonld_context()["tkg"] == str(TKG)
    assert (None, RDF.type, TKG.Topic) in resources.ontology_graph()  # topics are part of it
    assert (TKG.Person, RDF.type, OWL.Class) in resources.ontology_graph()


def test_ontology_header(ont: Graph) -> None:
    onto = URIRef("https://w3id.org/thaikg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ont
    assert ont.value(onto, OWL.versionInfo) is not None
    assert ont.value(onto, DCTERMS.license) is not None
    assert langs(ont, onto, RDFS.label) == ["en", "th"]
    assert set(langs(ont, onto, RDFS.comment)) == {"en", "th"}
    assert not list(ont.objects(None, OWL.imports)), "the ontology must stay self-contained"


# --- contract terms ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), ALL_TERMS, ids=[n for n, _ in ALL_TERMS])
def test_term_declared_with_thai_and_english_labels(ont: Graph, name: str, kind: URIRef) -> None:
    term = TKG[name]
    assert (term, RDF.type, kind) in ont
    assert langs(ont, term, RDFS.label) == ["en", "th"], "exactly one rdfs:label per language"
    assert set(langs(ont, term, RDFS.comment)) == {"en", "th"}
    for label in lits(ont, term, RDFS.label):
        if label.language == "th":
            assert THAI.search(label), f"Thai label of {name} is not Thai: {label}"


@pytest.mark.parametrize("name", sorted(DOMAINS_RANGES))
def test_domain_and_range(ont: Graph, name: str) -> None:
    domain, range_ = DOMAINS_RANGES[name]
    term = TKG[name]
    declared_domains = list(ont.objects(term, RDFS.domain))
    if domain is None:
        assert declared_domains == []
    else:
        assert len(declared_domains) == 1
        assert class_set(ont, declared_domains[0]) == domain
    declared_ranges = list(ont.objects(term, RDFS.range))
    assert len(declared_ranges) == 1
    assert class_set(ont, declared_ranges[0]) == range_


@pytest.mark.parametrize(("s", "p", "o"), ALIGNMENTS, ids=[f"{s.fragment}-{o.split('/')[-1]}" for s, _, o in ALIGNMENTS])
def test_alignment(ont: Graph, s: URIRef, p: URIRef, o: URIRef) -> None:
    assert (s, p, o) in ont


def test_mentioned_in_is_inverse_of_schema_mentions(ont: Graph) -> None:
    assert (TKG.mentionedIn, OWL.inverseOf, SCHEMA.mentions) in ont


def test_every_tkg_term_used_anywhere_is_declared(ont: Graph) -> None:
    declared = {s for s in ont.subjects(RDF.type, None) if str(s).startswith(str(TKG))}
    used: set[URIRef] = set()
    folder = resources.ontology_dir()
    for name in ("shapes.ttl", "topics.ttl"):
        for triple in Graph().parse(folder / name, format="turtle"):
            used |= {t for t in triple if isinstance(t, URIRef) and str(t).startswith(str(TKG))}
    for term in resources.jsonld_context().values():
        iri = term["@id"] if isinstance(term, dict) else term
        if isinstance(iri, str) and iri.startswith("tkg:"):
            used.add(TKG[iri[4:]])
    assert used - declared == set()


# --- topic scheme --------------------------------------------------------------------


def concepts(topics: Graph) -> list[URIRef]:
    return sorted(s for s in topics.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef))


def test_topic_scheme_size_and_shape(topics: Graph) -> None:
    scheme = TOPIC.scheme
    assert (scheme, RDF.type, SKOS.ConceptScheme) in topics
    found = concepts(topics)
    assert len(found) >= 120
    for c in found:
        assert re.fullmatch(r"https://w3id\.org/thaikg/id/topic/[a-z0-9]+(-[a-z0-9]+)*", str(c)), c
        assert (c, RDF.type, TKG.Topic) in topics
        assert (c, SKOS.inScheme, scheme) in topics
        assert langs(topics, c, SKOS.prefLabel) == ["en", "th"], c
        for b in topics.objects(c, SKOS.broader):
            assert (b, SKOS.inScheme, scheme) in topics, f"{c} broader {b} not in the scheme"


def test_top_concepts(topics: Graph) -> None:
    tops = set(topics.objects(TOPIC.scheme, SKOS.hasTopConcept))
    assert {TOPIC[s] for s in ("economy", "security", "society", "environment", "politics", "development")} <= tops
    for t in tops:
        assert (t, SKOS.topConceptOf, TOPIC.scheme) in topics


def test_no_duplicate_pref_labels(topics: Graph) -> None:
    seen: dict[tuple[str, str | None], URIRef] = {}
    for c in concepts(topics):
        for label in lits(topics, c, SKOS.prefLabel):
            key = (norm(label), label.language)
            assert key not in seen, f"prefLabel {label!r} on {seen.get(key)} and {c}"
            seen[key] = c


def test_no_label_names_two_concepts(topics: Graph) -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for c in concepts(topics):
        pref = {norm(x) for x in lits(topics, c, SKOS.prefLabel)}
        alt = {norm(x) for x in lits(topics, c, SKOS.altLabel)}
        assert not {(x.language, str(x)) for x in lits(topics, c, SKOS.altLabel)} & {
            (x.language, str(x)) for x in lits(topics, c, SKOS.prefLabel)
        }, f"{c}: altLabel repeats prefLabel"
        for label in pref | alt:
            owners[label].add(c)
    shared = {label: sorted(cs) for label, cs in owners.items() if len(cs) > 1}
    assert shared == {}


def test_label_language_tags_match_script(topics: Graph) -> None:
    for c in concepts(topics):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in lits(topics, c, prop):
                assert label.language in ("th", "en"), (c, label)
                if label.language == "en":
                    assert not THAI.search(label), (c, label)


def topic_of(topics: Graph) -> dict[str, Node]:
    index: dict[str, Node] = {}
    for prop in (SKOS.prefLabel, SKOS.altLabel):
        for c, label in topics.subject_objects(prop):
            index[norm(str(label))] = c
    return index


# Surface forms that must lead to one concept (the phrasings of Thai government news).
SAME_CONCEPT = {
    "trade-and-investment": ["การค้าการลงทุน", "การค้าและการลงทุน", "การค้า การลงทุน", "trade and investment"],
    "transnational-crime": ["การต่อต้านอาชญากรรมข้ามชาติ", "อาชญากรรมข้ามชาติ", "การปราบปรามอาชญากรรมข้ามชาติ",
                            "ความร่วมมือการต่อต้านอาชญากรรมข้ามชาติ", "transnational crime", "combating transnational crime"],
    "online-scams": ["การหลอกลวงทางออนไลน์", "แก๊งคอลเซ็นเตอร์", "แก๊งคอลเซ็นเตอร์และการหลอกลวงทางออนไลน์", "call centre scams"],
    "covid-19-recovery": ["การฟื้นฟูจากโควิด-๑๙", "การฟื้นฟูจากโควิด-19", "ความร่วมมือในการฟื้นฟูจากโควิด-๑๙", "COVID-19 recovery"],
    "msmes": ["การพัฒนา MSMEs", "MSMEs", "วิสาหกิจขนาดกลาง ขนาดย่อม และรายย่อย"],
    "connectivity": ["ความเชื่อมโยง", "ความเชื่อมโยงในภูมิภาค", "การส่งเสริมความเชื่อมโยงในภูมิภาค", "regional connectivity"],
    "gender-equality": ["ความเท่าเทียมระหว่างเพศ", "ความเท่าเทียมระหว่างเพศและสิทธิสตรี", "gender equality"],
    "water-resources-management": ["ทรัพยากรน้ำ", "การบริหารจัดการทรัพยากรน้ำ", "การบริหารจัดการทรัพยากรน้ำอย่างยั่งยืน",
                                   "การบริหารจัดการน้ำ"],
    "people-to-people": ["การแลกเปลี่ยนระดับประชาชน", "การติดต่อระหว่างประชาชน", "people-to-people exchanges"],
    "myanmar-situation": ["สถานการณ์ในเมียนมา", "situation in Myanmar"],
    "asean-centrality": ["ความเป็นแกนกลางของอาเซียน", "ASEAN centrality"],
    "rules-based-international-order": ["ระเบียบระหว่างประเทศที่ตั้งอยู่บนกฎกติกา", "rules-based international order"],
}


@pytest.mark.parametrize("slug", sorted(SAME_CONCEPT))
def test_surface_forms_reach_one_concept(topics: Graph, slug: str) -> None:
    index = topic_of(topics)
    for form in SAME_CONCEPT[slug]:
        assert index.get(norm(form)) == TOPIC[slug], f"{form!r} -> {index.get(norm(form))}"


REQUIRED_AREAS = [
    "trade-and-investment", "transnational-crime", "online-scams", "online-gambling", "human-trafficking", "drugs",
    "terrorism", "cyber-security", "covid-19-recovery", "public-health", "education", "human-resource-development",
    "sustainable-development", "climate-change", "renewable-energy", "energy", "environment", "water-resources-management",
    "agriculture", "food-security", "fisheries", "poverty-reduction", "connectivity", "rail-connectivity", "air-connectivity",
    "digital-connectivity", "digital-economy", "msmes", "tourism", "culture", "people-to-people", "labour", "migrant-workers",
    "gender-equality", "womens-rights", "human-rights", "rules-based-international-order", "asean-centrality",
    "myanmar-situation", "south-china-sea", "maritime-cooperation", "defence", "disaster-management",
    "science-technology-and-innovation", "bcg-economy", "production-capacity", "cross-border-economic-cooperation",
    "consular-affairs", "visa", "investment", "logistics", "smart-cities",
]


def test_required_areas_present(topics: Graph) -> None:
    present = set(concepts(topics))
    assert [s for s in REQUIRED_AREAS if TOPIC[s] not in present] == []


# --- JSON-LD context ---------------------------------------------------------------


def test_context_prefixes_and_terms() -> None:
    ctx = resources.jsonld_context()
    assert ctx["@version"] == 1.1
    assert ctx["@base"] == "https://w3id.org/thaikg/id/"
    assert ctx["id"] == "https://w3id.org/thaikg/id/"
    assert ctx["wd"] == "http://www.wikidata.org/entity/"
    for prefix, iri in {
        "tkg": str(TKG), "rdfs": str(RDFS), "skos": str(SKOS), "owl": str(OWL), "dcterms": str(DCTERMS),
        "xsd": str(XSD), "nif": str(NIF), "itsrdf": "http://www.w3.org/2005/11/its/rdf#", "prov": str(PROV),
        "schema": str(SCHEMA), "foaf": str(FOAF), "org": str(ORG), "sem": str(SEM),
    }.items():
        assert ctx[prefix] == iri
    for name in CONTRACT_OBJECT_PROPERTIES + EXTRA_OBJECT_PROPERTIES:
        assert ctx[name] == {"@id": f"tkg:{name}", "@type": "@id"}
    for name, dtype in [("date", "xsd:date"), ("endDate", "xsd:date"), ("edition", "xsd:integer"),
                        ("virtual", "xsd:boolean"), ("amount", "xsd:decimal"), ("viewCount", "xsd:integer"),
                        ("approximate", "xsd:boolean"), ("created", "xsd:date"), ("modified", "xsd:date")]:
        assert ctx[name]["@type"] == dtype
    assert ctx["label"] == {"@id": "rdfs:label"}
    assert ctx["altLabel"] == {"@id": "skos:altLabel"}
    assert ctx["sameAs"] == {"@id": "owl:sameAs", "@type": "@id"}
    assert ctx["title"]["@id"] == "dcterms:title"
    assert {"acronym", "currency", "honorific"} <= ctx.keys()


def test_context_round_trip() -> None:
    ident = Namespace("https://w3id.org/thaikg/id/")
    g = Graph()
    meeting, person, article = ident["meeting/som18"], ident["person/ชุตินทร_คงศักดิ์"], ident["article/asean-canada-som18"]
    g.add((meeting, RDF.type, TKG.Meeting))
    g.add((meeting, RDFS.label, Literal("การประชุมเจ้าหน้าที่อาวุโสอาเซียน-แคนาดา ครั้งที่ ๑๘", lang="th")))
    g.add((meeting, TKG.date, Literal("2021-07-13", datatype=XSD.date)))
    g.add((meeting, TKG.edition, Literal(18)))
    g.add((meeting, TKG.virtual, Literal(True)))
    g.add((meeting, TKG.chair, person))
    g.add((meeting, TKG.mentionedIn, article))
    g.add((person, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1")))
    g.add((person, TKG.honorific, Literal("นาย")))
    g.add((ident["contribution/c"], TKG.amount, Literal("3500000", datatype=XSD.decimal)))
    g.add((ident["contribution/c"], TKG.currency, Literal("CAD")))
    g.add((article, TKG.viewCount, Literal(6132)))
    g.add((article, DCTERMS.title, Literal("หัวข่าว", lang="th")))
    text = g.serialize(format="json-ld", context=resources.jsonld_context())
    doc = json.loads(text)
    assert "@context" in doc
    back = Graph().parse(data=text, format="json-ld")
    assert isomorphic(g, back)
    # the short terms are really used
    assert '"edition"' in text and '"chair"' in text and '"label"' in text
