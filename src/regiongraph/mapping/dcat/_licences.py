"""CKAN licence ids and legacy licence URIs → the DCAT-AP.de licence list (http://dcat-ap.de/def/licenses/…)."""

from __future__ import annotations

import re

from ...namespaces import DCATDE_LICENCE

#: The DCAT-AP.de licence ids RegionGraph knows (the path after ``/def/licenses/``).
KNOWN = frozenset({
    "dl-by-de/1.0", "dl-by-de/2.0", "dl-zero-de/2.0", "dl-by-nc-de/1.0",
    "cc-by", "cc-by/4.0", "cc-by-de/3.0", "cc-by-nc", "cc-by-nc/4.0", "cc-by-nd", "cc-by-nd/4.0",
    "cc-by-sa", "cc-by-sa/4.0", "cc-zero", "odbl", "odc-by", "odc-pddl", "gfdl",
    "geonutz/20130319", "geoNutz/20131001", "officialWork", "apache", "bsd", "gpl/3.0", "mozilla",
    "other-closed", "other-commercial", "other-freeware", "other-open", "other-opensource",
    "other-non-commercial",
})

#: CKAN's default licence ids and the spellings portals use, folded by :func:`_key`.
_ALIASES = {
    "dl-de-by-2.0": "dl-by-de/2.0", "dl-by-de-2.0": "dl-by-de/2.0", "dl-de/by-2-0": "dl-by-de/2.0",
    "dl-by-de/2_0": "dl-by-de/2.0", "dl-de-by-1.0": "dl-by-de/1.0", "dl-by-de/1_0": "dl-by-de/1.0",
    "dl-de/by-1-0": "dl-by-de/1.0", "dl-de-zero-2.0": "dl-zero-de/2.0", "dl-zero-de/2_0": "dl-zero-de/2.0",
    "dl-de/zero-2-0": "dl-zero-de/2.0", "dl-de-by-nc-1.0": "dl-by-nc-de/1.0", "dl-de/by-nc-1-0": "dl-by-nc-de/1.0",
    "dl-by-nc-de/1_0": "dl-by-nc-de/1.0",
    "cc-by-4.0": "cc-by/4.0", "cc-by/4_0": "cc-by/4.0", "cc-by-sa-4.0": "cc-by-sa/4.0", "cc-by-sa/4_0": "cc-by-sa/4.0",
    "cc-by-nc-4.0": "cc-by-nc/4.0", "cc-by-nc/4_0": "cc-by-nc/4.0", "cc-by-nd-4.0": "cc-by-nd/4.0",
    "cc-nc": "cc-by-nc", "cc0": "cc-zero", "cc-0": "cc-zero", "cc0-1.0": "cc-zero",
    "odc-odbl": "odbl", "odbl-1.0": "odbl", "odc-by-1.0": "odc-by", "odc-pddl-1.0": "odc-pddl",
    "other-nc": "other-non-commercial", "other-pd": "other-open", "other-at": "other-open",
    "geonutz": "geoNutz/20131001", "officialwork": "officialWork", "amtliches-werk": "officialWork",
}

#: Licence URIs outside dcat-ap.de that name a listed licence (creativecommons, opendatacommons, govdata).
_URLS = (
    (re.compile(r"^https?://(www\.)?govdata\.de/dl-de/(by|zero|by-nc)-(\d)-(\d)/?$"), None),
    (re.compile(r"^https?://creativecommons\.org/licenses/by/4\.0"), "cc-by/4.0"),
    (re.compile(r"^https?://creativecommons\.org/licenses/by-sa/4\.0"), "cc-by-sa/4.0"),
    (re.compile(r"^https?://creativecommons\.org/licenses/by-nc/4\.0"), "cc-by-nc/4.0"),
    (re.compile(r"^https?://creativecommons\.org/licenses/by-nd/4\.0"), "cc-by-nd/4.0"),
    (re.compile(r"^https?://creativecommons\.org/licenses/by/3\.0/de"), "cc-by-de/3.0"),
    (re.compile(r"^https?://creativecommons\.org/publicdomain/zero/1\.0"), "cc-zero"),
    (re.compile(r"^https?://(www\.)?opendatacommons\.org/licenses/odbl"), "odbl"),
    (re.compile(r"^https?://(www\.)?opendatacommons\.org/licenses/by"), "odc-by"),
    (re.compile(r"^https?://(www\.)?opendatacommons\.org/licenses/pddl"), "odc-pddl"),
)
_DCATDE = re.compile(r"^https?://dcat-ap\.de/def/licenses/(.+?)/?$")


def _key(text: str) -> str:
    return text.strip().replace(" ", "-")


def licence_id(value: str | None) -> str | None:
    """The DCAT-AP.de licence id for a CKAN licence id or licence URI, ``None`` if unknown."""
    if not value or not value.strip():
        return None
    text = _key(value)
    match = _DCATDE.match(text)
    if match:
        text = match.group(1)
    else:
        for pattern, target in _URLS:
            hit = pattern.match(text)
            if hit:
                return target or _govdata(hit)
    if text in KNOWN:
        return text
    folded = text.lower()
    known = {k.lower(): k for k in KNOWN}
    return known.get(folded) or _ALIASES.get(folded)


def _govdata(hit: re.Match[str]) -> str:
    """``https://www.govdata.de/dl-de/by-2-0`` → ``dl-by-de/2.0``."""
    kind, major, minor = hit.group(2), hit.group(3), hit.group(4)
    return f"dl-{kind}-de/{major}.{minor}" if kind != "zero" else f"dl-zero-de/{major}.{minor}"


def licence_iri(value: str | None) -> str | None:
    """``http://dcat-ap.de/def/licenses/<id>`` for a known licence, else ``None``."""
    lid = licence_id(value)
    return f"{DCATDE_LICENCE}{lid}" if lid else None


def id_of_iri(iri: str) -> str | None:
    """The licence id of a DCAT-AP.de licence IRI (the mirror of :func:`licence_iri`)."""
    match = _DCATDE.match(iri)
    return match.group(1) if match and match.group(1) in KNOWN else None
