"""The outside world's test material in ``../shared/`` beside the clone, read in place, never copied.

A test that needs it fails with a clear message when the folder is missing: CI lays ``shared/``
out beside the clone, so a missing folder is a broken set-up, never a reason to skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: The clone's root (``tests/support/`` is two levels below it).
ROOT = Path(__file__).resolve().parents[2]


def shared_root() -> Path:
    """``../shared`` beside the clone (``REGIONGRAPH_SHARED_DIR`` overrides it, for other layouts)."""
    configured = os.environ.get("REGIONGRAPH_SHARED_DIR")
    return Path(configured) if configured else ROOT.parent / "shared"


def shared(*parts: str) -> Path:
    """A path inside ``../shared``; fails the calling test loudly when it is not there."""
    path = shared_root().joinpath(*parts)
    if not path.exists():
        pytest.fail(
            f"test material missing: {path} does not exist. The tests read ../shared/ beside the clone "
            "(realdata/, conformance/); lay it out there or set REGIONGRAPH_SHARED_DIR.",
            pytrace=False,
        )
    return path


def realdata(*parts: str) -> Path:
    """A file or folder of ``../shared/realdata/`` (real CKAN and DCAT payloads)."""
    return shared("realdata", *parts)


def conformance(*parts: str) -> Path:
    """A file or folder of ``../shared/conformance/`` (W3C SPARQL 1.1 suites, official DCAT-AP shapes)."""
    return shared("conformance", *parts)
