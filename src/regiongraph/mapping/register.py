"""Register profile: curated cooperations, recommendations, projects and organisations → RDF.

Each ``map_*`` function takes one record's payload and returns its small graph; the
field ↔ property table is in ``harvesters/register/README.md`` and ``ontology/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, SKOS

from ..harvest import SourceRecord
from ..namespaces import ORG, PREFIXES, RG, SCHEMA
from ._assessment import map_assessment
from ._build import add_code, add_common, add_dates, add_partners, add_text
from ._context import MappingContext

Payload = dict[str, Any]

_PROJECT_CLASSES = {
    "project": (SCHEMA.Project,),
    "cooperation": (SCHEMA.Project, RG.Cooperation, ORG.OrganizationalCollaboration, ORG.Organization),
    "programme": (SCHEMA.FundingScheme,),
    "office": (ORG.OrganizationalUnit, ORG.Organization),
    "solution": (RG.Solution, SCHEMA.CreativeWork),
    "portal": (DCAT.Catalog,),
    "strategy": (RG.Strategy, PROV.Plan),
}


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def _start(iri: str, classes: tuple[URIRef, ...], payload: Payload, ctx: MappingContext) -> tuple[URIRef, Graph]:
    """A graph with the typed subject and what every record has (label, status, field, source)."""
    g = _graph()
    s = URIRef(iri)
    for cls in classes:
        g.add((s, RDF.type, cls))
    add_common(g, s, payload, ctx)
    return s, g


def _texts(g: Graph, s: URIRef, payload: Payload, fields: dict[str, URIRef], lang: str | None = "de") -> None:
    for key, prop in fields.items():
        add_text(g, s, prop, payload.get(key), lang=lang)


def map_cooperation(payload: Payload, ctx: MappingContext) -> tuple[URIRef, Graph]:
    """A row of a cooperation table → rg:Cooperation with memberships, legal form and dates."""
    s, g = _start(
        ctx.minter.entity("cooperation", payload["id"]),
        (RG.Cooperation, ORG.OrganizationalCollaboration, ORG.Organization),
        payload,
        ctx,
    )
    _texts(g, s, payload, {"table": RG.table, "number": RG.number, "org_unit": RG.orgUnit}, lang=None)
    _texts(
        g,
        s,
        payload,
        {"partners_text": RG.partnersText, "performer_text": RG.performerText, "legal_form_text": RG.legalFormText},
    )
    add_code(g, s, ORG.classification, "legal-form", payload.get("legal_form"))
    add_dates(g, s, payload)
    add_partners(g, s, payload, ctx)
    return s, g


def map_recommendation(payload: Payload, ctx: MappingContext) -> tuple[URIRef, Graph]:
    """A 2010 cooperation recommendation and what became of it."""
    s, g = _start(ctx.minter.entity("recommendation", payload["id"]), (RG.Recommendation, PROV.Plan), payload, ctx)
    _texts(g, s, payload, {"number": RG.number}, lang=None)
    _texts(
        g,
        s,
        payload,
        {
            "short_title": DCTERMS.alternative,
            "field_text": RG.fieldText,
            "agreement_text": RG.agreementText,
            "outcome_text": RG.outcomeText,
        },
    )
    add_code(g, s, RG.outcome, "outcome", payload.get("outcome"))
    for target in payload.get("results_in", []) or []:
        g.add((s, RG.resultsIn, URIRef(ctx.minter.entity("cooperation", str(target)))))
    add_dates(g, s, payload)
    add_partners(g, s, payload, ctx)
    return s, g


def map_project(payload: Payload, ctx: MappingContext) -> tuple[URIRef, Graph]:
    """A smart-city project, programme, office, solution, portal or strategy."""
    classes = _PROJECT_CLASSES.get(payload.get("kind", "project"), (SCHEMA.Project,))
    s, g = _start(ctx.minter.entity("project", payload["id"]), classes, payload, ctx)
    _texts(g, s, payload, {"title": SCHEMA.name, "description": DCTERMS.description})
    for alt in payload.get("alt_titles", []) or []:
        add_text(g, s, SCHEMA.alternateName, alt)
    if payload.get("homepage"):
        g.add((s, FOAF.homepage, URIRef(str(payload["homepage"]))))
    _add_links(g, s, payload, ctx)
    _add_funding(g, s, payload, ctx)
    add_dates(g, s, payload)
    add_partners(g, s, payload, ctx)
    return s, g


def map_organisation(payload: Payload, ctx: MappingContext) -> tuple[URIRef, Graph]:
    """A non-territorial organisation: company, association, agency, ministry, …"""
    s, g = _start(ctx.minter.organisation(payload["id"]), (ORG.Organization, ORG.FormalOrganization), payload, ctx)
    _texts(g, s, payload, {"name": SKOS.prefLabel, "legal_form_text": RG.legalFormText})
    for name in payload.get("names", []) or []:
        add_text(g, s, SKOS.altLabel, name)
    add_code(g, s, ORG.classification, "organisation-kind", payload.get("kind"))
    seat = payload.get("seat")
    if seat:
        iri = ctx.resolve(str(seat))
        g.add((s, SCHEMA.location, URIRef(iri) if iri else Literal(str(seat))))
    return s, g


def _add_links(g: Graph, s: URIRef, payload: Payload, ctx: MappingContext) -> None:
    for target in payload.get("part_of", []) or []:
        g.add((s, DCTERMS.isPartOf, URIRef(ctx.minter.entity("project", str(target)))))
    for target in payload.get("reuses", []) or []:
        g.add((s, RG.reuses, URIRef(ctx.minter.entity("project", str(target)))))
    if payload.get("revises"):  # the same project described by an earlier document
        g.add((s, PROV.wasRevisionOf, URIRef(ctx.minter.entity("project", str(payload["revises"])))))
    operator = payload.get("operated_by")
    if operator:
        iri = ctx.resolve(str(operator))
        g.add((s, SCHEMA.provider, URIRef(iri) if iri else Literal(str(operator))))


def _add_funding(g: Graph, s: URIRef, payload: Payload, ctx: MappingContext) -> None:
    funders = payload.get("funders", []) or []
    programme = payload.get("programme")
    if not funders and not programme:
        return
    grant = URIRef(ctx.minter.part(str(s), "grant"))
    g.add((s, SCHEMA.funding, grant))
    g.add((grant, RDF.type, SCHEMA.MonetaryGrant))
    g.add((grant, SCHEMA.fundedItem, s))
    if programme:
        g.add((grant, RG.fundingScheme, URIRef(ctx.minter.entity("project", str(programme)))))
    for ref in funders:
        iri = ctx.resolve(str(ref))
        node = URIRef(iri) if iri else Literal(str(ref))
        if iri:
            g.add((node, RDF.type, ORG.Organization))
        g.add((grant, SCHEMA.funder, node))
        g.add((s, SCHEMA.funder, node))


#: record kind → profile; the pipeline looks profiles up here.
PROFILES: dict[str, Callable[[Payload, MappingContext], tuple[URIRef, Graph]]] = {
    "cooperation": map_cooperation,
    "recommendation": map_recommendation,
    "project": map_project,
    "organisation": map_organisation,
    "assessment": map_assessment,
}


def map_record(record: SourceRecord, ctx: MappingContext) -> tuple[URIRef, Graph]:
    """Map ``record`` with the profile of its kind."""
    return PROFILES[record.kind](record.payload, ctx)
