"""The run's work folder and streamed publishing (pipelines/work.py, pipelines.publish.publish_chunks): no Prefect."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extractors.discover import discover
from extractors.pipeline import entity_labels, run_tables
from extractors.process import process_batch
from extractors.templates import page_fingerprints, site_templates
from pipelines import publish
from pipelines.cache import fingerprint_items, process_items
from pipelines.freshness import InputsDigest
from extractors.reconcile import reconcile
from pipelines.work import (CLAIM_FIELDS, ProjectionView, RunWork, TemplateCollector, read_documents, read_items,
                            table_chunks, write_documents, write_result)
from schemas.tables import TABLES

RAW = Path(__file__).resolve().parent.parent / "raw"


@pytest.fixture()
def pages(tmp_path):
    """raw/ spread over three sites, so batches cut across sites."""
    root = tmp_path / "in"
    for index, page in enumerate(sorted(p for p in RAW.iterdir() if p.is_file())):
        target = root / f"site{index % 3}" / page.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(page, target)
    return root


@pytest.mark.parametrize("batch_size", [1, 2, 3, 100])
def test_batches_on_disk_hold_exactly_what_discover_yields(pages, tmp_path, batch_size):
    work = RunWork.next_to(tmp_path / "out")
    refs, total, digest = work.write_inputs(pages, batch_size)
    expected = list(discover(pages))
    read = [item for ref in refs for item in read_items(ref)]
    assert total == len(expected) == len(read) and read == expected
    whole = InputsDigest()
    for item in expected:
        whole.add(item)
    assert digest == whole.hexdigest()  # whatever the batch size
    assert [item.doc_id for item in read] == [item.doc_id for item in expected]
    assert all(ref.sites == tuple(sorted({i.site for i in read_items(ref)})) for ref in refs)
    assert work.root.parent == tmp_path and work.root.name.startswith(".out.work-")
    work.remove()
    assert not work.root.exists()


@pytest.mark.parametrize("batch_size", [1, 2, 3, 100])
def test_template_collector_equals_site_templates_in_any_completion_order(pages, tmp_path, batch_size):
    work = RunWork.next_to(tmp_path / "out")
    refs, _, _ = work.write_inputs(pages, batch_size)
    collector = TemplateCollector(refs)
    with pytest.raises(RuntimeError):
        collector.templates  # noqa: B018
    for ref in reversed(refs):
        collector.add(ref.index, page_fingerprints(read_items(ref)))
    assert collector.templates == site_templates(list(discover(pages)))


def test_documents_handed_from_the_first_pass_to_the_second_give_the_same_rows(pages, tmp_path):
    work = RunWork.next_to(tmp_path / "out")
    refs, _, _ = work.write_inputs(pages, 2)
    items = list(discover(pages))
    templates = site_templates(items)
    for ref in refs:
        write_documents(ref, fingerprint_items(read_items(ref), None)[2])
        handed = read_documents(ref)
        assert all(doc is None or doc.source == "" for doc in handed)  # the source text is not carried over
        assert process_items(read_items(ref), templates, None, handed)[0] == process_batch(read_items(ref), templates)


def test_projections_stream_what_reconciliation_reads(pages, tmp_path):
    work = RunWork.next_to(tmp_path / "out")
    refs, _, _ = work.write_inputs(pages, 2)
    items = list(discover(pages))
    templates = site_templates(items)
    outcomes = [write_result(ref, process_batch(read_items(ref), templates), 0, 0) for ref in refs]
    claims = process_batch(items, templates).claims
    expected = [{f: (tuple(c[f]) if f == "qualifier" else c[f]) for f in CLAIM_FIELDS} for c in claims if c["value_id"]]
    view = ProjectionView(outcomes, "claims")
    assert list(view) == expected and list(view) == expected  # re-iterable
    documents = ProjectionView(outcomes, "documents")
    assert [d["path"] for d in documents] == [i.path for i in items] == [d["path"] for d in documents]
    assert reconcile(view, list(documents)) == reconcile(claims, process_batch(items, templates).documents)


def test_streamed_tables_publish_the_same_files_as_whole_tables(pages, tmp_path):
    items = list(discover(pages))
    whole = run_tables(items, "run-1")

    work = RunWork.next_to(tmp_path / "streamed")
    refs, _, _ = work.write_inputs(pages, 2)
    templates = site_templates(items)
    outcomes = [write_result(ref, process_batch(read_items(ref), templates), 0, 0) for ref in refs]
    final = {name: whole[name] for name in ("facts", "conflicts")}
    final["labels"] = entity_labels(whole["facts"])  # after the page labels, as in run_tables
    evidence: list[dict] = []
    chunks = table_chunks(outcomes, "run-1", final, {items[0].doc_id}, evidence)
    publish.publish_chunks(tmp_path / "streamed", chunks, run_id="run-1", started="t", reports={"r.md": "x"})
    publish.publish(tmp_path / "whole", whole, run_id="run-1", started="t", reports={"r.md": "x"})

    for name in TABLES:
        for suffix in ("csv", "parquet"):
            streamed, plain = tmp_path / "streamed" / f"{name}.{suffix}", tmp_path / "whole" / f"{name}.{suffix}"
            if suffix == "csv":
                assert streamed.read_text(encoding="utf-8") == plain.read_text(encoding="utf-8"), name
            else:
                assert pq.read_table(streamed).equals(pq.read_table(plain)), name
    manifests = [json.loads((tmp_path / d / "run.json").read_text()) for d in ("streamed", "whole")]
    for manifest in manifests:
        manifest.pop("ended")
    assert manifests[0] == manifests[1]
    assert evidence == [c for c in whole["claims"] if c["doc_id"] == items[0].doc_id]


def test_a_duplicate_key_across_chunks_publishes_nothing(tmp_path):
    out = tmp_path / "out"
    tables = run_tables(discover(RAW), "run-1")
    publish.publish(out, tables, run_id="run-1", started="t")
    before = sorted(p.name for p in out.iterdir())
    claims = tables["claims"]
    chunks = [{**tables, "claims": claims}, {"claims": claims[:1]}]
    with pytest.raises(publish.ValidationFailed) as failed:
        publish.publish_chunks(out, chunks, run_id="run-2", started="t")
    assert any("duplicate key" in message for message in failed.value.problems["claims"])
    assert f"claims[{len(claims)}]" in failed.value.problems["claims"][0]
    assert sorted(p.name for p in out.iterdir()) == before
    assert json.loads((out / "run.json").read_text())["run_id"] == "run-1"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_tables_no_chunk_mentions_are_published_empty(tmp_path):
    manifest = publish.publish_chunks(tmp_path / "out", iter([]), run_id="r", started="t")
    assert manifest["counts"] == {name: 0 for name in TABLES}
    for name, table in TABLES.items():
        assert pq.read_table(tmp_path / "out" / f"{name}.parquet").schema.equals(table.arrow_schema())
