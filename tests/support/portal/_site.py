"""One CKAN site the portal answers for: its packages, organisations, tokens and the ways it differs."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from ._search import sort_packages
from .fixtures import stamp

#: What ``status_show`` says about a site unless it is told otherwise (``site_url`` is filled in when asked).
STATUS = {
    "site_title": "Offene Daten Kreis Unna (Testportal)",
    "ckan_version": "2.10.4",
    "extensions": ["dcat", "structured_data", "dcatde"],
}


def organization(name: str) -> dict[str, Any]:
    """An organisation as ``organization_show`` returns it, its id derived from its name."""
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, name)),
        "name": name,
        "title": name.title(),
        "type": "organization",
        "is_organization": True,
    }


class ActionError(Exception):
    """An action's refusal, answered with ``status`` and CKAN's ``error`` object."""

    def __init__(self, status: int, error: dict[str, Any]) -> None:
        super().__init__(error)
        self.status, self.error = status, error


class Site:
    """The state of one CKAN: what its actions read and write (see :mod:`._actions`).

    Args:
        packages: package dicts, kept by ``id``, else ``name``, else position (real dicts may lack both).
        organizations: names of organisations that exist beyond those the packages name (a write target's).
        tokens: API token → may write (``True``) or not; without one every write is refused.
        shown: ``package_show`` envelopes by package id, answered as they were captured.
        status: what ``status_show`` answers.
    """

    def __init__(
        self,
        packages: Iterable[dict[str, Any]] = (),
        *,
        organizations: Iterable[str] = (),
        tokens: dict[str, bool] | None = None,
        shown: dict[str, dict[str, Any]] | None = None,
        status: dict[str, Any] | None = None,
    ) -> None:
        self.packages: dict[str, dict[str, Any]] = {_key(p, i): p for i, p in enumerate(packages)}
        self.orgs = {name: organization(name) for name in organizations}
        self.tokens = tokens or {}
        self.shown = shown or {}
        self.status = status or STATUS
        self.version = 0
        self._orders: dict[str, tuple[int, list[dict[str, Any]]]] = {}

    def searchable(self, sort: str) -> list[dict[str, Any]]:
        """The active packages in ``sort`` order, kept until the packages change (100,000 in the benchmark)."""
        version, ordered = self._orders.get(sort, (-1, []))
        if version != self.version:
            active = [p for p in self.packages.values() if p.get("state", "active") == "active"]
            ordered = sort_packages(active, sort)
            self._orders[sort] = self.version, ordered
        return ordered

    def find(self, ref: str) -> dict[str, Any]:
        """The package whose id or name is ``ref``; ``KeyError`` (a 404) if there is none."""
        for pkg in self.packages.values():
            if ref and ref in (pkg.get("id"), pkg.get("name")):
                return pkg
        raise KeyError("Dataset")

    def org(self, ref: Any) -> dict[str, Any]:
        """The organisation whose id or name is ``ref``, declared or named by a package."""
        for org in [*self.orgs.values(), *(p["organization"] for p in self.packages.values() if p.get("organization"))]:
            if ref in (org["id"], org["name"]):
                return org
        raise KeyError("Organization")

    def changed(self) -> None:
        self.version += 1

    def newest(self) -> datetime:
        """A moment after every package's ``metadata_modified`` (now, for a site without any)."""
        moments = [
            datetime.fromisoformat(str(p["metadata_modified"]).rstrip("Z"))
            for p in self.packages.values()
            if p.get("metadata_modified")
        ]
        return max(moments) + timedelta(seconds=1) if moments else datetime.now(UTC).replace(tzinfo=None)

    def store(self, params: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
        """A package as ``package_create`` or ``package_update`` stores it: ids, organisation and stamps added."""
        try:
            org = self.org(params.get("owner_org"))
        except KeyError:
            missing = {"__type": "Validation Error", "owner_org": ["Organization does not exist"]}
            raise ActionError(409, missing) from None
        package = {k: copy.deepcopy(v) for k, v in params.items() if k != "id"}
        moment = stamp(self.newest())
        package.update(
            id=existing["id"] if existing else str(uuid.uuid4()),
            owner_org=org["id"],
            organization=dict(org),
            state=params.get("state", "active"),
            type="dataset",
            metadata_created=existing.get("metadata_created", moment) if existing else moment,
            metadata_modified=moment,
        )
        package["tags"] = [
            {
                "name": t["name"],
                "display_name": t["name"],
                "state": "active",
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, t["name"])),
            }
            for t in params.get("tags") or []
        ]
        package["resources"] = [
            {**r, "id": str(uuid.uuid4()), "package_id": package["id"], "position": i}
            for i, r in enumerate(params.get("resources") or [])
        ]
        package.setdefault("extras", [])
        self.packages[package["id"]] = package
        self.changed()
        return copy.deepcopy(package)


def _key(package: dict[str, Any], index: int) -> str:
    return str(package.get("id") or package.get("name") or f"#{index}")
