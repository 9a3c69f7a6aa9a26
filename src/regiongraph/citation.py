"""How to cite RegionGraph: one text and one CSL-JSON item, for dump descriptions and for every page.

The same function serves a dated dump (``iri`` = the dump, ``as_of`` = its day) and an entity page
(``iri`` = the entity's version-free IRI, ``as_of`` = the day of the data shown): the date says
which state is cited, the IRI never carries a version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .config import Settings
from .gazetteer import ATTRIBUTION
from .namespaces import DCATDE_LICENCE

#: Names of the DCAT-AP.de licences (http://dcat-ap.de/def/licenses/), as the licences call themselves.
LICENCE_NAMES = {
    "cc-by/4.0": "CC BY 4.0",
    "cc-by-sa/4.0": "CC BY-SA 4.0",
    "cc-zero": "CC0 1.0",
    "dl-by-de/2.0": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "dl-zero-de/2.0": "Datenlizenz Deutschland – Zero – Version 2.0",
    "odbl": "Open Data Commons Open Database License (ODbL)",
}
#: The canonical root and the spelling some portals write instead.
_LICENCES = (str(DCATDE_LICENCE), "https://www.dcat-ap.de/def/licenses/")
DEFAULT_NAME = "RegionGraph"


@dataclass(frozen=True, slots=True)
class Citation:
    """A citation: ``text`` to paste, ``data`` as a CSL-JSON item (Zotero, citeproc, pandoc read it)."""

    text: str
    data: dict[str, Any]


def licence_name(iri: str) -> str:
    """A licence's own name for a DCAT-AP.de licence IRI, else the IRI."""
    for root in _LICENCES:
        if iri.startswith(root):
            return LICENCE_NAMES.get(iri[len(root) :].rstrip("/"), iri)
    return iri


def _name_and_title(settings: Settings) -> tuple[str, str]:
    """``RegionGraph – Kooperationen, …`` → (``RegionGraph``, ``Kooperationen, …``)."""
    name, dash, title = settings.catalog_title.partition(" – ")
    return (name.strip(), title.strip()) if dash else (DEFAULT_NAME, settings.catalog_title.strip())


def citation(settings: Settings, *, iri: str, as_of: date | str) -> Citation:
    """The citation of ``iri`` in the state of ``as_of``.

    Args:
        settings: catalogue title (who and what is cited) and licence.
        iri: what is cited: a dump's IRI, or an entity's (version-free) IRI.
        as_of: the day of the cited state (a dump's date), ``YYYY-MM-DD`` or a date.
    Raises:
        ValueError: ``as_of`` is not a date.
    """
    day = as_of if isinstance(as_of, date) else date.fromisoformat(as_of)
    name, title = _name_and_title(settings)
    licence = licence_name(settings.catalog_license)
    text = f"{name} ({day.isoformat()}): {title}. {iri}. Lizenz: {licence}."
    data = {
        "id": iri,
        "type": "dataset",
        "author": [{"literal": name}],
        "title": title,
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "version": day.isoformat(),
        "URL": iri,
        "license": settings.catalog_license,
        "note": ATTRIBUTION,
    }
    return Citation(text, data)
