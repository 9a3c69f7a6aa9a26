"""If-None-Match as RFC 9110 compares it."""

from __future__ import annotations

import pytest

from regiongraph.api._conditional import etag_of, matches


def test_equal_bodies_equal_tags():
    assert etag_of(b"abc") == etag_of(b"abc") != etag_of(b"abd")
    assert etag_of(b"abc").startswith('"') and etag_of(b"abc").endswith('"')


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, False),
        ("", False),
        ('"t"', True),
        ('W/"t"', True),
        ('"a", "t"', True),
        ('"a","b"', False),
        ("*", True),
        ('"T"', False),
    ],
)
def test_matches(header, expected):
    assert matches(header, '"t"') is expected
