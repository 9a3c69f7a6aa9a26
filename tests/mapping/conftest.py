"""Mapping tests: real resolver, context without source options, real SHACL gate (see mapfixtures.py)."""

from support.mapfixtures import ctx, resolver, validator  # noqa: F401 - fixtures
