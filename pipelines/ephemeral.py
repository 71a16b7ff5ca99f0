"""Prefect's embedded API server, started by ``musculus run`` first thing, so it boots while the run loads.

Without PREFECT_API_URL, Prefect starts its embedded server on the flow's first API call: it imports the
server application into the flow's process (2 s) and then waits for the server subprocess to answer (5 s),
with the flow's process idle. ``musculus run`` instead starts the same server (the command and environment of
prefect.server.api.server.SubprocessASGIServer) before it imports Prefect, points PREFECT_API_URL at it, loads
the extraction resources while the server boots on the other core, and waits for it only when the flow needs
it. The server is the run's: it stops when the run ends, and dies with the run's process if that is killed.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
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


def _launch() -> tuple[int, subprocess.Popen]:
    port = _free_port()
    prefect_dir = Path(find_spec("prefect").origin).parent  # not imported: importing Prefect is what we overlap
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect_dir.parent), "--factory",
               "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "error", "--lifespan", "on"]
    env = {name: value for name, value in os.environ.items() if name != API_URL_VARIABLE}  # a retry's own URL
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
