"""`make eval`: score an output folder against the project's gold file and print the figures.

Usage: python -m pipelines.evaluate [OUTPUT_DIR] [--gold tests/gold/seeds.yaml]
                                    [--boilerplate tests/boilerplate/golden.yaml] [--shared ../shared]
Exit status 1 when a must, must_not, qualifier, label, metadata, strip, keep or reconciled check fails, or when
boilerplate F1 on the golden set (seed pages, plus corpus pages when ../shared is present) is below its floor.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from extractors.evaluation import (
    BOILERPLATE_F1_FLOOR,
    PARALLEL_FIELDS,
    PARALLEL_SETS,
    ParallelSet,
    evaluate,
    golden_cleaned_texts,
    parallel_agreement,
    parallel_failures,
    score_boilerplate,
)
from pipelines.publish import UnresolvedTexts
from schemas.tables import TABLES

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = PROJECT / "tests" / "gold" / "seeds.yaml"
DEFAULT_BOILERPLATE = PROJECT / "tests" / "boilerplate" / "golden.yaml"
DEFAULT_SHARED = PROJECT.parent / "shared"
BLOCKING_GROUPS = ("documents", "family", "about", "must", "must_not", "qualifiers", "labels", "metadata",
                   "strip", "keep", "consensus", "conflicts", "not_conflicts")


def load_tables(out_dir: Path) -> dict[str, list[dict]]:
    return {name: pq.read_table(out_dir / f"{name}.parquet").to_pylist() for name in TABLES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="musculus-eval", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="output", type=Path)
    parser.add_argument("--gold", default=DEFAULT_GOLD, type=Path)
    parser.add_argument("--boilerplate", default=DEFAULT_BOILERPLATE, type=Path, help="golden boilerplate set")
    parser.add_argument("--shared", default=DEFAULT_SHARED, type=Path, help="folder holding corpus/ (optional)")
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
    boilerplate_ok = print_boilerplate(args.boilerplate, args.shared)
    parallel_ok = all([print_parallel(chosen, args.shared) for chosen in PARALLEL_SETS])
    manifest = json.loads((args.out_dir / "run.json").read_text(encoding="utf-8"))
    print_unresolved(manifest.get("unresolved") or {"claims": 0, "top": {}}, str(args.out_dir))
    return 1 if blocking or not boilerplate_ok or not parallel_ok else 0


def print_boilerplate(golden_path: Path, shared: Path) -> bool:
    """The golden boilerplate section; False when F1 is below the floor."""
    golden = yaml.safe_load(golden_path.read_text(encoding="utf-8"))
    score = score_boilerplate(golden, golden_cleaned_texts(golden, PROJECT, shared))
    below = score.f1 < BOILERPLATE_F1_FLOOR
    print(f"\nBoilerplate (golden set {golden_path.name}: {len(score.pages)} pages scored, "
          f"{len(score.skipped)} skipped{' - ' + str(shared) + ' absent' if score.skipped else ''}):")
    print(f"  precision {score.precision:.3f}  ({score.removed}/{score.must_not} boilerplate snippets removed)")
    print(f"  recall    {score.recall:.3f}  ({score.kept}/{score.must} content snippets kept)")
    print(f"  F1        {score.f1:.3f}  (floor {BOILERPLATE_F1_FLOOR}){'  <- FAIL' if below else ''}")
    for page, snippet in score.lost:
        print(f"  - lost {page}: {snippet!r}")
    for page, snippet in score.leaked:
        print(f"  - leaked {page}: {snippet!r}")
    return not below


def print_parallel(chosen: ParallelSet, shared: Path) -> bool:
    """Parallel pages in several languages run through the pure pipeline: how far each language gives the
    reference language's facts. False when below a floor; skipped when absent."""
    from extractors.discover import discover  # the pipeline is loaded only when the corpus is there
    from extractors.pipeline import run_tables

    corpus = (shared if chosen.base == "shared" else PROJECT) / chosen.path
    if not corpus.is_dir():
        print(f"\nParallel languages ({chosen.name}): skipped ({corpus} absent)")
        return True
    tables = run_tables(discover(corpus))
    result = parallel_agreement(tables, chosen.reference)
    failures = parallel_failures(result, chosen.floors)
    print(f"\nParallel languages ({chosen.name}: {chosen.path}, against {chosen.reference}/; floors (coverage, "
          f"mean Jaccard): {_floors_text(chosen.floors)}; target: {_floors_text(chosen.target)}):")
    print(f"  {'language':<10}{'field':<12}{'pairs':>6}{'covered':>9}{'coverage':>10}{'jaccard':>9}{'strict':>8}")
    for folder, per_field in result.items():
        for name in (*PARALLEL_FIELDS, "all"):
            a = per_field[name]
            print(f"  {folder:<10}{name:<12}{a.pairs:>6}{a.covered:>9}{a.coverage:>10.3f}{a.jaccard:>9.3f}"
                  f"{a.strict_jaccard:>8.3f}")
    for failure in failures:
        print(f"  - {failure}  <- FAIL")
    short = [] if chosen.target == chosen.floors else parallel_failures(result, chosen.target)
    print(f"  target {'met' if not short else 'not met'}" + "".join(f"\n  - {line}" for line in short))
    texts = UnresolvedTexts()
    texts.add(tables["claims"])
    print_unresolved(texts.summary(), chosen.name)
    return not failures


def _floors_text(floors) -> str:
    text = f"{floors.all} over all fields"
    return text + (f", {floors.field} in every field" if floors.field else "")


def print_unresolved(unresolved: dict, where: str) -> None:
    """What the normalizer left without an id (run.json's "unresolved"): where the lexicons are thin, per language
    and field, most frequent first."""
    print(f"\nUnresolved values in {where} ({unresolved['claims']} claims without an id; most frequent per "
          "language and field):")
    for language, fields in unresolved["top"].items():
        for field_name, texts in fields.items():
            shown = "; ".join(f"{text!r} {n}" for text, n in texts)
            print(f"  {language or '?':<4}{field_name:<12}{shown}")


if __name__ == "__main__":
    sys.exit(main())
