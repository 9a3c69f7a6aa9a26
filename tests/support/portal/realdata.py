"""The real corpus of ``../shared/realdata/`` served in the protocol each source speaks, read in place.

``Portal(realdata=True)`` mounts every source on the one fake CKAN (:func:`mount_realdata`):

* ``/ckan/<source>/api/3/action/<action>``: one :class:`Site` per CKAN source, over the packages the
  captured files hold, with the same actions as every site. What differs is the site's own:
  ``demo.ckan.org``'s ``package_show`` answers its captured envelopes as they are; ``status_show``
  names the source; Toronto's ckanapi ``result`` parts are wrapped in ``{"success": true, "result": …}``;
  the ckanext-dcat example dicts are served as one portal's packages, as they are (some lack ``id``,
  ``name`` or ``metadata_modified``, one is not even a CKAN dict: a portal may send that too).
* ``/dcat/<folder>/<file>``: a DCAT file as it was published, with the Content-Type of its syntax.
  Links inside the files (Rostock's ``hydra:nextPage``) keep pointing at the real hosts, which a test
  never reaches: offline, such a page is a failed page.

Nothing is copied: the packages are read at mount, every DCAT file when asked
(:func:`support.shared.realdata` fails loudly when the folder is missing).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from support.shared import realdata

from ._site import Site

if TYPE_CHECKING:
    from .server import Portal

#: CKAN sources: name → folder under ``realdata/ckan``.
CKAN_SOURCES = {"demo": "demo.ckan.org", "toronto": "toronto", "dcat-examples": "ckanext-dcat-examples"}
#: DCAT sources: name → file under ``realdata/dcat`` (each one catalogue, as a harvester is pointed at it).
DCAT_SOURCES = {
    "rostock": "rostock/catalog-page-1.rdf",
    "destatis": "destatis/catalog.rdf",
    "dcat-catalog": "ckanext-dcat/catalog.rdf",
    "dcat-dataset": "ckanext-dcat/dataset.rdf",
    "dcat-sweden": "ckanext-dcat/dataset_sweden.rdf",
    "dcat-multilingual": "ckanext-dcat/dataset_multilingual.ttl",
    "dcat-invalid": "ckanext-dcat/dataset.ttl",
    "dcatde-max": "ckanext-dcatde/metadata_max.rdf",
    "dcatde-max-101": "ckanext-dcatde/metadata_max_1_0_1.rdf",
}
MEDIA = {".rdf": "application/rdf+xml", ".ttl": "text/turtle", ".jsonld": "application/ld+json"}


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _result(doc: Any) -> Any:
    """The ``result`` of an Action API envelope; a bare ckanapi result as it is."""
    return doc["result"] if isinstance(doc, dict) and "success" in doc and "result" in doc else doc


def ckan_packages(source: str) -> list[dict[str, Any]]:
    """The packages a CKAN source's files hold, each once (by ``id``, else ``name``): the newest version wins.

    demo.ckan.org and Toronto: every package dict found in a search result, a package list of dicts or
    a ``package_show``; the ckanext-dcat examples: one package per file, as written.
    """
    folder = realdata("ckan", CKAN_SOURCES[source])
    found: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.json")):
        result = _result(_read(path))
        if isinstance(result, dict) and "results" in result:
            found += result["results"]
        elif isinstance(result, list):
            found += [p for p in result if isinstance(p, dict)]
        elif isinstance(result, dict):
            found.append(result)
    newest: dict[str, dict[str, Any]] = {}
    for i, pkg in enumerate(found):
        key = str(pkg.get("id") or pkg.get("name") or f"#unidentified-{i}")
        if key not in newest or str(pkg.get("metadata_modified") or "") > str(
            newest[key].get("metadata_modified") or ""
        ):
            newest[key] = pkg
    return list(newest.values())


def _shown(source: str) -> dict[str, dict[str, Any]]:
    """Captured ``package_show`` envelopes by package id (demo.ckan.org's ``<uuid>.json``)."""
    folder = realdata("ckan", CKAN_SOURCES[source])
    out = {}
    for path in folder.glob("*.json"):
        doc = _read(path)
        if isinstance(doc, dict) and isinstance(doc.get("result"), dict) and "resources" in doc["result"]:
            out[doc["result"]["id"]] = doc
    return out


def corpus_site(source: str) -> Site:
    """CKAN source ``source`` as a read-only site: its packages, captured envelopes and a status naming it."""
    status = {"site_title": source, "ckan_version": "2.9.9", "extensions": ["dcat"]}
    return Site(ckan_packages(source), shown=_shown(source), status=status)


def mount_realdata(portal: Portal) -> None:
    """Every CKAN source under ``/ckan/<source>/``, every DCAT file under ``/dcat/<folder>/<file>``."""
    for source in CKAN_SOURCES:
        portal.mount(source, corpus_site(source))
    for source, path in DCAT_SOURCES.items():
        portal.publish(source, path, realdata("dcat", *path.split("/")))
