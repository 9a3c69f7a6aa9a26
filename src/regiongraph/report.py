"""What is in the store: records per source and status, and why records are quarantined."""

from __future__ import annotations

from typing import Any

from .store import GraphStore

_PREFIXES = (
    "PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX adms: <http://www.w3.org/ns/adms#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX sh: <http://www.w3.org/ns/shacl#> "
)


def store_status(store: GraphStore) -> dict[str, Any]:
    """Counts by source and record status, plus every quarantined record with its first reason."""
    counts = store.query(_PREFIXES + """
        SELECT ?src ?status (COUNT(?r) AS ?n) WHERE { ?r rg:harvestSource ?src ; adms:status ?status }
        GROUP BY ?src ?status ORDER BY ?src ?status""")
    records = [{"source": _tail(r["src"].value), "status": _tail(r["status"].value), "count": int(r["n"].value)}
               for r in counts]
    return {"quads": store.count_quads(), "records": records, "quarantined": quarantined(store)}


def quarantined(store: GraphStore) -> list[dict[str, str]]:
    """Quarantined records: source, id and the messages of their SHACL reports."""
    rows = store.query(_PREFIXES + """
        SELECT ?src ?id (GROUP_CONCAT(DISTINCT ?msg; SEPARATOR=" | ") AS ?reason) WHERE {
          ?r adms:status <https://w3id.org/regiongraph/code/record-status/quarantined> ;
             rg:harvestSource ?src ; rg:sourceId ?id .
          OPTIONAL { ?r rg:validationReport/sh:result ?res . ?res sh:resultMessage ?rm .
                     OPTIONAL { ?res sh:value ?v FILTER (isLiteral(?v)) }
                     BIND (IF(BOUND(?v), CONCAT(STR(?rm), " (value: ", STR(?v), ")"), STR(?rm)) AS ?m) }
          OPTIONAL { ?r rdfs:comment ?c }
          BIND (COALESCE(?m, ?c) AS ?msg)
        } GROUP BY ?src ?id ORDER BY ?src ?id""")
    return [{"source": _tail(r["src"].value), "id": r["id"].value,
             "reason": r["reason"].value if r["reason"] else ""} for r in rows]


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]
