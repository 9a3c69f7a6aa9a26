"""``/docs``: Swagger UI from files installed with the package (``swagger-ui-bundle``), no CDN.

The server may have no internet; FastAPI's default page loads its script from a CDN, so the
app is built without it and this router serves the same UI from local assets.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from swagger_ui_bundle import swagger_ui_path

from .._problem import problem

router = APIRouter(include_in_schema=False)
ASSETS = "/docs/assets"
_FILES = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css", "favicon-32x32.png": "image/png"}


@lru_cache(maxsize=len(_FILES))
def _asset(name: str) -> bytes:
    return (Path(swagger_ui_path) / name).read_bytes()


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """The interactive API description."""
    return get_swagger_ui_html(openapi_url=request.app.openapi_url, title=f"{request.app.title} — API",
                               swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                               swagger_css_url=f"{ASSETS}/swagger-ui.css",
                               swagger_favicon_url=f"{ASSETS}/favicon-32x32.png")


@router.get(f"{ASSETS}/{{name}}")
def asset(name: str) -> Response:
    """One Swagger UI file (only the few the page uses)."""
    if name not in _FILES:
        return problem(404, "not-found", "Not found", "no such asset")
    return Response(_asset(name), media_type=_FILES[name], headers={"Cache-Control": "public, max-age=86400"})
