"""Read the Destatis municipality directory (GV-ISys quarterly extract) into plain records."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from ..namespaces import DCATDE_LICENCE

ATTRIBUTION = (
    "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys 4. Quartal 2020; "
    "Datenlizenz Deutschland – Namensnennung – Version 2.0"
)
LICENCE_IRI = str(DCATDE_LICENCE["dl-by-de/2.0"])
REFERENCE_DATE = "2020-12-31"

#: Destatis textkennzeichen → territory-type notation.
_TYPES = {
    "41": "kreisfreie-stadt",
    "42": "stadtkreis",
    "43": "kreis",
    "44": "landkreis",
    "45": "regionalverband",
    "60": "gemeinde",
    "61": "kreisfreie-stadt",
    "62": "stadt",
    "63": "stadt",
    "64": "gemeinde",
    "65": "gemeindefreies-gebiet",
    "66": "gemeindefreies-gebiet",
    "67": "gemeindefreies-gebiet",
}


@dataclass(frozen=True, slots=True)
class Territory:
    """One Land, Regierungsbezirk, Kreis or municipality of the directory.

    ``key`` is the official key at the territory's own level (2, 3, 5 or 8 digits); a
    kreisfreie Stadt is one territory with its 8-digit AGS and its 5-digit Kreis key.
    """

    key: str
    level: str  # land | regierungsbezirk | kreis | municipality
    type: str  # territory-type notation
    name: str  # short name, e.g. "Schwerte", "Kreis Unna"
    official_name: str
    land: str
    rb: str | None = None
    kreis: str | None = None
    ars: str | None = None
    population: int | None = None
    area: float | None = None
    lat: float | None = None
    lon: float | None = None
    postcode: str | None = None

    @property
    def is_kreisfrei(self) -> bool:
        return self.type in {"kreisfreie-stadt", "stadtkreis"} and self.level == "municipality"


def _int(text: str) -> int | None:
    digits = text.replace(" ", "").replace("\u00a0", "")
    return int(digits) if digits else None


def _float(text: str) -> float | None:
    text = text.replace(" ", "").replace(",", ".")
    return float(text) if text else None


def _short(official: str) -> str:
    return official.split(",", 1)[0].strip()


def _kreis_label(name: str, type_: str) -> str:
    if "kreis" in name.lower() or "region" in name.lower():
        return name
    return ("Landkreis " if type_ == "landkreis" else "Kreis ") + name


def read_directory(path: Path) -> Iterator[Territory]:
    """Yield the territories of ``path``; kreisfreie Städte once, as municipalities."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ConfigError(f"cannot open gazetteer {path}: {exc}") from exc
    with handle:
        for row in csv.DictReader(handle):
            territory = _territory(row)
            if territory is not None:
                yield territory


def _territory(row: dict[str, str]) -> Territory | None:
    kind, land, rb, kreis = row["satzart"], row["land"], row["rb"], row["kreis"]
    name = row["gemeindename"].strip()
    if kind == "10":
        return Territory(land, "land", "land", name, name, land)
    if kind == "20":
        label = name.replace("Reg.-Bez.", "Regierungsbezirk").strip()
        return Territory(land + rb, "regierungsbezirk", "regierungsbezirk", label, name, land)
    type_ = _TYPES.get(row["textkennzeichen"], "gemeinde")
    if kind == "40" and type_ not in {"kreisfreie-stadt", "stadtkreis"}:
        return Territory(
            land + rb + kreis,
            "kreis",
            type_,
            _kreis_label(name, type_),
            name,
            land,
            rb=land + rb,
            ars=land + rb + kreis,
        )
    if kind != "60":
        return None
    return Territory(
        key=land + rb + kreis + row["gemeinde"],
        level="municipality",
        type=type_,
        name=_short(name),
        official_name=name,
        land=land,
        rb=land + rb,
        kreis=land + rb + kreis,
        ars=land + rb + kreis + row["vb"] + row["gemeinde"],
        population=_int(row["bevoelkerung"]),
        area=_float(row["flaeche"]),
        lat=_float(row["breitengrad"]),
        lon=_float(row["laengengrad"]),
        postcode=row["postleitzahl"] or None,
    )
