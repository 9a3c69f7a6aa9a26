"""A local CKAN that takes writes: the Action API actions ``regiongraph sync ckan`` uses, with faults.

Actions: ``package_show``, ``package_search`` (``fq`` with ``extras_<key>:*`` and
``organization:<name>``), ``package_create``, ``package_update``, ``package_delete``
(marks deleted, as CKAN does), ``organization_show``. Writes need ``Authorization: <token>``
of a token with rights (403 ``Authorization Error`` otherwise); a taken name is a 409
``Validation Error``; queued faults answer 500 (an HTML page, as CKAN behind a proxy does).
"""

from __future__ import annotations

import copy
import json
import threading
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

WRITES = {"package_create", "package_update", "package_patch", "package_delete"}


class TargetError(Exception):
    def __init__(self, status: int, error: dict[str, Any]) -> None:
        super().__init__(error)
        self.status, self.error = status, error


class CkanTarget:
    """The portal's state and behaviour; :meth:`serve` runs it on a free loopback port.

    Args:
        organizations: names of the organisations that exist.
        tokens: API token → may write (``True``) or not.
    """

    def __init__(self, organizations: list[str], tokens: dict[str, bool]) -> None:
        self.orgs = {name: {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, name)), "name": name, "title": name.title(),
                            "type": "organization", "is_organization": True} for name in organizations}
        self.tokens = tokens
        self.packages: dict[str, dict[str, Any]] = {}
        self.faults: dict[str, list[int]] = {}
        self.calls: Counter[str] = Counter()
        self.lock = threading.Lock()

    def fail_next(self, action: str, *statuses: int) -> None:
        """The next calls of ``action`` answer these statuses (e.g. 500) before it works again."""
        self.faults.setdefault(action, []).extend(statuses)

    def seed(self, package: dict[str, Any]) -> dict[str, Any]:
        """A package created by someone else (no RegionGraph mark)."""
        return self._store(package, None)

    # --- actions -------------------------------------------------------------------------------------------
    def handle(self, action: str, params: dict[str, Any], token: str | None) -> Any:
        with self.lock:
            self.calls[action] += 1
            queued = self.faults.get(action)
            if queued:
                raise TargetError(queued.pop(0), {})
            if action in WRITES and not self.tokens.get(token or "", False):
                raise TargetError(403, {"__type": "Authorization Error",
                                          "message": f"User not authorized to {action.replace('_', ' ')}"})
            handler = getattr(self, f"_{action}", None)
            if handler is None:
                raise TargetError(400, {"__type": "Bad Request", "message": f"Action name not known: {action}"})
            return handler(params)

    def _find(self, ref: str) -> dict[str, Any]:
        for package in self.packages.values():
            if ref in (package["id"], package["name"]):
                return package
        raise TargetError(404, {"__type": "Not Found Error", "message": "Not found"})

    def _package_show(self, params: dict[str, Any]) -> dict[str, Any]:
        return copy.deepcopy(self._find(str(params.get("id"))))

    def _package_search(self, params: dict[str, Any]) -> dict[str, Any]:
        hits = [p for p in self.packages.values() if p["state"] == "active"]
        for term in str(params.get("fq") or "").split():
            key, _, value = term.partition(":")
            if key.startswith("extras_") and value == "*":
                hits = [p for p in hits if any(e["key"] == key[7:] for e in p["extras"])]
            elif key == "organization":
                hits = [p for p in hits if (p.get("organization") or {}).get("name") == value]
            else:
                raise TargetError(409, {"__type": "Search Query Error", "message": f"Search error: {term}"})
        hits.sort(key=lambda p: p["name"])
        start, rows = int(params.get("start", 0)), int(params.get("rows", 10))
        return {"count": len(hits), "results": copy.deepcopy(hits[start:start + rows])}

    def _org(self, ref: str | None) -> dict[str, Any]:
        for org in self.orgs.values():
            if ref in (org["id"], org["name"]):
                return org
        raise TargetError(409, {"__type": "Validation Error", "owner_org": ["Organization does not exist"]})

    def _store(self, params: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
        org = self._org(params.get("owner_org"))
        package = {k: copy.deepcopy(v) for k, v in params.items() if k != "id"}
        package.update(id=existing["id"] if existing else str(uuid.uuid4()), owner_org=org["id"],
                       organization=dict(org), state=params.get("state", "active"), type="dataset")
        package["tags"] = [{"name": t["name"], "display_name": t["name"], "state": "active",
                            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, t["name"]))} for t in params.get("tags") or []]
        package["resources"] = [{**r, "id": str(uuid.uuid4()), "package_id": package["id"], "position": i}
                                for i, r in enumerate(params.get("resources") or [])]
        package.setdefault("extras", [])
        self.packages[package["id"]] = package
        return copy.deepcopy(package)

    def _package_create(self, params: dict[str, Any]) -> dict[str, Any]:
        if any(p["name"] == params.get("name") for p in self.packages.values()):
            raise TargetError(409, {"__type": "Validation Error", "name": ["That URL is already in use."]})
        return self._store(params, None)

    def _package_update(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._store(params, self._find(str(params.get("id"))))

    def _package_delete(self, params: dict[str, Any]) -> None:
        self._find(str(params.get("id")))["state"] = "deleted"

    def _organization_show(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            return dict(self._org(params.get("id")))
        except TargetError:
            raise TargetError(404, {"__type": "Not Found Error", "message": "Not found"}) from None

    # --- HTTP ----------------------------------------------------------------------------------------------
    def serve(self) -> ThreadingHTTPServer:
        target = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                url = urlsplit(self.path)
                action = url.path.rstrip("/").rsplit("/", 1)[-1]
                params: dict[str, Any] = dict(parse_qsl(url.query))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    params.update(json.loads(self.rfile.read(length)))
                try:
                    result = target.handle(action, params, self.headers.get("Authorization"))
                    status, body = 200, {"help": "", "success": True, "result": result}
                except TargetError as exc:
                    if exc.status == 500:
                        self._send(500, b"<html><body><h1>Internal Server Error</h1></body></html>", "text/html")
                        return
                    status, body = exc.status, {"help": "", "success": False, "error": exc.error}
                self._send(status, json.dumps(body).encode(), "application/json")

            def _send(self, status: int, data: bytes, media: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer  # noqa: N815 — http.server's names

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server
