"""Source declarations ``harvesters/*.toml``: what to harvest, from where, with which filters and mapping defaults.

Every file holds one ``[source]`` table, optionally ``[filters]`` and ``[mapping]``; the
format is documented in ``harvesters/README.md``. Declarations are checked when they are
read, and every error names the file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError
from ..languages import language_tag
from ._http import RetryPolicy

#: Types a declaration may have; only the first three are harvested, the gazetteer is reference data.
TYPES = ("ckan", "dcat", "register", "gazetteer")
HARVESTABLE = ("ckan", "dcat", "register")
_SOURCE_KEYS = {
    "name",
    "type",
    "title",
    "description",
    "url",
    "path",
    "publisher",
    "license",
    "enabled",
    "page_size",
    "timeout",
    "retries",
    "backoff",
    "max_pages",
    "max_bytes",
}
_FILTER_KEYS = {"organizations", "groups", "query"}
_MAPPING_TYPES: dict[str, type | tuple[type, ...]] = {
    "publisher": str,
    "contributor_id": str,
    "political_geocoding": list,
    "profiles": list,
    "links": list,
    "language": str,
}


@dataclass(frozen=True, slots=True)
class Filters:
    """Which part of a portal to harvest: CKAN organisations and groups (any of), and a Solr query."""

    organizations: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    query: str = ""


@dataclass(frozen=True, slots=True)
class SourceDeclaration:
    """One checked ``harvesters/*.toml`` file.

    Attributes:
        name: the source's name, used in IRIs (``<base>source/<name>``) and on the command line.
        type: ``ckan``, ``dcat``, ``register`` or ``gazetteer``.
        url: the portal's base URL (CKAN) or catalogue URL (DCAT).
        path: the folder or file of a register or gazetteer, relative to ``harvesters/``.
        enabled: ``harvest --all`` skips disabled sources, and naming one is refused.
        page_size: records asked for per request.
        timeout: seconds one request may take.
        retry: retries and backoff of one request.
        max_pages: pages a DCAT catalogue may have before paging stops (a guard against loops).
        max_bytes: the largest response accepted.
        filters: organisations, groups and query (CKAN).
        mapping: the ``[mapping]`` table, passed to the mapping profiles as ``MappingContext.options``.
        file: where the declaration was read from.
    """

    name: str
    type: str
    file: Path
    title: str = ""
    url: str | None = None
    path: str | None = None
    enabled: bool = True
    page_size: int = 100
    timeout: float = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_pages: int = 10_000
    max_bytes: int = 50_000_000
    filters: Filters = field(default_factory=Filters)
    mapping: Mapping[str, Any] = field(default_factory=dict)


def read_declaration(path: Path) -> SourceDeclaration:
    """Read and check one declaration file.

    Raises:
        ConfigError: the file is not TOML, or a key is missing, unknown or of the wrong type.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid source declaration ({exc})") from exc
    check = _Checker(path)
    check.unknown(data, {"source", "filters", "mapping"}, "")
    source = check.table(data, "source", required=True)
    check.unknown(source, _SOURCE_KEYS, "source.")
    kind = check.choice(source, "type", TYPES)
    decl = SourceDeclaration(
        name=check.name(source),
        type=kind,
        file=path,
        title=check.typed(source, "title", str, ""),
        url=check.url(source, required=kind in ("ckan", "dcat")),
        path=check.typed(source, "path", str, None),
        enabled=check.typed(source, "enabled", bool, True),
        page_size=check.positive(source, "page_size", int, 100),
        timeout=check.positive(source, "timeout", float, 30.0),
        retry=RetryPolicy(
            retries=check.positive(source, "retries", int, 4, zero=True),
            backoff=check.positive(source, "backoff", float, 1.0, zero=True),
        ),
        max_pages=check.positive(source, "max_pages", int, 10_000),
        max_bytes=check.positive(source, "max_bytes", int, 50_000_000),
        filters=check.filters(check.table(data, "filters")),
        mapping=check.mapping(check.table(data, "mapping")),
    )
    if kind in ("register", "gazetteer") and decl.path is None:
        raise ConfigError(f"{path}: [source] of type {kind!r} needs 'path'")
    return decl


def read_declarations(folders: Iterable[Path]) -> dict[str, SourceDeclaration]:
    """Every declaration in ``folders`` (``*.toml``, not recursive), by name.

    Raises:
        ConfigError: a file is invalid, or two files declare the same name.
    """
    found: dict[str, SourceDeclaration] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            decl = read_declaration(path)
            if decl.name in found:
                raise ConfigError(f"{path}: source name {decl.name!r} is already declared in {found[decl.name].file}")
            found[decl.name] = decl
    return found


class _Checker:
    """Type checks with messages that name the file and the key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.path}: {key}: {message}")

    def unknown(self, table: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            raise self.fail(prefix + extra[0], f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def table(self, data: Mapping[str, Any], key: str, *, required: bool = False) -> dict[str, Any]:
        value = data.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"[{key}]", "missing table" if value is None else "must be a table")
        return value

    def typed(
        self, table: Mapping[str, Any], key: str, kind: type | tuple[type, ...], default: Any, prefix: str = "source."
    ) -> Any:
        if key not in table:
            return default
        value = table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.fail(prefix + key, f"must be a {names}, got {value!r}")
        return value

    def positive(self, table: Mapping[str, Any], key: str, kind: type, default: Any, *, zero: bool = False) -> Any:
        value = self.typed(table, key, kind, default)
        if value < 0 or (value == 0 and not zero):
            raise self.fail(f"source.{key}", f"must be {'>= 0' if zero else '> 0'}, got {value!r}")
        return value

    def choice(self, table: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> str:
        value = self.typed(table, key, str, None)
        if value not in allowed:
            raise self.fail(f"source.{key}", f"must be one of {', '.join(allowed)}, got {value!r}")
        return value

    def name(self, table: Mapping[str, Any]) -> str:
        value = self.typed(table, "name", str, None)
        if not value or not all(c.isalnum() or c in "-_." for c in value) or not value.isascii():
            raise self.fail("source.name", f"needs letters, digits, '-', '_' or '.', got {value!r}")
        return value

    def url(self, table: Mapping[str, Any], *, required: bool) -> str | None:
        value = self.typed(table, "url", str, None)
        if value is None:
            if required:
                raise self.fail("source.url", "missing (the portal's address)")
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise self.fail("source.url", f"must be an http(s) URL, got {value!r}")
        return value

    def filters(self, table: Mapping[str, Any]) -> Filters:
        self.unknown(table, _FILTER_KEYS, "filters.")
        lists = {}
        for key in ("organizations", "groups"):
            value = self.typed(table, key, list, [], "filters.")
            if not all(isinstance(v, str) and v for v in value):
                raise self.fail(f"filters.{key}", "must be a list of names")
            lists[key] = tuple(value)
        return Filters(**lists, query=self.typed(table, "query", str, "", "filters."))

    def mapping(self, table: Mapping[str, Any]) -> dict[str, Any]:
        # Other keys pass through: the mapping profiles document and read them.
        for key, kind in _MAPPING_TYPES.items():
            self.typed(table, key, kind, None, "mapping.")
        for key in ("political_geocoding", "profiles"):
            if not all(isinstance(v, str) for v in table.get(key, [])):
                raise self.fail(f"mapping.{key}", "must be a list of strings")
        for i, rule in enumerate(table.get("links", [])):
            if not isinstance(rule, dict) or not isinstance(rule.get("target"), str):
                raise self.fail(
                    f"mapping.links[{i}]", "must be a table with a 'target' (e.g. 'cooperation/ku2016-b-14')"
                )
            if not {"tag", "group", "extra", "organization"} & set(rule):
                raise self.fail(f"mapping.links[{i}]", "needs one of tag, group, extra, organization")
        self.language(table)
        return dict(table)

    def language(self, table: Mapping[str, Any]) -> None:
        """``language`` names one language, as a code (``de``, ``deu``) or an EU language IRI."""
        if "language" in table and language_tag(table["language"]) is None:
            raise self.fail(
                "mapping.language",
                "must name one language: an ISO 639 code such as 'de' or 'deu', "
                "or an EU language IRI (…/authority/language/DEU)",
            )
