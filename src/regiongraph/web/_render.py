"""Jinja2 rendering of the pages: one environment, autoescaped; the helpers every template gets; the headers.

Templates receive plain view models. ``url()`` builds every link from a path and its parameters,
adding ``lang=`` when the request chose its language in the URL, so a view's state is its link.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from ..citation import citation
from ..namespaces import CODE
from ._assets import asset_url
from ._i18n import Language, choose

# Only the server's own files; no inline script; inline SVG presentation attributes are not CSS, so no inline style.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("regiongraph.web", "templates"),
    autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)  # no stat() per page
_ENV.globals["codes"] = str(CODE)  # code-list concepts have their sheets at /code/…
Params = Mapping[str, Any] | Iterable[tuple[str, Any]]


def language(request: Request) -> Language:
    """The request's language (cached on the request)."""
    found = getattr(request.state, "language", None)
    if found is None:
        found = choose(request.query_params, request.headers.get("accept-language"))
        request.state.language = found
    return found


def url_for(lang: Language, path: str, params: Params = ()) -> str:
    """``path`` with ``params`` (lists repeat a name; empty values are left out), plus ``lang`` if explicit."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items() if isinstance(params, Mapping) else params:
        for v in value if isinstance(value, list | tuple) else [value]:
            if v is not None and v != "":
                pairs.append((key, str(v)))
    if lang.explicit and not any(k == "lang" for k, _ in pairs):
        pairs.append(("lang", lang.code))
    return f"{path}?{urlencode(pairs)}" if pairs else path


def _number(value: float | None, lang: Language, digits: int = 0) -> str:
    """A number as the language writes it: 43.023 and 12,5 in German, 43,023 and 12.5 in English."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".") if lang.code == "de" else text


def render_fragment(request: Request, template: str, **context: Any) -> Markup:
    """A part of a page (no layout): the language's helpers and the base IRI, nothing of the URL.

    Pure in the language, the store's snapshot and ``context``, so it may be kept for every URL that
    shows the same view (a drawing of hundreds of nodes is most of its page's time).
    """
    lang = language(request)
    return Markup(
        _ENV.get_template(template).render(
            lang=lang,
            t=lang.t,
            number=lambda v, digits=0: _number(v, lang, digits),
            base=request.app.state.settings.base_iri,
            **context,
        )
    )


#: Stands for a part of a kept frame that each request fills with its own text (see :func:`frame`).
_MARK = "\x1erg-hole-{}\x1e"


def switch_url(request: Request) -> str:
    """The same page in the other language: the request's path and query, ``lang`` flipped."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return url_for(Language(language(request).other, True), request.url.path, query)


def frame(request: Request, template: str, *, holes: tuple[str, ...] = (), title: str, **context: Any) -> str:
    """:func:`render_body` with the language switch's URL, and each context value named in ``holes``, left as marks.

    What remains is pure in the request's path, host, language and the store's snapshot, so one frame is kept
    for every URL of the same view (URLs that differ in a parameter no route reads); :func:`fill` puts in a
    request's own text, escaped as the template would have escaped it.
    """
    marks = {name: _MARK.format(name) for name in ("switch", *holes)}
    return render_body(request, template, title=title, **{**context, **marks})


def fill(request: Request, kept: str, **holes: str) -> str:
    """The page of this request from its kept ``frame``: the switch URL and ``holes`` written in."""
    text = kept.replace(_MARK.format("switch"), str(escape(switch_url(request))))
    for name, value in holes.items():
        text = text.replace(_MARK.format(name), str(escape(value)))
    return text


def render_body(request: Request, template: str, *, title: str, **context: Any) -> str:
    """The HTML of ``template`` with ``context``; ``title`` goes into ``<title>`` and the main heading.

    Pure in the request's URL, language and the store's snapshot, so a body may be kept per snapshot.
    """
    lang = language(request)
    settings = request.app.state.settings
    web = request.app.state.web
    as_of = context.pop("as_of", None) or web.data_date() or date.today().isoformat()
    cited = context.pop("cite_iri", None) or str(request.base_url).rstrip("/") + request.url.path
    switch = context.pop("switch", None) or switch_url(request)
    context.setdefault("base", settings.base_iri)
    return _ENV.get_template(template).render(
        request_path=request.url.path,
        title=title,
        lang=lang,
        t=lang.t,
        url=lambda path, params=(): url_for(lang, path, params),
        asset=asset_url,
        number=lambda v, digits=0: _number(v, lang, digits),
        switch=switch,
        cite=citation(settings, iri=cited, as_of=as_of),
        as_of=as_of,
        **context,
    )


def respond(request: Request, body: str, status: int = 200) -> HTMLResponse:
    """``body`` as the page's response, with its security and language headers."""
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Content-Language": language(request).code,
        "Vary": "Accept, Accept-Language",
    }
    return HTMLResponse(body, status_code=status, headers=headers)


def render(request: Request, template: str, *, title: str, status: int = 200, **context: Any) -> HTMLResponse:
    """The page ``template`` rendered and answered (small pages; larger ones go through :func:`render_body`)."""
    return respond(request, render_body(request, template, title=title, **context), status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A page saying what went wrong (a bad filter value, an unknown source, a busy server), never a trace."""
    lang = language(request)
    title = {400: lang.t("error.400"), 404: lang.t("error.404"), 503: lang.t("error.503")}.get(
        status, lang.t("error.other")
    )
    response = render(request, "error.html", title=title, status=status, message=message)
    if status == 503:
        response.headers["Retry-After"] = "1"
    return response
