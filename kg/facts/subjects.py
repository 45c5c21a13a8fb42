"""Who a position belongs to: clauses, crews and lists of names, and the subject of a phrase.

German reports name a car's crew with slashes ("Biela/Pirro/Werner"), or as a list with a
plural verb ("A, B und C gewannen"), and list the classified behind a winner ("vor A und B").
This module reads those groupings from the person mentions of one sentence; the rules that use
them are in :mod:`kg.facts.results`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.facts.context import Sentence
from kg.nlp.model import Mention

#: a clause ends at these; a comma does too, except in a list of names or inside a parenthesis
_CLAUSE_END = re.compile(
    r"\s*;\s*|:(?<!\d:)(?!\d)\s*|\s+[–—-]\s+|,(?!\d)\s*"  # the colon before its lookbehind: fewer tries
    r"|\s+(?:und|aber|doch|sondern)\s+(?=(?:der|die|das|er|sie|es|dann|damit|so)\b(?!\s+(?:[\w-]+\s+)?#\d))"
)
#: words right before a name that make it an object, not the subject
OBJECT_BEFORE = re.compile(
    r"(?:\b(?:vor|hinter|gegen|neben|mit|von|vom|für|an|bei|zu|um|auf|über|unter|nach|ohne|als|"
    r"schlägt|schlug|verwies|verweist|distanzierte|überholte|unterbot|besiegte|bezwang|jagt|jagte)\s+"
    r"(?:(?:dem|den|der|des|seinem|seinen|seiner|ihrem|ihren|einem|einen)\s+)?"
    r"(?:(?:[A-ZÄÖÜ0-9][\w-]*|[a-zäöü]+(?:en|er|em|es))\s+){0,2}|\b(?:seinem|ihrem|dem|den|seinen|ihren)\s+(?:[a-zäöü]+en\s+)?Teamkollegen\s+)$"
)
CREW_WORDS = re.compile(
    r"\b(?:Duo|Trio|Quartett|Fahrer-?[Tt]rio|Fahrer-?[Dd]uo|Fahrergespann|Gespann|Fahrerpaarung|Besatzung|Crew"
    r"|gemeinsam\s+mit|zusammen\s+mit|teilte\w*\s+sich|Fahrer-Trios|Junioren-Trio|Newcomer-Trio)\b"
)
#: the car a name of a list drives, said after it: "A (Finnland) in einem weiteren Seat, B ..."
_IN_CAR = r"(?:im|in\s+einem|in\s+einem\s+weiteren|mit\s+dem|mit\s+einem)\s+[A-ZÄÖÜ][\w-]*"
#: quotes around a pseudonym: "A und ‚Gerwin’"
_Q = "[‚‘’'\"„“”»«]?"
_SLASH = re.compile(rf"{_Q}\s*/\s*{_Q}")
#: between two names of a list: an optional parenthesis, then ",", "und", ", und" ("sowie", "&")
#: a crew member's role before his name in a list: "A und Beifahrer B", "A mit Co-Pilot B"
_CREW_ROLE = r"(?:Beifahrer|Beifahrerin|Co-Pilot|Co-Pilotin|Copilot|Copilotin|Navigator|Navigatorin)"
_LIST_SEP = re.compile(
    rf"{_Q}(?:\s*\([^()]*\))?(?:\s+{_IN_CAR})?\s*(?P<comma>,\s*)?(?P<und>(?:und|sowie|&)\s+)?"
    rf"(?:[\w-]+-(?:Pilot|Pilotin|Fahrer|Fahrerin)\s+|{_CREW_ROLE}\s+)?{_Q}"
)


@dataclass(frozen=True)
class Group:
    """Persons written together: a slash crew ("A/B/C") or a list ("A, B und C")."""

    members: tuple[Mention, ...]
    slash: bool  # joined by slashes: one car's crew whatever the verb

    @property
    def start(self) -> int:
        return self.members[0].start

    @property
    def end(self) -> int:
        return self.members[-1].end


def clauses(s: Sentence) -> list[tuple[int, int]]:
    """``(start, end)`` sentence-relative offsets of the clauses of ``s``. A comma before a name
    ("vor A, B und C") or inside a parenthesis ("(16, Bochum, Team)") ends none."""
    return s.cached("clauses", lambda: _clauses(s))


def _clauses(s: Sentence) -> list[tuple[int, int]]:
    name_starts = {m.start - s.start for m in s.mentions if m.label == "PER"}
    depth = _paren_depth(s.text)
    out = []
    pos = 0
    for m in _CLAUSE_END.finditer(s.text):
        if depth[m.start()] or (m.group().strip() == "," and m.end() in name_starts):
            continue
        if m.group().strip() == "," and _CAR_ITEM.match(s.text, m.end()):
            continue  # "der #99 (A/B), der #1 (C/D) und der #12 (E/F)": a list of cars
        if m.group().strip() == "," and _MARGIN_AHEAD.match(s.text, m.end()):
            continue  # "holte die Pole, 0,155 Sekunden vor X": the margin goes on the clause
        if m.group().strip() == "," and _PARTICIPLE_CREW.match(s.text, m.end()):
            continue  # "wurden von den Ferraris belegt, pilotiert von A und B": the crews of the clause
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(s.text):
        out.append((pos, len(s.text)))
    return out or [(0, len(s.text))]


_MARGIN_AHEAD = re.compile(
    r"(?:nur\s+|knapp\s+|gut\s+)?(?:\d+[,.]\d+|\w+\s+(?:Zehntel|Hundertstel|Tausendstel))\w*\s+"
    r"(?:Sekunden?\s+|Sek\.\s+|s\s+)?vor\b"
)
_PARTICIPLE_CREW = re.compile(r"(?:pilotiert|gesteuert|gefahren|bewegt)\s+von\b")
_CAR_ITEM = re.compile(r"(?:der|die|das|dem|den)\s+(?:[\w-]+\s+)?#\d+")


def _paren_depth(text: str) -> list[int]:
    """The parenthesis depth at each character; zero up to the first "(" (most sentences have
    none, and the loop over every character was a tenth of the clauses' time)."""
    first = text.find("(")
    if first == -1:
        return [0] * len(text)
    depth, out = 0, [0] * first
    for ch in text[first:]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        out.append(depth)
    return out


def clause_of(s: Sentence, offset: int) -> tuple[int, int]:
    """The clause holding the sentence-relative ``offset``."""
    for start, end in clauses(s):
        if start <= offset < end:
            return start, end
    return 0, len(s.text)


def groups(s: Sentence, persons: list[Mention]) -> list[Group]:
    """Slash crews and lists of the persons of a sentence, in order (a single name is a group of
    one). A list is closed by "und"/"sowie" ("A, B und C"; "A folgt, B startet" is none), may
    have a parenthesis and a car after each name and a role before it ("A (+0,2) im Seat und
    VW-Pilotin B (+0,3)"), and does not run across a slash crew: "A/B und C/D" are two groups."""
    return list(s.cached(("groups", tuple(persons)), lambda: _groups(s, persons)))


def _groups(s: Sentence, persons: list[Mention]) -> list[Group]:
    text, base = s.text, s.start
    slash_runs: list[list[Mention]] = []
    for p in persons:
        if slash_runs and _SLASH.fullmatch(text[slash_runs[-1][-1].end - base : p.start - base]):
            slash_runs[-1].append(p)
        else:
            slash_runs.append([p])
    out: list[Group] = []
    pending: list[Mention] = []  # a list being read; it counts only if "und" closes it
    for run in slash_runs:
        if len(run) > 1:
            out.extend(Group((p,), False) for p in pending)
            pending = []
            out.append(Group(tuple(run), True))
            continue
        (p,) = run
        if pending:
            between = text[pending[-1].end - base : p.start - base]
            sep = _LIST_SEP.fullmatch(between)
            if sep and not (sep.group("comma") or sep.group("und")):
                sep = None
            if sep and sep.group("und"):
                out.append(Group((*pending, p), False))
                pending = []
                continue
            if sep:
                pending.append(p)
                continue
            out.extend(Group((q,), False) for q in pending)
        pending = [p]
    out.extend(Group((q,), False) for q in pending)
    return out


#: a place said before its subject: "kam als Dritter X ins Ziel" (X is not an object of "als")
AS_PLACE_BEFORE = re.compile(r"\bals\s+[A-ZÄÖÜ][a-zäöüß]+(?:ter|te|ster|ste)\s+$")


def is_object(s: Sentence, p: Mention) -> bool:
    """True when the name stands as an object ("vor X", "gegen Pole-Mann X", "Teamkollegen X")."""
    before = s.text[: p.start - s.start]
    return bool(OBJECT_BEFORE.search(before)) and not AS_PLACE_BEFORE.search(before)


def crew_context(s: Sentence, start: int, end: int) -> bool:
    """True when the clause speaks of a crew ("das Duo", "gemeinsam mit", "teilten sich")."""
    return bool(CREW_WORDS.search(s.text[start:end]))


def text_crews(s: Sentence, persons: list[Mention]) -> list[Group]:
    """The crews a sentence names whatever it says of them: slash groups ("Lotterer/Fässler/
    Tréluyer") and lists the sentence calls a crew ("das Duo A und B", "A und B teilten sich den
    Porsche", "das Team feierte mit den Piloten A, B und C")."""
    out = []
    for g in groups(s, persons):
        if len(g.members) < 2:
            continue
        if g.slash:
            out.append(g)
        elif re.search(
            r"\b(?:Duo|Trio|Quartett|Fahrer-?[Tt]rio|Fahrergespann|Gespann|Fahrerpaarung)\s+(?:[\w-]+\s+){0,2}$"
            # "feierte mit den Piloten A, B und C"
            r"|\bmit\s+(?:den|seinen|ihren)\s+(?:[a-zäöü]\w*\s+)?(?:Piloten|Fahrern)\s+$",
            s.text[: g.start - s.start],
        ):
            out.append(g)
        elif re.search(r"^\s*(?:\([^)]*\)\s*)?(?:teilen|teilten)\s+sich\b", s.text[g.end - s.start :]):
            out.append(g)
    return out


#: words between a car (or team) and the crew it carries: "der Schubert-BMW von", "mit dem
#: britischen Trio", "der Rowe-BMW (#98) mit den Fahrern", "das Peugeot-Team"
CREW_AFTER_VEHICLE = re.compile(
    r"(?:-\w+)?\s*(?:#\d{1,3}\s*)?(?:\([^()]*\)\s*)?(?:mit|von)\s+(?:(?:dem|den|der|einem|seinem|ihrem)\s+)?"
    r"(?:(?:[a-zäöüß]+|[\w-]*(?:Trio|Duo|Quartett|Gespann|Paarung|Besatzung|Crew|Fahrer|Piloten)\w{0,3})\s+){0,3}"
    r"|-(?:Team|Mannschaft|Truppe)\s+"  # "das Peugeot-Team A, B und C"
)


def seated_after(s: Sentence, group: Group) -> bool:
    """True when a list of names is followed by the one car they sit in ("A und B im Porsche 911
    GT3 R", "A und B (BMW M6)"): a crew."""
    if len(group.members) < 2 or "(" in s.text[group.start - s.start : group.end - s.start]:
        return False  # "A (Mercedes) und B (Mercedes)": each name's own parenthesis
    after = s.text[group.end - s.start :]
    m = re.match(r"\s+(?:im|in\s+(?:einem|dem|ihrem))\s+|\s*\(", after)
    if m is None:
        return False
    at = group.end + m.end()
    return any(x.label in ("CAR", "BRAND") and x.start == at for x in s.mentions)


def seated_crew(s: Sentence, group: Group) -> bool:
    """True when a list of names follows the car or team that seats it ("der Schubert-BMW von A und
    B"): the list is that car's crew, whatever the verb."""
    before = [m for m in s.mentions if m.label in ("CAR", "TEAM", "BRAND") and m.end <= group.start]
    if not before:
        return False
    last = max(before, key=lambda m: m.end)
    return CREW_AFTER_VEHICLE.fullmatch(s.text[last.end - s.start : group.start - s.start]) is not None
