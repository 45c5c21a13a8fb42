"""Position expressions: the phrases of German race reports that state a finishing or grid place.

Each construction is a named regular expression with what it states: the position(s), the
session kind the phrase itself implies (a pole is qualifying, a win is a race), whether it
takes a crew (a plural verb or ordinal), and where its subject stands. :func:`find_cues`
returns the cues of one sentence, longest-first and without overlaps; what is no result
(running order, standings, hypotheticals, negations) is filtered in :mod:`kg.facts.results`.

Subject places (``Cue.subject``):

* ``"clause"``: the subject of the clause, before the phrase or after a clause-initial one
  ("X wurde Dritter", "Dritter wurde X", "X gewann", "Am Sonntag gewann X");
* ``"after"``: the name right after a role noun ("Pole-Mann X", "Laufsieger X");
* ``"before"``: the name or crew right before a parenthesis ("X (2.)", "#7 (A/B; 3.)").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from kg.facts.model import SessionKind
from kg.facts.numbers import NUMBER_WORD_RE, ORDINAL_RE, cardinal, ordinal
from kg.facts.prefilter import may_match, required_strings

SubjectPlace = Literal["clause", "after", "before"]


@dataclass(frozen=True)
class Cue:
    """A position phrase at ``[start, end)`` of a sentence's text."""

    start: int
    end: int
    positions: tuple[int, ...]
    kind: SessionKind | None
    construction: str
    subject: SubjectPlace = "clause"
    plural: bool = False
    in_class: bool = False
    earlier: bool = False  # about an earlier race ("Vorjahressieger")
    open_range: bool = False  # "auf den Rängen fünf bis zehn": as many as there are names
    up_to: bool = False  # "komplettieren die Top-Ten": the last places, as many as there are names


ORD = ORDINAL_RE.pattern.removeprefix("(?i)")
NOMINAL = (
    "Erst|Zweit|Dritt|Viert|Fünft|Sechst|Siebt|Siebent|Acht|Neunt|Zehnt|Elft|Zwölft|Dreizehnt|Vierzehnt"
    "|Fünfzehnt|Sechzehnt|Siebzehnt|Achtzehnt|Neunzehnt|Zwanzigst"
)
NUM = NUMBER_WORD_RE
#: a number after a place noun: "Platz eins", "Rang 4"; "ein" there is an article ("fuhr mit
#: seinem Platz ein gutes Ergebnis ein")
PLACE_NUM = rf"(?!ein(?:e|er)?\b){NUM}"
_TOP_WORDS = {"Three": 3, "Five": 5, "Ten": 10}
#: a role in a class, after its code: "LMP2-Pilot", "GT3-Fahrerin", "GTE-Am-Team"
CLASS_ROLE = r"-(?:Pilot|Pilotin|Fahrer|Fahrerin|Starter|Team|Auto|Fahrzeug|Wagen)"
#: places in the plural: "Plätze", "Klassenränge", "Gesamtplätzen"
_PLACES_NOUN = (
    r"Plätzen|Rängen|Positionen|Plätze|Ränge|(?:Klassen|Gesamt)(?:plätzen|rängen|positionen|plätze|ränge)"
)
PLACE_NOUNS = r"(?:Platz|Rang|Position|Gesamtrang|Gesamtplatz|Klassenrang|Klassenplatz)"
GRID_NOUNS = r"(?:Startplatz|Startposition|Startrang)"
# a race class before a noun: "LMP2-Klassensieg", "GTE-Am-Wertung"
_PLURAL_VERBS = (
    r"(?:wurden|waren|siegten|gewannen|belegten|holten|kamen|fuhren|teilten|landeten|erreichten|"
    r"sicherten|feierten|komplettierten|stellten|folgten|beendeten|sahen|überquerten|rasten|starten|entschieden)"
)


def _n(value: str | None) -> int | None:
    if value is None:
        return None
    v = value.strip().rstrip(".")
    if v.isdigit():
        return int(v)
    return cardinal(v) if cardinal(v) is not None else ordinal(value.strip())


def _nominal(word: str) -> int | None:
    """``Dritter`` / ``Dritte`` / ``Zweitschnellster`` → 3 / 3 / 2."""
    stem = re.match(rf"(?i)({NOMINAL})", word)
    if not stem:
        return None
    return ordinal(stem.group(1) + "er")


Handler = Callable[[re.Match[str]], Cue | None]


@dataclass(frozen=True)
class Construction:
    """A named construction: its pattern and what a match of it states."""

    name: str
    pattern: re.Pattern[str]
    handle: Handler
    #: strings one of which every match contains (case-folded; :mod:`kg.facts.prefilter`)
    required: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "required", required_strings(self.pattern))


def _fixed(name: str, kind: SessionKind | None, position: int = 1, **flags: bool | str) -> Handler:
    def handle(m: re.Match[str]) -> Cue:
        plural = bool(flags.get("plural")) or bool(re.search(_PLURAL_VERBS, m.group()))
        subject = flags.get("subject", "clause")
        return Cue(
            m.start(), m.end(), (position,), kind, name,
            subject=subject,  # type: ignore[arg-type]
            plural=plural, in_class=bool(flags.get("in_class")), earlier=bool(flags.get("earlier")),
        )  # fmt: skip

    return handle


def _numbered(name: str, kind: SessionKind | None, **flags: bool) -> Handler:
    def handle(m: re.Match[str]) -> Cue | None:
        values = [_n(m.group(g)) for g in ("n", "n2", "n3") if g in m.re.groupindex and m.group(g)]
        nums = tuple(v for v in values if v)
        if not nums or any(v > 99 for v in nums):
            return None
        in_class = bool(flags.get("in_class")) or bool(re.search(r"Klassen", m.group()))
        return Cue(m.start(), m.end(), nums, kind, name, in_class=in_class)

    return handle


#: a start verb of the clause before "von Platz N" ("startet", "geht ... ins Rennen"), or a
#: participle after it ("von Platz vier aus gestartet", "startend")
_START_VERB_BEFORE = re.compile(
    r"\b(?:startet|startete|starten|starteten|startest|starte|gestartet|ging|geht|gehen|gingen)\b[^,;.:]*$"
)
_START_AFTER = re.compile(r"\s*(?:aus\s+)?(?:startend|gestartet|ins\s+Rennen|in\s+das\s+Rennen|losfahren)")


def _started_from(text: str, start: int, end: int) -> bool:
    """Whether the place(s) at ``[start, end)``, after "von"/"aus", are where someone starts."""
    verb = _START_VERB_BEFORE.search(text[max(0, start - 80) : start])
    if verb and verb.group().startswith(("ging", "geh")) and not _START_AFTER.match(text[end:]):
        return False  # "ging von Platz vier auf Platz zwei": a move, not a start
    return bool(verb or _START_AFTER.match(text[end:]))


def _start_place(m: re.Match[str]) -> Cue | None:
    if not _started_from(m.string, m.start(), m.end()):
        return None
    n = _n(m.group("n"))
    if not n or n > 99:
        return None
    return Cue(m.start("p"), m.end("p"), (n,), "qualifying", "start place")


#: what "für sich entscheiden" wins when it is a classification: a race, a class, a session
_DECIDED_OBJECT = re.compile(r"(?:Rennen|Lauf|Wertung|Klasse|Kategorie|Qualifying|Zeittraining|Finale)\b")


def _decided_a_win(m: re.Match[str]) -> bool:
    """ "entschied das Rennen für sich" is a win; "entschied den Zweikampf um Platz drei für sich"
    is none (nor a duel, a start or a tyre choice)."""
    window = m.string[max(0, m.start() - 50) : m.end() + 80]
    window = window[: window.find("für sich") + 1] if "für sich" in window else window
    return bool(_DECIDED_OBJECT.search(window)) and not re.search(
        r"um\s+(?:Platz|Rang|Position)|Duell|Zweikampf", window
    )


def _a_pole(m: re.Match[str]) -> bool:
    """Whether "Pole" is the noun for a Polish man: after "der" that no preposition governs."""
    return (
        m.group() == "Pole"
        and re.search(
            r"(?<!\bauf\s)(?<!\bvon\s)(?<!\baus\s)(?<!\bin\s)(?<!\bzur\s)(?<!\bmit\s)\b[Dd]er\s+$",
            m.string[max(0, m.start() - 12) : m.start()],
        )
        is not None
        and not re.match(r"\s*(?:-?[Pp]osition|zeit)", m.string[m.end() :])
    )


def _nominal_handler(m: re.Match[str]) -> Cue | None:
    word = m.group("w")
    n = _nominal(word.capitalize())
    if n is None:
        return None
    kind: SessionKind | None = "qualifying" if "schnellst" in word.lower() else None
    plural = not word.endswith("r") or bool(re.search(_PLURAL_VERBS, m.group()))
    start = m.start("pre") if m.group("pre") else m.start("w")
    return Cue(start, m.end("w"), (n,), kind, "ordinal", plural=plural, in_class=m.group("pre") == "Klassen")


def _lower_ordinal_handler(m: re.Match[str]) -> Cue | None:
    """ "die achte wurden", "als achter": an ordinal in lower case next to a copula."""
    group = "w" if m.group("w") else "w2"
    word = m.group(group)
    n = _nominal(word.capitalize())
    if n is None:
        return None
    return Cue(m.start(group), m.end(group), (n,), None, "lower ordinal", plural=word.endswith("e"))


def _range_handler(m: re.Match[str]) -> Cue | None:
    a, b = _n(m.group("n")), _n(m.group("n2"))
    if not a or not b or b <= a or b - a > 30:
        return None
    return Cue(m.start(), m.end(), tuple(range(a, b + 1)), None, "range", open_range=True, plural=True)


_TOP_WORDS = {"ten": 10, "zehn": 10, "fünf": 5, "five": 5, "drei": 3, "three": 3}


def _top_handler(m: re.Match[str]) -> Cue | None:
    if m.group("rows"):  # grid rows of two places each
        rows = 2 if m.group("rows") == "beiden" else cardinal(m.group("rows")) or 0
        return Cue(
            m.start(), m.end(), tuple(range(1, 2 * rows + 1)), "qualifying", "top completed", up_to=True
        )
    word = m.group("n")
    n = int(word) if word.isdigit() else _TOP_WORDS[word.lower()]
    if not 2 <= n <= 30:
        return None
    return Cue(m.start(), m.end(), tuple(range(1, n + 1)), None, "top completed", up_to=True)


def _list_handler(m: re.Match[str]) -> Cue | None:
    nums = tuple(
        v for v in (_n(x) for x in re.split(r",\s*|\s+(?:und|respektive|bzw\.)\s+", m.group("ns"))) if v
    )
    if len(nums) < 2:
        return None
    in_class = bool(re.match(r"Klassen", m.group()))
    # "sie starten von den Plätzen drei und vier": grid places
    grid = re.search(r"\b(?:[Vv]on|[Aa]us)\s+den\s+$", m.string[max(0, m.start() - 10) : m.start()])
    kind: SessionKind | None = "qualifying" if grid and _started_from(m.string, m.start(), m.end()) else None
    return Cue(m.start(), m.end(), nums, kind, "position list", plural=True, in_class=in_class)


def _paren_handler(m: re.Match[str]) -> Cue | None:
    n = int(m.group("n"))
    return Cue(m.start(), m.end(), (n,), None, "parenthesis", subject="before") if 0 < n < 100 else None


def _podium_completed(m: re.Match[str]) -> Cue | None:
    """Third place, in a class when the podium is a class's ("das Klassenpodium")."""
    cue = _fixed("podium completed", "race", 3)(m)
    return replace(cue, in_class="Klassen" in m.group()) if cue is not None else None


#: a podium, of a class too ("das Klassenpodium")
_PODIUM = r"(?:Klassen-?)?(?:Podium|Podest|Treppchen|podium|podest)"

CONSTRUCTIONS: tuple[Construction, ...] = (
    # qualifying ------------------------------------------------------------------------------
    Construction(
        "pole role",
        re.compile(r"\b(?:Pole-?(?:Mann|Setter|Sitter|setter|sitter)|Polesetter|Polesitter)\b"),
        _fixed("pole role", "qualifying", subject="after"),
    ),
    Construction(
        "pole",
        re.compile(r"(?<![\w-])(?:Pole-?[Pp]osition|Poleposition|Pole|Polezeit|Pole-Zeit)(?![\w-])"),
        # "der Pole" not after a preposition is a Polish man ("absolvierte der Pole ein fehlerfreies
        # Rennen"); the pole position is feminine ("die Pole", "auf der Pole")
        lambda m: None if _a_pole(m) else Cue(m.start(), m.end(), (1,), "qualifying", "pole"),
    ),
    Construction(
        "pole compound",
        re.compile(r"(?<![\w-])(?:[A-Z][\w]*-)+Pole(?:-?[Pp]osition)?(?![\w-])"),
        _fixed("pole compound", "qualifying"),
    ),
    Construction(
        "class pole",
        re.compile(r"(?<![\w-])Klassen-?[Pp]ole(?:-?[Pp]osition)?(?![\w-])"),
        lambda m: Cue(m.start(), m.end(), (1,), "qualifying", "class pole", in_class=True),
    ),
    Construction(
        # "Die erste Startreihe teilen sich A und B": the two places of that row, in order
        "grid row shared",
        re.compile(
            rf"\b(?:[Dd]ie|[Dd]er)\s+(?P<n>{ORD})\s+Startreihe\b(?=.*\bteil\w*\s+sich\b|.*\bbilde\w*\b)"
        ),
        lambda m: (
            Cue(m.start(), m.end(), (2 * r - 1, 2 * r), "qualifying", "grid row shared", plural=True)
            if (r := ordinal(m.group("n")) or 0)
            else None
        ),
    ),
    Construction(
        "grid place",
        re.compile(
            rf"\b{GRID_NOUNS}\s+(?P<n>{PLACE_NUM})\b|\b(?:den|dem|die|der|vom|im|am|zum)\s+(?:\w+\s+)?(?P<n2>{ORD}|\d{{1,2}}\.)\s+{GRID_NOUNS}\b",
            re.I,
        ),
        _numbered("grid place", "qualifying"),
    ),
    Construction(
        "fastest time",
        re.compile(
            r"\b(?:die\s+)?(?:schnellste\s+(?:Zeit|Runde\s+des\s+Qualifyings)|Trainingsbestzeit|Qualifying-Bestzeit|Bestzeit)\b"
            r"|\bam\s+schnellsten\b"  # "war X mit 1:40,123 Minuten am schnellsten"
            r"|\bdie\s+Bestmarke\b"  # "setzte die Bestmarke" (the session's; not "eine neue Bestmarke")
        ),
        _fixed("fastest time", "qualifying"),
    ),
    Construction(
        # in a qualifying the fastest lap is the pole; in a race it is no result (kg.facts.results)
        "fastest lap",
        re.compile(r"\b(?:die\s+)?schnellste\s+Runde\b"),
        _fixed("fastest lap", None),
    ),
    Construction(
        "nth fastest time",
        # "die zweitschnellste Zeit", and elliptic after it: ", Jan Haas die drittschnellste."
        re.compile(
            r"\b(?P<n>zweit|dritt|viert|fünft|sechst)schnellste(?:\s+(?:Zeit|Rundenzeit)\b|(?=\s*(?:[.,;]|$|\s+und\b)))",
            re.I,
        ),
        lambda m: Cue(
            m.start(),
            m.end(),
            ({"zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6}[m.group("n").lower()],),
            "qualifying",
            "nth fastest time",
        ),
    ),
    # race wins -------------------------------------------------------------------------------
    Construction(
        "earlier winner",
        re.compile(r"\b(?:Vorjahressieger|Vorjahresgewinner|Titelverteidiger\s+und\s+Vorjahressieger)\b"),
        _fixed("earlier winner", "race", subject="after", earlier=True),
    ),
    Construction(
        # in whichever session the sentence is about
        "prevailed",
        # the split verb may hold the names it beat, with their parentheses: "setzte sich in seinem
        # Honda vor A (23, Schweden, Team) und B (28, Schweiz, Team) im Seat durch"
        # (a point inside a number is no sentence end: "mit 1.39,123 Minuten gegen X durch")
        re.compile(
            r"\b(?:setzte|setzten|setzt)\s+sich(?=\s+(?:[^.;]|(?<=\d)\.(?=\d)){0,240}?\s+durch\b)|\bdurchsetzte\b"
        ),
        _fixed("prevailed", None),
    ),
    Construction(
        "unbeaten",
        re.compile(r"\bnicht\s+zu\s+schlagen\b"),
        _fixed("unbeaten", None),
    ),
    Construction(
        "winner role",
        re.compile(r"\b(?:Laufsieger|Rennsieger|Tagessieger|Gesamtsieger)(?:in)?\b"),
        _fixed("winner role", "race", subject="after"),
    ),
    Construction(
        "class win",
        re.compile(
            r"\b(?:Klassensieg|Klassen-Sieg|Klassensieger)\w*\b|\b(?:[A-Z][\w-]*-)(?:Klasse|Wertung|Kategorie)\b[^.;]{0,40}?\b(?:gewann|gewannen|siegte|siegten|entschied|entschieden)\b"
            # "Die Klasse GTLM ging an X", "Die GTE-Am-Wertung ging an X": the class went to the object
            r"|\b(?:(?:Klasse|Wertung|Kategorie)\s+[A-Z0-9][\w-]*"
            r"|(?!(?:Fahrer|Team|Marken|Hersteller|Konstrukteurs|Gesamt)-)[A-Z][\w-]*-(?:Klasse|Wertung|Kategorie))"
            r"(?=\s+(?:ging|gingen|geht|fiel)\s+an\b)"
        ),
        _fixed("class win", "race", in_class=True),
    ),
    Construction(
        "win verb",
        re.compile(
            r"\b(?:gewann|gewinnt|gewannen|gewinnen|gewonnen|siegte|siegt|siegten|siegen|gesiegt"
            r"|triumphierte|triumphiert|triumphierten"
            # "entschied das Rennen für sich", "Die LMP2-Wertung entschieden A und B für sich"
            r"|(?P<decided>entschied|entschieden|entscheidet|entscheiden)(?=[^,;.]{0,80}?\bfür\s+sich\b))\b"
        ),
        lambda m: _fixed("win verb", "race")(m) if not m.group("decided") or _decided_a_win(m) else None,
    ),
    Construction(
        # "hatte X die Nase vorn", "hatte X die Nase knapp vor Y": the idiom of winning
        "nose ahead",
        re.compile(r"\bdie\s+Nase\s+(?:(?:knapp|klar|deutlich|hauchdünn)\s+)?(?:vorn|vorne|vor)\b"),
        _fixed("nose ahead", "race"),
    ),
    Construction(
        "win noun",
        re.compile(
            r"\b(?:(?:[Dd]en|[Dd]er|[Ss]einen|[Ii]hren|[Ee]inen|[Dd]em|zum|zu\s+seinem|zu\s+ihrem|[Mm]it\s+einem|[Mm]it\s+dem)\s+"
            r"(?:[\w-]+\s+){0,3}?"
            r"(?:Sieg|Laufsieg|Rennsieg|Gesamtsieg|Saisonsieg|Heimsieg|Start-Ziel-Sieg|Erfolg)(?:e?s)?(?![\w-])"
            r"|(?<![\w-])(?:(?:Gesamt|Lauf|Renn|Heim)sieg|Sieg)\s+(?:für|von|des|der)|Sieger\s+(?:wurde|wurden|ist|war|waren|sind|heißt|hießen|hieß|im|beim)"
            r"|Sieger\s+(?:des|der)\s+(?:[\w-]+\s+){0,3}?[\w-]*(?:Rennens|Laufs|Klasse|Wertung|Kategorie|Stunden|Rallye|Prix|ePrix|Qualifyings)"
            r"|als\s+Sieger|(?:wurde|wurden|ist|war)\s+Sieger|den\s+Sieg\s+(?:holte|holten|sicherte|feierte))\b"
        ),
        _fixed("win noun", "race"),
    ),
    # places ----------------------------------------------------------------------------------
    Construction(
        "place range",
        re.compile(rf"\b(?:auf\s+den\s+)?(?:{_PLACES_NOUN})\s+(?P<n>{NUM})\s+bis\s+(?P<n2>{NUM})\b"),
        _range_handler,
    ),
    Construction(
        "place list",
        re.compile(
            rf"\b(?:(?:{_PLACES_NOUN})|Startplätze|Startplätzen|Platz|Rang)\s+"  # "auf Platz vier und fünf"
            rf"(?P<ns>{NUM}(?:(?:,\s*|\s+(?:und|respektive|bzw\.)\s+){NUM})+)\b"
        ),
        _list_handler,
    ),
    Construction(
        # "Top-3 im Qualifying: A, B, C", "Die Top Ten: …": the places from one, in order
        "top list",
        re.compile(
            r"\b[Tt]op[- ]?(?P<n>\d{1,2}|drei|fünf|zehn|Three|Five|Ten)\b(?=[^:.;]{0,40}:\s*[A-ZÄÖÜ])"
        ),
        lambda m: Cue(
            m.start(),
            m.end(),
            tuple(range(1, (_n(m.group("n")) or _TOP_WORDS.get(m.group("n"), 0)) + 1)),
            None,
            "top list",
            open_range=True,
        ),
    ),
    Construction(
        "ordinal list",
        re.compile(r"\b(?P<ns>\d{1,2}\.(?:\s+(?:und|respektive|bzw\.)\s+\d{1,2}\.)+)(?=\s|$)"),
        _list_handler,
    ),
    Construction(
        # "startet morgen von ganz vorne": from the pole
        "from the front",
        re.compile(r"\bvon\s+ganz\s+vorne?\b"),
        lambda m: (
            Cue(m.start(), m.end(), (1,), "qualifying", "from the front")
            if _started_from(m.string, m.start(), m.end())
            else None
        ),
    ),
    Construction(
        # "startet von Position vier", "von Platz sieben gestartet": a grid place (qualifying)
        "start place",
        re.compile(
            rf"\b(?:[Vv]on|[Aa]us)\s+(?:der\s+)?(?P<p>(?:Platz|Rang|Position|P)\s*(?P<n>{PLACE_NUM}))\b(?!\.\d)"
        ),
        _start_place,
    ),
    Construction(
        "place number",
        re.compile(rf"\b(?:{PLACE_NOUNS}|P)\s*(?P<n>{PLACE_NUM})\b(?!\.\d)|\bP(?P<n2>\d{{1,2}})\b"),
        _numbered("place number", None),
    ),
    Construction(
        "ordinal place",
        re.compile(
            rf"\b(?:den|dem|die|der|einen|einem|seinen|seinem|ihren|ihrem)\s+(?:\w+\s+)?(?P<n>{ORD}|\d{{1,2}}\.)\s+{PLACE_NOUNS}\b",
            re.I,
        ),
        _numbered("ordinal place", None),
    ),
    Construction(
        # without an article, the place of a headline or a list: "11. Platz für X", "Dritter Platz für X"
        "bare ordinal place",
        re.compile(rf"(?:^|(?<=[,;:–-] ))(?P<n>{ORD}|\d{{1,2}}\.)\s+{PLACE_NOUNS}(?=\s+für\b)", re.I),
        _numbered("bare ordinal place", None),
    ),
    Construction(
        "podium completed",
        re.compile(
            rf"\bkomplettierte[n]?\s+(?:\w+\s+)?(?:das|dem)\s+{_PODIUM}\b"
            rf"|\b(?:[Dd]as|dem)\s+{_PODIUM}\s+(?:in\s+der\s+[\w-]+\s+)?komplettierte[n]?\b"
            rf"|\b[Kk]omplettiert\s+wurde\s+das\s+{_PODIUM}\b"
        ),
        _podium_completed,
    ),
    Construction(
        # "A und B komplettieren die erste Reihe", "Die erste Startreihe komplettiert X": the places
        # after the pole, as many as there are names (a row of a grid has two or three cars)
        "front row completed",
        re.compile(
            r"\b(?:komplettier\w*|vervollständig\w*)\s+(?:[\w-]+\s+){0,3}?die\s+erste\s+(?P<r>Start)?[Rr]eihe\b"
            r"|\b[Dd]ie\s+erste\s+(?P<r2>Start)?[Rr]eihe\s+(?:komplettier\w*|vervollständig\w*)\b"
        ),
        lambda m: Cue(
            m.start(),
            m.end(),
            (2, 3),
            "qualifying",
            "front row completed",
            open_range=True,
        ),
    ),
    Construction(
        # "X rundete die Top 5 ab", "A, B und C komplettieren die Top-Ten": the last places up to N
        "top completed",
        re.compile(
            r"\b(?:komplettiert\w*|rundete[n]?|runden|rundet)\s+(?:[\w-]+\s+){0,6}?die\s+(?:Top[- ]?"
            r"(?P<n>\d{1,2}|Ten|Zehn|Fünf|Five|Drei|Three)\b"
            # "die ersten beiden Startreihen": places up to four
            r"|ersten\s+(?P<rows>beiden|zwei|drei|vier|fünf)\s+Startreihen\b)"
        ),
        _top_handler,
    ),
    Construction(
        "placed",
        re.compile(rf"(?<![\w-])(?P<w>(?:{NOMINAL})platziert(?:e|er|en))(?![\w-])"),
        lambda m: (
            Cue(m.start(), m.end(), (_nominal(m.group("w")) or 0,), None, "placed")
            if _nominal(m.group("w"))
            else None
        ),
    ),
    Construction(
        "ordinal pair",
        re.compile(
            rf"(?<![\w-])(?P<a>(?:{NOMINAL})(?:er|e))\s+(?:und|bzw\.|beziehungsweise|respektive)\s+(?P<b>(?:{NOMINAL})(?:er|e))(?![\w-])"
        ),
        lambda m: (
            Cue(
                m.start(),
                m.end(),
                (_nominal(m.group("a")) or 0, _nominal(m.group("b")) or 0),
                None,
                "ordinal pair",
                plural=True,
            )
            if _nominal(m.group("a")) and _nominal(m.group("b"))
            else None
        ),
    ),
    Construction(
        "beat the field",
        re.compile(
            r"\b(?:schlug|schlägt|besiegte|bezwang|distanzierte)\b(?=[^.;]*\b(?:[\w-]*[Rr]ennen|Lauf|Konkurrenz|Feld|Elite)\b)"
        ),
        _fixed("beat the field", None),
    ),
    # before the ordinals: "Schnellster GT3-Fahrer" is first of GT3, not the session's fastest
    Construction(
        "best in class",
        # "Bester Junior", "bester Pro-Am-Starter", "schnellster LMP2-Pilot", "bester GT3-Fahrer"
        re.compile(
            r"\b[Bb]este[rn]?\s+(?P<cls>Junior|Junioren|Amateur|Pro-Am-\w+)\b"
            rf"|\b(?:[Bb]este|[Ss]chnellste)[rns]?\s+(?P<code>[A-Z][A-Z0-9]+(?:-[A-Z][a-z]+)?){CLASS_ROLE}\b"
        ),
        lambda m: Cue(m.start(), m.end(), (1,), None, "best in class", in_class=True),
    ),
    Construction(
        # "Bester in der GT-Klasse war X", "Schnellster in der LMP2 war X": first of the class named
        "best in named class",
        re.compile(r"\b(?:[Bb]este|[Ss]chnellste)[rn]?\s+in\s+der\s+(?=[\w-]*[A-Z0-9])"),
        lambda m: Cue(m.start(), m.end(), (1,), None, "best in named class", in_class=True),
    ),
    Construction(
        "nominal ordinal",
        re.compile(
            # "Gesamtneunter", "Klassenzweiter": an ordinal of the overall or the class classification
            rf"(?<![\w-])(?P<pre>Gesamt|Klassen)?(?P<w>(?(pre)(?:{NOMINAL.lower()})|(?:{NOMINAL}))(?:schnellste)?(?:er|e|r)(?![\w-]))"
            rf"|(?<![\w-])(?P<w2>Schnellste[r]?)(?![\w-])"
        ),
        lambda m: (
            _nominal_handler(m) if m.group("w") else Cue(m.start(), m.end(), (1,), "qualifying", "fastest")
        ),
    ),
    Construction(
        "lower ordinal",
        re.compile(
            rf"\b(?:als\s+|wurden?\s+)(?P<w>(?:{NOMINAL.lower()})(?:er|e))\b|\b(?P<w2>(?:{NOMINAL.lower()})(?:er|e))(?=\s+(?:wurden?|war|waren)\b)"
        ),
        _lower_ordinal_handler,
    ),
    Construction(
        "digit ordinal",
        re.compile(r"\b(?:als|wurde|wurden|nur|lediglich|auf)\s+(?P<n>\d{1,2})\.(?=\s|$|[,;])"),
        lambda m: Cue(m.start("n"), m.end(), (int(m.group("n")),), None, "digit ordinal"),
    ),
    Construction(
        "parenthesis",
        re.compile(r"\((?:[^()]*?;\s*)?(?P<n>\d{1,2})\.(?:\s*[A-Z][\w-]*)?(?=\s*[)/;,])"),
        _paren_handler,
    ),
)

#: constructions by name (tests name them)
BY_NAME: dict[str, Construction] = {c.name: c for c in CONSTRUCTIONS}


def find_cues(text: str) -> list[Cue]:
    """All position cues of a sentence, in text order, earlier constructions winning overlaps."""
    taken = bytearray(len(text))
    cues: list[Cue] = []
    folded = text.casefold()
    for construction in CONSTRUCTIONS:
        if not may_match(construction.required, folded):
            continue
        for m in construction.pattern.finditer(text):
            cue = construction.handle(m)
            if cue is None or taken.find(1, cue.start, cue.end) != -1:
                continue
            cue = replace(cue, construction=construction.name)
            taken[cue.start : cue.end] = b"\x01" * (cue.end - cue.start)
            cues.append(cue)
    return sorted(cues, key=lambda c: c.start)


def iter_constructions() -> Iterator[str]:
    """Names of the constructions, in order of precedence."""
    return (c.name for c in CONSTRUCTIONS)
