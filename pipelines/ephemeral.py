"""Prefect's embedded API server, started by ``musculus run`` first thing, so it boots while the run loads.

Without PREFECT_API_URL, Prefect starts its embedded server on the flow's first API call: it imports the
server application into the flow's process (2 s) and then waits for the server subprocess to answer (5 s),
with the flow's process idle. ``musculus run`` instead starts the same server (the command and environment of
prefect.server.api.server.SubprocessASGIServer) before it imports Prefect, points PREFECT_API_URL at it, loads
the extraction resources while the server boots on the other core, and waits for it only when the flow needs
it. The server is the run's: it stops when the run ends, and dies with the run's process if that is killed.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from dataclasses import dataclass
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

API_URL_VARIABLE = "PREFECT_API_URL"
STARTUP_TIMEOUT_VARIABLE = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
POLL_SECONDS = 0.1
STOP_SECONDS = 5
PORT_IN_USE_EXIT = 3  # uvicorn's exit code when the port was taken between choosing and binding it
# What Prefect's own embedded server sets: no UI, ephemeral-mode services.
SERVER_ENVIRONMENT = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}


class ServerFailed(RuntimeError):
    pass


@dataclass
class EmbeddedServer:
    process: subprocess.Popen
    port: int

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def ready(self) -> bool:
        """Does the server answer now? (No waiting: for using the boot time until it does.)"""
        return self.process.poll() is None and _healthy(self.api_url)

    def wait_ready(self) -> None:
        """Block until the server answers its health check; ServerFailed if it exits or times out."""
        deadline = time.monotonic() + float(os.environ.get(STARTUP_TIMEOUT_VARIABLE, "120"))
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code == PORT_IN_USE_EXIT:
                self.port, self.process = _launch()
                os.environ[API_URL_VARIABLE] = self.api_url
                continue
            if code is not None:
                raise ServerFailed(f"the embedded Prefect server exited with code {code} while starting")
            if _healthy(self.api_url):
                stamp_migrated_database()
                return
            time.sleep(POLL_SECONDS)
        raise ServerFailed(f"the embedded Prefect server did not answer within {STARTUP_TIMEOUT_VARIABLE} seconds")

    def stop(self) -> None:
        _drain_prefect_workers()  # they send the run's logs and events to this server: before it goes
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.environ.pop(API_URL_VARIABLE, None)  # start() set it: it was not set before


def start() -> EmbeddedServer | None:
    """Start the server and set PREFECT_API_URL to it; None when an API is already configured (the variable,
    or a Prefect settings context such as the test harness's, which exists only once Prefect is imported)."""
    if os.environ.get(API_URL_VARIABLE) or _configured_in_prefect():
        return None
    port, process = _launch()
    server = EmbeddedServer(process, port)
    os.environ[API_URL_VARIABLE] = server.api_url
    return server


def _drain_prefect_workers() -> None:
    for module, worker in (("prefect.logging.handlers", "APILogWorker"), ("prefect.events.worker", "EventsWorker")):
        if module in sys.modules:
            getattr(sys.modules[module], worker).drain_all(timeout=STOP_SECONDS, at_exit=False)


def _configured_in_prefect() -> bool:
    if "prefect.settings" not in sys.modules:
        return False
    from prefect.settings import PREFECT_API_URL

    return bool(PREFECT_API_URL.value())


# ---- the database migration check ---------------------------------------------------------------------
# A server migrates its database on start (Alembic, about 0.7 s of the boot even when there is nothing to do).
# Once a server of this Prefect version has answered on the default SQLite database, the database's revision is
# stamped next to it; a later start skips the check while the installed Prefect and the database's revision are
# still the stamped ones (an upgrade, a new or replaced database: migrated as usual).
MIGRATED_STAMP = "musculus-migrated.json"
MIGRATE_VARIABLES = ("PREFECT_SERVER_DATABASE_MIGRATE_ON_START", "PREFECT_API_DATABASE_MIGRATE_ON_START")
DATABASE_URL_VARIABLES = ("PREFECT_SERVER_DATABASE_CONNECTION_URL", "PREFECT_API_DATABASE_CONNECTION_URL")


def default_database() -> Path | None:
    """Prefect's default SQLite database of PREFECT_HOME; None when another database is configured."""
    home = os.environ.get("PREFECT_HOME")
    if not home or any(os.environ.get(name) for name in DATABASE_URL_VARIABLES):
        return None
    return Path(home) / "prefect.db"


def _database_state(database: Path) -> dict | None:
    """The installed Prefect and the database's Alembic revision, None when the revision cannot be read."""
    if not database.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return {"prefect": metadata.version("prefect"), "revision": row[0]} if row else None


def migrated_already() -> bool:
    """Is the default database at the revision a server of the installed Prefect left it at?"""
    database = default_database()
    if database is None:
        return False
    try:
        stamp = json.loads((database.parent / MIGRATED_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp == _database_state(database)


def stamp_migrated_database() -> None:
    """After a server answered: the default database is migrated for the installed Prefect."""
    database = default_database()
    state = _database_state(database) if database is not None else None
    if state is not None:
        try:
            (database.parent / MIGRATED_STAMP).write_text(json.dumps(state) + "\n", encoding="utf-8")
        except OSError:  # only the next start's migration check depends on it
            pass


def _launch() -> tuple[int, subprocess.Popen]:
    port = _free_port()
    prefect_dir = Path(find_spec("prefect").origin).parent  # not imported: importing Prefect is what we overlap
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect_dir.parent), "--factory",
               "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "error", "--lifespan", "on"]
    env = {name: value for name, value in os.environ.items() if name != API_URL_VARIABLE}  # a retry's own URL
    if not any(name in env for name in MIGRATE_VARIABLES) and migrated_already():  # a user's setting wins
        env[MIGRATE_VARIABLES[0]] = "false"
    process = subprocess.Popen(command, env={**env, **SERVER_ENVIRONMENT}, preexec_fn=_die_with_parent)
    return port, process


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _die_with_parent() -> None:
    """In the server process before exec: SIGTERM when the run's process dies, even by SIGKILL (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
