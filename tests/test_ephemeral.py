"""pipelines.ephemeral: the embedded Prefect server a run starts itself (a real server process, no flow)."""
from __future__ import annotations

import json
import os
import urllib.request

import pytest

from pipelines import ephemeral


@pytest.fixture()
def no_api_url(monkeypatch):
    monkeypatch.delenv(ephemeral.API_URL_VARIABLE, raising=False)
    monkeypatch.setattr(ephemeral, "_configured_in_prefect", lambda: False)


@pytest.fixture()
def own_home(no_api_url, monkeypatch, tmp_path):
    """A PREFECT_HOME of the test's own: the server's database goes there, not into the project."""
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    return tmp_path


def test_the_server_answers_is_the_api_url_and_stops_with_the_variable_restored(own_home):
    server = ephemeral.start()
    assert server is not None
    try:
        assert os.environ[ephemeral.API_URL_VARIABLE] == server.api_url
        server.wait_ready()
        with urllib.request.urlopen(f"{server.api_url}/health", timeout=5) as response:
            assert response.status == 200 and json.load(response) is True
    finally:
        server.stop()
    assert server.process.poll() is not None  # the process is gone, not orphaned
    assert ephemeral.API_URL_VARIABLE not in os.environ


def test_a_configured_api_is_used_as_it_is(monkeypatch):
    monkeypatch.setenv(ephemeral.API_URL_VARIABLE, "http://127.0.0.1:4200/api")
    assert ephemeral.start() is None


def test_a_server_that_exits_while_starting_is_a_clear_error(no_api_url, monkeypatch):
    monkeypatch.setattr(ephemeral, "SERVER_ENVIRONMENT", {**ephemeral.SERVER_ENVIRONMENT,
                                                          "PREFECT_SERVER_DATABASE_CONNECTION_URL": "nonsense://"})
    server = ephemeral.start()
    try:
        with pytest.raises(ephemeral.ServerFailed, match="exited with code"):
            server.wait_ready()
    finally:
        server.stop()
