"""Read the register's records, who takes part in them, and what the gazetteer says about those agents.

Three SELECTs (records, participations, agents); the record query carries the filters as
bound terms (:meth:`Filters.clauses`). Published records only: withdrawn ones and earlier
revisions of a record that a later document revises (``prov:wasRevisionOf``) are left out, so a
project described twice is counted once, in its latest state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import CODE, DCAT, ORG, RG, SCHEMA, code, sparql_prologue
from ..store import GraphStore
from ._filters import Filters, active_span

_PROLOGUE = sparql_prologue()
#: rdf:type → the kind of record it makes, most specific first (a record has several types).
RECORD_KINDS = {
    f"{RG}Cooperation": "cooperation",
    f"{SCHEMA}FundingScheme": "programme",
    f"{ORG}OrganizationalUnit": "office",
    f"{RG}Solution": "solution",
    str(DCAT.Catalog): "portal",
    f"{RG}Strategy": "strategy",
    f"{SCHEMA}Project": "project",
}
_PROJECT_TYPES = ", ".join(f"<{t}>" for t in RECORD_KINDS if t != f"{RG}Cooperation")
_RECORD_TYPES = " ".join(f"<{t}>" for t in RECORD_KINDS)
_SELECT_KIND = {
    "cooperations": "?r a rg:Cooperation .",
    "projects": f"?r a ?_k . FILTER(?_k IN ({_PROJECT_TYPES}))",
    "both": f"?r a ?_k . FILTER(?_k IN (rg:Cooperation, {_PROJECT_TYPES}))",
}
_RECORDS = (
    _PROLOGUE
    + """SELECT ?r (SAMPLE(?_id) AS ?id) (SAMPLE(?_title) AS ?title) (SAMPLE(?table) AS ?tbl)
  (SAMPLE(?_status) AS ?status) (SAMPLE(?_legal) AS ?legal) (SAMPLE(?start) AS ?first) (SAMPLE(?_end) AS ?last)
  (SAMPLE(?_asof) AS ?asof) (GROUP_CONCAT(DISTINCT STR(?_purpose); separator=" ") AS ?purposes)
  (GROUP_CONCAT(DISTINCT STR(?_type); separator=" ") AS ?types)
WHERE {
  %(kind)s
  ?_rec foaf:primaryTopic ?r .
  MINUS { ?_w foaf:primaryTopic ?r ; adms:status <%(withdrawn)s> }
  MINUS { ?_newer prov:wasRevisionOf ?r }
  VALUES ?_type { %(types)s } ?r a ?_type .
  OPTIONAL { ?r dcterms:identifier ?_id }
  OPTIONAL { ?r rdfs:label ?_title }
  OPTIONAL { ?r rg:table ?_tbl }
  BIND(COALESCE(STR(?_tbl), "other") AS ?table)
  OPTIONAL { ?r adms:status ?_status }
  OPTIONAL { ?r org:classification ?_legal }
  OPTIONAL { ?r schema:startDate ?_sd }
  BIND(YEAR(?_sd) AS ?start)
  OPTIONAL { ?r schema:endDate ?_ed BIND(YEAR(?_ed) AS ?_end) }
  OPTIONAL { ?r rg:stateAsOf ?_sa BIND(YEAR(?_sa) AS ?_asof) }
  OPTIONAL { ?r org:purpose ?_purpose }
  %(filters)s
}
GROUP BY ?r"""
)
_PARTICIPATIONS = (
    _PROLOGUE
    + """SELECT ?r ?o ?role WHERE {
  { ?r org:hasMembership ?_m . ?_m org:member ?o ; org:role ?role . }
  UNION { ?r schema:provider ?o . BIND("operator" AS ?role) }
  FILTER(isIRI(?o))
}"""
)
#: The few memberships with dates of their own, apart: an OPTIONAL on every membership costs more than this.
_WHEN = "time:%s/(time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate)"
_INTERVALS = (
    _PROLOGUE
    + f"""SELECT ?r ?o ?role ?ms ?me WHERE {{
  ?r org:hasMembership ?_m . ?_m org:memberDuring ?_d ; org:member ?o ; org:role ?role .
  OPTIONAL {{ ?_d {_WHEN % "hasBeginning"} ?_b BIND(YEAR(?_b) AS ?ms) }}
  OPTIONAL {{ ?_d {_WHEN % "hasEnd"} ?_e BIND(YEAR(?_e) AS ?me) }}
}}"""
)
_AGENTS = (
    _PROLOGUE
    + """SELECT ?o (SAMPLE(?_l) AS ?label) (SAMPLE(?_ags) AS ?ags) (MIN(?_key) AS ?key)
  (SAMPLE(?_id) AS ?identifier) (SAMPLE(?_pop) AS ?population) (SAMPLE(?_lat) AS ?lat) (SAMPLE(?_lon) AS ?lon)
  (SAMPLE(?_class) AS ?classification) (GROUP_CONCAT(DISTINCT STR(?_t); separator=" ") AS ?types)
WHERE {
  { SELECT DISTINCT ?o WHERE { { ?_x org:member ?o } UNION { ?_y schema:provider ?o } FILTER(isIRI(?o)) } }
  OPTIONAL { ?o rdfs:label ?_rl } OPTIONAL { ?o skos:prefLabel ?_pl }
  BIND(COALESCE(?_rl, ?_pl) AS ?_l)
  OPTIONAL { ?o rg:ags ?_ags } OPTIONAL { ?o rg:officialKey ?_key } OPTIONAL { ?o dcterms:identifier ?_id }
  OPTIONAL { ?o rg:population ?_pop } OPTIONAL { ?o org:classification ?_class }
  OPTIONAL { ?o geo:lat ?_own_lat ; geo:long ?_own_lon }
  OPTIONAL { ?o schema:location ?_seat . ?_seat geo:lat ?_seat_lat ; geo:long ?_seat_lon }
  BIND(COALESCE(?_own_lat, ?_seat_lat) AS ?_lat) BIND(COALESCE(?_own_lon, ?_seat_lon) AS ?_lon)
  OPTIONAL { ?o a ?_t FILTER(?_t IN (rg:Municipality, rg:District, rg:State, rg:AdministrativeRegion)) }
}
GROUP BY ?o"""
)


@dataclass(frozen=True, slots=True)
class Record:
    """A cooperation or project, as the network needs it (codes as notations, dates as years)."""

    iri: str
    id: str
    title: str
    kind: str
    table: str
    status: str | None
    legal_form: str | None
    fields: tuple[str, ...]
    dimensions: tuple[str, ...]
    start: int | None
    end: int | None
    as_of: int | None

    @property
    def span(self) -> tuple[int, int] | None:
        return active_span(self.start, self.end, self.status, self.as_of)

    @property
    def is_cooperation(self) -> bool:
        return self.kind == "cooperation"


@dataclass(frozen=True, slots=True)
class Participation:
    """``agent`` takes part in ``record`` with ``role`` (lead, member, performer, associate, operator)."""

    record: str
    agent: str
    role: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Agent:
    """A town, Kreis or other organisation, with what the gazetteer or the register says about it."""

    iri: str
    label: str
    kind: str
    ags: str | None = None
    identifier: str | None = None
    population: int | None = None
    lat: float | None = None
    lon: float | None = None
    classification: str | None = None


def read_records(store: GraphStore, filters: Filters) -> list[Record]:
    """The published records the filters admit, sorted by IRI."""
    clauses, bound = filters.clauses()
    text = _RECORDS % {
        "kind": _SELECT_KIND[filters.kind],
        "filters": clauses,
        "types": _RECORD_TYPES,
        "withdrawn": code("record-status", "withdrawn"),
    }
    records = [_record(row) for row in store.select(text, substitutions=bound or None)]
    return sorted((r for r in records if filters.admits_span(r.span)), key=lambda r: r.iri)


def read_participations(store: GraphStore, records: Iterable[Record]) -> list[Participation]:
    """Who takes part in ``records``, each (record, agent, role) once, sorted."""
    wanted = {r.iri for r in records}
    dated = {
        (row["r"].value, row["o"].value, _notation(row["role"].value)): (_int(row["ms"]), _int(row["me"]))
        for row in store.select(_INTERVALS)
    }
    out = set()
    for row in store.select(_PARTICIPATIONS):
        record = row["r"].value
        if record in wanted:
            key = (record, row["o"].value, _notation(row["role"].value))
            out.add(Participation(*key, *dated.get(key, (None, None))))
    return sorted(out, key=lambda p: (p.record, p.agent, p.role))


def read_agents(store: GraphStore) -> dict[str, Agent]:
    """Every agent that takes part in something, by IRI."""
    return {row["o"].value: _agent(row) for row in store.select(_AGENTS)}


def _record(row: ox.QuerySolution) -> Record:
    purposes = _text(row["purposes"]).split()
    types = set(_text(row["types"]).split())
    kind = next((k for t, k in RECORD_KINDS.items() if t in types), "project")
    return Record(
        iri=row["r"].value,
        id=_text(row["id"]) or row["r"].value.rsplit("/", 1)[-1],
        title=_text(row["title"]),
        kind=kind,
        table=_text(row["tbl"]) or "other",
        status=_code(row["status"]),
        legal_form=_code(row["legal"]),
        fields=_in_list(purposes, "field"),
        dimensions=_in_list(purposes, "smart-city-dimension"),
        start=_int(row["first"]),
        end=_int(row["last"]),
        as_of=_int(row["asof"]),
    )


def _agent(row: ox.QuerySolution) -> Agent:
    types = set(_text(row["types"]).split())
    if f"{RG}Municipality" in types:
        kind = "town"
    elif f"{RG}District" in types:
        kind = "kreis"
    elif f"{RG}State" in types:
        kind = "land"
    else:
        kind = "region" if f"{RG}AdministrativeRegion" in types else "organisation"
    iri = row["o"].value
    return Agent(
        iri=iri,
        label=_text(row["label"]) or iri.rsplit("/", 1)[-1],
        kind=kind,
        ags=_text(row["ags"]) or _text(row["key"]) or None,
        identifier=_text(row["identifier"]) or None,
        population=_int(row["population"]),
        lat=_float(row["lat"]),
        lon=_float(row["lon"]),
        classification=_code(row["classification"]),
    )


def _in_list(iris: list[str], scheme: str) -> tuple[str, ...]:
    prefix = f"{CODE}{scheme}/"
    return tuple(sorted(i[len(prefix) :] for i in iris if i.startswith(prefix)))


def _notation(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _code(term: ox.NamedNode | ox.Literal | None) -> str | None:
    return None if term is None else _notation(term.value)


def _text(term: ox.NamedNode | ox.Literal | None) -> str:
    return "" if term is None else term.value


def _int(term: ox.NamedNode | ox.Literal | None) -> int | None:
    if term is None:
        return None
    try:
        return int(float(term.value))
    except ValueError:
        return None


def _float(term: ox.NamedNode | ox.Literal | None) -> float | None:
    if term is None:
        return None
    try:
        return float(term.value)
    except ValueError:
        return None
