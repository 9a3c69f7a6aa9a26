"""Harvest declared sources: find the declarations, pick the harvester, run it through the pipeline.

The register goes through :func:`harvest_register` with its own declaration; CKAN and DCAT portals
through their harvesters, incrementally from the last cursor unless ``full`` (or there is none).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from .. import ntriples as nt
from ..bootstrap import resolver_for
from ..config import Settings
from ..errors import ConfigError, RegionGraphError
from ..gazetteer import Resolver
from ..harvest.sources import HARVESTABLE, SourceDeclaration, read_declarations
from ..iris import Minter
from ..mapping import MappingContext
from ..namespaces import ADMS, RG
from ..store import EmbeddedStore, GraphStore
from ..validate import Validator
from . import _records as prov
from ._build import Progress, harvest_register
from ._pipeline import WITHDRAWN, Pipeline, RunReport


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


class _LazyResolver:
    """The gazetteer resolver, read on first use: a run with nothing new to map never needs it (about 1 s).

    Args:
        settings: where the gazetteer is.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings, self._resolver = settings, None

    def __getattr__(self, name: str):
        if name.startswith("_"):  # copy and pickle probe for these before __init__ has run
            raise AttributeError(name)
        if self._resolver is None:
            self._resolver = resolver_for(self._settings)
        return getattr(self._resolver, name)


def harvester_for(decl: SourceDeclaration, *, since: str | None, known: set[str], full: bool,
                  sleep: Callable[[float], None] = time.sleep):
    """The CKAN or DCAT harvester of ``decl`` (imported here: the register needs neither)."""
    if decl.type == "ckan":
        from ..harvest.ckan import CkanHarvester

        return CkanHarvester(decl, since=since, known=known, full=full, sleep=sleep)
    from ..harvest.dcat import DcatHarvester

    return DcatHarvester(decl, since=since, full=full, sleep=sleep)


def harvest_source(settings: Settings, store: GraphStore, decl: SourceDeclaration, *, full: bool = False,
                   dry_run: bool = False, recheck: bool = False, progress: Progress | None = None,
                   sleep: Callable[[float], None] = time.sleep) -> RunReport:
    """Harvest one declared source into ``store`` (nothing is written with ``dry_run``).

    Args:
        recheck: map and validate every record again, unchanged ones too (a full run: all are fetched).
    """
    if not dry_run:
        mark_interrupted(store)
    if decl.type == "register":
        return harvest_register(settings, store, decl=decl, progress=progress, dry_run=dry_run, recheck=recheck)
    full = full or recheck
    resolver = cast(Resolver, _LazyResolver(settings))
    ctx = MappingContext(Minter(settings.base_iri), resolver, options=dict(decl.mapping))
    pipeline = Pipeline(store, ctx, Validator(settings.resource("shapes")), batch_size=settings.validation_batch,
                        workers=settings.harvest_workers)
    known = pipeline.known(decl.name)
    held = {rid for rid, k in known.items() if k.status != WITHDRAWN}
    harvester = harvester_for(decl, since=pipeline.cursor(decl.name), known=held, full=full, sleep=sleep)
    step = (lambda n: progress(decl.name, n, None)) if progress else None
    started = datetime.now(UTC)
    try:
        return pipeline.run(decl.name, harvester.records(), progress=step, outcome=harvester.outcome,
                            dry_run=dry_run, known=known, recheck=recheck)
    except BaseException as exc:  # the run must not stay "running": mark it, then report or re-raise
        if not dry_run:
            _mark_aborted(store, ctx.minter, decl.name)
        if isinstance(exc, RegionGraphError) or not isinstance(exc, Exception):
            raise
        return _stopped(decl.name, started, exc, dry_run=dry_run)


def _stopped(source: str, started: datetime, exc: Exception, *, dry_run: bool) -> RunReport:
    """The report of a run that something unexpected stopped: one failure saying what, nothing withdrawn."""
    report = RunReport(source, started, dry_run=dry_run)
    report.failed.append(("harvest stopped", f"an unexpected {type(exc).__name__} ({exc}) ended the run; "
                                              "it is marked aborted"))
    report.ended = datetime.now(UTC)
    return report


def _mark_aborted(store: GraphStore, minter: Minter, source: str) -> None:
    """Mark the source's running run aborted; a store that fails here already has an error to report."""
    with suppress(Exception):
        prov.mark_aborted(store, minter, source)


def mark_interrupted(store: GraphStore) -> None:
    """Mark every run still written as running aborted, whatever its source, when this process is the only writer.

    The embedded store is written under its lock (:mod:`regiongraph.store.snapshots`), so a run
    still "running" when we hold it belongs to a process that died (killed, crashed) — it would
    otherwise stay "running" until its own source is harvested again. A remote store has no
    lock of ours: there only a source's own next run marks its dead runs (:meth:`Pipeline.run`).
    """
    if not isinstance(store, EmbeddedStore) or getattr(store, "read_only", False):
        return
    status, running = nt.iri(str(ADMS.status)), nt.iri(prov.RUNNING)
    store.update(
        f"DELETE {{ GRAPH ?g {{ ?run {status} {running} }} }} "
        f"INSERT {{ GRAPH ?g {{ ?run {status} {nt.iri(prov.ABORTED)} }} }} "
        f"WHERE {{ GRAPH ?g {{ ?run a {nt.iri(str(RG.HarvestRun))} ; {status} {running} }} }}")
