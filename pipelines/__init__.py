"""Prefect flows and the CLI: wiring only, no parsing or matching logic (that lives in extractors/).

Importing this package sets the defaults Prefect needs for its embedded (ephemeral) API before Prefect is
imported anywhere, so ``musculus`` works outside ``make`` too. Values already in the environment win.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _prefect_home() -> Path:
    # In a checkout (editable install) PREFECT_HOME lives inside the project, ignored by git; an installed
    # copy uses the working directory instead of site-packages.
    root = PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").is_file() else Path.cwd()
    return root / ".prefect"


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
