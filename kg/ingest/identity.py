"""Stable, unique identities, duplicates and unchanged articles, across builds.

An article keeps the identity it was first built under (its location is the key). A new
article takes its natural identifier (the file stem, the record's id or URL slug) unless
another input already holds one that maps to the same IRI: then it gets the identifier
with a short hash of its location appended, and a notice says so. Nothing is overwritten.

The same text under a second name is built once: the later input is reported as a
duplicate. An article whose location and checksum match the stored one, built by the same
extractor version, is unchanged and not rebuilt.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kg.ingest.model import Article, Notice, ReadFailure


@dataclass(frozen=True)
class StoredArticle:
    """What a store knows of an article it holds: its graph, identity, location and checksum."""

    graph: str
    identifier: str
    location: str
    checksum: str
    extractor_version: str | None = None


@dataclass(frozen=True)
class Admitted:
    """An article to build, with its final identity (and a notice if that had to change)."""

    article: Article
    notice: Notice | None = None


@dataclass(frozen=True)
class Unchanged:
    """An article the store already holds as it is now."""

    article: Article
    stored: StoredArticle


@dataclass(frozen=True)
class Deferred:
    """An article whose text is a stored article's that this build has yet to read again:
    decided after the other inputs (:meth:`Identities.finish`)."""

    article: Article


Decision = Admitted | Unchanged | ReadFailure | Deferred

#: the location of a stored article built before locations were recorded (``legacy:<graph>``)
LEGACY = "legacy:"


def _suffix(location: str, length: int) -> str:
    return hashlib.sha1(location.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def _file_of(location: str) -> str:
    return location.split("#", 1)[0]


@dataclass
class Identities:
    """Decides, article by article in input order, which to build and under which identifier.

    Args:
        stored: the articles the store holds.
        key: the IRI an identifier maps to (two identifiers with one key collide).
        extractor_version: the current one; an article built by another is rebuilt.
        force: rebuild unchanged articles too.
        files: the locations of this build's input files in reading order (walked before the
            first article is read), so a text that equals a stored article's can wait for that
            article to be read again.
        prune: stored articles not in the input will be removed, so they hold no identifier.
    """

    stored: Iterable[StoredArticle]
    key: Callable[[str], str]
    extractor_version: str | None = None
    force: bool = False
    files: Iterable[str] = ()
    prune: bool = False
    by_location: dict[str, StoredArticle] = field(init=False)
    claims: dict[str, str] = field(init=False)  # key -> location
    stored_texts: dict[str, str] = field(init=False)  # checksum -> stored location
    texts: dict[str, str] = field(init=False)  # checksum -> location of this build's article
    seen: dict[str, str] = field(init=False)  # location -> what became of it
    kept: set[str] = field(init=False)  # stored locations a duplicate refers to
    order: dict[str, int] = field(init=False)
    done: int = field(init=False, default=-1)  # the index in ``order`` of the file being read

    def __post_init__(self) -> None:
        self.by_location = {s.location: s for s in self.stored}
        self.order = {f: i for i, f in enumerate(self.files)}
        self.claims, self.stored_texts = {}, {}
        for s in self.by_location.values():
            if s.location.startswith(LEGACY):
                continue  # built before locations were recorded: a new input takes it over
            if not (self.prune and _file_of(s.location) not in self.order):
                self.claims[self.key(s.identifier)] = s.location
                self.stored_texts.setdefault(s.checksum, s.location)
        self.texts, self.seen, self.kept = {}, {}, set()

    def _unique_location(self, article: Article) -> Article:
        location, n = article.location, 1
        while location in self.seen:
            n += 1
            location = f"{article.location}~{n}"
        return article if n == 1 else dataclasses.replace(article, location=location)

    def _pending(self, location: str) -> bool:
        """Whether the stored article at ``location`` is still to be read in this build."""
        index = self.order.get(_file_of(location))
        return index is not None and index >= self.done and location not in self.seen

    def decide(self, article: Article) -> Decision:
        """What to do with the next article (each article once, in input order)."""
        self.done = max(self.done, self.order.get(_file_of(article.location), self.done))
        article = self._unique_location(article)
        location = article.location
        stored = self.by_location.get(location)
        if stored is not None and self.stored_texts.get(stored.checksum) == location:
            del self.stored_texts[stored.checksum]  # now read again: this build's text counts
        first = self.texts.get(article.checksum)
        if first is not None:
            self.seen[location] = "duplicate"
            return ReadFailure(article.source, f"duplicate: the same text as {first}; built once", location)
        other = self.stored_texts.get(article.checksum)
        if other is not None and other != location:
            if self._pending(other):
                return Deferred(article)
            self.seen[location] = "duplicate"
            self.kept.add(other)
            return ReadFailure(
                article.source,
                f"duplicate: the same text as {other}, already in the store; built once",
                location,
            )
        self.texts[article.checksum] = article.location
        if stored is not None:
            self.seen[location] = "stored"
            article = dataclasses.replace(article, identifier=stored.identifier)
            if (
                not self.force
                and stored.checksum == article.checksum
                and stored.extractor_version == self.extractor_version
            ):
                return Unchanged(article, stored)
            return Admitted(article)
        self.seen[location] = "new"
        return self._claim(article)

    def _claim(self, article: Article) -> Admitted:
        wanted = article.identifier
        holder = self.claims.get(self.key(wanted))
        if holder is None or holder == article.location:
            self.claims[self.key(wanted)] = article.location
            return Admitted(article)
        length = 8
        identifier = f"{wanted}-{_suffix(article.location, length)}"
        while self.key(identifier) in self.claims:
            length += 4
            identifier = f"{wanted}-{_suffix(article.location, length)}"
        self.claims[self.key(identifier)] = article.location
        notice = Notice(
            article.source,
            f"identifier {wanted!r} is taken by {holder} (both would be <{self.key(wanted)}>); "
            f"built as {identifier!r}",
            article.location,
        )
        return Admitted(dataclasses.replace(article, identifier=identifier), notice)

    def withdraw(self, article: Article) -> None:
        """An admitted article that is not built after all (a check refused it): its text and
        a new identifier are free again."""
        if self.texts.get(article.checksum) == article.location:
            del self.texts[article.checksum]
        key = self.key(article.identifier)
        if self.seen.get(article.location) == "new" and self.claims.get(key) == article.location:
            del self.claims[key]
        self.seen[article.location] = "refused"

    def failed(self, failure: ReadFailure) -> None:
        """An input that could not be read this time: its stored article (if any) is kept."""
        if failure.location:
            self.seen.setdefault(failure.location, "failed")

    def finish(self, deferred: Iterable[Article]) -> list[Decision]:
        """Decide the articles that were deferred, now that every input has been read."""
        self.done = len(self.order)
        return [self.decide(a) for a in deferred]

    def prunable(self) -> list[StoredArticle]:
        """Stored articles no input of this build stands for (what ``--prune`` removes).

        A stored article whose identifier a new article of this build has taken (its file
        gone, with ``prune``) is not listed: its graph holds the new article already.
        """
        keep = {loc for loc, what in self.seen.items() if what in ("stored", "failed")} | self.kept
        return [
            s
            for loc, s in sorted(self.by_location.items())
            if loc not in keep and self.claims.get(self.key(s.identifier), loc) == loc
        ]
