"""One settings object, built once from defaults, an optional TOML file and ``REGIONGRAPH_*``.

Nothing below this module reads the environment: the :class:`Settings` is passed down.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .namespaces import DCATDE_LICENCE

ENV_PREFIX = "REGIONGRAPH_"


def _resources_root() -> Path:
    """Folder holding ontology/, shapes/, queries/ and harvesters/ (wheel or source tree)."""
    packaged = Path(__file__).parent / "_resources"
    if (packaged / "ontology").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of a RegionGraph instance.

    Attributes:
        data_dir: where the embedded store and run state live.
        store_path: the on-disk Oxigraph store; defaults to ``data_dir / "store"``.
        base_iri: namespace under which instance IRIs are minted; ends with ``/``.
        host, port: where ``regiongraph serve`` listens.
        resources_dir: folder with ontology/, shapes/, queries/, harvesters/.
        query_timeout: seconds a public SPARQL query may run.
        max_result_rows: rows a public SELECT returns at most.
        max_request_bytes: largest accepted request body.
        admin_token: token for write and admin routes; ``None`` disables them.
        preferred_land: Land key preferred when a place name is ambiguous (05 = NRW).
        validation_batch: records checked with one pyshacl call.
        harvest_workers: processes that map and validate a harvest's batches while the harvest
            process fetches and writes (0: all in one process; they start with a run's second batch).
            Off by default: on two cores the store's writes dominate and workers cost more than they gain.
        sources_dir: a folder of extra source declarations (``*.toml``) beside the bundled ``harvesters/``.
        store_url: SPARQL 1.1 query endpoint of a remote store; unset means the embedded store.
        store_update_url: its SPARQL 1.1 update endpoint (default: ``store_url``).
        store_graph_url: its Graph Store Protocol endpoint (default: none, updates are used).
        store_timeout: seconds the remote store may take for one request.
        store_union_default_graph: ask the remote store for the union default graph per request
            (Oxigraph server); turn off for stores configured to do so themselves (Fuseki, Virtuoso).
        store_token: bearer token sent to the remote store, if it needs one.
        workers: server processes answering queries.
        query_threads: queries one worker evaluates at once on its query threads (every route's store work
            shares them); more wait in the queue. Queries it evaluates on its event loop take none.
        queue_depth: requests one worker lets wait for a query thread; beyond them, 503 with ``Retry-After``.
        queue_wait: seconds a request may wait for a query thread before it is answered 503.
        cache_bytes: bytes one worker keeps of answers computed from the current snapshot (0: no cache).
        pin_workers: bind each worker of ``serve`` to a CPU of its own when there are no more workers than
            CPUs (its query threads then share one core's caches; see ``regiongraph.api.server._cpu``). Off by
            default: a bound worker cannot leave the CPU of a client or proxy on the same host.
        access_log: let ``serve`` log every request (uvicorn's access log; off: it costs more than a lookup).
        cors_origins: comma-separated origins allowed by CORS ("*" for any); empty disables CORS.
        allow_federation: let SPARQL follow SERVICE and LOAD to the network (off by default).
        catalog_title: title of the DCAT-AP.de catalogue at ``/catalog``.
        catalog_publisher: publisher of the catalogue and default publisher of register records offered
            as datasets: an official key (AGS, e.g. ``05978`` = Kreis Unna) or an IRI.
        catalog_contributor_id: ``dcatde:contributorID`` IRI of the catalogue (unset: none is stated).
        catalog_license: licence IRI of register records offered as datasets (DCAT-AP.de licence IRI).
        catalog_page_size: datasets per page of ``/catalog`` (like ``ckanext.dcat.datasets_per_page``; at most 1000).
        sync_token: API token for ``regiongraph sync ckan``; the CLI fills it from the variable ``--token-env`` names.
        dumps_dir: where ``regiongraph dump`` writes dated dumps and ``/dumps/`` serves them
            (default ``data_dir / "dumps"``).
        dump_retention: dumps kept by ``regiongraph dump``, newest first; older ones are removed (0 keeps every dump).
    """

    data_dir: Path = Path("regiongraph-data")
    store_path: Path | None = None
    base_iri: str = "http://127.0.0.1:8000/id/"
    host: str = "127.0.0.1"
    port: int = 8000
    resources_dir: Path = field(default_factory=_resources_root)
    query_timeout: float = 10.0
    max_result_rows: int = 10_000
    max_request_bytes: int = 1_000_000
    admin_token: str | None = None
    preferred_land: str = "05"
    validation_batch: int = 100
    harvest_workers: int = 0
    sources_dir: Path | None = None
    store_url: str | None = None
    store_update_url: str | None = None
    store_graph_url: str | None = None
    store_timeout: float = 60.0
    store_union_default_graph: bool = True
    store_token: str | None = None
    workers: int = 2
    query_threads: int = 8
    queue_depth: int = 64
    queue_wait: float = 2.0
    cache_bytes: int = 64 * 1024 * 1024
    pin_workers: bool = False
    access_log: bool = False
    cors_origins: str = ""
    allow_federation: bool = False
    catalog_title: str = "RegionGraph – Kooperationen, Projekte und Daten der Region"
    catalog_publisher: str = "05978"
    catalog_contributor_id: str | None = None
    catalog_license: str = str(DCATDE_LICENCE["cc-by/4.0"])
    catalog_page_size: int = 100
    sync_token: str | None = None
    dumps_dir: Path | None = None
    dump_retention: int = 0

    def __post_init__(self) -> None:
        if not self.base_iri.endswith(("/", "#")):
            raise ConfigError(f"base_iri must end with '/' or '#': {self.base_iri!r}")
        if not (0 < self.port < 65536):
            raise ConfigError(f"port out of range: {self.port}")
        limits = (
            self.query_timeout,
            self.max_result_rows,
            self.validation_batch,
            self.workers,
            self.query_threads,
            self.store_timeout,
        )
        if min(limits) <= 0:
            raise ConfigError(
                "query_timeout, max_result_rows, validation_batch, workers, query_threads and store_timeout must be > 0"
            )
        if min(self.queue_depth, self.queue_wait, self.cache_bytes) < 0:
            raise ConfigError("queue_depth, queue_wait and cache_bytes must be >= 0")
        if self.harvest_workers < 0:
            raise ConfigError(f"harvest_workers must be >= 0: {self.harvest_workers}")
        if not (0 < self.catalog_page_size <= 1000):
            raise ConfigError(f"catalog_page_size must be between 1 and 1000: {self.catalog_page_size}")
        if self.dump_retention < 0:
            raise ConfigError(f"dump_retention must be >= 0 (0 keeps every dump): {self.dump_retention}")

    @property
    def store_location(self) -> Path:
        """The embedded store's folder."""
        return self.store_path or self.data_dir / "store"

    @property
    def dumps_location(self) -> Path:
        """The folder of dated dumps."""
        return self.dumps_dir or self.data_dir / "dumps"

    def resource(self, *parts: str) -> Path:
        """Path of a bundled resource, e.g. ``resource("shapes")``."""
        return self.resources_dir.joinpath(*parts)

    @classmethod
    def load(
        cls,
        *,
        file: Path | None = None,
        environ: Mapping[str, str] | None = None,
        **overrides: Any,
    ) -> Settings:
        """Build settings: defaults < TOML ``file`` < ``REGIONGRAPH_*`` < ``overrides``.

        Args:
            file: optional TOML file with a ``[regiongraph]`` table or top-level keys.
            environ: the environment to read (``os.environ`` when ``None``).
            overrides: explicit values, e.g. from command-line options; ``None`` is ignored.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        file = file or (Path(env[f"{ENV_PREFIX}CONFIG"]) if f"{ENV_PREFIX}CONFIG" in env else None)
        if file is not None:
            values.update(_read_toml(file))
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**_coerce(values))

    def with_(self, **changes: Any) -> Settings:
        """A copy with some values changed."""
        return replace(self, **_coerce(changes))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read settings file {path}: {exc}") from exc
    return dict(data.get("regiongraph", data))


def _as_bool(text: str | bool) -> bool:
    if isinstance(text, bool):
        return text
    value = str(text).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(text)


_CASTS: dict[str, Any] = {
    "data_dir": Path,
    "store_path": Path,
    "resources_dir": Path,
    "port": int,
    "query_timeout": float,
    "max_result_rows": int,
    "max_request_bytes": int,
    "validation_batch": int,
    "harvest_workers": int,
    "sources_dir": Path,
    "store_timeout": float,
    "workers": int,
    "query_threads": int,
    "queue_depth": int,
    "queue_wait": float,
    "cache_bytes": int,
    "access_log": _as_bool,
    "pin_workers": _as_bool,
    "allow_federation": _as_bool,
    "catalog_page_size": int,
    "store_union_default_graph": _as_bool,
    "dumps_dir": Path,
    "dump_retention": int,
}


def _coerce(values: Mapping[str, Any]) -> dict[str, Any]:
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    out: dict[str, Any] = {}
    for key, value in values.items():
        cast = _CASTS.get(key)
        try:
            out[key] = cast(value) if cast and value is not None else value
        except (TypeError, ValueError) as exc:
            name = getattr(cast, "__name__", "value")
            raise ConfigError(f"setting {key}: {value!r} is not a valid {name}") from exc
    return out
