"""The fake CKAN on loopback: sites with the real Action API and catalogue protocol, files, switchable faults."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._dcat import FORMATS, catalog_page
from ._handler import Handler
from ._loopback import LoopbackServer
from ._site import Site
from .fixtures import stamp
from .realdata import MEDIA, mount_realdata

Hook = Callable[[str, dict[str, Any], int], None]


@dataclass
class Fault:
    """A misbehaviour for requests to ``target`` (a CKAN action name or a path such as ``/catalog.ttl``).

    Kinds: ``error`` (500 with an HTML page), ``slow`` (answer after ``delay`` seconds), ``invalid-json``
    (a truncated body), ``throttle`` (429 with ``Retry-After``), ``duplicate`` (one result twice on the
    page), ``too-large`` (a proxy's 502 whenever the answer exceeds ``limit`` bytes, for good), ``loop``
    (hydra:next back to page 1), ``body`` (``body`` as it is, with ``status`` and ``media``: a broken answer
    written by the test). It applies to ``times`` matching requests after skipping the first ``after``.
    """

    target: str
    kind: str
    times: int = 1
    after: int = 0
    delay: float = 0.0
    retry_after: str = "1"
    limit: int = 0
    body: bytes = b""
    status: int = 200
    media: str = "application/json"
    seen: int = 0

    def applies(self) -> bool:
        self.seen += 1
        return self.seen > self.after and (self.kind == "too-large" or self.seen <= self.after + self.times)


class Portal(LoopbackServer):
    """A CKAN portal on 127.0.0.1, in a background thread: its site, more sites mounted, files, faults.

    Use it as a context manager; ``url`` is its address. The site at ``url`` holds ``packages``; more
    sites answer under ``/ckan/<name>/`` (:meth:`mount`; ``realdata=True`` mounts the real corpus)
    and files under their own paths (:meth:`serve`, :meth:`publish`). Mutate the packages between or
    during requests with :meth:`touch`, :meth:`delete`, :meth:`add` and :meth:`seed`; add faults with
    :meth:`fault` and :meth:`fail_next`; run code before each answer with ``on_request`` hooks
    ``(target, params, count)``.

    Args:
        packages: the package dicts (see :func:`portal.make_packages`).
        dcat_page_size: datasets per catalogue page (ckanext-dcat's default is 100).
        legacy_hydra: page the catalogue with the old ``hydra:PagedCollection`` instead of a
            ``hydra:PartialCollectionView``.
        organizations: organisations that exist beyond those the packages name (where writes may go).
        tokens: API token → may write (``True``) or not; without tokens every write is refused.
        realdata: mount every source of ``../shared/realdata`` (see :mod:`portal.realdata`).
    """

    def __init__(
        self,
        packages: Iterable[dict[str, Any]] = (),
        *,
        dcat_page_size: int = 100,
        legacy_hydra: bool = False,
        organizations: Iterable[str] = (),
        tokens: dict[str, bool] | None = None,
        realdata: bool = False,
    ) -> None:
        super().__init__(Handler)
        self.site = Site(packages, organizations=organizations, tokens=tokens)
        self.sites: dict[str, Site] = {}
        self.dcat_page_size, self.legacy_hydra = dcat_page_size, legacy_hydra
        self.faults: list[Fault] = []
        self.on_request: list[Hook] = []
        self.files: dict[str, tuple[bytes | Path, str]] = {}
        self.dcat: dict[str, str] = {}
        self.served: Counter[str] = Counter()
        self.lock = threading.RLock()
        if realdata:
            mount_realdata(self)

    @property
    def packages(self) -> dict[str, dict[str, Any]]:
        """The packages of the site at ``url``, by id."""
        return self.site.packages

    @property
    def calls(self) -> Counter[str]:
        """Requests per action name (per path for everything else), refused and failed ones included."""
        return self.served

    def mount(self, name: str, site: Site) -> str:
        """Serve ``site`` under ``/ckan/<name>/``; its URL."""
        self.sites[name] = site
        return self.ckan_url(name)

    def ckan_url(self, name: str) -> str:
        return f"{self.url}/ckan/{name}"

    def publish(self, name: str, path: str, file: Path) -> str:
        """Serve ``file`` (read when asked) at ``/dcat/<path>`` with the media type of its syntax; its URL."""
        self.dcat[name] = f"/dcat/{path}"
        self.files[self.dcat[name]] = (file, MEDIA[file.suffix])
        return self.dcat_url(name)

    def dcat_url(self, name: str) -> str:
        return self.url + self.dcat[name]

    def serve(self, path: str, body: bytes, media: str) -> str:
        """Answer GET ``path`` with ``body`` as it is (a real catalogue file, a broken page); its URL."""
        self.files[path] = (body, media)
        return self.url + path

    def fault(self, target: str, kind: str, **options: Any) -> Fault:
        """Add a fault (see :class:`Fault`) and return it."""
        fault = Fault(target, kind, **options)
        self.faults.append(fault)
        return fault

    def fail_next(self, action: str, *statuses: int) -> None:
        """The next calls of ``action`` answer these statuses in turn (500 as an HTML page, as behind a proxy)."""
        for i, status in enumerate(statuses):
            if status == 500:
                self.fault(action, "error", after=i)
            else:
                body = json.dumps({"help": "", "success": False, "error": {}}).encode()
                self.fault(action, "body", after=i, status=status, body=body)

    def touch(self, package_id: str, **changes: Any) -> str:
        """Change a package as an editor would: new values, ``metadata_modified`` after every other one."""
        with self.lock:
            moment = stamp(self.site.newest())
            self.packages[package_id].update(changes, metadata_modified=moment)
            self.site.changed()
            return moment

    def delete(self, package_id: str) -> None:
        """Delete a package: it leaves search, list and show, as a deleted CKAN dataset does for the public."""
        with self.lock:
            del self.packages[package_id]
            self.site.changed()

    def add(self, package: dict[str, Any]) -> None:
        with self.lock:
            self.packages[package["id"]] = package
            self.site.changed()

    def seed(self, package: dict[str, Any]) -> dict[str, Any]:
        """A package someone else created (not the client under test), stored as ``package_create`` stores it."""
        with self.lock:
            return self.site.store(package, None)

    def at(self, mount: str) -> tuple[Site, str]:
        """The site mounted as ``mount`` (``""``: the one at ``url``) and its address."""
        return (self.sites[mount], self.ckan_url(mount)) if mount else (self.site, self.url)

    def catalog(self, path: str, params: dict[str, str], *, loop: bool, mount: str = "") -> tuple[bytes, str]:
        """One catalogue page in the format its extension names, newest first as ckanext-dcat sorts."""
        fmt, media = FORMATS[path.rsplit(".", 1)[1]]
        site, base = self.at(mount)
        with self.lock:
            packages = site.searchable("metadata_modified desc, id asc")
        since = params.get("modified_since")
        if since:
            packages = [p for p in packages if p["metadata_modified"] >= since.rstrip("Z")]
        page = int(params.get("page", 1))
        if page < 1:
            raise ValueError("page must be 1 or more")
        g = catalog_page(base, path, packages, page, self.dcat_page_size, params, legacy=self.legacy_hydra, loop=loop)
        return g.serialize(format=fmt, encoding="utf-8"), media
