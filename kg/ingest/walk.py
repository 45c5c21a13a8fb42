"""Find the input files: named files, folders walked recursively, ``-`` for standard input.

Every entry that is not read is reported, never skipped silently: a file of an unknown type,
a symbolic link that dangles or loops, a named pipe or device, a folder that cannot be
listed. Hidden entries (``.git``, ``.DS_Store``) inside a folder are counted in one notice.
Each input gets a *location*: its path relative to the build root, never absolute.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kg.ingest.decode import readable
from kg.ingest.model import Notice, ReadFailure

STDIN = "-"

#: file name endings (lower case) -> reader
KINDS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonlines": "jsonl",
    ".json": "json",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
    ".warc.gz": "warc",
}
SUPPORTED = " ".join(KINDS)


@dataclass(frozen=True)
class InputFile:
    """One file to read.

    Attributes:
        path: where to open it (``None`` for standard input).
        source: its name for messages: the path as given, readable whatever its bytes.
        location: its path relative to the build root (``/``-separated, readable).
        kind: which reader reads it (a value of :data:`KINDS`, or ``"stdin"``).
    """

    path: Path | None
    source: str
    location: str
    kind: str

    @property
    def stem(self) -> str:
        """The file name without its type ending (``bericht`` for ``a/bericht.warc.gz``)."""
        name = PurePosixPath(self.location).name
        lower = name.lower()
        for ending in sorted(KINDS, key=len, reverse=True):
            if lower.endswith(ending):
                return name[: -len(ending)] or name
        return PurePosixPath(name).stem


def kind_of(name: str) -> str | None:
    """The reader for a file name by its ending, any case (``None``: no reader)."""
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return "warc"
    return KINDS.get(os.path.splitext(lower)[1])


def _base(path: Path, root: Path | None) -> Path:
    """What locations under ``path`` are relative to: the build root (default: the current
    folder) where ``path`` is inside it, else the folder ``path`` is in."""
    absolute = Path(os.path.abspath(path))
    base = Path(os.path.abspath(root or os.curdir))
    return base if absolute.is_relative_to(base) else absolute.parent


def _location(path: Path, base: Path) -> str:
    parts = Path(os.path.abspath(path)).relative_to(base).parts
    return "/".join(readable(p) for p in parts) or "."


def _describe(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


class _Walker:
    def __init__(self) -> None:
        self.files: set[tuple[int, int]] = set()
        self.folders: dict[tuple[int, int], str] = {}
        self.hidden: list[str] = []

    def entry(
        self, path: Path, base: Path, ancestors: tuple[tuple[int, int], ...] = ()
    ) -> Iterator[InputFile | ReadFailure]:
        source, location = readable(str(path)), _location(path, base)
        try:
            st = path.stat()
        except OSError as e:
            yield ReadFailure(source, self._stat_problem(path, e), location)
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self.folder(path, base, (st.st_dev, st.st_ino), ancestors)
            return
        if not stat.S_ISREG(st.st_mode):
            yield ReadFailure(source, f"{_describe(st.st_mode)}, not a file; not read", location)
            return
        if (st.st_dev, st.st_ino) in self.files:
            return  # the same file named twice (or through a link): read once
        self.files.add((st.st_dev, st.st_ino))
        kind = kind_of(path.name)
        if kind is None:
            ending = "".join(path.suffixes[-1:]) or "no ending"
            yield ReadFailure(
                source, f"unsupported file type ({readable(ending)}); readable: {SUPPORTED}", location
            )
            return
        yield InputFile(path, source, location, kind)

    @staticmethod
    def _stat_problem(path: Path, e: OSError) -> str:
        if e.errno == errno.ELOOP:
            return "symbolic link loop; not read"
        if path.is_symlink():
            try:
                target = readable(os.readlink(path))
            except OSError:
                target = "?"
            return f"dangling symbolic link (to {target}); not read"
        if e.errno == errno.ENOENT:
            return "no such file or folder"
        return f"cannot be read: {e.strerror or e}"

    def folder(
        self, path: Path, base: Path, ident: tuple[int, int], ancestors: tuple[tuple[int, int], ...]
    ) -> Iterator[InputFile | ReadFailure]:
        source, location = readable(str(path)), _location(path, base)
        if ident in ancestors:
            yield ReadFailure(
                source, "symbolic link loop (a link to a folder that contains it); not walked", location
            )
            return
        if ident in self.folders:
            return  # reached twice through links: walked once
        self.folders[ident] = source
        try:
            with os.scandir(path) as it:
                names = sorted(e.name for e in it)
        except OSError as e:
            yield ReadFailure(source, f"cannot list the folder: {e.strerror or e}", location)
            return
        for name in names:
            if name.startswith("."):
                self.hidden.append(_location(path / name, base))
                continue
            yield from self.entry(path / name, base, (*ancestors, ident))


def walk(paths: Iterable[Path | str], root: Path | None = None) -> Iterator[InputFile | ReadFailure | Notice]:
    """The input files under ``paths``, in order (folders sorted by name), and a failure for
    each entry that cannot be read; ``root`` is the build root (default: the current folder).
    """
    walker = _Walker()
    stdin_seen = False
    for path in paths:
        if str(path) == STDIN:
            if not stdin_seen:
                yield InputFile(None, "<stdin>", "stdin", "stdin")
            stdin_seen = True
            continue
        path = Path(path)
        yield from walker.entry(path, _base(path, root))
    if walker.hidden:
        shown = ", ".join(walker.hidden[:3]) + (", …" if len(walker.hidden) > 3 else "")
        n = len(walker.hidden)
        yield Notice(
            shown, f"{n} hidden entr{'y' if n == 1 else 'ies'} (name starting with '.') not read", shown
        )
