"""Shared fixtures. Prefect is imported only inside the harness fixture, so unit tests never load it."""
from __future__ import annotations

from pathlib import Path

import pytest

import pipelines  # noqa: F401  (Prefect environment defaults, before any test imports prefect)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RAW = PROJECT_ROOT / "raw"


@pytest.fixture(scope="session")
def prefect_harness():
    """Prefect's test harness: a temporary database and ephemeral API for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    # None: use PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS (120 s by default, see pipelines/__init__.py).
    with prefect_test_harness(server_startup_timeout=None):
        yield
