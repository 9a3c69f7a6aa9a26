"""The web front's own files (``static/``) and its vendored libraries (``static/vendor/``), served under ``/assets/``.

Only files that exist when the process starts are served, looked up by their relative path in a
table built once (no path ever reaches the file system from a request). URLs carry a content hash
(``?v=``): a versioned URL is cached for a year, any other revalidates by ETag.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..api import conditional, problem

STATIC = Path(__file__).with_name("static")
MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    "": "text/plain; charset=utf-8",
    ".json": "application/json",
}

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    media_type: str
    version: str


@lru_cache(maxsize=1)
def assets() -> dict[str, Asset]:
    """Every servable file by its path below ``static/`` (``web.css``, ``vendor/htmx.org-2.0.4/htmx.min.js``)."""
    out = {}
    for path in sorted(STATIC.rglob("*")):
        if path.is_file() and path.suffix in MEDIA_TYPES:
            body = path.read_bytes()
            out[path.relative_to(STATIC).as_posix()] = Asset(
                body, MEDIA_TYPES[path.suffix], hashlib.sha256(body).hexdigest()[:16]
            )
    return out


def asset_url(name: str) -> str:
    """The versioned URL of one asset (a KeyError for a file that does not exist: templates fail loudly)."""
    return f"/assets/{name}?v={assets()[name].version}"


@router.get("/assets/{name:path}")
def asset(name: str, request: Request) -> Response:
    found = assets().get(name)
    if found is None:
        return problem(404, "not-found", "Not found", "no such asset")
    immutable = request.query_params.get("v") == found.version
    cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
    return conditional(
        request,
        found.body,
        media_type=found.media_type,
        etag=f'"{found.version}"',
        headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"},
    )
