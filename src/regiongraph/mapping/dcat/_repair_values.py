"""Repairs of harvested DCAT values whose meaning is certain but whose form DCAT-AP 3 refuses.

Each is recorded with :func:`~regiongraph.mapping._repairs.record_repair` (see docs/mapping.md):

- ``byte-size-integer``: a ``dcat:byteSize`` written as a whole decimal or double (``"6776.0"^^xsd:decimal``,
  as older ckanext-dcat writes every size) → ``"6776"^^xsd:nonNegativeInteger``; the number is the same;
- ``access-rights-code``: ``dcterms:accessRights`` given as one of the EU access-right codes in words
  (``public``, ``restricted``, ``non-public``, any case, ``-``/``_``/space alike) → the code's IRI in
  ``http://publications.europa.eu/resource/authority/access-right/``; other text is left for the gate;
- ``geometry-literal-to-node``: a ``locn:geometry`` given as a literal (GeoJSON, typed as
  ``gsp:geoJSONLiteral`` or the IANA ``application/vnd.geo+json`` media type, or WKT) → a
  ``locn:Geometry`` node carrying the same text as ``gsp:asGeoJSON`` / ``gsp:asWKT``, the form of the
  DCAT-AP 3 shapes (``locn:geometry`` MUST be a blank node or IRI) and of GeoSPARQL;
- ``frequency-word-to-eu-iri``: a ``dcterms:accrualPeriodicity`` in words that name one code of the EU
  frequency table (``monthly``, ``jährlich``, ``ANNUAL_2``, :mod:`._frequencies`) → the code's IRI;
- ``text-to-node``: text where DCAT-AP 3 wants a resource of a known class and the text is its label —
  ``dcterms:accessRights`` (other than the EU codes) → a blank ``dcterms:RightsStatement``,
  ``dcterms:conformsTo`` → a blank ``dcterms:Standard``, ``dcterms:accrualPeriodicity`` (other than the
  table's words) → a blank ``dcterms:Frequency``, each with the text, language kept, as ``rdfs:label``;
- ``tel-iri-without-spaces``: a ``vcard:hasTelephone`` IRI ``tel:`` written with spaces as a number is
  printed (``tel:+49 40 4 28 40 - 3494``, ``%20`` alike) → the same IRI without them (``tel:+494042840-3494``): RFC 3966
  allows no spaces, the digits and separators are the same number (the page parser lets it through).
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ...namespaces import EUACCESS, IANA
from .._repairs import Repair
from ._frequencies import frequency_iri
from ._repair_terms import Repairs
from ._terms import DCAT, DCTERMS, GSP, LOCN, RDF, RDFS, VCARD, XSD

ACCESS_RIGHTS = str(EUACCESS)
_CODES = {"public": "PUBLIC", "restricted": "RESTRICTED", "nonpublic": "NON_PUBLIC"}
_GEOJSON_TYPES = (
    GSP.geoJSONLiteral,
    IANA["application/vnd.geo+json"],
    URIRef("http://www.iana.org/assignments/media-types/application/vnd.geo+json"),
)
_WKT = re.compile(
    r"^\s*(<[^>]+>\s*)?(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|"
    r"GEOMETRYCOLLECTION)\b",
    re.I,
)
#: Properties whose text is the label of a resource DCAT-AP 3 names the class of.
TEXT_NODES = (
    (DCTERMS.accessRights, DCTERMS.RightsStatement),
    (DCTERMS.conformsTo, DCTERMS.Standard),
    (DCTERMS.accrualPeriodicity, DCTERMS.Frequency),
)


def repair_values(g: Graph, repairs: Repairs) -> None:
    """Apply the value repairs to every node of ``g`` (the dataset's description)."""
    _byte_sizes(g, repairs)
    _access_rights(g, repairs)
    _frequencies(g, repairs)
    _text_nodes(g, repairs)
    _geometries(g, repairs)
    _telephones(g, repairs)


def tel_without_spaces(iri: str) -> str | None:
    """``tel:+494042840-3494`` for ``tel:+49 40 4 28 40 - 3494``; ``None`` if not a ``tel:`` IRI with spaces."""
    if not iri.lower().startswith("tel:") or not re.search(r"\s|%20", iri):
        return None
    return re.sub(r"(\s|%20)+", "", iri)  # the harvester's N-Triples carry a space as %20


def _swap(g: Graph, triple: tuple, new: Node, repair: Repair, *, repairs: Repairs) -> None:
    """Replace one value by its repaired form and record the repair: every value repair's last step."""
    g.remove(triple)
    g.add((triple[0], triple[1], new))
    repairs.record(repair)


def _telephones(g: Graph, repairs: Repairs) -> None:
    for s, o in list(g.subject_objects(VCARD.hasTelephone)):
        new = tel_without_spaces(str(o)) if isinstance(o, URIRef) else None
        if new is not None:
            repair = Repair("vcard:hasTelephone", "tel-iri-without-spaces", f"<{o}>", f"<{new}>")
            _swap(g, (s, VCARD.hasTelephone, o), URIRef(new), repair, repairs=repairs)


def _byte_sizes(g: Graph, repairs: Repairs) -> None:
    for s, o in list(g.subject_objects(DCAT.byteSize)):
        if not isinstance(o, Literal) or o.datatype == XSD.nonNegativeInteger:
            continue
        text = str(o).strip()
        if re.fullmatch(r"\d+(\.0*)?|\d+(\.0*)?[eE]\+?\d+", text) and float(text).is_integer():
            new = Literal(int(float(text)), datatype=XSD.nonNegativeInteger)
            repair = Repair("dcat:byteSize", "byte-size-integer", o.n3(), new.n3())
            _swap(g, (s, DCAT.byteSize, o), new, repair, repairs=repairs)


def _access_rights(g: Graph, repairs: Repairs) -> None:
    for s, o in list(g.subject_objects(DCTERMS.accessRights)):
        code = _CODES.get(re.sub(r"[\s_-]", "", str(o)).lower()) if isinstance(o, Literal) else None
        if code is not None:
            iri = URIRef(ACCESS_RIGHTS + code)
            repair = Repair("dcterms:accessRights", "access-rights-code", f'"{o}"', f"<{iri}>")
            _swap(g, (s, DCTERMS.accessRights, o), iri, repair, repairs=repairs)


def _frequencies(g: Graph, repairs: Repairs) -> None:
    for s, o in list(g.subject_objects(DCTERMS.accrualPeriodicity)):
        iri = frequency_iri(str(o)) if isinstance(o, Literal) else None
        if iri is not None:
            repair = Repair("dcterms:accrualPeriodicity", "frequency-word-to-eu-iri", f'"{o}"', f"<{iri}>")
            _swap(g, (s, DCTERMS.accrualPeriodicity, o), URIRef(iri), repair, repairs=repairs)


def _text_nodes(g: Graph, repairs: Repairs) -> None:
    for prop, cls in TEXT_NODES:
        for s, o in list(g.subject_objects(prop)):
            if not isinstance(o, Literal) or not str(o).strip():
                continue
            node = BNode()
            g.remove((s, prop, o))
            g.add((s, prop, node))
            g.add((node, RDF.type, cls))
            g.add((node, RDFS.label, o))
            name = "dcterms:" + str(prop).rsplit("/", 1)[-1]
            klass = "dcterms:" + str(cls).rsplit("/", 1)[-1]
            repairs.record(Repair(name, "text-to-node", o.n3()[:200], f"[ a {klass} ; rdfs:label {o.n3()[:160]} ]"))


def _geometries(g: Graph, repairs: Repairs) -> None:
    for s, o in list(g.subject_objects(LOCN.geometry)):
        if not isinstance(o, Literal):
            continue
        if o.datatype in _GEOJSON_TYPES or (o.datatype in (None, XSD.string) and str(o).lstrip().startswith("{")):
            prop, value = GSP.asGeoJSON, Literal(str(o), datatype=GSP.geoJSONLiteral)
        elif o.datatype == GSP.wktLiteral or (o.datatype in (None, XSD.string) and _WKT.match(str(o))):
            prop, value = GSP.asWKT, Literal(str(o), datatype=GSP.wktLiteral)
        else:
            continue
        node = BNode()
        g.remove((s, LOCN.geometry, o))
        g.add((s, LOCN.geometry, node))
        g.add((node, RDF.type, LOCN.Geometry))
        g.add((node, prop, value))
        short = "gsp:asGeoJSON" if prop == GSP.asGeoJSON else "gsp:asWKT"
        repairs.record(
            Repair(
                "locn:geometry",
                "geometry-literal-to-node",
                o.n3()[:200],
                f"[ a locn:Geometry ; {short} {value.n3()[:160]} ]",
            )
        )
