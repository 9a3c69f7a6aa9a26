"""Plan and apply a write-back: create, update and withdraw RegionGraph's packages in a target CKAN.

The plan compares each desired package with the target's ``package_show``: missing →
create, owned (``regiongraph_iri`` extra) and different → update with the field-level
diff, owned and equal → unchanged, taken by a package RegionGraph does not own →
conflict (reported, never overwritten). Owned packages RegionGraph no longer publishes
→ delete (``package_delete``: CKAN marks them deleted, it does not purge). Every change
is one call, applied or reported as failed; nothing is half-applied silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import ckanapi

from ._client import SyncError, Target, TokenRejectedError
from ._desired import OWNER_EXTRA
from ._diff import diff

CREATE, UPDATE, DELETE, UNCHANGED, CONFLICT = "create", "update", "delete", "unchanged", "conflict"


@dataclass
class Change:
    """One package's planned change and, once applied, its outcome.

    Attributes:
        action: create, update, delete, unchanged or conflict.
        name: the package name at the target.
        iri: the dataset IRI in RegionGraph.
        fields: for updates, ``{field: {"from": …, "to": …}}``.
        outcome: ``planned``, ``applied``, ``failed``, ``skipped`` or ``not tried``.
        error: what the target answered, when it failed.
    """

    action: str
    name: str
    iri: str
    fields: dict[str, Any] = field(default_factory=dict)
    package: dict[str, Any] | None = None
    target_id: str | None = None
    outcome: str = "planned"
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "name": self.name,
            "iri": self.iri,
            "fields": self.fields,
            "outcome": self.outcome,
            "error": self.error,
        }


@dataclass
class SyncReport:
    """The plan and what became of it."""

    target: str
    dry_run: bool
    changes: list[Change] = field(default_factory=list)

    @property
    def failed(self) -> list[Change]:
        return [c for c in self.changes if c.outcome in ("failed", "not tried")]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys((CREATE, UPDATE, DELETE, UNCHANGED, CONFLICT), 0)
        for change in self.changes:
            out[change.action] += 1
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "dry_run": self.dry_run,
            "counts": self.counts(),
            "failed": len(self.failed),
            "changes": [c.as_dict() for c in self.changes],
        }


def _owner_iri(package: dict[str, Any]) -> str | None:
    return next((e.get("value") for e in package.get("extras") or [] if e.get("key") == OWNER_EXTRA), None)


def _plan_one(target: Target, iri: str, desired: dict[str, Any]) -> Change:
    name = desired["name"]
    try:
        current = target.call("package_show", id=name)
    except ckanapi.NotFound:
        return Change(CREATE, name, iri, package=desired)
    if current.get("state") == "deleted" and _owner_iri(current) == iri:
        return Change(UPDATE, name, iri, {"state": {"from": "deleted", "to": "active"}}, desired, current["id"])
    if _owner_iri(current) != iri:
        return Change(
            CONFLICT,
            name,
            iri,
            outcome="skipped",
            error=f"the name {name!r} is taken by a package RegionGraph does not own",
        )
    fields = diff(desired, current)
    return Change(
        UPDATE if fields else UNCHANGED,
        name,
        iri,
        fields,
        desired,
        current["id"],
        outcome="planned" if fields else "applied",
    )


def owned_packages(target: Target, organization: str | None) -> list[dict[str, Any]]:
    """Active packages at the target that carry RegionGraph's ``regiongraph_iri`` extra."""
    fq = f"extras_{OWNER_EXTRA}:*" + (f" organization:{organization}" if organization else "")
    out, start = [], 0
    while True:
        page = target.call("package_search", fq=fq, rows=1000, start=start)["results"]
        out += page
        if len(page) < 1000:
            return out
        start += 1000


def plan(target: Target, desired: Iterable[tuple[str, dict[str, Any]]], *, organization: str | None) -> list[Change]:
    """The changes that bring the target in line with ``desired``."""
    changes, wanted = [], set()
    for iri, package in desired:
        wanted.add(iri)
        changes.append(_plan_one(target, iri, package))
    for package in owned_packages(target, organization):
        owner = _owner_iri(package)
        if owner and owner not in wanted:
            changes.append(Change(DELETE, package["name"], owner, target_id=package["id"]))
    return changes


def _apply_one(target: Target, change: Change) -> None:
    if change.action == DELETE:
        target.call("package_delete", id=change.target_id)
    elif change.action in (CREATE, UPDATE):
        package = change.package
        assert package is not None  # _plan_one gives a created or updated change its package
        if change.action == CREATE:
            target.call("package_create", **package)
        else:
            target.call("package_update", **{**package, "id": change.target_id, "state": "active"})


def apply(target: Target, changes: list[Change]) -> None:
    """Apply each planned change with one call; after a 403 nothing more is tried."""
    refused: str | None = None
    for change in changes:
        if change.outcome != "planned":
            continue
        if refused:
            change.outcome, change.error = "not tried", refused
            continue
        try:
            _apply_one(target, change)
        except TokenRejectedError as exc:
            refused = str(exc)
            change.outcome, change.error = "failed", refused
        except ckanapi.ValidationError as exc:
            change.outcome, change.error = "failed", f"the target refused the package (409): {exc.error_dict}"
            if change.action == CREATE and "name" in exc.error_dict:
                change.action, change.outcome = CONFLICT, "skipped"
        except (SyncError, ckanapi.NotFound) as exc:
            change.outcome, change.error = "failed", str(exc)
        else:
            change.outcome = "applied"


def sync(
    target: Target,
    desired: Iterable[tuple[str, dict[str, Any]]],
    *,
    organization: str | None = None,
    dry_run: bool = False,
) -> SyncReport:
    """Plan, and unless ``dry_run`` apply, the write-back to ``target``.

    Raises:
        TokenRejectedError: the target refused the token already while planning.
        SyncError: the target could not be read while planning.
    """
    report = SyncReport(target.url, dry_run, plan(target, desired, organization=organization))
    if not dry_run:
        apply(target, report.changes)
    return report
