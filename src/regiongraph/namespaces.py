"""The vocabularies RegionGraph speaks, and the fixed IRIs of its own ontology and code lists.

The ontology namespace is independent of the deployment: instance IRIs are minted under
the configurable base IRI (see :mod:`regiongraph.iris`), terms and codes never are.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

#: The project's own terms: only what DCAT, ORG, schema.org, SKOS, PROV, ADMS lack.
RG = Namespace("https://w3id.org/regiongraph/ontology#")
#: Root of the SKOS code lists; a list is ``CODE[list]`` + ``/`` + notation.
CODE = Namespace("https://w3id.org/regiongraph/code/")

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
DQV = Namespace("http://www.w3.org/ns/dqv#")
SH = Namespace("http://www.w3.org/ns/shacl#")
TIME = Namespace("http://www.w3.org/2006/time#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
EUTHEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
#: DCAT-AP.de political geocoding, one IRI per level and official key.
GEOCODING = Namespace("http://dcat-ap.de/def/politicalGeocoding/")
GEOCODING_LEVEL = Namespace("http://dcat-ap.de/def/politicalGeocodingLevel/")
#: DCAT-AP.de licences, EU file types, IANA media types (dataset profiles).
DCATDE_LICENCE = Namespace("http://dcat-ap.de/def/licenses/")
EUFILETYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
IANA = Namespace("https://www.iana.org/assignments/media-types/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
#: rdflib's ``DCAT`` is DCAT 2 and warns on DCAT 3's terms (the dataset series); same IRI.
DCAT3 = Namespace(str(DCAT))
#: DCAT-AP's own namespace (applicableLegislation, hvdCategory).
DCATAP = Namespace("http://data.europa.eu/r5r/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
#: EU Publications Office authority tables besides themes and file types.
EUACCESS = Namespace("http://publications.europa.eu/resource/authority/access-right/")
EULANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
EUFREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
#: W3C's format IRIs and entailment regimes (the SPARQL service description names them).
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")

#: Prefixes bound in every serialisation and offered to SPARQL users.
PREFIXES: dict[str, str] = {
    "rg": str(RG),
    "code": str(CODE),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "dcatde": str(DCATDE),
    "adms": str(ADMS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "foaf": str(FOAF),
    "dqv": str(DQV),
    "sh": str(SH),
    "time": str(TIME),
    "geo": str(GEO),
    "vcard": str(VCARD),
    "locn": str(LOCN),
    "spdx": str(SPDX),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def code(scheme: str, notation: str) -> str:
    """IRI of one concept of a code list, e.g. ``code("legal-form", "oerv")``."""
    return f"{CODE}{scheme}/{notation}"


def sparql_prologue() -> str:
    """PREFIX lines for every prefix in :data:`PREFIXES`."""
    return prologue(*PREFIXES)


def prologue(*prefixes: str, sep: str = "\n") -> str:
    """PREFIX lines for just these prefixes of :data:`PREFIXES`, e.g. ``prologue("dcat", "dcterms")``."""
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>{sep}" for p in prefixes)


def shortener(*prefixes: str) -> tuple[tuple[str, str], ...]:
    """(namespace IRI, prefix) pairs for naming an IRI ``prefix:local`` in a message."""
    return tuple((PREFIXES[p], p) for p in prefixes)
