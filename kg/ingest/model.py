"""What ingest hands on: articles with their metadata, and the inputs it could not use."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One input document.

    Attributes:
        identifier: becomes ``dcterms:identifier``: the file name without extension for a
            file, the record's ``id`` or a slug of its URL for a record in a JSON Lines file,
            a feed or a WARC file (made unique by :mod:`kg.ingest.identity`).
        text: the decoded text, NFC-normalised, line ends as ``\\n``.
        source: where it was read from, for messages: the path as given (readable even for
            file names that are not UTF-8), with ``#record`` for a record inside a file.
        encoding: the encoding it was decoded with.
        location: where it was read from relative to the build root (``a/bericht.txt``,
            ``export.jsonl#42``): never an absolute path. Unique per input; the key under
            which a re-build recognises the article.
        url, title, date, author, site, language: metadata where the input states it.
            ``date`` is ISO 8601 (a date, or a date and time).
    """

    identifier: str
    text: str
    source: str = ""
    encoding: str = "utf-8"
    location: str = ""
    url: str | None = None
    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None
    language: str | None = None
    checksum: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.checksum:
            digest = hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()
            object.__setattr__(self, "checksum", f"sha256:{digest}")

    @property
    def origin(self) -> str:
        """What ``dcterms:source`` says: the article's URL where known, else its location."""
        return self.url or self.location


@dataclass(frozen=True)
class ReadFailure:
    """An input that is not built, and why (reported by name, never fatal to a build).

    ``location`` is the input's key (see :attr:`Article.location`) where it is known, so a
    re-build can tell an input it could not read this time from one that is gone.
    """

    source: str
    reason: str
    location: str = ""

    @property
    def name(self) -> str:
        """How a report names the input: its location where known (never absolute)."""
        return self.location or self.source


@dataclass(frozen=True)
class Notice:
    """Something a person should know about an input that is still built (mixed encodings,
    an identity that had to be changed, records of a WARC file that are not articles)."""

    source: str
    message: str
    location: str = ""

    @property
    def name(self) -> str:
        """How a report names the input: its location where known (never absolute)."""
        return self.location or self.source
