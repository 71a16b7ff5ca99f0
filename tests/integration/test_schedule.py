"""A scheduled run fires within a minute of its cron time: what `make serve` runs (python -m pipelines.server: a
real Prefect server on a free loopback port, the flow served with a one-minute cron), in temporary folders (its own
PREFECT_HOME, input, output and cache under tmp_path), then a stop like Ctrl-C that leaves no process behind.

About a minute and a half (server start, the next minute boundary, the run, the stop); marked ``slow`` as well,
so ``-m "not slow"`` skips it. Every process it starts carries a marker in its environment, so the check for
orphans and the clean-up find them wherever they were reparented.
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
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pipelines.server import RETENTION_DAYS, STARTUP_TIMEOUT

pytestmark = [pytest.mark.integration, pytest.mark.slow]

RAW = Path(__file__).resolve().parents[2] / "raw"
DEPLOYMENT = "test-schedule"
LATENESS = 60  # seconds a scheduled run may start after its cron time
# From the deployment's creation: the next minute boundary (< 60 s), the allowed lateness, the run itself.
DEADLINE = 60 + LATENESS + 30
STOP_TIMEOUT = 90  # pipelines.server escalates to SIGKILL within 2 x 30 s per child
MARKER = "MUSCULUS_SCHEDULE_TEST"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def api(url: str, path: str, body: dict | None = None):
    request = urllib.request.Request(f"{url}{path}", data=json.dumps(body or {}).encode(), method="POST",
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def failure(url: str, run: dict) -> str:
    """What a failed or crashed run says: its state message and its logs."""
    logs = api(url, "/logs/filter", {"logs": {"flow_run_id": {"any_": [run["id"]]}}, "sort": "TIMESTAMP_ASC"})
    lines = "\n".join(f"  {entry['level']} {entry['message']}" for entry in logs)
    return f"scheduled run {run['name']} {run['state_type']}: {(run.get('state') or {}).get('message')}\n{lines}"


def tagged_processes(tag: str) -> list[int]:
    """Live processes whose environment carries ``MARKER=tag``: everything the test started, however deep."""
    needle = f"{MARKER}={tag}".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if needle in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:  # gone meanwhile, or not ours
            continue
    return found


def kill_all(process: subprocess.Popen, tag: str) -> None:
    """SIGKILL the test's process group and every tagged process with its group (the server and the served flow
    run in process groups of their own)."""
    pids = set(tagged_processes(tag))
    if process.poll() is None:
        pids.add(process.pid)
    for pid in pids:
        for kill in (lambda: os.killpg(os.getpgid(pid), signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
            try:
                kill()
            except OSError:
                pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="finds its processes through /proc")
def test_a_one_minute_cron_fires_a_scheduled_run_within_a_minute_and_stops_cleanly(tmp_path):
    began = time.monotonic()
    shutil.copytree(RAW, tmp_path / "in")
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    tag = uuid.uuid4().hex
    env = {name: value for name, value in os.environ.items() if name != "PREFECT_API_URL"}
    env.update({"PREFECT_HOME": str(tmp_path / "prefect"), MARKER: tag})  # a fresh server database
    log = (tmp_path / "serve.log").open("w+")
    command = [sys.executable, "-m", "pipelines.server", "--port", str(port), "--", "serve", str(tmp_path / "in"),
               "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"), "--cron", "* * * * *",
               "--name", DEPLOYMENT]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    completed = code = None
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
        served_after = time.monotonic() - began
        with urllib.request.urlopen(f"{url}/admin/settings", timeout=10) as response:
            vacuum = json.loads(response.read())["server"]["services"]["db_vacuum"]
        assert "flow_runs" in vacuum["enabled"] and vacuum["retention_period"] == f"P{RETENTION_DAYS}D"  # ISO 8601

        deadline = time.monotonic() + DEADLINE
        while completed is None and time.monotonic() < deadline and process.poll() is None:
            runs = api(url, "/flow_runs/filter", {
                "flow_runs": {"deployment_id": {"any_": [deployment["id"]]},
                              "state": {"type": {"any_": ["COMPLETED", "FAILED", "CRASHED"]}}},
                "sort": "EXPECTED_START_TIME_ASC",
            })
            if runs:
                assert runs[0]["state_type"] == "COMPLETED", failure(url, runs[0])
                completed = runs[0]
            else:
                time.sleep(1)
        assert process.poll() is None, f"python -m pipelines.server exited early (code {process.returncode})"
        assert completed is not None, f"no scheduled run completed within {DEADLINE} s of the deployment"

        stop_began = time.monotonic()
        process.send_signal(signal.SIGINT)  # what Ctrl-C on `make serve` does
        code = process.wait(timeout=STOP_TIMEOUT)
        stopped_in = time.monotonic() - stop_began
        left = tagged_processes(tag)
        assert not left, f"processes left behind after the stop: {left}"
    finally:
        kill_all(process, tag)
        log.seek(0)
        print(log.read())

    scheduled, started, ended = (when(completed[key]) for key in ("expected_start_time", "start_time", "end_time"))
    delay = (started - scheduled).total_seconds()
    print(f"scheduled run {completed['name']}: cron time {scheduled:%H:%M:%S}, started {started:%H:%M:%S.%f}, "
          f"ended {ended:%H:%M:%S.%f} UTC, {delay:.2f} s after its cron time; served after {served_after:.1f} s, "
          f"stopped in {stopped_in:.1f} s, test {time.monotonic() - began:.1f} s")
    # A run of the schedule, not an ad-hoc one, at a cron time of "* * * * *".
    assert completed["auto_scheduled"] and completed["created_by"]["type"] == "SCHEDULE"
    assert scheduled.second == 0 and scheduled.microsecond == 0 and scheduled.tzinfo == timezone.utc
    assert -10 < delay < LATENESS  # the runner may submit a moment early (it prefetches)
    manifest = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert manifest["run_id"] == completed["id"]  # the scheduled run published the output
    assert (tmp_path / "out" / "facts.parquet").is_file()
    assert code == 0, "python -m pipelines.server did not stop cleanly"
    assert port_free(port), "the Prefect server's port is still taken"
