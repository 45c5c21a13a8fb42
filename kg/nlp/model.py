"""What the nlp stage hands on: plain frozen dataclasses, free of spaCy.

The facts stage imports these (and never spaCy), so it can be tested on hand-built inputs.
All offsets are character offsets ``[start, end)`` into ``Article.text``.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    tokens: tuple[Token, ...] = ()
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
