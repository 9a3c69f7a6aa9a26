"""Languages of harvested text: the language a source declares, and literals tagged only from it.

Portals write a dataset's language as an ISO 639-1 code (``de``), an ISO 639-2/3 code (``deu``,
``ger``, ``DEU``), a locale (``de-DE``, ``de_DE``) or the EU authority IRI
(``http://publications.europa.eu/resource/authority/language/DEU``). Literals get a language tag
only from such a declaration — never from a guess at the text (issue 15: Chinese and Italian
titles were tagged ``@de``).

DCAT-AP 3 and DCAT-AP.de 3 ask for a literal, not a language-tagged one, so an untagged DCAT title stays
untagged unless the dataset (or else its catalogue) names exactly one ``dcterms:language``. Then its
untagged titles, descriptions and keywords get that language's tag; a distribution's texts get the one
language the distribution declares, else the dataset's. Each is recorded as the repair
``language-from-dcterms-language``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ...namespaces import EULANGUAGE
from .._repairs import Repair
from ._repair_terms import Repairs
from ._terms import DCAT, DCTERMS

#: The EU Publications Office language authority (the code list DCAT-AP names for dcterms:language).
EU_LANGUAGE = str(EULANGUAGE)

#: ISO 639-1 → the EU authority code (ISO 639-3, upper case): the EU languages and the ones portals send most.
_TO_EU = {
    "bg": "BUL",
    "cs": "CES",
    "da": "DAN",
    "de": "DEU",
    "el": "ELL",
    "en": "ENG",
    "es": "SPA",
    "et": "EST",
    "fi": "FIN",
    "fr": "FRA",
    "ga": "GLE",
    "hr": "HRV",
    "hu": "HUN",
    "it": "ITA",
    "lt": "LIT",
    "lv": "LAV",
    "mt": "MLT",
    "nl": "NLD",
    "pl": "POL",
    "pt": "POR",
    "ro": "RON",
    "sk": "SLK",
    "sl": "SLV",
    "sv": "SWE",
    "ca": "CAT",
    "eu": "EUS",
    "gl": "GLG",
    "lb": "LTZ",
    "no": "NOR",
    "nb": "NOB",
    "nn": "NNO",
    "is": "ISL",
    "tr": "TUR",
    "ru": "RUS",
    "uk": "UKR",
    "ar": "ARA",
    "zh": "ZHO",
    "ja": "JPN",
    "ko": "KOR",
    "sr": "SRP",
    "bs": "BOS",
    "sq": "SQI",
    "mk": "MKD",
    "cy": "CYM",
    "fy": "FRY",
    "rm": "ROH",
    "hsb": "HSB",
}
_FROM_EU = {code: lang for lang, code in _TO_EU.items()}
#: ISO 639-2/B codes that differ from the terminology (EU) codes.
_BIBLIOGRAPHIC = {
    "GER": "DEU",
    "FRE": "FRA",
    "DUT": "NLD",
    "CZE": "CES",
    "GRE": "ELL",
    "SLO": "SLK",
    "RUM": "RON",
    "ALB": "SQI",
    "MAC": "MKD",
    "WEL": "CYM",
    "BAQ": "EUS",
    "ICE": "ISL",
    "CHI": "ZHO",
}
_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$", re.I)


def eu_code(value: str) -> str | None:
    """The EU authority code (``DEU``) of a declared language, ``None`` if it names none we know."""
    text = str(value).strip()
    if text.lower().startswith(EU_LANGUAGE.lower()):
        text = text[len(EU_LANGUAGE) :]
    text = text.rstrip("/").replace("_", "-")
    upper = text.upper()
    if upper in _FROM_EU:
        return upper
    if upper in _BIBLIOGRAPHIC:
        return _BIBLIOGRAPHIC[upper]
    return _TO_EU.get(text.split("-", 1)[0].lower())


def language_tag(value: str) -> str | None:
    """A BCP 47 tag for a declared language (``deu`` → ``de``, ``de_DE`` → ``de-DE``), ``None`` if unknown."""
    text = str(value).strip().replace("_", "-")
    code = eu_code(text)
    if code is not None:
        if _TAG.match(text) and "-" in text and len(text.split("-", 1)[0]) == 2:
            head, rest = text.split("-", 1)
            return f"{head.lower()}-{rest.upper() if len(rest) == 2 else rest}"
        return _FROM_EU.get(code)
    return text.lower() if _TAG.match(text) and len(text) <= 3 else None


def eu_iri(value: str) -> str | None:
    """The EU authority IRI for a declared language, ``None`` if it names none we know."""
    code = eu_code(value)
    return f"{EU_LANGUAGE}{code}" if code else None


_TEXTS = (DCTERMS.title, DCTERMS.description, DCAT.keyword)


def declared_tag(values: Iterable[object]) -> str | None:
    """The one BCP 47 tag that ``dcterms:language`` values name (an EU authority IRI, or ``de``), else ``None``."""
    tags = {language_tag(str(v)) for v in values}
    tags.discard(None)
    return tags.pop() if len(tags) == 1 else None


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


def _tag_texts(g: Graph, subject: Node, tag: str) -> int:
    changed = 0
    for prop in _TEXTS:
        for o in list(g.objects(subject, prop)):
            if isinstance(o, Literal) and o.language is None and o.datatype is None:
                g.remove((subject, prop, o))
                g.add((subject, prop, Literal(str(o), lang=tag)))
                changed += 1
    return changed
