"""The Dask worker preload (pipelines.worker): what a worker's first task would otherwise wait for."""
from __future__ import annotations

import json
import subprocess
import sys

CHECK = """
import json, sys, threading
from pipelines import worker
worker.dask_setup(None)
[thread] = [t for t in threading.enumerate() if t.name == "musculus-warm-up"]
thread.join(timeout=300)
from extractors import nlp
print(json.dumps({"alive": thread.is_alive(), "modules": sorted(m for m in ("pipelines.flow", "prefect.task_engine")
                  if m in sys.modules), "pipelines": sorted(nlp._CACHE)}))
"""


def test_preload_imports_the_flow_and_task_engine_and_warms_up_in_the_background():
    found = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=360, check=True)
    result = json.loads(found.stdout.strip().splitlines()[-1])
    assert result == {"alive": False, "modules": ["pipelines.flow", "prefect.task_engine"], "pipelines": ["en"]}
