"""The CPU half of the pipeline: map, gate, measure and serialise a batch of records, inline or in worker processes.

Mapping and the SHACL gate need nothing from the store, so a run of many batches hands them
to forked worker processes while the parent fetches the next pages and writes the previous
batch (pyoxigraph holds the GIL while it writes, so threads would not overlap). What comes
back is plain text and strings: the store, the stamps of the run and the links to copies in
other sources stay with the parent, which is the single writer.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool

from ..errors import RecordError
from ..harvest import SourceRecord
from ..mapping import MappingContext, add_quality, map_record
from ..recordgraph import skolem_ntriples
from ..validate import Validator, Verdict, report_messages
from ._records import identity_keys, quarantine

#: What a mapping profile raises for a record it cannot read: that record fails, not the batch.
MAPPING_ERRORS = (KeyError, ValueError, TypeError, AttributeError, RecordError)
Timings = dict[str, float]
_PR_SET_PDEATHSIG = 1
#: Added to the workers' niceness.
WORKER_NICENESS = 5


@dataclass(frozen=True, slots=True)
class Prepared:
    """One record, mapped and checked, ready for its named graph.

    Attributes:
        id: the record's source id.
        entity: IRI of the dataset or register entity (``None`` when nothing could be mapped or stored).
        conforms: passed the gate and can be written; otherwise ``quarantine`` holds payload and report.
        messages: the violations, one line each (empty when it conforms).
        data: the entity's graph as N-Triples, blank nodes skolemised ('' unless it conforms).
        quarantine: payload and SHACL report as N-Triples ('' when it conforms).
        keys: identity keys under which copies in other sources are found.
    """

    id: str
    entity: str | None
    conforms: bool
    messages: tuple[str, ...]
    data: str
    quarantine: str
    keys: frozenset[str]


def genid(ctx: MappingContext, rec: SourceRecord) -> str:
    """Prefix of the IRIs blank nodes become inside the record's named graph.

    One update may not share a blank node between graphs (SHACL reports share the shapes'
    nodes), and IRIs dereference.
    """
    return f"{ctx.minter.graph(rec.source, rec.id)}/genid/"


def rejected(ctx: MappingContext, rec: SourceRecord, verdict: Verdict) -> Prepared:
    """A record that goes to quarantine with ``verdict``."""
    messages = tuple(report_messages(verdict.report, ckan=rec.kind.startswith("ckan")) or [verdict.text])
    return Prepared(
        rec.id, None, False, messages, "", quarantine(ctx.minter, rec, verdict, genid(ctx, rec)), frozenset()
    )


def prepare(records: list[SourceRecord], ctx: MappingContext, validator: Validator) -> tuple[list[Prepared], Timings]:
    """Map ``records``, check them with one SHACL call, measure and serialise the ones that pass.

    Returns:
        One :class:`Prepared` per record (the mapped ones first, then those whose mapping
        failed), and the seconds spent mapping (measurements included) and validating.
    """
    timings = {"mapping": 0.0, "validating": 0.0}
    t = time.perf_counter()
    mapped, failed = [], []
    for rec in records:
        try:
            entity, graph = map_record(rec, ctx, quality=False)
        except MAPPING_ERRORS as exc:
            failed.append(rejected(ctx, rec, Verdict(False, None, f"mapping failed: {exc!r}")))
            continue
        mapped.append((rec, entity, graph))
    timings["mapping"] += time.perf_counter() - t
    t = time.perf_counter()
    verdicts = validator.check_batch([g for _, _, g in mapped])
    timings["validating"] += time.perf_counter() - t
    t = time.perf_counter()
    out = [
        _finish(ctx, rec, entity, graph, verdict)
        for (rec, entity, graph), verdict in zip(mapped, verdicts, strict=True)
    ]
    timings["mapping"] += time.perf_counter() - t
    return out + failed, timings


def _finish(ctx: MappingContext, rec: SourceRecord, entity, graph, verdict: Verdict) -> Prepared:
    if not verdict.conforms:
        return rejected(ctx, rec, verdict)
    keys = frozenset(identity_keys(rec, entity, graph))
    # Measured after the gate: its shapes check the DCAT core, not DQV, and only what is published counts.
    add_quality(rec, ctx, entity, graph)
    try:
        data = skolem_ntriples(graph, genid(ctx, rec))
    except ValueError as exc:  # e.g. an IRI with a space from the source: this record only
        return rejected(ctx, rec, Verdict(False, None, f"cannot be stored: {exc}"))
    return Prepared(rec.id, str(entity), True, (), data, "", keys)


_WORKER: tuple[MappingContext, Validator] | None = None


def _in_worker(records: list[SourceRecord]) -> tuple[list[Prepared], Timings]:
    assert _WORKER is not None, "not a worker process"
    return prepare(records, *_WORKER)


def _start_worker(ctx: MappingContext, validator: Validator, parent: int) -> None:
    global _WORKER
    _WORKER = (ctx, validator)
    _die_with(parent)
    # The harvest process writes the store, the slowest step: it goes first when the cores are busy.
    os.nice(WORKER_NICENESS)


def _die_with(parent: int) -> None:
    """End this worker when the harvest process ends, even by SIGKILL.

    A forked worker shares the harvest's write lock (``flock`` follows the open file), so an
    orphan would keep the next harvest waiting; and it would wait for tasks forever.
    """
    try:
        libc = ctypes.CDLL(None)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)  # Linux: the kernel does it at once
    except (OSError, AttributeError):
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it ended before the line above took effect
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


class Stage:
    """Runs :func:`prepare` inline, or in ``workers`` forked processes once a run has more than one batch.

    The pool starts with the second batch, so a small harvest (and a test) pays nothing for it,
    and forks a parent that has already read the gazetteer and the shapes.

    Args:
        ctx: the run's mapping context.
        validator: the SHACL gate.
        workers: worker processes (0: everything inline).
    """

    def __init__(self, ctx: MappingContext, validator: Validator, workers: int) -> None:
        self.ctx, self.validator, self.workers = ctx, validator, workers
        self._pool: Pool | None = None
        self._batches = 0  # from the second on, the collector skips what the process held before it

    def submit(self, records: list[SourceRecord]) -> Callable[[], tuple[list[Prepared], Timings]]:
        """Start preparing ``records``; the returned function waits for the result."""
        self._batches += 1
        if self._batches == 2:
            # What the process holds by now (gazetteer, shapes, imports) stays: keep it out of the
            # collector's passes (a quarter of the mapping's time) and, once forked, shared with the workers.
            gc.collect()
            gc.freeze()
        if not records or self._batches < 2 or not self._start():
            result = prepare(records, self.ctx, self.validator)
            return lambda: result
        assert self._pool is not None
        pending: AsyncResult = self._pool.apply_async(_in_worker, (records,))
        return pending.get

    def _start(self) -> bool:
        """Start the pool if there is to be one; whether there is."""
        if self._pool is None and self.workers > 0 and "fork" in multiprocessing.get_all_start_methods():
            self._pool = multiprocessing.get_context("fork").Pool(
                self.workers, initializer=_start_worker, initargs=(self.ctx, self.validator, os.getpid())
            )
        return self._pool is not None

    @property
    def depth(self) -> int:
        """Batches to keep in flight beside the one being written: one per worker."""
        return self.workers

    def close(self) -> None:
        """Stop the workers (after their last result was read)."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
        if self._batches >= 2:
            gc.unfreeze()
        self._batches = 0
