"""Is the published output already what this run would publish? Then the run keeps it and publishes nothing.

No Prefect here; the flow calls these after discovery. A run's output is a function of three things, and
run.json records a digest of them (``run_digest``) with the sha256 of every file published (``files``):

- the **pages**, in discovery order: their bytes (doc_id) and everything discovery recorded about where they
  came from (path, folder, revision, a dump's title, why a page was unreadable or whose duplicate it is);
- the **code**: pipelines.cache.code_version (extractors, schemas, rules, vocabularies, dependency versions)
  and every file of this package (the flow, batching, reconciliation wiring, publishing, reports);
- the **curator decisions**, as loaded (a reformatted file with the same decisions is the same).

A run whose digest equals the recorded one, over an output folder whose files still have their recorded
hashes, would write the same rows again (only the run id and times would differ), so it reads no page cache,
reconciles nothing and leaves the folder untouched: downstream readers see no new files, and the documents'
``run_id`` still names the run that wrote them. The run's own summary says which run it is up to date with.
``musculus run --force`` (or ``--no-cache``, which reuses nothing from earlier runs) publishes anyway.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.report import run_summary

if TYPE_CHECKING:  # publishing imports this module; the CLI imports publishing before it needs extractors
    from extractors.curation import Decision
    from extractors.model import SourceItem

MANIFEST = "run.json"
DIGEST_KEY = "run_digest"
FILES_KEY = "files"
CHUNK_BYTES = 1 << 20


class InputsDigest:
    """sha256 over the pages as discovery yields them, fed one page at a time (the corpus is never in memory)."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self.pages = 0

    def add(self, item: SourceItem) -> None:
        fields = {f.name: getattr(item, f.name) for f in dataclasses.fields(item) if f.name != "data"}
        self._digest.update(json.dumps([item.doc_id, fields], sort_keys=True, default=str).encode("utf-8"))
        self._digest.update(b"\n")
        self.pages += 1

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


@lru_cache(maxsize=1)
def output_code_version() -> str:
    """The page cache's code version plus every file of the pipelines package."""
    from pipelines.cache import code_version, package_files
    import pipelines

    digest = hashlib.sha256(code_version().encode("ascii"))
    for path in package_files(pipelines):
        digest.update(f"{path.name}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def run_digest(inputs_digest: str, decisions: Iterable[Decision], sources: list[dict] | None = None) -> str:
    """What the output of a run is a function of: its pages, the code, the curator decisions and the sources file
    (as loaded: extractors.independence.SourceRules.as_dict; no rules leaves the digest as it was)."""
    payload = {
        "inputs": inputs_digest,
        "code": output_code_version(),
        "decisions": [dataclasses.asdict(decision) for decision in decisions],
    }
    if sources:
        payload["sources"] = sources
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


def file_digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` but run.json (which records them), by relative POSIX path."""
    found = {}
    for path in sorted(Path(folder).rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative != MANIFEST:
            found[relative] = _file_sha256(path)
    return found


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def published_output(out_dir: Path, digest: str) -> tuple[dict | None, str]:
    """(run.json of ``out_dir``, why) when the output there was published from ``digest`` and its files are as
    published; (None, why it must be published again) otherwise."""
    try:
        manifest = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, "no earlier output"
    except (OSError, ValueError) as error:
        return None, f"the earlier {MANIFEST} cannot be read ({error})"
    if not isinstance(manifest, dict) or DIGEST_KEY not in manifest:
        return None, f"the earlier output does not record its {DIGEST_KEY}"
    if manifest[DIGEST_KEY] != digest:
        return None, "pages, code or curator decisions changed since the earlier output"
    if file_digests(Path(out_dir)) != manifest.get(FILES_KEY):
        return None, f"the files of the earlier output (run {manifest.get('run_id')}) were changed since"
    return manifest, f"pages, code and curator decisions as in run {manifest.get('run_id')}"


def up_to_date_manifest(previous: dict, run_id: str, started: str, ended: str, cache: dict) -> dict:
    """This run's manifest when it kept ``previous``'s output (its run.json, whole or summarized): that output's
    counts, with this run's identity and times and ``up_to_date_with`` naming the run that published what is
    there. Summarized like every run's returned manifest (pipelines.report.run_summary)."""
    manifest = run_summary(previous)
    manifest.update(run_id=run_id, started=started, ended=ended, cache=cache,
                    up_to_date_with={"run_id": previous.get("run_id"), "ended": previous.get("ended")})
    return manifest
