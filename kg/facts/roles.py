"""Who a named person is: in motorsport news, a driver unless the text gives another role.

A report names drivers in every construction (lists, parentheses, quotes, line-ups), so
driving context is no test; what marks the others is a role noun next to the name: a noun
before it ("Teamchef Timo Rumpfkeil", "Mercedes-Sportchef Norbert Haug") or an apposition
after it ("Jonas Krauss, Leiter des Supercups", "Max Muster (Teamchef)"). The role stems are
data (``data/person_roles.tsv``); a person with a result is a driver whatever else is said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from kg.facts.context import Sentence
from kg.facts.entities import EntityIndex
from kg.facts.prefilter import Prefiltered
from kg.nlp.lexicon import read_tsv

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def role_stems() -> tuple[str, ...]:
    """Endings of nouns that name a non-driving role (``chef`` for Teamchef, Sportchef ...)."""
    return tuple(r["stem"] for r in read_tsv(DATA_DIR / "person_roles.tsv"))


#: an adjective between the role noun and the name ("Teamchef" "ehemalige" "Max Muster")
_ADJECTIVE = r"(?:[a-zäöüß]+(?:e|en|er|es)\s+)?"


@lru_cache(maxsize=1)
def _role_patterns() -> tuple[Prefiltered, ...]:
    """Prefiltered: each ends in ``$``, so a search tries every position of the text before a name."""
    stems = "|".join(sorted(role_stems(), key=len, reverse=True))
    noun = rf"[\w-]*(?:{stems})s?"
    return (
        # the role noun right before the name: "Teamchef Timo Rumpfkeil", "Mercedes-Sportchef X"
        Prefiltered(re.compile(rf"(?i)(?<![\w-]){noun}\s+{_ADJECTIVE}$")),
        # the owner of a team: "das Team von Indy-Legende X", "aus dem Team des ehemaligen ... X"
        Prefiltered(
            re.compile(r"(?<![\w-])(?:Team|Rennstall)s?\s+(?:von|des|der)\s+(?:[^\s,.;:()]+\s+){0,8}$")
        ),
    )


@lru_cache(maxsize=1)
def _apposition_pattern() -> re.Pattern[str]:
    stems = "|".join(sorted(role_stems(), key=len, reverse=True))
    noun = rf"[\w-]*(?:{stems})s?"
    # ", Leiter des Supercups", " (Teamchef)", ", der neue Teamchef"
    return re.compile(rf"(?i)^\s*(?:,\s*(?:der|die)?\s*|\(\s*){_ADJECTIVE}{noun}(?![\w-])")


def role_cue(sentence_text: str, start: int, end: int) -> bool:
    """True when the name at ``[start, end)`` (offsets into ``sentence_text``) stands next to a
    role noun that is not driving."""
    head = sentence_text[:start]
    return any(p.search(head) for p in _role_patterns()) or bool(
        _apposition_pattern().match(sentence_text[end:])
    )


def non_drivers(sents: Iterable[Sentence], index: EntityIndex) -> set[str]:
    """Entity ids of persons that some sentence gives a non-driving role."""
    out: set[str] = set()
    for s in sents:
        for p in s.persons():
            eid = index.of(p)
            if eid and role_cue(s.text, p.start - s.start, p.end - s.start):
                out.add(eid)
    return out
