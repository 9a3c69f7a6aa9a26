"""The last good version stays published: a register record edited into an invalid one is kept, marked stale.

A copy of the bundled register in ``tmp_path`` is harvested, one published cooperation is edited
into an invalid one (a partner nobody knows, a start in the year 3016, a new title), and the
public side is read through the real app under uvicorn: the catalogue, the CKAN API and SPARQL
still show the last valid version, marked stale with a pointer to the quarantined new version and
its report. Fixing the row replaces both and removes the mark.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS

from regiongraph import Instance, Settings
from regiongraph.catalog._terms import package_name
from regiongraph.pipeline import build, harvest_register, quarantined, stale_records
from regiongraph.store import SnapshotStore, writing
from support.helpers import LiveServer, report_cli

BASE = "http://127.0.0.1:8000/id/"
FILE = "kreis-unna-2016-kreis.toml"
RID = "ku2016-a-01"
#: The row as the bundled register has it (harvesters/register/kreis-unna-2016-kreis.toml).
TITLE = "Wirtschaftsförderung für das gesamte Kreisgebiet"
ROW = 'title = "Wirtschaftsförderung für das gesamte Kreisgebiet"'
PARTNER = (
    '  { ref = "Kreis Unna", role = "member" },\n]\nperformer_text = ""\nperformers = []\n'
    'start_text = "1961"\nstart = "1961"'
)
P = """PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX adms: <http://www.w3.org/ns/adms#> PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> """
QUARANTINED = "https://w3id.org/regiongraph/code/record-status/quarantined"


@pytest.fixture
def register(tmp_path: Path, repo_root: Path) -> Path:
    target = tmp_path / "register"
    shutil.copytree(repo_root / "harvesters" / "register", target)
    assert ROW in (target / FILE).read_text(encoding="utf-8") and PARTNER in (target / FILE).read_text(encoding="utf-8")
    return target


@pytest.fixture
def deployment(tmp_path: Path, register: Path) -> Iterator[tuple[Settings, LiveServer]]:
    from regiongraph.app import create_app

    settings = Settings.load(environ={}, data_dir=tmp_path / "data", base_iri=BASE, admin_token="t")
    with writing(settings) as writer:
        build(Instance(settings), writer)
        harvest_register(Instance(settings), writer, folder=register)
    with LiveServer(create_app(settings, SnapshotStore(settings))) as server:
        yield settings, server


def edit(register: Path, *, title: str, partner: str, start: str) -> None:
    path = register / FILE
    text = path.read_text(encoding="utf-8")
    text = text.replace(ROW, f'title = "{title}"', 1)
    changed = PARTNER.replace('ref = "Kreis Unna"', f'ref = "{partner}"').replace(
        'start = "1961"', f'start = "{start}"'
    )
    path.write_text(text.replace(PARTNER, changed, 1), encoding="utf-8")


def rerun(settings: Settings, register: Path):
    with writing(settings) as writer:
        return harvest_register(Instance(settings), writer, folder=register)


def sparql(server: LiveServer, query: str) -> list[dict[str, str]]:
    r = httpx.get(
        f"{server.url}/sparql",
        params={"query": P + query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    r.raise_for_status()
    return [{k: v["value"] for k, v in row.items()} for row in r.json()["results"]["bindings"]]


def titles(server: LiveServer) -> dict[str, set[str]]:
    """The record's title as the catalogue, the CKAN API and SPARQL give it."""
    catalog = Graph().parse(
        data=httpx.get(f"{server.url}/catalog.ttl", params={"q": "Wirtschaftsförderung"}, timeout=30).text,
        format="turtle",
    )
    name = package_name(f"{BASE}cooperation/{RID}", BASE)
    shown = httpx.get(f"{server.url}/api/3/action/package_show", params={"id": name}, timeout=30).json()
    rows = sparql(server, f'SELECT ?t WHERE {{ ?c dcterms:identifier "{RID}" ; dcterms:title ?t }}')
    return {
        "catalog": {
            str(t) for t in catalog.objects(None, DCTERMS.title) if "Kreisgebiet" in str(t) or "geändert" in str(t)
        },
        "ckan": {shown["result"]["title"]} if shown.get("success") else set(),
        "sparql": {r["t"] for r in rows},
    }


def mark(server: LiveServer) -> list[dict[str, str]]:
    return sparql(
        server,
        f"""SELECT ?since ?pending ?status ?payload WHERE {{
        ?r rg:sourceId "{RID}" ; foaf:primaryTopic ?c ; rg:staleSince ?since ; rg:pendingVersion ?pending .
        ?pending adms:status ?status ; rg:payload ?payload }}""",
    )


def test_an_invalid_edit_keeps_the_last_valid_version_published_until_it_is_fixed(deployment, register):
    settings, server = deployment
    assert titles(server) == {"catalog": {TITLE}, "ckan": {TITLE}, "sparql": {TITLE}}
    assert mark(server) == []

    edit(register, title=f"{TITLE} (geändert)", partner="Atlantis", start="3016")
    report = rerun(settings, register)
    assert [rid for rid, _ in report.quarantined] == [RID]
    # the last valid version is still what the public sees, everywhere
    assert titles(server) == {"catalog": {TITLE}, "ckan": {TITLE}, "sparql": {TITLE}}
    (stale,) = mark(server)
    assert stale["status"] == QUARANTINED and "Atlantis" in stale["payload"] and "3016" in stale["payload"]
    # the new version is quarantined with its reason, under the same source id
    store = SnapshotStore(settings)
    reasons = {q["id"]: q["reason"] for q in quarantined(store) if q["source"] == "register"}
    assert "atlantis" in reasons[RID].lower() and "(found: text '3016')" in reasons[RID]
    listed = [s for s in stale_records(store) if s["id"] == RID]
    assert listed and listed[0]["pending"] == stale["pending"] and "impossible year" in listed[0]["reason"]

    shown = report_cli(settings, BASE, "register")
    assert shown.returncode == 0, shown.stderr
    assert "1 stale" in shown.stdout and f"{RID} since" in shown.stdout and stale["pending"] in shown.stdout

    # a second run with the same invalid row changes nothing, and the mark keeps its date
    again = rerun(settings, register)
    assert again.unchanged >= 1 and [rid for rid, _ in again.quarantined] == []
    assert [m["since"] for m in mark(server)] == [stale["since"]]

    # only the impossible date left: quarantined with a SHACL report naming the value
    text = (register / FILE).read_text(encoding="utf-8").replace('ref = "Atlantis"', 'ref = "Kreis Unna"', 1)
    (register / FILE).write_text(text, encoding="utf-8")
    rerun(settings, register)
    rows = sparql(
        server,
        f"""SELECT ?value WHERE {{ ?r rg:sourceId "{RID}" ; rg:pendingVersion ?p .
        ?p rg:validationReport/sh:result ?res . ?res sh:value ?value }}""",
    )
    assert "3016" in {r["value"] for r in rows}
    assert titles(server)["sparql"] == {TITLE}

    # fixed: the new version replaces both, the stale mark and the pending version are gone
    (register / FILE).write_text(text.replace('start = "3016"', 'start = "1961"', 1), encoding="utf-8")
    fixed = rerun(settings, register)
    assert fixed.updated == 1 and fixed.quarantined == []
    new = f"{TITLE} (geändert)"
    assert titles(server) == {"catalog": {new}, "ckan": {new}, "sparql": {new}}
    assert mark(server) == []
    assert sparql(server, f'SELECT ?p WHERE {{ ?p rg:sourceId "{RID}" ; adms:status <{QUARANTINED}> }}') == []


def test_a_new_record_that_fails_is_quarantined_without_anything_to_keep(deployment, register):
    settings, server = deployment
    (register / "neu.toml").write_text(
        '[source]\nfile = "003_ad825ee6a0a35707.txt"\ndate = "2016-01-12"\n\n[[cooperation]]\nid = "t-neu"\n'
        'locator = "Folie 1"\ntitle = "Kooperation mit Atlantis"\npartners = [{ ref = "Atlantis", role = "member" }]\n',
        encoding="utf-8",
    )
    report = rerun(settings, register)
    assert [rid for rid, _ in report.quarantined] == ["t-neu"]
    rows = sparql(
        server,
        'SELECT ?s ?stale WHERE { ?r rg:sourceId "t-neu" ; adms:status ?s OPTIONAL { ?r rg:staleSince ?stale } }',
    )
    assert rows == [{"s": QUARANTINED}]
    assert sparql(server, 'SELECT ?c WHERE { ?c dcterms:title "Kooperation mit Atlantis"@de }') == []
