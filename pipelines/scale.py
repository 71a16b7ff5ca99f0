"""Scale-out: the flow's batch tasks on a Dask cluster through prefect-dask's DaskTaskRunner.

    musculus run DIR --workers N                 a local cluster of N worker processes (one thread each)
    musculus run DIR --dask-address tcp://H:P    an existing cluster

Every Dask worker runs Prefect tasks, which report to the Prefect API: the workers need PREFECT_API_URL of a
real Prefect server. With the embedded (ephemeral) API each worker process would start a server of its own; for
a local cluster ``local_cluster_runner`` avoids that by handing the workers the address of the flow's own API
(a real server's when PREFECT_API_URL is set, else the embedded server, started once and shared). Workers of an
existing cluster must have been started with PREFECT_API_URL set (the same server as the flow's), the project
installed, and the input, output and cache folders on a filesystem they share with the flow (tasks read their
batch files and the page cache).

Prefect and Dask are imported only when a runner is built.
"""
from __future__ import annotations

import os


def api_url() -> str:
    """The Prefect API the flow talks to; starts the embedded server when none is configured."""
    from prefect.settings import PREFECT_API_URL

    configured = PREFECT_API_URL.value()
    if configured:
        return configured
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()  # the instance Prefect's client uses for the embedded API (same key)
    server.start()
    return server.api_url


def worker_environment() -> dict[str, str]:
    """Environment for local worker processes: the flow's API and the project's Prefect defaults."""
    import pipelines

    env = {name: os.environ.get(name, value) for name, value in pipelines.PREFECT_DEFAULTS.items()}
    env["PREFECT_API_URL"] = api_url()
    return env


def local_cluster_runner(workers: int):
    """DaskTaskRunner on a LocalCluster of ``workers`` processes with one thread each (extraction is CPU-bound
    Python: threads would share one core under the GIL)."""
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={
            "n_workers": workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
            "env": worker_environment(),  # Nanny sets these in each worker process before it starts
            "preload": ["pipelines.worker"],  # resources load while the flow discovers the pages
        },
    )


def cluster_runner(address: str):
    """DaskTaskRunner on an existing scheduler (``tcp://host:port``)."""
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(address=address)


def task_runner(workers: int | None = None, address: str | None = None):
    """The runner for the CLI options, or None for the flow's default (threads in the flow's process)."""
    if address:
        return cluster_runner(address)
    if workers:
        return local_cluster_runner(workers)
    return None
