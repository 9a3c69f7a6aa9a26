"""Field-level comparison of a desired package with what the target CKAN shows for it.

Only the fields RegionGraph maps are compared, each normalised the way CKAN echoes it
(tags as a set of names, extras as a mapping, resources without the ids CKAN adds), so a
package CKAN has stored unchanged compares equal and a second sync run changes nothing.
"""

from __future__ import annotations

from typing import Any

SCALARS = ("title", "notes", "url", "version", "license_id", "author", "author_email", "maintainer", "maintainer_email")
RESOURCE_FIELDS = ("url", "name", "description", "format", "mimetype", "size")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _resources(package: dict[str, Any]) -> list[dict[str, str]]:
    return [{k: _text(r.get(k)) for k in RESOURCE_FIELDS} for r in package.get("resources") or []]


def _owner(package: dict[str, Any]) -> str:
    org = package.get("organization")
    return _text(org.get("name") if isinstance(org, dict) else package.get("owner_org"))


def mapped_fields(package: dict[str, Any]) -> dict[str, Any]:
    """The comparable projection of a package dict (desired or as ``package_show`` returns it)."""
    out: dict[str, Any] = {k: _text(package.get(k)) for k in SCALARS}
    out["tags"] = sorted({_text(t.get("name") if isinstance(t, dict) else t) for t in package.get("tags") or []})
    out["extras"] = {e["key"]: _text(e.get("value")) for e in package.get("extras") or []}
    out["resources"] = _resources(package)
    out["owner_org"] = _owner(package)
    return out


def diff(desired: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """``{field: {"from": old, "to": new}}`` for every mapped field that differs."""
    want, have = mapped_fields(desired), mapped_fields(current)
    if have["owner_org"] in (current.get("owner_org"), "") and current.get("owner_org") == desired.get("owner_org"):
        have["owner_org"] = want["owner_org"]
    return {k: {"from": have[k], "to": want[k]} for k in want if want[k] != have[k]}
