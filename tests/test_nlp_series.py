"""Series names: lexicon forms with hyphens and genitives, compounds, endurance classics."""

from __future__ import annotations

import pytest

from kg.nlp.lexicon import load_lexicon
from kg.nlp.recognizer import find_mentions


def mentions(text: str) -> list[tuple[str, str, str]]:
    return [(text[s:e], label, norm) for s, e, label, norm in find_mentions(text, load_lexicon())]


@pytest.mark.parametrize(
    ("text", "written", "canonical"),
    [
        ("Beim Formel-1-Rennen in Monza regnete es.", "Formel-1", "Formel 1"),
        ("Der Ex-DTM-Pilot fährt nun GT3.", "DTM", "DTM"),
        ("Der Sieger des Supercups stand fest.", "Supercup", "Porsche Supercup"),
        ("Im Feld der Deutschen Tourenwagen Masters fehlte er.", "Deutschen Tourenwagen Masters", "DTM"),
        ("In der Rallye-Weltmeisterschaft führt er.", "Rallye-Weltmeisterschaft", "Rallye-WM"),
    ],
)
def test_series_forms_map_to_one_canonical_name(text, written, canonical):
    assert (written, "SERIES", canonical) in mentions(text)


def test_endurance_classic_is_a_series_and_its_place_a_circuit():
    found = mentions("Audi gewann die 24 Stunden Rennen von Le Mans erneut.")
    assert ("24 Stunden Rennen von", "SERIES", "24 Stunden Rennen von Le Mans") in found
    assert ("Le Mans", "CIRCUIT") in [m[:2] for m in found]  # the gazetteer may name its circuit


def test_endurance_classic_without_preposition_names_a_known_circuit():
    found = mentions("Im Zeittraining zum 24h-Rennen Nürburgring war er schnell, im 24h-Rennen Sieger nicht.")
    assert ("24h-Rennen", "SERIES") in [m[:2] for m in found]
    assert ("Nürburgring", "CIRCUIT") in [m[:2] for m in found]
    assert [m[0] for m in found if m[1] == "SERIES"] == ["24h-Rennen"]


@pytest.mark.parametrize(
    ("text", "written", "circuit"),
    [
        ("Auf der Sprintstrecke des Nürburgrings siegte er.", "Nürburgring", "Nürburgring"),
        ("Regen über der Nordschleife.", "Nordschleife", "Nordschleife"),
        ("Das Rennen auf der Nürburgring-Nordschleife.", "Nürburgring-Nordschleife", "Nordschleife"),
    ],
)
def test_circuit_forms(text, written, circuit):
    assert (written, "CIRCUIT", circuit) in mentions(text)


def test_championship_round_of_hours_is_no_series_but_names_the_circuit():
    found = mentions("Bei den sechs Stunden von Spa siegte Audi.")
    assert not [m for m in found if m[1] == "SERIES"]
    assert ("Spa", "CIRCUIT") in [m[:2] for m in found]


@pytest.mark.parametrize("text", ["Er gewann die Team-Meisterschaft.", "Er siegte im Silver-Cup vor Max."])
def test_classifications_are_no_series(text):
    assert not [m for m in mentions(text) if m[1] == "SERIES"]


def test_series_with_a_country_tail_is_its_own_series():
    assert ("Carrera Cup Great Britain", "SERIES", "") in mentions("Er fuhr im Carrera Cup Great Britain.")
