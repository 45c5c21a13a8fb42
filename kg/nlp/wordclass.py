"""What a capitalised word is, from the company it keeps in a large German corpus.

German capitalises every noun, so "Querfurt" (a town) and "Lechner" (a team named after its
owner) look alike. The Brown clusters of ``spacy-lookups-data`` (see :mod:`kg.nlp.embedding`)
separate them: two branches of the cluster tree hold mostly place names and mostly surnames.
Measured on WikiANN German (train split, the last word of each span): of the words under the
place branch, 4,835 end a LOC span, 311 a PER span and 1,566 an ORG span; of those under the
surname branch 3,796 end a PER span. Small towns that no gazetteer lists ("Siek", "Berglen",
"Kissenbrück") sit under the place branch too. A third branch holds given names: 1,076 of the
1,221 first names of ``data/first_names.tsv`` that have a cluster, and names no gazetteer has
("Arjun", "Jeroen", "Teemu").

A cluster is a bit path stored reversed in an integer (the first step of the path is the
lowest bit), so a branch is a mask of the low bits.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Literal

WordClass = Literal["place", "surname", "first"]

#: (number of leading path bits, their value as an integer with the first bit lowest, class)
BRANCHES: tuple[tuple[int, int, WordClass], ...] = (
    (5, 0b10000, "place"),  # path 00001...
    (6, 0b101000, "surname"),  # path 000101...
    (5, 0b11000, "first"),  # path 00011...: 1,076 of the 1,221 first names of the gazetteer
)


def branch_of(cluster: int) -> WordClass | None:
    """The word class of a cluster id, or None when it is under neither branch."""
    for bits, value, name in BRANCHES:
        if cluster & ((1 << bits) - 1) == value:
            return name
    return None


#: words more frequent than this (natural log probability) that are under no name branch are
#: ordinary words of the language ("Stunde" -9.3, "Main" -10.7), not given names ("Kelvin" -13.7)
COMMON_LOGPROB = -12.5


@lru_cache(maxsize=1)
def _clusters() -> Mapping[str, int]:
    from kg.nlp.embedding import lexeme_tables

    clusters, _probs = lexeme_tables()
    return clusters


@lru_cache(maxsize=1)
def _probs() -> Mapping[str, float]:
    from kg.nlp.embedding import lexeme_tables

    _clusters_table, probs = lexeme_tables()
    return probs


@lru_cache(maxsize=65536)
def common_word(word: str) -> bool:
    """True for a frequent word of the language that no name branch holds ("Stunde",
    "Verzögerung"): such a word does not start an unknown person's name."""
    prob = _probs().get(word)
    return prob is not None and prob > COMMON_LOGPROB and word_class(word) is None


@lru_cache(maxsize=65536)
def word_class(word: str) -> WordClass | None:
    """``"Querfurt"`` → ``"place"``, ``"Lechner"`` → ``"surname"``; None for other or unknown words.

    Reads the cluster table of ``spacy-lookups-data`` on first use (shared with the NER).
    """
    cluster = _clusters().get(word)
    return branch_of(cluster) if cluster is not None else None
