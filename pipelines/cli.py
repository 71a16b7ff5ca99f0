"""The ``musculus`` command.

    musculus run [INPUT_DIR] [--out DIR] [--batch-size N]

Progress goes to stderr, the closing summary to stdout. Exit codes: 0 success; 1 the run failed (for example a
table broke its contract: nothing was published); 2 configuration error (missing input folder, unwritable
output). Prefect is imported only when a run starts, so ``--help`` and configuration errors are instant.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import pipelines  # noqa: F401  (Prefect environment defaults)
from pipelines.publish import OutputError, ValidationFailed, check_output_dir, versions
from pipelines.report import summary_text

EXIT_FAILED = 1
EXIT_CONFIG = 2


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
    run.add_argument("input_dir", nargs="?", default="raw", type=Path, metavar="INPUT_DIR",
                     help="folder of input pages (default: raw/)")
    run.add_argument("--out", default="output", type=Path, metavar="DIR",
                     help="output folder, replaced as a whole on success (default: output/)")
    run.add_argument("--curation", default="curation/decisions.yaml", type=Path, metavar="FILE",
                     help="curator decisions applied to this run (default: curation/decisions.yaml; absent = none)")
    run.add_argument("--batch-size", default=200, type=_positive_int, metavar="N",
                     help="pages per Prefect task (default: 200)")
    return parser


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


def run(input_dir: Path, out_dir: Path, batch_size: int, curation: Path | None = None) -> int:
    if not input_dir.is_dir():
        what = "is not a folder" if input_dir.exists() else "does not exist"
        return _config_error(
            f"input folder {input_dir} {what}; pass the folder of pages to process, e.g. `musculus run raw/`"
        )
    try:
        check_output_dir(out_dir)
    except OutputError as error:
        return _config_error(str(error))

    from extractors.curation import CurationError, load_decisions

    try:
        load_decisions(curation) if curation else None
    except CurationError as error:
        return _config_error(f"curation file: {error}")
    _show_progress()
    from extractors.discover import ConfigError
    from pipelines.flow import musculus_flow

    try:
        manifest = musculus_flow(input_dir, out_dir, batch_size, curation)
    except (ConfigError, OutputError) as error:
        return _config_error(str(error))
    except ValidationFailed as error:
        print(f"musculus: run failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:  # Prefect has logged the traceback; the previous output is untouched
        print(f"musculus: run failed: {type(error).__name__}: {error}; nothing was published", file=sys.stderr)
        return EXIT_FAILED
    print(summary_text(manifest, out_dir))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(args.input_dir, args.out, args.batch_size, args.curation)
    parser.print_help(sys.stderr)
    return EXIT_CONFIG


if __name__ == "__main__":
    sys.exit(main())
