"""The named queries of ``queries/`` as examples for the query page, bound on the server.

Parameter values are turned into RDF terms by :class:`~regiongraph.queries.Binder` and placed in
a ``VALUES`` block by :func:`~regiongraph.store._binding.inject_values`: the browser never pastes
values into query text, it only receives the finished query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..errors import QueryError
from ..instance import Instance
from ..queries import Parameter, find_query
from ..store import inject_values


@dataclass(frozen=True, slots=True)
class Example:
    """A named query ready for the editor: its header, and its text with the default values bound."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str


def bind_example(instance: Instance, name: str, values: Mapping[str, str]) -> str:
    """The text of named query ``name`` with ``values`` (defaults for the rest) bound in ``VALUES``.

    Args:
        instance: its named queries, and its binder (base IRI and resolver) for ``town`` parameters.
        name: the query's name (file stem).
        values: parameter values as typed by the user.
    Raises:
        QueryError: unknown query, unknown parameter or a value that does not fit its type.
    """
    query = find_query(instance.named_queries, name)
    if not query.parameters and not values:
        return query.text
    return inject_values(query.text, instance.binder.bind(query, values))


@lru_cache(maxsize=4)
def examples(instance: Instance) -> tuple[Example, ...]:
    """Every named query, with its defaults bound (unbound text if a default does not resolve)."""
    out = []
    for query in instance.named_queries.values():
        try:
            text = bind_example(instance, query.name, {})
        except QueryError:
            text = query.text
        out.append(Example(query.name, query.title, query.description, query.parameters, text))
    return tuple(out)
