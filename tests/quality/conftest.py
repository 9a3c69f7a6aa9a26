"""Quality tests reuse the mapping tests' packages and fixtures."""

from support.mapfixtures import ctx, resolver, validator  # noqa: F401 - fixtures
