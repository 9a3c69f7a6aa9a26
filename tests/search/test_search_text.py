"""German-aware normalisation: folding, stemming, the query expression and snippets."""

from __future__ import annotations

import pytest

from regiongraph.search import Query, fold, snippet, token, tokens


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lünen", "Lunen"),
        ("FRÖNDENBERG", "fröndenberg"),
        ("Straße", "Strasse"),
        ("Kooperationen", "Kooperation"),
        ("Zählungen", "Zählung"),
        ("Bönen", "Bonen"),
    ],
)
def test_word_forms_meet_in_one_token(a, b):
    assert token(a) == token(b)


def test_fold_drops_diacritics_and_case():
    assert fold("Fröndenberg/Ruhr") == "frondenberg/ruhr"
    assert fold("Straße") == "strasse"
    assert tokens("Fröndenberg/Ruhr, Stadt") == "frondenberg ruhr stadt"


def test_query_expression_quotes_only_word_tokens():
    q = Query.parse('Kamen" OR x:* NEAR(')
    assert q.stems == ("kam", "or", "x", "near")
    assert q.fts() == '"kam" AND "or" AND "x" AND "near"*'
    assert Query.parse("Datenverarb").fts(prefix=False) == '"datenverarb"'
    assert not Query.parse(" !? ")


def test_snippet_marks_hits_in_the_original_and_escapes_the_rest():
    text = "Teilnahme am Projekt <JeKi> der Städte Lünen & Kamen, " + "weiter " * 30 + "Ende"
    cut, hits = snippet(text, Query.parse("lunen kamen"))
    assert hits == 2
    assert cut.startswith("Teilnahme am Projekt &lt;JeKi&gt; der Städte <mark>Lünen</mark> &amp; <mark>Kamen</mark>")
    assert cut.endswith(" …")
    assert snippet("nichts davon", Query.parse("Kamen")) == ("", 0)
