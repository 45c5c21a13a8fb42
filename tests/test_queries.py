"""Every saved query in queries/ parses, runs on a store built from the examples, and answers right."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg.config import Settings
from kg.errors import InputError
from kg.pipeline import build
from kg.query import load_saved_queries, parse_saved_query, result_rows
from kg.rdf import IriMinter
from kg.store import Store

from .conftest import BASE, EXAMPLES, REPO

SAVED = {q.name: q for q in load_saved_queries(REPO / "queries")}


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store()
    report = build([EXAMPLES], s, Settings.load(env={}))
    assert not report.failures
    return s


def _rows(store: Store, name: str, **bind: URIRef) -> list[dict[str, str]]:
    names, rows = result_rows(store.query(SAVED[name].text, substitutions=bind or None))
    return [dict(zip(names, r, strict=True)) for r in rows]


@pytest.mark.parametrize("name", sorted(SAVED))
def test_saved_query_has_header_and_runs(store: Store, name: str) -> None:
    q = SAVED[name]
    assert q.title and q.description
    result_rows(store.query(q.text))


def test_parse_saved_query_reads_params_and_requires_a_title() -> None:
    q = parse_saved_query("x", "# title: T\n# description: D\n# param: ?driver a driver IRI\nSELECT * {}")
    assert (q.title, q.description, q.parameters) == ("T", "D", (("driver", "a driver IRI"),))
    with pytest.raises(InputError, match="no '# title:'"):
        parse_saved_query("y", "SELECT * {}")


def test_pole_sitters_finds_the_pole_with_its_lap_time(store: Store) -> None:
    rows = _rows(store, "pole-sitters")
    pole = [r for r in rows if r["driverName"] == "Lukas Brenner"]
    assert pole and pole[0]["circuit"] == "Lausitzring" and pole[0]["lapTime"] == "PT1M33.412S"


def test_race_winners_lists_the_winner_per_race(store: Store) -> None:
    winners = {(r["circuit"], r["driverName"]) for r in _rows(store, "race-winners")}
    assert ("Lausitzring", "Jonas Albrecht") in winners


def test_driver_results_binds_the_driver_parameter(store: Store) -> None:
    brenner = IriMinter(BASE).entity("driver", "Lukas Brenner")
    rows = _rows(store, "driver-results", driver=brenner)
    assert rows and {r["driverName"] for r in rows} == {"Lukas Brenner"}
    assert {r["position"] for r in rows} >= {"1", "2"}


def test_teammates_pairs_a_shared_car(store: Store) -> None:
    pairs = {(r["driverName"], r["teammateName"]) for r in _rows(store, "teammates")}
    assert ("Marco Rinaldi", "Felix Hartung") in pairs and ("Felix Hartung", "Marco Rinaldi") in pairs


def test_result_evidence_gives_the_sentence(store: Store) -> None:
    rows = _rows(store, "result-evidence")
    albrecht = [r for r in rows if r["driverName"] == "Jonas Albrecht" and r["position"] == "1"]
    assert any("gewonnen" in r["evidence"] for r in albrecht)


def test_grid_nationalities_counts_countries(store: Store) -> None:
    countries = {r["country"] for r in _rows(store, "grid-nationalities")}
    assert "Österreich" in countries
