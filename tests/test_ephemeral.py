"""pipelines.ephemeral: the embedded Prefect server a run starts itself (a real server process, no flow)."""
from __future__ import annotations

import json
import os
import sqlite3
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

from pipelines import ephemeral


@pytest.fixture()
def no_api_url(monkeypatch):
    monkeypatch.delenv(ephemeral.API_URL_VARIABLE, raising=False)
    monkeypatch.setattr(ephemeral, "_configured_in_prefect", lambda: False)


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


@pytest.fixture()
def own_home(no_api_url, monkeypatch, tmp_path):
    """A PREFECT_HOME of the test's own, with Prefect's default database."""
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    for name in ephemeral.DATABASE_URL_VARIABLES + ephemeral.MIGRATE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _database_at(home, revision: str) -> None:
    with closing(sqlite3.connect(home / "prefect.db")) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS alembic_version (version_num TEXT)")
        connection.execute("DELETE FROM alembic_version")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
        connection.commit()


def test_the_migration_check_is_skipped_only_for_the_stamped_prefect_and_revision(own_home, monkeypatch):
    assert not ephemeral.migrated_already()  # no database
    _database_at(own_home, "abc123")
    assert not ephemeral.migrated_already()  # no stamp
    ephemeral.stamp_migrated_database()
    assert ephemeral.migrated_already()
    _database_at(own_home, "def456")  # another database, or one migrated by another Prefect
    assert not ephemeral.migrated_already()
    ephemeral.stamp_migrated_database()
    monkeypatch.setattr(ephemeral.metadata, "version", lambda name: "0.0.1")  # Prefect upgraded
    assert not ephemeral.migrated_already()


def test_another_database_is_always_migrated(own_home, monkeypatch):
    _database_at(own_home, "abc123")
    ephemeral.stamp_migrated_database()
    monkeypatch.setenv("PREFECT_SERVER_DATABASE_CONNECTION_URL", "postgresql+asyncpg://db/prefect")
    assert ephemeral.default_database() is None and not ephemeral.migrated_already()


def test_a_second_server_on_a_migrated_database_skips_the_check_and_works(own_home):
    for expect_skip in (False, True):
        server = ephemeral.start()
        try:
            environment = (Path("/proc") / str(server.process.pid) / "environ").read_bytes().split(b"\0")
            assert (b"PREFECT_SERVER_DATABASE_MIGRATE_ON_START=false" in environment) is expect_skip
            server.wait_ready()
            request = urllib.request.Request(f"{server.api_url}/flows/filter", data=b"{}", method="POST",
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=10) as response:  # the tables are there
                assert response.status == 200 and json.load(response) == []
        finally:
            server.stop()
        assert ephemeral.migrated_already()
