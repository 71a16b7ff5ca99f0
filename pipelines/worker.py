"""Dask worker preload: a worker loads the extraction resources in the background as it starts.

``pipelines.scale`` gives local workers ``preload=["pipelines.worker"]``; workers of an existing cluster get the
same with ``dask worker --preload pipelines.worker tcp://HOST:8786``. Without it a worker loads them in its first
batch task, after the flow has handed it work (about 3 s per worker, the cluster idle meanwhile).
"""
from __future__ import annotations

import threading


def dask_setup(worker) -> None:
    """Called by Dask as the worker starts; returns at once (extractors.process.warm_up's lock makes the first
    batch wait for the warm-up rather than repeat it)."""
    from extractors.process import warm_up

    threading.Thread(target=warm_up, name="musculus-warm-up", daemon=True).start()
