"""The /api/v1 resources over HTTP, against the bundled register and harvested dataset fixtures.

Expected answers come from the seed text (tests/support/seedtables.py) where the register follows it,
or from another path through the API (lists vs facets vs code-list counts, pages vs the whole).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest

from harvest.test_register import LEGAL_FORMS
from support.rest_fixtures import BASE, LIVE_DATASETS, UUID, iri
from support.seedtables import table_b

COOP = BASE + "cooperation/"


def ids(body: dict) -> set[str]:
    return {item["identifier"] for item in body["items"]}


def all_items(client, path: str, **params) -> list[dict]:
    """Follow ``next`` links to the end, checking the Link header says the same."""
    items, url = [], path
    response = client.get(url, params={**params, "limit": 25})
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        if "next" not in body:
            assert "link" not in response.headers
            return items
        assert response.headers["link"] == f'<{body["next"]}>; rel="next"'
        response = client.get(body["next"])


def words(cell: str) -> set[str]:
    return {w.strip() for w in re.split(r",| und ", cell)}


def test_cooperations_kamen_performs_for_others(client):
    body = client.get("/api/v1/cooperations", params={"performer": "Kamen"}).json()
    assert ids(body) == {f"ku2016-b-{r.number:02d}" for r in table_b() if r.performer == "Kamen"}
    assert ids(body) == {"ku2016-b-09", "ku2016-b-11", "ku2016-b-13", "ku2016-b-16"}
    for item in body["items"]:
        assert [p["label"] for p in item["performers"]] == ["Kamen"]


def test_legal_form_facet_of_the_towns_table(client):
    body = client.get("/api/v1/cooperations", params={"table": "b", "facet": "legal_form", "limit": 1}).json()
    counts = {v["notation"]: v["count"] for v in body["facets"]["legal_form"]}
    assert counts == dict(Counter(LEGAL_FORMS[r.legal_form] for r in table_b() if r.legal_form))
    assert counts == {
        "oerv": 30,
        "projekt": 9,
        "zweckverband": 4,
        "absprache": 3,
        "ev": 2,
        "gmbh": 2,
        "vertrag": 2,
        "gemeinsames-kommunalunternehmen": 1,
        "sonstige-vereinbarung": 1,
    }
    assert [v["count"] for v in body["facets"]["legal_form"]] == sorted(counts.values(), reverse=True)


def test_multi_valued_partner_facet_counts_each_partner(client):
    body = client.get("/api/v1/cooperations", params={"table": "b", "facet": "partner", "limit": 1}).json()
    counts = {v["label"]: v["count"] for v in body["facets"]["partner"]}
    for town in ("Kamen", "Bönen", "Selm", "Werne", "Bergkamen"):
        mentions = sum(1 for r in table_b() if re.search(rf"\b{town}\b", f"{r.partners} | {r.performer}"))
        assert counts[town] == mentions, town


def test_paging_visits_every_cooperation_once(client, store):
    items = all_items(client, "/api/v1/cooperations")
    expected = {
        r[0].value for r in store.query("SELECT ?s WHERE { ?s a <https://w3id.org/regiongraph/ontology#Cooperation> }")
    }
    assert [i["id"] for i in items] == sorted({i["id"] for i in items}, key=[i["id"] for i in items].index)
    assert {i["id"] for i in items} == expected
    titles = [i["title"] for i in items]
    assert titles == sorted(titles)


def test_partner_by_key_iri_and_name_agree(client):
    by_key = ids(client.get("/api/v1/cooperations", params={"partner": "05978020", "limit": 500}).json())
    by_iri = ids(client.get("/api/v1/cooperations", params={"partner": BASE + "ags/05978020", "limit": 500}).json())
    by_name = ids(client.get("/api/v1/cooperations", params={"partner": "Kamen", "limit": 500}).json())
    in_table_b = {
        f"ku2016-b-{r.number:02d}" for r in table_b() if re.search(r"\bKamen\b", f"{r.partners} | {r.performer}")
    }
    assert by_key == by_iri == by_name
    assert {i for i in by_key if i.startswith("ku2016-b-")} == in_table_b


def test_two_partners_means_both(client):
    both = ids(
        client.get(
            "/api/v1/cooperations",
            params=[("partner", "Kamen"), ("partner", "Bönen"), ("table", "b"), ("limit", "500")],
        ).json()
    )
    expected = {
        f"ku2016-b-{r.number:02d}" for r in table_b() if {"Kamen", "Bönen"} <= words(r.partners) | words(r.performer)
    }
    assert both == expected


def test_start_range_and_sorting(client):
    everything = all_items(client, "/api/v1/cooperations", table="b", sort="start")
    ranged = all_items(client, "/api/v1/cooperations", table="b", start_from=1990, start_to=1999, sort="-start")
    expected = [i["identifier"] for i in everything if i["start"] and 1990 <= int(i["start"][:4]) <= 1999]
    assert sorted(i["identifier"] for i in ranged) == sorted(expected)
    starts = [i["start"] for i in ranged]
    assert starts == sorted(starts, reverse=True)


def test_field_and_legal_form_filters_match_the_items(client):
    body = client.get(
        "/api/v1/cooperations", params={"field": "bildung-wissenschaft", "legal_form": "oerv", "limit": 500}
    ).json()
    assert body["items"]
    for item in body["items"]:
        assert "bildung-wissenschaft" in {f["notation"] for f in item["fields"]}
        assert item["legal_form"]["notation"] == "oerv"
    every = all_items(client, "/api/v1/cooperations")
    assert {i["id"] for i in body["items"]} == {
        i["id"]
        for i in every
        if i["legal_form"]
        and i["legal_form"]["notation"] == "oerv"
        and "bildung-wissenschaft" in {f["notation"] for f in i["fields"]}
    }


def test_csv_by_format_and_by_accept(client):
    a = client.get("/api/v1/cooperations", params={"performer": "Kamen", "format": "csv"})
    b = client.get("/api/v1/cooperations", params={"performer": "Kamen"}, headers={"Accept": "text/csv"})
    assert a.headers["content-type"].startswith("text/csv") and a.text == b.text
    rows = list(csv.DictReader(io.StringIO(a.text)))
    assert {r["identifier"] for r in rows} == {"ku2016-b-09", "ku2016-b-11", "ku2016-b-13", "ku2016-b-16"}
    assert {r["performers"] for r in rows} == {"Kamen"}
    assert {r["legal_form"] for r in rows} == {"oerv"}


def test_cooperation_detail_embeds_partners_with_roles_and_datasets(client):
    body = client.get("/api/v1/cooperations/ku2016-b-14").json()
    roles: dict[str, set[str]] = {}
    for m in body["memberships"]:
        roles.setdefault(m["label"], set()).update(r["notation"] for r in m["roles"])
    row = next(r for r in table_b() if r.number == 14)
    assert set(roles) == {
        w.replace("Fröndenberg", "Fröndenberg/Ruhr") if w == "Fröndenberg" else w
        for w in words(row.partners) | words(row.performer)
    }
    assert roles["Bergkamen"] == {"member", "performer"}
    assert body["source_locator"] == "Folie 47, Nr. 14"
    with_data = client.get("/api/v1/cooperations/ku2016-b-09").json()
    assert [d["id"] for d in with_data["datasets"]] == [iri("verkehr-kamen")]  # the withdrawn one is left out


def test_town_detail_embeds_its_cooperations_and_datasets(client):
    body = client.get("/api/v1/organisations/05978020").json()
    assert body["title"] == "Kamen" and body["district"]["label"] == "Kreis Unna"
    performed = {
        c["id"].rsplit("/", 1)[-1] for c in body["cooperations"] if "performer" in {r["notation"] for r in c["roles"]}
    }
    assert {"ku2016-b-09", "ku2016-b-11", "ku2016-b-13", "ku2016-b-16"} <= performed
    assert [d["label"] for d in body["datasets"]] == ["Verkehrszählungen Kamen 2023"]


def test_organisations_relevant_by_default_all_on_request(client):
    relevant = {i["id"] for i in all_items(client, "/api/v1/organisations")}
    assert BASE + "ags/05978020" in relevant and BASE + "org/gsw" in relevant
    assert BASE + "ags/07235001" not in relevant  # Aach (Trier-Saarburg) takes part in nothing
    found = client.get("/api/v1/organisations", params={"all": "true", "q": "Aach"}).json()
    assert BASE + "ags/07235001" in {i["id"] for i in found["items"]}
    companies = client.get("/api/v1/organisations", params={"classification": "company", "limit": 500}).json()
    assert BASE + "org/gsw" in {i["id"] for i in companies["items"]}
    assert {i["classification"]["notation"] for i in companies["items"]} == {"company"}


def named(*names: str) -> set[str]:
    return {UUID[n] for n in names}


def test_datasets_list_filters_and_facets(client):
    body = client.get("/api/v1/datasets", params={"facet": ["publisher", "theme"]}).json()
    assert ids(body) == LIVE_DATASETS
    assert {v["label"]: v["count"] for v in body["facets"]["publisher"]} == {
        "Kamen": 1,
        "Lünen": 1,
        "Fröndenberg/Ruhr": 1,
    }
    themes = {v["value"].rsplit("/", 1)[-1]: v["count"] for v in body["facets"]["theme"]}
    assert themes == {"TRAN": 2, "ENVI": 2}

    def only(**params) -> set[str]:
        return ids(client.get("/api/v1/datasets", params=params).json())

    assert only(theme="ENVI") == named("luft-luenen", "baeume-froendenberg")
    assert only(publisher="Kamen") == only(publisher="05978020") == named("verkehr-kamen")
    assert only(keyword="Umwelt") == named("luft-luenen", "baeume-froendenberg")
    assert only(related="project/luft-hub") == named("luft-luenen")
    assert only(related="cooperation/ku2016-b-09") == named("verkehr-kamen")
    assert only(q="Strasse") == named("verkehr-kamen", "baeume-froendenberg")  # "Straßen" in the HTML-stripped notes
    detail = client.get(f"/api/v1/datasets/{UUID['luft-luenen']}").json()
    assert detail["description"] == "Messwerte der Sensoren des LuFt-Hub: Stickstoffdioxid, Feinstaub."
    assert "http://dcat-ap.de/def/licenses/dl-by-de/2.0" in detail["licenses"]
    assert [d["label"] for d in detail["distributions"]] == ["Luftqualität in Lünen (CSV)"]
    assert client.get(f"/api/v1/datasets/{UUID['haltestellen-kamen-alt']}").status_code == 404


def test_code_lists_count_what_uses_them(client):
    forms = {i["notation"]: i["cooperations"] for i in all_items(client, "/api/v1/legal-forms")}
    facet = client.get("/api/v1/cooperations", params={"facet": "legal_form", "limit": 1}).json()
    assert {k: v for k, v in forms.items() if v} == {v["notation"]: v["count"] for v in facet["facets"]["legal_form"]}
    fields = {i["notation"]: i for i in all_items(client, "/api/v1/fields")}
    assert len(fields) == 10 and fields["verkehr"]["title"] == "Verkehr"
    verkehr = client.get("/api/v1/fields/verkehr").json()
    assert len(verkehr["cooperations"]) == fields["verkehr"]["cooperations"]


def test_projects_by_kind_and_part_of(client):
    portals = all_items(client, "/api/v1/projects", kind="portal")
    assert portals and {p["kind"] for p in portals} == {"portal"}
    parts = client.get(
        "/api/v1/projects", params={"part_of": "project/smart-region-kreis-unna-2024", "limit": 500}
    ).json()
    assert "luft-hub" in ids(parts)
    detail = client.get("/api/v1/projects/luft-hub").json()
    assert {m["label"] for m in detail["memberships"]} == {"Lünen", "Fröndenberg/Ruhr", "Holzwickede"}
    assert [d["label"] for d in detail["datasets"]] == ["Luftqualität in Lünen"]


def test_json_ld_reads_as_the_graph(client):
    import rdflib

    body = client.get("/api/v1/cooperations/ku2016-b-14", params={"format": "jsonld"})
    assert body.headers["content-type"] == "application/ld+json"
    doc = body.json()
    context = client.get("/api/v1/context.jsonld").json()
    assert doc["@context"].endswith("/api/v1/context.jsonld")
    g = rdflib.Graph().parse(data={**doc, "@context": context["@context"]}, format="json-ld")
    coop = rdflib.URIRef(COOP + "ku2016-b-14")
    assert (coop, rdflib.DCTERMS.title, rdflib.Literal("Automatisierte Datenverarbeitung")) in g
    assert (
        coop,
        rdflib.URIRef("http://www.w3.org/ns/org#classification"),
        rdflib.URIRef("https://w3id.org/regiongraph/code/legal-form/oerv"),
    ) in g


@pytest.mark.parametrize(
    ("path", "status", "kind"),
    [
        ("/api/v1/cooperations/ku2016-z-99", 404, "not-found"),
        ("/api/v1/cooperations?partner=Atlantis", 400, "bad-parameter"),
        ("/api/v1/cooperations?legal_form=Not%20A%20Code", 400, "bad-parameter"),
        ("/api/v1/cooperations?limit=0", 422, "invalid-parameter"),
        ("/api/v1/cooperations?sort=colour", 422, "invalid-parameter"),
        ("/api/v1/cooperations?start_from=abc", 422, "invalid-parameter"),
        ("/api/v1/datasets?theme=%3Chttp://x%3E", 400, "bad-parameter"),
    ],
)
def test_errors_are_problems(client, path, status, kind):
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/" + kind)


def test_not_acceptable(client):
    response = client.get("/api/v1/cooperations", headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.headers["content-type"] == "application/problem+json"
