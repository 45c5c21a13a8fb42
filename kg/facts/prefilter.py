"""Literal prefilters for regular expressions: which strings a match cannot do without.

The rules run some fifty patterns over every sentence, and most sentences match none of them.
Python's regex engine has no literal prefilter for a pattern that opens with ``\\b`` or a
group, so it tries every position of the sentence. :func:`required_strings` reads a pattern's
syntax tree (``re._parser``, the parser ``re.compile`` itself uses) and finds a set of strings
of which every text with a match contains at least one; a sentence containing none of them
cannot match, and a substring test (``in``) is far cheaper than the search. Strings are
compared case-folded (``str.casefold``), so ``[Ss]ieg`` and ``(?i)sieg`` both need ``sieg``,
and folding can only keep a match in (``ß`` folds to ``ss`` on both sides). A set holds no
string that contains another of it (``"bestzeit"`` adds nothing to ``"zeit"``).

Exactness is what makes the sets: a node's *exact* set is every string it can match, kept
while small (``[Ss]ieg(?:er)?`` has none: the optional part is open-ended; ``Sieg(?:er|e)``
has ``{"sieger", "siege"}``); a sequence concatenates exact runs, and of the runs and the
children's own required sets keeps the most selective (the longest shortest string).
Word boundaries and anchors match the empty string and require nothing; so do lookarounds,
but what a positive one looks at (``(?=\\s+folgte)``, ``(?<=,\\s)``) is in the text wherever the
pattern matches, so its own required set counts for the sequence it stands in.
A pattern with no such set (``\\d+``) gets ``None``: it always runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

#: exact sets larger than this are given up (a cross product of alternatives grows fast)
MAX_EXACT = 32
#: a character class with at most this many characters is an exact set of them
MAX_CLASS = 8


@dataclass(frozen=True)
class _Info:
    exact: frozenset[str] | None  # every string the node matches (folded), when few
    required: frozenset[str] | None  # every match contains one of these; None: no constraint


_NOTHING = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)


def required_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Case-folded strings one of which every match of ``pattern`` contains, or ``None``."""
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - the pattern compiled, so it parses
        return None
    return _minimal(_effective(_sequence(list(tree))))


class Prefiltered:
    """A pattern with its required strings: a text lacking all of them is not searched."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.required = required_strings(pattern)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if not may_match(self.required, text.casefold()):
            return iter(())
        return self.pattern.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if may_match(self.required, text.casefold()) else None


def may_match(required: frozenset[str] | None, folded: str) -> bool:
    """False only when ``folded`` (a case-folded text) contains none of ``required``."""
    if required is None:
        return True
    for r in required:  # a loop, not any(): this runs some fifty times a sentence
        if r in folded:
            return True
    return False


def _minimal(required: frozenset[str] | None) -> frozenset[str] | None:
    """``required`` without the strings that contain another of it: a text holding ``"bestzeit"``
    holds ``"zeit"``, so testing ``"zeit"`` alone tells the same (a third of the tests of
    the position cues, which run on every sentence)."""
    if required is None:
        return None
    return frozenset(r for r in required if not any(o != r and o in r for o in required))


def _effective(info: _Info) -> frozenset[str] | None:
    return _better(info.required, _as_required(info.exact))


def _as_required(exact: frozenset[str] | set[str] | None) -> frozenset[str] | None:
    if exact is None or not exact or "" in exact:
        return None
    return frozenset(exact)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two required sets: the longer shortest string, then fewer strings."""
    if a is None or b is None:
        return a if b is None else b
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def _sequence(items: list[tuple[Any, Any]]) -> _Info:
    run: set[str] = {""}
    best: frozenset[str] | None = None
    whole = True  # every item was exact and the product stayed small
    for op, av in items:
        info = _node(op, av)
        if info.exact is not None and len(run) * len(info.exact) <= MAX_EXACT:
            run = {a + b for a in run for b in info.exact}
            best = _better(best, info.required)  # a lookaround's, or an exact group's own
            continue
        whole = False
        best = _better(best, _as_required(run))
        best = _better(best, _effective(info))
        run = {""}
    best = _better(best, _as_required(run))
    return _Info(frozenset(run) if whole else None, best)


def _branch(alternatives: list[Any]) -> _Info:
    infos = [_sequence(list(alt)) for alt in alternatives]
    exact: set[str] | None = set()
    for info in infos:
        if exact is None or info.exact is None or len(exact) + len(info.exact) > MAX_EXACT:
            exact = None
        else:
            exact |= info.exact
    required: set[str] | None = set()
    for info in infos:
        own = _effective(info)
        if own is None or required is None:
            required = None
            break
        required |= own
    return _Info(frozenset(exact) if exact is not None else None, frozenset(required) if required else None)


def _char_class(items: list[tuple[Any, Any]]) -> _Info:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av).casefold())
        elif op is sre.RANGE and av[1] - av[0] < MAX_CLASS:
            chars.update(chr(c).casefold() for c in range(av[0], av[1] + 1))
        else:  # a negation, a category (\w, \d), a wide range
            return _NOTHING
    return _Info(frozenset(chars), None) if len(chars) <= MAX_CLASS else _NOTHING


def _repeat(low: int, high: int, sub: Any) -> _Info:
    info = _sequence(list(sub))
    if low == 0:
        return _EMPTY if high == 0 else _NOTHING
    if low == high == 1:
        return info
    return _Info(None, _effective(info))


def _node(op: Any, av: Any) -> _Info:
    if op is sre.LITERAL:
        return _Info(frozenset({chr(av).casefold()}), None)
    if op is sre.ASSERT:  # (?=...) or (?<=...): empty, but what it looks at is in the text
        return _Info(frozenset({""}), _effective(_sequence(list(av[1]))))
    if op in (sre.AT, sre.ASSERT_NOT):
        return _EMPTY
    if op is sre.SUBPATTERN:
        return _sequence(list(av[3]))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is sre.BRANCH:
        return _branch(av[1])
    if op is sre.IN:
        return _char_class(av)
    if op is sre.GROUPREF_EXISTS:  # (?(name)yes|no): one of the two
        return _branch([av[1], av[2] if av[2] is not None else []])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _repeat(av[0], av[1], av[2])
    return _NOTHING  # any character, a category, a back reference
