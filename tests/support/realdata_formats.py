"""The oracle's mirror of the documented format repairs (docs/mapping.md: format-to-eu-file-type,
media-type-to-iana-iri), written from the EU file-type table itself, not from the project's mapping."""

from __future__ import annotations

import re
from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .shared import conformance

EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "https://www.iana.org/assignments/media-types/"
MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")
#: Media types given as formats that docs/mapping.md (format-to-eu-file-type) names with their code.
_DOCUMENTED_FORMATS = {"application/sparql-query": "SPARQLQ"}
EUVOC_CODIFICATION = URIRef("http://publications.europa.eu/ontology/euvoc#xlCodification")


@cache
def file_types() -> dict[str, str]:
    """EU file-type table: code, English label and IANA media type (case-folded) → the code's IRI."""
    g = Graph().parse(conformance("dcat-ap-shacl", "vocabularies", "eu-file-type-skos-ap-act.ttl"))
    names: dict[str, set[str]] = {}
    for concept in set(g.subjects(SKOS.inScheme, URIRef(EU_FILE_TYPE[:-1]))):
        iri = str(concept)
        for name in [
            iri[len(EU_FILE_TYPE) :],
            *(str(x) for x in g.objects(concept, SKOS.prefLabel) if isinstance(x, Literal) and x.language == "en"),
        ]:
            names.setdefault(name.casefold(), set()).add(iri)
        for notation in g.objects(concept, URIRef("http://publications.europa.eu/ontology/euvoc#xlNotation")):
            kind = str(g.value(notation, DCTERMS.type) or "")
            if kind.endswith("/IANA_MT"):
                names.setdefault(str(g.value(notation, EUVOC_CODIFICATION)).casefold(), set()).add(iri)
    out = {name: iris.pop() for name, iris in names.items() if len(iris) == 1}
    out.update({k: EU_FILE_TYPE + v for k, v in _DOCUMENTED_FORMATS.items()})
    return out


def format_iri(text: str) -> str | None:
    """The EU file-type IRI a format in words names (``CSV``, ``html``, ``application/rdf+xml``), if one."""
    key = text.strip().casefold().lstrip(".")
    table = file_types()
    subtype = key.rsplit("/", 1)[-1] if MEDIA_TYPE.match(key) else None
    for candidate in (key, subtype, subtype.replace("+", "_") if subtype else None):
        if candidate and candidate in table:
            return table[candidate]
    return None


def format_repairs(graph: Graph) -> tuple[dict, set]:
    """``{(distribution, old value): EU IRI}`` for the formats in words, and the format nodes they replace."""
    changes, dropped = {}, set()
    for s, o in graph.subject_objects(DCTERMS.format):
        if isinstance(o, URIRef) and str(o).startswith(EU_FILE_TYPE):
            continue
        named = graph.value(o, RDF.value) or graph.value(o, RDFS.label) if isinstance(o, BNode) else None
        text = (
            str(named)
            if isinstance(named, Literal)
            else str(o).rsplit("/", 1)[-1]
            if isinstance(o, URIRef)
            else str(o)
            if isinstance(o, Literal)
            else None
        )
        iri = format_iri(text) if text else None
        if iri:
            changes[(s, o)] = URIRef(iri)
            if isinstance(o, BNode):
                dropped.add(o)
    return changes, dropped
