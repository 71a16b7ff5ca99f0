"""The catalogue of hostile inputs (hostile_inputs.py) through discovery and the pure pipeline.

Each input is read correctly or becomes a quarantined documents row with its reason code; the rest is
published; the input tree is byte for byte what it was; nothing is executed (a YAML python tag would create a
marker file), fetched (a local HTTP server counts requests for the external entities and DTDs) or read from
outside the input (a secret file's content appears in no table); nothing expands without bound: the run goes in
a subprocess capped at MEMORY_CAP_BYTES of address space and TIMEOUT_SECONDS, so a regression fails this test
instead of taking the machine down.
"""
from __future__ import annotations

import hashlib
import http.server
import json
import os
import resource
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import hostile_inputs
from extractors import discover as discover_module
from extractors.discover import discover
from extractors.process import process_item
from pipelines.publish import validate_tables
from schemas.tables import TABLES

MEMORY_CAP_BYTES = 6 * 1024**3
TIMEOUT_SECONDS = 300

RUN = r"""
import json, logging, sys
logging.disable(logging.CRITICAL)
from pathlib import Path
from extractors.discover import discover
from extractors.pipeline import run_tables
tables = run_tables(discover(Path(sys.argv[1])), run_id="hostile")
Path(sys.argv[2]).write_text(json.dumps(tables, ensure_ascii=False, default=str), encoding="utf-8")
"""


def tree_state(root: Path) -> dict[str, tuple]:
    """Every entry under root, links not followed: content hash and mtime of files, targets of links."""
    state = {}
    for directory, subdirs, names in os.walk(root, followlinks=False):
        for name in sorted(subdirs + names):
            path = Path(directory) / name
            info = path.lstat()
            key = path.relative_to(root).as_posix()
            if stat.S_ISLNK(info.st_mode):
                state[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256()
                with path.open("rb") as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(chunk)
                state[key] = ("file", digest.hexdigest(), info.st_size, info.st_mtime_ns, info.st_mode)
            else:
                state[key] = ("other", stat.S_IFMT(info.st_mode), info.st_mode)
    return state


class CountingServer(http.server.ThreadingHTTPServer):
    def __init__(self):
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append(self.path)
                body = b"<!ENTITY leaked 'FETCHED-OVER-HTTP'>"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def _cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    root, outside = base / "in", base / "outside"
    server = CountingServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        cases = hostile_inputs.build(root, outside, http_url=f"http://127.0.0.1:{server.server_address[1]}/")
        before = tree_state(root)
        result = base / "tables.json"
        run = subprocess.run([sys.executable, "-c", RUN, str(root), str(result)], capture_output=True, text=True,
                             timeout=TIMEOUT_SECONDS, preexec_fn=_cap_memory)
        assert run.returncode == 0, f"the run over the hostile inputs failed:\n{run.stderr[-5000:]}"
        tables = json.loads(result.read_text(encoding="utf-8"))
        after = tree_state(root)
    finally:
        server.shutdown()
        server.server_close()
    return {"cases": cases, "tables": tables, "before": before, "after": after, "outside": outside,
            "requests": list(server.requests), "result_text": result.read_text(encoding="utf-8")}


def test_every_input_is_read_or_quarantined_with_its_reason(hostile):
    documents = {row["path"]: row for row in hostile["tables"]["documents"]}
    problems = []
    for path, case in sorted(hostile["cases"].items()):
        row = documents.get(path)
        if row is None:
            problems.append(f"{path}: no documents row (expected {case.status} {case.reason or ''})")
            continue
        if (row["status"], row["reason"]) != (case.status, case.reason):
            problems.append(f"{path}: {row['status']} {row['reason']} ({row['detail']}), "
                            f"expected {case.status} {case.reason or ''} [{case.note}]")
            continue
        if case.status == "ok":
            text = row["text_clean"]
            problems += [f"{path}: text_clean lacks {want!r}" for want in case.contains if want not in text]
            problems += [f"{path}: text_clean holds {bad!r}" for bad in case.lacks if bad in text]
            if case.family and row["family"] != case.family:
                problems.append(f"{path}: family {row['family']}, expected {case.family}")
        elif not row["detail"]:
            problems.append(f"{path}: quarantined without a detail")
    assert problems == []


def test_one_row_per_input_and_no_other(hostile):
    paths = [row["path"] for row in hostile["tables"]["documents"]]
    assert len(paths) == len(set(paths))
    assert sorted(paths) == sorted(hostile["cases"])


def test_the_rest_is_published_and_valid(hostile):
    tables = hostile["tables"]
    assert validate_tables(tables) == {}
    good_ids = {row["doc_id"] for row in tables["documents"] if row["path"] == "good/soleus.txt"}
    assert any(claim["doc_id"] in good_ids for claim in tables["claims"])
    assert tables["facts"]


def test_claims_index_the_cleaned_text(hostile):
    texts = {row["doc_id"]: row["text_clean"] for row in hostile["tables"]["documents"] if row["status"] == "ok"}
    for claim in hostile["tables"]["claims"]:
        assert texts[claim["doc_id"]][claim["char_start"]:claim["char_end"]] == claim["value_text"]


def test_no_input_is_modified(hostile):
    assert hostile["after"] == hostile["before"]


def test_nothing_is_executed(hostile):
    assert not (hostile["outside"] / hostile_inputs.MARKER_NAME).exists()


def test_nothing_is_fetched_or_read_from_outside_the_input(hostile):
    assert hostile["requests"] == []
    assert hostile_inputs.SECRET not in hostile["result_text"]
    assert "FETCHED-OVER-HTTP" not in hostile["result_text"]


def test_every_quarantine_reason_is_a_known_code(hostile):
    known = {"empty", "binary", "undecodable", "too_large", "too_deep", "malformed_front_matter", "malformed_xml",
             "unknown_family", "symlink_escape", "vanished", "unreadable", "unsupported_language", "duplicate",
             "processing_error"}
    reasons = {row["reason"] for row in hostile["tables"]["documents"] if row["status"] == "quarantined"}
    assert reasons <= known
    assert "processing_error" not in reasons, "a hostile page crashed a reader or extractor"


# ---- a file that vanishes between the listing and the read ----------------------------------------------

def test_a_file_deleted_after_the_listing_is_quarantined_as_vanished(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(hostile_inputs.ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(hostile_inputs.SPANISH, encoding="utf-8")
    (tmp_path / "dump.xml").write_text(hostile_inputs.GOOD_DUMP, encoding="utf-8")
    listed = discover_module._files

    def list_then_delete(root):
        paths = list(listed(root))
        (tmp_path / "b.txt").unlink()
        (tmp_path / "dump.xml").unlink()
        return iter(paths)

    monkeypatch.setattr(discover_module, "_files", list_then_delete)
    items = {item.path: item for item in discover(tmp_path)}
    assert sorted(items) == ["a.txt", "b.txt", "dump.xml"]
    assert items["a.txt"].error is None
    for path in ("b.txt", "dump.xml"):
        assert items[path].error[0] == "vanished"
        row = process_item(items[path]).documents[0]
        assert (row["status"], row["reason"]) == ("quarantined", "vanished")
        assert set(row) >= set(TABLES["documents"].column_names) - {"run_id"}


def test_a_file_deleted_between_the_check_and_the_open_is_quarantined_as_vanished(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(hostile_inputs.ARTICLE, encoding="utf-8")

    def check_then_delete(path, *args):
        Path(path).unlink(missing_ok=True)  # the checks passed; then the file goes before it is opened
        return None

    monkeypatch.setattr(discover_module, "_unsafe", check_then_delete)
    [item] = discover(tmp_path)
    assert item.error[0] == "vanished"


def test_a_file_swapped_for_a_link_between_the_check_and_the_open_is_not_followed(tmp_path, monkeypatch):
    root, outside = tmp_path / "input", tmp_path / "secret.txt"
    root.mkdir()
    outside.write_text(hostile_inputs.SECRET, encoding="utf-8")
    (root / "a.txt").write_text(hostile_inputs.ARTICLE, encoding="utf-8")
    checked = discover_module._unsafe

    def check_then_swap(path, *args):
        problem = checked(path, *args)  # a regular file inside the input: it passes
        Path(path).unlink()
        Path(path).symlink_to(outside)
        return problem

    monkeypatch.setattr(discover_module, "_unsafe", check_then_swap)
    [item] = discover(root)
    assert item.error[0] == "unreadable" and hostile_inputs.SECRET.encode() not in item.data


def test_a_folder_that_cannot_be_listed_is_a_quarantined_row(tmp_path, monkeypatch):
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_text(hostile_inputs.ARTICLE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(hostile_inputs.SPANISH, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == tmp_path / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root reads any folder: refuse this one the way chmod 000 would
    items = {item.path: item for item in discover(tmp_path)}
    assert sorted(items) == ["locked", "open/a.txt"]
    assert items["locked"].error[0] == "unreadable" and "cannot be listed" in items["locked"].error[1]
