"""``make bench``: the flow at scale on copies of the real pages of ../shared/corpus, against the issue's targets.

    python -m pipelines.bench [--pages 10000] [--large 100000] [--dask] [--repeat K] [--json bench.json] [--work DIR]

Builds N pages in a temporary folder from the corpus pages (copy k of a page keeps the corpus's folder layout
under ``c<k>/``, so every site keeps its template blocks, and gets a comment with its counter appended in the
page's own syntax, so its bytes and hash differ and the reader still reads the same page), with a sources file
beside it (``write_sources``: every copy of a site is that site's source, so the copies count once, as near-duplicate
pages of one source), then measures, each
run in a subprocess of its own:

- ``cold``: ``musculus run`` with an empty page cache and no output; ``no_change``: again into the same output
  (which it finds up to date: pipelines.freshness); ``no_change_forced``: again with ``--force``, which publishes
  every table again from the page cache; ``touched``: again after 1% of the pages got one more comment line
  (those must be extracted again, the rest reused);
- ``plain``: the functions the flow's tasks call, without Prefect, in one process and one batch: both passes
  with an empty page cache as in ``cold`` (pipelines.cache), reconciliation, the reports and
  pipelines.publish.publish; the baseline of the overhead of Prefect and of batching;
- ``trafilatura``: trafilatura.extract on the HTML pages of the same set (pages/s);
- with ``--dask``: cold runs on a local Dask cluster of 1 and of 2 workers;
- with ``--large M``: a cold run on M pages (memory and scaling);
- with ``--repeat K``: every run but the large one K times, in K rounds (cold, no change, touched, plain,
  trafilatura, Dask), each from an empty cache; a run's figures are those of its median sample (every sample's
  seconds are kept), and a time ratio is the median of the ratios within each round.

For every run: wall time, pages/s and the peak resident memory of the process tree (the sum over the flow's
process and its children: the embedded Prefect server, Dask workers), sampled with psutil. Prints a table and
writes every figure to ``--json`` (after each run, so a partial run keeps what it measured). No timing is
asserted anywhere in the test suite: this is a command, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from pipelines import DEFAULT_BATCH_SIZE, PROJECT_ROOT

# Appended comment per file suffix, in the page's own syntax: readers ignore it (HTML and wikitext comments, a
# Liquid comment in Jekyll pages). Pages of other suffixes are not copied.
MARKERS = {
    ".html": "\n<!-- musculus-bench {n} -->\n",
    ".htm": "\n<!-- musculus-bench {n} -->\n",
    ".wikitext": "\n<!-- musculus-bench {n} -->\n",
    ".md": "\n{{% comment %}}musculus-bench {n}{{% endcomment %}}\n",
    ".markdown": "\n{{% comment %}}musculus-bench {n}{{% endcomment %}}\n",
}
HTML_SUFFIXES = (".html", ".htm")
TOUCH_SHARE = 0.01
SAMPLE_SECONDS = 0.2
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
CURATION = PROJECT_ROOT / "curation" / "decisions.yaml"

TARGETS = (
    # (key, description, ratio key, comparison, limit)
    ("throughput", "pages/s at N pages >= trafilatura.extract pages/s on the same HTML pages",
     "pages_per_s_vs_trafilatura", ">=", 1.0),
    ("overhead", "flow time / plain-function time at N pages", "prefect_overhead", "<=", 1.10),
    ("memory", "peak RSS at the large run (MB)", "peak_rss_large_mb", "<=", 1024.0),
    ("scaling", "time(large) / time(N) (for 100,000 vs 10,000 pages)", "time_large_vs_n", "<=", 10.5),
    ("no_change_extracted", "pages extracted again by a no-change re-run", "no_change_extracted", "<=", 0),
    ("no_change_time", "no-change re-run time / cold run time", "no_change_vs_cold", "<=", 0.15),
    ("dask", "speed-up of 2 local Dask workers over 1", "dask_speedup", ">=", 1.6),
)


# ---- the page set ---------------------------------------------------------------------------------

def corpus_pages(corpus: Path) -> list[tuple[str, bytes]]:
    pages = []
    for path in sorted(corpus.rglob("*")):
        relative = path.relative_to(corpus)
        if path.is_file() and path.suffix.lower() in MARKERS and not any(p.startswith(".") for p in relative.parts):
            pages.append((relative.as_posix(), path.read_bytes()))
    if not pages:
        raise SystemExit(f"bench: no pages with a suffix in {sorted(MARKERS)} under {corpus}")
    return pages


def build(corpus: Path, target: Path, count: int) -> list[Path]:
    """``count`` pages under ``target``: copy k of every corpus page in ``c<k>/``, each with its counter."""
    pages = corpus_pages(corpus)
    written: list[Path] = []
    copy = 0
    while len(written) < count:
        for relative, data in pages:
            if len(written) == count:
                break
            path = target / f"c{copy:05d}" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            marker = MARKERS[path.suffix.lower()].format(n=f"{copy}-{len(written)}")
            path.write_bytes(data + marker.encode("utf-8"))
            written.append(path)
        copy += 1
    return written


def write_sources(corpus: Path, target: Path) -> Path:
    """A sources file for a page set ``build`` made: every copy of a corpus site (its first folder, or a file at
    the corpus root) is that site, so copies count as the one source they are (extractors.independence), not
    as one source per copy folder with every site inside."""
    tops = sorted({relative.split("/", 1)[0] for relative, _ in corpus_pages(corpus)})
    entries = [{"name": top, "paths": [f"c*/{top}/*" if (corpus / top).is_dir() else f"c*/{top}"]} for top in tops]
    target.write_text(json.dumps({"sources": entries}, indent=1) + "\n", encoding="utf-8")  # JSON is YAML
    return target


def touch(paths: list[Path], share: float = TOUCH_SHARE) -> list[Path]:
    """Append one more comment to every (1/share)-th page: new bytes, same content."""
    step = max(1, round(1 / share))
    touched = paths[::step]
    for path in touched:
        with path.open("ab") as handle:
            handle.write(MARKERS[path.suffix.lower()].format(n="touched").encode("utf-8"))
    return touched


# ---- measuring a subprocess -----------------------------------------------------------------------

def measure(command: list[str], log: Path) -> dict:
    """Run ``command``; wall time, CPU time (user + system of the process and every descendant it waited for) and
    the peak RSS of its process tree (sum, and the largest single process)."""
    import psutil

    load_before = [round(x, 2) for x in os.getloadavg()]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        peak_tree = peak_single = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_tree, peak_single
            root = psutil.Process(process.pid)
            while not done.is_set():
                try:
                    sizes = []
                    for proc in [root, *root.children(recursive=True)]:
                        try:
                            sizes.append(proc.memory_info().rss)
                        except (psutil.NoSuchProcess, psutil.AccessDenied):
                            pass
                    peak_tree, peak_single = max(peak_tree, sum(sizes)), max(peak_single, max(sizes, default=0))
                except psutil.NoSuchProcess:
                    break
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = process.wait()
        done.set()
        sampler.join()
    seconds = time.perf_counter() - started
    result = {"seconds": round(seconds, 2), "cpu_seconds": round(_children_cpu() - cpu_before, 2),
              "peak_rss_mb": round(peak_tree / 2**20, 1),
              "peak_rss_largest_process_mb": round(peak_single / 2**20, 1), "exit_code": code,
              "load_average_before": load_before, "load_average_after": [round(x, 2) for x in os.getloadavg()]}
    if code != 0:
        tail = log.read_text(errors="replace").splitlines()[-20:]
        raise SystemExit(f"bench: {' '.join(command)} failed ({code}):\n" + "\n".join(tail))
    return result


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def flow_run(pages: Path, out: Path, cache: Path | None, count: int, log: Path, *options: str) -> dict:
    summary = log.with_suffix(".summary.json")
    musculus = [sys.executable, "-m", "pipelines.cli", "run", str(pages), "--out", str(out),
                "--curation", str(CURATION), "--sources", str(sources_path(pages)), *(["--cache", str(cache)] if cache else ["--no-cache"]),
                "--summary-json", str(summary), *options]
    result = measure(musculus, log)
    manifest = json.loads(summary.read_text(encoding="utf-8"))
    cache_figures = manifest.get("cache", {})
    result.update({
        "pages": count,
        "pages_per_s": round(count / result["seconds"], 2),
        "flow_seconds": _seconds_between(manifest["started"], manifest["ended"]),
        "published": "up_to_date_with" not in manifest,
        "pages_reused": cache_figures.get("pages_reused"),
        "pages_extracted": cache_figures.get("pages_extracted"),
        "counts": manifest["counts"],
        "documents_by_status": manifest["status_counts"].get("documents"),
    })
    return result


def sources_path(pages: Path) -> Path:
    """Where ``bench`` writes the sources file of a page set: beside it, not among its pages."""
    return pages.with_name(pages.name + ".sources.yaml")


def _seconds_between(start: str, end: str) -> float:
    from datetime import datetime

    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


# ---- what the subprocesses run --------------------------------------------------------------------

def plain_main(pages: Path, out: Path, cache_dir: Path) -> None:
    """The cold run as plain function calls (no Prefect): the functions the flow's tasks call, with an empty
    page cache as the flow's cold run has, in one process and one batch, published like the flow publishes."""
    from extractors.curation import CurationOutcome, load_decisions
    from extractors.discover import discover
    from extractors.independence import load_sources
    from extractors.pipeline import assemble
    from extractors.reconcile import Independence
    from extractors.report import conflicts_html, conflicts_markdown
    from extractors.templates import templates_from
    from pipelines.cache import PageCache, fingerprint_items, process_items
    from pipelines.publish import now_iso, publish
    from pipelines.report import CONFLICTS_HTML, CONFLICTS_REPORT

    started = now_iso()
    decisions = load_decisions(CURATION)
    items, cache = list(discover(pages)), PageCache(cache_dir)
    per_site, _, docs = fingerprint_items(items, cache)
    result, _ = process_items(items, templates_from(per_site), cache, docs)
    found = Independence()
    tables = assemble(result, "plain", decisions, load_sources(sources_path(pages)), found)
    outcome = CurationOutcome()
    args = (tables["conflicts"], tables["facts"], tables["claims"], tables["documents"], outcome, found)
    reports = {CONFLICTS_REPORT: conflicts_markdown(*args), CONFLICTS_HTML: conflicts_html(*args)}
    publish(out, tables, run_id="plain", started=started, reports=reports)


def trafilatura_main(pages: Path, result: Path) -> None:
    """trafilatura.extract over the HTML pages of the set, timed around the calls only."""
    import trafilatura

    files = sorted(p for p in pages.rglob("*") if p.suffix.lower() in HTML_SUFFIXES)
    documents = [p.read_bytes() for p in files]
    trafilatura.extract(documents[0])  # warm-up (imports, lazy tables)
    started = time.perf_counter()
    extracted = sum(trafilatura.extract(document) is not None for document in documents)
    seconds = time.perf_counter() - started
    result.write_text(json.dumps({"pages": len(documents), "extracted": extracted, "seconds": round(seconds, 2),
                                  "pages_per_s": round(len(documents) / seconds, 2)}))


# ---- the benchmark --------------------------------------------------------------------------------

def machine() -> dict:
    import psutil

    return {"cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def median_run(samples: list[dict]) -> dict:
    """The sample with the median time (the lower middle one of an even count), with every sample's seconds
    (round by round, for ``ratios``)."""
    ordered = sorted(samples, key=lambda sample: sample["seconds"])
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    if len(samples) > 1:
        chosen["samples_seconds"] = [sample["seconds"] for sample in samples]
    return chosen


def ratios(figures: dict) -> dict:
    """The targets' ratios. With several rounds a time ratio is taken within each round (its runs are minutes
    apart, while the machine's speed drifts more between rounds) and the median of the rounds' ratios kept."""
    runs = figures["runs"]
    found: dict[str, float | int | None] = {}
    cold = runs.get("cold")
    if cold and "trafilatura" in figures:
        traf = figures["trafilatura"]
        found["pages_per_s_vs_trafilatura"] = _median_ratio([cold["pages"] / s for s in _seconds(cold)],
                                                            [traf["pages"] / s for s in _seconds(traf)])
    if cold and "plain" in runs:
        found["prefect_overhead"] = _median_ratio(_seconds(cold), _seconds(runs["plain"]))
        # CPU time is the steadier figure on a machine other work shares: wall time counts their time too.
        found["prefect_overhead_cpu"] = round(cold["cpu_seconds"] / runs["plain"]["cpu_seconds"], 3)
    if cold and "no_change" in runs:
        found["no_change_vs_cold"] = _median_ratio(_seconds(runs["no_change"]), _seconds(cold))
        found["no_change_extracted"] = runs["no_change"]["pages_extracted"]
    if cold and "no_change_forced" in runs:
        found["no_change_forced_vs_cold"] = _median_ratio(_seconds(runs["no_change_forced"]), _seconds(cold))
    if cold and "touched" in runs:
        found["touched_vs_cold"] = _median_ratio(_seconds(runs["touched"]), _seconds(cold))
    if "dask_1" in runs and "dask_2" in runs:
        found["dask_speedup"] = _median_ratio(_seconds(runs["dask_1"]), _seconds(runs["dask_2"]))
        found["dask_2_cpu_vs_1"] = round(runs["dask_2"]["cpu_seconds"] / runs["dask_1"]["cpu_seconds"], 3)
    if cold and "large" in runs:
        found["time_large_vs_n"] = round(runs["large"]["seconds"] / statistics.median(_seconds(cold)), 3)
        found["peak_rss_large_mb"] = runs["large"]["peak_rss_mb"]
    return found


def _seconds(run: dict) -> list[float]:
    """A run's seconds, round by round."""
    return run.get("samples_seconds") or [run["seconds"]]


def _median_ratio(numerators: list[float], denominators: list[float]) -> float:
    """Over the rounds both runs have (a bench stopped half-way has more of one)."""
    return round(statistics.median(a / b for a, b in zip(numerators, denominators)), 3)


def verdicts(found: dict) -> list[dict]:
    rows = []
    for key, text, ratio, comparison, limit in TARGETS:
        value = found.get(ratio)
        passed = None if value is None else (value >= limit if comparison == ">=" else value <= limit)
        rows.append({"target": key, "description": text, "measured": value, "limit": f"{comparison} {limit}",
                     "passed": passed})
    return rows


def save(figures: dict, path: Path) -> None:
    figures["ratios"] = ratios(figures)
    figures["targets"] = verdicts(figures["ratios"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def bench(args: argparse.Namespace) -> dict:
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="musculus-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    out_json = Path(args.json).absolute()
    figures: dict = {"pages": args.pages, "batch_size": args.batch_size, "corpus": str(args.corpus),
                     "work": str(work), "machine": machine(), "runs": {}}
    runs = figures["runs"]
    say(f"work folder {work}; figures to {out_json}")
    try:
        pages = work / f"pages-{args.pages}"
        shutil.rmtree(pages, ignore_errors=True)
        paths = build(Path(args.corpus), pages, args.pages)
        write_sources(Path(args.corpus), sources_path(pages))
        html = sum(p.suffix.lower() in HTML_SUFFIXES for p in paths)
        figures["html_pages"] = html
        say(f"built {len(paths)} pages ({html} HTML) from {args.corpus}")
        batch = ["--batch-size", str(args.batch_size)]
        samples: dict[str, list[dict]] = {}

        def keep(where: dict, name: str, result: dict) -> None:
            samples.setdefault(name, []).append(result)
            where[name] = median_run(samples[name])
            save(figures, out_json)

        def record(name: str, result: dict) -> None:
            keep(runs, name, result)
            say(f"{name}: {result['seconds']} s, {result.get('pages_per_s', '-')} pages/s, peak RSS "
                f"{result['peak_rss_mb']} MB" + (f", reused {result['pages_reused']}, extracted "
                                                 f"{result['pages_extracted']}" if result.get("pages_reused") is not None else ""))

        for round_ in range(1, args.repeat + 1):
            if args.repeat > 1:
                say(f"round {round_} of {args.repeat}")
            cache, out = work / "cache", work / "out"  # re-runs into the same output, as scheduled runs do
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            record("cold", flow_run(pages, out, cache, len(paths), work / "cold.log", *batch))
            record("no_change", flow_run(pages, out, cache, len(paths), work / "no_change.log", *batch))
            record("no_change_forced", flow_run(pages, out, cache, len(paths), work / "no_change_forced.log",
                                                *batch, "--force"))
            touched = touch(paths)
            runs_touched = flow_run(pages, out, cache, len(paths), work / "touched.log", *batch)
            runs_touched["pages_touched"] = len(touched)
            record("touched", runs_touched)

            shutil.rmtree(work / "cache-plain", ignore_errors=True)  # an empty page cache, as the cold run's
            plain = measure([sys.executable, "-m", "pipelines.bench", "--plain", str(pages), str(work / "out-plain"),
                             str(work / "cache-plain")],
                            work / "plain.log")
            plain.update({"pages": len(paths), "pages_per_s": round(len(paths) / plain["seconds"], 2)})
            record("plain", plain)

            traf = work / "trafilatura.json"
            measure([sys.executable, "-m", "pipelines.bench", "--trafilatura", str(pages), str(traf)],
                    work / "trafilatura.log")
            result = json.loads(traf.read_text())
            keep(figures, "trafilatura", result)
            say(f"trafilatura: {result['pages_per_s']} pages/s on {result['pages']} pages")

            if args.dask:
                for workers in (1, 2):
                    fresh = work / f"cache-dask-{workers}"
                    shutil.rmtree(fresh, ignore_errors=True)
                    record(f"dask_{workers}", flow_run(pages, work / f"out-dask-{workers}", fresh, len(paths),
                                                       work / f"dask_{workers}.log", *batch, "--workers", str(workers)))
        if args.large:
            shutil.rmtree(pages, ignore_errors=True)  # disk: the large set replaces the small one
            large = work / f"pages-{args.large}"
            shutil.rmtree(large, ignore_errors=True)
            count = len(build(Path(args.corpus), large, args.large))
            write_sources(Path(args.corpus), sources_path(large))
            say(f"built {count} pages for the large run")
            fresh = work / "cache-large"
            shutil.rmtree(fresh, ignore_errors=True)
            record("large", flow_run(large, work / "out-large", fresh, count, work / "large.log", *batch))
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    save(figures, out_json)
    return figures


def report(figures: dict) -> str:
    lines = [f"musculus bench: {figures['pages']} pages ({figures.get('html_pages')} HTML), "
             f"{figures['machine']['cpus']} CPUs", ""]
    lines.append(f"{'run':<17} {'seconds':>9} {'CPU s':>9} {'pages/s':>9} {'peak RSS MB':>12} {'reused':>8} "
                 f"{'extracted':>10}")
    for name, run in figures["runs"].items():
        lines.append(f"{name:<17} {run['seconds']:>9} {run['cpu_seconds']:>9} {run.get('pages_per_s', ''):>9} "
                     f"{run['peak_rss_mb']:>12} "
                     f"{_blank(run.get('pages_reused')):>8} {_blank(run.get('pages_extracted')):>10}")
    if "trafilatura" in figures:
        traf = figures["trafilatura"]
        lines.append(f"{'trafilatura':<17} {traf['seconds']:>9} {'':>9} {traf['pages_per_s']:>9}   "
                     f"({traf['pages']} HTML pages)")
    lines += ["", "ratios: " + ", ".join(f"{k} {v}" for k, v in figures["ratios"].items()), "", "targets:"]
    for row in figures["targets"]:
        verdict = {True: "pass", False: "FAIL", None: "not measured"}[row["passed"]]
        lines.append(f"  {verdict:<13} {row['description']}: {row['measured']} (target {row['limit']})")
    return "\n".join(lines)


def _blank(value) -> str:
    return "" if value is None else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000, help="pages in the main set (default: 10000)")
    parser.add_argument("--large", type=int, default=0, metavar="M",
                        help="also a cold run on M pages, e.g. 100000 (memory and scaling targets)")
    parser.add_argument("--dask", action="store_true", help="also cold runs on local Dask clusters of 1 and 2 workers")
    parser.add_argument("--repeat", type=int, default=1, metavar="K",
                        help="run every configuration K times, in K rounds, and take each one's median (default: 1)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE,
                        help=f"pages per task (default: {DEFAULT_BATCH_SIZE}, the flow's)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="real pages to copy (../shared/corpus)")
    parser.add_argument("--json", default="bench.json", help="where to write the figures (default: bench.json)")
    parser.add_argument("--work", help="work folder (default: a temporary folder, removed at the end)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--plain", nargs=3, metavar=("PAGES", "OUT", "CACHE"), help=argparse.SUPPRESS)
    parser.add_argument("--trafilatura", nargs=2, metavar=("PAGES", "RESULT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.plain:
        plain_main(Path(args.plain[0]), Path(args.plain[1]), Path(args.plain[2]))
        return 0
    if args.trafilatura:
        trafilatura_main(Path(args.trafilatura[0]), Path(args.trafilatura[1]))
        return 0
    if not args.corpus.is_dir():
        print(f"bench: corpus folder {args.corpus} not found; pass --corpus", file=sys.stderr)
        return 2
    print(report(bench(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
