"""Prefect flows and the CLI: wiring only, no parsing or matching logic (that lives in extractors/).

Importing this package sets the defaults Prefect needs for its embedded (ephemeral) API before Prefect is
imported anywhere, so ``musculus`` works outside ``make`` too. Values already in the environment win.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Pages per batch task: Prefect costs tens of milliseconds per task run, a page a few; 500 pages keep that under
# 1% and still give a Dask cluster 20 batches to share at 10,000 pages (measured: 200 cost 6 s more at 10,000).
DEFAULT_BATCH_SIZE = 500


def project_dir() -> Path:
    """Where local state lives (.prefect/, .musculus-cache/): the project in a checkout (editable install),
    the working directory for an installed copy (never site-packages)."""
    return PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").is_file() else Path.cwd()


def default_cache_dir() -> Path:
    """The page cache of incremental runs (pipelines.cache): ``.musculus-cache/`` next to ``.prefect/``."""
    return project_dir() / ".musculus-cache"


def _prefect_home() -> Path:
    return project_dir() / ".prefect"


PREFECT_DEFAULTS = {
    "PREFECT_HOME": str(_prefect_home()),
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # A fresh database (first run on a new machine) takes longer than Prefect's default to migrate.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # Quiet console; run logs still go to the Prefect API (and UI) at INFO.
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
}

for _name, _value in PREFECT_DEFAULTS.items():
    os.environ.setdefault(_name, _value)
