"""The ``musculus`` command.

    musculus run [INPUT_DIR] [--out DIR] [--batch-size N] [--curation FILE] [--sources FILE]
                 [--cache DIR | --no-cache] [--force]
                 [--summary-json FILE] [--workers N | --dask-address tcp://HOST:PORT]
    musculus serve [INPUT_DIR] --cron "*/30 * * * *" [--name NAME] [same options as run, except the runner]

Progress goes to stderr, the closing summary to stdout. Exit codes: 0 success; 1 the run failed (for example a
table broke its contract: nothing was published); 2 configuration error (missing input folder, unwritable
output). Prefect is imported only when a run starts, so ``--help`` and configuration errors are instant.
"""
from __future__ import annotations

import argparse
import atexit
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pipelines  # noqa: F401  (Prefect environment defaults)
from pipelines import DEFAULT_BATCH_SIZE, default_cache_dir, ephemeral
from pipelines.publish import OutputError, ValidationFailed, check_output_dir, versions
from pipelines.report import summary_text

EXIT_FAILED = 1
EXIT_CONFIG = 2


@dataclass(frozen=True)
class FlowOptions:
    """The flow's parameters (pipelines.flow.musculus_flow) as given on the command line."""

    input_dir: Path
    out_dir: Path
    batch_size: int
    curation: Path | None
    cache: Path | None
    force: bool = False
    sources: Path | None = Path("curation/sources.yaml")

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "FlowOptions":
        return cls(args.input_dir, args.out, args.batch_size, args.curation, args.cache, args.force, args.sources)

    def parameters(self, absolute: bool = False) -> dict:
        """The flow's keyword arguments; paths as strings (absolute ones for a deployment's runs)."""
        def text(path: Path | None) -> str | None:
            return None if path is None else str(path.absolute() if absolute else path)

        return {"input_dir": text(self.input_dir), "out_dir": text(self.out_dir), "batch_size": self.batch_size,
                "curation": text(self.curation), "cache": text(self.cache), "force": self.force,
                "sources": text(self.sources)}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="musculus",
        description="Extract anatomical facts from source pages into a normalized dataset with provenance.",
    )
    parser.add_argument("--version", action="version", version=f"musculus {versions().get('musculus') or 'dev'}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser(
        "run",
        help="process a folder of pages and publish the tables",
        description="Process every page under INPUT_DIR with the Prefect flow (embedded API, no server needed) "
        "and publish documents, claims, facts, conflicts, labels and boilerplate as Parquet and CSV, "
        "run.json and report/conflicts.md into --out, atomically.",
    )
    _run_options(run)
    run.add_argument("--summary-json", type=Path, metavar="FILE",
                     help="also write this run's manifest to FILE (run.json's content when it published; for a run "
                     "that kept an up-to-date output, the counts of that output and which run published it)")
    scale = run.add_mutually_exclusive_group()
    scale.add_argument("--workers", type=_positive_int, metavar="N",
                       help="run the batch tasks on a local Dask cluster of N worker processes")
    scale.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                       help="run the batch tasks on an existing Dask cluster (its workers need PREFECT_API_URL "
                       "of a real Prefect server and the folders on a shared filesystem; see README)")

    serve = commands.add_parser(
        "serve",
        help="serve the flow as a deployment with a cron schedule (needs a real Prefect server: make serve)",
        description="Register the flow as a deployment with a cron schedule on the Prefect server of "
        "PREFECT_API_URL and run its scheduled runs until interrupted. `make serve` starts a server and this.",
    )
    _run_options(serve)
    serve.add_argument("--cron", required=True, metavar="EXPR",
                       help='cron schedule of the runs, e.g. "0 3 * * *" (the server\'s timezone, UTC by default)')
    serve.add_argument("--name", default="musculus-scheduled", metavar="NAME",
                       help="deployment name (default: musculus-scheduled)")
    return parser


def _run_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("input_dir", nargs="?", default="raw", type=Path, metavar="INPUT_DIR",
                         help="folder of input pages (default: raw/)")
    command.add_argument("--out", default="output", type=Path, metavar="DIR",
                         help="output folder, replaced as a whole on success (default: output/)")
    command.add_argument("--curation", default="curation/decisions.yaml", type=Path, metavar="FILE",
                         help="curator decisions applied to this run (default: curation/decisions.yaml; absent = none)")
    command.add_argument("--sources", default="curation/sources.yaml", type=Path, metavar="FILE",
                         help="who published which pages: folder globs, hosts or URL patterns -> source name, optional "
                         "prior trust (default: curation/sources.yaml; absent = each page's URL host or first folder)")
    command.add_argument("--batch-size", default=DEFAULT_BATCH_SIZE, type=_positive_int, metavar="N",
                         help=f"pages per Prefect task (default: {DEFAULT_BATCH_SIZE})")
    cache = command.add_mutually_exclusive_group()
    cache.add_argument("--cache", default=default_cache_dir(), type=Path, metavar="DIR",
                       help="page cache of incremental runs: unchanged pages are not extracted again "
                       "(default: .musculus-cache/ in the project)")
    cache.add_argument("--no-cache", dest="cache", action="store_const", const=None,
                       help="reuse nothing from earlier runs: process every page, store nothing, publish")
    command.add_argument("--force", action="store_true",
                         help="publish even when the output is up to date (same pages, code and curator decisions "
                         "as the run that published it; such a run otherwise keeps it)")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _config_error(message: str) -> int:
    print(f"musculus: configuration error: {message}", file=sys.stderr)
    return EXIT_CONFIG


def _show_progress() -> None:
    progress = logging.getLogger("musculus.progress")
    for previous in [h for h in progress.handlers if getattr(h, "musculus_cli", False)]:
        progress.removeHandler(previous)  # a second run in one process writes to the current stderr
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("musculus: %(message)s"))
    handler.musculus_cli = True
    progress.addHandler(handler)
    progress.setLevel(logging.INFO)
    progress.propagate = False


def _check_run_config(options: FlowOptions) -> str | None:
    """The configuration error of these options, if any (no Prefect needed to find it)."""
    input_dir, cache = options.input_dir, options.cache
    if not input_dir.is_dir():
        what = "is not a folder" if input_dir.exists() else "does not exist"
        return f"input folder {input_dir} {what}; pass the folder of pages to process, e.g. `musculus run raw/`"
    try:
        check_output_dir(options.out_dir)
    except OutputError as error:
        return str(error)
    if cache is not None and cache.exists() and not cache.is_dir():
        return f"cache path {cache} exists and is not a folder; pass another --cache or --no-cache"

    from extractors.curation import CurationError, load_decisions

    try:
        load_decisions(options.curation) if options.curation else None
    except CurationError as error:
        return f"curation file: {error}"
    from extractors.independence import SourcesError, load_sources

    try:
        load_sources(options.sources) if options.sources else None
    except SourcesError as error:
        return f"sources file: {error}"
    return None


def _one_malloc_arena() -> None:
    """Ask glibc for a single malloc arena in this process (unless MALLOC_ARENA_MAX says otherwise).

    glibc gives threads that allocate arenas of their own; with Prefect's client, event and log threads beside
    the batch work (which the GIL serializes anyway) that is memory held for nothing: 45-70 MB of peak RSS on
    2,000 pages. Must run before those threads start; a no-op where there is no glibc.
    """
    if "MALLOC_ARENA_MAX" in os.environ:
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, 1)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def run(options: FlowOptions, workers: int | None = None, dask_address: str | None = None,
        summary_json: Path | None = None) -> int:
    problem = _check_run_config(options)
    if problem:
        return _config_error(problem)
    _one_malloc_arena()
    _show_progress()
    if dask_address and not os.environ.get("PREFECT_API_URL"):
        print("musculus: warning: --dask-address without PREFECT_API_URL: the cluster's workers need a real "
              "Prefect server (see README, Scale-out)", file=sys.stderr)
    # The embedded API server boots on the other core while this process imports Prefect and loads what the
    # first pages need (pipelines.ephemeral). Not for a remote cluster: its workers cannot reach 127.0.0.1.
    server = None if dask_address else ephemeral.start()
    try:
        return _run_flow(options, workers, dask_address, server, summary_json)
    finally:
        if server is not None:
            server.stop()


def _run_flow(options: FlowOptions, workers: int | None, dask_address: str | None,
              server: ephemeral.EmbeddedServer | None, summary_json: Path | None) -> int:
    from extractors.discover import ConfigError
    from pipelines.flow import musculus_flow
    from pipelines.scale import task_runner

    try:
        runner = task_runner(workers, dask_address)
        if runner is None:  # the batches run in this process: load what they need while the server boots
            from extractors.process import warm_up

            warm_up()
        if server is not None:
            server.wait_ready()
        flow = musculus_flow.with_options(task_runner=runner) if runner is not None else musculus_flow
        manifest = flow(**options.parameters())
    except (ConfigError, OutputError) as error:
        return _config_error(str(error))
    except ValidationFailed as error:
        print(f"musculus: run failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # Prefect has logged the traceback; the previous output is untouched
        print(f"musculus: run failed: {type(error).__name__}: {error}; nothing was published", file=sys.stderr)
        return EXIT_FAILED
    print(summary_text(manifest, options.out_dir))
    if summary_json is not None:
        try:
            summary_json.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as error:
            print(f"musculus: --summary-json {summary_json} not written ({error.strerror}); the run itself "
                  f"succeeded", file=sys.stderr)
            return EXIT_FAILED
    return 0


def serve(options: FlowOptions, cron: str, name: str) -> int:
    """Serve the flow with a cron schedule until interrupted (Prefect's Runner: runs start in subprocesses)."""
    problem = _check_run_config(options)
    if problem:
        return _config_error(problem)
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.settings import PREFECT_API_URL

    try:
        CronSchedule(cron=cron)
    except ValueError:
        return _config_error(f"--cron {cron!r} is not a cron expression (five fields, e.g. \"*/15 * * * *\")")

    if not PREFECT_API_URL.value():
        return _config_error("serving needs a real Prefect server (the embedded API does not schedule runs): "
                             "run `make serve`, or start `prefect server start` and set PREFECT_API_URL")
    from pipelines.flow import musculus_flow

    print(f"musculus: serving deployment musculus/{name} with cron {cron!r} on {PREFECT_API_URL.value()}",
          file=sys.stderr)
    # Absolute paths: scheduled runs execute in subprocesses of the runner, which need not share its directory.
    musculus_flow.serve(name=name, cron=cron, parameters=options.parameters(absolute=True))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(FlowOptions.from_args(args), args.workers, args.dask_address, args.summary_json)
    if args.command == "serve":
        return serve(FlowOptions.from_args(args), args.cron, args.name)
    parser.print_help(sys.stderr)
    return EXIT_CONFIG


def console_main() -> None:
    """The ``musculus`` command (and ``python -m pipelines.cli``): ``main``, then out of the process without the
    interpreter's final teardown, which frees what a run loaded (vocabularies, spaCy pipelines, the language
    detector, Prefect) object by object: 0.7-0.9 s after the work is done, measured on runs of 10,000 pages.
    By then every file is closed, the embedded server stopped and only daemon threads are left; the exit
    handlers still run and the output streams are flushed."""
    code = main()
    atexit._run_exitfuncs()  # logging's shutdown (flushes its handlers) and any other library's handler
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    console_main()
