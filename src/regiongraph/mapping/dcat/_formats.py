"""CKAN resource formats → EU file-type IRIs, and media types → IANA IRIs (and back)."""

from __future__ import annotations

import re

from ...namespaces import EUFILETYPE, IANA

#: CKAN format (case-folded, as portals spell it) → (EU file-type code, the label written back).
_FORMATS: dict[str, tuple[str, str]] = {}
for _code, _label, *_aliases in (
    ("CSV", "CSV", "text/csv"),
    ("XLSX", "XLSX", "excel", "ms excel"),
    ("XLS", "XLS"),
    ("ODS", "ODS"),
    ("PDF", "PDF"),
    ("JSON", "JSON"),
    ("GEOJSON", "GeoJSON"),
    ("XML", "XML"),
    ("HTML", "HTML", "htm", "website"),
    ("ZIP", "ZIP"),
    ("TXT", "TXT", "text"),
    ("RDF", "RDF"),
    ("RDF_XML", "RDF/XML", "rdf+xml"),
    ("RDF_TURTLE", "Turtle", "ttl", "turtle"),
    ("JSON_LD", "JSON-LD", "jsonld"),
    ("SHP", "SHP", "shapefile", "esri shapefile"),
    ("KML", "KML"),
    ("KMZ", "KMZ"),
    ("GML", "GML"),
    ("GPKG", "GeoPackage", "gpkg"),
    ("WMS_SRVC", "WMS"),
    ("WFS_SRVC", "WFS"),
    ("ATOM", "ATOM", "atom feed"),
    ("RSS", "RSS"),
    ("DOCX", "DOCX"),
    ("DOC", "DOC"),
    ("ODT", "ODT"),
    ("JPEG", "JPEG", "jpg"),
    ("PNG", "PNG"),
    ("TIFF", "TIFF", "tif", "geotiff"),
    ("GTFS", "GTFS"),
    ("SPARQLQ", "SPARQL", "sparql", "sparql-query"),
    ("XSD", "XSD"),
    ("ICS", "ICS", "ical"),
):
    for _name in (_code, _label, *_aliases):
        _FORMATS[_name.casefold()] = (_code, _label)
_LABELS = {code: label for code, label in _FORMATS.values()}
_MEDIA = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


def format_iri(value: str | None) -> str | None:
    """EU file-type IRI of a CKAN format ("csv", "GeoJSON", "WMS", "text/csv"), ``None`` if not listed."""
    if not value or not value.strip():
        return None
    text = value.strip().casefold().lstrip(".")
    hit = _FORMATS.get(text)
    return f"{EUFILETYPE}{hit[0]}" if hit else None


def format_label(iri: str) -> str | None:
    """The CKAN format written back for an EU file-type IRI."""
    if not iri.startswith(str(EUFILETYPE)):
        return None
    code = iri[len(str(EUFILETYPE)) :]
    return _LABELS.get(code, code)


def media_type_iri(value: str | None) -> str | None:
    """IANA IRI of a media type ("text/csv; charset=utf-8" → …/text/csv), ``None`` if not one."""
    if not value:
        return None
    text = value.split(";", 1)[0].strip().lower()
    return f"{IANA}{text}" if _MEDIA.match(text) else None


def media_type_of(iri: str) -> str | None:
    """The media type of an IANA IRI (the mirror of :func:`media_type_iri`)."""
    for prefix in (str(IANA), "http://www.iana.org/assignments/media-types/"):
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return None
