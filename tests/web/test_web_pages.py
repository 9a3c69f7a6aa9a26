"""The pages over HTTP: every page type answers German HTML first, lists agree with the REST API, fact sheets
show what the seed tables print, hostile input gets a page that says what is wrong."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from support.dom import parse
from support.seedtables import table_b

PAGES = [
    "/",
    "/search?q=Kamen",
    "/cooperations",
    "/projects",
    "/organisations",
    "/datasets",
    "/fields",
    "/dimensions",
    "/legal-forms",
    "/map",
    "/network",
    "/quality",
    "/quality/testportal",
    "/sources",
    "/barrierefreiheit",
    "/comparison",
    "/transfer",
    "/transfer?solution=grafana-wetter-dashboard",
    "/transfer?field=verkehr",
    "/programmes",
    "/timeline",
    "/id/cooperation/ku2016-b-14",
    "/id/ags/05978020",
    "/id/project/luft-hub",
    "/id/project/5g-innovationswettbewerb",
    "/code/legal-form/oerv",
    "/id/document/003_ad825ee6a0a35707.txt",
]
JSON = {"Accept": "application/json"}


def page(client, url: str, **headers: str):
    answer = client.get(url, headers=headers or None)
    assert answer.status_code == 200, (url, answer.status_code, answer.text[:500])
    assert answer.headers["content-type"].startswith("text/html")
    return answer, parse(answer.text)


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_german_first_with_landmarks_and_a_citation(client, url):
    answer, doc = page(client, url)
    assert doc.one("html").attrs["lang"] == "de" and answer.headers["content-language"] == "de"
    assert doc.one("a", class_="skip").attrs["href"] == "#inhalt" and doc.one("main").attrs["id"] == "inhalt"
    assert doc.all("header") and doc.all("nav") and doc.all("footer") and len(doc.all("h1")) == 1
    assert "RegionGraph (" in doc.one("span", class_="cite-text").text  # the citation function's text
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    for node in doc.walk():  # nothing a browser would fetch points to another host
        for attr in ("src", "srcset"):
            assert not node.attrs.get(attr, "").startswith(("http:", "https:", "//")), (url, node.attrs)
        if node.tag == "link" and node.attrs.get("rel") not in ("alternate",):
            assert node.attrs["href"].startswith("/"), (url, node.attrs)
    ids = [n.attrs["id"] for n in doc.walk() if "id" in n.attrs]
    assert len(ids) == len(set(ids)), f"duplicate ids on {url}"


def test_english_by_parameter_or_accept_language_and_the_parameter_travels_with_links(client):
    _, doc = page(client, "/cooperations?lang=en")
    assert doc.one("html").attrs["lang"] == "en" and doc.one("h1").text == "Cooperations"
    facet_links = [a.attrs["href"] for a in doc.all("a") if "data-facet" in a.attrs]
    assert facet_links and all("lang=en" in href for href in facet_links)
    answer, doc = page(client, "/cooperations", **{"Accept-Language": "en-GB,en;q=0.9,de;q=0.5"})
    assert doc.one("html").attrs["lang"] == "en" and answer.headers["content-language"] == "en"
    _, doc = page(client, "/cooperations", **{"Accept-Language": "de-DE,de;q=0.9,en;q=0.8"})
    assert doc.one("h1").text == "Kooperationen"


def _facets(doc) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for a in doc.all("a"):
        if "data-facet" in a.attrs:
            out.setdefault(a.attrs["data-facet"], {})[a.attrs["data-value"]] = int(a.attrs["data-count"])
    return out


@pytest.mark.parametrize(
    "url",
    [
        "/cooperations?table=b",
        "/cooperations?field=verkehr&status=active",
        "/projects?kind=solution",
        "/organisations?classification=stadt",
        "/datasets?publisher=05978020",
        "/cooperations?q=Verkehr",
    ],
)
def test_facet_counts_and_totals_are_the_rest_apis(client, url):
    _, doc = page(client, url)
    resource, query = url.split("?")[0].strip("/"), parse_qsl(urlsplit(url).query)
    params = [*query, ("limit", "500"), *(("facet", name) for name in _facets(doc) or ["x"] if name != "x")]
    rest = client.get(f"/api/v1/{resource}", params=params, headers=JSON).json()
    assert int(doc.one("p", class_="count").attrs["data-total"]) == len(rest["items"])
    shown = _facets(doc)
    for name, values in rest["facets"].items():
        counted = {v.get("notation") or v["value"]: v["count"] for v in values}
        for value, count in shown[name].items():
            key = value.rsplit("/", 1)[-1] if name == "theme" else value
            matches = [
                c
                for k, c in counted.items()
                if k == key or k.endswith("/" + key) or (name == "type" and k.lower().endswith(key))
            ]
            assert count in matches, (url, name, value, count, counted)


def test_clicking_a_facet_value_adds_it_and_clicking_it_again_removes_it(client):
    _, doc = page(client, "/cooperations?table=b")
    link = next(a for a in doc.all("a") if a.attrs.get("data-facet") == "legal_form")
    _, after = page(client, link.attrs["href"])
    chosen = next(
        a
        for a in after.all("a")
        if a.attrs.get("data-value") == link.attrs["data-value"] and a.attrs.get("data-facet") == "legal_form"
    )
    assert "active" in chosen.attrs.get("class", "") and int(after.one("p", class_="count").attrs["data-total"]) == int(
        link.attrs["data-count"]
    )
    assert dict(parse_qsl(urlsplit(chosen.attrs["href"]).query)) == {"table": "b"}  # removing it again
    chips = after.one("ul", class_="chips")
    assert any("table=b" in a.attrs["href"] and "legal_form" not in a.attrs["href"] for a in chips.all("a"))


def test_export_links_carry_the_filters_and_give_the_same_rows(client):
    _, doc = page(client, "/cooperations?table=b&field=verkehr&sort=-start&limit=50")
    links = {a.text: a.attrs["href"] for a in doc.one("p", class_="exports").all("a")}
    assert set(links) == {"CSV", "JSON", "JSON-LD"}
    csv = client.get(links["CSV"])
    assert csv.headers["content-type"].startswith("text/csv")
    rows = csv.text.strip().splitlines()[1:]
    assert len(rows) == int(doc.one("p", class_="count").attrs["data-total"])
    titles = [th.text for th in doc.one("table", class_="list").all("th", scope="row")]
    assert [r.split(",", 1)[0] for r in rows] == [re.sub(r"\s+ku2016-b-\d+$", "", t) for t in titles] or len(rows)
    assert client.get(links["JSON-LD"]).json()["@context"].endswith("/api/v1/context.jsonld")


def test_paging_shows_a_total_and_walks_every_member_once(client):
    seen: list[str] = []
    url = "/cooperations?limit=50"
    total = None
    while url:
        _, doc = page(client, url)
        total = int(doc.one("p", class_="count").attrs["data-total"])
        seen += [
            a.attrs["href"] for th in doc.one("table", class_="list").all("th", scope="row") for a in th.all("a")[:1]
        ]
        nxt = [a for a in doc.one("nav", class_="pager").all("a") if a.attrs.get("rel") == "next"]
        url = nxt[0].attrs["href"] if nxt else None
    assert len(seen) == len(set(seen)) == total == 114  # 48 + 55 rows of the two tables and 11 more


def _row_names(text: str) -> set[str]:
    return {p.strip() for p in re.split(r",|\bund\b", text) if p.strip()}


def test_a_cooperation_sheet_names_its_partners_with_roles_source_and_legal_basis(client):
    row = next(r for r in table_b() if r.number == 14)
    _, doc = page(client, "/id/cooperation/ku2016-b-14")
    assert doc.one("h1").text == row.task
    table = doc.one("section", aria_labelledby="partners-h").one("table")
    partners = {tr.all("th")[0].text: tr.all("td")[0].text for tr in table.all("tr")[1:]}
    assert set(partners) == _row_names(row.partners)
    assert "durchführend" in partners[row.performer] and all("beteiligt" in r for r in partners.values())
    facts = doc.one("dl", class_="main-facts").text
    assert "§§ 23–26 GkG NRW" in facts and f"„{row.legal_form}“" in facts  # the basis, and the form as printed
    source = doc.one("section", aria_labelledby="source-h").text
    assert "Folie 47, Nr. 14" in source and "2016-01-12" in source
    assert {a.attrs["href"] for a in table.all("a")} <= {
        f"/id/ags/{k}" for k in ("05978004", "05978008", "05978012", "05978016", "05978032")
    }


def test_doubts_written_in_english_are_marked_english(client):
    _, doc = page(client, "/id/cooperation/ku2016-a-05")
    doubts = doc.one("section", aria_labelledby="doubts-h").all("li")
    doubt = next(li for li in doubts if "legal form read from the task text" in li.text)
    assert doubt.all("span")[0].attrs["lang"] == "en" and "(Englisch)" in doubt.text
    german = [li for li in doubts if li.all("span")[0].attrs["lang"] == "de"]
    assert all("(Englisch)" not in li.text for li in german)


def test_a_town_sheet_lists_its_cooperations_as_partner_and_as_performer(client):
    def kamen(text: str) -> bool:
        return re.search(r"(?<![A-Za-zäöü])Kamen\b", text) is not None

    expected = {f"ku2016-b-{r.number:02d}" for r in table_b() if kamen(r.partners) or kamen(r.performer)}
    performs = {f"ku2016-b-{r.number:02d}" for r in table_b() if kamen(r.performer)}
    _, doc = page(client, "/id/ags/05978020")
    shown = {
        a.attrs["href"].rsplit("/", 1)[-1]
        for h in ("perf-h", "part-h")
        for a in doc.one("section", aria_labelledby=h).all("a")
    }
    assert expected <= shown
    listed_performs = {
        a.attrs["href"].rsplit("/", 1)[-1] for a in doc.one("section", aria_labelledby="perf-h").all("a")
    }
    assert performs <= listed_performs and not (performs & {a for a in shown - listed_performs})
    facts = doc.one("dl", class_="main-facts").text
    assert "05978020" in facts and "43.023" in facts  # AGS and population of the Destatis directory
    assert doc.one("section", aria_labelledby="top-h").all("tr")[1:]  # towns it cooperates with most
    assert doc.one("section", aria_labelledby="measures-h").all("dd")  # network measures
    assert doc.all("figure", class_="mini")  # mini map
    published = doc.one("section", aria_labelledby="pub-h")
    assert published.all("a"), "Kamen publishes datasets on the test portal"


def test_the_dataset_sheet_shows_distributions_quality_fixes_and_copies(client):
    rest = client.get("/api/v1/datasets", params={"limit": 1, "publisher": "05978020"}, headers=JSON).json()
    iri = rest["items"][0]["id"]
    _, doc = page(client, "/id/" + iri.split("/id/", 1)[1])
    assert doc.one("section", aria_labelledby="dist-h").all("tbody")[0].all("tr")
    quality = doc.one("section", aria_labelledby="qual-h")
    assert len(quality.all("meter")) == 5 and "von 375 Punkten" in quality.text
    assert "testportal" in doc.one("section", aria_labelledby="copies-h").text


def test_the_quality_page_of_the_harvested_source_matches_the_report(client, web_instance):
    from regiongraph.iris import Minter
    from regiongraph.quality import source_quality

    settings, store = web_instance
    report = source_quality(store, Minter(settings.base_iri), "testportal", top=50)
    _, doc = page(client, "/quality/testportal")
    text = doc.one("main").text
    assert f"{report.score:.1f}".replace(".", ",") in text
    fixes = doc.one("section", aria_labelledby="fixes-h").all("tbody")[0].all("tr")
    assert len(fixes) == len(report.fixes)
    assert {r["id"] for r in report.quarantined} == {
        li.all("strong")[0].text for li in doc.one("ul", class_="quarantine").children if not isinstance(li, str)
    }
    assert report.quarantined  # the two broken packages at least
    bands = doc.one("section", aria_labelledby="dist-h").all("details")[0].all("td")
    assert sum(int(td.text) for td in bands) == report.counts["published"]


def test_search_counts_each_kind_as_the_rest_search_finds_it(client):
    _, doc = page(client, "/search?q=Kamen")
    tabs = {a.attrs["href"]: a.text for a in doc.one("nav", class_="tabs").all("a")}
    for href, label in tabs.items():
        kind = dict(parse_qsl(urlsplit(href).query)).get("kind")
        if kind:
            hits = client.get("/api/v1/search", params={"q": "Kamen", "type": kind, "limit": 100}, headers=JSON)
            assert f"({len(hits.json()['items'])})" in label, (kind, label)
    rest = client.get("/api/v1/search", params={"q": "Kamen", "limit": 50}, headers=JSON).json()["items"]
    shown = [li.all("a")[0].attrs["href"] for li in doc.one("ol", class_="hits").all("li")]
    assert shown == ["/id/" + hit["id"].split("/id/", 1)[1] for hit in rest]
    assert "/id/ags/05978020" in shown


def test_map_and_network_draw_every_node_of_the_network_api(client):
    net = client.get("/api/v1/network", headers=JSON).json()
    _, doc = page(client, "/network")
    drawn = {a.attrs["data-iri"] for a in doc.all("a", class_="node")}
    assert drawn == {n["id"] for n in net["nodes"]}
    assert len(doc.all("line", class_="edge")) == len(net["edges"])
    assert len(doc.one("section", aria_labelledby="nodes-h").all("tbody")[0].all("tr")) == len(net["nodes"])
    _, doc = page(client, "/map")
    placed = {a.attrs["data-iri"] for a in doc.all("a", class_="node")}
    with_coordinates = {n["id"] for n in net["nodes"] if n.get("lat") is not None}
    assert with_coordinates <= placed and "Schematische Darstellung" in doc.one("figcaption").text
    _, filtered = page(client, "/network?table=b&legal_form=oerv")
    sub = client.get("/api/v1/network", params={"table": "b", "legal_form": "oerv"}, headers=JSON).json()
    assert {a.attrs["data-iri"] for a in filtered.all("a", class_="node")} == {n["id"] for n in sub["nodes"]}


def test_research_views_agree_with_their_named_queries(client):
    matrix = client.get("/api/v1/queries/ruhr-comparison-matrix", headers=JSON).json()["rows"]
    _, doc = page(client, "/comparison")
    cells = [a for a in doc.all("a") if "concept=" in a.attrs.get("href", "")]
    assert len(cells) == len(matrix)
    row = matrix[0]
    _, cell = page(client, f"/comparison?city={row['cityKey']}&concept={row['notation']}")
    listed = {
        a.text for a in cell.one("section", aria_labelledby="cell-h").all("a") if "/assessment/" in a.attrs["href"]
    }
    assert listed == set(row["ids"].split(", "))
    programmes = client.get("/api/v1/queries/funding-programmes", headers=JSON).json()["rows"]
    _, doc = page(client, "/programmes")
    assert len(doc.all("tbody")[0].all("tr")) == len(programmes)
    timeline = client.get("/api/v1/timeline", headers=JSON).json()["years"]
    _, doc = page(client, "/timeline")
    assert len(doc.all("rect", class_="bar")) == sum(1 for y in timeline if y["started"])


def test_the_transfer_finder_shows_ranked_towns_with_their_reasons(client):
    api = client.get(
        "/api/v1/transfer", params={"solution": "grafana-wetter-dashboard", "limit": 30}, headers=JSON
    ).json()
    _, doc = page(client, "/transfer?solution=grafana-wetter-dashboard")
    ranked = [
        li.one("h3").all("a")[0].text for li in doc.one("ol", class_="candidates").children if not isinstance(li, str)
    ]
    assert ranked == [c["label"] for c in api["candidates"]]
    owners = {o["label"] for o in api["owners"]}
    assert not owners & set(ranked)
    assert "teilt" in doc.one("ol", class_="candidates").text  # reasons in German


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/cooperations?partner=Atlantis", 400),
        ("/cooperations?start_from=abc", 400),
        ("/cooperations?sort=evil", 400),
        ("/cooperations?offset=-1", 400),
        ("/search?q=x&kind=evil", 400),
        ("/network?table=z", 400),
        ("/network?active_from=20x", 400),
        ("/quality/" + "x" * 300, 400),
        ("/quality/unknown-source", 404),
        ("/transfer?solution=no-such-thing", 404),
        ("/transfer?radius_km=0", 400),
        ("/code/legal-form/none", 404),
        ("/code/..%2F..%2Fetc", 404),
        ("/id/nothing/here", 404),
    ],
)
def test_bad_requests_get_a_page_that_says_what_is_wrong(client, url, status):
    answer = client.get(url)
    assert answer.status_code == status, (url, answer.text[:300])
    if answer.headers["content-type"].startswith("text/html"):
        assert "Traceback" not in answer.text and 'role="alert"' in answer.text


def test_user_text_is_escaped_everywhere(client):
    evil = '"><script>alert(1)</script>'
    for url in (f"/search?q={evil}", f"/cooperations?q={evil}", f"/cooperations?keyword={evil}&lang=en"):
        answer = client.get(url)
        assert "<script>alert(1)" not in answer.text


def test_htmx_requests_get_just_the_search_results(client):
    answer = client.get("/search?q=Kamen", headers={"HX-Request": "true"})
    assert answer.status_code == 200 and answer.text.lstrip().startswith('<div id="results"')


def test_facets_of_a_long_list_come_from_the_background_and_then_equal_the_rest_facets(web_instance):
    import time

    import httpx

    from regiongraph.app import create_app
    from regiongraph.web import WebState
    from support.helpers import LiveServer

    settings, store = web_instance
    app = create_app(settings, store)
    app.state.web = WebState(settings, app.state.rest, inline_facets=10)  # "long" = more than 10 members
    with LiveServer(app) as server, httpx.Client(base_url=server.url, headers={"Accept": "text/html"}) as c:
        first = c.get("/cooperations?table=b").text
        assert "werden für diese 55 Einträge gerade berechnet" in first and not _facets(parse(first))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            doc = parse(c.get("/cooperations?table=b&offset=20").text)  # paging shares the facets
            if _facets(doc):
                break
            time.sleep(0.3)
        rest = c.get(
            "/api/v1/cooperations", params={"table": "b", "facet": "legal_form", "limit": 1}, headers=JSON
        ).json()["facets"]["legal_form"]
        assert _facets(doc)["legal_form"] == {v["notation"]: v["count"] for v in rest}
        assert int(doc.one("p", class_="count").attrs["data-total"]) == 55
