"""The SPARQL 1.1 query service: limits, federation guard, result serialisation."""

from ._executor import SaturatedError
from ._lexer import uses_federation
from ._sandbox import confine_thread
from ._update import PreparedUpdate, UpdateDatasetError, UpdateRequest, prepare_update
from .service import INLINE_SLICE, Answer, QueryRequest, QueryService, problem

__all__ = [
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
]
