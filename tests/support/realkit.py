"""Harvest one source of ``../shared/realdata`` from the local portal, and read back what was published."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from regiongraph import Instance
from regiongraph.harvest.sources import SourceDeclaration, read_declaration
from regiongraph.pipeline import RunReport, harvest_source
from regiongraph.store import EmbeddedStore
from support.harvestkit import BASE, P, settings_for
from support.portal import Portal
from support.portal.realdata import CKAN_SOURCES
from support.realdata_oracle import canonical


def declare(folder: Path, name: str, type_: str, url: str) -> SourceDeclaration:
    """A declaration as a new user writes one: the portal's address and nothing the portal does not say
    (no default publisher, no contributor id), one retry without pause."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(
        f'[source]\nname = "{name}"\ntype = "{type_}"\nurl = "{url}"\nbackoff = 0\ntimeout = 5\nretries = 1\n',
        encoding="utf-8",
    )
    return read_declaration(path)


@dataclass
class Harvest:
    """One full run of one source: its report (or the exception that escaped), the store, the run statuses."""

    source: str
    store: EmbeddedStore
    report: RunReport | None = None
    crash: str = ""
    runs: list[str] = field(default_factory=list)


def harvest(tmp: Path, portal: Portal, source: str, *, store: EmbeddedStore | None = None) -> Harvest:
    """A full run of ``source`` through the project's harvest API into a real store (a fresh one unless given)."""
    type_ = "ckan" if source in CKAN_SOURCES else "dcat"
    url = portal.ckan_url(source) if type_ == "ckan" else portal.dcat_url(source)
    decl = declare(tmp / "sources", source, type_, url)
    out = Harvest(source, store if store is not None else EmbeddedStore(None))
    try:
        out.report = harvest_source(Instance(settings_for(tmp)), out.store, decl, full=True, sleep=lambda s: None)
    except Exception as exc:
        out.crash = f"{type(exc).__name__}: {exc}"
    out.runs = run_statuses(out.store, source)
    return out


def run_statuses(store: EmbeddedStore, source: str) -> list[str]:
    rows = store.query(
        P + "SELECT ?s WHERE { ?run a rg:HarvestRun ; prov:used ?src ; adms:status ?s }",
        substitutions={"src": ox.NamedNode(BASE + "source/" + source)},
    )
    return [r["s"].value.rsplit("/", 1)[-1] for r in rows]


def run_failures(store: EmbeddedStore, source: str) -> list[int]:
    """``rg:countFailed`` of every run of ``source`` as its prov:Activity records it."""
    rows = store.query(
        P + "SELECT ?n WHERE { ?run a rg:HarvestRun ; prov:used ?src ; rg:countFailed ?n }",
        substitutions={"src": ox.NamedNode(BASE + "source/" + source)},
    )
    return [int(r["n"].value) for r in rows]


def cli(tmp: Path, portal: Portal, source: str) -> subprocess.CompletedProcess[str]:
    """``regiongraph harvest <source>`` as a user runs it, in a subprocess, against the local portal."""
    type_ = "ckan" if source in CKAN_SOURCES else "dcat"
    url = portal.ckan_url(source) if type_ == "ckan" else portal.dcat_url(source)
    declare(tmp / "sources", source, type_, url)
    env = {**os.environ, "REGIONGRAPH_SOURCES_DIR": str(tmp / "sources"), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "regiongraph", "--data-dir", str(tmp / "data"), "--base-iri", BASE, "harvest", source],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@dataclass
class Published:
    """A published dataset as the store holds it."""

    titles: set[tuple[str, str | None]]
    descriptions: set[tuple[str, str | None]]
    distributions: int
    licences: set[str]
    publisher: set[str]
    modified: set[str]
    geocoding: set[str]


_PUBLISHED = (
    P
    + """PREFIX dcat: <http://www.w3.org/ns/dcat#>
SELECT ?id ?d WHERE { ?r rg:harvestSource ?src ; rg:sourceId ?id ; adms:status ?s ; foaf:primaryTopic ?d
  FILTER (STRENDS(STR(?s), "/published")) }"""
)


GEOCODING = "SELECT ?g WHERE { ?d <http://dcat-ap.de/def/dcatde/politicalGeocodingURI>|dcterms:spatial ?g }"
LICENCES = "SELECT ?l WHERE { ?d dcat:distribution/dcterms:license ?l }"


def _values(store: EmbeddedStore, query: str, d: ox.NamedNode) -> list:
    return [r[0] for r in store.query(P + "PREFIX dcat: <http://www.w3.org/ns/dcat#> " + query, substitutions={"d": d})]


def _literal(term) -> tuple[str, str | None]:
    return term.value, term.language


def published(store: EmbeddedStore, source: str) -> dict[str, Published]:
    """``{source id: Published}`` of every record of ``source`` whose status is published."""
    rows = store.query(_PUBLISHED, substitutions={"src": ox.NamedNode(BASE + "source/" + source)})
    out = {}
    for row in rows:
        d = row["d"]
        geo = GEOCODING
        out[row["id"].value] = Published(
            titles={_literal(t) for t in _values(store, "SELECT ?t WHERE { ?d dcterms:title ?t }", d)},
            descriptions={_literal(t) for t in _values(store, "SELECT ?t WHERE { ?d dcterms:description ?t }", d)},
            distributions=len(set(_values(store, "SELECT ?x WHERE { ?d dcat:distribution ?x }", d))),
            licences={t.value for t in _values(store, LICENCES, d)},
            publisher={
                t.value
                for t in _values(
                    store,
                    "SELECT ?v WHERE { { ?d dcterms:publisher ?v } UNION "
                    "{ ?d dcterms:publisher/(foaf:name|owl:sameAs) ?v } }",
                    d,
                )
            },
            modified={t.value for t in _values(store, "SELECT ?m WHERE { ?d dcterms:modified ?m }", d)},
            geocoding={canonical(t.value) for t in _values(store, geo, d) if isinstance(t, ox.NamedNode)},
        )
    return out
