"""Rule-based recognition of motorsport names over raw text (no spaCy here).

:func:`find_mentions` returns non-overlapping ``(start, end, label, norm)`` character spans;
the spaCy component in :mod:`kg.nlp.components` turns them into ``doc.ents``. Rules run in
order of confidence, and a later rule never overrides an earlier one's span:

1. lexicon names (race classes, series, circuits, countries, demonyms, brands, bare models);
2. patterns: ``... Series``/``... Cup``, ``...ring``/``... Raceway``/``Motorsport Arena X``,
   ``X Racing``/``X Motorsport(s)``/``Team X``, ``<brand> <model>``;
3. persons: a known first name followed by capitalised name words (with particles such as
   ``van``), and two capitalised words whose last one recurs alone in the text or that are
   followed by ``(place)``;
4. short forms: surnames and first names of persons found, model names without their brand,
   place names of circuits, ``(ABBR)`` after a series;
5. names joined to persons in crews and lists (``A/B``, ``A, B und C``), and team prefixes of
   compounds (``X-<car>``, ``die <car>s von X und Y``);
6. optionally, candidates from the statistical NER (``candidates``, ``(start, end, label)``
   with the NER's motorsport labels): spans that overlap no rule mention, cleaned and checked
   by the unit :data:`CANDIDATE_KINDS` names for their label, become mentions of that kind
   (a driver or other person a ``PER``, a team a ``TEAM`` ...), and steps 4-5 run again so
   the surnames and crew partners of new persons are found too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from kg.nlp.lexicon import Lexicon

#: capital and small letters of the Latin alphabets (Basic Latin, Latin-1, Latin Extended-A/B):
#: driver names come from all over Europe (Østergaard, Demirtaş, Dvořák, Łukasz)
_LATIN = [chr(i) for i in range(0xC0, 0x250) if chr(i).isalpha()]
UP = "A-Z" + "".join(c for c in _LATIN if c.isupper())
LOW = "a-z" + "".join(c for c in _LATIN if c.islower())
_WORD_CHAR = rf"[{LOW}{UP}0-9'’]"
#: what follows the capital of a capitalised word: letters, digits, apostrophes typed as ' or ’,
#: and a low quote ‚ before a capital ("O‚Connell"); runs of letters are one repeat for ``re``
#: (a repeat of one character is its fast loop, a repeat of an alternation is not)
_WORD_REST = rf"{_WORD_CHAR}*(?:‚(?=[{UP}]){_WORD_CHAR}*)*"
#: a capitalised word
WORD = rf"[{UP}]{_WORD_REST}"
_B_CLASS = r"[\w-]"
_B = rf"(?<!{_B_CLASS})"  # left boundary: no word character or hyphen before
_E = r"(?![\w])"  # right boundary (a following hyphen starts a compound: allowed)
#: ``{_B}{WORD}``, the boundary tested after the capital: ``re`` tries a pattern that opens with
#: a lookbehind at every character of the text, and skips to the characters of a class that opens
#: one (the lookbehind's ``.`` is the capital)
B_WORD = rf"[{UP}](?<![\w-].){_WORD_REST}"

# capitalised words that are not names (sentence-initial function words, common nouns in
# name positions)
STOPWORDS = frozenset(
    """Der Die Das Den Dem Des Ein Eine Einen Einem Einer Im In Am An Auf Aus Mit Bei Beim Nach
    Vor Hinter Für Zum Zur Von Vom Und Oder Auch Als Aber Doch Dann Damit Dahinter Danach Er Sie
    Es Wir Ich Ihr Zwischen Knapp Bereits Schon Noch Nur So Wie Wenn Weil Dass Ob Obwohl Zumal
    Während Bis Seit Ab Um Über Unter Neben Gegen Ohne Durch Hier Dort Heute Morgen Gestern Am
    Sonntag Samstag Freitag Montag Dienstag Mittwoch Donnerstag Januar Februar März April Mai Juni
    Juli August September Oktober November Dezember Platz Rang Position Startplatz Pole Runde
    Runden Rennen Lauf Qualifying Training Zeittraining Team Teams Teamkollege Teamkollegen
    Pilot Piloten Fahrer Klasse Meister Meisterschaft Saison Sieg Sieger Schlepptau Kampf Spitze
    Mal Minuten Sekunden Punkte Ziel Start Box Auto Wagen Dritter Zweiter Vierter Fünfter
    Erster Sechster Siebter Achter Neunter Zehnter Profi Rennfahrer Newcomer Champion Leiter
    Chef Teamchef Sohn Vater Bruder Frau Herr Inzwischen Eine Einen Alle Beide Beiden Vier
    Drei Zwei Fünf Sechs Sieben Acht Neun Zehn Zudem Außerdem Jetzt Nun Da Denn Wer Was Wo
    Großer Großen Großes Preis Preises Grand Prix Rivale Rivalen Landsmann Markenkollege Markenkollegen
    Stallgefährte Lokalmatador Titelverteidiger Tabellenführer Rookie Neuling Youngster Routinier Polesetter
    Laufsieger Vorjahressieger Weltmeister Vizemeister Ex-Weltmeister Kollege Kollegen Partner Teamchefin
    Vorsprung Rückstand Punkten Zählern Zähler Führung Podest Podium Ergebnis Qualifikation Klassement
    Wertung Gesamtwertung Tabelle Boxenstopp Stint Safety Car Gelbphase Strafe Zeitstrafe Reifen
    Sein Seine Seinem Seinen Seiner Ihre Ihrem Ihren Ihrer Unser Unsere Dessen Deren""".split()
)
PARTICLES = ("van der", "van den", "van de", "von der", "de la", "van", "von", "de", "di", "da", "del", "le")
SERIES_HEADS = r"(?:Series|Serie|Cup|Supercup|Trophy|Trophäe|Championship|Challenge|Masters|Meisterschaft)"
SERIES_TAILS = (
    r"(?:\s+(?:Great Britain|Deutschland|Germany|Asia|Italia|France|Benelux|Scandinavia|Middle East))?"
)
#: words a team name can open with
_TEAM_LEAD_WORDS = frozenset({"Team", "Scuderia", "Squadra", "Écurie", "Ecurie", "Equipe"})
TEAM_HEADS = (
    r"(?:Racing Team|Racing|Motorsports|Motorsport|Competition|Engineering|Autosports|Autosport"
    r"|Racing Division|Academy|Akademie|Automotive|Sport)"
)
ROLE_WORDS = r"(?:Lenker|Piloten|Pilot|Fahrer|Duo|Crew|Auto|Wagen|Boliden|Fahrzeug|Mannschaft)"

Found = tuple[int, int, str, str]


class Mentions:
    """Accepted spans, kept free of overlaps.

    A byte per character of the text marks what is taken, so testing a span is one scan of its
    own length (a scan of every accepted span made long articles quadratic).
    """

    def __init__(self, length: int = 0, line_breaks: Iterable[int] = ()) -> None:
        self.items: list[Found] = []
        self._taken = bytearray(length)
        self._at: dict[tuple[int, int], Found] = {}
        #: no mention takes a line break: a line is at least a sentence (the sentencizer ends
        #: one at every line break), and a headline's last name is no given name of the
        #: paragraph's first ("… Leclerc vor Sainz" / "Charles Leclerc hat …")
        self._breaks = bytearray(length)
        for i in line_breaks:
            self._breaks[i] = 1

    def __len__(self) -> int:
        """The length of the text the spans are in."""
        return len(self._taken)

    def free(self, start: int, end: int) -> bool:
        if end > len(self._taken):
            self._taken.extend(bytes(end - len(self._taken)))
        return self._taken.find(1, start, end) == -1

    def add(self, start: int, end: int, label: str, norm: str = "") -> bool:
        if start >= end or not self.free(start, end) or self._breaks.find(1, start, end) != -1:
            return False
        item = (start, end, label, norm)
        self.items.append(item)
        self._at[(start, end)] = item
        self._taken[start:end] = b"\x01" * (end - start)
        return True

    def remove(self, item: Found) -> None:
        self.items.remove(item)
        del self._at[(item[0], item[1])]
        self._taken[item[0] : item[1]] = bytes(item[1] - item[0])

    def label_at(self, start: int, end: int) -> str | None:
        item = self._at.get((start, end))
        return item[2] if item is not None else None

    def within(self, start: int, end: int) -> list[Found]:
        """The accepted spans inside ``[start, end)``."""
        if self.free(start, end):
            return []
        return [x for x in self.items if start <= x[0] and x[1] <= end]

    def covering(self, start: int, end: int) -> Found | None:
        for item in self.items:
            if item[0] <= start and end <= item[1]:
                return item
        return None

    def of(self, label: str) -> list[Found]:
        return sorted(x for x in self.items if x[2] == label)


@lru_cache(maxsize=1024)
def _rx(pattern: str) -> re.Pattern[str]:
    """``re.compile`` remembered for the long patterns built from the lexicons (``re``'s own cache
    of 512 let them be compiled again and again)."""
    return re.compile(pattern)


def _names_pattern(names: Iterable[str], left: str = _B, tail: str = "") -> re.Pattern[str] | None:
    """One pattern for a set of names found in this text, longest first (a pattern per name made
    a pass quadratic in the names an article has)."""
    alternation = "|".join(re.escape(n) for n in sorted(set(names), key=lambda n: (-len(n), n)))
    return re.compile(rf"{left}({alternation}){tail}") if alternation else None


def _alternation(names: Iterable[str], boundary: str = "") -> str:
    """A regex that matches any of ``names``, the longest one first (memoised: the lexicons never
    change); with ``boundary`` (a character class, ``[\\w-]``) only where no such character
    stands before the name, tested after its first character (as :data:`B_WORD` does).

    The names are written as a trie ("Audi(?: Sport)?|B(?:MW|entley)"): ``re`` tries the branches
    of an alternation one after the other at every position of the text, so a flat alternation
    of a lexicon's 367 names cost 367 tests per character; the trie tests only the branches of
    the characters that do match. It prefers the same name as the flat alternation sorted longest
    first: at a position, the names that match are prefixes of one another on one path of the
    trie, and each node tries going on before stopping (a greedy ``?``)."""
    key = (boundary, tuple(names))
    found = _ALTERNATIONS.get(key)
    if found is None:
        root: _Trie = {}
        for name in set(key[1]):
            node = root
            for char in name:
                node = node.setdefault(char, {})
            node[""] = {}
        if not boundary:
            found = _trie_pattern(root)
        elif "" in root:  # the empty name: no first character to test the boundary after
            found = f"(?<!{boundary})(?:{_trie_pattern(root)})"
        else:
            first = [
                f"{re.escape(char)}(?<!{boundary}{re.escape(char)}){_trie_pattern(child)}"
                for char, child in sorted(root.items())
            ]
            found = "(?:" + "|".join(first) + ")"
        _ALTERNATIONS[key] = found
    return found


_Trie = dict[str, "_Trie"]
_ALTERNATIONS: dict[tuple[str, tuple[str, ...]], str] = {}


def _trie_pattern(node: _Trie) -> str:
    """The regex of a trie of characters (``""`` marks where a name ends)."""
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return (body if len(branches) > 1 else f"(?:{body})") + "?"


def _lexicon_pass(
    text: str,
    spans: Mentions,
    table: dict[str, str],
    label: str,
    plural: bool = False,
    after_hyphen: bool = False,
) -> None:
    if not table:
        return
    suffix = r"(?:s)?" if plural else ""
    left = r"\w" if after_hyphen else _B_CLASS  # no word character (or hyphen) before
    tails = SERIES_TAILS if label == "SERIES" else ""
    pattern = _rx(rf"({_alternation(table, left)})({tails}){suffix}{_E}")
    for m in pattern.finditer(text):
        if label == "CLASS" and re.match(r"-[A-Z0-9]{1,2}\b", text[m.end() :]):
            continue  # "GT" of the model "GT-R" is no class
        if m.group(2):  # "Carrera Cup Great Britain": a series of its own
            spans.add(m.start(), m.end(2), label, "")
        elif label in (
            "SERIES",
            "CIRCUIT",
        ):  # the genitive "s" stays out ("des Supercups", "des Nürburgrings")
            spans.add(m.start(), m.end(1), label, table[m.group(1)])
        else:
            spans.add(m.start(), m.end(), label, table[m.group(1)])


CAP_SEQ = rf"(?:{WORD}(?:-{WORD})*\s+){{0,3}}"


#: nouns before a team's name that describe it: "Rennstall X Motorsport", "Werksteam X Racing"
TEAM_LEAD_NOUNS = frozenset(
    "Rennstall Rennstalls Werksteam Traditionsrennstall Privatteam Kundenteam".split()
)


def _team_lead(name: str, lex: Lexicon) -> int:
    """How many characters of ``name`` describe the team rather than name it: town adjectives
    ("Berliner": Berlin is a place) and nouns (:data:`TEAM_LEAD_NOUNS`). "Farnbacher Loles Racing"
    keeps its first word (no place "Farnbach")."""
    end = 0
    for m in re.finditer(r"(\S+)\s+", name):
        word = m.group(1)
        town = word.endswith("er") and lex.word_class(word[:-2]) == "place"
        if m.start() != end or not (word in TEAM_LEAD_NOUNS or town):
            break
        end = m.end()
    return end


def _add_trimmed(spans: Mentions, start: int, name: str, label: str, norm: str = "", keep: int = 1) -> bool:
    """Add ``name`` at ``start``, dropping leading words until it fits (at least ``keep`` words stay)."""
    start, name = _strip_stopwords(start, name)
    while name:
        if spans.add(start, start + len(name), label, norm):
            return True
        cut = name.split(maxsplit=1)
        if len(cut) < 2 or len(cut[1].split()) < keep:
            return False
        start += len(cut[0]) + 1
        name = cut[1]
        start, name = _strip_stopwords(start, name)
    return False


#: first parts of compounds that are kinds of things, not team names ("Sportwagen-Piloten",
#: "Werks-Bentleys", "Cup-Elfer", "Diesel-Audi")
GENERIC_COMPOUND_HEADS = frozenset(
    """Sportwagen Diesel Cup Werks Renn Rennsport Marken Langstrecken GT Prototypen Hybrid Elektro
    Turbo Kunden Nachwuchs Junioren Junior Top Spitzen Führungs Titel Heim Gast VIP Safety Boxen
    Vorjahres Ex Sieger Pole Tourenwagen Supersportwagen Rallye Privat Privatier Test Ersatz Co Ko
    Stamm Einsatz""".split()
)
_TEAM_ROLES = (
    r"(?:Pilot|Piloten|Pilotin|Fahrer|Fahrerin|Werksfahrer|Star|Junior|Lenker|Duo|Trio|Team|Teamkollege"
    r"|Teamkollegen|Teams|Mannschaft|Truppe)"
)


def _team_compounds_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    """Team prefixes of compounds: "X-<brand|model|code>" ("Phoenix-Corvette"), "X-Lenker",
    "DAMS-Pilot". The prefix is its last one or two words ("Ralf Schumachers Williams-BMW" has
    none: a constructor and an engine make one team, :func:`_constructor_compounds_pass`)."""
    right = _alternation(list(lex.brands) + list(lex.car_models))
    code = r"[A-Z]{1,4}[0-9]{1,3}"
    for m in re.finditer(
        rf"(?<![\w-])((?:{WORD}\s+)?{WORD}(?:-{WORD})?)-(?:(?:{right})s?|{code}|{ROLE_WORDS}|{_TEAM_ROLES})(?![\w])",
        text,
    ):
        start, team = _strip_stopwords(m.start(1), m.group(1))
        head_only = re.fullmatch(TEAM_HEADS, team) is not None and " " in m.group(1)
        if head_only:
            start, team = m.start(1), m.group(1)  # "des Champion Racing-Teams": a head needs its name
        words = team.split()
        if (
            len(words) == 2
            and not head_only
            and (words[0].endswith("s") or words[0] in lex.first_names or words[0] in STOPWORDS)
        ):
            start += len(words[0]) + 1
            words = words[1:]
        team = " ".join(words)
        if not team or team in STOPWORDS or team in GENERIC_COMPOUND_HEADS:
            continue
        if re.fullmatch(TEAM_HEADS, team):
            continue  # "Racing-Team" alone names no team
        parts = team.split("-")
        if len(parts) > 1 and any(
            p in GENERIC_COMPOUND_HEADS or p in lex.brands or p in lex.series for p in parts
        ):
            continue  # "Werks-Porsche-Pilot", "Mercedes-AMG-Fahrer": no team "Scherer-Phx" there
        if not re.search(f"[{LOW}]", team) and not re.fullmatch(r"[A-Z]{2,6}", team):
            continue
        if any(team in t for t in (lex.series, lex.brands, lex.car_models, lex.countries, lex.demonyms)):
            continue
        if team in lex.race_classes or team in lex.first_names:
            continue
        if head_only:
            spans.add(start, start + len(team), "TEAM", "")
        else:
            _add_trimmed(spans, start, team, "TEAM")


def _constructor_compounds_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    """ "Williams-BMW", "McLaren-Mercedes", "Lola-Toyota": two makers joined make one car (a
    Formula 1 constructor with its engine, :mod:`kg.facts.typing` makes it a team there)."""
    names = list(lex.brands) + list(lex.teams) + [t.replace(" ", "-") for t in lex.teams]
    first, makers = _alternation(names, _B_CLASS), _alternation(names)
    for m in _rx(rf"(({first})(?:-(?:{makers}))+)(?![\w-])").finditer(text):
        start, end = m.start(1), m.end(1)
        inside = spans.within(start, end)
        if any(x[2] not in ("BRAND", "TEAM") for x in inside):
            continue
        for x in inside:
            spans.remove(x)
        spans.add(start, end, "CAR", m.group(2).replace("-", " "))


#: first words of "X Cup", "X-Serie" that make a class or a classification, not a series
GENERIC_SERIES_WORDS = frozenset(
    """Team Top Sprint Endurance Silver Gold Bronze Pro Am Junior Junioren Rookie Rookies Nations
    Marken Rundstrecken Fahrer Hersteller Teams Gesamt Saison Le""".split()
)
_HOURS = r"(?:\d{1,2}|sechs|zwölf|vier|acht|zehn)"
ENDURANCE_EVENT = re.compile(
    rf"{_B}(?P<event>(?:{_HOURS})[\s-]*(?:Stunden|h)(?:[\s-]*Rennens?)?"
    rf"|(?:\d{{3,4}}|Tausend)[\s-]*(?:km|Kilometer|Meilen))\s+(?:(?P<prep>von|vom|am|auf\s+dem|in)\s+)?"
    rf"(?P<place>{WORD}(?:[\s-]{WORD})?)"
)


def _endurance_events_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    """ "24 Stunden von Le Mans", "24-Stunden-Rennen am Nürburgring", "6 Stunden von Spa": the
    place is the circuit; the race is a series of its own where the lexicon knows it as one (the
    24-hour classics, Sebring), not where it is a round of a championship ("6 Stunden von Spa").
    The series is named as written (its mention ends before the place; ``norm`` is the name)."""
    for m in ENDURANCE_EVENT.finditer(text):
        place = m.group("place")
        if place.split()[-1] in STOPWORDS:
            place = place.rsplit(None, 1)[0] if " " in place else ""
        if not place or place in STOPWORDS or (m.group("prep") is None and place not in lex.circuits):
            continue  # "24h-Rennen Nürburgring": without a preposition only a known circuit
        place_start = m.start("place")
        written = text[m.start() : place_start + len(place)]
        if not spans.free(m.start(), place_start + len(place)):
            continue
        if lex.series.get(written) or _known_event(written, place, lex):
            spans.add(m.start(), m.end("prep") if m.group("prep") else m.end("event"), "SERIES", written)
        spans.add(place_start, place_start + len(place), "CIRCUIT", lex.circuits.get(place, ""))


def _known_event(written: str, place: str, lex: Lexicon) -> str | None:
    """The lexicon's name of an event written another way ("24 Stunden Rennen von Le Mans")."""
    hours = re.match(r"\d+", written)
    for form, canonical in lex.series.items():
        if form.endswith(place) and hours and form.startswith(hours.group()):
            return canonical
    return None


def _series_pattern_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    """Series: "American Le Mans Series", "Carrera Cup Great Britain"."""
    words = rf"{B_WORD}[\s-]+(?:{WORD}[\s-]+){{0,3}}"  # one to four
    for m in re.finditer(rf"({words}{SERIES_HEADS}{SERIES_TAILS}){_E}(?!-[{LOW}])", text):
        start, name = _strip_stopwords(m.start(1), m.group(1))
        first = re.split(r"[\s-]", name)[0] if name else ""
        if name and not re.fullmatch(SERIES_HEADS, name) and first not in lex.first_names:
            if first not in GENERIC_SERIES_WORDS:
                spans.add(start, start + len(name), "SERIES", lex.series.get(name, ""))


def _patterns_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    cap_seq = CAP_SEQ
    # circuits
    for m in re.finditer(
        rf"{_B}((?:Motorsport Arena|Circuit(?: de| of)?|Autodromo(?: di| de)?|Autódromo)"
        rf"\s+{WORD}(?:[\s-]{WORD})*"
        rf"|{cap_seq}{WORD}\s+(?:International\s+)?"
        rf"(?:Raceway|Speedway|Motor Speedway|Motorsport Park|Circuit)"
        rf"|[{UP}][{LOW}]+ring){_E}",
        text,
    ):
        start, name = _strip_stopwords(m.start(1), m.group(1))
        if name and name not in STOPWORDS:
            spans.add(start, start + len(name), "CIRCUIT", "")
    # teams: "Penske Racing", "Flying Lizard Motorsports", "Team Rosberg", "Scuderia Cameron Glickenhaus"
    lead_words = "|".join(sorted(_TEAM_LEAD_WORDS))
    for m in re.finditer(
        rf"{_B}({cap_seq}{WORD}\s+{TEAM_HEADS}|(?:{lead_words})\s+{WORD}(?:\s+{WORD}|\s+\d{{1,3}}(?![\d.,:]))?){_E}",
        text,  # "Team Garage 59": a number can end a name
    ):
        words = m.group(1).split()
        if words[0] in _TEAM_LEAD_WORDS and words[1] in STOPWORDS:
            continue
        start, name = _strip_stopwords(m.start(1), m.group(1))
        lead = _team_lead(name, lex)
        if lead and len(name.split()) > len(name[:lead].split()) + 1:
            # "Berliner Rennstall Mücke Motorsport": the team is "Mücke Motorsport"
            _add_trimmed(spans, start + lead, name[lead:], "TEAM", keep=2)
            continue
        if not re.fullmatch(TEAM_HEADS, m.group(1)):
            _add_trimmed(spans, m.start(1), m.group(1), "TEAM", keep=2)
    # hyphenated: "Mamerow-Racing", "Hermes-Attempto-Racing(-Team)" (the name is the team's, whole)
    for m in re.finditer(rf"({B_WORD}-(?:{WORD}-)*{TEAM_HEADS})(?:(?=-Team\b)|{_E}(?!-))", text):
        if m.group(1).split("-")[0] not in STOPWORDS:
            spans.add(m.start(1), m.end(1), "TEAM", "")
    # who prepared or entered a car: "der von RMG vorbereitete BMW", "vom Team X eingesetzten"
    for m in PREPARED_BY.finditer(text):
        name = m.group(1)
        if name not in STOPWORDS and not any(name in t for t in (lex.brands, lex.series, lex.countries)):
            if name not in lex.first_names and lex.word_class(name) not in ("first", "place"):
                spans.add(m.start(1), m.end(1), "TEAM", "")


PREPARED_BY = re.compile(
    rf"v(?<![\w-]v)o(?:n|m\s+Team)\s+({WORD}(?:[\s-]{WORD})?)\s+(?:vorbereitet|eingesetzt|betreut|gemeldet)\w*{_E}"
)


#: lower-case words that end a model name: "Audi R18 e-tron quattro", "Lamborghini Huracán GT3 Evo"
MODEL_TAILS = r"(?:[ \t]+(?:e-tron|quattro|ultra|hybrid|evo|plus))*"


def _cars_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    # car models: brand + model words ("Porsche 911 GT3 RSR", "Audi R10", "Porsche RS Spyder"),
    # also after an entrant and a hyphen ("JRM-Nissan GT-R", "Marc VDS-Ford GT")
    brand_alt = _alternation(lex.brands, r"\w")
    # a number is no model when a time or an ordinal goes on ("Mercedes 01:30:44,200", "122\n5.")
    # a code may go on after a hyphen with a short code ("ARX-03b", "GT-R", "EX257-MG"; not "R8-Pilot")
    code_tail = r"(?:-(?:\d[A-Za-z0-9]{0,2}|[A-Z]{1,3}\d*)(?![\w-]))?"
    code = r"[A-Z0-9][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*(?![.:,]\d)|[0-9]+(?![.:,]?\d)|[A-Z]{2,}"
    model_tok = rf"(?:(?:{code}){code_tail})"
    # an optional sub-brand ("Mercedes-AMG") and one model name before a code ("Lamborghini Huracan GT3")
    sub = r"(?:-[A-Z]{2,5})?"
    name = rf"(?:[ \t]+[{UP}][{LOW}]{{3,}}(?=[ \t]+{model_tok}{_E}))?"
    car_re = rf"({brand_alt})({sub}{name}(?:[ \t]+{model_tok})+{MODEL_TAILS}(?:[ \t]+(?:{WORD}))?)(?![\w-])"
    for m in _rx(car_re).finditer(text):
        model = m.group(2)
        if text[m.start() - 1 : m.start()] == "-" and not re.search(
            r"(?<![\w-])[A-Z][\w]*-$", text[: m.start()]
        ):
            continue  # after a hyphen only an entrant's name ("JRM-"), not a compound's part
        line_start = text.rfind("\n", 0, m.start()) + 1
        if re.fullmatch(r"\s*\d+", model) and re.match(r"\s*\d{1,2}\.\s", text[line_start:]):
            continue  # "5. Sebastian Vettel (GER) Ferrari 120": points of a table, no model
        named = re.match(rf"{sub}\s+([{UP}][{LOW}]+)\s", model)
        if named and (named.group(1) in STOPWORDS or re.fullmatch(TEAM_HEADS, named.group(1))):
            continue
        words = model.split()
        # a last capitalised word belongs to the model only after a code-like word ("RS Spyder")
        if (
            not re.fullmatch(model_tok, words[-1])
            and (
                words[-1] in STOPWORDS
                or words[-1] in lex.brands  # "HPD ARX-03b Honda": the engine's maker
                or not any(re.search(r"[0-9]", w) or w.isupper() for w in words[:-1])
            )
        ):
            words = words[:-1]
        if not words or words[-1] in STOPWORDS:
            continue
        end = m.start(2) + model.index(words[-1]) + len(words[-1])
        full = text[m.start(1) : end]
        if full in lex.series or full in lex.race_classes:
            continue
        spans.add(m.start(1), end, "CAR", m.group(1))


def _named_models_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    """A maker and a model name that is no word of the language, no name and nothing the
    lexicons know, with the codes after it: "Chevrolet Lacetti", "Aston Martin Vantage", "Skoda
    Fabia S2000", "Volkswagen Race Touareg 2", "Hyundai i20 WRC", "Chevrolet Corvette" (the bare
    model joins its maker)."""
    code = r"[A-Z0-9][A-Za-z0-9]*[0-9][A-Za-z0-9]*|[A-Z]{2,4}|\d{1,2}"
    name = rf"(?:Race[ \t]+)?([{UP}][{LOW}]{{3,}}|[a-z]\d{{1,3}})"  # "Race Touareg", "i20"
    pattern = _rx(
        rf"({_alternation(lex.brands, _B_CLASS)})[ \t]+({name}(?:[ \t]+(?:{code})(?![\w.:,-]\d))*)(?![\w-])"
    )
    known = (
        lex.brands,
        lex.series,
        lex.teams,
        lex.countries,
        lex.demonyms,
        lex.race_classes,
        lex.first_names,
    )
    for m in pattern.finditer(text):
        word = m.group(3)
        if (
            word in STOPWORDS
            or lex.common_word(word)
            or lex.word_class(word) is not None
            or any(word in table for table in known)
            or re.fullmatch(f"{TEAM_HEADS}|{SERIES_HEADS}|{ROLE_WORDS}", word)
            or re.match(rf"[ \t]+[{UP}][{LOW}]+", text[m.end(3) :])  # "BMW Marco Wittmann": a name follows
        ):
            continue
        for x in spans.within(m.start(1), m.end(2)):
            if x[2] in ("CAR", "BRAND", "SERIES"):
                spans.remove(x)  # "Corvette" of "Chevrolet Corvette", "WRC" of "Hyundai i20 WRC"
        if not spans.add(m.start(1), m.end(2), "CAR", m.group(1)):
            spans.add(m.start(1), m.end(1), "BRAND", lex.brand_names.get(m.group(1), m.group(1)))


#: one to three words in capitals, or one name, right before a car or brand, after a
#: preposition or article ("im WRT Audi", "im Penske Porsche #7")
_ENTRANT_BEFORE_CAR = re.compile(
    r"\b(?:im|in\s+(?:dem|einem)|mit\s+(?:dem|einem)|vom|dem|der|des|den|einem|einen|eines)\s+"
    r"(?:(?:weiteren|zweiten|dritten|vierten|anderen|schnellsten|besten)\s+)?"
    rf"((?:[A-Z][A-Z0-9]{{1,5}}\s+){{1,3}}|[{UP}][{LOW}]+\s+)(?=[A-Z])"
)
#: a team named after the noun for it: "die Porsche des Werksteams Penske"
_TEAM_AFTER_NOUN = re.compile(
    rf"\b(?:{'|'.join(sorted(TEAM_LEAD_NOUNS, key=len, reverse=True))})s?\s+({WORD})(?![\w-])"
)


def _entrants_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    """An entrant before its car ("im WRT Audi R8 LMS GT3", "im AKKA ASP Mercedes-AMG GT3",
    "einem weiteren WRT Audi", "im Penske Porsche #7"; the team-compound passes take "Rowe-BMW"
    with a hyphen) or after the noun for a team ("des Werksteams Penske"). A single word is an
    entrant only when it is no word of the language and no given name ("im Cup Porsche")."""
    for m in _ENTRANT_BEFORE_CAR.finditer(text):
        start, end = m.start(1), m.end(1) - (len(m.group(1)) - len(m.group(1).rstrip()))
        after = next((x for x in spans.items if x[0] == m.end(1)), None)
        if after is None or after[2] not in ("CAR", "BRAND") or not spans.free(start, end):
            continue
        word = text[start:end]
        if not word.isupper() and (
            word in STOPWORDS or lex.common_word(word) or word in lex.first_names or word in lex.brands
        ):
            continue
        spans.add(start, end, "TEAM", "")
    for m in _TEAM_AFTER_NOUN.finditer(text):
        name = m.group(1)
        if name not in STOPWORDS and name not in lex.first_names and not lex.common_word(name):
            spans.add(m.start(1), m.end(1), "TEAM", "")


#: a driving or moving verb, then "für/zu/bei/von X" within its clause: "fährt ab sofort für
#: MTEK", "wechselte von ART zu Mücke", "tritt er für HWA an", "seine Debütsaison für Mücke"
_TEAM_SLOT_VERB = re.compile(
    r"\b(?:fährt|fuhr|fahren|fuhren|startet|startete|starten|tritt|trat|treten|wechselt\w*|"
    r"bestritt|bestreitet|Saison|Debütsaison|Vertrag|unterschrieb|unterschreibt|heuert\w*)\b[^.;:()]{0,80}"
)
_TEAM_SLOT = re.compile(rf"\b(?:für|zu|bei|von)\s+({WORD})(?=[\s.,;]|$)")


def _team_slots_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    """The team of a transfer or line-up sentence, named after "für/zu/bei/von" near a verb of
    driving or moving (transfer news names teams by short names no list has: "ART", "Mücke",
    "MTEK"). Only a free word that is no word of the language, given name, place, country or
    brand, and does not go on as a person's name."""
    for verb in _TEAM_SLOT_VERB.finditer(text):
        for m in _TEAM_SLOT.finditer(text, verb.start(), verb.end() + 40):
            word = m.group(1)
            if (
                not spans.free(m.start(1), m.end(1))
                or word in STOPWORDS
                or lex.common_word(word)
                or word in lex.first_names
                or lex.word_class(word) in ("first", "place")
                or word in lex.countries
                or word in lex.brands
                or re.match(rf"\s+{WORD}", text[m.end(1) :])  # "für Tom Berg": a name goes on
            ):
                continue
            spans.add(m.start(1), m.end(1), "TEAM", "")


def _strip_stopwords(start: int, name: str) -> tuple[int, str]:
    words = name.split()
    while words and (words[0] in STOPWORDS or words[0].lower() == words[0]):
        start += len(words[0])
        rest = name[len(words[0]) :]
        start += len(rest) - len(rest.lstrip())
        name = rest.lstrip()
        words = words[1:]
    return start, name


def _persons_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    particles = "|".join(re.escape(p) for p in PARTICLES)
    surname = rf"(?:(?:{particles})\s+)?{WORD}(?:-{WORD})?"
    pattern = re.compile(
        rf"({B_WORD}(?:-{WORD})?)\s+({surname}(?:\s+(?:jun\.|jr\.|Jr\.|sen\.|Junior|Senior)(?!\w))?)(?![\w])"
    )
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            break
        given, family = m.group(1), m.group(2)
        last = re.sub(r"\s+(?:jun\.|jr\.|Jr\.|sen\.|Junior|Senior)$", "", family).split()[-1]
        first_word = given.split("-")[0]
        known_first = first_word in lex.first_names or lex.word_class(first_word) == "first"
        ok = (
            known_first
            and given not in STOPWORDS
            and last not in STOPWORDS
            and not last.endswith("team")  # "Prema Powerteam", "Audi Werksteam"
            and last not in lex.brands
            and last not in lex.countries
            and last not in lex.demonyms
        )
        end = _extend_given_names(text, m.end(2), last, lex) if ok else m.end(2)
        end = _double_surname(text, m.end(1), end, lex) if ok else end
        if ok and spans.add(m.start(1), end, "PER", ""):
            pos = end
        else:
            pos = m.start(1) + len(given) + 1
    _particle_names(text, spans, lex)
    # unknown first names: "X Y" where Y recurs alone, or "X Y (Place)"
    pair = _rx(rf"({B_WORD})\s+({WORD})(?=(\s*\(|\s*,|\s+(?:im|in|aus|mit|fuhr|wurde)\b)?)")
    occurrences = _word_occurrences(text)
    found = {text[s:e] for s, e, _, _ in spans.of("PER")}
    surnames = {n.split()[-1] for n in found}
    for m in pair.finditer(text):
        a, b = m.group(1), m.group(2)
        if a in STOPWORDS or b in STOPWORDS or not spans.free(m.start(1), m.end(2)):
            continue
        if a in CANDIDATE_ROLES or a.startswith(("Tabellen", "Meisterschafts", "Gesamt")):
            continue  # "Tabellendritte Wehrlein": a role, then the name
        if lex.word_class(a) == "surname" or lex.common_word(a):
            continue  # "Müller Rast", "Stunde Verzögerung": no given name first
        if a.endswith("s") and a[:-1] in surnames:
            continue  # "Hülkenbergs Wechsel": a genitive, not a name
        if any(w in lex.brands or w in lex.countries or w in lex.demonyms for w in (a, b)):
            continue
        # sentence-initial pairs only as "X Y ," / "X Y (" / "X Y fuhr" with Y recurring alone
        initial = _sentence_initial(text, m.start(1))
        if initial and m.group(3) is None:
            continue
        if re.fullmatch(f"{TEAM_HEADS}|{SERIES_HEADS}|{ROLE_WORDS}|\\w+team", b):
            continue  # "Prema Powerteam": a team, not a name
        recurs = any(
            (start, end) != (m.start(2), m.end(2))
            and spans.free(start, end)
            and not _ARTICLE_BEFORE.search(text, max(0, start - 12), start)
            for start, end in occurrences.get(b, ())
        )
        if initial and not recurs:
            continue
        if (recurs or m.group(3) and m.group(3).strip() == "(") and b[1:].islower() and a[1:].islower():
            spans.add(m.start(1), m.end(2), "PER", "")


#: particles that join an unknown given name to a surname ("Kelvin van der Linde", "Giniel de
#: Villiers"); not "von", "le": "Sieger von Spa", "Circuit le Mans"
_NAME_PARTICLE = re.compile(
    rf"({B_WORD})\s+((?:van der|van den|van de|de la|van|de|da|di|del|dos|du)\s+{WORD}(?:-{WORD})?){_E}"
)


def _particle_names(text: str, spans: Mentions, lex: Lexicon) -> None:
    """A capitalised word, a name particle and a capitalised word make a name where the first
    word is no ordinary word, role or other known name."""
    for m in _NAME_PARTICLE.finditer(text):
        given, last = m.group(1), m.group(2).split()[-1]
        if not spans.free(m.start(1), m.end(2)) or given in STOPWORDS or given in CANDIDATE_ROLES:
            continue
        if lex.common_word(given) or lex.common_word(last) or lex.word_class(given) == "place":
            continue
        if any(
            w in t for w in (given, last) for t in (lex.brands, lex.countries, lex.demonyms, lex.circuits)
        ):
            continue
        spans.add(m.start(1), m.end(2), "PER", "")


_ARTICLE_BEFORE = re.compile(r"\b(?:der|die|das|dem|den|des|ein|eine|einem|einen|seinem|seinen|ihr)\s+$")
_CAPITALISED = re.compile(rf"({B_WORD}){_E}")


def _word_occurrences(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where each capitalised word stands, a genitive under its base too ("Bleekemolens",
    "Bartels'" stand for "Bleekemolen", "Bartels")."""
    out: dict[str, list[tuple[int, int]]] = {}
    for m in _CAPITALISED.finditer(text):
        word, span = m.group(1), (m.start(), m.end())
        out.setdefault(word, []).append(span)
        if word.endswith(("s", "'", "’")) and len(word) > 2:
            out.setdefault(word[:-1], []).append(span)
    return out


_PARTICLE_ALT = "|".join(re.escape(p) for p in PARTICLES)
_NEXT_NAME = re.compile(rf"\s+((?:(?:{_PARTICLE_ALT})\s+)?{WORD}(?:-{WORD})?)(?![\w])")


def _extend_given_names(text: str, end: int, last: str, lex: Lexicon) -> int:
    """ "Juan Pablo Montoya", "Lance David Arnold", "Antonio Felix da Costa": while the name so far
    ends in a given name, the capitalised word after it belongs to it."""
    while last in lex.first_names or lex.word_class(last) == "first":
        m = _NEXT_NAME.match(text, end)
        if m is None:
            break
        word = m.group(1).split()[-1]
        if word in STOPWORDS or word in lex.brands or word in lex.countries or word in lex.demonyms:
            break
        if word in lex.series or word in lex.teams or word in lex.race_classes or word.isupper():
            break  # "Fernando Alonso ESP": a country code
        end, last = m.end(1), word
    return end


def _double_surname(text: str, family_start: int, end: int, lex: Lexicon) -> int:
    """ "Ezequiel Perez Companc": a second surname joins the name where the article writes the two
    surnames together again ("Perez Companc/Caldarelli", "Perez Companc (ARG)")."""
    m = _NEXT_NAME.match(text, end)
    if m is None or " " in m.group(1):
        return end
    word = m.group(1)
    if (
        word in STOPWORDS
        or lex.common_word(word)
        or word.isupper()
        or any(word in table for table in (lex.brands, lex.countries, lex.demonyms, lex.series, lex.teams))
    ):
        return end
    family = text[family_start:end].strip()
    both = re.compile(rf"(?<![\w-]){re.escape(family)}\s+{re.escape(word)}(?![\w-])")
    return m.end(1) if any(x.start() != end - len(family) for x in both.finditer(text)) else end


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(' \t„"“')
    return not before or before[-1] in ".!?\n:"


def _short_forms_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    # surnames (also genitive "Bleekemolens", "Bartels'") and first names of persons found
    persons = [text[s:e] for s, e, _, _ in spans.of("PER")]
    shorts: dict[str, str] = {}
    for full in persons:
        words = full.split()
        if len(words) < 2:
            continue
        fam = full[len(words[0]) + 1 :]
        shorts.setdefault(fam, "PER")
        if words[-1] != fam and len(words) > 2:
            shorts.setdefault(words[-1], "PER")
        shorts.setdefault(words[0], "PER")
    particles = {w for p in PARTICLES for w in p.split()}
    names = (n for n in shorts if n not in STOPWORDS and n not in lex.brands and n not in particles)
    pattern = _names_pattern(names, tail=rf"(?:s{_E}|'|{_E})")
    for m in pattern.finditer(text) if pattern else ():
        end = m.end() - (1 if m.group().endswith("'") else 0)
        spans.add(m.start(), end, "PER", "")
    # a car model without its maker, where the article names both: "R10 TDI" for "Audi R10 TDI"
    models = {
        text[s + len(norm) + 1 : e]
        for s, e, _, norm in spans.of("CAR")
        if norm and text.startswith(norm + " ", s)
    }
    models = {x for x in models if len(x) >= 3 and re.search(r"\d", x) and not x.isdigit()}
    pattern = _names_pattern(models, tail=_E)
    for m in pattern.finditer(text) if pattern else ():
        spans.add(m.start(), m.end(), "CAR", "")
    # place names of circuits: "Oschersleben" for "Motorsport Arena Oschersleben", "Hockenheim"
    circuit_of: dict[str, str] = {}
    for s, e, _, _ in spans.of("CIRCUIT"):
        full = text[s:e]
        words = full.split()
        if len(words) >= 2 and words[-1] not in ("Raceway", "Speedway", "Circuit", "Park"):
            circuit_of.setdefault(words[-1], full)
        if full.endswith("ring") and len(words) == 1:
            circuit_of.setdefault(full[:-4], full)
    pattern = _names_pattern(circuit_of, tail=_E)
    for m in pattern.finditer(text) if pattern else ():
        spans.add(m.start(), m.end(), "CIRCUIT", circuit_of[m.group(1)])
    # "(ALMS)" right after a series names its abbreviation
    series_of: dict[str, str] = {}
    for s, e, _, norm in spans.of("SERIES"):
        paren = re.match(r"\s*\(([A-Z][A-Z0-9]{1,6})\)", text[e:])
        if paren:
            series_of.setdefault(paren.group(1), norm or text[s:e])
    pattern = _names_pattern(series_of, tail=_E)
    for m in pattern.finditer(text) if pattern else ():
        spans.add(m.start(), m.end(), "SERIES", series_of[m.group(1)])


def _teams_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    """Constructors of today's Formula 1 ("Red Bull", "Force India", "Williams") and the teams of
    other series known by a short name ("Abt", "Prema", ``entrants.tsv``), unless the article
    names a person of that surname ("Nicolas Prost", "Daniel Abt": then every "Prost" is him)."""
    names = lex.teams | lex.entrants
    if not names:
        return
    pattern = _rx(rf"({_alternation(names, _B_CLASS)})(?:s)?{_E}")
    surnames = set()
    for m in pattern.finditer(text):
        before = re.search(rf"({WORD})\s+$", text[max(0, m.start() - 30) : m.start()])
        if before and before.group(1) in lex.first_names:
            surnames.add(m.group(1))
    for m in pattern.finditer(text):
        if m.group(1) not in surnames:
            spans.add(m.start(1), m.end(1), "TEAM", "")


def _car_aliases_pass(text: str, spans: Mentions) -> None:
    # bare model names of cars found ("RS Spyder" after "Porsche RS Spyder")
    brand_of: dict[str, str] = {}
    for s, e, _, brand in spans.of("CAR"):
        full = text[s:e]
        if brand and full.startswith(brand):
            words = full[len(brand) :].split()
            for i in range(len(words)):
                suffix = " ".join(words[i:])
                if len(words) - i >= 2 or re.search(r"[0-9]", suffix):
                    brand_of.setdefault(suffix, brand)
    pattern = _names_pattern(brand_of, left=r"(?<!\w)", tail=_E)
    for m in pattern.finditer(text) if pattern else ():
        spans.add(m.start(), m.end(), "CAR", brand_of[m.group(1)])


#: one name of a crew written with slashes: "Buemi", "di Grassi", "Perez Companc", "van der Linde"
_CREW_PARTICLE = r"(?:van der|van den|van de|von der|de la|van|von|de|di|da|del|le)"
_CREW_NAME = rf"(?:[A-ZÄÖÜ]\.\s?)?(?:{_CREW_PARTICLE}\s+)?{WORD}(?:-{WORD})?(?:\s+{WORD}){{0,2}}"
#: the noun a crew often follows: "die Fahrer-Trios A/B/C", "das Duo A/B", "Fahrergespann A/B"
_CREW_NOUN = re.compile(
    r"[\w-]*(?:trio|duo|quartett|gespann|paarung|besatzung|crew|fahrer|piloten)\w{0,3}", re.IGNORECASE
)
_CREW = re.compile(rf"(?<![\w/-])({_CREW_NAME}(?:[ \t]*/[ \t]*{_CREW_NAME})+)(?![\w/-])")


def _without_crew_noun(part: tuple[int, str], lex: Lexicon) -> tuple[int, str]:
    """The first name of a crew less the nouns before it: "Fahrer-Trios Lotterer" → "Lotterer",
    "Trio Leventis" → "Leventis"."""
    offset, text = part
    words = text.split()
    while (
        len(words) > 1
        and words[0][0].isupper()
        and (_CREW_NOUN.fullmatch(words[0]) or lex.common_word(words[0]))
    ):
        cut = text.index(words[1])
        offset, text, words = offset + cut, text[cut:], words[1:]
    return offset, text


def _slash_crews_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    """ "Buemi/Davidson/Sarrazin", "Kaffer/Perez Companc/Minassi": names joined by slashes are a
    car's crew, surnames only as they often are. Every part must be a name no lexicon knows as
    something else (no brand, team, series, class, country, code in capitals)."""
    if "/" not in text:
        return  # no crew (and re would try every capital)
    known = (lex.brands, lex.series, lex.race_classes, lex.countries, lex.demonyms, lex.car_models)
    for m in _CREW.finditer(text):
        parts = [(p.start(), p.group().strip()) for p in re.finditer(r"[^/]+", m.group(1))]
        parts[0] = _without_crew_noun(parts[0], lex)
        if parts[0][1].startswith("von ") and not parts[0][1].startswith("von der "):
            parts[0] = (parts[0][0] + 4, parts[0][1][4:])  # "der Porsche von A/B": a preposition
        ok: list[tuple[int, int]] = []
        for offset, part in parts:
            start = m.start(1) + offset + (len(m.group(1)[offset:]) - len(m.group(1)[offset:].lstrip()))
            words = re.sub(rf"^(?:[A-ZÄÖÜ]\.\s?)?(?:{_CREW_PARTICLE}\s+)?", "", part).split()
            if (
                any(w in STOPWORDS or w.isupper() for w in words)
                or any(part in table or words[-1] in table for table in known)
                or re.search(r"\d", part)
            ):
                ok = []
                break
            ok.append((start, start + len(part)))
        teams = sum(text[a:b] in lex.teams for a, b in ok)
        if teams and (len(ok) < 3 or teams > 1):
            continue  # "Williams/Sauber": teams; "Heidfeld/Jani/Prost": a crew
        if len(ok) < 2 or (len(ok) == 2 and _place_like(text[ok[0][0] : ok[0][1]], lex)):
            continue  # "(Ulm / Lambda Performance)": a home town and a team (not "Gene/Di Grassi/Jarvis")
        for start, end in ok:
            for x in spans.within(start, end):
                prefix = text[start : x[0]].split()
                if (
                    x[2] == "PER"
                    and prefix
                    and all(lex.word_class(w) in ("first", "surname") for w in prefix)
                ):
                    spans.remove(x)  # "Cong Fu Cheng", not "Fu Cheng"; but "Verfolger X", "von X"
                elif len(ok) >= 3 and x[2] == "TEAM" and text[x[0] : x[1]] == text[start:end] in lex.teams:
                    spans.remove(x)  # "Heidfeld/Jani/Prost": among names a team's name is a surname
            if spans.free(start, end):
                spans.add(start, end, "PER", "")


def _joined_names_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    name = rf"{WORD}(?:-{WORD})?"
    # crews and lists: a capitalised word joined to a person by "/", ",", "und", "beziehungsweise"
    joiner = r"(?:\s*/\s*|\s*,\s*|\s+und\s+|\s+sowie\s+|\s+beziehungsweise\s+|\s+bzw\.\s+)"
    # pairs overlap ("A, B und C"): the capital of the first name is taken and the rest looked
    # ahead at, so that re skips to the capitals (a pattern that takes nothing, all lookahead, is
    # tried at every character) and the next pair may start after it
    pairs = rf"[{UP}](?<!{_B_CLASS}.)(?=({_WORD_REST}(?:-{WORD})?){joiner}({name}){_E})"
    changed = True
    while changed:
        changed = False
        for m in re.finditer(pairs, text):
            a_start, a_end = m.start(), m.end(1)
            b_start, b_end = m.start(2), m.end(2)
            la = spans.label_at(a_start, a_end)
            lb = spans.label_at(b_start, b_end)
            sep = text[a_end:b_start]
            for (s, e), other in (((b_start, b_end), la), ((a_start, a_end), lb)):
                word = text[s:e]
                if other != "PER" or word in STOPWORDS or not spans.free(s, e):
                    continue
                if word in lex.brands or word in lex.countries or word in lex.demonyms:
                    continue
                if "/" not in sep and not _list_context(text, s, e):
                    continue
                if spans.add(s, e, "PER", ""):
                    changed = True
    _quoted_pseudonyms(text, spans, joiner)
    # "<car> mit X": the driver of a car
    for _s, e, _, _ in spans.of("CAR") + spans.of("BRAND"):
        driver = re.match(rf"\s+mit\s+({name}){_E}", text[e:])
        if driver and driver.group(1) not in STOPWORDS:
            start = e + driver.start(1)
            if driver.group(1) not in lex.brands:
                spans.add(start, start + len(driver.group(1)), "PER", "")
    # "<brand|car>s von X und Y": teams unless they are drivers
    for _s, e, _, _ in spans.of("CAR") + spans.of("BRAND"):
        owner = re.match(rf"\s+von\s+({name})(?:\s+(?:und|beziehungsweise|bzw\.)\s+({name}))?{_E}", text[e:])
        if not owner:
            continue
        members = [(e + owner.start(i), e + owner.end(i)) for i in (1, 2) if owner.group(i)]
        if any(spans.label_at(a, b) == "PER" for a, b in members):
            continue
        for a, b in members:
            if text[a:b] not in STOPWORDS:
                spans.add(a, b, "TEAM", "")


_OPEN_QUOTE = "‚‘'\"„“»«"
_CLOSE_QUOTE = "’‘'\"“”«»"


#: a name without apostrophes: in quotes, the quote closes it
_BARE_NAME = rf"[{UP}][{LOW}{UP}0-9]*(?:-[{UP}][{LOW}{UP}0-9]*)?"


def _unquoted_names(text: str, spans: Mentions) -> None:
    """A name in quotes without its closing quote: "Tiger" of "‚Tiger’/A", not "Tiger’"."""
    for m in re.finditer(rf"[{_OPEN_QUOTE}]({_BARE_NAME})[{_CLOSE_QUOTE}]", text):
        for x in spans.within(m.start(), m.end()):
            if x[2] == "PER" and x[0] == m.start(1) and x[1] == m.end(1) + 1:
                spans.remove(x)
                spans.add(m.start(1), m.end(1), "PER", "")


def _quoted_pseudonyms(text: str, spans: Mentions, joiner: str) -> None:
    """A driver's pseudonym in quotes among the names of a crew: "A, B und ‚Gerwin’",
    "‚Gerwin’/A" (amateurs of endurance racing often start under one)."""
    quoted = rf"[{_OPEN_QUOTE}]({_BARE_NAME})[{_CLOSE_QUOTE}]"
    for m in re.finditer(rf"{joiner}{quoted}", text):
        if any(x[2] == "PER" and x[1] == m.start() for x in spans.items):
            spans.add(m.start(1), m.end(1), "PER", "")
    for m in re.finditer(rf"{quoted}{joiner}", text):
        if any(x[2] == "PER" and x[0] == m.end() for x in spans.items):
            spans.add(m.start(1), m.end(1), "PER", "")


def _list_context(text: str, start: int, end: int) -> bool:
    """True when the word stands where a name list would: not the head of a noun phrase."""
    before = text[max(0, start - 12) : start]
    return not re.search(r"\b(?:der|die|das|dem|den|des|ein|eine|einem|einen)\s+$", before)


# an info parenthesis after a name: "(37, Chemnitz, Team Honda ADAC)", "(GBR)", "(Motopark, 1:21,056 Minuten)"
_INFO_PAREN = re.compile(r"[ \t]*\(([^()\n]{1,90})\)")
_SEGMENT_SPLIT = re.compile(r",(?!\d)|;|/|\s\+\s")
_NUMERIC = re.compile(
    r"[+\-–]?\s*[\d.,:]+\s*(?:Minuten|Min\.|Sekunden|Sek\.|s|Std\.|Runden?|Rd\.|Pkt\.|Punkte)?\.?"
)
_NOT_INFO = frozenset(
    """Foto Top Platz Rang Runde Runden Start Ziel Klasse Lauf Rennen Tabelle Der Die Das Den Dem Des
    Ein Eine Im In Am Nach Vor Mit Bei Beim Auf Aus Für Von Vom Zum Zur Und Oder Als Wie Seit Ab Bis
    Beide Alle Heute Gestern Morgen Sonntag Samstag Freitag Montag Stand Live Quelle Startnummer Nummer
    Startplatz Position""".split()
)


def _segments(inner: str, offset: int) -> list[tuple[int, str]]:
    """Pieces of a parenthesis split at ``,``/``;``/``/``, with their offsets; a slash between two
    name-like pieces stays inside one name ("Team Landgraf–HTP/WWR")."""
    pieces: list[tuple[int, str, str]] = []  # (start, text, separator before)
    pos = 0
    for m in _SEGMENT_SPLIT.finditer(inner):
        pieces.append((pos, inner[pos : m.start()], ""))
        pos = m.end()
        pieces[-1] = (*pieces[-1][:2], m.group())
    pieces.append((pos, inner[pos:], ""))
    out: list[tuple[int, str]] = []
    joined = False
    for start, piece, sep in pieces:
        if joined and out and not re.search(r"\d", piece) and not re.search(r"\d", out[-1][1]):
            prev_start, prev = out[-1]
            out[-1] = (prev_start, inner[prev_start : start + len(piece)])
        else:
            out.append((start, piece))
        joined = sep == "/"
    result = []
    for start, piece in out:
        stripped = piece.strip()
        if not stripped:
            continue
        at = offset + start + piece.index(stripped)
        first, slash, rest = stripped.partition("/")
        if slash and " " in rest.strip() and ("/" not in rest or " " not in first.strip()):
            # "Worndorf/ADAC Berlin-Brandenburg", "Ulm / Lambda Performance": a town and a team;
            # "BMW-Team Deutschland/Schnitzer Motorsport": two teams (names of two words each)
            result.append((at, first.strip()))
            tail = rest.strip()
            result.append((at + stripped.index(tail, len(first) + 1), tail))
        else:
            result.append((at, stripped))
    return result


_CREW_MEMBER = rf"[{UP}][{LOW}]+(?:\s+[{UP}][{LOW}]+)?"
#: a parenthesis of names and slashes only: "(Tom Berg/Paul Seidel/Jan Weber)"
_CREW_ONLY = re.compile(rf"\s*{_CREW_MEMBER}(?:\s*/\s*{_CREW_MEMBER})+\s*")


def _country_first(start: int, piece: str, lex: Lexicon) -> list[tuple[int, str]]:
    """ "(GBR/Prema)": a country (or its code) before a slash is a piece of its own, not part of
    a team's name as in "(Team Landgraf–HTP/WWR)"."""
    head, sep, tail = piece.partition("/")
    if sep and tail.strip() and (lex.country_codes.get(head.strip()) or lex.countries.get(head.strip())):
        return [(start, head.strip()), (start + len(head) + 1, tail)]
    return [(start, piece)]


def _info_parentheses_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    """Label what stands in a parenthesis right after a person: countries and their codes,
    home towns, teams. Ages, times, gaps and positions are left to the facts stage.

    With two or more names in it, the last is the team and one before it a place
    ("(Ingolstadt, MRS Team PZ Aschaffenburg)"); a single name is a place when the word's
    corpus distribution says so (``lex.word_class``) and a team otherwise ("(Lechner)").
    A parenthesis with any piece that is none of these ("(Foto rechts)") is left alone.
    """
    guessed: list[tuple[int, int]] = []  # lone names made teams for want of a better reading
    for item in spans.of("PER"):
        ps, pe = item[0], item[1]
        m = _INFO_PAREN.match(text, pe)
        if m is None:
            continue
        crew = _CREW_ONLY.fullmatch(m.group(1))
        first_item = m.group(1).split("/")[0].strip()
        if crew and not re.search(rf"\bTeam\b|{TEAM_HEADS}", m.group(1)) and not _place_like(first_item, lex):
            # "von Black Falcon (A/B/C)": a name followed by a crew is the crew's team
            if " " in text[ps:pe] and spans.label_at(ps, pe) == "PER":
                spans.remove(item)
                spans.add(ps, pe, "TEAM", "")
            continue
        pieces = [
            x for start, piece in _segments(m.group(1), m.start(1)) for x in _country_first(start, piece, lex)
        ]
        names: list[tuple[int, str]] = []
        ok = True
        for start, piece in pieces:
            if _NUMERIC.fullmatch(piece) or re.fullmatch(r"P\d{1,2}", piece):
                continue
            words = piece.split()
            if not piece[:1].isupper() or words[0] in _NOT_INFO:
                ok = False
                break
            names.append((start, piece))
        if not ok or not names:
            continue
        for i, (start, piece) in enumerate(names):
            end = start + len(piece)
            inside = spans.within(start, end)
            if any(x[0] == start and x[1] == end for x in inside):
                continue  # a brand, car, series or country the lexicons found, whole
            maker_team = (
                len(inside) == 1
                and inside[0][2] == "BRAND"
                and inside[0][0] == start
                and re.fullmatch(r"\s+[\w.-]+(?:\s+[\w.-]+)?", text[inside[0][1] : end]) is not None
            )  # "(Nissan e.dams)", "(DS Techeetah)": a maker's name and the team's own
            named_team = maker_team or re.search(r"\bTeam\b", piece) is not None
            if any(x[2] in ("BRAND", "CAR") for x in inside) and not named_team:
                continue  # "(Abt-Audi)", "(Ganassi-Honda)": the compound passes decide
            for x in inside:
                spans.remove(x)  # "Team Landgraf" of "Team Landgraf–HTP/WWR"
            country = lex.country_codes.get(piece) or lex.countries.get(piece)
            if country:
                spans.add(start, end, "COUNTRY", country)
            elif len(names) > 1 and i < len(names) - 1 and not re.search(rf"\bTeam\b|{TEAM_HEADS}", piece):
                spans.add(start, end, "PLACE", "")  # a town before the team, unless a team itself
            elif len(names) == 1 and _place_like(piece, lex):
                spans.add(start, end, "PLACE", "")
            else:
                spans.add(start, end, "TEAM", "")
                if len(names) == 1 and not re.search(rf"\bTeam\b|{TEAM_HEADS}", piece):
                    guessed.append((start, end))
    _coordinated_places(text, spans, guessed)


_AFTER_CAR = re.compile(rf"\s*\(\s*([{UP}][\w.&-]*(?:\s+[{UP}0-9][\w.&-]*){{0,3}})\s*\)")


def _car_entrants_pass(text: str, spans: Mentions, lex: Lexicon) -> None:
    """A name alone in the parenthesis after a car is the team that runs it: "in einem
    Mercedes-AMG GT3 (Toksport WRT)". Crews, numbers, classes, makers and words are not."""
    known = (lex.brands, lex.series, lex.race_classes, lex.countries, lex.demonyms, lex.first_names)
    for _, end, _, _ in spans.of("CAR"):
        m = _AFTER_CAR.match(text, end)
        if m is None:
            continue
        name, words = m.group(1), m.group(1).split()
        if any(name in table or words[0] in table for table in known) or lex.common_word(words[0]):
            continue
        if words[0] in STOPWORDS or (len(words) == 1 and lex.word_class(name) is not None):
            continue  # "(Foto)", "(Lechner)": a word or a name of another kind
        spans.add(m.start(1), m.end(1), "TEAM", "")


def _coordinated_places(text: str, spans: Mentions, guessed: list[tuple[int, int]]) -> None:
    """In a list of names with one parenthesis each, "A (Köln), B (Essen) und C (Porta
    Westfalica)", the parentheses say the same kind of thing: a lone name taken for a team only
    because the corpus does not know it as a town is a home town when another parenthesis of the
    list holds a town or a country, none a known team, and the towns are the most."""
    items = sorted(x for x in spans.items if x[2] in ("PLACE", "COUNTRY", "TEAM") and _in_paren(text, x))
    runs: list[list[Found]] = []
    for x in items:
        if runs and re.fullmatch(_LIST_GAP, text[runs[-1][-1][1] : x[0]]):
            runs[-1].append(x)
        else:
            runs.append([x])
    for run in runs:
        teams = [x for x in run if x[2] == "TEAM"]
        if len(run) < 2 or len(teams) * 2 >= len(run):
            continue
        if all((x[0], x[1]) in guessed for x in teams):
            for x in teams:
                spans.remove(x)
                spans.add(x[0], x[1], "PLACE", "")


#: from the end of one parenthesis item to the next one: ") und C (", "), B ("
_LIST_GAP = re.compile(r"\)\s*(?:,|und|sowie)\s*[^()]{2,60}?\s*\(")


def _in_paren(text: str, x: Found) -> bool:
    return text[: x[0]].rstrip().endswith("(") and text[x[1] :].lstrip().startswith(")")


def _place_like(name: str, lex: Lexicon) -> bool:
    """A town name: every word under the corpus's place branch (and no team word in it)."""
    words = re.split(r"[\s-]+", name)
    if re.search(rf"\b{TEAM_HEADS}\b|\bTeam\b", name):
        return False
    return all(w and lex.word_class(w) == "place" for w in words)


# leading words of a statistical PER span that are roles or titles, not names ("Porsche-Junior
# Marting Ragginger", "Leiter Max Muster")
CANDIDATE_ROLES = frozenset(
    """Junior Junioren Youngster Routinier Kollege Kollegin Landsmann Markenkollege Stallgefährte
    Werksfahrer Werkspilot Nachwuchsfahrer Nachwuchspilot Titelverteidiger Tabellenführer
    Spitzenreiter Polesetter Gaststarter Lokalmatador Ex-Champion Ex-Formel Vizemeister
    Debütant Neuling Rookie Altmeister Teamchefin Pilotin Fahrerin Rennleiter Sportchef
    Tabellenzweite Tabellenzweiter Tabellendritte Tabellendritter Tabellenvierte Tabellenvierter
    Tabellenletzte Tabellenletzter Gesamtführende Gesamtführender Meisterschaftsführende""".split()
)
_POSITION = re.compile(r"(?:P|Platz|Pos\.?)?[0-9]+\.?|[0-9]+\.")
_CANDIDATE_WORD = re.compile(rf"{WORD}(?:-{WORD})*")
_TEAM_END = re.compile(r"(?:Racing|Motorsports?|Team|Racing Team|Competition|Engineering)$")


def clean_candidate(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int] | None:
    """Clean a statistical PER span ``text[start:end]`` into a person name, or refuse it.

    Leading words are dropped while they are position tokens (``P8.``), role or common words
    (:data:`STOPWORDS`, :data:`CANDIDATE_ROLES`), or words written in lower case elsewhere in
    the text (a capitalised verb or noun at a sentence start: ``Überquert``). What is left must
    be two to four capitalised name words (particles such as ``van`` allowed inside), the last
    one no stop word, brand, country or demonym; a span ending like a team (``Racing``,
    ``Motorsport(s)``, ``Team``) is refused: teams come from the rules.
    """
    name = text[start:end]
    stripped = name.rstrip(" .,;:'’")
    end = start + len(stripped)
    name = stripped
    if _TEAM_END.search(name):
        return None
    words = name.split()
    while words:
        first = words[0]
        lowered = first.lower()
        drop = (
            _POSITION.fullmatch(first) is not None
            or first in STOPWORDS
            or first in CANDIDATE_ROLES
            or first == lowered
            or re.search(rf"(?<![\w-]){re.escape(lowered)}(?![\w-])", text) is not None
        )
        if not drop:
            break
        rest = name[len(first) :]
        start += len(first) + len(rest) - len(rest.lstrip())
        name = rest.lstrip()
        words = words[1:]
    if not 2 <= len(words) <= 4:
        return None
    particles = {w for p in PARTICLES for w in p.split()}
    if not all(_CANDIDATE_WORD.fullmatch(w) or w in particles for w in words):
        return None
    if words[-1] in particles or words[0] in particles:
        return None
    last = words[-1]
    if last in STOPWORDS or last in CANDIDATE_ROLES or last in lex.brands:
        return None
    if last in lex.countries or last in lex.demonyms or last in lex.race_classes:
        return None
    if any(w in lex.brands or w in lex.series or w in lex.car_models for w in words):
        return None
    return start, start + len(name)


#: a span the statistical NER proposes: character offsets and its label (``DRIVER`` ...)
Candidate = tuple[int, int, str]


def _words_before(text: str, start: int, end: int, keep: Callable[[str], bool]) -> tuple[int, str]:
    """``text[start:end]`` stripped of trailing punctuation and of leading words ``keep``
    refuses; returns the new start and the rest (empty when nothing is left)."""
    name = text[start:end].rstrip(" .,;:'’")
    while name:
        first = name.split()[0]
        if keep(first):
            break
        rest = name[len(first) :]
        start += len(first) + len(rest) - len(rest.lstrip())
        name = rest.lstrip()
    return start, name


def _lower_elsewhere(text: str, word: str) -> bool:
    lowered = word.lower()
    return lowered != word and re.search(rf"(?<![\w-]){re.escape(lowered)}(?![\w-])", text) is not None


def _name_start(text: str) -> Callable[[str], bool]:
    """A word that may open a name: capitalised or a code with a digit, no stop or role word,
    no position token, not written lower case elsewhere in the text."""

    def keep(word: str) -> bool:
        return (
            (word[:1].isupper() or word[:1].isdigit())
            and _POSITION.fullmatch(word) is None
            and word not in STOPWORDS
            and word not in CANDIDATE_ROLES
            and not _lower_elsewhere(text, word)
        )

    return keep


_NAME_WORD = re.compile(rf"[{UP}0-9][\w.'’&+-]*|&|by|and|of|de|du|la|di|da|van|von|der")


def _plain_name(name: str, lex: Lexicon, max_words: int) -> bool:
    """1 to ``max_words`` name words (capitalised, codes, connectors such as ``&``), the last
    no stop word, country, demonym or race class."""
    words = name.split()
    if not 1 <= len(words) <= max_words or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    last = words[-1]
    return not (
        last in STOPWORDS
        or last in lex.countries
        or last in lex.demonyms
        or last in lex.race_classes
        or not last[:1].isupper()
        and not last[:1].isdigit()
    )


def clean_car_candidate(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int, str] | None:
    """A statistical ``CAR_MODEL`` span as a car: it starts with a known maker (its norm, as the
    rules' cars have) and names a model after it, or it is one word with a digit (``MC12``)."""
    start, name = _words_before(text, start, end, _name_start(text))
    if not name or not _plain_name(name.replace("-", " "), lex, 6):
        return None
    words = name.split()
    brand = next((b for b in sorted(lex.brands, key=len, reverse=True) if name.startswith(b + " ")), None)
    if brand is not None:
        return start, start + len(name), lex.brand_names.get(brand, brand)
    if len(words) == 1 and any(c.isdigit() for c in name) and any(c.isalpha() for c in name):
        return start, start + len(name), ""
    return None


def clean_circuit_candidate(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int, str] | None:
    """A statistical ``CIRCUIT`` span: one to five name words without digits (``R18`` is a
    car), no country, demonym or brand alone; a single word only a place by the word clusters
    (``Richmond``; not ``Chase``, ``Applaus``)."""
    start, name = _words_before(text, start, end, _name_start(text))
    if not _plain_name(name, lex, 5) or name in lex.brands or any(c.isdigit() for c in name):
        return None
    if " " not in name and lex.word_class(name) != "place":
        return None
    return start, start + len(name), ""


_WORD_BEFORE = re.compile(rf"({WORD})[ \t]+$")


def _person_candidate(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int, str] | None:
    """A ``DRIVER``/``PERSON`` span cleaned by :func:`clean_candidate`; a surname alone that
    follows an unknown given name takes it in ("Ödön Kovács", where the model found "Kovács")."""
    cleaned = clean_candidate(text, start, end, lex)
    if cleaned is None and " " not in text[start:end].strip():
        before = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if before is not None and _given_name_like(before.group(1), text, lex):
            cleaned = clean_candidate(text, before.start(1), end, lex)
    return None if cleaned is None else (cleaned[0], cleaned[1], "")


def _given_name_like(word: str, text: str, lex: Lexicon) -> bool:
    """A word that may be a given name nobody listed: capitalised, no hyphen, no stop or role
    word, no known entity, not an ordinary word of the language nor written lower case
    elsewhere in the text, and a first name or of no class by the word clusters."""
    return (
        "-" not in word
        and word not in STOPWORDS
        and word not in CANDIDATE_ROLES
        and word not in lex.brands
        and word not in lex.countries
        and word not in lex.demonyms
        and not lex.common_word(word)
        and lex.word_class(word) in ("first", None)
        and not _lower_elsewhere(text, word)
    )


#: a unit that cleans and checks a candidate span: ``(start, end, norm)`` or ``None`` (refused)
CandidateCheck = Callable[[str, int, int, Lexicon], tuple[int, int, str] | None]

#: per NER label taken: the mention label its span becomes and the unit that cleans and checks
#: it. Labels not here are not taken, as measured on the dev set (``kg/nlp/README.md``):
#: ``TEAM`` and ``SERIES`` candidates added false hits on validation and nothing or one team
#: on a held-out fold of the training split; ``MANUFACTURER`` names the brand lexicon does not
#: know were teams or words as often as makers.
CANDIDATE_KINDS: dict[str, tuple[str, CandidateCheck]] = {
    "DRIVER": ("PER", _person_candidate),
    "PERSON": ("PER", _person_candidate),
    "CAR_MODEL": ("CAR", clean_car_candidate),
    "CIRCUIT": ("CIRCUIT", clean_circuit_candidate),
}


def find_mentions(text: str, lex: Lexicon, candidates: Iterable[Candidate] = ()) -> list[Found]:
    """All mentions in ``text`` as sorted, non-overlapping ``(start, end, label, norm)``.

    ``candidates`` are ``(start, end, label)`` character spans from another source (the
    statistical NER): used only where they overlap no rule mention, after cleaning.
    """
    return complete_mentions(text, lex, rule_mentions(text, lex), candidates)


_LINE_BREAK = re.compile("\n")


def rule_mentions(text: str, lex: Lexicon) -> Mentions:
    """The mentions the rules find: the first half of :func:`find_mentions`, for a caller
    that looks for candidates only where the rules leave text unexplained."""
    spans = Mentions(len(text), (m.start() for m in _LINE_BREAK.finditer(text)))
    _rule_passes(text, spans, lex)
    return spans


def complete_mentions(
    text: str, lex: Lexicon, spans: Mentions, candidates: Iterable[Candidate] = ()
) -> list[Found]:
    """Add the ``candidates`` that overlap no rule mention and that the unit for their label
    (:data:`CANDIDATE_KINDS`) accepts to ``spans`` (then the short forms and joined names of
    new persons) and return all mentions, sorted."""
    added = False
    for start, end, ner_label in sorted(set(candidates)):
        kind = CANDIDATE_KINDS.get(ner_label)
        if kind is None or not spans.free(start, end):
            continue
        label, clean = kind
        cleaned = clean(text, start, end, lex)
        if cleaned is not None and spans.add(cleaned[0], cleaned[1], label, cleaned[2]):
            added = added or label == "PER"
    if added:
        _short_forms_pass(text, spans, lex)
        _joined_names_pass(text, spans, lex)
        _info_parentheses_pass(text, spans, lex)
    _unquoted_names(text, spans)
    _genitive_names(text, spans, lex)
    return sorted(spans.items)


def _genitive_names(text: str, spans: Mentions, lex: Lexicon) -> None:
    """ "Ralf Schumachers Williams-BMW": a full name in the genitive, before the noun it owns, is
    that name (its norm), where the word classes know the surname without the -s but not with it."""
    for item in spans.of("PER"):
        start, end, _, norm = item
        words = text[start:end].split()
        last = words[-1]
        if norm or len(words) < 2 or not last.endswith("s") or last.endswith("ss"):
            continue
        if lex.word_class(last) is not None or lex.word_class(last[:-1]) not in ("surname", "first"):
            continue
        if re.match(rf" [{UP}]", text[end : end + 2]):
            spans.remove(item)
            spans.add(start, end, "PER", text[start : end - 1])


def _rule_passes(text: str, spans: Mentions, lex: Lexicon) -> None:
    _cars_pass(text, spans, lex)
    _car_aliases_pass(text, spans)
    _endurance_events_pass(text, spans, lex)
    _lexicon_pass(text, spans, lex.series, "SERIES", plural=True, after_hyphen=True)
    for m in re.finditer(rf"({B_WORD}-(?:{WORD}-)*(?:Supercup|Cup|Trophy))s?{_E}(?!-)", text):
        if m.group(1).split("-")[0] not in GENERIC_SERIES_WORDS:
            spans.add(m.start(1), m.end(1), "SERIES", "")
    _series_pattern_pass(text, spans, lex)
    _team_compounds_pass(text, spans, lex)
    _lexicon_pass(text, spans, lex.circuits, "CIRCUIT", plural=True)
    _lexicon_pass(text, spans, lex.countries, "COUNTRY")
    _lexicon_pass(text, spans, lex.demonyms, "NORP")
    _lexicon_pass(text, spans, {c: c for c in lex.race_classes}, "CLASS", after_hyphen=True)
    _patterns_pass(text, spans, lex)
    _lexicon_pass(
        text,
        spans,
        {b: lex.brand_names.get(b, b) for b in lex.brands},
        "BRAND",
        plural=True,
        after_hyphen=True,
    )
    # "VIP-Elfer": an acronym prefix stays part of a bare model name
    acronym = r"[A-Z](?<![\w-][A-Z])[A-Z]{1,4}"  # {_B}[A-Z]{2,5}, the boundary after the first letter
    for m in _rx(rf"({acronym}-(?:{_alternation(lex.car_models)}))s?{_E}").finditer(text):
        spans.add(m.start(1), m.end(1), "CAR", lex.car_models[m.group(1).split("-", 1)[1]])
    _lexicon_pass(
        text, spans, {m: b for m, b in lex.car_models.items()}, "CAR", plural=True, after_hyphen=True
    )
    _named_models_pass(text, spans, lex)
    _teams_pass(text, spans, lex)
    _entrants_pass(text, spans, lex)
    _team_slots_pass(text, spans, lex)
    _constructor_compounds_pass(text, spans, lex)
    _persons_pass(text, spans, lex)
    _slash_crews_pass(text, spans, lex)
    _short_forms_pass(text, spans, lex)
    _joined_names_pass(text, spans, lex)
    _info_parentheses_pass(text, spans, lex)
    _car_entrants_pass(text, spans, lex)
