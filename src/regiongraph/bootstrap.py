"""Fill a store with what every instance carries: ontology, code lists, gazetteer, register.

Loading is idempotent: reference graphs carry the hash of their input and are reloaded
only when it changes; register records go through the pipeline, which skips unchanged ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, RDF

from . import ntriples as nt
from .config import Settings
from .errors import ConfigError
from .gazetteer import DIRECTORY_FILE, Resolver, load_territories, territory_ntriples
from .harvest import read_register
from .harvest.sources import SourceDeclaration, read_declaration
from .iris import Minter
from .mapping import MappingContext, OrganisationIndex
from .namespaces import RG
from .pipeline import Pipeline, RunReport
from .store import GraphStore
from .validate import Validator

#: Bump when the gazetteer mapping changes, so stores built before reload it.
GAZETTEER_MAPPING_VERSION = "1"
Progress = Callable[[str, int, int | None], None]


@dataclass
class BuildReport:
    """What :func:`build` loaded (``True``) or found current (``False``), and the register run."""

    reference: dict[str, bool]
    register: RunReport


def resolver_for(settings: Settings) -> Resolver:
    """The gazetteer resolver of these settings (the directory is parsed once per process)."""
    territories = load_territories(settings.resource(*DIRECTORY_FILE))
    return Resolver(territories, preferred_land=settings.preferred_land)


def build(settings: Settings, store: GraphStore, *, progress: Progress | None = None) -> BuildReport:
    """Load reference graphs and harvest the bundled register into ``store``."""
    minter = Minter(settings.base_iri)
    loaded = {
        "ontology": _load_turtle(store, minter, "ontology", sorted(settings.resource("ontology").glob("*.ttl"))),
        "codes": _load_turtle(store, minter, "codes", sorted(settings.resource("ontology", "codes").glob("*.ttl"))),
        "gazetteer": _load_gazetteer(store, minter, settings),
    }
    return BuildReport(loaded, harvest_register(settings, store, progress=progress))


def harvest_register(settings: Settings, store: GraphStore, *, decl: SourceDeclaration | None = None,
                     progress: Progress | None = None, folder: Path | None = None, dry_run: bool = False,
                     recheck: bool = False) -> RunReport:
    """Run the register harvester of ``decl`` (default: the bundled register); ``dry_run`` writes nothing.

    The records are read from ``folder``, else from the declaration's ``path`` beside its own file,
    so a register declared in ``sources_dir`` harvests its own files. ``recheck`` maps and
    validates unchanged records too (see :meth:`Pipeline.run`).
    """
    decl = decl or read_declaration(settings.resource("harvesters", "register.toml"))
    if decl.type != "register" or decl.path is None:  # read_declaration ensures a register has a path
        raise ConfigError(f"{decl.file}: {decl.name!r} is not a register declaration")
    folder = folder or decl.file.parent / decl.path
    records = list(read_register(folder, source=decl.name))
    ctx = MappingContext(Minter(settings.base_iri), resolver_for(settings), OrganisationIndex.from_records(records))
    pipeline = Pipeline(store, ctx, Validator(settings.resource("shapes")), batch_size=settings.validation_batch,
                        workers=settings.harvest_workers)
    step = (lambda n: progress(decl.name, n, len(records))) if progress else None
    return pipeline.run(decl.name, records, progress=step, dry_run=dry_run, recheck=recheck)


def _current(store: GraphStore, graph: str, digest: str) -> bool:
    result = store.query(
        "ASK WHERE { GRAPH ?g { ?g <https://w3id.org/regiongraph/ontology#contentHash> ?h } }",
        substitutions={"g": ox.NamedNode(graph), "h": ox.Literal(digest)},
    )
    return bool(result)


def _stamp(graph: str, digest: str) -> bytes:
    g = nt.iri(graph)
    return (nt.triple(g, nt.iri(str(RDF.type)), nt.iri(str(RG.ReferenceGraph)))
            + nt.triple(g, nt.iri(str(RG.contentHash)), nt.literal(digest))).encode()


def _load_turtle(store: GraphStore, minter: Minter, name: str, files: list[Path]) -> bool:
    if not files:
        raise ConfigError(f"no Turtle files for the {name} graph")
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    graph = minter.system_graph(name)
    if _current(store, graph, digest):
        return False
    triples = [q.triple for path in files for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    store.load_graph(graph, data + _stamp(graph, digest), fmt=ox.RdfFormat.N_TRIPLES)
    return True


def _load_gazetteer(store: GraphStore, minter: Minter, settings: Settings) -> bool:
    path = settings.resource(*DIRECTORY_FILE)
    digest = hashlib.sha256(path.read_bytes() + GAZETTEER_MAPPING_VERSION.encode()
                            + settings.base_iri.encode()).hexdigest()
    graph = minter.system_graph("gazetteer")
    if _current(store, graph, digest):
        return False
    lines = "".join(territory_ntriples(load_territories(path), minter)).encode()
    source = nt.iri(graph)
    lines += nt.triple(source, nt.iri(str(DCTERMS.source)), nt.literal(str(path.name))).encode()
    store.load_graph(graph, lines + _stamp(graph, digest), fmt=ox.RdfFormat.N_TRIPLES)
    return True
