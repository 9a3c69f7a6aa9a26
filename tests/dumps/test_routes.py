"""``/dumps/`` over a live server: listing by negotiation, downloads with validators and byte ranges (RFC 9110),
nothing reachable but what the listing names; VoID and the catalogue point to the newest dump."""

from __future__ import annotations

import email
import json
import socket
from email.utils import formatdate
from html.parser import HTMLParser

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from regiongraph.app import create_app
from regiongraph.dumps import write_dump
from regiongraph.store import EmbeddedStore
from support import dcat_ap
from support.dumpkit import BASE
from support.helpers import LiveServer

DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
SPDX = "http://spdx.org/rdf/terms#"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
DATES = ("2026-01-05", "2026-02-05")


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    """The real app over the session store, with two dumps of a small store in its dumps folder."""
    settings, store, _ = built
    settings = settings.with_(dumps_dir=tmp_path_factory.mktemp("dumps"))
    small = EmbeddedStore(None)
    dumps = []
    for i, day in enumerate(DATES):
        small.update(
            f'INSERT DATA {{ GRAPH <{BASE}graph/t/{i}> {{ <{BASE}t/{i}> <{BASE}p> "{"x" * 5000}{i}" . '
            f"<{BASE}t/{i}> <{BASE}q> [ <{BASE}r> {i} ] }} }}"
        )
        dumps.append(write_dump(settings, small, date=day))
    (settings.dumps_location / "secret.txt").write_text("not to be served", encoding="utf-8")
    with LiveServer(create_app(settings, store)) as server:
        yield server, settings, dumps[::-1]  # newest first


def get(site, path: str, **headers: str) -> httpx.Response:
    return httpx.get(site[0].url + path, headers=headers, timeout=30)


def test_the_listing_as_json_names_each_dump_newest_first(site):
    server, _, dumps = site
    body = get(site, "/dumps/").json()
    assert [d["date"] for d in body["dumps"]] == sorted(DATES, reverse=True) and body["latest"] == dumps[0].name
    first = body["dumps"][0]
    assert first["url"] == f"{server.url}/dumps/{dumps[0].name}.nq.gz"
    assert (first["sha256"], first["byte_size"]) == (dumps[0].sha256, dumps[0].byte_size)
    assert first["citation"]["text"].startswith(f"RegionGraph ({DATES[1]}): ")
    assert first["iri"] in first["citation"]["text"] and first["citation"]["csl"]["type"] == "dataset"


class _Checker(HTMLParser):
    VOID_ELEMENTS = frozenset({"meta", "br", "link", "img", "input", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.seen: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.seen.append(tag)
        self.links += [v for k, v in attrs if k == "href"]
        if tag not in self.VOID_ELEMENTS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing open"


def test_browsers_get_a_plain_html_list(site):
    _, _, dumps = site
    response = get(site, "/dumps/", Accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    assert response.headers["content-type"].startswith("text/html")
    text = response.text
    assert text.startswith("<!DOCTYPE html>") and '<html lang="de">' in text and "<title>" in text
    checker = _Checker()
    checker.feed(text)
    assert checker.open == [] and checker.seen.count("li") == 2
    assert {d.file for d in dumps} | {d.checksum_file for d in dumps} <= set(checker.links)


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_the_series_described_as_dcat_and_void(site, accept, fmt):
    server, _, dumps = site
    response = get(site, "/dumps/", Accept=accept)
    g = Graph().parse(data=response.text, format=fmt)
    series, latest = URIRef(f"{server.url}/dumps/#series"), URIRef(f"{server.url}/dumps/{dumps[0].name}")
    assert (series, RDF.type, URIRef(DCAT + "DatasetSeries")) in g
    assert (series, URIRef(DCAT + "last"), latest) in g
    assert (latest, URIRef(DCAT + "inSeries"), series) in g
    assert (latest, URIRef(DCAT + "prev"), URIRef(f"{server.url}/dumps/{dumps[1].name}")) in g
    assert (latest, DCTERMS.issued, Literal(DATES[1], datatype=XSD_DATE)) in g
    assert (latest, URIRef(VOID + "dataDump"), URIRef(f"{latest}.nq.gz")) in g
    assert g.value(latest, URIRef(VOID + "triples")).toPython() == dumps[0].triples
    dist = g.value(latest, URIRef(DCAT + "distribution"))
    assert g.value(dist, URIRef(DCAT + "byteSize")).toPython() == dumps[0].byte_size
    assert g.value(dist, URIRef(DCAT + "mediaType")) == URIRef(
        "https://www.iana.org/assignments/media-types/application/n-quads"
    )
    checksum = g.value(dist, URIRef(SPDX + "checksum"))
    assert str(g.value(checksum, URIRef(SPDX + "checksumValue"))).lower() == dumps[0].sha256
    assert str(g.value(latest, DCTERMS.bibliographicCitation)).startswith(f"RegionGraph ({DATES[1]})")
    outcome = dcat_ap.check(g, dcat_axioms=True)
    assert outcome.violations == [], outcome.by_message()


def test_one_dump_dereferences_and_unknown_formats_are_406(site):
    server, _, dumps = site
    g = Graph().parse(data=get(site, f"/dumps/{dumps[1].name}", Accept="text/turtle").text, format="turtle")
    assert (URIRef(f"{server.url}/dumps/{dumps[1].name}"), RDF.type, URIRef(DCAT + "Dataset")) in g
    assert get(site, f"/dumps/{dumps[1].name}").json()["sha256"] == dumps[1].sha256
    assert get(site, "/dumps/", Accept="image/png").status_code == 406


def download(site, dump, **headers: str) -> httpx.Response:
    return get(site, f"/dumps/{dump.file}", **headers)


def test_a_full_download_with_its_validators(site):
    _, settings, dumps = site
    response = download(site, dumps[0])
    data = (settings.dumps_location / dumps[0].file).read_bytes()
    assert response.status_code == 200 and response.content == data
    assert response.headers["etag"] == f'"{dumps[0].sha256}"'  # strong, from the SHA-256
    assert response.headers["accept-ranges"] == "bytes" and response.headers["content-length"] == str(len(data))
    assert response.headers["content-type"] == "application/gzip" and "last-modified" in response.headers
    assert download(site, dumps[0], **{"If-None-Match": response.headers["etag"]}).status_code == 304
    assert download(site, dumps[0], **{"If-None-Match": f'"other", W/{response.headers["etag"]}'}).status_code == 304
    assert download(site, dumps[1], **{"If-None-Match": response.headers["etag"]}).status_code == 200
    later = formatdate(usegmt=True)
    assert download(site, dumps[0], **{"If-Modified-Since": later}).status_code == 304
    head = httpx.head(site[0].url + f"/dumps/{dumps[0].file}")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-length"] == str(len(data))


@pytest.mark.parametrize(
    ("spec", "part"),
    [
        ("bytes=0-99", slice(0, 100)),
        ("bytes=-100", slice(-100, None)),
        ("bytes=100-", slice(100, None)),
        ("bytes=10-10", slice(10, 11)),
        ("bytes=0-99999999", slice(0, None)),
        ("BYTES = 5-9", slice(5, 10)),
    ],
)
def test_one_range_is_a_206_with_its_content_range(site, spec, part):
    _, settings, dumps = site
    data = (settings.dumps_location / dumps[0].file).read_bytes()
    response = download(site, dumps[0], Range=spec)
    start, stop, _ = part.indices(len(data))
    assert response.status_code == 206 and response.content == data[part]
    assert response.headers["content-range"] == f"bytes {start}-{stop - 1}/{len(data)}"


@pytest.mark.parametrize("spec", ["bytes=abc", "bytes=5-3", "bytes=999999999-", "bytes=-0", "bytes=", "bytes=1-2-3"])
def test_an_invalid_or_unsatisfiable_range_is_a_416(site, spec):
    _, _, dumps = site
    response = download(site, dumps[0], Range=spec)
    assert response.status_code == 416 and response.headers["content-range"] == f"bytes */{dumps[0].byte_size}"


def test_unknown_units_and_stale_if_range_get_the_whole_file(site):
    _, _, dumps = site
    assert download(site, dumps[0], Range="items=0-5").status_code == 200  # RFC 9110 §14.2: MUST ignore
    assert download(site, dumps[0], Range="bytes=0-5", **{"If-Range": '"stale"'}).status_code == 200
    fresh = download(site, dumps[0], Range="bytes=0-5", **{"If-Range": f'"{dumps[0].sha256}"'})
    assert fresh.status_code == 206 and len(fresh.content) == 6


def test_several_ranges_come_as_multipart_byteranges(site):
    _, settings, dumps = site
    data = (settings.dumps_location / dumps[0].file).read_bytes()
    response = download(site, dumps[0], Range="bytes=0-1, 4-7, 6-9, -3")
    assert response.status_code == 206 and response.headers["content-type"].startswith("multipart/byteranges")
    message = email.message_from_bytes(
        b"Content-Type: " + response.headers["content-type"].encode() + b"\r\n\r\n" + response.content
    )
    parts = [(p["Content-Range"], p.get_payload(decode=True)) for p in message.get_payload()]
    size = len(data)
    assert parts == [
        (f"bytes 0-1/{size}", data[0:2]),
        (f"bytes 4-9/{size}", data[4:10]),
        (f"bytes {size - 3}-{size - 1}/{size}", data[-3:]),
    ]
    assert int(response.headers["content-length"]) == len(response.content)


def test_the_checksum_file_reads_as_sha256sum_writes_it(site):
    _, _, dumps = site
    response = get(site, f"/dumps/{dumps[0].checksum_file}")
    assert response.text == f"{dumps[0].sha256}  {dumps[0].file}\n"
    again = get(site, f"/dumps/{dumps[0].checksum_file}", **{"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def raw_status(site, path: str) -> int:
    """The status of a GET sent byte for byte as written (no client normalises the path)."""
    with socket.create_connection(("127.0.0.1", site[0].port), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        return int(conn.recv(64).split()[1])


@pytest.mark.parametrize(
    "path",
    [
        "/dumps/../store",
        "/dumps/..%2Fstore",
        "/dumps/..%2f..%2fwrite.lock",
        "/dumps/%2e%2e/write.lock",
        "/dumps/secret.txt",
        "/dumps/.lock",
        "/dumps/regiongraph-2026-01-05.json",
        "/dumps/regiongraph-dumps.ttl",
        "/dumps/regiongraph-2026-01-05.nq.gz%00",
        "/dumps/regiongraph-2099-01-01.nq.gz",
        "/dumps/%2Fetc%2Fpasswd",
        "/dumps/regiongraph-2026-01-05.nq.gz/..",
        "/dumps/.%2e/.%2e/write.lock",
    ],
)
def test_nothing_but_the_listed_names_is_reachable(site, path):
    assert raw_status(site, path) == 404


def test_void_and_the_catalogue_point_to_the_newest_dump(site):
    server, _, dumps = site
    newest = URIRef(f"{server.url}/dumps/{dumps[0].file}")
    void = Graph().parse(data=get(site, "/.well-known/void", Accept="text/turtle").text, format="turtle")
    dataset = URIRef(f"{server.url}/.well-known/void#dataset")
    assert list(void.objects(dataset, URIRef(VOID + "dataDump"))) == [newest]
    feed = Graph().parse(data=get(site, "/catalog.ttl").text, format="turtle")
    assert (URIRef(f"{server.url}/catalog"), URIRef(DCAT + "dataset"), dataset) in feed
    dist = feed.value(dataset, URIRef(DCAT + "distribution"))
    assert feed.value(dist, URIRef(DCAT + "downloadURL")) == newest
    outcome = dcat_ap.check(feed)
    ours = {str(dataset), str(dist), str(feed.value(dist, URIRef(SPDX + "checksum")))}
    mine = [v for v in outcome.violations if v.focus in ours]
    assert mine == [], [v.message for v in mine]
    assert json.loads(get(site, "/dumps/?format=json").text)["latest"] == dumps[0].name
