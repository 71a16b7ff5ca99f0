"""The curator page as a person sees it: conflicts.html rendered by headless Chromium (Debian's package).

The set-up installs Chromium with apt-get when it is missing and this process may (root, apt available);
otherwise the test is skipped with the reason. Chromium runs with its network features off: the page must
render from the file alone.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extractors.discover import discover
from extractors.pipeline import run_tables
from extractors.report import conflicts_html

ROOT = Path(__file__).resolve().parents[2]
INSTALL_TIMEOUT = 600
RENDER_TIMEOUT = 60
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _install_chromium() -> str | None:
    """Path of a Chromium binary, installing Debian's package when absent; None with the reason printed."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if not shutil.which("apt-get") or os.geteuid() != 0:
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        if subprocess.run(command, env=env, capture_output=True, timeout=INSTALL_TIMEOUT).returncode != 0:
            return None
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def chromium():
    try:
        binary = _install_chromium()
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.skip(f"Chromium could not be installed: {error}")
    if binary is None:
        pytest.skip("Chromium is absent and cannot be installed here (needs root and apt-get with Debian's registry)")
    return binary


class _Sections(HTMLParser):
    def __init__(self):
        super().__init__()
        self.conflict_ids: list[str] = []
        self.marks = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "section" and "data-conflict-id" in attributes:
            self.conflict_ids.append(attributes["data-conflict-id"])
        self.marks += tag == "mark"


def test_every_conflict_is_rendered(chromium, tmp_path):
    tables = run_tables(discover(ROOT / "raw"))
    conflicts = tables["conflicts"]
    assert conflicts, "raw/ has the gold nerve-root conflict"
    page = tmp_path / "conflicts.html"
    page.write_text(conflicts_html(conflicts, tables["facts"], tables["claims"], tables["documents"]), encoding="utf-8")
    profile = tmp_path / "profile"
    rendered = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=RENDER_TIMEOUT,
    )
    assert rendered.returncode == 0, rendered.stderr[-2000:]
    dom = _Sections()
    dom.feed(rendered.stdout)
    assert sorted(dom.conflict_ids) == sorted(c["conflict_id"] for c in conflicts)
    assert dom.marks >= sum(len(c["disputed"]) for c in conflicts)  # every disputed value highlighted
