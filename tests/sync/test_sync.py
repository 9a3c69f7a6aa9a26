"""``regiongraph sync ckan`` against a local CKAN that takes writes, with conflicts, 500s and a 403."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from regiongraph.cli import main
from regiongraph.sync import OWNER_EXTRA, sync_ckan
from support.helpers import select
from support.portal import Portal

TOKEN = "schreib-token"
ITEMS = """
PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX adms: <http://www.w3.org/ns/adms#> PREFIX rg: <https://w3id.org/regiongraph/ontology#>
PREFIX schema: <https://schema.org/>
SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?r foaf:primaryTopic ?d ;
  adms:status <https://w3id.org/regiongraph/code/record-status/published> . ?d a ?k }
  VALUES ?k { dcat:Dataset rg:Cooperation schema:Project } }"""


@pytest.fixture
def target() -> Iterator[tuple[Portal, str]]:
    with Portal(organizations=["kreis-unna"], tokens={TOKEN: True, "lese-token": False}) as portal:
        yield portal, portal.url


def _sync(settings, store, url, *, token=TOKEN, dry_run=False, sleeps=None):
    return sync_ckan(
        settings.with_(sync_token=token),
        store,
        to=url,
        organization="kreis-unna",
        dry_run=dry_run,
        sources=("register",),
        backoff=0.01,
        sleep=(sleeps.append if sleeps is not None else None),
    )


def _writes(portal: Portal) -> int:
    return sum(n for action, n in portal.calls.items() if action != "package_show" and action != "package_search")


def test_create_then_nothing_changes(settings, store, target):
    portal, url = target
    total = int(select(store, ITEMS)[0]["n"])
    plan = _sync(settings, store, url, dry_run=True)
    assert plan.counts()["create"] == total and _writes(portal) == 0 and not portal.packages
    first = _sync(settings, store, url)
    assert first.counts()["create"] == total and not first.failed
    assert {c.outcome for c in first.changes} == {"applied"}
    stored = next(p for p in portal.packages.values() if p["name"] == "cooperation-ku2016-b-14")
    assert {"key": OWNER_EXTRA, "value": "http://127.0.0.1:8000/id/cooperation/ku2016-b-14"} in stored["extras"]
    assert stored["title"] == "Automatisierte Datenverarbeitung"
    writes = _writes(portal)
    second = _sync(settings, store, url)
    assert second.counts() == {"create": 0, "update": 0, "delete": 0, "unchanged": total, "conflict": 0}
    assert _writes(portal) == writes


def test_update_with_field_diff_and_withdrawal(settings, store, target):
    portal, url = target
    _sync(settings, store, url)
    edited = next(p for p in portal.packages.values() if p["name"] == "cooperation-ku2016-b-14")
    edited["title"] = "Von Hand geändert"
    stray = portal.seed(
        {
            "name": "alt-kooperation",
            "title": "Früher von RegionGraph",
            "owner_org": "kreis-unna",
            "extras": [{"key": OWNER_EXTRA, "value": "http://127.0.0.1:8000/id/cooperation/weg"}],
        }
    )
    plan = _sync(settings, store, url, dry_run=True)
    update = next(c for c in plan.changes if c.action == "update")
    assert update.name == "cooperation-ku2016-b-14"
    assert update.fields == {"title": {"from": "Von Hand geändert", "to": "Automatisierte Datenverarbeitung"}}
    delete = next(c for c in plan.changes if c.action == "delete")
    assert (delete.name, delete.iri) == ("alt-kooperation", "http://127.0.0.1:8000/id/cooperation/weg")
    applied = _sync(settings, store, url)
    assert not applied.failed
    assert portal.packages[edited["id"]]["title"] == "Automatisierte Datenverarbeitung"
    assert portal.packages[stray["id"]]["state"] == "deleted"  # marked deleted, not purged


def test_name_taken_by_a_foreign_package_is_skipped(settings, store, target):
    portal, url = target
    foreign = portal.seed(
        {"name": "cooperation-ku2016-b-14", "title": "Eigener Datensatz der Stadt", "owner_org": "kreis-unna"}
    )
    report = _sync(settings, store, url)
    conflict = next(c for c in report.changes if c.name == "cooperation-ku2016-b-14")
    assert (conflict.action, conflict.outcome) == ("conflict", "skipped")
    assert "does not own" in conflict.error
    assert portal.packages[foreign["id"]]["title"] == "Eigener Datensatz der Stadt"
    assert not report.failed


def test_500_is_retried_then_applied(settings, store, target):
    portal, url = target
    portal.fail_next("package_create", 500, 500)
    sleeps: list[float] = []
    report = _sync(settings, store, url, sleeps=sleeps)
    assert not report.failed
    assert sleeps == [0.01, 0.02]
    assert portal.calls["package_create"] == report.counts()["create"] + 2


def test_500_for_good_is_reported_and_the_rest_applied(settings, store, target):
    portal, url = target
    portal.fail_next("package_create", 500, 500, 500, 500)
    report = _sync(settings, store, url)
    assert [c.outcome for c in report.failed] == ["failed"]
    assert "failed after 4 attempt(s)" in report.failed[0].error
    assert len(portal.packages) == report.counts()["create"] - 1


def test_403_stops_with_a_clear_error(settings, store, target):
    portal, url = target
    report = _sync(settings, store, url, token="lese-token")
    outcomes = [c.outcome for c in report.changes]
    assert outcomes[0] == "failed" and set(outcomes[1:]) == {"not tried"}
    assert "refused the token (403)" in report.changes[0].error
    assert portal.calls["package_create"] == 1 and not portal.packages


def test_cli_dry_run_json_and_exit_codes(built, target):
    portal, url = target
    settings = built[0]
    args = [
        "--data-dir",
        str(settings.data_dir),
        "--base-iri",
        settings.base_iri,
        "sync",
        "ckan",
        "--to",
        url,
        "--token-env",
        "RG_TEST_TOKEN",
        "--organization",
        "kreis-unna",
        "--source",
        "register",
    ]
    runner = CliRunner()
    plan = runner.invoke(main, [*args, "--dry-run", "--json"], env={"RG_TEST_TOKEN": TOKEN})
    assert plan.exit_code == 0, plan.output
    body = json.loads(plan.output)
    assert body["dry_run"] is True and body["counts"]["create"] > 0 and not portal.packages
    refused = runner.invoke(main, args, env={"RG_TEST_TOKEN": "lese-token"})
    assert refused.exit_code == 1
    assert "403" in refused.output
    missing = runner.invoke(main, args, env={})
    assert missing.exit_code == 2
    assert "RG_TEST_TOKEN holds no API token" in missing.output
