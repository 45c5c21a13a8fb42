"""Person roles: a named person is a driver unless the text gives another role."""

from __future__ import annotations

import pytest

from kg.facts import extract
from kg.facts.roles import role_cue
from kg.ingest import Article
from kg.nlp import analyze


def kinds(text: str) -> dict[str, str]:
    (analyzed,) = list(analyze([Article("t", text)]))
    return {e.label: e.kind for e in extract(analyzed).entities if e.kind in ("driver", "person")}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Teamchef Timo Brandauer legte Protest ein.", "Timo Brandauer"),
        ("Das sagte Mercedes-Sportchef Norbert Kalb.", "Norbert Kalb"),
        ("Das sagte Jonas Wiltz, Leiter des Supercups, am Sonntag.", "Jonas Wiltz"),
        ("Das sagte Jonas Wiltz (Teamchef) am Sonntag.", "Jonas Wiltz"),
        ("Dritter wurde Paul Berg für das Team von Indy-Legende Hank Moss.", "Hank Moss"),
    ],
)
def test_role_cue_finds_non_driving_roles(sentence, name):
    start = sentence.index(name)
    assert role_cue(sentence, start, start + len(name))


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Räikkönen, der laut Sportchef Kalb schnell war, fuhr weiter.", "Räikkönen"),
        ("Ex-Formel-1-Pilot Timo Glück startet im Cup.", "Timo Glück"),
        ("Paul Berg (Lechner) gewann vor Tim Hall (Project 1).", "Tim Hall"),
    ],
)
def test_role_cue_leaves_drivers_alone(sentence, name):
    start = sentence.index(name)
    assert not role_cue(sentence, start, start + len(name))


def test_persons_in_a_list_are_drivers_without_driving_words():
    found = kinds("Zum Aufgebot gehören Paul Berg, Tim Hall und Lars Ohm. Teamchef Hans Moser ist zufrieden.")
    assert found == {
        "Paul Berg": "driver",
        "Tim Hall": "driver",
        "Lars Ohm": "driver",
        "Hans Moser": "person",
    }
