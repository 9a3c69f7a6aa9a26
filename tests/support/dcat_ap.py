"""The official DCAT-AP 3.0.0 + DCAT-AP.de 3.0 profile (``v30_de_spec``), run offline with pyshacl.

Which files form the profile is read from GovData's own ``config.properties``; the code lists the
shapes check membership of are loaded into the data graph (the official validator pulls them in by
``owl:imports`` of remote URLs). Lists that are not bundled in ``../shared`` get the codes of the EU
Publications Office's authority tables written out below, as the conformance README asks.

GovData's validator (the EU ITB) runs without the DCAT ontology as background knowledge; with
``dcat_axioms=True`` DCAT 3's subclass axioms are added, as a reasoner would see them.

:func:`check_pages` validates many pages (a catalogue followed page by page) in worker processes,
both ways, while the caller fetches the next pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from .shared import conformance

PROFILE = "v30_de_spec"
EU = "http://publications.europa.eu/resource/authority/"
DCAT = Namespace("http://www.w3.org/ns/dcat#")

#: Codes of the EU authority tables that are not bundled (the language table is too large; these are
#: the tables' own codes, from op.europa.eu's "Authority tables"), so that a correct value is a member.
EU_CODES: dict[str, tuple[str, ...]] = {
    "language": (
        "DEU",
        "ENG",
        "FRA",
        "ITA",
        "SPA",
        "NLD",
        "POL",
        "DAN",
        "SWE",
        "FIN",
        "NOR",
        "CES",
        "SLK",
        "SLV",
        "HUN",
        "RON",
        "BUL",
        "ELL",
        "POR",
        "EST",
        "LAV",
        "LIT",
        "HRV",
        "GLE",
        "MLT",
        "LTZ",
        "TUR",
        "RUS",
        "UKR",
        "ARA",
        "ZHO",
        "JPN",
        "MUL",
        "UND",
        "ZXX",
    ),
    "frequency": (
        "1MIN",
        "5MIN",
        "10MIN",
        "15MIN",
        "30MIN",
        "HOURLY",
        "BIHOURLY",
        "TRIHOURLY",
        "12HRS",
        "CONT",
        "UPDATE_CONT",
        "DAILY",
        "DAILY_2",
        "WEEKLY",
        "WEEKLY_2",
        "WEEKLY_3",
        "BIWEEKLY",
        "MONTHLY",
        "MONTHLY_2",
        "MONTHLY_3",
        "BIMONTHLY",
        "QUARTERLY",
        "ANNUAL",
        "ANNUAL_2",
        "ANNUAL_3",
        "BIENNIAL",
        "TRIENNIAL",
        "QUADRENNIAL",
        "QUINQUENNIAL",
        "DECENNIAL",
        "BIDECENNIAL",
        "TRIDECENNIAL",
        "IRREG",
        "NEVER",
        "OTHER",
        "UNKNOWN",
        "AS_NEEDED",
        "NOT_PLANNED",
        "OP_DATPRO",
    ),
    "access-right": ("PUBLIC", "RESTRICTED", "NON_PUBLIC", "CONFIDENTIAL", "SENSITIVE", "NORMAL", "OP_DATPRO"),
    "planned-availability": ("AVAILABLE", "EXPERIMENTAL", "STABLE", "TEMPORARY", "OP_DATPRO"),
    "distribution-status": ("COMPLETED", "DEPRECATED", "DEVELOP", "WITHDRAWN", "OP_DATPRO"),
    "dataset-type": (
        "CODE_LIST",
        "DSCRP_SERV",
        "GEOSPATIAL",
        "HVD",
        "NAL",
        "ONTOLOGY",
        "STATISTICAL",
        "SYNTHETIC",
        "TAXONOMY",
        "TEST_DATA",
        "THESAURUS",
        "TRAINING_DATA",
        "OP_DATPRO",
    ),
}
#: DCAT-AP.de's political-geocoding levels (``https://www.dcat-ap.de/def/politicalGeocoding/Level/1_0.rdf``).
GEOCODING_LEVELS = (
    "international",
    "european",
    "federal",
    "state",
    "administrativeDistrict",
    "district",
    "municipality",
)

#: ADMS publisher types (``http://purl.org/adms/publishertype/1.0``, SEMICeu ADMS-AP's ADMS_SKOS_v1.00.rdf).
PUBLISHER_TYPES = (
    "Academia-ScientificOrganisation",
    "Company",
    "IndustryConsortium",
    "LocalAuthority",
    "NationalAuthority",
    "NonGovernmentalOrganisation",
    "NonProfitOrganisation",
    "PrivateIndividual(s)",
    "RegionalAuthority",
    "StandardisationBody",
    "SupraNationalAuthority",
)

#: SPDX 2.3's checksum algorithms (``spdx-ontology.owl.xml``, which the profile imports): ``spdx:ChecksumAlgorithm``s.
SPDX_ALGORITHMS = (
    "adler32",
    "blake2b256",
    "blake2b384",
    "blake2b512",
    "blake3",
    "md2",
    "md4",
    "md5",
    "md6",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha3_256",
    "sha3_384",
    "sha3_512",
    "sha512",
)
SPDX = "http://spdx.org/rdf/terms#"

#: DCAT 3's class axioms (W3C DCAT 3, §5–6): what a reasoner would add as background knowledge.
DCAT_AXIOMS = (
    (DCAT.Dataset, DCAT.Resource),
    (DCAT.DataService, DCAT.Resource),
    (DCAT.Catalog, DCAT.Dataset),
    (DCAT.DatasetSeries, DCAT.Dataset),
)


def _properties(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def profile_files() -> list[Path]:
    """The shape files of ``v30_de_spec`` as ``config.properties`` names them, in ``../shared``."""
    root = conformance("dcat-ap-shacl")
    config = _properties(root / "dcat-ap-de-3.0" / "config.properties")
    files = [root / "dcat-ap-3.0.0" / "dcat-ap-SHACL.ttl"]  # the remote.0 import: DCAT-AP 3.0.0 itself
    assert config[f"validator.shaclFile.{PROFILE}.remote.0.url"].endswith("releases/3.0.0/shacl/dcat-ap-SHACL.ttl")
    for name in config[f"validator.shaclFile.{PROFILE}"].split(","):
        files.append(root / "dcat-ap-de-3.0" / Path(name.strip()).name)
    return files


@cache
def shapes_graph() -> Graph:
    graph = Graph()
    for path in profile_files():
        graph.parse(path, format="turtle")
    return graph


@cache
def vocabularies() -> Graph:
    """The code lists, as the data graph must hold them: bundled files plus the EU codes written out."""
    graph = Graph()
    folder = conformance("dcat-ap-shacl", "vocabularies")
    for path in sorted(folder.iterdir()):
        graph.parse(path, format="xml" if path.suffix == ".rdf" else "turtle")
    for table, codes in EU_CODES.items():
        scheme = URIRef(EU + table)
        for code in codes:
            concept = URIRef(f"{EU}{table}/{code}")
            graph.add((concept, RDF.type, SKOS.Concept))
            graph.add((concept, SKOS.inScheme, scheme))
    level = "http://dcat-ap.de/def/politicalGeocoding/Level"
    for code in GEOCODING_LEVELS:
        graph.add((URIRef(f"{level}/{code}"), RDF.type, SKOS.Concept))
        graph.add((URIRef(f"{level}/{code}"), SKOS.inScheme, URIRef(level)))
    for code in SPDX_ALGORITHMS:
        graph.add((URIRef(f"{SPDX}checksumAlgorithm_{code}"), RDF.type, URIRef(SPDX + "ChecksumAlgorithm")))
    for code in PUBLISHER_TYPES:
        concept = URIRef(f"http://purl.org/adms/publishertype/{code}")
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.inScheme, URIRef("http://purl.org/adms/publishertype/1.0")))
    return graph


@dataclass(frozen=True)
class Finding:
    """One result of the official profile: severity (``Violation``, ``Warning``, ``Info``), focus, path, message."""

    severity: str
    focus: str
    path: str
    message: str
    value: str
    shape: str


@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    def by_message(self, severity: str = "Violation") -> Counter[str]:
        return Counter(f"{f.path}: {f.message}" for f in self.findings if f.severity == severity)

    def for_focus(self, focus: str) -> list[Finding]:
        return [f for f in self.findings if f.focus == focus]


def check(data: Graph, *, dcat_axioms: bool = False) -> Outcome:
    """Validate ``data`` (not changed) against ``v30_de_spec``; with or without DCAT's class axioms."""
    graph = Graph()
    for triple in data:
        graph.add(triple)
    graph += vocabularies()
    if dcat_axioms:
        for sub, sup in DCAT_AXIOMS:
            graph.add((sub, RDFS.subClassOf, sup))
    _, report, _ = validate(
        graph, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True, allow_infos=True
    )
    return Outcome(tuple(_findings(report)))


@dataclass(frozen=True)
class PageOutcome:
    """The profile's result for one page, checked with or without DCAT's class axioms."""

    label: str
    dcat_axioms: bool
    outcome: Outcome


def check_page(data: bytes, fmt: str, dcat_axioms: bool) -> Outcome:
    """Parse one serialised page (rdflib format name: ``nt``, ``turtle``, ``xml``, ``json-ld``) and check it."""
    return check(Graph().parse(data=data, format=fmt), dcat_axioms=dcat_axioms)


def check_pages(pages: Iterable[tuple[str, bytes, str]], *, processes: int = 2) -> list[PageOutcome]:
    """Check every ``(label, data, rdflib format)`` page with and without DCAT's axioms, in ``processes`` workers.

    ``pages`` is consumed while earlier pages are checked, so a generator fetching them overlaps with
    the checks. Workers are spawned, not forked: the caller may run server threads.
    """
    pending: list[tuple[str, bool, Future[Outcome]]] = []
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
        for label, data, fmt in pages:
            for axioms in (False, True):
                pending.append((label, axioms, pool.submit(check_page, data, fmt, axioms)))
        return [PageOutcome(label, axioms, future.result()) for label, axioms, future in pending]


def _findings(report: Graph) -> list[Finding]:
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):

        def one(prop: URIRef, result: URIRef = result) -> str:
            value = report.value(result, prop)
            return "" if value is None else str(value)

        severity = one(SH.resultSeverity).rsplit("#", 1)[-1]
        messages = sorted(
            str(m)
            for m in report.objects(result, SH.resultMessage)
            if not isinstance(m, Literal) or m.language in (None, "en", "de")
        )
        found.append(
            Finding(
                severity,
                one(SH.focusNode),
                one(SH.resultPath),
                messages[0] if messages else "",
                one(SH.value),
                one(SH.sourceShape),
            )
        )
    return found


__all__ = [
    "DCAT_AXIOMS",
    "EU_CODES",
    "Finding",
    "Outcome",
    "PageOutcome",
    "check",
    "check_page",
    "check_pages",
    "profile_files",
    "shapes_graph",
    "vocabularies",
]
