"""Configuration errors through the command (pipelines.cli.main): exit code 2, before any work, with a message
that names the problem and the fix; nothing is published and nothing is created.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipelines import cli


@pytest.fixture
def pages(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.txt").write_text("Soleus\n\nThe soleus is a muscle of the calf that arises from the tibia.\n"
                                     "It inserts onto the calcaneus through the Achilles tendon of the leg.\n")
    return folder


def run(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["run", *map(str, args)])
    return code, capsys.readouterr().err


def assert_config_error(code: int, message: str, *phrases: str) -> None:
    assert code == cli.EXIT_CONFIG, message
    assert message.startswith("musculus: configuration error: "), message
    for phrase in phrases:
        assert phrase in message, f"{phrase!r} not in {message!r}"
    assert "Traceback" not in message


# ---- the input folder ------------------------------------------------------------------------------------

def test_missing_input_folder(tmp_path, capsys):
    code, message = run(capsys, tmp_path / "nope", "--out", tmp_path / "out")
    assert_config_error(code, message, str(tmp_path / "nope"), "does not exist", "pass the folder of pages",
                        "musculus run raw/")
    assert not (tmp_path / "out").exists()


def test_input_that_is_a_file(tmp_path, capsys):
    (tmp_path / "page.txt").write_text("x")
    code, message = run(capsys, tmp_path / "page.txt", "--out", tmp_path / "out")
    assert_config_error(code, message, "is not a folder", "pass the folder of pages")


# ---- the output folder -----------------------------------------------------------------------------------

def test_output_that_is_a_file(pages, tmp_path, capsys):
    (tmp_path / "out").write_text("not a folder")
    code, message = run(capsys, pages, "--out", tmp_path / "out")
    assert_config_error(code, message, str(tmp_path / "out"), "not a folder", "pass another --out")
    assert (tmp_path / "out").read_text() == "not a folder"


def test_output_below_a_file(pages, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    code, message = run(capsys, pages, "--out", tmp_path / "file" / "out")
    assert_config_error(code, message, "not a folder", "pass another --out")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc (a folder nobody can write)")
@pytest.mark.parametrize("out", ["/proc/musculus-out", "/proc/musculus-missing/deeper/out"])
def test_output_where_nothing_can_be_written(pages, capsys, out):
    code, message = run(capsys, pages, "--out", out)
    assert_config_error(code, message, out, "/proc", "writable", "pass another --out")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_output_in_a_read_only_folder(pages, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, message = run(capsys, pages, "--out", locked / "out")
    finally:
        locked.chmod(0o700)
    assert_config_error(code, message, str(locked), "writable", "pass another --out")


# ---- the curation file -----------------------------------------------------------------------------------

MARKER = "curation-python-tag-ran"
CURATION_FILES = {
    "syntax": ("decisions:\n  - subject_id: [unclosed\n", ("not valid YAML", "fix the syntax")),
    "python_tag": ("decisions:\n  - !!python/object/apply:os.system ['touch {marker}']\n",
                   ("not valid YAML", "python/object/apply", "fix the syntax")),
    "top_level_list": ("- subject_id: X\n  field: origin\n", ("must be a mapping with one key, decisions",
                                                               "see the example")),
    "typo_in_key": ("decision:\n  - subject_id: X\n", ("unknown top-level key(s) decision", "see the example")),
    "not_a_list": ("decisions: {subject_id: X}\n", ("must be a list of entries", "see the example")),
    "entry_not_a_mapping": ("decisions:\n  - just text\n", ("decision 1", "must be a mapping", "see the example")),
    "missing_fields": ("decisions:\n  - subject_id: TA98:A04.7.02.044\n    field: nerve_root\n",
                       ("decision 1", "missing curator, date", "every decision names")),
    "nothing_decided": ("decisions:\n  - {subject_id: X, field: origin, curator: C, date: 2026-01-02}\n",
                        ("give at least one value under accept or reject",)),
    "both_ways": ("decisions:\n  - {subject_id: X, field: origin, curator: C, date: 2026-01-02, accept: [A], "
                  "reject: [A]}\n", ("both accepted and rejected", "keep each value under one of them")),
    "values_not_ids": ("decisions:\n  - {subject_id: X, field: origin, curator: C, date: 2026-01-02, "
                       "accept: [{a: 1}]}\n", ("must be a list of value ids",)),
}


@pytest.mark.parametrize("name", sorted(CURATION_FILES))
def test_malformed_curation_file(pages, tmp_path, capsys, name):
    text, phrases = CURATION_FILES[name]
    curation = tmp_path / f"{name}.yaml"
    curation.write_text(text.replace("{marker}", str(tmp_path / MARKER)), encoding="utf-8")
    code, message = run(capsys, pages, "--out", tmp_path / "out", "--curation", curation)
    assert_config_error(code, message, "curation file", str(curation), *phrases)
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / MARKER).exists()


def test_curation_file_that_is_not_utf8(pages, tmp_path, capsys):
    curation = tmp_path / "decisions.yaml"
    curation.write_bytes(b"\xff\xfe\x00decisions: []\n")
    code, message = run(capsys, pages, "--out", tmp_path / "out", "--curation", curation)
    assert_config_error(code, message, str(curation), "not UTF-8", "save the decisions file as UTF-8")


def test_curation_path_that_is_a_folder(pages, tmp_path, capsys):
    code, message = run(capsys, pages, "--out", tmp_path / "out", "--curation", tmp_path)
    assert_config_error(code, message, "is a folder, not a decisions file", "--curation FILE")


def test_batch_size_below_one(pages, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["run", str(pages), "--out", str(tmp_path / "out"), "--batch-size", "0"])
    assert stopped.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err
