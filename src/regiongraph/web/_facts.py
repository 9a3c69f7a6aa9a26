"""Fact sheets of the entities at ``/id/…``: which kind of sheet an entity gets, and the data it shows.

The entity's own triples (already read by the Linked Data route) give what is printed on the
record — start as printed, doubts, dated memberships; the REST service's detail gives the related
entities with their labels (the same answer as ``/api/v1/<resource>/<id>``); a few small queries add
the legal basis of the legal form, the source document and, for towns, the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from .. import namespaces as ns
from ..api.linked_data import labels
from ..api.rest import RESOURCES
from ..namespaces import code, sparql_prologue
from ._facts_more import claims, concept, dataset, organisation, town
from ._places import mini_map
from ._state import WebState
from ._triples import RG, Description

SCHEMA, SKOS = str(ns.SCHEMA), str(ns.SKOS)
ROLE_ORDER = ("lead", "performer", "member", "associate")
_PROJECT_TYPES = {
    SCHEMA + "Project",
    SCHEMA + "FundingScheme",
    RG + "Solution",
    RG + "Strategy",
    str(ns.ORG.OrganizationalUnit),
    str(ns.DCAT.Catalog),
}
_SCHEMES = {"field": "fields", "smart-city-dimension": "dimensions", "legal-form": "legal-forms"}
_CONCEPT = (
    sparql_prologue()
    + """SELECT ?basis ?def WHERE { OPTIONAL { ?s rg:legalBasis ?basis }
  OPTIONAL { ?s skos:definition ?def FILTER(LANG(?def) = ?lang) } }"""
)
# A document is described in every record graph that cites it: DISTINCT first, or the optionals multiply.
_DOCUMENT = (
    sparql_prologue()
    + """SELECT DISTINCT ?p ?o WHERE {
  VALUES ?p { dcterms:title dcterms:date dcterms:publisher } ?s ?p ?o }"""
)
_FUNDED = (
    sparql_prologue()
    + """SELECT ?p (SAMPLE(?l) AS ?label)
  (GROUP_CONCAT(DISTINCT STR(?f); separator=" ") AS ?funders) WHERE { ?g rg:fundingScheme ?s ; schema:fundedItem ?p .
  OPTIONAL { ?p rdfs:label ?l } OPTIONAL { ?g schema:funder ?f } } GROUP BY ?p ORDER BY ?label"""
)
_FUNDING = (
    sparql_prologue()
    + """SELECT ?scheme ?schemeLabel ?funder ?funderLabel WHERE {
  ?s schema:funding ?g . OPTIONAL { ?g rg:fundingScheme ?scheme OPTIONAL { ?scheme rdfs:label ?schemeLabel } }
  OPTIONAL { ?g schema:funder ?funder OPTIONAL { ?funder rdfs:label ?funderLabel } } }"""
)


@dataclass
class Sheet:
    """A fact sheet: its template, title and everything it shows."""

    kind: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)


def kind_of(types: set[str], iri: str, base: str) -> str:
    """Which sheet an entity gets, by its types."""
    if RG + "Cooperation" in types:
        return "cooperation"
    if types & _PROJECT_TYPES:
        return "project"
    if RG + "TerritorialBody" in types:
        return "town"
    if str(ns.ORG.FormalOrganization) in types:
        return "organisation"
    if str(ns.DCAT.Dataset) in types:
        return "dataset"
    if SKOS + "Concept" in types:
        return "concept"
    return "entity"


def _concept_resource(iri: str) -> str | None:
    for scheme, resource in _SCHEMES.items():
        if iri.startswith(code(scheme, "")):
            return resource
    return None


def sheet(web: WebState, iri: str, triples: list[ox.Triple], lang: str) -> Sheet:
    """The fact sheet of ``iri`` (blocking: on a query thread)."""
    d = Description(iri, triples)
    kind = kind_of(d.types(), iri, web.settings.base_iri)
    node = ox.NamedNode(iri)
    rest = web.rest
    resource = {
        "cooperation": "cooperations",
        "project": "projects",
        "town": "organisations",
        "organisation": "organisations",
        "dataset": "datasets",
    }.get(kind) or _concept_resource(iri)
    item = rest.detail_of(RESOURCES[resource], node) if resource else None
    if item is None and kind == "concept":
        item = {"notation": d.value(SKOS + "notation"), "title": _own_label(d)}
    elif item is None and kind != "entity":
        kind = "entity"
    builder = _BUILDERS.get(kind)
    data: dict[str, Any] = {"item": item or {}, "d": d}
    if builder is not None:
        data.update(builder(web, d, item or {}, lang))
    else:
        data.update(_generic(web, d))
    title = (item or {}).get("title") or _own_label(d) or iri
    return Sheet(kind, title, data)


def _own_label(d: Description) -> str | None:
    for p in (str(ns.RDFS.label), SKOS + "prefLabel", str(ns.DCTERMS.title), SCHEMA + "name"):
        texts = d.texts(p)
        if texts:
            return next((t.value for t in texts if t.lang == "de"), texts[0].value)
    return None


def _first(store, query: str, names: tuple[str, ...], **bound) -> dict[str, str | None]:
    for row in store.query(query, substitutions=bound):
        return {n: (row[n].value if row[n] is not None else None) for n in names}
    return dict.fromkeys(names)


def _document(store, iri: str) -> dict[str, str]:
    """Title, date and publisher of a source document."""
    found: dict[str, str] = {}
    for row in store.query(_DOCUMENT, substitutions={"s": ox.NamedNode(iri)}):
        found.setdefault(row["p"].value.rsplit("/", 1)[-1], row["o"].value)
    return found


def roles_sorted(roles: set[str]) -> list[str]:
    names = {r.rstrip("/").rsplit("/", 1)[-1] for r in roles}
    return [r for r in ROLE_ORDER if r in names] + sorted(names - set(ROLE_ORDER))


def _record(web: WebState, d: Description, item: dict, lang: str) -> dict[str, Any]:
    """What cooperations and projects share: partners with roles and dates, source, doubts, map."""
    store = web.store
    names = {p["id"]: p["label"] for p in item.get("memberships", [])}
    partners = sorted(
        (
            {
                **p,
                "label": names.get(p["iri"]) or p["iri"],
                "roles": roles_sorted(p["roles"]),
                "printed": sorted(p["printed"]),
            }
            for p in d.partners()
        ),
        key=lambda p: (
            ROLE_ORDER.index(p["roles"][0]) if p["roles"] and p["roles"][0] in ROLE_ORDER else 9,
            p["label"],
        ),
    )
    source = item.get("source") or {}
    # many records cite one document: its description is read once per snapshot, not once per sheet
    document = web.kept(("document", source["id"]), lambda: _document(store, source["id"])) if source.get("id") else {}
    return {
        "partners": partners,
        "document": document,
        "doubts": d.texts(RG + "doubt"),
        "start_text": d.value(RG + "startText"),
        "end_text": d.value(RG + "endText"),
        "partners_text": d.value(RG + "partnersText"),
        "performer_text": d.value(RG + "performerText"),
        "map": mini_map(web, [p["iri"] for p in partners]),
        "claims": claims(store, d.iri),
        "funding": _funding(store, d.iri),
    }


def _cooperation(web: WebState, d: Description, item: dict, lang: str) -> dict[str, Any]:
    out = _record(web, d, item, lang)
    legal = item.get("legal_form") or {}
    if legal.get("id"):  # a handful of legal forms, each shown on many sheets: read once per snapshot
        out["legal"] = web.kept(
            ("legal-form", legal["id"], lang),
            lambda: _first(web.store, _CONCEPT, ("basis", "def"), s=ox.NamedNode(legal["id"]), lang=ox.Literal(lang)),
        )
    out["place"] = _place_in_network(web, [p["iri"] for p in out["partners"]], item.get("identifier"))
    return out


def _project(web: WebState, d: Description, item: dict, lang: str) -> dict[str, Any]:
    out = _record(web, d, item, lang)
    if SCHEMA + "FundingScheme" in d.types():
        funded = []
        for row in web.store.select(_FUNDED, substitutions={"s": ox.NamedNode(d.iri)}):
            funded.append(
                {
                    "id": row["p"].value,
                    "label": row["label"].value if row["label"] else row["p"].value,
                    "funders": row["funders"].value.split() if row["funders"] else [],
                }
            )
        out["funded"] = funded
    out["place"] = _place_in_network(web, [p["iri"] for p in out["partners"]], item.get("identifier"))
    return out


def _funding(store, iri: str) -> list[dict]:
    out = []
    for row in store.query(_FUNDING, substitutions={"s": ox.NamedNode(iri)}):
        out.append(
            {
                k: (row[k].value if row[k] is not None else None)
                for k in ("scheme", "schemeLabel", "funder", "funderLabel")
            }
        )
    return out


def _place_in_network(web: WebState, partners: list[str], record_id: str | None) -> list[dict]:
    """The partners' measures in the whole network: who brokers, how connected."""
    graph = web.network().graph
    rows = []
    for iri in partners:
        if iri in graph:
            attrs = graph.nodes[iri]
            rows.append(
                {
                    "iri": iri,
                    "label": attrs.get("label") or iri,
                    "degree": graph.degree(iri),
                    "weighted": attrs.get("weighted_degree"),
                    "betweenness": attrs.get("betweenness"),
                    "community": attrs.get("community"),
                }
            )
    return sorted(rows, key=lambda r: -(r["betweenness"] or 0))


def _generic(web: WebState, d: Description) -> dict[str, Any]:
    terms = {t.predicate.value for t in d.triples} | {
        t.object.value for t in d.triples if isinstance(t.object, ox.NamedNode)
    }
    return {"names": labels(web.store, terms)}


_BUILDERS = {
    "cooperation": _cooperation,
    "project": _project,
    "town": town,
    "organisation": organisation,
    "dataset": dataset,
    "concept": concept,
}
