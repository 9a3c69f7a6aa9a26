"""Skolem IRIs depend on the data, not on the labels a store gave its blank nodes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from regiongraph.dumps import genid_prefix
from regiongraph.dumps._skolem import skolem_iris

PREFIX = genid_prefix("http://example.org/id/")
NODES = [f"_:n{i}" for i in range(5)]
IRIS = ["<http://e/a>", "<http://e/b>"]
QUADS = st.lists(
    st.tuples(
        st.sampled_from(NODES + IRIS[:1]),
        st.sampled_from(IRIS),
        st.sampled_from(NODES + IRIS),
        st.sampled_from(["", "<http://e/g>"]),
    ),
    min_size=1,
    max_size=12,
)


def named(quads, iris):
    return {tuple(f"<{iris[t]}>" if t in iris else t for t in q) for q in quads}


@given(QUADS, st.permutations(range(5)), st.text("abcxyz", min_size=1, max_size=3))
@settings(max_examples=200, deadline=None)
def test_relabelled_blank_nodes_get_the_same_iris(quads, order, tag):
    quads = [q for q in dict.fromkeys(quads) if any(t.startswith("_:") for t in q)]
    relabel = {f"_:n{i}": f"_:{tag}{j}" for i, j in enumerate(order)}
    other = [tuple(relabel.get(t, t) for t in q) for q in quads]
    a, b = skolem_iris(quads, PREFIX), skolem_iris(other, PREFIX)
    assert named(quads, a) == named(other, b)
    assert len(set(a.values())) == len(a)  # no two blank nodes merged
    assert all(iri.startswith(PREFIX) for iri in a.values())


def test_the_prefix_is_below_the_base_iri():
    assert genid_prefix("https://w3id.org/x/id/") == "https://w3id.org/x/id/.well-known/genid/"
    assert genid_prefix("https://h.example/ns#") == "https://h.example/ns/.well-known/genid/"
