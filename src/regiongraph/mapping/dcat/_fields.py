"""CKAN package fields as portals send them: ckanext-dcat 2.x scheming fields first, legacy extras second.

A portal running ckanext-dcat with ckanext-scheming sends ``publisher`` as a list of dicts,
``language`` as a list, ``modified`` at the top level; an older one (or one without scheming)
keeps the same values as extras (``publisher_name``, ``language`` as a JSON string, ``modified``),
and ckanext-dcat's old JSON harvester wrote them with a ``dcat_`` prefix. Each reader here
takes the first form that is present, so every profile sees one value whatever the portal runs.
Values of the wrong type (a string where a list belongs, ``null``) are read as far as they can
be, never trusted to be what the field promises.
"""

from __future__ import annotations

import json
from typing import Any

from ._values import json_list

Package = dict[str, Any]


def present(value: Any) -> bool:
    """A value a portal really filled in: not ``None``, not blank, not an empty list or dict."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict):
        return bool(value)
    return True


def scalar(package: Package, extras: dict[str, str], key: str) -> str | None:
    """``key`` at the top level (scheming), else the extra ``key``, else the extra ``dcat_<key>``."""
    for value in (package.get(key), extras.get(key), extras.get(f"dcat_{key}")):
        if present(value) and not isinstance(value, list | dict):
            return str(value).strip()
    return None


def listed(package: Package, extras: dict[str, str], key: str) -> list[str]:
    """A list field: a list at the top level (or one value), else the extra as JSON list or comma list."""
    top = package.get(key)
    if present(top):
        if isinstance(top, dict):
            return []  # a translated dict is no list of values; the multilingual readers handle it
        return json_list(top)
    for name in (key, f"dcat_{key}"):
        if present(extras.get(name)):
            return json_list(extras[name])
    return []


def records(package: Package, key: str) -> list[dict[str, Any]]:
    """A repeating-subfields field (``publisher``, ``contact``, ``temporal_coverage`` …) as a list of dicts.

    Scheming sends a list of dicts; some portals send one dict, or the list as a JSON string.
    Items that are no dict are dropped: their meaning is unknown.
    """
    value = package.get(key)
    if isinstance(value, str) and value.strip().startswith(("[", "{")):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict) and any(present(v) for v in item.values())]


def agent(package: Package, extras: dict[str, str], key: str) -> dict[str, str]:
    """An agent (publisher, creator): the first scheming record, else the extras ``<key>_*``/``dcat_<key>_*``.

    Returns a dict with the keys that are present among ``name``, ``uri``, ``email``, ``url``,
    ``type`` and ``identifier`` (strings).
    """
    found = records(package, key)
    if found:
        return {k: _text(v) for k, v in found[0].items() if present(v) and not isinstance(v, list | dict)}
    out = {}
    for part in ("name", "uri", "email", "url", "type", "identifier"):
        value = extras.get(f"{key}_{part}") or extras.get(f"dcat_{key}_{part}")
        if present(value):
            out[part] = str(value).strip()
    return out


def _text(value: Any) -> str:
    return str(value).strip()


def translated(package: Package, key: str) -> dict[str, str]:
    """A multilingual scheming field (``title_translated``: ``{"en": …, "de": …}``) as language → text."""
    value = package.get(f"{key}_translated")
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    if not isinstance(value, dict):
        return {}
    return {
        str(lang).strip(): str(text)
        for lang, text in value.items()
        if present(lang) and present(text) and not isinstance(text, list | dict)
    }


def translated_lists(package: Package, key: str) -> dict[str, list[str]]:
    """A multilingual list field (``tags_translated``: ``{"en": ["Oaks"], …}``) as language → values."""
    value = package.get(f"{key}_translated")
    if not isinstance(value, dict):
        return {}
    return {str(lang).strip(): json_list(items) for lang, items in value.items() if present(lang) and present(items)}
