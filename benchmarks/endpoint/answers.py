"""The answer check before timing: every contender's rows, terms normalised, against raw Oxigraph's."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from .contenders import Contender, fetch
from .data import XSD, Query, log

Term = tuple[str, str, str, str]
Row = tuple[Term, ...]
PLAIN = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def _json_term(term: dict | None) -> Term:
    if term is None:
        return ("unbound", "", "", "")
    if term["type"] == "bnode":
        return ("bnode", "", "", "")  # labels are local to each answer
    datatype = term.get("datatype", "")
    return (
        term["type"].replace("typed-literal", "literal"),
        term["value"],
        term.get("xml:lang", "").lower(),
        "" if datatype in PLAIN else datatype,
    )


def _ox_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, "", "")
    if isinstance(term, ox.BlankNode):
        return ("bnode", "", "", "")
    datatype = term.datatype.value
    return ("literal", term.value, (term.language or "").lower(), "" if datatype in PLAIN else datatype)


def parse_rows(body: bytes, construct: bool) -> list[Row]:
    """Rows of a SPARQL JSON answer, or triples of an N-Triples answer, as comparable tuples."""
    if construct:
        return [
            tuple(_ox_term(t) for t in (q.subject, q.predicate, q.object))
            for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        ]
    doc = json.loads(body)
    names = doc["head"]["vars"]
    return [tuple(_json_term(b.get(v)) for v in names) for b in doc["results"]["bindings"]]


@dataclass
class Verdict:
    """How a contender's answers to one query compare with the reference's (raw Oxigraph)."""

    status: str  # ok | duplicates | mismatch | error
    rows: int
    detail: str = ""
    seconds: float = 0.0

    @property
    def timed(self) -> bool:
        return self.status in ("ok", "duplicates")


def answer_rows(contender: Contender, query: Query, sample: int, timeout: float) -> tuple[list[list[Row]], float]:
    """The contender's rows for each text of ``query`` (a sample of the IRIs), and the slowest answer's seconds."""
    answers, slowest = [], 0.0
    for text in query.texts(sample):
        status, body, seconds = fetch(contender.url, text, query.accept, timeout)
        if status != 200:
            raise ValueError(f"HTTP {status}: {body[:300].decode(errors='replace')}")
        answers.append(parse_rows(body, query.construct))
        slowest = max(slowest, seconds)
    return answers, slowest


def compare(reference: list[list[Row]], got: list[list[Row]], limit: int | None) -> Verdict:
    """Same rows (as multisets; only the count when LIMIT cut both) → ok; same distinct rows → duplicates."""
    rows, pairs = sum(map(len, got)), list(zip(reference, got, strict=True))
    if all(len(r) == len(g) and (len(r) == limit or sorted(r) == sorted(g)) for r, g in pairs):
        return Verdict("ok", rows)
    if all(set(r) == set(g) for r, g in pairs):
        return Verdict(
            "duplicates",
            rows,
            f"same distinct rows, but {rows} rows where raw Oxigraph gives "
            f"{sum(map(len, reference))}: a triple held by several named graphs counts once per graph "
            "in one, once in the other",
        )
    r, g = next((r, g) for r, g in pairs if sorted(r) != sorted(g))
    missing, extra = sorted(set(r) - set(g)), sorted(set(g) - set(r))
    return Verdict(
        "mismatch",
        rows,
        f"{len(g)} rows where raw Oxigraph gives {len(r)}; e.g. missing {missing[:1]}, extra {extra[:1]}",
    )


def check_answers(
    contenders: Sequence[Contender], queries: Sequence[Query], sample: int, timeout: float
) -> dict[str, dict[str, Verdict]]:
    """Ask every contender every query once; compare with raw Oxigraph (the first contender if it is absent).

    A server that queues requests and overran ``timeout`` is still busy with that query: it is asked nothing more.
    """
    reference = next((c for c in contenders if c.name == "oxigraph"), contenders[0])
    verdicts: dict[str, dict[str, Verdict]] = {}
    busy: set[str] = set()
    for query in queries:
        expected, _ = answer_rows(reference, query, sample, timeout)
        verdicts[query.name] = {}
        for contender in contenders:
            if contender.name in busy:
                verdicts[query.name][contender.name] = Verdict("error", 0, "still busy with a query that timed out")
                continue
            try:
                got, seconds = answer_rows(contender, query, sample, timeout)
            except (ValueError, OSError) as exc:
                verdicts[query.name][contender.name] = Verdict("error", 0, str(exc) or type(exc).__name__)
                busy |= {contender.name} if isinstance(exc, TimeoutError) and not contender.parallel else set()
                continue
            verdict = compare(expected, got, query.limit)
            verdict.seconds = seconds
            verdicts[query.name][contender.name] = verdict
        log(
            f"answers to {query.name}: "
            + ", ".join(
                f"{n} {v.status} ({v.rows} rows, {v.seconds * 1000:.0f} ms)" for n, v in verdicts[query.name].items()
            )
        )
    return verdicts
