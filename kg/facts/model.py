"""The facts stage's output: plain frozen dataclasses, free of spaCy and rdflib.

Entity references inside one :class:`ArticleFacts` are article-local ids (``Entity.id``);
the RDF stage turns entities into IRIs (see :mod:`kg.rdf.iri`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, get_args

from kg.ingest import Article
from kg.nlp.model import Span as Span  # re-exported: the facts stage speaks of spans too

EntityKind = Literal[
    "driver",
    "person",
    "team",
    "manufacturer",
    "car_model",
    "series",
    "circuit",
    "country",
    "place",
    "race_class",
]
ENTITY_KINDS: tuple[EntityKind, ...] = get_args(EntityKind)

#: a shoot-out's places are the qualifying's (grid = qualifying): the ontology's ms:Shootout is
#: for data from elsewhere, the extractor makes none
SessionKind = Literal["practice", "qualifying", "warmup", "qualifying_race", "race"]
SESSION_KINDS: tuple[SessionKind, ...] = get_args(SessionKind)

FactAttribute = Literal["nationality", "hometown", "age", "car_number", "team", "car_model", "teammate"]
# attributes whose value is another entity's id (the rest are literals)
ENTITY_VALUED: frozenset[str] = frozenset({"nationality", "hometown", "team", "car_model", "teammate"})


@dataclass(frozen=True)
class Entity:
    """A thing the article names (one node per real thing within the article).

    Attributes:
        id: article-local id, unique within the article (e.g. ``"driver:3"``).
        kind: what it is.
        label: canonical name, the fullest form seen ("Jeroen Bleekemolen").
        alt_labels: other names it was called ("Bleekemolen").
        mentions: where the article names it.
        global_name: True when ``label`` alone identifies it across articles (a full
            name); False for a surname-only driver, which must not merge with another
            article's driver of the same surname.
    """

    id: str
    kind: EntityKind
    label: str
    alt_labels: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    global_name: bool = True


@dataclass(frozen=True)
class Event:
    """A race weekend or round: series and circuit (entity ids), round number, year."""

    id: str
    series: str | None = None
    circuit: str | None = None
    round: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class Session:
    """One session (qualifying, race, ...) of an event."""

    id: str
    kind: SessionKind
    event: str
    race_class: str | None = None
    evidence: Span | None = None
    heat: int | None = None  # of a weekend with several: "Rennen 2"


@dataclass(frozen=True)
class Result:
    """One line of a session's classification.

    Times are in seconds (``Decimal`` keeps the milliseconds exact).
    """

    session: str
    position: int
    drivers: tuple[str, ...]
    evidence: Span
    team: str | None = None
    car_model: str | None = None
    car_number: str | None = None
    lap_time: Decimal | None = None
    gap: Decimal | None = None
    laps: int | None = None
    status: str | None = None
    race_class: str | None = None


@dataclass(frozen=True)
class Fact:
    """A fact about a driver or other person: ``subject attribute value``.

    ``value`` is an entity id for the attributes in :data:`ENTITY_VALUED`, else a literal
    (age as its decimal digits, car number as written).
    """

    subject: str
    attribute: FactAttribute
    value: str
    evidence: Span


MeasureAttribute = Literal["power_ps", "scheduled_laps", "length_km"]


@dataclass(frozen=True)
class Measure:
    """A number stated about a thing: a car's power, a race's distance, a circuit's length.

    ``subject`` is an entity id (car model, circuit) or a session id (scheduled laps).
    """

    subject: str
    attribute: MeasureAttribute
    value: Decimal
    evidence: Span


@dataclass(frozen=True)
class Standing:
    """A driver's championship standing as stated ("Tabellenführer X", "mit 42 Punkten")."""

    driver: str
    evidence: Span
    position: int | None = None
    points: Decimal | None = None
    series: str | None = None


@dataclass(frozen=True)
class Quote:
    """Quoted speech and its speaker (a person's entity id, when the text names one)."""

    text: Span  # the words inside the quotation marks
    evidence: Span
    speaker: str | None = None


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    sessions: tuple[Session, ...] = ()
    results: tuple[Result, ...] = ()
    facts: tuple[Fact, ...] = ()
    sentences: tuple[Span, ...] = field(default=())
    measures: tuple[Measure, ...] = ()
    standings: tuple[Standing, ...] = ()
    quotes: tuple[Quote, ...] = ()

    def entity(self, entity_id: str) -> Entity:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)
