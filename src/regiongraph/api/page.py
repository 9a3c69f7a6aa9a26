"""The query page browsers get at ``/sparql``, and its static assets under ``/static/``.

The page is server-rendered HTML with every inserted value escaped; its script and style are
files of this package (no external library, no CDN: the server may be offline). Named queries
are bound on the server (see :mod:`._examples`); the page only runs finished query text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from string import Template

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..errors import QueryError
from ..instance import Instance
from ..namespaces import PREFIXES, prologue
from ..sparql.formats import GRAPH_FORMATS, RESULT_FORMATS, parse_accept
from ._conditional import conditional
from ._examples import Example, bind_example, examples
from ._problem import problem

STATIC_DIR = Path(__file__).with_name("static")
_MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css"}
_LABELS = {
    "json": "SPARQL JSON",
    "xml": "SPARQL XML",
    "csv": "CSV",
    "tsv": "TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "rdfxml": "RDF/XML",
    "jsonld": "JSON-LD",
}
# The page loads only its own files; inline script is refused, so injected markup cannot run.
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
DEFAULT_QUERY = (
    prologue("rg", "dcterms")
    + """SELECT ?cooperation ?title WHERE {
  ?cooperation a rg:Cooperation ; dcterms:title ?title .
}
ORDER BY ?title
LIMIT 25
"""
)
_PAGE = Template((Path(__file__).with_name("templates") / "query.html").read_text(encoding="utf-8"))

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class _Asset:
    body: bytes
    media_type: str
    version: str


@lru_cache(maxsize=1)
def _assets() -> dict[str, _Asset]:
    """The servable files: only ``.js`` and ``.css`` directly in the static folder, read once."""
    out = {}
    for path in sorted(STATIC_DIR.iterdir()):
        if path.is_file() and path.suffix in _MEDIA_TYPES:
            body = path.read_bytes()
            out[path.name] = _Asset(body, _MEDIA_TYPES[path.suffix], hashlib.sha256(body).hexdigest()[:16])
    return out


@router.get("/static/{name}")
def static_file(name: str, request: Request) -> Response:
    """One asset; versioned URLs (``?v=<hash>``) are cached for a year, others revalidate by ETag."""
    asset = _assets().get(name)
    if asset is None:
        return problem(404, "not-found", "Not found", "no such static file")
    cache = "public, max-age=31536000, immutable" if request.query_params.get("v") == asset.version else "no-cache"
    return conditional(
        request,
        asset.body,
        media_type=asset.media_type,
        etag=f'"{asset.version}"',
        headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"},
    )


def wants_html(accept: str | None) -> bool:
    """Whether ``Accept`` prefers HTML to every explicit other type: browsers do, curl and SPARQL clients do not.

    The ``/sparql`` GET handler serves :func:`render_query_page` when this holds and no ``format`` is given.

    Args:
        accept: the request's Accept header.
    """
    html = other = 0.0
    for media, q in parse_accept(accept or ""):
        if media in ("text/html", "application/xhtml+xml"):
            html = max(html, q)
        elif "*" not in media:
            other = max(other, q)
    return html > 0 and html >= other


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _script_json(data: object) -> str:
    # Inside <script> only "</script" and "<!--" matter; escaping every <, > and & rules out both.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset_url(root: str, name: str) -> str:
    return f"{root}/static/{name}?v={_assets()[name].version}"


def _prefix_buttons() -> str:
    return "".join(
        f'<button type="button" class="prefix" data-prefix="{_attr(p)}" data-iri="{_attr(iri)}" '
        f'title="PREFIX {_attr(p)}: &lt;{_attr(iri)}&gt;">{escape(p)}</button>'
        for p, iri in PREFIXES.items()
    )


def _format_options(selected: str) -> str:
    # The empty value is the HTML table; without script the form still works, the server negotiates.
    options = [("", "Table")] + [(f.name, _LABELS.get(f.name, f.name)) for f in (*RESULT_FORMATS, *GRAPH_FORMATS)]
    return "".join(
        f'<option value="{_attr(v)}"{" selected" if v == selected else ""}>{escape(label)}</option>'
        for v, label in options
    )


def _example_html(example: Example, endpoint: str, values: dict[str, str] | None) -> str:
    params = "".join(
        f"<label>{escape(p.name)} <small>{escape(p.type)}</small>"
        f'<input name="param.{_attr(p.name)}" value="{_attr((values or {}).get(p.name, p.default or ""))}" '
        f'placeholder="{_attr(p.default or "")}"></label><p class="doc">{escape(p.description)}</p>'
        for p in example.parameters
    )
    return (
        f"<li><details{' open' if values is not None else ''}><summary>{escape(example.title)}</summary>"
        f"<p>{escape(example.description)}</p>"
        f'<form method="get" action="{_attr(endpoint)}" class="example">'
        f'<input type="hidden" name="example" value="{_attr(example.name)}">{params}'
        f'<div class="example-actions"><button type="submit">Run</button> '
        f'<button type="button" class="load" data-example="{_attr(example.name)}">Edit</button></div>'
        f"</form></details></li>"
    )


@dataclass(frozen=True, slots=True)
class _Start:
    """What the editor starts with: query text, whether to run it, and a problem to show."""

    query: str
    autorun: bool
    notice: str | None = None
    example: str | None = None
    values: dict[str, str] | None = None


def _start(request: Request, instance: Instance) -> _Start:
    params = request.query_params
    if params.get("query"):
        return _Start(params["query"], autorun=True)
    name = params.get("example")
    if not name:
        return _Start(DEFAULT_QUERY, autorun=False)
    values = {k.removeprefix("param."): v for k, v in params.items() if k.startswith("param.") and v.strip()}
    try:
        return _Start(bind_example(instance, name, values), autorun=True, example=name, values=values)
    except QueryError as exc:
        known = {e.name: e.text for e in examples(instance)}
        return _Start(known.get(name, DEFAULT_QUERY), autorun=False, notice=str(exc), example=name, values=values)


def render_query_page(request: Request, instance: Instance) -> HTMLResponse:
    """The query page, for a browser's ``GET /sparql`` without ``format`` (see :func:`wants_html`).

    ``?query=`` prefills the editor and runs it; ``?example=NAME&param.P=V`` binds named query NAME
    on the server and runs it. Every value put into the page is escaped.

    Args:
        request: the browser's request to the endpoint.
        instance: the named queries, and the binder for their parameters.
    """
    root = request.scope.get("root_path", "").rstrip("/")
    endpoint = f"{root}/sparql"
    start = _start(request, instance)
    items = examples(instance)
    notice = (
        (
            f'<div class="error" role="alert"><strong>Cannot run the named query</strong>'
            f"<pre>{escape(start.notice)}</pre></div>"
        )
        if start.notice
        else ""
    )
    data = {
        "endpoint": endpoint,
        "autorun": start.autorun,
        "prefixes": PREFIXES,
        "examples": {e.name: e.text for e in items},
    }
    body = _PAGE.substitute(
        css=_attr(_asset_url(root, "query.css")),
        js=_attr(_asset_url(root, "query.js")),
        endpoint=_attr(endpoint),
        void=_attr(f"{root}/.well-known/void"),
        query=escape(start.query),
        prefix_buttons=_prefix_buttons(),
        format_options=_format_options(request.query_params.get("format", "")),
        notice=notice,
        data=_script_json(data),
        examples="".join(_example_html(e, endpoint, start.values if e.name == start.example else None) for e in items),
    )
    headers = {
        "Content-Security-Policy": _CSP,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-cache",
        "Referrer-Policy": "same-origin",
        "Vary": "Accept",
    }
    return HTMLResponse(body, headers=headers)
