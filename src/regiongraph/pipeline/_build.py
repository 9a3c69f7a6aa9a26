"""Fill a store with what every instance carries: the reference graphs, then the bundled register, harvested."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..bootstrap import load_reference
from ..harvest.sources import read_declaration
from ..store import GraphStore
from ._pipeline import RunReport
from ._runs import Progress, harvest_source
from ._services import HarvestServices


@dataclass
class BuildReport:
    """What :func:`build` loaded (``True``) or found current (``False``), and the register run."""

    reference: dict[str, bool]
    register: RunReport


def build(services: HarvestServices, store: GraphStore, *, progress: Progress | None = None) -> BuildReport:
    """Load reference graphs and harvest the bundled register into ``store``."""
    return BuildReport(load_reference(services.settings, store), harvest_register(services, store, progress=progress))


def harvest_register(
    services: HarvestServices,
    store: GraphStore,
    *,
    progress: Progress | None = None,
    folder: Path | None = None,
    dry_run: bool = False,
    recheck: bool = False,
) -> RunReport:
    """Harvest the bundled register (:func:`harvest_source` of ``harvesters/register.toml``).

    Args:
        folder: read the register files from here instead (``regiongraph validate FOLDER``, tests).
        dry_run: write nothing.
        recheck: map and validate unchanged records too (see :meth:`Pipeline.run`).
    """
    decl = read_declaration(services.settings.resource("harvesters", "register.toml"))
    if folder is not None:  # an absolute path replaces the declaration's folder beside its file
        decl = replace(decl, path=str(folder.resolve()))
    return harvest_source(services, store, decl, progress=progress, dry_run=dry_run, recheck=recheck)
