"""The SPARQL 1.1 query service: limits, federation guard, result serialisation."""

from ._lexer import uses_federation
from .service import INLINE_SLICE, Answer, QueryRequest, QueryService, problem

__all__ = ["INLINE_SLICE", "Answer", "QueryRequest", "QueryService", "problem", "uses_federation"]
