"""What the pipeline writes beside each record: its catalog record, the run's prov:Activity, identity links.

The catalog record (``dcat:CatalogRecord``) keeps where a record came from (``rg:harvestSource``,
``rg:sourceId``), the source's own metadata record (``dcterms:source`` → a ``dcat:CatalogRecord``
with the source's ``dcterms:modified``), the content hash, first seen (``dcterms:issued``),
last written (``dcterms:modified``), last seen (``rg:lastSeen``) and its status. The run is a
``prov:Activity`` with counts, timings and — after a run without failures — the cursor
(``rg:harvestCursor``) the next incremental run starts from.

A published record whose new version fails the gate stays published, marked stale
(``rg:staleSince``, ``rg:pendingVersion``): the new version is a catalog record of its own,
quarantined with its payload and report, in the named graph ``<record graph>/pending``
(:func:`pending_iris`, :func:`pending_version`, :func:`kept_graphs`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, XSD

from .. import ntriples as nt
from ..harvest import SourceRecord
from ..iris import Minter
from ..namespaces import ADMS, RG, SH, code
from ..store import GraphStore
from ..validate import Verdict

PUBLISHED, QUARANTINED, WITHDRAWN = (code("record-status", s) for s in ("published", "quarantined", "withdrawn"))
RUNNING, FINISHED, ABORTED = (code("run-status", s) for s in ("running", "finished", "aborted"))
_PREFIXES = ("PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
             "PREFIX adms: <http://www.w3.org/ns/adms#> PREFIX prov: <http://www.w3.org/ns/prov#> "
             "PREFIX foaf: <http://xmlns.com/foaf/0.1/> ")
#: CKAN extras under which portals (GovData, Open.NRW) keep the original dataset's identifier.
IDENTITY_EXTRAS = ("identifier", "guid", "uri", "dct_identifier")


def _datetime(value: str) -> str:
    """``value`` as an xsd:dateTime/xsd:date literal when it is one (CKAN stamps have no zone: UTC), else plain."""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return nt.literal(value)
    return nt.literal(value, str(XSD.dateTime if "T" in value else XSD.date))


_P = {name: nt.iri(str(term)) for name, term in {
    "type": RDF.type, "topic": FOAF.primaryTopic, "source": RG.harvestSource, "id": RG.sourceId,
    "hash": RG.contentHash, "issued": DCTERMS.issued, "modified": DCTERMS.modified, "seen": RG.lastSeen,
    "run": PROV.wasGeneratedBy, "status": ADMS.status, "key": RG.identityKey, "origin": DCTERMS.source,
    "record": DCAT.CatalogRecord}.items()}


def catalog_record(minter: Minter, rec: SourceRecord, entity: str | None, *, published: bool,
                   issued: str, now: str, run: str, keys: Iterable[str], record: str | None = None) -> str:
    """The catalog record of ``rec`` as N-Triples (written as text: it is on the hot path of every record).

    A quarantined record (``published`` false) also needs :func:`quarantine` beside it.
    ``record``: another IRI for it than the record's own (a pending version's).
    """
    record = record or minter.record(rec.source, rec.id)
    r = nt.iri(record)
    stamp = nt.literal(now, str(XSD.dateTime))
    lines = [(r, _P["type"], _P["record"])]
    if entity is not None and published:
        lines.append((r, _P["topic"], nt.iri(entity)))
    lines += [(r, _P["source"], nt.iri(minter.source(rec.source))), (r, _P["id"], nt.literal(rec.id)),
              (r, _P["hash"], nt.literal(rec.hash)), (r, _P["issued"], nt.literal(issued, str(XSD.dateTime))),
              (r, _P["modified"], stamp), (r, _P["seen"], stamp), (r, _P["run"], nt.iri(run)),
              (r, _P["status"], nt.iri(PUBLISHED if published else QUARANTINED))]
    lines += [(r, _P["key"], nt.literal(key)) for key in sorted(set(keys))]
    if rec.modified:
        # DCAT-AP: dcterms:source of a catalog record is the source's own metadata record.
        origin = nt.iri(minter.part(record, "source"))
        lines += [(r, _P["origin"], origin), (origin, _P["type"], _P["record"]),
                  (origin, _P["modified"], _datetime(rec.modified))]
    return "".join(nt.triple(*t) for t in lines)


def quarantine(minter: Minter, rec: SourceRecord, verdict: Verdict, genid: str) -> str:
    """The record as it came, and its SHACL report, beside its catalog record (N-Triples, blank nodes skolemised)."""
    return nt.skolem_ntriples(_quarantine(URIRef(minter.record(rec.source, rec.id)), rec, verdict), genid)


def _quarantine(r: URIRef, rec: SourceRecord, verdict: Verdict) -> Graph:
    out = Graph()
    out.add((r, RG.payload, Literal(json.dumps(rec.payload, ensure_ascii=False, sort_keys=True, default=str))))
    out.add((r, RDFS.comment, Literal(verdict.text)))
    if verdict.report is not None:
        report_node = next(iter(verdict.report.subjects(RDF.type, SH.ValidationReport)), BNode())
        out.add((r, RG.validationReport, report_node))
        for triple in verdict.report:
            out.add(triple)
    return out


def pending_iris(minter: Minter, source: str, record_id: str) -> tuple[str, str]:
    """The named graph and the catalog record of a record's pending (quarantined) new version."""
    graph, record = minter.graph(source, record_id), minter.record(source, record_id)
    return minter.part(graph, "pending"), minter.part(record, "pending")


def pending_version(minter: Minter, rec: SourceRecord, quarantined: str, *, issued: str, now: str, run: str) -> str:
    """The pending graph's N-Triples: ``quarantined`` (:func:`quarantine` of ``rec``) told of the pending record.

    The quarantine text speaks of the record's own catalog record; N-Triples has one statement
    a line with its subject first, so the subject is exchanged line by line.
    """
    own, (_, pending) = nt.iri(minter.record(rec.source, rec.id)), pending_iris(minter, rec.source, rec.id)
    head = own + " "
    text = "".join(nt.iri(pending) + " " + line[len(head):] if line.startswith(head) else line
                   for line in quarantined.splitlines(keepends=True))
    return text + catalog_record(minter, rec, None, published=False, issued=issued, now=now, run=run, keys=(),
                                 record=pending)


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
    rows = store.query(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
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
        out[i] = "".join(lines[g]) + "".join(nt.triple(record, nt.iri(str(p)), o) for p, o in (
            (RG.staleSince, stamp), (RG.pendingVersion, nt.iri(pending)),
            (RG.lastSeen, nt.literal(now, str(XSD.dateTime)))))
    return out


def identity_keys(rec: SourceRecord, entity: URIRef, graph: Graph) -> set[str]:
    """The strings under which this dataset is recognised in other sources: IRI, identifiers, CKAN id extras."""
    if not rec.kind.startswith(("ckan-", "dcat-")):
        return set()
    keys = {str(entity)}
    keys |= {str(v).strip() for v in graph.objects(entity, DCTERMS.identifier) if isinstance(v, Literal | URIRef)}
    if rec.kind == "ckan-package":
        for extra in rec.payload.get("extras") or []:
            if isinstance(extra, dict) and extra.get("key") in IDENTITY_EXTRAS and str(extra.get("value", "")).strip():
                keys.add(str(extra["value"]).strip())
    return {k for k in keys if k}


def copies(store: GraphStore, minter: Minter, source: str, keys: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """For each record id of ``keys``: the published datasets of OTHER records that share one of its keys."""
    wanted = {k for ks in keys.values() for k in ks}
    if not wanted:
        return {}
    values = " ".join(nt.literal(k) for k in sorted(wanted))
    rows = store.query(
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


def link_copies(entity: str, others: set[str]) -> str:
    """``owl:sameAs`` from ``entity`` to each copy that has another IRI (one IRI is one entity anyway), as N-Triples."""
    same = nt.iri(str(OWL.sameAs))
    return "".join(nt.triple(nt.iri(entity), same, nt.iri(other)) for other in sorted(others) if other != entity)


def known_records(store: GraphStore, minter: Minter, source: str) -> dict[str, tuple[str, str, str, str, bool]]:
    """``{source id: (content hash, first seen, status, kept hash, stale)}`` of every record of ``source``.

    For a stale record the content hash is its pending version's (the newest the source sent),
    the kept hash the published version's; otherwise the two are the same.
    """
    rows = store.query(
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
    rows = list(store.query(
        _PREFIXES + f"SELECT ?value WHERE {{ ?run a rg:HarvestRun ; prov:used ?src ; {prop} ?value ; "
        "prov:endedAtTime ?end } ORDER BY DESC(?end) LIMIT 1",
        substitutions={"src": ox.NamedNode(minter.source(source))},
    ))
    return rows[0]["value"].value if rows else None


def touch_last_seen(store: GraphStore, minter: Minter, source: str, ids: Iterable[str], now: str) -> None:
    """Move ``rg:lastSeen`` of unchanged records to ``now`` in one update, without rewriting their graphs."""
    pairs = " ".join(f"({nt.iri(minter.graph(source, i))} {nt.iri(minter.record(source, i))})" for i in ids)
    if not pairs:
        return
    seen, stamp = nt.iri(str(RG.lastSeen)), nt.literal(now, str(XSD.dateTime))
    store.update(f"DELETE {{ GRAPH ?g {{ ?r {seen} ?old }} }} INSERT {{ GRAPH ?g {{ ?r {seen} {stamp} }} }} "
                 f"WHERE {{ VALUES (?g ?r) {{ {pairs} }} GRAPH ?g {{ ?r {seen} ?old }} }}")


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


def run_activity(run: str, minter: Minter, source: str, started: datetime, ended: datetime | None = None,
                 counts: Mapping[str, int] | None = None, timings: Mapping[str, float] | None = None,
                 cursor: str | None = None, shapes: str | None = None) -> str:
    """The run's prov:Activity as N-Triples: running until ``ended`` is given, then finished with its counts.

    Args:
        shapes: the digest of the SHACL shapes the run checks records with (:attr:`Validator.digest`).
    """
    g = Graph()
    a = URIRef(run)
    g.add((a, RDF.type, PROV.Activity))
    g.add((a, RDF.type, RG.HarvestRun))
    g.add((a, RDFS.label, Literal(f"Harvest of {source} at {started.isoformat()}")))
    g.add((a, PROV.used, URIRef(minter.source(source))))
    g.add((a, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
    g.add((a, ADMS.status, URIRef(RUNNING if ended is None else FINISHED)))
    if ended is not None:
        g.add((a, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime)))
    for key, value in (counts or {}).items():
        g.add((a, RG[f"count{key.capitalize()}"], Literal(value, datatype=XSD.integer)))
    for key, seconds in (timings or {}).items():
        g.add((a, RG[f"seconds{key.capitalize()}"], Literal(f"{seconds:.3f}", datatype=XSD.decimal)))
    if cursor is not None:
        g.add((a, RG.harvestCursor, Literal(cursor)))
    if shapes is not None:
        g.add((a, RG.shapesDigest, Literal(shapes)))
    return nt.graph_to_ntriples(g)


def mark_aborted(store: GraphStore, minter: Minter, source: str) -> None:
    """Mark the runs of ``source`` still written as running aborted: the caller is the source's writer now,
    so they died (killed, crashed) before their end; the records they wrote keep pointing at them."""
    status = nt.iri(str(ADMS.status))
    store.update(
        f"DELETE {{ GRAPH ?g {{ ?run {status} ?s }} }} INSERT {{ GRAPH ?g {{ ?run {status} {nt.iri(ABORTED)} }} }} "
        f"WHERE {{ GRAPH ?g {{ ?run a {nt.iri(str(RG.HarvestRun))} ; {nt.iri(str(PROV.used))} "
        f"{nt.iri(minter.source(source))} ; {status} ?s FILTER (?s = {nt.iri(RUNNING)}) }} }}")
