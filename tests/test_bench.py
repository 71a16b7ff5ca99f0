"""pipelines.bench's page set and verdicts (no run is timed here: timing is `make bench`'s job)."""
from __future__ import annotations

import hashlib
from pathlib import Path

from extractors.discover import discover
from extractors.pipeline import run_tables
from pipelines import bench

PAGE = "<html><head><title>Soleus</title></head><body><p>The soleus originates from the fibula.</p></body></html>"


def _corpus(root: Path) -> Path:
    (root / "site").mkdir(parents=True)
    (root / "site" / "soleus.html").write_text(PAGE, encoding="utf-8")
    (root / "wiki.wikitext").write_text("'''Soleus''' is a muscle.\n", encoding="utf-8")
    (root / "notes.txt").write_text("not copied: no marker for this suffix", encoding="utf-8")
    return root


def test_copies_differ_in_bytes_but_read_the_same(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    paths = bench.build(corpus, tmp_path / "pages", 5)
    assert len(paths) == 5 and len({hashlib.sha256(p.read_bytes()).digest() for p in paths}) == 5
    assert {p.relative_to(tmp_path / "pages").parts[0] for p in paths} == {"c00000", "c00001", "c00002"}
    tables = run_tables(discover(tmp_path / "pages"))
    claims = {}
    for claim in tables["claims"]:
        claims.setdefault(claim["doc_id"], set()).add((claim["field"], claim["value_id"], claim["value_text"]))
    html = [d["doc_id"] for d in tables["documents"] if d["path"].endswith(".html")]
    assert len(html) == 3 and all(claims.get(doc_id) == claims.get(html[0]) for doc_id in html)
    assert claims.get(html[0])  # the copies are real pages, with claims


def test_touch_changes_one_page_in_a_hundred(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    paths = bench.build(corpus, tmp_path / "pages", 200)
    before = [p.read_bytes() for p in paths]
    touched = bench.touch(paths)
    changed = [p for p, old in zip(paths, before) if p.read_bytes() != old]
    assert changed == touched and len(touched) == 2


def test_verdicts_follow_the_targets():
    found = {"pages_per_s_vs_trafilatura": 0.5, "prefect_overhead": 1.05, "dask_speedup": None}
    verdicts = {row["target"]: row["passed"] for row in bench.verdicts(found)}
    assert verdicts["throughput"] is False and verdicts["overhead"] is True and verdicts["dask"] is None


def test_a_run_of_several_samples_is_its_median_sample():
    samples = [{"seconds": 9.0, "pages_per_s": 1.1}, {"seconds": 7.0, "pages_per_s": 1.4},
               {"seconds": 8.0, "pages_per_s": 1.25}]
    assert bench.median_run(samples) == {"seconds": 8.0, "pages_per_s": 1.25, "samples_seconds": [9.0, 7.0, 8.0]}
    assert bench.median_run(samples[:2])["seconds"] == 7.0  # the lower middle of an even count
    assert bench.median_run(samples[:1]) == samples[0]


def test_ratios_of_several_rounds_are_the_median_of_each_rounds_ratio():
    def run(*seconds):
        return bench.median_run([{"seconds": s, "cpu_seconds": s, "pages": 100, "pages_per_s": 100 / s,
                                  "pages_extracted": 0, "peak_rss_mb": 1.0} for s in seconds])

    figures = {"runs": {"cold": run(10.0, 20.0, 30.0), "plain": run(9.0, 10.0, 30.0), "no_change": run(1.0, 4.0),
                        "large": run(200.0)},
               "trafilatura": run(5.0, 10.0, 10.0)}
    found = bench.ratios(figures)
    assert found["prefect_overhead"] == 1.111  # rounds: 10/9, 20/10, 30/30
    assert found["pages_per_s_vs_trafilatura"] == 0.5  # rounds: 0.5, 0.5, 0.333
    assert found["no_change_vs_cold"] == 0.15  # the two rounds that have both runs: 0.1, 0.2
    assert found["time_large_vs_n"] == 10.0  # against the median cold run
