"""Build the named graph of one article from its facts, as N-Triples text (:mod:`kg.ntriples`)."""

from __future__ import annotations

from bisect import bisect_right
from decimal import ROUND_HALF_EVEN, Decimal

from rdflib import XSD
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS

from kg.facts.model import ENTITY_VALUED, ArticleFacts, Entity, Event, Session, Span
from kg.ingest import Article
from kg.ntriples import EncodedGraph, GraphText, Term, Terms, decimal, integer, iri, literal, typed
from kg.rdf.iri import IriMinter
from kg.vocab import ITSRDF, MS, NIF

_RDF, _RDFS, _SKOS, _PROV, _DC, _SDO = (
    Terms(RDF),
    Terms(RDFS),
    Terms(SKOS),
    Terms(PROV),
    Terms(DCTERMS),
    Terms(SDO),
)
_MS, _NIF, _ITS = Terms(MS), Terms(NIF), Terms(ITSRDF)

ENTITY_CLASSES: dict[str, Term] = {
    "driver": _MS.Driver,
    "person": _MS.Person,
    "team": _MS.Team,
    "manufacturer": _MS.Manufacturer,
    "car_model": _MS.CarModel,
    "series": _MS.Series,
    "circuit": _MS.Circuit,
    "country": _MS.Country,
    "place": _MS.Place,
    "race_class": _MS.RaceClass,
}

SESSION_CLASSES: dict[str, Term] = {
    "practice": _MS.Practice,
    "qualifying": _MS.Qualifying,
    "warmup": _MS.Warmup,
    "qualifying_race": _MS.QualifyingRace,
    "race": _MS.Race,
}

FACT_PROPERTIES: dict[str, Term] = {
    "nationality": _MS.nationality,
    "hometown": _MS.hometown,
    "age": _MS.age,
    "car_number": _MS.carNumber,
    "team": _MS.drivesFor,
    "car_model": _MS.drivesCar,
    "teammate": _MS.teammate,
}

MEASURE_PROPERTIES: dict[str, Term] = {
    "power_ps": _MS.powerPS,
    "scheduled_laps": _MS.scheduledLaps,
    "length_km": _MS.lengthKm,
}
_INTEGER_MEASURES = frozenset({"power_ps", "scheduled_laps"})
#: the language of the labels this stage writes itself ("Freies Training, …", "Veranstaltung in …");
#: names (of drivers, teams, circuits) are in no language and carry no tag
GERMAN = "de"
_MICROSECOND = Decimal("0.000001")


def duration(seconds: Decimal) -> str:
    """The canonical ``xsd:dayTimeDuration`` of a time in seconds, to the microsecond
    (``144.869`` → ``PT2M24.869S``, ``0`` → ``P0D``): the form rdflib gave these literals."""
    usecs = int(seconds.quantize(_MICROSECOND, rounding=ROUND_HALF_EVEN).scaleb(6))
    if usecs == 0:
        return "P0D"
    text = "-P" if usecs < 0 else "P"
    secs, usecs = divmod(abs(usecs), 1_000_000)
    minutes, secs = divmod(secs, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        text += f"{days}D"
    if hours or minutes or secs or usecs:
        text += "T"
        if hours:
            text += f"{hours}H"
        if minutes:
            text += f"{minutes}M"
        if secs or usecs:
            text += (f"{secs}.{usecs:06d}".rstrip("0") if usecs else f"{secs}") + "S"
    return text


def _duration(seconds: Decimal) -> Term:
    return typed(duration(seconds), XSD.dayTimeDuration)


def date_literal(value: str) -> Term:
    """``xsd:date`` for ``2024-05-12``, ``xsd:dateTime`` for a date with a time (``value`` as
    :mod:`kg.ingest` writes it: Python's ISO 8601, which is the canonical form)."""
    return typed(value, XSD.date if len(value) == 10 else XSD.dateTime)


def _article_node(g: GraphText, art: Term, article: Article, extractor_version: str | None) -> None:
    """The article's own triples: identity, where it came from, its metadata."""
    g.add(art, _RDF.type, _MS.Article)
    g.add(art, _DC.identifier, literal(article.identifier))
    if article.origin:  # its URL, else its path relative to the build root: never absolute
        g.add(art, _DC.source, literal(article.origin))
    if article.location:
        g.add(art, _MS.inputPath, literal(article.location))
    g.add(art, _MS.checksum, literal(article.checksum))
    for prop, value in (
        (_DC.title, article.title),
        (_DC.creator, article.author),
        (_SDO.publisher, article.site),
        (_DC.language, article.language),
        (_MS.extractorVersion, extractor_version),
    ):
        if value:
            g.add(art, prop, literal(value))
    if article.date:
        g.add(art, _DC.date, date_literal(article.date))


def article_graph(
    facts: ArticleFacts, minter: IriMinter, *, extractor_version: str | None = None
) -> EncodedGraph:
    """The named graph (named by the article IRI) holding everything extracted from one article.

    ``extractor_version`` (see :attr:`kg.vocab.MS.extractorVersion`) lets a re-build tell a
    graph built by other code or settings from a current one.
    """
    article = facts.article
    name = str(minter.article(article.identifier))
    art = iri(name)
    g = GraphText(name)
    add = g.add
    _article_node(g, art, article, extractor_version)

    text = article.text
    nif = _Nif(g, minter, facts, art)
    nodes: dict[str, Term] = {}  # article-local id -> its node
    for e in facts.entities:
        node = nodes[e.id] = iri(_entity_iri(e, minter, article.identifier))
        add(node, _RDF.type, ENTITY_CLASSES[e.kind])
        if e.kind == "driver":
            add(node, _RDF.type, _MS.Person)
        add(node, _RDFS.label, literal(e.label))
        for alt in e.alt_labels:
            if alt != e.label:
                add(node, _SKOS.altLabel, literal(alt))
        add(node, _PROV.wasDerivedFrom, art)
        for span in e.mentions:
            nif.mention(span, node)

    labels: dict[Term, str] = {}  # event node -> its label, for the labels of its sessions
    for ev in facts.events:
        node = nodes[ev.id] = iri(minter.event(article.identifier, ev.id))
        add(node, _RDF.type, _MS.Event)
        add(node, _PROV.wasDerivedFrom, art)
        if ev.series:
            add(node, _MS.series, nodes[ev.series])
        if ev.circuit:
            add(node, _MS.circuit, nodes[ev.circuit])
        if ev.round is not None:
            add(node, _MS.round, integer(ev.round))
        if ev.year is not None:
            add(node, _MS.year, integer(ev.year))
        labels[node] = _event_label(ev, facts)
        add(node, _RDFS.label, literal(labels[node], GERMAN))

    for s in facts.sessions:
        node = nodes[s.id] = iri(minter.session(article.identifier, s.id))
        add(node, _RDF.type, SESSION_CLASSES[s.kind])
        add(node, _MS.event, nodes[s.event])
        add(node, _PROV.wasDerivedFrom, art)
        if s.race_class:
            add(node, _MS.raceClass, nodes[s.race_class])
        if s.evidence is not None:
            add(node, _MS.evidence, literal(s.evidence.text(text)))
            add(node, _MS.evidenceSentence, nif.sentence(s.evidence))
        add(node, _RDFS.label, literal(_session_label(s, labels.get(nodes[s.event])), GERMAN))

    _results(g, facts, minter, nodes, nif, art)
    _statements(g, facts, nodes, nif)

    counts: dict[str, int] = {}
    for st in facts.standings:
        index = counts.get(st.driver, 0)
        counts[st.driver] = index + 1
        node = iri(minter.standing(article.identifier, st.driver, index))
        add(node, _RDF.type, _MS.Standing)
        add(node, _MS.standingDriver, nodes[st.driver])
        add(node, _PROV.wasDerivedFrom, art)
        if st.position is not None:
            add(node, _MS.championshipPosition, integer(st.position))
        if st.points is not None:
            add(node, _MS.points, decimal(st.points))
        if st.series:
            add(node, _MS.standingSeries, nodes[st.series])
        add(node, _MS.evidenceSentence, nif.sentence(st.evidence))

    for q in facts.quotes:
        node = iri(minter.quote(article.identifier, q.text.start))
        add(node, _RDF.type, _MS.Quote)
        add(node, _MS.quoteText, literal(q.text.text(text)))
        add(node, _PROV.wasDerivedFrom, art)
        if q.speaker:
            add(node, _MS.speaker, nodes[q.speaker])
        add(node, _MS.evidenceSentence, nif.sentence(q.evidence))
    return g.encoded()


def _results(
    g: GraphText, facts: ArticleFacts, minter: IriMinter, nodes: dict[str, Term], nif: _Nif, art: Term
) -> None:
    add, identifier, text = g.add, facts.article.identifier, facts.article.text
    seen: dict[tuple[str, int], int] = {}
    for r in facts.results:
        index = seen.get((r.session, r.position), 0)
        seen[(r.session, r.position)] = index + 1
        node = iri(minter.result(identifier, r.session, r.position, index))
        add(node, _RDF.type, _MS.Result)
        add(node, _MS.session, nodes[r.session])
        add(node, _MS.position, integer(r.position))
        add(node, _PROV.wasDerivedFrom, art)
        add(node, _MS.evidence, literal(r.evidence.text(text)))
        add(node, _MS.evidenceSentence, nif.sentence(r.evidence))
        for d in r.drivers:
            add(node, _MS.driver, nodes[d])
        for value, prop in ((r.team, _MS.team), (r.car_model, _MS.carModel), (r.race_class, _MS.raceClass)):
            if value:
                add(node, prop, nodes[value])
        if r.car_number:
            add(node, _MS.carNumber, literal(r.car_number))
        if r.lap_time is not None:
            add(node, _MS.lapTime, _duration(r.lap_time))
        if r.gap is not None:
            add(node, _MS.gap, _duration(r.gap))
        if r.laps is not None:
            add(node, _MS.laps, integer(r.laps))
        if r.status:
            add(node, _MS.status, literal(r.status))


def _statements(g: GraphText, facts: ArticleFacts, nodes: dict[str, Term], nif: _Nif) -> None:
    """The driver facts and the measures, each with its ``ms:FactStatement``."""
    for f in facts.facts:
        subject = nodes[f.subject]
        prop = FACT_PROPERTIES[f.attribute]
        if f.attribute in ENTITY_VALUED:
            obj = nodes[f.value]
            value = obj[1:-1]  # the IRI
        elif f.attribute == "age":
            value = str(int(f.value))
            obj = integer(int(f.value))
        else:
            value, obj = f.value, literal(f.value)
        g.add(subject, prop, obj)
        nif.statement(subject, prop, obj, value, f.evidence)

    for ms_ in facts.measures:
        if ms_.subject not in nodes:
            continue
        prop = MEASURE_PROPERTIES[ms_.attribute]
        if ms_.attribute in _INTEGER_MEASURES:
            value, obj = str(int(ms_.value)), integer(int(ms_.value))
        else:
            value, obj = f"{ms_.value:f}", decimal(ms_.value)
        g.add(nodes[ms_.subject], prop, obj)
        nif.statement(nodes[ms_.subject], prop, obj, value, ms_.evidence)


class _Nif:
    """NIF 2.0 evidence of one article: its ``nif:Context``, sentences and entity mentions."""

    def __init__(self, g: GraphText, minter: IriMinter, facts: ArticleFacts, article: Term) -> None:
        self.add, self.minter, self.article = g.add, minter, article
        self.identifier = facts.article.identifier
        self.text = facts.article.text
        self.spans = sorted(facts.sentences)
        self._span_starts = [sp.start for sp in self.spans]
        self.sentences: dict[Span, Term] = {}
        self.context = iri(minter.context(self.identifier))
        self.add(self.context, _RDF.type, _NIF.Context)
        self.add(self.context, _RDF.type, _NIF.OffsetBasedString)
        self.add(self.context, _NIF.isString, literal(self.text))
        self._offsets(self.context, Span(0, len(self.text)))
        self.add(self.context, _PROV.wasDerivedFrom, article)

    def _offsets(self, node: Term, span: Span) -> None:
        self.add(node, _NIF.beginIndex, integer(span.start))
        self.add(node, _NIF.endIndex, integer(span.end))

    def _string(self, node: Term, kind: Term, span: Span) -> None:
        """A ``nif:OffsetBasedString`` of ``kind``: its offsets, its text, its context."""
        self.add(node, _RDF.type, kind)
        self.add(node, _RDF.type, _NIF.OffsetBasedString)
        self._offsets(node, span)
        self.add(node, _NIF.anchorOf, literal(span.text(self.text)))
        self.add(node, _NIF.referenceContext, self.context)

    def sentence(self, span: Span) -> Term:
        """The ``nif:Sentence`` node of ``span`` (written once)."""
        node = self.sentences.get(span)
        if node is None:
            node = self.sentences[span] = iri(self.minter.text_span(self.identifier, span.start, span.end))
            self._string(node, _NIF.Sentence, span)
        return node

    def sentence_of(self, span: Span) -> Term | None:
        i = bisect_right(self._span_starts, span.start) - 1  # the last sentence starting at or before it
        if i >= 0 and span.end <= self.spans[i].end:
            return self.sentence(self.spans[i])
        return None

    def mention(self, span: Span, entity: Term) -> None:
        node = iri(self.minter.text_span(self.identifier, span.start, span.end))
        self._string(node, _NIF.Phrase, span)
        self.add(node, _ITS.taIdentRef, entity)
        sentence = self.sentence_of(span)
        if sentence is not None:
            self.add(node, _NIF.sentence, sentence)

    def statement(self, subject: Term, prop: Term, obj: Term, value: str, evidence: Span) -> None:
        """An ``ms:FactStatement`` for ``subject prop obj`` (``value``: the object's IRI or
        lexical form, which names the statement) with its evidence sentence."""
        node = iri(self.minter.statement(self.identifier, subject[1:-1], prop[1:-1], value))
        self.add(node, _RDF.type, _MS.FactStatement)
        self.add(node, _RDF.subject, subject)
        self.add(node, _RDF.predicate, prop)
        self.add(node, _RDF.object, obj)
        self.add(node, _MS.evidenceSentence, self.sentence(evidence))
        self.add(node, _PROV.wasDerivedFrom, self.article)


def _entity_iri(e: Entity, minter: IriMinter, article_id: str) -> str:
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
    "warmup": "Warm-up",
    "qualifying_race": "Qualifikationsrennen",
    "race": "Rennen",
}


def _session_label(session: Session, event_label: str | None) -> str:
    """ "Rennen, DTM Hockenheimring 2024"; a heat has its number: "Rennen 2, …"."""
    name = _SESSION_NAMES[session.kind] + (f" {session.heat}" if session.heat else "")
    return f"{name}, {event_label}" if event_label else name
