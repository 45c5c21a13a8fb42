"""Sentence-level helpers shared by the result and driver-fact rules."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kg.facts.entities import EntityIndex
from kg.nlp.model import AnalyzedArticle, Mention

_T = TypeVar("_T")

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
    #: what the rules compute of the sentence more than once (its clauses, its groups of names)
    memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def cached(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """``compute()`` once per sentence and ``key``: the rules ask for the same clauses and
        name groups many times per sentence (a tenth of the facts stage's time before)."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]  # type: ignore[no-any-return]

    def persons(self) -> list[Mention]:
        return [m for m in self.mentions if m.label == "PER" and self.text[m.start - self.start] != " "]

    def local(self, offset: int) -> int:
        return offset - self.start


def sentences(analyzed: AnalyzedArticle) -> list[Sentence]:
    """The sentences with their mentions in text order (a stable sort, so mentions starting
    together keep the article's order), each found by bisection rather than a scan of all."""
    text = analyzed.text
    out = []
    masked = mask_quotes(text)
    mentions = sorted(analyzed.mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    for i, s in enumerate(analyzed.sentences):
        ms = mentions[bisect_left(starts, s.start) : bisect_left(starts, s.end)]
        out.append(Sentence(i, s.start, s.end, masked[s.start : s.end], ms))
    return out


def is_genitive(m: Mention, index: EntityIndex) -> bool:
    """``Westbrooks`` / ``Bartels'`` as a possessive of a known person."""
    eid = index.of(m)
    if eid is None:
        return False
    forms = index.clusters[eid].forms if eid in index.clusters else set()
    return m.text.endswith("s") and m.text[:-1] in forms or m.text.endswith("'")


# a sentence whose subject is a description of the driver in focus: "Der Österreicher ...",
# "Der 24-jährige Rosenheimer ...", "Er ..."
DESCRIPTION_SUBJECT = re.compile(
    r"^\s*(?:(?:Der|Dem|Des)\s+(?:\d{1,2}-[Jj]ährige[rn]?\s+)?(?:[A-ZÄÖÜ][\w-]*er|Pilot|Fahrer|Sieger)|Er)\b"
    r"(?!\s+[A-ZÄÖÜ][a-zäöüß]+\s+[A-ZÄÖÜ])"
)


def description_subject(s: Sentence) -> bool:
    """True when the sentence opens with a description of a person rather than a name."""
    m = DESCRIPTION_SUBJECT.match(s.text)
    if not m:
        norp = next((x for x in s.mentions if x.label == "NORP"), None)
        lead = s.text[: norp.start - s.start] if norp is not None else ""
        if norp is None or not re.fullmatch(r"\s*(?:Der|Dem|Des)\s+", lead):
            return False
        return not any(p.start - s.start <= norp.end - s.start + 1 for p in s.persons())
    # "Der Österreicher Max Muster ...": an apposition, the name is the subject
    return not any(p.start - s.start <= m.end() + 1 for p in s.persons())


def relative_antecedent(s: Sentence, persons: list[Mention], offset: int) -> Mention | None:
    """For an offset inside ", der ..." the person named right before the comma."""
    head = s.text[: offset - s.start]
    commas = [m for m in re.finditer(r",\s*(?:der|die|welcher|welche)\b", head)]
    if not commas:
        return None
    comma = commas[-1]
    if re.search(r"[,;]", head[comma.end() :]):
        return None
    before = [p for p in persons if p.end - s.start <= comma.start()]
    if not before:
        return None
    between = s.text[before[-1].end - s.start : comma.start()]
    return before[-1] if re.fullmatch(r"\s*(?:\([^)]*\))?\s*", between) else None
