"""Languages of harvested DCAT text: kept as they come, assigned only where the source declares one.

DCAT-AP 3 and DCAT-AP.de 3 ask for a literal, not a language-tagged one, so an untagged title stays
untagged unless the dataset (or else its catalogue) names exactly one ``dcterms:language``. Then its
untagged titles, descriptions and keywords get that language's tag; a distribution's texts get the one
language the distribution declares, else the dataset's. Each is recorded as the repair
``language-from-dcterms-language``. Nothing is ever guessed
from the text: a catalogue with two languages, or none, leaves the literals alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef

from .._repairs import Repair
from ._repair_terms import Repairs
from ._terms import DCAT, DCTERMS

_AUTHORITY = "http://publications.europa.eu/resource/authority/language/"
_LOC = "http://id.loc.gov/vocabulary/iso639-1/"
#: EU language authority codes (ISO 639-2/3) → BCP 47 primary tags, for the languages EU portals use.
_TAGS = {
    "DEU": "de",
    "ENG": "en",
    "FRA": "fr",
    "ITA": "it",
    "SPA": "es",
    "NLD": "nl",
    "POL": "pl",
    "DAN": "da",
    "SWE": "sv",
    "FIN": "fi",
    "CES": "cs",
    "SLK": "sk",
    "SLV": "sl",
    "HUN": "hu",
    "RON": "ro",
    "BUL": "bg",
    "ELL": "el",
    "EST": "et",
    "LAV": "lv",
    "LIT": "lt",
    "POR": "pt",
    "GLE": "ga",
    "MLT": "mt",
    "HRV": "hr",
    "NOR": "no",
    "NOB": "nb",
    "NNO": "nn",
    "ISL": "is",
    "LTZ": "lb",
    "CAT": "ca",
    "EUS": "eu",
    "GLG": "gl",
    "TUR": "tr",
    "RUS": "ru",
    "UKR": "uk",
    "SRP": "sr",
    "BOS": "bs",
    "MKD": "mk",
    "SQI": "sq",
    "ARA": "ar",
    "ZHO": "zh",
    "JPN": "ja",
    "DSB": "dsb",
    "HSB": "hsb",
    "FRY": "fy",
}
_TWO = frozenset(_TAGS.values())
_TEXTS = (DCTERMS.title, DCTERMS.description, DCAT.keyword)


def declared_tag(values: Iterable[object]) -> str | None:
    """The one BCP 47 tag that ``dcterms:language`` values name (an EU authority IRI, or ``de``), else ``None``."""
    tags = {_tag(str(v).strip()) for v in values}
    tags.discard(None)
    return tags.pop() if len(tags) == 1 else None


def _tag(value: str) -> str | None:
    if value.startswith(_AUTHORITY):
        return _TAGS.get(value[len(_AUTHORITY) :].upper())
    lowered = value.lower()
    return lowered if lowered in _TWO else _TAGS.get(value.upper())


def assign_declared(g: Graph, dataset: URIRef, repairs: Repairs, *, catalog_languages: Iterable[str] = ()) -> None:
    """Tag the untagged texts of ``dataset`` with the one language it (or its catalogue) declares, and those
    of each distribution with the one it declares itself, else the dataset's."""
    tag = declared_tag(g.objects(dataset, DCTERMS.language)) or declared_tag(catalog_languages)
    changed = set()
    for s in (dataset, *g.objects(dataset, DCAT.distribution)):
        own = tag if s == dataset else declared_tag(g.objects(s, DCTERMS.language)) or tag
        if own is not None and _tag_texts(g, s, own):
            changed.add(own)
    fields = "dcterms:title, dcterms:description, dcat:keyword"
    for own in sorted(changed):
        repairs.record(Repair(fields, "language-from-dcterms-language", "no language tag", f"@{own}"))


def _tag_texts(g: Graph, subject: object, tag: str) -> int:
    changed = 0
    for prop in _TEXTS:
        for o in list(g.objects(subject, prop)):
            if isinstance(o, Literal) and o.language is None and o.datatype is None:
                g.remove((subject, prop, o))
                g.add((subject, prop, Literal(str(o), lang=tag)))
                changed += 1
    return changed
