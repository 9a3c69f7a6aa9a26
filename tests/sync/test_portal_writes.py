"""The fake CKAN's write side, as a harvester and a sync client both see it: one portal, one action table."""

from __future__ import annotations

import httpx

from support.portal import Portal, make_packages

TOKEN = "schreib-token"


def _call(client: httpx.Client, url: str, action: str, **params: object) -> httpx.Response:
    return client.post(f"{url}/api/3/action/{action}", json=params, headers={"Authorization": TOKEN})


def test_writes_are_searchable_stamped_and_deleted_ones_leave_search():
    with (
        Portal(make_packages(2), organizations=["kreis-unna"], tokens={TOKEN: True}) as portal,
        httpx.Client() as client,
    ):
        made = _call(
            client,
            portal.url,
            "package_create",
            name="neu",
            title="Neu",
            owner_org="kreis-unna",
            extras=[{"key": "regiongraph_iri", "value": "https://example.org/x"}],
        ).json()["result"]
        assert made["metadata_modified"] > max(p["metadata_modified"] for p in make_packages(2))
        patched = _call(client, portal.url, "package_patch", id=made["id"], title="Geändert").json()["result"]
        assert (patched["title"], patched["name"]) == ("Geändert", "neu")
        owned = _call(client, portal.url, "package_search", fq="extras_regiongraph_iri:*").json()["result"]
        assert [p["name"] for p in owned["results"]] == ["neu"]
        _call(client, portal.url, "package_delete", id=made["id"])
        assert _call(client, portal.url, "package_search", q="*:*").json()["result"]["count"] == 2
        assert _call(client, portal.url, "package_show", id="neu").json()["result"]["state"] == "deleted"
        assert "neu" not in _call(client, portal.url, "package_list").json()["result"]


def test_without_a_writing_token_the_portal_refuses_and_keeps_its_packages():
    with Portal(make_packages(2), tokens={"lese-token": False}) as portal, httpx.Client() as client:
        answer = client.post(
            f"{portal.url}/api/action/package_delete",
            json={"id": make_packages(1)[0]["id"]},
            headers={"Authorization": "lese-token"},
        )
        assert answer.status_code == 403 and answer.json()["error"]["__type"] == "Authorization Error"
        assert all(p["state"] == "active" for p in portal.packages.values())
        assert portal.calls["package_delete"] == 1
