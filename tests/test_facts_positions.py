"""Position phrases (kg.facts.positions): each construction on sentences written for the test."""

from __future__ import annotations

import pytest

from kg.facts.positions import BY_NAME, find_cues


@pytest.mark.parametrize(
    ("text", "construction", "positions", "kind"),
    [
        ("Max Kellner holte die Pole.", "pole", (1,), "qualifying"),
        ("Pole-Mann Kellner kam nicht weit.", "pole role", (1,), "qualifying"),
        ("Kellner holte seine erste GP2-Pole.", "pole compound", (1,), "qualifying"),
        ("Kellner startet von Startplatz vier.", "grid place", (4,), "qualifying"),
        ("Kellner sicherte sich den zweiten Startplatz.", "grid place", (2,), "qualifying"),
        ("Kellner geht vom dritten Startplatz ins Rennen.", "grid place", (3,), "qualifying"),
        ("Kellner fuhr die Bestzeit.", "fastest time", (1,), "qualifying"),
        ("Kellner war mit 1:40,123 Minuten am schnellsten.", "fastest time", (1,), "qualifying"),
        ("Kellner fuhr die drittschnellste Zeit.", "nth fastest time", (3,), "qualifying"),
        ("Kellner fuhr die schnellste Runde.", "fastest lap", (1,), None),
        ("Vorjahressieger Kellner fehlte.", "earlier winner", (1,), "race"),
        ("Laufsieger Kellner jubelte.", "winner role", (1,), "race"),
        ("Kellner war nicht zu schlagen.", "unbeaten", (1,), None),
        ("Kellner setzte sich gegen Seidel durch.", "prevailed", (1,), None),
        ("Kellner setzte sich mit 1.39,123 Minuten gegen Seidel durch.", "prevailed", (1,), None),
        ("Den Klassensieg holte Kellner.", "class win", (1,), "race"),
        ("Die Klasse GTLM ging an Kellner und Seidel.", "class win", (1,), "race"),
        ("Die GTE-Am-Wertung ging an Kellner.", "class win", (1,), "race"),
        ("Kellner gewann das Rennen.", "win verb", (1,), "race"),
        ("Kellner feierte seinen ersten Saisonsieg.", "win noun", (1,), "race"),
        ("Mit einem Sieg meldete sich Kellner zurück.", "win noun", (1,), "race"),
        ("Sieger des Rennens wurde Kellner.", "win noun", (1,), "race"),
        ("Sie folgten auf den Rängen fünf bis sieben.", "place range", (5, 6, 7), None),
        ("Die Plätze sieben und acht belegten A und B.", "place list", (7, 8), None),
        ("Sie wurden 14. respektive 17.", "ordinal list", (14, 17), None),
        ("Kellner startet morgen von Position vier.", "start place", (4,), "qualifying"),
        ("Von Platz sieben aus gestartet, wurde Kellner Dritter.", "start place", (7,), "qualifying"),
        ("Kellner geht von Rang zwei ins Rennen.", "start place", (2,), "qualifying"),
        ("Sie starten von den Plätzen drei und vier.", "place list", (3, 4), "qualifying"),
        ("Jan Weber war schnellster LMP2-Pilot.", "best in class", (1,), None),
        ("Die Top-5 im Rennen: A, B, C, D, E.", "top list", (1, 2, 3, 4, 5), None),
        ("Gesamtsieg für Kellner im Audi.", "win noun", (1,), "race"),
        ("Kellner setzte im Qualifying die Bestmarke.", "fastest time", (1,), "qualifying"),
        ("Kellner startet morgen von ganz vorne.", "from the front", (1,), "qualifying"),
        ("Bester GT3-Fahrer war Jan Weber.", "best in class", (1,), None),
        ("Als bestes LMP2-Team kam WRT ins Ziel.", "best in class", (1,), None),
        ("Das Podium in der GTE-Am komplettierte Jan Weber.", "podium completed", (3,), "race"),
        ("Sie gingen von den Plätzen drei und vier auf fünf und sechs.", "place list", (3, 4), None),
        ("Seidel und Weber komplettieren die erste Reihe.", "front row completed", (2, 3), "qualifying"),
        ("Die erste Startreihe komplettiert Weber.", "front row completed", (2, 3), "qualifying"),
        (
            "Kellner fuhr die zweitschnellste Zeit, Weber die drittschnellste.",
            "nth fastest time",
            (2,),
            "qualifying",
        ),
        ("Kellner landete auf Platz neun.", "place number", (9,), None),
        ("Kellner kam auf P4 ins Ziel.", "place number", (4,), None),
        ("Kellner belegte den 14. Platz.", "ordinal place", (14,), None),
        ("Kellner komplettierte das Podium.", "podium completed", (3,), "race"),
        ("Dritter wurde Kellner.", "nominal ordinal", (3,), None),
        ("Zweitschnellster war Kellner.", "nominal ordinal", (2,), "qualifying"),
        ("Kellner wurde am Ende Gesamtneunter.", "nominal ordinal", (9,), None),
        ("Kellner wurde Klassenzweiter.", "nominal ordinal", (2,), None),
        ("Kellner wurde als 11. gewertet.", "digit ordinal", (11,), None),
        ("Kellner (5./McLaren/+0,627) fuhr stark.", "parenthesis", (5,), None),
    ],
)
def test_each_construction_states_its_position(text, construction, positions, kind):
    assert construction in BY_NAME
    cues = [c for c in find_cues(text) if c.construction == construction]
    assert cues, [c.construction for c in find_cues(text)]
    assert cues[0].positions == positions and cues[0].kind == kind


@pytest.mark.parametrize(
    "text",
    ["Kellner fiel von Platz vier auf Platz neun zurück.", "Kellner ging von Platz vier auf Rang zwei vor."],
)
def test_a_move_from_a_place_is_no_start(text):
    assert "start place" not in [c.construction for c in find_cues(text)]


def test_der_pole_is_a_polish_man_and_die_pole_a_pole_position():
    assert find_cues("Dann absolvierte der Pole ein fehlerfreies Rennen.") == []
    assert [c.construction for c in find_cues("Er startet von der Pole.")] == ["pole"]
    assert [c.construction for c in find_cues("Der Pole holte die Pole.")] == ["pole"]


def test_plural_ordinal_takes_a_crew():
    (cue,) = find_cues("Dritte wurden A und B.")
    assert cue.positions == (3,) and cue.plural


def test_earlier_construction_wins_an_overlap():
    # "Startplatz vier" is a grid place, not a place number of the race
    (cue,) = find_cues("Er startet von Startplatz vier.")
    assert cue.construction == "grid place"


def test_no_cue_in_plain_text():
    assert find_cues("Das Wetter war am Sonntag schön und trocken.") == []


@pytest.mark.parametrize(
    "text", ["Kellner ging von ganz vorne auf Platz drei zurück.", "Kellner stellte eine neue Bestmarke auf."]
)
def test_not_a_position(text):
    assert [
        c.construction for c in find_cues(text) if c.construction in ("from the front", "fastest time")
    ] == []
