"""Building blocks shared by the mapping profiles: dates, provenance, memberships, codes."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..iris import slugify
from ..namespaces import ADMS, ORG, RG, SCHEMA, TIME, code
from ._context import MappingContext

_DATE_TYPES = (
    (re.compile(r"^\d{4}$"), XSD.gYear, TIME.inXSDgYear),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth, TIME.inXSDgYearMonth),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date, TIME.inXSDDate),
)


def typed_date(value: Any) -> tuple[Literal, URIRef]:
    """A typed literal for YYYY, YYYY-MM or YYYY-MM-DD, and the OWL-Time property for it.

    Anything else becomes an ``xsd:date`` literal that SHACL will reject, so a bad date
    quarantines its record instead of vanishing.
    """
    text = str(value).strip()
    for pattern, datatype, time_prop in _DATE_TYPES:
        if pattern.match(text) and _valid(text):
            return Literal(text, datatype=datatype), time_prop
    return Literal(text), TIME.inXSDDate


def _valid(text: str) -> bool:
    """Month and day exist (the pattern has checked the shape)."""
    try:
        date.fromisoformat(text + {4: "-01-01", 7: "-01"}.get(len(text), ""))
    except ValueError:
        return False
    return True


def add_text(g: Graph, s: URIRef, p: URIRef, value: Any, lang: str | None = "de") -> None:
    """Add a literal if ``value`` is a non-empty string."""
    if value is not None and str(value).strip() != "":
        g.add((s, p, Literal(str(value), lang=lang)))


def add_code(g: Graph, s: URIRef, p: URIRef, scheme: str, notation: Any) -> None:
    if notation:
        g.add((s, p, URIRef(code(scheme, str(notation)))))


def add_dates(g: Graph, s: URIRef, payload: dict[str, Any]) -> None:
    """Start and end as printed and, where given, typed."""
    add_text(g, s, RG.startText, payload.get("start_text"))
    add_text(g, s, RG.endText, payload.get("end_text"))
    for key, prop in (("start", SCHEMA.startDate), ("end", SCHEMA.endDate)):
        if payload.get(key):
            g.add((s, prop, typed_date(payload[key])[0]))


def add_provenance(g: Graph, s: URIRef, payload: dict[str, Any], ctx: MappingContext) -> None:
    """Source document, locator, the date whose state the record describes, and doubts."""
    doc = URIRef(ctx.minter.document(payload["source_file"]))
    g.add((s, PROV.wasDerivedFrom, doc))
    g.add((doc, RDF.type, RG.SourceDocument))
    add_text(g, doc, DCTERMS.title, payload.get("source_title"))
    add_text(g, doc, DCTERMS.publisher, payload.get("source_publisher"))
    g.add((doc, DCTERMS.identifier, Literal(payload["source_file"])))
    if payload.get("source_date"):
        date = typed_date(payload["source_date"])[0]
        g.add((doc, DCTERMS.date, date))
        g.add((s, RG.stateAsOf, date))
    add_text(g, s, RG.sourceLocator, payload.get("locator"), lang=None)
    for doubt in payload.get("doubts", []) or []:
        add_text(g, s, RG.doubt, doubt)


def add_common(g: Graph, s: URIRef, payload: dict[str, Any], ctx: MappingContext) -> None:
    """Label, status, thematic field, smart-city dimensions and provenance."""
    title = payload.get("title") or payload.get("name") or payload["id"]
    add_text(g, s, DCTERMS.title, title)
    add_text(g, s, RDFS.label, title)
    g.add((s, DCTERMS.identifier, Literal(payload["id"])))
    add_code(g, s, ADMS.status, "status", payload.get("status"))
    add_code(g, s, ORG.purpose, "field", payload.get("field"))
    for dimension in payload.get("dimensions", []) or []:
        add_code(g, s, ORG.purpose, "smart-city-dimension", dimension)
    add_provenance(g, s, payload, ctx)


def add_member(
    g: Graph, coop: URIRef, ref: str, role: str, ctx: MappingContext, entry: dict[str, Any] | None = None
) -> None:
    """One org:Membership of ``ref`` in ``coop``; an unresolvable name stays visible for SHACL."""
    entry = entry or {}
    m = URIRef(ctx.minter.part(str(coop), "membership", f"{slugify(ref)}-{role}"))
    g.add((coop, ORG.hasMembership, m))
    g.add((m, RDF.type, ORG.Membership))
    g.add((m, ORG.organization, coop))
    g.add((m, ORG.role, URIRef(code("role", role))))
    g.add((m, RG.partnerText, Literal(ref)))
    g.add((m, ORG.member, _member_node(g, ref, ctx)))
    add_text(g, m, SKOS.note, entry.get("note"))
    add_text(g, m, RG.startText, entry.get("start_text"))
    if entry.get("start") or entry.get("end"):
        _add_interval(g, m, entry)


def _member_node(g: Graph, ref: str, ctx: MappingContext) -> URIRef | BNode:
    iri = ctx.resolve(ref)
    if iri is None:
        node = BNode()
        g.add((node, RDFS.label, Literal(ref)))
        g.add((node, RG.doubt, Literal(ctx.explain(ref), lang="en")))
        return node
    member = URIRef(iri)
    g.add((member, RDF.type, ORG.Organization))
    return member


def _add_interval(g: Graph, m: URIRef, entry: dict[str, Any]) -> None:
    interval = URIRef(str(m) + "/during")
    g.add((m, ORG.memberDuring, interval))
    g.add((interval, RDF.type, TIME.Interval))
    for key, prop in (("start", TIME.hasBeginning), ("end", TIME.hasEnd)):
        if entry.get(key):
            instant = URIRef(f"{interval}/{key}")
            literal, time_prop = typed_date(entry[key])
            g.add((interval, prop, instant))
            g.add((instant, RDF.type, TIME.Instant))
            g.add((instant, time_prop, literal))


def add_partners(g: Graph, s: URIRef, payload: dict[str, Any], ctx: MappingContext) -> None:
    """Partners with their roles, then the performers of the task."""
    for entry in payload.get("partners", []) or []:
        add_member(g, s, str(entry["ref"]), str(entry.get("role", "member")), ctx, entry)
    for ref in payload.get("performers", []) or []:
        add_member(g, s, str(ref), "performer", ctx)
