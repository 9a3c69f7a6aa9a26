"""One parameter binder: a bad value of a kind is refused the same way by a named query's parameter
and by a REST filter of the same kind (same error class, same message)."""

from __future__ import annotations

import pytest

from regiongraph.api.rest import _bind as rest
from regiongraph.errors import QueryError
from regiongraph.queries import BadParameterError, Binder, Parameter


def named(kind: str, raw: str) -> BadParameterError:
    binder = Binder(resolver=None, minter=None)  # type: ignore[arg-type] - no town parameter here
    with pytest.raises(BadParameterError) as caught:
        binder.term(Parameter("p", kind, None, ""), raw)
    return caught.value


def refused(call) -> BadParameterError:
    with pytest.raises(BadParameterError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize(
    ("kind", "raw", "check"),
    [
        ("code:legal-form", "Not A Code!", lambda v: rest.notation("p", "legal-form", v)),
        ("code:legal-form", "http://example.org/elsewhere", lambda v: rest.notation("p", "legal-form", v)),
        ("iri", "urn:x:not-http", lambda v: rest.iri("p", v)),
        ("iri", "http://example.org/a b", lambda v: rest.iri("p", v)),
        ("year", "1066x", lambda v: rest.integer("p", v, year=True)),
        ("year", "812", lambda v: rest.integer("p", v, year=True)),
        ("integer", "zwölf", lambda v: rest.integer("p", v)),
        ("string", "x" * 501, lambda v: rest.literal("p", v)),
    ],
)
def test_the_same_bad_value_is_refused_the_same_way(kind, raw, check):
    by_query, by_rest = named(kind, raw), refused(lambda: check(raw))
    assert type(by_query) is type(by_rest)
    assert isinstance(by_query, QueryError)  # both answered 400 by the one exception handler
    assert str(by_query) == str(by_rest)
    assert str(by_query).startswith("parameter p: ")


def test_good_values_bind_to_the_same_terms():
    binder = Binder(resolver=None, minter=None)  # type: ignore[arg-type]
    assert binder.term(Parameter("p", "code:field", None, ""), "umwelt-energie-klima-versorgung") == rest.notation(
        "p", "field", "umwelt-energie-klima-versorgung"
    )
    assert binder.term(Parameter("p", "year", None, ""), "2016") == rest.integer("p", 2016, year=True)
