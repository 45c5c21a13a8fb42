"""Team, car and number constructions (kg.facts.affiliations) and team-mates from teams."""

from __future__ import annotations

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


F1 = "Beim Formel-1-Rennen in Monza regnete es. "


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (F1 + "Jaguar-Pilot Tom Berg wurde Vierter.", ("Tom Berg", "team", "Jaguar")),
        (F1 + "Tom Berg kam im Ferrari nicht über Platz neun hinaus.", ("Tom Berg", "team", "Ferrari")),
        (F1 + "Paul Seidel fährt künftig für Force India.", ("Paul Seidel", "team", "Force India")),
        (F1 + "Paul Seidel fiel aus: ein Defekt an Seidels Williams.", ("Paul Seidel", "team", "Williams")),
        ("1. Paul Seidel (GER) Red Bull 1:30:44,200", ("Paul Seidel", "team", "Red Bull")),
        ("Im Rennen siegte Paul Seidel vom Team Kessler Motorsport.", ("Paul Seidel", "team", "Kessler Motorsport")),  # noqa: E501
        ("Paul Seidel fuhr mit seinem Porsche 911 GT3 Cup auf Platz drei.", ("Paul Seidel", "car_model", "Porsche 911 GT3 Cup")),  # noqa: E501
        ("Tom Berg im Audi #27 fuhr die Bestzeit.", ("Tom Berg", "car_number", "27")),
        ("Der Cadillac #31 (Tom Berg/Paul Seidel) holte die Pole.", ("Paul Seidel", "car_number", "31")),
        # a participle between the team and the driver it describes
        ("Nachfolger bei Sauber für den zu Williams wechselnden Tom Berg wird Jan Weber.", ("Tom Berg", "team", "Williams")),  # noqa: E501
        # a role compound in the plural gives its team to the whole list; "Für" opening a sentence
        (F1 + "Die Ferrari-Piloten Tom Berg und Jan Weber belegten die Plätze drei und vier.",
         ("Jan Weber", "team", "Ferrari")),
        ("Für Team Kessler gingen Tom Berg und Jan Weber an den Start.", ("Jan Weber", "team", "Kessler")),
        # the car as the object of a driving verb
        ("Jan Weber wurde Vierter, Paul Seidel steuerte einen Porsche 911 GT3 Cup auf Rang fünf.",
         ("Paul Seidel", "car_model", "Porsche 911 GT3 Cup")),
        ("Sieger wurde Jan Weber vor Paul Seidel, der für Team Kessler einen Lamborghini Huracán GT3 fährt.",
         ("Paul Seidel", "car_model", "Lamborghini Huracán GT3")),
    ],
)  # fmt: skip
def test_affiliation_constructions(text, fact):
    assert fact in facts(run(text))


def test_a_car_shared_with_others_seats_them_with_the_subject():
    found = facts(
        run("Beim 24-Stunden-Rennen teilte sich Tom Berg den Audi R8 LMS mit Paul Seidel und Jan Weber.")
    )
    assert {
        ("Tom Berg", "car_model", "Audi R8 LMS"),
        ("Jan Weber", "car_model", "Audi R8 LMS"),
        ("Tom Berg", "teammate", "Paul Seidel"),
        ("Jan Weber", "teammate", "Tom Berg"),
    } <= found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mit den beiden Rowe-BMW #99 (Wittler/Marten; 2.) und #98 (van der Hoek/Vantini; 4.) "
            "kamen zwei weitere BMW unter die besten Vier.",
            {("Wittler", "team", "Rowe"), ("van der Hoek", "team", "Rowe"), ("Vantini", "car_number", "98")},
        ),
        (
            "Mit dem von RMG vorbereiteten BMW M4 GT3 gewannen die Junioren Tim Harms und Max Hesler.",
            {("Tim Harms", "team", "RMG"), ("Max Hesler", "car_model", "BMW M4 GT3")},
        ),
        (
            "Audi tritt mit drei Audi R18 e-tron quattro und den Fahrer-Trios Lobner/Fasel/Treuer "
            "sowie Gelé/di Marzo/Jaskin an.",
            {("Lobner", "car_model", "Audi R18 e-tron quattro"),
             ("Jaskin", "car_model", "Audi R18 e-tron quattro")},
        ),
        (
            "Jonas Dyck gewann vor einem weiteren Lola-MG des Intersport-Teams mit Jan Feld und Dirk Dayer.",
            {("Jan Feld", "team", "Intersport"), ("Dirk Dayer", "car_model", "Lola-MG")},
        ),
        (
            "Das Feld komplettiert Strakka Racing mit dem britischen Trio Levin/Wattner/Kahn.",
            {("Levin", "team", "Strakka Racing"), ("Kahn", "team", "Strakka Racing")},
        ),
    ],
)  # fmt: skip
def test_cars_and_the_crews_named_with_them(text, expected):
    assert expected <= facts(run(text))


def test_a_brand_stands_for_the_one_model_of_it_the_article_names():
    text = "Der BMW M4 GT3 ist neu. Im Ziel: 1. Tim Harms/Max Hesler (BMW) 2. Jan Feld/Dirk Dayer (Audi)"
    got = facts(run(text))
    assert ("Tim Harms", "car_model", "BMW M4 GT3") in got
    assert not [f for f in got if f[0] == "Jan Feld" and f[1] == "car_model"]  # no Audi model named


def test_brand_in_touring_cars_is_no_team():
    got = facts(run("Beim DTM-Lauf in Zandvoort kam Tom Berg im BMW auf Platz drei."))
    assert not [f for f in got if f[1] == "team"]


def test_drivers_of_one_team_are_team_mates_in_single_seaters():
    got = facts(run(F1 + "Tom Berg (Ferrari) gewann vor Paul Seidel (Mercedes) und Jan Weber (Ferrari)."))
    assert {("Tom Berg", "teammate", "Jan Weber"), ("Jan Weber", "teammate", "Tom Berg")} <= got
    assert ("Tom Berg", "teammate", "Paul Seidel") not in got


def test_in_endurance_the_crew_not_the_team_are_team_mates():
    got = facts(
        run(
            "Das Rennen gewannen Tom Berg/Paul Seidel (Phoenix Racing) vor Jan Weber/Lars Ohm (Phoenix Racing)."  # noqa: E501
        )
    )
    assert ("Tom Berg", "teammate", "Paul Seidel") in got
    assert ("Tom Berg", "teammate", "Jan Weber") not in got


@pytest.mark.parametrize(
    "text",
    [
        "Tom Berg wurde Fünfter. Sein Teamkollege Paul Seidel fiel aus.",
        "Paul Seidel fiel aus. Bergs Teamkollege Paul Seidel war enttäuscht. Tom Berg siegte.",
        "Im Rennen siegte Tom Berg vor seinem schwedischen Teamkollegen Paul Seidel.",
    ],
)
def test_team_mate_nouns(text):
    got = facts(run(text))
    assert ("Paul Seidel", "teammate", "Tom Berg") in got and ("Tom Berg", "teammate", "Paul Seidel") in got


def test_crews_the_text_names_share_their_car():
    got = facts(run("Audi tritt mit den Fahrer-Trios Tom Berg/Paul Seidel/Jan Weber im Audi R18 an."))
    assert ("Tom Berg", "teammate", "Jan Weber") in got


def test_a_crew_shares_its_team_when_a_maker_is_named_with_it():
    got = facts(run("Im Rennen siegten Tom Berg / Paul Seidel (#23 JRM-Nissan GT-R) vor Jan Weber."))
    assert {("Tom Berg", "team", "JRM"), ("Paul Seidel", "team", "JRM")} <= got


def test_a_surname_with_its_particle_is_the_driver_of_the_full_name():
    f = run("Paul di Resta wurde Dritter. Für di Resta war es das beste Ergebnis.")
    assert [e.label for e in f.entities if e.kind == "driver"] == ["Paul di Resta"]


VLN = "Beim vierten Lauf der VLN auf dem Nürburgring regnete es. "


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            VLN + "Den zweiten Rowe-BMW (#99) teilen sich Marco Wittler und Jens Kling.",
            {("Marco Wittler", "team", "Rowe"), ("Jens Kling", "teammate", "Marco Wittler")},
        ),
        (
            VLN + "Der Rowe-BMW (#98) von Sam Delling und Nick Ortner kam auf Rang fünf.",
            {("Sam Delling", "team", "Rowe"), ("Nick Ortner", "teammate", "Sam Delling")},
        ),
        (
            VLN + "Im Mercedes-AMG GT3 (#4) saßen Piet Osthoff, Adam Kress und Manuel Rother.",
            {("Piet Osthoff", "teammate", "Manuel Rother"), ("Adam Kress", "car_model", "Mercedes-AMG GT3")},
        ),
        (
            VLN + "Land Motorsport setzte den Audi R8 LMS mit Hanno Kessel, Tom Brand und Luis Wern ein.",
            {("Hanno Kessel", "teammate", "Luis Wern"), ("Tom Brand", "team", "Land Motorsport")},
        ),
    ],
)  # fmt: skip
def test_a_list_of_names_seated_in_one_car_is_its_crew(text, expected):
    assert expected <= facts(run(text))


def test_a_number_belongs_to_the_crew_introduced_after_it():
    got = facts(
        run(
            VLN + "Der Scherer-Audi (#1) von Felix Varga, das Schwesterauto (#16) von Mark Winter und "
            "der GetSpeed-Mercedes (#2) von Max Gold komplettieren die Top-Ten."
        )
    )
    numbers = {(who, value) for who, attribute, value in got if attribute == "car_number"}
    assert numbers == {("Felix Varga", "1"), ("Mark Winter", "16"), ("Max Gold", "2")}


def test_in_crew_series_drivers_of_one_team_are_not_team_mates_by_their_team():
    got = facts(
        run(
            VLN + "Tom Berg fuhr für Scherer auf Platz fünf. "
            "Der Scherer-Audi (#1) von Paul Seidel kam auf Platz acht."
        )
    )
    assert ("Tom Berg", "team", "Scherer") in got and ("Paul Seidel", "team", "Scherer") in got
    assert not [f for f in got if f[1] == "teammate"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beim Porsche Supercup in Monza regnete es. Tom Berger von Hermes-Attempto-Racing wurde Zweiter.",
         {("Tom Berger", "team", "Hermes-Attempto-Racing")}),
        ("Beim Porsche Supercup in Monza regnete es. Tom Berger wurde Dritter. Besser lief es seinem "
         "Prema-Racing-Teamkollegen Robert Schwarz.",
         {("Robert Schwarz", "team", "Prema-Racing"), ("Robert Schwarz", "teammate", "Tom Berger")}),
        ("Beim GT-Masters-Lauf regnete es. Auf Rang zwei fuhren Luca Stolle und Maro Engler in einem "
         "Mercedes-AMG GT3 (Toksport WRT).",
         {("Luca Stolle", "team", "Toksport WRT"), ("Maro Engler", "car_model", "Mercedes-AMG GT3")}),
    ],
)  # fmt: skip
def test_teams_after_von_in_a_team_mate_compound_and_after_a_car(text, expected):
    assert expected <= facts(run(text))


def test_a_result_shared_by_two_drivers_keeps_team_mates_by_team_in_single_seaters():
    got = facts(
        run(
            F1 + "Tom Berg (Ferrari) und Jan Weber (Ferrari) wurden gemeinsam Zweite. "
            "Lars Ohm (Ferrari) gewann vor Paul Seidel (Mercedes)."
        )
    )
    assert ("Lars Ohm", "teammate", "Tom Berg") in got and ("Jan Weber", "teammate", "Lars Ohm") in got


def test_the_drivers_a_team_celebrates_with_are_a_crew():
    got = facts(
        run(
            VLN + "Das Team rund um Eigner Jim Glick feierte mit den Piloten Manuel Lau, Franck Mail und "
            "Jeroen Bleek den ersten Podestrang."
        )
    )
    assert {("Manuel Lau", "teammate", "Jeroen Bleek"), ("Franck Mail", "teammate", "Manuel Lau")} <= got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (F1 + "Tom Berger wurde Zweiter. Der Ferrari-Pilot war enttäuscht.",
         ("Tom Berger", "team", "Ferrari")),
        (F1 + "Zweiter war der Finne Kimi Rainer, doch der McLaren-Pilot wurde zurückversetzt.",
         ("Kimi Rainer", "team", "McLaren")),
    ],
)  # fmt: skip
def test_a_team_compound_without_a_name_describes_the_driver_named_before(text, expected):
    assert expected in facts(run(text))


def test_a_team_compound_does_not_describe_an_object():
    got = facts(
        run(
            "Beim Formel-Renault-Rennen am Nürburgring regnete es. Tom Berger jubelte. Der Portugiese "
            "gewann vor dem Spanier Alberto Coste, doch durfte sich der Motopark-Pilot nicht feiern lassen."
        )
    )
    assert ("Alberto Coste", "team", "Motopark") not in got and ("Tom Berger", "team", "Motopark") in got


def test_each_name_of_a_list_has_the_number_in_its_own_parenthesis():
    got = facts(
        run(VLN + "Auf Platz vier und fünf folgen die Audi von Fred Verbeek (#66) und Chris Haas (#25).")
    )
    numbers = {(who, value) for who, attribute, value in got if attribute == "car_number"}
    assert numbers == {("Fred Verbeek", "66"), ("Chris Haas", "25")}


def test_a_team_of_another_series_by_its_short_name():
    got = facts(run("Beim DTM-Lauf in Hockenheim regnete es. Nico Möller wechselt von Rosberg zu Abt."))
    assert ("Nico Möller", "team", "Abt") in got


def test_a_short_team_name_that_is_a_drivers_surname_stays_his():
    f = run("Beim Formel-E-Rennen in Berlin regnete es. Daniel Abt gewann. Abt jubelte.")
    assert not [e for e in f.entities if e.kind == "team" and e.label == "Abt"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a team opening the sentence fields the names after its verb
        (
            "Das Team Prema setzt in diesem Jahr Tom Berg und Jan Weber ein.",
            {("Tom Berg", "team", "Prema"), ("Jan Weber", "team", "Prema")},
        ),
        (
            "Mücke Motorsport verpflichtete Tom Berg für die kommende Saison.",
            {("Tom Berg", "team", "Mücke Motorsport")},
        ),
        # "(beide X)" after a list is about every name of it
        (
            "Tom Berg und Jan Weber (beide Prema) holten die ersten beiden Startplätze.",
            {("Tom Berg", "team", "Prema"), ("Jan Weber", "team", "Prema")},
        ),
        # a country code before a slash is the nationality, the rest the team
        (
            "Tom Berg (GBR/Prema) holte die Pole.",
            {("Tom Berg", "nationality", "Großbritannien"), ("Tom Berg", "team", "Prema")},
        ),
    ],
)
def test_team_constructions_of_line_ups(text, expected):
    assert expected <= facts(run(text))


def test_a_team_with_a_driver_as_a_companion_fields_no_one():
    assert not {f for f in facts(run("Prema holte mit Tom Berg den Sieg.")) if f[1] == "team"}
