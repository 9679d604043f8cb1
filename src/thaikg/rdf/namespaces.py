"""The namespaces every thaikg graph uses (see CONTRACT.md)."""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

TKG = Namespace("https://w3id.org/thaikg/ontology#")
ID = Namespace("https://w3id.org/thaikg/id/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace] = {
    "tkg": TKG, "id": ID, "nif": NIF, "itsrdf": ITSRDF, "wd": WD, "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)), "owl": Namespace(str(OWL)), "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)), "xsd": Namespace(str(XSD)), "prov": Namespace(str(PROV)),
}


def entity_iri(key: str) -> URIRef:
    """The IRI of the entity with ``key`` (already a safe path, see :mod:`thaikg.ids`)."""
    return ID[key]


def article_iri(doc_id: str) -> URIRef:
    return ID[f"article/{doc_id}"]
