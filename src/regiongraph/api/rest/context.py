"""The JSON-LD ``@context`` of the REST API, published at ``/api/v1/context.jsonld``.

Keys map to the vocabularies the graph uses, so a JSON-LD processor reads a REST answer as
the same statements the SPARQL endpoint holds. Paging and facet keys are left unmapped.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from ...namespaces import HYDRA, PREFIXES
from ._render import CONTEXT_PATH, dump

router = APIRouter(tags=["REST"])

_IRI = {"@type": "@id"}
CONTEXT = {
    "@context": {
        **{
            p: PREFIXES[p]
            for p in ("rg", "org", "schema", "dcat", "dcterms", "dcatde", "adms", "skos", "rdfs", "foaf", "prov", "xsd")
        },
        "hydra": str(HYDRA),
        "id": "@id",
        "items": {"@id": "hydra:member", "@container": "@set"},
        "next": {"@id": "hydra:next", **_IRI},
        "title": "dcterms:title",
        "title_en": {"@id": "skos:prefLabel", "@language": "en"},
        "label": "rdfs:label",
        "notation": "skos:notation",
        "identifier": "dcterms:identifier",
        "description": "dcterms:description",
        "table": "rg:table",
        "legal_form": {"@id": "org:classification", **_IRI},
        "legal_form_text": "rg:legalFormText",
        "classification": {"@id": "org:classification", **_IRI},
        "status": {"@id": "adms:status", **_IRI},
        "start": "schema:startDate",
        "end": "schema:endDate",
        "fields": {"@id": "org:purpose", **_IRI},
        "partners": None,  # memberships carry roles; see the detail view and the graph
        "part_of": {"@id": "dcterms:isPartOf", **_IRI},
        "funding_scheme": {"@id": "rg:fundingScheme", **_IRI},
        "ags": "rg:officialKey",
        "population": {"@id": "rg:population", "@type": "xsd:integer"},
        "district": {"@id": "rg:district", **_IRI},
        "state": {"@id": "rg:state", **_IRI},
        "official_name": "rg:officialName",
        "alternative_names": "skos:altLabel",
        "publisher": {"@id": "dcterms:publisher", **_IRI},
        "themes": {"@id": "dcat:theme", **_IRI},
        "keywords": "dcat:keyword",
        "modified": "dcterms:modified",
        "issued": "dcterms:issued",
        "landing_page": {"@id": "dcat:landingPage", **_IRI},
        "licenses": {"@id": "dcterms:license", **_IRI},
        "geocoding": {"@id": "dcatde:politicalGeocodingURI", **_IRI},
        "related": {"@id": "dcterms:relation", **_IRI},
        "distributions": {"@id": "dcat:distribution", **_IRI},
        "broader": {"@id": "skos:broader", **_IRI},
        "definition": "skos:definition",
        "doubts": "rg:doubt",
        "source": {"@id": "prov:wasDerivedFrom", **_IRI},
        "source_locator": "rg:sourceLocator",
        "state_as_of": "rg:stateAsOf",
        "roles": {"@id": "org:role", **_IRI},
    }
}


@router.get(
    CONTEXT_PATH,
    summary="JSON-LD context of the REST API",
    response_class=Response,
    responses={200: {"content": {"application/ld+json": {}}}},
)
def context() -> Response:
    return Response(
        dump(CONTEXT),
        media_type="application/ld+json",
        headers={"Cache-Control": "public, max-age=86400", "Access-Control-Allow-Origin": "*"},
    )
