"""What a target CKAN should hold: RegionGraph's published catalogue items as writable package dicts.

Packages come page by page from the catalogue (one CONSTRUCT per page, MAPPING's
``graph_to_package``); each is marked with the ``regiongraph_iri`` extra, by which a later
run recognises the packages it owns, and stripped of what CKAN sets itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pyoxigraph as ox

from ..catalog import Context, Selection, build_packages
from ..iris import Minter
from ..namespaces import RG
from ..store import GraphStore

OWNER_EXTRA = "regiongraph_iri"
PAGE = 100
#: Fields CKAN sets on its own (or that name objects of the source portal); never sent.
_SERVER_FIELDS = (
    "id",
    "metadata_modified",
    "metadata_created",
    "organization",
    "num_resources",
    "num_tags",
    "state",
    "revision_id",
    "creator_user_id",
    "private",
    "relationships_as_object",
    "relationships_as_subject",
    "groups",
)


def writable(package: dict[str, Any], iri: str, owner_org: str | None) -> dict[str, Any]:
    """``package`` as ``package_create`` takes it, owned by ``owner_org`` and marked with its IRI."""
    out = {k: v for k, v in package.items() if k not in _SERVER_FIELDS}
    org = owner_org or (package.get("organization") or {}).get("name")
    if org:
        out["owner_org"] = org
    extras = [e for e in out.get("extras") or [] if e.get("key") != OWNER_EXTRA]
    out["extras"] = sorted([*extras, {"key": OWNER_EXTRA, "value": iri}], key=lambda e: e["key"])
    out["resources"] = [
        {k: v for k, v in r.items() if k not in ("id", "package_id", "position")} for r in out.get("resources") or []
    ]
    return out


def desired_packages(
    store: GraphStore, ctx: Context, base_iri: str, *, sources: Sequence[str] = (), owner_org: str | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(dataset IRI, package)`` for every published item (of ``sources`` when given), oldest name first.

    Args:
        sources: harvest source names (``register``, a portal's name) to restrict to.
        owner_org: the target organisation (name or id) every package goes to; default: its publisher.
    """
    selection = Selection(base_iri)
    if sources:
        minter = Minter(base_iri)
        alternatives = " || ".join(f"?src = {selection.bind(ox.NamedNode(minter.source(s)))}" for s in sources)
        selection.clauses.append(f"GRAPH ?g {{ ?r <{RG.harvestSource}> ?src }} FILTER({alternatives})")
    offset = 0
    while True:
        items = selection.page(store, limit=PAGE, offset=offset, order="ASC(?d)")
        for item, package in zip(items, build_packages(store, items, ctx, base_iri), strict=True):
            yield item.dataset, writable(package, item.dataset, owner_org)
        if len(items) < PAGE:
            return
        offset += PAGE
