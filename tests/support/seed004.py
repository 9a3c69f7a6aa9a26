"""An independent reading of seed 004 §3–4 (the Ruhr comparison), straight from the text.

Written apart from the register and its mapping, so tests can hold the register's comparison
statements (``[[assessment]]``) to the source: the paragraphs of a section as the register's
locators count them (``§4 ¶10``), the cities a statement names, and which Smart City Charta
guideline or field of action each statement speaks of (the only part classified by hand).

Paragraphs: the text between blank lines, without footnote blocks (they start with a superscript
number); a block that does not end a sentence runs on into the next one (a page break), a block
ending in ":" runs on into a following bulleted list, list items are joined with ", ". Footnote
markers and bold markup are left out, line breaks become spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

SEED_004 = Path(__file__).resolve().parents[2] / "harvesters" / "sources" / "004_569675268bb73acb.txt"

#: Section headings as printed in the body (the table of contents repeats them with dots).
HEADINGS = {"3": "3. Vergleich ausgewählter Smart-City-Konzepte im Ruhrgebiet", "4": "4. Zusammenfassender Vergleich"}
_ENDS = {"3": HEADINGS["4"], "4": "Quellen"}
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_MARKERS = re.compile(rf"\^\{{[0-9,]+\}}|[{_SUPERSCRIPT}]+|\*\*")

#: The cities §3–4 compare, longest name first ("Kreis Recklinghausen" before "Recklinghausen").
CITIES = (
    "Kreis Recklinghausen",
    "Gelsenkirchen",
    "Recklinghausen",
    "Dortmund",
    "Duisburg",
    "Schwerte",
    "Bottrop",
    "Herne",
    "Witten",
)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", _MARKERS.sub("", text)).strip()


def _blocks(lines: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            out[-1].append(line.strip())
        elif out[-1]:
            out.append([])
    return [b for b in out if b and b[0][0] not in _SUPERSCRIPT]


def _text(block: list[str]) -> tuple[str, bool]:
    """A block as one string, and whether it is a bulleted list."""
    if all(line.startswith("- ") for line in block):
        return ", ".join(_clean(line[2:]) for line in block), True
    return _clean(" ".join(block)), False


@cache
def paragraphs(section: str) -> tuple[str, ...]:
    """The paragraphs of §``section`` (``"3"`` or ``"4"``), numbered from 1 in the register's locators."""
    lines = SEED_004.read_text(encoding="utf-8").splitlines()
    start = lines.index(HEADINGS[section]) + 1
    end = lines.index(_ENDS[section], start)
    out: list[str] = []
    open_ = False  # the last paragraph runs on
    colon = False  # ... into a list only
    for block in _blocks(lines[start:end]):
        text, is_list = _text(block)
        if out and (open_ or (colon and is_list)):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
        open_ = not out[-1].endswith((".", ":", "!", "?"))
        colon = out[-1].endswith(":")
    return tuple(out)


def paragraph(locator: str) -> str:
    """The paragraph a locator such as ``"§4 ¶10"`` points to."""
    match = re.fullmatch(r"§([34]) ¶(\d+)", locator)
    assert match, f"not a §3–4 paragraph locator: {locator!r}"
    return paragraphs(match.group(1))[int(match.group(2)) - 1]


def cities_in(text: str) -> frozenset[str]:
    """The compared cities ``text`` names."""
    found = set()
    for city in CITIES:
        if re.search(rf"\b{city}\b", text):
            found.add(city)
            text = re.sub(rf"\b{city}\b", "", text)
    return frozenset(found)


@cache
def considered() -> frozenset[str]:
    """ "Die Städte … betrachtet" (§3 ¶2): the cities "alle (betrachteten) Städte" in §4 stands for."""
    sentence = re.search(r"Im Folgenden werden .*? betrachtet\.", paragraphs("3")[1])
    assert sentence, "§3 ¶2 no longer names the cities it considers"
    return cities_in(sentence.group(0))


@dataclass(frozen=True)
class Statement:
    """One statement of §3–4: where it stands, the words that carry it, what it speaks of.

    ``quote`` is the part of the sentence whose cities the statement is about (read from the
    text); ``cities`` replaces that reading where the sentence's subject is a pronoun or a city
    named only in a project's name, or is :data:`ALL` for "alle (betrachteten) Städte";
    ``projects`` are the projects behind each city's cells, by city (``"*"``: every city).
    """

    id: str
    locator: str
    quote: str
    codes: tuple[str, ...]
    cities: frozenset[str] | str | None = None
    projects: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def about(self) -> frozenset[str]:
        if self.cities == ALL:
            return considered()
        return self.cities if isinstance(self.cities, frozenset) else cities_in(self.quote)


ALL = "all"  # marker: "alle (betrachteten) Städte"

G1, G2, G3, G4 = (
    "ziele-strategien-strukturen",
    "ressourcen-kompetenzen-kooperationen",
    "infrastruktur-daten-dienstleistungen",
    "transparenz-teilhabe-mitgestaltung",
)

BOT, DO, DU, GE, HER, SCH, KRE, REC, WIT = (
    frozenset({c})
    for c in (
        "Bottrop",
        "Dortmund",
        "Duisburg",
        "Gelsenkirchen",
        "Herne",
        "Schwerte",
        "Kreis Recklinghausen",
        "Recklinghausen",
        "Witten",
    )
)


def _s(
    id_: str,
    locator: str,
    quote: str,
    codes: str,
    cities: frozenset[str] | str | None = None,
    projects: tuple[str, ...] | dict[str, tuple[str, ...]] = (),
) -> Statement:
    """A statement; ``codes`` space-separated; ``projects`` as a tuple stand behind every city of it."""
    by_city = projects if isinstance(projects, dict) else {"*": projects}
    return Statement(id_, locator, quote, tuple(codes.split()), cities, by_city)


def cell_projects(statement: Statement, city: str) -> frozenset[str]:
    """The projects behind ``city``'s cells of ``statement``, as the reading says."""
    return frozenset(statement.projects.get(city, ()) + statement.projects.get("*", ()))


#: The reading of §3–4. Quotes are the words that carry each statement; codes: guidelines G1–G4 and fields.
READING: tuple[Statement, ...] = (
    # §3 Bottrop
    _s(
        "ruhr2020-3-03a",
        "§3 ¶3",
        "Die Stadt Bottrop hat 2010 den Innovation City Rollout gewonnen",
        "klima",
        projects=("innovationcity-bottrop", "innovation-city-rollout"),
    ),
    _s(
        "ruhr2020-3-03b",
        "§3 ¶3",
        "Bottrop hat hier den Weg zu einer Sustainable City im Bereich der Quartierserneuerung",
        "quartiersentwicklung klima",
    ),
    _s(
        "ruhr2020-3-03c",
        "§3 ¶3",
        "Eine Koordinierungsstelle Integrierte Stadtentwicklung / Innovation City",
        G1,
        BOT,
        ("koordinierungsstelle-integrierte-stadtentwicklung-bottrop",),
    ),
    _s(
        "ruhr2020-3-04a",
        "§3 ¶4",
        "adressiert die sechs Handlungsfelder Wohnen, Arbeiten, Energie, Mobilität",
        f"{G1} energie mobilitaet klima partizipation",
        BOT,
        ("masterplan-klimagerechter-stadtumbau-bottrop",),
    ),
    _s(
        "ruhr2020-3-05a",
        "§3 ¶5",
        "zusammen mit den Fraunhofer Institut für Materialforschung und Logistik",
        f"{G2} mobilitaet wirtschaft",
        BOT,
        ("louise",),
    ),
    _s(
        "ruhr2020-3-05b",
        "§3 ¶5",
        "Bottrop partizipiert an der GeoSmartChange",
        f"{G3} digitalisierung",
        projects=("geosmartchange",),
    ),
    _s(
        "ruhr2020-3-05c",
        "§3 ¶5",
        "Bottrop investiert mithilfe verschiedener Fördermittel",
        "energie mobilitaet klima",
        projects=("strassenerneuerung-sanierung-elektromobilitaet-bottrop", "lueckenschluss-welheim"),
    ),
    _s(
        "ruhr2020-3-05d",
        "§3 ¶5",
        "Der Europäische Sozialfond fördert ein Bildungsprojekt",
        "bildung",
        BOT,
        ("wortschatzfoerderung-medienkompetenz-bottrop",),
    ),
    _s(
        "ruhr2020-3-05e",
        "§3 ¶5",
        "weitere klimaorientierte Projekte wie Solardachförderungen",
        "klima",
        BOT,
        ("solardachfoerderungen-bottrop", "umweltzonen-bottrop", "laermschutz-landschaftsplanung-bottrop"),
    ),
    _s(
        "ruhr2020-3-05f",
        "§3 ¶5",
        "Mit dem Projekt Zukunftsstandort Bottrop",
        "wirtschaft",
        projects=("zukunftsstandort-bottrop",),
    ),
    _s(
        "ruhr2020-3-05g",
        "§3 ¶5",
        "betreibt auch Bottrop Projekte der Agenda21",
        "klima bildung",
        projects=("agenda21-bottrop",),
    ),
    _s(
        "ruhr2020-3-05h",
        "§3 ¶5",
        "Bottrop betreibt ein OpenData Portal",
        G3,
        projects=("opendata-portal-bottrop", "3d-stadtmodell-bottrop"),
    ),
    # §3 Dortmund
    _s(
        "ruhr2020-3-06a",
        "§3 ¶6",
        "Dortmund hat seit 2018 einen Chief Information / Innovation Officer",
        G1,
        projects=("cio-dortmund",),
    ),
    _s(
        "ruhr2020-3-06b",
        "§3 ¶6",
        "Dortmund vernetzt viele städtische und externe Akteure",
        G2,
        projects=("allianz-smart-city-dortmund",),
    ),
    _s(
        "ruhr2020-3-06c",
        "§3 ¶6",
        "Dortmund realisiert einen Masterplan Energiewende",
        "energie klima",
        projects=("masterplan-energiewende-dortmund",),
    ),
    _s(
        "ruhr2020-3-06d",
        "§3 ¶6",
        "1999 wurde ein Agenda21 Büro installiert",
        "energie klima partizipation",
        DO,
        ("agenda21-buero-dortmund",),
    ),
    _s(
        "ruhr2020-3-07a",
        "§3 ¶7",
        "Der Masterplan „Digitales Dortmund“ wurde 2016 beschlossen",
        f"{G1} digitalisierung",
        projects=("masterplan-digitales-dortmund",),
    ),
    _s(
        "ruhr2020-3-08a",
        "§3 ¶8",
        "Dortmund hat schon einige Pilotprojekte",
        "energie mobilitaet klima",
        projects=(
            "bidirektionale-ladeinfrastruktur-dortmund",
            "rettungsrobotikzentrum-phoenix-west",
            "smart-service-power",
            "parkmanagementsysteme-westfalen-stadion",
            "intelligentere-strassenbeleuchtung-dortmund",
        ),
    ),
    _s(
        "ruhr2020-3-08b",
        "§3 ¶8",
        "Wie auch Gelsenkirchen und Herne fokussiert Dortmund",
        G3,
        projects={"Dortmund": ("smart-city-hub-data-center-dortmund",)},
    ),
    _s(
        "ruhr2020-3-08c",
        "§3 ¶8",
        "2018 wurde OpenData im Kontext mit Open Government beschlossen",
        G3,
        DO,
        ("opendata-dortmund",),
    ),
    _s(
        "ruhr2020-3-09a",
        "§3 ¶9",
        "Als Smart City Kompetenzzentren finden sich einige Forschungszentren der TU",
        G2,
        DO,
        ("smart-city-kompetenzzentren-dortmund",),
    ),
    _s(
        "ruhr2020-3-09b",
        "§3 ¶9",
        "Dortmund hat zudem städteübergreifende Kooperationen im NOX-Projekt mit Schwerte, Witten und Herne",
        G2,
        projects=("nox-projekt",),
    ),
    _s(
        "ruhr2020-3-09c",
        "§3 ¶9",
        "Auch Partizipations-, Bildungs- und Nachhaltigkeitsprojekte",
        "partizipation bildung energie",
        DO,
        ("energieeffizienz-im-quartier-dortmund", "nordwaerts-dortmund", "talentkolleg-ruhr"),
    ),
    # §3 Herne
    _s(
        "ruhr2020-3-10a",
        "§3 ¶10",
        "Die Stadt Herne hat eine Stabsstelle Digitalisierung etabliert",
        f"{G1} {G3}",
        projects=("stabsstelle-digitalisierung-herne", "lorawan-herne", "smart-city-it-integrationsplattform-herne"),
    ),
    _s(
        "ruhr2020-3-10b",
        "§3 ¶10",
        "Herne hat ebenfalls ein OpenData Portal und ein Geoportal",
        G3,
        projects=("opendata-portal-herne", "geoportal-herne"),
    ),
    _s(
        "ruhr2020-3-11a",
        "§3 ¶11",
        "Die Stadt Herne hat ihre Vision und wesentlichen Themen in den Zukunftsimpulsen",
        f"{G1} {G4}",
        projects=("zukunftsimpulse-herne-2025",),
    ),
    _s(
        "ruhr2020-3-11b",
        "§3 ¶11",
        "Herne fokussiert insbesondere die Themen Nachhaltigkeit in Bildung und Umwelt sowie Mobilität",
        "bildung klima mobilitaet",
    ),
    _s(
        "ruhr2020-3-11c",
        "§3 ¶11",
        "Auch die Bildung als besonders wichtiger Baustein",
        "bildung",
        HER,
        ("ruhrvalley-initiative", "talentkolleg-ruhr"),
    ),
    # §3 Duisburg
    _s(
        "ruhr2020-3-12a",
        "§3 ¶12",
        "Die Stadt Duisburg hat neben der verwaltungsinternen Zuständigkeit",
        G1,
        projects=("stabsstelle-digitalisierung-duisburg",),
    ),
    _s("ruhr2020-3-12b", "§3 ¶12", "Auch wurde die Vernetzung mit städtischen Gesellschaften", G2, DU),
    _s(
        "ruhr2020-3-12c",
        "§3 ¶12",
        "Der Schwerpunkt liegt zurzeit auf Mobilitätsprojekten",
        "mobilitaet wirtschaft digitalisierung bildung",
        DU,
    ),
    _s(
        "ruhr2020-3-12d",
        "§3 ¶12",
        "In Zusammenarbeit mit der Universität wurde ein Smart City Innovationscenter",
        G2,
        DU,
        ("smart-city-innovationscenter-duisburg",),
    ),
    _s(
        "ruhr2020-3-12e",
        "§3 ¶12",
        "Die Stabstelle Digitalisierung in Duisburg hat einen digitalen Masterplan",
        G1,
        projects=("masterplan-digitales-duisburg",),
    ),
    _s(
        "ruhr2020-3-13a",
        "§3 ¶13",
        "sind beispielhafte Maßnahmen im Bereich Mobilität",
        "mobilitaet",
        DU,
        (
            "baustellen-melder-duisburg",
            "verkehrsflusssteuerung-duisburg",
            "autonome-binnenschifffahrt-duisburg",
            "drohnen-einsatz-feuerwehr-duisburg",
        ),
    ),
    _s(
        "ruhr2020-3-13b",
        "§3 ¶13",
        "Smarte Beleuchtung, Mikrochips für die Bio-Tonnen",
        G3,
        DU,
        (
            "smarte-beleuchtung-duisburg",
            "mikrochips-bio-tonnen-duisburg",
            "iot-plattformen-duisburg",
            "opendata-portale-duisburg",
        ),
    ),
    _s(
        "ruhr2020-3-13c",
        "§3 ¶13",
        "Auch in Duisburg – wie Dortmund – ist das OZG und e-Government ein Anstoß",
        f"{G3} digitalisierung",
    ),
    _s(
        "ruhr2020-3-13d",
        "§3 ¶13",
        "Auch Duisburg fördert seine Schülerinnen und Schülern",
        "bildung",
        DU,
        ("talentkolleg-ruhr",),
    ),
    # §3 Gelsenkirchen
    _s(
        "ruhr2020-3-14a",
        "§3 ¶14",
        "Die Stadt Gelsenkirchen investiert seit 2010 in Glasfaserkabel",
        G3,
        projects=("glasfaser-wlan-gelsenkirchen",),
    ),
    _s(
        "ruhr2020-3-14b",
        "§3 ¶14",
        "Seit 2017 werden OpenData-, GeoData- und nun auch GeoSmartChange-Projekte",
        G3,
        GE,
        ("opendata-gelsenkirchen", "geosmartchange"),
    ),
    _s(
        "ruhr2020-3-14c",
        "§3 ¶14",
        "Die Stadt hat schon mehrere Jahre einen CDO",
        G1,
        GE,
        ("stabstelle-vernetzte-stadt-gelsenkirchen",),
    ),
    _s(
        "ruhr2020-3-14d",
        "§3 ¶14",
        "2020 wurde die Digitalstrategie mit einer Vision",
        f"{G1} wirtschaft digitalisierung mobilitaet energie klima bildung partizipation",
        GE,
        ("integrierte-strategie-vernetzte-stadt-gelsenkirchen",),
    ),
    _s(
        "ruhr2020-3-15a",
        "§3 ¶15",
        "Gelsenkirchen hat sich eine „integrierte Strategie der vernetzten Stadt“ gegeben",
        G1,
        projects=("integrierte-strategie-vernetzte-stadt-gelsenkirchen",),
    ),
    _s(
        "ruhr2020-3-16a",
        "§3 ¶16",
        "die Erprobung verschiedener Funktechnologien für die Smart City",
        "technikerprobung mobilitaet",
        GE,
        ("openinnovationlab-schalke",),
    ),
    _s(
        "ruhr2020-3-16b",
        "§3 ¶16",
        "sind beispielhafte Projekte im ArenaPark",
        "technikerprobung",
        GE,
        (
            "virtual-reality-arenapark",
            "smartphone-buergerid-gelsenkirchen",
            "verkehrssteuerung-parkraum-gelsenkirchen",
            "blockchainanwendungen-gelsenkirchen",
            "autonome-fahrzeuge-gelsenkirchen",
        ),
    ),
    _s(
        "ruhr2020-3-16c",
        "§3 ¶16",
        "Hier wird – wie in Dortmund – die Technologie-Entwicklung",
        "technikerprobung",
        GE | DO,
    ),
    _s(
        "ruhr2020-3-16d",
        "§3 ¶16",
        "in einer städtischen Cloud der Tochter Gelsen-Net gesammelt",
        G3,
        GE,
        ("staedtische-cloud-gelsenkirchen",),
    ),
    _s(
        "ruhr2020-3-17a",
        "§3 ¶17",
        "Es finden sich in der Strategie viele Projekte im Mobilitäts-, Bildungs-",
        "mobilitaet bildung",
        GE,
    ),
    _s(
        "ruhr2020-3-17b",
        "§3 ¶17",
        "Die in Gelsenkirchen schon seit Jahren durch die AGEnda21",
        G1,
        projects=(
            "agenda21-gelsenkirchen",
            "zukunftsstadt-gelsenkirchen",
            "greencity-plan-gelsenkirchen",
            "integrierte-strategie-vernetzte-stadt-gelsenkirchen",
        ),
    ),
    # §3 Kreis Recklinghausen
    _s(
        "ruhr2020-3-18a",
        "§3 ¶18",
        "werden im Projekt GeoSmartChange Straßen",
        f"{G3} digitalisierung",
        KRE,
        ("geosmartchange",),
    ),
    _s(
        "ruhr2020-3-18b",
        "§3 ¶18",
        "Auch initiiert und fördert die Smart Region Emscher Lippe",
        f"{G2} digitalisierung",
        KRE,
        ("smart-region-emscher-lippe", "smart-networks-emscher-lippe"),
    ),
    _s(
        "ruhr2020-3-18c",
        "§3 ¶18",
        "In Recklinghausen als Kreisstadt werden die ersten elektronischen Bürgerprozesse",
        f"{G3} digitalisierung",
    ),
    # §3 Schwerte
    _s(
        "ruhr2020-3-19a",
        "§3 ¶19",
        "Die Stadt Schwerte macht mit einem Digital Officer",
        G1,
        projects=("digital-officer-schwerte",),
    ),
    _s(
        "ruhr2020-3-19b",
        "§3 ¶19",
        "Sie setzt außerdem im Regionalprogramm",
        "mobilitaet",
        SCH,
        ("smart-region-dortmund-schwerte-herne-witten",),
    ),
    _s(
        "ruhr2020-3-19c",
        "§3 ¶19",
        "Die Stadt Schwerte baut ihre Glasfasernetze",
        G3,
        projects=("glasfasernetze-schwerte",),
    ),
    _s(
        "ruhr2020-3-19d",
        "§3 ¶19",
        "Daneben werden elektronische Bürgerprozesse sukzessive umgesetzt",
        "digitalisierung wirtschaft bildung",
        SCH,
        ("serviceportal-schwerte", "digitales-schaufenster-schwerte", "digitale-schuelerberatung-schwerte"),
    ),
    # §4: the guidelines
    _s(
        "ruhr2020-4-04a",
        "§4 ¶4",
        "Ziele, Strategien und Strukturen sind in Gelsenkirchen, Herne, Bottrop, Duisburg und Dortmund",
        G1,
    ),
    _s(
        "ruhr2020-4-04b",
        "§4 ¶4",
        "Gelsenkirchen hat einen CDO, eine Stabstelle Vernetzte Stadt",
        G1,
        projects=("stabstelle-vernetzte-stadt-gelsenkirchen",),
    ),
    _s(
        "ruhr2020-4-04c",
        "§4 ¶4",
        "In Dortmund wird ebenfalls zwischen verwaltungsinterner Projektsteuerung",
        G1,
        projects=("allianz-smart-city-dortmund",),
    ),
    _s(
        "ruhr2020-4-04d",
        "§4 ¶4",
        "Herne, Duisburg und Schwerte haben zurzeit eine Stabstelle",
        G1,
        projects={
            "Herne": ("stabsstelle-digitalisierung-herne",),
            "Duisburg": ("stabsstelle-digitalisierung-duisburg",),
            "Schwerte": ("digital-officer-schwerte",),
        },
    ),
    _s("ruhr2020-4-05a", "§4 ¶5", "Ziele und Strategien haben sich alle Städte gesetzt", G1, ALL),
    _s(
        "ruhr2020-4-05b",
        "§4 ¶5",
        "Bottrop hat mit der Innovationcity einen klaren Schwerpunkt auf dem Handlungsfeld Klima",
        "klima",
        projects=("innovationcity-bottrop",),
    ),
    _s(
        "ruhr2020-4-05c",
        "§4 ¶5",
        "Gelsenkirchen und Dortmund fokussieren u.a. die Digitalisierung, die Entwicklung "
        "digitaler Infrastrukturen und ihre Nutzung für die Wirtschaftsstandorte",
        f"{G3} digitalisierung wirtschaft",
    ),
    _s(
        "ruhr2020-4-05d",
        "§4 ¶5",
        "Gelsenkirchen und Dortmund fokussieren u.a. die Digitalisierung, die Entwicklung "
        "digitaler Infrastrukturen und ihre Nutzung für die Wirtschaftsstandorte und haben eigene IT-Strukturen – wie "
        "auch Herne - aufgebaut",
        G3,
    ),
    _s(
        "ruhr2020-4-05e",
        "§4 ¶5",
        "Sie sind mit ihren Projektbüros und der Technologiebewertung",
        f"{G2} technikerprobung",
        GE | DO,
    ),
    _s(
        "ruhr2020-4-05f",
        "§4 ¶5",
        "Insbesondere Gelsenkirchen hat durch die Integration der Teilpläne",
        G1,
        projects=("integrierte-strategie-vernetzte-stadt-gelsenkirchen",),
    ),
    _s(
        "ruhr2020-4-06a",
        "§4 ¶6",
        "Auch in Herne und Duisburg wird die Digitalisierung als Chance für die Wirtschaft",
        "digitalisierung wirtschaft",
    ),
    _s("ruhr2020-4-06b", "§4 ¶6", "alle Städte haben neben der Bewältigung des Stadtumbaus", "digitalisierung", ALL),
    _s(
        "ruhr2020-4-06c",
        "§4 ¶6",
        "Dortmund, Herne, Duisburg und Gelsenkirchen arbeiten mit dem Talentkolleg Ruhr",
        "bildung",
        projects=("talentkolleg-ruhr",),
    ),
    _s(
        "ruhr2020-4-07a",
        "§4 ¶7",
        "In Herne und Duisburg wurden erste Zielsetzungen als Zukunftsimpuls und Masterplan",
        G1,
        projects={"Herne": ("zukunftsimpulse-herne-2025",), "Duisburg": ("masterplan-digitales-duisburg",)},
    ),
    _s(
        "ruhr2020-4-07b",
        "§4 ¶7",
        "In Gelsenkirchen wurden auch viele Projekte aus der Vergangenheit Bottom-Up",
        G1,
        projects=("integrierte-strategie-vernetzte-stadt-gelsenkirchen",),
    ),
    _s(
        "ruhr2020-4-08a",
        "§4 ¶8",
        "In Gelsenkirchen wurden die verschiedenen Klima-, Bildungs- und Partizipationsinitiativen",
        G1,
        projects=("integrierte-strategie-vernetzte-stadt-gelsenkirchen",),
    ),
    _s(
        "ruhr2020-4-08b",
        "§4 ¶8",
        "Auch in Herne wird der deutliche Zusammenhang zwischen Digitalisierung, Bildung "
        "und Wirtschaftlicher Entwicklung",
        f"{G1} digitalisierung bildung wirtschaft",
        projects=("zukunftsimpulse-herne-2025",),
    ),
    _s(
        "ruhr2020-4-08c",
        "§4 ¶8",
        "Auch Dortmund hat mit seinem Masterplan begonnen",
        G1,
        projects=("masterplan-digitales-dortmund",),
    ),
    _s("ruhr2020-4-09a", "§4 ¶9", "braucht die Stabstelle Verstärkung, so in Gelsenkirchen und Dortmund", G1),
    _s(
        "ruhr2020-4-09b",
        "§4 ¶9",
        "In Duisburg, Herne und Schwerte ist man zurzeit eher noch bei einer kleinen Stabstelle",
        G1,
    ),
    _s(
        "ruhr2020-4-10a",
        "§4 ¶10",
        "Ressourcen, Kompetenzen und Koordination – als weiterer wichtiger Bestandteil von "
        "Smart Cities – sind sichtbar in Gelsenkirchen, Herne, Duisburg, Bottrop und Schwerte",
        G2,
    ),
    _s(
        "ruhr2020-4-11a",
        "§4 ¶11",
        "Die Städte Dortmund und Duisburg haben große Universitäten, Gelsenkirchen eine "
        "deutlich kleinere Westfälische Hochschule",
        G2,
    ),
    _s("ruhr2020-4-11b", "§4 ¶11", "Dortmund hat zudem etliche, an der Universität angesiedelte IT-Firmen", G2),
    _s(
        "ruhr2020-4-12a",
        "§4 ¶12",
        "In Duisburg, Dortmund und auch Gelsenkirchen wurde das Onlinezugangsgesetz als Chance gesehen",
        f"{G3} digitalisierung",
    ),
    _s(
        "ruhr2020-4-13a",
        "§4 ¶13",
        "versucht beispielsweise Gelsenkirchen - wie auch Herne und Dortmund - diese Daten "
        "mittelfristig auf einer Plattform bzw. Cloud zu integrieren",
        G3,
    ),
    _s(
        "ruhr2020-4-14a",
        "§4 ¶14",
        "Der Weg zu Transparenz, Teilhabe und Mitgestaltung wird bei allen betrachteten Städten verfolgt",
        G4,
        ALL,
    ),
    _s(
        "ruhr2020-4-14b",
        "§4 ¶14",
        "In Herne, Dortmund, Duisburg, Bottrop und Gelsenkirchen wird die Transparenz der Projekte",
        G4,
    ),
    _s(
        "ruhr2020-4-15a",
        "§4 ¶15",
        "in Gelsenkirchen hat eine kleine Abteilung seit Jahren viele partizipative Projekte",
        f"{G4} partizipation",
        projects=("agenda21-gelsenkirchen",),
    ),
    # §4: the fields of action
    _s(
        "ruhr2020-4-15b",
        "§4 ¶15",
        "Insbesondere in Gelsenkirchen, Herne und Bottrop hat das Thema Bildung",
        "bildung",
        projects=("talentscouts",),
    ),
    _s(
        "ruhr2020-4-16a",
        "§4 ¶16",
        "Die Handlungsbereiche Wirtschaft, Mobilität, Klima, Bildung und Partizipation "
        "sind in allen betrachteten Städten",
        "wirtschaft mobilitaet klima bildung partizipation",
        ALL,
    ),
    _s("ruhr2020-4-16b", "§4 ¶16", "Energie ist in Dortmund und auch Gelsenkirchen ein Schwerpunktthema", "energie"),
    _s("ruhr2020-4-16c", "§4 ¶16", "Klimaneutralität ist in Bottrop eine sehr deutliche Zielsetzung", "klima"),
    _s(
        "ruhr2020-4-16d",
        "§4 ¶16",
        "In Herne, Dortmund und Duisburg wie auch Gelsenkirchen wird das Thema Bildung",
        "bildung",
        projects=("talentscouts",),
    ),
    _s(
        "ruhr2020-4-17a",
        "§4 ¶17",
        "In allen Ruhgebietsstädten werden die aus dem Strukturwandel resultierenden "
        "typischen Problembereiche Umwelt und Klima, Wirtschaft und Bildung sowie Mobilität fokussiert",
        "klima wirtschaft bildung mobilitaet",
        ALL,
    ),
    _s(
        "ruhr2020-4-17b",
        "§4 ¶17",
        "Gelsenkirchen fokussiert neben Digitalisierung",
        "digitalisierung wirtschaft bildung partizipation quartiersentwicklung",
        GE,
    ),
    _s("ruhr2020-4-17c", "§4 ¶17", "(wie auch Herne und Dortmund)", "wirtschaft"),
    _s(
        "ruhr2020-4-17d",
        "§4 ¶17",
        "Herne verfolgt außerdem den Schwerpunkt der städtischen und überregionalen Mobilität",
        "mobilitaet",
        HER,
        ("smart-region-dortmund-schwerte-herne-witten",),
    ),
    _s("ruhr2020-4-18a", "§4 ¶18", "Bottrop verfolgt i.w. das Klimaziel", "klima wirtschaft bildung digitalisierung"),
    _s(
        "ruhr2020-4-18b",
        "§4 ¶18",
        "Duisburg konzentriert sich auf Logistik/Mobilität und Wirtschaft",
        "mobilitaet wirtschaft",
    ),
    _s(
        "ruhr2020-4-18c",
        "§4 ¶18",
        "Dortmund hat auch zurzeit Klima, Energie, Wirtschaft und Digitalisierung im Blick",
        "klima energie wirtschaft digitalisierung",
    ),
    _s(
        "ruhr2020-4-18d",
        "§4 ¶18",
        "plant – wie Gelsenkirchen – Technikerprobung und -evaluation",
        "technikerprobung",
        GE | DO,
    ),
    _s("ruhr2020-4-18e", "§4 ¶18", "Gelsenkirchen, Dortmund und Herne planen eigene städtische Datenplattformen", G3),
    _s(
        "ruhr2020-4-18f",
        "§4 ¶18",
        "OpenData wird in allen Städten verfolgt",
        G3,
        ALL,
        {
            "Bottrop": ("opendata-portal-bottrop",),
            "Dortmund": ("opendata-dortmund",),
            "Duisburg": ("opendata-portale-duisburg",),
            "Herne": ("opendata-portal-herne",),
            "Gelsenkirchen": ("opendata-gelsenkirchen",),
        },
    ),
    _s(
        "ruhr2020-4-18g",
        "§4 ¶18",
        "In allen Städten wird Digitalisierung als Mittel zum Zweck betrachtet",
        "digitalisierung",
        ALL,
    ),
    _s(
        "ruhr2020-4-21a",
        "§4 ¶21",
        "So adressieren die Städte Dortmund, Schwerte, Herne und Witten als Smart Region",
        "mobilitaet energie",
        projects=(
            "staedteuebergreifende-mobilitaet-und-energieeffizienz",
            "smart-region-dortmund-schwerte-herne-witten",
        ),
    ),
    _s(
        "ruhr2020-4-21b",
        "§4 ¶21",
        "Auch wird eine gemeinsame regionale Datenplattform zum Austausch von Verkehrsdaten",
        f"{G3} mobilitaet",
        DO | SCH | HER | WIT,
        ("regionale-verkehrsdatenplattform",),
    ),
)


def matrix() -> dict[tuple[str, str], frozenset[str]]:
    """(city, guideline or field) → the ids of the statements that credit the city with it."""
    out: dict[tuple[str, str], set[str]] = {}
    for statement in READING:
        for city in statement.about():
            for code in statement.codes:
                out.setdefault((city, code), set()).add(statement.id)
    return {k: frozenset(v) for k, v in out.items()}
