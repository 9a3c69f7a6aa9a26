"""The typed error hierarchy: every failure RegionGraph reports is one of these.

The command line exits with an error's ``exit_code``: 2 for every error unless a class says
otherwise (1 is kept for "ran, but records were quarantined or a page failed"). The whole table
is in ``regiongraph --help`` and docs/architecture.md; ``cli/_exit.py`` is where it is applied.
"""

from __future__ import annotations


class RegionGraphError(Exception):
    """Base of every error RegionGraph raises on purpose."""

    #: The command line's exit status for this error.
    exit_code: int = 2


class ConfigError(RegionGraphError):
    """Settings or a source declaration are missing or malformed."""


class ResolutionError(RegionGraphError):
    """A name could not be resolved to exactly one organisation."""

    def __init__(self, name: str, reason: str, candidates: tuple[str, ...] = ()) -> None:
        self.name = name
        self.reason = reason
        self.candidates = candidates
        more = f" (candidates: {', '.join(candidates)})" if candidates else ""
        super().__init__(f"cannot resolve {name!r}: {reason}{more}")


class RecordError(RegionGraphError):
    """A source record cannot be mapped; the record is quarantined, the run goes on."""

    def __init__(self, record_id: str, message: str) -> None:
        self.record_id = record_id
        super().__init__(f"{record_id}: {message}")


class StoreError(RegionGraphError):
    """The store refused or failed an operation."""


class StoreLockedError(StoreError):
    """Another process holds the store's write lock and the caller asked not to wait (``--no-wait``).

    Exit status 75 (``EX_TEMPFAIL`` of sysexits.h): nothing is wrong, try again later — a
    scheduler can tell it from a failed harvest (1) and a usage or setup error (2).
    """

    exit_code = 75


class QueryError(RegionGraphError):
    """A SPARQL query or a named query's parameters are invalid."""


class UnknownQueryError(QueryError):
    """No named query has that name."""


class SearchError(RegionGraphError):
    """The search index is missing, or could not answer."""


class UnknownSourceError(RegionGraphError):
    """A harvest source has no records in the store (or is not declared)."""


class SyncError(RegionGraphError):
    """A write-back call to a target CKAN failed for good."""


class TokenRejectedError(SyncError):
    """The target CKAN answered 403: the API token is missing or lacks the rights for the action."""
