"""Language codes as portals write them, and the EU authority's: ISO 639-1/2/3, locales, BCP 47 tags.

A declaration (``[mapping] language``) and the mapping both read a language through these tables, so
they live below both (the harvest layer checks a declaration; the mapping tags literals with it).
"""

from __future__ import annotations

import re

from .namespaces import EULANGUAGE

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
