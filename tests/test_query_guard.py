"""The checks before evaluation: the lexer, the length and depth limits, the SERVICE/LOAD policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.query.guard import Policy, TextLimits, check_limits, check_policy, lex_calls, parse_calls
from kg.query.lexer import lex

REPO = Path(__file__).resolve().parents[1]
LIMITS = TextLimits(max_length=1000, max_depth=8)
NO_CALLS = Policy()
WIKIDATA = Policy(allow_service=True, service_endpoints=frozenset({"https://query.wikidata.org/sparql"}))


def words(sparql: str) -> list[str]:
    return [t.text.upper() for t in lex(sparql).tokens if t.kind == "word"]


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        # a number never swallows a dot and a keyword
        ("SELECT * { ?s ?p 1.SERVICE <x> {} }", ["SELECT", "SERVICE"]),
        ("SELECT * { ?s ?p 1.5e3.SERVICE <x> {} }", ["SELECT", "SERVICE"]),
        # a comment ends at a carriage return, as at a line feed
        ("SELECT * { # note\rSERVICE <x> {} }", ["SELECT", "SERVICE"]),
        # after an operand, "<" compares: no IRI hides what follows
        ("SELECT * { FILTER(?o<?o)SERVICE?e#>\n{} }", ["SELECT", "FILTER", "SERVICE"]),
        ("SELECT * { FILTER(?a<=?b && ?b>2) }", ["SELECT", "FILTER"]),
        # where an operand is expected, "<" starts an IRI, also inside expressions
        ("SELECT * { ?s <urn:p> ?o FILTER(?o = <urn:SERVICE>) }", ["SELECT", "FILTER"]),
        ("SELECT * { ?s ?p ?o FILTER(<urn:f>(?o) < 3) }", ["SELECT", "FILTER"]),
        # opaque: strings, IRIs, comments, variables, prefixed names, blank nodes, language tags
        ('SELECT ?service { ?s ex:service "SERVICE" ; service: _:service . ?s ?p "x"@service }', ["SELECT"]),
        ("SELECT * { ?s ?p '''a\nSERVICE'''  } # SERVICE", ["SELECT"]),
    ],
)
def test_lexer_reads_keywords_as_oxigraph_does(sparql: str, expected: list[str]) -> None:
    assert words(sparql) == expected


@pytest.mark.parametrize(
    ("sparql", "depth"),
    [
        ("SELECT * { ?s ?p ?o }", 1),
        ("SELECT * { { ?s ?p ?o FILTER((?o)) } }", 4),
        ("SELECT * { ?s ?p [ ?q ( 1 2 ) ] }", 3),
        ('SELECT * { ?s ?p "{{{{((((" }', 1),  # brackets in a string do not nest
        ("SELECT * { ?s ?p ?o } # {{{{", 1),
    ],
)
def test_lexer_measures_nesting(sparql: str, depth: int) -> None:
    assert lex(sparql).depth == depth


def test_limits_refuse_long_and_deep_texts_by_name() -> None:
    check_limits("SELECT * { { { ?s ?p ?o } } }", LIMITS)
    with pytest.raises(QueryError, match="1,001 characters long; this endpoint accepts at most 1,000"):
        check_limits("#" * 1001, LIMITS)
    with pytest.raises(QueryError, match="nests brackets 9 deep; this endpoint accepts at most 8"):
        check_limits("SELECT * " + "{" * 9 + "}" * 9, LIMITS)
    with pytest.raises(QueryError, match="the update nests"):
        check_limits("INSERT DATA " + "{" * 9 + "}" * 9, LIMITS, "update")
    # brackets in strings do not count, however many
    check_limits('SELECT * { ?s ?p "' + "(" * 100 + '" }', LIMITS)


def service_queries() -> list[str]:
    url = "http://127.0.0.1:9"
    return [
        f"SELECT * {{ SERVICE <{url}/a> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?s ?p 1.SERVICE <{url}/dot> {{ ?x ?y ?z }} }}",
        f"select * {{ sErViCe SiLeNt <{url}/case> {{ ?x ?y ?z }} }}",
        f"SELECT * {{ ?s ?p ?o # c\rSERVICE <{url}/cr> {{ ?x ?y ?z }}\n }}",
        f"SELECT * {{ VALUES ?e {{ <{url}/> }} ?s ?p ?o # \r FILTER(?o<?o)SERVICE?e#>\n{{ ?x ?y ?z }} }}",
        f"BASE <{url}/> SELECT * {{ SERVICE <rel> {{ ?x ?y ?z }} }}",
        f"SELECT * {{ ?x ?y ?z FILTER EXISTS {{ SERVICE <{url}/exists> {{ ?x ?y ?z }} }} }}",
        f"SELECT * {{ {{ SELECT ?x {{ SERVICE <{url}/sub> {{ ?x ?y ?z }} }} }} }}",
        "SELECT * { VALUES ?e { <http://x/> } SERVICE ?e { ?x ?y ?z } }",
    ]


@pytest.mark.parametrize("sparql", service_queries())
def test_service_is_refused_however_written(sparql: str) -> None:
    with pytest.raises(QueryError, match="SERVICE|refused"):
        check_policy(sparql, NO_CALLS)
    with pytest.raises(QueryError, match="refused"):  # not one of the allowed endpoints
        check_policy(sparql, WIKIDATA)


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?service WHERE { ?service ?p ?o }",
        "PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o }",
        'SELECT * WHERE { ?s ?p "SERVICE <http://x> {}" }',
        "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> SELECT * { ?s a sd:Service }",
        "SELECT * WHERE { ?s ?p ?o FILTER(?o<2&&?o>0) } # a service note",
        "SELECT * WHERE { { SELECT ?s (COUNT(?o)AS?n) WHERE { ?s ?p ?o } GROUP BY ?s } } # service",
    ],
)
def test_words_like_service_are_not_calls(sparql: str) -> None:
    check_policy(sparql, NO_CALLS)


def test_the_allowed_endpoint_is_allowed_also_by_prefix_and_silent() -> None:
    check_policy("SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", WIKIDATA)
    check_policy(
        "PREFIX q: <https://query.wikidata.org/> SELECT * { SERVICE SILENT q:sparql { ?s ?p ?o } }", WIKIDATA
    )


def test_the_two_readers_agree_on_the_repository_queries() -> None:
    for path in sorted((REPO / "queries").rglob("*.rq")):
        text = path.read_text(encoding="utf-8")
        lexed, parsed = lex_calls(lex(text), update=False), parse_calls(text, update=False)
        assert len(lexed.services) == len(parsed.services), path.name


def test_text_rdflib_cannot_parse_is_refused_when_it_might_call() -> None:
    # RDF-star: Oxigraph reads it, rdflib does not; with "service" in it, nobody can tell
    with pytest.raises(QueryError, match="cannot check this query"):
        check_policy('SELECT * { << ?s ?p ?o >> ?q "service" }', NO_CALLS)
    check_policy("SELECT * { << ?s ?p ?o >> ?q ?r }", NO_CALLS)  # no such letters: not parsed


LOADS = Policy(load_sources=("https://data.example.org/dumps/", "https://data.example.org/one.ttl"))


@pytest.mark.parametrize(
    ("update", "allowed"),
    [
        ("LOAD <https://data.example.org/dumps/a.ttl>", True),
        ("LOAD SILENT <https://data.example.org/one.ttl> INTO GRAPH <urn:g>", True),
        ("BASE <https://data.example.org/dumps/> LOAD <b.ttl>", True),
        ("LOAD <https://data.example.org/one.ttl.evil>", False),
        ("LOAD <https://data.example.org/dumpsters/a.ttl>", False),
        ("LOAD <http://127.0.0.1:9/a.ttl>", False),
        ("LOAD <file:///etc/passwd>", False),
        ("BASE <file:///etc/> LOAD <passwd>", False),
        ("INSERT DATA { <urn:a> <urn:download> 'LOAD <file:///x>' }", True),
    ],
)
def test_load_reads_only_allowed_http_sources(update: str, allowed: bool) -> None:
    if allowed:
        check_policy(update, LOADS, update=True)
    else:
        with pytest.raises(QueryError, match="LOAD"):
            check_policy(update, LOADS, update=True)
    if update.startswith(("LOAD", "BASE")):
        with pytest.raises(QueryError, match="LOAD"):
            check_policy(update, NO_CALLS, update=True)
