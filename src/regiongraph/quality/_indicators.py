"""The indicators of the EU Metadata Quality Assessment (data.europa.eu MQA) and how one dataset scores on them.

Points per indicator are the MQA's. Distribution indicators score their points times the share of
distributions that have the property, as the MQA does. Two MQA indicators need live URL checks
(access URL and download URL answering HTTP 200); RegionGraph harvests without reaching out, so
the access URL's *presence* is scored instead of its accessibility and the download URL's
accessibility (30 points) is not measured: the maximum here is 375 of the MQA's 405 points.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS
from rdflib.term import Node

from ..namespaces import DCATDE_LICENCE, EUACCESS, EUFILETYPE, EUTHEME, IANA
from ..recordgraph import properties

DIMENSIONS = ("findability", "accessibility", "interoperability", "reusability", "contextuality")
_THEMES = str(EUTHEME)
_LICENCES = str(DCATDE_LICENCE)
_ACCESS_RIGHTS = str(EUACCESS)
_IANA = (str(IANA), "http://www.iana.org/assignments/media-types/")
#: EU file types that are open (non-proprietary) and that machines can read (the MQA's lists, abridged).
NON_PROPRIETARY = frozenset(
    {
        "CSV",
        "JSON",
        "GEOJSON",
        "XML",
        "RDF",
        "RDF_XML",
        "RDF_TURTLE",
        "JSON_LD",
        "ODS",
        "ODT",
        "TXT",
        "HTML",
        "GML",
        "KML",
        "GPKG",
        "ATOM",
        "RSS",
        "ICS",
        "PNG",
        "GTFS",
        "ZIP",
        "XSD",
        "SPARQLQ",
        "WMS_SRVC",
        "WFS_SRVC",
        "TIFF",
    }
)
MACHINE_READABLE = frozenset(
    {
        "CSV",
        "JSON",
        "GEOJSON",
        "XML",
        "RDF",
        "RDF_XML",
        "RDF_TURTLE",
        "JSON_LD",
        "XLSX",
        "XLS",
        "ODS",
        "GML",
        "KML",
        "KMZ",
        "SHP",
        "GPKG",
        "WFS_SRVC",
        "ATOM",
        "RSS",
        "GTFS",
        "ICS",
        "SPARQLQ",
    }
)

#: The properties of one node (predicate → its objects), read from the graph once per node.
Facts = Mapping[Node, list[Node]]
Test = Callable[[Facts], bool]


@dataclass(frozen=True)
class Indicator:
    """One MQA indicator.

    Attributes:
        name: notation in the code list ``code/quality-metric``.
        dimension: one of :data:`DIMENSIONS`.
        points: the MQA's points for it.
        on_distribution: scored per distribution (points × share) instead of per dataset.
        test: whether the dataset (or distribution) node, given by its properties, meets it.
        fix: what a publisher does to meet it (shown with the top fixes).
    """

    name: str
    dimension: str
    points: int
    on_distribution: bool
    test: Test
    fix: str


def _has(prop: URIRef) -> Test:
    return lambda facts: prop in facts


def _iri_from(prop: URIRef, *prefixes: str) -> Test:
    # str(o): rdflib's own startswith takes no tuple of prefixes
    return lambda facts: any(isinstance(o, URIRef) and str(o).startswith(prefixes) for o in facts.get(prop, ()))


def _format_in(codes: frozenset[str]) -> Test:
    prefix = str(EUFILETYPE)
    return lambda facts: any(
        str(o).startswith(prefix) and str(o)[len(prefix) :] in codes for o in facts.get(DCTERMS.format, ())
    )


_EU_FORMAT, _IANA_TYPE = _iri_from(DCTERMS.format, str(EUFILETYPE)), _iri_from(DCAT.mediaType, *_IANA)


def _vocabulary_format(facts: Facts) -> bool:
    return _EU_FORMAT(facts) or _IANA_TYPE(facts)


INDICATORS: tuple[Indicator, ...] = (
    Indicator("keyword", "findability", 30, False, _has(DCAT.keyword), "add keywords (tags)"),
    Indicator("theme", "findability", 30, False, _has(DCAT.theme), "assign an EU data theme (a CKAN group)"),
    Indicator("spatial", "findability", 20, False, _has(DCTERMS.spatial), "state the spatial coverage"),
    Indicator("temporal", "findability", 20, False, _has(DCTERMS.temporal), "state the temporal coverage"),
    Indicator(
        "access-url",
        "accessibility",
        50,
        True,
        _iri_from(DCAT.accessURL, "http", "ftp"),
        "give every resource an absolute URL",
    ),
    Indicator("download-url", "accessibility", 20, True, _has(DCAT.downloadURL), "add download URLs"),
    Indicator("format", "interoperability", 20, True, _has(DCTERMS.format), "state the format of every resource"),
    Indicator("media-type", "interoperability", 10, True, _has(DCAT.mediaType), "state the media type (mimetype)"),
    Indicator(
        "format-vocabulary",
        "interoperability",
        10,
        True,
        _vocabulary_format,
        "use formats of the EU file-type list / IANA media types",
    ),
    Indicator(
        "non-proprietary",
        "interoperability",
        20,
        True,
        _format_in(NON_PROPRIETARY),
        "offer a non-proprietary format (CSV, JSON, GeoJSON …)",
    ),
    Indicator(
        "machine-readable",
        "interoperability",
        20,
        True,
        _format_in(MACHINE_READABLE),
        "offer a machine-readable format instead of PDF / HTML only",
    ),
    Indicator(
        "dcat-ap-compliance",
        "interoperability",
        30,
        False,
        lambda facts: True,
        "fix the SHACL violations of the quarantined records",
    ),
    Indicator("licence", "reusability", 20, True, _has(DCTERMS.license), "state a licence"),
    Indicator(
        "licence-vocabulary",
        "reusability",
        10,
        True,
        _iri_from(DCTERMS.license, _LICENCES),
        "use a licence of the DCAT-AP.de list (dl-by-de/2.0, cc-by/4.0 …)",
    ),
    Indicator("access-rights", "reusability", 10, False, _has(DCTERMS.accessRights), "state the access rights"),
    Indicator(
        "access-rights-vocabulary",
        "reusability",
        5,
        False,
        _iri_from(DCTERMS.accessRights, _ACCESS_RIGHTS),
        "use the EU access-right list for the access rights",
    ),
    Indicator("contact-point", "reusability", 20, False, _has(DCAT.contactPoint), "name a contact (maintainer)"),
    Indicator("publisher", "reusability", 10, False, _has(DCTERMS.publisher), "name the publisher (organisation)"),
    Indicator("rights", "contextuality", 5, True, _has(DCTERMS.rights), "state the rights of the resources"),
    Indicator("byte-size", "contextuality", 5, True, _has(DCAT.byteSize), "state the file sizes"),
    Indicator("issued", "contextuality", 5, False, _has(DCTERMS.issued), "state the date of issue"),
    Indicator("modified", "contextuality", 5, False, _has(DCTERMS.modified), "state the modification date"),
)
BY_NAME = {i.name: i for i in INDICATORS}
MAX_POINTS = {d: sum(i.points for i in INDICATORS if i.dimension == d) for d in DIMENSIONS}


def score(graph: Graph, dataset: Node) -> dict[str, float]:
    """Points the dataset earns on every indicator.

    ``dcat-ap-compliance`` is earned in full: the measurement is stored only with a graph
    that has passed the SHACL gate (a quarantined record's graph is not published); the
    source aggregate counts quarantined records as 0 on it.
    """
    facts = properties(graph, dataset)
    distributions = [properties(graph, d) for d in facts.get(DCAT.distribution, ())]
    out: dict[str, float] = {}
    for ind in INDICATORS:
        if ind.on_distribution:
            share = sum(map(ind.test, distributions)) / len(distributions) if distributions else 0.0
            out[ind.name] = round(ind.points * share, 2)
        else:
            out[ind.name] = float(ind.points) if ind.test(facts) else 0.0
    return out


def dimension_scores(points: dict[str, float]) -> dict[str, float]:
    """Points per dimension from the points per indicator."""
    return {d: round(sum(v for k, v in points.items() if BY_NAME[k].dimension == d), 2) for d in DIMENSIONS}
