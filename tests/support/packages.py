"""Realistic CKAN packages of municipal portals in Kreis Unna (package_show shape), for the mapping tests."""

from __future__ import annotations

import copy
from typing import Any

BASE = "https://example.org/id/"

#: Stadt Unna, a GovData-style package: DCAT-AP.de extras, umlauts, HTML notes, two resources.
RADWEGE: dict[str, Any] = {
    "id": "6f1c2a9e-3b1d-4c55-9a61-0b5d8f7e21a1",
    "name": "radwegenetz-unna",
    "title": "Radwegenetz der Kreisstadt Unna",
    "notes": "<p>Das <strong>Radwegenetz</strong> der Stadt Unna mit Fahrradstraßen &amp; Schutzstreifen.</p>"
    "<p>Stand: Frühjahr 2024</p>",
    "license_id": "dl-by-de/2.0",
    "url": "https://www.unna.de/radverkehr",
    "version": "2024.1",
    "metadata_created": "2023-05-02T08:15:00.123456",
    "metadata_modified": "2024-03-18T14:02:11.000001",
    "maintainer": "Tiefbauamt Unna",
    "maintainer_email": "tiefbauamt@stadt-unna.de",
    "author": "Stabsstelle Mobilität",
    "author_email": "mobilitaet@stadt-unna.de",
    "organization": {"id": "0a7e", "name": "stadt-unna", "title": "Stadt Unna"},
    "groups": [{"name": "tran", "title": "Verkehr"}, {"name": "umwelt", "title": "Umwelt"}],
    "tags": [{"name": "Radverkehr"}, {"name": "Fahrradstraße"}, {"name": "Mobilität"}],
    "extras": [
        {"key": "contributorID", "value": '["http://dcat-ap.de/def/contributors/stadtUnna"]'},
        {
            "key": "politicalGeocodingURI",
            "value": '["http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05978036"]',
        },
        {"key": "politicalGeocodingLevelURI", "value": "http://dcat-ap.de/def/politicalGeocodingLevel/municipality"},
        {"key": "temporal_start", "value": "2020-01-01"},
        {"key": "temporal_end", "value": "2024-12-31"},
        {"key": "spatial_uri", "value": "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05978036"},
        {"key": "issued", "value": "2023-05-01"},
        {"key": "geocodingText", "value": "Stadtgebiet Unna"},
        {"key": "access_rights", "value": "http://publications.europa.eu/resource/authority/access-right/PUBLIC"},
    ],
    "resources": [
        {
            "id": "a1f0c3d2-0001",
            "name": "Radwegenetz (CSV)",
            "url": "https://opendata.unna.de/radwege/radwege.csv",
            "format": "CSV",
            "mimetype": "text/csv",
            "size": 482113,
            "description": "Alle Abschnitte mit Länge in Metern",
            "last_modified": "2024-03-18T14:00:00",
            "position": 0,
        },
        {
            "id": "a1f0c3d2-0002",
            "name": "Radwegenetz (GeoJSON)",
            "url": "https://opendata.unna.de/radwege/radwege.geojson",
            "download_url": "https://opendata.unna.de/radwege/radwege.geojson?download=1",
            "format": "GeoJSON",
            "mimetype": "application/geo+json",
            "size": "1948221",
            "position": 1,
            "licenseAttributionByText": "Stadt Unna, Tiefbauamt (2024)",
        },
    ],
}

#: Kreis Unna, a plain CKAN package: CKAN licence id, no DCAT-AP.de extras, one PDF.
HAUSHALT: dict[str, Any] = {
    "id": "0c8d2b7a-9f10-4e3e-8d2a-5b6c7d8e9f00",
    "name": "haushaltsplan-kreis-unna-2024",
    "title": "Haushaltsplan 2024 des Kreises Unna",
    "notes": "Entwurf und beschlossene Fassung des Haushaltsplans; Teilpläne für Ämter und Betriebe.",
    "license_id": "cc-by-4.0",
    "url": "",
    "metadata_created": "2024-01-10T09:00:00",
    "metadata_modified": "2024-02-01T12:30:00",
    "maintainer": "Kämmerei",
    "maintainer_email": "kaemmerei@kreis-unna.de",
    "author": None,
    "author_email": None,
    "organization": {"name": "kreis-unna", "title": "Kreis Unna"},
    "groups": [{"name": "wirtschaft"}],
    "tags": [{"name": "Haushalt"}, {"name": "Finanzen"}],
    "extras": [],
    "resources": [
        {
            "id": "hh-2024-pdf",
            "name": "Haushaltsplan 2024",
            "url": "https://www.kreis-unna.de/haushalt/2024.pdf",
            "format": "PDF",
            "mimetype": "application/pdf",
            "size": 10485760,
            "position": 0,
        },
    ],
}

#: Stadt Schwerte: legacy GovData licence URI, German date in an extra, unknown format, an own dataset IRI.
PEGEL: dict[str, Any] = {
    "id": "schwerte-ruhrpegel",
    "name": "ruhrpegel-schwerte",
    "title": "Pegelstände der Ruhr in Schwerte-Villigst",
    "notes": "Tägliche Pegelstände (cm) & Abflüsse an der Messstelle Villigst.",
    "license_id": "http://dcat-ap.de/def/licenses/dl-zero-de/2_0",
    "metadata_created": "2022-07-01T00:00:00",
    "metadata_modified": "2024-06-30T23:59:59",
    "maintainer": None,
    "author": "Umweltamt Schwerte",
    "author_email": "umwelt@schwerte.de",
    "organization": {"name": "stadt-schwerte", "title": "Stadt Schwerte"},
    "groups": [],
    "tags": [{"name": "Wasser"}, {"name": "Ruhr"}, {"name": "Hochwasser"}],
    "extras": [
        {"key": "uri", "value": "https://opendata.schwerte.de/dataset/ruhrpegel"},
        {"key": "modified", "value": "30.06.2024"},
        {"key": "theme", "value": '["http://publications.europa.eu/resource/authority/data-theme/ENVI"]'},
    ],
    "resources": [
        {
            "id": "pegel-xlsx",
            "name": "Pegel 2024",
            "url": "https://opendata.schwerte.de/pegel/2024.xlsx",
            "format": "Excel-Mappe (alt)",
            "size": 20480,
            "position": 0,
        },
        {
            "id": "pegel-api",
            "name": "Pegel-Schnittstelle",
            "url": "https://opendata.schwerte.de/api/pegel",
            "format": "JSON",
            "mimetype": "application/json",
            "position": 1,
        },
    ],
}

#: Gemeinde Bönen: no organisation (a source default publisher applies), a licence nobody lists.
KITAS: dict[str, Any] = {
    "id": "boenen-kitas",
    "name": "kindertagesstaetten-boenen",
    "title": "Kindertagesstätten in Bönen",
    "notes": "Standorte, Träger und Plätze der Kitas in der Gemeinde Bönen.",
    "license_id": "Nutzungsbedingungen der Gemeinde Bönen",
    "metadata_created": "2021-03-03T10:00:00",
    "metadata_modified": "2021-03-03T10:00:00",
    "tags": [{"name": "Kita"}, {"name": "Kinderbetreuung"}],
    "groups": [{"name": "soziales"}],
    "extras": [{"key": "originator_name", "value": "Jugendamt Kreis Unna"}],
    "resources": [
        {
            "id": "kitas-csv",
            "name": "Kitas",
            "url": "https://www.boenen.de/daten/kitas.csv",
            "format": "csv",
            "position": 0,
        },
    ],
}

GOOD = {"radwege": RADWEGE, "haushalt": HAUSHALT, "pegel": PEGEL, "kitas": KITAS}


def variant(package: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of ``package`` with top-level fields changed."""
    out = copy.deepcopy(package)
    out.update(changes)
    return out


def with_extra(package: dict[str, Any], key: str, value: str) -> dict[str, Any]:
    out = copy.deepcopy(package)
    out["extras"] = [e for e in out.get("extras", []) if e["key"] != key] + [{"key": key, "value": value}]
    return out


def with_resource(package: dict[str, Any], index: int, **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(package)
    out["resources"][index].update(changes)
    return out
