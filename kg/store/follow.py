"""Following a store on disk that another process writes (``kg build`` into a served store).

A read-only opener of a store sees it as it was when it was opened, and a writer in another
process compacts files away under it (``FileNotFoundError: …/000123.sst``). So a server does
not read the store directory itself: it reads a *snapshot* (:meth:`kg.store.Store.backup`: hard
links, cheap), which no writer touches, and takes a new one when the store has changed and no
writer holds it any more:

- :func:`signature`: what changes on disk whenever the store is written (the names and sizes
  of its manifest, write-ahead logs and current-version file; a write appends to the log, a
  flush or compaction makes new files);
- :func:`writer_active`: whether a process holds the store open for writing (RocksDB's
  ``LOCK`` file carries a POSIX lock while a read-write opener lives; a read-only opener takes
  none). The lock is *tested* (``F_GETLK``), never taken: a writer starting at that moment is
  never turned away.
"""

from __future__ import annotations

import fcntl
import os
import struct
from pathlib import Path

# struct flock on Linux (x86_64 and aarch64): l_type, l_whence (short), l_start, l_len (off_t),
# l_pid (pid_t), with the padding native alignment gives
_FLOCK = "hhqqi"
_WATCHED_SUFFIXES = (".log",)
_WATCHED_PREFIXES = ("MANIFEST-", "CURRENT", "OPTIONS-")


def signature(path: Path | str) -> tuple[tuple[str, int, int], ...] | None:
    """The files that change when the store at ``path`` is written, with sizes and times;
    ``None`` when it cannot be read."""
    try:
        entries = []
        with os.scandir(path) as it:
            for entry in it:
                name = entry.name
                if name.startswith(_WATCHED_PREFIXES) or name.endswith(_WATCHED_SUFFIXES):
                    info = entry.stat()
                    entries.append((name, info.st_size, info.st_mtime_ns))
    except OSError:
        return None
    return tuple(sorted(entries))


def writer_active(path: Path | str) -> bool:
    """Whether another process has the store at ``path`` open for writing."""
    lock = Path(path) / "LOCK"
    try:
        fd = os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return False  # never opened read-write (a snapshot, a fresh copy)
    except OSError:
        return True  # cannot tell: take it as written
    try:
        probe = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, probe)
        return bool(struct.unpack(_FLOCK, answer)[0] != fcntl.F_UNLCK)
    except OSError:
        return True
    finally:
        os.close(fd)
