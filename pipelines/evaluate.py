"""`make eval`: score an output folder against the project's gold file and print the figures.

Usage: python -m pipelines.evaluate [OUTPUT_DIR] [--gold tests/gold/seeds.yaml]
Exit status 1 when a must, must_not, qualifier, label, metadata, strip, keep or reconciled check fails.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from extractors.evaluation import evaluate
from schemas.tables import TABLES

DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold" / "seeds.yaml"
BLOCKING_GROUPS = ("documents", "family", "about", "must", "must_not", "qualifiers", "labels", "metadata",
                   "strip", "keep", "consensus", "conflicts", "not_conflicts")


def load_tables(out_dir: Path) -> dict[str, list[dict]]:
    return {name: pq.read_table(out_dir / f"{name}.parquet").to_pylist() for name in TABLES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="musculus-eval", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="output", type=Path)
    parser.add_argument("--gold", default=DEFAULT_GOLD, type=Path)
    args = parser.parse_args(argv)
    if not (args.out_dir / "claims.parquet").exists():
        print(f"no published output in {args.out_dir}: run `make run` first", file=sys.stderr)
        return 2
    gold = yaml.safe_load(args.gold.read_text(encoding="utf-8"))
    report = evaluate(gold, load_tables(args.out_dir))
    print("Per-field scores on the gold documents (must + should values):")
    print(f"  {'field':<16}{'precision':>10}{'recall':>8}{'predicted':>11}{'gold':>6}")
    for field_name, score in report.field_scores.items():
        print(f"  {field_name:<16}{score['precision']:>10.2f}{score['recall']:>8.2f}"
              f"{score['predicted']:>11}{score['gold']:>6}")
    print("\nChecks:")
    for group, (ok, total) in report.summary().items():
        print(f"  {group:<14}{ok:>4}/{total:<4}{'' if ok == total else '  <- ' + ('FAIL' if group in BLOCKING_GROUPS else 'missed')}")
    blocking = [f for f in report.failures if f.split("]")[0][1:] in BLOCKING_GROUPS]
    for failure in report.failures:
        print(f"  - {failure}")
    return 1 if blocking else 0


if __name__ == "__main__":
    sys.exit(main())
