"""Harvest declared sources: find the declarations, ask ``harvest`` for the harvester, run it through the pipeline.

One path for every source type: the register, CKAN and DCAT portals alike start from what the
store holds of the source (incrementally from the last cursor unless ``full``), map with the
organisations their harvester names, and run with the instance's workers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

from ..config import Settings
from ..errors import ConfigError, RegionGraphError
from ..harvest import HarvestStart, harvester_for
from ..harvest.sources import HARVESTABLE, SourceDeclaration, read_declarations
from ..iris import Minter
from ..mapping import MappingContext, OrganisationIndex
from ..store import GraphStore
from ._ledger import last_cursor, mark_aborted, mark_interrupted
from ._pipeline import WITHDRAWN, Pipeline, RunReport, known_of
from ._services import HarvestServices, deferred_resolver

#: How a harvest tells its progress: source, records done in the last step, records in all (if known).
Progress = Callable[[str, int, int | None], None]


def declaration_folders(settings: Settings) -> list[Path]:
    """The bundled ``harvesters/`` and, when set, ``sources_dir``."""
    folders = [settings.resource("harvesters")]
    if settings.sources_dir is not None:
        if not settings.sources_dir.is_dir():
            raise ConfigError(f"sources_dir {settings.sources_dir} is not a folder")
        folders.append(settings.sources_dir)
    return folders


def declared_sources(settings: Settings) -> dict[str, SourceDeclaration]:
    """Every declared source by name (checked; see :mod:`regiongraph.harvest.sources`)."""
    return read_declarations(declaration_folders(settings))


def select_sources(settings: Settings, names: tuple[str, ...], *, all_: bool) -> list[SourceDeclaration]:
    """The declarations to harvest: the named ones, or with ``all_`` every enabled harvestable one.

    Raises:
        ConfigError: a name is unknown, disabled or not harvestable.
    """
    declared = declared_sources(settings)
    if all_:
        return [d for d in declared.values() if d.enabled and d.type in HARVESTABLE]
    chosen = []
    for name in names:
        decl = declared.get(name)
        if decl is None:
            harvestable = ", ".join(n for n, d in declared.items() if d.type in HARVESTABLE)
            raise ConfigError(f"unknown source {name!r}; declared: {harvestable}")
        if decl.type not in HARVESTABLE:
            raise ConfigError(f"{name!r} ({decl.file.name}) is reference data, loaded by 'regiongraph load'")
        if not decl.enabled:
            raise ConfigError(f"source {name!r} is disabled (enabled = false in {decl.file}); enable it to harvest")
        chosen.append(decl)
    return chosen


def harvest_source(
    services: HarvestServices,
    store: GraphStore,
    decl: SourceDeclaration,
    *,
    full: bool = False,
    dry_run: bool = False,
    recheck: bool = False,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> RunReport:
    """Harvest one declared source of any harvestable type into ``store`` (nothing is written with ``dry_run``).

    Args:
        full: fetch everything and withdraw what the source no longer has, even when there is a cursor.
        recheck: map and validate every record again, unchanged ones too (a full run: all are fetched).
        progress: told after every batch written.
        sleep: how the harvester pauses between attempts of a request.

    Raises:
        ConfigError: the declaration cannot be harvested (its type, or a register file is invalid).
        RegionGraphError: the store failed; an unexpected error instead ends the run with a failure.
    """
    if not dry_run:
        mark_interrupted(store)
    known = known_of(store, services.minter, decl.name)
    held = frozenset(rid for rid, k in known.items() if k.status != WITHDRAWN)
    start = HarvestStart(
        since=last_cursor(store, services.minter, decl.name), known=held, full=full or recheck, sleep=sleep
    )
    harvester = harvester_for(decl, start)
    organisations = OrganisationIndex.from_records(harvester.organisations)
    ctx = MappingContext(services.minter, deferred_resolver(services), organisations, options=dict(decl.mapping))
    settings = services.settings
    pipeline = Pipeline(
        store, ctx, services.validator, batch_size=settings.validation_batch, workers=settings.harvest_workers
    )
    total = harvester.total
    step = (lambda n: progress(decl.name, n, total)) if progress else None
    started = datetime.now(UTC)
    try:
        return pipeline.run(
            decl.name,
            harvester.records(),
            progress=step,
            outcome=harvester.outcome,
            dry_run=dry_run,
            known=known,
            recheck=recheck,
        )
    except BaseException as exc:  # the run must not stay "running": mark it, then report or re-raise
        if not dry_run:
            _mark_aborted(store, services.minter, decl.name)
        if isinstance(exc, RegionGraphError) or not isinstance(exc, Exception):
            raise
        return _stopped(decl.name, started, exc, dry_run=dry_run)


def _stopped(source: str, started: datetime, exc: Exception, *, dry_run: bool) -> RunReport:
    """The report of a run that something unexpected stopped: one failure saying what, nothing withdrawn."""
    report = RunReport(source, started, dry_run=dry_run)
    report.failed.append(
        ("harvest stopped", f"an unexpected {type(exc).__name__} ({exc}) ended the run; it is marked aborted")
    )
    report.ended = datetime.now(UTC)
    return report


def _mark_aborted(store: GraphStore, minter: Minter, source: str) -> None:
    """Mark the source's running run aborted; a store that fails here already has an error to report."""
    with suppress(Exception):
        mark_aborted(store, minter, source)
