"""Every read and write of catalog records and harvest runs in the store, and the queries over them.

The pipeline reads what a source holds (:func:`known_records`, :func:`last_cursor`,
:func:`last_shapes`, :func:`copies`, :func:`kept_graphs`) and writes stamps and states in place
(:func:`touch_last_seen`, :func:`withdraw`, :func:`mark_aborted`, :func:`mark_interrupted`); the
record graphs themselves are built by :mod:`._records` and written whole. The ``status`` and
``report`` commands read the rest: records per source and status, why records are quarantined,
which are stale (published in their last valid version while a newer one waits in quarantine,
``rg:staleSince``, ``rg:pendingVersion``), and what the mapping repaired (``rg:repair``, see
:mod:`regiongraph.mapping._repairs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD
from rdflib.term import Node

from .. import ntriples as nt
from ..iris import Minter
from ..namespaces import ADMS, RG, prologue
from ..store import EmbeddedStore, GraphStore
from ..validate import message
from ._records import ABORTED, PUBLISHED, QUARANTINED, RUNNING, WITHDRAWN, pending_iris

_PREFIXES = prologue("rg", "dcterms", "adms", "prov", "foaf", "rdfs", "sh", sep=" ")


#: What marks a kept record stale; rewritten with every pending version (and its last-seen stamp).
_MARKS = (str(RG.staleSince), str(RG.pendingVersion), str(RG.lastSeen))


def kept_graphs(store: GraphStore, minter: Minter, source: str, ids: Iterable[str], now: str) -> dict[str, str]:
    """The record graphs of ``ids`` as stored, marked stale since their first failure, seen ``now``.

    One query for all of them; the caller writes them back beside their pending versions in
    the same transaction, so a crash leaves either the old graphs or both.
    """
    graphs = {minter.graph(source, i): i for i in ids}
    if not graphs:
        return {}
    values = " ".join(nt.iri(g) for g in graphs)
    rows = store.select(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
    lines: dict[str, list[str]] = {g: [] for g in graphs}
    since: dict[str, str] = {}
    for row in rows:
        g, s, p, o = row["g"].value, row["s"], row["p"], row["o"]
        if p.value in _MARKS and s.value == minter.record(source, graphs[g]):
            if p.value == str(RG.staleSince):
                since[g] = str(o)
            continue
        lines[g].append(f"{s} {p} {o} .\n")
    out = {}
    for g, i in graphs.items():
        record, (_, pending) = nt.iri(minter.record(source, i)), pending_iris(minter, source, i)
        stamp = since.get(g, nt.literal(now, str(XSD.dateTime)))
        out[i] = "".join(lines[g]) + "".join(
            nt.triple(record, nt.iri(str(p)), o)
            for p, o in (
                (RG.staleSince, stamp),
                (RG.pendingVersion, nt.iri(pending)),
                (RG.lastSeen, nt.literal(now, str(XSD.dateTime))),
            )
        )
    return out


def copies(store: GraphStore, minter: Minter, source: str, keys: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """For each record id of ``keys``: the published datasets of OTHER records that share one of its keys."""
    wanted = {k for ks in keys.values() for k in ks}
    if not wanted:
        return {}
    values = " ".join(nt.literal(k) for k in sorted(wanted))
    rows = store.select(
        _PREFIXES + "SELECT ?key ?src ?id ?topic WHERE { VALUES ?key { " + values + " } "
        "?r rg:identityKey ?key ; rg:harvestSource ?src ; rg:sourceId ?id ; foaf:primaryTopic ?topic ; "
        "adms:status ?status FILTER (?status = ?published) }",
        substitutions={"published": ox.NamedNode(PUBLISHED)},
    )
    own = ox.NamedNode(minter.source(source))
    by_key: dict[str, set[str]] = {}
    for row in rows:
        if row["src"] == own and row["id"].value in keys:
            continue  # the record itself (or its own previous version)
        by_key.setdefault(row["key"].value, set()).add(row["topic"].value)
    return {rid: set().union(*(by_key.get(k, set()) for k in ks)) for rid, ks in keys.items()}


def known_records(store: GraphStore, minter: Minter, source: str) -> dict[str, tuple[str, str, str, str, bool]]:
    """``{source id: (content hash, first seen, status, kept hash, stale)}`` of every record of ``source``.

    For a stale record the content hash is its pending version's (the newest the source sent),
    the kept hash the published version's; otherwise the two are the same.
    """
    rows = store.select(
        _PREFIXES + "SELECT ?id ?hash ?issued ?status ?pending WHERE { ?r rg:harvestSource ?src ; rg:sourceId ?id ; "
        "rg:contentHash ?hash ; dcterms:issued ?issued ; adms:status ?status "
        "OPTIONAL { ?kept rg:pendingVersion ?r } BIND (BOUND(?kept) AS ?pending) }",
        substitutions={"src": ox.NamedNode(minter.source(source))},
    )
    own: dict[str, tuple[str, str, str, str, bool]] = {}
    pending: dict[str, str] = {}
    for r in rows:
        if r["pending"].value == "true":
            pending[r["id"].value] = r["hash"].value
        else:
            own[r["id"].value] = (r["hash"].value, r["issued"].value, r["status"].value, r["hash"].value, False)
    for rid, digest in pending.items():
        if rid in own:
            _, issued, status, kept, _ = own[rid]
            own[rid] = (digest, issued, status, kept, True)
    return own


def last_cursor(store: GraphStore, minter: Minter, source: str) -> str | None:
    """The cursor of the newest run of ``source`` that ended without failures, if any."""
    return _newest_run_value(store, minter, source, "rg:harvestCursor")


def last_shapes(store: GraphStore, minter: Minter, source: str) -> str | None:
    """The shapes digest of the newest finished run of ``source`` that recorded one, if any."""
    return _newest_run_value(store, minter, source, "rg:shapesDigest")


def _newest_run_value(store: GraphStore, minter: Minter, source: str, prop: str) -> str | None:
    """``prop`` (a prefixed name of this module, never user text) of the newest finished run that has one."""
    rows = list(
        store.select(
            _PREFIXES + f"SELECT ?value WHERE {{ ?run a rg:HarvestRun ; prov:used ?src ; {prop} ?value ; "
            "prov:endedAtTime ?end } ORDER BY DESC(?end) LIMIT 1",
            substitutions={"src": ox.NamedNode(minter.source(source))},
        )
    )
    return rows[0]["value"].value if rows else None


def touch_last_seen(store: GraphStore, minter: Minter, source: str, ids: Iterable[str], now: str) -> None:
    """Move ``rg:lastSeen`` of unchanged records to ``now`` in one update, without rewriting their graphs."""
    pairs = " ".join(f"({nt.iri(minter.graph(source, i))} {nt.iri(minter.record(source, i))})" for i in ids)
    if not pairs:
        return
    seen, stamp = nt.iri(str(RG.lastSeen)), nt.literal(now, str(XSD.dateTime))
    store.update(
        f"DELETE {{ GRAPH ?g {{ ?r {seen} ?old }} }} INSERT {{ GRAPH ?g {{ ?r {seen} {stamp} }} }} "
        f"WHERE {{ VALUES (?g ?r) {{ {pairs} }} GRAPH ?g {{ ?r {seen} ?old }} }}"
    )


def withdraw(store: GraphStore, minter: Minter, source: str, ids: Iterable[str], now: str) -> None:
    """Mark records withdrawn, all in one update: their data stay, their status and modified change."""
    pairs = " ".join(f"({nt.iri(minter.graph(source, i))} {nt.iri(minter.record(source, i))})" for i in ids)
    if not pairs:
        return
    status, modified = nt.iri(str(ADMS.status)), nt.iri(str(DCTERMS.modified))
    stamp = nt.literal(now, str(XSD.dateTime))
    store.update(
        f"DELETE {{ GRAPH ?g {{ ?r {status} ?s . ?r {modified} ?m }} }} "
        f"INSERT {{ GRAPH ?g {{ ?r {status} {nt.iri(WITHDRAWN)} . ?r {modified} {stamp} }} }} "
        f"WHERE {{ VALUES (?g ?r) {{ {pairs} }} GRAPH ?g {{ ?r {status} ?s . OPTIONAL {{ ?r {modified} ?m }} }} }}"
    )


def mark_aborted(store: GraphStore, minter: Minter, source: str) -> None:
    """Mark the runs of ``source`` still written as running aborted: the caller is the source's writer now,
    so they died (killed, crashed) before their end; the records they wrote keep pointing at them."""
    status = nt.iri(str(ADMS.status))
    store.update(
        f"DELETE {{ GRAPH ?g {{ ?run {status} ?s }} }} INSERT {{ GRAPH ?g {{ ?run {status} {nt.iri(ABORTED)} }} }} "
        f"WHERE {{ GRAPH ?g {{ ?run a {nt.iri(str(RG.HarvestRun))} ; {nt.iri(str(PROV.used))} "
        f"{nt.iri(minter.source(source))} ; {status} ?s FILTER (?s = {nt.iri(RUNNING)}) }} }}"
    )


def mark_interrupted(store: GraphStore) -> None:
    """Mark every run still written as running aborted, whatever its source, when this process is the only writer.

    The embedded store is written under its lock (:mod:`regiongraph.store.snapshots`), so a run
    still "running" when we hold it belongs to a process that died (killed, crashed) — it would
    otherwise stay "running" until its own source is harvested again. A remote store has no
    lock of ours: there only a source's own next run marks its dead runs (:func:`mark_aborted`).
    """
    if not isinstance(store, EmbeddedStore) or getattr(store, "read_only", False):
        return
    status, running = nt.iri(str(ADMS.status)), nt.iri(RUNNING)
    store.update(
        f"DELETE {{ GRAPH ?g {{ ?run {status} {running} }} }} "
        f"INSERT {{ GRAPH ?g {{ ?run {status} {nt.iri(ABORTED)} }} }} "
        f"WHERE {{ GRAPH ?g {{ ?run a {nt.iri(str(RG.HarvestRun))} ; {status} {running} }} }}"
    )


def store_status(store: GraphStore) -> dict[str, Any]:
    """Counts by source and record status, plus every quarantined record with its first reason."""
    counts = store.select(
        _PREFIXES
        + """
        SELECT ?src ?status (COUNT(?r) AS ?n) WHERE { ?r rg:harvestSource ?src ; adms:status ?status }
        GROUP BY ?src ?status ORDER BY ?src ?status"""
    )
    records = [
        {"source": _tail(r["src"].value), "status": _tail(r["status"].value), "count": int(r["n"].value)}
        for r in counts
    ]
    return {
        "quads": store.count_quads(),
        "records": records,
        "quarantined": quarantined(store),
        "stale": stale_records(store),
        "repairs": repair_counts(store),
    }


def quarantined(store: GraphStore) -> list[dict[str, str]]:
    """Quarantined records: source, id and the messages of their SHACL reports (field, fix, value found)."""
    rows = store.select(
        _PREFIXES
        + """
        SELECT ?src ?id ?path ?msg ?v ?focus ?c WHERE {
          ?r adms:status <"""
        + QUARANTINED
        + """> ;
             rg:harvestSource ?src ; rg:sourceId ?id .
          OPTIONAL { ?r rg:validationReport/sh:result ?res . ?res sh:resultMessage ?msg ; sh:resultSeverity ?sev
                     FILTER (?sev = sh:Violation)
                     OPTIONAL { ?res sh:resultPath ?path } OPTIONAL { ?res sh:value ?v }
                     OPTIONAL { ?res sh:focusNode ?focus } }
          OPTIONAL { ?r rdfs:comment ?c }
        } ORDER BY ?src ?id"""
    )
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
    rows = store.select(
        _PREFIXES
        + """
        SELECT ?src ?id ?since ?pending (GROUP_CONCAT(DISTINCT ?msg; SEPARATOR=" | ") AS ?reason) WHERE {
          ?r rg:harvestSource ?src ; rg:sourceId ?id ; rg:staleSince ?since ; rg:pendingVersion ?pending .
          OPTIONAL { ?pending rg:validationReport/sh:result/sh:resultMessage ?rm }
          OPTIONAL { ?pending rdfs:comment ?c }
          BIND (STR(COALESCE(?rm, ?c)) AS ?msg)
        } GROUP BY ?src ?id ?since ?pending ORDER BY ?src ?id"""
    )
    out = [
        {
            "source": _tail(r["src"].value),
            "id": r["id"].value,
            "since": r["since"].value,
            "pending": r["pending"].value,
            "reason": r["reason"].value if r["reason"] else "",
        }
        for r in rows
    ]
    return [s for s in out if source is None or s["source"] == source]


def repairs(store: GraphStore, source: str | None = None) -> list[dict[str, str]]:
    """Every repair recorded on a published record: source, id, field, rule, from and to."""
    rows = store.select(
        _PREFIXES
        + """
        SELECT ?src ?id ?field ?rule ?from ?to WHERE { GRAPH ?g {
          ?r rg:harvestSource ?src ; rg:sourceId ?id ; foaf:primaryTopic ?d .
          ?d rg:repair ?x . ?x rg:repairedField ?field ; rg:repairRule ?rule ; rg:repairedFrom ?from ;
             rg:repairedTo ?to } } ORDER BY ?src ?id ?field ?rule ?from"""
    )
    found = [
        {
            "source": _tail(r["src"].value),
            "id": r["id"].value,
            "field": r["field"].value,
            "rule": r["rule"].value,
            "from": r["from"].value,
            "to": r["to"].value,
        }
        for r in rows
    ]
    return [f for f in found if source is None or f["source"] == source]


def repair_counts(store: GraphStore) -> dict[str, int]:
    """Repairs per source."""
    counts: dict[str, int] = {}
    for found in repairs(store):
        counts[found["source"]] = counts.get(found["source"], 0) + 1
    return counts


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]
