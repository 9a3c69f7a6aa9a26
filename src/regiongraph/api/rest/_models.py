"""Response models, generated from the resource specs, so the OpenAPI description is complete.

The handlers serialise plain dicts themselves (fast); these models describe exactly those dicts.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from ...namespaces import code
from ._spec import Field as SpecField
from ._spec import Resource


class CodeRef(BaseModel):
    """A concept of a code list."""

    id: str = Field(description="IRI of the concept")
    notation: str = Field(description="its code")
    label: str | None = Field(None, description="German name")

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": code("legal-form", "oerv"),
                "notation": "oerv",
                "label": "öffentlich-rechtliche Vereinbarung",
            }
        }
    )


class EntityRef(BaseModel):
    """Another entity of the graph, with its label."""

    id: str = Field(description="IRI (dereferenceable under /id/)")
    label: str | None = Field(None, description="its label")

    model_config = ConfigDict(
        json_schema_extra={"example": {"id": "http://127.0.0.1:8000/id/ags/05978020", "label": "Kamen"}}
    )


class Related(EntityRef):
    """A related entity; ``roles`` where the relation is a membership."""

    roles: list[CodeRef] | None = Field(None, description="roles (lead, performer, member, associate)")


class FacetValue(BaseModel):
    """One value of a facet and how many list members have it."""

    value: str = Field(description="IRI, notation or literal")
    label: str | None = Field(None, description="label of the value")
    count: int = Field(description="members with this value")


class Problem(BaseModel):
    """An RFC 9457 problem (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "type": "https://w3id.org/regiongraph/problems/bad-parameter",
                "title": "Bad parameter",
                "status": 400,
                "detail": "parameter partner: 'Atlantis' is neither an official key, an IRI, an organisation id nor a "
                "known place",
            }
        }
    )


_PY: dict[str, Any] = {
    "text": str | None,
    "number": int | float | None,
    "code": CodeRef | None,
    "entity": EntityRef | None,
    "iri": str | None,
    "count": int,
    "types": str | None,
}
_MANY: dict[str, Any] = {"text": list[str], "code": list[CodeRef], "entity": list[EntityRef], "iri": list[str]}


def _field(f: SpecField) -> tuple[Any, Any]:
    kind = _MANY[f.kind] if f.many and f.kind != "types" else _PY[f.kind]
    default: list[Any] | int | None = [] if f.many and f.kind != "types" else (0 if f.kind == "count" else None)
    return kind, Field(default, description=f.description)


def _pascal(name: str) -> str:
    return "".join(p.capitalize() for p in name.replace("-", "_").split("_"))


_MODELS: dict[tuple[str, str], type[BaseModel]] = {}


def _once(kind: str):
    """Build each resource's model once (resources hold dicts, so they are not hashable for functools.cache)."""

    def wrap(build):
        def get(resource: Resource) -> type[BaseModel]:
            key = (kind, resource.name)
            if key not in _MODELS:
                _MODELS[key] = build(resource)
            return _MODELS[key]

        return get

    return wrap


@_once("item")
def item_model(resource: Resource) -> type[BaseModel]:
    """The model of one list item of ``resource``."""
    fields: dict[str, Any] = {f.name: _field(f) for f in resource.fields}
    return create_model(f"{_pascal(resource.kind)}Item", id=(str, Field(description="IRI")), **fields)


@_once("page")
def page_model(resource: Resource) -> type[BaseModel]:
    """The model of one list page."""
    item: Any = item_model(resource)  # a class made at run time, which mypy cannot take as a type argument
    return create_model(
        f"{_pascal(resource.name)}Page",
        items=(list[item], ...),
        limit=(int, Field(description="page size")),
        offset=(int, Field(description="members skipped")),
        next=(str | None, Field(None, description="URL of the next page, absent on the last")),
        facets=(dict[str, list[FacetValue]], Field(default_factory=dict, description="requested facets")),
        context=(str | None, Field(None, alias="@context", description="JSON-LD context (format jsonld)")),
    )


@_once("detail")
def detail_model(resource: Resource) -> type[BaseModel]:
    """The model of one member with its details and related entities."""
    details: dict[str, Any] = {f.name: _field(f) for f in resource.details}
    relations: dict[str, Any] = {name: (list[Related], Field(default_factory=list)) for name in resource.relations}
    return create_model(
        f"{_pascal(resource.kind)}Detail",
        __base__=item_model(resource),
        context=(str | None, Field(None, alias="@context")),
        **details,
        **relations,
    )
