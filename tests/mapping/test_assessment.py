"""The register kind [[assessment]]: a statement of a comparison → schema:Claim, held by the real SHACL gate."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from regiongraph.harvest import read_register
from regiongraph.mapping import MappingContext, OrganisationIndex, map_record
from regiongraph.namespaces import RG, SCHEMA, code
from support.packages import BASE

TEXT = (
    "Ressourcen, Kompetenzen und Koordination – als weiterer wichtiger Bestandteil von Smart Cities – sind "
    "sichtbar in Gelsenkirchen, Herne, Duisburg, Bottrop und Schwerte."
)
REGISTER = f'''
[source]
file = "004_569675268bb73acb.txt"
title = "Entwicklung von SMART CITIES im Ruhrgebiet"
publisher = "Westfälische Hochschule"
date = "2020-09-01"

[[assessment]]
id = "t-4-10a"
locator = "§4 ¶10"
text = "{TEXT}"
cities = ["Gelsenkirchen", "Kreis Recklinghausen"]
guidelines = ["ressourcen-kompetenzen-kooperationen"]
fields = ["bildung"]
projects = ["talentkolleg-ruhr"]
doubts = ["Printed „Koordination“ for the Charta's „Kooperationen“."]
'''


def mapped(tmp_path: Path, ctx: MappingContext, text: str = REGISTER):
    (tmp_path / "t.toml").write_text(text, encoding="utf-8")
    records = list(read_register(tmp_path))
    assert [r.kind for r in records] == ["assessment"]
    ctx.organisations = OrganisationIndex.from_records(records)
    return map_record(records[0], ctx)


def test_a_statement_is_a_claim_about_its_cities_with_its_subjects_projects_and_source(tmp_path, ctx, validator):
    s, g = mapped(tmp_path, ctx)
    assert s == URIRef(BASE + "assessment/t-4-10a")
    assert (s, RDF.type, SCHEMA.Claim) in g
    assert set(g.objects(s, SCHEMA.text)) == {Literal(TEXT, lang="de")}
    assert set(g.objects(s, DCTERMS.title)) == {Literal(TEXT, lang="de")}
    assert set(g.objects(s, SCHEMA.about)) == {URIRef(BASE + "ags/05513000"), URIRef(BASE + "ags/05562")}
    guideline = code("smart-city-charta", "ressourcen-kompetenzen-kooperationen")
    assert set(g.objects(s, DCTERMS.subject)) == {URIRef(code("field-of-action", "bildung")), URIRef(guideline)}
    assert set(g.objects(s, DCTERMS.references)) == {URIRef(BASE + "project/talentkolleg-ruhr")}
    assert set(g.objects(s, RG.sourceLocator)) == {Literal("§4 ¶10")}
    assert len(set(g.objects(s, RG.doubt))) == 1
    assert validator.check(g).conforms


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"Kreis Recklinghausen"]', '"Atlantis"]', "must resolve to a gazetteer territory"),
        ('fields = ["bildung"]', 'fields = ["glueck"]', "each from its code list"),
        (
            'guidelines = ["ressourcen-kompetenzen-kooperationen"]\nfields = ["bildung"]\n',
            "",
            "at least one Smart City Charta",
        ),
        (f'text = "{TEXT}"\n', "", "its sentence as printed"),
        ('cities = ["Gelsenkirchen", "Kreis Recklinghausen"]\n', "", "every city a statement speaks of"),
        ('locator = "§4 ¶10"\n', "", "where in its source it stands"),
    ],
)
def test_a_statement_that_cannot_be_checked_is_refused_with_the_reason(tmp_path, ctx, validator, old, new, message):
    assert old in REGISTER
    _, g = mapped(tmp_path, ctx, REGISTER.replace(old, new))
    verdict = validator.check(g)
    assert not verdict.conforms
    assert message in verdict.text
