"""What is in the store: records per source and status, why records are quarantined, which are stale, what was repaired.

A stale record is published in its last valid version while a newer one waits in quarantine
(``rg:staleSince``, ``rg:pendingVersion``). A repair is the trace a mapping records on a
dataset when it changes a source value (``rg:repair``, see :mod:`regiongraph.mapping._repairs`).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from ..store import GraphStore
from ..validate import message

_PREFIXES = (
    "PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX adms: <http://www.w3.org/ns/adms#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX sh: <http://www.w3.org/ns/shacl#> "
    "PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
)


def store_status(store: GraphStore) -> dict[str, Any]:
    """Counts by source and record status, plus every quarantined record with its first reason."""
    counts = store.query(_PREFIXES + """
        SELECT ?src ?status (COUNT(?r) AS ?n) WHERE { ?r rg:harvestSource ?src ; adms:status ?status }
        GROUP BY ?src ?status ORDER BY ?src ?status""")
    records = [{"source": _tail(r["src"].value), "status": _tail(r["status"].value), "count": int(r["n"].value)}
               for r in counts]
    return {"quads": store.count_quads(), "records": records, "quarantined": quarantined(store),
            "stale": stale_records(store), "repairs": repair_counts(store)}


def quarantined(store: GraphStore) -> list[dict[str, str]]:
    """Quarantined records: source, id and the messages of their SHACL reports (field, fix, value found)."""
    rows = store.query(_PREFIXES + """
        SELECT ?src ?id ?path ?msg ?v ?focus ?c WHERE {
          ?r adms:status <https://w3id.org/regiongraph/code/record-status/quarantined> ;
             rg:harvestSource ?src ; rg:sourceId ?id .
          OPTIONAL { ?r rg:validationReport/sh:result ?res . ?res sh:resultMessage ?msg ; sh:resultSeverity ?sev
                     FILTER (?sev = sh:Violation)
                     OPTIONAL { ?res sh:resultPath ?path } OPTIONAL { ?res sh:value ?v }
                     OPTIONAL { ?res sh:focusNode ?focus } }
          OPTIONAL { ?r rdfs:comment ?c }
        } ORDER BY ?src ?id""")
    reasons: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        key = (_tail(r["src"].value), r["id"].value)
        found = reasons.setdefault(key, set())
        if r["msg"] is not None:
            found.add(message(_rdf(r["path"]), r["msg"].value, _rdf(r["v"]), focus=_rdf(r["focus"])))
        elif r["c"] is not None:
            found.add(r["c"].value)
    return [{"source": src, "id": rid, "reason": " | ".join(sorted(found))} for (src, rid), found in reasons.items()]


def _rdf(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> Node | None:
    """A pyoxigraph term as rdflib's, for :func:`regiongraph.validate.message`."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        return Literal(term.value)
    return None


def stale_records(store: GraphStore, source: str | None = None) -> list[dict[str, str]]:
    """Published records kept while their new version is quarantined: since when, the pending version, why."""
    rows = store.query(_PREFIXES + """
        SELECT ?src ?id ?since ?pending (GROUP_CONCAT(DISTINCT ?msg; SEPARATOR=" | ") AS ?reason) WHERE {
          ?r rg:harvestSource ?src ; rg:sourceId ?id ; rg:staleSince ?since ; rg:pendingVersion ?pending .
          OPTIONAL { ?pending rg:validationReport/sh:result/sh:resultMessage ?rm }
          OPTIONAL { ?pending rdfs:comment ?c }
          BIND (STR(COALESCE(?rm, ?c)) AS ?msg)
        } GROUP BY ?src ?id ?since ?pending ORDER BY ?src ?id""")
    out = [{"source": _tail(r["src"].value), "id": r["id"].value, "since": r["since"].value,
            "pending": r["pending"].value, "reason": r["reason"].value if r["reason"] else ""} for r in rows]
    return [s for s in out if source is None or s["source"] == source]


def repairs(store: GraphStore, source: str | None = None) -> list[dict[str, str]]:
    """Every repair recorded on a published record: source, id, field, rule, from and to."""
    rows = store.query(_PREFIXES + """
        SELECT ?src ?id ?field ?rule ?from ?to WHERE { GRAPH ?g {
          ?r rg:harvestSource ?src ; rg:sourceId ?id ; foaf:primaryTopic ?d .
          ?d rg:repair ?x . ?x rg:repairedField ?field ; rg:repairRule ?rule ; rg:repairedFrom ?from ;
             rg:repairedTo ?to } } ORDER BY ?src ?id ?field ?rule ?from""")
    found = [{"source": _tail(r["src"].value), "id": r["id"].value, "field": r["field"].value,
              "rule": r["rule"].value, "from": r["from"].value, "to": r["to"].value} for r in rows]
    return [f for f in found if source is None or f["source"] == source]


def repair_counts(store: GraphStore) -> dict[str, int]:
    """Repairs per source."""
    counts: dict[str, int] = {}
    for found in repairs(store):
        counts[found["source"]] = counts.get(found["source"], 0) + 1
    return counts


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]
