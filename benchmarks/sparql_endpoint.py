"""Benchmark: the SPARQL endpoint under load — RegionGraph against raw Oxigraph and rdflib-endpoint.

One run, end to end, in a temporary folder:

1. data: the real store (``regiongraph.bootstrap.build``: ontology, code lists, gazetteer, register)
   plus a synthetic DCAT catalogue (fixed seed, one named graph per dataset), together > 1M triples;
   the union of all graphs is dumped as N-Quads, so every contender holds exactly the same quads;
2. contenders, each on its own free loopback port: ``regiongraph serve`` with W workers (default
   W = 1, 2, 4), ``oxigraph serve --union-default-graph`` over a store loaded from the dump, and
   rdflib-endpoint over the dump parsed into an rdflib ``Dataset(default_union=True)``;
3. answers: every contender must give the same answer to every query before anything is timed;
4. load: wrk (``benchmarks/wrk/sparql.lua``) at concurrency 1 and 8, p50/p99 from ``--latency``;
5. output: a table per query, ratios, the issue's targets, and a JSON file in ``benchmarks/results/``.

Nothing is asserted: this is a measurement, not a test. Run: ``python benchmarks/sparql_endpoint.py --help``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import os
import platform
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from regiongraph import Settings
from regiongraph import ntriples as nt
from regiongraph.bootstrap import build
from regiongraph.store import EmbeddedStore, open_store, writing

HERE = Path(__file__).resolve().parent
LUA = HERE / "wrk" / "sparql.lua"
RESULTS = HERE / "results"
VENV_BIN = Path(sys.executable).parent
T0 = time.perf_counter()

DCAT, DCTERMS = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
IANA = "http://www.iana.org/assignments/media-types/"
GAZETTEER_GRAPH = "graph/system/gazetteer"
#: Kamen (Kreis Unna): the fixed lookup and the start of the partner paths.
KAMEN = "ags/05978020"
#: A cooperation with many memberships in the register: the CONSTRUCT target.
COOPERATION = "cooperation/ku2016-b-22"


def log(message: str) -> None:
    """Progress on stderr, with the seconds since start."""
    print(f"[{time.perf_counter() - T0:7.1f} s] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------- data

NOUNS = (
    "Haushaltsplan", "Bebauungspläne", "Baumkataster", "Parkplätze", "Ladesäulen", "Wahlergebnisse",
    "Einwohnerstatistik", "Radwegenetz", "Schulstandorte", "Kindertagesstätten", "Spielplätze", "Haltestellen",
    "Luftqualität", "Lärmkartierung", "Hochwassergefahrenkarte", "Solarpotenzial", "Friedhöfe", "Gewerbeflächen",
    "Baudenkmäler", "Straßenverzeichnis", "Abfallkalender", "Trinkwasserqualität", "Verkehrszählung", "Baustellen",
    "Gebäudeumringe", "Bodenrichtwerte", "Grünflächen", "Sportstätten", "Defibrillatoren", "Wochenmärkte",
    "Öffentliche Toiletten", "Glascontainer", "Bibliotheken", "Museen", "Veranstaltungskalender",
    "Ratsbeschlüsse", "Förderprogramme", "Breitbandausbau", "WLAN-Hotspots", "Stadtbäume",
)
#: The filter query's word is in ≈ 0.05 % of titles, so ``LIMIT 100`` never cuts: every contender
#: scans all titles, and all of them must return the very same rows.
RARE_WORD, RARE_SHARE, FILTER_WORD = "Wasserstofftankstellen", 0.0005, "Wasserstoff"
KEYWORDS = (
    "Umwelt", "Verkehr", "Bildung", "Finanzen", "Gesundheit", "Energie", "Klima", "Geodaten", "Statistik",
    "Tourismus", "Kultur", "Sport", "Wirtschaft", "Soziales", "Sicherheit", "Digitalisierung", "Mobilität",
    "Wasser", "Abfall", "Stadtplanung", "Verwaltung", "Open Data", "Smart City", "Ehrenamt",
)
THEMES = ("AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN")
MEDIA = (("text/csv", "csv"), ("application/json", "json"), ("application/pdf", "pdf"),
         ("application/geo+json", "geojson"), ("application/xml", "xml"))


@dataclass
class Data:
    """The data every contender serves, and how it was made."""

    workdir: Path
    regiongraph_dir: Path
    dump: Path
    base_iri: str
    datasets: int
    seed: int
    quads: int = 0
    triples: int = 0
    synthetic_sha256: str = ""
    build_seconds: float = 0.0
    lookup_iris: list[str] = field(default_factory=list)


def build_data(workdir: Path, datasets: int, seed: int) -> Data:
    """The real RegionGraph store plus ``datasets`` synthetic DCAT datasets, published and dumped."""
    t0 = time.perf_counter()
    settings = Settings.load(environ={}, data_dir=workdir / "regiongraph")
    data = Data(workdir, settings.data_dir, workdir / "all.nq", settings.base_iri, datasets, seed)
    synthetic = workdir / "datasets.nq"
    with writing(settings) as store:
        assert isinstance(store, EmbeddedStore)
        log("building the RegionGraph store (ontology, code lists, gazetteer, register) …")
        build(settings, store)
        towns = municipalities(store, settings.base_iri)
        log(f"adding {datasets:,} synthetic DCAT datasets (seed {seed}) with bulk_load …")
        data.synthetic_sha256 = write_datasets(synthetic, towns, datasets, seed, settings.base_iri)
        store.raw.bulk_load(path=str(synthetic), format=ox.RdfFormat.N_QUADS)
    data.build_seconds = round(time.perf_counter() - t0, 1)
    log("dumping every graph as N-Quads for the peers …")
    reader = open_store(settings)
    reader.raw.dump(str(data.dump), format=ox.RdfFormat.N_QUADS)
    data.quads, data.triples = reader.count_quads(), count_distinct_triples(reader)
    rng = random.Random(f"{seed}-lookups")
    data.lookup_iris = sorted(rng.sample([iri for iri, _ in towns], min(1000, len(towns))))
    synthetic.unlink()
    return data


def municipalities(store: EmbeddedStore, base: str) -> list[tuple[str, str]]:
    """Every municipality of the gazetteer (IRI, label), in IRI order, so that the seed decides everything."""
    rows = store.query(
        "PREFIX rg: <https://w3id.org/regiongraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f"SELECT ?m (MIN(?l) AS ?label) WHERE {{ GRAPH <{base}{GAZETTEER_GRAPH}> {{ ?m a rg:Municipality ; "
        "rdfs:label ?l } } GROUP BY ?m ORDER BY ?m")
    assert isinstance(rows, ox.QuerySolutions)
    return [(row["m"].value, row["label"].value) for row in rows]


def count_distinct_triples(store: EmbeddedStore) -> int:
    """Triples of the default graph as a set (the union of all named graphs)."""
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert isinstance(rows, ox.QuerySolutions)
    return int(next(iter(rows))["n"].value)


def write_datasets(path: Path, towns: Sequence[tuple[str, str]], count: int, seed: int, base: str) -> str:
    """Write ``count`` datasets as N-Quads, one named graph each; the SHA-256 shows that the seed reproduces them."""
    rng = random.Random(seed)
    digest = hashlib.sha256()
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            chunk = "".join(dataset_quads(rng, base, i, *rng.choice(towns)))
            digest.update(chunk.encode())
            out.write(chunk)
    return digest.hexdigest()


def dataset_quads(rng: random.Random, base: str, i: int, town: str, name: str) -> Iterator[str]:
    """One dcat:Dataset published by ``town`` (a gazetteer IRI), with 1–2 distributions, in its own graph."""
    dataset, graph = f"{base}dataset/bench-{i:06d}", nt.iri(f"{base}graph/bench/{i:06d}")
    noun = RARE_WORD if rng.random() < RARE_SHARE else rng.choice(NOUNS)
    year, keywords = rng.randrange(2012, 2025), rng.sample(KEYWORDS, 2)
    modified = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    facts = [
        (RDF_TYPE, nt.iri(DCAT + "Dataset")),
        (DCTERMS + "title", nt.literal(f"{noun} {name} {year}", lang="de")),
        (DCTERMS + "description", nt.literal(f"{noun} für {name}: {keywords[0]}, {keywords[1]}. "
                                             f"Datenstand {modified}.", lang="de")),
        (DCTERMS + "modified", nt.literal(modified, XSD + "date")),
        (DCTERMS + "publisher", nt.iri(town)),
        (DCAT + "keyword", nt.literal(keywords[0], lang="de")),
        (DCAT + "keyword", nt.literal(keywords[1], lang="de")),
        (DCAT + "theme", nt.iri(EU_THEME + rng.choice(THEMES))),
    ]
    for j in range(rng.randrange(1, 3)):
        media, ext = rng.choice(MEDIA)
        dist = f"{dataset}/distribution/{j}"
        facts.append((DCAT + "distribution", nt.iri(dist)))
        yield from (f"{nt.iri(dist)} {nt.iri(p)} {o} {graph} .\n" for p, o in (
            (RDF_TYPE, nt.iri(DCAT + "Distribution")),
            (DCAT + "downloadURL", nt.iri(f"https://opendata.example.org/{town.rsplit('/', 1)[-1]}/{i}/{j}.{ext}")),
            (DCAT + "mediaType", nt.iri(IANA + media)),
            (DCAT + "byteSize", nt.literal(str(rng.randrange(1_000, 50_000_000)), XSD + "nonNegativeInteger")),
        ))
    yield from (f"{nt.iri(dataset)} {nt.iri(p)} {o} {graph} .\n" for p, o in facts)


# ------------------------------------------------------------------------------------------ queries

PROLOGUE = """PREFIX rg: <https://w3id.org/regiongraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
SELECT_JSON, NTRIPLES = "application/sparql-results+json", "application/n-triples"
PARTNERS = "^org:member/^org:hasMembership/org:hasMembership/org:member"


@dataclass(frozen=True)
class Query:
    """One query of the mix; with ``iris`` it is a template whose ``{{IRI}}`` changes per request."""

    name: str
    title: str
    text: str
    heavy: bool = False
    construct: bool = False
    limit: int | None = None
    iris: tuple[str, ...] = ()

    @property
    def accept(self) -> str:
        return NTRIPLES if self.construct else SELECT_JSON

    def texts(self, sample: int | None = None) -> list[str]:
        """The texts sent: one, or one per IRI (an evenly spread ``sample`` of them if given)."""
        if not self.iris:
            return [self.text]
        step = max(1, len(self.iris) // sample) if sample else 1
        return [self.text.replace("{{IRI}}", f"<{iri}>") for iri in self.iris[::step]]


def query_mix(base: str, iris: Sequence[str]) -> list[Query]:
    """The same texts for every contender: two lookups, a filter, an aggregate, a path, a CONSTRUCT."""
    kamen, coop = f"<{base}{KAMEN}>", f"<{base}{COOPERATION}>"
    return [
        Query("lookup", "IRI lookup, one fixed municipality (Kamen)", f"SELECT ?p ?o WHERE {{ {kamen} ?p ?o }}"),
        Query("lookup-1000", "IRI lookup, one of 1,000 municipalities per request",
              "SELECT ?p ?o WHERE { {{IRI}} ?p ?o }", iris=tuple(iris)),
        Query("filter", f"datasets whose title CONTAINS '{FILTER_WORD}', LIMIT 100 (a scan of all titles)",
              PROLOGUE + "SELECT ?d ?title WHERE {\n  ?d a dcat:Dataset ; dcterms:title ?title .\n"
              f'  FILTER(CONTAINS(?title, "{FILTER_WORD}"))\n}} LIMIT 100', heavy=True, limit=100),
        Query("aggregate", "datasets per publisher's Kreis (join rg:district, COUNT, GROUP BY, ORDER BY)",
              PROLOGUE + "SELECT ?kreis (COUNT(?d) AS ?datasets) WHERE {\n  ?d a dcat:Dataset ; "
              "dcterms:publisher ?town .\n  ?town rg:district ?kreis .\n} GROUP BY ?kreis "
              "ORDER BY DESC(?datasets) ?kreis", heavy=True),
        Query("path", "municipalities among the partners of partners of Kamen (property paths), with their Land",
              PROLOGUE + "SELECT DISTINCT ?town ?land WHERE {\n"
              f"  {{ SELECT DISTINCT ?partner WHERE {{ {kamen} {PARTNERS} ?partner }} }}\n"
              f"  ?partner {PARTNERS} ?town .\n  ?town rg:district/rg:state ?land .\n"
              "  FILTER EXISTS { ?town a rg:Municipality }\n} ORDER BY ?town",
              heavy=True),
        Query("construct", "CONSTRUCT one cooperation with its memberships and its members' labels",
              PROLOGUE + f"CONSTRUCT {{ {coop} ?p ?o . ?m ?mp ?mo . ?member rdfs:label ?label }} WHERE {{\n"
              f"  {{ {coop} ?p ?o }} UNION {{ {coop} org:hasMembership ?m . ?m ?mp ?mo }}\n"
              f"  UNION {{ {coop} org:hasMembership/org:member ?member . ?member rdfs:label ?label }}\n}}",
              heavy=True, construct=True),
    ]


QueryFiles = tuple[Path, Path | None]


def write_query_files(queries: Sequence[Query], folder: Path) -> dict[str, QueryFiles]:
    """Each query's text (and IRI list) as files for wrk."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, QueryFiles] = {}
    for q in queries:
        text, iris = folder / f"{q.name}.rq", (folder / f"{q.name}.iris") if q.iris else None
        text.write_text(q.text, encoding="utf-8")
        if iris is not None:
            iris.write_text("\n".join(q.iris) + "\n", encoding="utf-8")
        files[q.name] = (text, iris)
    return files


# ---------------------------------------------------------------------------------------- processes


def _tree(pid: int) -> Iterator[int]:
    """A process and all its descendants (from /proc); vanished ones are skipped."""
    stack = [pid]
    while stack:
        current = stack.pop()
        yield current
        with contextlib.suppress(OSError, ValueError):
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(child) for child in (task / "children").read_text().split()]


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU a process tree has used so far."""
    ticks = 0
    for current in _tree(pid):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat
    return ticks / os.sysconf("SC_CLK_TCK")


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process tree."""
    total_kib = 0
    for current in _tree(pid):
        with contextlib.suppress(OSError, StopIteration, ValueError):
            status = Path(f"/proc/{current}/status").read_text()
            total_kib += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    return total_kib / 1024


def children_cpu_seconds() -> float:
    """CPU of the finished child processes of this one (wrk runs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# -------------------------------------------------------------------------------------- contenders


@dataclass
class Contender:
    """One running server: what it is, where it answers, and what loading it cost."""

    name: str
    url: str
    process: subprocess.Popen
    log: Path
    parallel: bool = True
    load: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Budget:
    """How long and how large rdflib's load may get before it serves a subset instead."""

    seconds: float
    gib: float


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launch(name: str, cmd: Sequence[str], url: str, workdir: Path, env: dict[str, str] | None = None) -> Contender:
    """Start ``cmd`` in its own process group (it and its workers stop together); stderr to a log."""
    log_path = workdir / f"{name}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(list(cmd), stdout=subprocess.DEVNULL, stderr=log_file, env=env,
                                   start_new_session=True)
    return Contender(name, url, process, log_path)


def wait_ready(contender: Contender, timeout: float) -> None:
    """Poll ``ASK {}`` until the server answers 200; fail with its log if it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if contender.process.poll() is not None:
            tail = contender.log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{contender.name} exited with {contender.process.returncode}:\n{tail}")
        with contextlib.suppress(OSError):
            if fetch(contender.url, "ASK {}", SELECT_JSON, 5.0)[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{contender.name} did not answer within {timeout:.0f} s (log: {contender.log})")


def stop(contender: Contender) -> None:
    """SIGTERM to the contender's own process group, SIGKILL if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(contender.process.pid, signal.SIGTERM)
    try:
        contender.process.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(contender.process.pid, signal.SIGKILL)
        contender.process.wait(5)


def start_regiongraph(data: Data, workers: int, settings: Sequence[str] = ()) -> Contender:
    """``python -m regiongraph serve --no-load`` over the published snapshot; default limits but the row cap.

    Args:
        settings: ``name=value`` RegionGraph settings for the server (``--setting``), e.g. ``query_timeout=120``.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGIONGRAPH_")}
    env["REGIONGRAPH_MAX_RESULT_ROWS"] = "1000000"
    for setting in settings:
        name, _, value = setting.partition("=")
        env[f"REGIONGRAPH_{name.strip().upper()}"] = value.strip()
    cmd = [sys.executable, "-m", "regiongraph", "--data-dir", str(data.regiongraph_dir), "serve", "--no-load",
           "--workers", str(workers), "--port", str(port)]
    contender = launch(f"regiongraph-w{workers}", cmd, f"http://127.0.0.1:{port}/sparql", data.workdir, env)
    wait_ready(contender, 60)
    return contender


def oxigraph_binary() -> str:
    found = VENV_BIN / "oxigraph"
    return str(found) if found.exists() else (shutil.which("oxigraph") or "oxigraph")


def start_oxigraph(data: Data) -> Contender:
    """``oxigraph load`` the dump into a store of its own, then ``oxigraph serve --union-default-graph``.

    Without ``--timeout-s``: in 0.5.x it keeps one OS thread per query alive for the whole timeout, so at
    ~1,000 requests/s the server runs out of threads within seconds ("Resource temporarily unavailable") and dies.
    """
    location = data.workdir / "oxigraph"
    log("oxigraph load of the dump …")
    t0 = time.perf_counter()
    subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", str(data.dump)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    load = {"load_seconds": round(time.perf_counter() - t0, 1)}
    port = free_port()
    cmd = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
           "--union-default-graph"]
    contender = launch("oxigraph", cmd, f"http://127.0.0.1:{port}/query", data.workdir)
    wait_ready(contender, 60)
    contender.load = load
    return contender


def start_rdflib(data: Data, budget: Budget) -> Contender:
    """rdflib-endpoint over the whole dump; past the budget, over the share of it that fits (said in the output)."""
    contender = _start_rdflib_once(data, budget, limit=None)
    if not contender.load.get("aborted"):
        return contender
    contender.process.wait()
    limit = int(data.quads * contender.load["parsed_share"] * 0.8)
    log(f"rdflib-endpoint: {contender.load['aborted']}; again with the first {limit:,} quads of the dump")
    return _start_rdflib_once(data, budget, limit=limit)


def _start_rdflib_once(data: Data, budget: Budget, limit: int | None) -> Contender:
    port, stats = free_port(), data.workdir / "rdflib-stats.json"
    stats.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--serve-rdflib", str(data.dump), "--port", str(port),
           "--stats", str(stats), "--max-load-seconds", str(budget.seconds), "--max-load-gib", str(budget.gib)]
    cmd += ["--limit-quads", str(limit)] if limit else []
    log(f"rdflib-endpoint: parsing {limit or data.quads:,} quads into an rdflib Dataset (minutes) …")
    contender = launch("rdflib-endpoint", cmd, f"http://127.0.0.1:{port}/sparql", data.workdir)
    contender.parallel = False  # one process, one event loop; its async handler evaluates queries on the loop
    try:
        wait_ready(contender, budget.seconds + 600)
    except RuntimeError:
        if not (stats.exists() and json.loads(stats.read_text()).get("aborted")):
            raise
    contender.load = json.loads(stats.read_text())
    return contender


def serve_rdflib(dump: Path, port: int, stats: Path, limit: int | None, budget: Budget) -> None:
    """Child process: parse the dump into ``Dataset(default_union=True)``, then serve it with rdflib-endpoint."""
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    t0 = time.perf_counter()
    dataset = Dataset(default_union=True)
    with dump.open("rb") as source:
        loaded = _watch_load(source, dump.stat().st_size, stats, budget)
        if limit:
            dataset.parse(data=b"".join(_head(source, limit)).decode("utf-8"), format="nquads")
        else:
            dataset.parse(source=source, format="nquads")
        loaded.set()
    info = {"load_seconds": round(time.perf_counter() - t0, 1),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "quads": sum(1 for _ in dataset.quads((None, None, None, None))), "triples": len(dataset),
            "subset_quads": limit}
    stats.write_text(json.dumps(info))
    # As rdflib-endpoint's own `serve` command runs it: one uvicorn process, default logging.
    uvicorn.run(SparqlEndpoint(graph=dataset, path="/sparql"), host="127.0.0.1", port=port)


def _head(source: BinaryIO, lines: int) -> Iterator[bytes]:
    for _, line in zip(range(lines), source, strict=False):
        yield line


def _watch_load(source: BinaryIO, size: int, stats: Path, budget: Budget) -> threading.Event:
    """A watchdog: past the time or memory budget, note how far parsing got and exit with status 3."""
    done, t0 = threading.Event(), time.perf_counter()

    def watch() -> None:
        while not done.wait(1.0):
            elapsed, rss = time.perf_counter() - t0, tree_rss_mib(os.getpid())
            if elapsed > budget.seconds or rss > budget.gib * 1024:
                share = source.tell() / size if not source.closed else 1.0
                reason = f"load over budget after {elapsed:.0f} s at {rss:.0f} MiB ({share:.0%} parsed)"
                stats.write_text(json.dumps({"aborted": reason, "parsed_share": share}))
                os._exit(3)

    threading.Thread(target=watch, daemon=True).start()
    return done


# ------------------------------------------------------------------------------------------ answers


def fetch(url: str, text: str, accept: str, timeout: float) -> tuple[int, bytes, float]:
    """One SPARQL GET: status, body, seconds."""
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': text})}", headers={"Accept": accept})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), time.perf_counter() - t0
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), time.perf_counter() - t0


Term = tuple[str, str, str, str]
Row = tuple[Term, ...]
PLAIN = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def _json_term(term: dict | None) -> Term:
    if term is None:
        return ("unbound", "", "", "")
    if term["type"] == "bnode":
        return ("bnode", "", "", "")  # labels are local to each answer
    datatype = term.get("datatype", "")
    return (term["type"].replace("typed-literal", "literal"), term["value"], term.get("xml:lang", "").lower(),
            "" if datatype in PLAIN else datatype)


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
        return [tuple(_ox_term(t) for t in (q.subject, q.predicate, q.object))
                for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
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
        return Verdict("duplicates", rows, f"same distinct rows, but {rows} rows where raw Oxigraph gives "
                       f"{sum(map(len, reference))}: a triple held by several named graphs counts once per graph "
                       "in one, once in the other")
    r, g = next((r, g) for r, g in pairs if sorted(r) != sorted(g))
    missing, extra = sorted(set(r) - set(g)), sorted(set(g) - set(r))
    return Verdict("mismatch", rows, f"{len(g)} rows where raw Oxigraph gives {len(r)}; "
                   f"e.g. missing {missing[:1]}, extra {extra[:1]}")


def check_answers(contenders: Sequence[Contender], queries: Sequence[Query], sample: int,
                  timeout: float) -> dict[str, dict[str, Verdict]]:
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
        log(f"answers to {query.name}: " + ", ".join(f"{n} {v.status} ({v.rows} rows, {v.seconds * 1000:.0f} ms)"
                                                       for n, v in verdicts[query.name].items()))
    return verdicts


# --------------------------------------------------------------------------------------------- load


@dataclass
class Run:
    """One timed wrk run: a contender, a query, a concurrency."""

    query: str
    contender: str
    connections: int
    threads: int
    seconds: int
    requests: int = 0
    rps: float = 0.0  # successful (2xx) answers per second
    p50_ms: float = math.nan
    p90_ms: float = math.nan
    p99_ms: float = math.nan
    mean_ms: float = math.nan
    errors: int = 0
    server_cpu_ms_per_request: float = math.nan
    wrk_cpu_pct: float = math.nan
    note: str = ""
    round: int = 1


@dataclass(frozen=True)
class Plan:
    """How long each run lasts."""

    duration: int
    warmup: int
    rdflib_duration: int
    slow_max_duration: int


def wrk(url: str, files: QueryFiles, accept: str, connections: int, seconds: int, timeout: int) -> dict:
    """Run wrk with ``benchmarks/wrk/sparql.lua``; returns what its ``done()`` printed."""
    threads = 1 if connections == 1 else 2
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", f"{timeout}s", "--latency",
           "-s", str(LUA), url, "--", str(files[0]), accept]
    cmd += [str(files[1])] if files[1] else []
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + timeout + 60)
    line = next(line for line in out.stdout.splitlines() if line.startswith("WRK_JSON "))
    return json.loads(line.removeprefix("WRK_JSON ")) | {"threads": threads}


def drain(contender: Contender, limit: float = 180.0) -> None:
    """Wait until the server has finished what wrk left in flight, so that it disturbs no later run.

    Closing a connection cancels no query (neither Oxigraph nor RegionGraph can stop one), so: one ``ASK {}``
    (queued behind the leftovers on a one-loop server), then until the process tree's CPU falls below 5 % of a core.
    """
    with contextlib.suppress(OSError):
        fetch(contender.url, "ASK {}", SELECT_JSON, 900)
    deadline, before = time.monotonic() + limit, tree_cpu_seconds(contender.process.pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = tree_cpu_seconds(contender.process.pid)
        if now - before < 0.025:
            return
        before = now


def measure(contender: Contender, query: Query, files: QueryFiles, connections: int, plan: Plan,
            single: float) -> Run:
    """Warm up, then one timed wrk run; a slow contender gets a longer run, so that a few answers complete."""
    queued = connections if not contender.parallel else max(1.0, connections / (os.cpu_count() or 1))
    duration = plan.duration if contender.parallel else plan.rdflib_duration
    duration = max(duration, min(plan.slow_max_duration, math.ceil(5 * single * queued)))
    timeout = max(15, math.ceil(2 * single * queued) + 5)
    if plan.warmup and single < plan.warmup:  # a slower answer was warm-up enough in the answer check
        wrk(contender.url, files, query.accept, connections, plan.warmup, timeout)
        drain(contender)
    server0, wrk0 = tree_cpu_seconds(contender.process.pid), children_cpu_seconds()
    raw = wrk(contender.url, files, query.accept, connections, duration, timeout)
    server, wrk_cpu = tree_cpu_seconds(contender.process.pid) - server0, children_cpu_seconds() - wrk0
    drain(contender)
    return to_run(raw, contender.name, query.name, connections, duration, server, wrk_cpu)


def measure_safely(contender: Contender, query: Query, files: QueryFiles, connections: int, plan: Plan,
                   single: float) -> Run:
    """:func:`measure`, but a failed wrk or a dead server becomes a note, not the end of the whole run."""
    failed = Run(query.name, contender.name, connections, 0, 0)
    if contender.process.poll() is not None:
        failed.note = f"not timed: the server exited ({contender.process.returncode}), see {contender.log.name}"
        return failed
    try:
        return measure(contender, query, files, connections, plan, single)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, StopIteration) as exc:
        output = getattr(exc, "stdout", None) or getattr(exc, "stderr", None) or ""
        failed.note = f"wrk failed: {str(output).strip()[-200:] or type(exc).__name__}"
        return failed


def to_run(raw: dict, contender: str, query: str, connections: int, duration: int, server_cpu: float,
           wrk_cpu: float) -> Run:
    seconds, requests = raw["duration_us"] / 1e6, raw["requests"]
    sockets = raw["connect_errors"] + raw["read_errors"] + raw["write_errors"]
    run = Run(query, contender, connections, raw["threads"], duration, requests,
              (requests - raw["status_errors"]) / seconds,  # answers, not refusals
              errors=sockets + raw["status_errors"] + raw["timeouts"], wrk_cpu_pct=100 * wrk_cpu / seconds)
    if requests:
        run.p50_ms, run.p90_ms, run.p99_ms = (raw[k] / 1000 for k in ("p50_us", "p90_us", "p99_us"))
        run.mean_ms = raw["mean_us"] / 1000
        # a process that exited during the run (a RegionGraph worker retiring after a timeout) takes its CPU along
        run.server_cpu_ms_per_request = 1000 * server_cpu / requests if server_cpu >= 0 else math.nan
    if run.errors:
        run.note = (f"{raw['status_errors']} non-2xx (not in req/s; in the latencies), {raw['timeouts']} timeouts, "
                    f"{sockets} socket errors")
    return run


def run_matrix(contenders: Sequence[Contender], queries: Sequence[Query], files: dict[str, QueryFiles],
               verdicts: dict[str, dict[str, Verdict]], concurrency: Sequence[int], plan: Plan,
               rounds: int = 1) -> list[Run]:
    """Every query × concurrency × round × contender, interleaved so that drift hits every contender alike."""
    runs = []
    for query in queries:
        for connections in concurrency:
            for round_ in range(1, rounds + 1):
                for contender in contenders:
                    run = _timed(contender, query, files, verdicts, connections, plan)
                    run.round = round_
                    if run.requests:
                        log(f"{query.name} c{connections} {contender.name}" + (f" round {round_}" if rounds > 1 else "")
                            + f": {run.rps:.1f} req/s, p50 {run.p50_ms:.2f} ms, p99 {run.p99_ms:.2f} ms {run.note}")
                    runs.append(run)
    return runs


def _timed(contender: Contender, query: Query, files: dict[str, QueryFiles], verdicts: dict[str, dict[str, Verdict]],
           connections: int, plan: Plan) -> Run:
    verdict = verdicts[query.name][contender.name]
    if not verdict.timed:
        return Run(query.name, contender.name, connections, 0, 0, note=f"not timed: answer {verdict.status}")
    return measure_safely(contender, query, files[query.name], connections, plan, verdict.seconds)


# ------------------------------------------------------------------------------------------ profile

def _iteration_frame() -> str:
    """py-spy's name of the line where ``Cap.take`` pulls the next solution out of Oxigraph."""
    import regiongraph.sparql._results as results

    lines = Path(results.__file__).read_text(encoding="utf-8").splitlines()
    number = next((i for i, line in enumerate(lines, 1) if "for solution in solutions" in line), 0)
    return f"Cap.take (regiongraph/sparql/_results.py:{number})"


#: Where a RegionGraph worker's GIL time goes: the innermost frame that matches (buckets tried in this order).
#: Oxigraph evaluates lazily, while ``Cap.take`` iterates; pyoxigraph releases the GIL while it evaluates, so the
#: samples on that line are the Python side of each ``next()``: the call, the GIL hand-back, the solution object.
BUCKETS = (
    ("snapshot check per query: stat() of CURRENT (snapshots.py)", ("regiongraph/store/snapshots.py",)),
    ("VALUES injection (store/_binding.py)", ("regiongraph/store/_binding.py",)),
    ("oxigraph: parse + plan in Store.query", ("query (regiongraph/store/embedded.py",)),
    ("oxigraph: next() call + solution object (PyO3)", (_iteration_frame(),)),
    ("results: JSON rows in Python (_results.py, json)", ("regiongraph/sparql/_results.py",)),
    ("CONSTRUCT: iterate + serialise (service._graph)", ("_graph (regiongraph/sparql/service.py",)),
    ("federation guard: SPARQL lexer (_lexer.py)", ("regiongraph/sparql/_lexer.py",)),
    ("negotiation, Answer, limits (service.py)", ("regiongraph/sparql/service.py",)),
    ("query thread pool hand-off (_executor.py)", ("regiongraph/sparql/_executor.py",)),
    ("handler (api/sparql.py)", ("regiongraph/api/sparql.py",)),
    ("access log (logging)", ("logging/__init__.py", "uvicorn/logging.py")),
    ("FastAPI/Starlette: routing, parameters, response", ("fastapi/", "starlette/")),
    ("uvicorn: HTTP parsing, transport", ("uvicorn/",)),
    ("asyncio event loop", ("asyncio/",)),
    ("threading (pool threads waiting/waking)", ("threading.py", "queue.py")),
)


RATE = 250  # py-spy samples per second


def worker_pids(pid: int) -> list[int]:
    """The uvicorn workers under a ``regiongraph serve`` supervisor (not multiprocessing's helpers)."""
    children = [c for c in _tree(pid) if c != pid]
    return [c for c in children if "resource_tracker" not in Path(f"/proc/{c}/cmdline").read_text(errors="replace")]


def profile_regiongraph(contender: Contender, query: Query, files: QueryFiles, connections: int, seconds: int,
                        workdir: Path) -> dict:
    """py-spy every worker while wrk runs ``query``: who holds the GIL, doing what (``--gil``: no idle samples)."""
    spy = str(VENV_BIN / "py-spy") if (VENV_BIN / "py-spy").exists() else (shutil.which("py-spy") or "py-spy")
    pids = worker_pids(contender.process.pid)
    log(f"profiling {contender.name} ({len(pids)} workers) during {seconds} s of {query.name} at c{connections} …")
    outputs = [workdir / f"py-spy-{query.name}-{pid}.txt" for pid in pids]
    spies = [subprocess.Popen([spy, "record", "--pid", str(pid), "--duration", str(seconds), "--rate", str(RATE),
                               "--format", "raw", "--threads", "--gil", "--nonblocking", "--output", str(out)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for pid, out in zip(pids, outputs,
                                                                                                      strict=True)]
    run = wrk(contender.url, files, query.accept, connections, seconds, 15)
    for process in spies:
        process.wait(60)
    stacks = [line.rsplit(" ", 1) for out in outputs if out.exists() for line in out.read_text().splitlines()]
    found = summarise(stacks)
    return found | {"query": query.name, "connections": connections, "seconds": seconds, "workers": len(pids),
                    "gil_held_pct": round(100 * found["samples"] / (RATE * seconds * max(1, len(pids))), 1),
                    "requests": run["requests"], "rps": round(run["requests"] / seconds, 1)}


def summarise(stacks: Sequence[Sequence[str]]) -> dict:
    """Samples by thread, by part (innermost matching frame), and the functions with the most own time."""
    total = sum(int(count) for _, count in stacks) or 1
    threads: dict[str, int] = {}
    parts: dict[str, int] = {}
    own: dict[str, int] = {}
    for stack, count in stacks:
        frames = stack.split(";")
        kind = "query threads (sparql-*)" if ": sparql-" in frames[0] else frames[0].split(": ", 1)[-1]
        threads[kind] = threads.get(kind, 0) + int(count)
        part = next((name for frame in reversed(frames[1:]) for name, keys in BUCKETS
                     if any(k in frame for k in keys)), "other")
        parts[part] = parts.get(part, 0) + int(count)
        leaf = frames[-1].rsplit(":", 1)[0] + ")" if frames[-1].endswith(")") else frames[-1]
        own[leaf] = own.get(leaf, 0) + int(count)

    def share(counts: dict[str, int], top: int = 15) -> dict[str, float]:
        return {k: round(100 * v / total, 1) for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:top]}

    return {"samples": total, "threads_pct": share(threads), "parts_pct": share(parts), "own_time_pct": share(own)}


def print_profile(profiles: Sequence[dict]) -> None:
    for p in profiles:
        print(f"\nprofile of {p['contender']}: {p['query']} at c{p['connections']}, {p['seconds']} s, {p['rps']} req/s "
              f"under py-spy --gil; the GIL was held {p['gil_held_pct']} % of the time per worker "
              f"({p['samples']} samples, {p['workers']} workers), and spent so:")
        for title, key in (("by thread holding it", "threads_pct"), ("by part (innermost matching frame)", "parts_pct"),
                           ("by function, own time", "own_time_pct")):
            print(f"  {title}:")
            for name, pct in p[key].items():
                print(f"    {pct:5.1f} %  {name}")


# ------------------------------------------------------------------------------------------- report


def find_runs(runs: Sequence[Run], query: str, connections: int, contender: str) -> list[Run]:
    """The timed runs of one contender, query and concurrency, one per round."""
    return [r for r in runs if (r.query, r.connections, r.contender) == (query, connections, contender) and r.requests]


def find_run(runs: Sequence[Run], query: str, connections: int, contender: str) -> Run | None:
    """The typical round: the run of median throughput (the lower middle one of an even count)."""
    found = sorted(find_runs(runs, query, connections, contender), key=lambda r: r.rps)
    return found[(len(found) - 1) // 2] if found else None


def ratios(runs: Sequence[Run], query: str, connections: int, a: str, b: str) -> list[float]:
    """Throughput of ``a`` over ``b``, per round in which both were timed."""
    peer = {r.round: r for r in find_runs(runs, query, connections, b)}
    return [r.rps / peer[r.round].rps for r in find_runs(runs, query, connections, a)
            if r.round in peer and peer[r.round].rps]


def ratio(runs: Sequence[Run], query: str, connections: int, a: str, b: str) -> float | None:
    """Throughput of ``a`` over ``b``: the median of the rounds' ratios, if both were timed in one at least."""
    found = ratios(runs, query, connections, a, b)
    return statistics.median(found) if found else None


def fmt_ratio(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def print_query(query: Query, verdicts: dict[str, Verdict], runs: Sequence[Run], regiongraphs: Sequence[str],
                concurrency: Sequence[int]) -> None:
    """One table: every contender at every concurrency, then RegionGraph's throughput ratios to each peer."""
    print(f"\n{query.name} — {query.title}")
    print("  answers: " + ", ".join(f"{name} {v.rows} rows" + ("" if v.status == "ok" else f" [{v.status}]")
                                    for name, v in verdicts.items()))
    print(f"  {'conc':>4} {'rnd':>3}  {'contender':<16} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'requests':>8} "
          f"{'srv CPU ms/req':>14} {'wrk CPU':>7}  note")
    for connections in concurrency:
        for run in (r for r in runs if (r.query, r.connections) == (query.name, connections)):
            print(f"  {connections:>4} {run.round:>3}  {run.contender:<16} {run.rps:>9.1f} {run.p50_ms:>9.2f} "
                  f"{run.p99_ms:>9.2f} {run.requests:>8} {run.server_cpu_ms_per_request:>14.2f} "
                  f"{run.wrk_cpu_pct:>6.0f}%  {run.note}")
        for peer in (p for p in ("oxigraph", "rdflib-endpoint") if p in verdicts):
            cells = "  ".join(f"{rg.removeprefix('regiongraph-')} "
                              f"{_ratio_cell(runs, query.name, connections, rg, peer)}" for rg in regiongraphs)
            print(f"  {'':>4}  RegionGraph/{peer} (req/s): {cells}")


def _ratio_cell(runs: Sequence[Run], query: str, connections: int, a: str, b: str) -> str:
    """The median ratio, and over several rounds their range."""
    found = ratios(runs, query, connections, a, b)
    spread = f" (rounds {fmt_ratio(min(found))}–{fmt_ratio(max(found))})" if len(found) > 1 else ""
    return fmt_ratio(statistics.median(found) if found else None) + spread


def geomean(values: Sequence[float]) -> float | None:
    return math.exp(statistics.fmean(math.log(v) for v in values)) if values else None


def targets(queries: Sequence[Query], runs: Sequence[Run], main: str, concurrency: Sequence[int]) -> dict:
    """The issue's targets, measured (reported, never asserted)."""
    top, low = max(concurrency), min(concurrency)
    lookups, heavy = [q.name for q in queries if q.name.startswith("lookup")], [q.name for q in queries if q.heavy]
    found: dict = {
        f"lookup_rps_vs_oxigraph_c{top}": {q: ratio(runs, q, top, main, "oxigraph") for q in lookups},
        "heavy_rps_vs_oxigraph": {f"{q} c{c}": ratio(runs, q, c, main, "oxigraph") for q in heavy for c in concurrency},
        f"lookup_p50_ms_c{low}": {q: getattr(find_run(runs, q, low, main), "p50_ms", None) for q in lookups},
    }
    for c in concurrency:
        found[f"rdflib_geomean_rps_ratio_c{c}"] = geomean(
            [v for q in queries if (v := ratio(runs, q.name, c, main, "rdflib-endpoint"))])
    pairs = [(find_run(runs, q.name, low, main), find_run(runs, q.name, low, "rdflib-endpoint")) for q in queries]
    timed = [(a, b) for a, b in pairs if a and b]
    found[f"rdflib_one_pass_of_the_mix_c{low}"] = (sum(b.mean_ms for _, b in timed) / sum(a.mean_ms for a, _ in timed)
                                                   if timed else None)
    return found


def print_targets(found: dict, main: str) -> None:
    """The targets next to what was measured; 'MISSED' informs the developers, it fails nothing."""
    def mark(value: float | None, ok: Callable[[float], bool]) -> str:
        return "n/a" if value is None else ("met" if ok(value) else "MISSED")

    def show(key: str, value: float | None) -> str:
        return f"{value:.2f} ms" if "p50" in key and value is not None else fmt_ratio(value)

    print(f"\ntargets, judged on {main} (measured, not asserted):")
    rules = (("lookup_rps_vs_oxigraph", "≥ 0.3× raw Oxigraph, aim 0.5×", lambda v: v >= 0.3),
             ("heavy_rps_vs_oxigraph", "≥ 0.9× raw Oxigraph", lambda v: v >= 0.9),
             ("lookup_p50_ms", "< 1 ms", lambda v: v < 1.0))
    for prefix, rule, ok in rules:
        key = next(k for k in found if k.startswith(prefix))
        cells = ", ".join(f"{q} {show(key, v)} {mark(v, ok)}" for q, v in found[key].items())
        print(f"  {key} ({rule}): {cells}")
    for key, value in found.items():
        if key.startswith("rdflib"):
            print(f"  {key} (RegionGraph ≥ 10× rdflib-endpoint): {fmt_ratio(value)} {mark(value, lambda v: v >= 10)}")


def print_data(data: Data, contenders: Sequence[Contender]) -> None:
    print(f"\ndata: {data.quads:,} quads, {data.triples:,} distinct triples in the union default graph "
          f"({data.datasets:,} synthetic datasets, seed {data.seed}, sha256 {data.synthetic_sha256[:16]}…)")
    print(f"  regiongraph: build + synthetic bulk_load {data.build_seconds:.1f} s")
    for c in contenders:
        if c.load:
            print(f"  {c.name}: " + ", ".join(f"{k} {v}" for k, v in c.load.items() if v is not None))
        if c.load.get("subset_quads"):
            print(f"  NOTE: {c.name} serves a SUBSET, the first {c.load['subset_quads']:,} quads of the dump; "
                  "where its answers differ, it is not timed")


def print_verdicts(verdicts: dict[str, dict[str, Verdict]]) -> None:
    """Every answer that differs from raw Oxigraph's, before anything is timed."""
    for query, by_contender in verdicts.items():
        for name, verdict in by_contender.items():
            if verdict.status != "ok":
                timed = "timed anyway" if verdict.timed else "NOT timed"
                print(f"answer check: {query} / {name}: {verdict.status.upper()} ({timed}): {verdict.detail}")


def environment() -> dict:
    """Versions and machine, for the JSON file."""
    from importlib.metadata import PackageNotFoundError, version

    def pkg(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()[:1]
    oxigraph_version = subprocess.run([oxigraph_binary(), "--version"], capture_output=True, text=True).stdout
    return {"python": platform.python_version(), "machine": platform.platform(), "cpus": os.cpu_count(),
            "wrk": wrk_version[0] if wrk_version else None, "oxigraph_cli": oxigraph_version.strip(),
            **{name: pkg(name) for name in ("regiongraph", "pyoxigraph", "rdflib", "rdflib-endpoint", "fastapi",
                                             "starlette", "uvicorn", "py-spy")}}


def _plain(value: object) -> object:
    """JSON-safe: NaN (not measured) becomes null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def write_json(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_plain(payload), indent=2, default=str, ensure_ascii=False), encoding="utf-8")


# --------------------------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="Needs wrk (apt-get install wrk), the oxigraph CLI and rdflib-endpoint "
                                            "(pip); see benchmarks/README.md.")
    add = parser.add_argument
    add("--datasets", type=int, default=80_000, help="synthetic dcat:Datasets added to the real store")
    add("--seed", type=int, default=20240101, help="seed of the synthetic data and of the 1,000 lookup IRIs")
    add("--workers", default="1,2,4", help="RegionGraph worker counts, comma-separated: one server each")
    add("--main-workers", type=int, default=2, help="the RegionGraph server the targets are judged on")
    add("--concurrency", default="1,8", help="wrk connections per run, comma-separated (1 → -t1, else -t2)")
    add("--duration", type=int, default=10, help="seconds of each timed run")
    add("--warmup", type=int, default=3, help="seconds of warm-up before each timed run")
    add("--rounds", type=int, default=1,
        help="timed runs per query, concurrency and contender, interleaved; ratios are the median of the rounds'")
    add("--rdflib-duration", type=int, default=10, help="seconds of each rdflib-endpoint run (longer if it is slow)")
    add("--slow-max-duration", type=int, default=60, help="longest run for a contender whose answers take seconds")
    add("--rdflib-max-load-seconds", type=float, default=600, help="past this, rdflib-endpoint serves a subset")
    add("--rdflib-max-load-gib", type=float, default=12, help="past this memory, rdflib-endpoint serves a subset")
    add("--no-rdflib", action="store_true", help="leave rdflib-endpoint out")
    add("--setting", action="append", default=[], metavar="NAME=VALUE",
        help="a RegionGraph setting for its servers, repeatable: e.g. query_timeout=120 (raw Oxigraph runs without "
             "a time limit, so heavy queries at c8 compare only under a limit longer than they queue) or "
             "pin_workers=true")
    add("--queries", help="only these queries, comma-separated (default: the whole mix)")
    add("--sample", type=int, default=20, help="IRIs of lookup-1000 compared in the answer check")
    add("--answer-timeout", type=float, default=300, help="seconds one answer of the answer check may take")
    add("--profile", type=int, default=0, metavar="SECONDS",
        help="afterwards, py-spy the main RegionGraph's workers during a run of each lookup at the top concurrency")
    add("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder, removed)")
    add("--output", type=Path, help="JSON file (default: benchmarks/results/sparql_endpoint-<time>.json)")
    for hidden in ("--serve-rdflib", "--stats", "--limit-quads", "--port", "--max-load-seconds", "--max-load-gib"):
        add(hidden, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


@contextlib.contextmanager
def folder(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="rg-sparql-bench-") as tmp:
        yield Path(tmp)


def start_all(data: Data, args: argparse.Namespace, stack: contextlib.ExitStack) -> list[Contender]:
    """rdflib-endpoint first (its load runs alone), then raw Oxigraph, then one RegionGraph per worker count."""
    peers = []
    if not args.no_rdflib:
        peers.append(start_rdflib(data, Budget(args.rdflib_max_load_seconds, args.rdflib_max_load_gib)))
        stack.callback(stop, peers[-1])
    peers.insert(0, start_oxigraph(data))
    stack.callback(stop, peers[0])
    regiongraphs = []
    for workers in (int(w) for w in args.workers.split(",")):
        log(f"starting regiongraph serve --workers {workers} …")
        regiongraphs.append(start_regiongraph(data, workers, args.setting))
        stack.callback(stop, regiongraphs[-1])
    return regiongraphs + peers


def benchmark(args: argparse.Namespace, workdir: Path, stack: contextlib.ExitStack) -> dict:
    """Build, start, check, load, report; returns the JSON payload."""
    data = build_data(workdir, args.datasets, args.seed)
    print(f"triples: {data.triples:,} distinct in the union of all graphs ({data.quads:,} quads)", flush=True)
    queries = [q for q in query_mix(data.base_iri, data.lookup_iris)
               if not args.queries or q.name in args.queries.split(",")]
    files = write_query_files(queries, workdir / "queries")
    contenders = start_all(data, args, stack)
    verdicts = check_answers(contenders, queries, args.sample, timeout=args.answer_timeout)
    print_data(data, contenders)
    print_verdicts(verdicts)
    concurrency = [int(c) for c in args.concurrency.split(",")]
    plan = Plan(args.duration, args.warmup, args.rdflib_duration, args.slow_max_duration)
    runs = run_matrix(contenders, queries, files, verdicts, concurrency, plan, args.rounds)
    memory = {c.name: round(tree_rss_mib(c.process.pid)) for c in contenders}
    regiongraphs = [c for c in contenders if c.name.startswith("regiongraph")]
    main = next((c for c in regiongraphs if c.name == f"regiongraph-w{args.main_workers}"), regiongraphs[0])
    main_name = main.name
    profiles = [profile_regiongraph(main, q, files[q.name], max(concurrency), args.profile, workdir)
                | {"contender": main_name} for q in queries if args.profile and q.name.startswith("lookup")]
    report(queries, verdicts, runs, contenders, concurrency, memory)
    found = targets(queries, runs, main_name, concurrency)
    print_targets(found, main_name)
    print_profile(profiles)
    return {"environment": environment(), "arguments": vars(args), "data": asdict(data) | {"lookup_iris": None},
            "contenders": {c.name: {"url": c.url, "load": c.load, "rss_mib_after": memory[c.name]}
                           for c in contenders},
            "queries": [asdict(q) | {"iris": len(q.iris)} for q in queries],
            "answers": {q: {c: asdict(v) for c, v in by.items()} for q, by in verdicts.items()},
            "runs": [asdict(r) for r in runs], "targets": found, "profiles": profiles}


def report(queries: Sequence[Query], verdicts: dict[str, dict[str, Verdict]], runs: Sequence[Run],
           contenders: Sequence[Contender], concurrency: Sequence[int], memory: dict[str, int]) -> None:
    regiongraphs = [c.name for c in contenders if c.name.startswith("regiongraph")]
    print("\nreq/s and latency from wrk --latency; srv CPU = CPU of the server's process tree per answered request; "
          "wrk CPU = the load generator's own share of this 2-core machine (100% = one core).")
    for query in queries:
        print_query(query, verdicts[query.name], runs, regiongraphs, concurrency)
    print(f"\nmemory after the runs (RSS of each server's process tree, MiB): {json.dumps(memory)}")


def require_tools() -> None:
    missing = [] if shutil.which("wrk") else ["wrk (apt-get install wrk)"]
    if not Path(oxigraph_binary()).exists():
        missing.append("oxigraph (pip install 'oxigraph>=0.5.13,<0.6')")
    if missing:
        sys.exit(f"missing: {', '.join(missing)} — see benchmarks/README.md")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.serve_rdflib:
        limit = int(args.limit_quads) if args.limit_quads else None
        budget = Budget(float(args.max_load_seconds), float(args.max_load_gib))
        serve_rdflib(Path(args.serve_rdflib), int(args.port), Path(args.stats), limit, budget)
        return
    require_tools()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the servers started here are stopped
    started = time.perf_counter()
    with folder(args.keep) as workdir, contextlib.ExitStack() as stack:
        payload = benchmark(args, workdir, stack)
    payload["total_seconds"] = round(time.perf_counter() - started, 1)
    output = args.output or RESULTS / f"sparql_endpoint-{time.strftime('%Y%m%d-%H%M%S')}.json"
    write_json(output, payload)
    print(f"\nwhole run: {payload['total_seconds'] / 60:.1f} min; results: {output}")


if __name__ == "__main__":
    main()
