"""Which queries the event loop evaluates itself: single patterns, and texts seen to be quick."""

from __future__ import annotations

from regiongraph.sparql._inline import QuickQueries

JOIN = "SELECT ?s WHERE { ?s ?p ?o . ?o ?q ?r }"


def key(text: str, snapshot: str | None = "snap-1") -> tuple:
    return (snapshot, text, (), ())


def test_single_patterns_are_inline_from_the_start_and_joins_once_seen_quick():
    known = QuickQueries()
    assert known.inline(key("SELECT ?p ?o WHERE { <http://x/a> ?p ?o }"))
    assert not known.inline(key(JOIN))
    known.quick(key(JOIN))
    assert known.inline(key(JOIN)) and not known.inline(key(JOIN, "snap-2")), "a new snapshot starts afresh"
    known.slow(key(JOIN))
    assert not known.inline(key(JOIN))
    known.quick(key(JOIN, None))
    assert not known.inline(key(JOIN, None)), "a store that may change names no content to remember costs by"


def test_memory_is_bounded_least_recently_used_first_and_long_texts_are_not_kept():
    known = QuickQueries(size=3, longest=100)
    for i in range(3):
        known.quick(key(f"{JOIN} LIMIT {i}"))
    assert known.inline(key(f"{JOIN} LIMIT 0"))  # used: now the most recent
    known.quick(key(f"{JOIN} LIMIT 3"))
    assert [known.inline(key(f"{JOIN} LIMIT {i}")) for i in range(4)] == [True, False, True, True]
    known.quick(key(JOIN + " " * 100))
    assert not known.inline(key(JOIN + " " * 100))


def test_only_a_quick_answer_that_fitted_under_the_cap_is_written_whole():
    known = QuickQueries()
    lookup = key("SELECT ?p ?o WHERE { <http://x/a> ?p ?o }")
    assert not known.whole(lookup), "streaming alone says nothing of an answer's size"
    known.quick(lookup, whole=True)
    known.quick(key(JOIN), whole=False)
    assert known.whole(lookup) and not known.whole(key(JOIN)) and known.inline(key(JOIN))
    assert not known.whole(key(lookup[1], "snap-2"))
    known.slow(lookup)
    assert not known.whole(lookup)
