"""A local CKAN + DCAT portal on loopback: the real Action API and catalogue protocol, with switchable faults."""

from __future__ import annotations

import json
import threading
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ._dcat import FORMATS, catalog_page
from ._loopback import LoopbackServer
from ._search import ROWS_MAX, SearchQueryError, filtered, lower_bound, project, sort_packages
from .fixtures import stamp

Hook = Callable[[str, dict[str, Any], int], None]


@dataclass
class Fault:
    """A misbehaviour for requests to ``target`` (a CKAN action name or a path such as ``/catalog.ttl``).

    Kinds: ``error`` (500 with an HTML page), ``slow`` (answer after ``delay`` seconds), ``invalid-json``
    (a truncated body), ``throttle`` (429 with ``Retry-After``), ``duplicate`` (one result twice on the
    page), ``too-large`` (a proxy's 502 whenever the answer exceeds ``limit`` bytes, for good), ``loop``
    (hydra:next back to page 1), ``body`` (``body`` as it is, with ``status`` and ``media``: a broken answer
    written by the test). It applies to ``times`` matching requests after skipping the first ``after``.
    """

    target: str
    kind: str
    times: int = 1
    after: int = 0
    delay: float = 0.0
    retry_after: str = "1"
    limit: int = 0
    body: bytes = b""
    status: int = 200
    media: str = "application/json"
    seen: int = 0

    def applies(self) -> bool:
        self.seen += 1
        return self.seen > self.after and (self.kind == "too-large" or self.seen <= self.after + self.times)


class Portal(LoopbackServer):
    """A CKAN portal on 127.0.0.1 with ``packages``, in a background thread.

    Use it as a context manager; ``url`` is its address. Mutate it between or during requests
    with :meth:`touch`, :meth:`delete` and :meth:`add`; add faults with :meth:`fault`; run code
    before each answer with ``on_request`` hooks ``(target, params, count)``.

    Args:
        packages: the package dicts (see :func:`portal.make_packages`).
        dcat_page_size: datasets per catalogue page (ckanext-dcat's default is 100).
        legacy_hydra: page the catalogue with the old ``hydra:PagedCollection`` instead of a
            ``hydra:PartialCollectionView``.
    """

    def __init__(self, packages: Iterable[dict[str, Any]] = (), *, dcat_page_size: int = 100,
                 legacy_hydra: bool = False) -> None:
        self.packages: dict[str, dict[str, Any]] = {_key(p, i): p for i, p in enumerate(packages)}
        self.dcat_page_size, self.legacy_hydra = dcat_page_size, legacy_hydra
        self.faults: list[Fault] = []
        self.version, self._order_key, self._order = 0, None, []
        self.on_request: list[Hook] = []
        self.files: dict[str, tuple[bytes, str]] = {}
        self.served: Counter[str] = Counter()
        self.lock = threading.RLock()
        super().__init__(_Handler)

    def fault(self, target: str, kind: str, **options: Any) -> Fault:
        """Add a fault (see :class:`Fault`) and return it."""
        fault = Fault(target, kind, **options)
        self.faults.append(fault)
        return fault

    def serve(self, path: str, body: bytes, media: str) -> str:
        """Answer GET ``path`` with ``body`` as it is (a real catalogue file, a broken page); its URL."""
        self.files[path] = (body, media)
        return self.url + path

    def touch(self, package_id: str, **changes: Any) -> str:
        """Change a package as an editor would: new values, ``metadata_modified`` after every other one."""
        with self.lock:
            newest = max(p["metadata_modified"] for p in self.packages.values())
            moment = stamp(datetime.fromisoformat(newest) + timedelta(seconds=1))
            self.packages[package_id].update(changes, metadata_modified=moment)
            self.version += 1
            return moment

    def delete(self, package_id: str) -> None:
        """Delete a package: it leaves search, list and show, as a deleted CKAN dataset does for the public."""
        with self.lock:
            del self.packages[package_id]
            self.version += 1

    def add(self, package: dict[str, Any]) -> None:
        with self.lock:
            self.packages[package["id"]] = package
            self.version += 1

    # -- the Action API ---------------------------------------------------------------------------------

    def action(self, name: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Answer one action call as CKAN does: ``(status, envelope)``."""
        handler = getattr(self, f"_{name}", None)
        if handler is None:
            return 400, _error("Bad request", f"Action name not known: {name}")
        try:
            with self.lock:
                return 200, {"success": True, "result": handler(params)}
        except SearchQueryError as exc:
            return 409, _error("Search Query Error", f"Search Query is invalid: {exc}")
        except KeyError as exc:
            return 404, _error("Not Found Error", f"Not found: {exc.args[0]}")
        except (TypeError, ValueError) as exc:
            return 409, _error("Validation Error", str(exc))

    def _package_search(self, p: dict[str, Any]) -> dict[str, Any]:
        rows, start = min(int(p.get("rows", 10)), ROWS_MAX), int(p.get("start", 0))
        if rows < 0 or start < 0:
            raise ValueError("rows and start must be natural numbers")
        sort = p.get("sort", "")
        ordered = self._ordered(sort)
        low = lower_bound(p.get("fq", "")) if sort.replace(" ", "").startswith("metadata_modifiedasc") else None
        if low is not None:  # the keyset query of a harvester: skip what lies before the cursor at once
            ordered = ordered[bisect_left(ordered, low, key=lambda pkg: str(pkg.get("metadata_modified") or "")):]
        found = filtered(ordered, p.get("q", ""), p.get("fq", ""))
        page = [project(pkg, p.get("fl")) for pkg in found[start:start + rows]]
        return {"count": len(found), "sort": p.get("sort", "score desc, metadata_modified desc"), "facets": {},
                "search_facets": {}, "results": json.loads(json.dumps(page))}

    def _ordered(self, sort: str) -> list[dict[str, Any]]:
        """The packages in ``sort`` order, kept until the packages change (100,000 of them in the benchmark)."""
        key = (sort, self.version)
        if self._order_key != key:
            self._order, self._order_key = sort_packages(list(self.packages.values()), sort), key
        return self._order

    def _package_show(self, p: dict[str, Any]) -> dict[str, Any]:
        ref = p.get("id") or p.get("name_or_id") or ""
        for pkg in self.packages.values():
            if ref in (pkg.get("id"), pkg.get("name")):
                return json.loads(json.dumps(pkg))
        raise KeyError("Dataset")

    def _package_list(self, p: dict[str, Any]) -> list[str]:
        names = sorted(pkg["name"] for pkg in self.packages.values())
        offset, limit = int(p.get("offset", 0)), p.get("limit")
        return names[offset: offset + int(limit)] if limit is not None else names[offset:]

    def _organization_list(self, p: dict[str, Any]) -> list[Any]:
        orgs = {pkg["organization"]["name"]: pkg["organization"] for pkg in self.packages.values()
                if pkg.get("organization")}
        return [orgs[n] for n in sorted(orgs)] if str(p.get("all_fields", "")).lower() == "true" else sorted(orgs)

    def _status_show(self, _p: dict[str, Any]) -> dict[str, Any]:
        return {"site_title": "Offene Daten Kreis Unna (Testportal)", "ckan_version": "2.10.4",
                "site_url": self.url, "extensions": ["dcat", "structured_data", "dcatde"]}

    # -- the catalogue ------------------------------------------------------------------------------------

    def catalog(self, path: str, params: dict[str, str], *, loop: bool) -> tuple[bytes, str]:
        """One catalogue page in the format its extension names, newest first as ckanext-dcat sorts."""
        fmt, media = FORMATS[path.rsplit(".", 1)[1]]
        with self.lock:
            packages = list(self.packages.values())
        since = params.get("modified_since")
        if since:
            packages = [p for p in packages if p["metadata_modified"] >= since.rstrip("Z")]
        packages = sort_packages(packages, "metadata_modified desc, id asc")
        page = int(params.get("page", 1))
        if page < 1:
            raise ValueError("page must be 1 or more")
        g = catalog_page(self.url, path, packages, page, self.dcat_page_size, params,
                         legacy=self.legacy_hydra, loop=loop)
        return g.serialize(format=fmt, encoding="utf-8"), media


def _key(package: dict[str, Any], index: int) -> str:
    """A package's place in the portal: its id, else its name, else its position (real dicts may have neither)."""
    return str(package.get("id") or package.get("name") or f"#{index}")


def _error(kind: str, message: str) -> dict[str, Any]:
    return {"success": False, "error": {"__type": kind, "message": message}}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet tests
        pass

    def handle(self) -> None:
        with suppress(ConnectionResetError, BrokenPipeError):  # a client killed mid-request (the crash test)
            super().handle()

    def do_GET(self) -> None:
        self._serve(dict(parse_qsl(urlsplit(self.path).query)))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            params = json.loads(body or b"{}") if b"{" in body[:1] or not body else dict(parse_qsl(body.decode()))
        except ValueError:
            self._send(400, json.dumps(_error("Bad request", "JSON Error: invalid body")).encode())
            return
        self._serve(params)

    @property
    def portal(self) -> Portal:
        return self.server.portal  # type: ignore[attr-defined]

    def _serve(self, params: dict[str, Any]) -> None:
        path = urlsplit(self.path).path
        target = path.rsplit("/", 1)[-1] if path.startswith(("/api/3/action/", "/api/action/")) else path
        with self.portal.lock:
            self.portal.served[target] += 1
            count = self.portal.served[target]
            faults = [f for f in self.portal.faults if f.target == target and f.applies()]
        for hook in list(self.portal.on_request):
            hook(target, params, count)
        if self._faulty(faults, params):
            return
        if target == path and path in self.portal.files:
            self._send(200, *self.portal.files[path])
            return
        if target == path and path.startswith("/catalog."):
            self._catalog(path, params, loop=any(f.kind == "loop" for f in faults))
            return
        if target == path:
            self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html")
            return
        status, envelope = self.portal.action(target, params)
        envelope["help"] = f"{self.portal.url}/api/3/action/help_show?name={target}"
        if any(f.kind == "duplicate" for f in faults) and envelope["success"]:
            results = envelope["result"].get("results", [])
            results[len(results):] = results[:1]
        body = json.dumps(envelope, ensure_ascii=False).encode()
        if any(f.kind == "too-large" and len(body) > f.limit for f in faults):
            self._send(502, b"<html><body><h1>502 Bad Gateway</h1>upstream too big</body></html>", "text/html")
            return
        self._send(status, body)

    def _faulty(self, faults: list[Fault], params: dict[str, Any]) -> bool:
        for f in faults:
            if f.kind == "slow":
                time.sleep(f.delay)
            elif f.kind == "error":
                self._send(500, b"<html><body><h1>Internal Server Error</h1></body></html>", "text/html")
                return True
            elif f.kind == "throttle":
                self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": f.retry_after})
                return True
            elif f.kind == "body":
                self._send(f.status, f.body, f.media)
                return True
            elif f.kind == "invalid-json":
                self._send(200, b'{"help": "", "success": true, "result": {"count": 3, "results": [{"id": ')
                return True
        return False

    def _catalog(self, path: str, params: dict[str, Any], *, loop: bool) -> None:
        try:
            body, media = self.portal.catalog(path, params, loop=loop)
        except (KeyError, ValueError) as exc:
            self._send(400, str(exc).encode(), "text/plain")
            return
        self._send(200, body, media)

    def _send(self, status: int, body: bytes, media: str = "application/json",
              headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", f"{media};charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a time-out test)
            pass

