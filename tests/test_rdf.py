from decimal import Decimal

import pytest
from rdflib import XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.facts.model import ArticleFacts
from kg.rdf import IriMinter, article_graph, duration, slug
from kg.store import to_oxigraph
from kg.vocab import MS

from .conftest import BASE


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jeroen Bleekemolen", "jeroen-bleekemolen"),
        ("Jörg Müller", "joerg-mueller"),
        ("Straße", "strasse"),
        ("René Rast", "rene-rast"),
        ("ÄÖÜ äöü", "aeoeue-aeoeue"),
        ("Spa-Francorchamps", "spa-francorchamps"),
        ("911 GT3 RSR", "911-gt3-rsr"),
        ("  --  ", "x"),
        ("Henrik Østergaard", "henrik-ostergaard"),
        ("Łukasz Wiśniewski", "lukasz-wisniewski"),
        ("Ægir Þórsson", "aegir-thorsson"),
        ("Yusuf Demirtaş", "yusuf-demirtas"),
    ],
)
def test_slug_transliterates_german_letters(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_minter_is_deterministic_and_scopes_surnames() -> None:
    m = IriMinter(BASE)
    assert m.entity("driver", "Jörg Müller") == URIRef(BASE + "driver/joerg-mueller")
    assert m.entity("driver", "Jörg Müller") == IriMinter(BASE).entity("driver", "Jörg Müller")
    assert m.entity("driver", "Maassen", "a1") != m.entity("driver", "Maassen", "a2")
    assert m.entity("car_model", "Audi R10") == URIRef(BASE + "car-model/audi-r10")
    assert m.kind_of(str(m.entity("car_model", "Audi R10"))) == "car_model"


def test_minter_refuses_base_without_slash() -> None:
    with pytest.raises(ValueError, match="must end"):
        IriMinter("https://example.org/res")


@pytest.mark.parametrize("base", ["resource/", "https://exa mple.org/", "https://example.org/kg#/"])
def test_minter_refuses_a_base_that_mints_invalid_iris(base: str) -> None:
    with pytest.raises(ValueError, match="absolute IRI without a fragment"):
        IriMinter(base)


def test_article_graph_is_stored_as_a_strict_parse_of_its_text_reads_it(
    sample_facts: ArticleFacts, minter: IriMinter
) -> None:
    """The store loads article graphs without validating them again (they are checked): it
    must hold exactly what a validating parse of the same text gives."""
    import pyoxigraph as ox

    from kg.store import Store

    encoded = article_graph(sample_facts, minter)
    assert encoded.checked
    strict = ox.Store()
    strict.load((encoded.body + " .\n").encode(), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(encoded.name))
    store = Store()
    store.replace_graph(encoded)
    assert set(store.graph_triples(encoded.name)) == {q.triple for q in strict}
    assert len(set(strict)) == encoded.triples


@pytest.mark.parametrize(
    ("seconds", "lexical"),
    [
        ("144.869", "PT2M24.869S"),
        ("0.03", "PT0.03S"),
        ("88.320", "PT1M28.32S"),
        ("60", "PT1M"),
        ("3725.5", "PT1H2M5.5S"),
        ("0", "P0D"),
        ("-0.100", "-PT0.1S"),
        ("90000", "P1DT1H"),
    ],
)
def test_duration_is_canonical_xsd_day_time_duration(seconds: str, lexical: str) -> None:
    assert duration(Decimal(seconds)) == lexical


@pytest.mark.parametrize(
    "seconds",
    ["0", "0.001", "0.5", "1", "59.999", "60", "61.25", "3599.999999", "3600", "86399.5", "86400",
     "172861.01", "-1.5", "-3600", "12.3456785", "0.0000005"],
)  # fmt: skip
def test_duration_is_the_lexical_form_rdflib_gives_it(seconds: str) -> None:
    """The store held rdflib's canonical form of these literals before the graph was written as
    text: it must hold the same."""
    d = Decimal(seconds)
    written = Literal(f"{'-' if d < 0 else ''}PT{abs(d):f}S", datatype=XSD.dayTimeDuration)
    assert duration(d) == str(written)


def test_terms_are_written_as_oxigraph_writes_them() -> None:
    import pyoxigraph as ox

    from kg.ntriples import decimal, integer, iri, literal, typed

    odd = "".join(map(chr, range(0x20))) + '"\\\x7f\ufffe\uffff„ä€😀'
    assert literal(odd) == str(ox.Literal(odd))
    assert literal("Rennen", "de") == str(ox.Literal("Rennen", language="de"))
    assert literal("") == str(ox.Literal(""))
    assert integer(-7) == str(ox.Literal("-7", datatype=ox.NamedNode(str(XSD.integer))))
    for value in ("1.50", "1E+1", "-0.5", "3"):
        assert decimal(Decimal(value)) == str(to_oxigraph(Literal(Decimal(value))))
    for lexical in ("2024-05-12T14:30:00+02:00", "2024-05-12T14:30:00.500000"):
        assert typed(lexical, XSD.dateTime) == str(to_oxigraph(Literal(lexical, datatype=XSD.dateTime)))
    assert iri(MS.Driver) == str(ox.NamedNode(str(MS.Driver)))


def test_article_graph_follows_the_contract(sample_facts: ArticleFacts, minter: IriMinter) -> None:
    g = article_graph(sample_facts, minter).graph()
    art = minter.article("t1")
    assert g.identifier == art
    assert (art, RDF.type, MS.Article) in g
    assert (art, DCTERMS.identifier, Literal("t1")) in g
    anna = minter.entity("driver", "Anna Vogel")
    assert (anna, RDF.type, MS.Driver) in g
    assert (anna, RDFS.label, Literal("Anna Vogel")) in g
    assert (anna, SKOS.altLabel, Literal("Vogel")) in g
    assert (anna, MS.nationality, minter.entity("country", "Schweiz")) in g
    pole = next(g.subjects(MS.position, Literal(1)))
    assert g.value(pole, MS.driver) == anna
    assert g.value(pole, MS.lapTime) == Literal("PT1M28.32S", datatype=XSD.dayTimeDuration)
    session = g.value(pole, MS.session)
    assert (session, RDF.type, MS.Qualifying) in g
    assert (g.value(session, MS.event), MS.circuit, minter.entity("circuit", "Sachsenring")) in g
    assert str(g.value(pole, MS.evidence)).startswith("Anna Vogel (Schweiz) fuhr")
    assert len(set(g.subjects(RDF.type, MS.Result))) == 2


def test_german_labels_are_tagged_de_and_names_are_not(sample_facts: ArticleFacts, minter: IriMinter) -> None:
    g = article_graph(sample_facts, minter).graph()
    pole = next(g.subjects(MS.position, Literal(1)))
    session = g.value(pole, MS.session)
    for node in (session, g.value(session, MS.event)):
        label = g.value(node, RDFS.label)
        assert isinstance(label, Literal) and label.language == "de", label
    name = g.value(minter.entity("driver", "Anna Vogel"), RDFS.label)
    assert isinstance(name, Literal) and name.language is None


def test_article_graph_keeps_surname_only_driver_local(sample_facts: ArticleFacts, minter: IriMinter) -> None:
    from dataclasses import replace

    from kg.facts.model import Entity

    facts = replace(
        sample_facts, entities=(*sample_facts.entities, Entity("d3", "driver", "Roth", global_name=False))
    )
    g = article_graph(facts, minter).graph()
    assert (minter.entity("driver", "Roth", "t1"), RDF.type, MS.Driver) in g


def test_links_graph_records_score_method_and_time(minter: IriMinter) -> None:
    from datetime import UTC, datetime

    from rdflib.namespace import OWL

    from kg.rdf import LinkRecord, links_graph
    from kg.vocab import WD

    driver = str(minter.entity("country", "Schweiz"))
    g = links_graph(
        [LinkRecord(driver, "Q39", 1.0, "offline-index")], minter, datetime(2026, 1, 2, tzinfo=UTC)
    )
    assert g.identifier == minter.links_graph()
    assert (URIRef(driver), OWL.sameAs, WD.Q39) in g
    record = minter.link(driver)
    assert g.value(record, MS.method) == Literal("offline-index")
    assert str(g.value(record, MS.linkTarget)) == str(WD.Q39)
    assert str(g.value(record, DCTERMS.created)).startswith("2026-01-02T00:00:00")


def test_a_heat_is_named_in_its_sessions_label() -> None:
    from kg.facts import extract
    from kg.ingest import Article
    from kg.nlp import analyze

    (analyzed,) = analyze(
        [Article("t", "Beim WTCC-Lauf in Oschersleben hat Tom Berg das 2. Rennen gewonnen.")]
    )
    g = article_graph(extract(analyzed), IriMinter(BASE)).graph()
    labels = {str(o) for s in g.subjects(RDF.type, MS.Race) for o in g.objects(s, RDFS.label)}
    assert labels and all(label.startswith("Rennen 2") for label in labels)


def test_a_triple_stated_twice_is_written_once(sample_facts: ArticleFacts, minter: IriMinter) -> None:
    from dataclasses import replace

    anna = sample_facts.entities[0]
    twice = replace(
        sample_facts, entities=(replace(anna, mentions=anna.mentions * 2), *sample_facts.entities[1:])
    )
    once, encoded = article_graph(sample_facts, minter), article_graph(twice, minter)
    lines = encoded.body.split(" .\n")
    assert encoded.triples == len(lines) == len(set(lines)) == once.triples == len(encoded.graph())
