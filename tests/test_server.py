"""`musculus serve` configuration errors and the helpers of pipelines/server.py (no Prefect server started)."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

import pytest

from pipelines import cli, server

RAW_ARGS = ["serve", "raw", "--out", "output-never-written"]


@pytest.fixture()
def no_api_url(monkeypatch):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings(updates={PREFECT_API_URL: None}):
        yield


def test_serve_without_a_real_server_is_a_configuration_error(no_api_url, capsys):
    assert cli.main([*RAW_ARGS, "--cron", "*/5 * * * *"]) == 2
    assert "make serve" in capsys.readouterr().err


def test_serve_with_a_bad_cron_is_a_configuration_error(capsys):
    assert cli.main([*RAW_ARGS, "--cron", "every minute"]) == 2
    assert "not a cron expression" in capsys.readouterr().err


def test_serve_needs_a_cron():
    with pytest.raises(SystemExit):
        cli.main(["serve", "raw"])


def test_port_in_use_is_detected_and_refused(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert not server.port_free("127.0.0.1", port)
        assert server.main(["--port", str(port), "--", "serve", "raw", "--cron", "* * * * *"]) == 2
    assert "in use" in capsys.readouterr().err


def test_wait_healthy_fails_fast_when_the_server_exits():
    dead = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    dead.wait()
    with pytest.raises(RuntimeError, match="exited with code 3"):
        server.wait_healthy("http://127.0.0.1:9/api", dead, timeout=5)


def test_stop_escalates_from_sigint_to_sigterm_for_a_child_that_ignores_it():
    stubborn = subprocess.Popen(
        [sys.executable, "-c", "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); "
                               "print('ready', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, start_new_session=True, text=True)
    assert stubborn.stdout.readline().strip() == "ready"
    started = time.monotonic()
    assert server.stop(stubborn, timeout=1) == -signal.SIGTERM
    assert time.monotonic() - started < 10
