"""What the dataset mapping promises to keep through package → graph → package, in a comparable form."""

from __future__ import annotations

import json
from typing import Any

from regiongraph.mapping.dcat import licence_id
from regiongraph.mapping.dcat._formats import format_iri, format_label
from regiongraph.mapping.dcat._profile import extras_dict
from regiongraph.mapping.dcat._themes import theme_iri
from regiongraph.mapping.dcat._values import date_literal, plain_text
from regiongraph.mapping.dcat.euro_dcat_ap import ckan_timestamp

#: extras the profiles map (effective dates and themes are compared separately).
MAPPED_EXTRAS = (
    "temporal_start",
    "temporal_end",
    "spatial_uri",
    "spatial",
    "spatial_text",
    "access_rights",
    "frequency",
    "identifier",
    "contributorID",
    "politicalGeocodingURI",
    "politicalGeocodingLevelURI",
    "geocodingText",
    "legalbasisText",
    "originator_name",
    "originator_email",
    "language",
    "conforms_to",
    "qualityProcessURI",
    "publisher_email",
)
RESOURCE_FIELDS = (
    "id",
    "url",
    "download_url",
    "name",
    "description",
    "format",
    "mimetype",
    "size",
    "created",
    "last_modified",
    "hash",
    "hash_algorithm",
    "licenseAttributionByText",
    "plannedAvailability",
)


def _lists(value: str | None) -> Any:
    if value and value.startswith("["):
        return sorted(json.loads(value))
    return [value] if value and "/" in value and " " not in value else value


def view(p: dict[str, Any]) -> dict[str, Any]:
    """What the mapping promises to keep, in a comparable form."""
    extras = extras_dict(p)
    org = p.get("organization") or {}
    groups = sorted(g["name"] for g in p.get("groups") or [])
    themes = {theme_iri(g) for g in groups} - {None} | set(json.loads(extras.get("theme", "[]")))
    licence = licence_id(p.get("license_id")) or p.get("license_id") or ""
    contact = (
        (extras.get("contact_name"), extras.get("contact_email"))
        if extras.get("contact_name")
        else (
            (p.get("maintainer"), p.get("maintainer_email"))
            if p.get("maintainer")
            else (p.get("author"), p.get("author_email"))
        )
    )
    return {
        "id": p["id"],
        "name": p["name"],
        "title": p["title"],
        "notes": plain_text(p.get("notes")),
        "url": p.get("url") or "",
        "version": p.get("version"),
        "tags": sorted(t["name"] for t in p.get("tags") or []),
        "groups": groups,
        "themes": sorted(themes),
        "issued": _date(extras.get("issued") or p.get("metadata_created")),
        "modified": _date(extras.get("modified") or p.get("metadata_modified")),
        "organization": (org.get("name"), org.get("title")) if org else None,
        "maintainer": (p.get("maintainer"), p.get("maintainer_email")),
        "author": (p.get("author"), p.get("author_email")),
        "contact": contact,
        "license_id": licence,
        "extras": {k: _lists(extras.get(k)) for k in MAPPED_EXTRAS if extras.get(k)},
        "resources": [_resource(r, licence) for r in sorted(p.get("resources") or [], key=lambda r: r["position"])],
    }


def _date(value: str | None) -> str | None:
    """The instant a date names (the mirror writes CKAN's timestamp form)."""
    literal = date_literal(value)[0]
    return ckan_timestamp(str(literal)) if literal is not None else None


def _resource(r: dict[str, Any], dataset_licence: str) -> dict[str, Any]:
    out = {k: r[k] for k in RESOURCE_FIELDS if r.get(k) not in (None, "")}
    if "format" in out and format_iri(out["format"]):
        out["format"] = format_label(format_iri(out["format"]))  # "csv" comes back as the vocabulary's "CSV"
    if "size" in out:
        out["size"] = int(out["size"])
    if "description" in out:
        out["description"] = plain_text(out["description"])
    own = licence_id(r.get("license")) or r.get("license")
    if own and own != dataset_licence:
        out["license"] = own
    return out
