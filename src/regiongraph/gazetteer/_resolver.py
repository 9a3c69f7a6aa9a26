"""Resolve the place names real documents use to one gazetteer territory, or say why not."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from ..errors import ResolutionError
from ._directory import Territory

#: Vehicle registration codes of the Kreise of NRW, as documents abbreviate them ("HSK").
PLATES = {
    "KLE": "05154",
    "ME": "05158",
    "NE": "05162",
    "VIE": "05166",
    "WES": "05170",
    "AC": "05334",
    "DN": "05358",
    "BM": "05362",
    "EU": "05366",
    "HS": "05370",
    "GM": "05374",
    "GL": "05378",
    "SU": "05382",
    "BOR": "05554",
    "COE": "05558",
    "RE": "05562",
    "ST": "05566",
    "WAF": "05570",
    "GT": "05754",
    "HF": "05758",
    "HX": "05762",
    "LIP": "05766",
    "MI": "05770",
    "PB": "05774",
    "EN": "05954",
    "HSK": "05958",
    "MK": "05962",
    "OE": "05966",
    "SI": "05970",
    "SO": "05974",
    "UN": "05978",
}
_LAND_ALIASES = {"nrw": "05", "land nrw": "05", "land nordrhein westfalen": "05"}
#: Words that precede a municipality's name without being part of it.
_TOWN_PREFIXES = (
    "stadt ",
    "gemeinde ",
    "kreisstadt ",
    "hansestadt ",
    "grosse kreisstadt ",
    "kreisfreie stadt ",
    "stadte ",
    "gemeinden ",
)
_KREIS_PREFIXES = ("kreis ", "landkreis ")
_LEVEL_RANK = {"municipality": 0, "kreis": 1, "regierungsbezirk": 2, "land": 3}


def normalise(name: str) -> str:
    """Fold case, umlauts, ß and punctuation: ``"Fröndenberg/Ruhr"`` → ``"frondenberg ruhr"``."""
    text = unicodedata.normalize("NFKD", name.casefold().replace("ß", "ss"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _base(name: str) -> str:
    """The name before a qualifier: "Wickede (Ruhr)" / "Fröndenberg/Ruhr" → "Wickede"/"Fröndenberg"."""
    return re.split(r"[/(,]", name, maxsplit=1)[0].strip()


class Resolver:
    """Maps names, keys and abbreviations to territories.

    Args:
        territories: the directory.
        preferred_land: Land key that wins when a name is ambiguous across Länder.
    """

    def __init__(self, territories: Iterable[Territory], *, preferred_land: str = "05") -> None:
        self.preferred_land = preferred_land
        self.by_key: dict[str, Territory] = {}
        self._names: dict[str, set[str]] = defaultdict(set)
        for t in territories:
            self._add(t)

    def _add(self, t: Territory) -> None:
        self.by_key[t.key] = t
        if t.is_kreisfrei and t.kreis:
            self.by_key.setdefault(t.kreis, t)
        names = {t.name, t.official_name, _base(t.name)}
        if t.level == "kreis":
            plain = t.official_name
            names |= {plain, f"Kreis {plain}"} if "kreis" not in plain.lower() else {plain}
        if t.level == "regierungsbezirk":
            names |= {t.official_name.replace("Reg.-Bez.", "RgBz"), t.name}
        for name in names:
            self._names[normalise(name)].add(t.key)

    def resolve(self, name: str) -> Territory:
        """The one territory meant by ``name``; raises :class:`ResolutionError` otherwise."""
        text = name.strip()
        if not text:
            raise ResolutionError(name, "empty name")
        if text.isdigit():
            return self._by_digits(text, name)
        if text.isupper() and text in PLATES:
            return self.by_key[PLATES[text]]
        keys = self._candidates(normalise(text))
        if not keys:
            raise ResolutionError(name, "no territory of that name in the gazetteer")
        return self._choose(name, keys)

    def _by_digits(self, text: str, name: str) -> Territory:
        key = text[:5] + text[9:] if len(text) == 12 else text  # ARS → AGS
        if key in self.by_key:
            return self.by_key[key]
        raise ResolutionError(name, "no territory has that official key")

    def _candidates(self, norm: str) -> set[str]:
        if norm in _LAND_ALIASES:
            return {_LAND_ALIASES[norm]}
        if norm.startswith(_KREIS_PREFIXES):
            rest = norm.split(" ", 1)[1]
            kreise = {k for k in self._names.get(rest, ()) if self.by_key[k].level == "kreis"}
            if kreise:
                return kreise
        keys = set(self._names.get(norm, ()))
        for prefix in _TOWN_PREFIXES:
            if not keys and norm.startswith(prefix):
                keys = set(self._names.get(norm[len(prefix) :], ()))
        return keys

    def _choose(self, name: str, keys: set[str]) -> Territory:
        cands = [self.by_key[k] for k in keys]
        local = [t for t in cands if t.land == self.preferred_land] or cands
        best = min(_LEVEL_RANK[t.level] for t in local)
        top = [t for t in local if _LEVEL_RANK[t.level] == best]
        exact = [t for t in top if normalise(t.name) == normalise(name)] or top
        if len(exact) == 1:
            return exact[0]
        raise ResolutionError(name, "ambiguous", tuple(f"{t.official_name} ({t.key})" for t in exact))

    def try_resolve(self, name: str) -> Territory | None:
        """Like :meth:`resolve`, but ``None`` instead of an error."""
        try:
            return self.resolve(name)
        except ResolutionError:
            return None
