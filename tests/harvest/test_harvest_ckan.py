"""The CKAN harvester against the local portal: paging, incremental runs, deletions, filters and faults."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
import pytest

from regiongraph import Instance
from regiongraph.harvest.ckan import CkanHarvester
from regiongraph.harvest.sources import Filters
from regiongraph.pipeline import harvest_source
from regiongraph.store import EmbeddedStore
from support.harvestkit import BASE, P, assert_same_store, clean_run, declare, settings_for, source_graphs, status
from support.helpers import with_shapes_without_the_date_order_check
from support.portal import Portal, make_package, make_packages, package_id

N = 24


@pytest.fixture
def portal():
    with Portal(make_packages(N)) as p:
        yield p


@pytest.fixture
def env(tmp_path, portal):
    settings = settings_for(tmp_path)
    decl = declare(tmp_path / "sources", "kommune", "ckan", portal.url, page_size=8)
    return settings, decl, EmbeddedStore(None)


def run(env, **kw):
    settings, decl, store = env
    sleeps: list[float] = []
    report = harvest_source(Instance(settings), store, decl, sleep=sleeps.append, **kw)
    report.sleeps = sleeps
    return report


def one(store, query: str, **bindings) -> list[str]:
    rows = store.query(P + query, substitutions={k: v for k, v in bindings.items()})
    return [r[0].value if r[0] is not None else None for r in rows]


def test_a_full_run_harvests_every_package_once_and_records_the_run(env, portal):
    report = run(env)
    store = env[2]
    assert set(status(store, "kommune")) == {package_id(i) for i in range(N)}
    assert report.new + len(report.quarantined) == N and report.failed == []
    newest = max(p["metadata_modified"] for p in portal.packages.values())
    assert report.cursor == newest
    counts = one(
        store,
        "SELECT ?n WHERE { ?run a rg:HarvestRun ; prov:used ?src ; rg:countNew ?n }",
        src=ox.NamedNode(BASE + "source/kommune"),
    )
    assert counts == [str(report.new)]
    assert one(store, "SELECT ?c WHERE { ?run rg:harvestCursor ?c }") == [newest]
    # the source's own stamp, typed, on the source's metadata record
    pkg = make_package(3)
    stamps = one(
        store, "SELECT ?m WHERE { ?r rg:sourceId ?id ; dcterms:source/dcterms:modified ?m }", id=ox.Literal(pkg["id"])
    )
    assert stamps == [pkg["metadata_modified"]]


def test_an_incremental_run_asks_only_for_what_changed_since_the_cursor(env, portal):
    first = run(env)
    newest = next(p["id"] for p in portal.packages.values() if p["metadata_modified"] == first.cursor)
    published = sorted(i for i, s in status(env[2], "kommune").items() if s == "published" and i != newest)
    asked: list[dict] = []
    portal.on_request.append(lambda target, params, n: asked.append(params))
    for pid in published[:2]:
        portal.touch(pid, title=portal.packages[pid]["title"] + " (aktualisiert)")
    report = run(env)
    assert (report.new, report.updated, report.unchanged, report.failed) == (0, 2, 1, [])
    assert len(asked) == 1 and "metadata_modified:[" in asked[0]["fq"]
    titles = one(
        env[2], "SELECT ?t WHERE { ?d dcterms:identifier ?id ; dcterms:title ?t }", id=ox.Literal(published[0])
    )
    assert titles[0].endswith("(aktualisiert)")
    again = run(env)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)


def test_unchanged_records_are_not_rewritten_but_seen(env):
    run(env)
    query = "SELECT ?m ?seen WHERE { ?r rg:sourceId ?id ; dcterms:modified ?m ; rg:lastSeen ?seen }"
    pid = ox.Literal(package_id(1))
    before = env[2].query(P + query, substitutions={"id": pid})
    ((m1, seen1),) = [(r["m"].value, r["seen"].value) for r in before]
    report = run(env, full=True)
    assert (report.unchanged, report.new, report.updated) == (N, 0, 0)
    ((m2, seen2),) = [(r["m"].value, r["seen"].value) for r in env[2].query(P + query, substitutions={"id": pid})]
    assert m2 == m1 and seen2 > seen1


def test_a_package_deleted_at_the_source_is_withdrawn_by_a_full_run_and_comes_back(env, portal):
    run(env)
    gone = package_id(4)
    portal.delete(gone)
    assert run(env).withdrawn == 0, "an incremental run cannot see deletions"
    report = run(env, full=True)
    assert report.withdrawn == 1 and status(env[2], "kommune")[gone] == "withdrawn"
    assert one(env[2], "SELECT ?t WHERE { ?d dcterms:identifier ?id ; dcterms:title ?t }", id=ox.Literal(gone)), (
        "withdrawn, not purged"
    )
    portal.add(make_package(4))
    back = run(env, full=True)
    assert back.updated == 1 and status(env[2], "kommune")[gone] != "withdrawn"


def test_a_record_that_moves_between_pages_mid_run_is_neither_lost_nor_doubled(tmp_path, env, portal):
    moved = sorted(portal.packages.values(), key=lambda p: (p["metadata_modified"], p["id"]))[3]["id"]

    def edit_during_paging(target, params, n):
        if target == "package_search" and n == 2:  # after page 1: an editor saves a package of page 1
            portal.touch(moved, title="Baumkataster (neu)")

    portal.on_request.append(edit_during_paging)
    report = run(env)
    portal.on_request.clear()
    assert report.failed == [] and set(status(env[2], "kommune")) == set(portal.packages)
    assert_same_store(source_graphs(env[2], "kommune"), clean_run(env[0], env[1]))


def test_the_same_id_twice_on_a_page_is_harvested_once(env, portal):
    portal.fault("package_search", "duplicate", times=3)
    report = run(env)
    assert report.new + len(report.quarantined) == N
    assert_same_store(source_graphs(env[2], "kommune"), clean_run(env[0], env[1]))


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("error", {"times": 2}),
        ("invalid-json", {"times": 2}),
        ("slow", {"delay": 2.5, "times": 1}),
        ("throttle", {"times": 1, "retry_after": "3"}),
    ],
)
def test_transient_faults_are_retried_and_end_with_the_clean_store(tmp_path, portal, kind, options):
    settings = settings_for(tmp_path)
    # Only the slow fault needs a short time-out; elsewhere a busy CI machine must not add retries of its own.
    timeout = 1.0 if kind == "slow" else 10.0
    decl = declare(tmp_path / "sources", "kommune", "ckan", portal.url, page_size=8, timeout=timeout, retries=3)
    portal.fault("package_search", kind, after=1, **options)
    store = EmbeddedStore(None)
    sleeps: list[float] = []
    report = harvest_source(Instance(settings), store, decl, sleep=sleeps.append)
    assert report.failed == []
    assert len(sleeps) == options["times"]
    if kind == "throttle":
        assert sleeps == [3.0], "Retry-After is honoured"
    portal.faults.clear()
    assert_same_store(source_graphs(store, "kommune"), clean_run(settings, decl))


def test_a_page_too_large_for_the_portal_is_asked_for_in_halves(env, portal):
    portal.fault("package_search", "too-large", limit=12_000)  # bytes: pages of about 4 packages
    rows: list[int] = []
    portal.on_request.append(lambda target, params, n: rows.append(int(params["rows"])))
    report = run(env)
    assert report.failed == [] and report.new + len(report.quarantined) == N
    scan, id_list = rows[:-1], rows[-1]
    assert scan[:5] == [8] * 5, "first the page is tried again as it was (1 + 4 retries)"
    assert scan == sorted(scan, reverse=True) and scan[-1] < 8, "then in halves, and paging goes on at that size"
    assert id_list == 1000
    portal.faults.clear()
    assert_same_store(source_graphs(env[2], "kommune"), clean_run(env[0], env[1]))


def test_a_page_that_keeps_failing_is_reported_and_nothing_is_withdrawn(env, portal):
    first = run(env)
    portal.delete(package_id(7))
    portal.fault("package_search", "error", after=1, times=1000)
    report = run(env, full=True)
    assert report.failed and "HTTP 500" in report.failed[0][1] and "attempts" in report.failed[0][1]
    assert report.withdrawn == 0 and status(env[2], "kommune")[package_id(7)] != "withdrawn"
    cursors = one(env[2], "SELECT ?c WHERE { ?run rg:harvestCursor ?c }")
    assert cursors == [first.cursor], "a failed run leaves the cursor where it was"
    counts = one(env[2], "SELECT ?n WHERE { ?run rg:countFailed ?n FILTER (?n > 0) }")
    assert counts == ["1"]


def test_an_unreachable_portal_fails_clearly_and_touches_nothing(env, portal):
    run(env)
    before = source_graphs(env[2], "kommune")
    portal.server.server_close()  # the port refuses connections from now on
    portal.server.shutdown()
    report = run(env, full=True)
    assert len(report.failed) == 1 and "cannot reach" in report.failed[0][1]
    assert report.counts == {"new": 0, "updated": 0, "unchanged": 0, "withdrawn": 0, "quarantined": 0, "failed": 1}
    assert_same_store(source_graphs(env[2], "kommune"), before)


def test_organisation_group_and_query_filters(tmp_path, portal):
    decl = declare(tmp_path / "sources", "unna", "ckan", portal.url, page_size=4)
    ids = {r.id for r in CkanHarvester(_with_filters(decl, organizations=("kreis-unna",))).records()}
    assert ids == {p["id"] for p in portal.packages.values() if (p["organization"] or {}).get("name") == "kreis-unna"}
    both = _with_filters(decl, organizations=("kreis-unna", "stadt-kamen"), groups=("tran",))
    expected = {
        p["id"]
        for p in portal.packages.values()
        if (p["organization"] or {}).get("name") in ("kreis-unna", "stadt-kamen")
        and "tran" in [g["name"] for g in p["groups"]]
    }
    assert {r.id for r in CkanHarvester(both).records()} == expected and expected
    text = _with_filters(decl, query="Baumkataster")
    assert {r.id for r in CkanHarvester(text).records()} == {
        p["id"] for p in portal.packages.values() if "Baumkataster" in p["title"]
    }


def _with_filters(decl, **filters):
    return replace(decl, filters=Filters(**filters))


def test_a_recheck_that_misses_pages_leaves_the_shapes_note_standing(env, portal, tmp_path):
    settings, decl, store = env
    run(env)
    looser = (with_shapes_without_the_date_order_check(settings, tmp_path), decl, store)
    assert run(looser).shapes_changed
    portal.fault("package_search", "error", after=1, times=1000)
    broken = run(looser, recheck=True)
    assert broken.failed
    portal.faults.clear()
    assert run(looser).shapes_changed, "records the failed recheck never fetched are still unchecked"
    assert not run(looser, recheck=True).failed
    assert not run(looser).shapes_changed
