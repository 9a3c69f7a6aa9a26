"""Real CKAN package dicts (../shared/realdata/ckan/, read in place) → graph: every value as the file has it.

Expected values are copied from the JSON files by hand or read from them here, never from the
mapper. Covers ckanext-dcat 2.x scheming fields beside the legacy extras, multilingual fields,
and languages as declared (issue 15: a Chinese and an Italian title were tagged ``@de``).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from regiongraph.iris import Minter
from regiongraph.mapping import MappingContext
from regiongraph.mapping._repairs import Repair, repairs_of
from regiongraph.mapping.dcat import graph_to_package, package_to_graph
from support.shared import realdata

VCARD = "http://www.w3.org/2006/vcard/ns#"
EU_LANG = "http://publications.europa.eu/resource/authority/language/"
LOCN = "http://www.w3.org/ns/locn#"
LOCN_GEOMETRY = URIRef(LOCN + "geometry")
GSP = "http://www.opengis.net/ont/geosparql#"


def example(name: str) -> dict[str, Any]:
    return json.loads(realdata("ckan", "ckanext-dcat-examples", name).read_text(encoding="utf-8"))


def demo(uuid: str) -> dict[str, Any]:
    return json.loads(realdata("ckan", "demo.ckan.org", f"{uuid}.json").read_text(encoding="utf-8"))["result"]


@pytest.fixture
def plain_ctx(resolver) -> MappingContext:
    """A source that declares no language (demo.ckan.org, ckanext-dcat's examples)."""
    return MappingContext(Minter("https://example.org/id/"), resolver)


def texts(g, s, p) -> set[tuple[str, str | None]]:
    return {(str(o), o.language) for o in g.objects(s, p)}


def test_scheming_publisher_contacts_dates_coverage_and_lists(plain_ctx):
    pkg = example("ckan_full_dataset_dcat_ap.json")
    ds, g = package_to_graph(pkg, plain_ctx)
    publisher = URIRef("http://example.org/publisher-id")  # publisher[0].identifier, an IRI
    assert set(g.objects(ds, DCTERMS.publisher)) == {publisher}
    assert g.value(publisher, FOAF.name) == Literal("Test Publisher")
    assert g.value(publisher, FOAF.mbox) == URIRef("mailto:publisher@example.org")
    assert g.value(publisher, FOAF.homepage) == URIRef("https://example.org")
    assert set(g.objects(ds, DCTERMS.creator)) == {URIRef("http://example.org/creator-id")}
    contacts = list(g.objects(ds, DCAT.contactPoint))
    assert {str(g.value(c, URIRef(VCARD + "fn"))) for c in contacts} == {"Contact 1", "Contact 2"}
    assert {str(g.value(c, URIRef(VCARD + "hasEmail"))) for c in contacts} == {
        "mailto:contact1@example.org",
        "mailto:contact2@example.org",
    }
    assert g.value(ds, DCTERMS.issued) == Literal("2024-05-01", datatype=XSD.date)
    assert g.value(ds, DCTERMS.modified) == Literal("2024-05-05", datatype=XSD.date)
    periods = {
        (str(g.value(p, DCAT.startDate)), str(g.value(p, DCAT.endDate))) for p in g.objects(ds, DCTERMS.temporal)
    }
    assert periods == {("1905-03-01", "2013-01-05"), ("2024-04-10", "2024-05-29")}
    place = URIRef("https://sws.geonames.org/6361390/")
    assert set(g.objects(ds, DCTERMS.spatial)) == {place}
    assert texts(g, place, SKOS.prefLabel) == {("Tarragona", None)}
    assert json.loads(str(g.value(place, DCAT.centroid))) == pkg["spatial_coverage"][0]["centroid"]
    assert {str(t) for t in g.objects(ds, DCAT.theme)} == set(pkg["theme"])
    assert {str(t) for t in g.objects(ds, FOAF.page)} == {"https://example.org/some-doc.html"}
    assert len(list(g.objects(ds, DCAT.distribution))) == len(pkg["resources"]) == 1


def test_language_codes_become_eu_iris_with_a_recorded_repair(plain_ctx):
    ds, g = package_to_graph(example("ckan_full_dataset_dcat_ap.json"), plain_ctx)  # "language": ["en","ca","es"]
    assert set(g.objects(ds, DCTERMS.language)) == {URIRef(EU_LANG + c) for c in ("ENG", "CAT", "SPA")}
    assert set(repairs_of(g, ds)) >= {
        Repair("language", "language-code-to-eu-iri", code, EU_LANG + eu)
        for code, eu in (("en", "ENG"), ("ca", "CAT"), ("es", "SPA"))
    }


def test_a_package_in_three_languages_keeps_its_plain_title_untagged(plain_ctx):
    pkg = example("ckan_full_dataset_dcat_ap.json")
    ds, g = package_to_graph(pkg, plain_ctx)
    assert texts(g, ds, DCTERMS.title) == {("Test DCAT dataset", None)}
    assert texts(g, ds, DCAT.keyword) == {("Tag 1", None), ("Tag 2", None)}


def test_multilingual_fields_give_one_tagged_literal_per_language(plain_ctx):
    pkg = example("ckan_dataset_multilingual.json")
    ds, g = package_to_graph(pkg, plain_ctx)
    assert texts(g, ds, DCTERMS.title) == {(t, lang) for lang, t in pkg["title_translated"].items()}
    assert texts(g, ds, DCTERMS.description) == {(t, lang) for lang, t in pkg["notes_translated"].items()}
    assert texts(g, ds, DCAT.keyword) == {(t, lang) for lang, ts in pkg["tags_translated"].items() for t in ts}
    dist = g.value(ds, DCAT.distribution)
    assert texts(g, dist, DCTERMS.title) == {(t, lang) for lang, t in pkg["resources"][0]["name_translated"].items()}
    assert g.value(dist, DCTERMS.issued) == Literal("2024-05-01T01:20:33", datatype=XSD.dateTime)


def test_legacy_dcat_extras_of_the_old_json_harvester_are_read(plain_ctx):
    pkg = example("ckan_dataset.json")  # extras dcat_issued, dcat_modified, dcat_publisher_*, language "en,es,ca"
    ds, g = package_to_graph(pkg, plain_ctx)
    assert g.value(ds, DCTERMS.identifier) == Literal(pkg["id"])
    assert g.value(ds, DCTERMS.issued) == Literal("2012-05-10", datatype=XSD.date)
    assert g.value(ds, DCTERMS.modified).toPython() == datetime(2012, 5, 10, 21, 4)
    publisher = g.value(ds, DCTERMS.publisher)
    assert g.value(publisher, FOAF.name) == Literal("Geological Society")
    assert g.value(publisher, FOAF.mbox) == URIRef("mailto:info@gs.org")
    assert g.value(g.value(ds, DCTERMS.creator), FOAF.name) == Literal("John Doe")
    assert len(set(g.objects(ds, DCTERMS.language))) == 3
    assert texts(g, ds, DCTERMS.title) == {("Zimbabwe Regional Geochemical Survey.", None)}


@pytest.mark.parametrize(
    ("uuid", "title"),
    [
        ("9c3036b8-f6ac-4a4e-9036-5a3cc90c3900", "規管海外物業銷售"),
        ("17be64bb-da74-4195-9bb8-565c39846af2", "2016 Regione Asia Est Oceania * Classi di età"),
    ],
)
def test_chinese_and_italian_titles_are_not_tagged_german(plain_ctx, uuid, title):
    pkg = demo(uuid)
    ds, g = package_to_graph(pkg, plain_ctx)
    assert texts(g, ds, DCTERMS.title) == {(title, None)}
    assert set(g.objects(ds, DCTERMS.license)) == {URIRef("http://dcat-ap.de/def/licenses/cc-by")}  # "cc-by"
    assert len(list(g.objects(ds, DCAT.distribution))) == pkg["num_resources"] == 1


@pytest.mark.parametrize(
    ("declared", "option", "tag"),
    [
        (["de"], None, "de"),
        ("deu", None, "de"),
        (["http://publications.europa.eu/resource/authority/language/DEU"], None, "de"),
        ('["ita"]', None, "it"),
        (["de", "en"], "de", None),
        (None, "de", "de"),
        (None, None, None),
        (["en"], "de", "en"),
        (None, "http://publications.europa.eu/resource/authority/language/ITA", "it"),
        (["de_DE"], None, "de-DE"),
    ],
)
def test_a_language_is_tagged_only_where_the_source_declares_one(resolver, declared, option, tag):
    pkg = {"id": "p1", "title": "Titel", "notes": "Text", "tags": [{"name": "Wort"}]}
    if declared is not None:
        pkg["language"] = declared
    ctx = MappingContext(Minter("https://example.org/id/"), resolver, options={"language": option} if option else {})
    ds, g = package_to_graph(pkg, ctx)
    for prop, text in ((DCTERMS.title, "Titel"), (DCTERMS.description, "Text"), (DCAT.keyword, "Wort")):
        assert texts(g, ds, prop) == {(text, tag)}


@pytest.mark.parametrize(
    ("fields", "licence", "repaired"),
    [
        (
            {"license_id": "lizenz-der-stadt-kamen", "license_url": "https://www.govdata.de/dl-de/by-2-0"},
            "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
            True,
        ),
        (
            {"license_id": "lizenz-der-stadt-kamen", "license_url": "https://www.kamen.de/lizenz"},
            "https://www.kamen.de/lizenz",
            True,
        ),
        (
            {"license_id": "dl-by-de/2.0", "license_url": "https://www.kamen.de/lizenz"},
            "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
            False,
        ),
        (
            {"license_url": "https://www.govdata.de/dl-de/zero-2-0"},
            "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
            False,
        ),
        (
            {"license_id": "notspecified", "license_url": "https://www.kamen.de/lizenz"},
            "https://www.kamen.de/lizenz",
            False,
        ),
    ],
)
def test_an_unknown_licence_id_does_not_win_over_a_real_licence_url(ctx, fields, licence, repaired):
    ds, g = package_to_graph({"id": "p1", "title": "T", **fields}, ctx)
    assert set(g.objects(ds, DCTERMS.license)) == {URIRef(licence)}
    rules = {r.rule for r in repairs_of(g, ds)}
    assert ("licence-from-license-url" in rules) == repaired


def test_wrong_types_are_read_as_far_as_they_go_and_never_raise(ctx):
    pkg = {
        "id": "odd",
        "title": "T",
        "notes": None,
        "tags": "Bus, Bahn",
        "groups": "g",
        "organization": "org",
        "resources": "x",
        "extras": [{"key": "k", "value": None}, "x", {"key": "issued", "value": "2024-01-02"}],
        "publisher": '[{"name": "Stadt Kamen"}]',
        "contact": [None, {"name": "Bürgerbüro"}],
        "language": 7,
        "temporal_coverage": "2020",
        "spatial_coverage": [{"geom": None}],
        "title_translated": ["x"],
        "metadata_modified": None,
        "url": ["x"],
        "version": {"v": 1},
    }
    ds, g = package_to_graph(pkg, ctx)
    assert texts(g, ds, DCAT.keyword) == {("Bus", "de"), ("Bahn", "de")}
    assert g.value(g.value(ds, DCTERMS.publisher), FOAF.name) == Literal("Stadt Kamen")
    assert str(g.value(g.value(ds, DCAT.contactPoint), URIRef(VCARD + "fn"))) == "Bürgerbüro"
    assert g.value(ds, DCTERMS.issued) == Literal("2024-01-02", datatype=XSD.date)
    assert g.value(ds, DCTERMS.temporal) is None and g.value(ds, DCAT.landingPage) is None


def test_text_fields_become_the_resources_dcat_ap_3_wants_and_read_back_as_sent(plain_ctx):
    """ckanext-dcat 2.x: ``access_rights`` / ``conforms_to`` as text, ``frequency: "monthly"``, a GeoJSON ``geom``."""
    pkg = example("ckan_full_dataset_dcat_ap.json")
    ds, g = package_to_graph(pkg, plain_ctx)
    [rights] = g.objects(ds, DCTERMS.accessRights)
    assert (rights, RDF.type, DCTERMS.RightsStatement) in g
    assert str(g.value(rights, RDFS.label)) == pkg["access_rights"]
    standards = list(g.objects(ds, DCTERMS.conformsTo))
    assert all((s, RDF.type, DCTERMS.Standard) in g for s in standards)
    assert sorted(str(g.value(s, RDFS.label)) for s in standards) == sorted(pkg["conforms_to"])
    monthly = "http://publications.europa.eu/resource/authority/frequency/MONTHLY"
    assert g.value(ds, DCTERMS.accrualPeriodicity) == URIRef(monthly)
    assert Repair("frequency", "frequency-word-to-eu-iri", "monthly", monthly) in set(repairs_of(g, ds))
    place = URIRef("https://sws.geonames.org/6361390/")
    geometry = g.value(place, LOCN_GEOMETRY)
    assert (geometry, RDF.type, URIRef(LOCN + "Geometry")) in g, "DCAT-AP 3: locn:geometry is a node"
    assert json.loads(str(g.value(geometry, URIRef(GSP + "asGeoJSON")))) == pkg["spatial_coverage"][0]["geom"]
    extras = {e["key"]: e["value"] for e in graph_to_package(g, ds)["extras"]}
    assert extras["access_rights"] == pkg["access_rights"]
    assert sorted(json.loads(extras["conforms_to"])) == sorted(pkg["conforms_to"])
    assert extras["frequency"] == monthly
    assert json.loads(extras["spatial"]) == pkg["spatial_coverage"][0]["geom"]


def test_a_geometry_literal_of_an_older_store_still_reads_back(plain_ctx):
    """Records stored before geometries were nodes carry ``locn:geometry`` as a literal: both forms read back."""
    pkg = example("ckan_full_dataset_dcat_ap.json")
    ds, g = package_to_graph(pkg, plain_ctx)
    place = URIRef("https://sws.geonames.org/6361390/")
    node = g.value(place, LOCN_GEOMETRY)
    text = g.value(node, URIRef(GSP + "asGeoJSON"))
    g.remove((place, LOCN_GEOMETRY, node))
    g.add((place, LOCN_GEOMETRY, text))
    extras = {e["key"]: e["value"] for e in graph_to_package(g, ds)["extras"]}
    assert json.loads(extras["spatial"]) == pkg["spatial_coverage"][0]["geom"]
