"""``/id/…``: every entity IRI under the base IRI dereferences here, with content negotiation.

Choice: the IRI answers **200 directly** (no 303): the representation is negotiated by
``Accept`` (HTML, Turtle, N-Triples, JSON-LD, RDF/XML) and carries ``Vary: Accept``,
``Content-Location`` and ``Link: …; rel="alternate"`` to each format; a suffix (``.ttl``,
``.nt``, ``.jsonld``, ``.rdf``, ``.html``) asks for one format. The description is the
entity's statements from the union of all named graphs, plus those of its dependent
resources (IRIs below its own, such as memberships). Unknown entities are a 404 problem.
"""

from __future__ import annotations

from html import escape

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..namespaces import PREFIXES, sparql_prologue
from ..sparql.formats import GRAPH_FORMATS, Format, negotiate
from ._cache import cached
from ._problem import problem
from ._runner import RETRY_AFTER, UnavailableError, run
from .page import wants_html
from .rest._bind import values

router = APIRouter(tags=["Linked Data"])
SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".rdf": "rdfxml", ".html": "html"}
_DESCRIBE = sparql_prologue() + """CONSTRUCT { ?s ?p ?o . ?x ?q ?y } WHERE {
  { ?s ?p ?o } UNION { ?s ?r ?x . FILTER(isIRI(?x) && STRSTARTS(STR(?x), CONCAT(STR(?s), "/"))) ?x ?q ?y }
}"""
_LABELS = sparql_prologue() + "SELECT ?x ?l WHERE { %s ?x rdfs:label|skos:prefLabel|dcterms:title|schema:name ?l }"
_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'"
_STYLE = ("body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}"
          "table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #ddd;padding:.3em .5em;"
          "vertical-align:top;text-align:left}th{width:28%;font-weight:600}small{color:#666}code{font-size:90%}")


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


@router.get("/id/{path:path}", summary="Dereference an entity IRI (HTML, Turtle, N-Triples, JSON-LD, RDF/XML)",
            response_class=Response)
async def entity(path: str, request: Request) -> Response:
    settings = request.app.state.settings
    raw = request.scope.get("raw_path", b"").decode("latin-1").split("?", 1)[0]
    path = raw[len("/id/"):] if raw.startswith("/id/") else path
    try:
        nt_check = ox.NamedNode(settings.base_iri + path)
    except ValueError:
        return problem(404, "not-found", "Not found", "not an entity IRI")
    accept = request.headers.get("accept")
    chosen = negotiate(accept, None, GRAPH_FORMATS)
    choice = "html" if wants_html(accept) else (chosen.name if chosen is not None else None)
    try:
        return await cached(request, lambda: _page(request, path, nt_check.value), key=choice)
    except UnavailableError as exc:
        return problem(503, exc.kind, "Unavailable", exc.detail, headers=RETRY_AFTER)


async def _page(request: Request, path: str, iri_asked: str) -> Response:
    settings = request.app.state.settings
    try:
        found = await run(request, _target, request.app.state.store, settings.base_iri, path)
    except UnavailableError as exc:
        return problem(503, exc.kind, "Unavailable", exc.detail, headers=RETRY_AFTER)
    if found is None:
        return problem(404, "not-found", "Not found", f"no entity {iri_asked}")
    iri, forced, triples = found
    local = "/id/" + iri[len(settings.base_iri):]
    headers = {"Vary": "Accept", "Link": ", ".join(
        f'<{local}{s}>; rel="alternate"; type="{_media(f)}"' for s, f in SUFFIXES.items() if f != "html")}
    accept = request.headers.get("accept")
    if forced == "html" or (forced is None and wants_html(accept)):
        try:
            names = await run(request, labels, request.app.state.store, _terms(triples))
        except UnavailableError as exc:
            return problem(503, exc.kind, "Unavailable", exc.detail, headers=RETRY_AFTER)
        body = render(iri, triples, names, settings.base_iri, local)
        return HTMLResponse(body, headers={**headers, "Content-Security-Policy": _CSP})
    chosen = negotiate(None, forced, GRAPH_FORMATS) if forced else negotiate(accept, None, GRAPH_FORMATS)
    if chosen is None:
        return problem(406, "not-acceptable", "Not acceptable",
                       "offered: text/html, " + ", ".join(f.media_type for f in GRAPH_FORMATS))
    return _rdf(triples, chosen, headers)


def _media(fmt: str) -> str:
    return next(f.media_type for f in GRAPH_FORMATS if f.name == fmt)


def _rdf(triples: list[ox.Triple], chosen: Format, headers: dict[str, str]) -> Response:
    prefixes = PREFIXES if chosen.name in ("turtle", "rdfxml") else None
    kwargs = {"prefixes": prefixes} if prefixes else {}
    body = ox.serialize(triples, format=chosen.rdf, **kwargs) or b""
    return Response(body, media_type=chosen.media_type, headers=headers)


def _terms(triples: list[ox.Triple]) -> set[str]:
    out = set()
    for t in triples:
        out.add(t.predicate.value)
        if isinstance(t.object, ox.NamedNode):
            out.add(t.object.value)
    return out


def _link(term, names: dict[str, str], base: str) -> str:
    if isinstance(term, ox.Literal):
        lang = f' <small>@{escape(term.language)}</small>' if term.language else ""
        return escape(term.value) + lang
    href = "/id/" + term.value[len(base):] if term.value.startswith(base) else term.value
    text = names.get(term.value)
    shown = f"{escape(text)} <small><code>{escape(term.value)}</code></small>" if text else escape(term.value)
    return f'<a href="{escape(href, quote=True)}">{shown}</a>'


def render(iri: str, triples: list[ox.Triple], names: dict[str, str], base: str, local: str) -> str:
    """The HTML page: one table per subject (the entity first), labels German first, links as links."""
    subjects = sorted({t.subject.value for t in triples}, key=lambda s: (s != iri, s))
    title = escape(names.get(iri) or _first_label(triples, iri) or iri)
    alternates = "".join(f'<link rel="alternate" type="{_media(f)}" href="{escape(local + s, quote=True)}">'
                         for s, f in SUFFIXES.items() if f != "html")
    formats = " · ".join(f'<a href="{escape(local + s, quote=True)}">{f}</a>' for s, f in SUFFIXES.items()
                         if f != "html")
    parts = [f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{title}</title>{alternates}'
             f"<style>{_STYLE}</style></head><body><h1>{title}</h1><p><code>{escape(iri)}</code></p>"
             f"<p>Formate / formats: {formats}</p>"]
    for subject in subjects:
        rows = sorted((t for t in triples if t.subject.value == subject),
                      key=lambda t: (names.get(t.predicate.value, t.predicate.value), str(t.object)))
        if subject != iri:
            parts.append(f"<h2>{_link(ox.NamedNode(subject), names, base)}</h2>")
        parts.append("<table>")
        for t in rows:
            prop = names.get(t.predicate.value)
            label = f"{escape(prop)} <small><code>{escape(_curie(t.predicate.value))}</code></small>" if prop \
                else f"<code>{escape(_curie(t.predicate.value))}</code>"
            parts.append(f"<tr><th>{label}</th><td>{_link(t.object, names, base)}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _first_label(triples: list[ox.Triple], iri: str) -> str | None:
    for t in triples:
        if t.subject.value == iri and isinstance(t.object, ox.Literal) and t.predicate.value.endswith(
                ("#label", "/title", "#prefLabel", "/name")):
            return t.object.value
    return None
