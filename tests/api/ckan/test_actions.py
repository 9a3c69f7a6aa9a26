"""The Action API read subset, read with ckanapi's RemoteCKAN as CKAN harvesters read a portal."""

from __future__ import annotations

import warnings
from collections import Counter
from datetime import UTC, datetime

import ckanapi
import httpx
import pytest

from support.ckan_site import T0, Site


@pytest.fixture(scope="module")
def ckan(portal_site: Site) -> ckanapi.RemoteCKAN:
    return ckanapi.RemoteCKAN(portal_site.server.url)


def _page_all(ckan: ckanapi.RemoteCKAN, **params) -> list[dict]:
    """ckanext-harvest's CKAN harvester loop: rows=100 sorted by id, start += rows until a page is empty."""
    out, start = [], 0
    while True:
        page = ckan.action.package_search(rows=7, start=start, sort="id asc", **params)["results"]
        if not page:
            return out
        out += page
        start += 7


def test_paging_with_rows_and_start_sees_every_package_once(ckan, portal_site):
    packages = _page_all(ckan)
    names = [p["name"] for p in packages]
    assert len(names) == len(set(names)) == ckan.action.package_search(rows=0)["count"]
    assert sorted(names) == ckan.action.package_list()
    assert portal_site.harvested <= set(names)
    ids = [p["id"] for p in packages]
    assert ids == sorted(ids)


def test_metadata_modified_range_as_harvesters_send_it(ckan, portal_site):
    since = (T0.replace(hour=T0.hour + 10)).strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
    found = {p["name"] for p in _page_all(ckan, fq=f"metadata_modified:[{since} TO *]")}
    expected = {p["name"] for i, p in enumerate(portal_site.packages) if i >= 10} & portal_site.harvested
    register = {n for n in found if not n.startswith(("kreis-unna-", "stadt-", "gemeinde-"))}
    assert found - register == expected
    upto = (T0.replace(hour=T0.hour + 3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    window = ckan.action.package_search(fq=f"metadata_modified:[{T0:%Y-%m-%dT%H:%M:%SZ} TO {upto}]", rows=100)
    first_four = {p["name"] for p in portal_site.packages[:4]}
    assert {p["name"] for p in window["results"]} == first_four & portal_site.harvested


def test_package_show_mirrors_the_harvested_package(ckan, portal_site):
    source = next(p for p in portal_site.packages if p["name"] in portal_site.harvested and p["organization"])
    shown = ckan.action.package_show(id=source["name"])
    assert ckan.action.package_show(id=shown["id"])["name"] == source["name"]
    assert shown["id"] == source["id"]
    assert shown["title"] == source["title"]
    assert {t["name"] for t in shown["tags"]} == {t["name"] for t in source["tags"]}
    assert shown["num_resources"] == len(source["resources"]) == len(shown["resources"])
    assert shown["metadata_modified"] == f"2025-03-01T{6 + portal_site.packages.index(source):02d}:00:00.000000"
    assert (
        shown["organization"]["name"]
        == ckan.action.package_search(fq=f'name:"{source["name"]}"', rows=1)["results"][0]["organization"]["name"]
    )


def test_filters_and_facets_agree(ckan):
    result = ckan.action.package_search(
        rows=0, **{"facet.field": '["organization", "tags", "res_format", "groups", "license_id"]', "facet.limit": 100}
    )
    for field in ("organization", "tags", "res_format", "groups", "license_id"):
        for value, count in list(result["facets"][field].items())[:3]:
            hits = ckan.action.package_search(fq=f'{field}:"{value}"', rows=25, sort="name asc")
            assert hits["count"] == count, (field, value)
            for package in hits["results"]:
                values = {
                    "organization": lambda p: {p["organization"]["name"]},
                    "tags": lambda p: {t["name"] for t in p["tags"]},
                    "res_format": lambda p: {r.get("format") for r in p["resources"]},
                    "groups": lambda p: {g["name"] for g in p["groups"]},
                    "license_id": lambda p: {p["license_id"]},
                }[field](package)
                assert value in values, (field, value, package["name"])
    assert result["search_facets"]["groups"]["items"][0]["count"] == max(result["facets"]["groups"].values())


def test_sort_and_defaults(ckan):
    default = ckan.action.package_search()
    assert len(default["results"]) == 10
    assert ckan.action.package_search(q="*:*", rows=0)["count"] == default["count"]
    stamps = [p["metadata_modified"] for p in default["results"]]
    assert stamps == sorted(stamps, reverse=True)
    by_name = [p["name"] for p in ckan.action.package_search(sort="name asc", rows=50)["results"]]
    assert by_name == sorted(by_name)
    by_title = [p["title"].lower() for p in ckan.action.package_search(sort="title_string asc", rows=50)["results"]]
    assert by_title == sorted(by_title)
    assert len(ckan.action.package_search(rows=5000)["results"]) == default["count"]  # rows capped at 1000


def test_organizations_groups_tags(ckan):
    orgs = ckan.action.organization_list(all_fields=True)
    names = ckan.action.organization_list()
    assert names == sorted(o["name"] for o in orgs)
    first = orgs[0]
    assert ckan.action.organization_show(id=first["name"])["package_count"] == first["package_count"]
    assert ckan.action.package_search(fq=f"organization:{first['name']}", rows=0)["count"] == first["package_count"]
    assert ckan.action.organization_list(limit=2, offset=1) == names[1:3]
    groups = ckan.action.group_list(all_fields=True)
    assert {g["name"] for g in groups} >= {"envi", "tran"}
    assert next(g for g in groups if g["name"] == "envi")["title"] == "Umwelt"
    assert "Interkommunale Zusammenarbeit" in ckan.action.tag_list()


def test_errors_have_ckan_shapes(ckan, portal_site):
    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id="gibt-es-nicht")
    with pytest.raises(ckanapi.NotFound):
        ckan.action.organization_show(id="gibt-es-nicht")
    with pytest.raises(ckanapi.ValidationError) as err:
        ckan.action.package_search(rows="viele")
    assert err.value.error_dict == {"__type": "Validation Error", "rows": ["Invalid integer"]}
    with pytest.raises(ckanapi.SearchQueryError):
        ckan.action.package_search(fq="farbe:blau")
    url = portal_site.server.url + "/api/3/action/package_search"
    bad = httpx.post(url, content=b"{kein json", headers={"Content-Type": "application/json"})
    assert bad.status_code == 400
    assert bad.json()["success"] is False and bad.json()["error"]["__type"] == "Bad Request"
    unknown = httpx.get(portal_site.server.url + "/api/3/action/package_purge")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["message"] == "Bad request - Action name not known: package_purge"
    missing = httpx.get(portal_site.server.url + "/api/3/action/package_show?id=gibt-es-nicht")
    assert missing.status_code == 404
    assert missing.json()["error"] == {"__type": "Not Found Error", "message": "Not found"}
    assert missing.json()["help"].endswith("/api/3/action/help_show?name=package_show")


def test_get_and_post_agree(portal_site):
    get = ckanapi.RemoteCKAN(portal_site.server.url, get_only=True)
    post = ckanapi.RemoteCKAN(portal_site.server.url)
    assert get.action.package_search(q="Baumkataster", rows=3) == post.action.package_search(q="Baumkataster", rows=3)
    assert get.action.status_show()["ckan_version"] == "2.10.4"


def test_every_help_link_shows_the_actions_documentation(ckan, portal_site):
    url = portal_site.server.url
    for action, params in (
        ("package_search", {"rows": 1}),
        ("package_list", {}),
        ("status_show", {}),
        ("organization_list", {}),
        ("group_list", {}),
        ("tag_list", {}),
        ("package_show", {"id": "gibt-es-nicht"}),
        ("help_show", {"name": "tag_list"}),
    ):
        envelope = httpx.get(f"{url}/api/3/action/{action}", params=params).json()
        assert envelope["help"] == f"{url}/api/3/action/help_show?name={action}"
        shown = httpx.get(envelope["help"]).json()
        assert shown["success"] is True, (action, shown)
        assert shown["result"].strip().splitlines()[0].endswith("."), action  # CKAN's docstring: a sentence first
        assert ":rtype:" in shown["result"], action
    assert ":param facet.field:" in ckan.action.help_show(name="package_search")
    with pytest.raises(ckanapi.NotFound) as err:
        ckan.action.help_show(name="package_purge")
    assert "Action function not found" in str(err.value)
    with pytest.raises(ckanapi.ValidationError) as missing:
        ckan.action.help_show()
    assert missing.value.error_dict == {"__type": "Validation Error", "name": ["Missing value"]}


@pytest.mark.parametrize("fq", ["", "groups:envi", 'tags:"Interkommunale Zusammenarbeit"'])
def test_single_valued_facets_add_up_to_the_count(ckan, fq):
    """A package has one organisation and at most one licence: the facets count each package once under its own
    (as Solr, CKAN's facets leave out packages without a value: a licence the portal did not name)."""
    found = ckan.action.package_search(
        fq=fq, rows=1000, **{"facet.field": '["organization", "license_id"]', "facet.limit": -1}
    )
    assert found["count"] == len(found["results"]) > 0
    organisations = Counter(p["organization"]["name"] for p in found["results"])
    licences = Counter(p["license_id"] for p in found["results"] if p["license_id"])
    assert found["facets"]["organization"] == dict(organisations)
    assert found["facets"]["license_id"] == dict(licences)
    assert sum(found["facets"]["organization"].values()) == found["count"]


def test_metadata_times_are_the_catalog_records(ckan, portal_site):
    """metadata_created / metadata_modified = dcterms:issued / dcterms:modified of the item's dcat:CatalogRecord."""
    rows = portal_site.store.query(
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT ?d ?c ?m WHERE { GRAPH ?g { ?r a dcat:CatalogRecord ; "
        "foaf:primaryTopic ?d ; dcterms:issued ?c ; dcterms:modified ?m } }"
    )
    records = {row["d"].value: (row["c"].value, row["m"].value) for row in rows}
    packages = ckan.action.package_search(rows=1000)["results"]
    assert len(packages) > 30
    for package in packages:
        iri = next(e["value"] for e in package["extras"] if e["key"] == "uri")
        created, modified = (
            datetime.fromisoformat(v.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None) for v in records[iri]
        )
        assert package["metadata_created"] == created.isoformat(timespec="microseconds"), iri
        assert package["metadata_modified"] == modified.isoformat(timespec="microseconds"), iri
    harvested = [p for p in packages if p["name"] in portal_site.harvested]
    assert len({p["metadata_modified"] for p in harvested}) == len(harvested)  # each record its own time


def test_openapi_operation_ids_are_unique(portal_site):
    spec = httpx.get(portal_site.server.url + "/openapi.json").json()
    ids = [op["operationId"] for methods in spec["paths"].values() for op in methods.values()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    action = spec["paths"]["/api/3/action/{action}"]
    assert {m: op["operationId"] for m, op in action.items()} == {"get": "ckan_action_get", "post": "ckan_action_post"}


def test_the_app_builds_its_openapi_without_duplicate_warnings(portal_site):
    from regiongraph.app import create_app

    app = create_app(portal_site.settings, portal_site.store)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        app.openapi()
