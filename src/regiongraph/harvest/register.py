"""The register harvester: curated TOML files under ``harvesters/register/`` → source records."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ._records import SourceRecord

#: TOML array names and the record kind each holds.
KINDS = {"organisation": "organisation", "cooperation": "cooperation",
         "recommendation": "recommendation", "project": "project", "assessment": "assessment"}
_SOURCE_KEYS = ("file", "title", "publisher", "date")


def read_register(folder: Path, *, source: str = "register") -> Iterator[SourceRecord]:
    """Yield every record of every ``*.toml`` file in ``folder``, with its file's source inherited.

    Raises:
        ConfigError: a file is not valid TOML, lacks ``[source]`` or repeats a record id.
    """
    seen: dict[str, Path] = {}
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise ConfigError(f"no register files (*.toml) in {folder}")
    for path in files:
        for record in _read_file(path, source):
            if record.id in seen:
                raise ConfigError(f"record id {record.id!r} in {path.name} repeats {seen[record.id].name}")
            seen[record.id] = path
            yield record


def _read_file(path: Path, source: str) -> Iterator[SourceRecord]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    header = data.get("source")
    if not isinstance(header, dict) or "file" not in header:
        raise ConfigError(f"{path}: missing [source] table with at least 'file'")
    inherited = {f"source_{k}": str(header[k]) for k in _SOURCE_KEYS if k in header}
    for array, kind in KINDS.items():
        for entry in data.get(array, []):
            yield _record(path, source, kind, entry, inherited)


def _record(path: Path, source: str, kind: str, entry: dict[str, Any], inherited: dict[str, str]) -> SourceRecord:
    if "id" not in entry:
        raise ConfigError(f"{path}: a [[{kind}]] entry has no id: {entry.get('title', entry)!r}")
    payload = {**inherited, **entry, "register_file": path.name}
    if "date" in entry:
        payload["source_date"] = str(entry["date"])
    return SourceRecord(source=source, id=str(entry["id"]), kind=kind, payload=payload)
