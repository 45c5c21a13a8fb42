"""What the nlp stage hands on: plain frozen dataclasses, free of spaCy.

The facts stage imports these (and never spaCy), so it can be tested on hand-built inputs.
All offsets are character offsets ``[start, end)`` into ``Article.text``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from kg.ingest import Article

#: mention labels the entity recogniser assigns
MENTION_LABELS: tuple[str, ...] = (
    "PER",  # a person's name ("Jeroen Bleekemolen", "Zonta")
    "TEAM",  # "Penske Racing", "Team Rosberg"
    "BRAND",  # a car maker ("Porsche", "Aston Martin")
    "CAR",  # a car model ("Porsche 911 GT3 RSR", "Corvette")
    "SERIES",  # "Porsche Supercup", "DTM", "Formel 1"
    "CIRCUIT",  # "Hockenheimring", "Mosport International Raceway"
    "COUNTRY",  # "Frankreich", "USA" (``norm``: the German country name)
    "NORP",  # a demonym ("Niederländer", "dem Briten"; ``norm``: the country)
    "CLASS",  # a race class ("LMP2", "GT2")
    "PLACE",  # a town named as a person's home ("(Querfurt)", "(37, Chemnitz, Team X)")
)


@dataclass(frozen=True, order=True)
class Span:
    """Character offsets ``[start, end)`` into the article text."""

    start: int
    end: int

    def text(self, article_text: str) -> str:
        return article_text[self.start : self.end]


@dataclass(frozen=True)
class Token:
    """One token: its text and offsets, lemma where known, and whether it starts a sentence."""

    text: str
    start: int
    end: int
    lemma: str = ""
    is_sent_start: bool = False
    is_punct: bool = False
    like_num: bool = False


class Tokens(Sequence[Token]):
    """An article's tokens, made :class:`Token` objects when first read.

    The build never reads tokens (the facts stage works on sentences and mentions), and making an
    object per token cost about 5 % of the NLP stage, so the nlp stage hands on the doc's columns
    and the tokens are made from them on first use. Equal to the tuple of its tokens; pickled as
    that tuple.
    """

    __slots__ = ("_columns", "_tokens")

    def __init__(
        self,
        text: str,
        starts: list[int],
        lengths: list[int],
        lemmas: list[str],
        sentence_starts: list[bool],
        punct: list[int],
        like_num: list[int],
    ) -> None:
        self._columns: tuple[Any, ...] | None = (
            text,
            starts,
            lengths,
            lemmas,
            sentence_starts,
            punct,
            like_num,
        )
        self._tokens: tuple[Token, ...] | None = None

    def _made(self) -> tuple[Token, ...]:
        if self._tokens is None:
            assert self._columns is not None
            text, starts, lengths, lemmas, sentence_starts, punct, like_num = self._columns
            ends = [start + length for start, length in zip(starts, lengths, strict=True)]
            texts = [text[start:end] for start, end in zip(starts, ends, strict=True)]
            # positional arguments: keywords cost a third more per token
            self._tokens = tuple(
                map(
                    Token, texts, starts, ends, lemmas, sentence_starts, map(bool, punct), map(bool, like_num)
                )
            )
            self._columns = None
        return self._tokens

    def __len__(self) -> int:
        return len(self._columns[1]) if self._columns is not None else len(self._made())

    @overload
    def __getitem__(self, index: int) -> Token: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Token, ...]: ...
    def __getitem__(self, index: int | slice) -> Token | tuple[Token, ...]:
        return self._made()[index]

    def __iter__(self) -> Iterator[Token]:
        return iter(self._made())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Tokens):
            return self._made() == other._made()
        if isinstance(other, tuple):
            return self._made() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._made())

    def __repr__(self) -> str:
        return repr(self._made())

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self._made(),))


@dataclass(frozen=True)
class Mention:
    """A named thing in the text.

    Attributes:
        start, end: character offsets into the article text.
        text: the text as written.
        label: one of :data:`MENTION_LABELS`.
        sentence: index into ``AnalyzedArticle.sentences``.
        norm: a normalised value where the recogniser knows one (a demonym's country name,
            a brand for a car model), else ``""``.
    """

    start: int
    end: int
    text: str
    label: str
    sentence: int
    norm: str = ""


@dataclass(frozen=True)
class AnalyzedArticle:
    """An article with its tokens, sentence spans and entity mentions."""

    article: Article
    tokens: Sequence[Token] = ()  # a tuple, or :class:`Tokens` made on first use
    sentences: tuple[Span, ...] = ()
    mentions: tuple[Mention, ...] = ()

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding character ``offset`` (the last one before it if none does)."""
        found = 0
        for i, s in enumerate(self.sentences):
            if s.start <= offset:
                found = i
            else:
                break
        return found


@dataclass(frozen=True)
class AnalysisFailure:
    """An article whose analysis raised; ``analyze`` yields this instead of ending the batch."""

    article: Article
    reason: str
