"""``/dumps/``: the dated dumps listed (JSON, HTML, or the DCAT/VoID description by negotiation) and served
with validators and byte ranges.

Only names the listing holds are served — ``regiongraph-YYYY-MM-DD`` (that dump's description),
``….nq.gz`` and ``….nq.gz.sha256`` — so no path, encoded or not, reaches anything else. Downloads
per worker are capped (``MAX_DOWNLOADS``; more get 503 with ``Retry-After``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response
from rdflib import Graph

from ..citation import citation
from ..config import Settings
from ..dumps import (
    Dump,
    describe_dump,
    describe_series,
    dump_iri,
    file_url,
    list_dumps,
    listing_url,
    publisher_name,
    series_iri,
)
from ..errors import StoreError
from ..sparql.formats import GRAPH_FORMATS, negotiate, parse_accept
from ._conditional import conditional, etag_of
from ._problem import problem
from ._ranges import Served, file_response
from .describe import serialise
from .page import wants_html

router = APIRouter(tags=["Dumps"])
#: Downloads one worker streams at once.
MAX_DOWNLOADS = 16
_MEDIA = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    **{f.name: f.media_type for f in GRAPH_FORMATS},
}
FormatParam = Annotated[str | None, Query(alias="format", description="json, html, turtle, jsonld, ntriples, rdfxml")]
AcceptHeader = Annotated[str | None, Header()]


class _Slots:
    """A count of running downloads, capped."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used, self._lock = limit, 0, threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self.used >= self.limit:
                return False
            self.used += 1
            return True

    def give(self) -> None:
        with self._lock:
            self.used -= 1


_slots = _Slots(MAX_DOWNLOADS)


def choose(accept: str | None, fmt: str | None) -> str | None:
    """``json``, ``html`` or an RDF format name, by the ``format`` parameter, else by ``Accept``; ``None``: 406."""
    if fmt:
        if fmt.strip().lower() in ("json", "html"):
            return fmt.strip().lower()
        chosen = negotiate(None, fmt, GRAPH_FORMATS)
        return chosen.name if chosen else None
    if wants_html(accept):
        return "html"
    for media, q in parse_accept(accept or "*/*"):
        if q <= 0:
            continue
        if media in ("application/json", "*/*", "application/*"):
            return "json"
        chosen = negotiate(media, None, GRAPH_FORMATS)
        if chosen:
            return chosen.name
    return None


def _publisher(request: Request) -> str | None:
    try:
        return publisher_name(request.app.state.store, request.app.state.settings)
    except StoreError:
        return None  # described without the name rather than not at all


def _root(request: Request) -> str:
    return str(request.base_url)


def entry(settings: Settings, dump: Dump, root: str) -> dict[str, Any]:
    """One dump in the JSON listing."""
    cite = citation(settings, iri=dump_iri(root, dump), as_of=dump.date)
    return {
        "name": dump.name,
        "date": dump.date,
        "iri": dump_iri(root, dump),
        "url": file_url(root, dump),
        "sha256_url": file_url(root, dump) + ".sha256",
        "byte_size": dump.byte_size,
        "sha256": dump.sha256,
        "media_type": "application/n-quads",
        "compression": "gzip",
        "quads": dump.quads,
        "triples": dump.triples,
        "entities": dump.entities,
        "graphs": dump.graphs,
        "modified": dump.modified,
        "left_out": dump.left_out,
        "license": settings.catalog_license,
        "citation": {"text": cite.text, "csl": cite.data},
    }


def _html(settings: Settings, dumps: list[Dump], root: str) -> bytes:
    items = []
    for d in dumps:
        cite = citation(settings, iri=dump_iri(root, d), as_of=d.date).text
        items.append(
            f'<li><a href="{escape(d.file)}">{escape(d.file)}</a> ({d.byte_size:,} Bytes, {d.quads:,} Quads) '
            f'· <a href="{escape(d.checksum_file)}">SHA-256</a> <code>{escape(d.sha256)}</code> '
            f'· <a href="{escape(d.name)}">Beschreibung</a><br>Zitieren: {escape(cite)}</li>'
        )
    body = "<ul>\n" + "\n".join(items) + "\n</ul>" if items else "<p>Noch kein Dump geschrieben.</p>"
    return (
        f'<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n<title>RegionGraph – Dumps</title>\n'
        f"</head>\n<body>\n<h1>RegionGraph – datierte Dumps</h1>\n<p>N-Quads (gzip), sortiert und reproduzierbar. "
        f'Beschreibung als <a href="?format=turtle">Turtle</a> oder <a href="?format=jsonld">JSON-LD</a>, '
        f'Liste als <a href="?format=json">JSON</a>.</p>\n{body}\n</body>\n</html>\n'
    ).encode()


def _answer(
    request: Request,
    fmt: str | None,
    *,
    json_body: Callable[[], Any],
    html: Callable[[], bytes],
    graph: Callable[[], Graph],
) -> Response:
    """The answer in ``fmt``, each body built only when it is the one chosen; a 406 for ``None``."""
    if fmt is None:
        offered = ", ".join(["application/json", "text/html", *(f.media_type for f in GRAPH_FORMATS)])
        return problem(406, "not-acceptable", "Not acceptable", f"offered as: {offered}", headers={"Vary": "Accept"})
    if fmt == "json":
        body = json.dumps(json_body(), ensure_ascii=False, indent=2).encode()
    else:
        body = html() if fmt == "html" else serialise(graph(), fmt)
    return conditional(request, body, media_type=_MEDIA[fmt], headers={"Vary": "Accept"})


@router.get("/dumps/", summary="The dated dumps: JSON, HTML, or their DCAT/VoID description (Turtle, JSON-LD, …)")
def listing(request: Request, fmt: FormatParam = None, accept: AcceptHeader = None) -> Response:
    settings, root = request.app.state.settings, _root(request)
    dumps = list_dumps(settings.dumps_location)
    listing_body = {
        "series": series_iri(root),
        "url": listing_url(root),
        "latest": dumps[0].name if dumps else None,
        "dumps": [entry(settings, d, root) for d in dumps],
    }
    return _answer(
        request,
        choose(accept, fmt),
        json_body=lambda: listing_body,
        html=lambda: _html(settings, dumps, root),
        graph=lambda: describe_series(settings, dumps, root=root, publisher=_publisher(request)),
    )


@router.get("/dumps/{name}", summary="One dump: its file (Range, ETag), its .sha256, or its description")
async def dump_file(request: Request, name: str, fmt: FormatParam = None, accept: AcceptHeader = None) -> Response:
    settings, root = request.app.state.settings, _root(request)
    dumps = list_dumps(settings.dumps_location)
    by_file = {d.file: d for d in dumps}
    if name in by_file:
        return _download(request, settings, by_file[name])
    by_checksum = {d.checksum_file: d for d in dumps}
    if name in by_checksum:
        text = by_checksum[name].checksum_line().encode()
        return conditional(request, text, media_type="text/plain; charset=utf-8", etag=etag_of(text))
    found = next((d for d in dumps if d.name == name), None)
    if found is None:
        return problem(404, "not-found", "No such dump", "the dumps are listed at /dumps/")
    return _answer(
        request,
        choose(accept, fmt),
        json_body=lambda: entry(settings, found, root),
        html=lambda: _html(settings, [found], root),
        graph=lambda: describe_dump(settings, dumps, name, root=root, publisher=_publisher(request)) or Graph(),
    )


def _download(request: Request, settings: Settings, dump: Dump) -> Response:
    path = settings.dumps_location / dump.file
    try:
        st = path.stat()
    except FileNotFoundError:  # removed by retention since the listing was read
        return problem(404, "not-found", "No such dump", "the dumps are listed at /dumps/")
    if not _slots.take():
        return problem(
            503,
            "busy",
            "Too many downloads",
            f"{MAX_DOWNLOADS} downloads are running; try again",
            headers={"Retry-After": "10"},
        )
    served = Served(
        path=path,
        size=st.st_size,
        etag=f'"{dump.sha256}"',
        mtime=st.st_mtime,
        media_type="application/gzip",
        headers={"Content-Disposition": f'attachment; filename="{dump.file}"'},
    )
    return file_response(request, served, done=_slots.give)
