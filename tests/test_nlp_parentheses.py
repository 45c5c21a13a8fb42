"""The info parenthesis after a name: countries, codes, home towns and teams labelled."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kg.nlp.lexicon import load_lexicon
from kg.nlp.recognizer import _segments, find_mentions
from kg.nlp.wordclass import branch_of, word_class

PLACES = {"Querfurt", "Kissenbrück", "Bochum", "Porta", "Westfalica"}


@pytest.fixture(scope="module")
def lex():
    return replace(load_lexicon(), word_class=lambda w: "place" if w in PLACES else None)


def labelled(text: str, lex) -> dict[str, str]:
    return {text[s:e]: label for s, e, label, _ in find_mentions(text, lex) if label != "PER"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Steve Kirsch (37, Bochum, Team Honda ADAC) gewann.", {"Bochum": "PLACE", "Team Honda ADAC": "TEAM"}),  # noqa: E501
        ("Dennis Strandberg (23, Schweden, Target Competition) wurde Zweiter.",
         {"Schweden": "COUNTRY", "Target Competition": "TEAM"}),
        ("Lewis Hamilton (GBR) Mercedes siegte.", {"GBR": "COUNTRY"}),
        ("Jan Seyffarth (Querfurt) und Lance Arnold (Porta Westfalica) starten.",
         {"Querfurt": "PLACE", "Porta Westfalica": "PLACE"}),
        ("Sven Müller (Lechner) gewann vor Matteo Cairoli (Project 1).", {"Lechner": "TEAM", "Project 1": "TEAM"}),  # noqa: E501
        ("Mitch Evans (Russian Time/+0,218 Sekunden) startet als Dritter.", {"Russian Time": "TEAM"}),
        ("Raffaele Marciello (Team Landgraf–HTP/WWR) wurde Dritter.", {"Team Landgraf–HTP/WWR": "TEAM"}),
    ],
)  # fmt: skip
def test_info_parenthesis_pieces_are_labelled(text, expected, lex):
    found = labelled(text, lex)
    assert {k: v for k, v in found.items() if k in expected or v in ("TEAM", "PLACE")} == expected


@pytest.mark.parametrize(
    "text", ["Michael Schumacher (sieben WM-Titel) jubelte.", "Tom Berg (Foto rechts) jubelte."]
)
def test_parenthesis_with_other_words_is_left_alone(text, lex):
    assert not {v for v in labelled(text, lex).values() if v in ("TEAM", "PLACE")}


def test_segments_keep_a_slash_inside_a_name_but_split_at_times():
    text = "Carlin/+0,432"
    assert _segments(text, 10) == [(10, "Carlin"), (17, "+0,432")]
    assert _segments("Landgraf–HTP/WWR, 1:21,056 Minuten", 0) == [
        (0, "Landgraf–HTP/WWR"),
        (18, "1:21,056 Minuten"),
    ]


def test_word_class_branches_of_the_cluster_tree():
    assert branch_of(0b10000) == "place"
    assert branch_of(0b1010000) == "place"  # a longer path under the same branch
    assert branch_of(0b101000) == "surname"
    assert branch_of(0b11) is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("word", "cls"), [("Querfurt", "place"), ("Kissenbrück", "place"), ("Lechner", "surname")]
)
def test_word_class_reads_the_installed_cluster_table(word, cls):
    assert word_class(word) == cls


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("4. Brunold/Okafor/Sainval (Toyota) – 1 Rd.", ["Brunold", "Okafor", "Sainval"]),
        ("8. Kessel/Ortiz Landa/Vantini", ["Kessel", "Ortiz Landa", "Vantini"]),
        ("3. Gelé/di Marzo/Jaskin (Audi)", ["Gelé", "di Marzo", "Jaskin"]),
        ("der BMW #98 (van der Hoek/Vantini; 4.)", ["van der Hoek", "Vantini"]),
        ("im Audi #5 (Stappler/K. Volk; 8.) davon", ["Stappler", "K. Volk"]),
        ("das Auto von Jörg Bergmann/Pat Lang", ["Jörg Bergmann", "Pat Lang"]),
        ("mit den Fahrer-Trios Lobner/Fasel/Treuer", ["Lobner", "Fasel", "Treuer"]),
        ("mit dem britischen Trio Levin/Wattner/Kahn", ["Levin", "Wattner", "Kahn"]),
        ("5. Heidrich/Janek/Prost (Lola-Toyota) – 3 Rd.", ["Heidrich", "Janek", "Prost"]),
    ],
)
def test_slash_crews_are_persons_even_by_surname_alone(text, names, lex):
    found = [text[s:e] for s, e, label, _ in find_mentions(text, lex) if label == "PER"]
    assert found == names


def test_a_crew_name_of_three_name_words_is_whole():
    from kg.nlp.wordclass import word_class

    text = "Den zweiten LMP steuern Belotti/Brack/Tang Li Cheng, den dritten Verfolger Jan Weber/Tom Berg."
    found = find_mentions(text, replace(load_lexicon(), word_class=word_class))
    names = [text[s:e] for s, e, label, _ in found if label == "PER"]
    assert names == ["Belotti", "Brack", "Tang Li Cheng", "Jan Weber", "Tom Berg"]


def test_slashes_between_makers_or_classes_are_no_crew(lex):
    text = "Audi/VW dominierten, LMP1/LMP2 auch, Williams/Sauber nicht."
    assert not [m for m in find_mentions(text, lex) if m[2] == "PER"]


@pytest.mark.parametrize(
    "name", ["Juan Pablo Montoya", "Lance David Arnold", "Antonio Felix da Costa", "Jean Eric Vergne"]
)
def test_names_with_two_given_names_are_whole(name, lex):
    text = f"Im Rennen siegte {name} (ESP) vor Tom Berg."
    assert name in [text[s:e] for s, e, label, _ in find_mentions(text, lex) if label == "PER"]


def test_a_town_and_a_team_joined_by_a_slash(lex):
    text = "Jan Weber (16, Querfurt/Lambda Performance) siegte."
    found = labelled(text, lex)
    assert found.get("Querfurt") == "PLACE" and found.get("Lambda Performance") == "TEAM"


def test_common_words_start_no_unknown_name():
    lex = replace(load_lexicon(), common_word=lambda w: w in {"Stunde"})
    text = "Eine Stunde Verzögerung gab es, die Verzögerung war lang. Danach siegte Kasimir Vohwinkel."
    found = [text[s:e] for s, e, label, _ in find_mentions(text, lex) if label == "PER"]
    assert "Stunde Verzögerung" not in found


@pytest.mark.slow
def test_common_word_reads_the_corpus_frequencies():
    from kg.nlp.wordclass import common_word

    assert common_word("Stunde") and common_word("Verzögerung")
    assert not common_word("Kelvin") and not common_word("Tom")


def test_team_names_lose_their_description_but_keep_surnames():
    lex = replace(load_lexicon(), word_class=lambda w: "place" if w == "Berlin" else None)
    for text, team in [
        ("Der Berliner Rennstall Mücke Motorsport siegte.", "Mücke Motorsport"),
        ("Der Wagen von Farnbacher Loles Racing siegte.", "Farnbacher Loles Racing"),
    ]:
        assert team in [text[s:e] for s, e, label, _ in find_mentions(text, lex) if label == "TEAM"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Danach fuhr Jalmar van der Fenst im Audi die Bestzeit.", ["Jalmar van der Fenst"]),
        ("Im Ziel jubelte Orvan de Villers.", ["Orvan de Villers"]),
        ("Die Tour de France und der Sieger von Spa.", []),
    ],
)
def test_a_name_particle_joins_an_unknown_given_name_and_a_surname(text, names):
    from kg.nlp.wordclass import common_word, word_class

    lexicon = replace(load_lexicon(), word_class=word_class, common_word=common_word)
    assert [text[s:e] for s, e, label, _ in find_mentions(text, lexicon) if label == "PER"] == names


def test_a_list_of_home_towns_makes_an_unknown_lone_name_a_town(lex):
    text = (
        "Tom Bourg (Bochum), Paul Zander (Querfurt), Jan Dix (Essen) und Max Roth (Kissenbrück) "
        "teilten sich das Auto."
    )
    assert labelled(text, lex)["Essen"] == "PLACE"
    alone = "Jan Dix (Essen) fuhr vorne."
    assert labelled(alone, lex)["Essen"] == "TEAM"
    teams = "Tom Bourg (Lechner), Paul Zander (Konrad) und Max Roth (Bochum) fuhren vorne."
    assert labelled(teams, lex)["Lechner"] == "TEAM"
