"""The structured parts of a CKAN package (``euro_dcat_ap``): dates, coverage, agents, licence, languages.

Each part reads ckanext-dcat 2.x scheming fields first and the legacy extras second (see
:mod:`._fields`); what it changes on the way (a language code made an EU IRI, a licence URL
chosen over an unknown licence id) is recorded as a repair on the record.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from ...iris import slugify
from ...languages import eu_iri
from .._repairs import Repair, record_repair
from ._fields import agent, listed, present, records, scalar
from ._licences import licence_iri
from ._profile import VCARD_KIND, Backward, Forward
from ._terms import DCAT, DCTERMS, FOAF, GSP, LOCN, RDF, RG, SKOS, string_literal
from ._values import date_literal, mailto, safe_iri

#: (field, CKAN fallback field, property)
DATES = (("issued", "metadata_created", DCTERMS.issued), ("modified", "metadata_modified", DCTERMS.modified))
_GEOMETRIES = (("geom", LOCN.geometry), ("bbox", DCAT.bbox), ("centroid", DCAT.centroid))


def add_dates(f: Forward) -> None:
    """``issued`` / ``modified`` (scheming field, extra, ``dcat_`` extra), else CKAN's own timestamps."""
    for key, fallback, prop in DATES:
        value = scalar(f.package, f.extras, key) or f.package.get(fallback)
        f.checked(f.dataset, prop, date_literal(value), key)


def add_languages(f: Forward) -> None:
    """``dcterms:language``: EU authority IRIs; a language code is made its IRI (a recorded repair)."""
    for value in listed(f.package, f.extras, "language"):
        iri, known = safe_iri(value), eu_iri(value)
        if iri is None and known is not None:
            record_repair(f.graph, f.dataset, Repair("language", "language-code-to-eu-iri", value, known))
            iri = URIRef(known)
        f.graph.add((f.dataset, DCTERMS.language, iri if iri is not None else string_literal(value)))


def add_temporal(f: Forward) -> None:
    """``temporal_coverage`` (scheming: a list of ``{start, end}``), else the extras ``temporal_start/_end``."""
    periods = [(r.get("start"), r.get("end")) for r in records(f.package, "temporal_coverage")]
    if not periods and (f.extras.get("temporal_start") or f.extras.get("temporal_end")):
        periods = [(f.extras.get("temporal_start"), f.extras.get("temporal_end"))]
    for index, (start, end) in enumerate(periods):
        period = f.node("temporal" if index == 0 else f"temporal-{index + 1}")
        f.graph.add((f.dataset, DCTERMS.temporal, period))
        f.graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        for key, value, prop in (("temporal_start", start, DCAT.startDate), ("temporal_end", end, DCAT.endDate)):
            f.checked(period, prop, date_literal(value), key)


def add_spatial(f: Forward) -> None:
    """``spatial_coverage`` (scheming: ``{uri, text, geom, bbox, centroid}``), else the extras ``spatial*``."""
    places = records(f.package, "spatial_coverage")
    if not places and f.extras.get("spatial"):
        places = [{"geom": f.extras["spatial"], "text": f.extras.get("spatial_text")}]
    for index, place in enumerate(places):
        geometries = [(prop, place.get(key)) for key, prop in _GEOMETRIES if present(place.get(key))]
        uri = safe_iri(place.get("uri"))
        if uri is not None and not geometries and not present(place.get("text")):
            f.graph.add((f.dataset, DCTERMS.spatial, uri))
            continue
        node = uri or f.node("spatial" if index == 0 else f"spatial-{index + 1}")
        f.graph.add((f.dataset, DCTERMS.spatial, node))
        f.graph.add((node, RDF.type, DCTERMS.Location))
        for prop, value in geometries:
            text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
            literal = Literal(text, datatype=GSP.geoJSONLiteral)
            if prop != LOCN.geometry:  # dcat:bbox / dcat:centroid are literals in DCAT-AP 3
                f.graph.add((node, prop, literal))
                continue
            geometry = f.node("spatial-geometry" if index == 0 else f"spatial-{index + 1}-geometry")
            f.graph.add((node, LOCN.geometry, geometry))  # DCAT-AP 3: locn:geometry is a locn:Geometry node
            f.graph.add((geometry, RDF.type, LOCN.Geometry))
            f.graph.add((geometry, GSP.asGeoJSON, literal))
        if present(place.get("text")):
            f.graph.add((node, SKOS.prefLabel, f.literal(place["text"])))


def geometry_text(b: Backward, place: Node) -> str | None:
    """The text of a place's ``locn:geometry``, given as a literal or as a ``locn:Geometry`` node."""
    found = b.value(place, LOCN.geometry)
    if found is None or isinstance(found, Literal):
        return str(found) if found is not None else None
    return b.text(found, GSP.asGeoJSON) or b.text(found, GSP.asWKT)


def add_publisher(f: Forward, prefix: str = "publisher", prop: URIRef = DCTERMS.publisher) -> None:
    """The scheming ``publisher`` (or ``publisher_*`` extras), else the organisation, as a foaf:Agent."""
    org = f.package.get("organization")
    org = org if isinstance(org, dict) else {}
    found = agent(f.package, f.extras, prefix)
    if prefix == "publisher" and org.get("name"):
        f.graph.add((f.dataset, RG.ckanOrganization, string_literal(str(org["name"]))))
    name = found.get("name") or (org.get("title") or org.get("name") if prefix == "publisher" else None)
    if not name and not found:
        return
    slug = slugify(str(org.get("name") or name or prefix)) or prefix
    minted = (
        URIRef(f.ctx.minter.part(f.ctx.minter.entity("publisher", f.source), slug))
        if prefix == "publisher"
        else f.node(prefix)
    )
    node = safe_iri(found.get("uri")) or safe_iri(found.get("identifier")) or minted
    f.graph.add((f.dataset, prop, node))
    f.graph.add((node, RDF.type, FOAF.Agent))
    if name:
        f.graph.add((node, FOAF.name, string_literal(str(name))))
    email = mailto(found.get("email"))
    if email is not None:
        f.graph.add((node, FOAF.mbox, email))
    for key, term in (("url", FOAF.homepage), ("type", DCTERMS.type)):
        iri = safe_iri(found.get(key))
        if iri is not None:
            f.graph.add((node, term, iri))


def add_contacts(f: Forward) -> None:
    """``contact`` (scheming: a list), else the ``contact_*`` extras, else the maintainer, else the author."""
    contacts = [(c.get("name"), c.get("email")) for c in records(f.package, "contact")]
    if not contacts:
        p, extras = f.package, f.extras
        for name_key, email_key, source in (
            ("contact_name", "contact_email", extras),
            ("maintainer", "maintainer_email", p),
            ("author", "author_email", p),
        ):
            if present(source.get(name_key)) or present(source.get(email_key)):
                contacts = [(source.get(name_key), source.get(email_key))]
                break
    for index, (name, email) in enumerate(contacts):
        f.agent(
            DCAT.contactPoint,
            "contact" if index == 0 else f"contact-{index + 1}",
            VCARD_KIND,
            _scalar(name),
            _scalar(email),
        )


def _scalar(value: Any) -> Any:
    return None if isinstance(value, list | dict) else value


def licence_value(f: Forward) -> str | None:
    """The licence to map: ``license_id`` when it is a known licence, else a known ``license`` /
    ``license_url``, else a ``license_url`` that is an IRI (it wins over an unknown id), else what there is."""
    p = f.package
    lid, top, url = (scalar(p, {}, key) for key in ("license_id", "license", "license_url"))
    for value in (lid, top, url):
        if value and licence_iri(value) is not None:
            if value is not lid and lid:
                record_repair(f.graph, f.dataset, Repair("license_id", "licence-from-license-url", lid, value))
            return value
    if url and safe_iri(url) is not None:
        if lid and lid.lower() not in {"notspecified", "none", "license-not-specified"}:
            record_repair(f.graph, f.dataset, Repair("license_id", "licence-from-license-url", lid, url))
        return url
    return lid or top or url
