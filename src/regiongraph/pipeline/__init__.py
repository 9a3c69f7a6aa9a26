"""The harvest composition: fetch a declared source, map, check and write its records, and read back what was written.

Every source type goes through :func:`harvest_source` (the harvester comes from
:func:`regiongraph.harvest.harvester_for`); :func:`build` fills a new store with the reference
graphs and the bundled register. The ledger functions read the catalog records and runs the
pipeline writes (what the ``status`` and ``report`` commands show).
"""

from ._build import BuildReport, build, harvest_register
from ._ledger import mark_interrupted, quarantined, repair_counts, repairs, stale_records, store_status
from ._pipeline import PUBLISHED, QUARANTINED, WITHDRAWN, Pipeline, RunReport
from ._records import catalog_record
from ._runs import Progress, declaration_folders, declared_sources, harvest_source, select_sources
from ._services import HarvestServices

__all__ = [
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
]
