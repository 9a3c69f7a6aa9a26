"""CKAN licence ids, licence URLs and DCAT-AP.de IRIs in any spelling → the DCAT-AP.de licence list.

The list itself is data: ``licences.csv`` beside this module (ids, active or deprecated with their
successor, licence texts and the codes portals use), with its source and date in its header. What
this module adds are the spelling rules, each named, so a mapping can record which one it applied
(``docs/mapping.md``, "Repairs"):

- ``licence-canonical-iri``: ``https://www.dcat-ap.de/def/licenses/cc-zero/`` (http/https, ``www.``,
  trailing slash, letter case) → ``http://dcat-ap.de/def/licenses/cc-zero``;
- ``licence-version-spelling``: ``…/cc-by-nc/4_0`` → ``…/cc-by-nc/4.0`` where only the latter is listed;
- ``licence-successor``: a deprecated DCAT-AP.de id → its successor (``official-work`` → ``officialWork``);
- ``licence-from-url``: the URL of a listed licence's text (Creative Commons, GovData, …) → its IRI;
- ``licence-code``: a licence code as text (``dl-de-by-2.0``, ``odc-by``) → its IRI.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib import resources

from ...namespaces import DCATDE_LICENCE


@dataclass(frozen=True, slots=True)
class Licence:
    """One row of ``licences.csv``."""

    id: str
    active: bool
    successor: str
    name: str
    text: str
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """The DCAT-AP.de licence id a value names, and the rule that got there (``None``: already canonical)."""

    id: str
    rule: str | None


def _load() -> dict[str, Licence]:
    raw = resources.files(__package__).joinpath("licences.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("".join(line for line in raw.splitlines(True) if not line.startswith("#"))))
    return {
        r["id"]: Licence(
            r["id"], r["status"] == "active", r["successor"], r["name"], r["text"], tuple(r["codes"].split())
        )
        for r in rows
    }


LICENCES = _load()
#: Every id of the vocabulary, active and deprecated (a deprecated IRI exists; kept when it has no successor).
KNOWN = frozenset(LICENCES)
_BY_FOLDED = {lid.lower(): lid for lid in LICENCES}
_CODES = {code.lower(): lic.id for lic in LICENCES.values() for code in lic.codes}


def _url_key(url: str) -> str:
    """A URL without scheme, ``www.``, trailing slash and letter case: how portals vary one licence URL."""
    return re.sub(r"^https?://(www\.)?", "", url.strip().lower()).rstrip("/")


def _text_urls() -> dict[str, str]:
    """Licence text URL → id; an active id before a deprecated one, a versioned before an unversioned."""
    ranked = sorted(LICENCES.values(), key=lambda lic: (lic.active, "/" in lic.id))
    return {_url_key(lic.text): lic.id for lic in ranked if lic.text}


_TEXTS = _text_urls()
#: Licence URLs beyond the listed text URLs that name a listed licence (legal code, deed pages, language parts).
_URLS = (
    (re.compile(r"^https?://(www\.)?govdata\.de/dl-de/(by|zero|by-nc)-(\d)-(\d)"), None),
    (re.compile(r"^https?://creativecommons\.org/licenses/by/4\.0"), "cc-by/4.0"),
    (re.compile(r"^https?://creativecommons\.org/licenses/by-sa/4\.0"), "cc-by-sa/4.0"),
    (re.compile(r"^https?://creativecommons\.org/licenses/by-nc/4\.0"), "cc-by-nc/4.0"),
    (re.compile(r"^https?://creativecommons\.org/licenses/by-nd/4\.0"), "cc-by-nd/4.0"),
    (re.compile(r"^https?://creativecommons\.org/licenses/by/3\.0/de"), "cc-by-de/3.0"),
    (re.compile(r"^https?://creativecommons\.org/licenses/by-sa/3\.0/de"), "cc-by-sa-de/3.0"),
    (re.compile(r"^https?://creativecommons\.org/licenses/by-nc/3\.0/de"), "cc-by-nc-de/3.0"),
    (re.compile(r"^https?://creativecommons\.org/publicdomain/zero/1\.0"), "cc-zero"),
    (re.compile(r"^https?://creativecommons\.org/publicdomain/mark/1\.0"), "ccpdm/1.0"),
    (re.compile(r"^https?://(www\.)?opendatacommons\.org/licenses/odbl"), "odbl"),
    (re.compile(r"^https?://(www\.)?opendatacommons\.org/licenses/by"), "odby"),
    (re.compile(r"^https?://(www\.)?opendatacommons\.org/licenses/pddl"), "odcpddl"),
)
_DCATDE = re.compile(r"^https?://(www\.)?dcat-ap\.de/def/licenses/(.+?)/*$", re.I)
_VERSION = re.compile(r"/(\d+)_(\d+)$")


def match(value: str | None) -> Match | None:
    """The listed licence ``value`` names (a DCAT-AP.de IRI in any spelling, a licence URL or code), else ``None``."""
    if not value or not value.strip():
        return None
    text = value.strip().replace(" ", "-")
    iri = _DCATDE.match(text)
    if iri:
        return _from_iri(text, iri.group(2))
    if re.match(r"^https?://", text, re.I):
        return _from_url(text)
    if text in LICENCES and LICENCES[text].active:
        return Match(text, "licence-code")
    code = _CODES.get(text.lower()) or _BY_FOLDED.get(text.lower())
    return _successor(Match(code, "licence-code")) if code else None


def _from_iri(text: str, path: str) -> Match | None:
    lid = _BY_FOLDED.get(path.lower())
    rule = None if lid is not None and text == f"{DCATDE_LICENCE}{lid}" else "licence-canonical-iri"
    if lid is None:
        lid = _BY_FOLDED.get(_VERSION.sub(r"/\1.\2", path).lower())
        rule = "licence-version-spelling"
    return _successor(Match(lid, rule)) if lid else None


def _from_url(text: str) -> Match | None:
    lid = _TEXTS.get(_url_key(text))
    if lid is None:
        for pattern, target in _URLS:
            hit = pattern.match(text)
            if hit:
                lid = target or _govdata(hit)
                break
    return _successor(Match(lid, "licence-from-url")) if lid else None


def _successor(found: Match) -> Match:
    licence = LICENCES[found.id]
    if licence.active or not licence.successor:
        return found
    iri_rule = found.rule in (None, "licence-canonical-iri", "licence-version-spelling")
    return Match(licence.successor, "licence-successor" if iri_rule else found.rule)


def _govdata(hit: re.Match[str]) -> str:
    """``https://www.govdata.de/dl-de/by-2-0`` → ``dl-by-de/2.0``."""
    kind, major, minor = hit.group(2), hit.group(3), hit.group(4)
    return f"dl-{kind}-de/{major}.{minor}"


def licence_id(value: str | None) -> str | None:
    """The DCAT-AP.de licence id for a CKAN licence id, licence URL or licence IRI, ``None`` if unknown."""
    found = match(value)
    return found.id if found else None


def licence_iri(value: str | None) -> str | None:
    """``http://dcat-ap.de/def/licenses/<id>`` for a known licence, else ``None``."""
    lid = licence_id(value)
    return f"{DCATDE_LICENCE}{lid}" if lid else None


def id_of_iri(iri: str) -> str | None:
    """The licence id of a DCAT-AP.de licence IRI (the mirror of :func:`licence_iri`)."""
    hit = _DCATDE.match(iri)
    return hit.group(2) if hit and hit.group(2) in KNOWN else None
