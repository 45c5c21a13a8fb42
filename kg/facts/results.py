"""Sessions and results: who finished or qualified where, from German race reports.

Per sentence (quoted speech masked), in this order:

1. classification lines ("1. Lewis Hamilton (GBR) Mercedes 1:30:44,200", "3. A/B/C (Audi)")
   give the line's position to its first name or crew, in the session of the block's heading;
2. position phrases (:mod:`kg.facts.positions`) give their position(s) to their subject
   (:func:`subject_of`): a relative clause's antecedent, the name after a role noun or before a
   parenthesis, the subject of the clause before or after the phrase, or the person a
   description at the start of the sentence refers to. Plural phrases take a whole list
   ("Dritte wurden A, B und C"), lists of positions go to lists of names in order ("die Plätze
   sieben und acht belegten A und B");
3. names ranked behind a placed one follow it ("X gewann vor A und B", "gefolgt von A", "Hinter
   dem Duo folgten A und B", "dahinter klassierten sich C und D");
4. a position said of a car or team without a name ("Zweiter wurde der Porsche von X") goes to
   the crew named next in the sentence or, failing that, in the next sentence.

What is no result: running order ("lag auf Platz drei"), standings ("Rang zehn in der
Gesamtwertung", tables of points), hypotheticals ("würde Fünfter"), misses ("verpasste die
Pole"), fights ("Kampf um Platz vier"). A session's kind comes from the phrase (pole →
qualifying, win → race), else from the nearest session word, else from the article's context;
its class from a class named in the clause. An earlier race ("im Vorjahr", "Vorjahressieger")
is an event of its own. One driver has one position per session.

Lap times and gaps (:func:`kg.facts.numbers.times`) go to the qualifying result of the name
they follow in the same clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from kg.facts.context import Sentence, description_subject, is_genitive, relative_antecedent
from kg.facts.entities import EntityIndex
from kg.facts.model import Event, Session, SessionKind, Span
from kg.facts.numbers import ORDINAL_RE, Time, times
from kg.facts.positions import CLASS_ROLE, Cue, find_cues
from kg.facts.prefilter import Prefiltered
from kg.facts.subjects import Group, clause_of, crew_context, groups, is_object, seated_after, seated_crew
from kg.facts.typing import is_crew_article, top_classes
from kg.nlp.model import Mention

SessionKey = tuple[str, SessionKind, str | None, int | None]  # (event id, kind, class id, heat)

SESSION_WORDS: tuple[tuple[re.Pattern[str], SessionKind], ...] = (
    (
        re.compile(
            r"Qualifikationsrennen|Qualifying-Rennen|Qualirennen|Qualifying[- ]Race|Qualifikationslauf"
        ),
        "qualifying_race",
    ),
    (re.compile(r"Warm-?[Uu]p"), "warmup"),
    (
        re.compile(
            r"[Ff]reie[sn]?\s+Training|Training\s+am\s+Freitag|Trainingssitzung|\b\d\.\s+Training|Testfahrten"
        ),
        "practice",
    ),
    (
        re.compile(
            # a shoot-out decides the first places of the grid: its places are the qualifying's
            r"Shoot-?[Oo]ut|Top-?Qualifying|Super-?\s?[Pp]ole|Hyper-?[Pp]ole|Einzelzeitfahren|Top-10-Qualifying"
            r"|Qualifying|Quali\b|Qualifikation|Zeittrain\w*|Zeitenjagd|Startaufstellung|Startreihe|Startplatz"
            r"|Startposition|Startplätze|qualifizierte|qualifiziert|(?<![\w-])Pole(?!n)"
            # looking ahead to a race is about the grid: "geht als Dritter ins Rennen", "für das Rennen"
            r"|\b(?:ins|für\s+das|in\s+das|zum)\s+(?:[\w-]+\s+)?[\w-]*[Rr]ennen\b"
            r"|\bzum\s+(?:[\w-]+\s+)?[\w-]*Lauf\b"  # "Zeittraining zum vierten VLN-Lauf"
        ),
        "qualifying",
    ),
    (
        re.compile(
            r"[\w-]*[Rr]ennen\b|[\w-]*[Rr]ennens\b|\bLauf\b|\bLaufs\b|Zieleinlauf|Zielflagge|Ziellinie|ins\s+Ziel"
            # (a compound's head is no race word: "Qualifying-Ergebnis" is the qualifying's)
            r"|Podest|Podium|Endstand|(?<!-)Ergebnis\b|Sieg\b|Rennrunde|Grand\s+Prix|ePrix|\bRace\b"
        ),
        "race",
    ),
)
#: phrases around a position that make it no result
RUNNING = Prefiltered(
    re.compile(
        r"\b(?:lag|lagen|liegend\w*|liegt|liegen|lief\s+(?:lange|zeitweise)|zeitweise|zwischenzeitlich|kämpf\w*|Kampf|"
        r"duellierte|durchgereicht|zurückgefallen|zurückfiel|fiel\s+(?:\w+\s+)?zurück|schnappte|jagte|hinterher|"
        r"zu\s+Beginn|nach\s+dem\s+Start|in\s+der\s+ersten\s+Runde|Runde\s+\d+|Rennhälfte|bis\s+zur)\b"
    )
)
#: what "gewann" can have won besides a race
NOT_A_RACE_WIN = Prefiltered(
    re.compile(
        r"\b(?:Meisterschaft|Titel|Punkte|Duell|Start|Startduell|Wertung|Pokal|Zweikampf|Vertrauen|Respekt)\w*"
    )
)
#: wins of a career, a bare plural: "gewann bereits Rennen", "gewann schon mehrere Läufe"
CAREER_WINS = re.compile(
    r"\b(?:bereits|schon|mehrere|einige|viele|zahlreiche|etliche)\s+(?:[a-zäöü]\w*\s+)?(?:Rennen|Läufe|Siege)\b"
)
#: a stage of a rally or a raid is not its classification: "gewann die Power Stage", "der
#: Etappensieg", "Sieg auf der dritten Wertungsprüfung"
_STAGE = r"(?:Power[- ]?Stage|(?:Sonder|Wertungs)?[Pp]rüfung|WP\s*\d*|Etappe|Stage)\b"
STAGE_WON = re.compile(
    rf"^\s+(?:\w+\s+){{0,3}}?(?<!\bnach\s)(?<!\bvor\s)(?<!\bbei\s)(?<!\bin\s)(?<!\bseit\s)"
    rf"(?:die|den|das|der|auf\s+der)\s+(?:[\w.-]+\s+){{0,2}}?{_STAGE}"
    rf"|^[^,;]{{0,10}}?\bauf\s+der\s+(?:[\w.-]+\s+){{0,2}}?{_STAGE}"
)
STAGE_NAMED = re.compile(rf"\b(?:der|die|einer|dieser)\s+(?:[\w.-]+\s+){{0,2}}?{_STAGE}")
STAGE_WIN_NOUN = re.compile(r"Etappen|Tages|WP-|Prüfungs|Stage-")
RACE_OBJECT = re.compile(
    r"\b(?:\w*[Rr]ennen|Lauf|Finale|Grand\s+Prix|ePrix|Rallye|Stunden|Qualifying|Klasse|\w+-Klasse"
    # a class's classification: "gewannen die GT4-Wertung", "die Pro-Am-Kategorie"
    r"|[A-Z][\w-]*[0-9A-Z][\w]*-(?:Wertung|Kategorie))\b"
)
#: running order, wherever it is said in the sentence
RUNNING_SENTENCE = Prefiltered(
    re.compile(
        r"\b(?:schnappte|fand\s+sich|jagte|Schlepptau|Spitzengruppe|in\s+der\s+\w+\s+Runde|Führende[rn]?|"
        r"[Nn]ach\s+der\s+Hälfte|Halbzeit|Rennhälfte|Zwischenstand|zwischenzeitlich|an\s+der\s+Spitze\s+des\s+Klassements)\b"
    )
)
HYPOTHETICAL = Prefiltered(
    re.compile(
        r"\b(?:[Ss]ollte\w*|[Ww]ürde\w*|[Ww]äre\w*|[Hh]ätte\w*|[Kk]önnte\w*|[Dd]ürfte\w*|[Ff]alls|etwaig\w*|"
        r"Punktgleichheit|Szenario|benötigt\w*|braucht\w*|müsste\w*|[Ww]enn|"
        # an aim is no result: "Hoffnungen auf den Gesamtsieg", "schielt auf den Klassensieg"
        r"Hoffnung\w*|hofft\w*|schiel\w*|peilt\w*|anpeil\w*|will|wollen|"
        # a prediction: "gilt als Favorit auf den Sieg", "Anwärter auf die Pole"
        r"\w*[Ff]avorit\w*|Anwärter\w*|Kandidat\w*)\b"
    )
)
MISSED = re.compile(
    r"\b(?:verbessert\w*\s+(?:seine|ihre|die)\s+(?:\w+\s+)?Bestzeit|verpasst\w*|verfehlt\w*|verlor\w*|verloren|knapp\s+an|um\s+(?:den|die|das)\b|Chance\w*|Traum\w*|"
    r"aberkannt|gestrichen|strich|disqualifiziert|Strafversetzung)\b"
)
#: after "Klassement": a session's order is no standings ("im Klassement der zweitschnellsten Runden")
_OF_A_SESSION = (
    r"(?!\s+(?:der|des)\s+(?:[\w-]+\s+)?(?:Runden|Qualifyings|Zeittrainings|Trainings|Rennens|Laufs)\b)"
)
STANDINGS = re.compile(
    r"\b(?:Tabelle\w*|Tabellen\w+|Meisterschaft\b|Meisterschaftsstand|Meisterschaftswertung|"
    r"(?:Fahrer|Team|Marken|Hersteller|Konstrukteurs)-?[Ww]ertung\w*|"
    r"WM-(?:Stand|Wertung|Tabelle|Führung|Zweite\w*|Dritte\w*|Rang|Platz)\w*|Punkt\w*|Zähler\w*|Endwertung|"
    rf"Klassement{_OF_A_SESSION})"
)
#: constructions of the fastest of a session: a qualifying's, unless a practice is named
FASTEST_CUES = frozenset({"nominal ordinal", "fastest time", "nth fastest time", "fastest lap"})
#: a sentence that opens in the standings: its places are standings ("Im WM-Klassement hat X 15
#: Punkte Vorsprung auf Y, Dritter ist Z", "In der Fahrer-WM liegt X vorn")
STANDINGS_OPENING = re.compile(
    rf"^\s*(?:Im|In\s+der)\s+(?:[\w-]*(?:WM|Klassement{_OF_A_SESSION}|Tabelle|Meisterschaft|Fahrerwertung|Teamwertung|Championat)\b"
    r"|Gesamtwertung\b(?=.*\b(?:Punkte\w*|Zähler\w*|Vorsprung|Rückstand)\b))"
)
#: a move in a table: "rückte auf Rang zwei der Gesamtwertung vor"
TABLE_MOVE = Prefiltered(re.compile(r"\b(?:rückt\w*|rutscht\w*|kletter\w*)\b"))
#: the race a qualifying race sets the grid of
MAIN_RACE = Prefiltered(
    re.compile(r"\b(?:Hauptrennen\w*|Hauptlauf\w*|(?:morgigen|sonntäglichen)\s+(?:\w+\s+)?Rennen)\b")
)
#: words of a season, which make a "Gesamtwertung" the championship's rather than a race's
SEASON = Prefiltered(
    re.compile(
        r"\b(?:Saison\w*|WM\b|WM-\w+|Meisterschaft\w*|Punkte\w*|Zähler\w*|Tabelle\w*|Titel\w*|Jahreswertung)"
    )
)
EARLIER_RACE = Prefiltered(
    re.compile(
        r"\b(?:(?:beim|im|am|in)\s+(?:letzten|vorigen|vergangenen|vorherigen|zurückliegenden)\s+(?:Lauf|Rennen|Wochenende|Jahr)"
        r"|vor\s+(?:einer|zwei|drei|vier|fünf|\d+)\s+Wochen?|im\s+Vorjahr|(?:letztes|vergangenes)\s+Jahr"
        r"|im\s+letzten\s+Jahr|aus\s+dem\s+Vorjahr|[Vv]orjahres\w+|(?:19|20)\d\d\s+(?:gewann|siegte|holte))\b"
    )
)
#: a sentence that opens with a description of a person ("Der Brasilianer", "Der 23-Jährige", "Er")
DESCRIPTION_START = re.compile(
    r"^\s*(?:(?:Der|Dem|Des)\s+(?:\d{1,2}-[Jj]ährige[rn]?\s+|[a-zäöü]\w+e[rn]?\s+)?"
    r"(?:[A-ZÄÖÜ][\w-]*(?:er|e)|[\w-]*(?:Pilot|Fahrer|Sieger|Champion|Routinier|Youngster|Rookie|Star)\w*)"
    r"|Er|Sie)\b"
)
TABLE_LINE = re.compile(r"^\s*(?P<n>\d{1,2})\.\s+(?=\S)")
#: an item of a classification written on one line: "Ergebnis: 1. A (Team) 1:28,123 2. B ..."
#: (a digit first, then the look behind it: "(?:^|(?<=[\s:;,]))\d{1,2}" was tried at every position)
ENUM_ITEM = re.compile(r"(?P<n>\d(?<![^\s:;,]\d)\d?)\.\s+(?=[A-ZÄÖÜ])")
STANDINGS_LINE = re.compile(
    r"(?:(?<![\d.,:+])\b\d{1,4}(?:[,.]5)?\s*(?:Punkte|Pkt\.?|Zähler)?\s*$|–\s*\d+\s*Punkte)"
)
BEHIND = Prefiltered(
    re.compile(
        r"\b[Hh]inter\s+(?P<anchor>dem\s+(?:Spitzen|Führungs)?(?P<group>Duo|Trio|Quartett|Spitzentrio|Führungsduo)\b|"
        r"(?:ihm|ihr|ihnen)\b|(?:dem|den|der)\s+[\w-]+\b|(?P<name>[A-ZÄÖÜ][\w-]+))"
        # the dative alone, opening a sentence: "Ihm folgten A und B" (those after the one in focus)
        r"|^\s*(?P<dative>Ihm|Ihr|Ihnen)(?=\s+(?:folgte|folgten)\b)"
    )
)
FOLLOW_VERB = re.compile(
    r"\b(?:folgte|folgten|folgen|folgt|reihte\w*\s+sich|reihten\s+sich|landete\w*|kam|kamen|klassierte\w*\s+sich|"
    r"werden|starten|startet|wurde|wurden|platzierte\w*\s+sich|fuhr|fuhren|komplettierte\w*|steht|stehen|stand|standen)\b"
)
THEREAFTER = Prefiltered(
    re.compile(
        r"\b(?:(?:[Dd]ahinter|[Dd]anach|[Aa]nschließend|[Aa]uf\s+den\s+(?:weiteren\s+|nächsten\s+)?"
        r"(?:Plätzen|Rängen|Positionen|Podestplätzen|Podiumsplätzen))\s+"
        r"(?:klassierte\w*\s+sich|folg\w*|landete\w*|kam\w*|reihte\w*\s+sich|starte\w*|platzierte\w*\s+sich|"
        r"qualifizierte\w*\s+sich)"
        r"|folgten\s+auf\s+den\s+(?:weiteren\s+|nächsten\s+)?(?:Plätzen|Rängen|Positionen)(?!\s+(?:\d|zwei|drei|vier|fünf))"
        # "Die weiteren Plätze belegten A, B und C"
        r"|[Dd]ie\s+(?:weiteren|nächsten|folgenden)\s+(?:Plätze|Ränge|Positionen)\s+(?:belegte\w*|gingen\s+an)"
        # the names before "folgte(n)" opening a sentence: "Paul Meier folgte mit 0,2 Sekunden Rückstand",
        # "A (+0,294) und B (+0,307) folgten."
        r"|(?<=^)(?=[A-ZÄÖÜ](?:[^,;:()]|\([^()]*\)){0,90}?\s(?:folgte|folgten)"
        r"(?:\s+(?:mit|auf\s+dem\s+Fuß|knapp|dicht|nur)\b|\s*\.?\s*$))"
        # the names before "dahinter" opening a sentence: "X kam 0,0974 Sekunden dahinter ins Ziel"
        r"|(?<=^)(?=[A-ZÄÖÜ](?:[^,;:()]|\([^()]*\)){0,60}?\s(?:kam|kamen|landete|landeten|lag|lagen|fuhr|fuhren)"
        r"\s+(?:(?:nur|knapp|gut|rund)\s+)?(?:[\d,.]+\s+(?:Sekunden?|Zehntel\w*|s)\s+)?dahinter\b)"
        # without a verb after a comma: "Schnellster war X in 1:40,1 Minuten, dahinter Y und Z"
        r"|(?<=,\s)[Dd]ahinter(?=\s+[A-ZÄÖÜ]))\b"
    )
)
GROUP_SIZE = {"Duo": 2, "Führungsduo": 2, "Trio": 3, "Spitzentrio": 3, "Quartett": 4}
#: the one beaten by "setzte sich gegen X durch": second
AGAINST = re.compile(r"\bgegen\s+")
#: a lead over the next: "Vorsprung auf X", "Vorsprung von 1,2 Sekunden auf X"
_LEAD_OVER = r"Vorsprung\s+(?:von\s+(?P<lead>[\d:.,]+\s+(?:Minuten|Sekunden|Runden?))\s+)?auf"
AHEAD = re.compile(rf"\b(?:vor|gefolgt\s+von|{_LEAD_OVER})\s+")


@dataclass
class Row:
    """One result as found: session, position, crew (entity ids) and where it was said."""

    session_key: SessionKey
    position: int
    drivers: tuple[str, ...]
    evidence: Span
    construction: str = ""
    team: str | None = None
    car_model: str | None = None
    lap_time: Decimal | None = None
    gap: Decimal | None = None


@dataclass
class ResultSet:
    """Events, sessions and result rows of one article."""

    events: dict[tuple[Any, ...], Event] = field(default_factory=dict)
    sessions: dict[SessionKey, Session] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def event_id(self, key: tuple[Any, ...]) -> str:
        if key not in self.events:
            series, circuit, year, _earlier = key
            self.events[key] = Event(f"event:{len(self.events) + 1}", series, circuit, None, year)
        return self.events[key].id

    def session_key(
        self, event: str, kind: SessionKind, race_class: str | None, evidence: Span, heat: int | None = None
    ) -> SessionKey:
        key = (event, kind, race_class, heat)
        if key not in self.sessions:
            self.sessions[key] = Session(
                f"session:{len(self.sessions) + 1}", kind, event, race_class, evidence, heat
            )
        return key

    def add(self, row: Row) -> Row | None:
        """Add a row unless one of its drivers already has another position in that session.
        Returns the row now holding that result (an earlier one if it was there), or None."""
        for r in self.rows:
            if r.session_key != row.session_key or not set(r.drivers) & set(row.drivers):
                continue
            if r.position != row.position:
                return None
            if set(row.drivers) <= set(r.drivers):
                return r
        self.rows.append(row)
        return row

    def position_of(self, key: SessionKey, eid: str) -> int | None:
        return next((r.position for r in self.rows if r.session_key == key and eid in r.drivers), None)

    def last_position(self, key: SessionKey, before: int | None = None) -> int | None:
        """The place of the session's latest row (of the first ``before`` rows)."""
        rows = [r for r in self.rows[:before] if r.session_key == key]
        return rows[-1].position if rows else None


MARGIN = re.compile(
    r"\bmit\s+(?:knapp\s+|nur\s+|rund\s+|einem\s+)?(?:Vorsprung\s+von\s+)?(?P<g>[\d,.:]+\s+(?:Sekunden?|s|Minuten)|\w+\s+(?:Zehntel|Hundertstel|Tausendstel)\w*)"
    r"(?:\s+Vorsprung)?\b"
)
GRID_ROW = Prefiltered(
    re.compile(
        r"\b(?:[Aa]us|[Ii]n|[Vv]on)\s+der\s+(?P<n>ersten|zweiten|dritten|vierten|fünften|sechsten|siebten|achten|neunten"
        r"|zehnten)\s+(?:Start)?[Rr]eihe\b"
    )
)
ROW_NUMBERS = {
    "ersten": 1,
    "zweiten": 2,
    "dritten": 3,
    "vierten": 4,
    "fünften": 5,
    "sechsten": 6,
    "siebten": 7,
    "achten": 8,
    "neunten": 9,
    "zehnten": 10,
}


@dataclass
class _State:
    """What carries from sentence to sentence."""

    series: str | None = None
    circuit: str | None = None
    earlier: int = 0
    earlier_circuit: str | None = None
    race_class: str | None = None
    context_kind: SessionKind | None = None
    heat: int | None = None  # the heat ("Rennen 2") the sentence being read is about
    heading_heat: int | None = None  # the heat the last heading named ("Startaufstellung Rennen drei")
    qualifying_race: bool = False  # the article reports a qualifying race
    table_kind: SessionKind | None = None
    table_class: str | None = None  # the class a heading line named ("LMP2", "Klasse GTE-Am:")
    in_standings_table: bool = False
    focus: list[Mention] = field(default_factory=list)
    last_crew: list[Mention] = field(default_factory=list)  # the last crew (two or more) named
    class_sentences: int = 0  # sentences left that go on about the class of the last class result
    car_crews: dict[str, tuple[str, ...]] = field(default_factory=dict)  # car number -> its crew
    #: places said of a car whose crew comes later: session, place, the car's sentence and clause
    pending: list[tuple[SessionKey, int, Sentence, tuple[int, int]]] = field(default_factory=list)
    #: "aus der zweiten Startreihe": (session, row, crew, evidence), positions 2r-1 or 2r
    grid_rows: list[tuple[SessionKey, int, tuple[str, ...], Span]] = field(default_factory=list)
    #: a lap said of someone with no qualifying place yet: (driver, seconds), for the next sentence
    pending_lap: tuple[str, Decimal] | None = None
    rows_before: int = 0  # rows found before the sentence at hand
    #: "gewann mit 1,8 Sekunden Vorsprung": (race session, margin), the gap of second place
    margins: list[tuple[SessionKey, Decimal]] = field(default_factory=list)


#: a heat of a weekend with several races or qualifyings: "Race 2", "im Rennen 1", "das 2. Rennen",
#: "im zweiten Qualifying", "Startaufstellung Rennen drei" (not "sein erstes Rennen", "der
#: zweite Lauf der Saison", nor a part of one qualifying: "Qualifying-Abschnitt", "Q2")
HEAT = re.compile(
    r"\b(?:Race|Rennen|Lauf|Heat|Durchgang|Qualifying)\s+(?P<n>[1-4]|eins|zwei|drei|vier)\b(?![.,:]\d)"
    r"|(?<!\bsein\s)(?<!\bseinem\s)(?<!\bihrem\s)(?<!\bihr\s)"
    r"\b(?P<o>erste[nms]?|zweite[nms]?|dritte[nms]?|[1-3]\.)\s+(?:Rennen|Rennens|Lauf|Laufs|Qualifying|Qualifyings|Durchgang)"
    r"(?![\w-])(?!\s+(?:der|des|dieser|in\s+der)\s+(?:Saison|Jahres|Karriere|Meisterschaft|Serie))"
)
_HEAT_NOUNS = re.compile(r"Race|Rennen|Lauf|Heat|Durchgang|Qualifying")
_HEAT_NUMBERS = {"eins": 1, "zwei": 2, "drei": 3, "vier": 4, "erst": 1, "zweit": 2, "dritt": 3}


def heat_of(text: str) -> int | None:
    """The one heat a text names, or None (none, or several: "Rennen 2 und Rennen 3")."""
    if not _HEAT_NOUNS.search(text):
        return None  # most sentences: no need for the slower pattern
    heats = set()
    for m in HEAT.finditer(text):
        word = (m.group("n") or m.group("o")).rstrip(".")
        heats.add(int(word) if word.isdigit() else _HEAT_NUMBERS.get(word, _HEAT_NUMBERS.get(word[:-2], 0)))
    heats.discard(0)
    return heats.pop() if len(heats) == 1 else None


def is_heading(text: str) -> bool:
    """A heading line: a few words without a full stop ("Startaufstellung Rennen zwei")."""
    stripped = text.strip()
    return 0 < len(stripped.split()) <= 8 and not stripped.endswith((".", "!", "?", ":"))


def extract_results(sents: list[Sentence], index: EntityIndex, full_text: str) -> ResultSet:
    """Every result the constructions find in the article's sentences."""
    rs = ResultSet()
    series = next(
        (index.of(m) for s in sents for m in s.mentions if m.label == "SERIES" and index.of(m)), None
    )
    state = _State(
        circuit=next((index.of(m) for s in sents for m in s.mentions if m.label == "CIRCUIT"), None)
    )
    state.series = series
    state.context_kind = _article_kind(sents)
    state.qualifying_race = SESSION_WORDS[0][0].search(full_text) is not None
    state.car_crews = car_crews(sents, index)
    for s in sents:
        persons = [p for p in s.persons() if not is_genitive(p, index)]
        event = _event_of(s, index, series, state, rs)
        for m in s.mentions:
            if m.label == "CLASS" and index.of(m):
                state.race_class = index.of(m)
        heat = heat_of(s.text)
        if is_heading(s.text):
            state.heading_heat = heat
        state.heat = heat or state.heading_heat
        if _table_line(s, persons, index, event, state, rs):
            continue
        before = state.rows_before = len(rs.rows)
        _sentence_results(s, persons, index, event, state, rs)
        new_rows = rs.rows[before:]
        _pending_lap(new_rows, state)
        if not any(r.lap_time is not None for r in new_rows):
            _subject_lap(s, persons, index, state, rs)
        if not new_rows:
            _faster_than_second(s, persons, index, rs, state.focus)
            _focus_ahead(s, persons, index, state, rs)
            _lead_at_finish(s, persons, index, state, rs)
        _class_wins_listed(s, persons, index, event, state, rs)
        if any(r.session_key[2] is not None for r in new_rows) or (not new_rows and _about_a_class(s)):
            state.class_sentences = 2
        elif state.class_sentences:
            state.class_sentences -= 1
        _grid_rows(s, persons, index, event, state, rs)
        _grid_neighbour(s, persons, index, event, state, rs)
        if persons:
            grouped = groups(s, persons)
            if not (state.focus and HE_BEFORE.search(s.text[: persons[0].start - s.start])):
                # ("er" before any name: still the one in focus); a subject before an object
                subject = next((g for g in grouped if not is_object(s, g.members[0])), grouped[0])
                state.focus = list(subject.members[:1])
            crews = [g for g in grouped if len(g.members) > 1]
            if crews:
                state.last_crew = list(crews[-1].members)
    _settle_grid_rows(state, rs)
    _apply_margins(state, rs)
    _only_the_top_class(rs, index)
    return rs


def _only_the_top_class(rs: ResultSet, index: EntityIndex) -> None:
    """A report that names one class only, a top class with results of its own ("#31 (A/B/C;
    1. GTP)"), is about that class: its other places of the same session are the class's too
    ("Der Porsche #6 kam nicht über den achten Startplatz hinaus")."""
    classes = [eid for eid, c in index.clusters.items() if c.kind == "race_class" and c.mentions]
    if len(classes) != 1 or index.clusters[classes[0]].label not in top_classes():
        return
    rows, rs.rows = rs.rows, []
    for row in rows:
        event, kind, race_class, heat = row.session_key
        classed = (event, kind, classes[0], heat)
        if race_class is None and classed in rs.sessions:
            row.session_key = classed
    for row in rows:
        rs.add(row)


def _grid_rows(
    s: Sentence, persons: list[Mention], index: EntityIndex, event: str, state: _State, rs: ResultSet
) -> None:
    """ "X startet aus der zweiten Startreihe": grid position 3 or 4, kept for later."""
    grouped = groups(s, persons)
    for m in GRID_ROW.finditer(s.text):
        clause = clause_of(s, m.start())
        if HYPOTHETICAL.search(s.text[clause[0] : clause[1]]):
            continue
        cue = Cue(m.start(), m.end(), (0,), "qualifying", "grid row")
        subjects = subject_of(s, cue, clause, persons, grouped, state)
        members = _row_list(s, m, clause, grouped)
        if not subjects and not members:
            continue
        key = rs.session_key(event, "qualifying", None, Span(s.start, s.end), state.heat)
        if _whole_row(s, members, ROW_NUMBERS[m.group("n")], key, index, rs):
            continue
        if subjects:
            state.grid_rows.append(
                (key, ROW_NUMBERS[m.group("n")], _ids(subjects[0], index), Span(s.start, s.end))
            )


def _whole_row(
    s: Sentence, members: list[Mention], row_no: int, key: SessionKey, index: EntityIndex, rs: ResultSet
) -> bool:
    """ "In der zweiten Reihe stehen A, B und C": a row listed whole is as wide as its list, and
    is taken only where it starts right after the places already known of that grid."""
    width = len(members)
    places = list(range((row_no - 1) * width + 1, row_no * width + 1))
    known = {r.position for r in rs.rows if r.session_key == key}
    if not members or known & set(places) or (known and max(known) != places[0] - 1):
        return False
    for position, member in zip(places, members, strict=True):
        rs.add(Row(key, position, _ids([member], index), Span(s.start, s.end), "grid row"))
    return True


def _row_list(s: Sentence, m: re.Match[str], clause: tuple[int, int], grouped: list[Group]) -> list[Mention]:
    """The names of a grid row listed with it ("In der zweiten Reihe stehen A, B und C", "A, B und
    C bilden die zweite Reihe"): a list of two to four names in its clause, none a crew."""
    base = s.start
    lists = [
        g
        for g in grouped
        if clause[0] <= g.start - base < clause[1] and not g.slash and 2 <= len(g.members) <= 4
    ]
    if len(lists) != 1 or crew_context(s, clause[0], clause[1]):
        return []
    return list(lists[0].members)


#: "Neben ihm startet X", "Neben Y steht X": the other place of the anchor's grid row
GRID_NEIGHBOUR = Prefiltered(
    re.compile(
        r"\b[Nn]eben\s+(?:(?P<pronoun>ihm|ihr)|(?P<name>[A-ZÄÖÜ][\w-]+))\s+(?:startet|starten|steht|stehen)\b"
    )
)


def _grid_neighbour(
    s: Sentence, persons: list[Mention], index: EntityIndex, event: str, state: _State, rs: ResultSet
) -> None:
    """ "Neben ihm startet X ins Rennen": X takes the other place of the row of the driver named
    (or in focus), the row of places 2r-1 and 2r."""
    m = GRID_NEIGHBOUR.search(s.text)
    if m is None:
        return
    grouped = groups(s, persons)
    after = [g for g in grouped if g.start - s.start >= m.end()]
    person: Mention | None
    if m.group("pronoun"):  # the one named before it in the sentence, else the one in focus
        earlier = [g for g in grouped if g.end - s.start <= m.start()]
        person = earlier[0].members[0] if earlier else (state.focus[0] if state.focus else None)
    else:
        named = next((g for g in grouped if g.start - s.start == m.start("name")), None)
        person = named.members[-1] if named else None
    anchor = index.of(person) if person is not None else None
    if not after or anchor is None:
        return
    key = rs.session_key(event, "qualifying", None, Span(s.start, s.end), state.heat)
    position = rs.position_of(key, anchor)
    if position is not None and (ids := _ids(after[0], index)):
        rs.add(
            Row(
                key,
                position + 1 if position % 2 else position - 1,
                ids,
                Span(s.start, s.end),
                "grid neighbour",
            )
        )


def _settle_grid_rows(state: _State, rs: ResultSet) -> None:
    """A grid row gives a position when the other place of that row is known to be taken."""
    for key, row_no, crew, evidence in state.grid_rows:
        if not crew or any(set(crew) & set(r.drivers) for r in rs.rows if r.session_key == key):
            continue
        slots = {2 * row_no - 1, 2 * row_no}
        taken = {r.position for r in rs.rows if r.session_key == key} & slots
        if len(taken) == 1:
            rs.add(Row(key, (slots - taken).pop(), crew, evidence, "grid row"))


def _apply_margins(state: _State, rs: ResultSet) -> None:
    """The winner's margin is the gap of second place, when second place is known."""
    for key, margin in state.margins:
        second = [r for r in rs.rows if r.session_key == key and r.position == 2]
        if len(second) == 1 and second[0].gap is None:
            second[0].gap = margin


def _article_kind(sents: list[Sentence]) -> SessionKind | None:
    """The session a report is about, when its first sentence (the headline) says so."""
    if not sents:
        return None
    head = sents[0].text
    quali = re.search(
        r"Qualifying|Quali\b|Pole|Startplatz|Zeittraining|Startaufstellung|Startreihe|Bestzeit", head
    )
    race = re.search(r"\b(?:gewinnt|gewann|siegt|siegte|Sieg|triumphiert\w*|Rennen|Lauf)\b", head)
    if quali and not race:
        return "qualifying"
    return "race" if race else None


def _event_of(s: Sentence, index: EntityIndex, series: str | None, state: _State, rs: ResultSet) -> str:
    circuits = [index.of(m) for m in s.mentions if m.label == "CIRCUIT" and index.of(m)]
    if EARLIER_RACE.search(s.text):
        state.earlier += 1
        state.earlier_circuit = circuits[0] if circuits else None
        circuit = state.earlier_circuit
    else:
        state.earlier = 0
        if circuits:
            state.circuit = circuits[-1]
        circuit = state.circuit
    year = _year(s.text) if state.earlier else None
    return rs.event_id((series, circuit, year, state.earlier))


def _year(text: str) -> int | None:
    """The first year of ``text`` outside parentheses (asked for only where it names an earlier race)."""
    years = re.findall(r"\b(19[5-9]\d|20[0-4]\d)\b", re.sub(r"\([^)]*\)", " ", text))
    return int(years[0]) if years else None


#: where a driver started the race from: its session word says nothing of other places in the
#: clause ("Der von der Pole gestartete X wurde Zweiter", "Von Startplatz fünf aus fuhr X auf Rang zwei")
START_FROM = Prefiltered(
    re.compile(
        r"\b(?:[Vv]on|[Aa]us|[Vv]om)\s+(?:der\s+|dem\s+)?(?:Pole(?:-?[Pp]osition)?|Startplatz\s+\w+|Startposition\s+\w+"
        r"|(?:\d{1,2}\.|\w+en)\s+(?:Startposition|Startplatz|Startrang)"  # "von der 15. Startposition"
        r"|\w+en\s+Startreihe)(?:\s+aus)?(?:\s+(?:startend|gestartet\w*|ins\s+Rennen\s+(?:ging|gegangen)))?"
        r"|\bins\s+Rennen\s+(?:ging|gegangen|gingen)\b"
        # "geht von Platz zwei ins Rennen"
        r"|\b(?:geht|gehen|ging|gingen)\b[^,;.]{0,60}?\b(?:ins|in\s+das)\s+Rennen\b"
    )
)


def _in_start_from(text: str, cue: Cue, clause: tuple[int, int]) -> bool:
    """Whether a position phrase is where someone started from, said in passing in a clause about
    the race ("führte von der Pole weg", "fuhr von Startplatz elf aus zum Sieg"); not when the
    clause is about the start itself ("geht vom ersten Startplatz ins Rennen")."""
    if START_VERB.search(text[clause[0] : clause[1]]):
        return False
    return any(m.start() <= cue.start < m.end() for m in START_FROM.finditer(text))


START_VERB = re.compile(r"\b(?:startet|starten|startete|starteten|geht|gehen|ging|gingen|steht|stehen)\b")


def _outside_start_from(text: str, offset: int | None = None) -> list[tuple[int, SessionKind]]:
    """The session words of ``text`` outside the phrases of where someone started from (a phrase
    holding ``offset`` counts: its own position is a grid place)."""
    starts = [m.span() for m in START_FROM.finditer(text)]
    starts = [(a, b) for a, b in starts if offset is None or not a <= offset < b]
    return [(o, k) for o, k in session_words(text) if not any(a <= o < b for a, b in starts)]


def _kind_at(s: Sentence, offset: int, clause: tuple[int, int], state: _State) -> SessionKind:
    """The session a position at ``offset`` is about: the nearest session word before it in its
    clause, else in the sentence, else after it, else the article's context. A word in a phrase
    of where someone started from counts only for a position inside that phrase."""
    words = _outside_start_from(s.text, offset)
    in_clause = [(o, k) for o, k in words if clause[0] <= o < clause[1]]
    before = [k for o, k in in_clause if o <= offset] or [k for o, k in words if o <= offset]
    if before:
        return before[-1]
    after = [k for o, k in in_clause if o > offset] or [k for o, k in words if o > offset]
    if after:
        return after[0]
    return state.context_kind or "race"


def _grid_of_main_race(kind: SessionKind, s: Sentence, state: _State) -> SessionKind:
    """A grid for the main race ("stehen im morgigen Hauptrennen auf Pole") on a weekend with a
    qualifying race is that race's result: the qualifying race sets the main race's grid."""
    if kind == "qualifying" and state.qualifying_race and MAIN_RACE.search(s.text):
        return "qualifying_race"
    return kind


def session_words(text: str) -> list[tuple[int, SessionKind]]:
    """``(offset, kind)`` of the session words of ``text``, the more specific winning an overlap
    ("Qualifikationsrennen" is a qualifying race, not a qualifying)."""
    return list(_session_words(text))


@lru_cache(maxsize=4096)
def _session_words(text: str) -> tuple[tuple[int, SessionKind], ...]:
    taken = bytearray(len(text))
    out = []
    for pat, kind in SESSION_WORDS:
        for m in pat.finditer(text):
            if taken.find(1, m.start(), m.end()) == -1:
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
                out.append((m.start(), kind))
    return tuple(sorted(out))


def _no_result(s: Sentence, cue: Cue, clause: tuple[int, int]) -> bool:
    """Running order, standings, hypotheticals and misses state no result."""
    text = s.text[clause[0] : clause[1]]
    if CLASS_WINS.match(s.text, cue.start):
        return True  # "Klassensiege gab es für A (SP8) und B (V6)": each crew's (_class_wins_listed)
    if any(m.start("places") <= cue.start < m.end() for m in RELEGATED.finditer(text)):
        return True  # "verwies A auf Rang zwei": A's, not the subject's (_relegated_results)
    near = s.text[max(clause[0], cue.start - 40) : min(clause[1], cue.end + 30)]
    with_place = re.search(r"\bmit\s+(?:dem\s+|einem\s+)?$", s.text[max(0, cue.start - 12) : cue.start])
    as_place = re.search(r"(?:^|\W)[Aa]ls\s+$", s.text[max(0, cue.start - 5) : cue.start])
    if HYPOTHETICAL.search(text) or (MISSED.search(near) and not with_place and not as_place):
        return True  # but "verloren mit Platz neun", "Als Vierte verpasste X das Podium": theirs
    if cue.construction == "win verb" and NOT_A_RACE_WIN.search(text) and not RACE_OBJECT.search(text):
        return True  # "der im Vorjahr die Meisterschaft gewann"
    if cue.construction == "win verb" and CAREER_WINS.search(text):
        return True  # "X gewann im Supercup bereits Rennen": a career, not this race
    if cue.construction in ("win verb", "win noun") and (
        STAGE_WON.search(s.text[cue.end : clause[1]]) or STAGE_WIN_NOUN.search(s.text[cue.start : cue.end])
    ):
        return True  # "gewann die Power Stage", "sein dritter Etappensieg": a stage, not the rally
    if WENT_TO_DESCRIBED.search(s.text[cue.end : clause[1]]):
        return True  # "die Punkte für die Pole gingen an den McLaren-Junior": not a name's
    if cue.construction in ("place number", "ordinal place") and _moved_from(s, cue, clause):
        return True  # "verbesserte sich von Platz 13 auf die elfte Position": where he was before
    if cue.construction not in ("win verb", "win noun") and STAGE_NAMED.search(text):
        return True  # "Bei der Power Stage ist X der Schnellste vor Y": the stage's order
    # running order said anywhere in the sentence is the race's, not the grid's: "Nachdem X auf Pole
    # gestellt hatte, dominierte er die erste Rennhälfte"
    running = RUNNING_SENTENCE.search(s.text) and cue.kind != "qualifying"
    if (RUNNING.search(near) or running) and not re.search(r"\bnicht\s+über\b", near):
        return True
    if cue.kind != "qualifying" and cue.construction not in ("win verb", "win noun", "class win"):
        in_table = re.search(r"Tabelle|Meisterschaft|Wertung|Klassement", near)
        of_the_race = re.search(r"Gesamtrang|Gesamtsieg|Podest|Ziel|in\s+die\s+Punkte", near) or (
            with_place and not in_table  # "verloren mit Platz neun zwei Punkte"
        )
        if STANDINGS.search(near) and not of_the_race:
            return True
        if re.search(r"Gesamtwertung", near) and (SEASON.search(s.text) or TABLE_MOVE.search(text)):
            return True  # "belegte in der Saison in der Gesamtwertung Rang zehn"; not a race's overall
        if STANDINGS_OPENING.search(s.text):
            return True
    if re.search(r"\bmit\s+\d+(?:[,.]5)?\s+(?:Punkten|Zählern)\b", text):
        return True  # "A liegen dank der Pole mit 44 Punkten vor B": the table, not the session
    return bool(re.search(r"\bum\s+(?:den\s+|die\s+)?$", s.text[max(0, cue.start - 12) : cue.start]))


def _moved_from(s: Sentence, cue: Cue, clause: tuple[int, int]) -> bool:
    """A place after "von" with another after "auf" in its clause: a move's start, not a result."""
    return bool(
        re.search(r"\b(?:von|vom)\s+(?:der\s+|dem\s+)?$", s.text[max(0, cue.start - 10) : cue.start])
        and re.search(
            r"\bauf\s+(?:den\s+|die\s+|dem\s+)?(?:Platz|Rang|Position|P\d|\w+e[nr]?\s+(?:Platz|Rang|Position))",
            s.text[cue.end : clause[1]],
        )
    )


#: a clause looking back ("Nachdem X auf Pole gestellt hatte, ..."): its session is not the one
#: the report goes on about
PLUPERFECT = re.compile(r"^\s*(?:[Nn]achdem|[Ss]eit(?:dem)?)\b.*\b(?:hatte|hatten|war|waren)\s*$")


def _sentence_results(
    s: Sentence, persons: list[Mention], index: EntityIndex, event: str, state: _State, rs: ResultSet
) -> bool:
    """Results of the position phrases of one sentence; True when there was any."""
    found = False
    cues = find_cues(s.text)
    if not cues:
        found = _behind_results(s, persons, index, event, state, rs)
        found = _relegated_results(s, persons, index, event, state, rs) or found
        _fill_pending(s, persons, index, state, rs)
        return found
    grouped = groups(s, persons)
    last_kind: SessionKind | None = None
    for cue in cues:
        clause = clause_of(s, cue.start)
        if _no_result(s, cue, clause):
            continue
        kind = _grid_of_main_race(cue.kind or _kind_at(s, cue.start, clause, state), s, state)
        if (
            cue.kind == "qualifying"
            and cue.construction in FASTEST_CUES
            and _kind_at(s, cue.start, clause, _State()) == "practice"
        ):
            kind = "practice"  # "Im freien Training war X Schnellster": the fastest of a practice
        if cue.construction in ("win verb", "win noun"):
            text = s.text[clause[0] : clause[1]]
            # what was won, not where from: "von der Pole", "gegen Pole-Mann X" keep the race
            # not "fuhr von Startplatz elf aus zum Sieg"
            won = [k for o, k in _outside_start_from(text) if k != "race" and not text.startswith("Pole", o)]
            if won:
                kind = won[0]  # "gewann das Super-Pole-Qualifying", "Das Qualifying Race gewannen"
        if cue.construction == "fastest lap" and kind not in ("qualifying", "practice"):
            continue  # a race's fastest lap is no classification
        race_class = _class_of(s, cue, clause, index, state)
        ev = rs.event_id((state.series, None, None, -1)) if cue.earlier else event
        heat = heat_of(s.text[clause[0] : clause[1]]) or state.heat
        key = rs.session_key(ev, kind, race_class, Span(s.start, s.end), heat)
        subjects = subject_of(s, cue, clause, persons, grouped, state)
        driven = _driven_by(s, clause, grouped) if subjects is None and cue.subject == "clause" else None
        if driven is not None:
            subjects = [driven]
        if subjects is None and cue.subject == "clause" and _car_subject(s, cue, clause):
            crew = _car_crew(s, clause, grouped) or _numbered_car(s, clause, state, index)
            if crew is None:
                state.pending.append((key, cue.positions[0], s, clause))
                continue
            subjects = [crew]
        if subjects is None:
            continue
        pairs = _podium_pair(s, cue, subjects, key, rs) or _align(cue, subjects)
        refused = False  # the subject holds another place already: no one is placed from this one
        if len(pairs) == 1:  # "A gewann mit B und C": the partners share the one place
            pairs = [(pairs[0][0], _with_partners(s, pairs[0][1], grouped))]
        for position, crew in pairs:
            ids = _ids(crew, index) + (
                _companions(s, clause, crew, grouped, index) if len(pairs) == 1 else ()
            )
            row = rs.add(Row(key, position, ids, Span(s.start, s.end), cue.construction)) if ids else None
            refused = bool(ids) and row is None
            if row is not None:
                found = True
                if (
                    cue.subject == "clause"
                    and not cue.earlier
                    and not PLUPERFECT.search(s.text[clause[0] : clause[1]])
                    and not _in_start_from(s.text, cue, clause)  # "führte von der Pole weg": the race goes on
                ):
                    last_kind = kind
                _times_for(s, crew, clause, row)
                others = {index.of(p) for p in persons if clause[0] <= p.start - s.start < clause[1]} - set(
                    ids
                )
                if (
                    len(pairs) == 1 and not others
                ):  # no one else named: "X (A/X/B) fuhr in 1:09,6 die Bestzeit"
                    _sentence_lap(s, clause, row)
        later = [c for c in cues if c.start > cue.start]
        if len(pairs) == 1 and not refused:  # not "Rang drei für X, der sich gegen Y durchsetzte"
            next_cue = later[0].start if later else None
            _ranked_behind(s, cue, pairs[0], persons, grouped, index, key, rs, next_cue, state)
            _ranked_ahead(s, clause, pairs[0], grouped, index, key, rs)
            margin = (
                MARGIN.search(s.text[clause[0] : clause[1]]) if pairs[0][0] == 1 and kind == "race" else None
            )
            if margin and re.search(r"Vorsprung", s.text[clause[0] : clause[1]]):
                found_times = times(margin.group("g"))
                if found_times:
                    state.margins.append((key, found_times[0].seconds))
    if last_kind is not None:
        state.context_kind = last_kind
    found = _behind_results(s, persons, index, event, state, rs) or found
    found = _relegated_results(s, persons, index, event, state, rs) or found
    _fill_pending(s, persons, index, state, rs)
    return found


#: the class a "best in class" noun names ("Bester Junior", "bester Pro-Am-Starter")
BEST_IN_CLASS_NOUNS = {"Junioren": "Junior", "Pro-Am-Starter": "Pro-Am", "Pro-Am-Fahrer": "Pro-Am"}


def _class_of(
    s: Sentence, cue: Cue, clause: tuple[int, int], index: EntityIndex, state: _State
) -> str | None:
    """The race class of a position: one named in its clause, or the last one named when the
    phrase itself is about a class ("Klassensieg", "Klassenrang")."""
    if cue.construction == "best in class":  # "Bester Junior war X": the class is named by the noun
        noun = s.text[cue.start : cue.end].split()[-1]
        noun = re.sub(rf"{CLASS_ROLE}$", "", noun)  # "LMP2-Pilot": the class LMP2
        return index.get_or_new("race_class", BEST_IN_CLASS_NOUNS.get(noun, noun))
    if re.search(r"[Gg]esamt|\boverall\b", s.text[cue.start : cue.end]) or re.match(
        r"\s+(?:im|in\s+der)\s+Gesamt", s.text[cue.end :]
    ):
        return None  # "auf dem fünften Gesamtrang und Platz drei der …", "Fünfte im Gesamtklassement"
    relative = RELATIVE_AFTER.match(s.text, cue.end)  # "Die Pole, die in der LMGTE vergeben wird"
    end = max(clause[1], relative.end()) if relative else clause[1]
    in_clause = [
        m
        for m in s.mentions
        if m.label == "CLASS"
        and clause[0] <= m.start - s.start < end
        # "als Fünfter bester Pro-Am-Starter": that class is the best-in-class phrase's own
        and not re.search(r"\b[Bb]este[rn]?\s+$", s.text[max(0, m.start - s.start - 8) : m.start - s.start])
    ]
    if in_clause:
        before = [m for m in in_clause if m.start - s.start <= cue.start]
        return index.of((before or in_clause)[-1])
    opening = _opening_class(s)
    if opening is not None and not re.search(r"[Gg]esamt|overall", s.text[clause[0] : clause[1]]):
        return index.of(opening)  # "In der GTE-Am gewannen A und B, Zweite wurden C und D"
    if cue.in_class or re.search(r"Klasse|Wertung|Kategorie", s.text[clause[0] : clause[1]]):
        return state.race_class
    if state.class_sentences and not re.search(r"[Gg]esamt|overall|Klassement", s.text):
        return state.race_class  # the sentence after a class's result goes on about that class
    return None


#: a sentence set in a class: "In der LMP2-Klasse …", "… erreichte in der LMGTE-Am-Kategorie …"
IN_A_CLASS = Prefiltered(
    re.compile(r"\b(?:[Ii]n|[Ii]m)\s+der\s+(?P<cls>[\w -]{2,20}?)[- ](?:Klasse|Kategorie|Wertung)\b")
)


def _opening_class(s: Sentence) -> Mention | None:
    """The class a sentence opens with ("In der GTE-Am …", "Bei den LMP2-Autos …"): the scene of
    all its clauses."""
    m = re.match(r"\s*(?:In|Bei)\s+(?:der|den|dem)\s+", s.text)
    if m is None:
        return None
    return next((x for x in s.mentions if x.label == "CLASS" and x.start - s.start == m.end()), None)


def _about_a_class(s: Sentence) -> bool:
    """Whether the sentence is set in a class it names ("in der GT3-Kategorie"): the next ones
    go on about that class (a multi-class report's paragraph per class)."""
    return any(
        m.label == "CLASS" and m.start - s.start >= c.start("cls") and m.end - s.start <= c.end("cls")
        for c in IN_A_CLASS.finditer(s.text)
        for m in s.mentions
    )


#: "reichte es für X (nur) zu Platz fünf": the place is X's
IT_WAS_ENOUGH_FOR = re.compile(
    r"\b(?:reichte|reicht|genügte|genügt)\s+es\s+(?:\w+\s+){0,2}?für\s+(?:den\s+|die\s+)?$"
)


def subject_of(
    s: Sentence,
    cue: Cue,
    clause: tuple[int, int],
    persons: list[Mention],
    grouped: list[Group],
    state: _State,
) -> list[Group] | None:
    """The group(s) a position phrase is about (several for lists of positions), or None."""
    base = s.start
    in_clause = [g for g in grouped if clause[0] <= g.start - base < clause[1]]
    if cue.subject == "after":
        # "Pole-Mann X", "Der Polesetter des fünften Laufs, X, ...": the name after the role noun
        after = [g for g in grouped if 0 <= g.start - base - cue.end <= 75]
        if after and re.fullmatch(r"[\s\w.-]{0,70}(?:,\s*)?", s.text[cue.end : after[0].start - base]):
            return [_first(after[0], cue)]
        return None
    if cue.subject == "before":
        return _parenthesis_subject(s, cue, grouped)
    owned = [g for g in grouped if 0 <= g.start - base - cue.end <= 6]
    if owned and cue.kind and re.fullmatch(r"\s+von\s+", s.text[cue.end : owned[0].start - base]):
        return [_first(owned[0], cue, s)]  # "Die Pole-Zeit von X: 3:17,658 Minuten"
    if len(cue.positions) > 1:
        relative = re.search(r",\s*(?:die|welche)\b[^,;]*$", s.text[: cue.start])
        if relative:  # "A (Bonn) und B (Waltrop), die als Zweiter und Dritter ...": the list before
            names = _dedupe_slash([g for g in grouped if g.end - base <= relative.start()][-1:])
            if len(names) == len(cue.positions):
                return names
    ante = relative_antecedent(s, persons, base + cue.start)
    if ante is not None:  # ", der Dritter wurde"; a crew's: "A / B (#38 Lamborghini), die achte wurden"
        crew = next((g for g in grouped if g.slash and ante in g.members), None)
        return [crew if crew is not None else Group((ante,), False)]
    owner = _possessive_antecedent(s, cue, grouped)
    if owner is not None:
        return [owner]
    went = _went_to(s, cue, in_clause)
    if went is not None and len(cue.positions) > 1:  # "Die Ränge drei und vier gingen an A/B und C/D"
        listed = _list_subjects(s, cue, in_clause)
        if listed:
            return listed
    if went is not None:  # one place going to several names: "der Sieg ging an A, B und C", a crew
        return [Group(went.members, True)]
    if cue.construction == "top list":  # "Top-3 im Qualifying: A, B, C": the names after the colon
        at = s.text.find(":", cue.end)
        return _dedupe_slash([g for g in grouped if g.start - base > at])[: len(cue.positions)] or None
    if len(cue.positions) > 1:
        earlier = [g for g in grouped if g.end - base <= clause[0] and len(g.members) > 1]
        antecedent = earlier[-1].members if earlier else tuple(state.last_crew)
        return _list_subjects(s, cue, in_clause) or _they_respectively(s, cue, clause, antecedent)
    clause_initial = (
        re.search(r"(?:^|[,;:]|\bund)\s*(?:[A-ZÄÖÜ][\w-]*\s+)?$", s.text[clause[0] : cue.start]) is not None
    )
    after = [g for g in in_clause if g.start - base >= cue.end]
    before = [g for g in in_clause if g.end - base <= cue.start]
    headline = re.search(r"\b(?:für|von|an)$", s.text[cue.start : cue.end])
    if after and (
        re.fullmatch(
            r"\s+(?:in\s+der\s+[\w-]+\s+)?(?:für|an)\s+(?:[\w-]+\s+){0,2}",
            s.text[cue.end : after[0].start - base],
        )
        or (headline and re.fullmatch(r"\s*", s.text[cue.end : after[0].start - base]))
    ):
        if len(cue.positions) == 1 and _one_place_for_all(s, cue):
            return [Group(after[0].members, True)]  # "Klassensieg für A, B und C": one crew, as "ging an"
        return [_first(after[0], cue, s)]  # headline "Pole-Position für X", "Sieg für X"
    for_whom = re.match(r"\s*Für\s+", s.text[clause[0] :])
    if (
        for_whom
        and in_clause
        and re.match(r"\s*(?:\([^)]*\)\s*)?(?:war|ist|wird)\s+es\b", s.text[in_clause[0].end - base :])
    ):
        return [in_clause[0]]  # "Für X war es der erste Sieg"
    enough = [g for g in in_clause if IT_WAS_ENOUGH_FOR.search(s.text[clause[0] : g.start - base])]
    if enough and enough[0].start - base < cue.start:
        return [_first(enough[0], cue, s)]  # "Am Ende reichte es für X nur zu Platz fünf"
    colon = [g for g in grouped if g.start - base > cue.end]
    listed = [g for g in colon if re.fullmatch(r"\s*:\s*", s.text[cue.end : g.start - base])]
    if listed:
        return [_first(listed[0], cue, s)]  # "Auf Rang zwei: A und B"
    if clause_initial and after and not before:
        first = after[0]
        if not is_object(s, first.members[0]) or re.search(
            r"\bwurden?\s+(?:\w+\s+){0,4}$", s.text[: first.start - base]
        ):
            return [_first(first, cue, s)]
    subjects = [g for g in before if not is_object(s, g.members[0])]
    if subjects:
        return [_first(subjects[-1], cue, s)]
    crew_noun = re.search(
        r"\b(?:das|dem|des)\s+(?:[\w-]+-)?(?:Duo|Trio|Quartett)\b", s.text[clause[0] : clause[1]]
    )
    if crew_noun and state.last_crew and not in_clause:
        return [Group(tuple(state.last_crew), True)]  # "für das Newcomer-Trio der dritte Platz"
    if _about_focus(s, clause, in_clause, persons):
        named = [g for g in grouped if g.end - base <= clause[0] and not is_object(s, g.members[0])]
        if named:  # "X sorgte für die Überraschung: Der Brasilianer startet nur von Rang elf"
            return [_first(named[0], cue, s)]
        if state.focus:
            return [_with_companions(s, Group(tuple(state.focus), False), in_clause)]
    subjects = [g for g in after if not is_object(s, g.members[0])]
    if subjects:
        return [_first(subjects[0], cue, s)]
    earlier = [g for g in grouped if g.end - base <= clause[0] and not is_object(s, g.members[0])]
    only_cue = re.fullmatch(r"\W*", s.text[clause[0] : cue.start] + s.text[cue.end : clause[1]])
    # (a clause opening with a car has a subject of its own: ", der Schwesterwagen wurde Sechster";
    # not a relative clause: ", der Dritter wurde")
    own_subject = VEHICLE_NOUN.match(s.text[clause[0] :].lstrip())
    if earlier and (
        only_cue
        or (not own_subject and re.match(r"\s*(?:aber\s+|doch\s+|dann\s+)?[a-zäöü]", s.text[clause[0] :]))
    ):
        # "X beeindruckte ..., musste sich aber mit Platz 14 begnügen"; an apposition before the
        # place: "Am Samstag wurde der einzige Schweizer im Feld, X (Team), Siebter."
        return [_first(earlier[0], cue, s)]
    return None


PLURAL_VERB = re.compile(
    r"\b(?:wurden|waren|sind|haben|hatten|konnten|mussten|durften|werden|stehen|starten|fuhren|siegten|"
    r"gewannen|holten|belegten|kamen|teilten|stellten|landeten|feierten|sicherten|komplettierten|erreichten|"
    r"überquerten|rasten|sahen|beendeten|folgten|gingen|triumphierten|verwiesen|eroberten|setzten|entschieden|"
    # the present of headlines: "A, B und C siegen für Phoenix"
    r"siegen|gewinnen|holen|feiern|belegen|landen|erobern|triumphieren|dominieren|teilen|hießen|heißen)\b"
)


#: the verbs of a place going to someone: "Der Sieg ging an X", "Platz zwei fiel an Y"
_GOES = r"(?:ging|gingen|geht|gehen|fiel|fielen)"
#: said with the place going: "ging mit einer Zeit von 1:58,692 Minuten an X"
_WITH_TIME = r"(?:mit\s+einer\s+(?:[\w-]*[Zz]eit\s+von\s+)?[\d:.,]+\s+(?:Minuten\s+)?)?"
GOES_TO = re.compile(
    rf"\s*(?:\w+\s+){{0,3}}?{_GOES}\s+(?:\w+\s+){{0,2}}?{_WITH_TIME}(?:an|für)\s+(?:den\s+|die\s+)?(?:[\w-]+\s+){{0,3}}?$"
)
#: a relative clause after the place: "Die letzte Pole, die in der LMGTE vergeben wird, ging an X"
RELATIVE_AFTER = re.compile(r"\s*,\s*(?:die|der|das|welche|welcher)\b[^,;]{0,80},")


#: the verb before the position ("Beim Finale ging der Sieg an X"): then only its class may
#: stand between the position and "an"
GOES_BEFORE = re.compile(rf"\b{_GOES}\s+(?:der|die|das|den)?\s*$")
GOES_TO_AFTER_VERB = re.compile(
    # adverbs on the way, not a negation: "ging Platz eins ebenfalls an X"
    rf"(?:\s+in\s+der\s+[\w-]+)?(?:\s+(?!nicht\b|kein)[a-zäöü]+){{0,2}}?\s+{_WITH_TIME}(?:an|für)\s+(?:den\s+|die\s+)?"
)


#: a place that goes to someone described, not named: "… gingen an den McLaren-Junior"
WENT_TO_DESCRIBED = Prefiltered(
    re.compile(
        rf"\b{_GOES}\s+(?:\w+\s+){{0,2}}?an\s+(?:den|die|das)\s+[\w-]+\s*[.,;]?$"
        # the verb last: ", sodass die Pole an den X ging"
        rf"|^\s+an\s+(?:den|die|das)\s+[\w-]+\s+{_GOES}\s*[.,;]?$"
    )
)


def _went_to(s: Sentence, cue: Cue, in_clause: list[Group]) -> Group | None:
    """ "Der fünfte Platz ging an X", "die Pole ging an X", "ging der Sieg an X": the position
    goes to the object."""
    base = s.start
    verb_before = GOES_BEFORE.search(s.text[max(0, cue.start - 20) : cue.start]) is not None
    relative = RELATIVE_AFTER.match(s.text, cue.end)
    end = relative.end() if relative else cue.end
    if relative:  # the names of the main clause, after the relative one
        in_clause = [g for g in groups(s, s.persons()) if g.start - base >= end] + in_clause
    for g in in_clause:
        between = s.text[end : g.start - base]
        if g.start - base >= end and (
            GOES_TO.fullmatch(between) or (verb_before and GOES_TO_AFTER_VERB.fullmatch(between))
        ):
            return g
    m = re.match(rf"\s*(?:\w+\s+){{0,3}}?{_GOES}\s+an\s+[^.;()]{{0,60}}?\(", s.text[cue.end :])
    if m:  # "Startplatz eins ging an den Mercedes #4 von Black Falcon (A/B/C)"
        inside = [g for g in in_clause if g.start - base >= cue.end + m.end() - 1 and g.slash]
        if inside:
            return inside[0]
    return None


#: a noun naming places or wins in the plural: its names are each a place's, not one crew's
PLACES_PLURAL = re.compile(r"(?:Siege|Plätze|Ränge|Positionen|Podien|Podestplätze)\b|Doppel|Dreifach")


def _one_place_for_all(s: Sentence, cue: Cue) -> bool:
    """One place said for several names ("Klassensieg in der LMP2 für A, B und C", "Platz zwei
    für A und B") is shared by them, a crew, unless the noun is a plural or a one-two."""
    return not PLACES_PLURAL.search(s.text[cue.start : cue.end])


def _possessive_antecedent(s: Sentence, cue: Cue, grouped: list[Group]) -> Group | None:
    """ ", für deren Maserati es nur zu Rang 21 reichte": the names before the comma ("deren": all
    of them, a crew)."""
    found = list(re.finditer(r",\s*(?:für\s+|mit\s+|in\s+)?(?P<rel>deren|dessen)\b", s.text[: cue.start]))
    m = found[-1] if found else None
    if m is None or re.search(r"[,;]", s.text[m.end() : cue.start]):
        return None
    before = [g for g in grouped if g.end - s.start <= m.start()]
    if not before or not re.fullmatch(r"\s*(?:\([^)]*\))?\s*", s.text[before[-1].end - s.start : m.start()]):
        return None
    group = before[-1]
    return group if m.group("rel") == "deren" else Group(group.members[-1:], False)


#: the pronoun "er" as a word: a sentence where it comes before any name goes on about the focus
HE_BEFORE = re.compile(r"(?<![\w-])[Ee]r(?![\w-])")
#: a description as the subject of a clause: "der Belgier", "Der 23-Jährige", "der Audi-Pilot"
#: the verbs a subject after them holds a place with, past and the present of reports
_PLACE_VERBS = (
    r"wurde|wird|war|ist|kam|kommt|fuhr|fährt|landete|landet|belegte|belegt|holte|holt|startet|startete|steht|"
    r"erreichte|erreicht|beendete|beendet|rettete|rettet"
)
DESCRIPTION = re.compile(
    rf"(?:^|\b(?:{_PLACE_VERBS}|schlägt|schlug|gewinnt|"
    r"gewann|siegte|siegt|sicherte\s+sich|sichert\s+sich|holte\s+sich|holt\s+sich|eroberte|erobert|stellte)\s+)"
    r"(?:der|Der)\s+(?:(?:\d{1,2}-[Jj]ährige|[a-zäöü]\w+e)\s+)?"
    r"(?:[A-ZÄÖÜ][\w-]*(?:er|e)|\d{1,2}-[Jj]ährige|[\w-]*(?:Pilot|Fahrer|Sieger|Champion|Routinier|Youngster|Rookie|Star|Junior))\b"
)
PRONOUN_SUBJECT = re.compile(
    rf"(?:^|\b(?:{_PLACE_VERBS}|hat|durfte|darf|konnte|kann|musste|muss)\s+)"
    r"(?:er|sie)\b|^\s*(?:Er|Sie)\b"
    # what the one in focus did was enough: "Das reichte zur Pole", "Das bedeutete Platz drei",
    # "Diese (Zeit) reichte zur LMP2-Pole"
    r"|^\s*(?:Das|Dies|Diese|Dieses|(?:Die|Diese|Seine|Ihre)\s+(?:Zeit|Runde|Rundenzeit))\s+"
    r"(?:reichte|genügte|bedeutete|brachte\s+ihm)\b"
)


def _about_focus(
    s: Sentence, clause: tuple[int, int], in_clause: list[Group], persons: list[Mention]
) -> bool:
    """A clause about the person in focus, naming no one: its subject is a description ("Der
    Brasilianer, der von der Pole startete, ... gewinnt", "schlägt der Belgier X") or a pronoun
    ("über Platz 7 kommt er nicht hinaus")."""
    text = s.text[clause[0] : clause[1]]
    subjects = [g for g in in_clause if not is_object(s, g.members[0])]
    if subjects:
        return False
    described = DESCRIPTION.search(text)
    if described and any(
        m.label in ("BRAND", "CAR", "TEAM", "SERIES")
        and clause[0] + described.start() <= m.start - s.start < clause[0] + described.end()
        for m in s.mentions
    ):
        described = None  # "wurde der Porsche": a car, not a description of a driver
    if described or PRONOUN_SUBJECT.search(text):
        return True
    start = DESCRIPTION_START.match(s.text)
    if start and not _ends_in_vehicle(s, start.end()):  # "Der beste Porsche landete ...": a car
        return not [m for m in persons if m.start - s.start < clause[0]]
    return False


def _they_respectively(
    s: Sentence, cue: Cue, clause: tuple[int, int], antecedent: list[Mention] | tuple[Mention, ...]
) -> list[Group] | None:
    """ "A und B schieden aus, sie starten von den Plätzen drei und vier": "sie" with several
    places is the list named before, one place each, in order."""
    if len(cue.positions) < 2 or len(antecedent) != len(cue.positions):
        return None
    if not re.search(r"(?:^|\s)[Ss]ie\b", s.text[clause[0] : cue.start]):
        return None
    return [Group((m,), False) for m in antecedent]


def _ends_in_vehicle(s: Sentence, end: int) -> bool:
    """Whether the words up to ``end`` end in a car, brand or team ("Der beste Porsche"; not "Der
    Audi-Pilot", whose head is the driver)."""
    return any(m.label in ("BRAND", "CAR", "TEAM") and m.end - s.start == end for m in s.mentions)


def _first(group: Group, cue: Cue, s: Sentence | None = None) -> Group:
    """A list is one crew only with a plural phrase or verb, or a crew word ("das Duo");
    else its first name counts."""
    if group.slash or len(group.members) == 1:
        return group
    if cue.plural or (s is not None and (crew_context(s, 0, len(s.text)) or PLURAL_VERB.search(s.text))):
        return group
    if s is not None and _plural_past_before(s.text[: group.start - s.start]):
        return group  # "Mit ihrem dritten Platz sorgten A, B und C für eine Überraschung"
    if s is not None and seated_crew(s, group):
        return group  # "Rang sieben ging an den Schubert-BMW von A und B"
    return Group(group.members[:1], False)


def _plural_past_before(text: str) -> bool:
    """The word right before a list is a verb in the past plural ("sorgten", "erkämpften"), not an
    adjective ("die besten", "den ersten")."""
    m = re.search(r"(?:^|[^\w-])([a-zäöüß]{3,}ten)\s+$", text)
    if m is None or ORDINAL_RE.fullmatch(m.group(1)) or re.search(r"(?:st|ß)ten$", m.group(1)):
        return False
    return not re.search(r"\b(?:der|die|den|dem|des|ein\w*|sein\w*|ihr\w*)\s+$", text[: m.start(1)])


def _with_companions(s: Sentence, group: Group, in_clause: list[Group]) -> Group:
    """ "Gemeinsam mit seinen Teamkollegen A und B gewinnt der Österreicher": the described
    driver and his companions are the crew."""
    companions = [
        g
        for g in in_clause
        if re.search(r"\b(?:gemeinsam|zusammen)\s+mit\s+(?:[\w-]+\s+){0,3}$", s.text[: g.start - s.start])
    ]
    members = list(group.members) + [p for g in companions for p in g.members]
    return Group(tuple(members), bool(companions))


def _parenthesis_subject(s: Sentence, cue: Cue, grouped: list[Group]) -> list[Group] | None:
    base = s.start
    inside = [g for g in grouped if cue.start < g.start - base < cue.end]
    if inside:
        return [Group(inside[0].members, True)]
    before = [
        g
        for g in grouped
        if g.end - base <= cue.start and re.fullmatch(r"\s*", s.text[g.end - base : cue.start])
    ]
    if before:
        return [Group(before[-1].members[-1:], False)]
    # a member inside a list: "Paul Seidel (2.) und Jan Weber (3.)"
    member = next(
        (
            p
            for g in grouped
            for p in g.members
            if p.end - base <= cue.start and re.fullmatch(r"\s*", s.text[p.end - base : cue.start])
        ),
        None,
    )
    return [Group((member,), False)] if member is not None else None


def _list_subjects(s: Sentence, cue: Cue, in_clause: list[Group]) -> list[Group] | None:
    """Names for "die Plätze sieben und acht belegten A und B" / "A und B folgen auf den Plätzen
    zwei und drei" / "A, B und C folgten auf den Rängen fünf bis zehn": one name per position,
    in order, from the list nearest the phrase."""
    base = s.start
    before = [g for g in in_clause if g.end - base <= cue.start]
    after = [g for g in in_clause if g.start - base >= cue.end]
    for side in (before[-1:], after[:1], before, after):
        names = _dedupe_slash(side)
        if cue.open_range and names:
            return names[: len(cue.positions)]
        if cue.up_to and names:
            return names[-len(cue.positions) :]
        if len(names) == len(cue.positions):
            return names
    return None


def _dedupe_slash(in_clause: list[Group]) -> list[Group]:
    out: list[Group] = []
    for g in in_clause:
        if g.slash:
            out.append(g)
        else:
            out.extend(Group((p,), False) for p in g.members)
    return out


def _align(cue: Cue, subjects: list[Group]) -> list[tuple[int, Group]]:
    if len(cue.positions) == 1:
        return [(cue.positions[0], subjects[0])]
    if cue.up_to:
        return list(zip(cue.positions[-len(subjects) :], subjects, strict=True))
    return list(zip(cue.positions, subjects, strict=False))


def _podium_pair(
    s: Sentence, cue: Cue, subjects: list[Group], key: SessionKey, rs: ResultSet
) -> list[tuple[int, Group]]:
    """ "A und B komplettierten das Podium": second and third, unless second is given already or
    the two sit in one car ("A und B im Porsche"): then they are one crew in third."""
    if cue.construction != "podium completed" or len(subjects) != 1:
        return []
    group = subjects[0]
    if (
        group.slash
        or len(group.members) != 2
        or any(r.session_key == key and r.position == 2 for r in rs.rows)
        or seated_after(s, group)
    ):
        return []
    return [(2, Group((group.members[0],), False)), (3, Group((group.members[1],), False))]


def _ranked_ahead(
    s: Sentence,
    clause: tuple[int, int],
    placed: tuple[int, Group],
    grouped: list[Group],
    index: EntityIndex,
    key: SessionKey,
    rs: ResultSet,
) -> None:
    """ "X sicherte sich Rang zwei hinter Y", "Hinter Y kam X als Zweiter ins Ziel": Y is one
    place ahead."""
    position, group = placed
    if position < 2:
        return
    for m in re.finditer(r"\b[Hh]inter\s+(?:(?:dem|der)\s+[\w-]+\s+)?", s.text[clause[0] : clause[1]]):
        at = clause[0] + m.end()
        ahead = next((g for g in grouped if g.start - s.start == at and g is not group), None)
        if ahead is None:
            continue
        for place, crew in _places_ahead(ahead, position, is_crew_article(index)):
            if ids := _ids(crew, index):
                row = rs.add(Row(key, place, ids, Span(s.start, s.end), "ranked ahead"))
                if row is not None:
                    _times_for(s, crew, clause, row)


def _places_ahead(ahead: Group, position: int, crews: bool) -> list[tuple[int, Group]]:
    """The places of the names one is ranked behind: a crew (slashes, or a list in an article of
    shared cars) is one place ahead; a list of drivers the places before, in order ("Dritter hinter
    A und B": A first, B second)."""
    if ahead.slash or crews or len(ahead.members) == 1 or position - len(ahead.members) < 1:
        return [(position - 1, ahead)]
    first = position - len(ahead.members)
    return [(first + i, Group((p,), False)) for i, p in enumerate(ahead.members)]


def _ranked_behind(
    s: Sentence,
    cue: Cue,
    placed: tuple[int, Group],
    persons: list[Mention],
    grouped: list[Group],
    index: EntityIndex,
    key: SessionKey,
    rs: ResultSet,
    next_cue: int | None = None,
    state: _State | None = None,
) -> None:
    """ "X gewann vor A und B", "vor dem Auto von A/B", "vor der #7", "gefolgt von A": the next
    positions (of the phrase nearest before the "vor" only)."""
    base = s.start
    after_at = placed[1].end - base
    m = AHEAD.search(s.text, after_at)
    against = m is None and cue.construction == "prevailed"
    if against:
        m = AGAINST.search(s.text, after_at)
    if m is not None and next_cue is not None and next_cue < m.start():
        return
    own = (clause_of(s, cue.start), clause_of(s, max(0, after_at - 1)))
    if m is None or (clause_of(s, m.start()) not in own and m.start() - clause_of(s, m.start())[0] > 2):
        return
    clause = clause_of(s, m.start())
    end = clause[1]
    stop = re.search(
        r"[;:.]|,\s*(?!(?:[A-ZÄÖÜ]|und\b|sowie\b))|\s(?:und|aber)\s+(?=(?:war|ist|wurde|fuhr|kam|hatte|musste)\b)",
        s.text[m.end() :],
    )
    if stop:
        end = min(end, m.end() + stop.start())
    behind = [g for g in grouped if m.end() <= g.start - base < end]
    if not behind:
        numbered = _numbered_car(s, (m.end(), min(end, m.end() + 25)), state, index) if state else None
        if numbered is None:
            return
        behind = [numbered]
    if against and next_cue is not None and next_cue < behind[0].start - base:
        return  # "setzte sich gegen Pole-Mann X durch": X is placed by his own phrase
    entries = _seated_or_single(s, behind, m.end(), len(placed[1].members))
    if against:  # "setzte sich gegen A und B durch": who was beaten last, only the first is second
        entries = entries[:1]
    # "holte die Pole, 0,155 Sekunden vor X": the margin right before "vor" is the next one's gap
    window = max(after_at, m.start() - 30)
    margin = [  # right before "vor", not a lap said with "in" ("in 48,123 Sekunden die Bestzeit vor X")
        t
        for t in times(s.text[window : m.start()])
        if re.fullmatch(r"\s*", s.text[window + t.end : m.start()])
        and not re.search(r"\bin\s+$", s.text[max(0, window + t.start - 4) : window + t.start])
    ]
    lead = m.groupdict().get("lead")
    if lead:  # "mit einem Vorsprung von 1,2 Sekunden auf X"
        margin = [t for t in times(lead) if t.kind in ("seconds", "lap", "gap")]
    position = placed[0]
    for group in entries:
        position += 1
        ids = _ids(group, index)
        row = rs.add(Row(key, position, ids, Span(s.start, s.end), "ranked behind")) if ids else None
        if row is not None:
            _times_for(s, group, clause, row)
            if (
                position == placed[0] + 1
                and row.gap is None
                and margin
                and (margin[-1].kind != "lap" or lead)
            ):
                row.gap = margin[-1].seconds


def _behind_results(
    s: Sentence, persons: list[Mention], index: EntityIndex, event: str, state: _State, rs: ResultSet
) -> bool:
    """ "Hinter dem Duo werden A und B starten", "Hinter ihm folgten A, B und C", "dahinter
    klassierten sich C und D": positions counted on from the one named or the last one given."""
    base = s.start
    grouped = groups(s, persons)
    found = False
    for m in list(BEHIND.finditer(s.text)) + list(THEREAFTER.finditer(s.text)):
        clause = clause_of(s, m.start())
        if HYPOTHETICAL.search(s.text[clause[0] : clause[1]]):
            continue
        kind = _kind_at(s, m.start(), clause, state)
        key = rs.session_key(event, kind, None, Span(s.start, s.end), state.heat)
        anchor = _anchor_position(s, m, grouped, index, key, rs, state)
        if anchor is None:
            continue
        verb = FOLLOW_VERB.search(s.text, m.end()) if "anchor" in m.re.groupindex else m
        if verb is None or verb.start() - m.end() > 120:
            continue
        names = [g for g in grouped if g.start - base >= m.end() and not _in_anchor(g, m, base)]
        names = [g for g in names if g.start - base < clause_of(s, verb.start())[1] + 200]
        entries = _seated_or_single(s, names, m.end())
        position = anchor
        listed = set(names[0].members) if names else set()  # the list after the verb, however long
        for group in entries:
            if clause_of(s, group.start - base) not in (clause_of(s, m.start()), clause_of(s, verb.start())):
                if group.start - base > verb.end() + 150 and not listed.issuperset(group.members):
                    break
            position += 1
            ids = _ids(group, index)
            row = rs.add(Row(key, position, ids, Span(s.start, s.end), "behind")) if ids else None
            if row is not None:
                found = True
                _times_for(s, group, clause_of(s, group.start - base), row)
    return found


#: "A verwies B und C auf die Plätze (zwei und drei)", "verweist B auf Rang zwei": the names
#: between the verb and the places are placed behind the verb's subject
RELEGATED = Prefiltered(
    re.compile(
        r"\b(?:verwies|verweist|verwiesen|verweisen|verdrängte|verdrängt|verdrängten|drängte)\b[^;]{0,250}?\bauf\s+(?:die|den|dem)?\s*(?P<places>"
        r"(?:weiteren\s+|nächsten\s+)?(?:Plätze|Ränge|Positionen|Podestplätze|Startplätze)\b"
        r"(?:\s+(?:\d{1,2}|[a-zäöü]+)(?:\s*(?:,|und|bis)\s*(?:\d{1,2}|[a-zäöü]+))*)?"
        r"|(?:Platz|Rang|Position|Startplatz)\s+(?:\d{1,2}|[a-zäöü]+)|\w+en\s+(?:Platz|Rang|Startplatz))"
    )
)  # on every sentence and every cue: searched only where a verb of it stands


def _relegated_results(
    s: Sentence, persons: list[Mention], index: EntityIndex, event: str, state: _State, rs: ResultSet
) -> bool:
    """ "X verwies A und B auf die Plätze", "Im Qualifying verwies X A auf Rang zwei": the names
    after the verb take the places (those named, else the next ones after the subject's), and the
    subject, before the verb or else the first name after it (or the person in focus), the place
    above them. A lap time before the verb in its clause is the subject's."""
    found = False
    for m in RELEGATED.finditer(s.text):
        clause = clause_of(s, m.start())
        if HYPOTHETICAL.search(s.text[clause[0] : clause[1]]):
            continue
        base = s.start
        grouped = [
            g for g in groups(s, persons) if clause[0] <= g.start - base and g.end - base <= m.start("places")
        ]
        before = [g for g in grouped if g.start - base < m.start()]
        after = _dedupe_slash([g for g in grouped if g.start - base > m.start()])
        subject: Group | None = before[-1] if before else None
        if subject is None and len(after) >= 2:
            subject, after = after[0], after[1:]
        if subject is None and state.focus:
            subject = Group((state.focus[0],), False)
        if not after:
            continue
        kind = _kind_at(s, m.start(), clause, state)
        key = rs.session_key(event, kind, None, Span(s.start, s.end), state.heat)
        top = (rs.position_of(key, index.of(subject.members[0]) or "") if subject else None) or 1
        named = [p for c in find_cues(m.group("places")) for p in c.positions]
        places = named if len(named) == len(after) else list(range(top + 1, top + 1 + len(after)))
        if subject is not None and places[0] == top + 1:
            row = rs.add(Row(key, top, _ids(subject, index), Span(s.start, s.end), "relegated"))
            laps = [t for t in times(s.text[clause[0] : m.start()]) if t.kind == "lap"]
            if row is not None and len(laps) == 1 and row.lap_time is None and kind == "qualifying":
                row.lap_time = laps[0].seconds
        for position, group in zip(places, after, strict=True):
            ids = _ids(group, index)
            row = rs.add(Row(key, position, ids, Span(s.start, s.end), "relegated")) if ids else None
            if row is not None:
                found = True
                _times_for(s, group, (group.start - base, m.start("places")), row)
    return found


#: a car and its crew after it: "der Manthey-Porsche mit A und B", "dem Audi von A/B"
CAR_WITH_CREW = re.compile(r"\b(?:der|die|das|dem|den|einem|einer)\s+(?:[\w#-]+\s+){1,3}?(?:von|mit)\s+$")


def _seated_or_single(s: Sentence, names: list[Group], start: int, crew_size: int = 1) -> list[Group]:
    """The entries of a list of places: each name its own, but a list seated in a car named
    before or after it ("der Manthey-Porsche mit A und B", "A und B (BMW M6)") is its crew, and
    so is a list as long as the crew placed ahead of it ("A und B siegten vor C und D")."""
    out: list[Group] = []
    last = start
    for g in names:
        if (
            CAR_WITH_CREW.search(s.text[last : g.start - s.start])
            or seated_after(s, g)
            or 1 < crew_size == len(g.members)
        ):
            out.append(Group(g.members, True))
        else:
            out.extend(_dedupe_slash([g]))
        last = g.end - s.start
    return out


def _in_anchor(g: Group, m: re.Match[str], base: int) -> bool:
    return m.start("anchor") <= g.start - base < m.end("anchor") if "anchor" in m.re.groupindex else False


def _anchor_position(
    s: Sentence,
    m: re.Match[str],
    grouped: list[Group],
    index: EntityIndex,
    key: SessionKey,
    rs: ResultSet,
    state: _State,
) -> int | None:
    if "anchor" not in m.re.groupindex:  # "dahinter ...": after the last place said before it
        if m.start() < 3:  # opening the sentence: before the sentence ("X kam dahinter, Y wurde Dritter")
            return rs.last_position(key, before=state.rows_before)
        return rs.last_position(key)
    if m.group("group"):
        return GROUP_SIZE.get(m.group("group"))
    if m.group("dative"):
        eid = index.of(state.focus[0]) if state.focus else None
        return rs.position_of(key, eid) if eid else None
    base = s.start
    named = next((g for g in grouped if g.start - base == m.start("anchor")), None)
    if named is None and m.group("name"):
        named = next((g for g in grouped if g.start - base == m.start("name")), None)
    if named is not None:
        eid = index.of(named.members[-1])
        return rs.position_of(key, eid) if eid else None
    if re.match(r"(?:ihm|ihr|ihnen)\b|dem\b|den\b|der\b", m.group("anchor")) and state.focus:
        eid = index.of(state.focus[0])
        return rs.position_of(key, eid) if eid else None
    return None


def _table_line(
    s: Sentence, persons: list[Mention], index: EntityIndex, event: str, state: _State, rs: ResultSet
) -> bool:
    """A classification line "3. A/B/C (Audi) 168 Runden": its position to its first name or
    crew. Lines of a standings table (points at the end, a standings heading) are no results."""
    items = [i for i in ENUM_ITEM.finditer(s.text)]
    if len(items) >= 2 and [int(i.group("n")) for i in items] == sorted(int(i.group("n")) for i in items):
        return _enumeration(s, persons, index, event, state, rs, items)
    m = TABLE_LINE.match(s.text)
    if m is None:
        state.table_class = _class_heading(s, index)
        heading = s.text.strip()
        if len(heading) < 80:
            state.in_standings_table = bool(
                re.search(
                    r"WM-Stand|Meisterschaftsstand|Tabelle|Gesamtwertung|Punktestand|Zwischenstand", heading
                )
            )
            table_kind = _kind_at(s, 0, (0, len(s.text)), _State()) if re.search(r"\w", heading) else None
            if table_kind and re.search(
                r"Ergebnis|Endstand|Startaufstellung|Qualifying|Training|Rennen|Resultat", heading
            ):
                state.table_kind = table_kind
        return False
    first = _item_subject(s, groups(s, persons), m.end(), len(s.text))
    if first is None:
        return True
    if state.in_standings_table or STANDINGS_LINE.search(s.text):
        return True
    kind = state.table_kind or state.context_kind or "race"
    key = rs.session_key(event, kind, state.table_class, Span(s.start, s.end), state.heat)
    ids = _ids(list(first.members) if first.slash else [first.members[0]], index)
    row = rs.add(Row(key, int(m.group("n")), ids, Span(s.start, s.end), "table line")) if ids else None
    if row is not None:
        _times_for(s, first, (0, len(s.text)), row)
    return True


#: a team or car before the crew of a classification item: "1. Team Alpha (A/B)", "2. Porsche 911 ("
TEAM_BEFORE_CREW = re.compile(r"[^():+,;]{2,60}?\(\s*")


def _item_subject(s: Sentence, grouped: list[Group], start: int, end: int) -> Group | None:
    """The name or crew a classification item (from ``start``, the text after its number, to
    ``end``) is about: the one right after the number, or the crew in the parenthesis after a
    team ("1. Team Alpha (A/B)")."""
    for g in grouped:
        at = g.start - s.start
        if start <= at < min(end, start + 3):
            return g
        if start <= at < end and TEAM_BEFORE_CREW.fullmatch(s.text[start:at]):
            return g if g.slash else Group(g.members[:1], False)
        if at >= start:
            return None
    return None


#: a heading that names only a class: "LMP2", "Klasse GTE-Am:", "GT3-Wertung"
CLASS_HEADING = re.compile(
    r"\s*(?:(?:Klasse|Kategorie|Wertung)\s+)?(?P<c>\S+?)(?:-?(?:Klasse|Wertung|Kategorie))?\s*:?\s*"
)


def _class_heading(s: Sentence, index: EntityIndex) -> str | None:
    """The class a line that is only a class heading names, else None."""
    m = CLASS_HEADING.fullmatch(s.text)
    if m is None:
        return None
    named = [x for x in s.mentions if x.label == "CLASS" and x.start - s.start == m.start("c")]
    return index.of(named[0]) if named and named[0].end - s.start == m.end("c") else None


def _class_before(s: Sentence, at: int, index: EntityIndex) -> str | None:
    """The class named right before a one-line classification: "LMP2: 1. A, 2. B"."""
    for x in s.mentions:
        if x.label == "CLASS" and re.fullmatch(r"\s*:\s*", s.text[x.end - s.start : at]):
            return index.of(x)
    return None


def _enumeration(
    s: Sentence,
    persons: list[Mention],
    index: EntityIndex,
    event: str,
    state: _State,
    rs: ResultSet,
    items: list[re.Match[str]],
) -> bool:
    """ "1. A (Team) 1:28,123 2. B (Team) +0,200 ...": each number to the name right after it."""
    if state.in_standings_table or re.search(r"WM-Stand|Meisterschaftsstand|Tabelle|Punktestand", s.text):
        return True
    kind = _kind_at(s, items[0].start(), (0, len(s.text)), state)
    race_class = _class_before(s, items[0].start(), index) or state.table_class
    key = rs.session_key(event, kind, race_class, Span(s.start, s.end), state.heat)
    grouped = groups(s, persons)
    for i, item in enumerate(items):
        end = items[i + 1].start() if i + 1 < len(items) else len(s.text)
        group = _item_subject(s, grouped, item.end(), end)
        if group is None:
            continue
        crew = group if group.slash else Group(group.members[:1], False)
        row = rs.add(Row(key, int(item.group("n")), _ids(crew, index), Span(s.start, s.end), "enumeration"))
        if row is not None:
            _times_for(s, crew, (item.start(), end), row)
    return True


#: a crew said of a car in an apposition: "Der Toyota #7, gesteuert von X, ..."
DRIVEN_BY = re.compile(r",\s*(?:gesteuert|pilotiert|gefahren|bewegt)\s+von\s+$")


def _car_crew(s: Sentence, clause: tuple[int, int], grouped: list[Group]) -> Group | None:
    """The crew named with the car a clause is about: "der Porsche von A/B", "mit X am Steuer"."""
    for g in grouped:
        start = g.start - s.start
        if clause[0] <= start < clause[1] and re.search(
            r"\b(?:von|mit)\s+$", s.text[max(0, start - 6) : start]
        ):
            return Group(g.members, True)
    return None


def _driven_by(s: Sentence, clause: tuple[int, int], grouped: list[Group]) -> Group | None:
    """The crew of a car said in the apposition right before the clause: "Die Nummer sieben von
    Toyota, gesteuert von X, schaffte es nur auf Startplatz zwei"."""
    driven = [
        g
        for g in grouped
        if g.end - s.start <= clause[0]
        and DRIVEN_BY.search(s.text[max(0, g.start - s.start - 25) : g.start - s.start])
        and re.fullmatch(r"\s*,\s*", s.text[g.end - s.start : clause[0]])
    ]
    return Group(driven[-1].members, True) if driven else None


# the "#" first, then the look behind it: a pattern opening with a literal is searched for it
# alone, one opening with a lookbehind is tried at every position
CAR_NUMBER = re.compile(r"#(?<![\w#]#)(\d{1,3})\b")


def car_crews(sents: list[Sentence], index: EntityIndex) -> dict[str, tuple[str, ...]]:
    """Car numbers and the crews the text gives them: "#31 (Derani/Aitken/Blomqvist)", "im
    Audi #27 von A und B", "A/B (#44)": a car named by its number later is that crew's."""
    out: dict[str, tuple[str, ...]] = {}
    for s in sents:
        grouped = groups(s, s.persons())
        for m in CAR_NUMBER.finditer(s.text):
            inside = re.match(r"\s*\(([^()]*)\)", s.text[m.end() :])
            crew = [g for g in grouped if inside and m.end() <= g.start - s.start < m.end() + inside.end()]
            if not crew:
                before = re.search(r"\(\s*$", s.text[: m.start()])
                crew = [g for g in grouped if before and 0 <= before.start() - (g.end - s.start) <= 1]
            if crew:
                ids = tuple(dict.fromkeys(x for x in (index.of(p) for p in crew[0].members) if x))
                if ids:
                    out.setdefault(m.group(1), ids)
    return out


def _numbered_car(s: Sentence, clause: tuple[int, int], state: _State, index: EntityIndex) -> Group | None:
    """ "Die #7 siegte": the crew the text gave that car number before."""
    m = CAR_NUMBER.search(s.text, clause[0], clause[1])
    crew = state.car_crews.get(m.group(1)) if m else None
    if not crew:
        return None
    # the crew's first mentions stand for it (the index knows them)
    firsts = [(e, min(index.clusters[e].mentions)) for e in crew if index.clusters[e].mentions]
    mentions = [Mention(span.start, span.end, index.clusters[e].label, "PER", s.index) for e, span in firsts]
    return Group(tuple(mentions), True) if mentions else None


#: a car named by a noun: "der Schwesterwagen mit A und B", "das zweite Auto des Teams"
VEHICLE_NOUN = re.compile(
    r"\b(?:der|das|die|dem|den)\s+(?:[\w-]+\s+)?(?:Schwester(?:wagen|auto|fahrzeug)|Wagen|Auto|Fahrzeug|Bolide|Boliden"
    r"|Prototyp|Sportwagen|Rennwagen|Einsatzwagen)\b"
)


def _car_subject(s: Sentence, cue: Cue, clause: tuple[int, int]) -> bool:
    """A clause whose subject is a car or team ("Zweiter wurde der Porsche von Mamerow-Racing",
    "der Schwesterwagen mit A und B wurde Sechster")."""
    text = s.text[clause[0] : clause[1]]
    return (
        any(
            m.label in ("CAR", "TEAM", "BRAND") and clause[0] <= m.start - s.start < clause[1]
            for m in s.mentions
        )
        or bool(re.search(r"(?<![\w#])#\d{1,3}\b", text))
        or bool(VEHICLE_NOUN.search(text))
    )


def _fill_pending(
    s: Sentence, persons: list[Mention], index: EntityIndex, state: _State, rs: ResultSet
) -> None:
    """A position said of a car goes to the crew named with it: in this sentence after the car
    ("..., das Duo A und B"), else as the names that open the next sentence ("Black Falcon brachte
    einen Audi auf Platz fünf ins Ziel. A (Köln), B (Bonn) und C (Ulm) ...")."""
    if not state.pending:
        return
    grouped = groups(s, persons)
    if not grouped:  # wait for the next sentence's names, if this is the car's own sentence
        state.pending = [p for p in state.pending if p[2].start == s.start]
        return
    first = grouped[0]
    for key, position, car, clause in state.pending:
        if car.start != s.start and (
            clause_of(s, first.start - s.start)[0] > 0 or is_object(s, first.members[0])
        ):
            continue  # names in a later clause, or another car's ("die Corvetten von A/B"), not its crew
        ids = _ids(list(first.members), index)
        row = rs.add(Row(key, position, ids, Span(car.start, car.end), "car subject")) if ids else None
        if row is not None:  # "Der Toyota #8 holte mit 3:24,408 Minuten die Pole. Am Steuer saß X."
            _sentence_lap(car, clause, row)
    state.pending = []


def _times_for(s: Sentence, group: Group, clause: tuple[int, int], row: Row) -> None:
    """The lap time or gap written for a name: in its parenthesis, or after it in its clause
    ("in 1:19,905", "mit einer 1:56.839", "(+0,218 Sekunden)")."""
    base = s.start
    tail_start = group.end - base
    tail_end = clause[1]
    if tail_start < 0 or tail_start > len(s.text):  # the person in focus, named before
        tail_start = clause[0]
    closing = re.match(r"\s*\)", s.text[tail_start:])
    if closing:  # a crew inside its car's parenthesis: "der BMW #98 (A/B) mit 0,456 s Rückstand"
        tail_start += closing.end()
        tail_end = max(tail_end, tail_start)
    relative = re.match(r"(?:\s*\([^)]*\))?\s*,\s*(?:der|die)\b[^,;]*", s.text[tail_start:])
    if relative:  # "Zweiter wurde X, der zwei Zehntel langsamer war"
        tail_end = max(tail_end, tail_start + relative.end())
    paren = re.match(r"\s*\([^()]*\)", s.text[tail_start:])
    if paren and times(paren.group()):
        tail_end = tail_start + paren.end()  # "X (1:20,892 Minuten)", "X (Russian Time/+0,218)"
    else:
        # after the name (and its parenthesis without a time: "X (Mercedes) 1:45,123"), up to
        # the next name
        skip = paren.end() if paren else 0
        nxt = re.search(r"\)|,\s+[A-ZÄÖÜ]|\s(?:und|vor)\s+[A-ZÄÖÜ]", s.text[tail_start + skip : tail_end])
        if nxt:
            tail_end = tail_start + skip + nxt.start()
    for t in times(s.text[tail_start:tail_end]):
        _apply_time(row, t, s.text[max(0, tail_start + t.start - 25) : tail_start + t.start])


def _apply_time(row: Row, t: Time, before: str) -> None:
    quali = row.session_key[1] in ("qualifying", "practice")
    lap_words = re.search(r"\b(?:in|mit|von)\s*(?:einer\s+)?(?:(?:Runden)?[Zz]eit\s+von\s+)?$", before)
    if (
        quali
        and row.lap_time is None
        # a time in seconds is a lap where "in"/"mit" says so, or in the name's own parenthesis when
        # no gap could be that long ("vor Y (48,201)")
        and (
            t.kind == "lap"
            or (t.kind == "seconds" and t.seconds > 20 and (lap_words or before.endswith("(")))
        )
    ):
        row.lap_time = t.seconds
    elif t.kind in ("gap", "seconds") and row.gap is None and t.seconds < 600 and row.position > 1:
        if not re.search(r"Vorsprung", before):
            row.gap = t.seconds


def _sentence_lap(s: Sentence, clause: tuple[int, int], row: Row) -> None:
    """ "Mit einer Zeit von 1:36,303 Minuten sicherte sich X die Pole": the one lap time of the
    clause (or sentence), when no other name stands after it, is the pole sitter's."""
    if row.lap_time is not None or row.position != 1 or row.session_key[1] != "qualifying":
        return
    for start, end in (clause, (0, len(s.text))):
        laps = [t for t in times(s.text[start:end]) if t.kind == "lap"]
        if len(laps) == 1:
            row.lap_time = laps[0].seconds
            return


#: a lap said as the focus's: "Seine Bestzeit von 1:12,345 Minuten war unerreicht"
POSSESSIVE_LAP = re.compile(
    r"\s*(?:Seine|Ihre|Dessen|Deren)\s+(?:[a-zäöü]+e\s+)?(?:[\w-]*[Zz]eit|[\w-]*[Rr]unde)\b"
)
#: the best lap of a session, said of no one: "Die Bestzeit: 1:36,303 Minuten", "Die Polezeit lag
#: bei …": the pole sitter's
BEST_LAP = re.compile(r"\s*(?:Die|Diese)\s+(?:Bestzeit|Pole-?[Zz]eit|Polezeit|schnellste\s+(?:Zeit|Runde))\b")


def _subject_lap(
    s: Sentence, persons: list[Mention], index: EntityIndex, state: _State, rs: ResultSet
) -> None:
    """A sentence with no position but one lap time: "Der Audi-Pilot brauchte 1:35,918 Minuten",
    "Dabei holte der 25-Jährige die Bestzeit in 1.41,670 Minuten", "X fuhr 1:09,6" (no row of the
    sentence took it). The time is its clause's subject's (the one name before it in its clause,
    else the described or pronoun subject: the person the sentence before was about), and goes on
    his latest row of a qualifying, practice or shoot-out that has none."""
    laps = [t for t in times(s.text) if t.kind == "lap"]
    if len(laps) != 1:
        return
    clause = clause_of(s, laps[0].start)
    before = [
        g for g in groups(s, persons) if clause[0] <= g.start - s.start and g.end - s.start <= laps[0].start
    ]
    if len(before) == 1 and len(before[0].members) == 1:
        who = before[0].members[0]
    elif (
        not before
        and state.focus
        and (
            _about_focus(s, clause, [], persons)
            or POSSESSIVE_LAP.match(s.text[clause[0] :])
            or POSSESSIVE_LAP.match(s.text)  # "Seine Zeit: 1:41,670 Minuten"
        )
    ):
        who = state.focus[0]
    elif not persons and BEST_LAP.match(s.text):
        pole = [r for r in rs.rows if r.position == 1 and r.session_key[1] == "qualifying"]
        if pole and pole[-1].lap_time is None:
            pole[-1].lap_time = laps[0].seconds
        return
    else:
        return
    eid = index.of(who)
    timed = [r for r in rs.rows if eid in r.drivers and r.session_key[1] in ("qualifying", "practice")]
    if timed and timed[-1].lap_time is None:
        timed[-1].lap_time = laps[0].seconds
    elif not timed and eid:  # "X umrundete die Strecke in 1:39,123 Minuten. Das reichte zur Pole."
        state.pending_lap = (eid, laps[0].seconds)


def _pending_lap(new_rows: list[Row], state: _State) -> None:
    """A lap said of someone before his qualifying place (in the sentence before) is that place's."""
    if state.pending_lap is None:
        return
    eid, seconds = state.pending_lap
    state.pending_lap = None
    row = next((r for r in new_rows if eid in r.drivers and r.session_key[1] == "qualifying"), None)
    if row is not None and row.lap_time is None:
        row.lap_time = seconds


#: "gemeinsam mit seinen Teamkollegen A und B", "zusammen mit A": a crew's other drivers
COMPANIONS = Prefiltered(
    re.compile(
        r"\b(?:[Gg]emeinsam|[Zz]usammen)\s+mit\s+(?:(?:seinen|ihren|seinem|ihrem|den|dem)\s+)?"
        r"(?:[\w-]*(?:[Kk]olleg|Partner|[Gg]efährt|Kamerad)\w*\s+)?$"
    )
)


def _companions(
    s: Sentence, clause: tuple[int, int], crew: Group, grouped: list[Group], index: EntityIndex
) -> tuple[str, ...]:
    """The drivers a result's subject shared the car with: "Gemeinsam mit seinen Teamkollegen A
    und B gewinnt der Österreicher die 12 Stunden von Sebring" makes A and B his crew."""
    out: list[str] = []
    for g in grouped:
        start = g.start - s.start
        if clause[0] <= start < clause[1] and g is not crew and COMPANIONS.search(s.text[clause[0] : start]):
            out += [eid for eid in _ids(g, index) if eid not in out]
    mine = set(_ids(crew, index))
    return tuple(eid for eid in out if eid not in mine)


#: between a driver and his partners: "A gewann mit B und C", "A mit seinen Teamkollegen B und C"
WITH_PARTNERS = re.compile(
    r"(?:\s+[a-zäöüß]+){0,2}\s+(?:gemeinsam\s+|zusammen\s+)?mit\s+"
    r"(?:(?:seinen|ihren|den)\s+(?:[\w-]+\s+)?(?:Teamkollegen|Partnern|Fahrerkollegen|Kollegen)\s+)?"
)


def _with_partners(s: Sentence, group: Group, grouped: list[Group]) -> Group:
    """ "Ben Keating gewann mit Felipe Fraga und Henrique Chaves die GTE-Am-Wertung": the names
    right after "mit" share the driver's car and place."""
    if group.slash or len(group.members) != 1:
        return group
    end = group.members[0].end - s.start
    partners = next((g for g in grouped if g.start - s.start > end), None)
    if partners is None or not WITH_PARTNERS.fullmatch(s.text[end : partners.start - s.start]):
        return group
    return Group(group.members + partners.members, True)


#: "X war 0,220 Sekunden schneller als Y"
FASTER_THAN = Prefiltered(
    re.compile(
        r"\b(?:war|blieb|ist)\s+(?P<subject>(?:der|er)\s+(?:[\w-]+\s+)?)?(?:um\s+|genau\s+|nur\s+)?"
        r"(?P<gap>\d+[,.]\d+)\s+(?:Sekunden?|s)\s+schneller\s+als\s+"
    )
)


def _faster_than_second(
    s: Sentence, persons: list[Mention], index: EntityIndex, rs: ResultSet, focus: list[Mention]
) -> None:
    """ "Marciello war 0,220 Sekunden schneller als Kelvin van der Linde": said of the winner or
    pole sitter, the one he beat by that margin is second, the margin his gap; "… war der Deutsche
    0,3 Sekunden schneller als X": said of the one in focus."""
    m = FASTER_THAN.search(s.text)
    if m is None:
        return
    grouped = groups(s, persons)
    before = [g for g in grouped if g.end - s.start <= m.start()]
    after = [g for g in grouped if g.start - s.start >= m.end()]
    if not after or after[0].start - s.start - m.end() > 5:
        return
    if (m.group("subject") or description_subject(s)) and not before and focus:
        leader = _ids(focus[:1], index)  # "… war der Deutsche 0,3 s schneller", "Der Deutsche war …"
    elif len(before) == 1 and not m.group("subject"):
        leader = _ids(before[0], index)
    else:
        return
    won = [r for r in rs.rows if r.position == 1 and set(leader) <= set(r.drivers)]
    beaten = _ids(after[0] if after[0].slash else Group(after[0].members[:1], False), index)
    if not won or not beaten:
        return
    row = rs.add(Row(won[-1].session_key, 2, beaten, Span(s.start, s.end), "faster than"))
    if row is not None and row.gap is None:
        row.gap = Decimal(m.group("gap").replace(",", "."))


#: the one in focus ahead of others, said with a lap time: "Mit 3:22,982 Minuten lag der Japaner
#: vor A (3:23,118) und B", "Er war mit 1:20,1 Minuten vor A"
FOCUS_AHEAD = Prefiltered(
    re.compile(
        r"\b(?:lag|war|blieb|landete|fuhr)\b(?P<inverted>\s+(?:er|der\s+[\w-]+er|der\s+[\w-]+-Pilot)\b)?"
        r"(?:[^,;:]|(?<=\d)[,:](?=\d)){0,60}?\s(?=vor\s+\S)"
    )
)


def _focus_ahead(
    s: Sentence, persons: list[Mention], index: EntityIndex, state: _State, rs: ResultSet
) -> None:
    """A sentence about the one in focus (a description or "er" its subject, no name before
    "vor") that has a lap time and no position: those after "vor" follow his place in the
    qualifying or practice he was last placed in, and a lap before "vor" is his. (In a race,
    "lag vor X" is the running order: left alone.)"""
    m = FOCUS_AHEAD.search(s.text)
    if m is None or not state.focus or not (m.group("inverted") or description_subject(s)):
        return
    if any(p.start - s.start < m.end() for p in persons) or HYPOTHETICAL.search(s.text):
        return
    laps = [t for t in times(s.text) if t.kind == "lap"]
    if not laps:
        return
    leader = Group(tuple(state.focus[:1]), False)
    placed = _rank_behind_placed(s, persons, index, rs, leader, ("qualifying", "practice"), m, "focus ahead")
    own = [t for t in laps if t.end <= m.end()]
    if placed is not None and placed.lap_time is None and len(own) == 1:
        placed.lap_time = own[0].seconds


def _rank_behind_placed(
    s: Sentence,
    persons: list[Mention],
    index: EntityIndex,
    rs: ResultSet,
    leader: Group,
    kinds: tuple[SessionKind, ...],
    phrase: re.Match[str],
    construction: str,
) -> Row | None:
    """Those after ``phrase`` follow the leader's latest place in a session of ``kinds`` (a
    sentence with no position of its own, :func:`_ranked_behind`); returns that place's row."""
    ids = set(_ids(leader, index))
    rows = [r for r in rs.rows if ids & set(r.drivers) and r.session_key[1] in kinds]
    if not rows:
        return None
    placed = rows[-1]
    cue = Cue(phrase.start(), phrase.end(), (placed.position,), placed.session_key[1], construction)
    _ranked_behind(
        s, cue, (placed.position, leader), persons, groups(s, persons), index, placed.session_key, rs
    )
    return placed


#: the lead at the finish over the next: "Im Ziel hatte er 1,2 Sekunden Vorsprung auf X", "Nach
#: 155 Runden hatte das Quartett einen Vorsprung von 1:23,456 Minuten auf den BMW von A und B"
FINISH = Prefiltered(
    re.compile(
        r"\b(?:[Ii]m\s+Ziel|[Aa]m\s+Ende|[Nn]ach\s+\d+\s+(?:Runden|Stunden)|bei\s+der\s+Zieldurchfahrt|abgewinkt)\b"
    )
)
LEAD = Prefiltered(re.compile(rf"\b{_LEAD_OVER}\s"))
_LEADER_WORDS = re.compile(r"\b(?:er|sie|der\s+Sieger|die\s+Sieger|das\s+(?:Duo|Trio|Quartett))\b")


def _lead_at_finish(
    s: Sentence, persons: list[Mention], index: EntityIndex, state: _State, rs: ResultSet
) -> None:
    """A sentence with no position giving the lead at the finish of one placed in a race (named
    before "Vorsprung", or "er", "das Quartett": the one in focus, the crew named last): those
    after "auf" follow his place, the first with the margin as his gap. A lead during the race is
    the running order: only a finish ("im Ziel", "am Ende", "nach 155 Runden") counts."""
    lead = LEAD.search(s.text)
    if lead is None or not FINISH.search(s.text) or HYPOTHETICAL.search(s.text):
        return
    clause = clause_of(s, lead.start())
    named = [
        g for g in groups(s, persons) if clause[0] <= g.start - s.start and g.end - s.start <= lead.start()
    ]
    if named:
        leader = named[-1]
    elif _LEADER_WORDS.search(s.text[clause[0] : lead.start()]):
        crew_word = re.search(
            r"\b(?:das\s+(?:Duo|Trio|Quartett)|die\s+Sieger)\b", s.text[clause[0] : lead.start()]
        )
        members = state.last_crew if crew_word and state.last_crew else state.focus[:1]
        if not members:
            return
        leader = Group(tuple(members), crew_word is not None)
    else:
        return
    _rank_behind_placed(s, persons, index, rs, leader, ("race",), lead, "lead at finish")


#: several class wins in one sentence: "Klassensiege gab es für A/B (SP8) sowie für C/D (V6)"
CLASS_WINS = re.compile(r"Klassensiege\b")


def _class_wins_listed(
    s: Sentence, persons: list[Mention], index: EntityIndex, event: str, state: _State, rs: ResultSet
) -> None:
    """The class wins of a sentence that names them together: each crew (or name) right before a
    parenthesis with a class won that class."""
    if not CLASS_WINS.search(s.text) or HYPOTHETICAL.search(s.text):
        return
    for g in groups(s, persons):
        inside = re.match(r"\s*\(([^()]{1,30})\)", s.text[g.end - s.start :])
        if inside is None:
            continue
        start, end = g.end + inside.start(1), g.end + inside.end(1)
        cls = next((m for m in s.mentions if m.label == "CLASS" and start <= m.start and m.end <= end), None)
        if cls is None or not index.of(cls):
            continue
        key = rs.session_key(event, "race", index.of(cls), Span(s.start, s.end), state.heat)
        rs.add(Row(key, 1, _ids(Group(g.members, True), index), Span(s.start, s.end), "class wins"))


def _ids(group: Group | list[Mention], index: EntityIndex) -> tuple[str, ...]:
    members = group.members if isinstance(group, Group) else group
    out: list[str] = []
    for m in members:
        eid = index.of(m)
        if eid and eid not in out:
            out.append(eid)
    return tuple(out)
