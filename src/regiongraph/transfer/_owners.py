"""Who owns a solution, who already took it over, and where the towns around the owners are.

The owners of a record are those taking part in it (members with any role, its operator);
a record that names none — the Grafana weather dashboard "aus dem MPSC-Projekt" — has the owners
of what it is part of (``dcterms:isPartOf``, one level up). Adopters took it over: they
``rg:reuses`` it themselves, or operate a project that does. A cooperation that takes a solution
over does not make each of its members an adopter: the sources do not say which members did.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import XSD, sparql_prologue
from ..network import Agent, Register
from ..store import GraphStore

_PROLOGUE = sparql_prologue()
_LINKS = (
    _PROLOGUE
    + """SELECT ?child ?parent ?adopter ?newer WHERE {
  { ?child dcterms:isPartOf ?parent }
  UNION { ?newer prov:wasRevisionOf ?child }
  UNION { ?adopter rg:reuses ?child FILTER NOT EXISTS { ?adopter a ?_record . FILTER(?_record IN (schema:Project,
          rg:Solution, rg:Strategy, org:OrganizationalUnit, dcat:Catalog, schema:FundingScheme, rg:Cooperation)) } }
  UNION { ?_p rg:reuses ?child ; schema:provider ?adopter }
}"""
)
_NEAR = (
    _PROLOGUE
    + """SELECT ?m (SAMPLE(?_l) AS ?label) (SAMPLE(?_ags) AS ?ags) (SAMPLE(?_pop) AS ?population)
  (SAMPLE(?_lat) AS ?lat) (SAMPLE(?_lon) AS ?lon)
WHERE {
  ?m a rg:Municipality ; geo:lat ?_lat ; geo:long ?_lon .
  FILTER(?_lat >= ?south && ?_lat <= ?north && ?_lon >= ?west && ?_lon <= ?east)
  OPTIONAL { ?m rdfs:label ?_l } OPTIONAL { ?m rg:ags ?_ags } OPTIONAL { ?m rg:population ?_pop }
}
GROUP BY ?m"""
)
_KM_PER_DEGREE = 111.195
EARTH_RADIUS_KM = 6371.0088
_DECIMAL = ox.NamedNode(str(XSD.decimal))


@dataclass(frozen=True)
class Links:
    """``dcterms:isPartOf`` parents (each as its latest revision) and the adopters of every record."""

    parents: dict[str, tuple[str, ...]]
    adopters: dict[str, tuple[str, ...]]
    newer: dict[str, str]

    @classmethod
    def read(cls, store: GraphStore) -> Links:
        parents: dict[str, set[str]] = defaultdict(set)
        adopters: dict[str, set[str]] = defaultdict(set)
        newer: dict[str, str] = {}
        for row in store.select(_LINKS):
            child = row["child"].value
            if row["parent"] is not None:
                parents[child].add(row["parent"].value)
            elif row["newer"] is not None:
                newer[child] = row["newer"].value
            elif isinstance(row["adopter"], ox.NamedNode):
                adopters[child].add(row["adopter"].value)
        return cls(
            {k: tuple(sorted({_latest(p, newer) for p in v})) for k, v in parents.items()},
            {k: tuple(sorted(v)) for k, v in adopters.items()},
            newer,
        )

    def latest(self, iri: str) -> str:
        """Follow ``prov:wasRevisionOf`` forward to the record that describes the latest state."""
        return _latest(iri, self.newer)


def _latest(iri: str, newer: dict[str, str]) -> str:
    seen = {iri}
    while iri in newer and newer[iri] not in seen:
        iri = newer[iri]
        seen.add(iri)
    return iri


@dataclass(frozen=True, slots=True)
class Owner:
    """An owner of the record: the agent, and how it owns it (``member``, ``operator``, ``part of <id>``)."""

    agent: Agent
    via: str


def owners_of(record: str, register: Register, links: Links) -> list[Owner]:
    """The record's own participants, else those of the records it is part of."""
    own = _participants(record, register, "")
    if own:
        return own
    out: list[Owner] = []
    for parent in links.parents.get(record, ()):
        ident = register.records[parent].id if parent in register.records else parent.rsplit("/", 1)[-1]
        out.extend(
            o
            for o in _participants(parent, register, f"part of {ident}")
            if o.agent.iri not in {x.agent.iri for x in out}
        )
    return out


def _participants(record: str, register: Register, via: str) -> list[Owner]:
    roles: dict[str, set[str]] = defaultdict(set)
    for p in register.participations:
        if p.record == record and p.agent in register.agents:
            roles[p.agent].add(p.role)
    return [Owner(register.agents[a], via or ", ".join(sorted(r))) for a, r in sorted(roles.items())]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def towns_near(store: GraphStore, points: list[tuple[float, float]], radius_km: float) -> dict[str, Agent]:
    """Municipalities within ``radius_km`` of any of ``points``: one bounding box in SPARQL, then haversine."""
    if not points:
        return {}
    dlat = radius_km / _KM_PER_DEGREE
    dlon = radius_km / (_KM_PER_DEGREE * max(0.01, min(math.cos(math.radians(lat)) for lat, _ in points)))
    box = {
        "south": min(p[0] for p in points) - dlat,
        "north": max(p[0] for p in points) + dlat,
        "west": min(p[1] for p in points) - dlon,
        "east": max(p[1] for p in points) + dlon,
    }
    bound = {k: ox.Literal(f"{v:.6f}", datatype=_DECIMAL) for k, v in box.items()}
    found: dict[str, Agent] = {}
    for row in store.select(_NEAR, substitutions=bound):
        town = Agent(
            row["m"].value,
            row["label"].value if row["label"] else row["m"].value,
            "town",
            ags=row["ags"].value if row["ags"] else None,
            population=int(row["population"].value) if row["population"] else None,
            lat=float(row["lat"].value),
            lon=float(row["lon"].value),
        )
        here = (town.lat, town.lon)
        if any(haversine_km(p, here) <= radius_km for p in points):  # type: ignore[arg-type]
            found[town.iri] = town
    return found
