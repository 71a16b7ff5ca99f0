"""Dask worker preload: a worker loads what its first task needs in the background as it starts.

``pipelines.scale`` gives local workers ``preload=["pipelines.worker"]``; workers of an existing cluster get the
same with ``dask worker --preload pipelines.worker tcp://HOST:8786``. Without it a worker does all of this in
its first task, after the flow has handed it work (about 3 s per worker, the cluster idle meanwhile): import
the flow's module (its tasks are what Dask runs: Prefect and extractors with it) and Prefect's task engine,
then extractors.process.warm_up (data files, language detector, default pipeline).
"""
from __future__ import annotations

import threading


def dask_setup(worker) -> None:
    """Called by Dask as the worker starts; returns at once (warm_up's lock makes the first batch wait for the
    warm-up rather than repeat it; an import in progress makes the task's own import wait for it)."""
    threading.Thread(target=_warm_up, name="musculus-warm-up", daemon=True).start()


def _warm_up() -> None:
    import prefect.task_engine  # noqa: F401
    import pipelines.flow  # noqa: F401
    from extractors.process import warm_up

    warm_up()
