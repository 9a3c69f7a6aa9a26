"""Search, named queries, Linked-Data pages and /docs over HTTP."""

from __future__ import annotations

import csv
import io

import rdflib

from regiongraph.queries import load_queries
from support.rest_fixtures import BASE, iri
from support.seedtables import table_b


def top(client, q: str, **params) -> list[dict]:
    response = client.get("/api/v1/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_search_folds_umlauts_case_and_finds_name_variants(client):
    assert top(client, "Fröndenberg")[0]["id"] == BASE + "ags/05978012"  # "Fröndenberg/Ruhr"
    assert top(client, "fröndenberg")[0]["title"] == "Fröndenberg/Ruhr"
    lunen = top(client, "Lunen")
    assert lunen[0]["id"] == BASE + "ags/05978024" and lunen[0]["snippet"] == "<mark>Lünen</mark>"


def test_search_folds_sharp_s_and_word_forms(client):
    strasse = {h["id"] for h in top(client, "Strasse", type="cooperation", limit=50)}
    assert BASE + "cooperation/ku2016-b-25" in strasse  # "Durchführung der Straßenreinigung"
    singular = {h["id"] for h in top(client, "Kooperation", limit=50)}
    plural = {h["id"] for h in top(client, "Kooperationen", limit=50)}
    # the plural finds the singular's documents ("Kooperation Geodatendienste …") and vice versa
    assert BASE + "cooperation/ku2016-a-36" in plural and BASE + "project/foerderrichtlinie-ikz-nrw" in singular
    assert plural <= singular  # the singular also matches longer words as a prefix (Kooperationsvertrag)


def test_search_ranks_titles_and_marks_the_snippet(client):
    hits = top(client, "Datenverarbeitung", type="cooperation")
    assert hits[0]["title"].endswith("Datenverarbeitung")
    assert all("<mark>" in h["snippet"] for h in hits)
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_covers_datasets_but_not_withdrawn_ones(client):
    hits = top(client, "Luftqualitat", type="dataset")
    assert [h["id"] for h in hits] == [iri("luft-luenen")]
    assert top(client, "Haltestellen", type="dataset") == []
    assert {h["kinds"][0] for h in top(client, "Zweckverband", limit=50)} >= {"legal-form", "cooperation"}


def test_search_escapes_the_snippet(client):
    hits = top(client, "JeKi")
    assert "&quot;<mark>JeKi</mark>&quot;" in hits[0]["snippet"]


def test_named_queries_are_listed_with_their_parameters(client, settings):
    body = client.get("/api/v1/queries").json()
    expected = load_queries(settings.resource("queries"))
    assert {q["name"] for q in body["items"]} == set(expected)
    town = next(q for q in body["items"] if q["name"] == "cooperations-of-town")
    assert [p["name"] for p in town["parameters"]] == [p.name for p in expected["cooperations-of-town"].parameters]


def test_named_query_runs_with_typed_parameters(client):
    body = client.get("/api/v1/queries/cooperations-performed-by-town", params={"town": "Kamen"}).json()
    assert {r["id"] for r in body["rows"]} == {f"ku2016-b-{r.number:02d}" for r in table_b() if r.performer == "Kamen"}
    text = client.get("/api/v1/queries/cooperations-performed-by-town", params={"town": "05978020", "format": "csv"})
    assert {r["id"] for r in csv.DictReader(io.StringIO(text.text))} == {r["id"] for r in body["rows"]}


def test_named_query_errors(client):
    assert client.get("/api/v1/queries/no-such-query").status_code == 404
    bad = client.get("/api/v1/queries/cooperations-of-town", params={"town": "Atlantis"})
    assert bad.status_code == 400 and "Atlantis" in bad.json()["detail"]
    assert client.get("/api/v1/queries/cooperations-of-town", params={"colour": "red"}).status_code == 400


def test_entity_iris_dereference_with_content_negotiation(client):
    page = client.get("/id/cooperation/ku2016-b-14", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<title>Automatisierte Datenverarbeitung – RegionGraph</title>" in html
    assert "Rechtsform" in html or "Klassifikation" in html or "classification" in html
    assert 'href="/id/ags/05978004"' in html and "Bergkamen" in html  # partners as links, with labels
    assert '<link rel="alternate" type="text/turtle" href="/id/cooperation/ku2016-b-14.ttl">' in html
    assert "https://cdn" not in html
    turtle = client.get("/id/cooperation/ku2016-b-14", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=turtle.text, format="turtle")
    coop = rdflib.URIRef(BASE + "cooperation/ku2016-b-14")
    assert (coop, rdflib.DCTERMS.identifier, rdflib.Literal("ku2016-b-14")) in g
    member = rdflib.URIRef(BASE + "cooperation/ku2016-b-14/membership/bergkamen-performer")
    assert (member, rdflib.URIRef("http://www.w3.org/ns/org#member"), rdflib.URIRef(BASE + "ags/05978004")) in g
    nt = client.get("/id/cooperation/ku2016-b-14.nt")
    assert nt.headers["content-type"].startswith("application/n-triples")
    assert len(rdflib.Graph().parse(data=nt.text, format="nt")) == len(g)
    jsonld = client.get("/id/ags/05978020", headers={"Accept": "application/ld+json"})
    assert (
        rdflib.URIRef(BASE + "ags/05978020"),
        rdflib.URIRef("https://w3id.org/regiongraph/ontology#ags"),
        rdflib.Literal("05978020"),
    ) in rdflib.Graph().parse(data=jsonld.text, format="json-ld")


def test_unknown_entities_are_404_problems(client):
    for path in ("/id/cooperation/ku2016-z-99", "/id/cooperation/ku2016-z-99.ttl", "/id/%3E%22"):
        response = client.get(path)
        assert response.status_code == 404 and response.headers["content-type"] == "application/problem+json"


def test_docs_are_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "http" not in page.text.split("<script>")[0].split("<head>")[1]
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert client.get(f"/docs/assets/{asset}").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/cooperations", "/api/v1/search", "/api/v1/queries/cooperations-of-town"} <= set(spec["paths"])
    partner = next(p for p in spec["paths"]["/api/v1/cooperations"]["get"]["parameters"] if p["name"] == "partner")
    assert partner.get("examples") or partner.get("example") or partner["schema"].get("examples")


def test_search_rebuild_needs_the_admin_token(client, rest_settings):
    assert client.post("/api/v1/admin/search/rebuild").status_code == 401
    wrong = client.post("/api/v1/admin/search/rebuild", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["content-type"] == "application/problem+json"
    done = client.post("/api/v1/admin/search/rebuild", headers={"Authorization": f"Bearer {rest_settings.admin_token}"})
    assert done.status_code == 200 and done.json()["entities"] > 11_000
    assert top(client, "Lunen")[0]["id"] == BASE + "ags/05978024"  # answers from the rebuilt index
