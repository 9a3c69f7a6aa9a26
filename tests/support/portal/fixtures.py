"""Deterministic, realistic German CKAN packages, as a municipal portal in Kreis Unna would serve them.

Every n-th package carries one of the rough edges real portals have: HTML in notes, umlauts,
DCAT-AP.de extras (contributorID, politicalGeocodingURI), GovData licence URIs and legacy
licence ids, missing organisation or notes, invalid dates, resources without size or format.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

NAMESPACE = uuid.UUID("6f1d2b1e-3c4a-4f5e-9a7b-000000000004")
EPOCH = datetime(2024, 1, 2, 8, 0, 0)
ORGS = [
    ("kreis-unna", "Kreis Unna", "05978"),
    ("stadt-unna", "Kreisstadt Unna", "05978036"),
    ("stadt-bergkamen", "Stadt Bergkamen", "05978004"),
    ("stadt-kamen", "Stadt Kamen", "05978020"),
    ("stadt-schwerte", "Stadt Schwerte", "05978028"),
    ("stadt-luenen", "Stadt Lünen", "05978024"),
    ("stadt-froendenberg", "Stadt Fröndenberg/Ruhr", "05978012"),
    ("gemeinde-boenen", "Gemeinde Bönen", "05978008"),
]
GROUPS = [
    ("tran", "Verkehr"),
    ("envi", "Umwelt"),
    ("gove", "Regierung und öffentlicher Sektor"),
    ("regi", "Regionen und Städte"),
    ("educ", "Bildung, Kultur und Sport"),
    ("heal", "Gesundheit"),
]
TOPICS = [
    ("Baumkataster", "Straßenbäume mit Art, Pflanzjahr und Kronendurchmesser"),
    ("Haltestellen", "Bushaltestellen im ÖPNV mit Barrierefreiheit"),
    ("Wahlergebnisse", "Ergebnisse der Kommunalwahl nach Stimmbezirken"),
    ("Kindertagesstätten", "Kitas mit Trägern, Plätzen und Öffnungszeiten"),
    ("Luftqualität", "Messwerte für Stickstoffdioxid und Feinstaub (PM₁₀)"),
    ("Parkplätze", "Öffentliche Parkplätze und Ladesäulen für Elektrofahrzeuge"),
    ("Haushaltsplan", "Erträge und Aufwendungen des Haushalts nach Produktbereichen"),
    ("Straßenverzeichnis", "Straßennamen mit Schlüssel und Ortsteil"),
]
LICENCES = [
    ("dl-by-de/2.0", "Datenlizenz Deutschland – Namensnennung – Version 2.0"),
    ("http://dcat-ap.de/def/licenses/dl-zero-de/2.0", "Datenlizenz Deutschland – Zero – Version 2.0"),
    ("cc-by-4.0", "Creative Commons Namensnennung 4.0 International"),
    ("dl-de-by-2.0", "Datenlizenz Deutschland Namensnennung 2.0 (alt)"),
    ("http://dcat-ap.de/def/licenses/cc-by/4.0", "Creative Commons Namensnennung – 4.0 International"),
    ("notspecified", "Lizenz nicht angegeben"),
]
FORMATS = [
    ("CSV", "text/csv", 48_213),
    ("JSON", "application/json", 131_072),
    ("GeoJSON", "application/geo+json", None),
    ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 20_480),
    ("WMS", None, None),
    ("PDF", "application/pdf", 1_048_576),
]


def package_id(i: int) -> str:
    """The id of package ``i``: a UUID, stable across calls."""
    return str(uuid.uuid5(NAMESPACE, f"package-{i}"))


def stamp(moment: datetime) -> str:
    """A timestamp as CKAN writes ``metadata_modified``: ISO 8601, microseconds, no zone (UTC)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


def make_package(i: int) -> dict[str, Any]:
    """Package number ``i``: the same dict every time, with its share of rough edges."""
    org_name, org_title, ags = ORGS[i % len(ORGS)]
    topic, about = TOPICS[i % len(TOPICS)]
    pid = package_id(i)
    created = EPOCH + timedelta(minutes=17 * i)
    modified = created + timedelta(hours=3, microseconds=(i * 7919) % 1_000_000)
    licence_id, licence_title = LICENCES[i % len(LICENCES)]
    notes = f"<p>{about} – {org_title}.</p><ul><li>Stand: {created:%d.%m.%Y}</li><li>Größe &amp; Maße</li></ul>"
    pkg: dict[str, Any] = {
        "id": pid,
        "name": f"{org_name}-{topic.lower().replace('ä', 'ae').replace('ö', 'oe').replace('ü', 'ue')}-{i}",
        "title": f"{topic} {org_title} {i}",
        "notes": notes if i % 11 else None,
        "author": f"{org_title}, Fachbereich Geoinformation",
        "author_email": f"geodaten@{org_name}.de",
        "maintainer": "Open-Data-Team",
        "maintainer_email": f"opendata@{org_name}.de" if i % 5 else None,
        "license_id": licence_id,
        "license_title": licence_title,
        "isopen": licence_id != "notspecified",
        "url": f"https://www.{org_name}.de/daten/{i}",
        "version": "1.0" if i % 3 else None,
        "state": "active",
        "private": False,
        "type": "dataset",
        "metadata_created": stamp(created),
        "metadata_modified": stamp(modified),
        "owner_org": None,
        "organization": None,
        "groups": [_group(GROUPS[i % len(GROUPS)])] + ([_group(GROUPS[(i + 2) % len(GROUPS)])] if i % 4 == 0 else []),
        "tags": [_tag(t) for t in (topic, "Kreis Unna", "Smart Region")[: 1 + i % 3]],
        "extras": _extras(i, ags, created),
        "resources": [_resource(pid, i, k, modified) for k in range(1 + i % 3)],
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }
    if i % 13:  # every 13th package has no organisation, as datasets from before a portal migration
        pkg["owner_org"] = str(uuid.uuid5(NAMESPACE, org_name))
        pkg["organization"] = {
            "id": pkg["owner_org"],
            "name": org_name,
            "title": org_title,
            "type": "organization",
            "description": f"Offene Daten der Verwaltung {org_title}",
            "image_url": "",
            "created": "2019-05-06T10:00:00.000000",
            "is_organization": True,
            "approval_status": "approved",
            "state": "active",
        }
    pkg["num_resources"], pkg["num_tags"] = len(pkg["resources"]), len(pkg["tags"])
    return pkg


def make_packages(n: int, start: int = 0) -> list[dict[str, Any]]:
    """Packages ``start`` … ``start + n - 1``."""
    return [make_package(i) for i in range(start, start + n)]


def _group(group: tuple[str, str]) -> dict[str, Any]:
    name, title = group
    return {
        "id": str(uuid.uuid5(NAMESPACE, "group-" + name)),
        "name": name,
        "title": title,
        "display_name": title,
        "description": "",
        "image_display_url": "",
    }


def _tag(name: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid5(NAMESPACE, "tag-" + name)),
        "name": name,
        "display_name": name,
        "state": "active",
        "vocabulary_id": None,
    }


def _extras(i: int, ags: str, created: datetime) -> list[dict[str, str]]:
    land, kreis = ags[:2], ags[:5]
    level = "municipality" if len(ags) == 8 else "districtKey"
    extras = {
        "contributorID": json.dumps(["http://dcat-ap.de/def/contributors/kreisUnna"]),
        "politicalGeocodingLevelURI": f"http://dcat-ap.de/def/politicalGeocoding/Level/{level}",
        "politicalGeocodingURI": json.dumps(
            [f"http://dcat-ap.de/def/politicalGeocoding/{'municipalityKey' if len(ags) == 8 else 'districtKey'}/{ags}"]
        ),
        "issued": f"{created:%Y-%m-%d}" if i % 9 else "31.02.2019",  # every 9th: an invalid date
        "temporal_start": f"{2015 + i % 8}-01-01",
        "temporal_end": f"{2015 + i % 8}-12-31" if i % 6 else "2019-13-45",
        "spatial": json.dumps({"type": "Point", "coordinates": [7.68 + (i % 10) / 100, 51.53]}) if i % 2 else "",
        "licenseAttributionByText": f"© Kreis Unna {created:%Y}" if land == "05" else "",
        "identifier": f"https://opendata.{kreis}.example/dataset/{package_id(i)}" if i % 7 == 0 else "",
    }
    if i % 10 == 0:
        extras["uri"] = f"https://daten.kreis-unna.example/dataset/{package_id(i)}"
    return [{"key": k, "value": v} for k, v in extras.items() if v]


def _resource(pid: str, i: int, k: int, modified: datetime) -> dict[str, Any]:
    fmt, mime, size = FORMATS[(i + k) % len(FORMATS)]
    return {
        "id": str(uuid.uuid5(NAMESPACE, f"resource-{i}-{k}")),
        "package_id": pid,
        "position": k,
        "name": f"{fmt}-Datei {k + 1}" if k or i % 8 else "",
        "description": "Tägliche Aktualisierung",
        "url": f"https://www.example-kommune.de/download/{i}/{k}.{fmt.lower()}",
        "format": fmt if (i + k) % 17 else "",
        "mimetype": mime,
        "size": size if size is None else size + i,
        "created": stamp(modified - timedelta(hours=2)),
        "last_modified": stamp(modified) if k == 0 else None,
        "state": "active",
        "url_type": None,
        "hash": "",
    }
