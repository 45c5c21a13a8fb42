"""Read ``.txt`` articles: UTF-8 first, then Windows-1252/Latin-1, detected, never guessed silently."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

log = logging.getLogger(__name__)

# Bytes 0x80-0x9F are printable punctuation in Windows-1252 („ “ – …) but C1 controls in
# Latin-1; German news text is far more likely to be the former.
_FALLBACK_ENCODINGS = ("cp1252", "latin-1")


@dataclass(frozen=True)
class Article:
    """One input document.

    Attributes:
        identifier: the file name without extension; becomes ``dcterms:identifier``.
        text: the decoded text, NFC-normalised, line ends as ``\\n``.
        source: where it was read from (a path), for messages and provenance.
        encoding: the encoding it was decoded with.
    """

    identifier: str
    text: str
    source: str = ""
    encoding: str = "utf-8"


@dataclass(frozen=True)
class ReadFailure:
    """A file that could not be read, and why (reported by name, never fatal to a build)."""

    source: str
    reason: str


def decode(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode article bytes, returning ``(text, encoding)``.

    UTF-8 (with or without BOM) is tried first; a file that is not valid UTF-8 is read as
    Windows-1252, or Latin-1 where it has bytes that Windows-1252 leaves undefined.

    Raises:
        InputError: the bytes look binary (NUL bytes), so no text encoding fits.
    """
    if b"\x00" in data:
        raise InputError(f"{source}: contains NUL bytes; not a text file")
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        for encoding in _FALLBACK_ENCODINGS:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - latin-1 decodes every byte
            raise InputError(f"{source}: cannot be decoded as UTF-8 or Latin-1") from None
        log.info("%s: not UTF-8, decoded as %s", source, encoding)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text, encoding


def read_article(path: Path) -> Article:
    """Read one article file.

    Raises:
        InputError: the file cannot be read or decoded; the message names the file.
    """
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot be read: {e.strerror or e}") from e
    text, encoding = decode(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: is empty")
    return Article(identifier=path.stem, text=text, source=str(path), encoding=encoding)


def collect_paths(paths: Iterable[Path]) -> tuple[list[Path], list[ReadFailure]]:
    """Expand files and folders (recursively, ``*.txt``) into a sorted, de-duplicated file list."""
    found: dict[Path, None] = {}
    failures: list[ReadFailure] = []
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*.txt")):
                if p.is_file():
                    found.setdefault(p.resolve(), None)
        elif path.is_file():
            found.setdefault(path.resolve(), None)
        else:
            failures.append(ReadFailure(str(path), "no such file or folder"))
    return list(found), failures


def read_articles(paths: Iterable[Path]) -> Iterator[Article | ReadFailure]:
    """Yield every article under ``paths``, and a :class:`ReadFailure` for each one that fails."""
    files, failures = collect_paths(paths)
    yield from failures
    for path in files:
        try:
            yield read_article(path)
        except InputError as e:
            yield ReadFailure(str(path), str(e))
