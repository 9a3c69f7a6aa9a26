"""The research views: the Ruhr comparison matrix, the transfer finder, funding programmes, cooperations over time.

Each reads what the API already offers — the named queries ``ruhr-comparison-matrix`` and
``funding-programmes``, :mod:`regiongraph.transfer`, :func:`regiongraph.network.timeline` — so the
page, its CSV/JSON links and the API always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from ..namespaces import sparql_prologue
from ..network import Filters, read_register, timeline
from ..queries import NamedQuery, load_queries
from ..transfer import find_adopters, find_holders
from ._state import WebState

ASPECTS = ("guideline", "field")
_SOLUTIONS = (
    sparql_prologue()
    + """SELECT ?s ?id (SAMPLE(?l) AS ?label) (SAMPLE(?k) AS ?kind) WHERE {
  VALUES ?k { rg:Solution schema:Project dcat:Catalog org:OrganizationalUnit }
  ?s a ?k ; dcterms:identifier ?id ; rdfs:label ?l . FILTER NOT EXISTS { ?newer prov:wasRevisionOf ?s } }
  GROUP BY ?s ?id ORDER BY ?label"""
)


@lru_cache(maxsize=4)
def _queries(folder: Path) -> dict[str, NamedQuery]:
    return load_queries(folder)


def named_rows(web: WebState, name: str) -> list[dict[str, str | None]]:
    """The rows of a named query without parameters (as ``/api/v1/queries/<name>`` gives them)."""
    query = _queries(web.settings.resource("queries"))[name]
    result = web.store.select(query.text, substitutions=web.rest.binder.bind(query, {}) or None)
    columns = [v.value for v in result.variables]
    return [{c: (row[c].value if row[c] is not None else None) for c in columns} for row in result]


@dataclass
class Matrix:
    cities: list[tuple[str, str]]  # (key, label)
    columns: dict[str, list[tuple[str, str]]]  # aspect → [(notation, label)]
    cells: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def matrix(web: WebState) -> Matrix:
    """Cities × guidelines and fields of action; each cell with its statements and projects."""
    rows = web.kept("matrix", lambda: named_rows(web, "ruhr-comparison-matrix"))
    cities = sorted({(r["cityKey"] or r["city"] or "", r["city"] or "") for r in rows}, key=lambda c: c[1])
    columns: dict[str, list[tuple[str, str]]] = {a: [] for a in ASPECTS}
    for aspect in ASPECTS:
        columns[aspect] = sorted(
            {(r["notation"] or "", r["label"] or "") for r in rows if r["aspect"] == aspect}, key=lambda c: c[1]
        )
    out = Matrix(cities, columns)
    for r in rows:
        out.cells[(r["cityKey"] or r["city"] or "", r["notation"] or "")] = {
            "count": int(r["statements"] or 0),
            "ids": _split(r["ids"], ", "),
            "locators": r["locators"],
            "projects": _split(r["projects"], ", "),
            "city": r["city"],
            "label": r["label"],
            "aspect": r["aspect"],
        }
    return out


def _split(text: str | None, sep: str) -> list[str]:
    return sorted(p for p in (text or "").split(sep) if p)


def solutions(web: WebState) -> list[dict[str, str]]:
    """Solutions, projects, portals and offices to pick in the transfer finder."""

    def make() -> list[dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        for row in web.store.select(_SOLUTIONS):
            found.setdefault(
                row["id"].value,
                {
                    "id": row["id"].value,
                    "label": row["label"].value,
                    "kind": row["kind"].value.rsplit("/", 1)[-1].rsplit("#", 1)[-1],
                },
            )
        return sorted(found.values(), key=lambda s: s["label"].lower())

    return web.kept("solutions", make)


def transfer(
    web: WebState, *, solution: str | None, field_: str | None, dimension: str | None, radius_km: float
) -> dict | None:
    """The transfer finder's answer for the page's question (``None`` before a question is asked)."""
    if solution:
        return web.kept(
            ("transfer", solution, radius_km),
            lambda: find_adopters(web.store, solution, radius_km=radius_km, limit=30, register=web.network().register),
        )
    if field_ or dimension:
        return web.kept(
            ("holders", field_, dimension),
            lambda: find_holders(
                web.store, field=field_ or None, dimension=dimension or None, register=web.network().register
            ),
        )
    return None


def programmes(web: WebState) -> list[dict[str, Any]]:
    """Every funding programme with its funders, period and projects (the named query ``funding-programmes``)."""
    rows = web.kept("programmes", lambda: named_rows(web, "funding-programmes"))
    out = []
    for r in rows:
        ids, names = _split_keep(r["projects"]), _split_keep(r["projectNames"], "; ")
        out.append(
            {
                **r,
                "project_list": list(zip(ids, names + [""] * (len(ids) - len(names)), strict=False)),
                "funder_list": _split(r["funders"], "; "),
            }
        )
    return out


def _split_keep(text: str | None, sep: str = ", ") -> list[str]:
    return [p for p in (text or "").split(sep) if p]


@dataclass
class Chart:
    years: list[dict[str, int]]
    width: int
    height: int
    bars: list[dict[str, float]]
    line: str
    ticks: list[dict[str, float]]
    max_active: int
    max_started: int


def over_time(web: WebState, filters: Filters, *, width: int = 880, height: int = 320) -> Chart:
    """Cooperations started per year (bars) and active per year (line), as SVG coordinates."""
    years = web.kept(("timeline", filters), lambda: timeline(read_register(web.store, filters).records.values()))
    rows = cast("list[dict[str, int]]", years["years"])  # timeline's JSON-shaped body: dict[str, object]
    left, bottom, top = 48, 28, 12
    plot_w, plot_h = width - left - 12, height - bottom - top
    most_active = max((y["active"] for y in rows), default=1) or 1
    most_started = max((y["started"] for y in rows), default=1) or 1
    step = plot_w / max(len(rows), 1)
    bars, points = [], []
    for i, y in enumerate(rows):
        x = left + i * step
        h = plot_h * y["started"] / most_active
        bars.append(
            {
                "x": round(x + step * 0.15, 1),
                "y": round(top + plot_h - h, 1),
                "w": round(step * 0.7, 1),
                "h": round(h, 1),
                "year": y["year"],
                "started": y["started"],
            }
        )
        points.append(f"{x + step / 2:.1f},{top + plot_h - plot_h * y['active'] / most_active:.1f}")
    ticks = [
        {"x": round(left + i * step + step / 2, 1), "year": y["year"]}
        for i, y in enumerate(rows)
        if y["year"] % 10 == 0
    ]
    return Chart(rows, width, height, bars, " ".join(points), ticks, most_active, most_started)


def _german_reason(name: str, value: dict[str, Any], codes: dict[str, str]) -> str | None:
    """The reason of one transfer factor in German, from its values (the finder writes them in English)."""

    def listed(key: str) -> str:
        return ", ".join(codes.get(v, v) for v in value.get(key) or [])

    if name == "network":
        return (
            f"teilt {value['count']} Vorhaben mit den Trägern: {listed('shared_records')}"
            if value.get("count")
            else "teilt kein Vorhaben mit den Trägern"
        )
    if name in ("dimension", "field"):
        if value.get("records"):
            return f"bereits aktiv in {listed('wanted')}: {listed('records')}"
        return f"noch nicht aktiv in {listed('wanted')}"
    if name == "size" and value.get("population"):
        pop, own = (f"{n:,}".replace(",", ".") for n in (value["population"], value.get("owner_population") or 0))
        ratio = f"{value.get('ratio') or 0:.2f}".replace(".", ",")
        return f"{pop} Einwohner, {value.get('owner')} {own}: Verhältnis {ratio}"
    if name == "distance" and value.get("km") is not None:
        return f"{str(value['km']).replace('.', ',')} km von {value.get('to')}"
    return None


_ROLES_DE = {
    "lead": "federführend",
    "performer": "durchführend",
    "member": "beteiligt",
    "associate": "assoziiert",
    "operator": "Betreiber",
}


def _german_via(via: str) -> str:
    """How an owner owns the record, in German: "part of X" or its roles."""
    if via.startswith("part of "):
        return "Teil von " + via.removeprefix("part of ")
    return ", ".join(_ROLES_DE.get(r.strip(), r.strip()) for r in via.split(","))


def explain(answer: dict | None, lang: str, codes: dict[str, str]) -> None:
    """Give every factor of the transfer answer a ``shown`` reason, and every owner its ``shown_via``, in the
    page's language."""
    for owner in (answer or {}).get("owners", []):
        owner["shown_via"] = _german_via(owner.get("via") or "") if lang == "de" else owner.get("via")
    for candidate in (answer or {}).get("candidates", []):
        for factor in candidate["factors"]:
            german = _german_reason(factor["name"], factor.get("value") or {}, codes) if lang == "de" else None
            factor["shown"] = german or factor.get("reason", "")
