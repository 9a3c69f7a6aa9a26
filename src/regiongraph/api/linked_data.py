"""``/id/…``: every entity IRI under the base IRI dereferences here, with content negotiation.

Choice: the IRI answers **200 directly** (no 303): the representation is negotiated by
``Accept`` (HTML, Turtle, N-Triples, JSON-LD, RDF/XML) and carries ``Vary: Accept``,
``Content-Location`` and ``Link: …; rel="alternate"`` to each format; a suffix (``.ttl``,
``.nt``, ``.jsonld``, ``.rdf``, ``.html``) asks for one format. The description is the
entity's statements from the union of all named graphs, plus those of its dependent
resources (IRIs below its own, such as memberships). Unknown entities are a 404 problem. The HTML
representation is the web front's fact sheet (:func:`regiongraph.web.fact_sheet`).
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..namespaces import PREFIXES, sparql_prologue
from ..sparql.formats import GRAPH_FORMATS, Format, negotiate
from ._cache import cached
from ._problem import problem
from ._runner import run
from .page import wants_html
from .rest import values

router = APIRouter(tags=["Linked Data"])
SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".rdf": "rdfxml", ".html": "html"}
_DESCRIBE = (
    sparql_prologue()
    + """CONSTRUCT { ?s ?p ?o . ?x ?q ?y } WHERE {
  { ?s ?p ?o } UNION { ?s ?r ?x . FILTER(isIRI(?x) && STRSTARTS(STR(?x), CONCAT(STR(?s), "/"))) ?x ?q ?y }
}"""
)
_LABELS = sparql_prologue() + "SELECT ?x ?l WHERE { %s ?x rdfs:label|skos:prefLabel|dcterms:title|schema:name ?l }"


def describe(store, iri: str) -> list[ox.Triple]:
    """The entity's triples (and its dependent resources'), from the union graph."""
    return list(store.query(_DESCRIBE, substitutions={"s": ox.NamedNode(iri)}))


def labels(store, terms: set[str]) -> dict[str, str]:
    """German-first labels of ``terms`` (properties, objects), from ontology, code lists and data."""
    if not terms:
        return {}
    block = values("x", (ox.NamedNode(t) for t in sorted(terms)))
    rank = {"de": 0, "": 1, "en": 2}
    best: dict[str, tuple[int, str]] = {}
    for row in store.query(_LABELS % block):
        lang = row["l"].language or ""
        score = (rank.get(lang, 3), row["l"].value)
        if row["x"].value not in best or score < best[row["x"].value]:
            best[row["x"].value] = score
    return {k: v[1] for k, v in best.items()}


def _target(store, base: str, path: str) -> tuple[str, str | None, list[ox.Triple]] | None:
    """The IRI meant by ``path``, a format forced by its suffix, and its description."""
    triples = describe(store, base + path)
    if triples:
        return base + path, None, triples
    for suffix, fmt in SUFFIXES.items():
        if path.endswith(suffix):
            triples = describe(store, base + path[: -len(suffix)])
            if triples:
                return base + path[: -len(suffix)], fmt, triples
    return None


@router.get(
    "/id/{path:path}",
    summary="Dereference an entity IRI (HTML, Turtle, N-Triples, JSON-LD, RDF/XML)",
    response_class=Response,
)
async def entity(path: str, request: Request) -> Response:
    settings = request.app.state.settings
    raw = request.scope.get("raw_path", b"").decode("latin-1").split("?", 1)[0]
    path = raw[len("/id/") :] if raw.startswith("/id/") else path
    try:
        nt_check = ox.NamedNode(settings.base_iri + path)
    except ValueError:
        return problem(404, "not-found", "Not found", "not an entity IRI")
    accept = request.headers.get("accept")
    chosen = negotiate(accept, None, GRAPH_FORMATS)
    choice = "html" if wants_html(accept) else (chosen.name if chosen is not None else None)
    # the HTML fact sheet is written in the language Accept-Language asks for (unless the URL's lang= decides)
    key = (choice, request.headers.get("accept-language")) if choice == "html" or path.endswith(".html") else choice
    return await cached(request, lambda: _page(request, path, nt_check.value), key=key)


async def _page(request: Request, path: str, iri_asked: str) -> Response:
    settings = request.app.state.settings
    found = await run(request, _target, request.app.state.store, settings.base_iri, path)  # busy: the table's 503
    if found is None:
        return problem(404, "not-found", "Not found", f"no entity {iri_asked}")
    iri, forced, triples = found
    local = "/id/" + iri[len(settings.base_iri) :]
    headers = {
        "Vary": "Accept",
        "Link": ", ".join(
            f'<{local}{s}>; rel="alternate"; type="{_media(f)}"' for s, f in SUFFIXES.items() if f != "html"
        ),
    }
    accept = request.headers.get("accept")
    render = getattr(request.app.state, "fact_sheet", None)  # the web front's, when it is installed
    if render is not None and (forced == "html" or (forced is None and wants_html(accept))):
        page = await render(request, iri, triples, local)
        page.headers.update(headers)
        page.headers["Vary"] = "Accept, Accept-Language"
        return page
    chosen = negotiate(None, forced, GRAPH_FORMATS) if forced else negotiate(accept, None, GRAPH_FORMATS)
    if chosen is None:
        return problem(
            406,
            "not-acceptable",
            "Not acceptable",
            "offered: text/html, " + ", ".join(f.media_type for f in GRAPH_FORMATS),
        )
    return _rdf(triples, chosen, headers)


def _media(fmt: str) -> str:
    return next(f.media_type for f in GRAPH_FORMATS if f.name == fmt)


def _rdf(triples: list[ox.Triple], chosen: Format, headers: dict[str, str]) -> Response:
    prefixes = PREFIXES if chosen.name in ("turtle", "rdfxml") else None
    body = ox.serialize(triples, format=chosen.rdf, prefixes=prefixes) or b""
    return Response(body, media_type=chosen.media_type, headers=headers)
