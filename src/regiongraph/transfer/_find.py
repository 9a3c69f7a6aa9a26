"""The two questions of the transfer finder, answered as plain dicts (the REST layer serialises them)."""

from __future__ import annotations

from collections import defaultdict

from ..errors import QueryError, RegionGraphError
from ..network import Agent, Record, Register, read_register
from ..queries import NOTATION
from ..store import GraphStore
from ._owners import Links, owners_of, towns_near
from ._score import SCORING, Candidate, Context, score

RADIUS_KM = 50.0
#: Records that count as someone's solution (programmes fund, IKZ cooperations are agreements).
HOLDER_KINDS = ("solution", "portal", "office", "project", "strategy")


class TransferError(QueryError):
    """A parameter of the transfer finder that cannot be used (answered 400)."""


class UnknownRecordError(RegionGraphError):
    """No current, published cooperation or project has that id (answered 404)."""


def find_adopters(
    store: GraphStore, record: str, *, radius_km: float = RADIUS_KM, limit: int = 20, register: Register | None = None
) -> dict:
    """Towns that could take over ``record`` (a register id or IRI), best first, each with its reasons.

    ``register`` (the whole register, as :func:`read_register` reads it) saves reading it again.
    An id of an earlier revision answers for the latest one.
    """
    if not 1 <= radius_km <= 500:
        raise TransferError(f"radius_km: {radius_km:g} is not between 1 and 500")
    if not 1 <= limit <= 500:
        raise TransferError(f"limit: {limit} is not between 1 and 500")
    register = register or read_register(store)
    links = Links.read(store)
    target = _find_record(register, links, record)
    owners = owners_of(target.iri, register, links)
    adopters = [register.agents[a] for a in links.adopters.get(target.iri, ()) if a in register.agents]
    excluded = {o.agent.iri for o in owners} | {a.iri for a in adopters}
    ctx = Context(target, owners, register, register.members(), radius_km)
    pool = _pool(store, ctx)
    ranked = sorted(
        (score(t, ctx) for i, t in pool.items() if i not in excluded),
        key=lambda c: (-c.score, c.town.label, c.town.iri),
    )
    return {
        "record": _record_json(target),
        "owners": [{**_agent_json(o.agent), "via": o.via} for o in owners],
        "adopters": [_agent_json(a) for a in adopters],
        "radius_km": radius_km,
        "scoring": SCORING,
        "considered": len(ranked),
        "candidates": [_candidate_json(c) for c in ranked[:limit]],
        **(
            {}
            if owners
            else {
                "note": "the record names no owner, nor does what it is part of: only the "
                "field and dimension factors can score"
            }
        ),
    }


def _find_record(register: Register, links: Links, ref: str) -> Record:
    earlier = [i for i in links.newer if ref in (i, i.rsplit("/", 1)[-1])]
    wanted = links.latest(earlier[0]) if earlier else ref
    for record in register.records.values():
        if wanted in (record.id, record.iri):
            return record
    raise UnknownRecordError(
        f"no current cooperation or project {ref[:80]!r} (a register id such as 'grafana-wetter-dashboard', or its IRI)"
    )


def _pool(store: GraphStore, ctx: Context) -> dict[str, Agent]:
    """Municipalities near an owner or sharing a record with one; any town of the network if no owner is known."""
    towns = {i: a for i, a in ctx.register.agents.items() if a.kind == "town"}
    if not ctx.owners:
        return towns
    points = [(a.lat, a.lon) for a in (o.agent for o in ctx.owners) if a.lat is not None and a.lon is not None]
    pool = towns_near(store, points, ctx.radius_km)
    pool.update((i, a) for i, a in towns.items() if ctx.shared(i))
    return dict(sorted(pool.items()))


def find_holders(
    store: GraphStore, *, field: str | None = None, dimension: str | None = None, register: Register | None = None
) -> dict:
    """Who already has a solution, portal, office, project or strategy in a ``field`` or smart-city ``dimension``."""
    if (field is None) == (dimension is None):
        raise TransferError("give exactly one of field or dimension")
    wanted = field or dimension or ""
    if not NOTATION.fullmatch(wanted):
        raise TransferError(f"{'field' if field else 'dimension'}: {wanted[:40]!r} is not a code notation")
    register = register or read_register(store)
    links = Links.read(store)
    attribute = "fields" if field else "dimensions"
    holders: dict[str, list[dict]] = defaultdict(list)
    records = [r for r in register.records.values() if r.kind in HOLDER_KINDS and wanted in getattr(r, attribute)]
    for record in records:
        for owner in owners_of(record.iri, register, links):
            holders[owner.agent.iri].append({**_record_json(record), "role": owner.via})
        for adopter in links.adopters.get(record.iri, ()):
            if adopter in register.agents:
                holders[adopter].append({**_record_json(record), "role": "reuses"})
    rows = [
        {**_agent_json(register.agents[a]), "records": sorted(recs, key=lambda r: r["id"])}
        for a, recs in holders.items()
    ]
    rows.sort(key=lambda h: (-len(h["records"]), h["label"], h["id"]))
    return {"field" if field else "dimension": wanted, "records": len(records), "holders": rows}


def _record_json(record: Record) -> dict:
    return {
        "id": record.id,
        "iri": record.iri,
        "title": record.title,
        "kind": record.kind,
        "fields": list(record.fields),
        "dimensions": list(record.dimensions),
        "status": record.status,
    }


def _agent_json(agent: Agent) -> dict:
    return {
        "id": agent.iri,
        "label": agent.label,
        "kind": agent.kind,
        "ags": agent.ags,
        "population": agent.population,
        "lat": agent.lat,
        "lon": agent.lon,
    }


def _candidate_json(c: Candidate) -> dict:
    return {
        **_agent_json(c.town),
        "score": c.score,
        "factors": [
            {"name": f.name, "value": f.value, "points": f.points, "max": f.max, "reason": f.reason} for f in c.factors
        ],
    }
