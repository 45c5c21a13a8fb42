"""Tests of the facts stage on short German sentences analysed by the real pipeline."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.facts import ArticleFacts, extract
from kg.facts.numbers import gap, lap_time, ordinal, position
from kg.ingest import Article
from kg.nlp import analyze


def run(text: str, ident: str = "t") -> ArticleFacts:
    (analyzed,) = list(analyze([Article(ident, text)]))
    return extract(analyzed)


def rows(f: ArticleFacts) -> set[tuple[str, int, tuple[str, ...]]]:
    kinds = {s.id: s.kind for s in f.sessions}
    return {(kinds[r.session], r.position, tuple(f.entity(d).label for d in r.drivers)) for r in f.results}


@pytest.mark.parametrize(
    ("word", "value"),
    [("Dritter", 3), ("fünften", 5), ("siebten", 7), ("Neunter", 9), ("ersten", 1), ("8.", 8)],
)
def test_numbers_ordinal(word, value):
    assert ordinal(word) == value


@pytest.mark.parametrize(("word", "value"), [("vier", 4), ("21", 21), ("zwölf", 12), ("Zehnter", 10)])
def test_numbers_position(word, value):
    assert position(word) == value


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2:24,869 Minuten", "144.869"),
        ("1:28.320 min.", "88.320"),
        ("1.41,670", "101.670"),
        ("1'38.123", "98.123"),  # a minute mark (MotoGP and Superbike timing)
        ("1’38,123 Minuten", "98.123"),
        ("1:09,6", "69.6"),  # tenths, after a colon
    ],
)
def test_numbers_lap_time(text, seconds):
    assert lap_time(text) == Decimal(seconds)


@pytest.mark.parametrize("text", ["22.07.2023", "1.5", "um 14:30, 5 Fahrer", "1.09,6"])
def test_numbers_no_lap_time(text):
    assert lap_time(text) is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("drei Hundertstelsekunden", "0.03"),
        ("+0,3 s", "0.3"),
        ("zwei Zehntel", "0.2"),
        ("1,6 Sekunden", "1.6"),
    ],
)
def test_numbers_gap(text, seconds):
    assert gap(text) == Decimal(seconds)


def test_results_pole_and_crew():
    f = run("Im Qualifying konnten Stefan Brenner und Thomas Ortmann die Falken-Corvette auf Pole stellen.")
    assert ("qualifying", 1, ("Stefan Brenner", "Thomas Ortmann")) in rows(f)
    assert {e.label for e in f.entities if e.kind == "team"} == {"Falken"}


def test_results_ordinals_and_following():
    f = run("Neunter des Zeittrainings wurde Michael Schneider, gefolgt von Thomas Kurz und Peter Lang.")
    assert {
        ("qualifying", 9, ("Michael Schneider",)),
        ("qualifying", 10, ("Thomas Kurz",)),
        ("qualifying", 11, ("Peter Lang",)),
    } <= rows(f)


def test_results_running_order_is_not_a_result():
    f = run("Im Rennen kämpfte Michael Schneider lange um P4 und lag auf Platz fünf.")
    assert not f.results


def test_results_lap_time_on_pole():
    f = run(
        "Michael Schneider holte den ersten Startplatz. Er fuhr mit 1:41,234 Minuten die Trainingsbestzeit."
    )
    (r,) = [r for r in f.results if r.position == 1]
    assert r.lap_time == Decimal("101.234")


def test_entities_surname_coreference():
    f = run("Thomas Kurz fuhr im Rennen auf Platz drei. Kurz war zufrieden, Kurzs Team auch.")
    (driver,) = [e for e in f.entities if e.kind == "driver"]
    assert driver.label == "Thomas Kurz"
    assert "Kurz" in driver.alt_labels


def test_entities_homonyms_stay_apart():
    a = run("Stefan Brenner fuhr auf Platz drei. Brenner war froh.", "a")
    b = run("Thomas Brenner fuhr auf Platz vier. Brenner war froh.", "b")
    la = {e.label for e in a.entities if e.kind == "driver"}
    lb = {e.label for e in b.entities if e.kind == "driver"}
    assert la == {"Stefan Brenner"} and lb == {"Thomas Brenner"}


@pytest.mark.parametrize(
    "text",
    [
        "Luca di Marco wurde Dritter. Di Marcos Auto war schnell.",
        "Luca di Marco wurde Dritter. Di Marco war froh.",
        "Luca di Marco wurde Dritter vor Tom Abt. Tom Abt war froh.",
    ],
)
def test_entities_a_particle_surname_opening_a_sentence_is_the_same_driver(text):
    f = run(text)
    drivers = sorted(e.label for e in f.entities if e.kind == "driver")
    assert drivers in (["Luca di Marco"], ["Luca di Marco", "Tom Abt"])


def test_entities_surname_only_is_not_global():
    f = run("Michael Schneider fuhr gut. Schneider/Ortmann fuhren auf Platz zwei.")
    surname_only = [e for e in f.entities if e.label == "Ortmann"]
    assert surname_only and not surname_only[0].global_name


@pytest.mark.parametrize(
    ("text", "attribute", "value"),
    [
        ("Michael Schneider (Frankreich) fuhr auf Platz zwei.", "nationality", "Frankreich"),
        ("Michael Schneider (Waldbrunn) fuhr auf Platz zwei.", "hometown", "Waldbrunn"),
        ("Michael Schneider fuhr auf Platz zwei. Der 27-jährige war zufrieden.", "age", "27"),
        ("Michael Schneider fuhr mit der Startnummer 17 auf Platz zwei.", "car_number", "17"),
    ],
)
def test_driver_facts(text, attribute, value):
    f = run(text)
    got = {
        (x.attribute, f.entity(x.value).label if x.attribute in ("nationality", "hometown") else x.value)
        for x in f.facts
    }
    assert (attribute, value) in got


def test_non_driver_person():
    f = run("Der Teamchef Olaf Brenner lobte die Mannschaft.")
    assert {e.kind for e in f.entities if e.label == "Olaf Brenner"} == {"person"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beim Rennen in Spa regnete es. Tom Berger, ein Franzose, gewann.", {("Tom Berger", "Frankreich")}),
        ("Beim Rennen in Spa regnete es. Die Franzosen Tom Berger und Paul Seidel gewannen.",
         {("Tom Berger", "Frankreich"), ("Paul Seidel", "Frankreich")}),
        ("Beim Rennen in Sakhir regnete es. Er biss sich die Zähne am 26-jährigen Japaner Nobu Matsu aus.",
         {("Nobu Matsu", "Japan")}),
        ("Bei der Rallye in Spanien regnete es. Der zweitplatzierte Spanier Dani Sorda rutschte ab.",
         {("Dani Sorda", "Spanien")}),
        ("Im Qualifying in Spa regnete es. Tom Berger holte die Pole. Als einziger Deutscher kam Paul Seidel "
         "in die Punkte.", {("Paul Seidel", "Deutschland")}),
        ("Beim Rennen in Le Mans regnete es. Das Feld komplettiert Strakka Racing mit dem britischen Trio "
         "Levis/Watson/Kahn.", {("Levis", "Großbritannien"), ("Kahn", "Großbritannien")}),
    ],
)  # fmt: skip
def test_nationality_of_an_indefinite_apposition_and_of_a_plural_demonym(text, expected):
    f = run(text)
    labels = {e.id: e.label for e in f.entities}
    got = {(labels[x.subject], labels[x.value]) for x in f.facts if x.attribute == "nationality"}
    assert expected <= got


def test_a_full_name_in_the_genitive_is_the_driver():
    f = run(
        "Beim Formel-1-Rennen in Hockenheim regnete es. "
        "Ein Defekt an Ralf Schumachers Williams-BMW kostete den Sieg."
    )
    assert "Ralf Schumacher" in {e.label for e in f.entities if e.kind in ("driver", "person")}
    assert "Ralf Schumachers" not in {e.label for e in f.entities}


def test_a_surname_is_the_driver_whose_whole_surname_it_is():
    f = run("Albert Costa wurde Zweiter hinter Antonio Felix da Costa. Costa war enttäuscht.")
    albert = next(e for e in f.entities if e.label == "Albert Costa")
    assert "Costa" in albert.alt_labels


def test_a_team_written_with_hyphens_in_a_compound_is_the_team_written_with_spaces():
    (analyzed,) = list(
        analyze(
            [
                Article(
                    "t",
                    "Im Rennen siegte Max Verstappen im Red Bull. Die Red-Bull-Piloten Max Verstappen und "
                    "Sergio Perez belegten die Plätze eins und zwei.",
                )
            ]
        )
    )
    f = extract(analyzed)
    assert [e.label for e in f.entities if e.kind == "team"] == ["Red Bull"]
