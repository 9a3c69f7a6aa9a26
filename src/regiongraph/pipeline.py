"""The one path into the store: source records → mapping → SHACL gate → one named graph each.

A record is published when it conforms, quarantined with its report when it does not,
skipped when its content hash is unchanged, and marked withdrawn when its source no
longer has it. Every batch is written in one transaction, so a crash never leaves a
record half-written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, XSD

from . import ntriples as nt
from .errors import RecordError
from .harvest import SourceRecord
from .mapping import MappingContext, map_record
from .namespaces import ADMS, RG, SH, code
from .store import GraphStore
from .validate import Validator, Verdict, report_messages

PUBLISHED, QUARANTINED, WITHDRAWN = (code("record-status", s) for s in ("published", "quarantined", "withdrawn"))


@dataclass
class RunReport:
    """What one harvest run did, for the summary table and the prov:Activity."""

    source: str
    started: datetime
    ended: datetime | None = None
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    quarantined: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "withdrawn": self.withdrawn, "quarantined": len(self.quarantined)}


@dataclass(frozen=True, slots=True)
class _Known:
    hash: str
    issued: str
    status: str


_Mapped = tuple[SourceRecord, URIRef, Graph]


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _batches(items: Iterable[SourceRecord], size: int) -> Iterator[list[SourceRecord]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class Pipeline:
    """Harvests one source into a store.

    Args:
        store: where records go.
        ctx: mapping context (IRIs, resolver, organisations).
        validator: the SHACL gate.
        batch_size: records per SHACL call and per write transaction.
    """

    def __init__(self, store: GraphStore, ctx: MappingContext, validator: Validator, *, batch_size: int = 100) -> None:
        self.store, self.ctx, self.validator, self.batch_size = store, ctx, validator, batch_size

    def run(self, source: str, records: Iterable[SourceRecord], *,
            progress: Callable[[int], None] | None = None, complete: bool = True) -> RunReport:
        """Harvest ``records`` of ``source``; with ``complete``, ids not seen are withdrawn."""
        report = RunReport(source, _now())
        run_iri = self.ctx.minter.run(source, report.started.strftime("%Y%m%dT%H%M%SZ"))
        known = self._known(source)
        seen: set[str] = set()
        for batch in _batches(records, self.batch_size):
            seen.update(r.id for r in batch)
            self._write_batch(batch, known, report, run_iri)
            if progress:
                progress(len(batch))
        if complete:
            self._withdraw(source, sorted(set(known) - seen), known, report)
        report.ended = _now()
        self._record_run(run_iri, report)
        return report

    def _known(self, source: str) -> dict[str, _Known]:
        rows = self.store.query(
            "PREFIX rg: <https://w3id.org/regiongraph/ontology#> "
            "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX adms: <http://www.w3.org/ns/adms#> "
            "SELECT ?id ?hash ?issued ?status WHERE { ?r rg:harvestSource ?src ; rg:sourceId ?id ; "
            "rg:contentHash ?hash ; dcterms:issued ?issued ; adms:status ?status }",
            substitutions={"src": ox.NamedNode(self.ctx.minter.source(source))},
        )
        return {r["id"].value: _Known(r["hash"].value, r["issued"].value, r["status"].value) for r in rows}

    def _write_batch(self, batch: list[SourceRecord], known: dict[str, _Known], report: RunReport, run: str) -> None:
        todo = [r for r in batch if not _unchanged(r, known.get(r.id))]
        report.unchanged += len(batch) - len(todo)
        mapped, failed = self._map(todo)
        verdicts = self.validator.check_batch([g for _, _, g in mapped])
        graphs: dict[str, str] = {}
        results = [(rec, ent, g, v) for (rec, ent, g), v in zip(mapped, verdicts, strict=True)]
        results += [(rec, None, None, v) for rec, v in failed]
        for rec, entity, graph, verdict in results:
            prior = known.get(rec.id)
            graph_iri = self.ctx.minter.graph(rec.source, rec.id)
            graphs[graph_iri] = self._record_graph(rec, entity, graph, verdict, prior, run, graph_iri)
            if not verdict.conforms:
                report.quarantined.append((rec.id, report_messages(verdict.report) or [verdict.text]))
            elif prior is None:
                report.new += 1
            else:
                report.updated += 1
        self.store.replace_graphs(graphs)

    def _map(self, records: list[SourceRecord]) -> tuple[list[_Mapped], list[tuple[SourceRecord, Verdict]]]:
        mapped, failed = [], []
        for rec in records:
            try:
                entity, graph = map_record(rec, self.ctx)
            except (KeyError, ValueError, TypeError, RecordError) as exc:
                failed.append((rec, Verdict(False, None, f"mapping failed: {exc!r}")))
                continue
            mapped.append((rec, entity, graph))
        return mapped, failed

    def _record_graph(self, rec: SourceRecord, entity: URIRef | None, graph: Graph | None,
                      verdict: Verdict, prior: _Known | None, run: str, graph_iri: str) -> str:
        now = _now().isoformat()
        out = graph if (graph is not None and verdict.conforms) else Graph()
        r = URIRef(self.ctx.minter.record(rec.source, rec.id))
        out.add((r, RDF.type, DCAT.CatalogRecord))
        if entity is not None and verdict.conforms:
            out.add((r, FOAF.primaryTopic, entity))
        out.add((r, RG.harvestSource, URIRef(self.ctx.minter.source(rec.source))))
        out.add((r, RG.sourceId, Literal(rec.id)))
        out.add((r, RG.contentHash, Literal(rec.hash)))
        out.add((r, DCTERMS.issued, Literal(prior.issued if prior else now, datatype=XSD.dateTime)))
        out.add((r, DCTERMS.modified, Literal(now, datatype=XSD.dateTime)))
        out.add((r, RG.lastSeen, Literal(now, datatype=XSD.dateTime)))
        out.add((r, PROV.wasGeneratedBy, URIRef(run)))
        out.add((r, ADMS.status, URIRef(PUBLISHED if verdict.conforms else QUARANTINED)))
        if rec.modified:
            out.add((r, DCTERMS.source, Literal(rec.modified)))
        if not verdict.conforms:
            _attach_quarantine(out, r, rec, verdict)
        # Blank nodes (SHACL reports share the shapes' nodes) become IRIs inside the record's
        # graph: one update may not share a blank node between graphs, and IRIs dereference.
        return nt.graph_to_ntriples(out.skolemize(basepath=f"{graph_iri}/genid/"))

    def _withdraw(self, source: str, ids: list[str], known: dict[str, _Known], report: RunReport) -> None:
        now = nt.literal(_now().isoformat(), str(XSD.dateTime))
        for rid in ids:
            if known[rid].status == WITHDRAWN:
                continue
            g, r = nt.iri(self.ctx.minter.graph(source, rid)), nt.iri(self.ctx.minter.record(source, rid))
            status, modified = nt.iri(str(ADMS.status)), nt.iri(str(DCTERMS.modified))
            self.store.update(
                f"DELETE {{ GRAPH {g} {{ {r} {status} ?s . {r} {modified} ?m }} }} "
                f"INSERT {{ GRAPH {g} {{ {r} {status} {nt.iri(WITHDRAWN)} . {r} {modified} {now} }} }} "
                f"WHERE {{ GRAPH {g} {{ {r} {status} ?s . OPTIONAL {{ {r} {modified} ?m }} }} }}"
            )
            report.withdrawn += 1

    def _record_run(self, run: str, report: RunReport) -> None:
        g = Graph()
        a = URIRef(run)
        g.add((a, RDF.type, PROV.Activity))
        g.add((a, RDF.type, RG.HarvestRun))
        g.add((a, RDFS.label, Literal(f"Harvest of {report.source} at {report.started.isoformat()}")))
        g.add((a, PROV.used, URIRef(self.ctx.minter.source(report.source))))
        g.add((a, PROV.startedAtTime, Literal(report.started.isoformat(), datatype=XSD.dateTime)))
        if report.ended:
            g.add((a, PROV.endedAtTime, Literal(report.ended.isoformat(), datatype=XSD.dateTime)))
        for key, value in report.counts.items():
            g.add((a, RG[f"count{key.capitalize()}"], Literal(value, datatype=XSD.integer)))
        self.store.replace_graphs({run: nt.graph_to_ntriples(g)})


def _unchanged(rec: SourceRecord, prior: _Known | None) -> bool:
    return prior is not None and prior.hash == rec.hash and prior.status != WITHDRAWN


def _attach_quarantine(out: Graph, r: URIRef, rec: SourceRecord, verdict: Verdict) -> None:
    """Keep the record as it came, and its SHACL report, beside the catalog record."""
    out.add((r, RG.payload, Literal(json.dumps(rec.payload, ensure_ascii=False, sort_keys=True, default=str))))
    out.add((r, RDFS.comment, Literal(verdict.text)))
    if verdict.report is not None:
        report_node = next(iter(verdict.report.subjects(RDF.type, SH.ValidationReport)), BNode())
        out.add((r, RG.validationReport, report_node))
        for triple in verdict.report:
            out.add(triple)


