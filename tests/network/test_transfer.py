"""The transfer finder never proposes an owner or an adopter, and every reason it gives is what the store says.

Owners, adopters, shared records, populations and coordinates are read here with plain SPARQL
of their own and a haversine of their own, not with the finder's code.
"""

from __future__ import annotations

import math
from collections import defaultdict

import pyoxigraph as ox
import pytest

from regiongraph.network import read_register
from regiongraph.queries import load_queries
from regiongraph.transfer import TransferError, UnknownRecordError, find_adopters, find_holders
from support.helpers import select

P = """PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX schema: <https://schema.org/> PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> """
KINDS = (
    "rg:Cooperation, schema:Project, schema:FundingScheme, rg:Solution, rg:Strategy, org:OrganizationalUnit, "
    "dcat:Catalog"
)


class Facts:
    """The register as plain SPARQL sees it."""

    def __init__(self, store) -> None:
        rows = select(
            store,
            P
            + f"""SELECT DISTINCT ?r ?id WHERE {{ ?r a ?k ; dcterms:identifier ?id .
            FILTER(?k IN ({KINDS})) ?c foaf:primaryTopic ?r . FILTER NOT EXISTS {{ ?n prov:wasRevisionOf ?r }} }}""",
        )
        self.current = {r["r"]: r["id"] for r in rows}
        self.takes_part: dict[str, set[str]] = defaultdict(set)
        for r in select(
            store, P + "SELECT ?r ?o { ?r org:hasMembership/org:member|schema:provider ?o FILTER(isIRI(?o)) }"
        ):
            self.takes_part[r["r"]].add(r["o"])
        self.parents: dict[str, set[str]] = defaultdict(set)
        for r in select(store, P + "SELECT ?r ?p { ?r dcterms:isPartOf ?p }"):
            self.parents[r["r"]].add(r["p"])
        self.newer = {r["o"]: r["n"] for r in select(store, P + "SELECT ?o ?n { ?n prov:wasRevisionOf ?o }")}
        self.purposes: dict[str, set[str]] = defaultdict(set)
        for r in select(store, P + "SELECT ?r ?n { ?r org:purpose/skos:notation ?n }"):
            self.purposes[r["r"]].add(r["n"])
        adopters = select(
            store,
            P
            + f"""SELECT ?s ?a {{ {{ ?a rg:reuses ?s FILTER NOT EXISTS {{ ?a a ?k
            FILTER(?k IN ({KINDS})) }} }} UNION {{ ?p rg:reuses ?s ; schema:provider ?a }} }}""",
        )
        self.adopters: dict[str, set[str]] = defaultdict(set)
        for r in adopters:
            self.adopters[r["s"]].add(r["a"])
        self.places = places(store)

    def place(self, iri: str) -> tuple[int | None, tuple[float, float] | None]:
        return self.places.get(iri, (None, None))

    def owners(self, s: str) -> set[str]:
        if self.takes_part.get(s):
            return set(self.takes_part[s])
        out: set[str] = set()
        for p in self.parents.get(s, ()):
            while p in self.newer:
                p = self.newer[p]
            out |= self.takes_part.get(p, set())
        return out

    def shared(self, town: str, owners: set[str], s: str) -> list[str]:
        return sorted(
            self.current[r]
            for r, who in self.takes_part.items()
            if r in self.current and r != s and town in who and who & owners
        )

    def active(self, town: str, wanted: set[str]) -> list[str]:
        return sorted(
            self.current[r]
            for r, who in self.takes_part.items()
            if r in self.current and town in who and self.purposes[r] & wanted
        )


@pytest.fixture(scope="module")
def facts(store) -> Facts:
    return Facts(store)


def places(store) -> dict[str, tuple[int | None, tuple[float, float] | None]]:
    """Population and coordinates of everything located: territories directly, organisations by their seat."""
    rows = select(
        store,
        P
        + """SELECT ?x ?pop ?lat ?lon WHERE {
        { ?x geo:lat ?lat ; geo:long ?lon OPTIONAL { ?x rg:population ?pop } }
        UNION { ?x schema:location ?seat . ?seat geo:lat ?lat ; geo:long ?lon } }""",
    )
    return {r["x"]: (int(r["pop"]) if r["pop"] else None, (float(r["lat"]), float(r["lon"]))) for r in rows}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (p1, l1), (p2, l2) = (tuple(map(math.radians, x)) for x in (a, b))
    return (
        2
        * 6371.0088
        * math.asin(
            math.sqrt(math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2)
        )
    )


def records_to_try(store) -> list[str]:
    """Every solution, and the records that name their owner only through what they are part of or an operator."""
    solutions = select(store, P + "SELECT ?id WHERE { ?s a rg:Solution ; dcterms:identifier ?id } ORDER BY ?id")
    others = select(
        store,
        P
        + """SELECT DISTINCT ?id WHERE { ?s dcterms:identifier ?id .
        { ?s schema:provider ?o } UNION { ?s dcterms:isPartOf ?p } FILTER NOT EXISTS { ?s a rg:Solution } }
        ORDER BY ?id""",
    )
    return [r["id"] for r in solutions] + [r["id"] for r in others][:4]


def check_reasons(facts: Facts, answer: dict) -> None:
    s = answer["record"]["iri"]
    owners = facts.owners(s)
    located = {o: facts.place(o) for o in owners}
    scores = [c["score"] for c in answer["candidates"]]
    assert scores == sorted(scores, reverse=True)
    for c in answer["candidates"]:
        f = {x["name"]: x for x in c["factors"]}
        assert c["score"] == pytest.approx(sum(x["points"] for x in c["factors"]), abs=0.05) and c["score"] <= 100
        shared = facts.shared(c["id"], owners, s)
        assert f["network"]["value"]["shared_records"] == shared
        assert f["network"]["points"] == min(30, 5 * len(shared))
        for name, attr, weight in (("dimension", "dimensions", 15), ("field", "fields", 10)):
            wanted = set(answer["record"][attr])
            if wanted:
                assert f[name]["value"]["records"] == facts.active(c["id"], wanted)
                assert f[name]["points"] == (0 if facts.active(c["id"], wanted) else weight)
        population, where = facts.place(c["id"])
        assert c["population"] == population
        sized = [p for p, _ in located.values() if p]
        if population and sized:
            best = max(min(population, p) / max(population, p) for p in sized)
            assert f["size"]["value"]["ratio"] == pytest.approx(best, abs=0.001)
            assert f["size"]["points"] == pytest.approx(20 * best, abs=0.051)
        placed = [w for _, w in located.values() if w]
        if where and placed:
            nearest = min(km(where, w) for w in placed)
            assert f["distance"]["value"]["km"] == pytest.approx(nearest, abs=0.051)
            assert f["distance"]["points"] == pytest.approx(25 * max(0, 1 - nearest / answer["radius_km"]), abs=0.051)


def test_no_owner_and_no_adopter_is_ever_proposed_and_every_reason_holds(store, facts):
    tried = records_to_try(store)
    assert "grafana-wetter-dashboard" in tried
    register = read_register(store)
    for ident in tried:
        answer = find_adopters(store, ident, limit=12, register=register)
        s = answer["record"]["iri"]
        assert {o["id"] for o in answer["owners"]} == facts.owners(s), ident
        assert {a["id"] for a in answer["adopters"]} == facts.adopters.get(s, set()), ident
        proposed = {c["id"] for c in answer["candidates"]}
        assert not proposed & (facts.owners(s) | facts.adopters.get(s, set())), ident
        check_reasons(facts, answer)


def test_which_towns_could_take_over_schwertes_weather_dashboard(store, facts, settings):
    answer = find_adopters(store, "grafana-wetter-dashboard", limit=500)
    # "aus dem MPSC-Projekt": DOS2030 of Dortmund and Schwerte
    assert {o["label"] for o in answer["owners"]} == {"Dortmund", "Schwerte"}
    kreis = select(store, P + 'SELECT ?t WHERE { ?t rg:district ?k . ?k rg:officialKey "05978" }')
    proposed = {c["id"]: c for c in answer["candidates"]}
    schwerte = f"{settings.base_iri}ags/05978028"
    for town in {r["t"] for r in kreis} - {schwerte}:
        # the Smart Region Kreis Unna, led by Schwerte, joins every town of the Kreis to the owners
        assert proposed[town]["factors"][0]["value"]["count"] >= 1
    best = answer["candidates"][0]
    assert best["id"] in {r["t"] for r in kreis}
    check_reasons(facts, answer)


def test_who_already_has_a_solution_in_a_field_matches_the_named_query(store, settings, facts):
    assert (settings.resource("queries") / "solutions-in-field.rq").exists()
    query = load_queries(settings.resource("queries"))["solutions-in-field"]
    fields = [
        r["n"]
        for r in select(
            store,
            P
            + """SELECT ?n WHERE { ?c skos:inScheme
        <https://w3id.org/regiongraph/code/field> ; skos:notation ?n FILTER(isLiteral(?n) && LANG(?n) = "") }""",
        )
    ]
    assert len(fields) == 10
    register = read_register(store)
    for notation in fields:
        named = {
            (r["holder"], r["id"])
            for r in select(
                store, query.text, field=ox.NamedNode(f"https://w3id.org/regiongraph/code/field/{notation}")
            )
        }
        answer = find_holders(store, field=notation, register=register)
        found = {(h["id"], r["id"]) for h in answer["holders"] for r in h["records"]}
        assert found == named, notation
        for holder in answer["holders"]:
            for record in holder["records"]:
                assert notation in record["fields"] and record["kind"] not in ("cooperation", "programme")


def test_holders_by_dimension_have_records_of_that_dimension(store):
    answer = find_holders(store, dimension="smart-mobility")
    assert answer["holders"]
    for holder in answer["holders"]:
        assert all("smart-mobility" in r["dimensions"] for r in holder["records"])


def test_unusable_requests_are_clear_errors(store):
    with pytest.raises(UnknownRecordError, match="no current cooperation or project"):
        find_adopters(store, "no-such-solution")
    with pytest.raises(TransferError, match="radius_km"):
        find_adopters(store, "grafana-wetter-dashboard", radius_km=0)
    with pytest.raises(TransferError, match="exactly one"):
        find_holders(store, field="verkehr", dimension="smart-mobility")
    with pytest.raises(TransferError, match="notation"):
        find_holders(store, field="verkehr> } ; DROP ALL ; {")
