"""Units of the web layer that need no app: content negotiation, the SERVICE check, lap times."""

from __future__ import annotations

import pytest

from kg.web.conneg import RDF_TABLE, RESOURCE_TABLE, RESULTS_TABLE, negotiate, parse_accept
from kg.web.pages import lap_time


@pytest.mark.parametrize(
    ("accept", "table", "expected"),
    [
        (None, RESULTS_TABLE, "json"),
        ("", RESULTS_TABLE, "json"),
        ("*/*", RDF_TABLE, "turtle"),
        ("application/sparql-results+json; charset=utf-8", RESULTS_TABLE, "json"),
        ("APPLICATION/SPARQL-RESULTS+XML", RESULTS_TABLE, "xml"),
        ("text/csv; q=0.2, text/tab-separated-values; q=0.3", RESULTS_TABLE, "tsv"),
        ("text/*;q=0.5, text/csv;q=0", RESULTS_TABLE, "tsv"),
        ("application/json", RESULTS_TABLE, "json"),
        ("application/sparql-results+json;q=0, */*;q=0.1", RESULTS_TABLE, "xml"),
        ("text/turtle", RESULTS_TABLE, None),
        ("*/*;q=0", RESULTS_TABLE, None),
        ('application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"', RDF_TABLE, "jsonld"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", RESOURCE_TABLE, "html"),
        ("text/turtle;q=0.9, text/html;q=0.8", RESOURCE_TABLE, "turtle"),
        ("*/*", RESOURCE_TABLE, "html"),
        ("garbage, text/turtle;q=abc, application/n-triples", RDF_TABLE, "ntriples"),
    ],
)
def test_negotiate_picks_best_format(accept: str | None, table: tuple, expected: str | None) -> None:
    chosen = negotiate(accept, table)
    assert (chosen.name if chosen else None) == expected


def test_parse_accept_reads_q_and_ignores_other_parameters() -> None:
    (r,) = parse_accept("text/csv; charset=utf-8; q=0.4")
    assert (r.type, r.subtype, r.q) == ("text", "csv", 0.4)


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("PT1M28.32S", "1:28.320"),
        ("PT2M4.869S", "2:04.869"),
        ("PT59.1S", "59.100 s"),
        ("PT1H2M3S", "1:02:03"),
        ("P1D", None),
        ("PT", None),
    ],
)
def test_lap_time_reads_like_a_timing_screen(duration: str, expected: str | None) -> None:
    assert lap_time(duration) == expected
