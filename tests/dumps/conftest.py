"""Fixtures of the dump tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def dump_settings(settings, tmp_path):
    """The session's settings with a dumps folder of the test's own."""
    return settings.with_(dumps_dir=tmp_path / "dumps")
