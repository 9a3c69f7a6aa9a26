"""Which harvester reads which declared source type, and what every harvester offers the pipeline.

The pipeline knows no source type: it asks :func:`harvester_for` and drives whatever comes back
through the :class:`Harvester` protocol. A new type is a module of this package plus one entry
in :data:`REGISTRY` (the same names as ``sources.HARVESTABLE``; a test holds them equal).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from ..errors import ConfigError
from ._records import HarvestOutcome, SourceRecord
from .sources import SourceDeclaration


@dataclass(frozen=True, slots=True)
class HarvestStart:
    """Where a run starts: what the store already holds of the source, and how far to go.

    Attributes:
        since: the cursor of the source's last run without failures (``None``: from the beginning).
        known: ids the store holds as published or quarantined, for a full run to confirm.
        full: fetch everything (a reconciliation run) even when there is a cursor.
        sleep: how to pause between attempts of a request (tests pass a recorder).
    """

    since: str | None = None
    known: frozenset[str] = frozenset()
    full: bool = False
    sleep: Callable[[float], None] = time.sleep


class Harvester(Protocol):
    """What the pipeline needs of a harvester.

    Attributes:
        outcome: completeness, cursor and failures; read once :meth:`records` is exhausted.
        organisations: records the mapping resolves partner names against before any record is
            mapped (the register's organisations; empty for portals).
        total: how many records :meth:`records` yields, when known beforehand (for progress).
    """

    outcome: HarvestOutcome

    @property
    def organisations(self) -> tuple[SourceRecord, ...]: ...

    @property
    def total(self) -> int | None: ...

    def records(self) -> Iterator[SourceRecord]:
        """The source's records, each id once (the last version of one met twice wins)."""
        ...


#: Builds the harvester of a declaration for one run.
HarvesterFactory = Callable[[SourceDeclaration, HarvestStart], Harvester]


# The factories import their module when called: the register needs no HTTP code, a CKAN run no rdflib parser.
def _ckan(decl: SourceDeclaration, start: HarvestStart) -> Harvester:
    from .ckan import CkanHarvester

    return CkanHarvester(decl, since=start.since, known=start.known, full=start.full, sleep=start.sleep)


def _dcat(decl: SourceDeclaration, start: HarvestStart) -> Harvester:
    from .dcat import DcatHarvester

    return DcatHarvester(decl, since=start.since, full=start.full, sleep=start.sleep)


def _register(decl: SourceDeclaration, start: HarvestStart) -> Harvester:
    from .register import RegisterHarvester

    return RegisterHarvester(decl)


#: Harvester factory by declared source type.
REGISTRY: Mapping[str, HarvesterFactory] = MappingProxyType({"ckan": _ckan, "dcat": _dcat, "register": _register})


def harvester_for(decl: SourceDeclaration, start: HarvestStart | None = None) -> Harvester:
    """The harvester of ``decl`` for a run from ``start`` (default: a first, full run).

    Raises:
        ConfigError: the declaration's type is not harvested (the gazetteer is reference data).
    """
    factory = REGISTRY.get(decl.type)
    if factory is None:
        raise ConfigError(
            f"{decl.file}: {decl.name!r} is of type {decl.type!r}, which is not harvested "
            f"(harvested: {', '.join(REGISTRY)})"
        )
    return factory(decl, start or HarvestStart())
