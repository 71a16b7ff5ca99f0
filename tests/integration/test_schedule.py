"""A scheduled run fires within a minute of its cron time: a real Prefect server on a free loopback port, the flow
served with a one-minute cron (python -m pipelines.server, what `make serve` runs), then a clean stop.

Takes one to two minutes (server start, the next minute boundary, the run); marked ``slow`` as well, so
``-m "not slow"`` skips it.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from pipelines.server import STARTUP_TIMEOUT

pytestmark = [pytest.mark.integration, pytest.mark.slow]

RAW = Path(__file__).resolve().parents[2] / "raw"
DEADLINE = 150  # seconds from the deployment's creation to a completed scheduled run
DEPLOYMENT = "test-schedule"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api(url: str, path: str, body: dict | None = None):
    request = urllib.request.Request(f"{url}{path}", data=json.dumps(body or {}).encode(), method="POST",
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_a_one_minute_cron_fires_a_completed_run_within_a_minute(tmp_path):
    shutil.copytree(RAW, tmp_path / "in")
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {name: value for name, value in os.environ.items() if name != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")  # a fresh server database for this test
    log = (tmp_path / "serve.log").open("w+")
    command = [sys.executable, "-m", "pipelines.server", "--port", str(port), "--", "serve", str(tmp_path / "in"),
               "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"), "--cron", "* * * * *",
               "--name", DEPLOYMENT]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    completed = None
    try:
        deployment = None
        deadline = time.monotonic() + STARTUP_TIMEOUT + 60
        while deployment is None and time.monotonic() < deadline and process.poll() is None:
            try:
                found = api(url, "/deployments/filter", {"deployments": {"name": {"any_": [DEPLOYMENT]}}})
                deployment = found[0] if found else None
            except OSError:
                pass
            time.sleep(1)
        assert deployment is not None, "the flow was not served"
        deadline = time.monotonic() + DEADLINE
        while completed is None and time.monotonic() < deadline and process.poll() is None:
            runs = api(url, "/flow_runs/filter", {
                "flow_runs": {"deployment_id": {"any_": [deployment["id"]]},
                              "state": {"type": {"any_": ["COMPLETED"]}}},
            })
            completed = runs[0] if runs else None
            time.sleep(2)
        assert completed is not None, f"no scheduled run completed within {DEADLINE} s"
    finally:
        process.send_signal(signal.SIGINT)  # what Ctrl-C on `make serve` does
        try:
            code = process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            process.kill()
            code = None
        log.seek(0)
        print(log.read())
    scheduled, started = when(completed["expected_start_time"]), when(completed["start_time"])
    print(f"scheduled run {completed['name']}: cron time {scheduled.isoformat()}, started {started.isoformat()}, "
          f"completed {completed['end_time']}")
    assert scheduled.second == 0 and scheduled.microsecond == 0  # a cron time, not an ad-hoc run
    assert abs((started - scheduled).total_seconds()) < 60  # the runner may start it a moment early (prefetch)
    assert json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["run_id"] == completed["id"]
    assert code == 0, "make serve's script did not stop cleanly"
    with socket.socket() as probe:  # the server is gone: its port is free again
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
