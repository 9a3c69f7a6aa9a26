"""Quality tests reuse the mapping tests' packages and fixtures."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mapping"))

from mapfixtures import ctx, resolver, validator  # noqa: F401 - fixtures
