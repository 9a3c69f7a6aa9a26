"""What the REST resources are: for each, which graph pattern selects it, its fields, filters, facets, sorts.

The patterns are fixed text written here; request values reach them only as bound variables
(``{v}`` is the variable a field, filter or facet binds; see :mod:`._query`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...namespaces import DCAT, ORG, RG, SCHEMA, code

ROLE_PERFORMER = f"<{code('role', 'performer')}>"
WITHDRAWN = f"<{code('record-status', 'withdrawn')}>"
LABEL = "rdfs:label|skos:prefLabel|dcterms:title|foaf:name"


@dataclass(frozen=True, slots=True)
class Field:
    """One output field: ``pattern`` binds ``{v}`` from ``?s``.

    ``kind``: ``text``, ``number`` (literals), ``code`` (concept → notation and label),
    ``entity`` (IRI with its label), ``iri``, ``count`` (distinct values counted), ``types``.
    """

    name: str
    pattern: str
    kind: str = "text"
    many: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class Filter:
    """A query parameter restricting the list; ``pattern`` uses ``{v}``, the bound value.

    ``parse``: how the raw value becomes a term: ``agent``, ``record``, ``code:<list>``, ``theme``,
    ``literal``, ``year`` (an integer).
    """

    name: str
    pattern: str
    parse: str
    description: str
    example: str | None = None


@dataclass(frozen=True, slots=True)
class Facet:
    """Counts of list members per value of ``pattern`` (multi-valued fields count each value)."""

    name: str
    pattern: str
    kind: str = "code"


@dataclass(frozen=True, slots=True)
class Resource:
    """One REST collection."""

    name: str
    kind: str
    title: str
    select: str
    fields: tuple[Field, ...]
    filters: tuple[Filter, ...] = ()
    facets: tuple[Facet, ...] = ()
    sorts: dict[str, str] = field(default_factory=dict)
    relevant: str = ""
    exclude: str = ""
    details: tuple[Field, ...] = ()
    relations: dict[str, str] = field(default_factory=dict)


_TITLE = Field("title", "?s rdfs:label {v}", description="title (German)")
_ID = Field("identifier", "?s dcterms:identifier {v}", description="id in its source")
_STATUS = Field("status", "?s adms:status {v}", "code", description="status on the source date")
_START = Field("start", "?s schema:startDate {v}", description="start (year, month or date)")
_FIELDS = Field("fields", "?s org:purpose {v}", "code", many=True, description="thematic fields, dimensions")
_PARTNERS = Field(
    "partners", "?s org:hasMembership/org:member {v}", "entity", many=True, description="partners (any role)"
)
_PERFORMERS = Field(
    "performers",
    f"?s org:hasMembership {{v}}_m . {{v}}_m org:role {ROLE_PERFORMER} ; org:member {{v}}",
    "entity",
    many=True,
    description="who performs the task for the others",
)

_REGISTER_DETAILS = (
    Field("description", "?s dcterms:description {v}", description="description as printed"),
    Field("doubts", "?s rg:doubt {v}", many=True, description="recorded doubts about values"),
    Field("source", "?s prov:wasDerivedFrom {v}", "entity", description="source document"),
    Field("source_locator", "?s rg:sourceLocator {v}", description="where in the source document"),
    Field("state_as_of", "?s rg:stateAsOf {v}", description="date whose state the record describes"),
)
_MEMBERS = "?s org:hasMembership ?_m . ?_m org:member ?x ; org:role ?role ."
_LIVE = f"MINUS {{ ?_r foaf:primaryTopic ?x ; adms:status {WITHDRAWN} }}"
_DATASETS_OF = f"?x dcterms:relation|dcterms:isPartOf ?s ; a dcat:Dataset . {_LIVE}"

_F_PARTNER = Filter(
    "partner",
    "?s org:hasMembership {v}_m . {v}_m org:member {v} .",
    "agent",
    "partner by official key (AGS), IRI, organisation id or place name; repeat for all of them",
    "05978020",
)
_F_PERFORMER = Filter(
    "performer",
    f"?s org:hasMembership {{v}}_m . {{v}}_m org:member {{v}} ; org:role {ROLE_PERFORMER} .",
    "agent",
    "partner that performs the task",
    "Kamen",
)
_F_FIELD = Filter("field", "?s org:purpose {v} .", "code:field", "thematic field (notation or IRI)", "verkehr")
_F_DIMENSION = Filter(
    "dimension",
    "?s org:purpose {v} .",
    "code:smart-city-dimension",
    "smart-city dimension (notation or IRI)",
    "smart-mobility",
)
_F_STATUS = Filter("status", "?s adms:status {v} .", "code:status", "status (notation or IRI)", "active")
_F_FROM = Filter(
    "start_from",
    "?s schema:startDate {v}_d . FILTER(YEAR({v}_d) >= {v})",
    "year",
    "started in or after this year",
    "2000",
)
_F_TO = Filter(
    "start_to",
    "?s schema:startDate {v}_d . FILTER(YEAR({v}_d) <= {v})",
    "year",
    "started in or before this year",
    "2020",
)

COOPERATIONS = Resource(
    "cooperations",
    "cooperation",
    "Inter-municipal cooperations",
    "?s a rg:Cooperation .",
    (
        _TITLE,
        _ID,
        Field("table", "?s rg:table {v}", description="source table: a, b or other"),
        Field("legal_form", "?s org:classification {v}", "code", description="legal form"),
        Field("legal_form_text", "?s rg:legalFormText {v}", description="legal form as printed"),
        _STATUS,
        _START,
        _FIELDS,
        _PARTNERS,
        _PERFORMERS,
    ),
    (
        _F_PARTNER,
        _F_PERFORMER,
        _F_FIELD,
        _F_DIMENSION,
        Filter("legal_form", "?s org:classification {v} .", "code:legal-form", "legal form (notation or IRI)", "oerv"),
        _F_STATUS,
        Filter("table", "?s rg:table {v} .", "literal", "source table (a, b, other)", "b"),
        _F_FROM,
        _F_TO,
    ),
    (
        Facet("legal_form", "?s org:classification {v}"),
        Facet("field", "?s org:purpose {v}"),
        Facet("status", "?s adms:status {v}"),
        Facet("partner", "?s org:hasMembership/org:member {v}", "entity"),
        Facet("table", "?s rg:table {v}", "text"),
    ),
    {"title": "?s rdfs:label ?k", "start": "?s schema:startDate ?k", "identifier": "?s dcterms:identifier ?k"},
    details=_REGISTER_DETAILS,
    relations={"memberships": _MEMBERS, "datasets": _DATASETS_OF, "recommendations": "?x rg:resultsIn ?s ."},
)

PROJECT_TYPES = "schema:Project schema:FundingScheme rg:Solution rg:Strategy org:OrganizationalUnit dcat:Catalog"
PROJECTS = Resource(
    "projects",
    "project",
    "Projects, programmes, offices, solutions, portals and strategies",
    f"VALUES ?_type {{ {PROJECT_TYPES} }} ?s a ?_type . ?_record foaf:primaryTopic ?s .",
    (
        _TITLE,
        _ID,
        Field(
            "kind",
            "?s a {v}",
            "types",
            many=True,
            description="project, programme, office, solution, portal or strategy",
        ),
        _STATUS,
        _START,
        Field("end", "?s schema:endDate {v}", description="end"),
        _FIELDS,
        _PARTNERS,
        Field("part_of", "?s dcterms:isPartOf {v}", "entity", many=True, description="larger project or strategy"),
        Field("funding_scheme", "?s rg:fundingScheme {v}", "entity", many=True, description="funding programme"),
    ),
    (
        _F_PARTNER,
        _F_FIELD,
        _F_DIMENSION,
        _F_STATUS,
        Filter(
            "kind", "?s a {v} .", "project-kind", "project, programme, office, solution, portal or strategy", "portal"
        ),
        Filter(
            "part_of",
            "?s dcterms:isPartOf {v} .",
            "record",
            "part of this project (project/<id> or IRI)",
            "project/smart-region-kreis-unna-2024",
        ),
        _F_FROM,
        _F_TO,
    ),
    (
        Facet("field", "?s org:purpose {v}"),
        Facet("status", "?s adms:status {v}"),
        Facet("partner", "?s org:hasMembership/org:member {v}", "entity"),
        Facet("type", "?s a {v}", "iri"),
    ),
    {"title": "?s rdfs:label ?k", "start": "?s schema:startDate ?k", "identifier": "?s dcterms:identifier ?k"},
    details=_REGISTER_DETAILS,
    relations={
        "memberships": _MEMBERS,
        "datasets": _DATASETS_OF,
        "parts": "?x dcterms:isPartOf ?s . FILTER NOT EXISTS { ?x a dcat:Dataset }",
    },
)

ORGANISATIONS = Resource(
    "organisations",
    "organisation",
    "Towns, Kreise and other organisations",
    "?s a org:FormalOrganization .",
    (
        _TITLE,
        _ID,
        Field("classification", "?s org:classification {v}", "code", description="territory type or organisation kind"),
        Field("ags", "?s rg:officialKey {v}", description="official key (territories)"),
        Field("population", "?s rg:population {v}", "number", description="inhabitants (territories)"),
        Field("district", "?s rg:district {v}", "entity", description="the Kreis of a municipality"),
    ),
    (
        Filter(
            "classification",
            "?s org:classification {v} .",
            "classification",
            "territory type (stadt, gemeinde, kreis, …) or organisation kind (company, association, …)",
            "stadt",
        ),
        Filter("district", "?s rg:district {v} .", "agent", "the Kreis, by key, IRI or name", "05978"),
    ),
    (Facet("classification", "?s org:classification {v}"), Facet("district", "?s rg:district {v}", "entity")),
    {"title": "?s rdfs:label ?k", "ags": "?s rg:officialKey ?k", "population": "?s rg:population ?k"},
    # A sub-select, so the few members and publishers are found first, then checked for their type.
    relevant="{ SELECT DISTINCT ?s { { ?_m org:member ?s } UNION { ?_d dcterms:publisher ?s } } }",
    details=(
        Field("official_name", "?s rg:officialName {v}", description="official name with suffix"),
        Field("alternative_names", "?s skos:altLabel {v}", many=True, description="other names"),
        Field("state", "?s rg:state {v}", "entity", description="the Land"),
    ),
    relations={
        "cooperations": "?x org:hasMembership ?_m . ?_m org:member ?s ; org:role ?role . ?x a rg:Cooperation .",
        "projects": "?x org:hasMembership ?_m . ?_m org:member ?s ; org:role ?role . ?x a schema:Project .",
        "datasets": f"?x dcterms:publisher ?s ; a dcat:Dataset . {_LIVE}",
        "municipalities": "?x rg:district ?s .",
    },
)

DATASETS = Resource(
    "datasets",
    "dataset",
    "Datasets (DCAT-AP.de)",
    "?s a dcat:Dataset .",
    (
        Field("title", "?s dcterms:title {v}", description="title"),
        _ID,
        Field("publisher", "?s dcterms:publisher {v}", "entity", description="publisher"),
        Field("themes", "?s dcat:theme {v}", "iri", many=True, description="EU data themes"),
        Field("keywords", "?s dcat:keyword {v}", many=True, description="keywords"),
        Field("modified", "?s dcterms:modified {v}", description="last modified"),
        Field(
            "related",
            "?s dcterms:relation|dcterms:isPartOf {v}",
            "entity",
            many=True,
            description="register records it belongs to",
        ),
    ),
    (
        Filter("publisher", "?s dcterms:publisher {v} .", "agent", "publisher by key, IRI or name", "Kamen"),
        Filter("theme", "?s dcat:theme {v} .", "theme", "EU data theme (code or IRI)", "TRAN"),
        Filter("keyword", "?s dcat:keyword {v}_k . FILTER(STR({v}_k) = {v})", "literal", "keyword, exactly", "Verkehr"),
        Filter(
            "related",
            "?s dcterms:relation|dcterms:isPartOf {v} .",
            "record",
            "belongs to this register record (cooperation/<id>, project/<id> or IRI)",
            "cooperation/ku2016-b-14",
        ),
    ),
    (
        Facet("publisher", "?s dcterms:publisher {v}", "entity"),
        Facet("theme", "?s dcat:theme {v}", "iri"),
        Facet("keyword", "?s dcat:keyword {v}", "text"),
    ),
    # Store order first: sorting 100,000 datasets by a text key costs seconds in Oxigraph, store order nothing.
    {
        "store": "",
        "title": "?s dcterms:title ?k",
        "modified": "?s dcterms:modified ?k",
        "identifier": "?s dcterms:identifier ?k",
    },
    details=(
        Field("description", "?s dcterms:description {v}", description="description"),
        Field("issued", "?s dcterms:issued {v}", description="first published"),
        Field("landing_page", "?s dcat:landingPage {v}", "iri", description="landing page"),
        Field(
            "licenses",
            "?s dcat:distribution/dcterms:license|dcterms:license {v}",
            "iri",
            many=True,
            description="licences",
        ),
        Field(
            "geocoding",
            "?s dcatde:politicalGeocodingURI {v}",
            "iri",
            many=True,
            description="DCAT-AP.de political geocoding",
        ),
    ),
    relations={"distributions": "?s dcat:distribution ?x ."},
    # MINUS, not FILTER NOT EXISTS, and last: the few withdrawn records are found once, after the filters.
    exclude=f"MINUS {{ ?_r foaf:primaryTopic ?s ; adms:status {WITHDRAWN} }}",
)


def _concepts(name: str, scheme: str, title: str, counted: str) -> Resource:
    return Resource(
        name,
        "legal-form" if scheme == "legal-form" else "field",
        title,
        f"?s skos:inScheme <{code(scheme, '')[:-1]}> .",
        (
            Field("title", '?s skos:prefLabel {v} FILTER(LANG({v}) = "de")', description="name (German)"),
            Field("title_en", '?s skos:prefLabel {v} FILTER(LANG({v}) = "en")', description="name (English)"),
            Field("notation", "?s skos:notation {v} FILTER(DATATYPE({v}) = xsd:string)", description="code"),
            Field("broader", "?s skos:broader {v}", "code", description="broader concept"),
            Field("cooperations", f"{counted} {{v}} a rg:Cooperation .", "count", description="cooperations using it"),
            Field("projects", f"{counted} {{v}} a schema:Project .", "count", description="projects using it"),
        ),
        (),
        (),
        {"title": '?s skos:prefLabel ?k FILTER(LANG(?k) = "de")', "notation": "?s skos:notation ?k"},
        details=(Field("definition", '?s skos:definition {v} FILTER(LANG({v}) = "de")', description="definition"),),
        relations={
            "cooperations": f"{counted.replace('{v}', '?x')} ?x a rg:Cooperation .",
            "projects": f"{counted.replace('{v}', '?x')} ?x a schema:Project .",
        },
    )


FIELDS = _concepts("fields", "field", "Thematic fields (RVR Themenfelder)", "{v} org:purpose ?s .")
DIMENSIONS = _concepts("dimensions", "smart-city-dimension", "Smart-city dimensions", "{v} org:purpose ?s .")
LEGAL_FORMS = _concepts(
    "legal-forms", "legal-form", "Legal forms of inter-municipal cooperation", "{v} org:classification ?s ."
)
RESOURCES = {r.name: r for r in (COOPERATIONS, PROJECTS, ORGANISATIONS, DATASETS, FIELDS, DIMENSIONS, LEGAL_FORMS)}
#: rdf:type of a project → its kind, most specific first.
PROJECT_KINDS = {
    str(SCHEMA.FundingScheme): "programme",
    str(ORG.OrganizationalUnit): "office",
    str(RG.Solution): "solution",
    str(DCAT.Catalog): "portal",
    str(RG.Strategy): "strategy",
    str(SCHEMA.Project): "project",
}
