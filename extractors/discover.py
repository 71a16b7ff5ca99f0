"""Walk an input folder into SourceItems: sorted, no hidden files, no symlink escapes, capped sizes.

A MediaWiki XML export dump (.xml or .xml.bz2 with a <mediawiki> root) is streamed: one item per main-namespace
page (extractors.dumps), never read whole.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from extractors import dumps
from extractors.model import SourceItem

MAX_FILE_BYTES = 50_000_000  # read cap per file; larger pages are quarantined from their first bytes


class ConfigError(Exception):
    """A problem with how musculus was called (not with a page): exit non-zero with this message."""


def discover(root: Path) -> Iterator[SourceItem]:
    root = Path(root)
    if not root.is_dir():
        raise ConfigError(f"input folder {str(root)!r} does not exist or is not a folder: pass an existing folder "
                          f"of pages, e.g. `musculus run raw/`")
    real_root = root.resolve()
    first_path: dict[str, str] = {}
    for path in sorted(_files(root)):
        relative = printable(path.relative_to(root).as_posix())
        site = printable(path.parent.relative_to(root).as_posix())
        for item in _items(path, real_root, relative, site):
            if item.error is None:
                earlier = first_path.setdefault(item.doc_id, item.path)
                if earlier != item.path:
                    item = replace(item, duplicate_of=earlier)
            yield item


def printable(name: str) -> str:
    """A file name as text every output can hold: bytes that are not UTF-8 (kept by the file system API as lone
    surrogates) are written as \\xNN escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _items(path: Path, real_root: Path, relative: str, site: str) -> Iterator[SourceItem]:
    link = path.is_symlink()
    if link and path.is_dir() and _inside(Path(os.path.realpath(path)), real_root):
        return  # a link to a folder of the input: its pages are read where they are
    problem = _unsafe(path, real_root, relative, site, link)
    if problem is not None:
        yield problem
        return
    if dumps.is_dump_name(path.name) and dumps.is_dump(path):
        yield from dumps.dump_items(path, relative)
        return
    yield _item(path, relative, site, link)


def _unsafe(path: Path, real_root: Path, relative: str, site: str, link: bool) -> SourceItem | None:
    """A marker item when the listed path must not be read: a link out of the input root, a link loop or
    dangling link, a path gone since the listing, or no regular file (a named pipe would block the read).

    Only a link needs resolving: os.walk does not follow links to folders, so every folder between the root
    and a listed path is a real folder inside the root (resolving every path cost 0.1 ms a page)."""

    def marker(reason: str, detail: str) -> SourceItem:
        return SourceItem(relative, b"", site, error=(reason, detail))

    if link:
        real = Path(os.path.realpath(path))  # unlike Path.resolve() on Python 3.11, never raises on a link loop
        if not _inside(real, real_root):
            return marker("symlink_escape", f"{relative} points outside the input: not followed")
    try:
        status = os.stat(path)
    except FileNotFoundError:
        if os.path.lexists(path):
            return marker("unreadable", f"{relative} is a symbolic link to nothing")
        return marker("vanished", "the file disappeared during the run")
    except OSError as error:  # ELOOP, EACCES on a folder on the way, ...
        return marker("unreadable", f"{relative}: {error.strerror}")
    if stat.S_ISDIR(status.st_mode):
        return marker("unreadable", f"{relative} is a folder that cannot be listed: its pages were not read")
    if not stat.S_ISREG(status.st_mode):
        return marker("unreadable", f"{relative} is not a regular file (a pipe, socket or device): not read")
    return None


def _inside(real: Path, real_root: Path) -> bool:
    return real == real_root or real_root in real.parents


def _files(root: Path) -> Iterator[Path]:
    """Every file under root (hidden ones aside), plus what must show up as a quarantined row although it holds
    no page of its own: links to folders (followed nowhere; one out of the input is an escape) and folders that
    cannot be listed (os.walk would pass them over in silence)."""
    unlisted: list[OSError] = []
    for directory, subdirs, names in os.walk(root, followlinks=False, onerror=lambda e: unlisted.append(e)):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in subdirs:
            if (Path(directory) / name).is_symlink():
                yield Path(directory) / name
        for name in names:
            if not name.startswith("."):
                yield Path(directory) / name
    for error in unlisted:
        if error.filename and Path(error.filename) != Path(root):
            yield Path(error.filename)


def _item(path: Path, relative: str, site: str, link: bool) -> SourceItem:
    """Read a file _unsafe passed; a problem becomes a marker the processing step turns into a quarantine row."""
    # O_NONBLOCK: should the path have become a pipe since it was checked, opening it does not wait for a
    # writer (and the check below refuses it); reads of a regular file are not affected. O_NOFOLLOW: should a
    # file that was no link when checked have become one (pointing anywhere), the open fails.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not link:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return SourceItem(relative, b"", site, error=("vanished", "the file disappeared during the run"))
    except OSError as error:
        return SourceItem(relative, b"", site, error=("unreadable", str(error)))
    try:
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return SourceItem(relative, b"", site, error=("unreadable", f"{relative} is not a regular file"))
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return SourceItem(relative, b"", site, error=("unreadable", str(error)))
    if len(data) > MAX_FILE_BYTES:
        return SourceItem(relative, data[:1024], site, error=("too_large", f"over {MAX_FILE_BYTES} bytes"))
    return SourceItem(relative, data, site)
