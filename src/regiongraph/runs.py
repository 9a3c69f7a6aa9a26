"""Harvest declared sources: find the declarations, pick the harvester, run it through the pipeline.

The register goes through :func:`regiongraph.bootstrap.harvest_register`; CKAN and DCAT portals
through their harvesters, incrementally from the last cursor unless ``full`` (or there is none).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import cast

from .bootstrap import Progress, harvest_register, resolver_for
from .config import Settings
from .errors import ConfigError
from .gazetteer import Resolver
from .harvest.sources import HARVESTABLE, SourceDeclaration, read_declarations
from .iris import Minter
from .mapping import MappingContext
from .pipeline import WITHDRAWN, Pipeline, RunReport
from .store import GraphStore
from .validate import Validator


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
        from .harvest.ckan import CkanHarvester

        return CkanHarvester(decl, since=since, known=known, full=full, sleep=sleep)
    from .harvest.dcat import DcatHarvester

    return DcatHarvester(decl, since=since, full=full, sleep=sleep)


def harvest_source(settings: Settings, store: GraphStore, decl: SourceDeclaration, *, full: bool = False,
                   dry_run: bool = False, recheck: bool = False, progress: Progress | None = None,
                   sleep: Callable[[float], None] = time.sleep) -> RunReport:
    """Harvest one declared source into ``store`` (nothing is written with ``dry_run``).

    Args:
        recheck: map and validate every record again, unchanged ones too (a full run: all are fetched).
    """
    if decl.type == "register":
        return harvest_register(settings, store, progress=progress, dry_run=dry_run, recheck=recheck)
    full = full or recheck
    resolver = cast(Resolver, _LazyResolver(settings))
    ctx = MappingContext(Minter(settings.base_iri), resolver, options=dict(decl.mapping))
    pipeline = Pipeline(store, ctx, Validator(settings.resource("shapes")), batch_size=settings.validation_batch,
                        workers=settings.harvest_workers)
    known = pipeline.known(decl.name)
    held = {rid for rid, k in known.items() if k.status != WITHDRAWN}
    harvester = harvester_for(decl, since=pipeline.cursor(decl.name), known=held, full=full, sleep=sleep)
    step = (lambda n: progress(decl.name, n, None)) if progress else None
    return pipeline.run(decl.name, harvester.records(), progress=step, outcome=harvester.outcome, dry_run=dry_run,
                        known=known, recheck=recheck)
