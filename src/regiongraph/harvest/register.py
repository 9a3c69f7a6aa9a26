"""The register harvester: curated TOML files (``harvesters/register/`` for the bundled one) → source records."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ._records import HarvestOutcome, SourceRecord
from .sources import SourceDeclaration

#: TOML array names and the record kind each holds.
KINDS = {
    "organisation": "organisation",
    "cooperation": "cooperation",
    "recommendation": "recommendation",
    "project": "project",
    "assessment": "assessment",
}
_SOURCE_KEYS = ("file", "title", "publisher", "date")


class RegisterHarvester:
    """The records of a register declaration, read from its ``path`` beside its own file.

    A register declared in ``sources_dir`` so harvests its own files. Every file is read (and
    checked) when the harvester is made, before a run starts: a broken file stops the run before
    anything is written, and the organisations are known before the first record is mapped.

    Args:
        decl: a declaration of type ``register``.

    Raises:
        ConfigError: ``decl`` is no register, or a file is invalid (see :func:`read_register`).
    """

    def __init__(self, decl: SourceDeclaration) -> None:
        if decl.type != "register" or decl.path is None:  # read_declaration ensures a register has a path
            raise ConfigError(f"{decl.file}: {decl.name!r} is not a register declaration")
        self._records = tuple(read_register(decl.file.parent / decl.path, source=decl.name))
        # The register is always read whole: what it no longer holds is withdrawn.
        self.outcome = HarvestOutcome(complete=True)

    @property
    def organisations(self) -> tuple[SourceRecord, ...]:
        return tuple(r for r in self._records if r.kind == "organisation")

    @property
    def total(self) -> int:
        return len(self._records)

    def records(self) -> Iterator[SourceRecord]:
        return iter(self._records)


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
