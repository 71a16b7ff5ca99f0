"""Scheduled runs: start a real Prefect server on loopback, serve the flow with a cron schedule, stop both cleanly.

    python -m pipelines.server [--host 127.0.0.1] [--port 4200] -- [musculus serve options]

What ``make serve`` calls. The embedded (ephemeral) API that ``musculus run`` uses does not schedule anything, so
this starts ``prefect server start`` (state in PREFECT_HOME, the project's .prefect/ by default), waits until its
health endpoint answers, then runs ``musculus serve`` with PREFECT_API_URL pointing at it. Ctrl-C or SIGTERM
stops the served flow first (Prefect's runner pauses the deployment's schedule on the way out), then the server;
if either exits on its own, the other is stopped too; a stop requested while the server is still starting ends the
wait at once. Exit code: 0 after a requested stop, the served flow's if it exited on its own, 1 if the server did.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pipelines  # noqa: F401  (Prefect environment defaults: PREFECT_HOME in the project)

STARTUP_TIMEOUT = 120.0  # a fresh database is migrated on first start
STOP_TIMEOUT = 30.0
# History kept by the server: its database (PREFECT_HOME's, which `musculus run` shares) would otherwise grow with
# every run for ever, since Prefect deletes no flow run by default. Its vacuum service deletes the flow runs that
# ended longer ago than the retention period, with their task runs, logs and artifacts (and old events).
# Variables already set in the environment win.
RETENTION_DAYS = 30
SERVER_DEFAULTS = {
    "PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED": "events,flow_runs",
    "PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD": str(RETENTION_DAYS * 24 * 3600),
}


def server_command(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)]


def api_url(host: str, port: int) -> str:
    return f"http://{host}:{port}/api"


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: TIME_WAIT is no conflict
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = STARTUP_TIMEOUT,
                 cancelled: Callable[[], bool] = lambda: False) -> bool:
    """True once ``url``/health answers, False as soon as ``cancelled()`` (a stop was requested); raise
    RuntimeError when the server exits or the time is up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cancelled():
            return False
        if process.poll() is not None:
            raise RuntimeError(f"the Prefect server exited with code {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the Prefect server did not answer on {url}/health within {timeout:.0f} s")


def group_alive(pgid: int) -> bool:
    """Whether a live (not zombie) process is left in process group ``pgid``. Reads /proc where there is one: an
    orphan that exited stays a zombie until its new parent reaps it, which not every container's init does."""
    proc = Path("/proc")
    if proc.is_dir():
        for stat in proc.glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()  # after "(comm)": state ppid pgrp ...
            except (OSError, IndexError):
                continue
            if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
                return True
        return False
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop(process: subprocess.Popen, timeout: float = STOP_TIMEOUT) -> int:
    """Stop a child started in its own process group: SIGINT to the child alone (like Ctrl-C: it shuts its own
    subprocesses down), then SIGTERM and SIGKILL to the whole group if it does not exit in time. Whatever the
    child leaves behind in its group (a flow run's subprocess) gets SIGTERM, then SIGKILL: nothing outlives it."""
    for sig, target in ((signal.SIGINT, "child"), (signal.SIGTERM, "group"), (signal.SIGKILL, "group")):
        if process.poll() is not None:
            break
        try:
            os.kill(process.pid, sig) if target == "child" else os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            continue
    code = process.wait()
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not group_alive(process.pid):
            break
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + min(timeout, 10.0)
        while group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.server",
        description="Start a Prefect server on loopback and serve the musculus flow with a cron schedule "
        "(arguments after -- go to `musculus serve`).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface of the server (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=4200, help="port of the server (default: 4200)")
    parser.add_argument("serve_args", nargs=argparse.REMAINDER, help="-- then `musculus serve` options")
    args = parser.parse_args(argv)
    serve_args = args.serve_args[1:] if args.serve_args[:1] == ["--"] else args.serve_args
    serve_args = serve_args[1:] if serve_args[:1] == ["serve"] else serve_args  # "-- serve ..." reads naturally

    if not port_free(args.host, args.port):
        print(f"musculus: configuration error: port {args.port} on {args.host} is in use; pass another --port "
              f"(make serve PORT=...)", file=sys.stderr)
        return 2
    stopping: list[int] = []

    def request_stop(signum, frame) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    url = api_url(args.host, args.port)
    # Own process groups: a Ctrl-C in the terminal reaches this process only, which stops the children in order.
    server = subprocess.Popen(server_command(args.host, args.port), env={**SERVER_DEFAULTS, **os.environ},
                              start_new_session=True)
    served = None
    server_died = False
    try:
        print(f"musculus: starting the Prefect server on http://{args.host}:{args.port} "
              f"(PREFECT_HOME={os.environ.get('PREFECT_HOME')})", file=sys.stderr)
        if not wait_healthy(url, server, cancelled=lambda: bool(stopping)):
            return 0  # stopped while the server was starting: the finally clause stops it
        print(f"musculus: Prefect server ready: UI http://{args.host}:{args.port}, API {url}", file=sys.stderr)
        env = {**os.environ, "PREFECT_API_URL": url}
        served = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "serve", *serve_args], env=env,
                                  start_new_session=True)
        while not stopping and served.poll() is None and server.poll() is None:
            time.sleep(0.5)
        if server.poll() is not None and not stopping:
            server_died = True
            print(f"musculus: the Prefect server exited (code {server.returncode}); stopping", file=sys.stderr)
    except RuntimeError as error:
        print(f"musculus: {error}", file=sys.stderr)
        return 1
    finally:
        code = stop(served) if served is not None else 1
        stop(server)
        print("musculus: served flow and Prefect server stopped", file=sys.stderr)
    if server_died:
        return 1
    if stopping and code in (0, -signal.SIGINT, 130):
        return 0
    return code if code >= 0 else 128 - code  # killed by a signal: the shell's convention


if __name__ == "__main__":
    sys.exit(main())
