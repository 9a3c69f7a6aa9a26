"""Fill a store with what every instance carries: the reference graphs, then the bundled register, harvested."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..bootstrap import load_reference, resolver_for
from ..config import Settings
from ..errors import ConfigError
from ..harvest import read_register
from ..harvest.sources import SourceDeclaration, read_declaration
from ..iris import Minter
from ..mapping import MappingContext, OrganisationIndex
from ..store import GraphStore
from ..validate import Validator
from ._pipeline import Pipeline, RunReport

Progress = Callable[[str, int, int | None], None]


@dataclass
class BuildReport:
    """What :func:`build` loaded (``True``) or found current (``False``), and the register run."""

    reference: dict[str, bool]
    register: RunReport


def build(settings: Settings, store: GraphStore, *, progress: Progress | None = None) -> BuildReport:
    """Load reference graphs and harvest the bundled register into ``store``."""
    return BuildReport(load_reference(settings, store), harvest_register(settings, store, progress=progress))


def harvest_register(settings: Settings, store: GraphStore, *, decl: SourceDeclaration | None = None,
                     progress: Progress | None = None, folder: Path | None = None, dry_run: bool = False,
                     recheck: bool = False) -> RunReport:
    """Run the register harvester of ``decl`` (default: the bundled register); ``dry_run`` writes nothing.

    The records are read from ``folder``, else from the declaration's ``path`` beside its own file,
    so a register declared in ``sources_dir`` harvests its own files. ``recheck`` maps and
    validates unchanged records too (see :meth:`Pipeline.run`).
    """
    decl = decl or read_declaration(settings.resource("harvesters", "register.toml"))
    if decl.type != "register" or decl.path is None:  # read_declaration ensures a register has a path
        raise ConfigError(f"{decl.file}: {decl.name!r} is not a register declaration")
    folder = folder or decl.file.parent / decl.path
    records = list(read_register(folder, source=decl.name))
    ctx = MappingContext(Minter(settings.base_iri), resolver_for(settings), OrganisationIndex.from_records(records))
    pipeline = Pipeline(store, ctx, Validator(settings.resource("shapes")), batch_size=settings.validation_batch,
                        workers=settings.harvest_workers)
    step = (lambda n: progress(decl.name, n, len(records))) if progress else None
    return pipeline.run(decl.name, records, progress=step, dry_run=dry_run, recheck=recheck)
