"""The real corpus of ``../shared/realdata/`` served in the protocol each source speaks, read in place.

One loopback server answers for every source:

* ``/ckan/<source>/api/3/action/<action>``: the CKAN Action API (``package_search`` with q, fq, sort,
  rows, start and fl; ``package_show``; ``package_list``; ``status_show``) over the packages the
  captured files hold. ``demo.ckan.org`` keeps its full envelopes for ``package_show``; Toronto's
  ckanapi ``result`` parts are wrapped in ``{"success": true, "result": …}``; the ckanext-dcat
  example dicts are served as one portal's packages, as they are (some lack ``id`` or
  ``metadata_modified``, one is not even a CKAN dict: a portal may send that too).
* ``/dcat/<folder>/<file>``: a DCAT file as it was published, with the Content-Type of its syntax.
  Links inside the files (Rostock's ``hydra:nextPage``) keep pointing at the real hosts, which a test
  never reaches: offline, such a page is a failed page.

Nothing is copied: every answer is read from the file when asked (:func:`support.shared.realdata`
fails loudly when the folder is missing).
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from contextlib import suppress
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from support.shared import realdata

from ._loopback import LoopbackServer
from ._search import ROWS_MAX, SearchQueryError, filtered, project, sort_packages

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


class _Ckan:
    """The Action API of one CKAN source, over its captured packages."""

    def __init__(self, source: str, base: str) -> None:
        self.source, self.base = source, base
        self.packages = ckan_packages(source)
        self.shown = _shown(source)

    def answer(self, action: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        handler = getattr(self, f"_{action}", None)
        if handler is None:
            return 400, _error("Bad request", f"Action name not known: {action}")
        try:
            return handler(params)
        except SearchQueryError as exc:
            return 409, _error("Search Query Error", f"Search Query is invalid: {exc}")
        except (TypeError, ValueError) as exc:
            return 409, _error("Validation Error", str(exc))

    def _package_search(self, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        rows, start = min(int(p.get("rows", 10)), ROWS_MAX), int(p.get("start", 0))
        if rows < 0 or start < 0:
            raise ValueError("rows and start must be natural numbers")
        sort = p.get("sort", "score desc, metadata_modified desc")
        found = filtered(sort_packages(list(self.packages), sort), p.get("q", ""), p.get("fq", ""))
        page = [project(pkg, p.get("fl")) for pkg in found[start : start + rows]]
        return 200, _ok(
            self.base,
            "package_search",
            {"count": len(found), "sort": sort, "facets": {}, "search_facets": {}, "results": page},
        )

    def _package_show(self, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        ref = str(p.get("id") or p.get("name_or_id") or "")
        for pkg in self.packages:
            if ref and ref in (pkg.get("id"), pkg.get("name")):
                if pkg.get("id") in self.shown:  # the captured envelope, as the portal sent it
                    return 200, self.shown[pkg["id"]]
                return 200, _ok(self.base, "package_show", pkg)
        return 404, _error("Not Found Error", "Not found: Dataset")

    def _package_list(self, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        names = sorted(str(pkg["name"]) for pkg in self.packages if pkg.get("name"))
        offset, limit = int(p.get("offset", 0)), p.get("limit")
        names = names[offset : offset + int(limit)] if limit is not None else names[offset:]
        return 200, _ok(self.base, "package_list", names)

    def _status_show(self, _p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, _ok(
            self.base,
            "status_show",
            {"site_title": self.source, "ckan_version": "2.9.9", "site_url": self.base, "extensions": ["dcat"]},
        )


def _ok(base: str, action: str, result: Any) -> dict[str, Any]:
    return {"help": f"{base}/api/3/action/help_show?name={action}", "success": True, "result": result}


def _error(kind: str, message: str) -> dict[str, Any]:
    return {"success": False, "error": {"__type": kind, "message": message}}


class RealPortal(LoopbackServer):
    """Every source of ``../shared/realdata`` on one free loopback port, in a background thread.

    ``ckan_url(source)`` and ``dcat_url(source)`` are what a declaration names; ``served`` counts
    the requests per path.
    """

    def __init__(self) -> None:
        super().__init__(_Handler)
        self.ckan = {name: _Ckan(name, self.ckan_url(name)) for name in CKAN_SOURCES}
        self.served: Counter[str] = Counter()
        self.lock = threading.Lock()

    def ckan_url(self, source: str) -> str:
        return f"{self.url}/ckan/{source}"

    def dcat_url(self, source: str) -> str:
        return f"{self.url}/dcat/{DCAT_SOURCES[source]}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet tests
        pass

    def handle(self) -> None:
        with suppress(ConnectionResetError, BrokenPipeError):
            super().handle()

    @property
    def portal(self) -> RealPortal:
        return self.server.portal  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self._serve(dict(parse_qsl(urlsplit(self.path).query)))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            params = json.loads(body) if body[:1] == b"{" else dict(parse_qsl(body.decode()))
        except ValueError:
            self._send(400, json.dumps(_error("Bad request", "JSON Error: invalid body")).encode())
            return
        self._serve(params)

    def _serve(self, params: dict[str, Any]) -> None:
        path = unquote(urlsplit(self.path).path)
        with self.portal.lock:
            self.portal.served[path] += 1
        parts = path.strip("/").split("/")
        if parts[0] == "ckan" and len(parts) >= 4 and parts[1] in self.portal.ckan and "action" in parts:
            status, envelope = self.portal.ckan[parts[1]].answer(parts[-1], params)
            self._send(status, json.dumps(envelope, ensure_ascii=False).encode())
        elif parts[0] == "dcat" and "/".join(parts[1:]) in DCAT_SOURCES.values():
            file = realdata("dcat", *parts[1:])
            self._send(200, file.read_bytes(), MEDIA[file.suffix])
        else:
            self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html")

    def _send(self, status: int, body: bytes, media: str = "application/json") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", f"{media};charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
