"""The one path into the store: source records → mapping → SHACL gate → one named graph each.

A record is published when it conforms, quarantined with its report when it does not,
skipped when its content hash is unchanged, and marked withdrawn when a complete harvest of
its source no longer has it (a withdrawn record that comes back is published again). Every
batch is written in one transaction, and the run's cursor is written last, so a crash never
leaves a record half-written and the next run starts where the last finished one did.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

from rdflib import Graph, URIRef

from . import ntriples as nt
from . import provenance as prov
from .errors import RecordError
from .harvest import HarvestOutcome, SourceRecord
from .mapping import MappingContext, map_record
from .provenance import PUBLISHED, QUARANTINED, WITHDRAWN
from .store import GraphStore
from .validate import Validator, Verdict, report_messages

__all__ = ["PUBLISHED", "QUARANTINED", "WITHDRAWN", "Pipeline", "RunReport"]
PHASES = ("fetching", "mapping", "validating", "writing")


@dataclass
class RunReport:
    """What one harvest run did (or, in a dry run, would do), for the summary table and the prov:Activity."""

    source: str
    started: datetime
    ended: datetime | None = None
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    quarantined: list[tuple[str, list[str]]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PHASES, 0.0))
    cursor: str | None = None
    dry_run: bool = False
    changes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "withdrawn": self.withdrawn, "quarantined": len(self.quarantined), "failed": len(self.failed)}

    @property
    def ok(self) -> bool:
        """Nothing failed and nothing was quarantined."""
        return not (self.failed or self.quarantined)


@dataclass(frozen=True, slots=True)
class _Known:
    hash: str
    issued: str
    status: str


_Mapped = tuple[SourceRecord, URIRef, Graph]


def _now() -> datetime:
    return datetime.now(UTC)


def _batches(items: Iterable[SourceRecord], size: int, clock: dict[str, float]) -> Iterator[list[SourceRecord]]:
    """Batches of ``size``; a record id met twice in one batch keeps its last version."""
    it = iter(items)
    while True:
        t = time.perf_counter()
        batch = list(islice(it, size))
        clock["fetching"] += time.perf_counter() - t
        if not batch:
            return
        yield list({r.id: r for r in batch}.values())


class Pipeline:
    """Harvests one source into a store.

    Args:
        store: where records go.
        ctx: mapping context (IRIs, resolver, organisations, the source's mapping options).
        validator: the SHACL gate.
        batch_size: records per SHACL call and per write transaction.
    """

    def __init__(self, store: GraphStore, ctx: MappingContext, validator: Validator, *, batch_size: int = 100) -> None:
        self.store, self.ctx, self.validator, self.batch_size = store, ctx, validator, batch_size

    def known(self, source: str) -> dict[str, _Known]:
        """Every record the store holds for ``source``, by source id."""
        return {k: _Known(*v) for k, v in prov.known_records(self.store, self.ctx.minter, source).items()}

    def cursor(self, source: str) -> str | None:
        """Where the next incremental run of ``source`` starts (``None``: never finished without failures)."""
        return prov.last_cursor(self.store, self.ctx.minter, source)

    def run(self, source: str, records: Iterable[SourceRecord], *, progress: Callable[[int], None] | None = None,
            complete: bool = True, outcome: HarvestOutcome | None = None, dry_run: bool = False) -> RunReport:
        """Harvest ``records`` of ``source``.

        Args:
            complete: the records are the whole source: ids not among them are withdrawn.
            outcome: the harvester's outcome, read once ``records`` is exhausted; it overrides
                ``complete`` and brings failures and the cursor.
            dry_run: map and validate, but write nothing; ``RunReport.changes`` lists what would change.
        """
        report = RunReport(source, _now(), dry_run=dry_run)
        run_iri = self.ctx.minter.run(source, report.started.strftime("%Y%m%dT%H%M%S%fZ"))
        known = self.known(source)
        seen: set[str] = set()
        for batch in _batches(records, self.batch_size, report.timings):
            seen.update(r.id for r in batch)
            self._write_batch(batch, known, report, run_iri)
            if progress:
                progress(len(batch))
        if outcome is not None:
            complete = outcome.complete and not outcome.failures
            report.failed.extend(outcome.failures)
            report.cursor = outcome.cursor if not outcome.failures else None
        if complete:
            gone = sorted(rid for rid, k in known.items() if rid not in seen and k.status != WITHDRAWN)
            self._timed(report, "writing", self._withdraw, source, gone, report)
        report.ended = _now()
        if not dry_run:
            self.store.replace_graphs({run_iri: prov.run_activity(
                run_iri, self.ctx.minter, source, report.started, report.ended, report.counts, report.timings,
                report.cursor)})
        return report

    @staticmethod
    def _timed(report: RunReport, phase: str, fn: Callable, *args):
        t = time.perf_counter()
        try:
            return fn(*args)
        finally:
            report.timings[phase] += time.perf_counter() - t

    def _write_batch(self, batch: list[SourceRecord], known: dict[str, _Known], report: RunReport, run: str) -> None:
        todo = [r for r in batch if not _unchanged(r, known.get(r.id))]
        now = _now().isoformat()
        if len(todo) < len(batch) and not report.dry_run:
            changed = {r.id for r in todo}
            unchanged = [r.id for r in batch if r.id not in changed]
            self._timed(report, "writing", prov.touch_last_seen, self.store, self.ctx.minter, report.source,
                        unchanged, now)
        report.unchanged += len(batch) - len(todo)
        mapped, failed = self._timed(report, "mapping", self._map, todo)
        verdicts = self._timed(report, "validating", self.validator.check_batch, [g for _, _, g in mapped])
        results = [(rec, ent, g, v) for (rec, ent, g), v in zip(mapped, verdicts, strict=True)]
        results += [(rec, None, None, v) for rec, v in failed]
        self._timed(report, "writing", self._store_results, results, known, report, run, now)

    def _store_results(self, results, known: dict[str, _Known], report: RunReport, run: str, now: str) -> None:
        keys = {rec.id: prov.identity_keys(rec, ent, g) for rec, ent, g, v in results if v.conforms and ent is not None}
        others = prov.copies(self.store, self.ctx.minter, report.source, keys)
        graphs: dict[str, str] = {}
        for rec, entity, graph, verdict in results:
            prior = known.get(rec.id)
            issued = prior.issued if prior else now
            stamps = {"issued": issued, "now": now, "run": run}
            try:
                text = self._record_ntriples(rec, entity, graph, verdict, stamps, keys.get(rec.id, set()),
                                             others.get(rec.id, set()))
            except ValueError as exc:  # e.g. an IRI with a space from the source: this record only
                verdict = Verdict(False, None, f"cannot be stored: {exc}")
                text = self._record_ntriples(rec, None, None, verdict, stamps, set(), set())
            graphs[self.ctx.minter.graph(rec.source, rec.id)] = text
            self._count(report, rec, prior, verdict)
            known[rec.id] = _Known(rec.hash, issued, PUBLISHED if verdict.conforms else QUARANTINED)
        if not report.dry_run:
            self.store.replace_graphs(graphs)

    def _record_ntriples(self, rec: SourceRecord, entity: URIRef | None, graph: Graph | None, verdict: Verdict,
                         stamps: dict[str, str], keys: set[str], others: set[str]) -> str:
        """The record's named graph: its entity's graph when it conforms, always its catalog record."""
        # Blank nodes (SHACL reports share the shapes' nodes) become IRIs inside the record's
        # graph: one update may not share a blank node between graphs, and IRIs dereference.
        genid = f"{self.ctx.minter.graph(rec.source, rec.id)}/genid/"
        text = ""
        if graph is not None and entity is not None and verdict.conforms:
            prov.link_copies(graph, entity, others)
            text = nt.skolem_ntriples(graph, genid)
        return text + prov.catalog_record(self.ctx.minter, rec, entity, verdict, issued=stamps["issued"],
                                          now=stamps["now"], run=stamps["run"], keys=keys, genid=genid)

    @staticmethod
    def _count(report: RunReport, rec: SourceRecord, prior: _Known | None, verdict: Verdict) -> None:
        if not verdict.conforms:
            report.quarantined.append((rec.id, report_messages(verdict.report) or [verdict.text]))
            change = "quarantine"
        elif prior is None:
            report.new += 1
            change = "new"
        else:
            report.updated += 1
            change = "republish" if prior.status == WITHDRAWN else "update"
        if report.dry_run:
            report.changes.append((change, rec.id))

    def _map(self, records: list[SourceRecord]) -> tuple[list[_Mapped], list[tuple[SourceRecord, Verdict]]]:
        mapped, failed = [], []
        for rec in records:
            try:
                entity, graph = map_record(rec, self.ctx)
            except (KeyError, ValueError, TypeError, AttributeError, RecordError) as exc:
                failed.append((rec, Verdict(False, None, f"mapping failed: {exc!r}")))
                continue
            mapped.append((rec, entity, graph))
        return mapped, failed

    def _withdraw(self, source: str, ids: list[str], report: RunReport) -> None:
        report.withdrawn += len(ids)
        if report.dry_run:
            report.changes.extend(("withdraw", rid) for rid in ids)
            return
        now = _now().isoformat()
        for i in range(0, len(ids), self.batch_size):
            prov.withdraw(self.store, self.ctx.minter, source, ids[i:i + self.batch_size], now)


def _unchanged(rec: SourceRecord, prior: _Known | None) -> bool:
    return prior is not None and prior.hash == rec.hash and prior.status != WITHDRAWN
