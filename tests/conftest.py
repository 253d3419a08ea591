"""Shared fixtures: where the real public data lives, and the databases the store tests run on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``../shared`` folder (benchmarks and real data); ETOILE_SHARED_DIR overrides it."""
    path = Path(os.environ.get("ETOILE_SHARED_DIR", REPO_ROOT.parent / "shared"))
    if not path.is_dir():
        pytest.fail(f"shared data folder not found at {path} (set ETOILE_SHARED_DIR)")
    return path
