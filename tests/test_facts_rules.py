"""Rules of the facts stage on plain German sentences written for these tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.facts import ArticleFacts, extract
from kg.facts.numbers import gap
from kg.ingest import Article
from kg.nlp import analyze
from kg.nlp.lexicon import load_lexicon
from kg.nlp.recognizer import find_mentions


def run(text: str) -> ArticleFacts:
    (analyzed,) = list(analyze([Article("t", text)]))
    return extract(analyzed)


def rows(f: ArticleFacts) -> set[tuple[str, int, tuple[str, ...]]]:
    kinds = {s.id: s.kind for s in f.sessions}
    return {(kinds[r.session], r.position, tuple(f.entity(d).label for d in r.drivers)) for r in f.results}


def facts(f: ArticleFacts) -> set[tuple[str, str, str]]:
    labels = {e.id: e.label for e in f.entities}
    return {(labels[x.subject], x.attribute, labels.get(x.value, x.value)) for x in f.facts}


@pytest.mark.parametrize(
    "text",
    [
        "Max Kellner hat das Rennen in Hockenheim gewonnen.",
        "Max Kellner gewann das Rennen in Hockenheim.",
        "Im Rennen auf dem Sachsenring siegte Max Kellner.",
        "Max Kellner feierte auf dem Sachsenring den Sieg.",
        "Sieger des Rennens wurde Max Kellner.",
    ],
)
def test_results_winner_patterns(text):
    assert ("race", 1, ("Max Kellner",)) in rows(run(text))


def test_results_demonym_subject_wins_not_the_pole_man():
    f = run(
        "Max Kellner (Schweiz) fuhr im Rennen auf dem Sachsenring stark. "
        "Der Schweizer setzte sich gegen Pole-Mann Paul Seidel durch und siegte."
    )
    # the race is the described driver's; "Pole-Mann" names the pole sitter of the qualifying
    assert {r for r in rows(f) if r[0] == "race"} == {("race", 1, ("Max Kellner",))}
    assert ("qualifying", 1, ("Paul Seidel",)) in rows(f)


def test_results_vor_and_relative_clause_give_one_position_each():
    f = run("Im Rennen wurde Paul Seidel Zweiter vor Jan Weber (Polen), der als Dritter ins Ziel kam.")
    assert rows(f) == {("race", 2, ("Paul Seidel",)), ("race", 3, ("Jan Weber",))}


@pytest.mark.parametrize(
    "text",
    [
        "Im Rennen folgen auf den Plätzen fünf und sechs Paul Seidel und Jan Weber.",
        "Auf den Plätzen fünf und sechs folgen im Rennen Paul Seidel und Jan Weber.",
        "Im Qualifying kamen Paul Seidel und Jan Weber auf die Positionen fünf und sechs.",
    ],
)
def test_results_list_of_positions_aligns_with_names(text):
    got = {(p, d) for _, p, d in rows(run(text))}
    assert got == {(5, ("Paul Seidel",)), (6, ("Jan Weber",))}


def test_results_coordinated_crew_shares_one_result_car_and_team():
    f = run(
        "Im Rennen teilten sich Paul Seidel und Jan Weber den dritten Platz im Audi R8 LMS von Kessel Racing."
    )
    assert rows(f) == {("race", 3, ("Paul Seidel", "Jan Weber"))}
    got = facts(f)
    for a, b in (("Paul Seidel", "Jan Weber"), ("Jan Weber", "Paul Seidel")):
        assert (a, "teammate", b) in got
        assert (a, "car_model", "Audi R8 LMS") in got
        assert (a, "team", "Kessel Racing") in got
    (r,) = f.results
    assert f.entity(r.team).label == "Kessel Racing" and f.entity(r.car_model).label == "Audi R8 LMS"


def test_results_one_qualifying_session_per_event():
    f = run(
        "Paul Seidel holte im Qualifying die Pole-Position. "
        "Zweiter wurde Jan Weber im Audi R8 LMS auf dem Sachsenring. Dritter wurde Max Kellner."
    )
    assert len(f.sessions) == 1 and len(f.events) == 1
    assert {p for _, p, _ in rows(f)} == {1, 2, 3}


def test_results_earlier_race_is_its_own_event():
    f = run(
        "Im Qualifying auf dem Sachsenring holte Paul Seidel die Pole. "
        "Jan Weber, der beim letzten Lauf in Hockenheim gewann, wurde Zweiter."
    )
    events = {s.event for s in f.sessions if s.kind == "race"}
    quali = {s.event for s in f.sessions if s.kind == "qualifying"}
    assert events and quali and not events & quali


def test_results_winner_margin_is_the_gap_of_second():
    f = run("Max Kellner gewann das Rennen mit 1,8 Sekunden Vorsprung. Zweiter wurde Paul Seidel.")
    second = [r for r in f.results if r.position == 2]
    assert second and second[0].gap == Decimal("1.8")
    assert all(r.gap is None for r in f.results if r.position == 1)


def test_results_margin_without_second_gives_no_gap():
    f = run("Max Kellner gewann das Rennen mit 1,8 Sekunden Vorsprung.")
    assert all(r.gap is None for r in f.results)


def test_results_gap_of_slower_driver():
    f = run(
        "Im Qualifying holte Max Kellner die Pole. "
        "Zweiter wurde Paul Seidel, der zwei Zehntelsekunden langsamer war."
    )
    second = [r for r in f.results if r.position == 2]
    assert second and second[0].gap == Decimal("0.2")


def test_results_lap_time_of_described_pole_sitter():
    f = run(
        "Max Kellner sicherte sich im Qualifying die Pole-Position. "
        "Der 23-jährige Freiburger fuhr mit 1:31,207 Minuten die schnellste Runde."
    )
    (pole,) = [r for r in f.results if r.position == 1]
    assert pole.lap_time == Decimal("91.207")


@pytest.mark.parametrize(
    "text",
    [
        "Im Rennen lag Max Kellner lange auf Platz fünf.",
        "Im Rennen kämpfte Max Kellner um P4.",
    ],
)
def test_results_running_order_is_never_a_result(text):
    assert not run(text).results


@pytest.mark.parametrize(
    ("text", "driver", "country"),
    [
        ("Zweiter im Rennen wurde der Niederländer Jan Weber.", "Jan Weber", "Niederlande"),
        ("Im Rennen folgten Max Kellner und Jan Weber. Der Italiener fuhr stark.", "Jan Weber", "Italien"),
        ("Im Rennen siegte Jan Weber. Der Brite fuhr im Audi R8 LMS.", "Jan Weber", "Großbritannien"),
        ("Jan Weber wurde im Rennen Dritter. Der Sieg des Iren war nie in Gefahr.", "Jan Weber", "Irland"),
    ],
)
def test_drivers_demonym_gives_nationality(text, driver, country):
    assert (driver, "nationality", country) in facts(run(text))


def test_drivers_demonym_skips_driver_of_other_nationality():
    f = run("Im Rennen siegte Max Kellner (Schweiz) vor Jan Weber (Italien). Der Schweizer jubelte.")
    assert ("Jan Weber", "nationality", "Schweiz") not in facts(f)
    assert ("Max Kellner", "nationality", "Schweiz") in facts(f)


def test_drivers_landsmann_shares_nationality():
    f = run("Im Rennen siegte Max Kellner (Schweiz) vor seinem Landsmann Jan Weber.")
    assert ("Jan Weber", "nationality", "Schweiz") in facts(f)


@pytest.mark.parametrize(
    ("text", "driver", "attribute", "value"),
    [
        (
            "Max Kellner holte im Rennen den Sieg. "
            "Der 23-jährige Freiburger fuhr im Audi R8 LMS von Kessel Racing.",
            "Max Kellner",
            "team",
            "Kessel Racing",
        ),
        (
            "Max Kellner holte im Rennen den Sieg. "
            "Der 23-jährige Freiburger fuhr im Audi R8 LMS von Kessel Racing.",
            "Max Kellner",
            "hometown",
            "Freiburg",
        ),
        (
            "Zweiter wurde Max Kellner vor Jan Weber (Polen), der im Audi R8 LMS von Kessel Racing fuhr.",
            "Jan Weber",
            "car_model",
            "Audi R8 LMS",
        ),
        (
            "Im Rennen wurde Jan Weber Vierter. Der Franzose teilt sich das Cockpit mit Max Kellner.",
            "Jan Weber",
            "teammate",
            "Max Kellner",
        ),
    ],
)
def test_drivers_description_and_relative_clause_subjects(text, driver, attribute, value):
    assert (driver, attribute, value) in facts(run(text))


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("zwei Zehntelsekunden", "0.2"), ("drei Hundertstelsekunden", "0.03"), ("+0,3 s", "0.3")],
)
def test_numbers_gap_words(text, seconds):
    assert gap(text) == Decimal(seconds)


@pytest.mark.parametrize(
    ("text", "car"),
    [
        ("Er fuhr einen Lamborghini Huracan GT3 im Rennen.", "Lamborghini Huracan GT3"),
        ("Er fuhr einen Mercedes-AMG GT3 im Rennen.", "Mercedes-AMG GT3"),
        ("Er fuhr einen Audi R8 LMS im Rennen.", "Audi R8 LMS"),
    ],
)
def test_recognizer_car_models_with_name_and_sub_brand(text, car):
    found = find_mentions(text, load_lexicon())
    assert (car, "CAR") in {(text[s:e], label) for s, e, label, _ in found}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Im Qualifying holte Max Kellner die Pole. Dritter wurde Paul Seidel. "
            "Jan Weber startet aus der zweiten Startreihe.",
            ("qualifying", 4, ("Jan Weber",)),
        ),
        (
            "Im Qualifying holte Max Kellner die Pole. Jan Weber startet aus der ersten Startreihe.",
            ("qualifying", 2, ("Jan Weber",)),
        ),
    ],
)
def test_results_grid_row_when_unambiguous(text, expected):
    assert expected in rows(run(text))


def test_results_grid_row_ambiguous_is_skipped():
    f = run("Im Qualifying holte Max Kellner die Pole. Jan Weber startet aus der zweiten Startreihe.")
    assert not any(d == ("Jan Weber",) for _, _, d in rows(f))


@pytest.mark.parametrize(
    "text",
    [
        "Max Kellner, der im Vorjahr die Meisterschaft gewann, fuhr im Rennen mit.",
        "Im Rennen fuhr auch Max Kellner, der Sieger der Herzen.",
        "Im Rennen startete Max Kellner von der Pole-Mann-Position nicht.",
    ],
)
def test_results_no_race_win_without_a_race(text):
    assert ("race", 1, ("Max Kellner",)) not in rows(run(text))


def test_results_postposed_subjects_in_an_elliptic_list():
    f = run("Zweiter des Rennens wurde der Belgier Jan Weber, Dritter Paul Seidel (Schweden).")
    assert rows(f) == {("race", 2, ("Jan Weber",)), ("race", 3, ("Paul Seidel",))}
    assert ("Jan Weber", "nationality", "Belgien") in facts(f)
    assert ("Paul Seidel", "nationality", "Schweden") in facts(f)


@pytest.mark.parametrize(
    ("text", "driver", "attribute", "value"),
    [
        ("Der 23 Jahre alte Tom Berg holte die Pole.", "Tom Berg", "age", "23"),
        (
            "Der Lokalmatador Tom Berg aus Oschersleben holte die Pole.",
            "Tom Berg",
            "hometown",
            "Oschersleben",
        ),
        ("Tom Berg aus den Niederlanden holte die Pole.", "Tom Berg", "nationality", "Niederlande"),
        ("Tom Berg (Startnummer 7) holte die Pole.", "Tom Berg", "car_number", "7"),
        ("Prema-Neuzugang Tom Berg holte die Pole.", "Tom Berg", "team", "Prema"),
    ],
)
def test_drivers_facts_of_line_ups(text, driver, attribute, value):
    assert (driver, attribute, value) in facts(run(text))


def test_a_number_in_the_parenthesis_is_no_team():
    assert not {f for f in facts(run("Tom Berg (Startnummer 7) holte die Pole.")) if f[1] == "team"}
