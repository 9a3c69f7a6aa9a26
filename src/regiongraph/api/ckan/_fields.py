"""CKAN search fields as SPARQL patterns over a catalogue item (``?g`` its graph, ``?d`` its entity).

Each field is a few alternative patterns binding ``?fv`` to the string CKAN shows for it; a
filter ``field:value`` is ``EXISTS { alternative FILTER(?fv = value) } || …`` and a facet
counts items per ``?fv``. The values are those :mod:`._packages` writes into the package dicts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from ... import ntriples as nt
from ...catalog import FILE_TYPE, LEAD, Selection, parse_datetime, sparql_id, sparql_name, sparql_slug
from ...errors import QueryError
from ...mapping.dcat import format_iri, licence_id
from ...namespaces import DCATDE_LICENCE, EUTHEME, XSD, sparql_prologue
from ...store import GraphStore

LICENCES = str(DCATDE_LICENCE)
REGISTER = "VALUES ?kind0 { rg:Cooperation schema:Project } GRAPH ?g { ?d a ?kind0 }"
_TAGS = (
    "GRAPH ?g { ?d dcat:keyword ?k0 } BIND(STR(?k0) AS ?fv)",
    r"""GRAPH ?g { ?d org:purpose|org:classification ?k1 } ?k1 skos:prefLabel ?k0
        FILTER(LANGMATCHES(LANG(?k0), "de")) BIND(REPLACE(STR(?k0), "\\s*/\\s*", " - ") AS ?fv)""",
    'GRAPH ?g { ?d a rg:Cooperation } BIND("Interkommunale Zusammenarbeit" AS ?fv)',
)
_THEME = f'FILTER(STRSTARTS(STR(?t0), "{EUTHEME}")) BIND(LCASE(STRAFTER(STR(?t0), "{EUTHEME}")) AS ?fv)'
_GROUPS = (
    "GRAPH ?g { ?d rg:ckanGroup ?n0 } BIND(STR(?n0) AS ?fv)",
    f"GRAPH ?g {{ ?d dcat:theme ?t0 }} FILTER NOT EXISTS {{ GRAPH ?g {{ ?d rg:ckanName ?x0 }} }} {_THEME}",
    f"GRAPH ?g {{ ?d org:purpose ?f0 }} ?f0 skos:closeMatch ?t0 {_THEME}",
)
_FORMATS = (
    f"""GRAPH ?g {{ ?d dcat:distribution ?x0 . ?x0 dcterms:format ?f0 }}
        BIND(IF(STRSTARTS(STR(?f0), "{FILE_TYPE}"), STRAFTER(STR(?f0), "{FILE_TYPE}"), STR(?f0)) AS ?fv)""",
    f'{REGISTER} VALUES ?fv {{ "RDF_TURTLE" "JSON_LD" }}',
)


def _licence_branches(default: str) -> tuple[str, ...]:
    tail = f'BIND(IF(STRSTARTS(STR(?l0), "{LICENCES}"), STRAFTER(STR(?l0), "{LICENCES}"), STR(?l0)) AS ?fv)'
    return f"GRAPH ?g {{ ?d dcterms:license ?l0 }} {tail}", f"{REGISTER} BIND(<{default}> AS ?l0) {tail}"


def publisher_branches(default: str, base_iri: str) -> tuple[str, ...]:
    """Each binds ``?p0`` to an item's publisher and ``?fv`` to its organisation name (as :mod:`._packages`)."""
    lead = f"GRAPH ?g {{ ?d org:hasMembership ?m0 . ?m0 org:role <{LEAD}> ; org:member ?p0 }} FILTER(isIRI(?p0))"
    other = lead.replace("?m0", "?m1").replace("?p0", "?p1")
    # One publisher an item, as the feed names it: the lead partner with the smallest IRI.
    first = f"{lead} FILTER NOT EXISTS {{ {other} FILTER(STR(?p1) < STR(?p0)) }}"
    name = f"""OPTIONAL {{ GRAPH ?g {{ ?p0 foaf:name ?pn0 }} }} OPTIONAL {{ ?p0 skos:prefLabel ?pn1 }}
        BIND(COALESCE(?pn0, ?pn1) AS ?pl0)
        BIND(COALESCE(?kept0, IF(BOUND(?pl0), {sparql_slug("?pl0")}, {sparql_name("?p0", base_iri)})) AS ?fv)"""
    # A harvested dataset keeps its source portal's organisation name (rg:ckanOrganization), as packages show it.
    kept = "OPTIONAL { GRAPH ?g { ?d rg:ckanOrganization ?o0 } } BIND(STR(?o0) AS ?kept0)"
    return (
        f"GRAPH ?g {{ ?d dcterms:publisher ?p0 }} {kept} {name}",
        f"{first} {name}",
        f"{REGISTER} FILTER NOT EXISTS {{ {other} }} BIND(<{default}> AS ?p0) {name}",
    )


@dataclass(frozen=True, slots=True)
class Field:
    """One searchable CKAN field: alternative patterns binding ``?fv``, and how a filter value is normalised.

    The alternatives are kept apart (not one UNION): each is joined with the item pattern
    on its own, which Oxigraph evaluates item by item instead of over the whole store.
    """

    branches: tuple[str, ...]
    normalise: Callable[[str], str] = str

    def exists(self, var: str) -> str:
        """A filter expression: some alternative gives ``?fv = var``."""
        return " || ".join(f"EXISTS {{ {b} FILTER(?fv = {var}) }}" for b in self.branches)

    def joined(self, where: str, extra: str = "") -> str:
        """A group pattern giving ``?fv`` for every item of ``where`` (a selection's pattern), ``extra`` applied."""
        return " UNION ".join(f"{{ {where} {b} {extra} }}" for b in self.branches)


def _format_code(value: str) -> str:
    iri = format_iri(value)
    return iri[len(FILE_TYPE) :] if iri and iri.startswith(FILE_TYPE) else value


def fields(default_publisher: str, licence: str, base_iri: str) -> dict[str, Field]:
    """The fields ``fq`` and ``facet.field`` accept."""
    return {
        "tags": Field(_TAGS),
        "groups": Field(_GROUPS),
        "res_format": Field(_FORMATS, _format_code),
        "license_id": Field(_licence_branches(licence), lambda v: licence_id(v) or v),
        "organization": Field(publisher_branches(default_publisher, base_iri)),
        "name": Field(
            (
                f"OPTIONAL {{ GRAPH ?g {{ ?d rg:ckanName ?n0 }} }} "
                f"BIND(COALESCE(STR(?n0), {sparql_name('?d', base_iri)}) AS ?fv)",
            )
        ),
        "id": Field(
            ("GRAPH ?g { ?d dcterms:identifier ?i0 } BIND(STR(?i0) AS ?fv)", f"BIND({sparql_id('?d')} AS ?fv)")
        ),
    }


#: One term of ``fq``, matched where the previous one ended (possessive: each character is read once, so
#: even 40 kB of ``fq`` cost a linear scan; an unanchored search backtracked quadratically).
_TERM = re.compile(
    r"\s*+(?:(?P<op>OR|AND)(?=\s|$)|(?P<all>\*:\*)|(?P<sign>[+-]?)(?P<field>[A-Za-z_.]++):"
    r'(?P<value>"(?:[^"\\]|\\.)*+"|\[[^\]]*+\]|\S++))'
)
_RANGE = re.compile(r"^\[\s*(\S+)\s+TO\s+(\S+)\s*\]$")  # anchored, disjoint classes: linear
#: Most terms one ``fq`` may hold.
MAX_TERMS = 64
_DATE_FIELDS = {"metadata_modified": "?m", "metadata_created": "?c"}


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _solr_date(text: str) -> str | None:
    """A Solr date bound: ``*`` (open), ``NOW``, or ISO 8601 as CKAN harvesters send it."""
    return None if text == "*" else text


def _terms(fq: str) -> list[re.Match[str]]:
    """The terms of ``fq`` in order.

    Raises:
        QueryError: something that is no term, or more than :data:`MAX_TERMS` terms.
    """
    hits, pos = [], 0
    while (hit := _TERM.match(fq, pos)) is not None and hit.end() > pos:
        hits.append(hit)
        pos = hit.end()
        if len(hits) > MAX_TERMS:
            raise QueryError(f"the filter query holds more than {MAX_TERMS} terms")
    leftover = fq[pos:].strip()
    if leftover:
        raise QueryError(f"cannot parse the filter query near {leftover[:40]!r}")
    return hits


class FilterQuery:
    """Turns ``fq`` (Solr syntax as CKAN clients send it) into clauses of a :class:`Selection`.

    Understood: ``field:value``, ``field:"quoted value"``, ``-field:value`` (negation),
    ``a OR b`` (either), ``metadata_modified:[X TO *]`` / ``[X TO Y]`` ranges and
    ``dataset_type:dataset``; terms are joined by AND, as CKAN's facet filters combine them.
    """

    def __init__(self, selection: Selection, known: dict[str, Field], store: GraphStore | None = None) -> None:
        self.selection, self.known, self.store = selection, known, store

    def add(self, fq: str) -> None:
        """Add every term of ``fq``.

        Raises:
            QueryError: a term names an unknown field, or its value or range is malformed.
        """
        groups: list[list[tuple[bool, str, str]]] = []
        join_next = False
        for hit in _terms(fq):
            if hit.group("op"):
                join_next = hit.group("op") == "OR"
                continue
            if hit.group("all"):
                continue
            term = (hit.group("sign") == "-", hit.group("field"), _unquote(hit.group("value")))
            if join_next and groups:
                groups[-1].append(term)
            else:
                groups.append([term])
            join_next = False
        for group in groups:
            negated, name, value = group[0]
            if len(group) == 1 and not negated and name in self.known and self.store is not None:
                self._match(self.known[name], value, store=self.store)
                continue
            self.selection.clauses.append(
                "FILTER("
                + " || ".join(
                    (f"!({t})" if neg else f"({t})") for neg, t in ((n, self._term(f, v)) for n, f, v in group)
                )
                + ")"
            )

    def _match(self, field: Field, value: str, *, store: GraphStore) -> None:
        """A plain ``field:value``: the matching records, found with one join per alternative (fast in
        Oxigraph, where an EXISTS per item is not), restrict the selection."""
        probe = Selection(self.selection.base_iri)
        var = probe.bind(ox.Literal(field.normalise(value)))
        matches = field.joined(probe.where(), f"FILTER(?fv = {var})")
        query = f"{sparql_prologue()}SELECT DISTINCT ?r WHERE {{ {matches} }}"
        records = [row["r"].value for row in store.select(query)]
        self.selection.clauses.append(
            f"VALUES ?r {{ {' '.join(nt.iri(r) for r in records)} }}" if records else "FILTER(false)"
        )

    def _term(self, name: str, value: str) -> str:
        if name in _DATE_FIELDS:
            return self._range(_DATE_FIELDS[name], value)
        if name == "dataset_type":
            return "true" if value == "dataset" else "false"
        if name == "capacity":
            return "true" if value == "public" else "false"
        field = self.known.get(name)
        if field is None:
            raise QueryError(
                f"unknown search field {name!r}; known: {', '.join(sorted(self.known))}, "
                "metadata_modified, metadata_created"
            )
        return field.exists(self.selection.bind(ox.Literal(field.normalise(value))))

    def _range(self, var: str, value: str) -> str:
        match = _RANGE.match(value)
        if match is None:
            when = parse_datetime(value.rstrip("Z") if value.endswith("Z") else value)
            return f"({var} = {self.selection.bind(_dt(when))})"
        low, high = (_solr_date(x) for x in match.groups())
        parts = []
        if low:
            parts.append(f"{var} >= {self.selection.bind(_dt(_parse_bound(low)))}")
        if high:
            parts.append(f"{var} <= {self.selection.bind(_dt(_parse_bound(high)))}")
        return " && ".join(parts) or "true"


def _parse_bound(text: str) -> datetime:
    if text.upper() == "NOW":
        return datetime.now(UTC)
    return parse_datetime(text)


def _dt(value: datetime) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=ox.NamedNode(str(XSD.dateTime)))
