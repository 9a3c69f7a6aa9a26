"""``/docs``: Swagger UI 5 from files vendored in the package (``api/static/swagger-ui``), no CDN.

FastAPI describes the API in OpenAPI 3.1, which Swagger UI reads from version 5 on (4.x shows
"Unable to render this definition"). The server may have no internet, and FastAPI's default page
loads its script from a CDN, so the app is built without it and this router serves the same page
from the vendored files: their version, licence and SHA-256 are in ``MANIFEST.json`` beside them
(``scripts/vendor_assets.py`` refreshes and checks them). Asset URLs carry the version, so a
browser caches them for a year and a new version is fetched at once.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

from .._conditional import conditional
from .._problem import problem

router = APIRouter(include_in_schema=False)
ASSETS = "/docs/assets"
FOLDER = Path(__file__).resolve().parents[1] / "static" / "swagger-ui"
_MEDIA = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
    "": "text/plain; charset=utf-8",
}


@lru_cache(maxsize=1)
def manifest() -> dict:
    """The vendored Swagger UI's manifest: package, version, licence, files and their SHA-256."""
    return json.loads((FOLDER / "MANIFEST.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=16)
def _asset(name: str) -> bytes:
    return (FOLDER / name).read_bytes()


def _url(name: str) -> str:
    return f"{ASSETS}/{name}?v={manifest()['version']}"


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """The interactive API description."""
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} — API",
        swagger_js_url=_url("swagger-ui-bundle.js"),
        swagger_css_url=_url("swagger-ui.css"),
        swagger_favicon_url=_url("favicon-32x32.png"),
    )


@router.get(f"{ASSETS}/{{name}}")
def asset(name: str, request: Request) -> Response:
    """One vendored file (those the manifest lists: the UI, its licences and notice)."""
    digest = manifest()["files"].get(name)
    if digest is None:
        return problem(404, "not-found", "Not found", "no such asset")
    versioned = request.query_params.get("v") == manifest()["version"]
    cache = "public, max-age=31536000, immutable" if versioned else "no-cache"
    return conditional(
        request,
        _asset(name),
        media_type=_MEDIA[Path(name).suffix],
        etag=f'"{digest[:32]}"',
        headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"},
    )
