"""Result constructions (kg.facts.results) on short reports written for these tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.facts import ArticleFacts, extract
from kg.ingest import Article
from kg.nlp import analyze


def run(text: str) -> ArticleFacts:
    (analyzed,) = list(analyze([Article("t", text)]))
    return extract(analyzed)


def rows(f: ArticleFacts) -> set[tuple[str, int, tuple[str, ...]]]:
    kinds = {s.id: s.kind for s in f.sessions}
    return {(kinds[r.session], r.position, tuple(f.entity(d).label for d in r.drivers)) for r in f.results}


def result(f: ArticleFacts, position: int):
    (r,) = [r for r in f.results if r.position == position]
    return r


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ranked behind the one placed
        ("Im Rennen siegte Tom Berg vor Paul Seidel und Jan Weber.",
         {("race", 1, ("Tom Berg",)), ("race", 2, ("Paul Seidel",)), ("race", 3, ("Jan Weber",))}),
        # "Hinter X folgten ..." and "dahinter ..." count on from a known position
        ("Im Qualifying holte Tom Berg die Pole. Dahinter reihten sich Paul Seidel, Jan Weber und Lars Ohm ein.",  # noqa: E501
         {("qualifying", 2, ("Paul Seidel",)), ("qualifying", 3, ("Jan Weber",)), ("qualifying", 4, ("Lars Ohm",))}),  # noqa: E501
        ("Im Qualifying holte Tom Berg die Pole. Hinter dem Duo folgten Jan Weber und Lars Ohm.",
         {("qualifying", 3, ("Jan Weber",)), ("qualifying", 4, ("Lars Ohm",))}),
        # "verwies A und B auf die Plätze (zwei und drei)": the objects behind the subject
        ("Im Qualifying verwies Tom Berg die Rivalen Jan Weber und Lars Ohm auf die Plätze.",
         {("qualifying", 1, ("Tom Berg",)), ("qualifying", 2, ("Jan Weber",)), ("qualifying", 3, ("Lars Ohm",))}),  # noqa: E501
        ("Tom Berg verwies im Qualifying Jan Weber und Lars Ohm auf die Plätze zwei und drei.",
         {("qualifying", 1, ("Tom Berg",)), ("qualifying", 2, ("Jan Weber",)), ("qualifying", 3, ("Lars Ohm",))}),  # noqa: E501
        ("Tom Berg gewann das Rennen und verdrängte Jan Weber auf den zweiten Platz.",
         {("race", 1, ("Tom Berg",)), ("race", 2, ("Jan Weber",))}),
        # a place going to a name across a relative clause, and with the time said on the way
        ("Im Qualifying wurde es eng. Die Pole, die erste seit Jahren, ging an Tom Berg.",
         {("qualifying", 1, ("Tom Berg",))}),
        ("Im Qualifying ging die Pole mit einer Zeit von 1:58,692 Minuten an Tom Berg.",
         {("qualifying", 1, ("Tom Berg",))}),
        # "sie" with several places: the list named before, one place each; "von den Plätzen" a grid
        ("Im Halbfinale schieden Jan Weber und Lars Ohm aus. Sie starten von den Plätzen drei und vier.",
         {("qualifying", 3, ("Jan Weber",)), ("qualifying", 4, ("Lars Ohm",))}),
        ("Jan Weber und Lars Ohm schieden im Halbfinale aus, sie starten von den Plätzen drei und vier.",
         {("qualifying", 3, ("Jan Weber",)), ("qualifying", 4, ("Lars Ohm",))}),
        # a list seated in a car named before it is that car's crew, in "dahinter" and "vor" lists
        ("Im Zeittraining fuhr Tom Berg die Bestzeit. Dahinter reihten sich der Manthey-Porsche mit Jan Weber und Lars Ohm und der Falken-BMW mit Paul Seidel und Max Kern ein.",  # noqa: E501
         {("qualifying", 2, ("Jan Weber", "Lars Ohm")), ("qualifying", 3, ("Paul Seidel", "Max Kern"))}),
        ("Im Rennen siegte Tom Berg vor dem Manthey-Porsche mit Jan Weber und Lars Ohm und dem Falken-BMW von Paul Seidel und Max Kern.",  # noqa: E501
         {("race", 2, ("Jan Weber", "Lars Ohm")), ("race", 3, ("Paul Seidel", "Max Kern"))}),
        # the names opening a sentence, then "folgten" at its end; "Die weiteren Plätze belegten"
        ("Im Qualifying war Tom Berg Schnellster. Jan Weber (+0,294 Sekunden) und Lars Ohm (+0,307) folgten.",
         {("qualifying", 2, ("Jan Weber",)), ("qualifying", 3, ("Lars Ohm",))}),
        ("Im Qualifying war Tom Berg Schnellster. Die weiteren Plätze belegten Jan Weber und Lars Ohm.",
         {("qualifying", 2, ("Jan Weber",)), ("qualifying", 3, ("Lars Ohm",))}),
        # "Auf den weiteren Podestplätzen landeten …": counting on from the winner
        ("Im Rennen siegte Tom Berg. Auf den weiteren Podestplätzen landeten der Falken-BMW (Jan Weber/Lars Ohm) und der Manthey-Porsche (Paul Seidel/Max Kern).",  # noqa: E501
         {("race", 2, ("Jan Weber", "Lars Ohm")), ("race", 3, ("Paul Seidel", "Max Kern"))}),
        # a grid row listed whole is as wide as its list, right after the places known
        ("Im Qualifying holte Max Kern die Pole vor Tom Berg und Paul Seidel. In der zweiten Reihe stehen Jan Weber, Lars Ohm und Ole Beck.",  # noqa: E501
         {("qualifying", 4, ("Jan Weber",)), ("qualifying", 5, ("Lars Ohm",)), ("qualifying", 6, ("Ole Beck",))}),  # noqa: E501
        ("Im Qualifying holte Max Kern die Pole vor Tom Berg. In der zweiten Reihe stehen Jan Weber und Lars Ohm.",  # noqa: E501
         {("qualifying", 3, ("Jan Weber",)), ("qualifying", 4, ("Lars Ohm",))}),
        ("Im Qualifying holte Max Kern die Pole. Die erste Startreihe komplettieren Jan Weber und Lars Ohm.",
         {("qualifying", 2, ("Jan Weber",)), ("qualifying", 3, ("Lars Ohm",))}),
        # a list followed by the one car it sits in is a crew: podium and "vor" lists
        ("Im Rennen siegte Max Kern. Das Podium komplettierten Tom Berg und Jan Weber im Porsche 911 GT3 R.",
         {("race", 3, ("Tom Berg", "Jan Weber"))}),
        ("Im Mercedes gewannen Max Kern und Ole Beck. Zweite wurden Tom Berg und Jan Weber (BMW M6) vor Lars Ohm und Paul Seidel (Porsche).",  # noqa: E501
         {("race", 2, ("Tom Berg", "Jan Weber")), ("race", 3, ("Lars Ohm", "Paul Seidel"))}),
        # each name's own parenthesis: no crew
        ("Im Rennen siegte Max Kern vor Tom Berg (Mercedes) und Jan Weber (Mercedes).",
         {("race", 2, ("Tom Berg",)), ("race", 3, ("Jan Weber",))}),
        # the one beaten by "setzte sich gegen X durch" is second; a car's crew as one
        ("Im Qualifying setzte sich Tom Berg gegen Jan Weber durch.",
         {("qualifying", 1, ("Tom Berg",)), ("qualifying", 2, ("Jan Weber",))}),
        ("Im Rennen setzten sich Tom Berg und Max Kern nach sechs Stunden gegen den Ferrari von Jan Weber und Lars Ohm durch.",  # noqa: E501
         {("race", 1, ("Tom Berg", "Max Kern")), ("race", 2, ("Jan Weber", "Lars Ohm"))}),
        # "reichte es für X nur zu Platz fünf": the place is X's
        ("Im Rennen siegte Tom Berg. Am Ende reichte es für Jan Weber nur zu Platz fünf.",
         {("race", 5, ("Jan Weber",))}),
        # "Top-3 im Qualifying: A, B, C"
        ("Top-3 im Qualifying: Tom Berg, Jan Weber, Lars Ohm.",
         {("qualifying", 1, ("Tom Berg",)), ("qualifying", 2, ("Jan Weber",)), ("qualifying", 3, ("Lars Ohm",))}),  # noqa: E501
        # the dative alone opening a sentence: those after the one in focus
        ("Tom Berg holte im Qualifying die Pole. Ihm folgten Jan Weber und Lars Ohm.",
         {("qualifying", 1, ("Tom Berg",)), ("qualifying", 2, ("Jan Weber",)), ("qualifying", 3, ("Lars Ohm",))}),  # noqa: E501
        # respectively: positions to names in order
        ("Im Rennen belegten Paul Seidel und Jan Weber die Plätze sieben und acht.",
         {("race", 7, ("Paul Seidel",)), ("race", 8, ("Jan Weber",))}),
        ("Im Qualifying folgten Tom Berg, Paul Seidel und Jan Weber auf den Rängen fünf bis sieben.",
         {("qualifying", 5, ("Tom Berg",)), ("qualifying", 6, ("Paul Seidel",)), ("qualifying", 7, ("Jan Weber",))}),  # noqa: E501
        # the object of "verwies ... auf Rang zwei" and of "ging an"
        ("Im Qualifying war Tom Berg schnell: er verwies seinen Rivalen Paul Seidel auf Rang zwei.", {("qualifying", 2, ("Paul Seidel",))}),  # noqa: E501
        ("Im Rennen ging der dritte Platz an Jan Weber.", {("race", 3, ("Jan Weber",))}),
        # a plural verb makes a list one crew; slashes always do
        ("Das Rennen gewannen Tom Berg, Paul Seidel und Jan Weber.", {("race", 1, ("Tom Berg", "Paul Seidel", "Jan Weber"))}),  # noqa: E501
        ("Zweite wurden Tom Berg/Paul Seidel.", {("race", 2, ("Tom Berg", "Paul Seidel"))}),
        # a description at the start of a sentence is the person just named
        ("Tom Berg fuhr stark. Der Brasilianer gewann das Rennen.", {("race", 1, ("Tom Berg",))}),
        # a pronoun subject
        ("Im Rennen fuhr Tom Berg lange vorne. Ins Ziel kam er als Vierter.", {("race", 4, ("Tom Berg",))}),
        # "er" before any name keeps the one in focus
        ("Im Rennen fuhr Tom Berg stark. Lange beißt er sich die Zähne am Japaner Jan Weber aus. "
         "Am Ende wurde er Dritter.", {("race", 3, ("Tom Berg",))}),
        # the present of reports
        ("Im Rennen fährt Tom Berg lange vorne. Als Achtplatzierter landet er am Ende in den Punkten.",
         {("race", 8, ("Tom Berg",))}),
        # a classification line
        ("Ergebnis\n1. Tom Berg (GER) Ferrari 1:30:44,200\n2. Paul Seidel (AUT) Mercedes +6,996",
         {("race", 1, ("Tom Berg",)), ("race", 2, ("Paul Seidel",))}),
        # two who complete the podium are second and third; "auf den Plätzen folgten" counts on
        ("Tom Berg gewann das Rennen. Paul Seidel und Jan Weber komplettierten das Podium.",
         {("race", 1, ("Tom Berg",)), ("race", 2, ("Paul Seidel",)), ("race", 3, ("Jan Weber",))}),
        ("Tom Berg gewann das Rennen. Auf den Plätzen folgten Paul Seidel und Jan Weber.",
         {("race", 1, ("Tom Berg",)), ("race", 2, ("Paul Seidel",)), ("race", 3, ("Jan Weber",))}),
        # "hinter X": one place ahead; "Vorsprung auf X": second
        ("Im Rennen sicherte sich Tom Berg Rang zwei hinter Paul Seidel.",
         {("race", 1, ("Paul Seidel",)), ("race", 2, ("Tom Berg",))}),
        ("Hinter Tom Berg kam Paul Seidel im Rennen als Zweiter ins Ziel.",
         {("race", 1, ("Tom Berg",)), ("race", 2, ("Paul Seidel",))}),
        ("Tom Berg gewann das Rennen mit 2,3 Sekunden Vorsprung auf Paul Seidel.",
         {("race", 1, ("Tom Berg",)), ("race", 2, ("Paul Seidel",))}),
        # a plural verb in the past makes the list after it a crew; a race's "Gesamtwertung"
        ("Mit ihrem dritten Platz in der Gesamtwertung sorgten Tom Berg, Paul Seidel und Jan Weber für eine Überraschung.",  # noqa: E501
         {("race", 3, ("Tom Berg", "Paul Seidel", "Jan Weber"))}),
        # "Platz ein": an article, no number
        ("Tom Berg fuhr im Rennen mit seinem vierten Platz ein gutes Ergebnis ein.", {("race", 4, ("Tom Berg",))}),  # noqa: E501
        # where one starts from is a grid place, a qualifying result, even in a race report
        ("Beim Rennen in Mexiko startet Tom Berg von Platz vier.", {("qualifying", 4, ("Tom Berg",))}),
        ("Im Rennen startete Tom Berg von Rang sieben und wurde Dritter.",
         {("qualifying", 7, ("Tom Berg",)), ("race", 3, ("Tom Berg",))}),
        ("Im Rennen verbesserte sich Tom Berg von der 15. Startposition auf Rang 14.",
         {("qualifying", 15, ("Tom Berg",)), ("race", 14, ("Tom Berg",))}),
        # the places after the pole: as many as there are names
        ("Im Qualifying in Assen fuhr Tom Berg auf die Pole. Paul Seidel und Jan Weber komplettieren die erste Reihe.",  # noqa: E501
         {("qualifying", 2, ("Paul Seidel",)), ("qualifying", 3, ("Jan Weber",))}),
        ("Tom Berg startet von der Pole. Die erste Startreihe komplettiert Paul Seidel, dahinter folgen "
         "Jan Weber und Lars Ohm.", {("qualifying", 2, ("Paul Seidel",)), ("qualifying", 3, ("Jan Weber",)),
                          ("qualifying", 4, ("Lars Ohm",))}),
        ("Tom Berg sichert sich die Pole-Position. Hinter ihm stehen Paul Seidel und Jan Weber in der Startaufstellung.",  # noqa: E501
         {("qualifying", 2, ("Paul Seidel",)), ("qualifying", 3, ("Jan Weber",))}),
        ("Im Qualifying fuhr Tom Berg Bestzeit. Paul Seidel fuhr die zweitschnellste Zeit, Jan Weber die drittschnellste.",  # noqa: E501
         {("qualifying", 2, ("Paul Seidel",)), ("qualifying", 3, ("Jan Weber",))}),
        # "geht vom ersten Startplatz in das Rennen": a grid place, and the report stays on the grid
        ("Tom Berg geht vom ersten Startplatz in das Rennen. Rang zwei belegt Paul Seidel (+0,123 Sekunden).",
         {("qualifying", 1, ("Tom Berg",)), ("qualifying", 2, ("Paul Seidel",))}),
        # the race a session is held for names no race: "Zeittraining zum vierten VLN-Lauf"
        ("Im Zeittraining zum vierten VLN-Lauf markierte Tom Berg mit 8:05,123 Minuten die schnellste Runde.",
         {("qualifying", 1, ("Tom Berg",))}),
        # a shoot-out decides the first places of the grid: they are the qualifying's (grid = qualifying)
        ("In der Superpole setzte sich Tom Berg durch. Neben ihm startet Paul Seidel aus der ersten Reihe.",
         {("qualifying", 1, ("Tom Berg",)), ("qualifying", 2, ("Paul Seidel",))}),
        ("Tom Berg holte in der Hyperpole die Pole-Position.", {("qualifying", 1, ("Tom Berg",))}),
        # ranked behind a list of drivers: they hold the places before, in order
        ("Im Rennen wurde Tom Berg Dritter hinter Paul Seidel und Jan Weber.",
         {("race", 1, ("Paul Seidel",)), ("race", 2, ("Jan Weber",)), ("race", 3, ("Tom Berg",))}),
        # a pole said in passing ("führte von der Pole weg") does not turn the report to the grid
        ("Tom Berg gewann das Rennen. Beim Start führte noch Jan Weber von der Pole weg. Paul Seidel "
         "wurde Achter.", {("qualifying", 1, ("Jan Weber",)), ("race", 8, ("Paul Seidel",))}),
        # an earlier race is a result too (its own event)
        ("Vorjahressieger Tom Berg startet am Sonntag.", {("race", 1, ("Tom Berg",))}),
    ],
)  # fmt: skip
def test_result_constructions(text, expected):
    assert expected <= rows(run(text))


@pytest.mark.parametrize(
    "text",
    [
        "Im Rennen lag Tom Berg lange auf Platz drei.",  # running order
        "Tom Berg ist nun Dritter in der Tabelle mit 47 Punkten.",  # standings
        "Mit einem Sieg würde Tom Berg Meister werden.",  # hypothetical
        "Tom Berg verpasste die Pole knapp.",  # a miss
        "Tom Berg, der im Vorjahr die Meisterschaft gewann, fuhr mit.",  # no race won
        "In der Saison holte Tom Berg 51 Punkte und belegte in der Gesamtwertung Rang zehn.",  # the season's
        "WM-Stand\n1. Tom Berg (GER) Mercedes 217\n2. Paul Seidel (GER) Mercedes 198",  # a standings table
    ],
)
def test_no_result_where_none_is_stated(text):
    assert not rows(run(text))


def test_lap_time_before_the_name_goes_to_the_pole():
    f = run("Mit einer Zeit von 1:36,303 Minuten sicherte sich Tom Berg im Qualifying die Pole-Position.")
    assert result(f, 1).lap_time == Decimal("96.303")


def test_lap_times_and_gaps_follow_their_names():
    f = run(
        "Im Qualifying war Tom Berg mit 1:27,319 Minuten nicht zu schlagen. "
        "Dahinter folgen Paul Seidel (+0,172) und Jan Weber (+0,301)."
    )
    assert result(f, 1).lap_time == Decimal("87.319")
    assert result(f, 2).gap == Decimal("0.172") and result(f, 3).gap == Decimal("0.301")


def test_a_race_fastest_lap_is_no_result():
    f = run("Im Rennen siegte Tom Berg. Paul Seidel fuhr die schnellste Runde.")
    assert ("race", 1, ("Paul Seidel",)) not in rows(f)


def test_a_car_subject_gets_the_crew_named_with_it():
    f = run("Zweiter wurde der Porsche von Kessler Racing, das Duo Tom Berg und Paul Seidel.")
    assert ("race", 2, ("Tom Berg", "Paul Seidel")) in rows(f)


def test_a_car_number_stands_for_the_crew_the_text_gave_it():
    f = run(
        "Im Qualifying fuhr der Toyota #7 (Tom Berg/Paul Seidel) die Bestzeit. "
        "Der Porsche #6 (Lars Ohm/Kai Brandt) wurde Zweiter. Im Rennen siegte die #6 vor der #7."
    )
    got = rows(f)
    assert ("race", 1, ("Lars Ohm", "Kai Brandt")) in got and ("race", 2, ("Tom Berg", "Paul Seidel")) in got


def test_a_result_said_of_one_driver_of_a_car_is_the_crews():
    f = run(
        "Der Cadillac #01 (Bourg/Zander/Dix), den Tom Bourg im Rennen auf Platz vier gestellt hat, "
        "fiel zurück."
    )
    assert ("race", 4, ("Tom Bourg", "Zander", "Dix")) in rows(f)


def test_a_pole_lap_stays_the_drivers():
    f = run("Im Qualifying fuhr Tom Berg/Paul Seidel stark. Tom Berg holte die Pole.")
    assert ("qualifying", 1, ("Tom Berg",)) in rows(f)


def test_the_main_races_grid_is_the_qualifying_races_result():
    text = (
        "Im Qualifikationsrennen in Spa blieb es ruhig. Tom Bourg und Paul Zander stehen im morgigen "
        "Hauptrennen auf Pole."
    )
    assert ("qualifying_race", 1, ("Tom Bourg", "Paul Zander")) in rows(run(text))
    alone = "Tom Bourg und Paul Zander stehen im morgigen Hauptrennen auf Pole."
    assert ("qualifying", 1, ("Tom Bourg", "Paul Zander")) in rows(run(alone))


def class_rows(f: ArticleFacts) -> set[tuple[str | None, int, tuple[str, ...]]]:
    classes = {s.id: (f.entity(s.race_class).label if s.race_class else None) for s in f.sessions}
    return {(classes[r.session], r.position, tuple(f.entity(d).label for d in r.drivers)) for r in f.results}


def test_a_cars_result_goes_to_the_crew_that_opens_the_next_sentence():
    f = run(
        "Große Freude herrschte beim Team Black Falcon, das seinen Audi R8 LMS auf dem fünften "
        "Gesamtrang und Platz drei der GT3-Klasse ins Ziel brachte.\n\n"
        "Tom Bourg (Köln), Paul Zander (Bonn) und Jan Dix (Essen) teilten sich das Auto."
    )
    crew = ("Tom Bourg", "Paul Zander", "Jan Dix")
    assert {(None, 5, crew), ("GT3", 3, crew)} <= class_rows(f)


def test_the_best_of_a_class_is_first_in_it_and_his_overall_place_stays_overall():
    f = run("Beim 24-Stunden-Rennen in Spa war Tom Bourg als Fünfter bester Pro-Am-Starter.")
    assert class_rows(f) == {(None, 5, ("Tom Bourg",)), ("Pro-Am", 1, ("Tom Bourg",))}


@pytest.mark.parametrize(
    "text",
    [
        "Ergebnis des Rennens in Sebring:\n\nLMP2\n1. Team Alpha (Tom Bourg/Paul Zander)\n"
        "2. Team Beta (Jan Dix/Max Rohr)",
        "Ergebnis des Rennens in Sebring:\n\nKlasse LMP2:\n1. Team Alpha (Tom Bourg/Paul Zander)\n"
        "2. Team Beta (Jan Dix/Max Rohr)",
        "Ergebnis des Rennens in Sebring. LMP2: 1. Team Alpha (Tom Bourg/Paul Zander), "
        "2. Team Beta (Jan Dix/Max Rohr).",
    ],
)
def test_a_class_table_gives_class_places_to_the_crews_after_their_teams(text):
    assert class_rows(run(text)) == {
        ("LMP2", 1, ("Tom Bourg", "Paul Zander")),
        ("LMP2", 2, ("Jan Dix", "Max Rohr")),
    }


def test_a_class_heading_holds_only_for_the_table_under_it():
    f = run(
        "Ergebnis des Rennens in Sebring:\n\nLMP2\n1. Tom Bourg/Paul Zander (Team Alpha)\n\n"
        "Gesamtergebnis\n1. Jan Dix/Max Rohr (Team Beta)"
    )
    assert class_rows(f) == {("LMP2", 1, ("Tom Bourg", "Paul Zander")), (None, 1, ("Jan Dix", "Max Rohr"))}


def test_a_class_that_goes_to_a_crew_is_its_class_win():
    f = run(
        "Beim 12-Stunden-Rennen in Sebring gewann Jan Dix. Die Klasse GTLM ging an Tom Bourg und Paul Zander."
    )
    assert ("GTLM", 1, ("Tom Bourg", "Paul Zander")) in class_rows(f)


def test_a_sister_car_with_its_crew_is_a_subject_of_its_own():
    f = run(
        "Beim 6-Stunden-Rennen in Fuji kamen Tom Bourg und Paul Zander auf Rang vier ins Ziel, der "
        "Schwesterwagen mit Jan Dix und Max Rohr wurde Sechster."
    )
    assert rows(f) == {("race", 4, ("Tom Bourg", "Paul Zander")), ("race", 6, ("Jan Dix", "Max Rohr"))}


def test_names_in_a_later_clause_of_the_next_sentence_are_not_the_cars_crew():
    f = run(
        "Der Audi R8 LMS von Black Falcon kam auf Platz fünf ins Ziel. Im Ziel jubelte das Team, "
        "während Tom Bourg ausfiel."
    )
    assert not f.results


def test_an_aim_or_a_condition_is_no_result():
    assert not run("Tom Bourg kann sich noch Hoffnungen auf den Gesamtsieg machen.").results
    assert not run("Sollte Tom Bourg das Rennen gewinnen, wäre er Meister.").results


def laps(f: ArticleFacts) -> dict[tuple[str, int], str]:
    kinds = {s.id: s.kind for s in f.sessions}
    return {(kinds[r.session], r.position): str(r.lap_time) for r in f.results if r.lap_time is not None}


def test_a_lap_time_in_a_sentence_without_a_position_is_its_subjects():
    described = run(
        "Tom Bourg holte im Qualifying die Pole-Position. Der Audi-Pilot brauchte für die Runde "
        "1:35,918 Minuten und verwies Paul Zander auf Rang zwei."
    )
    assert laps(described) == {("qualifying", 1): "95.918"}
    named = run("Tom Bourg holte im Qualifying die Pole-Position. Bourg fuhr dabei 1:35,918 Minuten.")
    assert laps(named) == {("qualifying", 1): "95.918"}
    other = run("Tom Bourg holte im Qualifying die Pole-Position. Paul Zander fuhr dabei 1:35,918 Minuten.")
    assert laps(other) == {}
    possessive = run("Tom Bourg holte im Qualifying die Pole-Position. Seine Zeit: 1:35,918 Minuten.")
    assert laps(possessive) == {("qualifying", 1): "95.918"}
    adjective = run(
        "Tom Bourg holte im Qualifying die Pole. Seine schnellste Runde drehte er in 1:35,918 Minuten."
    )
    assert laps(adjective) == {("qualifying", 1): "95.918"}
    # the best lap said of no one is the pole sitter's
    best = run("Tom Bourg holte im Qualifying die Pole-Position. Die Bestzeit: 1:35,918 Minuten.")
    assert laps(best) == {("qualifying", 1): "95.918"}


def test_relegated_names_take_their_times_and_the_subject_the_one_before_the_verb():
    f = run(
        "Im Qualifying am Sachsenring war es eng. Mit einer Rundenzeit von 1:22,519 Minuten verwies "
        "der Audi-Pilot Tom Berg Jan Weber (1:22,601) und Lars Ohm (1:22,744) auf die Plätze."
    )
    assert {
        ("qualifying", 1, ("Tom Berg",)),
        ("qualifying", 2, ("Jan Weber",)),
        ("qualifying", 3, ("Lars Ohm",)),
    } <= rows(f)  # noqa: E501
    assert laps(f) == {("qualifying", 1): "82.519", ("qualifying", 2): "82.601", ("qualifying", 3): "82.744"}


def test_the_one_in_focus_ahead_of_others_with_lap_times():
    f = run(
        "Tom Berg holte im Qualifying die Pole. Mit 3:22,982 Minuten lag der Japaner vor "
        "Jan Weber (3:23,118) und Lars Ohm (3:23,245)."
    )
    assert {("qualifying", 2, ("Jan Weber",)), ("qualifying", 3, ("Lars Ohm",))} <= rows(f)
    assert laps(f) == {
        ("qualifying", 1): "202.982",
        ("qualifying", 2): "203.118",
        ("qualifying", 3): "203.245",
    }
    pronoun = run("Tom Berg holte im Qualifying die Pole. Er lag mit 3:22,982 Minuten vor Jan Weber.")
    assert ("qualifying", 2, ("Jan Weber",)) in rows(pronoun)
    # in a race "lag vor" is the running order; without a lap time it says no classification
    race = run("Tom Berg gewann das Rennen. Er lag lange vor Jan Weber, der Dritter wurde.")
    assert ("race", 2, ("Jan Weber",)) not in rows(race)
    no_time = run("Tom Berg holte im Qualifying die Pole. Er lag damit vor Jan Weber.")
    assert ("qualifying", 2, ("Jan Weber",)) not in rows(no_time)


def session_class_rows(f: ArticleFacts) -> set[tuple[str, str | None, int, str]]:
    kinds = {s.id: (s.kind, f.entity(s.race_class).label if s.race_class else None) for s in f.sessions}
    return {(*kinds[r.session], r.position, f.entity(r.drivers[0]).label) for r in f.results}


def test_a_sentence_set_in_a_class_carries_it_to_the_next():
    """A multi-class report's paragraph per class: "in der LMP2-Klasse …" and then a result."""
    f = run(
        "Im Qualifying holte Tom Berg die Pole. Das Team Alpha erreichte in der LMP2-Klasse "
        "ebenfalls Historisches. Die Pole ging an Jan Weber."
    )
    assert ("qualifying", "LMP2", 1, "Jan Weber") in session_class_rows(f)
    assert ("qualifying", None, 1, "Tom Berg") in session_class_rows(f)
    overall = run(
        "Im Qualifying holte Tom Berg die Pole. Das Team Alpha erreichte in der LMP2-Klasse "
        "ebenfalls Historisches. Gesamtzweiter wurde Jan Weber."
    )
    assert ("qualifying", None, 2, "Jan Weber") in session_class_rows(overall)


def test_a_class_opening_the_sentence_is_the_scene_of_all_its_clauses():
    f = run(
        "Im Rennen siegte Tom Berg. In der GTE-Am gewannen Jan Weber und Lars Ohm, "
        "Zweite wurden Paul Seidel und Max Kern."
    )
    assert {("race", "GTE-Am", 1, "Jan Weber"), ("race", "GTE-Am", 2, "Paul Seidel")} <= session_class_rows(f)
    assert ("race", None, 1, "Tom Berg") in session_class_rows(f)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Im Rennen siegte Paul Seidel. Die LMP2-Wertung entschieden Jan Weber und Lars Ohm für sich.",
            ("race", "LMP2", 1, "Jan Weber"),
        ),
        ("Tom Berg entschied das Rennen für sich.", ("race", None, 1, "Tom Berg")),
    ],
)
def test_decided_for_oneself_is_a_win(text: str, expected: tuple[str, str | None, int, str]) -> None:
    assert expected in session_class_rows(run(text))


@pytest.mark.parametrize(
    "text",
    [
        "Im Rennen siegte Paul Seidel. Jan Weber entschied den Zweikampf um Platz drei für sich.",
        "Im Rennen siegte Paul Seidel. Jan Weber entschied sich für Slicks.",
    ],
)
def test_decided_for_oneself_without_a_race_is_no_win(text: str) -> None:
    assert not {r for r in session_class_rows(run(text)) if r[3] == "Jan Weber"}


def test_best_of_a_class_role_is_first_of_that_class():
    f = run("Im Qualifying holte Tom Berg die Pole. Bester GT3-Pilot war Jan Weber auf Rang sechs.")
    assert {
        ("qualifying", "GT3", 1, "Jan Weber"),
        ("qualifying", None, 6, "Jan Weber"),
    } <= session_class_rows(f)
    fastest = run(
        "Im Qualifying holte Tom Berg die Pole. "
        "Schnellster GT3-Fahrer war Jan Weber auf dem siebten Gesamtrang."
    )
    assert {
        ("qualifying", "GT3", 1, "Jan Weber"),
        ("qualifying", None, 7, "Jan Weber"),
    } <= session_class_rows(fastest)


def test_a_grid_row_list_that_does_not_fit_the_places_known_is_left():
    f = run(
        "Im Qualifying holte Max Kern die Pole vor Tom Berg und Paul Seidel. "
        "In der zweiten Reihe stehen Jan Weber und Lars Ohm."
    )  # a row of two after three places known: not 3 and 4
    assert not {r for r in rows(f) if r[2] in (("Jan Weber",), ("Lars Ohm",))} - {
        ("qualifying", 4, ("Jan Weber",)),
        ("qualifying", 5, ("Lars Ohm",)),
    }


def test_a_lead_over_the_next_gives_his_place_and_gap():
    f = run("Tom Berg gewann mit einem Vorsprung von 1,2 Sekunden auf Jan Weber.")
    assert ("race", 2, ("Jan Weber",)) in rows(f)
    assert result(f, 2).gap == Decimal("1.2")
    finish = run(
        "Tom Berg und Lars Ohm gewannen das Rennen. Im Ziel hatte das Duo einen Vorsprung von "
        "1:23,456 Minuten auf den BMW von Max Kern und Ole Beck."
    )
    assert ("race", 2, ("Max Kern", "Ole Beck")) in rows(finish)
    assert result(finish, 2).gap == Decimal("83.456")
    # a lead during the race is the running order
    running = run("Tom Berg gewann das Rennen. In Runde zehn hatte er 5,1 Sekunden Vorsprung auf Jan Weber.")
    assert ("race", 2, ("Jan Weber",)) not in rows(running)


def test_class_wins_named_together_each_with_its_class():
    f = run(
        "Im Rennen siegte Max Kern. Klassensiege gab es für Tom Berg und Jan Weber (SP8) "
        "sowie für Lars Ohm und Ole Beck (V6)."
    )
    assert {("race", "SP8", 1, "Tom Berg"), ("race", "V6", 1, "Lars Ohm")} <= session_class_rows(f)
    assert ("race", "V6", 1, "Tom Berg") not in session_class_rows(f)


def test_a_gap_after_a_crew_in_its_cars_parenthesis():
    f = run(
        "Im Qualifying holte der Porsche #911 (Tom Berg/Jan Weber) die Pole. "
        "Zweiter wurde der BMW #98 (Max Kern/Ole Beck) mit 0,456 Sekunden Rückstand."
    )
    assert ("qualifying", 2, ("Max Kern", "Ole Beck")) in rows(f)
    assert result(f, 2).gap == Decimal("0.456")


def test_a_class_won_beside_an_overall_place():
    f = run("Im Rennen siegte Max Kern. Als Gesamtsechste gewannen Tom Berg und Jan Weber die GT4-Wertung.")
    assert {("race", None, 6, "Tom Berg"), ("race", "GT4", 1, "Tom Berg")} <= session_class_rows(f)
    both = run(
        "Im Rennen siegte Max Kern. "
        "Tom Berg und Jan Weber wurden Zweite in der LMP2 und Fünfte im Gesamtklassement."
    )
    assert {("race", "LMP2", 2, "Tom Berg"), ("race", None, 5, "Tom Berg")} <= session_class_rows(both)


def test_a_time_said_with_the_place_going_is_the_lap():
    f = run("Im Qualifying ging die Pole mit einer Zeit von 1:58,692 Minuten an Tom Berg.")
    assert laps(f) == {("qualifying", 1): "118.692"}


def test_faster_than_said_of_a_described_subject():
    f = run("Tom Berg holte im Qualifying die Pole. Der Japaner war 0,136 Sekunden schneller als Jan Weber.")
    assert ("qualifying", 2, ("Jan Weber",)) in rows(f)
    assert result(f, 2).gap == Decimal("0.136")


def test_a_hypothetical_relegation_is_no_result():
    f = run("Im Qualifying holte Tom Berg die Pole. Er hätte Jan Weber fast auf Platz drei verwiesen.")
    assert ("qualifying", 3, ("Jan Weber",)) not in rows(f)


def test_companions_named_with_the_subject_share_his_result():
    f = run(
        "Gemeinsam mit seinen Teamkollegen Paul Zander und Jan Dix gewinnt Tom Bourg die 12 Stunden "
        "von Sebring. Zusammen mit Max Roth wurde Uwe Kahl Zweiter."
    )
    assert {
        ("race", 1, ("Tom Bourg", "Paul Zander", "Jan Dix")),
        ("race", 2, ("Uwe Kahl", "Max Roth")),
    } <= rows(f)


def test_a_pseudonym_in_quotes_is_one_of_the_crew():
    f = run("Manuel Berg, Philipp Ek und ‚Gerwin’ feierten den Sieg. ‚Tiger’/Tom Dix wurden Zweite.")
    assert {("race", 1, ("Manuel Berg", "Philipp Ek", "Gerwin")), ("race", 2, ("Tiger", "Tom Dix"))} <= rows(
        f
    )


def test_class_places_in_the_plural_go_to_the_crews_in_order():
    f = run(
        "In der GT-Klasse siegte Uwe Kahl. Die Klassenränge drei und vier gingen an die beiden "
        "RLL-BMW von Tom Bourg / Paul Zander und Jan Dix / Max Roth."
    )
    got = class_rows(f)
    assert ("GT", 3, ("Tom Bourg", "Paul Zander")) in got
    assert ("GT", 4, ("Jan Dix", "Max Roth")) in got


def test_a_present_plural_verb_makes_a_headline_list_one_crew():
    f = run(
        "H. Bourg, Zander und Dix siegen für Phoenix am Ring.\n\nTom Bourg, Paul Zander und Jan Dix jubelten."
    )
    assert ("race", 1, ("Tom Bourg", "Paul Zander", "Jan Dix")) in rows(f)


def test_a_long_list_after_hinter_ihm_folgten_counts_on_past_cars_and_roles():
    f = run(
        "Tom Berg (21, Österreich, HP Racing) fuhr im Seat als Sechster prompt in die Punkte. Hinter ihm "
        "folgten Jan Dix (20, Finnland, LMS Racing) in einem weiteren Seat, VW-Pilotin Eva Roth (23, Polen, "
        "Liqui Moly Team Engstler), Uwe Kahl (42, Österreich, Target Competition) im Honda und Seat-Fahrer "
        "Max Ulm (25, Schweiz, Steibel Sport)."
    )
    assert {
        ("race", n, (name,))
        for n, name in enumerate(["Tom Berg", "Jan Dix", "Eva Roth", "Uwe Kahl", "Max Ulm"], 6)
    } <= rows(f)


def test_prevailing_over_names_with_their_parentheses():
    f = run(
        "Tom Berg setzte sich in seinem Honda Civic TCR vor Jan Dix (23, Schweden, Target Competition) "
        "und Uwe Kahl (28, Schweiz, TOPCAR Sport) im Seat Leon TCR durch."
    )
    assert {("race", 1, ("Tom Berg",)), ("race", 2, ("Jan Dix",)), ("race", 3, ("Uwe Kahl",))} <= rows(f)


def test_the_one_the_pole_sitter_was_faster_than_is_second():
    f = run(
        "Tom Berg gewann das Super-Pole-Qualifying im Mercedes #88 mit einer Runde in 2:32,166 Minuten. "
        "Berg war 0,220 Sekunden schneller als Jan Dix im Audi #31."
    )
    assert {("qualifying", 1, ("Tom Berg",)), ("qualifying", 2, ("Jan Dix",))} <= rows(f)
    assert laps(f)[("qualifying", 1)] == "152.166"
    (second,) = [r for r in f.results if r.position == 2]
    assert str(second.gap) == "0.220"


def test_a_place_held_with_mit_is_a_result_even_beside_a_loss():
    f = run(
        "Tom Bourg / Paul Zander (#23 JRM-Nissan GT-R) verloren mit Platz neun im Hauptrennen nur zwei "
        "Punkte auf Jan Dix / Max Roth (#38 Lamborghini), die achte wurden."
    )
    assert {("race", 9, ("Tom Bourg", "Paul Zander")), ("race", 8, ("Jan Dix", "Max Roth"))} <= rows(f)
    assert all(c is None for c, _, _ in class_rows(f))  # "GT" of "GT-R" is no class


def test_a_place_with_mit_in_the_table_is_a_standing():
    assert not run("Tom Bourg liegt mit Platz drei in der Tabelle zwei Punkte hinter Jan Dix.").results


def test_die_sieger_hiessen_a_und_b_is_one_crew():
    f = run(
        "Die Sieger hießen im sechsten Saisonlauf wieder einmal Tom Berg und Jan Dix im WRT Audi R8 LMS GT3."
    )
    assert ("race", 1, ("Tom Berg", "Jan Dix")) in rows(f)


def test_a_pole_looked_back_on_is_a_result_but_not_the_session_the_report_goes_on_with():
    got = rows(
        run(
            "Beim Rennen in Misano gewann Paul Seidel. "
            "Nachdem Tom Berg den Audi im Qualifying auf Pole gestellt hatte, dominierte er die erste Rennhälfte. "  # noqa: E501
            "Hinter dem Audi-Duo belegten Jan Weber und Lars Ohm die zweite Position."
        )
    )
    assert ("qualifying", 1, ("Tom Berg",)) in got
    assert ("race", 2, ("Jan Weber", "Lars Ohm")) in got


def test_a_plural_aim_is_no_result():
    got = rows(run("Beim Rennen in Le Mans regnete es. Tom Berg/Paul Seidel schielen auf den ersten Erfolg."))  # noqa: E501
    assert not got


def test_a_cars_place_does_not_go_to_another_cars_crew():
    got = rows(
        run(
            "Beim Rennen in Laguna Seca regnete es. Der von der Pole gestartete Aston Martin war schnell. "
            "Im Ziel waren die beiden Corvetten von Tom Berg / Paul Seidel ganz vorne."
        )
    )
    assert not [r for r in got if r[2] == ("Tom Berg", "Paul Seidel")]


def test_heats_of_one_weekend_are_sessions_of_their_own():
    f = run(
        "Beim WTCC-Lauf in Oschersleben regnete es. Tom Berg hat das 2. Rennen der WTCC vor Paul Seidel "
        "gewonnen. Im Rennen 1 kam nur Jan Weber ins Ziel, 11. Platz für Paul Seidel."
    )
    got = rows(f)
    assert {("race", 1, ("Tom Berg",)), ("race", 2, ("Paul Seidel",)), ("race", 11, ("Paul Seidel",))} <= got
    heats = {s.heat for s in f.sessions}
    assert heats == {1, 2}


def test_a_heading_names_the_heat_of_the_lines_below_it():
    f = run(
        "Beim Formel-3-Lauf am Nürburgring regnete es.\nStartaufstellung Rennen zwei\n"
        "Im Qualifying holte Tom Berg die Pole vor Paul Seidel.\nStartaufstellung Rennen drei\n"
        "Im Qualifying holte Paul Seidel die Pole vor Tom Berg."
    )
    assert {("qualifying", 1, ("Tom Berg",)), ("qualifying", 1, ("Paul Seidel",))} <= rows(f)


@pytest.mark.parametrize(
    ("text", "heat"),
    [
        ("im Race 2", 2),
        ("das 2. Rennen der WTCC", 2),
        ("im zweiten Qualifying", 2),
        ("Startaufstellung Rennen drei", 3),
        ("sein erstes Rennen", None),
        ("im ersten Qualifying-Abschnitt", None),
        ("der zweite Lauf der Saison", None),
        ("Rennen 2 und Rennen 3", None),
        ("in Runde 2", None),
    ],
)
def test_heat_phrases(text, heat):
    from kg.facts.results import heat_of

    assert heat_of(text) == heat


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rang sieben ging an den Schubert-BMW von Jens Kroner und Jörg Mahlen.",
         ("qualifying", 7, ("Jens Kroner", "Jörg Mahlen"))),
        ("Startplatz vier ging an das Frikadelli-Team mit Klaus Abt, Sabine Schmid und Pat Huis.",
         ("qualifying", 4, ("Klaus Abt", "Sabine Schmid", "Pat Huis"))),
    ],
)  # fmt: skip
def test_a_list_seated_in_a_car_is_one_crew(text, expected):
    assert expected in rows(run("Im Qualifying der VLN regnete es. " + text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the verb before the position, its class between the position and "an"
        ("Beim Finale ging der Sieg an Jens Kroner.", ("race", 1, ("Jens Kroner",))),
        ("Beim Finale ging der Klassensieg in der SP8 an Jens Kroner und Jörg Mahlen.",
         ("race", 1, ("Jens Kroner", "Jörg Mahlen"))),
        # one place going to several names is a crew
        ("Beim Finale ging Platz zwei an Klaus Abt, Sabine Schmid und Pat Huis.",
         ("race", 2, ("Klaus Abt", "Sabine Schmid", "Pat Huis"))),
    ],
)  # fmt: skip
def test_a_place_goes_to_its_object(text, expected):
    assert expected in rows(run(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beim Rennen in Spa regnete es. Als Vierte verpasste das Porsche-Duo Jonas Ebert und Julian Anders "
         "nur knapp das Podium.", ("race", 4, ("Jonas Ebert", "Julian Anders"))),
        ("Im Rennen in Spa regnete es. Der Polesetter des fünften Laufs, Dirk Adler, wurde Vierter.",
         ("qualifying", 1, ("Dirk Adler",))),
        ("Im Rennen in Spa regnete es. Der Polesetter des fünften Laufs zur BFGoodrich "
         "Langstreckenmeisterschaft, Dirk Adler, wurde Vierter.", ("qualifying", 1, ("Dirk Adler",))),
        ("Im Rennen in Spa regnete es. Mit zehn Runden Rückstand belegte das Peugeot-Team Pedro Lamm, "
         "Stefan Sarraz und Sebastian Bourdon den zweiten Platz.",
         ("race", 2, ("Pedro Lamm", "Stefan Sarraz", "Sebastian Bourdon"))),
        ("Im Qualifying in Spa regnete es. Felipe Nassau sorgte für die Überraschung des Tages: Der "
         "Brasilianer startet morgen nur von Rang elf.", ("qualifying", 11, ("Felipe Nassau",))),
        ("Im Qualifying in Spa regnete es. Am Samstag wurde der einzige Schweizer im Feld, Louis Delanoy "
         "(Charouz Racing Team), Siebter.", ("qualifying", 7, ("Louis Delanoy",))),
    ],
)  # fmt: skip
def test_subjects_placed_by_role_apposition_and_description(text, expected):
    assert expected in rows(run(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beim Rennen in Daytona regnete es. Das Podium komplettierte Denny Hammond vor Dale Earnest.",
         {("race", 3, ("Denny Hammond",)), ("race", 4, ("Dale Earnest",))}),
        ("Beim Rennen in Daytona regnete es. Alexander Roth rundete als bester McLaren-Pilot die Top 5 ab.",
         {("race", 5, ("Alexander Roth",))}),
        ("Beim Rennen in Oschersleben regnete es. Julian Hans (19, Hilden), Fabio Scher (17, Schweiz) und "
         "Niklas Niel (20, Dänemark) komplettierten die Top Ten.",
         {("race", 8, ("Julian Hans",)), ("race", 9, ("Fabio Scher",)), ("race", 10, ("Niklas Niel",))}),
    ],
)  # fmt: skip
def test_completing_the_podium_or_the_top_n_gives_the_last_places(text, expected):
    assert expected <= rows(run(text))


def test_the_driver_beside_another_on_the_grid_takes_the_other_place_of_the_row():
    got = rows(
        run(
            "Im Qualifying am Nürburgring regnete es. Tom Berg fuhr auf den dritten Rang. "
            "Neben ihm startet Nicky Katz im Frikadelli-Ferrari (#30) ins Rennen."
        )
    )
    assert ("qualifying", 4, ("Nicky Katz",)) in got


def test_a_co_driver_named_by_his_role_is_in_the_crew():
    got = rows(
        run(
            "Bei der Rallye Dakar regnete es. Werksfahrer Mark Miller (USA) und Beifahrer Ralph Pitch "
            "(Südafrika) erreichten im Volkswagen Race Touareg Platz vier der Gesamtwertung."
        )
    )
    assert ("race", 4, ("Mark Miller", "Ralph Pitch")) in got


@pytest.mark.parametrize(
    ("text", "lap"),
    [
        ("Im Qualifying in Le Mans regnete es. Die Pole-Zeit von Tom Berger: 3:17,658 Minuten.", "197.658"),
        ("Im Qualifying in Monza regnete es. Tom Berger holte die Pole. Seine Bestzeit von 1:12,345 "
         "Minuten war unerreicht.", "72.345"),
    ],
)  # fmt: skip
def test_a_pole_time_said_as_the_drivers(text, lap):
    f = run(text)
    assert ("qualifying", 1, ("Tom Berger",)) in rows(f)
    assert result(f, 1).lap_time == Decimal(lap)


def test_a_margin_before_vor_is_the_gap_of_the_one_behind():
    f = run(
        "Im Qualifying in Monza regnete es. "
        "Tom Berger holte in 1:12,345 Minuten die Pole, 0,155 Sekunden vor Paul Seidel."
    )
    assert ("qualifying", 2, ("Paul Seidel",)) in rows(f)
    assert result(f, 2).gap == Decimal("0.155") and result(f, 1).lap_time == Decimal("72.345")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Im Rennen in Indianapolis regnete es. Am Ende hatte Josef Neumann die Nase knapp vor Marcus Erik.",
         {("race", 1, ("Josef Neumann",)), ("race", 2, ("Marcus Erik",))}),
        ("Im Rennen in Indianapolis regnete es. Am Ende hatte Josef Neumann die Nase vorn.",
         {("race", 1, ("Josef Neumann",))}),
        ("Im Qualifying in Silverstone regnete es. Tom Berger holte die Pole vor Paul Seidel. In der zweiten "
         "Startreihe steht der 23-jährige Sean Edwin. Jan Weber wurde Vierter.",
         {("qualifying", 3, ("Sean Edwin",))}),
    ],
)  # fmt: skip
def test_the_nose_ahead_and_a_grid_row_opening_a_sentence(text, expected):
    assert expected <= rows(run(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der von der Pole gestartete Tom Berger wurde Zweiter.",
         {("qualifying", 1, ("Tom Berger",)), ("race", 2, ("Tom Berger",))}),
        ("Von Startplatz fünf aus fuhr Tom Berger auf Rang zwei.",
         {("qualifying", 5, ("Tom Berger",)), ("race", 2, ("Tom Berger",))}),
        ("Tom Berger, der von der Pole ins Rennen ging, belegte Platz drei.",
         {("qualifying", 1, ("Tom Berger",)), ("race", 3, ("Tom Berger",))}),
    ],
)  # fmt: skip
def test_where_a_driver_started_from_does_not_make_his_finish_a_grid_place(text, expected):
    assert expected <= rows(run("Peugeot feiert Doppelsieg in Silverstone. " + text))


@pytest.mark.parametrize(
    "text",
    [
        "Beim Rennen in Monza regnete es. Das Ergebnis: 1. Tom Berger, 2. Paul Seidel, 3. Jan Weber.",
        "Beim Rennen in Monza regnete es. Tom Berger gewann. Auf dem Podium standen außerdem "
        "Paul Seidel (2.) und Jan Weber (3.).",
    ],
)
def test_a_classification_in_running_text(text):
    got = rows(run(text))
    assert {("race", 1, ("Tom Berger",)), ("race", 2, ("Paul Seidel",)), ("race", 3, ("Jan Weber",))} <= got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die erste Startreihe teilen sich Tom Berger und Paul Seidel.",
         {("qualifying", 1, ("Tom Berger",)), ("qualifying", 2, ("Paul Seidel",))}),
        ("Tom Berger steht auf der Pole, neben ihm startet Paul Seidel.",
         {("qualifying", 1, ("Tom Berger",)), ("qualifying", 2, ("Paul Seidel",))}),
        ("Klassenpole in der GTE-Am für Berger/Seidel/Weber.",
         {("qualifying", 1, ("Berger", "Seidel", "Weber"))}),
    ],
)  # fmt: skip
def test_grid_rows_shared_and_class_poles(text, expected):
    assert expected <= rows(run("Im Qualifying in Spa regnete es. " + text))


def test_a_class_pole_is_the_class_result():
    f = run("Im Qualifying in Spa regnete es. Klassenpole in der GTE-Am für Berger/Seidel/Weber.")
    (r,) = f.results
    session = next(s for s in f.sessions if s.id == r.session)
    assert session.race_class is not None and f.entity(session.race_class).label == "GTE-Am"


def test_a_place_in_the_standings_said_with_a_participle_is_no_result():
    got = rows(
        run(
            "Beim Rennen am Lausitzring regnete es. Tom Berger gewann. Dagegen wahrten die auf dem sechsten "
            "Gesamtrang liegenden Audi-Fahrer Max Hofer und Chris Haas ihre Chancen."
        )
    )
    assert not [r for r in got if r[1] == 6]


def test_a_win_from_a_grid_place_is_a_race_win():
    got = rows(
        run(
            "Beim Rennen in Mugello regnete es. Miguel Olivo fuhr von Startplatz elf aus zum ersten "
            "Saisonsieg vor dem Italiener Lorenzo Baldo."
        )
    )
    assert {
        ("qualifying", 11, ("Miguel Olivo",)),
        ("race", 1, ("Miguel Olivo",)),
        ("race", 2, ("Lorenzo Baldo",)),
    } <= got


def test_a_car_as_the_subject_is_no_description_of_the_driver_in_focus():
    got = rows(
        run(
            "Im Qualifying am Nürburgring regnete es. Frank Stippel steuerte den Audi auf Platz 5. Der beste "
            "Porsche landete mit Nico Menz am Steuer des Falken-Elfers (#44) auf dem sechsten Platz."
        )
    )
    assert {("qualifying", 5, ("Frank Stippel",)), ("qualifying", 6, ("Nico Menz",))} <= got


def test_two_places_after_a_singular_noun():
    got = rows(
        run(
            "Im Qualifying in Spa regnete es. Tom Berger holte die Pole. Auf Platz vier und fünf folgen die "
            "nächsten beiden Audi von Fred Verbeek (#66) und Chris Haas (#25)."
        )
    )
    assert {("qualifying", 4, ("Fred Verbeek",)), ("qualifying", 5, ("Chris Haas",))} <= got


def test_places_of_a_passive_go_to_the_drivers_named_after_the_participle():
    got = rows(
        run(
            "Im Qualifying in Bahrain regnete es. Die Plätze fünf und sechs wurden von den beiden Ferraris "
            "belegt, pilotiert von Antonio Fuchs (#50) und Alessandro Pier Guidi (#51)."
        )
    )
    assert {("qualifying", 5, ("Antonio Fuchs",)), ("qualifying", 6, ("Alessandro Pier Guidi",))} <= got


def test_completing_the_first_grid_rows_gives_their_last_places():
    got = rows(
        run(
            "Im Qualifying am Nürburgring regnete es. Tom Berger holte die Pole. Paul Seidel, Jan Weber "
            "und Alex Palomo komplettierten die ersten beiden Startreihen."
        )
    )
    assert {("qualifying", 2, ("Paul Seidel",)), ("qualifying", 4, ("Alex Palomo",))} <= got


def test_the_best_in_a_named_class_is_its_first():
    f = run(
        "Beim Rennen in Laguna Seca regnete es. "
        "Bester in der GT-Klasse war der Corvette von Oliver Gavel und Tom Milne."
    )
    (r,) = f.results
    session = next(s for s in f.sessions if s.id == r.session)
    assert r.position == 1 and session.kind == "race" and f.entity(session.race_class).label == "GT"
    assert {f.entity(d).label for d in r.drivers} == {"Oliver Gavel", "Tom Milne"}


@pytest.mark.parametrize(
    "text",
    [
        "Bei der Rallye in Schweden gewann Tom Bourg die Power Stage.",
        "Bei der Rallye in Schweden gewann Tom Bourg die dritte Wertungsprüfung.",
        "Bei der Rallye Dakar feierte Tom Bourg seinen dritten Etappensieg.",
        "Bei der Rallye in Schweden holte Tom Bourg den Sieg auf der letzten Wertungsprüfung.",
        # nor is a stage's order
        "In Schweden war in der abschließenden Power Stage Tom Bourg der Schnellste vor Jan Dix.",
    ],
)
def test_a_stage_won_is_not_the_rally_won(text):
    assert not run(text).results


def test_the_rally_won_after_a_stage_is_a_win():
    f = run("Bei der Rallye in Schweden gewann Tom Bourg nach der letzten Wertungsprüfung die Rallye.")
    assert rows(f) == {("race", 1, ("Tom Bourg",))}


@pytest.mark.parametrize(
    "text",
    [
        # a sentence that opens in the standings
        "Im WM-Klassement hat Tom Bourg 15 Punkte Vorsprung auf Paul Zander, Dritter ist Jan Dix.",
        "In der Fahrer-WM liegt Tom Bourg vorn, Paul Zander ist Zweiter.",
        # a move in the table
        "Nach dem Rennen in Spa rückte Paul Zander auf Rang zwei der Gesamtwertung vor.",
        # a prediction
        "Tom Bourg gilt als Favorit auf den Sieg bei der Rallye Finnland.",
        # a table named with a hyphen
        "Auch die Plätze zwei und drei in der Fahrer-Wertung gingen an Tom Bourg und Paul Zander.",
    ],
)
def test_standings_and_predictions_are_no_results(text):
    assert not run(text).results


def test_the_fastest_of_a_practice_is_the_practices():
    f = run("Tom Bourg reiste als Tabellenführer an. Im freien Training war Paul Zander Schnellster.")
    assert rows(f) == {("practice", 1, ("Paul Zander",))}


def test_a_moves_start_is_no_result_and_its_end_is():
    f = run("Im Rennen verbesserte sich Tom Bourg von Platz 13 am Ende auf die elfte Position.")
    assert rows(f) == {("race", 11, ("Tom Bourg",))}


def test_a_place_that_goes_to_someone_described_is_not_the_subjects():
    f = run(
        "Im Qualifying regnete es. Da Tom Bourg in der Box blieb, konnte er nicht zurückschlagen, sodass die "
        "Punkte für die Pole-Position an den McLaren-Junior gingen."
    )
    assert not f.results


def test_dahinter_after_a_comma_counts_on_without_a_verb():
    f = run(
        "Schnellster im Qualifying war Tom Bourg in 1:40,123 Minuten, dahinter Paul Zander mit 1:40,456 "
        "und Jan Dix."
    )
    assert rows(f) == {
        ("qualifying", 1, ("Tom Bourg",)),
        ("qualifying", 2, ("Paul Zander",)),
        ("qualifying", 3, ("Jan Dix",)),
    }
    assert laps(f) == {("qualifying", 1): "100.123", ("qualifying", 2): "100.456"}


def test_a_lap_said_with_in_before_vor_is_no_gap_of_the_next():
    f = run("Im Qualifying auf dem Norisring fuhr Tom Bourg in 48,123 Sekunden die Bestzeit vor Paul Zander.")
    assert [r.gap for r in f.results if r.position == 2] == [None]
    assert laps(f) == {("qualifying", 1): "48.123"}


def test_a_name_that_follows_with_its_time_is_next():
    f = run(
        "Im Qualifying war Tom Bourg mit 1:40,123 Minuten am schnellsten. "
        "Paul Zander folgte mit 1:40,456 Minuten."
    )
    assert rows(f) == {("qualifying", 1, ("Tom Bourg",)), ("qualifying", 2, ("Paul Zander",))}
    assert laps(f)[("qualifying", 2)] == "100.456"


def test_a_qualifying_result_in_a_compound_heading_is_the_qualifyings():
    f = run("Qualifying-Ergebnis: 1. Tom Bourg (Yamaha) 1:39.123 Min., 2. Paul Zander (Honda) +0.123 Sek.")
    assert rows(f) == {("qualifying", 1, ("Tom Bourg",)), ("qualifying", 2, ("Paul Zander",))}


def test_what_the_one_in_focus_did_was_enough():
    f = run("Im Qualifying umrundete Tom Bourg die Strecke in 1:39,123 Minuten. Das reichte zur Pole.")
    assert rows(f) == {("qualifying", 1, ("Tom Bourg",))}
    assert laps(f) == {("qualifying", 1): "99.123"}  # the lap said before the place
    later = run(
        "Im Qualifying umrundete Tom Bourg die Strecke in 1:39,123 Minuten. Es regnete. Das reichte zur Pole."
    )
    assert laps(later) == {}  # only for the next sentence


@pytest.mark.parametrize(
    "second",
    [
        "Mit einer Zeit von 1:40,123 Minuten war der Deutsche 0,3 Sekunden schneller als Paul Zander.",
        "Dabei war er 0,3 Sekunden schneller als Paul Zander.",
    ],
)
def test_faster_than_said_of_the_one_in_focus(second):
    f = run("Tom Bourg holte im Qualifying die Pole. " + second)
    assert ("qualifying", 2, ("Paul Zander",)) in rows(f)
    assert [r.gap for r in f.results if r.position == 2] == [Decimal("0.3")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one place said for several names is their car's: "für", as "ging an"
        ("Beim 24-Stunden-Rennen gab es den Klassensieg in der LMP2 für Tom Berg, Paul Seidel und Jan Weber.",
         {("LMP2", 1, ("Tom Berg", "Paul Seidel", "Jan Weber"))}),
        # a driver and the partners named right after "mit"
        ("Beim 24-Stunden-Rennen gewann Tom Berg mit Paul Seidel und Jan Weber die GTE-Am-Klasse.",
         {("GTE-Am", 1, ("Tom Berg", "Paul Seidel", "Jan Weber"))}),
        ("In der GT3-Klasse siegte Tom Berg zusammen mit seinen Teamkollegen Paul Seidel und Jan Weber.",
         {("GT3", 1, ("Tom Berg", "Paul Seidel", "Jan Weber"))}),
        # a crew placed ahead: the list behind it as long as it is one crew
        ("In der GTD-Klasse siegten Tom Berg und Paul Seidel vor Jan Weber und Lars Ohm.",
         {("GTD", 1, ("Tom Berg", "Paul Seidel")), ("GTD", 2, ("Jan Weber", "Lars Ohm"))}),
        # "sicherten sich" after a class is no win: the place it names counts
        ("In der LMP2-Klasse sicherten sich Tom Berg und Paul Seidel Rang zwei.",
         {("LMP2", 2, ("Tom Berg", "Paul Seidel"))}),
    ],
)  # fmt: skip
def test_crews_of_one_class_place(text, expected):
    assert class_rows(run(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plural places and one-twos stay one name a place
        ("Im Rennen siegte Tom Berg vor Paul Seidel und Jan Weber.",
         {(None, 1, ("Tom Berg",)), (None, 2, ("Paul Seidel",)), (None, 3, ("Jan Weber",))}),
        ("Im Rennen gewann Tom Berg mit großem Vorsprung vor Paul Seidel.",
         {(None, 1, ("Tom Berg",)), (None, 2, ("Paul Seidel",))}),
    ],
)  # fmt: skip
def test_single_drivers_are_not_crews(text, expected):
    assert class_rows(run(text)) == expected


def test_a_report_on_the_top_class_only_places_everyone_in_it():
    text = (
        "Im Qualifying zum Petit Le Mans fuhr der Cadillac #31 (Tom Berg/Paul Seidel; 1. GTP) die Bestzeit. "
        "Es regnete. Es war kalt. Jan Weber stellte den Porsche #6 auf Platz vier."
    )
    assert class_rows(run(text)) == {
        ("GTP", 1, ("Tom Berg", "Paul Seidel")),
        ("GTP", 4, ("Jan Weber",)),
    }
    other = run(text + " In der LMP2 war Lars Ohm Erster.")  # two classes named
    assert (None, 4, ("Jan Weber",)) in class_rows(other)
    lower = run(text.replace("GTP", "LMP2"))  # not a top class: overall places stay overall
    assert (None, 4, ("Jan Weber",)) in class_rows(lower)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the time in focus was enough, said with a demonstrative or the time as subject
        ("Im Qualifying fuhr Tom Berg eine Zeit von 1:52,290 Minuten. Diese reichte zur letzten Pole-Position.",  # noqa: E501
         {("qualifying", 1, ("Tom Berg",))}),
        ("Im Qualifying fuhr Tom Berg 1:52,290 Minuten. Seine Rundenzeit genügte für die Pole.",
         {("qualifying", 1, ("Tom Berg",))}),
        # a car's crew in an apposition before the clause with the place
        ("Im Qualifying schaffte es die Nummer sieben, gesteuert von Jan Weber, nur auf Startplatz zwei.",
         {("qualifying", 2, ("Jan Weber",))}),
        ("Im Rennen kam der Porsche #7, pilotiert von Jan Weber und Lars Ohm, als Dritter ins Ziel.",
         {("race", 3, ("Jan Weber", "Lars Ohm"))}),
    ],
)  # fmt: skip
def test_a_place_said_of_a_time_or_a_car(text, expected):
    assert rows(run(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an adverb between the place and "an"; a negation is no place
        ("Im Qualifying ging Platz eins ebenfalls an Tom Berg.", {("qualifying", 1, ("Tom Berg",))}),
        ("Im Qualifying ging Platz eins nicht an Tom Berg.", set()),
        # a session's order ("Klassement der zweitschnellsten Runden") is no championship's
        ("Im Qualifying zählten zwei Runden.\nIm Klassement der zweitschnellsten Runden ging Platz eins an Tom Berg.",  # noqa: E501
         {("qualifying", 1, ("Tom Berg",))}),
        ("Im Rennen siegte Jan Weber. Im Klassement ging Platz eins an Tom Berg.", {("race", 1, ("Jan Weber",))}),  # noqa: E501
    ],
)  # fmt: skip
def test_a_place_going_to_a_name(text, expected):
    assert rows(run(text)) == expected


def test_a_class_podium_completed():
    f = run(
        "Beim Rennen in Spa siegte in der GTE-Pro Tom Berg. Zweiter in der GTE-Pro wurde Paul Seidel. "
        "Das Klassenpodium komplettierten Jan Weber und Lars Ohm."
    )
    assert ("GTE-Pro", 3, ("Jan Weber", "Lars Ohm")) in class_rows(f)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the place before its subject: "als Dritter X" names X, it is no object of "als"
        ("Im Rennen kam als Dritter Tom Berg ins Ziel.", {("race", 3, ("Tom Berg",))}),
        ("Beim Rennen in Le Mans kamen als Dritte Tom Berg, Jan Weber und Lars Ohm ins Ziel.",
         {("race", 3, ("Tom Berg", "Jan Weber", "Lars Ohm"))}),
    ],
)  # fmt: skip
def test_a_place_said_before_its_subject(text, expected):
    assert rows(run(text)) == expected


def test_a_pole_said_of_a_car_keeps_its_lap_for_the_crew_named_next():
    f = run(
        "Im Qualifying holte der Toyota #8 mit einer Zeit von 3:24,408 Minuten die Pole. "
        "Am Steuer saß Tom Berg."
    )
    assert rows(f) == {("qualifying", 1, ("Tom Berg",))}
    assert laps(f) == {("qualifying", 1): "204.408"}


def test_no_one_is_placed_from_a_subject_placed_already():
    f = run(
        "Im Rennen siegte Tom Berg vor Paul Seidel. "
        "Auf Rang drei landete Jan Weber, der sich gegen Lars Ohm durchsetzte."
    )
    assert rows(f) == {("race", 1, ("Tom Berg",)), ("race", 2, ("Paul Seidel",)), ("race", 3, ("Jan Weber",))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the names before "dahinter" opening a sentence: after the last place said before it
        ("Im Rennen siegte Tom Berg. Jan Weber kam 0,0974 Sekunden dahinter ins Ziel, Lars Ohm wurde Dritter.",  # noqa: E501
         {("race", 1, ("Tom Berg",)), ("race", 2, ("Jan Weber",)), ("race", 3, ("Lars Ohm",))}),
        ("Im Rennen siegte Tom Berg. Jan Weber landete knapp dahinter.",
         {("race", 1, ("Tom Berg",)), ("race", 2, ("Jan Weber",))}),
        ("Im Rennen siegte Tom Berg. Jan Weber lag lange dahinter, fiel aber aus.", {("race", 1, ("Tom Berg",))}),  # noqa: E501
    ],
)  # fmt: skip
def test_a_name_right_behind(text, expected):
    assert rows(run(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # wins of a career in a bare plural are no result of this race
        ("Tom Berg gewann im Supercup bereits Rennen und ist immer für Siege gut.", set()),
        ("Tom Berg gewann schon mehrere Läufe.", set()),
        ("Im Rennen gewann Tom Berg bereits sein drittes Rennen der Saison.", {("race", 1, ("Tom Berg",))}),
    ],
)  # fmt: skip
def test_career_wins_are_no_result(text, expected):
    assert rows(run(text)) == expected
