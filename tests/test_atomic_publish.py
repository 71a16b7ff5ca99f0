"""Atomic publishing under SIGKILL, and the clean-up of what killed runs leave beside the output.

The kill test forks publishing processes from a helper process that has already imported pyarrow and the
publisher (so each iteration costs a fork, not an interpreter start), lets each publish versions in a loop, and
SIGKILLs it at a random moment. After every kill, output/ must be one complete version, consistent with its
run.json: every table present as Parquet and CSV with the rows of that version and no other, the report of that
version, and never a version older than one already seen.
"""
from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipelines import atomic, publish
from pipelines.report import CONFLICTS_REPORT
from schemas.tables import TABLES

KILLS = 40
TIME_BUDGET_SECONDS = 60  # the loop stops early rather than let a slow machine stretch the suite

SAMPLE = {"string": "x", "int64": 3, "float64": 0.5, "bool": True, "list<string>": ["a", "b"]}


def versioned_tables(version: int) -> dict[str, list[dict]]:
    """Valid rows for every contract table; every free string names the version, and the row counts vary with
    it, so files of two versions cannot pass for one."""
    tables = {}
    for name, table in TABLES.items():
        rows = []
        for index in range(2 + version % 3):
            row = {}
            for column in table.columns:
                if column.values:
                    row[column.name] = column.values[0]
                elif column.type == "string":
                    row[column.name] = f"{column.name}-{index}-v{version}"
                else:
                    row[column.name] = SAMPLE[column.type]
            rows.append(row)
        tables[name] = rows
    return tables


def publish_version(out_dir: Path, version: int) -> dict:
    return publish.publish(out_dir, versioned_tables(version), run_id=f"v{version}",
                           started="2026-01-01T00:00:00+00:00", reports={CONFLICTS_REPORT: f"# Conflicts v{version}\n"})


# The helper process: imports everything once, then forks one publishing child per command.
#   go V      a child publishes versions V, V+1, ... until it is killed
#   step K V  a child publishes version V and SIGKILLs itself at the K-th file-system operation it starts
#   reap PID  wait for a child; answers "killed" or "exited"
ZYGOTE = r"""
import os, signal, sys
sys.path.insert(0, sys.argv[2])
import test_atomic_publish as helpers
out = sys.argv[1]
helpers.publish_version(out + "-warm-up", 0)  # first-use costs paid here, not by every forked child
print("ready", flush=True)
for line in sys.stdin:
    command, *values = line.split()
    if command in ("go", "step"):
        pid = os.fork()
        if pid == 0:
            try:
                if command == "step":
                    helpers.kill_at_operation(int(values[0]))
                    helpers.publish_version(out, int(values[1]))
                else:
                    version = int(values[0])
                    while True:
                        helpers.publish_version(out, version)
                        version += 1
            finally:
                os._exit(0)
        print(pid, flush=True)
    elif command == "reap":
        _, status = os.waitpid(int(values[0]), 0)
        print("killed" if os.WIFSIGNALED(status) else "exited", flush=True)
"""
# Audit events of the operations that change or read files (open covers os.open: the fsyncs), the folder
# operations, and ctypes calls (renameat2). A hook runs before its operation: killing there is killing between
# the previous operation and this one.
FILE_EVENTS = frozenset({"open", "os.rename", "os.replace", "os.mkdir", "os.remove", "os.rmdir", "os.unlink",
                         "shutil.rmtree", "shutil.copyfile", "os.utime", "os.chmod", "ctypes.call_function"})


def kill_at_operation(target: int) -> None:
    seen = 0

    def hook(event, args):
        nonlocal seen
        if event in FILE_EVENTS:
            seen += 1
            if seen == target:
                os.kill(os.getpid(), signal.SIGKILL)

    sys.addaudithook(hook)


class Zygote:
    def __init__(self, out: Path):
        self.process = subprocess.Popen([sys.executable, "-c", ZYGOTE, str(out), str(Path(__file__).parent)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.child = None
        assert self.process.stdout.readline().strip() == "ready"

    def ask(self, line: str) -> str:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def start(self, line: str) -> int:
        self.child = int(self.ask(line))
        return self.child

    def reap(self, kill: bool = False) -> str:
        if kill:
            os.kill(self.child, signal.SIGKILL)
        outcome = self.ask(f"reap {self.child}")
        self.child = None
        return outcome

    def close(self) -> None:
        if self.child is not None:  # a failed check: no publishing child may outlive the test
            os.kill(self.child, signal.SIGKILL)
        self.process.stdin.close()
        self.process.wait(timeout=30)


def string_versions(rows: list[dict], table) -> set[str]:
    free = [c.name for c in table.columns if c.type == "string" and not c.values]
    return {str(row[name]).rsplit("-v", 1)[-1] for row in rows for name in free if row[name] not in (None, "")}


def assert_one_complete_version(out: Path) -> int:
    """The version output/ holds, after checking that every file of it belongs to that version."""
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    version = int(manifest["run_id"].removeprefix("v"))
    for name, table in TABLES.items():
        rows = pq.read_table(out / f"{name}.parquet").to_pylist()
        assert len(rows) == manifest["counts"][name] == 2 + version % 3, name
        assert string_versions(rows, table) == {str(version)}, name
        with (out / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            lines = list(csv.reader(handle))
        assert lines[0] == table.column_names and len(lines) == 1 + len(rows), name
    assert (out / CONFLICTS_REPORT).read_text(encoding="utf-8") == f"# Conflicts v{version}\n"
    return version


def calibrate(zygote: Zygote, out: Path) -> float:
    """How long a forked child takes to publish once (the kills are spread over a few of those)."""
    before = json.loads((out / "run.json").read_text(encoding="utf-8"))["run_id"]
    zygote.start("go 1")
    begun = time.monotonic()
    try:
        while json.loads((out / "run.json").read_text(encoding="utf-8"))["run_id"] == before:
            assert time.monotonic() - begun < 30, "a child did not publish within 30 s"
            time.sleep(0.002)
        return time.monotonic() - begun
    finally:
        zygote.reap(kill=True)


def exchange_supported() -> bool:
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder, "a"), Path(folder, "b")
        first.mkdir(), second.mkdir()
        try:
            atomic.exchange(first, second)
        except atomic.ExchangeUnsupported:
            return False
    return True


def siblings(parent: Path, name: str = "output") -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


NO_EXCHANGE = "no renameat2(RENAME_EXCHANGE) here: the swap is two renames, not atomic"


@pytest.mark.skipif(not exchange_supported(), reason=NO_EXCHANGE)
def test_sigkill_at_random_moments_leaves_one_complete_output(tmp_path):
    out = tmp_path / "output"
    publish_version(out, 0)
    started = time.monotonic()
    zygote = Zygote(out)
    rng = random.Random(7)
    seen, kept_old, moved_on, version = 0, 0, 0, 0
    try:
        one_publish = calibrate(zygote, out)
        while seen < KILLS and time.monotonic() - started < TIME_BUDGET_SECONDS:
            start_version = (seen + 1) * 1000
            zygote.start(f"go {start_version}")
            time.sleep(rng.uniform(0, 4 * one_publish))
            assert zygote.reap(kill=True) == "killed"
            found = assert_one_complete_version(out)
            assert found >= version, f"output went back from v{version} to v{found}"
            kept_old += found < start_version
            moved_on += found >= start_version
            version = found
            seen += 1
    finally:
        zygote.close()
    print(f"{seen} kills, publish {one_publish:.3f}s: {kept_old} kept the previous output, {moved_on} a newer one")
    assert seen >= 10, f"only {seen} kills in the time budget"
    assert moved_on >= 1, f"no kill came after a complete publish ({kept_old} kept the previous output)"
    # The next run removes the staging folders and set-aside outputs the killed runs left.
    publish_version(out, 10**6)
    assert siblings(tmp_path) == []
    assert assert_one_complete_version(out) == 10**6


@pytest.mark.skipif(not exchange_supported(), reason=NO_EXCHANGE)
def test_sigkill_between_any_two_file_operations_leaves_one_complete_output(tmp_path):
    """Deterministic: the K-th child kills itself right before the K-th file operation of its publish, for
    every K until a child completes; output/ is checked after each."""
    out = tmp_path / "output"
    publish_version(out, 0)
    zygote = Zygote(out)
    outcomes = []
    try:
        for step in range(1, 10_000):
            zygote.start(f"step {step} {step}")
            outcome = zygote.reap()
            found = assert_one_complete_version(out)
            outcomes.append(found)
            if outcome == "exited":
                break
            assert found in (0, step) or found == max(outcomes[:-1], default=0)
    finally:
        zygote.close()
    assert outcomes[-1] == len(outcomes), "the last child, never killed, published its version"
    assert len(outcomes) > 10, f"only {len(outcomes)} file operations in a publish?"
    assert any(found == step for step, found in enumerate(outcomes[:-1], start=1)), \
        "no kill came after the swap (the new version never showed before a child completed)"
    publish_version(out, 10**6)
    assert siblings(tmp_path) == []


def test_leftovers_of_dead_runs_go_and_those_of_live_runs_stay(tmp_path):
    out = tmp_path / "output"
    publish_version(out, 1)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    host = atomic._host()
    for kind in ("new", "work", "old"):
        (tmp_path / f".output.{kind}-{host}-{dead_pid}-0123456789ab").mkdir()
    live = tmp_path / f".output.new-{host}-{os.getpid()}-0123456789ab"  # this process: still running
    other_host = tmp_path / f".output.new-elsewhere-{dead_pid}-0123456789ab"  # cannot tell: left alone
    legacy_old = tmp_path / ".output.new-0123456789ab"
    legacy_new = tmp_path / ".output.work-ba9876543210"
    unrelated = tmp_path / ".outputs.new-0123456789ab"
    for folder in (live, other_host, legacy_old, legacy_new, unrelated):
        folder.mkdir()
    day_ago = time.time() - 2 * atomic.LEGACY_MAX_AGE_SECONDS
    os.utime(legacy_old, (day_ago, day_ago))
    publish_version(out, 2)
    assert siblings(tmp_path) == sorted([live.name, other_host.name, legacy_new.name])
    assert unrelated.exists()
    assert assert_one_complete_version(out) == 2


def test_an_output_set_aside_by_a_killed_fallback_swap_is_put_back(tmp_path):
    out = tmp_path / "output"
    publish_version(out, 3)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    aside = tmp_path / f".output.old-{atomic._host()}-{int(dead.stdout)}-0123456789ab"
    os.rename(out, aside)  # killed between the two renames of the fallback: no output/, the previous one aside
    atomic.clean_leftovers(out)
    assert assert_one_complete_version(out) == 3
    assert siblings(tmp_path) == []


def test_fallback_without_exchange_publishes_and_leaves_nothing(tmp_path, monkeypatch):
    def unsupported(first, second):
        raise atomic.ExchangeUnsupported(38, "Function not implemented")

    monkeypatch.setattr(atomic, "exchange", unsupported)
    out = tmp_path / "output"
    publish_version(out, 4)
    publish_version(out, 5)
    assert assert_one_complete_version(out) == 5
    assert siblings(tmp_path) == []


def test_exchange_swaps_two_folders(tmp_path):
    if not exchange_supported():
        pytest.skip("no renameat2(RENAME_EXCHANGE) here")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from_a").write_text("a")
    (tmp_path / "b").mkdir()
    atomic.exchange(tmp_path / "a", tmp_path / "b")
    assert os.listdir(tmp_path / "b") == ["from_a"] and os.listdir(tmp_path / "a") == []
    with pytest.raises(OSError):
        atomic.exchange(tmp_path / "a", tmp_path / "missing")
