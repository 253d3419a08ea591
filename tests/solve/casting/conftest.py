"""Fixtures for the casting tests; the season builders live in casting_builders."""

from __future__ import annotations

import pytest

from etoile.model import Season
from tests.solve.casting.casting_builders import build_season


@pytest.fixture
def small_season() -> Season:
    """Four heroines and heroes, four soloists, twelve corps; one run of six shows."""
    return build_season()
