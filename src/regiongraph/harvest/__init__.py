"""Harvesters: each turns one kind of source into :class:`SourceRecord` values; :func:`harvester_for` picks one."""

from ._records import HarvestOutcome, SourceRecord, content_hash
from ._registry import REGISTRY, Harvester, HarvesterFactory, HarvestStart, harvester_for
from .register import RegisterHarvester, read_register

__all__ = [
    "REGISTRY",
    "HarvestOutcome",
    "HarvestStart",
    "Harvester",
    "HarvesterFactory",
    "RegisterHarvester",
    "SourceRecord",
    "content_hash",
    "harvester_for",
    "read_register",
]
