"""Write-back: RegionGraph's published records into a target CKAN portal, idempotently, through ckanapi.

:func:`sync_ckan` plans (create / update with a field-level diff / delete / unchanged /
conflict), applies each change with one retried call unless it is a dry run, and returns
a :class:`SyncReport` of what was applied and what failed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ..catalog import context_for
from ..config import Settings
from ..store import GraphStore
from ._client import SyncError, Target, TokenRejectedError
from ._desired import OWNER_EXTRA, desired_packages, writable
from ._diff import diff, mapped_fields
from ._run import Change, SyncReport, apply, plan, sync

__all__ = [
    "OWNER_EXTRA",
    "Change",
    "SyncError",
    "SyncReport",
    "Target",
    "TokenRejectedError",
    "apply",
    "desired_packages",
    "diff",
    "mapped_fields",
    "plan",
    "sync",
    "sync_ckan",
    "writable",
]


def sync_ckan(
    settings: Settings,
    store: GraphStore,
    *,
    to: str,
    organization: str | None = None,
    dry_run: bool = False,
    sources: Sequence[str] = (),
    site_url: str | None = None,
    backoff: float = 0.5,
    sleep: Callable[[float], None] | None = None,
) -> SyncReport:
    """Bring the CKAN at ``to`` in line with the catalogue in ``store``.

    Args:
        settings: the instance's settings; ``sync_token`` is the target's API token.
        organization: the target organisation every package goes to (default: its publisher's name).
        dry_run: plan and report only.
        sources: restrict to records of these harvest sources (e.g. ``register``).
        site_url: RegionGraph's public root URL (catalogue and endpoint IRIs); default: ``base_iri``'s host.
        backoff: seconds before the first retry of a transient failure (doubled each retry).
        sleep: how to wait between retries (default ``time.sleep``).
    """
    root = site_url or settings.base_iri.split("/id/")[0].rstrip("/") + "/"
    ctx = context_for(settings, catalog=f"{root}catalog", endpoint=f"{root}sparql")
    target = Target(to, settings.sync_token, backoff=backoff, sleep=sleep or time.sleep)
    desired = desired_packages(store, ctx, settings.base_iri, sources=sources, owner_org=organization)
    return sync(target, desired, organization=organization, dry_run=dry_run)
