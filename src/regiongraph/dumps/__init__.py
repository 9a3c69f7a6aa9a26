"""Dated, byte-reproducible dumps of the store, their folder, and their description (DCAT series, VoID).

``write_dump`` writes ``regiongraph-YYYY-MM-DD.nq.gz`` (sorted N-Quads, blank nodes skolemised,
``gzip -n``), its ``.sha256`` and a manifest; ``list_dumps`` reads the folder; ``prune`` keeps the
newest N. The descriptions are built from the manifests for any public root URL.
"""

from ._describe import (
    describe_dump,
    describe_series,
    dump_iri,
    file_url,
    listing_url,
    publisher_name,
    root_of,
    series_iri,
)
from ._folder import Dump, list_dumps, prune
from ._pointers import feed_triples, latest_dump_url
from ._skolem import genid_prefix
from ._writer import LEFT_OUT, run_prefix, write_dump

__all__ = [
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
]
