"""The official German municipality directory as organisations, and a resolver for their names."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ._directory import ATTRIBUTION, LICENCE_IRI, REFERENCE_DATE, Territory, read_directory
from ._graph import territory_iri, territory_ntriples
from ._resolver import PLATES, Resolver, normalise

DIRECTORY_FILE = ("harvesters", "gazetteer", "destatis-gv-auszug-2020q4.csv")

__all__ = [
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
]


@lru_cache(maxsize=4)
def load_territories(path: Path) -> tuple[Territory, ...]:
    """All territories of the directory file at ``path`` (parsed once per process)."""
    return tuple(read_directory(path))
