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


# a race report written for these tests (the examples have no standings): quotes, a standing
# with points, power, distance and track length
MONZA = (
    "Jan Hofmann hat das 16-Runden-Rennen des Porsche Supercup auf dem 5,8 Kilometer langen "
    "Autodromo Nazionale Monza gewonnen. Der Tabellenführer siegte im 420 PS starken Porsche 911 "
    "GT3 Cup mit 1,2 Sekunden Vorsprung.\n\n"
    "Zweiter wurde der Niederländer Tom Bakker vor Paul Keller. Hinter ihm liegt der "
    "Tabellenzweite Paul Keller mit 128 Punkten.\n\n"
    '"Das war ein perfektes Wochenende für das ganze Team", freute sich Hofmann nach der '
    'Zieldurchfahrt. "Mehr war heute einfach nicht drin", so der Niederländer.\n'
)


@pytest.fixture(scope="module")
def monza(tmp_path_factory: pytest.TempPathFactory) -> Store:
    src = tmp_path_factory.mktemp("articles")
    (src / "supercup-monza-rennen.txt").write_text(MONZA, encoding="utf-8")
    s = Store()
    report = build([src], s, Settings.load(env={}))
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
    # the qualifying report gives the lap; the race report names him "Pole-Mann" without one
    by_article = {r["article"]: r for r in pole}
    assert by_article["gtm-lausitz-qualifying"]["circuit"] == "Lausitzring"
    assert by_article["gtm-lausitz-qualifying"]["lapTime"] == "PT1M33.412S"


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


def test_quotes_gives_speaker_named_and_described(store: Store, monza: Store) -> None:
    said = {(r["speakerName"], r["quote"][:20]) for r in _rows(store, "quotes") + _rows(monza, "quotes")}
    assert ("Jan Hofmann", "Das war ein perfekte") in said
    # "so der Niederländer": the speaker known to be Dutch
    assert ("Tom Bakker", "Mehr war heute einfa") in said
    # "sagte Albrecht": a surname resolves to the full name
    assert ("Jonas Albrecht", "Die Runde war gut, a") in said
    # "erklärte der Sieger": the winner of the race
    assert ("Jonas Albrecht", "Der Start war entsch") in said


def test_championship_standings_gives_leader_and_points(monza: Store) -> None:
    rows = _rows(monza, "championship-standings")
    got = {(r["seriesName"], r["position"], r["driverName"], r["points"]) for r in rows}
    assert ("Porsche Supercup", "1", "Jan Hofmann", "") in got
    assert ("Porsche Supercup", "2", "Paul Keller", "128") in got
    assert all(r["evidence"] for r in rows)


def test_other_facts_of_the_race_are_in_the_graph(monza: Store) -> None:
    q = """
    PREFIX ms: <https://w3id.org/mskg/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?laps ?km ?ps WHERE {
      ?race a ms:Race ; ms:scheduledLaps ?laps ; ms:event/ms:circuit ?c .
      ?c rdfs:label "Autodromo Nazionale Monza" ; ms:lengthKm ?km .
      ?car rdfs:label "Porsche 911 GT3 Cup" ; ms:powerPS ?ps .
    }"""
    names, rows = result_rows(monza.query(q))
    assert [dict(zip(names, r, strict=True)) for r in rows] == [{"laps": "16", "km": "5.8", "ps": "420"}]
