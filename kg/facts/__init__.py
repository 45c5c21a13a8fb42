"""The facts stage: analysed articles in, entities, sessions, results and driver facts out.

No spaCy and no rdflib here; see README.md for the boundary.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kg.facts.model import (
    ENTITY_KINDS,
    ENTITY_VALUED,
    SESSION_KINDS,
    ArticleFacts,
    Entity,
    Event,
    Fact,
    FactAttribute,
    Measure,
    Quote,
    Result,
    Session,
    Span,
    Standing,
)
from kg.nlp.model import AnalyzedArticle

if TYPE_CHECKING:  # annotations only: the stage's modules are imported where they are used
    from kg.facts.context import Sentence
    from kg.facts.entities import EntityIndex
    from kg.facts.results import ResultSet, Row
    from kg.facts.subjects import Group

Crew = tuple[tuple[str, ...], Span]

__all__ = [
    "ENTITY_KINDS",
    "ENTITY_VALUED",
    "SESSION_KINDS",
    "ArticleFacts",
    "Entity",
    "Event",
    "Fact",
    "Measure",
    "Quote",
    "Result",
    "Session",
    "Span",
    "Standing",
    "extract",
]


def extract(analyzed: AnalyzedArticle) -> ArticleFacts:
    """Everything the rules find in one analysed article."""
    from kg.facts.affiliations import affiliation_facts, brand_models
    from kg.facts.context import sentences
    from kg.facts.drivers import extract_driver_facts
    from kg.facts.entities import build_entities
    from kg.facts.other import SCHEDULED_LAPS, extract_measures, extract_quotes, extract_standings
    from kg.facts.results import extract_results
    from kg.facts.roles import non_drivers
    from kg.facts.typing import brands_as_teams

    index = build_entities(analyzed)
    brands_as_teams(index)
    sents = sentences(analyzed)
    rs = extract_results(sents, index, analyzed.text)
    roles = _roles(rs)
    affiliations, seated = affiliation_facts(sents, index)
    facts = extract_driver_facts(sents, index, analyzed.text, roles) + affiliations
    facts += brand_models(facts, index)
    named = _named_crews(sents, index, seated)
    crews = [(r.drivers, r.evidence) for r in rs.rows if len(r.drivers) > 1] + named  # results' and named
    rs.rows = _whole_crews(rs.rows, sents, index)
    # values of the wrong kind out first: a brand said as a crew's team ("JRM-Nissan") must not
    # stop the crew sharing its one true team
    facts = _share_crew_facts(crews, [f for f in facts if _fits(f, index)])
    facts = [f for f in _same_team_mates(named, facts, index) if _fits(f, index)]
    results = _results(rs, facts)
    # a named person is a driver unless the text gives another role; one with a result always is
    with_results = {d for r in results for d in r.drivers}
    others = non_drivers(sents, index) - with_results
    drivers = {eid for eid, c in index.clusters.items() if c.kind == "person" and eid not in others}
    for eid in drivers:
        index.clusters[eid].kind = "driver"
    # facts only about drivers, with values of the right kind; no duplicates
    seen: set[tuple[str, str, str]] = set()
    kept: list[Fact] = []
    for f in facts:
        if f.subject not in drivers or (f.subject, f.attribute, f.value) in seen:
            continue
        seen.add((f.subject, f.attribute, f.value))
        kept.append(f)
    used_sessions = {r.session for r in results}
    sessions = tuple(s for s in rs.sessions.values() if s.id in used_sessions)
    # other facts: measures, standings, quotes
    main_event = next((e for e in rs.events.values() if e.id in {s.event for s in sessions}), None)
    race = next((s for s in sessions if s.kind == "race" and main_event and s.event == main_event.id), None)
    lap_sentence = next((x for x in sents if SCHEDULED_LAPS.search(x.text)), None)
    if race is None and main_event is not None and lap_sentence is not None:
        # "für das 14-Runden-Rennen": the race of this weekend, before it has a result
        race = Session(
            f"session:{len(rs.sessions) + 1}",
            "race",
            main_event.id,
            evidence=Span(lap_sentence.start, lap_sentence.end),
        )
        sessions = (*sessions, race)
    measures = extract_measures(
        sents, index, race.id if race else None, main_event.circuit if main_event else None
    )
    standings = extract_standings(
        sents, index, main_event.series if main_event else None, _focus(sents, index)
    )
    quotes = extract_quotes(sents, index, analyzed.text, kept, roles, standings)
    used_events = {s.event for s in sessions}
    events = tuple(e for e in rs.events.values() if e.id in used_events)
    return ArticleFacts(
        article=analyzed.article,
        entities=index.entities(),
        events=events,
        sessions=sessions,
        results=tuple(results),
        facts=tuple(kept),
        sentences=tuple(Span(s.start, s.end) for s in analyzed.sentences),
        measures=tuple(measures),
        standings=tuple(standings),
        quotes=tuple(quotes),
    )


def _results(rs: ResultSet, facts: list[Fact]) -> list[Result]:
    """One result per (session, position, crew), with the team, car and number its drivers are
    said to have where the row does not name them."""
    team_of: dict[str, str] = {}
    car_of: dict[str, str] = {}
    number_of: dict[str, str] = {}
    for f in facts:
        table = {"team": team_of, "car_model": car_of, "car_number": number_of}.get(f.attribute)
        if table is not None:
            table.setdefault(f.subject, f.value)
    merged: dict[tuple[Any, ...], Result] = {}
    # a row said without its heat repeats one said with it ("Farfus gewann" after "Race 2: Farfus")
    heated = {(*r.session_key[:3], r.position, r.drivers) for r in rs.rows if r.session_key[3] is not None}
    for row in rs.rows:
        if row.session_key[3] is None and (*row.session_key[:3], row.position, row.drivers) in heated:
            continue
        session = rs.sessions[row.session_key]
        key = (session.id, row.position, row.drivers)
        new = Result(
            session=session.id,
            position=row.position,
            drivers=row.drivers,
            evidence=row.evidence,
            team=row.team or next((team_of[d] for d in row.drivers if d in team_of), None),
            car_model=row.car_model or next((car_of[d] for d in row.drivers if d in car_of), None),
            car_number=next((number_of[d] for d in row.drivers if d in number_of), None),
            lap_time=row.lap_time,
            gap=row.gap,
        )
        old = merged.get(key)
        if old is not None:
            new = replace(old, lap_time=old.lap_time or new.lap_time, gap=old.gap or new.gap)
        merged[key] = new
    return list(merged.values())


#: the kind of entity each entity-valued attribute points to
VALUE_KINDS: dict[str, frozenset[str]] = {
    "nationality": frozenset({"country"}),
    "hometown": frozenset({"place"}),
    "team": frozenset({"team"}),
    "car_model": frozenset({"car_model"}),
    "teammate": frozenset({"driver", "person"}),
}


def _fits(fact: Fact, index: EntityIndex) -> bool:
    """A fact whose value is an entity of the wrong kind (a brand as a team where brands are car
    makers) says nothing true."""
    kinds = VALUE_KINDS.get(fact.attribute)
    if kinds is None:
        return True
    cluster = index.clusters.get(fact.value)
    return cluster is not None and cluster.kind in kinds


def _focus(sents: list[Sentence], index: EntityIndex) -> dict[int, str | None]:
    """The person in focus before each sentence: the first one named in the last sentence naming one."""
    out: dict[int, str | None] = {}
    focus: str | None = None
    for s in sents:
        out[s.index] = focus
        named = [index.of(p) for p in s.persons() if index.of(p)]
        if named:
            focus = named[0]
    return out


def _roles(rs: ResultSet) -> dict[str, str]:
    """The pole sitter and the winner of this weekend, where one driver holds each."""
    out: dict[str, str] = {}
    for role, kind in (("pole", "qualifying"), ("winner", "race")):
        holders = {
            d
            for r in rs.rows
            if r.position == 1 and r.session_key[1] == kind and len(r.drivers) == 1
            for d in r.drivers
        }
        if len(holders) == 1:
            out[role] = holders.pop()
    return out


def _named_crews(sents: list[Sentence], index: EntityIndex, seated: dict[int, list[Group]]) -> list[Crew]:
    """The crews the text names as crews ("Biela/Pirro/Werner", "das Duo A und B", and ``seated``,
    the lists a sentence seats in one car: "der Rowe-BMW von A und B"); a result shared by a list
    of names is not one of them."""
    from kg.facts.subjects import text_crews

    out: list[Crew] = []
    for s in sents:
        for g in dict.fromkeys([*text_crews(s, s.persons()), *seated.get(s.index, [])]):
            ids = tuple(dict.fromkeys(x for x in (index.of(m) for m in g.members) if x))
            if len(ids) > 1:
                out.append((ids, Span(s.start, s.end)))
    return out


#: constructions that place a driver by a lap he drove
_LAP_CUES = frozenset(
    {"pole role", "pole", "pole compound", "fastest time", "nth fastest time", "fastest lap"}
)


def _whole_crews(rows: list[Row], sents: list[Sentence], index: EntityIndex) -> list[Row]:
    """A result said of one driver of a car is his crew's: "den Sebastien Bourdais auf Platz vier
    gestellt hat" after "der Cadillac #01 (Bourdais/van der Zande/Dixon)". A crew here is one car's:
    drivers joined by slashes or placed together, and the driver must be in one crew only. A row
    with a lap time or said as a lap ("die Pole", "die Bestzeit") stays the driver's: the lap was
    his."""
    from kg.facts.subjects import groups

    crews = {r.drivers for r in rows if len(r.drivers) > 1}
    for s in sents:
        for g in groups(s, s.persons()):
            ids = tuple(dict.fromkeys(x for x in (index.of(m) for m in g.members) if x))
            if g.slash and len(ids) > 1:
                crews.add(ids)
    out = []
    for row in rows:
        if len(row.drivers) == 1 and row.lap_time is None and row.construction not in _LAP_CUES:
            mine = {c for c in crews if row.drivers[0] in c}
            if len({frozenset(c) for c in mine}) == 1:
                row = replace(row, drivers=max(mine, key=len))
        out.append(row)
    return out


def _same_team_mates(crews: list[Crew], facts: list[Fact], index: EntityIndex) -> list[Fact]:
    """Drivers of one team are team-mates, where the article's cars have one driver each: it names
    no crew and is not about a series where drivers share a car. (In endurance racing a team runs
    several cars; there the crew of a car are the team-mates.)"""
    from kg.facts.typing import is_crew_article

    if crews or is_crew_article(index):
        return facts
    members: dict[str, list[tuple[str, Fact]]] = {}
    for f in facts:
        cluster = index.clusters.get(f.value)
        if f.attribute == "team" and cluster is not None and cluster.kind == "team":
            members.setdefault(f.value, []).append((f.subject, f))
    out = list(facts)
    for drivers in members.values():
        ids = list(dict.fromkeys(d for d, _ in drivers))
        for a in ids:
            for b in ids:
                if a != b:
                    out.append(Fact(a, "teammate", b, next(f for d, f in drivers if d == a).evidence))
    return out


def _share_crew_facts(crews: list[tuple[tuple[str, ...], Span]], facts: list[Fact]) -> list[Fact]:
    """Drivers who share a car are team-mates and share its team, model and number; a named
    team-mate without a team of his own drives for his team-mate's team.

    Args:
        crews: each crew (entity ids) with the sentence that names it: the crews of results
            and the crews the text names ("Biela/Pirro/Werner", "das Duo A und B").
    """
    out = list(facts)
    teams: dict[str, set[str]] = {}
    for f in facts:
        if f.attribute == "team":
            teams.setdefault(f.subject, set()).add(f.value)
    for f in facts:
        if f.attribute == "teammate" and f.value not in teams and len(teams.get(f.subject, ())) == 1:
            out.append(Fact(f.value, "team", next(iter(teams[f.subject])), f.evidence))
    shared: tuple[FactAttribute, ...] = ("team", "car_model", "car_number")
    # (driver, attribute): each value with the place of its first fact in ``facts`` (a scan of
    # every fact per crew was quadratic)
    first: dict[tuple[str, FactAttribute], dict[str, int]] = {}
    for i, f in enumerate(facts):
        if f.attribute in shared:
            first.setdefault((f.subject, f.attribute), {}).setdefault(f.value, i)
    for crew, evidence in crews:
        if len(crew) < 2:
            continue
        for a in crew:
            for b in crew:
                if a != b:
                    out.append(Fact(a, "teammate", b, evidence))
        for attr in shared:
            known = [first[(d, attr)] for d in set(crew) if (d, attr) in first]
            values = {v for k in known for v in k}
            if len(values) != 1:
                continue
            (value,) = values
            ev = facts[min(k[value] for k in known)].evidence  # the first such fact of the article
            for d in crew:
                out.append(Fact(d, attr, value, ev))
    return out
