"""Reading an entity's description (its triples and its dependent resources') without another query."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from .. import namespaces as ns
from ._i18n import written_in

ORG, TIME, RG = str(ns.ORG), str(ns.TIME), str(ns.RG)
RDF_TYPE = str(ns.RDF.type)


@dataclass(frozen=True, slots=True)
class Text:
    """A literal as shown: its text and the language it is written in (``lang`` attribute, visible label)."""

    value: str
    lang: str | None


class Description:
    """The triples of one entity and its dependents, indexed by subject and predicate."""

    def __init__(self, iri: str, triples: list[ox.Triple]) -> None:
        self.iri = iri
        self.triples = triples
        self._index: dict[str, dict[str, list[ox.NamedNode | ox.Literal | ox.BlankNode]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for t in triples:
            if isinstance(t.subject, ox.Triple) or isinstance(t.object, ox.Triple):
                continue  # a quoted triple (RDF-star): oxigraph's types allow one, RegionGraph's graphs hold none
            self._index[t.subject.value][t.predicate.value].append(t.object)

    def objects(self, predicate: str, subject: str | None = None) -> list:
        return list(self._index.get(subject or self.iri, {}).get(predicate, []))

    def value(self, predicate: str, subject: str | None = None) -> str | None:
        found = self.objects(predicate, subject)
        return min(o.value for o in found) if found else None

    def types(self) -> set[str]:
        return {o.value for o in self.objects(RDF_TYPE)}

    def texts(self, predicate: str, subject: str | None = None) -> list[Text]:
        """Literals of ``predicate`` with the language they are written in (a wrong ``@de`` on English corrected)."""
        out = []
        for o in self.objects(predicate, subject):
            if isinstance(o, ox.Literal):
                out.append(Text(o.value, written_in(o.value, o.language)))
        return sorted(set(out), key=lambda t: t.value)

    def year_of(self, instant: str) -> str | None:
        for p in ("inXSDDate", "inXSDgYearMonth", "inXSDgYear", "inXSDDateTimeStamp"):
            v = self.value(TIME + p, instant)
            if v:
                return v
        return None

    def period(self, subject: str) -> tuple[str | None, str | None]:
        """Beginning and end of ``subject``'s ``org:memberDuring`` interval (as typed), if it has one."""
        interval = self.value(ORG + "memberDuring", subject)
        if interval is None:
            return None, None
        begin, end = self.value(TIME + "hasBeginning", interval), self.value(TIME + "hasEnd", interval)
        return (self.year_of(begin) if begin else None), (self.year_of(end) if end else None)

    def partners(self) -> list[dict]:
        """Memberships grouped by member: roles, dates and the name as printed."""
        by_member: dict[str, dict] = {}
        for m in self.objects(ORG + "hasMembership"):
            member = self.value(ORG + "member", m.value)
            if member is None:
                continue
            entry = by_member.setdefault(
                member, {"iri": member, "roles": set(), "start": None, "end": None, "printed": set()}
            )
            entry["roles"].update(r.value for r in self.objects(ORG + "role", m.value))
            start, end = self.period(m.value)
            entry["start"], entry["end"] = entry["start"] or start, entry["end"] or end
            printed = self.value(RG + "partnerText", m.value)
            if printed:
                entry["printed"].add(printed)
        return list(by_member.values())
