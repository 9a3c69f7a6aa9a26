"""The exported names of every package face, pinned: a name added, removed or renamed shows here.

``__all__`` is what a package promises to the rest of the project and to its users; the layering
test (tests/test_layers.py) checks that nobody reaches past it into a private module.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: Names listed before their module exists in this tree. ``Instance`` comes with S18A's
#: ``regiongraph.instance``; empty this set when that work is merged.
PENDING = {("regiongraph", "Instance")}

SURFACE: dict[str, list[str]] = {
    "regiongraph": [
        "ConfigError",
        "GraphStore",
        "Instance",
        "Pipeline",
        "QueryError",
        "RecordError",
        "RegionGraphError",
        "ResolutionError",
        "SearchError",
        "Settings",
        "StoreError",
        "StoreLockedError",
        "SyncError",
        "TokenRejectedError",
        "UnknownQueryError",
        "UnknownSourceError",
        "__version__",
        "create_app",
    ],
    "regiongraph.api": [
        "conditional",
        "create_api",
        "problem",
    ],
    "regiongraph.api.ckan": [
        "ACTIONS",
        "router",
    ],
    "regiongraph.api.rest": [
        "PROJECT_KINDS",
        "RESOURCES",
        "Resource",
        "RestService",
        "UnavailableError",
        "detail_query",
        "facet_query",
        "install",
        "page_query",
        "relation_query",
        "run",
        "values",
    ],
    "regiongraph.api.server": [
        "JoinedWrites",
        "JoinedWritesProtocol",
        "die_with",
        "listen",
        "serve",
        "worker_app",
    ],
    "regiongraph.api.sparql": [
        "SparqlFastPath",
        "router",
    ],
    "regiongraph.catalog": [
        "FILE_TYPE",
        "FORMATS",
        "HYDRA",
        "LEAD",
        "Context",
        "Item",
        "Paging",
        "Selection",
        "build_packages",
        "ckan_time",
        "construct_query",
        "context_for",
        "describe_items",
        "filter_text",
        "package_id",
        "package_name",
        "parse_datetime",
        "render_page",
        "slug",
        "sparql_id",
        "sparql_name",
        "sparql_slug",
    ],
    "regiongraph.cli": [
        "main",
    ],
    "regiongraph.dumps": [
        "LEFT_OUT",
        "Dump",
        "describe_dump",
        "describe_series",
        "dump_iri",
        "feed_triples",
        "file_url",
        "genid_prefix",
        "latest_dump_url",
        "list_dumps",
        "listing_url",
        "prune",
        "publisher_name",
        "root_of",
        "run_prefix",
        "series_iri",
        "write_dump",
    ],
    "regiongraph.gazetteer": [
        "ATTRIBUTION",
        "DIRECTORY_FILE",
        "LICENCE_IRI",
        "PLATES",
        "REFERENCE_DATE",
        "Resolver",
        "Territory",
        "load_territories",
        "normalise",
        "read_directory",
        "territory_iri",
        "territory_ntriples",
    ],
    "regiongraph.harvest": [
        "REGISTRY",
        "HarvestOutcome",
        "HarvestStart",
        "Harvester",
        "HarvesterFactory",
        "RegisterHarvester",
        "SourceRecord",
        "content_hash",
        "harvester_for",
        "read_register",
    ],
    "regiongraph.mapping": [
        "DATASET_KINDS",
        "PROFILES",
        "MappingContext",
        "OrganisationIndex",
        "add_quality",
        "map_record",
    ],
    "regiongraph.mapping.dcat": [
        "DEFAULT_PROFILES",
        "PROFILES",
        "Backward",
        "Forward",
        "Profile",
        "dataset_graph_from_dcat",
        "format_iri",
        "format_label",
        "graph_to_package",
        "language_tag",
        "licence_id",
        "licence_iri",
        "media_type_iri",
        "minted_dataset",
        "package_to_graph",
        "profiles_for",
    ],
    "regiongraph.network": [
        "KINDS",
        "RECORD_KINDS",
        "SEED",
        "TABLES",
        "Agent",
        "CsvPart",
        "FilterError",
        "Filters",
        "GraphKind",
        "Network",
        "NetworkFormat",
        "Participation",
        "Record",
        "Register",
        "SnapshotCache",
        "active_span",
        "build_network",
        "read_register",
        "serialize",
        "timeline",
        "timeline_csv",
    ],
    "regiongraph.pipeline": [
        "PUBLISHED",
        "QUARANTINED",
        "WITHDRAWN",
        "BuildReport",
        "HarvestServices",
        "Pipeline",
        "Progress",
        "RunReport",
        "build",
        "catalog_record",
        "declaration_folders",
        "declared_sources",
        "harvest_register",
        "harvest_source",
        "mark_interrupted",
        "quarantined",
        "repair_counts",
        "repairs",
        "select_sources",
        "stale_records",
        "store_status",
    ],
    "regiongraph.quality": [
        "DIMENSIONS",
        "INDICATORS",
        "MAX_POINTS",
        "Fix",
        "Indicator",
        "SourceQuality",
        "add_measurements",
        "aggregate_graph",
        "dimension_scores",
        "metric",
        "score",
        "source_quality",
    ],
    "regiongraph.search": [
        "KINDS",
        "Document",
        "Hit",
        "Query",
        "SearchIndex",
        "SyncReport",
        "after_write",
        "fold",
        "index_for",
        "snippet",
        "sync_index",
        "token",
        "tokens",
    ],
    "regiongraph.sparql": [
        "INLINE_SLICE",
        "Answer",
        "PreparedUpdate",
        "QueryRequest",
        "QueryService",
        "SaturatedError",
        "UpdateDatasetError",
        "UpdateRequest",
        "confine_thread",
        "prepare_update",
        "problem",
        "uses_federation",
    ],
    "regiongraph.store": [
        "EmbeddedStore",
        "GraphStore",
        "LockHolder",
        "QueryOptions",
        "QueryResult",
        "RemoteStore",
        "SnapshotStore",
        "UpdateStep",
        "apply_update",
        "current_snapshot",
        "inject_values",
        "open_store",
        "publish",
        "writing",
    ],
    "regiongraph.sync": [
        "OWNER_EXTRA",
        "Change",
        "SyncError",
        "SyncReport",
        "Target",
        "TokenRejectedError",
        "apply",
        "desired_packages",
        "diff",
        "mapped_fields",
        "plan",
        "sync",
        "sync_ckan",
        "writable",
    ],
    "regiongraph.transfer": [
        "HOLDER_KINDS",
        "RADIUS_KM",
        "SCORING",
        "WEIGHTS",
        "TransferError",
        "UnknownRecordError",
        "find_adopters",
        "find_holders",
        "haversine_km",
    ],
    "regiongraph.web": [
        "WebState",
        "fact_sheet",
        "install",
    ],
}


def _faces() -> list[str]:
    return sorted(".".join(p.parent.relative_to(SRC).parts) for p in (SRC / "regiongraph").rglob("__init__.py"))


def _isort_key(name: str) -> tuple[int, str]:
    """Ruff's (RUF022) order: SCREAMING_CASE, then CamelCase, then the rest, each alphabetically."""
    if re.fullmatch(r"[A-Z0-9_]+", name) and not name.startswith("__"):
        return 0, name
    return (1 if name[:1].isupper() else 2), name


def test_every_package_face_is_pinned():
    assert sorted(SURFACE) == _faces()


@pytest.mark.parametrize("package", sorted(SURFACE))
def test_the_face_exports_exactly_the_pinned_names_sorted(package):
    exported = importlib.import_module(package).__all__
    assert exported == SURFACE[package]
    assert exported == sorted(exported, key=_isort_key), "__all__ is kept sorted"
    assert len(set(exported)) == len(exported)


@pytest.mark.parametrize("package", sorted(SURFACE))
def test_every_exported_name_is_importable(package):
    module = importlib.import_module(package)
    for name in SURFACE[package]:
        if (package, name) in PENDING:
            continue
        assert getattr(module, name) is not None, f"{package}.{name}"


def test_the_top_face_exports_the_whole_error_tree():
    errors = importlib.import_module("regiongraph.errors")
    tree = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, Exception) and value.__module__ == errors.__name__
    }
    assert len(tree) == 12
    assert tree <= set(SURFACE["regiongraph"])
    top = importlib.import_module("regiongraph")
    assert all(getattr(top, name) is getattr(errors, name) for name in tree)


def test_the_top_face_offers_settings_store_pipeline_app_and_instance():
    assert {"Settings", "GraphStore", "Pipeline", "create_app", "Instance"} <= set(SURFACE["regiongraph"])
    top = importlib.import_module("regiongraph")
    store, app = importlib.import_module("regiongraph.store"), importlib.import_module("regiongraph.app")
    assert top.GraphStore is store.GraphStore and top.create_app is app.create_app
