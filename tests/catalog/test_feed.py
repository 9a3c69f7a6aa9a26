"""The fixed order of a catalogue page's triples (``canonical``)."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

from regiongraph.catalog._feed import canonical

EX = "http://example.org/"
TERMS = [ox.NamedNode(EX + c) for c in "abc"] + [ox.Literal("x"), ox.Literal("x", language="de"), ox.BlankNode("b1")]
TRIPLES = st.builds(
    ox.Triple,
    st.sampled_from([t for t in TERMS if not isinstance(t, ox.Literal)]),
    st.sampled_from(TERMS[:3]),
    st.sampled_from(TERMS),
)


@given(st.lists(TRIPLES, max_size=12), st.lists(TRIPLES, max_size=30), st.randoms())
def test_the_body_in_any_order_gives_one_list_with_each_triple_once(head, body, rng):
    shuffled = list(body)
    rng.shuffle(shuffled)
    got = canonical(head, body)
    assert got == canonical(head, shuffled)
    assert len(got) == len(set(got)) == len(set(head) | set(body))
    assert got[: len(set(head))] == list(dict.fromkeys(head))
    rest = got[len(set(head)) :]
    assert [str(t) for t in rest] == sorted(str(t) for t in rest)


def test_a_triple_of_the_head_is_not_repeated_in_the_body():
    t = ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b"), ox.Literal("x"))
    assert canonical([t], [t, t]) == [t]
