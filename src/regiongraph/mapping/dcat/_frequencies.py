"""Update frequencies in words → the EU frequency authority table (DCAT-AP 3's ``dcterms:accrualPeriodicity``).

The table is http://publications.europa.eu/resource/authority/frequency (Publications Office, EU
Vocabularies); its codes are words themselves (``MONTHLY``, ``ANNUAL_2``, ``IRREG``), and portals write
them in English or German words (ckanext-dcat's ``frequency: "monthly"``, DCAT-AP.de catalogues
``jährlich``). Only words that name one code are translated; other text is kept by the caller as the
label of a ``dcterms:Frequency`` node, never guessed.
"""

from __future__ import annotations

import re

from ...namespaces import EUFREQUENCY

FREQUENCY = str(EUFREQUENCY)
#: The table's codes (as of the 2023 release) that portals use; a code is accepted as its own word.
_CODES = frozenset(
    {
        "ANNUAL",
        "ANNUAL_2",
        "ANNUAL_3",
        "BIENNIAL",
        "BIMONTHLY",
        "BIWEEKLY",
        "CONT",
        "DAILY",
        "DAILY_2",
        "HOURLY",
        "IRREG",
        "MONTHLY",
        "MONTHLY_2",
        "MONTHLY_3",
        "NEVER",
        "OTHER",
        "QUARTERLY",
        "TRIENNIAL",
        "UNKNOWN",
        "UPDATE_CONT",
        "WEEKLY",
        "WEEKLY_2",
        "WEEKLY_3",
        "QUINQUENNIAL",
        "DECENNIAL",
    }
)
_WORDS = {
    "annually": "ANNUAL",
    "yearly": "ANNUAL",
    "jährlich": "ANNUAL",
    "jaehrlich": "ANNUAL",
    "semiannual": "ANNUAL_2",
    "halfyearly": "ANNUAL_2",
    "halbjährlich": "ANNUAL_2",
    "fortnightly": "BIWEEKLY",
    "continuous": "CONT",
    "continuously": "CONT",
    "kontinuierlich": "CONT",
    "täglich": "DAILY",
    "stündlich": "HOURLY",
    "irregular": "IRREG",
    "unregelmäßig": "IRREG",
    "monatlich": "MONTHLY",
    "nie": "NEVER",
    "quarterly": "QUARTERLY",
    "vierteljährlich": "QUARTERLY",
    "quartalsweise": "QUARTERLY",
    "wöchentlich": "WEEKLY",
    "unbekannt": "UNKNOWN",
    "realtime": "UPDATE_CONT",
    "echtzeit": "UPDATE_CONT",
}


def frequency_iri(text: str) -> str | None:
    """The EU frequency IRI a word names (``monthly``, ``Jährlich``, ``ANNUAL_2``), else ``None``."""
    word = re.sub(r"[\s-]+", "", text.strip()).lower()
    code = _WORDS.get(word) or (word.upper() if word.upper() in _CODES else None)
    return FREQUENCY + code if code else None
