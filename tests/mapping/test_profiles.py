"""Package → graph: exact triples of the three profiles on realistic packages of Kreis Unna portals."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, XSD

from regiongraph.errors import ConfigError
from regiongraph.mapping import MappingContext
from regiongraph.mapping.dcat import package_to_graph
from regiongraph.namespaces import DCATDE, RG
from support.packages import BASE, HAUSHALT, KITAS, PEGEL, RADWEGE, variant, with_extra, with_resource

DS = f"<{BASE}dataset/kreis/0c8d2b7a-9f10-4e3e-8d2a-5b6c7d8e9f00>"
DIST = f"<{BASE}dataset/kreis/0c8d2b7a-9f10-4e3e-8d2a-5b6c7d8e9f00/distribution/hh-2024-pdf>"
HAUSHALT_TTL = f"""
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dcatde: <http://dcat-ap.de/def/dcatde/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> . @prefix rg: <https://w3id.org/regiongraph/ontology#> .
@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
{DS} a dcat:Dataset ;
    dcterms:title "Haushaltsplan 2024 des Kreises Unna"@de ;
    dcterms:description "Entwurf und beschlossene Fassung des Haushaltsplans; Teilpläne für Ämter und Betriebe."@de ;
    dcterms:identifier "0c8d2b7a-9f10-4e3e-8d2a-5b6c7d8e9f00" ; rg:ckanName "haushaltsplan-kreis-unna-2024" ;
    dcat:keyword "Haushalt"@de , "Finanzen"@de ; rg:ckanGroup "wirtschaft" ;
    dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ECON> ;
    dcterms:issued "2024-01-10T09:00:00"^^xsd:dateTime ; dcterms:modified "2024-02-01T12:30:00"^^xsd:dateTime ;
    rg:ckanOrganization "kreis-unna" ; dcterms:publisher <{BASE}ags/05978> ;
    dcat:contactPoint <{BASE}dataset/kreis/0c8d2b7a-9f10-4e3e-8d2a-5b6c7d8e9f00/contact> ;
    dcatde:maintainer <{BASE}dataset/kreis/0c8d2b7a-9f10-4e3e-8d2a-5b6c7d8e9f00/maintainer> ;
    dcterms:license <http://dcat-ap.de/def/licenses/cc-by/4.0> ;
    dcat:distribution {DIST} .
<{BASE}ags/05978> a foaf:Agent ; foaf:name "Kreis Unna" .
<{BASE}dataset/kreis/0c8d2b7a-9f10-4e3e-8d2a-5b6c7d8e9f00/contact> a vcard:Kind ; vcard:fn "Kämmerei" ;
    vcard:hasEmail <mailto:kaemmerei@kreis-unna.de> .
<{BASE}dataset/kreis/0c8d2b7a-9f10-4e3e-8d2a-5b6c7d8e9f00/maintainer> a foaf:Agent ; foaf:name "Kämmerei" ;
    foaf:mbox <mailto:kaemmerei@kreis-unna.de> .
{DIST} a dcat:Distribution ; dcterms:identifier "hh-2024-pdf" ; schema:position 0 ;
    dcterms:title "Haushaltsplan 2024"@de ; dcat:accessURL <https://www.kreis-unna.de/haushalt/2024.pdf> ;
    dcterms:format <http://publications.europa.eu/resource/authority/file-type/PDF> ;
    dcat:mediaType <https://www.iana.org/assignments/media-types/application/pdf> ;
    dcat:byteSize "10485760"^^xsd:nonNegativeInteger ; dcterms:license <http://dcat-ap.de/def/licenses/cc-by/4.0> .
"""


def triples(g: Graph) -> set:
    return set(g)


def test_a_plain_ckan_package_maps_to_exactly_these_triples(ctx):
    iri, g = package_to_graph(HAUSHALT, ctx, source="kreis")
    assert iri == URIRef(f"{BASE}dataset/kreis/0c8d2b7a-9f10-4e3e-8d2a-5b6c7d8e9f00")
    expected = Graph().parse(data=HAUSHALT_TTL, format="turtle")
    assert triples(g) - triples(expected) == set()
    assert triples(expected) - triples(g) == set()


def test_the_same_package_always_gives_the_same_graph(ctx):
    assert triples(package_to_graph(RADWEGE, ctx)[1]) == triples(package_to_graph(RADWEGE, ctx)[1])


def test_dcat_ap_de_extras_html_and_the_town_publisher(ctx):
    iri, g = package_to_graph(RADWEGE, ctx, source="unna")
    assert g.value(iri, DCTERMS.description) == Literal(
        "Das Radwegenetz der Stadt Unna mit Fahrradstraßen & Schutzstreifen.\n\nStand: Frühjahr 2024", lang="de"
    )
    assert g.value(iri, DCTERMS.publisher) == URIRef(f"{BASE}ags/05978036")  # "Stadt Unna" → the town, not the Kreis
    assert set(g.objects(iri, DCATDE.contributorID)) == {URIRef("http://dcat-ap.de/def/contributors/stadtUnna")}
    assert set(g.objects(iri, DCATDE.politicalGeocodingURI)) == {
        URIRef("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05978036")
    }
    assert g.value(iri, DCATDE.geocodingDescription) == Literal("Stadtgebiet Unna", lang="de")
    assert g.value(iri, DCTERMS.issued) == Literal("2023-05-01", datatype=XSD.date)  # the extra beats metadata_created
    themes = {str(t).rsplit("/", 1)[-1] for t in g.objects(iri, DCAT.theme)}
    assert themes == {"TRAN", "ENVI"}
    period = g.value(iri, DCTERMS.temporal)
    assert (g.value(period, DCAT.startDate), g.value(period, DCAT.endDate)) == (
        Literal("2020-01-01", datatype=XSD.date),
        Literal("2024-12-31", datatype=XSD.date),
    )
    creator = g.value(iri, DCTERMS.creator)
    assert g.value(creator, FOAF.name) == Literal("Stabsstelle Mobilität")


def test_distributions_carry_urls_formats_media_types_sizes_and_attribution(ctx):
    iri, g = package_to_graph(RADWEGE, ctx, source="unna")
    geo = URIRef(f"{BASE}dataset/unna/6f1c2a9e-3b1d-4c55-9a61-0b5d8f7e21a1/distribution/a1f0c3d2-0002")
    assert set(g.objects(iri, DCAT.distribution)) == {
        URIRef(f"{BASE}dataset/unna/6f1c2a9e-3b1d-4c55-9a61-0b5d8f7e21a1/distribution/a1f0c3d2-0001"),
        geo,
    }
    assert g.value(geo, DCTERMS.format) == URIRef("http://publications.europa.eu/resource/authority/file-type/GEOJSON")
    assert g.value(geo, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/application/geo+json")
    assert g.value(geo, DCAT.byteSize) == Literal(1948221, datatype=XSD.nonNegativeInteger)  # "1948221" in CKAN
    assert g.value(geo, DCAT.downloadURL) == URIRef("https://opendata.unna.de/radwege/radwege.geojson?download=1")
    assert g.value(geo, DCATDE.licenseAttributionByText) == Literal("Stadt Unna, Tiefbauamt (2024)", lang="de")
    assert g.value(geo, DCTERMS.license) == URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("dl-by-de/2.0", "dl-by-de/2.0"),
        ("dl-de-by-2.0", "dl-by-de/2.0"),
        ("cc-by-4.0", "cc-by/4.0"),
        ("cc-zero", "cc-zero"),
        ("odc-odbl", "odbl"),
        ("http://dcat-ap.de/def/licenses/dl-by-de/2_0", "dl-by-de/2.0"),
        ("https://www.govdata.de/dl-de/by-2-0", "dl-by-de/2.0"),
        ("https://www.govdata.de/dl-de/zero-2-0", "dl-zero-de/2.0"),
        ("http://creativecommons.org/licenses/by/4.0/", "cc-by/4.0"),
    ],
)
def test_licences_become_dcat_ap_de_licence_iris(ctx, given, expected):
    iri, g = package_to_graph(variant(HAUSHALT, license_id=given), ctx)
    assert g.value(iri, DCTERMS.license) == URIRef(f"http://dcat-ap.de/def/licenses/{expected}")
    assert g.value(iri, RG.doubt) is None


def test_an_unknown_licence_is_kept_as_text_and_flagged(ctx):
    iri, g = package_to_graph(KITAS, ctx, source="boenen")
    licence = g.value(iri, DCTERMS.license)
    assert licence == URIRef(f"{BASE}dataset/boenen/boenen-kitas/license")
    assert str(g.value(licence, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == (
        "Nutzungsbedingungen der Gemeinde Bönen"
    )
    assert [str(d) for d in g.objects(iri, RG.doubt)] == [
        "licence 'Nutzungsbedingungen der Gemeinde Bönen' is not in the DCAT-AP.de licence list"
    ]


def test_legacy_licence_german_date_own_iri_and_unknown_format(ctx):
    iri, g = package_to_graph(PEGEL, ctx, source="schwerte")
    assert iri == URIRef("https://opendata.schwerte.de/dataset/ruhrpegel")  # the source's own IRI is kept
    assert g.value(iri, DCTERMS.license) == URIRef("http://dcat-ap.de/def/licenses/dl-zero-de/2.0")
    assert g.value(iri, DCTERMS.modified) == Literal("2024-06-30", datatype=XSD.date)  # 30.06.2024
    assert g.value(iri, DCAT.theme) == URIRef("http://publications.europa.eu/resource/authority/data-theme/ENVI")
    xlsx = URIRef(f"{BASE}dataset/schwerte/schwerte-ruhrpegel/distribution/pegel-xlsx")
    fmt = g.value(xlsx, DCTERMS.format)
    assert str(g.value(fmt, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == "Excel-Mappe (alt)"
    assert g.value(iri, DCAT.contactPoint) is not None  # the author is the contact when there is no maintainer


def test_source_defaults_links_and_the_publisher_from_an_ags_extra(resolver):
    options = {
        "publisher": "Bönen",
        "contributor_id": "http://dcat-ap.de/def/contributors/gemeindeBoenen",
        "political_geocoding": ["05978008"],
        "links": [
            {"tag": "kita", "target": "project/kita-navigator"},
            {"group": "soziales", "target": "cooperation/ku2016-b-14"},
            {"extra": "originator_name", "value": "Jugendamt Kreis Unna", "target": "project/jugendhilfe"},
            {"organization": "stadt-unna", "target": "project/nicht-passend"},
        ],
    }
    from regiongraph.iris import Minter

    ctx = MappingContext(Minter(BASE), resolver, options=options)
    iri, g = package_to_graph(KITAS, ctx, source="boenen")
    assert g.value(iri, DCTERMS.publisher) == URIRef(f"{BASE}ags/05978008")
    assert g.value(iri, DCATDE.contributorID) == URIRef("http://dcat-ap.de/def/contributors/gemeindeBoenen")
    assert g.value(iri, DCATDE.politicalGeocodingURI) == URIRef(
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05978008"
    )
    assert g.value(iri, DCATDE.politicalGeocodingLevelURI) == URIRef(
        "http://dcat-ap.de/def/politicalGeocodingLevel/municipality"
    )
    assert set(g.objects(iri, DCTERMS.relation)) == {
        URIRef(f"{BASE}project/kita-navigator"),
        URIRef(f"{BASE}cooperation/ku2016-b-14"),
        URIRef(f"{BASE}project/jugendhilfe"),
    }
    ags = with_extra(HAUSHALT, "ags", "05978024")  # the AGS extra names the town (Holzwickede) over the org name
    iri, g = package_to_graph(ags, ctx)
    assert g.value(iri, DCTERMS.publisher) == URIRef(f"{BASE}ags/05978024")


def test_bad_values_are_rejected_visibly_instead_of_crashing(ctx):
    bad = with_resource(with_extra(HAUSHALT, "issued", "2024-02-30"), 0, size="12 MB", url="kein link")
    iri, g = package_to_graph(bad, ctx)
    assert g.value(iri, DCTERMS.issued) is None  # not asserted as a date …
    dist = g.value(iri, DCAT.distribution)
    assert (g.value(dist, DCAT.byteSize), g.value(dist, DCAT.accessURL)) == (None, None)
    assert {str(v) for v in g.objects(iri, RG.rejectedValue)} == {  # … but kept, and SHACL refuses the record
        "issued: '2024-02-30' is not a date",
        "resource hh-2024-pdf: url: 'kein link' is not an absolute URL",
        "resource hh-2024-pdf: size: '12 MB' is not a number of bytes",
    }


def test_profiles_are_chosen_and_ordered_by_name(ctx):
    iri, g = package_to_graph(RADWEGE, ctx, profiles=["euro_dcat_ap"])
    assert g.value(iri, DCATDE.contributorID) is None
    assert g.value(iri, DCTERMS.publisher) == URIRef(f"{BASE}publisher/ckan/stadt-unna")  # not resolved
    with pytest.raises(ConfigError, match="unknown mapping profile"):
        package_to_graph(RADWEGE, ctx, profiles=["euro_dcat_ap", "dcat_ap_at"])


def test_a_dataset_level_attribution_reaches_every_distribution_without_its_own(ctx):
    iri, g = package_to_graph(with_extra(RADWEGE, "licenseAttributionByText", "© Kreisstadt Unna 2024"), ctx)
    texts = {str(g.value(d, DCATDE.licenseAttributionByText)) for d in g.objects(iri, DCAT.distribution)}
    assert texts == {"© Kreisstadt Unna 2024", "Stadt Unna, Tiefbauamt (2024)"}
