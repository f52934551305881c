"""Where articles come from: folders (recursive, include/exclude globs), listed paths, stdin.

Paths are yielded lazily in a stable order (sorted names, depth first), so a million-file folder
never sits in memory and a resumed run sees the same sequence.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch

from scoring.readers import file_format
from scoring.records import Record

STDIN = "-"


@dataclass(frozen=True)
class PathFilter:
    """Include/exclude globs matched against a path relative to its folder and against its name."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def accepts(self, relative: str) -> bool:
        name = os.path.basename(relative)
        matches = lambda globs: any(fnmatch(relative, g) or fnmatch(name, g) for g in globs)  # noqa: E731
        if self.include and not matches(self.include):
            return False
        return not matches(self.exclude)


def walk(folder: str, path_filter: PathFilter = PathFilter()) -> Iterator[str | Record]:
    """Article files under ``folder``: known suffixes (or ``include`` globs), recursively.

    Symlinked folders are followed; one leading back to an ancestor (a loop) and a folder that
    cannot be listed are yielded as error records. Broken symlinks and other unreadable entries
    are yielded as paths; reading them gives their error rows.
    """
    yield from _walk(folder, folder, path_filter, ancestors=frozenset())


def _walk(root: str, folder: str, path_filter: PathFilter, ancestors: frozenset) -> Iterator[str | Record]:
    try:
        info = os.stat(folder)
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Record(folder, error=f"cannot list folder: {exc.strerror}")
        return
    ancestors = ancestors | {(info.st_dev, info.st_ino)}
    filtering = bool(path_filter.include or path_filter.exclude)
    for entry in entries:
        relative = os.path.relpath(entry.path, root) if filtering else ""  # only globs look at it
        if _is_dir(entry):
            inner = os.stat(entry.path)
            if (inner.st_dev, inner.st_ino) in ancestors:
                if path_filter.accepts(relative):
                    yield Record(entry.path, error=f"symlink loop: folder links back to {os.path.realpath(entry.path)}")
                continue
            yield from _walk(root, entry.path, path_filter, ancestors)
        elif (file_format(entry.name) or path_filter.include) and path_filter.accepts(relative):
            yield entry.path


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def iter_paths(inputs: Iterable[str], path_filter: PathFilter = PathFilter(), stdin=None) -> Iterator[str | Record]:
    """Paths from ``inputs``: folders are walked, files kept, ``-`` reads one path per line from stdin;
    folders that cannot be walked come as error records."""
    for item in inputs:
        if item == STDIN:
            for line in stdin or sys.stdin:
                line = line.rstrip("\r\n")
                if line:
                    yield from iter_paths([line], path_filter)
        elif os.path.isdir(item):
            yield from walk(item, path_filter)
        else:
            yield item
