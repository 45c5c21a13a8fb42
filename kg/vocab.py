"""The motorsport-kg vocabulary: terms of the ``ms:`` ontology and shared namespaces.

GENERATED from ontology/motorsport.ttl; do not edit. Regenerate with
``python tools/generate_vocab.py``.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class MS(DefinedNamespace):
    """The motorsport ontology, ``https://w3id.org/mskg/ontology#``."""

    _NS = Namespace("https://w3id.org/mskg/ontology#")
    _fail = True

    # classes
    Article: URIRef  # article: A news article the graph was extracted from.
    CarModel: URIRef  # car model: A racing car model, such as Porsche 911 GT3 RSR.
    Circuit: URIRef  # circuit: A race track where events are held.
    Country: URIRef  # country: A country, as a driver's nationality.
    Driver: URIRef  # driver: A person who drives in a session.
    Event: URIRef  # event: A race weekend or round of a series at a circuit.
    FactStatement: URIRef  # fact statement: A record of one extracted triple (rdf:subject, rdf:predicate, rd…
    Link: URIRef  # link: A reviewable record of one owl:sameAs link from an entity to an item of another kno…
    Manufacturer: URIRef  # manufacturer: A car maker, such as Porsche or Audi.
    Person: URIRef  # person: A person named in an article.
    Place: URIRef  # place: A town or region, as a person's hometown.
    Practice: URIRef  # practice: A free practice session.
    Qualifying: URIRef  # qualifying: A session that sets the starting grid by lap time.
    QualifyingRace: URIRef  # qualifying race: A race whose result sets the grid of a later race.
    Quote: URIRef  # quote: Words quoted in an article, with the person who said them where the text names on…
    Race: URIRef  # race: A race session.
    RaceClass: URIRef  # race class: A class of cars within a session, such as LMP2 or GT2.
    Result: URIRef  # result: One line of a session's classification.
    Series: URIRef  # series: A racing series or championship, such as ALMS.
    Session: URIRef  # session: One timed session of an event: practice, qualifying, warm-up or race.
    Shootout: URIRef  # shootout: A final qualifying segment for the fastest cars.
    Standing: URIRef  # championship standing: A driver's position (and points) in a series' championship, as…
    Team: URIRef  # team: A racing team that enters cars.
    Warmup: URIRef  # warm-up: A short session before the race.

    # properties
    age: URIRef  # age: A person's age in years, as stated in an article.
    carModel: URIRef  # car model: The car model of a result.
    carNumber: URIRef  # car number: The car's start number, as written.
    championshipPosition: URIRef  # championship position: The position in the championship table; 1 for the…
    checksum: URIRef  # checksum: The SHA-256 checksum of the article's text, as sha256:<hex>; a re-build ski…
    circuit: URIRef  # circuit: The circuit an event is held at.
    driver: URIRef  # driver: A driver of the car of a result.
    drivesCar: URIRef  # drives car: A car model the driver drives, as stated in an article.
    drivesFor: URIRef  # drives for: A team the driver drives for, as stated in an article.
    event: URIRef  # event: The event a session belongs to.
    evidence: URIRef  # evidence: The sentence a node was extracted from.
    evidenceSentence: URIRef  # evidence sentence: The NIF sentence (offsets into the article's nif:Context)…
    extractorVersion: URIRef  # extractor version: The version of the extraction (program version and a check…
    gap: URIRef  # gap: The gap to the leader of the classification.
    hometown: URIRef  # hometown: The town a person comes from.
    inputPath: URIRef  # input path: Where the article was read from, relative to the build root: a file path…
    lapTime: URIRef  # lap time: The lap time of a result, such as PT2M24.869S.
    laps: URIRef  # laps: The number of laps completed.
    lengthKm: URIRef  # length (km): The length of a circuit's lap in kilometres, as stated in an article.
    linkSubject: URIRef  # link subject: The entity of this graph that a link is about.
    linkTarget: URIRef  # link target: The item of the other knowledge base (a Wikidata item wd:Q…) that the…
    manufacturer: URIRef  # manufacturer: The maker of a car model, or the manufacturer behind a works team.
    method: URIRef  # method: How a link was found: offline-index (the index shipped with motorsport-kg) or o…
    nationality: URIRef  # nationality: The country of a person's nationality.
    points: URIRef  # points: Championship points of a standing.
    polePosition: URIRef  # pole position: The driver who starts a race from pole or tops a qualifying.
    position: URIRef  # position: The position in the session, within its class where the text gives one.
    powerPS: URIRef  # power (PS): The engine power of a car model in metric horsepower (PS), as stated in an…
    quoteText: URIRef  # quote text: The words of a quote, without the quotation marks.
    raceClass: URIRef  # race class: The class a result or a session is classified in.
    round: URIRef  # round: The round number of an event within its series' season.
    scheduledLaps: URIRef  # scheduled laps: The distance of a race in laps, as announced (14-Runden-Rennen).
    score: URIRef  # score: The linker's confidence in a link, from 0 to 1.
    series: URIRef  # series: The series an event is a round of.
    session: URIRef  # session: The session a result belongs to.
    speaker: URIRef  # speaker: The person who said the words of a quote.
    standingDriver: URIRef  # standing driver: The driver whose championship standing this is.
    standingSeries: URIRef  # standing series: The series whose championship a standing is in.
    status: URIRef  # status: A result's status as written, such as Ausfall (retired).
    team: URIRef  # team: The team that entered the car of a result.
    teammate: URIRef  # teammate: A driver who shares a car or team with this driver.
    winner: URIRef  # winner: The driver who won a session.
    year: URIRef  # year: The year an event takes place.


WD = Namespace("http://www.wikidata.org/entity/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
ONTOLOGY_IRI = URIRef("https://w3id.org/mskg/ontology")
