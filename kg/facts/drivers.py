"""Facts about drivers: nationality, hometown, age, car number, team, car, teammates."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kg.facts.context import Sentence, description_subject, is_genitive, relative_antecedent
from kg.facts.entities import EntityIndex
from kg.facts.model import Fact, Span
from kg.facts.numbers import cardinal
from kg.facts.prefilter import Prefiltered
from kg.facts.subjects import clause_of, groups
from kg.nlp.lexicon import read_tsv
from kg.nlp.model import Mention

DATA_DIR = Path(__file__).parent / "data"


#: between a demonym and the name it describes: nothing, or one role noun ("Gaststarter")
DEMONYM_APPOSITION = re.compile(
    r"\s{1,2}(?:[A-ZÄÖÜ][\w-]*(?:[Ss]tarter|[Pp]ilot|[Ff]ahrer|[Kk]ollege|Champion|[Mm]eister|Youngster|Rookie|"
    r"Routinier|Neuling|Star|Junior|Senior)\s+)?"
)


def _apposed_before(text: str, s: Sentence, x: Mention, persons: list[Mention]) -> Mention | None:
    """The person a relative apposition with this demonym follows: "A, der zweite Schweizer"."""
    m = re.search(r",\s+(?:der|die|ein|eine)\s+(?:[\w-]+\s+)?$", text[max(s.start, x.start - 30) : x.start])
    if m is None:
        return None
    comma = max(s.start, x.start - 30) + m.start()
    return next((p for p in persons if p.end == comma), None)


@lru_cache(maxsize=1)
def demonym_adjectives() -> dict[str, str]:
    """Adjective stems of nationalities ("irisch") and their country ("Irland")."""
    return {r["stem"]: r["country"] for r in read_tsv(DATA_DIR / "adjectives.tsv")}


# "seinem irischen Verfolger", "der deutsche Fahrer": possessive or article, adjective, noun
def _adjective_re() -> re.Pattern[str]:
    stems = "|".join(sorted(demonym_adjectives(), key=len, reverse=True))
    return re.compile(
        rf"\b(?P<det>(?:[Ss]ein|[Ii]hr)(?:em|en|es|er|e)?|[Dd](?:er|em|en|es|ie))\s+"
        rf"(?P<adj>{stems})(?:e|en|em|er|es)\s+(?P<noun>[A-ZÄÖÜ][\w-]+)"
    )


#: nouns after a demonym adjective that are no person: "der indische Rennstall", "die deutschen Fans"
NOT_A_PERSON_NOUN = re.compile(
    r"(?:Renn)?[Ss]tall|\w*[Tt]eams?|Mannschaft|Truppe|Hersteller|Werk\w*|Marke|Konzern|\w*[Aa]uto|\w*[Ww]agen"
    r"|Fahrzeug\w*|Boliden?|\w*[Rr]ennen|Grand|Meisterschaft|Serie|Verband|Motorsport\w*|Fans?|Publikum"
    r"|Medien|Presse|Zeitung\w*|Sender|\w*[Ss]trecke|Kurs|Piste|Regierung|Sponsor\w*|Flagge|Hymne|Markt"
    r"|Rallye|Formel|Szene|Fahrerlager|Behörde\w*|Hauptstadt|Stadt|Küste|Wetter"
)

# roles that name one driver of this article's results: "des Pole-Manns", "des Siegers"
ROLE_NOUNS: dict[str, str] = {
    "Pole-Mann": "pole",
    "Pole-Manns": "pole",
    "Polesetters": "pole",
    "Pole-Setters": "pole",
    "Siegers": "winner",
    "Rennsiegers": "winner",
}

DESCRIBED_FROM = Prefiltered(
    re.compile(
        r"\b[Dd]er\s+(?:\d{1,2}-[Jj]ährige|Routinier|Youngster|Rookie|Lokalmatador|[\w-]*(?:Pilot|Fahrer))"
        r"\s+aus\s+(?P<place>[A-ZÄÖÜ][\w-]+)"
    )
)
PLACE_SUFFIX = (
    r"(?:berg|burg|dorf|heim|hausen|stadt|feld|bach|furt|au|ingen|tal|hagen|brück|brock|rode|born|beck)"
)


#: an info parenthesis right after a name, and an age in it ("(21)", "(37, Chemnitz, ...)")
INFO_PAREN = re.compile(r"[ \t]*\(([^()\n]{1,90})\)")
AGE_PIECE = re.compile(r"(?:^|[,;/]\s*)(\d{2})(?=\s*(?:[,;/)]|$))")
#: what a mention in the parenthesis says about the person
PAREN_ATTRIBUTES = {"COUNTRY": "nationality", "PLACE": "hometown", "TEAM": "team", "CAR": "car_model"}


def parenthesis_facts(p: Mention, s: Sentence, index: EntityIndex, text: str) -> list[Fact]:
    """Facts from the info parenthesis after a person, as the recogniser labelled its pieces:
    "Steve Kirsch (37, Chemnitz, Team Honda ADAC)" gives age, hometown and team; "(GBR)" the
    nationality; "(Porsche 911 GT3)" the car. A brand counts as the team where the series'
    teams are named by their constructor (see :mod:`kg.facts.typing`)."""
    who = _person(p, index)
    m = INFO_PAREN.match(text, p.end)
    if who is None or m is None or m.end() > s.end:
        return []
    evidence = Span(s.start, s.end)
    whom = _all_of_them(p, s, index, m.group(1)) or [who]
    out: list[Fact] = []
    for x in s.mentions:
        if m.start(1) <= x.start and x.end <= m.end(1):
            attribute = PAREN_ATTRIBUTES.get(x.label)
            value = index.of(x)
            if x.label == "BRAND" and value is not None:
                attribute = "team"  # kept only where brands are teams (kg.facts.typing)
            if attribute and value:
                out.extend(Fact(w, attribute, value, evidence) for w in whom)  # type: ignore[arg-type]
    age = AGE_PIECE.search(m.group(1))
    if age and 14 <= int(age.group(1)) <= 75:
        out.append(Fact(who, "age", age.group(1), evidence))
    return out


def _all_of_them(p: Mention, s: Sentence, index: EntityIndex, inner: str) -> list[str]:
    """ "A und B (beide Prema)": a parenthesis saying "beide"/"alle" after a list is about every
    name of the list."""
    if not re.match(r"\s*(?:beide|alle|jeweils)\b", inner):
        return []
    group = next((g for g in groups(s, s.persons()) if g.members[-1] == p), None)
    return [eid for q in group.members if (eid := _person(q, index))] if group else []


AGE = Prefiltered(
    re.compile(
        r"\b(\d{1,2})-?[Jj]ährige[rn]?\b|\b(?<!\d\.)(\d{1,2})\s+Jahre\s+alte[rn]?\b|\bim\s+Alter\s+von\s+(\d{1,2})\s+Jahren\b"
    )
)


# patterns run on every sentence (or the text before every name) that few sentences match,
# prefiltered by the words they need
START_NUMBER = Prefiltered(re.compile(r"\bStartnummer\s+#?(\d{1,3})\b"))
#: "der Landsmann des Pole-Manns"
COUNTRYMAN_OF_ROLE = Prefiltered(re.compile(r"\b[Dd](?:er|em)\s+Landsmann\s+des\s+([\w-]+)"))
#: "sein Landsmann X", "Landsmann von Y"
COUNTRYMAN_BEFORE = Prefiltered(re.compile(r"\bLandsmann\s+(?:[\w-]+\s+)?$"))
#: "aus dem ... gelegenen Querfurt"
LOCATED_IN = Prefiltered(re.compile(r"\baus\s+dem\s+[^.,]{0,80}?\s+gelegenen\s+([A-ZÄÖÜ]\w+)"))
#: "teilt sich das Cockpit mit X"
SHARES_THE_CAR_WITH = Prefiltered(
    re.compile(
        r"\bteilte?n?\s+sich\s+(?:das\s+Cockpit|den\s+Wagen|das\s+Auto|das\s+Fahrzeug|den\s+[\w-]+)\s+mit\s+(?:\w+\s+)?$"
    )
)
#: "mit seinem Teamkollegen X", "zusammen mit X"
TEAM_MATE_BEFORE = Prefiltered(
    re.compile(r"(?:Teamkollegen?|zusammen(?:\s+mit)?)\s+(?:seinem\s+|ihrem\s+|dem\s+)?$")
)
#: "die beiden X-Lenker A und B"
BOTH_OF_A_TEAM = Prefiltered(re.compile(r"\bbeiden\s+([A-ZÄÖÜ][\w ]*?)-(?:Lenker|Piloten|Fahrer)\s+"))
#: "mit A beziehungsweise B"
RESPECTIVELY = Prefiltered(re.compile(r"\s+(?:beziehungsweise|bzw\.)\s+"))


def _person(m: Mention, index: EntityIndex) -> str | None:
    return index.of(m) if m.label == "PER" else None


def extract_driver_facts(
    sents: list[Sentence], index: EntityIndex, text: str, roles: dict[str, str] | None = None
) -> list[Fact]:
    """Driver facts per sentence; ``roles`` maps "pole"/"winner" to the driver holding it."""
    roles = roles or {}
    adjective_re = _adjective_re()
    facts: list[Fact] = []
    focus: str | None = None

    def add(subject: str | None, attr: str, value: str | None, s: Sentence) -> None:
        if subject and value:
            facts.append(Fact(subject, attr, value, Span(s.start, s.end)))  # type: ignore[arg-type]

    recent: list[str] = []  # person ids in order of mention, before the current sentence

    def nationality_of(eid: str) -> set[str]:
        return {f.value for f in facts if f.subject == eid and f.attribute == "nationality"}

    def nearest(country: str | None, exclude: frozenset[str] = frozenset()) -> str | None:
        """The earlier person a description refers to: the one the text was about (the subject
        of the last sentence naming someone) if his known nationality does not contradict
        ``country``, else the nearest earlier one whose does not."""
        for eid in [subject_focus, *reversed(recent)]:
            if eid is None:
                continue
            if eid in exclude:
                continue
            known = nationality_of(eid)
            if not known or country in known:
                return eid
        return None

    subject_focus: str | None = None  # the previous sentence's subject, unless it named a list
    for s in sents:
        st = s.text
        persons = [p for p in s.persons() if not is_genitive(p, index)]
        described = description_subject(s)
        subject_id = focus
        if described:
            lead_norp = next((x for x in s.mentions if x.label == "NORP" and x.start - s.start < 30), None)
            if lead_norp is not None:
                subject_id = nearest(index.of(lead_norp))
        for p in persons:
            after = text[p.end : s.end]
            facts.extend(parenthesis_facts(p, s, index, text))
            # "X aus Kempten", "X (21) aus Kempten"
            m = re.match(r"(?:\s*\([^()]{1,30}\))?\s+aus\s+(?:der\s+|dem\s+|den\s+)?([A-ZÄÖÜ][\w-]+)", after)
            if m:
                c = next((x for x in s.mentions if x.start == p.end + m.start(1)), None)
                if c is not None and c.label == "COUNTRY":
                    add(_person(p, index), "nationality", index.of(c), s)
                elif c is None or c.label in ("CIRCUIT", "PLACE"):  # "aus Oschersleben": the town
                    add(_person(p, index), "hometown", index.get_or_new("place", m.group(1)), s)
        subject_first = persons[0] if persons else None
        # age: "der 25-jährige [Heger]", "der 22jährige", "der 26 Jahre alte", "im Alter von 24 Jahren"
        for m in AGE.finditer(st):
            nxt = next((p for p in persons if 0 <= p.start - s.start - m.end() <= 25), None)
            before = [p for p in persons if p.end - s.start <= m.start()]
            clause_start = max([0] + [c.end() for c in re.finditer(r"[,;:]\s", st[: m.start()])])
            in_clause = [p for p in before if p.start - s.start >= clause_start]
            if nxt is not None and m.group(3):
                nxt = None  # "X will im Alter von 24 Jahren ...": the subject before it
            apposed = next(  # "X, der 23-jährige Niederländer, ...": the name before the comma
                (p for p in before if re.fullmatch(r",\s+(?:der|die)\s+", st[p.end - s.start : m.start()])),
                None,
            )
            who = (
                _person(nxt, index)
                if nxt
                else _person(apposed, index)
                if apposed
                else _person(in_clause[0], index)
                if in_clause and not m.group(1)
                else (None if before else focus)
            )
            if nxt is None and who is None and persons:
                continue
            add(who, "age", m.group(1) or m.group(2) or m.group(3), s)
        # car number
        for m in START_NUMBER.finditer(st):
            who = _person(subject_first, index) if subject_first else focus
            add(who, "car_number", m.group(1), s)
        # demonyms: "der Niederländer Max Muster" (apposition), "so der Niederländer" (the nearest
        # earlier person of compatible nationality)
        for x in s.mentions:
            if x.label not in ("NORP", "COUNTRY"):
                continue
            plural = re.search(r"\b(?:[Dd]ie|[Bb]eiden)\s+$", text[max(s.start, x.start - 12) : x.start])
            plural_of = next((g for g in groups(s, persons) if plural and g.start - x.end == 1), None)
            if plural_of is not None and len(plural_of.members) > 1:  # "Die Franzosen A und B"
                for p in plural_of.members:
                    add(_person(p, index), "nationality", index.of(x), s)
                continue
            as_best = re.search(
                r"\b[Aa]ls\s+(?:beste|einzige|schnellste)r\s+$", text[max(s.start, x.start - 20) : x.start]
            )
            clause_end = s.start + clause_of(s, x.start - s.start)[1]
            subject = next((p for p in persons if x.end < p.start < clause_end), None)
            if as_best and subject is not None:  # "Als bester Deutscher holte X Startplatz drei"
                add(_person(subject, index), "nationality", index.of(x), s)
                continue
            # "der Niederländer", "am 26-jährigen Japaner", "Der zweitplatzierte Spanier"
            if not re.search(
                r"\b(?:[Dd]er|[Dd]em|[Dd]es|[Dd]en|ein|am|beim|vom|zum|im)\s+"
                r"(?:(?:\d{1,2}-[Jj]ährigen?|[a-zäöü]\w*(?:e|en))\s+)?$",
                text[max(s.start, x.start - 20) : x.start],
            ):
                continue
            # "der Schweizer Gaststarter Urs Hunziker": a role noun may stand between
            appo = next((p for p in persons if DEMONYM_APPOSITION.fullmatch(text[x.end : p.start])), None)
            if x.label == "COUNTRY":  # "dem Polen Kuba Giermaziak": a weak noun spelt as its country
                if appo is not None and text[x.end : appo.start] == " ":
                    add(_person(appo, index), "nationality", index.of(x), s)
                continue
            apposed = _apposed_before(text, s, x, persons)
            if apposed is not None:  # "Fabien Thuner, der zweite Schweizer in Jenzer-Diensten"
                add(_person(apposed, index), "nationality", index.of(x), s)
                continue
            if appo is not None:
                add(_person(appo, index), "nationality", index.of(x), s)
            elif not any(p.start < x.start for p in persons):
                # "so der Niederländer" when a Dutchman is already known: most likely him again,
                # so it says nothing new about anyone else
                if not any(index.of(x) in nationality_of(e) for e in recent):
                    add(nearest(index.of(x)), "nationality", index.of(x), s)
            else:
                # "... von Damien Faulkner reicht dem Briten ...": every person named before it in
                # the sentence is known to be of another country, so it is someone named earlier
                here = [_person(p, index) for p in persons if p.start < x.start]
                if all(nationality_of(h) and index.of(x) not in nationality_of(h) for h in here if h):
                    add(nearest(index.of(x), frozenset(h for h in here if h)), "nationality", index.of(x), s)
        # "seinem irischen Verfolger", "der deutsche Pilot X"
        in_sentence = frozenset(x for x in (_person(p, index) for p in persons) if x)
        for m in adjective_re.finditer(st):
            if NOT_A_PERSON_NOUN.fullmatch(m.group("noun")):
                continue  # "für den indischen Rennstall": a team's, not a person's
            country = index.get_or_new("country", demonym_adjectives()[m.group("adj")])
            appo = next((p for p in persons if p.start - s.start - m.end() in (1, 2)), None)
            described_crew = next(
                (g for g in groups(s, persons) if appo is not None and g.members[0] == appo), None
            )
            if described_crew is not None and re.search(
                r"(?:Trio|Duo|Quartett|Gespann|Paarung|Crew)$", m.group("noun")
            ):
                for p in described_crew.members:  # "mit dem britischen Trio A/B/C"
                    add(_person(p, index), "nationality", country, s)
            elif appo is not None:
                add(_person(appo, index), "nationality", country, s)
            elif m.group("det").lower().startswith(("sein", "ihr")):
                # the possessor is someone in the sentence; the described person is not
                add(nearest(country, in_sentence), "nationality", country, s)
            elif not any(p.start - s.start < m.start() for p in persons):
                add(nearest(country), "nationality", country, s)
        # "Vier Deutsche jagten ...": the last four persons named, when none contradicts
        cm = re.match(r"\s*(\w+)\s+(?=[A-ZÄÖÜ])", st)
        count = cardinal(cm.group(1)) if cm else None
        norp = next(
            (x for x in s.mentions if cm and x.label == "NORP" and x.start == s.start + cm.end()), None
        )
        if count and count > 1 and norp is not None and not persons:
            last: list[str] = []
            for eid in reversed(recent):
                if eid not in last:
                    last.append(eid)
            group = last[:count]
            if len(group) == count and all(
                not nationality_of(e) or index.of(norp) in nationality_of(e) for e in group
            ):
                for e in group:
                    add(e, "nationality", index.of(norp), s)
        # "der Landsmann des Pole-Manns": the same nationality as the driver holding that role
        for m in COUNTRYMAN_OF_ROLE.finditer(st):
            ref = roles.get(ROLE_NOUNS.get(m.group(1), ""))
            who = focus if not any(p.start - s.start < m.start() for p in persons) else None
            known = nationality_of(ref) if ref else set()
            if who and who != ref and len(known) == 1:
                add(who, "nationality", next(iter(known)), s)
        # "sein Landsmann X" / "Landsmann von Y": the same nationality
        for p in persons:
            lm = COUNTRYMAN_BEFORE.search(st[: p.start - s.start])
            if not lm:
                continue
            if re.search(r"\b(?:sein|ihr)(?:em|en|es)?\s+$|\bdessen\s+$", st[: lm.start()]):
                prev = [q for q in persons if q.end <= s.start + lm.start()]
                ref = _person(prev[-1], index) if prev else focus
            else:
                gen = next(
                    (q for q in s.persons() if q.end == s.start + lm.start() - 1 and is_genitive(q, index)),
                    None,
                )
                ref = index.of(gen) if gen is not None else None
            known = nationality_of(ref) if ref else set()
            if len(known) == 1:
                add(_person(p, index), "nationality", next(iter(known)), s)
        # hometown: "der Plettenberger", "gebürtiger Chemnitzer", "aus dem ... gelegenen Querfurt"
        for m in re.finditer(
            rf"\b(?:[Dd]er|[Dd]em)\s+(?:\d{{1,2}}-[Jj]ährigen?\s+)?([A-ZÄÖÜ]\w+{PLACE_SUFFIX})er\b"
            rf"|\bgebürtige[rn]?\s+([A-ZÄÖÜ]\w+)er\b",
            st,
        ):
            place = m.group(1) or m.group(2)
            prev = [p for p in persons if p.start - s.start < m.start()]
            who = _person(prev[-1], index) if (m.group(2) and prev) else focus
            if m.group(1) is None and not prev:
                who = focus
            elif m.group(1) is not None and prev:
                who = None  # "A und B ..., weil der Plettenberger": which of them is unclear
            add(who, "hometown", index.get_or_new("place", place), s)
        # "Der 21-Jährige aus Kempten", "Der Routinier aus Bonn": a description of the one in focus
        m = DESCRIBED_FROM.search(st)
        if m and not any(p.start - s.start < m.start() for p in persons):
            c = next((x for x in s.mentions if x.start - s.start == m.start("place")), None)
            if c is None:
                add(focus, "hometown", index.get_or_new("place", m.group("place")), s)
        m = LOCATED_IN.search(st)
        if m and not any(p.start - s.start < m.start() for p in persons):
            add(focus, "hometown", index.get_or_new("place", m.group(1)), s)
        # teammates: "teilt sich das Cockpit mit X" (subject and X)
        for p in persons:
            head = st[: p.start - s.start]
            if SHARES_THE_CAR_WITH.search(head):
                prev = [q for q in persons if q.end <= p.start]
                a = _person(prev[0], index) if prev else (subject_id if described else None)
                b = _person(p, index)
                if a and b and a != b:
                    add(a, "teammate", b, s)
                    add(b, "teammate", a, s)
        for p in persons:
            head = st[: p.start - s.start]
            if TEAM_MATE_BEFORE.search(head):
                if re.search(r"\bund\s*$", st[: max(0, p.start - s.start)]):
                    continue
                other = next(
                    (q for q in persons if q.start < p.start and _person(q, index) != _person(p, index)), None
                )
                if other is not None and not re.match(r"\s+und\b", text[p.end : s.end]):
                    a, b = _person(other, index), _person(p, index)
                    add(a, "teammate", b, s)
                    add(b, "teammate", a, s)
        # "die beiden X-Lenker A und B": team X for both, teammates
        m = BOTH_OF_A_TEAM.search(st)
        if m:
            team = next(
                (x for x in s.mentions if x.label == "TEAM" and x.start - s.start == m.start(1)), None
            )
            crew = [p for p in persons if p.start - s.start >= m.end()][:2]
            if team and len(crew) == 2:
                for p in crew:
                    add(_person(p, index), "team", index.of(team), s)
                a, b = _person(crew[0], index), _person(crew[1], index)
                add(a, "teammate", b, s)
                add(b, "teammate", a, s)
        # "die Autos von T1 und T2 mit A beziehungsweise B": T1 for A, T2 for B
        for m in RESPECTIVELY.finditer(st):
            right = next((p for p in persons if p.start == s.start + m.end()), None)
            left = next((p for p in persons if p.end == s.start + m.start()), None)
            teams = [x for x in s.mentions if x.label == "TEAM" and left is not None and x.end <= left.start]
            if right is None or left is None or len(teams) < 2:
                continue
            t1, t2 = teams[-2:]
            if re.fullmatch(r"\s+und\s+", text[t1.end : t2.start]) and re.fullmatch(
                r"\s+mit\s+", text[t2.end : left.start]
            ):
                add(_person(left, index), "team", index.of(t1), s)
                add(_person(right, index), "team", index.of(t2), s)
        # cars and teams: "im <car> (des Teams|von) <team>", "<team>-<car> von <person>"
        for c in s.mentions:
            if c.label != "CAR":
                continue
            lead = text[max(s.start, c.start - 60) : c.start]
            tail = text[c.end : s.end]
            team_m = None
            tm = re.match(r"\s+(?:des\s+Teams\s+|von\s+|des\s+(?:[\w-]+\s+){0,6}?)(?=[A-ZÄÖÜ])", tail)
            if tm:
                team_m = next(
                    (
                        x
                        for x in s.mentions
                        if x.label == "TEAM" and x.start >= c.end and x.start - c.end <= 60
                    ),
                    None,
                )
            compound_team = next((x for x in s.mentions if x.label == "TEAM" and x.end == c.start - 1), None)
            if team_m is None:
                # "im zweiten von Penske Racing eingesetzten RS Spyder"
                team_m = next(
                    (
                        x
                        for x in s.mentions
                        if x.label == "TEAM"
                        and re.fullmatch(r"\s+eingesetzte\w*\s+", text[x.end : c.start])
                        and re.search(r"\bvon\s+$", text[max(s.start, x.start - 6) : x.start])
                    ),
                    None,
                )
            if compound_team is not None:
                lead = text[max(s.start, compound_team.start - 60) : compound_team.start]
            vm = re.match(r"\s+(?:von|mit)\s+", tail)
            pilot = re.match(r"-(?:Pilot|Fahrer|Lenker)\s+", tail)
            drivers: list[Mention] = []
            if pilot:
                # "Corvette-Pilot Marc Hennerici"
                drivers = [p for p in persons if p.start == c.end + pilot.end()]
            elif vm:
                drivers = [p for p in persons if p.start == c.end + vm.end()]
                if drivers:
                    rest = text[drivers[0].end : s.end]
                    more = re.match(r"\s+und\s+", rest)
                    if more:
                        drivers += [p for p in persons if p.start == drivers[0].end + more.end()]
            owner_lead = re.search(
                r"\b(?:[Ii]m|[Ii]n\s+den|[Ii]n\s+dem|den|mit\s+dem)\s+(?:(?!und\b)[\w-]+\s+){0,5}$", lead
            )
            # "A und B stellten die MadCroc-Corvette auf Pole": a team's car as the crew's object
            object_lead = (
                compound_team is not None
                and re.search(r"\b(?:die|den)\s+$", lead)
                and not re.search(r"überhol|passier|schnapp|attackier|jagt|hinter|\bvor\b", lead)
            )
            if not drivers and not pilot and (owner_lead or object_lead):
                before = [p for p in persons if p.end <= c.start]
                clause_start = max(
                    [s.start] + [s.start + i.start() for i in re.finditer(r",", st[: c.start - s.start])]
                )
                before = [p for p in before if p.start >= clause_start]
                ante = relative_antecedent(s, persons, c.start)
                if ante is not None:
                    # "X, der ... zusammen mit seinem Teamkollegen Y (Ort) im <car> ...": X and Y
                    drivers = [ante] + [
                        p
                        for p in before
                        if re.search(
                            r"\bzusammen\s+mit\s+(?:(?:seinem|ihrem|dem)\s+)?(?:Teamkollegen\s+)?$",
                            text[s.start : p.start],
                        )
                    ]
                elif before:
                    drivers = [before[-1]]
                    partner = before[-2] if len(before) > 1 else None
                    if partner is not None and re.fullmatch(
                        r"(?:\s*\([^)]*\))?\s+und\s+", text[partner.end : before[-1].start]
                    ):
                        drivers.insert(0, partner)
                elif c.start - s.start < 60 and not described:
                    drivers = [p for p in persons if p.start >= c.end][:1]
            team_ent = team_m or compound_team
            before_any = any(p.end <= c.start for p in persons)
            who_ids = [_person(d, index) for d in drivers] or (
                [subject_id] if described and not before_any and c.start - s.start < 80 else []
            )
            for w in who_ids:
                add(w, "car_model", index.of(c), s)
                if team_ent is not None:
                    add(w, "team", index.of(team_ent), s)
        # "<team>-<brand> ... von/mit <person>" and "im zweiten <team>-<brand>"
        for t in s.mentions:
            if t.label != "TEAM":
                continue
            nxt = next((x for x in s.mentions if x.start == t.end + 1 and x.label == "BRAND"), None)
            if nxt is None:
                continue
            tail = text[nxt.end : s.end]
            vm = re.match(r"\s+(?:von|mit)\s+", tail)
            drivers = [p for p in persons if vm and p.start == nxt.end + vm.end()]
            if not drivers and re.search(r"\bim\s+(?:\w+\s+)?$", text[max(s.start, t.start - 20) : t.start]):
                drivers = [p for p in persons if p.end <= t.start][-1:]
            poss = re.search(
                r"\b(deren|dessen|seine[mn]?|ihre[mn]?)\s+$", text[max(s.start, t.start - 12) : t.start]
            )
            if not drivers and poss:
                # "A und B, für deren Vitaphone-Maserati ...": the crew (or person) just named
                prev = [p for p in persons if p.end <= t.start]
                drivers = prev[-1:]
                if (
                    poss.group(1) == "deren"
                    and len(prev) > 1
                    and re.fullmatch(r"\s*(?:und|/)\s*", text[prev[-2].end : prev[-1].start])
                ):
                    drivers = prev[-2:]
            for d in drivers:
                add(_person(d, index), "team", index.of(t), s)
        recent.extend(x for x in (_person(p, index) for p in persons) if x)
        if persons:
            listed = len(persons) > 1 and re.fullmatch(
                r"\s*(?:\([^)]*\))?\s*(?:,|und|sowie|/)\s*", text[persons[0].end : persons[1].start]
            )
            subject_focus = None if listed else _person(persons[0], index)
            focus = (
                _person(persons[-1], index)
                if len(persons) == 1 or not subject_first
                else _person(persons[0], index)
            )
    return facts
