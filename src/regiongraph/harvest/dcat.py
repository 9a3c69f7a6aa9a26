"""The DCAT harvester: catalogue pages in Turtle, RDF/XML or JSON-LD, followed along their Hydra links.

A page names the next one with ``hydra:next`` (a ``hydra:PartialCollectionView``, as
ckanext-dcat ≥ 1.0 writes it) or ``hydra:nextPage`` (the legacy ``hydra:PagedCollection``,
often a literal). Paging stops at a page already seen (reported: the catalogue loops), after
``max_pages``, or at a response larger than ``max_bytes``. An incremental run asks for
``modified_since``. Each ``dcat:Dataset`` becomes one record whose payload is its description
as N-Triples, blank nodes relabelled by content so an unchanged dataset hashes the same.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import lru_cache
from urllib.parse import urlencode, urljoin, urlsplit

import httpx
import pyoxigraph as ox

from .. import __version__
from ..namespaces import ADMS, DCAT, DCATDE, DCTERMS, HYDRA, LOCN, RDF, SPDX
from ._dcat_parse import Page, parse_page
from ._http import Fatal, RetriesExhausted, Transient, classify_status, retrying
from ._records import HarvestOutcome, SourceRecord
from .sources import SourceDeclaration

KIND = "dcat-dataset"
TYPE, DATASET, CATALOG = ox.NamedNode(RDF.type), ox.NamedNode(DCAT.Dataset), ox.NamedNode(DCAT.Catalog)
IDENTIFIER, MODIFIED = ox.NamedNode(DCTERMS.identifier), ox.NamedNode(DCTERMS.modified)
LANGUAGE = ox.NamedNode(DCTERMS.language)
NEXT = (ox.NamedNode(HYDRA.next), ox.NamedNode(HYDRA.nextPage))
#: IRIs reached through these belong to the dataset's description (blank nodes always do): its
#: distributions, coverage and agents (DCAT-AP.de's maintainer and originator, dcterms:creator),
#: its other identifiers (adms:Identifier), a distribution's checksum, format and licence, a place's
#: geometry, access rights, standards and frequencies when the catalogue describes them (RegionGraph's
#: feed names such nodes by IRIs).
FOLLOW = frozenset(
    ox.NamedNode(p)
    for p in (
        DCAT.distribution,
        DCAT.contactPoint,
        DCTERMS.publisher,
        DCTERMS.temporal,
        DCTERMS.spatial,
        DCTERMS.creator,
        DCATDE.maintainer,
        DCATDE.originator,
        ADMS.identifier,
        SPDX.checksum,
        DCTERMS.format,
        DCTERMS.license,
        # A place's geometry and the labelled nodes of access rights, standards and frequencies
        # (DCAT-AP 3 makes them resources; RegionGraph's feed names its own by IRIs).
        LOCN.geometry,
        DCTERMS.accessRights,
        DCTERMS.conformsTo,
        DCTERMS.accrualPeriodicity,
    )
)
MEDIA = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
    "text/xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
EXTENSIONS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".nt": ox.RdfFormat.N_TRIPLES,
}
# a triple's subject; a quoted triple (RDF-star) is one for oxigraph's types, never for a DCAT page's datasets
_Subject = ox.NamedNode | ox.BlankNode | ox.Triple
_Index = dict[_Subject, list[ox.Triple]]
#: Record id prefix (then a hash of the description) and payload ``problem`` of a dataset with neither IRI
#: nor dcterms:identifier: nothing recognises it across runs or sources, so it is quarantined.
UNIDENTIFIED = "unidentified-"
PROBLEM = "a dcat:Dataset without IRI or dcterms:identifier cannot be recognised across runs or sources"


class TooLarge(Exception):  # noqa: N818
    """A response exceeded the source's ``max_bytes``."""


def rdf_format(content_type: str, url: str) -> ox.RdfFormat:
    """The RDF format of a response: by its Content-Type, else by the URL's extension.

    Raises:
        Fatal: neither says what the body is.
    """
    media = content_type.split(";")[0].strip().lower()
    if media in MEDIA:
        return MEDIA[media]
    path = urlsplit(url).path
    for ext, fmt in EXTENSIONS.items():
        if path.endswith(ext):
            return fmt
    raise Fatal(f"{url}: cannot tell the RDF format of {media or 'an untyped answer'}")


class DcatHarvester:
    """Yields the datasets of a DCAT catalogue as :class:`SourceRecord` values; ``outcome`` tells the rest.

    Args:
        decl: the source (catalogue url, time-out, retries, ``max_pages``, ``max_bytes``).
        since: the previous run's cursor, sent as ``modified_since``; ``None`` or ``full`` for everything.
        full: a full run even when a cursor exists.
        sleep: pause between attempts.
    """

    #: A portal names no organisations for the mapping, and how many records it holds shows while paging.
    organisations: tuple[SourceRecord, ...] = ()
    total: int | None = None

    def __init__(
        self,
        decl: SourceDeclaration,
        *,
        since: str | None = None,
        full: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        **_ignored: object,
    ) -> None:
        self.decl, self.sleep = decl, sleep
        self.since = None if full else since
        self.outcome = HarvestOutcome(cursor=since)
        self._seen: dict[str, str] = {}

    def records(self) -> Iterator[SourceRecord]:
        """Every dataset on every page, each id once (a dataset on two pages is yielded once)."""
        self.outcome.complete = self.since is None
        url: str | None = self._first_url()
        pages: set[str] = set()
        with httpx.Client(
            timeout=self.decl.timeout,
            follow_redirects=True,
            headers={
                "User-Agent": f"RegionGraph/{__version__} (harvester)",
                "Accept": "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8",
            },
        ) as client:
            while url is not None:
                if url in pages or len(pages) >= self.decl.max_pages:
                    why = (
                        "hydra:next leads back to a page already read"
                        if url in pages
                        else f"more than max_pages = {self.decl.max_pages} pages"
                    )
                    self.outcome.fail(url, f"paging stopped: {why}")
                    return
                pages.add(url)
                try:
                    page = self._page(client, url)
                except (RetriesExhausted, Fatal, TooLarge) as exc:
                    self.outcome.fail(url, str(exc))
                    return
                yield from self._datasets(page, url)
                url = _next_page(page.triples, url)

    def _first_url(self) -> str:
        url = self.decl.url
        assert url is not None  # harvest.sources requires the url of a dcat source
        if self.since is None:
            return url
        sep = "&" if urlsplit(url).query else "?"
        return url + sep + urlencode({"modified_since": self.since})

    def _page(self, client: httpx.Client, url: str) -> Page:
        def once() -> Page:
            self.outcome.requests += 1
            try:
                body, content_type = self._fetch(client, url)
            except httpx.TimeoutException as exc:
                raise Transient(f"{url}: no answer within {self.decl.timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise Transient(f"{url}: cannot reach the catalogue ({type(exc).__name__})", shrink=False) from exc
            # A body that arrived whole parses the same way on every try: a parse failure is no transient.
            return parse_page(body, rdf_format(content_type, url), url)

        return retrying(once, self.decl.retry, sleep=self.sleep)

    def _fetch(self, client: httpx.Client, url: str) -> tuple[bytes, str]:
        with client.stream("GET", url) as response:
            failure = classify_status(response.status_code, response.headers, url)
            if failure is not None:
                raise failure
            declared = int(response.headers.get("content-length") or 0)
            if declared > self.decl.max_bytes:
                raise TooLarge(f"{url}: {declared} bytes exceed max_bytes = {self.decl.max_bytes}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.decl.max_bytes:
                    raise TooLarge(f"{url}: the answer exceeds max_bytes = {self.decl.max_bytes}")
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get("content-type", "")

    def _datasets(self, page: Page, url: str) -> Iterator[SourceRecord]:
        triples, index = page.triples, _index(page.triples)
        catalog_node = next(
            (
                t.subject
                for t in triples
                if t.predicate == TYPE and t.object == CATALOG and not isinstance(t.subject, ox.Triple)
            ),
            None,
        )
        catalog = catalog_node.value if catalog_node is not None else url
        # The catalogue's languages travel with each record only when it names some (an unchanged hash otherwise):
        # the one a catalogue declares is the language of its datasets' untagged texts (mapping/dcat/_languages).
        languages = sorted(o.value for o in _objects(index, catalog_node, LANGUAGE)) if catalog_node is not None else []
        for subject in sorted({t.subject for t in triples if t.predicate == TYPE and t.object == DATASET}, key=str):
            ids = sorted(o.value for o in _objects(index, subject, IDENTIFIER))
            iri = subject.value if isinstance(subject, ox.NamedNode) else None
            reached = _reach(index, subject)
            description = describe(index, subject, reached)
            payload: dict[str, object] = {"iri": iri, "ntriples": description, "catalog": catalog}
            if languages:
                payload["catalog_language"] = languages
            problems = page.problems(reached)
            if problems:  # only this record is lost to a term the strict parser rejects; the others go on
                payload["problem"] = "; ".join(problems)
            rid = iri or (ids[0] if ids else None)
            if rid is None:
                # A record-level problem, not the run's: it is quarantined under an id from its content
                # (all it has), and the run stays complete, so datasets gone at the source are withdrawn.
                rid = UNIDENTIFIED + hashlib.sha1(description.encode(), usedforsecurity=False).hexdigest()[:16]
                payload["problem"] = PROBLEM
            modified = max((o.value for o in _objects(index, subject, MODIFIED)), default="")
            if rid in self._seen and self._seen[rid] >= modified:
                continue
            self._seen[rid] = modified
            if modified and (self.outcome.cursor is None or modified > self.outcome.cursor):
                self.outcome.cursor = modified
            yield SourceRecord(self.decl.name, rid, KIND, payload, modified or None)


def _index(triples: list[ox.Triple]) -> _Index:
    index: _Index = defaultdict(list)
    for t in triples:
        index[t.subject].append(t)
    return index


def _objects(index: _Index, subject: _Subject, predicate: ox.NamedNode) -> list:
    return [t.object for t in index.get(subject, []) if t.predicate == predicate]


def _next_page(triples: list[ox.Triple], url: str) -> str | None:
    """The page after ``url``: the view of this page first, any Hydra next link otherwise."""
    links = [
        (t.subject, t.object.value) for t in triples if t.predicate in NEXT and not isinstance(t.object, ox.Triple)
    ]
    links.sort(key=lambda link: link[0] != ox.NamedNode(url) if isinstance(link[0], ox.NamedNode) else True)
    return urljoin(url, links[0][1]) if links else None


#: DCAT-AP.de's agents in an older namespace (``…/dcatde/1.0.1/maintainer``, ``https://www…/1.1/originator``):
#: the mapping migrates them, so the nodes they name belong to the description as the current ones do.
_OLD_AGENT = re.compile(r"^https?://(www\.)?dcat-ap\.de/def/dcatde/\d+(?:[._]\d+)*/#?(maintainer|originator)$")


@lru_cache(maxsize=4096)
def _follows(predicate: ox.NamedNode) -> bool:
    return predicate in FOLLOW or bool(_OLD_AGENT.match(predicate.value))


def _reach(index: _Index, subject: _Subject) -> list[ox.Triple]:
    """The triples of the dataset's description: its own, its blank nodes' and those of the nodes
    reached through :data:`FOLLOW` (distribution, contact, agents, coverage, identifiers)."""
    todo: list[_Subject] = [subject]
    done: set[_Subject] = set()
    triples: list[ox.Triple] = []
    while todo:
        node = todo.pop()
        if node in done:
            continue
        done.add(node)
        for t in index.get(node, []):
            triples.append(t)
            if isinstance(t.object, ox.BlankNode) or (_follows(t.predicate) and isinstance(t.object, ox.NamedNode)):
                todo.append(t.object)
    return triples


def describe(index: _Index, subject: _Subject, triples: list[ox.Triple] | None = None) -> str:
    """The dataset's description (:func:`_reach`, or ``triples`` when already collected) as sorted
    N-Triples, blank nodes labelled by a hash of their content."""
    triples = _reach(index, subject) if triples is None else triples
    labels: dict[ox.BlankNode, str] = {}

    def term(x: object) -> str:
        if isinstance(x, ox.BlankNode):
            if x not in labels:
                labels[x] = "_:b" + _signature(index, x, 0)
            return labels[x]
        if isinstance(x, ox.NamedNode) and " " in x.value:
            # Only a lenient parse reads such an IRI: either page.problems refuses the record, or it is a
            # tel: number the mapping repairs (tel-iri-without-spaces); N-Triples wants the space encoded.
            return "<" + x.value.replace(" ", "%20") + ">"
        return str(x)

    return "".join(sorted({f"{term(t.subject)} {t.predicate} {term(t.object)} .\n" for t in triples}))


def _signature(index: _Index, node: ox.BlankNode, depth: int) -> str:
    """A label for a blank node from what it says (its own blank nodes by theirs, to a small depth)."""
    parts = []
    for t in index.get(node, []):
        obj = t.object
        shown = (
            ("_:" + (_signature(index, obj, depth + 1) if depth < 6 else "deep"))
            if isinstance(obj, ox.BlankNode)
            else str(obj)
        )
        parts.append(f"{t.predicate} {shown}")
    return hashlib.sha1("\n".join(sorted(parts)).encode(), usedforsecurity=False).hexdigest()[:16]
