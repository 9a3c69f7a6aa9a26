"""Rank the towns that could take over a solution or project, each score with its reasons.

Five factors, 100 points in all; every factor reports its value, its points and a sentence:

========== ====== ====================================================================================
network    30     5 per record (cooperation or project) the town shares with an owner, at most 30
dimension  15     15 when the town takes part in nothing of the record's smart-city dimensions, else 0
field      10     10 when the town takes part in nothing of the record's RVR field, else 0
size       20     20 × the population ratio (smaller / larger) to the owner closest in size
distance   25     25 × (1 − km / radius) to the nearest owner, 0 beyond the radius
========== ====== ====================================================================================

Candidates are the municipalities within the radius of an owner and those sharing a record with
one; owners and adopters are never candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..network import Agent, Record, Register
from ._owners import Owner, haversine_km

WEIGHTS = {"network": 30, "dimension": 15, "field": 10, "size": 20, "distance": 25}
PER_SHARED_RECORD = 5
SCORING = {
    "network": f"{PER_SHARED_RECORD} points per record shared with an owner, at most {WEIGHTS['network']}",
    "dimension": f"{WEIGHTS['dimension']} points when the town takes part in nothing of the record's smart-city "
    "dimensions, else 0",
    "field": f"{WEIGHTS['field']} points when the town takes part in nothing of the record's RVR field, else 0",
    "size": f"{WEIGHTS['size']} × population ratio (smaller / larger) to the owner closest in size",
    "distance": f"{WEIGHTS['distance']} × (1 − distance / radius) to the nearest owner",
}


@dataclass(frozen=True, slots=True)
class Factor:
    name: str
    value: object
    points: float
    max: int
    reason: str


@dataclass
class Candidate:
    town: Agent
    factors: list[Factor] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(f.points for f in self.factors), 1)


@dataclass(frozen=True)
class Context:
    """What every candidate is scored against."""

    record: Record
    owners: list[Owner]
    register: Register
    members: dict[str, list[str]]
    radius_km: float

    def shared(self, town: str) -> list[str]:
        """Register ids of the records, other than this one, where ``town`` and an owner both take part."""
        owners = {o.agent.iri for o in self.owners}
        out = [
            self.register.records[r].id
            for r, agents in self.members.items()
            if r != self.record.iri and town in agents and owners.intersection(agents)
        ]
        return sorted(out)

    def active_in(self, town: str, attribute: str, wanted: tuple[str, ...]) -> list[str]:
        """Register ids of the records ``town`` takes part in whose ``attribute`` meets ``wanted``."""
        hits = [self.register.records[r] for r, agents in self.members.items() if town in agents]
        return sorted(r.id for r in hits if set(getattr(r, attribute)) & set(wanted))


def score(town: Agent, ctx: Context) -> Candidate:
    return Candidate(
        town,
        [
            _network(town, ctx),
            _gap(town, ctx, "dimension"),
            _gap(town, ctx, "field"),
            _size(town, ctx),
            _distance(town, ctx),
        ],
    )


def _network(town: Agent, ctx: Context) -> Factor:
    shared = ctx.shared(town.iri)
    points = float(min(WEIGHTS["network"], PER_SHARED_RECORD * len(shared)))
    reason = (
        f"shares {len(shared)} record(s) with the owners: {', '.join(shared)}"
        if shared
        else "shares no record with the owners"
    )
    return Factor("network", {"shared_records": shared, "count": len(shared)}, points, WEIGHTS["network"], reason)


def _gap(town: Agent, ctx: Context, name: str) -> Factor:
    attribute = "dimensions" if name == "dimension" else "fields"
    wanted: tuple[str, ...] = getattr(ctx.record, attribute)
    if not wanted:
        return Factor(name, None, 0.0, WEIGHTS[name], f"the record has no {name}")
    hits = ctx.active_in(town.iri, attribute, wanted)
    points = 0.0 if hits else float(WEIGHTS[name])
    reason = (
        f"already active in {', '.join(wanted)}: {', '.join(hits)}"
        if hits
        else f"not yet active in {', '.join(wanted)}"
    )
    return Factor(name, {"wanted": list(wanted), "records": hits}, points, WEIGHTS[name], reason)


def _size(town: Agent, ctx: Context) -> Factor:
    # owners with a population, beside it, so the ratio needs no None check
    sized = [(o.agent, o.agent.population) for o in ctx.owners if o.agent.population]
    if not town.population or not sized:
        return Factor("size", None, 0.0, WEIGHTS["size"], "no population to compare")
    p = town.population
    best, r = max(((a, min(p, n) / max(p, n)) for a, n in sized), key=lambda pair: (pair[1], pair[0].iri))
    value = {"population": p, "owner": best.label, "owner_population": best.population, "ratio": round(r, 3)}
    return Factor(
        "size",
        value,
        round(WEIGHTS["size"] * r, 1),
        WEIGHTS["size"],
        f"{p:,} inhabitants, {best.label} {best.population:,}: ratio {r:.2f}",
    )


def _distance(town: Agent, ctx: Context) -> Factor:
    placed = [o.agent for o in ctx.owners if o.agent.lat is not None and o.agent.lon is not None]
    if town.lat is None or town.lon is None or not placed:
        return Factor("distance", None, 0.0, WEIGHTS["distance"], "no coordinates to compare")
    here = (town.lat, town.lon)
    km, nearest = min(
        ((haversine_km(here, (a.lat, a.lon)), a) for a in placed),  # type: ignore[arg-type]
        key=lambda pair: (pair[0], pair[1].iri),
    )
    points = round(WEIGHTS["distance"] * max(0.0, 1 - km / ctx.radius_km), 1)
    value = {"km": round(km, 1), "to": nearest.label, "radius_km": ctx.radius_km}
    return Factor("distance", value, points, WEIGHTS["distance"], f"{km:.1f} km from {nearest.label}")
