"""Checks against third-party material (issue 13; extractors.external_checks): print the figures.

Usage: python -m pipelines.external_eval [--external DIR] [--shared DIR] [--french DIR]

--external (the material that may not be copied) defaults to $MUSCULUS_EXTERNAL, else ../external beside the
project; --shared to ../shared; --french (the Z-Anatomy French definitions) to the project's copy in
tests/fixtures/zanatomy-fr (`--french "../external/LluisV+Z-Anatomy/Resources/Descriptions/French definitions"`
reads the whole folder, which gives the same pages). A check whose material is absent is skipped and says so.
Exit status 1 when a Z-Anatomy field is below its pinned floor (FRENCH_RESOLUTION_FLOORS); the issue's target
(FRENCH_RESOLUTION_TARGET) is reported. The German check has no floor (its figures are reported).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from extractors.external_checks import (
    FRENCH_DEFINITIONS,
    FRENCH_RESOLUTION_FLOORS,
    FRENCH_RESOLUTION_TARGET,
    MUSKELFINDER,
    FrenchCheck,
    InfoboxCheck,
    external_folder,
    run_french_check,
    run_infobox_check,
)

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = PROJECT.parent / "shared"
TOP = 15  # most frequent unresolved texts shown per field


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="musculus-external-eval", description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=None, help="folder holding <owner>+<name>/ material")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder holding corpus/")
    parser.add_argument("--french", type=Path, default=FRENCH_DEFINITIONS, help="folder of French definitions")
    args = parser.parse_args(argv)
    external = external_folder(args.external)
    started = time.perf_counter()
    french_ok = print_french(run_french_check(args.french), args.french, time.perf_counter() - started)
    started = time.perf_counter()
    print_infobox(run_infobox_check(external, args.shared), external, args.shared, time.perf_counter() - started)
    return 0 if french_ok else 1


def print_french(check: FrenchCheck | None, folder: Path, seconds: float) -> bool:
    """Check A's section; False when a field is below the floor."""
    if check is None:
        print(f"Z-Anatomy French definitions: skipped ({folder} absent)")
        return True
    print(f"Z-Anatomy French definitions ({check.pages} muscle pages with Origine / Terminaison / Innervation "
          f"lines, {seconds:.1f} s): share of pages whose value resolves (floors {FRENCH_RESOLUTION_FLOORS}, "
          f"target {FRENCH_RESOLUTION_TARGET})")
    print(f"  {'field':<11}{'pages':>6}{'resolved':>10}{'share':>8}{'lexicon only':>14}")
    below = []
    for name, found in check.pipeline.items():
        lexicon = check.lexicon[name]
        flag = ("  <- below floor" if found.share < FRENCH_RESOLUTION_FLOORS[name]
                else "  (target not met)" if found.share < FRENCH_RESOLUTION_TARGET else "")
        below += [name] if "floor" in flag else []
        print(f"  {name:<11}{found.pages:>6}{found.resolved:>10}{found.share:>8.3f}{lexicon.share:>14.3f}{flag}")
    for name, found in check.pipeline.items():
        print(f"\n  Unresolved {name} ({len(found.unresolved)} pages):")
        for path, value in found.unresolved:
            print(f"    - {path.removesuffix('-FR.txt')}: {value[:160]!r}")
        shown = "; ".join(f"{text!r} {n}" for text, n in found.mentions.most_common(TOP))
        print(f"    claims without an id, most frequent: {shown or 'none'}")
    return not below


def print_infobox(check: InfoboxCheck | None, external: Path, shared: Path, seconds: float) -> None:
    """Check B's section."""
    if check is None:
        print(f"\nGerman infobox values: skipped ({external / MUSKELFINDER} or {shared / 'corpus'} absent)")
        return
    print(f"\nGerman infobox values of MuskelfinderV2 ({check.articles} pages, {check.subjects} of their muscles "
          f"have English pages in {shared / 'corpus'}; {seconds:.1f} s) against the English facts:")
    print(f"  {'field':<12}{'muscles':>8}{'covered':>9}{'coverage':>10}{'jaccard':>9}{'related':>9}")
    for name, found in check.agreement.items():
        related = f"{check.related[name]:>9.3f}" if name in check.related else ""
        print(f"  {name:<12}{found.pairs:>8}{found.covered:>9}{found.coverage:>10.3f}{found.jaccard:>9.3f}{related}")
    print("  (muscles: English facts state the field; jaccard: mean over those the German pages give it for; "
          "related: values with an equal, more general or more specific value on the other side)")
    for name, texts in sorted(check.unresolved.items()):
        shown = "; ".join(f"{text!r} {n}" for text, n in texts.most_common(TOP))
        print(f"  unresolved {name:<11}{shown}")


if __name__ == "__main__":
    sys.exit(main())
