"""Build the named graph of one article from its facts."""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from functools import lru_cache

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS

from kg.facts.model import ENTITY_VALUED, ArticleFacts, Entity, Event, Session, Span
from kg.ingest import Article
from kg.rdf.iri import IriMinter
from kg.vocab import ITSRDF, MS, NIF

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

MEASURE_PROPERTIES: dict[str, URIRef] = {
    "power_ps": MS.powerPS,
    "scheduled_laps": MS.scheduledLaps,
    "length_km": MS.lengthKm,
}
_INTEGER_MEASURES = frozenset({"power_ps", "scheduled_laps"})
#: the language of the labels this stage writes itself ("Freies Training, …", "Veranstaltung in …");
#: names (of drivers, teams, circuits) are in no language and carry no tag
GERMAN = "de"


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


def date_literal(value: str) -> Literal:
    """``xsd:date`` for ``2024-05-12``, ``xsd:dateTime`` for a date with a time."""
    return Literal(value, datatype=XSD.date if len(value) == 10 else XSD.dateTime)


def _article_node(g: Graph, art: URIRef, article: Article, extractor_version: str | None) -> None:
    """The article's own triples: identity, where it came from, its metadata."""
    g.add((art, RDF.type, MS.Article))
    g.add((art, DCTERMS.identifier, Literal(article.identifier)))
    if article.origin:  # its URL, else its path relative to the build root: never absolute
        g.add((art, DCTERMS.source, Literal(article.origin)))
    if article.location:
        g.add((art, MS.inputPath, Literal(article.location)))
    g.add((art, MS.checksum, Literal(article.checksum)))
    for prop, value in (
        (DCTERMS.title, article.title),
        (DCTERMS.creator, article.author),
        (SDO.publisher, article.site),
        (DCTERMS.language, article.language),
        (MS.extractorVersion, extractor_version),
    ):
        if value:
            g.add((art, prop, Literal(value)))
    if article.date:
        g.add((art, DCTERMS.date, date_literal(article.date)))


def article_graph(facts: ArticleFacts, minter: IriMinter, *, extractor_version: str | None = None) -> Graph:
    """The named graph (named by the article IRI) holding everything extracted from one article.

    ``extractor_version`` (see :attr:`kg.vocab.MS.extractorVersion`) lets a re-build tell a
    graph built by other code or settings from a current one.
    """
    article = facts.article
    art = minter.article(article.identifier)
    # SimpleMemory: a third faster to fill and to read back than the default indexed store
    g = Graph(store="SimpleMemory", identifier=art)
    _article_node(g, art, article, extractor_version)

    text = article.text
    nif = _Nif(g, minter, facts, art)
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
        for span in e.mentions:
            nif.mention(span, iri)

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
        g.add((iri, RDFS.label, Literal(_event_label(ev, facts), lang=GERMAN)))

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
            g.add((iri, MS.evidenceSentence, nif.sentence(s.evidence)))
        g.add((iri, RDFS.label, Literal(_session_label(s, iris[s.event], g), lang=GERMAN)))

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
        g.add((iri, MS.evidenceSentence, nif.sentence(r.evidence)))
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
            obj: URIRef | Literal = iris[f.value]
        elif f.attribute == "age":
            obj = Literal(int(f.value))
        else:
            obj = Literal(f.value)
        g.add((subject, prop, obj))
        nif.statement(subject, prop, obj, f.evidence)

    for ms_ in facts.measures:
        if ms_.subject not in iris:
            continue
        prop = MEASURE_PROPERTIES[ms_.attribute]
        value = Literal(int(ms_.value)) if ms_.attribute in _INTEGER_MEASURES else Literal(ms_.value)
        g.add((iris[ms_.subject], prop, value))
        nif.statement(iris[ms_.subject], prop, value, ms_.evidence)

    counts: dict[str, int] = {}
    for st in facts.standings:
        index = counts.get(st.driver, 0)
        counts[st.driver] = index + 1
        iri = minter.standing(article.identifier, st.driver, index)
        g.add((iri, RDF.type, MS.Standing))
        g.add((iri, MS.standingDriver, iris[st.driver]))
        g.add((iri, PROV.wasDerivedFrom, art))
        if st.position is not None:
            g.add((iri, MS.championshipPosition, Literal(st.position)))
        if st.points is not None:
            g.add((iri, MS.points, Literal(st.points)))
        if st.series:
            g.add((iri, MS.standingSeries, iris[st.series]))
        g.add((iri, MS.evidenceSentence, nif.sentence(st.evidence)))

    for q in facts.quotes:
        iri = minter.quote(article.identifier, q.text.start)
        g.add((iri, RDF.type, MS.Quote))
        g.add((iri, MS.quoteText, Literal(q.text.text(text))))
        g.add((iri, PROV.wasDerivedFrom, art))
        if q.speaker:
            g.add((iri, MS.speaker, iris[q.speaker]))
        g.add((iri, MS.evidenceSentence, nif.sentence(q.evidence)))
    return g


class _Nif:
    """NIF 2.0 evidence of one article: its ``nif:Context``, sentences and entity mentions."""

    def __init__(self, g: Graph, minter: IriMinter, facts: ArticleFacts, article: URIRef) -> None:
        self.g, self.minter, self.article = g, minter, article
        self.identifier = facts.article.identifier
        self.text = facts.article.text
        self.spans = sorted(facts.sentences)
        self._span_starts = [sp.start for sp in self.spans]
        self.sentences: dict[Span, URIRef] = {}
        self.context = minter.context(self.identifier)
        g.add((self.context, RDF.type, NIF.Context))
        g.add((self.context, RDF.type, NIF.OffsetBasedString))
        g.add((self.context, NIF.isString, Literal(self.text)))
        self._offsets(self.context, Span(0, len(self.text)))
        g.add((self.context, PROV.wasDerivedFrom, article))

    def _offsets(self, node: URIRef, span: Span) -> None:
        self.g.add((node, NIF.beginIndex, _offset(span.start)))
        self.g.add((node, NIF.endIndex, _offset(span.end)))

    def sentence(self, span: Span) -> URIRef:
        """The ``nif:Sentence`` node of ``span`` (written once)."""
        node = self.sentences.get(span)
        if node is None:
            node = self.minter.text_span(self.identifier, span.start, span.end)
            self.sentences[span] = node
            self.g.add((node, RDF.type, NIF.Sentence))
            self.g.add((node, RDF.type, NIF.OffsetBasedString))
            self._offsets(node, span)
            self.g.add((node, NIF.anchorOf, Literal(span.text(self.text))))
            self.g.add((node, NIF.referenceContext, self.context))
        return node

    def sentence_of(self, span: Span) -> URIRef | None:
        i = bisect_right(self._span_starts, span.start) - 1  # the last sentence starting at or before it
        if i >= 0 and span.end <= self.spans[i].end:
            return self.sentence(self.spans[i])
        return None

    def mention(self, span: Span, entity: URIRef) -> None:
        node = self.minter.text_span(self.identifier, span.start, span.end)
        self.g.add((node, RDF.type, NIF.Phrase))
        self.g.add((node, RDF.type, NIF.OffsetBasedString))
        self._offsets(node, span)
        self.g.add((node, NIF.anchorOf, Literal(span.text(self.text))))
        self.g.add((node, NIF.referenceContext, self.context))
        self.g.add((node, ITSRDF.taIdentRef, entity))
        sentence = self.sentence_of(span)
        if sentence is not None:
            self.g.add((node, NIF.sentence, sentence))

    def statement(self, subject: URIRef, prop: URIRef, obj: URIRef | Literal, evidence: Span) -> None:
        """An ``ms:FactStatement`` for ``subject prop obj`` with its evidence sentence."""
        node = self.minter.statement(self.identifier, str(subject), str(prop), str(obj))
        self.g.add((node, RDF.type, MS.FactStatement))
        self.g.add((node, RDF.subject, subject))
        self.g.add((node, RDF.predicate, prop))
        self.g.add((node, RDF.object, obj))
        self.g.add((node, MS.evidenceSentence, self.sentence(evidence)))
        self.g.add((node, PROV.wasDerivedFrom, self.article))


@lru_cache(maxsize=65536)
def _offset(n: int) -> Literal:
    """The ``xsd:integer`` literal of a character offset, made once (rdflib's ``Literal`` is
    slow to build and immutable, so one object serves every node with that offset)."""
    return Literal(n)


def _entity_iri(e: Entity, minter: IriMinter, article_id: str) -> URIRef:
    return minter.entity(e.kind, e.label, None if e.global_name else article_id)


def _event_label(ev: Event, facts: ArticleFacts) -> str:
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


def _session_label(session: Session, event: URIRef, g: Graph) -> str:
    """ "Rennen, DTM Hockenheimring 2024"; a heat has its number: "Rennen 2, …"."""
    name = _SESSION_NAMES[session.kind] + (f" {session.heat}" if session.heat else "")
    event_label = g.value(event, RDFS.label)
    return f"{name}, {event_label}" if event_label else name
