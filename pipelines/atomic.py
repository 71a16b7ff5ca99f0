"""Atomic replacement of a published folder, and the clean-up of what a killed run left beside it.

A run writes its output into a sibling folder of ``out_dir`` (``.<name>.new-<host>-<pid>-<random>``) and then
swaps it into place. On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` system call: ``out_dir`` names the
previous complete output until the call and the new complete output after it, with no moment in between where it
is missing or half-written, whatever kills the process (SIGKILL, power loss after the fsyncs). The previous
output then sits under the sibling's name and is removed. Where the kernel or the file system cannot exchange
(not Linux, an old kernel, some network file systems), the swap falls back to two renames, which leave a short
window without ``out_dir``; the previous output is then kept aside until the second rename succeeded.

Every sibling name carries the host and process id of the run that made it, so the next run on the same host
removes the siblings of runs that are no longer alive (killed mid-write, or between the swap and the removal of
the previous output) and never those of a run still going.
"""
from __future__ import annotations

import ctypes
import errno
import os
import platform
import re
import shutil
import socket
import time
import uuid
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 1 << 1
# renameat2's system call number where glibc (< 2.28) has no wrapper for it.
SYSCALL_RENAMEAT2 = {"x86_64": 316, "aarch64": 276, "i686": 353, "i386": 353, "armv7l": 382, "ppc64le": 357,
                     "s390x": 347, "riscv64": 276}
# errno values that mean "this kernel / file system cannot exchange": fall back to two renames.
NOT_SUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EPERM}
SIBLING = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|old|work|probe)-(?P<host>[A-Za-z0-9_]+)-(?P<pid>\d+)-[0-9a-f]{8,}$")
LEGACY_SIBLING = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|old|work|probe)-[0-9a-z_]{8,12}$")  # before host and pid
LEGACY_MAX_AGE_SECONDS = 24 * 3600  # a sibling without a process id is left over once it is this old


class ExchangeUnsupported(OSError):
    """The platform cannot exchange two paths atomically."""


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", socket.gethostname())[:40] or "host"


def sibling(out_dir: Path, kind: str) -> Path:
    """A fresh path beside ``out_dir`` for this process: ``.<name>.<kind>-<host>-<pid>-<random>``."""
    out_dir = Path(out_dir).absolute()
    return out_dir.parent / f".{out_dir.name}.{kind}-{_host()}-{os.getpid()}-{uuid.uuid4().hex[:12]}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def leftovers(out_dir: Path) -> list[Path]:
    """Siblings of ``out_dir`` left by runs that are gone: same host and a dead process, or too old to be live."""
    out_dir = Path(out_dir).absolute()
    if not out_dir.parent.is_dir():
        return []
    found = []
    now = time.time()
    for entry in out_dir.parent.iterdir():
        match = SIBLING.match(entry.name)
        if match and match["name"] == out_dir.name:
            if match["host"] == _host() and int(match["pid"]) != os.getpid() and not _alive(int(match["pid"])):
                found.append(entry)
            continue
        legacy = LEGACY_SIBLING.match(entry.name)
        if legacy and legacy["name"] == out_dir.name:
            try:
                if now - entry.lstat().st_mtime > LEGACY_MAX_AGE_SECONDS:
                    found.append(entry)
            except FileNotFoundError:
                continue
    return sorted(found)


def clean_leftovers(out_dir: Path) -> list[Path]:
    """Remove what killed runs left beside ``out_dir`` (staging folders, a previous output set aside, work
    folders); returns what was removed. A previous output set aside by the two-rename fallback, while
    ``out_dir`` itself is missing, is put back instead: it is the last complete output."""
    out_dir = Path(out_dir).absolute()
    removed = []
    for entry in leftovers(out_dir):
        match = SIBLING.match(entry.name) or LEGACY_SIBLING.match(entry.name)
        if match["kind"] == "old" and not os.path.lexists(out_dir):
            try:
                os.rename(entry, out_dir)
                continue
            except OSError:
                pass
        shutil.rmtree(entry, ignore_errors=True)
        if not os.path.lexists(entry):
            removed.append(entry)
    return removed


def fsync_tree(folder: Path) -> None:
    """Flush every file and folder under ``folder`` to disk (so the swap never exposes unwritten blocks)."""
    for directory, _, names in os.walk(folder):
        for name in names:
            descriptor = os.open(os.path.join(directory, name), os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        fsync_dir(Path(directory))


def fsync_dir(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:  # some file systems refuse fsync on a folder; the data files were flushed
        pass
    finally:
        os.close(descriptor)


_RENAMEAT2 = None


def _renameat2():
    """The libc function (glibc >= 2.28) or a wrapper around the raw system call; None off Linux."""
    global _RENAMEAT2
    if _RENAMEAT2 is None:
        if platform.system() != "Linux":
            _RENAMEAT2 = False
        else:
            libc = ctypes.CDLL(None, use_errno=True)
            function = getattr(libc, "renameat2", None)
            if function is not None:
                function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
                function.restype = ctypes.c_int
                _RENAMEAT2 = function
            elif platform.machine() in SYSCALL_RENAMEAT2:
                number = SYSCALL_RENAMEAT2[platform.machine()]
                syscall = libc.syscall
                syscall.restype = ctypes.c_long

                def function(olddirfd, oldpath, newdirfd, newpath, flags):
                    return syscall(ctypes.c_long(number), ctypes.c_int(olddirfd), ctypes.c_char_p(oldpath),
                                   ctypes.c_int(newdirfd), ctypes.c_char_p(newpath), ctypes.c_uint(flags))

                _RENAMEAT2 = function
            else:
                _RENAMEAT2 = False
    return _RENAMEAT2 or None


def exchange(first: Path, second: Path) -> None:
    """Swap two existing paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE).

    Raises ExchangeUnsupported where the platform or file system cannot, OSError on any other failure.
    """
    function = _renameat2()
    if function is None:
        raise ExchangeUnsupported(errno.ENOSYS, "renameat2 is not available here")
    result = function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result != 0:
        code = ctypes.get_errno()
        if code in NOT_SUPPORTED:
            raise ExchangeUnsupported(code, os.strerror(code), str(first), None, str(second))
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def swap_into_place(staging: Path, out_dir: Path) -> None:
    """Make the complete folder ``staging`` the content of ``out_dir``, atomically where the platform allows.

    ``staging`` must be a sibling of ``out_dir`` (same file system). On return ``staging`` no longer exists.
    """
    staging, out_dir = Path(staging), Path(out_dir)
    fsync_tree(staging)
    if not os.path.lexists(out_dir):
        os.rename(staging, out_dir)
        fsync_dir(out_dir.parent)
        return
    try:
        exchange(staging, out_dir)
    except ExchangeUnsupported:
        _two_renames(staging, out_dir)
        return
    fsync_dir(out_dir.parent)
    shutil.rmtree(staging, ignore_errors=True)  # the previous output, now under the staging name


def _two_renames(staging: Path, out_dir: Path) -> None:
    """The fallback: set the previous output aside, rename staging into place, remove the previous output.

    Killed between the two renames, ``out_dir`` is missing and the previous output waits under an ``.old-``
    name; the next run's clean_leftovers puts it back.
    """
    previous = sibling(out_dir, "old")
    os.rename(out_dir, previous)
    try:
        os.rename(staging, out_dir)
    except BaseException:
        os.rename(previous, out_dir)
        raise
    fsync_dir(out_dir.parent)
    shutil.rmtree(previous, ignore_errors=True)
