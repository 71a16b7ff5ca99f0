"""extractors.process: the warm-up the CLI runs while Prefect's server boots."""
from __future__ import annotations

from extractors import nlp, process


def test_warm_up_asks_before_each_step_and_stops_when_told():
    asked = []
    process.warm_up(until=lambda: asked.append(1) or True)
    assert len(asked) == 1  # told to stop before the first step: nothing more asked, nothing loaded by it

    asked.clear()
    process.warm_up(until=lambda: asked.append(1) or False)
    assert len(asked) == 3  # data files, language detector, default pipeline
    assert process.DEFAULT_LANGUAGE in nlp._CACHE
