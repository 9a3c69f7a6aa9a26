"""docs/mapping.md stays complete: every CKAN field the profiles map is in its table, every other one is listed."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from regiongraph.mapping.dcat import package_to_graph
from support.packages import RADWEGE, variant

#: A package with every field a CKAN / GovData portal sends, mapped or not.
MAXIMAL = variant(
    RADWEGE,
    state="active",
    private=False,
    type="dataset",
    owner_org="0a7e",
    creator_user_id="u1",
    revision_id="r1",
    license_title="Datenlizenz Deutschland",
    license_url="https://www.govdata.de/dl-de/by-2-0",
    isopen=True,
    num_resources=2,
    num_tags=3,
    relationships_as_object=[],
    relationships_as_subject=[],
)
MAXIMAL["organization"].update(id="0a7e", description="Kreisstadt", image_url="https://www.unna.de/logo.png")
MAXIMAL["groups"][0].update(id="g1", display_name="Verkehr")
MAXIMAL["extras"] += [
    {"key": k, "value": v}
    for k, v in {
        "identifier": "DE-UN-0815",
        "theme": '["http://publications.europa.eu/resource/authority/data-theme/REGI"]',
        "language": '["http://publications.europa.eu/resource/authority/language/DEU"]',
        "conforms_to": '["https://www.xrepository.de/xplanung"]',
        "frequency": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
        "modified": "2024-03-01",
        "spatial": '{"type": "Point", "coordinates": [7.69, 51.54]}',
        "spatial_text": "Unna",
        "publisher_name": "Kreisstadt Unna",
        "publisher_uri": "https://www.unna.de/",
        "publisher_email": "info@unna.de",
        "contact_name": "Bürgerbüro",
        "contact_email": "buergerbuero@stadt-unna.de",
        "qualityProcessURI": "https://www.unna.de/qualitaet",
        "legalbasisText": "§ 12 ÖPNVG NRW",
        "originator_name": "Straßen.NRW",
        "originator_email": "info@strassen.nrw.de",
        "ags": "05978036",
        "guid": "x",
        "harvest_object_id": "h1",
        "harvest_source_id": "s1",
        "harvest_source_title": "Unna",
        "metadata_original_html": "https://www.unna.de/x",
        "licenseAttributionByText": "© Kreisstadt Unna",
    }.items()
]
MAXIMAL["resources"][0].update(
    uri="https://opendata.unna.de/dist/radwege-csv",
    created="2023-05-01",
    license="cc-by/4.0",
    hash="sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    plannedAvailability="http://dcat-ap.de/def/plannedAvailability/stable",
    package_id="p",
    revision_id="r",
    state="active",
    url_type="",
    cache_url=None,
    datastore_active=False,
    resource_type="file",
    metadata_modified="2024-01-01",
)
MAXIMAL["resources"][1]["hash_algorithm"] = "sha256"
MAXIMAL["resources"][1]["hash"] = "ab12"


def fields(package: dict[str, Any]) -> list[str]:
    """Every field path of the package as docs/mapping.md spells it."""
    out = [k for k in package if k not in {"extras", "resources"}]
    out += [f"organization.{k}" for k in package["organization"] if k not in {"name", "title"}]
    out += [f"groups[].{k}" for k in package["groups"][0] if k != "name"]
    out += [f"extras.{e['key']}" for e in package["extras"]]
    out += sorted({f"resources[].{k}" for r in package["resources"] for k in r})
    return out


def without(package: dict[str, Any], path: str) -> dict[str, Any]:
    out = copy.deepcopy(package)
    if path.startswith("extras."):
        out["extras"] = [e for e in out["extras"] if e["key"] != path[7:]]
    elif path.startswith("resources[]."):
        for res in out["resources"]:
            res.pop(path[12:], None)
    elif "." in path or "[]" in path:
        head, key = re.split(r"\[\]\.|\.", path)
        for item in out[head] if isinstance(out[head], list) else [out[head]]:
            item.pop(key, None)
    else:
        out.pop(path)
    return out


def mapped_fields(ctx) -> set[str]:
    """Fields whose removal changes the graph: exactly the ones the profiles map."""
    full = set(package_to_graph(MAXIMAL, ctx)[1])
    return {f for f in fields(MAXIMAL) if set(package_to_graph(without(MAXIMAL, f), ctx)[1]) != full}


def documented(repo_root: Path) -> tuple[str, str]:
    text = (repo_root / "docs" / "mapping.md").read_text(encoding="utf-8")
    mapped, _, rest = text.partition("## Not mapped")
    return mapped, rest


def test_every_mapped_field_is_in_the_table(ctx, repo_root):
    table, _ = documented(repo_root)
    mapped = mapped_fields(ctx)
    assert {"title", "notes", "extras.contributorID", "resources[].size"} <= mapped  # the test sees the mapping
    missing = sorted(f for f in mapped if f"| `{f}` |" not in table)
    assert missing == [], f"mapped CKAN fields missing from docs/mapping.md: {missing}"


def test_every_unmapped_field_says_why(ctx, repo_root):
    table, not_mapped = documented(repo_root)
    unmapped = sorted(set(fields(MAXIMAL)) - mapped_fields(ctx))
    assert "state" in unmapped
    # a field another one overrides here (metadata_created by extras.issued) is in the table as a fallback
    missing = [f for f in unmapped if f"`{f}`" not in not_mapped and f"| `{f}` |" not in table]
    assert missing == [], f"unmapped fields not listed under 'Not mapped': {missing}"
