"""The DCAT-AP.de licence list as data, and the named rules that make each licence spelling canonical.

Expected ids are written from GovData's lists (ckanext-dcatde ``examples/dcat_licenses.json`` and
``dcat_licenses_upgrade.json``), not from the module under test.
"""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS

from regiongraph.mapping._repairs import Repair, repairs_of
from regiongraph.mapping.dcat import package_to_graph
from regiongraph.mapping.dcat._licences import LICENCES, Match, licence_iri, match
from support.packages import HAUSHALT, variant

#: The active ids of GovData's list (dcat_licenses.json, "status": "active").
ACTIVE = {
    "other-freeware",
    "other-closed",
    "other-commercial",
    "other-open",
    "other-opensource",
    "bsd",
    "cc-by-sa",
    "cc-zero",
    "cc-by",
    "cc-by-nd",
    "apache",
    "gfdl",
    "mozilla",
    "geonutz/20130319",
    "geoNutz/20131001",
    "cc-by/4.0",
    "cc-by-de/3.0",
    "cc-by-nc",
    "cc-by-nc-de/3.0",
    "cc-by-nc/4.0",
    "cc-by-nd/3.0",
    "cc-by-nd/4.0",
    "cc-by-sa/4.0",
    "ccpdm/1.0",
    "dl-by-de/1.0",
    "dl-by-de/2.0",
    "dl-by-nc-de/1.0",
    "dl-zero-de/2.0",
    "gpl/3.0",
    "odbl",
    "odby",
    "odcpddl",
    "officialWork",
    "cc-by-sa-de/3.0",
}
#: dcat_licenses_upgrade.json: an older id → the id it became ("" = none).
UPGRADES = {
    "cc-by-de/3_0": "cc-by-de/3.0",
    "cc-by/4_0": "cc-by/4.0",
    "official-work": "officialWork",
    "cc-by-sa/4_0": "cc-by-sa/4.0",
    "cc-by-nd/3_0": "cc-by-nd/3.0",
    "cc-by-nd/4_0": "cc-by-nd/4.0",
    "cc-by-nc-de/4_0": "cc-by-nc/4.0",
    "cc-nc": "",
    "cc-nc/3_0": "cc-by-nc-de/3.0",
    "dl-zero-de/2_0": "dl-zero-de/2.0",
    "dl-by-de/1_0": "dl-by-de/1.0",
    "dl-by-de/2_0": "dl-by-de/2.0",
    "dl-by-nc-de/1_0": "dl-by-nc-de/1.0",
    "gpl/30": "gpl/3.0",
    "od-bc": "odby",
    "od-bl": "odbl",
    "odc-pddl": "odcpddl",
    "cc-pdm/1_0": "ccpdm/1.0",
}
DE = "http://dcat-ap.de/def/licenses/"


def test_the_table_holds_govdatas_active_and_older_licences():
    assert {lid for lid, lic in LICENCES.items() if lic.active} == ACTIVE
    assert {lid: lic.successor for lid, lic in LICENCES.items() if not lic.active} == UPGRADES


@pytest.mark.parametrize("lid", sorted(ACTIVE))
def test_every_active_licence_iri_is_already_canonical(lid):
    assert match(DE + lid) == Match(lid, None)


@pytest.mark.parametrize(("old", "new"), sorted(UPGRADES.items()))
def test_an_older_dcat_ap_de_id_becomes_its_successor(old, new):
    assert match(DE + old) == (Match(new, "licence-successor") if new else Match(old, None))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://www.dcat-ap.de/def/licenses/cc-zero", Match("cc-zero", "licence-canonical-iri")),  # Rostock
        ("https://dcat-ap.de/def/licenses/dl-by-de/2.0", Match("dl-by-de/2.0", "licence-canonical-iri")),
        ("http://www.dcat-ap.de/def/licenses/dl-by-de/2.0/", Match("dl-by-de/2.0", "licence-canonical-iri")),
        ("http://dcat-ap.de/def/licenses/officialwork", Match("officialWork", "licence-canonical-iri")),
        ("http://dcat-ap.de/def/licenses/cc-by-nc/4_0", Match("cc-by-nc/4.0", "licence-version-spelling")),
        ("https://www.dcat-ap.de/def/licenses/dl-by-de/2_0/", Match("dl-by-de/2.0", "licence-successor")),
        ("https://www.govdata.de/dl-de/by-2-0", Match("dl-by-de/2.0", "licence-from-url")),
        ("http://creativecommons.org/licenses/by/4.0/deed.de", Match("cc-by/4.0", "licence-from-url")),
        ("https://creativecommons.org/licenses/by-sa/3.0/de/", Match("cc-by-sa-de/3.0", "licence-from-url")),
        ("http://www.opendefinition.org/licenses/odc-by", Match("odby", "licence-from-url")),
        ("odc-by", Match("odby", "licence-code")),
        ("dl-de-by-2.0", Match("dl-by-de/2.0", "licence-code")),
        ("cc-by-4.0", Match("cc-by/4.0", "licence-code")),
    ],
)
def test_licence_spellings_and_the_rule_that_canonicalises_them(given, expected):
    assert match(given) == expected


@pytest.mark.parametrize(
    "unknown",
    [
        "other-nc",
        "uk-ogl",
        "https://www.dcat-ap.de/def/licenses/no-such-licence",
        "Nutzungsbedingungen der Gemeinde Bönen",
        "",
    ],
)
def test_a_licence_not_in_the_list_stays_unknown(unknown):
    assert match(unknown) is None and licence_iri(unknown) is None


def test_a_ckan_licence_url_made_canonical_is_recorded_but_a_licence_code_is_plain_mapping(ctx):
    given = "https://www.dcat-ap.de/def/licenses/dl-by-de/2.0/"
    package = variant(HAUSHALT, license_id=given)
    for res in package["resources"]:
        res["license"] = given
    iri, g = package_to_graph(package, ctx)
    assert g.value(iri, DCTERMS.license) == URIRef(DE + "dl-by-de/2.0")
    assert list(repairs_of(g, iri)) == [  # once each, though every resource names it
        Repair("license_id", "licence-canonical-iri", given, DE + "dl-by-de/2.0"),
        Repair("resources[].license", "licence-canonical-iri", given, DE + "dl-by-de/2.0"),
    ]
    iri, g = package_to_graph(variant(HAUSHALT, license_id="dl-de-by-2.0"), ctx)
    assert g.value(iri, DCTERMS.license) == URIRef(DE + "dl-by-de/2.0") and list(repairs_of(g, iri)) == []
