"""Publishing: files derived from the contracts, run.json, atomic swap, nothing published on failure.

Also the CLI's fast paths (help, configuration errors), which must not load Prefect.
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines import cli, publish
from pipelines.report import CONFLICTS_REPORT, summary_markdown, summary_text
from schemas.tables import TABLES

SAMPLE = {"string": "x", "int64": 3, "float64": 0.5, "bool": True, "list<string>": ["a", "b"]}


def row(table_name: str, index: int = 0, **overrides) -> dict:
    """A valid row of any contract table, built from the contract (unique per ``index``)."""
    values = {}
    for column in TABLES[table_name].columns:
        value = column.values[0] if column.values else SAMPLE[column.type]
        if column.type == "string" and not column.values:
            value = f"{column.name}-{index}"
        values[column.name] = value
    values.update(overrides)
    return values


def sample_tables() -> dict[str, list[dict]]:
    tables = {name: [row(name, 0), row(name, 1)] for name in TABLES}
    tables["documents"][1].update(status="quarantined", reason="binary", detail="NUL bytes", text_clean=None)
    tables["claims"][0].update(qualifier=None, value_id=None)
    return tables


def do_publish(out_dir, tables=None, **kwargs):
    return publish.publish(
        out_dir, tables if tables is not None else sample_tables(), run_id="run-1",
        started="2026-01-01T00:00:00+00:00", reports={CONFLICTS_REPORT: "# Conflicts\n"}, **kwargs
    )


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent, out_name="output"):
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{out_name}."))


def test_publish_writes_every_table_run_json_and_report(tmp_path):
    out = tmp_path / "output"
    manifest = do_publish(out)
    for name, table in TABLES.items():
        parquet = pq.read_table(out / f"{name}.parquet")
        assert parquet.schema.equals(table.arrow_schema()), name
        assert parquet.num_rows == 2
        with (out / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == table.column_names
        assert len(rows) == 3
    assert (out / CONFLICTS_REPORT).read_text(encoding="utf-8") == "# Conflicts\n"
    on_disk = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert on_disk == manifest
    assert on_disk["run_id"] == "run-1"
    assert on_disk["counts"] == {name: 2 for name in TABLES}
    assert on_disk["status_counts"]["documents"] == {"ok": 1, "quarantined": 1}
    assert on_disk["inputs"] == {"path-0": "doc_id-0", "path-1": "doc_id-1"}
    assert on_disk["quarantine"] == {
        "reasons": {"binary": 1},
        "pages": [{"path": "path-1", "reason": "binary", "detail": "NUL bytes"}],
    }
    assert "python" in on_disk["versions"] and "musculus" in on_disk["versions"]
    assert leftovers(tmp_path) == []


def test_csv_joins_lists_and_writes_null_as_empty(tmp_path):
    out = tmp_path / "output"
    do_publish(out)
    with (out / "claims.csv").open(encoding="utf-8", newline="") as handle:
        first = next(csv.DictReader(handle))
    assert first["qualifier"] == ""
    assert first["value_id"] == ""
    with (out / "facts.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.DictReader(handle))["doc_ids"] == "a|b"


def test_publish_replaces_previous_output_and_keeps_gitkeep(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / ".gitkeep").write_text("")
    (out / "stale.csv").write_text("old")
    do_publish(out)
    assert (out / ".gitkeep").is_file()
    assert not (out / "stale.csv").exists()
    assert (out / "documents.parquet").is_file()
    assert leftovers(tmp_path) == []


def test_validation_failure_leaves_previous_output_untouched(tmp_path):
    out = tmp_path / "output"
    do_publish(out)
    before = snapshot(out)
    broken = sample_tables()
    broken["facts"][0]["status"] = "maybe"  # not one of the contract's statuses
    del broken["labels"][1]["kind"]
    with pytest.raises(publish.ValidationFailed) as failure:
        do_publish(out, broken)
    assert set(failure.value.problems) == {"facts", "labels"}
    assert "maybe" in str(failure.value)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_missing_and_unknown_tables_are_validation_problems():
    tables = sample_tables()
    del tables["boilerplate"]
    tables["extra"] = []
    assert set(publish.validate_tables(tables)) == {"boilerplate", "extra"}
    assert publish.validate_tables(sample_tables()) == {}


def test_failure_while_writing_leaves_previous_output_untouched(tmp_path, monkeypatch):
    out = tmp_path / "output"
    do_publish(out)
    before = snapshot(out)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish._TableWriter, "add", disk_full)
    with pytest.raises(OSError):
        do_publish(out)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_failed_swap_restores_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "output"
    do_publish(out)
    before = snapshot(out)

    def exchange(first, second):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(publish.atomic, "exchange", exchange)
    with pytest.raises(OSError):
        do_publish(out)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_failed_fallback_swap_restores_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "output"
    do_publish(out)
    before = snapshot(out)
    real_rename = publish.atomic.os.rename

    def exchange(first, second):
        raise publish.atomic.ExchangeUnsupported(38, "Function not implemented")

    def rename(source, target):
        if str(source).startswith(str(tmp_path / ".output.new-")):
            raise OSError(5, "Input/output error")
        return real_rename(source, target)

    monkeypatch.setattr(publish.atomic, "exchange", exchange)
    monkeypatch.setattr(publish.atomic.os, "rename", rename)
    with pytest.raises(OSError):
        do_publish(out)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_check_output_dir_rejects_files(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(publish.OutputError, match="not a folder"):
        publish.check_output_dir(tmp_path / "file")
    with pytest.raises(publish.OutputError, match="not a folder"):
        publish.check_output_dir(tmp_path / "file" / "output")
    publish.check_output_dir(tmp_path / "new" / "output")  # creatable: fine
    assert not (tmp_path / "new").exists()


def test_summaries_name_counts_and_report(tmp_path):
    manifest = do_publish(tmp_path / "output")
    markdown = summary_markdown(manifest)
    assert "| documents | 2 | ok: 1, quarantined: 1 |" in markdown
    assert "| binary | 1 |" in markdown
    text = summary_text(manifest, tmp_path / "output")
    assert "pages: 1 ok, 1 quarantined (binary 1)" in text
    assert f"report: {tmp_path / 'output' / CONFLICTS_REPORT}" in text


def test_cli_missing_input_is_a_configuration_error(tmp_path, capsys):
    assert cli.main(["run", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    message = capsys.readouterr().err
    assert "nope does not exist" in message and "musculus run" in message


def test_cli_unwritable_output_is_a_configuration_error(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "blocker").write_text("x")
    assert cli.main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "blocker")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_cli_help_config_errors_and_pure_layers_do_not_load_prefect(tmp_path):
    code = (
        "import importlib, pkgutil, sys\n"
        "import extractors, schemas\n"
        "from pipelines import cli, publish, report\n"
        f"assert cli.main(['run', {str(tmp_path / 'missing')!r}]) == 2\n"
        "for package in (extractors, schemas):\n"
        "    for module in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(module.name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'prefect' or m.startswith('prefect.'))\n"
        "assert not loaded, loaded[:5]\n"
    )
    checked = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    shown = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--help"], capture_output=True, text=True)
    assert shown.returncode == 0 and "--batch-size" in shown.stdout


class _Text(str):
    """A str subclass: valid for the contract (isinstance), not an exact str."""


ODD_VALUES = (None, True, False, 0, 7, 1.5, "x", "", _Text("x"), [], ["a", "b"], ("a",), [1], {"a": 1}, b"x")


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_column_check_finds_exactly_what_the_row_check_finds(data):
    """The column-by-column check is a fast path: on any rows it must say what the check per row says."""
    table = TABLES[data.draw(st.sampled_from(sorted(TABLES)))]
    rows = [row(table.name, index) for index in range(data.draw(st.integers(0, 4)))]
    for target in data.draw(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(table.columns)), max_size=3)):
        if rows:
            index, column = target[0] % len(rows), target[1]
            rows[index][column.name] = data.draw(st.sampled_from(ODD_VALUES + (column.values or ())))
    if rows and data.draw(st.booleans()):
        rows.append(dict(rows[0]))  # a duplicate key, where the table has one
    if rows and data.draw(st.booleans()):
        rows[-1].pop(table.column_names[0])
    problems, columns = table.check(rows)
    assert problems == table._row_problems(rows, 0, set())
    assert (columns is None) == bool(problems)
    if columns is not None:
        assert list(columns) == table.column_names
        assert [dict(zip(columns, values)) for values in zip(*columns.values())] == rows


def test_column_check_counts_keys_across_chunks():
    table = TABLES["claims"]
    seen: set = set()
    first = [row("claims", 0), row("claims", 1)]
    assert table.check(first, seen_keys=seen) == ([], table._columns(first))
    problems, columns = table.check([row("claims", 1)], start=2, seen_keys=seen)
    assert columns is None and problems == [f"claims[2]: duplicate key {{'claim_id': 'claim_id-1'}}"]


def test_run_json_lists_the_most_frequent_unresolved_texts_per_language_and_field():
    def claim(index, text, language="fr", field="origin", value_id=None):
        return row("claims", index, value_text=text, language=language, field=field, value_id=value_id)

    claims = [claim(0, "aponévrose  bicipitale"), claim(1, "aponévrose bicipitale"), claim(2, "fascia lata"),
              claim(3, "tibia", value_id="TA98:A02.5.06.001"), claim(4, "nervo X", "it", "nerve")]
    manifest = publish.run_manifest({"claims": claims}, "run", "start", "end")
    assert manifest["unresolved"] == {
        "claims": 4,
        "top": {"fr": {"origin": [["aponévrose bicipitale", 2], ["fascia lata", 1]]},
                "it": {"nerve": [["nervo X", 1]]}},
    }


def test_unresolved_texts_stay_bounded_on_large_runs(monkeypatch):
    monkeypatch.setattr(publish, "UNRESOLVED_KEPT", 10)
    counter = publish.UnresolvedTexts()
    unresolved = {"value_id": None, "language": "fr", "field": "origin"}
    counter.add([row("claims", i, value_text="fréquent", **unresolved) for i in range(3)])
    counter.add([row("claims", i, value_text=f"rare {i}", **unresolved) for i in range(20)])
    assert counter.claims == 23
    assert dict(counter.texts) == {("fr", "origin", "fréquent"): 3}  # the texts seen once were forgotten
