"""CKAN groups → EU data themes (GovData uses the theme codes as group names; towns use German words)."""

from __future__ import annotations

from ...namespaces import EUTHEME

#: The 13 EU data themes (http://publications.europa.eu/resource/authority/data-theme/).
CODES = (
    "AGRI",
    "ECON",
    "EDUC",
    "ENER",
    "ENVI",
    "GOVE",
    "HEAL",
    "INTR",
    "JUST",
    "OP_DATPRO",
    "REGI",
    "SOCI",
    "TECH",
    "TRAN",
)

#: German group names of municipal portals (slugs) → theme code.
_GERMAN = {
    "landwirtschaft": "AGRI",
    "forst": "AGRI",
    "ernaehrung": "AGRI",
    "wirtschaft": "ECON",
    "finanzen": "ECON",
    "arbeit": "ECON",
    "tourismus": "ECON",
    "haushalt": "ECON",
    "bildung": "EDUC",
    "kultur": "EDUC",
    "sport": "EDUC",
    "freizeit": "EDUC",
    "schule": "EDUC",
    "energie": "ENER",
    "umwelt": "ENVI",
    "klima": "ENVI",
    "natur": "ENVI",
    "umwelt-und-klima": "ENVI",
    "verwaltung": "GOVE",
    "politik": "GOVE",
    "oeffentlicher-sektor": "GOVE",
    "wahlen": "GOVE",
    "gesundheit": "HEAL",
    "internationales": "INTR",
    "internationale-themen": "INTR",
    "justiz": "JUST",
    "sicherheit": "JUST",
    "recht": "JUST",
    "regionen": "REGI",
    "staedte": "REGI",
    "geo": "REGI",
    "geodaten": "REGI",
    "stadtplanung": "REGI",
    "bauen": "REGI",
    "wohnen": "REGI",
    "infrastruktur": "REGI",
    "bevoelkerung": "SOCI",
    "soziales": "SOCI",
    "gesellschaft": "SOCI",
    "statistik": "SOCI",
    "wissenschaft": "TECH",
    "technologie": "TECH",
    "digitales": "TECH",
    "verkehr": "TRAN",
    "mobilitaet": "TRAN",
}


def theme_iri(group: str) -> str | None:
    """EU data-theme IRI for a CKAN group name, ``None`` if it names no theme."""
    name = group.strip()
    if name.upper() in CODES:
        return f"{EUTHEME}{name.upper()}"
    code = _GERMAN.get(name.lower())
    return f"{EUTHEME}{code}" if code else None


def theme_code(iri: str) -> str | None:
    """The theme code of an EU data-theme IRI."""
    if iri.startswith(str(EUTHEME)) and iri[len(str(EUTHEME)) :] in CODES:
        return iri[len(str(EUTHEME)) :]
    return None
