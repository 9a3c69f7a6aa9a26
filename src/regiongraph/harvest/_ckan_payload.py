"""What a CKAN answer must look like before the harvester trusts it, and how a package is identified.

Real portals send more than the Action API promises: a ``result`` that is a list or ``null``,
``results`` as a string, packages without ``id`` (ckanext-dcat's example dicts), without
``metadata_modified``, an HTML page with status 200, ``success: false`` with an error of a kind
ckanapi does not know. Each of these ends as a failed page or a failed package with a message
saying what came and what was expected — never as a Python exception in the middle of a run.
"""

from __future__ import annotations

import json
from typing import Any

from ._records import content_hash

#: How much of an unexpected answer a failure message quotes.
QUOTE = 160


class PayloadError(Exception):
    """An answer arrived whole but is not what the action returns; the message says what came."""


def quote(value: Any) -> str:
    """A short, one-line rendering of an unexpected value for a failure message."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= QUOTE else text[: QUOTE - 1] + "…"


def search_results(page: Any, *, where: str) -> list[Any]:
    """The ``results`` list of a ``package_search`` result.

    Raises:
        PayloadError: the result is no dict, or its ``results`` is no list.
    """
    if not isinstance(page, dict):
        raise PayloadError(f"{where}: the result is {_kind(page)}, not a package_search result ({quote(page)})")
    results = page.get("results")
    if not isinstance(results, list):
        raise PayloadError(f"{where}: 'results' is {_kind(results)}, not a list of packages")
    return results


def search_count(page: dict[str, Any]) -> int | None:
    """``count`` of a search result when it is a number."""
    count = page.get("count")
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(type(value), "a number")


def package_key(pkg: Any) -> tuple[str | None, str | None]:
    """``(record id, problem)``: a package is identified by ``id``, else by ``name``.

    Returns the id, or ``None`` with the reason the package cannot be harvested.
    """
    if not isinstance(pkg, dict):
        return None, f"a package in the results is {_kind(pkg)}, not an object: {quote(pkg)}"
    for key in ("id", "name"):
        value = pkg.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip(), None
    title = pkg.get("title")
    named = f" (title {quote(title)})" if isinstance(title, str) and title.strip() else ""
    return None, f"a package has neither 'id' nor 'name'{named}: it cannot be identified, so it was not harvested"


def version_key(pkg: dict[str, Any]) -> str:
    """What tells two versions of a package apart: its ``metadata_modified``, else its content hash.

    Ckanext-dcat's dicts and some portals send no ``metadata_modified``; the content hash then
    stands in, so a changed package is still met again and an unchanged one is skipped.
    """
    stamp = pkg.get("metadata_modified")
    return str(stamp) if isinstance(stamp, str) and stamp.strip() else "#" + content_hash(pkg)


def stamp_of(pkg: Any) -> str | None:
    """A package's ``metadata_modified`` when it is a non-empty string (the keyset cursor)."""
    stamp = pkg.get("metadata_modified") if isinstance(pkg, dict) else None
    return stamp if isinstance(stamp, str) and stamp.strip() else None


def source_stamp(pkg: dict[str, Any]) -> str | None:
    """The package's own modification stamp for its catalog record: ``metadata_modified``, else the
    scheming ``modified``, else ``metadata_created`` (the cursor uses ``metadata_modified`` only)."""
    for key in ("metadata_modified", "modified", "metadata_created"):
        value = pkg.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def envelope_problem(body: bytes | None) -> str | None:
    """Why a complete answer is not a successful CKAN envelope, or ``None`` if it cannot tell (e.g. cut off).

    A JSON answer with ``success: false`` or without ``result`` is final: asking again gets the same.
    """
    try:
        parsed = json.loads(body or b"")
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return f"the answer is {_kind(parsed)}, not a CKAN envelope ({quote(parsed)})"
    if parsed.get("success") is False:
        error = parsed.get("error")
        message = error.get("message") if isinstance(error, dict) else error
        return f"CKAN answered success: false ({quote(message or 'no error message')})"
    if "result" not in parsed:
        return f"the answer has no 'result' ({quote(parsed)})"
    return None
