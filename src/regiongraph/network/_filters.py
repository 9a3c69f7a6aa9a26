"""Which register records make up a network: filters checked here, then bound as terms, never pasted.

Within one filter the values are alternatives (``field=verkehr&field=kultur-sport``: either),
different filters must all hold — the way facet checkboxes behave in a list view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import code
from ..queries import NOTATION, XSD_INTEGER

KINDS = ("cooperations", "projects", "both")
TABLES = ("a", "b", "other")
#: Filters whose values are code-list notations, and their code list.
_CODE_LISTS = {
    "fields": "field",
    "dimensions": "smart-city-dimension",
    "legal_forms": "legal-form",
    "statuses": "status",
}
#: The SPARQL variable each code filter tests (bound in the record query of :mod:`._read`).
_TESTED = {"tables": "?table", "legal_forms": "?_legal", "statuses": "?_status"}
_YEARS = ("start_from", "start_to", "active_from", "active_to")
#: Attribute → its name as a request parameter (one value each, repeatable).
PARAMETERS = {
    "tables": "table",
    "fields": "field",
    "dimensions": "dimension",
    "legal_forms": "legal_form",
    "statuses": "status",
}


class FilterError(QueryError):
    """A filter value that cannot be used (answered 400 by the REST layer, exit 2 by the CLI)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What the network is built from.

    Attributes:
        kind: ``cooperations`` (rg:Cooperation), ``projects`` (projects, solutions, portals, offices,
            programmes, strategies) or ``both``; a record of both kinds counts for either.
        tables: source tables ``a``, ``b``; ``other`` is every record outside the two 2016 tables.
        fields, dimensions, legal_forms, statuses: notations of the code lists.
        start_from, start_to: the typed start year lies in this range.
        active_from, active_to: the record was active at some time in this range (see :func:`active_span`).
    """

    kind: str = "both"
    tables: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()
    legal_forms: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    start_from: int | None = None
    start_to: int | None = None
    active_from: int | None = None
    active_to: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise FilterError(f"kind: {self.kind[:40]!r} is not one of {', '.join(KINDS)}")
        for value in self.tables:
            if value not in TABLES:
                raise FilterError(f"table: {value[:40]!r} is not one of {', '.join(TABLES)}")
        for name in _CODE_LISTS:
            for value in getattr(self, name):
                if not NOTATION.fullmatch(value):
                    raise FilterError(
                        f"{PARAMETERS[name]}: {value[:40]!r} is not a notation of the code list {_CODE_LISTS[name]}"
                    )
        for name in _YEARS:
            year = getattr(self, name)
            if year is not None and not 1000 <= year <= 2999:
                raise FilterError(f"{name}: {year} is not a plausible year")
        for low, high in (("start_from", "start_to"), ("active_from", "active_to")):
            a, b = getattr(self, low), getattr(self, high)
            if a is not None and b is not None and a > b:
                raise FilterError(f"{low} ({a}) is after {high} ({b})")

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> Filters:
        """Filters from request-style parameters (singular names, repeatable values: ``field=…``)."""
        values: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            raw = params.get(PARAMETERS.get(f.name, f.name))
            if raw is None or raw == () or raw == []:
                continue
            values[f.name] = tuple(_strings(raw)) if f.name in PARAMETERS else raw
        return cls(**values)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, object]:
        """The filters in force, by parameter name, as :meth:`from_params` takes them (empty ones left out)."""
        out: dict[str, object] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value not in (None, ()):
                out[PARAMETERS.get(f.name, f.name)] = list(value) if isinstance(value, tuple) else value
        return out

    def clauses(self) -> tuple[str, dict[str, ox.NamedNode | ox.Literal]]:
        """SPARQL filter text over the record query's variables, and the terms it binds."""
        text: list[str] = []
        bound: dict[str, ox.NamedNode | ox.Literal] = {}

        def names(prefix: str, terms: Iterable[ox.NamedNode | ox.Literal]) -> str:
            out = []
            for i, term in enumerate(terms):
                bound[f"{prefix}{i}"] = term
                out.append(f"?{prefix}{i}")
            return ", ".join(out)

        if self.tables:
            text.append(f"FILTER(?table IN ({names('f_table', (ox.Literal(t) for t in self.tables))}))")
        for name in ("legal_forms", "statuses"):
            values = getattr(self, name)
            if values:
                listed = names(f"f_{name}", (ox.NamedNode(code(_CODE_LISTS[name], v)) for v in values))
                text.append(f"FILTER({_TESTED[name]} IN ({listed}))")
        for name in ("fields", "dimensions"):
            values = getattr(self, name)
            if values:
                listed = names(f"f_{name}", (ox.NamedNode(code(_CODE_LISTS[name], v)) for v in values))
                text.append(f"FILTER EXISTS {{ ?r org:purpose ?_p_{name} . FILTER(?_p_{name} IN ({listed})) }}")
        for name, op in (("start_from", ">="), ("start_to", "<=")):
            year = getattr(self, name)
            if year is not None:
                bound[f"f_{name}"] = ox.Literal(str(year), datatype=XSD_INTEGER)
                text.append(f"FILTER(BOUND(?start) && ?start {op} ?f_{name})")
        return "\n  ".join(text), bound

    def admits_span(self, span: tuple[int, int] | None) -> bool:
        """Whether a record active over ``span`` (first, last year) passes the ``active_*`` filters."""
        if self.active_from is None and self.active_to is None:
            return True
        if span is None:
            return False
        first, last = span
        return (self.active_to is None or first <= self.active_to) and (
            self.active_from is None or last >= self.active_from
        )


def _strings(raw: object) -> Iterable[str]:
    if isinstance(raw, str):
        yield raw
        return
    for item in raw:  # type: ignore[attr-defined]
        yield str(item)


def active_span(start: int | None, end: int | None, status: str | None, as_of: int | None) -> tuple[int, int] | None:
    """The years a record is known to have been active, or ``None`` when it never was (as far as we know).

    The register describes the state on its source's date, so an open cooperation counts as
    active up to that year (not up to today). One that ended without a printed end counts for its
    start year only; planned and not-realised records were not active; no typed start, no span.
    """
    if start is None or status in ("planned", "not-realised"):
        return None
    if end is not None:
        return start, max(start, end)
    if status == "ended":
        return start, start
    return start, max(start, as_of or start)
