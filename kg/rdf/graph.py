"""Build the named graph of one article from its facts."""

from __future__ import annotations

from decimal import Decimal

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.facts.model import ENTITY_VALUED, ArticleFacts, Entity
from kg.rdf.iri import IriMinter
from kg.vocab import MS

ENTITY_CLASSES: dict[str, URIRef] = {
    "driver": MS.Driver,
    "person": MS.Person,
    "team": MS.Team,
    "manufacturer": MS.Manufacturer,
    "car_model": MS.CarModel,
    "series": MS.Series,
    "circuit": MS.Circuit,
    "country": MS.Country,
    "place": MS.Place,
    "race_class": MS.RaceClass,
}

SESSION_CLASSES: dict[str, URIRef] = {
    "practice": MS.Practice,
    "qualifying": MS.Qualifying,
    "shootout": MS.Shootout,
    "warmup": MS.Warmup,
    "qualifying_race": MS.QualifyingRace,
    "race": MS.Race,
}

FACT_PROPERTIES: dict[str, URIRef] = {
    "nationality": MS.nationality,
    "hometown": MS.hometown,
    "age": MS.age,
    "car_number": MS.carNumber,
    "team": MS.drivesFor,
    "car_model": MS.drivesCar,
    "teammate": MS.teammate,
}


def duration(seconds: Decimal) -> Literal:
    """An ``xsd:dayTimeDuration`` literal for a time in seconds (``144.869`` → ``PT2M24.869S``)."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}PT"
    if hours:
        text += f"{int(hours)}H"
    if minutes:
        text += f"{int(minutes)}M"
    sec_text = format(secs.normalize(), "f") if secs else ""
    if sec_text or text.endswith("T"):
        text += f"{sec_text or '0'}S"
    return Literal(text, datatype=XSD.dayTimeDuration)


def article_graph(facts: ArticleFacts, minter: IriMinter) -> Graph:
    """The named graph (named by the article IRI) holding everything extracted from one article."""
    article = facts.article
    art = minter.article(article.identifier)
    g = Graph(identifier=art)
    g.add((art, RDF.type, MS.Article))
    g.add((art, DCTERMS.identifier, Literal(article.identifier)))
    if article.source:
        g.add((art, DCTERMS.source, Literal(article.source)))

    text = article.text
    iris: dict[str, URIRef] = {}
    for e in facts.entities:
        iri = _entity_iri(e, minter, article.identifier)
        iris[e.id] = iri
        g.add((iri, RDF.type, ENTITY_CLASSES[e.kind]))
        if e.kind == "driver":
            g.add((iri, RDF.type, MS.Person))
        g.add((iri, RDFS.label, Literal(e.label)))
        for alt in e.alt_labels:
            if alt != e.label:
                g.add((iri, SKOS.altLabel, Literal(alt)))
        g.add((iri, PROV.wasDerivedFrom, art))

    for ev in facts.events:
        iri = minter.event(article.identifier, ev.id)
        iris[ev.id] = iri
        g.add((iri, RDF.type, MS.Event))
        g.add((iri, PROV.wasDerivedFrom, art))
        if ev.series:
            g.add((iri, MS.series, iris[ev.series]))
        if ev.circuit:
            g.add((iri, MS.circuit, iris[ev.circuit]))
        if ev.round is not None:
            g.add((iri, MS.round, Literal(ev.round)))
        if ev.year is not None:
            g.add((iri, MS.year, Literal(ev.year)))
        g.add((iri, RDFS.label, Literal(_event_label(ev, facts))))

    for s in facts.sessions:
        iri = minter.session(article.identifier, s.id)
        iris[s.id] = iri
        g.add((iri, RDF.type, SESSION_CLASSES[s.kind]))
        g.add((iri, MS.event, iris[s.event]))
        g.add((iri, PROV.wasDerivedFrom, art))
        if s.race_class:
            g.add((iri, MS.raceClass, iris[s.race_class]))
        if s.evidence is not None:
            g.add((iri, MS.evidence, Literal(s.evidence.text(text))))
        g.add((iri, RDFS.label, Literal(_session_label(s.kind, iris[s.event], g))))

    seen: dict[tuple[str, int], int] = {}
    for r in facts.results:
        index = seen.get((r.session, r.position), 0)
        seen[(r.session, r.position)] = index + 1
        iri = minter.result(article.identifier, r.session, r.position, index)
        g.add((iri, RDF.type, MS.Result))
        g.add((iri, MS.session, iris[r.session]))
        g.add((iri, MS.position, Literal(r.position)))
        g.add((iri, PROV.wasDerivedFrom, art))
        g.add((iri, MS.evidence, Literal(r.evidence.text(text))))
        for d in r.drivers:
            g.add((iri, MS.driver, iris[d]))
        for value, prop in ((r.team, MS.team), (r.car_model, MS.carModel), (r.race_class, MS.raceClass)):
            if value:
                g.add((iri, prop, iris[value]))
        if r.car_number:
            g.add((iri, MS.carNumber, Literal(r.car_number)))
        if r.lap_time is not None:
            g.add((iri, MS.lapTime, duration(r.lap_time)))
        if r.gap is not None:
            g.add((iri, MS.gap, duration(r.gap)))
        if r.laps is not None:
            g.add((iri, MS.laps, Literal(r.laps)))
        if r.status:
            g.add((iri, MS.status, Literal(r.status)))

    for f in facts.facts:
        subject = iris[f.subject]
        prop = FACT_PROPERTIES[f.attribute]
        if f.attribute in ENTITY_VALUED:
            g.add((subject, prop, iris[f.value]))
        elif f.attribute == "age":
            g.add((subject, prop, Literal(int(f.value))))
        else:
            g.add((subject, prop, Literal(f.value)))
    return g


def _entity_iri(e: Entity, minter: IriMinter, article_id: str) -> URIRef:
    return minter.entity(e.kind, e.label, None if e.global_name else article_id)


def _event_label(ev, facts: ArticleFacts) -> str:
    parts = []
    if ev.round is not None:
        parts.append(f"{ev.round}. Lauf")
    if ev.series:
        parts.append(facts.entity(ev.series).label)
    if ev.circuit:
        parts.append(facts.entity(ev.circuit).label)
    if ev.year is not None:
        parts.append(str(ev.year))
    return " ".join(parts) or f"Veranstaltung in {facts.article.identifier}"


_SESSION_NAMES = {
    "practice": "Freies Training",
    "qualifying": "Qualifying",
    "shootout": "Shoot-Out",
    "warmup": "Warm-up",
    "qualifying_race": "Qualifikationsrennen",
    "race": "Rennen",
}


def _session_label(kind: str, event: URIRef, g: Graph) -> str:
    event_label = g.value(event, RDFS.label)
    return f"{_SESSION_NAMES[kind]}, {event_label}" if event_label else _SESSION_NAMES[kind]
