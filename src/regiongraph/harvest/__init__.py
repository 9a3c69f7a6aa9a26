"""Harvesters: each turns one kind of source into :class:`SourceRecord` values."""

from ._records import HarvestOutcome, SourceRecord, content_hash
from .register import read_register

__all__ = ["HarvestOutcome", "SourceRecord", "content_hash", "read_register"]
