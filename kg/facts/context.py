"""Sentence-level helpers shared by the result and driver-fact rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.facts.entities import EntityIndex
from kg.nlp.model import AnalyzedArticle, Mention

QUOTE_RE = re.compile(r"[\"„“”»«][^\"„“”»«]*[\"„“”»«]")


def mask_quotes(text: str) -> str:
    """Blank out quoted speech (keeping offsets): what a driver says is not a result."""
    return QUOTE_RE.sub(lambda m: " " * len(m.group()), text)


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str  # quotes masked
    mentions: list[Mention]

    def persons(self) -> list[Mention]:
        return [m for m in self.mentions if m.label == "PER" and self.text[m.start - self.start] != " "]

    def local(self, offset: int) -> int:
        return offset - self.start


def sentences(analyzed: AnalyzedArticle) -> list[Sentence]:
    text = analyzed.text
    out = []
    masked = mask_quotes(text)
    for i, s in enumerate(analyzed.sentences):
        ms = [m for m in analyzed.mentions if s.start <= m.start < s.end]
        out.append(Sentence(i, s.start, s.end, masked[s.start : s.end], sorted(ms, key=lambda m: m.start)))
    return out


def is_genitive(m: Mention, index: EntityIndex) -> bool:
    """``Westbrooks`` / ``Bartels'`` as a possessive of a known person."""
    eid = index.of(m)
    if eid is None:
        return False
    forms = index.clusters[eid].forms if eid in index.clusters else set()
    return m.text.endswith("s") and m.text[:-1] in forms or m.text.endswith("'")
