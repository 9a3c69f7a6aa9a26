"""The SPARQL 1.1 query service: limits, federation guard, result serialisation."""

from ._lexer import uses_federation
from .service import Answer, QueryRequest, QueryService, problem

__all__ = ["Answer", "QueryRequest", "QueryService", "problem", "uses_federation"]
