"""What the pipeline writes beside each record, built without the store: catalog record, run, quarantine, links.

The catalog record (``dcat:CatalogRecord``) keeps where a record came from (``rg:harvestSource``,
``rg:sourceId``), the source's own metadata record (``dcterms:source`` → a ``dcat:CatalogRecord``
with the source's ``dcterms:modified``), the content hash, first seen (``dcterms:issued``),
last written (``dcterms:modified``), last seen (``rg:lastSeen``) and its status. The run is a
``prov:Activity`` with counts, timings and — after a run without failures — the cursor
(``rg:harvestCursor``) the next incremental run starts from.

A published record whose new version fails the gate stays published, marked stale
(``rg:staleSince``, ``rg:pendingVersion``): the new version is a catalog record of its own,
quarantined with its payload and report, in the named graph ``<record graph>/pending``
(:func:`pending_iris`, :func:`pending_version`; the ledger's ``kept_graphs`` marks the kept one).
Everything here is pure: the store is read and written by :mod:`._ledger`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, XSD

from .. import ntriples as nt
from ..harvest import SourceRecord
from ..iris import Minter
from ..namespaces import ADMS, RG, SH, code
from ..validate import Verdict

PUBLISHED, QUARANTINED, WITHDRAWN = (code("record-status", s) for s in ("published", "quarantined", "withdrawn"))
RUNNING, FINISHED, ABORTED = (code("run-status", s) for s in ("running", "finished", "aborted"))
#: CKAN extras under which portals (GovData, Open.NRW) keep the original dataset's identifier.
IDENTITY_EXTRAS = ("identifier", "guid", "uri", "dct_identifier")


def _datetime(value: str) -> str:
    """``value`` as an xsd:dateTime/xsd:date literal when it is one (CKAN stamps have no zone: UTC), else plain."""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return nt.literal(value)
    return nt.literal(value, str(XSD.dateTime if "T" in value else XSD.date))


_P = {
    name: nt.iri(str(term))
    for name, term in {
        "type": RDF.type,
        "topic": FOAF.primaryTopic,
        "source": RG.harvestSource,
        "id": RG.sourceId,
        "hash": RG.contentHash,
        "issued": DCTERMS.issued,
        "modified": DCTERMS.modified,
        "seen": RG.lastSeen,
        "run": PROV.wasGeneratedBy,
        "status": ADMS.status,
        "key": RG.identityKey,
        "origin": DCTERMS.source,
        "record": DCAT.CatalogRecord,
    }.items()
}


def catalog_record(
    minter: Minter,
    rec: SourceRecord,
    entity: str | None,
    *,
    published: bool,
    issued: str,
    now: str,
    run: str,
    keys: Iterable[str],
    record: str | None = None,
) -> str:
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
    lines += [
        (r, _P["source"], nt.iri(minter.source(rec.source))),
        (r, _P["id"], nt.literal(rec.id)),
        (r, _P["hash"], nt.literal(rec.hash)),
        (r, _P["issued"], nt.literal(issued, str(XSD.dateTime))),
        (r, _P["modified"], stamp),
        (r, _P["seen"], stamp),
        (r, _P["run"], nt.iri(run)),
        (r, _P["status"], nt.iri(PUBLISHED if published else QUARANTINED)),
    ]
    lines += [(r, _P["key"], nt.literal(key)) for key in sorted(set(keys))]
    if rec.modified:
        # DCAT-AP: dcterms:source of a catalog record is the source's own metadata record.
        origin = nt.iri(minter.part(record, "source"))
        lines += [
            (r, _P["origin"], origin),
            (origin, _P["type"], _P["record"]),
            (origin, _P["modified"], _datetime(rec.modified)),
        ]
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
    text = "".join(
        nt.iri(pending) + " " + line[len(head) :] if line.startswith(head) else line
        for line in quarantined.splitlines(keepends=True)
    )
    return text + catalog_record(
        minter, rec, None, published=False, issued=issued, now=now, run=run, keys=(), record=pending
    )


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


def link_copies(entity: str, others: set[str]) -> str:
    """``owl:sameAs`` from ``entity`` to each copy that has another IRI (one IRI is one entity anyway), as N-Triples."""
    same = nt.iri(str(OWL.sameAs))
    return "".join(nt.triple(nt.iri(entity), same, nt.iri(other)) for other in sorted(others) if other != entity)


def run_activity(
    run: str,
    minter: Minter,
    source: str,
    started: datetime,
    ended: datetime | None = None,
    counts: Mapping[str, int] | None = None,
    timings: Mapping[str, float] | None = None,
    cursor: str | None = None,
    shapes: str | None = None,
) -> str:
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
