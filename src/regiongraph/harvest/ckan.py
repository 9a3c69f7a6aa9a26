"""The CKAN harvester: ``package_search`` through ckanapi, paged by modification stamp, with reconciliation.

Pages are asked for in the order ``metadata_modified asc, id asc`` and each page starts at the
last stamp seen (keyset paging, ``fq=metadata_modified:[X TO *]``), so a record edited during
the run moves behind the cursor and is met again instead of shifting its neighbours out of
sight. An incremental run starts at the previous run's cursor. A full run then lists every id
(``fl=id``), fetches the ones paging missed, and confirms each known id it did not see before
calling the harvest complete — only then may the pipeline withdraw what is gone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

import requests
from ckanapi import RemoteCKAN
from ckanapi.errors import CKANAPIError, NotAuthorized, NotFound, SearchQueryError, ServerIncompatibleError
from ckanapi.errors import ValidationError as CkanValidationError

from .. import __version__
from ._ckan_payload import (
    PayloadError,
    envelope_problem,
    package_key,
    search_count,
    search_results,
    source_stamp,
    stamp_of,
    version_key,
)
from ._http import Fatal, RetriesExhausted, Transient, classify_status, retrying
from ._records import HarvestOutcome, SourceRecord
from .sources import SourceDeclaration

KIND = "ckan-package"
SORT = "metadata_modified asc, id asc"
#: Ids asked for per request when listing or confirming ids.
ID_PAGE = 1000
ID_BATCH = 50
#: A failing page is asked again in halves down to this fraction of the page size.
MIN_PAGE_FRACTION = 8
_Page = dict[str, Any]


class PageFailed(Exception):  # noqa: N818
    """A request failed for good; the message says which and why."""

    def __init__(self, message: str, *, shrink: bool) -> None:
        super().__init__(message)
        self.shrink = shrink


class CkanClient:
    """ckanapi's RemoteCKAN with time-outs and retries, remembering each answer's status and headers.

    Args:
        decl: the source (url, timeout, retry policy).
        outcome: counts the requests.
        sleep: how to pause between attempts (tests pass a recorder).
    """

    def __init__(
        self, decl: SourceDeclaration, outcome: HarvestOutcome, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.decl, self.outcome, self.sleep = decl, outcome, sleep
        self.session = requests.Session()
        self.session.hooks["response"].append(self._keep)
        self.ckan = RemoteCKAN(decl.url, session=self.session, user_agent=f"RegionGraph/{__version__} (harvester)")
        self._last: requests.Response | None = None

    def _keep(self, response: requests.Response, *_args: Any, **_kwargs: Any) -> None:
        self._last = response

    def close(self) -> None:
        self.ckan.close()

    def call(self, action: str, **params: Any) -> Any:
        """One action call, tried again on 5xx, 429, time-outs, broken answers and connection errors.

        Raises:
            PageFailed: every attempt failed, or CKAN refused the call.
        """
        where = f"{action} {params.get('fq', '')} rows={params.get('rows', '')} start={params.get('start', '')}"
        try:
            return retrying(lambda: self._once(action, params, where.strip()), self.decl.retry, sleep=self.sleep)
        except RetriesExhausted as exc:
            raise PageFailed(str(exc), shrink=exc.shrink) from exc
        except Fatal as exc:
            raise PageFailed(str(exc), shrink=False) from exc

    def _once(self, action: str, params: dict[str, Any], where: str) -> Any:
        self._last = None
        self.outcome.requests += 1
        try:
            return self.ckan.call_action(action, params, requests_kwargs={"timeout": self.decl.timeout})
        except requests.Timeout as exc:
            raise Transient(f"{where}: no answer within {self.decl.timeout:g} s") from exc
        except requests.RequestException as exc:
            raise Transient(f"{where}: cannot reach {self.decl.url} ({type(exc).__name__})", shrink=False) from exc
        except NotFound as exc:  # for package_search: the address answers, but is no CKAN Action API
            raise Fatal(f"{where}: CKAN answered 'Not Found' ({exc}); is {self.decl.url} the portal's root?") from exc
        except (SearchQueryError, CkanValidationError, NotAuthorized) as exc:
            raise Fatal(f"{where}: CKAN refused the call: {exc}") from exc
        except (CKANAPIError, ServerIncompatibleError) as exc:
            status = self._last.status_code if self._last is not None else 0
            failure = classify_status(status, self._last.headers if self._last is not None else None, where)
            problem = envelope_problem(self._last.content) if self._last is not None and not failure else None
            if problem:  # a whole JSON answer that says no: asking again gets the same
                raise Fatal(f"{where}: {problem}") from exc
            raise failure or Transient(f"{where}: the answer is not a CKAN JSON envelope{self._looks()}") from exc

    def _looks(self) -> str:
        """What the last answer was instead of JSON, for the message (an HTML page is the usual case)."""
        if self._last is None:
            return ""
        media = self._last.headers.get("Content-Type", "").split(";")[0].strip()
        return f" (HTTP {self._last.status_code}, {media or 'no content type'})"


def _stamp_query(stamp: str) -> str:
    """A CKAN stamp (UTC without zone) as a Solr date."""
    return stamp if stamp.endswith("Z") else stamp + "Z"


class CkanHarvester:
    """Yields the packages of one CKAN source as :class:`SourceRecord` values; ``outcome`` tells the rest.

    Args:
        decl: the source declaration (url, filters, page size, retries).
        since: the previous run's cursor; ``None`` (or ``full``) harvests everything.
        known: ids of the records the store holds as published or quarantined, to confirm
            the ones a full run does not meet.
        full: a full (reconciliation) run even when a cursor exists.
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
        known: Iterable[str] = (),
        full: bool = False,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.decl = decl
        self.since = None if full else since
        self.known = set(known)
        self.outcome = HarvestOutcome(cursor=since)
        self.client = CkanClient(decl, self.outcome, sleep=sleep)
        self._seen: dict[str, str] = {}

    @property
    def full(self) -> bool:
        return self.since is None

    def records(self) -> Iterator[SourceRecord]:
        """Every package changed since the cursor (all of them in a full run), each id once per version."""
        self.outcome.complete = self.full
        try:
            yield from self._fresh(self._scan())
            if self.full and not self.outcome.failures:
                yield from self._fresh(self._reconcile())
        finally:
            self.client.close()

    def _fresh(self, packages: Iterable[Any]) -> Iterator[SourceRecord]:
        """Each package the first time, and again only in a newer version (a duplicate on two pages is not).

        A package is identified by ``id``, else by ``name``; one with neither is a failure of the
        run (reported, never dropped in silence). Without ``metadata_modified`` its content hash
        tells versions apart.
        """
        for pkg in packages:
            pid, problem = package_key(pkg)
            if pid is None:
                self.outcome.fail("package", problem or "")
                continue
            version, stamp = version_key(pkg), stamp_of(pkg)
            seen = self._seen.get(pid)
            if seen is not None and (seen == version or (stamp is not None and seen >= version)):
                continue
            self._seen[pid] = version
            if stamp and (self.outcome.cursor is None or stamp > self.outcome.cursor):
                self.outcome.cursor = stamp
            yield SourceRecord(self.decl.name, pid, KIND, pkg, source_stamp(pkg))

    def _filters(self) -> list[str]:
        f = self.decl.filters
        out = []
        if f.organizations:
            out.append("organization:(" + " OR ".join(f.organizations) + ")")
        if f.groups:
            out.append("groups:(" + " OR ".join(f.groups) + ")")
        return out

    def _search(self, fq: list[str], rows: int, start: int, **extra: Any) -> _Page:
        params = {
            "q": self.decl.filters.query or "*:*",
            "fq": " AND ".join(fq),
            "rows": rows,
            "start": start,
            "sort": SORT,
        }
        params.update(extra)
        return self.client.call("package_search", **params)

    def _shrinking(self, ask: Callable[[int], _Page], rows: int) -> tuple[_Page, int]:
        """``ask(rows)``, asked again with half the rows while a smaller answer might succeed.

        Raises:
            PageFailed: it failed at the smallest size too, or in a way size cannot explain.
        """
        floor = max(1, rows // MIN_PAGE_FRACTION)
        while True:
            try:
                return ask(rows), rows
            except PageFailed as exc:
                if not exc.shrink or rows <= floor:
                    raise
                rows //= 2  # a page too large for the portal: ask for halves

    def _scan(self) -> Iterator[_Page]:
        """Keyset paging from the cursor: each page starts at the newest stamp of the one before."""
        cursor, at_cursor, rows = self.since, 0, self.decl.page_size
        while True:
            fq = self._filters() + ([f"metadata_modified:[{_stamp_query(cursor)} TO *]"] if cursor else [])
            where = f"page after {cursor or 'the start'}"
            try:
                page, rows = self._shrinking(partial(self._search, fq, start=at_cursor), rows)
                results = search_results(page, where="package_search")
            except (PageFailed, PayloadError) as exc:
                self.outcome.fail(where, str(exc))
                return
            yield from results
            if len(results) < rows:
                return
            newest = stamp_of(results[-1])
            if newest is None:  # no stamp to page by: go on by offset under the same filter
                at_cursor += len(results)
                continue
            ties = sum(1 for r in results if stamp_of(r) == newest)
            at_cursor = at_cursor + ties if newest == cursor else ties
            cursor = newest

    def _reconcile(self) -> Iterator[_Page]:
        """Packages the paging missed: listed but not seen, or known, not seen and still there."""
        try:
            listed = self._list_ids()
        except PageFailed as exc:
            self.outcome.fail("id list", str(exc))
            return
        missing = (listed | self.known) - set(self._seen)
        yield from self._by_id(sorted(missing))

    def _list_ids(self) -> set[str]:
        """Every id the source (with the filters) has: an id-only search, in id order, which edits do not move."""
        ids: set[str] = set()
        start, rows = 0, ID_PAGE
        while True:
            page, rows = self._shrinking(
                partial(self._search, self._filters(), start=start, sort="id asc", fl="id"), rows
            )
            try:
                results = search_results(page, where="id list")
            except PayloadError as exc:
                raise PageFailed(str(exc), shrink=False) from exc
            ids.update(str(r["id"]) for r in results if isinstance(r, dict) and r.get("id"))
            start += len(results)
            count = search_count(page)
            if len(results) < rows or (count is not None and start >= count):
                return ids

    def _by_id(self, ids: list[str]) -> Iterator[_Page]:
        """The packages among ``ids`` that the source (with the filters) still has."""
        for i in range(0, len(ids), ID_BATCH):
            batch = ids[i : i + ID_BATCH]
            fq = [*self._filters(), "id:(" + " OR ".join('"' + x.replace('"', '\\"') + '"' for x in batch) + ")"]
            try:
                found = search_results(self._search(fq, len(batch), 0), where="confirming ids")
            except (PageFailed, PayloadError) as exc:
                self.outcome.fail(f"confirming {len(batch)} ids", str(exc))
                return
            yield from found
