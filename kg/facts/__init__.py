"""The facts stage: analysed articles in, entities, sessions, results and driver facts out.

No spaCy and no rdflib here; see README.md for the boundary.
"""

from __future__ import annotations

from dataclasses import replace

from kg.facts.model import (
    ENTITY_KINDS,
    ENTITY_VALUED,
    SESSION_KINDS,
    ArticleFacts,
    Entity,
    Event,
    Fact,
    Result,
    Session,
    Span,
)
from kg.nlp.model import AnalyzedArticle

__all__ = [
    "ENTITY_KINDS",
    "ENTITY_VALUED",
    "SESSION_KINDS",
    "ArticleFacts",
    "Entity",
    "Event",
    "Fact",
    "Result",
    "Session",
    "Span",
    "extract",
]


def extract(analyzed: AnalyzedArticle) -> ArticleFacts:
    """Everything the rules find in one analysed article."""
    from kg.facts.context import sentences
    from kg.facts.drivers import driver_ids, extract_driver_facts
    from kg.facts.entities import build_entities
    from kg.facts.results import extract_results

    index = build_entities(analyzed)
    sents = sentences(analyzed)
    rb = extract_results(sents, index, analyzed.text)
    facts = extract_driver_facts(sents, index, analyzed.text)

    facts = _share_crew_facts(rb.rows, facts)
    # merge result rows: one per (session, position, drivers)
    merged: dict[tuple, Result] = {}
    team_of: dict[str, str] = {}
    car_of: dict[str, str] = {}
    number_of: dict[str, str] = {}
    for f in facts:
        if f.attribute == "team":
            team_of.setdefault(f.subject, f.value)
        if f.attribute == "car_model":
            car_of.setdefault(f.subject, f.value)
        if f.attribute == "car_number":
            number_of.setdefault(f.subject, f.value)
    for row in rb.rows:
        if not row.drivers:
            continue
        session = rb.sessions[row.session_key]
        key = (session.id, row.position, row.drivers)
        team = row.team or next((team_of[d] for d in row.drivers if d in team_of), None)
        car = row.car_model or next((car_of[d] for d in row.drivers if d in car_of), None)
        number = next((number_of[d] for d in row.drivers if d in number_of), None)
        old = merged.get(key)
        new = Result(
            session=session.id,
            position=row.position,
            drivers=row.drivers,
            evidence=row.evidence,
            team=team,
            car_model=car,
            car_number=number,
            lap_time=row.lap_time,
            gap=row.gap,
        )
        if old is not None:
            new = replace(
                old, lap_time=old.lap_time or new.lap_time, gap=old.gap or new.gap, team=old.team or new.team
            )
        merged[key] = new
    # "aus der zweiten Startreihe": position 3 or 4, decided only when the other one is taken
    for session_key, row_no, crew, evidence in rb.grid_rows:
        if session_key not in rb.sessions:
            continue
        sid = rb.sessions[session_key].id
        mine = [r for r in merged.values() if r.session == sid and set(r.drivers) & set(crew)]
        taken = {r.position for r in merged.values() if r.session == sid}
        free = [p for p in (2 * row_no - 1, 2 * row_no) if p not in taken]
        if not mine and len(free) == 1 and len(taken & {2 * row_no - 1, 2 * row_no}) == 1:
            merged[(sid, free[0], crew)] = Result(
                session=sid, position=free[0], drivers=crew, evidence=evidence
            )
    # "mit 2,4 Sekunden Vorsprung": the winner's margin is the gap of P2, when P2 is known
    for session_key, margin in rb.margins:
        sid = rb.sessions[session_key].id
        second = [k for k, r in merged.items() if r.session == sid and r.position == 2]
        if len(second) == 1 and merged[second[0]].gap is None:
            merged[second[0]] = replace(merged[second[0]], gap=margin)
    drivers = driver_ids(sents, index) | {d for r in merged.values() for d in r.drivers}
    drivers |= {f.subject for f in facts if f.attribute in ("team", "car_model", "teammate", "car_number")}
    for eid in drivers:
        if eid in index.clusters and index.clusters[eid].kind == "person":
            index.clusters[eid].kind = "driver"
    # facts only about drivers; drop duplicates
    seen: set[tuple[str, str, str]] = set()
    kept: list[Fact] = []
    for f in facts:
        if f.subject not in drivers or (f.subject, f.attribute, f.value) in seen:
            continue
        seen.add((f.subject, f.attribute, f.value))
        kept.append(f)
    used_sessions = {r.session for r in merged.values()}
    sessions = tuple(s for s in rb.sessions.values() if s.id in used_sessions)
    used_events = {s.event for s in sessions}
    events = tuple(e for e in rb.events.values() if e.id in used_events)
    return ArticleFacts(
        article=analyzed.article,
        entities=index.entities(),
        events=events,
        sessions=sessions,
        results=tuple(merged.values()),
        facts=tuple(kept),
        sentences=tuple(Span(s.start, s.end) for s in analyzed.sentences),
    )


def _share_crew_facts(rows: list, facts: list[Fact]) -> list[Fact]:
    """Co-drivers of one result are team-mates and share their car's team, model and number."""
    out = list(facts)
    for row in rows:
        crew = row.drivers
        if len(crew) < 2:
            continue
        for a in crew:
            for b in crew:
                if a != b:
                    out.append(Fact(a, "teammate", b, row.evidence))
        for attr in ("team", "car_model", "car_number"):
            values = {f.value for f in facts if f.subject in crew and f.attribute == attr}
            if len(values) != 1:
                continue
            (value,) = values
            ev = next(f.evidence for f in facts if f.subject in crew and f.attribute == attr)
            for d in crew:
                out.append(Fact(d, attr, value, ev))  # type: ignore[arg-type]
    return out
