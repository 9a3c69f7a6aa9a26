"""Fact sheets of towns and organisations, datasets and code-list concepts (see :mod:`._facts`)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from .. import namespaces as ns
from ..namespaces import CODE, sparql_prologue
from ..quality import DIMENSIONS, INDICATORS, MAX_POINTS
from ._places import mini_map
from ._state import WebState
from ._triples import RG, Description

GEO = str(ns.GEO)
_SKOS = str(ns.SKOS)
_METRIC = f"{CODE}quality-metric/"
_DISTRIBUTIONS = (
    sparql_prologue()
    + """SELECT ?x (SAMPLE(?t) AS ?title) (SAMPLE(?f) AS ?format) (SAMPLE(?mt) AS ?media)
  (SAMPLE(?a) AS ?access) (SAMPLE(?dl) AS ?download) (SAMPLE(?li) AS ?licence) (SAMPLE(?b) AS ?bytes) WHERE {
  ?s dcat:distribution ?x . OPTIONAL { ?x dcterms:title ?t } OPTIONAL { ?x dcterms:format ?f }
  OPTIONAL { ?x dcat:mediaType ?mt } OPTIONAL { ?x dcat:accessURL ?a } OPTIONAL { ?x dcat:downloadURL ?dl }
  OPTIONAL { ?x dcterms:license ?li } OPTIONAL { ?x dcat:byteSize ?b } } GROUP BY ?x ORDER BY ?title ?x"""
)
_MEASURES = (
    sparql_prologue()
    + """SELECT ?metric ?v WHERE { ?m dqv:computedOn ?s ; dqv:isMeasurementOf ?metric ;
  dqv:value ?v }"""
)
_CLAIMS = (
    sparql_prologue()
    + """SELECT ?claim ?id ?text ?locator ?concept WHERE {
  ?claim a schema:Claim ; schema:about|dcterms:references ?s ; dcterms:identifier ?id .
  OPTIONAL { ?claim schema:text|dcterms:description ?text } OPTIONAL { ?claim rg:sourceLocator ?locator }
  OPTIONAL { ?claim dcterms:subject ?concept } } ORDER BY ?id LIMIT 200"""
)
_COPIES = (
    sparql_prologue()
    + """SELECT DISTINCT ?src ?id ?modified ?same WHERE {
  { ?r foaf:primaryTopic ?s ; rg:harvestSource ?src ; rg:sourceId ?id OPTIONAL { ?r dcterms:modified ?modified } }
  UNION { ?s owl:sameAs|^owl:sameAs ?same } } ORDER BY ?src ?id"""
)


def _partners_of(web: WebState, iri: str, limit: int = 10) -> tuple[dict | None, list[dict]]:
    """The node's measures and the organisations it shares most records with."""
    g = web.network().graph
    if iri not in g:
        return None, []
    node = dict(g.nodes[iri])
    neighbours = sorted(
        ((g.edges[iri, other], other) for other in g.neighbors(iri)),
        key=lambda pair: (-pair[0]["weight"], g.nodes[pair[1]].get("label") or pair[1]),
    )
    top = [
        {
            "iri": other,
            "label": g.nodes[other].get("label") or other,
            "weight": e["weight"],
            "cooperations": e.get("cooperations", 0),
            "projects": e.get("projects", 0),
        }
        for e, other in neighbours[:limit]
    ]
    node["neighbours"] = g.degree(iri)
    node["communities"] = web.network().measured.communities.get("count")
    return node, top


def _by_role(relations: list[dict]) -> tuple[list[dict], list[dict]]:
    """Records where the organisation performs the task, and those where it is (only) a partner."""
    performs = [r for r in relations if any(role.get("notation") == "performer" for role in r.get("roles", []))]
    partner = [r for r in relations if r not in performs]
    return performs, partner


def organisation(web: WebState, d: Description, item: dict, lang: str) -> dict[str, Any]:
    measures, top = _partners_of(web, d.iri)
    performs, partner = _by_role(item.get("cooperations", []))
    return {
        "measures": measures,
        "top": top,
        "performs": performs,
        "partner_in": partner,
        "map": mini_map(web, [d.iri, *(t["iri"] for t in top)]),
    }


def town(web: WebState, d: Description, item: dict, lang: str) -> dict[str, Any]:
    out = organisation(web, d, item, lang)
    out["figures"] = {
        "area": d.value(RG + "area"),
        "postal_code": d.value(str(ns.SCHEMA.postalCode)),
        "population_date": d.value(RG + "populationDate"),
        "ars": d.value(RG + "ars"),
        "lat": d.value(GEO + "lat"),
        "lon": d.value(GEO + "long"),
        "source": d.value(str(ns.DCTERMS.source)),
    }
    out["claims"] = claims(web.store, d.iri)  # the statements of the Ruhr comparison about the town
    return out


def claims(store, iri: str) -> list[dict]:
    """The statements (Ruhr comparison) about or referring to ``iri``."""
    found: dict[str, dict] = {}
    for row in store.query(_CLAIMS, substitutions={"s": ox.NamedNode(iri)}):
        entry = found.setdefault(
            row["claim"].value,
            {
                "id": row["id"].value,
                "iri": row["claim"].value,
                "text": row["text"].value if row["text"] else None,
                "locator": row["locator"].value if row["locator"] else None,
                "concepts": set(),
            },
        )
        if row["concept"] is not None:
            entry["concepts"].add(row["concept"].value)
    return list(found.values())


def _quality(web: WebState, iri: str) -> dict[str, Any] | None:
    values = {
        row["metric"].value.removeprefix(_METRIC): float(row["v"].value)
        for row in web.store.select(_MEASURES, substitutions={"s": ox.NamedNode(iri)})
    }
    if not values:
        return None
    # an indicator without a measurement was met in full (see quality.add_measurements)
    missing = [
        {
            "indicator": i.name,
            "dimension": i.dimension,
            "points": i.points,
            "gain": round(i.points - values.get(i.name, i.points), 2),
        }
        for i in INDICATORS
        if values.get(i.name, i.points) < i.points
    ]
    dims: list[dict[str, Any]] = [
        {"name": dim, "score": values.get(dim, 0.0), "max": MAX_POINTS[dim]} for dim in DIMENSIONS
    ]
    return {
        "score": values.get("score", sum(x["score"] for x in dims)),
        "max": sum(MAX_POINTS.values()),
        "dimensions": dims,
        "fixes": sorted(missing, key=lambda f: (-f["gain"], f["indicator"])),
    }


def dataset(web: WebState, d: Description, item: dict, lang: str) -> dict[str, Any]:
    node = ox.NamedNode(d.iri)
    dists = [
        {
            k: (row[k].value if row[k] is not None else None)
            for k in ("x", "title", "format", "media", "access", "download", "licence", "bytes")
        }
        for row in web.store.select(_DISTRIBUTIONS, substitutions={"s": node})
    ]
    copies, same = [], []
    for row in web.store.select(_COPIES, substitutions={"s": node}):
        if row["same"] is not None:
            same.append(row["same"].value)
        else:
            copies.append(
                {
                    "source": row["src"].value.rstrip("/").rsplit("/", 1)[-1],
                    "id": row["id"].value,
                    "modified": row["modified"].value if row["modified"] else None,
                }
            )
    return {"distributions": dists, "quality": _quality(web, d.iri), "copies": copies, "same": sorted(set(same))}


#: Which lists a concept of a code list filters: scheme → (list, filter parameter).
_FILTERS = {
    "legal-form": (("cooperations", "legal_form"),),
    "status": (("cooperations", "status"), ("projects", "status")),
    "field": (("cooperations", "field"), ("projects", "field")),
    "smart-city-dimension": (("cooperations", "dimension"), ("projects", "dimension")),
    "territory-type": (("organisations", "classification"),),
    "organisation-kind": (("organisations", "classification"),),
}


def concept(web: WebState, d: Description, item: dict, lang: str) -> dict[str, Any]:
    scheme = d.iri[len(str(CODE)) :].split("/", 1)[0] if d.iri.startswith(str(CODE)) else ""
    notation = item.get("notation") or d.iri.rstrip("/").rsplit("/", 1)[-1]
    return {
        "lists": [(name, param, notation) for name, param in _FILTERS.get(scheme, ())],
        "basis": d.value(RG + "legalBasis"),
        "definitions": d.texts(_SKOS + "definition"),
        "labels": d.texts(_SKOS + "prefLabel"),
        "alt": d.texts(_SKOS + "altLabel"),
    }
