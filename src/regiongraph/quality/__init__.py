"""Metadata quality after the EU Metadata Quality Assessment (MQA), recorded with DQV.

Per record: :func:`add_measurements` scores a mapped dataset on the MQA indicators and
adds the measurements to the record's own graph. Per source: :func:`source_quality` reads
them back, averages them per dimension and ranks the fixes that would raise the score most.
Points and indicators: ``docs/quality.md``.
"""

from ._aggregate import Fix, SourceQuality, aggregate_graph, source_quality
from ._dqv import add_measurements, metric
from ._indicators import DIMENSIONS, INDICATORS, MAX_POINTS, Indicator, dimension_scores, score

__all__ = [
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
]
