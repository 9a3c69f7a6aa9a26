"""The portal's one request handler: route a path to a site's action, a catalogue page or a file; apply faults."""

from __future__ import annotations

import json
import time
from contextlib import suppress
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from ._actions import Call, answer

if TYPE_CHECKING:
    from .server import Fault, Portal

ACTION_PATHS = ("/api/3/action/", "/api/action/")
NOT_FOUND = b"<html><body><h1>404 Not Found</h1></body></html>"


class Handler(BaseHTTPRequestHandler):
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
            error = {"success": False, "error": {"__type": "Bad request", "message": "JSON Error: invalid body"}}
            self._send(400, json.dumps(error).encode())
            return
        self._serve({**dict(parse_qsl(urlsplit(self.path).query)), **params})

    @property
    def portal(self) -> Portal:
        return self.server.portal  # type: ignore[attr-defined]

    def _route(self, path: str) -> tuple[str, str]:
        """``(mount, rest)``: the mounted site a path names (``""`` for the portal's own) and the path within it."""
        parts = path.split("/", 3)
        if len(parts) >= 3 and parts[1] == "ckan" and parts[2] in self.portal.sites:
            return parts[2], "/" + (parts[3] if len(parts) > 3 else "")
        return "", path

    def _serve(self, params: dict[str, Any]) -> None:
        path = unquote(urlsplit(self.path).path)
        mount, rest = self._route(path)
        action = rest.rsplit("/", 1)[-1] if rest.startswith(ACTION_PATHS) else None
        target = action or path
        with self.portal.lock:
            self.portal.served[target] += 1
            count = self.portal.served[target]
            faults = [f for f in self.portal.faults if f.target == target and f.applies()]
        for hook in list(self.portal.on_request):
            hook(target, params, count)
        if self._faulty(faults):
            return
        if action:
            self._action(mount, action, params, faults=faults)
        elif path in self.portal.files:
            body, media = self.portal.files[path]
            self._send(200, body.read_bytes() if isinstance(body, Path) else body, media)
        elif rest.startswith("/catalog."):
            self._catalog(mount, rest, params, loop=any(f.kind == "loop" for f in faults))
        else:
            self._send(404, NOT_FOUND, "text/html")

    def _action(self, mount: str, action: str, params: dict[str, Any], *, faults: list[Fault]) -> None:
        site, url = self.portal.at(mount)
        token = self.headers.get("Authorization") or self.headers.get("X-CKAN-API-Key")
        with self.portal.lock:
            status, envelope = answer(site, action, Call(params, token, url))
        result = envelope.get("result")
        if any(f.kind == "duplicate" for f in faults) and isinstance(result, dict):
            results = result.get("results", [])
            results[len(results) :] = results[:1]
        body = json.dumps(envelope, ensure_ascii=False).encode()
        if any(f.kind == "too-large" and len(body) > f.limit for f in faults):
            self._send(502, b"<html><body><h1>502 Bad Gateway</h1>upstream too big</body></html>", "text/html")
            return
        self._send(status, body)

    def _faulty(self, faults: list[Fault]) -> bool:
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

    def _catalog(self, mount: str, path: str, params: dict[str, Any], *, loop: bool) -> None:
        try:
            body, media = self.portal.catalog(path, params, loop=loop, mount=mount)
        except (KeyError, ValueError) as exc:
            self._send(400, str(exc).encode(), "text/plain")
            return
        self._send(200, body, media)

    def _send(
        self, status: int, body: bytes, media: str = "application/json", headers: dict[str, str] | None = None
    ) -> None:
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
