"""What every harvester yields: plain source records with a stable id and a content hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any


def content_hash(payload: Any) -> str:
    """sha256 of the canonical JSON of ``payload``: equal content, equal hash, whatever the order."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One record as its source delivered it.

    Attributes:
        source: name of the harvest source (``register``, a portal name, …).
        id: the record's id at its source, stable across runs.
        kind: which mapping profile reads it (``cooperation``, ``project``, ``dataset`` …).
        payload: the record itself, JSON-compatible.
        modified: the source's own modification stamp, if it has one.
    """

    source: str
    id: str
    kind: str
    payload: dict[str, Any]
    modified: str | None = None
    hash: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hash", content_hash({"kind": self.kind, **self.payload}))


@dataclass
class HarvestOutcome:
    """What a harvester knows once its records are exhausted, beside the records themselves.

    Attributes:
        complete: the records cover the whole source, so ids not among them are gone and may
            be withdrawn. ``False`` for incremental runs and for runs with failures.
        cursor: the source's newest modification stamp seen; the next incremental run starts there.
        failures: what could not be fetched (a page, a request), one readable message each.
        requests: requests sent to the source, retries included.
    """

    complete: bool = False
    cursor: str | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)
    requests: int = 0

    def fail(self, what: str, message: str) -> None:
        """Record a failure: the run is then not complete, whatever it was meant to be."""
        self.failures.append((what, message))
        self.complete = False
