"""The SPARQL 1.1 query service: limits, federation guard, result serialisation."""

from ._lexer import uses_federation
from ._update import PreparedUpdate, UpdateDatasetError, UpdateRequest, prepare_update
from .service import INLINE_SLICE, Answer, QueryRequest, QueryService, problem

__all__ = ["INLINE_SLICE", "Answer", "PreparedUpdate", "QueryRequest", "QueryService", "UpdateDatasetError",
           "UpdateRequest", "prepare_update", "problem", "uses_federation"]
