"""Driver-fact rules added for issue 4 and the other facts (power, distance, length, standings,
quotes), on German sentences written for these tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.facts import ArticleFacts, extract
from kg.ingest import Article
from kg.nlp import analyze


def run(text: str) -> ArticleFacts:
    (analyzed,) = list(analyze([Article("t", text)]))
    return extract(analyzed)


def facts(f: ArticleFacts) -> set[tuple[str, str, str]]:
    labels = {e.id: e.label for e in f.entities}
    return {(labels[x.subject], x.attribute, labels.get(x.value, x.value)) for x in f.facts}


def label(f: ArticleFacts, eid: str | None) -> str | None:
    return f.entity(eid).label if eid else None


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # a possessive adjective description is someone other than the possessor
        (
            "Im Qualifying wurde Karl Weber Zweiter vor Sean Brady. Gewinnt Weber morgen vor seinem "
            "irischen Verfolger, ist er Meister.",
            ("Sean Brady", "nationality", "Irland"),
            ("Karl Weber", "nationality", "Irland"),
        ),
        # an adjective in apposition: "der französische Pilot X"
        (
            "Auf Platz drei fuhr der französische Pilot Luc Moreau im Rennen.",
            ("Luc Moreau", "nationality", "Frankreich"),
            None,
        ),
        # every person named before the demonym is of another country: someone named earlier
        (
            "Im Rennen wurde Ben Carter (GB) Zweiter. Ian Quinn (Irland) wurde Dritter. Bei einem Sieg von "
            "Ian Quinn reicht dem Briten Rang fünf.",
            ("Ben Carter", "nationality", "Großbritannien"),
            ("Ian Quinn", "nationality", "Großbritannien"),
        ),
        # an adjective of a team is no one's nationality
        (
            "Im Rennen wurde Karl Weber Zweiter. Für den indischen Rennstall fuhr auch Sean Brady (Irland).",
            ("Sean Brady", "nationality", "Irland"),
            ("Karl Weber", "nationality", "Indien"),
        ),
    ],
)
def test_drivers_adjective_and_demonym_descriptions(text, expected, absent):
    got = facts(run(text))
    assert expected in got
    assert absent is None or absent not in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Im Rennen kämpften Paul Brandt und Jens Kohler um Platz drei. Zwei Deutsche jagten den "
            "Führenden.",
            {("Paul Brandt", "nationality", "Deutschland"), ("Jens Kohler", "nationality", "Deutschland")},
        ),
    ],
)
def test_drivers_counted_demonyms_name_the_last_persons(text, expected):
    assert expected <= facts(run(text))


def test_drivers_counted_demonyms_skip_a_count_mismatch():
    got = facts(run("Im Rennen fuhr Paul Brandt auf Platz drei. Drei Deutsche jagten den Führenden."))
    assert ("Paul Brandt", "nationality", "Deutschland") not in got


def test_drivers_landsmann_of_the_pole_man():
    text = (
        "Die Pole-Position im Qualifying holte der Belgier Tom Peeters. Als Dritter startet Jan Maes. "
        '"Das war gut", berichtet der Landsmann des Pole-Manns.'
    )
    assert ("Jan Maes", "nationality", "Belgien") in facts(run(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # team-car compound as the object of a crew
        (
            "Im Qualifying konnten Ralf Berger und Uwe Lang die Falken-Corvette auf Pole stellen.",
            {("Ralf Berger", "team", "Falken"), ("Uwe Lang", "car_model", "Corvette")},
        ),
        # "für deren <Team>-<Brand>": the crew just named
        (
            "Enttäuscht waren Ralf Berger und Uwe Lang, für deren Falken-Maserati es nur zu Rang 21 reichte.",
            {("Ralf Berger", "team", "Falken"), ("Uwe Lang", "team", "Falken")},
        ),
        # "<Car>-Pilot X" is X's car, not the car of the person before it
        (
            "Im Rennen kämpfte Otto Brand im Aston Martin mit Corvette-Pilot Kurt Nagel um Platz vier.",
            {("Kurt Nagel", "car_model", "Corvette")},
        ),
        # "von <Team> eingesetzten <Car>"
        (
            "Im zweiten von Penske Racing eingesetzten Porsche RS Spyder belegte Hans Vogel den sechsten "
            "Platz.",
            {("Hans Vogel", "team", "Penske Racing"), ("Hans Vogel", "car_model", "Porsche RS Spyder")},
        ),
        # "X, der zusammen mit seinem Teamkollegen Y im <Car> des Teams <Team> ...": both
        (
            "Im Qualifying fuhr Ralf Berger, der zusammen mit seinem Teamkollegen Uwe Lang (Aachen) im "
            "Porsche RS Spyder des Teams Penske Racing startet, auf Platz zwei.",
            {("Uwe Lang", "team", "Penske Racing"), ("Ralf Berger", "team", "Penske Racing")},
        ),
        # list alignment: "von T1 und T2 mit A beziehungsweise B"
        (
            "Im Rennen folgten die beiden Audis von Kessler Motorsport und Heide Racing mit Ralf Berger "
            "beziehungsweise Uwe Lang auf den Plätzen zwei und drei.",
            {("Ralf Berger", "team", "Kessler Motorsport"), ("Uwe Lang", "team", "Heide Racing")},
        ),
        # a team-mate with no team of his own shares his team-mate's team
        (
            "Im Qualifying fuhr Ralf Berger im Audi R8 von Kessler Motorsport auf Platz zwei. Berger teilt "
            "sich das Cockpit mit Uwe Lang.",
            {("Uwe Lang", "team", "Kessler Motorsport")},
        ),
    ],
)
def test_drivers_teams_and_cars(text, expected):
    assert expected <= facts(run(text))


def test_drivers_ambiguous_hometown_description_is_skipped():
    text = (
        "Im Rennen lag Otto Brand vorn. Im Ziel holten Ralf Berger und Uwe Lang Platz drei, weil der "
        "Plettenberger kämpfte."
    )
    got = facts(run(text))
    assert not {f for f in got if f[1] == "hometown"}


def test_drivers_age_and_number_go_to_the_named_subject():
    text = (
        "Im Qualifying wurde Erik Sommer Neunter. Udo Falk, der früher Meister war, wurde 23. im "
        "Qualifying. Der 49-jährige Falk steuert den Porsche 911 GT3 Cup mit der Startnummer 88."
    )
    got = facts(run(text))
    assert {("Udo Falk", "age", "49"), ("Udo Falk", "car_number", "88")} <= got
    assert not {f for f in got if f[0] == "Erik Sommer" and f[1] in ("age", "car_number")}


@pytest.mark.parametrize(
    ("text", "attribute", "subject", "value"),
    [
        (
            "Max Kellner gewann das Rennen im 450 PS starken Porsche 911 GT3 Cup.",
            "power_ps",
            "Porsche 911 GT3 Cup",
            450,
        ),
        ("Max Kellner gewann das 22-Runden-Rennen auf dem Sachsenring.", "scheduled_laps", None, 22),
        (
            "Max Kellner gewann das Rennen über vierzehn Runden auf dem Sachsenring.",
            "scheduled_laps",
            None,
            14,
        ),
        (
            "Max Kellner gewann das Rennen auf dem 3,7 km langen Sachsenring.",
            "length_km",
            "Sachsenring",
            Decimal("3.7"),
        ),
        (
            "Max Kellner gewann das Rennen auf dem Sachsenring. Auf dem sieben Kilometer langen Kurs fuhr "
            "er allen davon.",
            "length_km",
            "Sachsenring",
            7,
        ),
    ],
)
def test_other_facts_measures(text, attribute, subject, value):
    f = run(text)
    got = [m for m in f.measures if m.attribute == attribute]
    assert len(got) == 1 and got[0].value == value
    if subject is None:
        assert next(s for s in f.sessions if s.id == got[0].subject).kind == "race"
    else:
        assert label(f, got[0].subject) == subject


def test_other_facts_power_without_a_car_is_dropped():
    assert not run("Max Kellner gewann das Rennen, der Motor hat 450 PS.").measures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Im Rennen wurden die Tabellenführer Ralf Berger und Uwe Lang Dritte.",
            {("Ralf Berger", 1), ("Uwe Lang", 1)},
        ),
        (
            "Max Kellner wurde im Rennen Zweiter. Der aktuelle Spitzenreiter hat damit gute Chancen.",
            {("Max Kellner", 1)},
        ),
        ("Im Rennen wurde der Tabellenzweite Uwe Lang Dritter.", {("Uwe Lang", 2)}),
    ],
)
def test_other_facts_standings(text, expected):
    f = run(text)
    assert {(label(f, s.driver), s.position) for s in f.standings} == expected


def test_other_facts_standing_points():
    f = run("Im Rennen wurde der Tabellenzweite Uwe Lang mit 128 Punkten Dritter.")
    assert [(label(f, s.driver), s.position, s.points) for s in f.standings] == [
        ("Uwe Lang", 2, Decimal(128))
    ]


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        (
            'Max Kellner gewann das Rennen. "Das war ein toller Tag für uns", sagte Kellner.',
            "Das war ein toller Tag für uns",
            "Max Kellner",
        ),
        (
            'Max Kellner gewann das Rennen. "Das war ein toller Tag für uns", freute sich Max Kellner.',
            None,
            "Max Kellner",
        ),
        (
            'Im Rennen siegte der Niederländer Jan Smit vor Max Kellner. "Mehr ging heute nicht", so der '
            "Niederländer.",
            None,
            "Jan Smit",
        ),
        (
            'Max Kellner gewann das Rennen vor Jan Smit. "Der Start war entscheidend für mich", erklärte '
            "der Sieger.",
            None,
            "Max Kellner",
        ),
        (
            'Max Kellner gewann das Rennen. Thomas Kranz sagte: "Das war eine starke Leistung von ihm."',
            None,
            "Thomas Kranz",
        ),
        ('Max Kellner gewann das Rennen. "Das war eine starke Leistung von ihm", hieß es.', None, None),
    ],
)
def test_other_facts_quotes_and_speakers(text, words, speaker):
    f = run(text)
    assert len(f.quotes) == 1
    (q,) = f.quotes
    if words:
        assert q.text.text(text) == words
    assert label(f, q.speaker) == speaker
    assert (
        q.evidence.start <= q.text.start < q.evidence.end or q.evidence.start < q.text.end <= q.evidence.end
    )


def test_other_facts_short_quoted_titles_are_no_quotes():
    assert not run('Max Kellner gewann das Rennen im Auto "Blitz" auf dem Sachsenring.').quotes


@pytest.mark.parametrize(
    ("text", "name", "found"),
    [
        # an unknown first name at the start of a sentence, the surname recurring alone
        (
            "Gerwin Holtkamp , der früher Meister war, fuhr auf Platz 23. Der 49-jährige Holtkamp fuhr.",
            "Gerwin Holtkamp",
            True,
        ),
        ("Gerwin Holtkamp fuhr auf Platz 23. Später fuhr Holtkamp an die Box.", "Gerwin Holtkamp", True),
        # no recurrence: two capitalised words opening a sentence are no name
        ("Gerwin Holtkamp , der früher Meister war, fuhr auf Platz 23.", "Gerwin Holtkamp", False),
    ],
)
def test_recognizer_sentence_initial_unknown_first_name(text, name, found):
    from kg.nlp.lexicon import load_lexicon
    from kg.nlp.recognizer import find_mentions

    spans = {(text[s:e], label) for s, e, label, _ in find_mentions(text, load_lexicon())}
    assert ((name, "PER") in spans) is found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an apposition after the name: "X, der 23-jährige Niederländer, ..."
        ("Tom Berg gewann das Rennen. Paul Meier, der 23-jährige Niederländer, wurde Zweiter.",
         {("Paul Meier", "age", "23"), ("Paul Meier", "nationality", "Niederlande")}),
        # a parenthesis between the name and "aus"
        ("Tom Berg (21) aus Kempten siegte vor Paul Meier.", {("Tom Berg", "hometown", "Kempten")}),
        # a description with its town: the one in focus
        ("Tom Berg gewann vor Paul Meier. Der 21-Jährige aus Kempten fuhr ein starkes Rennen.",
         {("Tom Berg", "hometown", "Kempten"), ("Tom Berg", "age", "21")}),
    ],
)  # fmt: skip
def test_appositions_and_descriptions_with_their_facts(text, expected):
    assert expected <= facts(run(text))
