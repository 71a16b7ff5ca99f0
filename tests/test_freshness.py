"""Is the published output up to date (pipelines/freshness.py)? No Prefect."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from extractors.curation import Decision
from extractors.discover import discover
from pipelines import cache as cache_module
from pipelines import freshness, publish
from pipelines.freshness import (DIGEST_KEY, FILES_KEY, InputsDigest, file_digests, published_output, run_digest,
                                 up_to_date_manifest)
from pipelines.report import summary_markdown, summary_text
from schemas.tables import TABLES

RAW = Path(__file__).resolve().parent.parent / "raw"

DECISION = Decision("TA98:A04.7.02.044", "nerve_root", ("ROOT:S1",), (), "curator", "2026-01-01")


def do_publish(out: Path, **options) -> dict:
    tables = {name: [] for name in TABLES}
    return publish.publish(out, tables, run_id=options.pop("run_id", "run-1"), started="2026-01-01T00:00:00+00:00",
                           reports={"report/conflicts.md": "# Conflicts\n"}, **options)


def digest_of(items) -> str:
    digest = InputsDigest()
    for item in items:
        digest.add(item)
    return digest.hexdigest()


@pytest.fixture(scope="module")
def items():
    return list(discover(RAW))


def test_the_inputs_digest_follows_bytes_location_and_order_of_the_pages(items):
    same = digest_of(items)
    assert digest_of(list(discover(RAW))) == same
    first = items[0]
    changes = [
        [dataclasses.replace(first, data=first.data + b" "), *items[1:]],
        [dataclasses.replace(first, path="elsewhere/" + first.path), *items[1:]],
        [dataclasses.replace(first, revision="42"), *items[1:]],
        [dataclasses.replace(first, error=("binary", "NUL bytes")), *items[1:]],
        [*items[1:], first],
        items[1:],
    ]
    assert len({same, *(digest_of(changed) for changed in changes)}) == len(changes) + 1


def test_the_run_digest_follows_inputs_code_and_decisions(monkeypatch):
    base = run_digest("inputs", [DECISION])
    assert run_digest("inputs", [DECISION]) == base
    assert run_digest("other inputs", [DECISION]) != base
    assert run_digest("inputs", []) != base
    assert run_digest("inputs", [dataclasses.replace(DECISION, accept=("ROOT:L5",))]) != base
    monkeypatch.setattr(freshness, "output_code_version", lambda: "another code version")
    assert run_digest("inputs", [DECISION]) != base


def test_the_output_code_version_reads_the_pipelines_package_too(monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(cache_module, "package_files",
                        lambda *packages: asked.extend(package.__name__ for package in packages) or [])
    cache_module.code_version.cache_clear()
    freshness.output_code_version.cache_clear()
    try:
        freshness.output_code_version()
    finally:
        cache_module.code_version.cache_clear()
        freshness.output_code_version.cache_clear()
    assert sorted(asked) == ["extractors", "pipelines", "schemas"]


@pytest.fixture()
def published(tmp_path):
    out = tmp_path / "output"
    do_publish(out, extra={DIGEST_KEY: "digest-1"})
    return out


def test_publishing_records_the_sha256_of_every_file_but_run_json(published):
    manifest = json.loads((published / "run.json").read_text(encoding="utf-8"))
    assert manifest[FILES_KEY] == file_digests(published)
    assert "run.json" not in manifest[FILES_KEY]
    assert {"claims.parquet", "claims.csv", "report/conflicts.md"} <= set(manifest[FILES_KEY])


def test_an_output_published_from_the_same_digest_is_up_to_date(published):
    previous, why = published_output(published, "digest-1")
    assert previous == json.loads((published / "run.json").read_text(encoding="utf-8"))
    assert "run-1" in why


@pytest.mark.parametrize("change, reason", [
    (lambda out: (out / "claims.csv").write_text("changed\n"), "were changed"),
    (lambda out: (out / "facts.parquet").unlink(), "were changed"),
    (lambda out: (out / "notes.txt").write_text("a file the output did not have\n"), "were changed"),
    (lambda out: (out / "run.json").unlink(), "no earlier output"),
    (lambda out: (out / "run.json").write_text("{not json"), "cannot be read"),
    (lambda out: (out / "run.json").write_text("[]"), "does not record"),
])
def test_an_output_changed_since_it_was_published_is_not_up_to_date(published, change, reason):
    change(published)
    previous, why = published_output(published, "digest-1")
    assert previous is None and reason in why


def test_an_output_of_other_pages_code_or_decisions_is_not_up_to_date(published, tmp_path):
    assert published_output(published, "digest-2") == (None, "pages, code or curator decisions changed since "
                                                             "the earlier output")
    old = tmp_path / "old"
    do_publish(old)  # published before outputs recorded a digest
    assert published_output(old, "digest-1")[0] is None


def test_a_kept_output_is_summarized_with_the_run_that_published_it(published):
    previous = json.loads((published / "run.json").read_text(encoding="utf-8"))
    cache = {"enabled": True, "pages_reused": 2, "pages_extracted": 0, "pages_fingerprinted": 0}
    manifest = up_to_date_manifest(previous, "run-2", "2026-01-02T00:00:00+00:00", "2026-01-02T00:00:09+00:00",
                                   cache)
    assert (manifest["run_id"], manifest["counts"], manifest["cache"]) == ("run-2", previous["counts"], cache)
    assert manifest["up_to_date_with"] == {"run_id": "run-1", "ended": previous["ended"]}
    assert FILES_KEY not in manifest
    for text in (summary_text(manifest, published), summary_markdown(manifest)):
        assert "output up to date" in text and "run run-1" in text and "from the cache" not in text
    assert "pages reused from the cache" in summary_text({**previous, "cache": cache}, published)


def test_publishing_again_replaces_what_published_output_read(published):
    do_publish(published, run_id="run-2", extra={DIGEST_KEY: "digest-2"})
    assert published_output(published, "digest-1")[0] is None
    assert published_output(published, "digest-2")[0]["run_id"] == "run-2"
