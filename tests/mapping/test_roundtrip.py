"""Package → graph → package keeps every mapped field: fixed packages and generated German ones."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiongraph.mapping.dcat import graph_to_package, package_to_graph
from regiongraph.mapping.dcat._profile import extras_dict
from support.packages import GOOD, HAUSHALT, RADWEGE
from support.views import view


def round_trip(package: dict[str, Any], ctx) -> dict[str, Any]:
    iri, graph = package_to_graph(package, ctx, source="rt")
    return graph_to_package(graph, iri)


def test_every_fixture_package_survives_the_round_trip(ctx):
    for name, package in GOOD.items():
        assert view(round_trip(package, ctx)) == view(package), name


def test_a_second_round_trip_changes_nothing(ctx):
    once = round_trip(RADWEGE, ctx)
    assert round_trip(once, ctx) == once


def test_the_mirror_writes_dcat_ap_de_licence_ids_and_resource_fields(ctx):
    back = round_trip(HAUSHALT, ctx)
    assert back["license_id"] == "cc-by/4.0"
    assert back["organization"] == {"name": "kreis-unna", "title": "Kreis Unna"}
    assert back["resources"] == [
        {
            "id": "hh-2024-pdf",
            "uri": "https://example.org/id/dataset/rt/0c8d2b7a-9f10-4e3e-8d2a-5b6c7d8e9f00/distribution/hh-2024-pdf",
            "url": "https://www.kreis-unna.de/haushalt/2024.pdf",
            "name": "Haushaltsplan 2024",
            "format": "PDF",
            "mimetype": "application/pdf",
            "size": 10485760,
            "position": 0,
        }
    ]
    assert extras_dict(back)["publisher_uri"] == "https://example.org/id/ags/05978"


# --- generated packages --------------------------------------------------------------------------

WORDS = [
    "Straßenbäume",
    "Müllabfuhr",
    "Schülerzahlen",
    "Bürgerbüro",
    "Grünflächen",
    "Öffnungszeiten",
    "Wahlergebnisse",
    "Lärmkarte",
    "Fußgängerzone",
    "Baustellen",
    "Haltestellen",
    "Spielplätze",
]
TOWNS = [
    ("stadt-unna", "Stadt Unna"),
    ("kreis-unna", "Kreis Unna"),
    ("stadt-kamen", "Stadt Kamen"),
    ("gemeinde-holzwickede", "Gemeinde Holzwickede"),
    ("wirtschaftsfoerderung", "Wirtschaftsförderung WFG"),
]
GROUPS = ["tran", "envi", "soci", "umwelt", "verkehr", "bildung", "freizeitangebote"]
LICENCES = ["dl-by-de/2.0", "dl-zero-de/2.0", "cc-by/4.0", "cc-zero", "odbl", "Lizenz der Stadt Kamen"]
FORMATS = [
    ("CSV", "text/csv"),
    ("GeoJSON", "application/geo+json"),
    ("PDF", "application/pdf"),
    ("XLSX", None),
    ("WMS", None),
    ("Shape-Datei", "application/zip"),
]
text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
day = st.dates(min_value=__import__("datetime").date(2000, 1, 1)).map(str)
stamp = st.datetimes(min_value=__import__("datetime").datetime(2000, 1, 1)).map(lambda d: d.isoformat())
email = st.sampled_from(["info@unna.de", "geodaten@kreis-unna.de", "buergerbuero@kamen.de"])


@st.composite
def resource(draw, index: int) -> dict[str, Any]:
    fmt, mime = draw(st.sampled_from(FORMATS))
    res = {
        "id": f"res-{index}",
        "position": index,
        "format": fmt,
        "name": draw(text),
        "url": f"https://opendata.example.de/{index}/{draw(st.sampled_from(['daten', 'Dateien']))}.bin",
    }
    optional = {
        "mimetype": st.just(mime) if mime else st.none(),
        "size": st.integers(0, 10**10),
        "description": text,
        "last_modified": stamp,
        "created": day,
        "download_url": st.just(f"https://opendata.example.de/{index}/download"),
        "license": st.sampled_from(LICENCES),
        "licenseAttributionByText": text,
        "hash": st.just("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            res[key] = draw(strategy)
    if "hash" in res:
        res["hash_algorithm"] = "sha256"
    return res


@st.composite
def package(draw) -> dict[str, Any]:
    org = draw(st.sampled_from(TOWNS))
    n = draw(st.integers(0, 3))
    extras = {
        "temporal_start": day,
        "temporal_end": day,
        "issued": day,
        "modified": stamp,
        "contributorID": st.just('["http://dcat-ap.de/def/contributors/stadtUnna"]'),
        "politicalGeocodingURI": st.just('["http://dcat-ap.de/def/politicalGeocoding/districtKey/05978"]'),
        "politicalGeocodingLevelURI": st.just("http://dcat-ap.de/def/politicalGeocodingLevel/district"),
        "spatial_uri": st.just("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05978020"),
        "geocodingText": text,
        "originator_name": text,
        "contact_name": text,
        "contact_email": email,
        "access_rights": st.just("http://publications.europa.eu/resource/authority/access-right/PUBLIC"),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(extras)), unique=True))
    slug = st.from_regex(r"[a-z][a-z0-9-]{2,30}", fullmatch=True)
    pkg = {
        "id": f"pkg-{draw(st.integers(0, 10**6))}",
        "name": draw(slug),
        "title": draw(text),
        "notes": draw(text),
        "license_id": draw(st.sampled_from(LICENCES)),
        "url": draw(st.sampled_from(["", "https://www.unna.de/daten"])),
        "metadata_created": draw(stamp),
        "metadata_modified": draw(stamp),
        "organization": {"name": org[0], "title": org[1]},
        "tags": [{"name": t} for t in draw(st.lists(st.sampled_from(WORDS), unique=True, max_size=5))],
        "groups": [{"name": g} for g in draw(st.lists(st.sampled_from(GROUPS), unique=True, max_size=3))],
        "extras": [{"key": k, "value": draw(extras[k])} for k in chosen],
        "resources": [draw(resource(i)) for i in range(n)],
    }
    for key in ("maintainer", "author"):
        if draw(st.booleans()):
            pkg[key], pkg[f"{key}_email"] = draw(text), draw(email)
    return pkg


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(package())
def test_generated_german_packages_keep_every_mapped_field(ctx, pkg):
    assert view(round_trip(pkg, ctx)) == view(pkg)
