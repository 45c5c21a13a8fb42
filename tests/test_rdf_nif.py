"""NIF 2.0 evidence: the article's text as a ``nif:Context``, sentences, mentions and fact records."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from kg.facts.model import ArticleFacts, Measure, Quote, Span, Standing
from kg.rdf import IriMinter, article_graph
from kg.vocab import ITSRDF, MS, NIF


@pytest.fixture
def graph(sample_facts: ArticleFacts, minter: IriMinter) -> Graph:
    return article_graph(sample_facts, minter).graph()


def test_nif_context_holds_the_whole_text(
    graph: Graph, sample_facts: ArticleFacts, minter: IriMinter
) -> None:
    ctx = minter.context("t1")
    assert (ctx, RDF.type, NIF.Context) in graph
    assert graph.value(ctx, NIF.isString) == Literal(sample_facts.article.text)
    assert int(graph.value(ctx, NIF.beginIndex)) == 0
    assert int(graph.value(ctx, NIF.endIndex)) == len(sample_facts.article.text)


@pytest.mark.parametrize("kind", [NIF.Sentence, NIF.Phrase])
def test_nif_strings_have_exact_offsets(graph: Graph, sample_facts: ArticleFacts, kind) -> None:
    text = sample_facts.article.text
    nodes = list(graph.subjects(RDF.type, kind))
    assert nodes
    for node in nodes:
        begin, end = int(graph.value(node, NIF.beginIndex)), int(graph.value(node, NIF.endIndex))
        assert text[begin:end] == str(graph.value(node, NIF.anchorOf))
        assert graph.value(node, NIF.referenceContext) is not None


def test_nif_mention_points_to_entity_and_sentence(graph: Graph, minter: IriMinter) -> None:
    anna = minter.entity("driver", "Anna Vogel")
    (mention,) = graph.subjects(ITSRDF.taIdentRef, anna)
    assert str(graph.value(mention, NIF.anchorOf)) == "Anna Vogel"
    sentence = graph.value(mention, NIF.sentence)
    assert (sentence, RDF.type, NIF.Sentence) in graph
    assert str(graph.value(sentence, NIF.anchorOf)).startswith("Anna Vogel (Schweiz) fuhr")


def test_result_and_session_point_to_their_evidence_sentence(graph: Graph) -> None:
    pole = next(graph.subjects(MS.position, Literal(1)))
    sentence = graph.value(pole, MS.evidenceSentence)
    assert "Bestzeit" in str(graph.value(sentence, NIF.anchorOf))
    second = next(graph.subjects(MS.position, Literal(2)))
    assert (
        str(graph.value(graph.value(second, MS.evidenceSentence), NIF.anchorOf)) == "Zweiter wurde Ben Roth."
    )
    session = graph.value(pole, MS.session)
    assert graph.value(session, MS.evidenceSentence) == sentence


def test_driver_fact_is_recorded_as_a_statement_with_evidence(graph: Graph, minter: IriMinter) -> None:
    anna = minter.entity("driver", "Anna Vogel")
    (stmt,) = graph.subjects(RDF.predicate, MS.nationality)
    assert (stmt, RDF.type, MS.FactStatement) in graph
    assert graph.value(stmt, RDF.subject) == anna
    assert graph.value(stmt, RDF.object) == minter.entity("country", "Schweiz")
    assert "(Schweiz)" in str(graph.value(graph.value(stmt, MS.evidenceSentence), NIF.anchorOf))


def test_statement_iris_are_deterministic(sample_facts: ArticleFacts, minter: IriMinter) -> None:
    one = set(article_graph(sample_facts, minter).graph().subjects(RDF.type, MS.FactStatement))
    two = set(
        article_graph(sample_facts, IriMinter(minter.base)).graph().subjects(RDF.type, MS.FactStatement)
    )
    assert one == two and len(one) == 1


def test_other_facts_are_written_with_evidence(sample_facts: ArticleFacts, minter: IriMinter) -> None:
    text = sample_facts.article.text
    first, second = sample_facts.sentences
    facts = replace(
        sample_facts,
        measures=(
            Measure("c1", "length_km", Decimal("3.7"), first),
            Measure("s1", "scheduled_laps", Decimal(14), first),
        ),
        standings=(Standing("d1", first, position=1, points=Decimal(42)),),
        quotes=(Quote(Span(text.index("Zweiter"), text.index("Zweiter") + 7), second, speaker="d2"),),
    )
    g = article_graph(facts, minter).graph()
    assert g.value(minter.entity("circuit", "Sachsenring"), MS.lengthKm) == Literal(Decimal("3.7"))
    session = next(g.subjects(RDF.type, MS.Qualifying))
    assert g.value(session, MS.scheduledLaps) == Literal(14)
    (standing,) = g.subjects(RDF.type, MS.Standing)
    assert g.value(standing, MS.standingDriver) == minter.entity("driver", "Anna Vogel")
    assert g.value(standing, MS.championshipPosition) == Literal(1)
    assert g.value(standing, MS.points) == Literal(Decimal(42))
    (quote,) = g.subjects(RDF.type, MS.Quote)
    assert g.value(quote, MS.quoteText) == Literal("Zweiter")
    assert g.value(quote, MS.speaker) == minter.entity("driver", "Ben Roth")
    assert g.value(quote, MS.evidenceSentence) is not None
    assert len(set(g.subjects(RDF.predicate, MS.lengthKm))) == 1
