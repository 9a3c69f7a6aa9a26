"""The Solr subset a CKAN portal answers: q, fq clauses, sort, rows/start, fl — over plain package dicts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_CLAUSE = re.compile(r'([+-]?)([A-Za-z_]+):(\[[^\]]*\]|\([^)]*\)|"[^"]*"|[^\s()]+)')
ROWS_MAX = 1000


class SearchQueryError(ValueError):
    """A query CKAN's Solr would refuse (answered as a 409 'Search Query Error')."""


def _values(pkg: dict[str, Any], field: str) -> list[str]:
    if field == "organization":
        return [pkg["organization"]["name"]] if pkg.get("organization") else []
    if field == "groups":
        return [g["name"] for g in pkg.get("groups", [])]
    if field == "tags":
        return [t["name"] for t in pkg.get("tags", [])]
    if field == "res_format":
        return [r.get("format", "") for r in pkg.get("resources", [])]
    if field.startswith("extras_"):  # CKAN indexes each extra as its own Solr field
        return [str(e.get("value")) for e in pkg.get("extras") or [] if e.get("key") == field[7:]]
    value = pkg.get(field)
    return [] if value is None else [str(value)]


def _range(raw: str) -> tuple[str, str]:
    match = re.fullmatch(r"\[\s*(\S+)\s+TO\s+(\S+)\s*\]", raw)
    if not match:
        raise SearchQueryError(f"Invalid range: {raw}")
    low, high = (v.rstrip("Z") for v in match.groups())
    return low, high


def _matches(pkg: dict[str, Any], field: str, raw: str) -> bool:
    values = _values(pkg, field)
    if raw.startswith("["):
        low, high = _range(raw)
        return any((low == "*" or v >= low) and (high == "*" or v <= high) for v in values)
    if raw.startswith("("):
        wanted = {w.strip('"') for w in re.split(r"\s+OR\s+", raw[1:-1].strip())}
        return any(v in wanted for v in values)
    return raw.strip('"') in values or (raw == "*" and bool(values))


def parse_clauses(text: str) -> list[tuple[bool, str, str]]:
    """``field:value`` clauses of a q/fq string as (negated, field, value); AND and + are implied."""
    rest = _CLAUSE.sub("", text).replace("AND", "").strip()
    if rest:
        raise SearchQueryError(f"Cannot parse '{text}': unexpected '{rest[:40]}'")
    return [(sign == "-", field, value) for sign, field, value in _CLAUSE.findall(text)]


def filtered(packages: Iterable[dict[str, Any]], q: str, fq: str) -> list[dict[str, Any]]:
    """Packages matching ``q`` (``*:*``, field clauses, or words) and every ``fq`` clause."""
    clauses = parse_clauses(fq) if fq else []
    words: list[str] = []
    q = (q or "").strip()
    if q and q != "*:*":
        if ":" in q:
            clauses += parse_clauses(q)
        else:
            words = q.lower().split()
    if not clauses and not words:
        return list(packages)
    out = []
    for pkg in packages:
        if all(_matches(pkg, f, v) != neg for neg, f, v in clauses):
            text = " ".join([pkg.get("title") or "", pkg.get("notes") or "", *_values(pkg, "tags")]).lower()
            if all(w in text for w in words):
                out.append(pkg)
    return out


def lower_bound(fq: str) -> str | None:
    """The lower end of a ``metadata_modified:[X TO *]`` clause, if ``fq`` has one (for a bisect)."""
    for neg, field, value in parse_clauses(fq or ""):
        if field == "metadata_modified" and not neg and value.startswith("["):
            low, _ = _range(value)
            return None if low == "*" else low
    return None


def sort_packages(packages: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """Sort by a Solr sort spec such as ``metadata_modified asc, id asc`` (``score`` is ignored)."""
    keys = []
    for part in (sort or "score desc, metadata_modified desc").split(","):
        field, _, direction = part.strip().partition(" ")
        if direction.strip() not in ("asc", "desc"):
            raise SearchQueryError(f"Can't determine a sort order: '{part.strip()}'")
        if field != "score":
            keys.append((field, direction.strip() == "desc"))
    for field, reverse in reversed(keys):  # stable sorts, least significant key first
        packages = sorted(packages, key=lambda p, f=field: str(p.get(f) or ""), reverse=reverse)
    return packages


def project(pkg: dict[str, Any], fl: str | None) -> dict[str, Any]:
    """The result document: the whole package, or only the ``fl`` fields as Solr returns them."""
    if not fl or fl.strip() == "*":
        return pkg
    return {f: pkg.get(f) for f in re.split(r"[\s,]+", fl.strip()) if f}
