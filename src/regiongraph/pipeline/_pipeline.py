"""The one path into the store: source records → mapping → SHACL gate → one named graph each.

A record is published when it conforms, quarantined with its report when it does not,
skipped when its content hash is unchanged, and marked withdrawn when a complete harvest of
its source no longer has it (a withdrawn record that comes back is published again). Every
batch is written in one transaction, and the run's cursor is written last, so a crash never
leaves a record half-written and the next run starts where the last finished one did. The run
itself (its prov:Activity) is written first, as running, so every record points at a run that
exists; the next run of the source marks a run that died aborted.

Mapping, the gate and serialising may run in worker processes (:mod:`regiongraph.pipeline._stage`)
while this process fetches the next pages and writes; the store is written here only.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice

from ..harvest import HarvestOutcome, SourceRecord
from ..iris import Minter
from ..mapping import MappingContext
from ..store import GraphStore
from ..validate import Validator, Verdict
from . import _ledger as ledger
from ._records import (
    PUBLISHED,
    QUARANTINED,
    WITHDRAWN,
    catalog_record,
    link_copies,
    pending_iris,
    pending_version,
    run_activity,
)
from ._stage import Prepared, Stage, rejected

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
    #: The shapes differ from those of the source's last run, and unchanged records were not checked again.
    shapes_changed: bool = False

    @property
    def counts(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "withdrawn": self.withdrawn,
            "quarantined": len(self.quarantined),
            "failed": len(self.failed),
        }

    @property
    def ok(self) -> bool:
        """Nothing failed and nothing was quarantined."""
        return not (self.failed or self.quarantined)


@dataclass(frozen=True, slots=True)
class _Known:
    """What the store holds of one record.

    Attributes:
        hash: content hash of the newest version the source sent (a stale record's pending one).
        kept: content hash of the version in the public graph (= ``hash`` unless stale).
        stale: a published version is kept while a newer one waits in quarantine.
    """

    hash: str
    issued: str
    status: str
    kept: str = ""
    stale: bool = False


def known_of(store: GraphStore, minter: Minter, source: str) -> dict[str, _Known]:
    """Every record ``store`` holds for ``source``, by source id (one query), as a run compares with them."""
    return {k: _Known(*v) for k, v in ledger.known_records(store, minter, source).items()}


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


@dataclass
class _Pending:
    """A batch on its way: all its records, the ones that need mapping, and how to wait for them."""

    batch: list[SourceRecord]
    todo: list[SourceRecord]
    result: Callable[[], tuple[list[Prepared], dict[str, float]]]


class Pipeline:
    """Harvests one source into a store.

    Args:
        store: where records go.
        ctx: mapping context (IRIs, resolver, organisations, the source's mapping options).
        validator: the SHACL gate.
        batch_size: records per SHACL call and per write transaction.
        workers: processes that map and validate while this one fetches and writes (0: none;
            they start with a run's second batch).
    """

    def __init__(
        self, store: GraphStore, ctx: MappingContext, validator: Validator, *, batch_size: int = 100, workers: int = 0
    ) -> None:
        self.store, self.ctx, self.validator, self.batch_size = store, ctx, validator, batch_size
        self.workers = workers

    def known(self, source: str) -> dict[str, _Known]:
        """Every record the store holds for ``source``, by source id."""
        return known_of(self.store, self.ctx.minter, source)

    def cursor(self, source: str) -> str | None:
        """Where the next incremental run of ``source`` starts (``None``: never finished without failures)."""
        return ledger.last_cursor(self.store, self.ctx.minter, source)

    def run(
        self,
        source: str,
        records: Iterable[SourceRecord],
        *,
        progress: Callable[[int], None] | None = None,
        complete: bool = True,
        outcome: HarvestOutcome | None = None,
        dry_run: bool = False,
        known: dict[str, _Known] | None = None,
        recheck: bool = False,
    ) -> RunReport:
        """Harvest ``records`` of ``source``.

        Args:
            complete: the records are the whole source: ids not among them are withdrawn.
            outcome: the harvester's outcome, read once ``records`` is exhausted; it overrides
                ``complete`` and brings failures and the cursor.
            dry_run: map and validate, but write nothing; ``RunReport.changes`` lists what would change.
            known: :meth:`known` of ``source``, when the caller has just read it (one query over all its records).
            recheck: map and validate unchanged records too, as after a change to the shapes or the mapping:
                a record quarantined under the old shapes may now be published, and the other way round.
        """
        report = RunReport(source, _now(), dry_run=dry_run)
        run_iri = self.ctx.minter.run(source, report.started.strftime("%Y%m%dT%H%M%S%fZ"))
        known = self._prior(source, known, recheck, report)
        if not dry_run:  # the run exists before any record points at it; a run that died before is marked
            ledger.mark_aborted(self.store, self.ctx.minter, source)
            self.store.replace_graphs({run_iri: run_activity(run_iri, self.ctx.minter, source, report.started)})
        seen = self._harvest(records, known, report, run_iri, progress)
        if outcome is not None:
            complete = outcome.complete and not outcome.failures
            report.failed.extend(outcome.failures)
            report.cursor = outcome.cursor if not outcome.failures else None
        if complete:
            gone = sorted(rid for rid, k in known.items() if rid not in seen and k.status != WITHDRAWN)
            self._timed(report, "writing", self._withdraw, source, gone, report)
        report.ended = _now()
        # The digest says "every record has met these shapes": not after a run that skipped unchanged records
        # under new shapes, nor after a recheck that did not see the whole source (a page failed).
        shapes = None if report.shapes_changed or (recheck and not complete) else self.validator.digest
        if not dry_run:
            self.store.replace_graphs(
                {
                    run_iri: run_activity(
                        run_iri,
                        self.ctx.minter,
                        source,
                        report.started,
                        report.ended,
                        report.counts,
                        report.timings,
                        report.cursor,
                        shapes,
                    )
                }
            )
        return report

    def _prior(
        self, source: str, known: dict[str, _Known] | None, recheck: bool, report: RunReport
    ) -> dict[str, _Known]:
        """The records ``source`` holds, as the run compares with them; ``report`` learns if the shapes changed."""
        known = self.known(source) if known is None else known
        if recheck:  # no stored hash matches any more, so every record is checked; first-seen dates stay
            return {rid: replace(k, hash="") for rid, k in known.items()}
        if known:
            last = ledger.last_shapes(self.store, self.ctx.minter, source)
            report.shapes_changed = last is not None and last != self.validator.digest
        return known

    def _harvest(
        self,
        records: Iterable[SourceRecord],
        known: dict[str, _Known],
        report: RunReport,
        run: str,
        progress: Callable[[int], None] | None,
    ) -> set[str]:
        """Every batch through the stage and into the store, up to ``depth`` batches in flight; the ids seen."""
        seen: set[str] = set()
        stage = Stage(self.ctx, self.validator, self.workers)
        pending: deque[_Pending] = deque()
        try:
            for batch in _batches(records, self.batch_size, report.timings):
                seen.update(r.id for r in batch)
                todo = [r for r in batch if not _unchanged(r, known.get(r.id))]
                pending.append(_Pending(batch, todo, stage.submit(todo)))
                while len(pending) > stage.depth:
                    self._write_batch(pending.popleft(), known, report, run, progress)
            while pending:
                self._write_batch(pending.popleft(), known, report, run, progress)
        finally:
            stage.close()
        return seen

    @staticmethod
    def _timed(report: RunReport, phase: str, fn: Callable, *args):
        t = time.perf_counter()
        try:
            return fn(*args)
        finally:
            report.timings[phase] += time.perf_counter() - t

    def _write_batch(
        self,
        pending: _Pending,
        known: dict[str, _Known],
        report: RunReport,
        run: str,
        progress: Callable[[int], None] | None,
    ) -> None:
        prepared, timings = pending.result()
        for phase, seconds in timings.items():  # with workers: their time, beside the fetching and writing here
            report.timings[phase] += seconds
        by_id = {p.id: p for p in prepared}
        # A record that an earlier batch in flight wrote with the same content is unchanged after all.
        fresh = [(rec, by_id[rec.id]) for rec in pending.todo if not _unchanged(rec, known.get(rec.id))]
        order = {p.id: i for i, p in enumerate(prepared)}
        fresh.sort(key=lambda pair: order[pair[0].id])
        changed = {rec.id for rec, _ in fresh}
        unchanged = [r.id for r in pending.batch if r.id not in changed]
        now = _now().isoformat()
        if unchanged and not report.dry_run:
            self._timed(
                report, "writing", ledger.touch_last_seen, self.store, self.ctx.minter, report.source, unchanged, now
            )
        report.unchanged += len(unchanged)
        self._timed(report, "writing", self._store_results, fresh, known, report, run, now)
        if progress:
            progress(len(pending.batch))

    def _store_results(
        self,
        results: list[tuple[SourceRecord, Prepared]],
        known: dict[str, _Known],
        report: RunReport,
        run: str,
        now: str,
    ) -> None:
        """Write the batch's records in one transaction; a published record whose new version fails stays.

        Its graph is written back unchanged but marked stale, beside the new version's pending
        graph; a later version that passes (or a quarantine that keeps nothing) drops that graph.
        """
        keys = {rec.id: set(p.keys) for rec, p in results if p.conforms}
        others = ledger.copies(self.store, self.ctx.minter, report.source, keys)
        graphs: dict[str, str] = {}
        stale: list[str] = []
        for rec, prepared in results:
            prior = known.get(rec.id)
            issued = prior.issued if prior else now
            try:
                text = self._record_ntriples(rec, prepared, issued, now, run, others.get(rec.id, set()))
            except ValueError as exc:  # an IRI of the record itself cannot be written: this record only
                prepared = rejected(self.ctx, rec, Verdict(False, None, f"cannot be stored: {exc}"))
                text = self._record_ntriples(rec, prepared, issued, now, run, set())
            self._count(report, rec, prior, prepared)
            if self._place(rec, prepared, text, prior=prior, stamps=(issued, now, run), graphs=graphs, known=known):
                stale.append(rec.id)
        if stale and not report.dry_run:
            kept = ledger.kept_graphs(self.store, self.ctx.minter, report.source, stale, now)
            graphs.update({self.ctx.minter.graph(report.source, rid): text for rid, text in kept.items()})
        if not report.dry_run:
            self.store.replace_graphs(graphs)

    def _place(
        self,
        rec: SourceRecord,
        prepared: Prepared,
        text: str,
        *,
        prior: _Known | None,
        stamps: tuple[str, str, str],
        graphs: dict[str, str],
        known: dict[str, _Known],
    ) -> bool:
        """Put the graphs of ``rec`` into ``graphs``; true when its published version is kept, marked stale.

        ``stamps``: first seen, now, the run.
        """
        issued, now, run = stamps
        pending_graph, _ = pending_iris(self.ctx.minter, rec.source, rec.id)
        if prior is not None and _keeps(prior, rec, prepared):
            known[rec.id] = replace(prior, hash=rec.hash, stale=True)
            graphs[pending_graph] = pending_version(
                self.ctx.minter, rec, prepared.quarantine, issued=issued, now=now, run=run
            )
            return True
        if prior is not None and prior.stale:
            graphs[pending_graph] = ""  # the pending version is superseded by this one
        graphs[self.ctx.minter.graph(rec.source, rec.id)] = text
        known[rec.id] = _Known(rec.hash, issued, PUBLISHED if prepared.conforms else QUARANTINED, rec.hash)
        return False

    def _record_ntriples(
        self, rec: SourceRecord, prepared: Prepared, issued: str, now: str, run: str, others: set[str]
    ) -> str:
        """The record's named graph: its entity's graph when it conforms, always its catalog record."""
        text = prepared.data
        if prepared.conforms and prepared.entity is not None:
            text += link_copies(prepared.entity, others)
        return (
            text
            + prepared.quarantine
            + catalog_record(
                self.ctx.minter,
                rec,
                prepared.entity,
                published=prepared.conforms,
                issued=issued,
                now=now,
                run=run,
                keys=prepared.keys,
            )
        )

    @staticmethod
    def _count(report: RunReport, rec: SourceRecord, prior: _Known | None, prepared: Prepared) -> None:
        if not prepared.conforms:
            report.quarantined.append((rec.id, list(prepared.messages)))
            change = "quarantine"
        elif prior is None:
            report.new += 1
            change = "new"
        else:
            report.updated += 1
            change = "republish" if prior.status == WITHDRAWN else "update"
        if report.dry_run:
            report.changes.append((change, rec.id))

    def _withdraw(self, source: str, ids: list[str], report: RunReport) -> None:
        report.withdrawn += len(ids)
        if report.dry_run:
            report.changes.extend(("withdraw", rid) for rid in ids)
            return
        now = _now().isoformat()
        for i in range(0, len(ids), self.batch_size):
            ledger.withdraw(self.store, self.ctx.minter, source, ids[i : i + self.batch_size], now)


def _keeps(prior: _Known | None, rec: SourceRecord, prepared: Prepared) -> bool:
    """A new version failed, and the store has a published version of other content to keep meanwhile.

    The same content failing (a recheck under stricter shapes) is no newer version: it is quarantined.
    """
    return (
        not prepared.conforms
        and prior is not None
        and prior.status == PUBLISHED
        and bool(prior.kept)
        and prior.kept != rec.hash
    )


def _unchanged(rec: SourceRecord, prior: _Known | None) -> bool:
    return prior is not None and prior.hash == rec.hash and prior.status != WITHDRAWN
