"""Helpers for the harvest tests: declarations in a temporary folder, records made by hand, the store of one source."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic

from regiongraph import Instance, Settings
from regiongraph.harvest.sources import SourceDeclaration, read_declaration
from regiongraph.mapping import MappingContext
from regiongraph.pipeline import HarvestServices, Pipeline, harvest_source
from regiongraph.store import EmbeddedStore, GraphStore

BASE = "http://127.0.0.1:8000/id/"
P = (
    "PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX adms: <http://www.w3.org/ns/adms#> "
    "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX prov: <http://www.w3.org/ns/prov#> "
    "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
)
#: Catalog-record statements that say when, not what: they differ between two runs over the same data.
VOLATILE = {
    "http://purl.org/dc/terms/issued",
    "http://purl.org/dc/terms/modified",
    "https://w3id.org/regiongraph/ontology#lastSeen",
    "http://www.w3.org/ns/prov#wasGeneratedBy",
}


def declare(
    folder: Path, name: str, type_: str, url: str, *, language: str | None = "de", **source: object
) -> SourceDeclaration:
    """Write ``folder/<name>.toml`` (retries without pauses unless given) and read it back.

    ``language`` is the portal's declared language (``[mapping] language``; ``None``: not declared).
    """
    folder.mkdir(parents=True, exist_ok=True)
    values = {"name": name, "type": type_, "url": url, "backoff": 0, "timeout": 5, **source}
    lines = ["[source]"] + [f"{k} = {_toml(v)}" for k, v in values.items()]
    lines += ["[mapping]", 'publisher = "05978"', 'contributor_id = "http://dcat-ap.de/def/contributors/kreisUnna"']
    if language is not None:  # the test portal is German, and its packages name no language
        lines.append(f'language = "{language}"')
    path = folder / f"{name}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_declaration(path)


def pipeline_for(
    services: HarvestServices | Settings, store: GraphStore, *, options: Mapping[str, Any] | None = None
) -> Pipeline:
    """The pipeline :func:`harvest_source` runs, for records a test makes itself instead of a harvester fetching them.

    ``options``: the ``[mapping]`` table a declaration would have.
    """
    services = Instance(services) if isinstance(services, Settings) else services
    ctx = MappingContext(services.minter, services.resolver, options=dict(options or {}))
    return Pipeline(
        store,
        ctx,
        services.validator,
        batch_size=services.settings.validation_batch,
        workers=services.settings.harvest_workers,
    )


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def settings_for(tmp: Path) -> Settings:
    return Settings.load(environ={}, data_dir=tmp / "data", base_iri=BASE, sources_dir=tmp / "sources")


def status(store, source: str) -> dict[str, str]:
    """``{source id: status}`` of every record of ``source``."""
    rows = store.query(
        P + "SELECT ?id ?s WHERE { ?r rg:harvestSource ?src ; rg:sourceId ?id ; adms:status ?s }",
        substitutions={"src": ox.NamedNode(BASE + "source/" + source)},
    )
    return {r["id"].value: r["s"].value.rsplit("/", 1)[-1] for r in rows}


def source_graphs(store, source: str) -> dict[str, Graph]:
    """Every record graph of ``source``, skolem IRIs back to blank nodes and run timestamps left out."""
    prefix = f"{BASE}graph/{source}/"
    rows = store.query(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), ?prefix)) }",
        substitutions={"prefix": ox.Literal(prefix)},
    )
    graphs: dict[str, Graph] = defaultdict(Graph)
    for r in rows:
        s, p, o = (_term(r[v]) for v in ("s", "p", "o"))
        if str(p) in VOLATILE and "/record/" in str(s) and not str(s).endswith("/source"):
            continue
        graphs[r["g"].value].add((s, p, o))
    return dict(graphs)


def _term(t):
    if isinstance(t, ox.NamedNode):
        return BNode(t.value.rsplit("/genid/", 1)[1]) if "/genid/" in t.value else URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    return Literal(t.value, datatype=URIRef(t.datatype.value))


def assert_same_store(actual: dict[str, Graph], expected: dict[str, Graph]) -> None:
    """Same graphs, each isomorphic (blank nodes are labelled at random in every run)."""
    assert sorted(actual) == sorted(expected)
    differing = [g for g in expected if not isomorphic(to_isomorphic(actual[g]), to_isomorphic(expected[g]))]
    assert differing == [], f"{len(differing)} graphs differ, e.g. {differing[:2]}"


def clean_run(settings: Settings, decl: SourceDeclaration) -> dict[str, Graph]:
    """The graphs an uninterrupted full harvest of ``decl`` produces in a fresh store."""
    store = EmbeddedStore(None)
    report = harvest_source(Instance(settings), store, decl, full=True)
    assert report.failed == []
    return source_graphs(store, decl.name)
