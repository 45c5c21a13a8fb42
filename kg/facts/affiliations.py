"""A driver's team, car and car number, from the constructions race reports use for them.

Each construction is a small function over one sentence; :data:`CONSTRUCTIONS` lists them.
A construction states the attribute by the kind of mention it finds: a team (or a brand, which
:mod:`kg.facts.typing` makes a team where teams are constructors, and which is dropped as a
team value elsewhere) gives ``team``, a car model ``car_model``:

* compounds: "Jaguar-Pilot Mitch Evans", "der Porsche-Werksfahrer X", "DAMS-Pilot X";
* the car someone sits in: "X kam im Ferrari nicht über Platz neun hinaus", "X (Team) im
  Porsche 911 GT3 Cup", "mit seinem Abt-Audi TT-R", "am Steuer des Falken-Elfers";
* the team someone drives for: "X fährt künftig für Force India", "X vom Team Y", "X aus dem
  Team Y", "für Frikadelli Racing stiegen A und B aufs Podest", "X wechselt zu Mücke";
* a possessive: "Ralf Schumachers Williams-BMW";
* a table line: "Lewis Hamilton (GBR) Mercedes 1:30:44,200";
* a car number: "#31", "(#27)", "mit der Startnummer 9", "die Nummer sieben".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from kg.facts.context import Sentence, is_genitive, relative_antecedent
from kg.facts.entities import EntityIndex
from kg.facts.model import Fact, Span
from kg.facts.numbers import cardinal
from kg.facts.prefilter import Prefiltered
from kg.facts.subjects import CREW_AFTER_VEHICLE, Group, clause_of, groups, is_object
from kg.nlp.model import Mention

VEHICLE_LABELS = ("TEAM", "BRAND", "CAR")
ROLE_COMPOUND = re.compile(
    r"-(?:Pilot|Piloten|Pilotin|Fahrer|Fahrerin|Werksfahrer|Werkspilot|Star|Ass|Junior|Youngster|Lenker|Mann|"
    r"Duo|Trio|Quartett|Besatzung|Crew|Rookie|Neuling|Routinier|Neuzugang|Zugang|Stammfahrer|Stammpilot|"
    r"Ersatzfahrer|Ersatzpilot|Testfahrer|Testpilot)\b"
)
#: role compounds in the plural: the whole list after them has the team
PLURAL_ROLE = re.compile(r"-(?:Piloten|Duo|Trio|Quartett|Besatzung|Crew)")
IN_VEHICLE = re.compile(
    r"\b(?:im|in\s+seinem|in\s+ihrem|in\s+dem|in\s+einem|mit\s+dem|mit\s+seinem|mit\s+ihrem"
    r"|am\s+Steuer\s+(?:des|seines|ihres))"
    r"\s+(?:(?:[a-zäöü]+(?:en|er|em|es|e)|\d{1,2}\.|#\d+)\s+){0,3}$"
)
FOR_TEAM = re.compile(
    r"\b(?:[Ff]ür|zu|bei|vom|beim)\s+(?:das\s+|dem\s+|den\s+)?(?:(?:Team|Rennstall|Mannschaft)\s+)?$"
)
#: "X von Hermes-Attempto-Racing": a team right after a name and "von"
PERSON_OF_TEAM = re.compile(r"\s+von\s+$")
OF_TEAM = re.compile(r"\b(?:vom|aus\s+dem|des|im)\s+(?:Team|Rennstall)s?\s+$")
NUMBER = Prefiltered(re.compile(r"(?<![\w#])#(\d{1,3})\b|\b(?:Startnummer|Nummer)\s+#?(\d{1,3}|\w+)\b"))

Construction = Callable[[Sentence, list[Mention], EntityIndex], Iterator[tuple[Mention | Group, str, str]]]


def _attribute(m: Mention, index: EntityIndex) -> str | None:
    kind = index.clusters[index.of(m)].kind if index.of(m) in index.clusters else None  # type: ignore[index]
    return {"team": "team", "manufacturer": "team", "car_model": "car_model"}.get(kind or "")


def _vehicles(s: Sentence) -> list[Mention]:
    return [m for m in s.mentions if m.label in VEHICLE_LABELS]


def compound_role(
    s: Sentence, persons: list[Mention], index: EntityIndex
) -> Iterator[tuple[Mention | Group, str, str]]:
    """ "Jaguar-Pilot Mitch Evans", "der DAMS-Pilot X": the name right after a vehicle compound (the
    whole list after one in the plural: "Die Red-Bull-Piloten A und B")."""
    grouped = groups(s, persons)
    for v in _vehicles(s):
        m = ROLE_COMPOUND.match(s.text, v.end - s.start)
        if not m:
            continue
        after = next((p for p in persons if 0 <= p.start - s.start - m.end() <= 1), None)
        value, attribute = index.of(v), _attribute(v, index)
        if after is None or not value or not attribute:
            continue
        listed = next((g for g in grouped if g.members[0] is after), None)
        if PLURAL_ROLE.fullmatch(m.group()) and listed is not None and len(listed.members) > 1:
            yield listed, attribute, value  # "Die Red-Bull-Piloten A und B", "Das Mercedes-Duo A und B"
        else:
            yield after, attribute, value


def in_vehicle(s: Sentence, persons: list[Mention], index: EntityIndex) -> Iterator[tuple[Mention, str, str]]:
    """ "X kam im Ferrari nicht über Platz neun hinaus", "mit seinem Abt-Audi TT-R": the car (or
    constructor) of the nearest person before it in the same clause."""
    for v in _vehicles(s):
        if not IN_VEHICLE.search(s.text[: v.start - s.start]):
            continue
        before = [
            p
            for p in persons
            if p.end <= v.start and not re.search(r"[;:]", s.text[p.end - s.start : v.start - s.start])
        ]
        value, attribute = index.of(v), _attribute(v, index)
        if before and value and attribute:
            yield before[-1], attribute, value
            entrant = _parenthesised_team(s, v, index)
            if entrant is not None:
                yield before[-1], "team", entrant  # "in einem Mercedes-AMG GT3 (Toksport WRT)"


#: a driving verb with the car as its object: "pilotierte den BMW M4", "brachte seinen Opel Astra",
#: "teilt sich den Audi R8 (mit A und B)"
#: the article or possessive of a car as an object, and up to two adjectives: "seinen neuen"
_CAR_OBJECT = r"(?:den|seinen|ihren|einen|das|sein|ihr)\s+(?:[a-zäöü]\w*\s+){0,2}$"
DRIVES_OBJECT = re.compile(
    r"\b(?:pilotiert\w*|steuert\w*|fuhr|fährt|lenkt\w*|brachte|bringt|teilt\w*\s+sich|bewegte|bewegt)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?{_CAR_OBJECT}"
)
#: a subordinate clause, its verb last: ", der für Team Alpha einen Lamborghini fährt"
_DETERMINER_BEFORE = re.compile(rf"\b{_CAR_OBJECT}")
_DRIVES_AFTER = re.compile(r"\s+(?:fährt|fuhr|pilotiert|pilotierte|steuert|steuerte|bewegt|bewegte)\b")
#: "... mit A und B": the companions after a shared car
_SHARED_WITH = re.compile(
    r"\s*(?:\([^()]*\)\s*)?mit\s+(?:(?:seinen|ihren|den)\s+)?(?:[\w-]*(?:kolleg|Kolleg)\w*\s+)?"
)


def driven_vehicle(
    s: Sentence, persons: list[Mention], index: EntityIndex
) -> Iterator[tuple[Mention | Group, str, str]]:
    """ "X pilotierte den BMW M4 GT3", "Jan Weber wurde Vierter, X steuerte einen Porsche": the car
    is the subject's (the last name before it in the verb's clause); "X teilt sich den Audi R8 mit A
    und B" seats A and B with him (one crew); ", der einen Lamborghini fährt": the antecedent's."""
    grouped = groups(s, persons)
    for v in _vehicles(s):
        if not (value := index.of(v)) or not (attribute := _attribute(v, index)):
            continue
        head = s.text[max(0, v.start - s.start - 60) : v.start - s.start]
        verb = DRIVES_OBJECT.search(head)
        if verb is not None:
            crew = _driver_of(s, v, verb, grouped)
            if crew is not None:
                yield crew, attribute, value
        elif _DETERMINER_BEFORE.search(head) and _DRIVES_AFTER.match(s.text[v.end - s.start :]):
            ante = relative_antecedent(s, persons, v.start)
            if ante is not None:
                yield ante, attribute, value


def _driver_of(s: Sentence, v: Mention, verb: re.Match[str], grouped: list[Group]) -> Mention | Group | None:
    """The subject of a driving verb before car ``v``, with the companions of a shared car."""
    clause = clause_of(s, v.start - s.start - len(verb.group()))
    subjects = [
        g
        for g in grouped
        if clause[0] <= g.start - s.start and g.end <= v.start and not is_object(s, g.members[0])
    ]
    if not subjects:
        return None
    subject = subjects[-1]
    if verb.group().startswith("teil"):
        shared = [
            g
            for g in grouped
            if g.start >= v.end and _SHARED_WITH.fullmatch(s.text[v.end - s.start : g.start - s.start])
        ]
        if shared:
            return Group(subject.members + shared[0].members, True)
    return subject if len(subject.members) > 1 else subject.members[0]


def _parenthesised_team(s: Sentence, v: Mention, index: EntityIndex) -> str | None:
    """The team alone in the parenthesis right after a car: "Mercedes-AMG GT3 (Toksport WRT)"."""
    m = re.match(r"\s*\(\s*", s.text[v.end - s.start :])
    if m is None:
        return None
    start = v.end + m.end()
    team = next((x for x in s.mentions if x.label == "TEAM" and x.start == start), None)
    if team is None or not re.match(r"\s*\)", s.text[team.end - s.start :]):
        return None
    return index.of(team) if _attribute(team, index) == "team" else None


#: a car at the head of a sentence, then its verb and crew: "Mit dem BMW M4 GT3 gewannen A, B
#: und C", "Im Porsche von Manthey siegte X", "Den zweiten Rowe-BMW teilen sich A und B"
FRONTED_VEHICLE = re.compile(
    r"^\s*(?:(?:Mit|Im|In)\s+(?:dem|der|seinem|ihrem)?|Den\s+(?:[a-zäöü]\w*en\s+)?)\s*"
)
#: between a fronted car and its crew: an optional number, the verb and at most a noun
_FRONTED_GAP = re.compile(r"\s*(?:\(?#\d+\)?\s*)?\w+\s+(?:sich\s+)?(?:die\s+|der\s+)?(?:[\w-]+\s+){0,2}?")


def fronted_vehicle(
    s: Sentence, persons: list[Mention], index: EntityIndex
) -> Iterator[tuple[Mention | Group, str, str]]:
    """ "Mit dem von RMG vorbereiteten BMW M4 GT3 gewannen A, B und C": a car in the phrase that
    opens a sentence (and the team that prepared it) belongs to the first crew after the verb."""
    head = FRONTED_VEHICLE.match(s.text)
    grouped = groups(s, persons)
    if not head or not grouped:
        return
    crew = grouped[0]
    phrase = [
        v
        for v in _vehicles(s)
        if v.end <= crew.start and not re.search(r"[,;:]", s.text[: v.start - s.start])
    ]
    if not phrase or phrase[0].start - s.start > 60:
        return
    for v in phrase:
        gap = s.text[v.end - s.start : crew.start - s.start]
        if v is phrase[-1] and not _FRONTED_GAP.fullmatch(gap):
            return  # the verb and at most a noun before the crew: "gewannen die BMW-Junioren"
    for v in phrase:
        if (value := index.of(v)) and (attribute := _attribute(v, index)):
            yield crew, attribute, value


#: a car, then the crews: "mit drei Audi R18 und den Fahrer-Trios A/B/C, D/E/F"
_AND_CREWS = re.compile(
    r"(?:\s+[a-zäöü][\w-]*){0,2}\s+und\s+(?:den|die|der|dem)\s+(?:[a-zäöüß]+\s+){0,2}"
    r"[\w-]*(?:Trios?|Duos?|Quartett\w*|Gespann\w*|Paarung\w*|Besatzung\w*|Crews?|Fahrer\w*|Piloten)\s+"
)
#: a team as the subject of the sentence that names its car: "Jota schickt den Zytek-Nissan"
_SUBJECT_TEAM = re.compile(r"\s+\w+\s+(?:(?:den|die|das|einen|eine|seinen|ihren|mit)\s+)?(?:\w+\s+)?")


def _crew_run(grouped: list[Group], first: int, s: Sentence) -> list[Group]:
    """The crew at ``first`` and those listed after it: "A/B/C, D/E/F sowie G/H/I"."""
    run = [grouped[first]]
    for g in grouped[first + 1 :]:
        if not re.fullmatch(r"\s*(?:,|und|sowie)\s*", s.text[run[-1].end - s.start : g.start - s.start]):
            break
        run.append(g)
    return run


def vehicle_with_crew(
    s: Sentence, persons: list[Mention], index: EntityIndex
) -> Iterator[tuple[Mention | Group, str, str]]:
    """ "ein weiterer Lola-MG des Intersport-Teams mit Jon Field, Duncan Dayton und Michael
    Durand", "Jota schickt den Zytek-Nissan mit dem Trio A/B/C an den Start", "Audi tritt mit drei
    Audi R18 und den Fahrer-Trios A/B/C, D/E/F sowie G/H/I an": a car (with the team before it)
    and the crews named with it."""
    grouped = groups(s, persons)
    vehicles = sorted(_vehicles(s), key=lambda m: m.start)
    for i, g in enumerate(grouped):
        if i and re.fullmatch(
            r"\s*(?:,|und|sowie)\s*", s.text[grouped[i - 1].end - s.start : g.start - s.start]
        ):
            continue  # a later crew of a run
        before = [
            v for v in vehicles if v.end <= g.start and not any(v.end <= h.start < g.start for h in grouped)
        ]
        if not before:
            continue
        gap = s.text[before[-1].end - s.start : g.start - s.start]
        if not (CREW_AFTER_VEHICLE.fullmatch(gap) or _AND_CREWS.fullmatch(gap)):
            continue
        chain = [before[-1]]
        for v in reversed(before[:-1]):  # "Lola-MG des Intersport-Teams", "Rowe-BMW"
            if not re.fullmatch(
                r"-|\s+|\s+(?:des|der|vom)\s+|-\w*\s+(?:des|der|vom)\s+",
                s.text[v.end - s.start : chain[-1].start - s.start],
            ):
                break
            chain.append(v)
        first = chain[-1]
        subject = next((v for v in before if v.start == s.start), None)
        if (
            subject is not None
            and subject not in chain
            and _SUBJECT_TEAM.fullmatch(s.text[subject.end - s.start : first.start - s.start])
        ):
            chain.append(subject)  # "Jota schickt den Zytek-Nissan mit …"
        for crew in _crew_run(grouped, i, s):
            for v in chain:
                if (value := index.of(v)) and (attribute := _attribute(v, index)):
                    yield crew, attribute, value


#: a participle between a team and the driver it describes: "den zu Ferrari wechselnden X"
_TEAM_PARTICIPLE = re.compile(r"\s+(?:wechselnde|fahrende|startende|zurückkehrende)[nr]?\s+")


def for_team(
    s: Sentence, persons: list[Mention], index: EntityIndex
) -> Iterator[tuple[Mention | Group, str, str]]:
    """ "X fährt künftig für Force India", "X vom Team Y", "X aus dem Team Y", "Für Frikadelli Racing
    stiegen A und B aufs Podest": a team named right after such a preposition."""
    grouped = groups(s, persons)
    for v in s.mentions:
        if v.label not in ("TEAM", "BRAND") or not (value := index.of(v)) or _attribute(v, index) != "team":
            continue
        head = s.text[: v.start - s.start]
        of = PERSON_OF_TEAM.search(head)
        owner = next((p for p in persons if of is not None and p.end - s.start == of.start()), None)
        if owner is not None:
            yield owner, "team", value  # "Estre von Hermes-Attempto-Racing"
            continue
        if not (FOR_TEAM.search(head) or OF_TEAM.search(head)):
            continue
        before = [g for g in grouped if g.end <= v.start]
        after = [g for g in grouped if g.start >= v.end]
        if before and re.search(r"\S", s.text[before[-1].end - s.start : v.start - s.start][:80]):
            gap = s.text[before[-1].end - s.start : v.start - s.start]
            if len(gap) < 80 and not re.search(r"[;:]|\b(?:und|aber)\s+\w+\s+(?:er|sie)\b", gap):
                yield before[-1], "team", value
                continue
        gap = s.text[v.end - s.start : after[0].start - s.start] if after else ""
        if after and _TEAM_PARTICIPLE.fullmatch(gap):
            yield after[0], "team", value  # "den zu Ferrari wechselnden X"
        elif (
            after
            and re.match(r"^\s*(?:\w+\s+){1,3}", gap)
            and v.start - s.start < 25
            and not any(v.end <= x.start < after[0].start for x in _vehicles(s))
        ):
            yield after[0], "team", value  # "Für Frikadelli Racing stiegen A und B aufs Podest"


def possessive(s: Sentence, persons: list[Mention], index: EntityIndex) -> Iterator[tuple[Mention, str, str]]:
    """ "Ralf Schumachers Williams-BMW": the vehicle right after a genitive name."""
    for p in s.persons():
        genitive = is_genitive(p, index)
        if not genitive and s.text[p.end - s.start : p.end - s.start + 2] != "s ":
            continue
        v = next((m for m in _vehicles(s) if 0 <= m.start - p.end <= (1 if genitive else 2)), None)
        if v is not None and (value := index.of(v)) and (attribute := _attribute(v, index)):
            yield p, attribute, value


def after_parenthesis(
    s: Sentence, persons: list[Mention], index: EntityIndex
) -> Iterator[tuple[Mention, str, str]]:
    """A table line "Lewis Hamilton (GBR) Mercedes 1:30:44,200": the team after the parenthesis."""
    for p in persons:
        m = re.match(r"\s*\([^()]{1,40}\)\s*", s.text[p.end - s.start :])
        if not m:
            continue
        v = next((x for x in _vehicles(s) if x.start - p.end == m.end()), None)
        if v is not None and (value := index.of(v)) and (attribute := _attribute(v, index)):
            yield p, attribute, value


#: after a car's number, the words that introduce its crew: "(#1) von X", "#4 mit A und B"
_DRIVEN_BY = re.compile(r"\)?\s*(?:von|mit)\s+(?:(?:den|dem)\s+(?:[\w-]+\s+)?)?")


def car_number(
    s: Sentence, persons: list[Mention], index: EntityIndex
) -> Iterator[tuple[Mention | Group, str, str]]:
    """ "Aitken im Cadillac #31 (Derani/Aitken/Blomqvist)", "im Abt-Lamborghini (#27)", "mit der
    Startnummer 9", "der Scherer-Audi (#1) von X": the number to the crew in the parenthesis
    after it or introduced right after it, else the nearest name before it."""
    grouped = groups(s, persons)
    for m in NUMBER.finditer(s.text):
        raw = m.group(1) or m.group(2)
        number = raw if raw.isdigit() else str(cardinal(raw) or "")
        if not number:
            continue
        inside = re.match(r"\s*\(([^()]*)\)", s.text[m.end() :])
        crew = [g for g in grouped if inside and m.end() <= g.start - s.start < m.end() + inside.end()]
        if crew:
            yield crew[0], "car_number", number
            continue
        driven_by = _DRIVEN_BY.match(s.text, m.end())
        crew = [g for g in grouped if driven_by and g.start - s.start == driven_by.end()]
        if crew:
            yield crew[0], "car_number", number  # "der Scherer-Audi (#1) von X"
            continue
        named = next(  # "A (#50) und B (#51)": the name right before the parenthesis
            (
                p
                for g in grouped
                for p in g.members
                if re.fullmatch(r"\s*\(\s*", s.text[p.end - s.start : m.start()])
            ),
            None,
        )
        if named is not None:
            yield named, "car_number", number
            continue
        before = [g for g in grouped if g.end - s.start <= m.start() and m.start() - (g.end - s.start) < 60]
        if before and not re.search(r"[;:]", s.text[before[-1].end - s.start : m.start()]):
            yield before[-1], "car_number", number


def _vehicle_chain(s: Sentence, end: int) -> list[Mention]:
    """The vehicle mentions that end at ``end`` (sentence offset), joined by hyphens or spaces:
    "Rowe-BMW" is the team Rowe and the brand BMW."""
    chain: list[Mention] = []
    for v in sorted(_vehicles(s), key=lambda m: -m.end):
        if v.end - s.start == end:
            chain.append(v)
            end = v.start - s.start - (1 if s.text[v.start - s.start - 1 : v.start - s.start] in "- " else 0)
    return chain


def vehicle_crew(
    s: Sentence, persons: list[Mention], index: EntityIndex
) -> Iterator[tuple[Mention | Group, str, str]]:
    """ "der Rowe-BMW #99 (Wittmann/Martin; 2.) und #98 (van der Linde/Vanthoor; 4.)", "im Audi
    (Stippler/Kolb)": the crew in the parenthesis after a car gets its team and car; a number
    joined by "und" to the last such car stands for another car of the same kind."""
    chain: list[Mention] = []
    for g in groups(s, persons):
        head = s.text[: g.start - s.start]
        # the search ends in "$": it tries every position of the text before the crew, which
        # cannot match unless that text ends in a parenthesis
        opening = (
            re.search(r"(?:(?<=\s)|(?<=^))(#\d{1,3}\s*)?\(\s*$", head)
            if head.rstrip().endswith("(")
            else None
        )
        if not opening:
            continue
        before = s.text[: opening.start()].rstrip()
        if opening.group(1) and re.search(r"(?:\bund|\bsowie|,)$", before) and chain:
            pass  # "und #98 (…)": the car named last
        else:
            chain = _vehicle_chain(s, len(before))
        for v in chain:
            if (value := index.of(v)) and (attribute := _attribute(v, index)):
                yield g, attribute, value


def brand_models(facts: list[Fact], index: EntityIndex) -> list[Fact]:
    """The car of a driver whose team is given as a brand, where the article names one model of
    that brand only: in "der Rowe-BMW (Wittmann/Martin)" or "1. Fässler/Lotterer (Audi)" the car is
    the BMW M4 GT3 or the Audi R18 the article speaks of."""
    models: dict[str, list[str]] = {}
    for eid, c in index.clusters.items():
        if c.kind == "car_model":
            for brand_id, brand in index.clusters.items():
                if brand.kind == "manufacturer" and c.label.startswith(brand.label + " "):
                    models.setdefault(brand_id, []).append(eid)
    out = []
    for f in facts:
        found = models.get(f.value, []) if f.attribute == "team" else []
        if len(found) == 1:
            out.append(Fact(f.subject, "car_model", found[0], f.evidence))
    return out


TEAM_MATE = Prefiltered(
    re.compile(
        r"(?:(?P<team>[\w-]+)-)?(?:Teamkolleg(?:e|en|in)|Teamgefährt(?:e|en)|Stallgefährt(?:e|en)|Teammitglied|Teamkameraden?)\s+$"
    )
)


#: "der Ferrari-Pilot" with no name after it: a description of a driver named before
_DESCRIBED = re.compile(r"\b(?:[Dd]er|[Dd]em|[Dd]es|[Dd]en)\s+(?:\w+en\s+)?$")


def described_role(
    s: Sentence, persons: list[Mention], index: EntityIndex, focus: Mention | None = None
) -> Iterator[tuple[Mention, str, str]]:
    """ "X wurde Zweiter, doch der McLaren-Pilot wurde zurückversetzt", "Tom Berger wurde Zweiter.
    Der Ferrari-Pilot war enttäuscht": a team compound with no name after it describes the person
    named before it in the sentence (its first, not an object: "vor dem Spanier X"), else the one
    the sentence before was about."""
    for v in _vehicles(s):
        m = ROLE_COMPOUND.match(s.text, v.end - s.start)
        if not m or not _DESCRIBED.search(s.text[: v.start - s.start]):
            continue
        if any(0 <= p.start - s.start - m.end() <= 1 for p in persons):
            continue  # "der Ferrari-Pilot X": compound_role's
        earlier = [p for p in persons if p.end <= v.start and not is_object(s, p)]
        who = earlier[0] if earlier else focus
        value, attribute = index.of(v), _attribute(v, index)
        if who is not None and value and attribute == "team":
            yield who, "team", value


def _compound_team(s: Sentence, m: re.Match[str], index: EntityIndex) -> str | None:
    """The team that opens a team-mate compound ("Prema-Racing-Teamkollegen"), if it is one."""
    if not m.group("team"):
        return None
    start = s.start + m.start("team")
    team = next((x for x in s.mentions if x.label == "TEAM" and x.start <= start < x.end), None)
    return index.of(team) if team is not None and _attribute(team, index) == "team" else None


def team_mate_noun(
    s: Sentence, persons: list[Mention], index: EntityIndex, focus: Mention | None = None
) -> Iterator[tuple[Mention, str, str]]:
    """ "Kirschs Teamkollege X", "Dessen Teamkollege X", "vor seinem Teamkollegen X", "Teamkollege
    X verpasste ...": X and the person the noun is relative to (a genitive right before it,
    else the first person of the sentence, else the one the sentence before was about)."""
    for p in persons:
        m = TEAM_MATE.search(s.text[: p.start - s.start])
        if not m:
            continue
        head = s.text[: m.start()]
        genitive = next(
            (
                q
                for q in s.persons()
                if q.end - s.start <= m.start()
                and re.fullmatch(r"s?'?\s*", s.text[q.end - s.start : m.start()])
            ),
            None,
        )
        other: Mention | None
        if genitive is not None and (genitive.text.endswith("s") or is_genitive(genitive, index)):
            other = genitive
        else:
            earlier = [
                q
                for q in persons
                if q.end - s.start <= m.start()
                and not re.search(r"[;:]", s.text[q.end - s.start : m.start()])
            ]
            other = (
                earlier[0] if earlier else (focus if not re.search(r"\b(?:und|sowie)\s+$", head) else None)
            )
        team = _compound_team(s, m, index)
        if team is not None:
            yield p, "team", team  # "seinem Prema-Racing-Teamkollegen X"
        if other is None or index.of(other) == index.of(p):
            continue
        if (a := index.of(other)) and (b := index.of(p)):
            yield p, "teammate", a
            yield other, "teammate", b
            if team is not None:
                yield other, "team", team


#: a team as the subject of a verb of fielding drivers: "Prema setzt A und B ein", "Das Team X
#: schickt A an den Start", "Mücke verpflichtete A", "Der Rennstall vertraut auf A und B"
FIELDS_DRIVERS = re.compile(
    r"\s*(?:setzt|setzte|setzen|schickt|schickte|bringt|brachte|verpflichtet|verpflichtete|vertraut|vertraute"
    r"|nominiert|nominierte|meldet|meldete)\b(?P<rest>[^;:]{0,120}?)"
    r"(?:\s(?:ein|an\s+den\s+Start|ins\s+Rennen)\b|[.,]|$)"
)
_TEAM_OPENING = re.compile(r"^\s*(?:(?:Das|Der)\s+(?:Team|Rennstall|Werksteam)\s+)?$")


def team_fields(
    s: Sentence, persons: list[Mention], index: EntityIndex
) -> Iterator[tuple[Mention | Group, str, str]]:
    """ "Prema setzt in diesem Jahr A und B ein", "Das Team X schickt A an den Start": the team
    opening the sentence fields the names after the verb (each his own; not their cars)."""
    team = next((v for v in s.mentions if v.label in ("TEAM", "BRAND")), None)
    if team is None or not _TEAM_OPENING.match(s.text[: team.start - s.start]):
        return
    if not (value := index.of(team)) or _attribute(team, index) != "team":
        return
    m = FIELDS_DRIVERS.match(s.text, team.end - s.start)
    if m is None:
        return
    for p in persons:
        if m.start("rest") <= p.start - s.start < m.end("rest") and not is_object_of_car(s, p):
            yield p, "team", value


def is_object_of_car(s: Sentence, p: Mention) -> bool:
    """Whether a name stands with a car before it ("den Porsche von A"): the car's, not the team's
    own choice of driver."""
    return bool(re.search(r"\b(?:von|mit)\s+$", s.text[max(0, p.start - s.start - 6) : p.start - s.start]))


CONSTRUCTIONS: tuple[Construction, ...] = (
    compound_role,
    team_fields,
    in_vehicle,
    fronted_vehicle,
    for_team,
    possessive,
    after_parenthesis,
    car_number,
    vehicle_crew,
    vehicle_with_crew,
    driven_vehicle,
)


#: constructions that place a crew in one car: a list of names they give a car to drives it together
CAR_CREW_CONSTRUCTIONS: tuple[Construction, ...] = (
    fronted_vehicle,
    vehicle_crew,
    vehicle_with_crew,
    driven_vehicle,
)


def affiliation_facts(sents: list[Sentence], index: EntityIndex) -> tuple[list[Fact], dict[int, list[Group]]]:
    """The team, car, number and team-mate facts of every sentence, and per sentence index the
    lists of names its car constructions seat in one car ("der Ferrari 458 der Truppe mit A und
    B", "Mit dem BMW M4 gewannen A, B und C", "im Audi (A, B)"): those are crews."""
    out: list[Fact] = []
    seated: dict[int, list[Group]] = {}
    focus: Mention | None = None
    for s in sents:
        persons = [p for p in s.persons() if not is_genitive(p, index)]
        evidence = Span(s.start, s.end)
        found: list[tuple[Mention | Group, str, str]] = []
        for construction in CONSTRUCTIONS:
            for who, attribute, value in construction(s, persons, index):
                found.append((who, attribute, value))
                if construction in CAR_CREW_CONSTRUCTIONS and isinstance(who, Group) and len(who.members) > 1:
                    seated.setdefault(s.index, []).append(who)
        found += list(team_mate_noun(s, persons, index, focus))
        found += list(described_role(s, persons, index, focus))
        for who, attribute, value in found:
            members = who.members if isinstance(who, Group) else (who,)
            for p in members:
                eid = index.of(p)
                if eid:
                    out.append(Fact(eid, attribute, value, evidence))  # type: ignore[arg-type]
        if persons:
            focus = persons[0]
    return out, seated
