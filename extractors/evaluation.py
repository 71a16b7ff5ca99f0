"""Score published tables against a gold file (tests/gold/seeds.yaml): per-field precision and recall,
must / must_not / qualifiers / labels / metadata / strip / keep checks and the reconciled expectations.

Pure: takes the tables as lists of row dicts, returns a Report; pipelines/evaluate.py prints it.

Also the golden boilerplate set (tests/boilerplate/golden.yaml): ``score_boilerplate`` scores cleaned texts
against its snippets (pure); ``golden_cleaned_texts`` produces those texts by reading and cleaning the pages
from disk as a run would.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Report:
    checks: list[tuple[str, bool, str]] = field(default_factory=list)  # (group, passed, description)
    field_scores: dict[str, dict[str, float]] = field(default_factory=dict)

    def check(self, group: str, passed: bool, description: str) -> None:
        self.checks.append((group, bool(passed), description))

    @property
    def failures(self) -> list[str]:
        return [f"[{group}] {text}" for group, passed, text in self.checks if not passed]

    def summary(self) -> dict[str, tuple[int, int]]:
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for group, passed, _ in self.checks:
            totals[group][0] += passed
            totals[group][1] += 1
        return {group: (ok, total) for group, (ok, total) in totals.items()}


def evaluate(gold: dict, tables: dict[str, list[dict]]) -> Report:
    report = Report()
    docs_by_name = {row["path"].rsplit("/", 1)[-1]: row for row in tables["documents"]}
    claims_by_doc: dict[str, list[dict]] = defaultdict(list)
    for claim in tables["claims"]:
        claims_by_doc[claim["doc_id"]].append(claim)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # field -> [true positives, predicted, gold]
    for name, expected in gold["documents"].items():
        doc = docs_by_name.get(name)
        report.check("documents", doc is not None and doc["status"] == "ok", f"{name} processed ok")
        if doc is None or doc["status"] != "ok":
            continue
        _check_document(report, name, expected, doc, claims_by_doc[doc["doc_id"]], tables["labels"], counts)
    for field_name, (tp, predicted, gold_total) in sorted(counts.items()):
        report.field_scores[field_name] = {
            "precision": tp / predicted if predicted else 0.0,
            "recall": tp / gold_total if gold_total else 0.0,
            "predicted": predicted, "gold": gold_total,
        }
    names_to_ids = {name: row["doc_id"] for name, row in docs_by_name.items()}
    _check_reconciled(report, gold.get("reconciled", {}), tables, names_to_ids)
    return report


def _check_document(report, name, expected, doc, claims, labels, counts) -> None:
    report.check("family", doc["family"] == expected["family"], f"{name} family {expected['family']} (got {doc['family']})")
    report.check("about", doc["about_id"] == expected["about"], f"{name} about {expected['about']} (got {doc['about_id']})")
    found: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        if claim["value_id"]:
            found[claim["field"]].add(claim["value_id"])
    must, should = expected.get("must", {}), expected.get("should", {})
    for field_name, values in must.items():
        for value in values:
            report.check("must", value in found[field_name], f"{name} {field_name} {value}")
    for field_name, values in should.items():
        for value in values:
            report.check("should", value in found[field_name], f"{name} {field_name} {value}")
    for field_name, values in expected.get("must_not", {}).items():
        for value in values:
            report.check("must_not", value not in found[field_name], f"{name} no {field_name} {value}")
    for field_name in set(must) | set(should):
        wanted = set(must.get(field_name, [])) | set(should.get(field_name, []))
        counts[field_name][0] += len(found[field_name] & wanted)
        counts[field_name][1] += len(found[field_name])
        counts[field_name][2] += len(wanted)
    for field_name, qualified in expected.get("qualifiers", {}).items():
        for value, qualifier in qualified.items():
            carried = any(qualifier in (c["qualifier"] or []) for c in claims
                          if c["field"] == field_name and c["value_id"] == value)
            report.check("qualifiers", carried, f"{name} {field_name} {value} qualified {qualifier}")
    doc_labels = {(l["language"], l["label"]) for l in labels if l["doc_id"] == doc["doc_id"]}
    for language, label in expected.get("labels", {}).items():
        report.check("labels", (language, label) in doc_labels, f"{name} label {language}: {label}")
    _check_metadata(report, name, expected.get("metadata", {}), doc)
    text = doc["text_clean"] or ""
    for snippet in expected.get("strip", []):
        report.check("strip", snippet not in text, f"{name} strips {snippet!r}")
    for snippet in expected.get("keep", []):
        report.check("keep", snippet in text, f"{name} keeps {snippet!r}")


def _check_metadata(report, name, metadata, doc) -> None:
    for key, value in metadata.items():
        actual = doc.get(key)
        if key == "authors":
            actual = list(actual or [])
        report.check("metadata", actual == value, f"{name} {key} {value!r} (got {actual!r})")


def _check_reconciled(report, reconciled, tables, names_to_ids) -> None:
    ids_to_names = {v: k for k, v in names_to_ids.items()}
    facts = tables["facts"]
    for subject, expected in reconciled.items():
        for field_name, values in expected.get("consensus", {}).items():
            for value in values:
                status = next((f["status"] for f in facts if f["subject_id"] == subject
                               and f["field"] == field_name and f["value_id"] == value), None)
                report.check("consensus", status == "consensus", f"{subject} {field_name} {value} consensus (got {status})")
        rows = [c for c in tables["conflicts"] if c["subject_id"] == subject]
        for conflict in expected.get("conflicts", []):
            row = next((c for c in rows if c["field"] == conflict["field"]), None)
            values = json.loads(row["values"]) if row else {}
            for value, pages in conflict["values"].items():
                got = sorted(ids_to_names.get(d, d) for d in values.get(value, []))
                report.check("conflicts", row is not None and value in row["disputed"] and got == sorted(pages),
                             f"{subject} {conflict['field']} conflict {value} from {pages} (got {got})")
        for field_name in expected.get("not_conflicts", []):
            report.check("not_conflicts", not any(c["field"] == field_name for c in rows),
                         f"{subject} no conflict on {field_name}")


# ---- parallel pages: the same facts in every language ---------------------------------------------------------

PARALLEL_FIELDS = ("origin", "insertion", "action", "nerve", "nerve_root", "artery")
# Parallel pages (../shared/corpus/html-iaomai: eng/, deu/, esp/): every other language must give claims for this
# share of the (page, field) pairs the reference language states, and agree with its identifiers at this mean
# Jaccard, over all fields together. CI (tests/golden/test_parallel_languages.py) and `make eval` enforce them.
PARALLEL_CORPUS = "html-iaomai"
PARALLEL_REFERENCE = "eng"
PARALLEL_COVERAGE_FLOOR = 0.95
PARALLEL_JACCARD_FLOOR = 0.90


@dataclass(frozen=True)
class Floors:
    """(coverage, mean Jaccard) that every language must reach over all fields together, and, when set, in every
    single field."""

    all: tuple[float, float]
    field: tuple[float, float] | None = None


@dataclass(frozen=True)
class ParallelSet:
    """A folder of parallel pages (<language folder>/<page>) that `make eval` and CI score against its reference
    language. ``floors``: pinned, CI fails below them (no regression); ``target``: what the issue asks for, which
    `make eval` reports as met or not."""

    name: str
    base: str  # "shared" (../shared, absent on a fresh machine) or "project"
    path: str  # under base
    reference: str
    floors: Floors
    target: Floors


PARALLEL_TARGET = Floors(all=(PARALLEL_COVERAGE_FLOOR, PARALLEL_JACCARD_FLOOR))
PARALLEL_SETS = (
    # Real pages of one site (issue 4): English, German, Spanish.
    ParallelSet("html-iaomai", "shared", f"corpus/{PARALLEL_CORPUS}", PARALLEL_REFERENCE,
                floors=PARALLEL_TARGET, target=PARALLEL_TARGET),
    # Pages written for musculus in French, Italian and Portuguese that no rule was fitted to (issue 13). The
    # floors are pinned just under the figures measured on 2026-12-05; the target is issue 13's, in every field.
    ParallelSet("romance", "project", "tests/fixtures/parallel", "en",
                floors=Floors(all=(0.98, 0.90), field=(0.92, 0.76)),
                target=Floors(all=PARALLEL_TARGET.all, field=PARALLEL_TARGET.all)),
)


@dataclass
class Agreement:
    """How far one language's pages give the reference language's facts, for one field (or all of them)."""

    pairs: int = 0  # (page, field) pairs the reference page states (claims with a value_id)
    covered: int = 0  # of those, pairs the other page gives claims with a value_id for
    jaccard_sum: float = 0.0  # sum over the covered pairs of |A ∩ B| / |A ∪ B| of the identifier sets
    missing: list[tuple[str, str]] = field(default_factory=list)  # (page key, field) the other page misses
    disagreements: list[tuple[str, str, float]] = field(default_factory=list)  # (page key, field, jaccard)

    @property
    def coverage(self) -> float:
        return self.covered / self.pairs if self.pairs else 0.0

    @property
    def jaccard(self) -> float:
        """Mean Jaccard over the covered pairs."""
        return self.jaccard_sum / self.covered if self.covered else 0.0

    @property
    def strict_jaccard(self) -> float:
        """Mean Jaccard over every stated pair, a missing pair counting 0."""
        return self.jaccard_sum / self.pairs if self.pairs else 0.0

    def add(self, key: str, field_name: str, reference: set[str], other: set[str]) -> None:
        self.pairs += 1
        if not other:
            self.missing.append((key, field_name))
            return
        self.covered += 1
        score = len(reference & other) / len(reference | other)
        self.jaccard_sum += score
        if score < 1:
            self.disagreements.append((key, field_name, score))


def parallel_agreement(tables: dict[str, list[dict]], reference: str,
                       fields: tuple[str, ...] = PARALLEL_FIELDS) -> dict[str, dict[str, Agreement]]:
    """Agreement of parallel pages with the reference language's, per language folder and field.

    Pages are parallel by path: ``<language folder>/<rest>`` (html-iaomai's eng/, deu/, esp/ hold one page per
    muscle under the same file name). For every (page, field) the reference page states, the same page in each
    other folder is looked up; a missing or quarantined page gives nothing. The result maps each other folder
    to {field: Agreement, ..., "all": Agreement over every field}.
    """
    values: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    folders: dict[str, tuple[str, str]] = {}  # doc_id -> (language folder, page key)
    for doc in tables["documents"]:
        folder, _, rest = doc["path"].partition("/")
        if rest:
            folders[doc["doc_id"]] = (folder, rest)
    for claim in tables["claims"]:
        where = folders.get(claim["doc_id"])
        if where and claim["value_id"] and claim["field"] in fields:
            values[where][claim["field"]].add(claim["value_id"])
    others = sorted({folder for folder, _ in folders.values()} - {reference})
    result = {folder: {name: Agreement() for name in (*fields, "all")} for folder in others}
    reference_pages = sorted({rest for folder, rest in folders.values() if folder == reference})
    for key in reference_pages:
        stated = values.get((reference, key), {})
        for field_name in fields:
            if not stated.get(field_name):
                continue
            for folder in others:
                given = values.get((folder, key), {}).get(field_name, set())
                for bucket in (field_name, "all"):
                    result[folder][bucket].add(key, field_name, stated[field_name], given)
    return result


def parallel_failures(result: dict[str, dict[str, Agreement]], floors: Floors = PARALLEL_TARGET) -> list[str]:
    """The languages whose agreement over all fields (and, with ``floors.field``, in any one field) is below a
    floor, as readable lines."""
    failures = []
    for folder, agreements in result.items():
        for name, found in agreements.items():
            bounds = floors.all if name == "all" else floors.field
            if bounds is None or not found.pairs:
                continue
            if found.coverage < bounds[0]:
                failures.append(f"{folder} {name}: coverage {found.coverage:.3f} < {bounds[0]}")
            if found.jaccard < bounds[1]:
                failures.append(f"{folder} {name}: mean Jaccard {found.jaccard:.3f} < {bounds[1]}")
    return failures


# ---- the golden boilerplate set -----------------------------------------------------------------------

BOILERPLATE_F1_FLOOR = 0.95  # CI fails below this (tests/golden/test_boilerplate_golden.py); `make eval` too
RAW_PREFIX, CORPUS_PREFIX = "raw/", "corpus/"


@dataclass
class BoilerplateScore:
    """Snippet scores of cleaned pages.

    - precision: share of the ``must_not_contain`` snippets (boilerplate) that cleaning removed, i.e. that do
      not occur in the cleaned text: how free of boilerplate the kept text is.
    - recall: share of the ``must_contain`` snippets (content) that cleaning kept, i.e. that occur in the
      cleaned text: how much content survives.
    - f1: their harmonic mean, 2PR / (P + R).
    Snippets are counted over all scored pages (micro average); occurrence is tested with whitespace collapsed
    and case kept. A page that could not be cleaned (quarantined, missing) keeps no content and leaks nothing.
    Pages whose source is absent (../shared not present) are skipped, not scored. With no snippets of a kind,
    its share is 1.0.
    """

    pages: list[str] = field(default_factory=list)  # scored
    skipped: list[str] = field(default_factory=list)  # source absent
    kept: int = 0
    must: int = 0
    removed: int = 0
    must_not: int = 0
    lost: list[tuple[str, str]] = field(default_factory=list)  # (page, content snippet missing from the text)
    leaked: list[tuple[str, str]] = field(default_factory=list)  # (page, boilerplate snippet still in the text)

    @property
    def precision(self) -> float:
        return self.removed / self.must_not if self.must_not else 1.0

    @property
    def recall(self) -> float:
        return self.kept / self.must if self.must else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def score_boilerplate(golden: dict, texts: dict[str, str | None]) -> BoilerplateScore:
    """Score ``texts`` (page key -> cleaned text, None when the page was not cleaned; a key absent from
    ``texts`` is a skipped page) against the snippets of ``golden`` (the parsed golden.yaml)."""
    score = BoilerplateScore()
    for key, expected in (golden.get("pages") or {}).items():
        if key not in texts:
            score.skipped.append(key)
            continue
        score.pages.append(key)
        text = _squeeze(texts[key] or "")
        for snippet in expected.get("must_contain") or []:
            score.must += 1
            if texts[key] is not None and _squeeze(snippet) in text:
                score.kept += 1
            else:
                score.lost.append((key, snippet))
        for snippet in expected.get("must_not_contain") or []:
            score.must_not += 1
            if _squeeze(snippet) in text:
                score.leaked.append((key, snippet))
            else:
                score.removed += 1
    return score


def golden_cleaned_texts(golden: dict, project_root, shared_root) -> dict[str, str | None]:
    """Clean every golden page whose source is present, as a run over its folder would: read by its family's
    reader, then the cascade and the template blocks of its site (the folder's pages).

    Keys "raw/<file>" are read under ``project_root``, "corpus/<path>" under ``shared_root`` (../shared);
    pages under an absent root are left out (skipped by the scorer)."""
    from pathlib import Path, PurePosixPath

    from extractors.clean import clean
    from extractors.decode import decode
    from extractors.discover import discover
    from extractors.model import Quarantine
    from extractors.readers import read
    from extractors.templates import site_templates

    roots = {RAW_PREFIX: Path(project_root), CORPUS_PREFIX: Path(shared_root)}
    folders: dict[tuple[Path, str], list[str]] = defaultdict(list)
    for key in golden.get("pages") or {}:
        prefix = next((p for p in roots if key.startswith(p)), None)
        if prefix is None:
            raise ValueError(f"golden page {key!r} starts with neither {RAW_PREFIX!r} nor {CORPUS_PREFIX!r}")
        folders[(roots[prefix], str(PurePosixPath(key).parent))].append(key)
    texts: dict[str, str | None] = {}
    for (root, folder), keys in folders.items():
        directory = root / folder
        if not root.is_dir():
            continue  # ../shared absent: these pages are skipped
        if not directory.is_dir():
            texts.update({key: None for key in keys})
            continue
        items = [i for i in discover(directory) if "/" not in i.path]
        templates = site_templates(items)
        by_name = {i.path: i for i in items}
        for key in keys:
            item = by_name.get(PurePosixPath(key).name)
            texts[key] = None
            if item is None or item.error is not None or item.duplicate_of is not None:
                continue
            try:
                texts[key] = clean(read(decode(item.data), item), templates).text
            except Quarantine:
                pass
    return texts
