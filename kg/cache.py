"""The user's cache of derived copies (``$XDG_CACHE_HOME/motorsport-kg``): faster formats of
tables and models that ship with the installed packages, so that start-up reads them quickly.

A copy is named by its source's name, size and time, so a reinstall (a new file, a new time)
makes a new copy; writing one removes the older copies of the same source beyond the newest
:data:`KEEP` (each fresh install left 50-120 MB behind before). Nothing in the cache is needed:
a copy that cannot be read or written is only skipped by its callers.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

#: copies of one source kept (two installs used in turn do not rebuild each other's)
KEEP = 2


def cache_dir() -> Path:
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "motorsport-kg"


def cache_path(stem: str, source: Path, suffix: str) -> Path:
    """The copy of ``source`` (stat'ed here) under the name ``stem``: ``stem-size-time.suffix``."""
    stat = source.stat()
    return cache_dir() / f"{stem}-{stat.st_size}-{int(stat.st_mtime)}{suffix}"


def write_copy(path: Path, data: bytes | list[bytes]) -> None:
    """Write a copy atomically (a temporary file, then a rename), then remove the older copies
    of the same stem and suffix beyond the newest :data:`KEEP`. Raises ``OSError``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        f.writelines([data] if isinstance(data, bytes) else data)
    tmp.replace(path)
    _prune(path)


def _prune(path: Path) -> None:
    stem = path.name.rsplit("-", 2)[0]
    siblings = [p for p in path.parent.glob(f"{stem}-*-*{path.suffix}") if p.name.rsplit("-", 2)[0] == stem]
    siblings.sort(key=lambda p: p.stat().st_mtime if p.exists() else 0.0, reverse=True)
    for old in [p for p in siblings if p != path][KEEP - 1 :]:
        try:
            old.unlink()
        except OSError as e:  # another process may be removing it too
            log.debug("cannot remove the old cache copy %s: %s", old, e)
